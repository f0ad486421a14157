"""The Streamlit app through AppTest: every page, both languages, edits, upload and download.

AppTest runs the real ``app.py`` (the router) and switches pages the way a
user does. The result pages wait for the plan, which is solved in a
background thread (planner.ui.jobs) and shared by scenario, so the same
scenario is solved once per test session. ``.streamlit/config.toml`` makes
Streamlit check that the session state stays serialisable on every run.
"""

import pickle
import re

import numpy as np
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from planner import costs
from planner.export import summary
from planner.options import scenario_demands
from planner.plan import channel_needs
from planner.scenario import load_scenario
from planner.ui import charts, fmt, jobs, scenario_io, widgets

APP = str(ROOT / "app.py")
PAGES = {"staffing": "planner/ui/pages/staffing.py", "roster": "planner/ui/pages/roster.py",
         "costs": "planner/ui/pages/costs.py", "scenario": "planner/ui/pages/scenario.py",
         "proposal": "planner/ui/pages/proposal.py"}
NBSP = "\u00a0"
TITLES = {"fi": {"scenario": "Skenaario", "staffing": "Resursointi", "roster": "Työvuorolista", "costs": "Kustannukset",
                 "proposal": "Ehdotus"},
          "en": {"scenario": "Scenario", "staffing": "Staffing", "roster": "Roster", "costs": "Costs",
                 "proposal": "Proposal"}}


def app(locale: str | None = "fi-FI", timeout: float = 60) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    if locale:
        at.context["locale"] = locale
    return at.run()


def key(at: AppTest, group: str) -> str:
    """The session key of the input bound to a scenario field (see planner.ui.state.widget_key)."""
    return f"w{at.session_state['rev']}:{group}"


def example_choice(at: AppTest):
    """The Scenario page's example chooser (keyed by the revision, see planner.ui.pages.scenario)."""
    return at.selectbox(key=key(at, "example"))


def markdown(at: AppTest) -> list[str]:
    """The page's markdown texts, as written."""
    return [m.value for m in at.markdown]


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


# --- Language -------------------------------------------------------------------------


@pytest.mark.parametrize("locale, lang", [("fi-FI", "fi"), ("fi", "fi"), ("en-US", "en"), ("sv-FI", "en"), (None, "en")])
def test_the_language_follows_the_browser(locale, lang):
    at = ok(app(locale))
    assert at.title[0].value == TITLES[lang]["scenario"]
    assert at.session_state["lang"] == lang


