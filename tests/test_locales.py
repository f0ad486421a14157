"""The UI strings: both languages have the same keys and placeholders, none empty, every key used exists."""

import ast
import json
import re
import string
import typing
from pathlib import Path

import pytest

from planner import locales
from planner.locales import LANGUAGES, contract_name, language, strings, t, translate
from planner.scenario import ChannelKind, ProfileName, Workforce

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "planner" / "locales"
# the app and the exports (the proposal PDF and the workbook use the same strings)
UI_SOURCES = [ROOT / "app.py", *sorted((ROOT / "planner" / "ui").rglob("*.py")),
              *sorted((ROOT / "planner" / "export").rglob("*.py")), ROOT / "planner" / "scheduling.py", ROOT / "planner" / "scenario.py"]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_files_are_flat_json_objects_of_strings():
    for lang in LANGUAGES:
        data = json.loads((LOCALES / f"{lang}.json").read_text("utf-8"))
        assert isinstance(data, dict) and len(data) > 100
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


def test_both_languages_have_the_same_keys():
    fi, en = set(strings("fi")), set(strings("en"))
    assert sorted(fi - en) == [] and sorted(en - fi) == []


def test_no_string_is_empty_or_padded():
    for lang in LANGUAGES:
        bad = [k for k, v in strings(lang).items() if not v.strip() or v != v.strip()]
        assert bad == [], f"{lang}: {bad}"


def test_placeholders_match_between_languages():
    mismatched = {
        key: (_placeholders(strings("fi")[key]), _placeholders(strings("en")[key]))
        for key in strings("en")
        if _placeholders(strings("fi")[key]) != _placeholders(strings("en")[key])
    }
    assert mismatched == {}


def test_every_template_formats_with_its_placeholders():
    for lang in LANGUAGES:
        for key, template in strings(lang).items():
            values = {name: "X" for name in _placeholders(template)}
            assert "{" not in translate(lang, key, **values).replace("{{", ""), key


def test_t_formats_and_missing_keys_raise():
    assert translate("fi", "run.solutions", count=3) == "3 ratkaisua"
    assert translate("en", "run.solutions", count=3) == "3 solutions"
    with language("en"):
        assert t("nav.costs") == "Costs"
    with language("fi"):
        assert t("nav.costs") == "Kustannukset"
    with pytest.raises(KeyError, match="no.such.key"):
        translate("fi", "no.such.key")
    with pytest.raises(ValueError, match="language"):
        translate("sv", "nav.costs")
    with pytest.raises(KeyError):
        translate("en", "staffing.target_within", target="80 %")  # a placeholder left out


def test_set_language_changes_t_for_the_context():
    before = locales.get_language()
    try:
        locales.set_language("en")
        assert t("nav.roster") == "Roster"
        locales.set_language("fi")
        assert t("nav.roster") == "Työvuorolista"
    finally:
        locales.set_language(before)


# --- Every key the UI asks for exists ------------------------------------------------------


def _key_patterns(node: ast.AST) -> list[str]:
    """Regexes for the key an argument can produce: a literal, an f-string, or either branch of an if."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"[^.]+(?:\.[^.]+)*" for v in node.values]
        return ["".join(parts)]
    if isinstance(node, ast.IfExp):
        return _key_patterns(node.body) + _key_patterns(node.orelse)
    return []


def _used_key_patterns() -> list[tuple[str, str]]:
    found = []
    for path in UI_SOURCES:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and len(node.elts) >= 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts[:2]
            ) and node.elts[0].value in ("success", "error"):
                # a notice (kind, key, values, problems) the scenario page shows later
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", re.escape(node.elts[1].value)))
                continue
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "t" and node.args:
                argument = node.args[0]
            elif name == "translate" and len(node.args) >= 2:
                argument = node.args[1]
            elif name == "has" and node.args:
                continue  # a lookup that may miss by design
            else:
                continue
            for pattern in _key_patterns(argument):
                if pattern.startswith("[^.]"):
                    continue  # a key made wholly at run time (e.g. prefix + option value); checked below
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", pattern))
    return found


def test_every_key_the_code_asks_for_exists():
    used = _used_key_patterns()
    assert len(used) > 200
    keys = list(strings("en"))
    missing = [(where, pattern) for where, pattern in used if not any(re.fullmatch(pattern, k) for k in keys)]
    assert missing == []


def test_every_key_is_used():
    patterns = [pattern for _, pattern in _used_key_patterns()]
    prefixes = ("profile.", "kind.", "file.example.", "file.example_about.", "app.lang_", "cost_value.", "cost_input.", "costs.option.",
                "costs.about.", "costs.serve.", "costs.block.", "costs.basis.", "contract.")  # option labels looked up by prefix
    used = [k.removesuffix("_one") for k in strings("en")]  # a singular is used with its key
    unused = [k for k in used if not k.startswith(prefixes) and not any(re.fullmatch(p, k) for p in patterns)]
    assert unused == []


def test_option_labels_cover_every_value_of_the_model():
    for contract in Workforce().contracts:  # the default contracts have words; a scenario's own keep theirs
        assert contract_name("fi", contract.name) != contract.name != contract_name("en", contract.name)
    for kind in typing.get_args(ChannelKind):
        assert translate("fi", f"kind.{kind}") and translate("en", f"kind.{kind}.about")
    for profile in typing.get_args(ProfileName):
        assert translate("fi", f"profile.{profile}")
    from planner.ui.scenario_io import examples

    for stem in examples():
        for lang in ("fi", "en"):
            assert translate(lang, f"file.example.{stem}") and translate(lang, f"file.example_about.{stem}")


def test_finnish_uses_the_glossary_terms():
    fi = strings("fi")
    assert fi["nav.roster"] == "Työvuorolista"
    assert fi["nav.staffing"] == "Resursointi"
    assert fi["workforce.shrinkage"].startswith("Poissaolovara")
    assert fi["staffing.service_level"] == "Palvelutaso"
    assert fi["kind.callback"] == "Takaisinsoitto"
    assert fi["channel.concurrency"] == "Samanaikaiset chatit"
    assert fi["costs.lost_revenue"] == "Menetetty myynti"
    assert fi["revenue.order_value"] == "Keskiostos"
    assert fi["in_house.premium.sunday"].startswith("Sunnuntaikorvaus")
    # one term per concept: the roster is never called anything else
    assert not any("vuorolistaus" in v or "vuorosuunnittelu" in v.lower() for v in fi.values())
    # the glossary gives two words for understaffing: the UI says one (the notes said "alimiehitys"
    # beside a chart legend of "vajaamiehitys")
    assert fi["chart.understaffed"] == "Vajaamiehitys"
    assert not any("alimieh" in v.lower() for v in fi.values())  # nor "alimiehitetty" (the Staffing page said it)
    # an interval is a "jakso" (the glossary), a run of them an "ajanjakso": never "aikaväli" (the UI said
    # "jakso" and "aikaväli" both), and the notes' runs are all "ajanjaksot" (they said "49 ajanjaksoa" and
    # "vielä 41 muuta jaksoa" of the same shortfall)
    assert [k for k, v in fi.items() if "aikavä" in v.lower()] == []
    assert [k for k, v in fi.items() if "hybridi" in v.lower()] == []  # a hybrid is a "yhdistelmä" (the glossary)
    runs = {k: v for k, v in fi.items() if re.match(r"(reason\.(short_more|understaffed)|staffing\.short_(periods|summary))", k)}
    assert len(runs) == 8 and [k for k, v in runs.items() if not re.search(r"ajanjakso", v)] == []
