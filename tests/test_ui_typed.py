"""Numbers typed into the scenario's inputs (planner.ui.typed): Finnish and English ways."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.locales import translate
from planner.ui.typed import Unreadable, number_text, parse_number, whole_number

READS = [
    ("fi", "16,5", 16.5), ("fi", "16.5", 16.5), ("fi", "2 600", 2600.0), ("fi", "2\u00a0600,75", 2600.75),
    ("fi", "−5", -5.0), ("fi", ",5", 0.5), ("fi", "1e3", 1000.0), ("fi", "  ", None), ("fi", "", None),
    ("en", "16.5", 16.5), ("en", "16,5", 16.5), ("en", "1,250", 1250.0), ("en", "12,345.5", 12345.5),
    ("en", "0,125", 125.0), ("en", "+3", 3.0),
]


@pytest.mark.parametrize("lang, text, value", READS)
def test_what_is_typed_is_read(lang, text, value):
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("lang, text", [("fi", "1.234,5"), ("fi", "16,5 € / h"), ("fi", "abc"), ("en", "1,2,3"),
                                        ("en", "nan"), ("en", "inf"), ("fi", "1e999"), ("fi", "--5"), ("fi", "%")])
def test_what_is_not_a_number_is_refused_saying_how_to_write_one(lang, text):
    with pytest.raises(Unreadable) as refused:
        parse_number(text, lang)
    said = translate(lang, f"problem.{refused.value.key}", **refused.value.values)  # as the page says it
    assert text.strip() in said
    assert ("1234,5" if lang == "fi" else "1234.5") in said


def test_a_finnish_point_before_three_digits_is_asked_about():
    """1.200 is 1 200 grouped with a point in some Finnish writing, 1,2 in others: the input asks."""
    with pytest.raises(Unreadable) as refused:
        parse_number("1.200", "fi")
    said = translate("fi", f"problem.{refused.value.key}", **refused.value.values)
    assert "1200" in said and "1,2" in said
    assert parse_number("1,200", "fi") == 1.2 and parse_number("0.125", "fi") == 0.125
    assert parse_number("1.200", "en") == 1.2 and parse_number("12.50", "fi") == 12.5


def test_a_unit_sign_after_the_number_is_let_be():
    assert parse_number("80 %", "fi") == 80.0
    assert parse_number("3,20 €", "fi") == 3.2
    assert parse_number("12.5%", "en") == 12.5


@pytest.mark.parametrize("value, lang, decimals, shown", [
    (16.25, "fi", None, "16,25"), (16.25, "en", None, "16.25"), (80.00000000000001, "fi", None, "80"),
    (4200.0, "fi", 2, "4200,00"), (0.1 + 0.2, "en", None, "0.3"), (-0.0, "fi", None, "0"), (-12.5, "fi", None, "-12,5"),
])
def test_values_are_shown_without_grouping(value, lang, decimals, shown):
    assert number_text(value, lang, decimals) == shown


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 6)),
       st.sampled_from(["fi", "en"]))
def test_what_an_input_shows_reads_back_as_the_same_value(value, lang):
    assert parse_number(number_text(value, lang), lang) == pytest.approx(value, abs=1e-9)


def test_whole_numbers():
    assert whole_number(3.0) == 3
    with pytest.raises(Unreadable, match="must be a whole number, got 2.5") as refused:
        whole_number(2.5)
    assert refused.value.key == "not_whole" and refused.value.values == {"value": "2.5"}


@pytest.mark.parametrize("locale, said", [("en-US", "must be >= 1, got 0"), ("fi-FI", "oltava vähintään 1, nyt 0")])
def test_no_chats_at_once_is_one_line_under_its_input(locale, said):
    """0 typed in "Chats at once" also takes the chat's handling times away (one per chat held):
    one line under the input says what is wrong with the number typed, nothing about the handling
    times; above it, the number the plan still uses (it said "the previous valid value" without it)."""
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = locale
    at.run()
    before = at.session_state["scenario"]
    at.text_input(key=f"w{at.session_state['rev']}:channels.0.concurrency").set_value("0").run()
    assert not at.exception and at.session_state["scenario"] == before
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    intro, _, lines = errors[0].partition("\n\n")
    assert intro == translate(locale[:2], "common.field_problem_value", value="2")  # the chats at once in use
    assert lines.splitlines() == [f"- {said}"]