def test_the_language_switch_and_the_url():
    at = ok(app("fi-FI"))
    assert at.query_params["lang"] == "fi", "the URL shows the language"
    at.button_group(key="lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Scenario" and at.query_params["lang"] == "en"
    at.switch_page(PAGES["costs"]).run()
    at.switch_page(PAGES["scenario"]).run()
    assert at.title[0].value == "Scenario", "the choice is kept across pages"

    linked = AppTest.from_file(APP, default_timeout=30)
    linked.context["locale"] = "fi-FI"
    linked.query_params["lang"] = "en"
    ok(linked.run())
    assert linked.title[0].value == "Scenario", "?lang=en opens in English whatever the browser"
    odd = AppTest.from_file(APP, default_timeout=30)
    odd.context["locale"] = "fi-FI"
    odd.query_params["lang"] = "de"
    ok(odd.run())
    assert odd.title[0].value == "Skenaario" and odd.query_params["lang"] == "fi"


# --- Scenario page --------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["fi-FI", "en-GB"])
def test_the_scenario_page_shows_the_default_scenario(locale):
    at = ok(app(locale))
    scenario = at.session_state["scenario"]
    assert scenario == load_scenario(ROOT / "scenarios" / "web_shop.json")
    assert at.text_input(key=key(at, "name")).value == scenario.name
    assert at.text_input(key=key(at, "channels.1.volume_per_week")).value == "500"
    assert at.text_input(key=key(at, "channels.0.aht_s.1")).value == "706"  # chat: one per concurrency level
    assert at.text_input(key=key(at, "channels.2.deadline_min")).value == "120"
    assert at.text_input(key=key(at, "channels.1.target_sl")).value == "80"  # a share shown as a percentage
    wage = "16,25" if locale.startswith("fi") else "16.25"
    assert at.text_input(key=key(at, "in_house.wage_per_h")).value == wage
    estimate = "arvio" if locale.startswith("fi") else "estimate"
    wage_label = "Tuntipalkka (€)" if locale.startswith("fi") else "Hourly wage (€)"
    assert at.text_input(key=key(at, "in_house.wage_per_h")).label == f"{wage_label}, {estimate}", "read out plain"
    assert f":small[{wage_label} :orange-badge[{estimate}]]" in markdown(at), "a default marked [E] shows as an estimate"
    assert ":orange-badge" not in at.text_input(key=key(at, "in_house.pension_rate")).label
    monthly = "2\u00a0600\u00a0€" if locale.startswith("fi") else "€2,600"
    assert any(monthly in c.value for c in at.caption), "the hourly wage's monthly equivalent"
    assert len(at.tabs) >= 8  # five sections and a tab per channel


def test_an_edit_changes_the_scenario():
    at = ok(app())
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("650").run()
    ok(at)
    assert at.session_state["scenario"].channels[1].volume_per_week == 650.0
    at.text_input(key=key(at, "workforce.shrinkage")).set_value("25").run()
    assert at.session_state["scenario"].workforce.shrinkage == 0.25
    at.switch_page(PAGES["scenario"]).run()
    assert at.text_input(key=key(at, "channels.1.volume_per_week")).value == "650", "kept on a page switch"


@pytest.mark.parametrize(("locale", "said"), [("en-US", "must be < 100%, got 150%"), ("fi-FI", "oltava alle 100\u00a0%, nyt 150\u00a0%")])
def test_an_out_of_range_number_is_kept_and_refused_in_the_inputs_own_units(locale, said):
    """The inputs have no browser-side bounds (which would drop the value with an English
    tooltip): the scenario refuses it next to the input, in the input's units."""
    at = ok(app(locale))
    before = at.session_state["scenario"]
    target = key(at, "channels.0.target_sl")
    at.text_input(key=target).set_value("150").run()
    ok(at)
    assert at.session_state["scenario"] == before
    assert at.text_input(key=target).value == "150"
    errors = [e.value for e in at.error]
    assert any(f"- {said}" in e for e in errors), errors
    at.text_input(key=key(at, "channels.0.volume_per_week")).set_value("-10").run()
    assert at.text_input(key=key(at, "channels.0.volume_per_week")).value == "-10"
    assert any("-10" in e or "−10" in e for e in (e.value for e in at.error))


def test_numbers_are_typed_and_shown_the_languages_way():
    """Streamlit's number input read a Finnish 16,5 as 165: the inputs are text, read here."""
    at = ok(app("fi-FI"))
    wage = key(at, "in_house.wage_per_h")
    assert ":small[Tuntipalkka (€) :orange-badge[arvio]]" in markdown(at)
    at.text_input(key=wage).set_value("16,5").run()
    assert ok(at).session_state["scenario"].in_house.wage_per_h == 16.5
    assert ":small[Tuntipalkka (€)]" in markdown(at), "no longer the estimated default (as in the PDF)"
    assert at.text_input(key=wage).label == "Tuntipalkka (€)"
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value(" 1 250,5 ").run()
    assert at.session_state["scenario"].channels[1].volume_per_week == 1250.5
    at.text_input(key=key(at, "channels.1.target_sl")).set_value("0,8").run()
    assert at.session_state["scenario"].channels[1].target_sl == 0.008
    assert any("Tarkoititko 80\u00a0%?" in c.value for c in at.caption), "a share typed for a percentage is queried"
    at.text_input(key=key(at, "channels.1.target_sl")).set_value("82,5").run()
    assert at.session_state["scenario"].channels[1].target_sl == 0.825
    assert not any("Tarkoititko" in c.value for c in at.caption)
    at.text_input(key=key(at, "workforce.shrinkage")).set_value("0,3").run()
    assert any("Tarkoititko 30\u00a0%?" in c.value for c in at.caption), "shrinkage too"
    at.text_input(key=key(at, "workforce.shrinkage")).set_value("30").run()
    at.text_input(key=key(at, "revenue.conversion_rate")).set_value("0,5").run()
    assert at.session_state["scenario"].revenue.conversion_rate == 0.005
    assert not any("Tarkoititko" in c.value for c in at.caption), "a conversion of 0.5 % is plausible"

    at.text_input(key=wage).set_value("16,75 €").run()
    assert at.session_state["scenario"].in_house.wage_per_h == 16.75, "a unit sign after the number is let be"

    before = at.session_state["scenario"]
    at.text_input(key=wage).set_value("16,5 €/h").run()
    assert ok(at).session_state["scenario"] == before and at.text_input(key=wage).value == "16,5 €/h"
    assert any("ei ole luku: ”16,5 €/h”" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key=key(at, "channels.0.concurrency")).set_value("2,5").run()
    assert any("oltava kokonaisluku, nyt 2,5" in e.value for e in at.error)
    at.text_input(key=key(at, "channels.0.target_s")).set_value("").run()
    assert any("puuttuu: kirjoita luku" in e.value for e in at.error), "an empty number is refused, not None"
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("1.000").run()
    # quoted as typed: it said "”1,000” voi tarkoittaa kahta lukua", of what in Finnish is one
    assert any("”1.000” voi tarkoittaa kahta lukua: kirjoita 1\u00a0000, jos tarkoitat kokonaislukua, tai 1, jos" in e.value
               for e in at.error), [e.value for e in at.error]
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("1300").run()
    assert at.session_state["scenario"].channels[1].volume_per_week == 1300.0
    assert len(at.session_state["problems"]) == 3, "another edit keeps the refused inputs and their messages"
    assert at.text_input(key=wage).value == "16,5 €/h" and any("16,5 €/h" in e.value for e in at.error)

    at.button_group(key="lang").set_value("en").run()
    assert any("not a number: “16,5 €/h”" in e.value for e in at.error), "said again in the new language"
    assert any("must be a whole number, got 2.5" in e.value for e in at.error)
    at.button_group(key="lang").set_value("fi").run()
    at.text_input(key=key(at, "in_house.wage_per_h")).set_value("17,25").run()
    at.text_input(key=key(at, "channels.0.concurrency")).set_value("2").run()
    at.text_input(key=key(at, "channels.0.target_s")).set_value("60").run()
    assert ok(at).session_state["scenario"].in_house.wage_per_h == 17.25 and not at.error

    at.button_group(key="lang").set_value("en").run()
    assert at.text_input(key=key(at, "in_house.wage_per_h")).value == "17.25", "shown the English way after a switch"
    assert at.text_input(key=key(at, "channels.1.volume_per_week")).value == "1300"
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("1,400").run()
    assert at.session_state["scenario"].channels[1].volume_per_week == 1400.0, "English groups thousands with commas"


def test_an_invalid_input_keeps_the_last_valid_scenario_and_what_was_typed():
    at = ok(app("en-US"))
    before = at.session_state["scenario"]
    at.text_input(key=key(at, "name")).set_value("").run()
    ok(at)
    assert at.session_state["scenario"] == before
    assert at.text_input(key=key(at, "name")).value == ""
    assert any("- must not be empty" in e.value for e in at.error), [e.value for e in at.error]
    assert any("1 input is not valid" in w.value for w in at.warning)
    # another valid edit still commits while the name is pending
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("600").run()
    assert at.session_state["scenario"].channels[1].volume_per_week == 600.0
    assert at.session_state["scenario"].name == before.name
    # a page switch does not lose the typed value
    at.switch_page(PAGES["scenario"]).run()
    assert at.text_input(key=key(at, "name")).value == ""
    at.text_input(key=key(at, "name")).set_value("Clinic, evenings").run()
    ok(at)
    assert at.session_state["scenario"].name == "Clinic, evenings"
    assert not at.error and not at.session_state["problems"]


def reload(at: AppTest, page: str = "scenario") -> AppTest:
    """A browser reload: a new session on the same URL (its query parameters)."""
    again = AppTest.from_file(APP, default_timeout=60)
    again.context["locale"] = "en-US"
    for name, value in at.query_params.items():
        again.query_params[name] = value
    again.run()
    if page != "scenario":
        again.switch_page(PAGES[page]).run()
    return ok(again)


def test_a_reload_keeps_the_scenario_and_what_was_typed():
    at = ok(app("fi-FI"))
    token = at.query_params["s"]
    assert len(token) >= 20, "the URL carries a token nobody can guess"
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("650").run()
    at.text_input(key=key(at, "channels.0.target_sl")).set_value("150").run()
    ok(at)
    again = reload(at)
    assert again.session_state["scenario"].channels[1].volume_per_week == 650.0
    assert again.title[0].value == "Skenaario", "in the language of the URL"
    assert again.text_input(key=key(again, "channels.0.target_sl")).value == "150", "the refused value too"
    assert any("oltava alle 100" in e.value for e in again.error)
    assert again.query_params["s"] != token, "the new session keeps its work under a token of its own"
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("700").run()
    assert reload(again).session_state["scenario"].channels[1].volume_per_week == 650.0, "the tabs do not mix"
    at.session_state["scenario_section"] = "Työaika"  # the tab chosen (st.tabs keeps its label under its key)
    example_choice(at).set_value("office_phone").run()
    assert reload(at).session_state["scenario_section"] == "Työaika", "the reload opens the same tab"
    assert example_choice(reload(at)).value == "office_phone", "and the example chosen"
    assert reload(at).session_state["scenario"].channels[1].volume_per_week == 700.0

    unknown = AppTest.from_file(APP, default_timeout=60)
    unknown.query_params["s"] = "no-such-token"
    assert ok(unknown.run()).session_state["scenario"] == load_scenario(ROOT / "scenarios" / "web_shop.json")


def test_an_input_the_ui_rejects_is_kept_with_its_message():
    at = ok(app("fi-FI"))
    lengths = at.session_state["scenario"].workforce.shift_lengths_h
    at.multiselect(key=key(at, "workforce.shift_lengths_h")).set_value([]).run()
    ok(at)
    assert at.session_state["scenario"].workforce.shift_lengths_h == lengths
    assert any("valitse vähintään yksi työvuoron pituus" in e.value for e in at.error)
    at.multiselect(key=key(at, "workforce.shift_lengths_h")).set_value([6.0, 8.0]).run()
    assert at.session_state["scenario"].workforce.shift_lengths_h == (6.0, 8.0) and not at.error


def test_contract_hours_and_head_count_are_edited_on_the_page():
    at = ok(app("fi-FI"))
    full = key(at, "workforce.contracts.0.weekly_h_max")
    at.text_input(key=full).set_value("38").run()
    ok(at)
    assert at.session_state["scenario"].workforce.contracts[0].weekly_h_max == 38.0
    at.text_input(key=key(at, "workforce.contracts.0.weekly_h_min")).set_value("39").run()
    assert at.session_state["scenario"].workforce.contracts[0].weekly_h_min == 37.5
    errors = [e.value for e in at.error]
    assert any("- viikkotuntien vähimmäismäärä 39 on yli enimmäismäärän 38" in e for e in errors), errors
    at.toggle(key=key(at, "workforce.contracts.1.max_count:on")).set_value(True).run()
    at.text_input(key=key(at, "workforce.contracts.1.max_count")).set_value("3").run()
    ok(at)
    assert at.session_state["scenario"].workforce.contracts[1].max_count == 3
    at.toggle(key=key(at, "workforce.contracts.1.max_shifts_per_week:on")).set_value(True).run()
    assert at.session_state["scenario"].workforce.contracts[1].max_shifts_per_week == 5
    at.text_input(key=key(at, "workforce.contracts.1.max_shifts_per_week")).set_value("8").run()
    assert at.session_state["scenario"].workforce.contracts[1].max_shifts_per_week == 5
    assert any("oltava enintään 7, nyt 8" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key=key(at, "workforce.contracts.1.max_shifts_per_week")).set_value("4").run()
    ok(at)
    assert at.session_state["scenario"].workforce.contracts[1].max_shifts_per_week == 4
    # off and on again: the value typed comes back, not the default 5
    at.toggle(key=key(at, "workforce.contracts.1.max_shifts_per_week:on")).set_value(False).run()
    assert at.session_state["scenario"].workforce.contracts[1].max_shifts_per_week is None
    at.toggle(key=key(at, "workforce.contracts.1.max_shifts_per_week:on")).set_value(True).run()
    assert at.session_state["scenario"].workforce.contracts[1].max_shifts_per_week == 4
    assert at.text_input(key=key(at, "workforce.contracts.1.max_shifts_per_week")).value == "4"


def test_a_language_switch_keeps_the_chosen_tab():
    at = ok(app("fi-FI"))
    at.session_state["scenario_section"] = "Työaika"
    at.session_state["scenario_channel"] = "Puhelin"
    at.run()
    at.button_group(key="lang").set_value("en").run()
    ok(at)
    assert at.session_state["scenario_section"] == "Working time"
    assert at.session_state["scenario_channel"] == "Puhelin · Phone"


def test_a_language_switch_keeps_open_expanders_open_and_the_imported_files_message():
    """An expander's label is part of its identity, so a new language made it a new, closed one;
    and the uploader's key changed with the inputs, so the CSV's message went with the file."""
    at = ok(app("en-US"))
    rows = "timestamp,count\n" + "\n".join(f"2026-11-{d:02d} {h:02d}:15,5" for d in range(2, 9) for h in (10, 20))
    at.file_uploader(key="csv_0_1").upload("phone.csv", rows.encode(), "text/csv").run()
    at.session_state["open_curve_1"] = True
    at.run()
    assert at.session_state["open_csv_1"] is False and at.session_state["open_curve_1"] is True
    at.button_group(key="lang").set_value("fi").run()
    ok(at)
    assert at.session_state["open_curve_1"] is True and at.session_state["open_csv_1"] is False
    assert [e.proto.expanded for e in at.expander if e.label == "Kirjoita käyrä: päivät ja tunnit"] == [False, True, False]
    assert any("Puhelin: tuotiin 14 riviä" in s.value for s in at.success), "the message, in the new language"
    assert at.file_uploader(key="csv_0_1").proto.max_upload_size_mb == 5


def test_renaming_an_offer_keeps_its_expander_open():
    """The label is part of an expander's identity: a renamed offer's expander was a new, closed one."""
    at = ok(app("en-US"))
    second = at.session_state["scenario"].offers[1].name
    assert [e.proto.expanded for e in at.expander if e.label == second] == [False], "only the first starts open"
    at.session_state["open_offer_1"] = True  # opened
    at.run()
    at.text_input(key=key(at, "offers.1.name")).input("Nearshore team").run()
    ok(at)
    assert at.session_state["scenario"].offers[1].name == "Nearshore team"
    assert [e.proto.expanded for e in at.expander if e.label == "Nearshore team"] == [True]


def test_an_expander_comes_back_from_another_page_as_it_was_left():
    """Opened, through a language switch, then closed: back from another page it is closed (and one
    left open is open)."""
    at = ok(app("en-US"))
    at.session_state["open_csv_1"] = True
    at.run()
    at.button_group(key="lang").set_value("fi").run()
    at.session_state["open_csv_1"] = False  # closed by the user
    at.session_state["open_levers_1"] = True  # opened
    at.run()
    at.switch_page(PAGES["costs"]).run()
    at.switch_page(PAGES["scenario"]).run()
    ok(at)
    def channels(label):  # the expander of each channel, in its tab
        return [e.proto.expanded for e in at.expander if e.label == label]

    assert channels("Tuo toteutuneet yhteydenotot (CSV)") == [False, False, False]
    assert channels("Itsepalvelu ja toistuvat yhteydenotot") == [False, True, False]


def test_an_edit_sent_with_a_switch_to_another_page_opens_that_page():
    """A run that carries an edit and asks for another page than the run before it is taken
    for a typed value sent after a click on that page's link (planner.ui.reruns) only when the
    edit is of the page it asks for: here the edit is the Scenario page's, the switch to Costs."""
    at = ok(app("en-US"))
    at.switch_page(PAGES["scenario"]).run()  # a run asked for the Scenario page by name
    at.text_input(key=key(at, "channels.0.volume_per_week")).set_value("1300")
    at.switch_page(PAGES["costs"]).run()
    ok(at)
    assert at.title[0].value == "Costs"
    assert at.session_state["scenario"].channels[0].volume_per_week == 1300


def test_the_tab_and_where_the_invalid_inputs_are_survive_a_visit_to_another_page():
    """Back from another page the Scenario page opened on its first tab (the tabs' widget state
    went with the page), and the banner over a refused input did not say where it was."""
    at = ok(app("en-US"))
    at.session_state["scenario_section"] = "Sales"
    at.run()
    at.text_input(key=key(at, "revenue.lost_for_good_share")).set_value("abc").run()
    at.switch_page(PAGES["roster"]).run()
    at.switch_page(PAGES["scenario"]).run()
    assert at.session_state["scenario_section"] == "Sales"
    assert at.warning[0].value.endswith("\n\n- Sales › Lost customers who never return")
    at.session_state["scenario_section"] = "Channels"
    at.text_input(key=key(at, "channels.1.aht_s")).set_value("-1").run()
    at.text_input(key=key(at, "offers.1.setup_fee")).set_value("-1").run()
    places = at.warning[0].value.split("\n\n")[1].split("\n")
    assert sorted(places) == ["- Channels › Puhelin › Handling time",
                              "- Outsourcing › Ulkoistus yhteydenottohinnalla › Set-up fee",
                              "- Sales › Lost customers who never return"], "by the names shown"
    for group in ("channels.1.aht_s", "offers.1.setup_fee"):
        at.text_input(key=key(at, group)).set_value("1").run()
    at.session_state["scenario_section"] = "Sales"
    at.button_group(key="lang").set_value("fi").run()
    assert at.session_state["scenario_section"] == "Myynti"
    assert at.warning[0].value.endswith("\n\n- Myynti › Pysyvästi menetetyt asiakkaat")


def test_the_contacts_to_handle_are_said_under_the_volume_when_the_levers_change_them():
    """Self-service 20 % and first-contact resolution 50 % turn chat's 1 200 into 1 920 to
    handle; the Staffing page said 1 920 and nothing on the Scenario page said why."""
    at = ok(app("en-US"))
    at.text_input(key=key(at, "channels.0.volume_per_week")).set_value("1200").run()
    at.text_input(key=key(at, "channels.0.deflection.share")).set_value("20").run()
    at.text_input(key=key(at, "channels.0.first_contact_resolution")).set_value("50").run()
    ok(at)
    said = [c.value for c in at.caption if c.value.startswith("To handle:")]
    assert said[0] == ("To handle: 1,920 contacts a week, with the season factor, self-service and repeat "
                       "contacts (see Self-service and repeat contacts).")
    staffing = metrics(at.switch_page(PAGES["staffing"]).run(), "Contacts a week")
    assert staffing[0] == "1,920"


def test_a_minimum_staff_beyond_the_busiest_hours_contacts_is_pointed_out():
    """500 people whenever the chat is open was accepted without a word: 1 299 agents, 5.4 M€ a month."""
    at = ok(app("en-US"))
    assert not [c for c in at.caption if "busiest hour" in c.value]
    at.text_input(key=key(at, "channels.0.min_staff_open")).set_value("500").run()
    busiest = float(scenario_demands(at.session_state["scenario"])[0].rate_per_h(30).max())
    assert 10 < busiest < 100
    assert [c.value for c in at.caption if "busiest hour" in c.value] == [
        (f"500 people on duty whenever the channel is open is more than the contacts of its busiest hour "
        f"({fmt.number(busiest, 'en', 1)} an hour): is the number right?")]


def test_an_answer_window_off_the_interval_grid_is_pointed_out():
    """A 15-min callback window at 30-min intervals was accepted without a word, and the Staffing
    page showed the 30-min window's "handled in time" beside "target 90 % / 15 min"."""
    at = ok(app("en-US"))
    said = lambda at: [c.value for c in at.caption if re.match("The (answer window|plan uses)", c.value)]
    assert said(at) == []
    at.text_input(key=key(at, "channels.2.deadline_min")).set_value("15").run()
    short = ("The answer window is shorter than the 30-min interval: the plan assumes a request is handled within "
             "the interval it arrives in, so some wait up to 30 min and “handled in time” is overstated. For a tight "
             "window choose shorter intervals (Scenario › Working time › Interval).")
    assert said(ok(at)) == [short]
    staffing = ok(at.switch_page(PAGES["staffing"]).run())
    assert [c.value for c in staffing.caption if short in c.value]
    at = ok(at.switch_page(PAGES["scenario"]).run())
    at.text_input(key=key(at, "channels.2.deadline_min")).set_value("45").run()
    assert said(ok(at)) == [("The plan uses an answer window of 30 min (whole 30-min intervals), a little tighter "
                            "than 45 min.")]


@pytest.mark.parametrize(("field", "marker", "implausible", "said", "plausible"), [
    # 99 % was accepted without a word: 1 188 agents, 4.6 M€ a month
    ("workforce.shrinkage", "is typical", "99",
     "A shrinkage of 99% multiplies the staff needed by 100.0; 24–35% is typical. Is the number right?", "50"),
    # 1 000 000 contacts a week were taken without a word, planned in 114 s with 4 752 agents
    ("channels.0.volume_per_week", "a large contact centre", "1000000",
     ("1,000,000 contacts a week is a large contact centre's load, hundreds of agents. Check that it is a week's "
      "figure, not a month's or a year's; a plan this large takes minutes."), "20000"),
])
def test_an_implausible_number_is_pointed_out(field, marker, implausible, said, plausible):
    at = ok(app("en-US"))
    hint = lambda at: [c.value for c in at.caption if marker in c.value]
    assert hint(at) == []
    at.text_input(key=key(at, field)).set_value(implausible).run()
    assert hint(ok(at)) == [said]
    at.text_input(key=key(at, field)).set_value(plausible).run()
    assert hint(ok(at)) == []


def test_weekly_hours_over_the_working_hours_acts_limits_are_pointed_out():
    at = ok(app("en-US"))
    assert not [c for c in at.caption if "overtime" in c.value]
    at.text_input(key=key(at, "workforce.contracts.0.weekly_h_max")).set_value("45").run()
    assert [c.value for c in at.caption if "overtime" in c.value] == [
        ("Over 40 h a week is overtime under the Working Hours Act; the plan prices every hour at the normal "
         "wage and premiums, without overtime pay.")]
    at.text_input(key=key(at, "workforce.contracts.0.weekly_h_max")).set_value("52").run()
    assert next(c.value for c in at.caption if "overtime" in c.value).startswith(
        "The Working Hours Act allows at most 48 h a week, overtime included, on average; the roster is the "
        "same every week, so 52 h breaks it.")


def test_a_contract_no_agent_can_be_rostered_on_is_pointed_out():
    """Full-time at most 2 shifts a week (8 h shifts, 7.5 h paid) gives 15 h, under its 37.5 h
    minimum: the roster left full-time out and nothing said why."""
    at = ok(app("en-US"))
    assert not [w for w in at.warning if "No agent can be rostered" in w.value]
    at.toggle(key=key(at, "workforce.contracts.0.max_shifts_per_week:on")).set_value(True).run()
    at.text_input(key=key(at, "workforce.contracts.0.max_shifts_per_week")).set_value("2").run()
    ok(at)
    assert [w.value for w in at.warning if "No agent can be rostered" in w.value] == [
        ("No agent can be rostered on this contract: its weekly minimum of 37.5 h is above the 15 h a week that the "
        "shift lengths, the meal break, the shifts a week and the days in a row allow. Lower the minimum, allow "
        "more shifts a week, or add a longer shift.")]


def test_a_roster_with_no_agents_allowed_is_not_called_optimal_in_green():
    """With both contracts limited to 0 agents the Roster page said, in green, "Optimal roster"
    over 0 agents and 632 agent-hours short; the shortfall was only in the notes."""
    at = ok(app("en-US"))
    at.text_input(key=key(at, "workforce.solver_time_limit_s")).set_value("1").run()
    for contract in (0, 1):
        at.toggle(key=key(at, f"workforce.contracts.{contract}.max_count:on")).set_value(True).run()
        at.text_input(key=key(at, f"workforce.contracts.{contract}.max_count")).set_value("0").run()
    ok(at)
    at.switch_page(PAGES["roster"]).run()
    ok(at)
    assert not at.success, [a.value for a in at.success]
    assert any(i.value.startswith(("The cheapest roster within the rules and the limits set, but it leaves large gaps",
                                   "A roster within the rules and the limits set that leaves large gaps"))
               for i in at.warning), [i.value for i in at.warning]  # not "Optimal roster" over 0 agents
    short = [w.value for w in at.warning if w.value.startswith("It leaves")]
    assert len(short) == 1 and short[0].endswith(
        "agent-hours a week short. The limit on agents or contracts is reached; more staff would cover more."), short
    # the caption says the time, not the shift plan's share of the limit, which the notes said otherwise
    # (the share of 7.5 s beside "the shift plan's search had up to 8.7 s", time the roster left it)
    caption = next(c.value for c in at.caption if c.value.startswith("In-house roster searched for"))
    assert re.match(r"In-house roster searched for \d+\.\d s \(limit 1 s\) · solver's objective", caption), caption
    assert "gap 0.00%" in caption and "varies" not in caption  # the one roster there is: nothing to vary


def test_discarding_the_invalid_inputs():
    at = ok(app("en-US"))
    at.text_input(key=key(at, "channels.1.target_sl")).set_value("0").run()  # target_sl must be > 0
    assert any("must be > 0%, got 0%" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["scenario"].channels[1].target_sl == 0.8
    at.button(key="discard_pending").click().run()
    ok(at)
    assert not at.error and at.text_input(key=key(at, "channels.1.target_sl")).value == "80"


def test_chat_concurrency_resizes_the_handling_times():
    at = ok(app())
    at.text_input(key=key(at, "channels.0.concurrency")).set_value("3").run()
    ok(at)
    chat = at.session_state["scenario"].channels[0]
    assert chat.concurrency == 3 and chat.aht_s == (600.0, 706.0, 720.0)  # effective concurrency 2.5 at three
    assert at.text_input(key=key(at, "channels.0.aht_s.2")).value == "720"


def test_optional_fields_switch_on_and_off():
    at = ok(app())
    at.toggle(key=key(at, "channels.1.patience_s:on")).set_value(False).run()
    ok(at)
    assert at.session_state["scenario"].channels[1].patience_s is None
    at.toggle(key=key(at, "channels.1.patience_s:on")).set_value(True).run()
    assert at.session_state["scenario"].channels[1].patience_s == 270.0


def test_premium_presets():
    at = ok(app("en-US"))
    preset = next(b for b in at.button if b.label.startswith("Typical other agreements"))
    preset.click().run()
    ok(at)
    premiums = at.session_state["scenario"].in_house.premiums
    assert (premiums.evening, premiums.saturday, premiums.night, premiums.sunday) == (0.15, 0.20, 0.30, 1.0)
    assert at.text_input(key=key(at, "in_house.premiums.evening")).value == "15"


def test_renaming_the_hybrid_offer_keeps_the_hybrid_pointing_at_it():
    at = ok(app())
    at.text_input(key=key(at, "offers.1.name")).set_value("Kumppani Oy").run()
    ok(at)
    scenario = at.session_state["scenario"]
    assert scenario.offers[1].name == "Kumppani Oy" and scenario.hybrid.offer == "Kumppani Oy"
    assert at.selectbox(key=key(at, "hybrid.offer")).value == "Kumppani Oy", "the hybrid's box shows the new name"


def test_an_offer_may_not_take_another_offers_name():
    """The hybrid and the documents name an offer by its name: a second offer of that name
    silently became the hybrid's."""
    at = ok(app("en-US"))
    before = at.session_state["scenario"]
    first = before.offers[0].name
    at.text_input(key=key(at, "offers.1.name")).set_value(first).run()
    assert at.session_state["scenario"] == before
    assert at.text_input(key=key(at, "offers.1.name")).value == first, "what was typed stays"
    assert any(f"another offer is already named '{first}'" in e.value for e in at.error)


def test_the_first_offer_renamed_as_the_second_is_told_so_under_its_own_name():
    """Renaming offer 1 as offer 2 said, under offer 1's name: "offers[1].name (Tarjous 2 ›
    Tarjouksen nimi): toisen tarjouksen nimi on jo 'Ulkoistus yhteydenottohinnalla': …"."""
    at = ok(app("fi-FI"))
    second = at.session_state["scenario"].offers[1].name
    at.text_input(key=key(at, "offers.0.name")).set_value(second).run()
    said = [e.value for e in at.error if "toisen tarjouksen nimi" in e.value]
    assert len(said) == 1 and said[0].endswith(
        f"- toisen tarjouksen nimi on jo ”{second}”: anna jokaiselle tarjoukselle oma nimi")


def test_offers_are_added_copied_and_removed_on_the_page():
    """A consultant with a new quote adds an offer on the page (it was possible only in the
    scenario file)."""
    at = ok(app())
    at.button(key="add_offer").click().run()
    ok(at)
    offers = at.session_state["scenario"].offers
    assert [o.name for o in offers][2:] == ["Uusi tarjous"]
    assert offers[2].model_copy(update={"name": offers[0].name}) == offers[0], "the example's hourly estimates"
    at.button(key="copy_offer_1").click().run()
    at.button(key="copy_offer_1").click().run()
    ok(at)
    offers = at.session_state["scenario"].offers
    assert [o.name for o in offers][3:] == ["Ulkoistus yhteydenottohinnalla (kopio)",
                                            "Ulkoistus yhteydenottohinnalla (kopio) 2"]
    assert offers[3].model_copy(update={"name": offers[1].name}) == offers[1]
    at.text_input(key=key(at, "offers.3.name")).set_value("Kumppani Oy").run()
    assert at.session_state["scenario"].offers[3].name == "Kumppani Oy"


def test_removing_an_offer_keeps_what_was_typed_for_the_others():
    at = ok(app())
    at.text_input(key=key(at, "offers.0.setup_fee")).set_value("-5").run()  # refused, kept
    at.button(key="remove_offer_1").click().run()  # the hybrid's offer
    scenario = at.session_state["scenario"]
    assert [o.name for o in scenario.offers] == ["Ulkoistus tuntihinnalla"] and scenario.hybrid.offer is None
    assert at.text_input(key=key(at, "offers.0.setup_fee")).value == "-5", "what was typed stays"
    assert at.selectbox(key=key(at, "hybrid.offer")).value == "Ulkoistus tuntihinnalla"
    at.button(key="remove_offer_0").click().run()
    ok(at)
    assert not at.session_state["scenario"].offers
    assert [s.label for s in at.selectbox if s.key == key(at, "hybrid.offer")] == []
    assert any(c.value.startswith("Ilman tarjousta oma henkilöstö") for c in at.caption), \
        "the hours of the option closed at other times stay in sight"

    at = ok(app())
    at.text_input(key=key(at, "offers.1.setup_fee")).set_value("-7").run()
    at.button(key="remove_offer_0").click().run()
    assert [o.name for o in at.session_state["scenario"].offers] == ["Ulkoistus yhteydenottohinnalla"]
    assert at.text_input(key=key(at, "offers.0.setup_fee")).value == "-7", "it moved with its offer"
    assert list(at.session_state["problems"]) == ["offers.0.setup_fee"]
    said = [e.value for e in at.error if "\u22127" in e.value]
    assert said and all("offers[" not in text for text in said), "said as under its own input: no path"


def test_a_bad_upload_shows_the_problems_and_keeps_the_scenario():
    at = ok(app("en-US"))
    before = at.session_state["scenario"]
    bad = b'{"schema_version": 1, "name": "Broken", "channels": [{"id": "p", "kind": "phone", "aht_s": -5}]}'
    at.file_uploader(key="upload_scenario_0_0").upload("broken.json", bad, "application/json")
    at.run()
    ok(at)
    assert at.session_state["scenario"] == before
    message = " ".join(e.value for e in at.error)
    assert "broken.json could not be opened" in message
    assert "channels[0].volume_per_week (p › Contacts a week): is required" in message
    assert "channels[0].aht_s (p › Handling time)" in message
    assert at.file_uploader(key="upload_scenario_0_1").value is None, "a fresh uploader for the next file"
    not_json = AppTest.from_file(APP, default_timeout=30)
    not_json.run()
    not_json.file_uploader(key="upload_scenario_0_0").upload("x.json", b"{not json", "application/json")
    not_json.run()
    assert "not valid JSON" in " ".join(e.value for e in not_json.error)
    assert not_json.session_state["scenario"] == before


def test_a_good_upload_replaces_the_scenario_and_every_input():
    at = ok(app("fi-FI"))
    data = (ROOT / "scenarios" / "office_phone.json").read_bytes()
    at.file_uploader(key="upload_scenario_0_0").upload("office.json", data, "application/json")
    at.run()
    ok(at)
    office = load_scenario(data)
    assert at.session_state["scenario"] == office and at.session_state["rev"] == 1
    assert any("Avattiin skenaario" in s.value for s in at.success)
    assert at.text_input(key=key(at, "name")).value == office.name
    assert at.text_input(key=key(at, "channels.0.volume_per_week")).value == f"{office.channels[0].volume_per_week:g}"


def test_download_produces_the_scenario_file():
    """AppTest has no media manager for the button's deferred callable: it is the function checked here
    (and test_browser downloads the real file)."""
    at = ok(app())
    button = at.get("download_button")[0]
    assert button.proto.label == "Tallenna (JSON)"  # under the heading "Skenaariotiedosto"; the longer label was cut off at 1280 px
    scenario = at.session_state["scenario"]
    data = scenario_io.scenario_bytes(scenario)  # what the button's callable returns
    assert load_scenario(data) == scenario
    # after an edit the file carries the edit
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("720").run()
    edited = load_scenario(scenario_io.scenario_bytes(at.session_state["scenario"]))
    assert edited.channels[1].volume_per_week == 720.0


def test_opening_an_example():
    at = ok(app())
    example_choice(at).set_value("chat_24_7").run()
    next(b for b in at.button if b.label == "Avaa esimerkki").click().run()
    ok(at)
    assert at.session_state["scenario"] == load_scenario(ROOT / "scenarios" / "chat_24_7.json")


def test_an_example_opened_over_edits_can_be_undone():
    at = ok(app())
    at.text_input(key=key(at, "channels.0.volume_per_week")).set_value("1234").run()
    edited = at.session_state["scenario"]
    example_choice(at).set_value("office_phone").run()
    next(b for b in at.button if b.label == "Avaa esimerkki").click().run()
    assert at.session_state["scenario"] != edited
    undo = at.button(key="restore_previous")
    assert undo.label == f"Kumoa: palaa skenaarioon ”{edited.name}”"
    undo.click().run()
    ok(at)
    assert at.session_state["scenario"] == edited
    assert at.text_input(key=key(at, "channels.0.volume_per_week")).value == "1234"


def test_csv_history_sets_the_curve_and_volume():
    at = ok(app("en-US"))
    rows = "timestamp,count\n" + "\n".join(f"2026-11-{d:02d} {h:02d}:15,{n}" for d in range(2, 16)
                                            for h, n in ((10, 5), (20, 9)))
    at.file_uploader(key="csv_0_1").upload("phone.csv", rows.encode(), "text/csv")
    at.run()
    ok(at)
    phone = at.session_state["scenario"].channels[1]
    assert phone.curve.table is not None and len(phone.curve.table) == 336
    assert phone.volume_per_week == 98.0
    assert any("imported 28 rows" in s.value for s in at.success)
    assert at.text_input(key=key(at, "channels.1.volume_per_week")).value == "98"
    assert at.selectbox(key=key(at, "channels.1.curve")).value == "table"
    broken = AppTest.from_file(APP, default_timeout=30)
    broken.run()
    broken.file_uploader(key="csv_0_1").upload("bad.csv", b"2026-11-02 10:00,3\nyesterday,3\n", "text/csv")
    broken.run()
    assert "row 2" in " ".join(e.value for e in broken.error)
    assert broken.session_state["scenario"].channels[1].curve.table is None


def test_csv_history_with_repeats_sets_the_new_contacts():
    """A history counts the repeats too; at 80 % first-contact resolution the volume is the
    history's 98 contacts less the 19.6 the scenario adds back on top (98 = 78.4 / 0.8)."""
    at = ok(app("en-US"))
    at.text_input(key=key(at, "channels.1.first_contact_resolution")).input("5").run()
    assert any("must be >= 10%, got 5%" in e.value for e in at.error), [e.value for e in at.error]  # repeats x20
    at.text_input(key=key(at, "channels.1.first_contact_resolution")).input("80").run()
    rows = "timestamp,count\n" + "\n".join(f"2026-11-{d:02d} {h:02d}:15,{n}" for d in range(2, 16)
                                            for h, n in ((10, 5), (20, 9)))
    at.file_uploader(key="csv_0_1").upload("phone.csv", rows.encode(), "text/csv").run()
    ok(at)
    phone = at.session_state["scenario"].channels[1]
    assert phone.volume_per_week == 78.4
    success = " ".join(s.value for s in at.success)
    assert "an average week has 98 contacts" in success
    assert "include 19.6 repeat contacts a week" in success and "the 78.4 new contacts a week" in success



def test_a_csv_import_that_sets_the_volume_replaces_a_refused_volume_typed_before():
    """'8OO' typed in the volume stayed in the field with 'the last valid value is used' after a
    CSV import had set the volume to 374.5, which the page then showed nowhere."""
    at = ok(app("en-US"))
    volume = key(at, "channels.1.volume_per_week")
    at.text_input(key=volume).input("8OO").run()
    assert any("8OO" in e.value for e in at.error)
    rows = "timestamp,count\n" + "\n".join(f"2026-11-{d:02d} {h:02d}:15,{n}" for d in range(2, 16)
                                            for h, n in ((10, 5), (20, 9)))
    at.file_uploader(key="csv_0_1").upload("phone.csv", rows.encode(), "text/csv").run()
    ok(at)
    assert not any("8OO" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["scenario"].channels[1].volume_per_week == 98
    assert at.text_input(key=key(at, "channels.1.volume_per_week")).value == "98"

def test_the_session_state_stays_plain_data():
    at = ok(app())
    for name in ("scenario", "pending", "pending_raw", "problems", "rev", "lang"):
        pickle.dumps(at.session_state[name])


# --- Result pages ---------------------------------------------------------------------


@pytest.mark.parametrize("locale, lang", [("fi-FI", "fi"), ("en-US", "en")])
@pytest.mark.parametrize("page", ["staffing", "roster", "costs"])
def test_each_result_page_renders(page, locale, lang):
    at = ok(app(locale))
    at.switch_page(PAGES[page]).run()
    ok(at)
    assert at.title[0].value == TITLES[lang][page]
    assert at.metric, "the page shows its figures"
    if page == "staffing":
        label = "Yhteydenotot/vko" if lang == "fi" else "Contacts a week"
        assert metrics(at, label) == ["900", "500", "150"]
        # a callback's wait, from its request to its answer, in whole minutes (it was "–")
        plan = jobs.job_for(at.session_state["scenario"], start=False).plan
        callback = plan.channels[2].achieved.week_asa_s
        waits = metrics(at, "Jonotusaika, ka." if lang == "fi" else "Average wait")
        assert waits[2] == fmt.seconds(round(callback / 60) * 60, lang)
        assert 60 < callback < plan.channels[2].channel.deadline_min * 60
    if page == "roster":
        assert len(metrics(at, "Asiakaspalvelijat" if lang == "fi" else "Agents")) == 1
        plan = jobs.job_for(at.session_state["scenario"], start=False).plan
        agents = next(d.value for d in at.dataframe if ("Sopimus" if lang == "fi" else "Contract") in d.value.columns)
        assert len(agents) == len(plan.schedule.agents), "one row an agent, with contract, shifts and hours"
        assert agents.iloc[:, 2].sum() == len(plan.schedule.shifts)
        # a roster not proven the cheapest is said to vary from solve to solve (the figures moved 3-4 %
        # between runs and nothing on the page said they might)
        varies = [c for c in at.caption if ("uusi laskenta voi antaa" if lang == "fi" else "solving again may") in c.value]
        assert len(varies) == charts.may_vary(plan.schedule.solver)
    if page == "costs":
        plan = jobs.job_for(at.session_state["scenario"], start=False).plan
        euro = [m.value for m in at.metric]
        assert len(euro) == len(plan.options) >= 4  # in-house, two offers, the hybrids
        assert all(v.endswith(f"{NBSP}€") if lang == "fi" else v.startswith("€") for v in euro)
        # the value and its difference on one basis, cost plus lost sales, as the answer above: a red
        # "cost +19 777 €" stood on the offer recommended, as in-house lost 354 372 € of sales; then the
        # value was the cost and the difference counted lost sales, which two reviews read as a mistake
        frame = charts.options_frame(plan)
        assert euro == [fmt.money(v, "EUR", lang) for v in frame["shown_total"]]
        parts = [c.value for c in at.caption if c.value.startswith("Kustannus " if lang == "fi" else "Cost ")]
        assert parts == [("Kustannus {} + menetetty myynti {}" if lang == "fi" else "Cost {} + lost sales {}").format(
            fmt.money(cost, "EUR", lang), fmt.money(lost, "EUR", lang))
            for cost, lost in zip(frame["per_month"], frame["lost_revenue_per_month"])]
        differences = [m.proto for m in at.metric if m.proto.delta]
        assert len(differences) == len(plan.options) - 1
        assert {d.delta_description for d in differences} == {"vrt. oma henkilöstö" if lang == "fi" else "vs in-house"}
        for proto, (_, row) in zip(differences, frame.iloc[1:].iterrows()):
            total = round(row["shown_total"] - frame.iloc[0]["shown_total"])
            assert proto.delta == ("+" if total > 0 else "") + fmt.money(total, "EUR", lang)
            assert proto.color == (proto.RED if total > 0 else proto.GREEN if total < 0 else proto.GRAY)
        assert len(at.expander) >= len(plan.options)
        best = "Pienin kustannus" if lang == "fi" else "Lowest cost"
        sentence = next(s.value for s in at.success if s.value.startswith(best))
        figures = [float(f.replace(NBSP, "").replace(",", "")) for f in re.findall(r"[\d,\u00a0]*\d", sentence)]
        assert figures[-3] + figures[-2] == figures[-1], f"the cheapest option's figures add up: {sentence}"
        closed = "Tulleet suljettuna" if lang == "fi" else "Arrived while closed"
        causes = next(d.value for d in at.dataframe if closed in d.value.columns)  # by cause, then in all
        for row in causes.itertuples(index=False):
            counts = [int(v.replace(NBSP, "").replace(",", "")) for v in row[1:]]
            assert sum(counts[:-1]) == counts[-1], f"the causes add up to the lost contacts: {row}"
        # the same hours closed read alike in every option (the hybrid's read 208 against 207)
        assert causes[closed].iloc[:-2].nunique() == 1  # not the closed-outside option nor the optimised
        # priced from a roster ended by its time limit: said to vary (a review saw 61 106 and 63 310 €)
        varies = [c for c in at.caption if ("uusi laskenta voi antaa" if lang == "fi" else "solving again may") in c.value]
        assert len(varies) == charts.may_vary(plan.schedule.solver)
        # a lost contact's value, term by term: the customers lost for good were named without their figures
        revenue = plan.scenario.revenue
        rule = next(c.value for c in at.caption if ("Menetetty myynti" if lang == "fi" else "Lost sales") in c.value)
        assert fmt.percent(revenue.lost_for_good_share, lang, 1) in rule
        assert fmt.money(costs.lost_revenue_per_contact(revenue), "EUR", lang, 2) in rule


def test_the_staffing_page_shows_the_requirement_while_the_roster_is_solved(monkeypatch):
    """The demand and the requirement take milliseconds, the roster seconds: the page shows the
    first at once, with a placeholder for each figure the roster gives."""
    import streamlit as st

    monkeypatch.setattr(jobs, "job_for", lambda scenario, start=True: None)  # nothing solved, nothing started
    monkeypatch.setattr(widgets, "plan_or_wait", st.stop)  # the page as it stands while the plan is waited for
    at = ok(app("en-US"))
    at.switch_page(PAGES["staffing"]).run()
    ok(at)
    needs = channel_needs(at.session_state["scenario"])
    assert metrics(at, "Contacts a week") == ["900", "500", "150"]
    assert metrics(at, "Peak staff") == [fmt.number(n.requirement.required_staff.max(), "en") for n in needs[:2]]
    assert metrics(at, "Service level") == ["…", "…"] and metrics(at, "Handled in time") == ["…"]
    assert not at.get("arrow_data_frame") and not at.success, "no understaffed periods before the roster"
    monkeypatch.setattr(widgets, "plan_or_wait", lambda: None)  # the plan failed: no "…" is left waiting
    at.run()
    ok(at)
    assert metrics(at, "Contacts a week") == ["900", "500", "150"] and not metrics(at, "Service level")


def test_the_staffing_page_keeps_the_requirement_of_a_scenario_across_reruns(monkeypatch):
    """Computed on every rerun (a channel chosen for the chart), it took 2 s at ten million
    contacts a week."""
    import planner.plan

    calls = []

    def counted(scenario):
        calls.append(scenario.name)
        return channel_needs(scenario)

    monkeypatch.setattr(planner.plan, "channel_needs", counted)
    at = ok(app("en-US"))
    at.text_input(key=key(at, "name")).set_value("Kept needs").run()  # a scenario no other test asks about
    at.switch_page(PAGES["staffing"]).run()
    at.segmented_control(key="staffing_channel").set_value("phone").run()
    at.run()
    ok(at)
    assert calls == ["Kept needs"]


def test_changing_the_phone_volume_changes_the_plan_shown():
    at = ok(app("fi-FI"))
    at.switch_page(PAGES["staffing"]).run()
    label = "Yhteydenotot/vko"
    assert metrics(at, label)[1] == "500"
    peak_before = metrics(at, "Suurin tarve kerralla")[1]
    at.switch_page(PAGES["scenario"]).run()
    at.text_input(key=key(at, "channels.1.volume_per_week")).set_value("2000").run()
    at.switch_page(PAGES["staffing"]).run()
    ok(at)
    assert metrics(at, label)[1] == f"2{NBSP}000"
    assert int(metrics(at, "Suurin tarve kerralla")[1]) > int(peak_before)
    assert jobs.job_for(at.session_state["scenario"], start=False).done


def test_a_failed_plan_shows_the_error_and_a_retry(monkeypatch):
    import planner.plan

    def broken(scenario, progress=None, stop=None):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(planner.plan, "build_plan", broken)
    at = ok(app("en-US"))
    at.text_input(key=key(at, "name")).set_value("A scenario nobody planned yet").run()
    at.switch_page(PAGES["costs"]).run()
    ok(at)
    assert any("solver exploded" in e.value for e in at.error)
    assert any(b.label == "Try again" for b in at.button)
    monkeypatch.undo()
    jobs.forget(at.session_state["scenario"])


# --- Proposal page ----------------------------------------------------------------------


def test_a_plan_finished_early_says_so_and_offers_to_solve_again():
    """The Finish now button (under the progress bar) asks the job to finish now; the plan then
    comes from the best rosters so far, and the page says so."""
    at = ok(app("en-US"))
    at.text_input(key=key(at, "workforce.solver_time_limit_s")).set_value("30").run()
    job = jobs.job_for(at.session_state["scenario"])
    job.finish_now()  # as the button does
    at.switch_page(PAGES["roster"]).run()
    ok(at)
    assert job.done and job.plan.schedule.headcount > 0 and job.plan.schedule.solver.reasons[-1].key == "stopped"
    assert [i.value for i in at.info if i.value.startswith("The search was stopped")] == [
        ("The search was stopped before its time limit: the figures come from the best rosters found until then, "
         "which may cost more than a full search finds. Solve again for the plan with the full time limit.")]
    assert at.button(key="solve_again").label == "Solve again"
    assert not [c for c in at.caption if "A search ended by its time limit varies" in c.value], "it was stopped"
    # the Costs table marks the rosters whose search was stopped
    at.switch_page(PAGES["costs"]).run()
    options = next(t.value for t in at.table if "In-house part from" in t.value.columns)
    assert options["In-house part from"].iloc[0] == "roster (search stopped)"
    assert not [c for c in at.caption if "solving again may" in c.value], "it was stopped"
    jobs.forget(at.session_state["scenario"])


def test_the_documents_language_follows_the_ui_until_chosen():
    """It stayed English after the UI was switched to Finnish."""
    at = ok(app("en-US"))
    at.switch_page(PAGES["proposal"]).run()
    assert at.segmented_control(key="proposal_doc_lang").value == "en"
    at.button_group(key="lang").set_value("fi").run()
    assert at.segmented_control(key="proposal_doc_lang").value == "fi"
    at.segmented_control(key="proposal_doc_lang").set_value("en").run()  # chosen: English documents
    at.button_group(key="lang").set_value("en").run()
    at.button_group(key="lang").set_value("fi").run()
    assert at.segmented_control(key="proposal_doc_lang").value == "en"


@pytest.mark.parametrize("locale, lang", [("fi-FI", "fi"), ("en-US", "en")])
def test_the_proposal_page_renders_with_its_downloads(locale, lang):
    from planner.ui import analysis

    analysis.clear()
    at = ok(app(locale))
    at.switch_page(PAGES["proposal"]).run()
    ok(at)
    assert at.title[0].value == TITLES[lang]["proposal"]
    best = "Edullisin, kun menetetty myynti" if lang == "fi" else "Cheapest when lost sales are counted"
    assert any(s.value.startswith(best) for s in at.success), "the answer is stated"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ({"fi": ["Ehdotus (PDF)", "Laskelma (Excel)", "Laskelman tiedot (JSON)", "Skenaario (JSON)"],
                       "en": ["Proposal (PDF)", "Workbook (Excel)", "Plan (JSON)", "Scenario (JSON)"]}[lang])
    # the options as a table that wraps its long headers and names (a data frame cut them)
    options = next(d.value for d in at.table if ("Kustannus" if lang == "fi" else "Cost") in d.value.columns)
    rows = summary.option_rows(jobs.job_for(at.session_state["scenario"], start=False).plan, lang)
    assert len(options) == len(rows)
    # how many people each option employs: the in-house roster's, none for an offer alone
    agents = list(options["Omat asiakaspalvelijat" if lang == "fi" else "In-house agents"])
    assert agents[0] == str(rows[0].option.schedule.headcount) and int(agents[0]) > 0
    assert [a for a, r in zip(agents, rows) if r.kind == "outsourced"] == ["0"] * sum(r.kind == "outsourced" for r in rows)
    # the assumptions as the documents list them: the channels side by side, with their curves
    plan = jobs.job_for(at.session_state["scenario"], start=False).plan
    channels = next(d.value for d in at.table if d.value.columns[0] == ("Kanavat ja palvelutasotavoitteet" if lang == "fi"
                                                                              else "Channels and service targets"))
    assert list(channels.columns[1:]) == [cp.channel.name for cp in plan.channels]
    curve = channels[channels.iloc[:, 0] == ("Yhteydenottokäyrä" if lang == "fi" else "Contact curve")].iloc[0, 1:]
    assert list(curve) == [summary.curve_text(cp.channel.curve, lang) for cp in plan.channels]
    # break-even and sensitivity on demand
    run = at.button(key="run_analysis")
    assert run.label == ("Laske kannattavuusraja ja herkkyys" if lang == "fi" else "Compute break-even and sensitivity")
    run.click().run()
    ok(at)
    shown = " ".join(m.value for m in at.markdown)
    assert ("Kannattavuusraja" if lang == "fi" else "Break-even") in shown
    assert ("Herkkyysanalyysi" if lang == "fi" else "Sensitivity") in shown
    assert not any(b.key == "run_analysis" for b in at.button), "computed once, kept for the scenario"
    parameters = at.button_group(key="sensitivity_parameter")
    parameters.set_value("wage").run()
    ok(at)
    assert at.dataframe, "the sensitivity's options by change"
    # the break-even sentences whole, in a table that wraps them
    volume = "Sama kustannus volyymilla" if lang == "fi" else "Same cost at the volume"
    shown_be = next(d.value for d in at.table if volume in d.value.columns)
    rows = summary.break_even_rows(plan, analysis.results(plan)[0], lang)
    assert list(shown_be[volume]) == [r.volume_text for r in rows] and len(rows) == len(plan.scenario.offers)


def test_the_proposal_downloads_build_the_files():
    """AppTest has no media manager for a download button's callable: the callables are checked here."""
    import io

    from openpyxl import load_workbook

    from planner.ui import analysis, downloads

    at = ok(app("fi-FI"))
    at.switch_page(PAGES["proposal"]).run()
    ok(at)
    scenario = at.session_state["scenario"]
    plan = jobs.job_for(scenario, start=False).plan
    analysis.clear()
    assert downloads.proposal_bytes(scenario, "fi").startswith(b"%PDF")
    without = downloads.proposal_bytes(scenario, "en")
    assert analysis.analysis_for(plan).wait(120)
    with_analysis = downloads.proposal_bytes(scenario, "en")
    assert with_analysis.startswith(b"%PDF") and len(with_analysis) > len(without), "break-even and sensitivity added"
    workbook = load_workbook(io.BytesIO(downloads.workbook_bytes(scenario, "en")))
    assert workbook.sheetnames == ["Summary", "Costs", "Requirement", "Roster", "Scenario", "Analysis"], \
        "the analysis done, the workbook holds it as the PDF does"
    assert load_scenario(scenario_io.scenario_bytes(scenario)) == scenario
    assert jobs.plan_json_bytes(scenario).startswith(b"{")
    assert downloads.file_name(scenario, "pdf", "fi").endswith("-ehdotus.pdf")
    assert downloads.file_name(scenario, "xlsx", "en").endswith("-plan.xlsx")
    # before a plan exists there is nothing to download
    other = scenario.model_copy(update={"name": "Never planned"})
    assert downloads.proposal_bytes(other, "fi") == b"" and downloads.workbook_bytes(other, "fi") == b""


def test_the_sensitivity_chart_data():
    from planner.ui import analysis, charts

    at = ok(app("en-US"))
    at.switch_page(PAGES["proposal"]).run()
    plan = jobs.job_for(at.session_state["scenario"], start=False).plan
    job = analysis.analysis_for(plan)
    assert job.wait(120) and not job.error
    frame = charts.sensitivity_frame(job.sensitivity, {"in_house": "In-house"})
    assert len(frame) == len(job.sensitivity)
    assert set(frame["parameter"]) == {"volume", "aht", "wage", "shrinkage"}
    assert (frame.loc[frame["option"] == "in_house", "name"] == "In-house").all()
    volume = frame[frame["parameter"] == "volume"]
    chart = charts.sensitivity_chart(volume, "fi", {"change": "Muutos", "money": "€ / kk", "option": "Vaihtoehto",
                                                    "currency": "EUR"})
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["field"] == "change" and spec["encoding"]["y"]["field"] == "total_per_month"
    assert charts.sensitivity_frame(()).empty


def test_the_staffing_page_says_what_share_of_a_short_channel_goes_unanswered():
    """With two agents for three channels some intervals have nobody on a queue; the page said
    "0 % abandoned" beside a low service level, and nothing of the contacts nobody took."""
    at = app("en-US")
    scenario = at.session_state["scenario"]
    at.session_state["scenario"] = scenario.model_copy(
        update={"workforce": scenario.workforce.model_copy(update={"max_agents": 2})})
    ok(at.switch_page(PAGES["staffing"]).run())
    plan = jobs.job_for(at.session_state["scenario"], start=False).plan
    said = [c.value for c in at.caption if "go unanswered" in c.value]
    live = [cp for cp in plan.channels if not cp.requirement.is_deferred]
    assert len(said) == len(live) == 2
    for text, cp in zip(said, live):
        assert cp.achieved.week_p_unanswered > 0.01
        assert f"{fmt.percent(cp.achieved.week_p_unanswered, 'en', 1)} of the contacts arriving while open go" in text
    # the channels' short intervals add up to more than the week's: the summary says by how many it counts once
    short = np.array([np.asarray(cp.understaffed) > 1e-9 for cp in plan.channels])
    summary_text = next(w.value for w in at.warning if "periods by channel are understaffed" in w.value)
    assert f"in {int(short.any(axis=0).sum())} intervals of 30 min." in summary_text
    shared = int((short.sum(axis=0) > 1).sum())
    assert shared > 0 and f"In {shared} of those intervals more than one channel is short" in summary_text


def test_the_staffing_page_says_when_all_of_a_channels_contacts_arrive_while_closed():
    """Its service level read 100 % (of no contacts) beside 'N contacts a week arrive while closed'."""
    from planner.scenario import Curve, Span

    at = app("en-US")
    scenario = at.session_state["scenario"]
    channels = list(scenario.channels)
    channels[1] = channels[1].model_copy(update={"curve": Curve(profile="office_hours"),
                                                 "open_hours": (Span(start="22:00", end="06:00"),) * 7})
    at.session_state["scenario"] = scenario.model_copy(update={"channels": tuple(channels)})
    ok(at.switch_page(PAGES["staffing"]).run())
    said = [c.value for c in at.caption if "arrive while closed" in c.value]
    assert said[1].startswith("all 500 contacts a week arrive while closed and are missed: the curve has none")
    assert not said[0].startswith("all"), "the chat's own note as it was"
