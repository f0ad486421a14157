"""The contact curve on the scenario page: what the selector says, typing the curve in, going back.

Pure functions first (the editors' tables to the curve and back, through the
demand model's forecast), then the page through AppTest: a curve with its own
shares shows as adjusted, an edit changes the curve and the forecast, a
refused value is kept with its message in both languages, a curve chosen away
from comes back, and the reset removes the adjustments.
"""

import json
import typing

import numpy as np
import pytest
from conftest import ROOT
from numpy.testing import assert_allclose
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from planner.demand import PROFILES as PROFILE_SHAPES
from planner.demand import channel_demand
from planner.locales import translate
from planner.scenario import Problem, ProfileName, load_scenario, scenario_to_json
from planner.ui import curve, editing, fmt, scenario_io, typed

APP = str(ROOT / "app.py")
PHONE = 1  # the default scenario's phone channel: 500 contacts a week, no self-service, no repeats


def app(locale: str = "fi-FI") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def key(at: AppTest, group: str) -> str:
    """The session key of the input bound to a scenario field (see planner.ui.state.widget_key)."""
    return f"w{at.session_state['rev']}:{group}"


def editor(at: AppTest, part: str, channel: int = PHONE):
    """The channel's curve editor ``part`` ("weekday_shares" or "hourly"), whatever its version."""
    prefix = key(at, f"channels.{channel}.curve.{part}") + ":"
    found = [e for e in at.data_editor if e.key and e.key.startswith(prefix)]
    assert len(found) == 1, [e.key for e in at.data_editor]
    return found[0]


def edit_cells(at: AppTest, part: str, edited_rows: dict, channel: int = PHONE) -> AppTest:
    """Edit cells of a curve editor as the browser does: the editor's edit state (every edit since
    it was drawn) sent with the next run, which calls its on_change. (AppTest reads a data editor
    but cannot edit one; it sends the widget state the browser would.)"""
    table = editor(at, part, channel)
    lang = at.session_state["lang"]
    typed_in = {str(row): {column: value if value is None else curve.cell_text(value, lang)  # text cells, as typed
                           for column, value in cells.items()} for row, cells in edited_rows.items()}
    states = at._tree.get_widget_states()
    state = WidgetState(id=table.proto.id, string_value=json.dumps(
        {"edited_rows": typed_in, "added_rows": [], "deleted_rows": []}))
    states.widgets.append(state)
    return ok(at._run(states))


def selector(at: AppTest, channel: int = PHONE):
    return at.selectbox(key=key(at, f"channels.{channel}.curve"))


def shown(select) -> str:
    """The selector's label for its value, as the page shows it."""
    return select.options[select.index]


def phone(at: AppTest):
    return at.session_state["scenario"].channels[PHONE]


def upload(at: AppTest, scenario) -> AppTest:
    at.file_uploader(key=f"upload_scenario_{at.session_state['rev']}_0").upload(
        "adjusted.json", scenario_to_json(scenario).encode(), "application/json")
    return ok(at.run())


def with_curve(scenario, channel: int, curve_data: dict):
    result = editing.apply_edits(scenario, {"c": {f"channels.{channel}.curve": curve_data}})
    assert not result.problems, result.problems
    return result.scenario


def with_volume(scenario, channel: int, volume: float):
    return editing.apply_edits(scenario, {"v": {f"channels.{channel}.volume_per_week": volume}}).scenario


def day_totals(scenario, channel: int = PHONE) -> np.ndarray:
    return channel_demand(scenario.channels[channel], scenario).forecast.reshape(7, -1).sum(axis=1)


# --- Pure functions: the tables and the curve ------------------------------------------------


def test_typed_shares_give_the_forecasts_weekday_totals(web_shop):
    scenario = with_volume(web_shop, PHONE, 1000.0)
    rows = curve.share_rows(curve.profile_curve("round_the_clock"))
    for row, share in zip(rows, (30, 20, 10, 10, 10, 10, 10)):
        row["share"] = share
    typed_curve = curve.curve_from_rows(curve.profile_curve("round_the_clock"), "weekday_shares", rows)
    assert typed_curve["weekday_shares"] == [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1]
    adjusted = with_curve(scenario, PHONE, typed_curve)
    assert_allclose(day_totals(adjusted), [300, 200, 100, 100, 100, 100, 100], rtol=1e-9)
    assert adjusted.channels[PHONE].volume_per_week == 1000.0, "the curve is a shape; the volume stays"
    assert_allclose(curve.day_contacts(adjusted, PHONE), [300, 200, 100, 100, 100, 100, 100], rtol=1e-9)


def test_shares_that_do_not_add_up_to_100_are_scaled(web_shop):
    rows = [{"day": d, "share": s} for d, s in zip("1234567", (40, 20, 10, 10, 10, 10, 10))]  # 110 %
    adjusted = with_curve(web_shop, PHONE, curve.curve_from_rows(curve.profile_curve("round_the_clock"),
                                                                 "weekday_shares", rows))
    assert_allclose(day_totals(adjusted), np.array([40, 20, 10, 10, 10, 10, 10]) / 110 * 500, rtol=1e-9)
    assert curve.column_totals(rows, ["share"]) == {"share": 110.0}


def test_zero_hourly_weights_at_night_give_no_contacts_there(web_shop):
    base = curve.profile_curve("round_the_clock")
    rows = curve.hourly_rows(base)
    for hour in range(6):
        rows[hour].update(weekday=0, saturday=0, sunday=0)
    hourly = curve.hourly_from_rows(rows, "round_the_clock")
    assert set(hourly) == {"weekday", "saturday", "sunday"} and hourly["weekday"][:6] == [0.0] * 6
    night = with_curve(web_shop, PHONE, {**base, "hourly": hourly})
    forecast = channel_demand(night.channels[PHONE], night).forecast.reshape(7, 48)  # 30-min intervals
    assert_allclose(forecast[:, :12], 0.0, atol=0)  # 00:00-06:00 every day
    assert (forecast[:, 12:] > 0).all()
    assert forecast.sum() == pytest.approx(500.0, rel=1e-12)
    # the day's share is kept: round the clock has Monday 1.1 of 7.0
    assert forecast[0].sum() == pytest.approx(500 * 1.1 / 7.0, rel=1e-9)


def test_one_day_types_hours_are_kept_apart(web_shop):
    """Only the day type whose hours were changed becomes the curve's own."""
    rows = curve.hourly_rows(curve.profile_curve("office_hours"))
    rows[8]["saturday"] = 0.0
    hourly = curve.hourly_from_rows(rows, "office_hours")
    assert list(hourly) == ["saturday"] and hourly["saturday"][8] == 0.0
    assert hourly["saturday"][9] == pytest.approx(1.3 / 9.0, abs=1e-4), "the other hours as shown (% of the day)"


def test_the_tables_show_shares_of_100_and_read_back_as_the_profile():
    for profile in curve.PROFILES:
        plain = curve.profile_curve(profile)
        shares = curve.share_rows(plain)
        assert [row["day"] for row in shares] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        assert sum(row["share"] for row in shares) == pytest.approx(100, abs=curve.WHOLE)
        hourly = curve.hourly_rows(plain)
        assert len(hourly) == 24 and hourly[0]["hour"] == "00–01" and hourly[23]["hour"] == "23–24"
        for day_type in curve.DAY_TYPES:
            assert sum(row[day_type] for row in hourly) == pytest.approx(100, abs=curve.WHOLE)
        # untouched tables give back the profile itself, not a copy of it as an adjustment
        assert curve.shares_from_rows(shares, profile) is None
        assert curve.hourly_from_rows(hourly, profile) is None
    own = {**curve.profile_curve("office_hours"), "weekday_shares": [2, 1, 1, 1, 1, 0, 0]}
    assert [row["share"] for row in curve.share_rows(own)] == [33.33, 16.67, 16.67, 16.67, 16.67, 0.0, 0.0]
    typed = {**own, "weekday_shares": [0.2031, 0.1692, 0.1692, 0.1692, 0.1692, 0.055, 0.125]}  # Sunday 12,5: 106 %
    assert [row["share"] for row in curve.share_rows(typed)] == [20.31, 16.92, 16.92, 16.92, 16.92, 5.5, 12.5], \
        "shares typed in percent show as typed, not scaled to 100"
    assert sorted(curve.PROFILES) == sorted(typing.get_args(ProfileName))


def test_a_cell_left_empty_and_a_curve_with_no_contacts_are_refused():
    rows = curve.share_rows(curve.profile_curve("office_hours"))
    rows[2]["share"] = None
    with pytest.raises(typed.Unreadable) as refused:
        curve.shares_from_rows(rows, "office_hours")
    # the cell is named (it said "puuttuu: kirjoita luku", and the user hunted for the cell)
    assert refused.value.key == "missing_number_day" and refused.value.values["days"] == "Wed"
    said = Problem.of("channels.0.curve.weekday_shares", refused.value.key, **refused.value.values)
    assert said.sentence("fi") == "Keskiviikko: puuttuu: kirjoita luku"
    assert said.text("fi").startswith("channels.0.curve.weekday_shares (Kanava 1 › Yhteydenottokäyrä › Viikonpäivät): ")
    hours = curve.hourly_rows(curve.profile_curve("office_hours"))
    hours[15]["sunday"] = "x"
    with pytest.raises(typed.Unreadable) as refused:
        curve.hourly_from_rows(hours, "office_hours", "fi")
    said = Problem.of("channels.0.curve.hourly", refused.value.key, **refused.value.values)
    assert said.sentence("fi").startswith("Sunnuntai 15–16: ei ole luku: ”x”.")
    assert said.sentence("en").startswith("Sunday 15–16: not a number: “x”.")
    weekend_only = {**curve.profile_curve("web_shop_evening"), "weekday_shares": [0, 0, 0, 0, 0, 1, 1],
                    "hourly": {"saturday": [0.0] * 24, "sunday": [0.0] * 24}}
    assert not curve.gives_contacts(weekend_only)
    assert curve.silent_days(weekend_only) == [5, 6]
    assert curve.gives_contacts({**weekend_only, "hourly": {"saturday": [0.0] * 24}})
    assert curve.gives_contacts({**weekend_only, "weekday_shares": [-1, 0, 0, 0, 0, 1, 1]}), \
        "a negative share is for the model to refuse, with its own message"


def test_choosing_a_curve_keeps_the_one_made_or_imported():
    adjusted = {**curve.profile_curve("office_hours"), "weekday_shares": [0.3, 0.2, 0.2, 0.2, 0.1, 0, 0]}
    imported = {**curve.profile_curve("web_shop_evening"), "table": [1.0] * 168}
    assert [curve.curve_option(c) for c in (adjusted, imported, curve.profile_curve("round_the_clock"))] == \
        ["adjusted:office_hours", "table", "round_the_clock"]
    plain, kept = curve.choose(adjusted, "round_the_clock", {})
    assert plain == curve.profile_curve("round_the_clock") and kept == {"adjusted:office_hours": adjusted}
    assert curve.curve_options(plain, kept) == ["web_shop_evening", "office_hours", "adjusted:office_hours",
                                                "round_the_clock"]
    back, kept = curve.choose(plain, "adjusted:office_hours", kept)
    assert back == adjusted
    reset, kept = curve.choose(back, "office_hours", kept)  # the reset: its own profile
    assert reset == curve.profile_curve("office_hours") and kept["adjusted:office_hours"] == adjusted
    plain, kept = curve.choose(imported, "office_hours", kept)
    assert curve.curve_options(plain, kept)[-1] == "table" and curve.choose(plain, "table", kept)[0] == imported
    with pytest.raises(ValueError, match="no curve"):
        curve.choose(plain, "adjusted:round_the_clock", kept)
    assert curve.option_label("adjusted:web_shop_evening", "fi") == "Verkkokauppa, painotus illassa, muokattu"
    assert curve.option_label("adjusted:round_the_clock", "en") == "Round the clock, adjusted"
    assert curve.option_label("table", "fi") == "Tuotu historiasta (CSV)"


# --- The page -------------------------------------------------------------------------------------


def adjusted_scenario():
    """The default scenario with its phone channel on office hours with its own weekday shares."""
    web_shop = load_scenario(ROOT / "scenarios" / "web_shop.json")
    return with_curve(web_shop, PHONE, {**curve.profile_curve("office_hours"),
                                        "weekday_shares": [0.4, 0.2, 0.2, 0.1, 0.1, 0.0, 0.0]})


@pytest.mark.parametrize(("locale", "label"), [("fi-FI", "Virka-aika, muokattu"), ("en-GB", "Office hours, adjusted")])
def test_a_scenario_with_its_own_shares_shows_as_adjusted(locale, label):
    at = upload(app(locale), adjusted_scenario())
    select = selector(at)
    assert select.value == "adjusted:office_hours" and shown(select) == label
    plain = "Virka-aika" if locale.startswith("fi") else "Office hours"
    assert plain in select.options, "the profile itself is still there to choose"
    table = editor(at, "weekday_shares").value
    assert table["share"].tolist() == ["40", "20", "20", "10", "10", "0", "0"]
    assert table["contacts"].tolist() == [fmt.number(v, locale[:2], 1) for v in (200, 100, 100, 50, 50, 0, 0)]
    monday = "maanantai" if locale.startswith("fi") else "Monday"
    assert table["day"].iloc[0].lower() == monday.lower()
    reset = at.button(key="curve_reset_1")
    assert reset.label == ("Palauta profiili (Virka-aika)" if locale.startswith("fi") else
                           "Reset to the profile (Office hours)")


def test_editing_a_share_changes_the_curve_and_the_forecast():
    at = app("en-US")
    before = at.session_state["scenario"]
    assert selector(at).value == "web_shop_evening"
    assert editor(at, "weekday_shares").value["share"].tolist() == ["20.31", "16.92", "16.92", "16.92", "16.92", "5.5",
                                                                     "6.5"]
    edit_cells(at, "weekday_shares", {0: {"share": 30.0}})
    after = at.session_state["scenario"]
    assert after.channels[PHONE].curve.weekday_shares == (0.3, 0.1692, 0.1692, 0.1692, 0.1692, 0.055, 0.065)
    assert after.channels[PHONE].volume_per_week == 500.0 and after.channels[0] == before.channels[0]
    total = 0.3 + 4 * 0.1692 + 0.055 + 0.065
    assert_allclose(day_totals(after)[0], 500 * 0.3 / total, rtol=1e-9)
    assert day_totals(after)[0] > day_totals(before)[0] + 30
    assert editor(at, "weekday_shares").value["contacts"].iloc[0] == fmt.number(500 * 0.3 / total, "en", 1)
    assert selector(at).value == "adjusted:web_shop_evening" and shown(selector(at)) == "Web shop, evening-heavy, adjusted"
    assert any(f"add up to {total * 100:.1f}%: the forecast scales them" in c.value for c in at.caption)
    # hours too: no contacts before 10 on weekdays
    edit_cells(at, "hourly", {hour: {"weekday": 0.0} for hour in range(8, 10)})
    hourly = phone(at).curve.hourly
    assert list(hourly) == ["weekday"] and hourly["weekday"][8:10] == (0.0, 0.0)
    forecast = channel_demand(phone(at), at.session_state["scenario"]).forecast.reshape(7, 48)
    assert_allclose(forecast[:5, 16:20], 0.0, atol=0) and (forecast[5:, 18:20] > 0).all()
    assert phone(at).curve.weekday_shares[0] == 0.3, "the shares stay"
    assert editor(at, "weekday_shares").value["share"].iloc[0] == "30", "the editor shows what was typed"


def test_a_negative_share_names_its_day_or_hour(web_shop):
    """A share below 0 is refused naming the day (or the day type and the hour) whose value it is,
    in the UI's language; the scenario file's line says it too."""
    def refused(part: str, value) -> list:
        group = f"channels.{PHONE}.curve.{part}"
        result = editing.apply_edits(web_shop, {group: {group: value}})
        return result.problems[group]

    shares = [0.2, -0.05, 0.2, 0.2, 0.2, 0.1, -0.1]  # Tuesday and Sunday
    [problem] = refused("weekday_shares", shares)
    assert problem.sentence("en") == "Tuesday, Sunday: a share must be 0 or more"
    assert problem.sentence("fi") == "Tiistai, sunnuntai: osuuden on oltava 0 tai enemmän"
    assert problem == "channels[1].curve.weekday_shares: Tuesday, Sunday: a share must be 0 or more"
    hourly = dict(curve.hourly_of(curve.profile_curve("office_hours")))
    hourly["saturday"] = [-1.0 if hour == 8 else 1.0 for hour in range(24)]
    [problem] = refused("hourly", {day_type: list(v) for day_type, v in hourly.items()})
    assert problem.sentence("en") == "Saturday 08–09: an hour's share must be 0 or more"
    assert problem.sentence("fi") == "Lauantai 08–09: tunnin osuuden on oltava 0 tai enemmän"


@pytest.mark.parametrize(("locale", "typed_in"), [("fi-FI", "22,5"), ("en-US", "22.5")])
def test_a_share_is_read_the_ui_languages_way_whatever_the_browsers(locale, typed_in):
    """A number column reads what is typed by the browser's locale: an English browser read a
    Finnish 22,5 as 225. The editable columns are text, read here in the UI's language."""
    at = app(locale)
    columns = json.loads(editor(at, "weekday_shares").proto.columns)
    assert columns["share"]["type_config"]["type"] == "text"
    assert {json.loads(editor(at, "hourly").proto.columns)[d]["type_config"]["type"] for d in curve.DAY_TYPES} == {"text"}
    table = editor(at, "weekday_shares")
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=table.proto.id, string_value=json.dumps(
        {"edited_rows": {"0": {"share": typed_in}}, "added_rows": [], "deleted_rows": []})))
    ok(at._run(states))
    assert phone(at).curve.weekday_shares[0] == 0.225
    assert editor(at, "weekday_shares").value["share"].iloc[0] == typed_in


@pytest.mark.parametrize(("locale", "said", "hours_said"), [
    ("fi-FI", "- Keskiviikko: osuuden on oltava 0 tai enemmän", "- Ma–pe 12–13: tunnin osuuden on oltava 0 tai enemmän"),
    ("en-US", "- Wednesday: a share must be 0 or more", "- Mon–Fri 12–13: an hour's share must be 0 or more"),
])
def test_a_negative_share_is_kept_with_its_message(locale, said, hours_said):
    at = app(locale)
    before = at.session_state["scenario"]
    total_said = translate(locale[:2], "channel.curve_share_total", total="")[:12]
    totals_shown = sum(c.value.startswith(total_said) for c in at.caption)  # one per channel
    edit_cells(at, "weekday_shares", {2: {"share": -5.0}})
    assert at.session_state["scenario"] == before
    errors = [e.value for e in at.error]
    assert any(said in e for e in errors), errors
    group = "channels.1.curve.weekday_shares"
    assert at.session_state["pending_raw"][group][2]["share"] == "-5", "what was typed is kept"
    assert sum(c.value.startswith(total_said) for c in at.caption) == totals_shown - 1, \
        "no total under the editor while a value is refused"
    # away and back: the editor shows what was typed, with its message
    at.switch_page("planner/ui/pages/costs.py").run()
    at.switch_page("planner/ui/pages/scenario.py").run()
    ok(at)
    assert editor(at, "weekday_shares").value["share"].iloc[2] == "-5"
    assert any(said in e.value for e in at.error)
    # another language says it in that language and still shows it
    other = "en" if locale.startswith("fi") else "fi"
    at.button_group(key="lang").set_value(other).run()
    ok(at)
    assert editor(at, "weekday_shares").value["share"].iloc[2] == "-5"
    other_said = ("Wednesday: a share must be 0 or more" if other == "en"
                  else "Keskiviikko: osuuden on oltava 0 tai enemmän")
    assert any(other_said in e.value for e in at.error)
    # a valid value is taken
    edit_cells(at, "weekday_shares", {2: {"share": 10.0}})
    assert not at.error and phone(at).curve.weekday_shares[2] == 0.1
    # an hourly weight too, the day type said in the UI's language
    at.button_group(key="lang").set_value(locale[:2]).run()
    edit_cells(at, "hourly", {12: {"weekday": -1.0}})
    assert any(hours_said in e.value for e in at.error), [e.value for e in at.error]
    assert phone(at).curve.hourly is None
    # dropping the refused values draws the table afresh from the scenario
    at.button(key="discard_pending").click().run()
    ok(at)
    assert not at.error and editor(at, "hourly").value["weekday"].iloc[12] == \
        curve.cell_text(curve.hourly_rows(phone(at).curve.model_dump())[12]["weekday"], locale[:2])
    assert editor(at, "hourly").key.endswith(":1"), "a new editor: the refused edit is not shown again"


def test_an_empty_cell_and_a_curve_without_contacts_are_refused_under_the_editor():
    at = app("fi-FI")
    before = at.session_state["scenario"]
    edit_cells(at, "weekday_shares", {0: {"share": None}})
    assert any("puuttuu: kirjoita luku" in e.value for e in at.error)
    zero = {day: {"share": 0.0} for day in range(7)}
    edit_cells(at, "weekday_shares", zero)
    assert any("kaikki painot eivät voi olla 0" in e.value for e in at.error), [e.value for e in at.error]
    at.button(key="curve_reset_1").click().run()
    ok(at)
    assert not at.error and at.session_state["scenario"] == before, "the reset drops what was refused"
    edit_cells(at, "weekday_shares", {day: {"share": 0.0 if day < 5 else 50.0} for day in range(7)})
    night = {hour: {"saturday": 0.0, "sunday": 0.0} for hour in range(24)}
    edit_cells(at, "hourly", night)
    assert any("osuudet ja tuntipainot eivät anna yhteydenottoja" in e.value for e in at.error)
    assert phone(at).curve.hourly is None and phone(at).curve.weekday_shares == (0, 0, 0, 0, 0, 0.5, 0.5)


def test_switching_to_a_profile_and_back_restores_the_adjusted_curve():
    at = app("fi-FI")
    edit_cells(at, "weekday_shares", {0: {"share": 30.0}})
    edit_cells(at, "hourly", {3: {"sunday": 5.0}})
    adjusted = phone(at).curve
    assert adjusted.weekday_shares is not None and adjusted.hourly is not None
    selector(at).set_value("office_hours").run()
    ok(at)
    assert phone(at).curve == load_scenario(ROOT / "scenarios" / "web_shop.json").channels[PHONE].curve.model_copy(
        update={"profile": "office_hours"})
    select = selector(at)
    assert shown(select) == "Virka-aika" and "Verkkokauppa, painotus illassa, muokattu" in select.options
    assert any("Tallessa tämän istunnon ajan: Verkkokauppa, painotus illassa, muokattu" in c.value for c in at.caption)
    assert editor(at, "weekday_shares").value["share"].tolist() == ["23,53", "19,61", "19,61", "19,61", "17,65", "0",
                                                                     "0"], "the editor shows the profile chosen"
    selector(at).set_value("adjusted:web_shop_evening").run()
    ok(at)
    assert phone(at).curve == adjusted
    assert editor(at, "weekday_shares").value["share"].iloc[0] == "30", "drawn afresh: the shares as typed"
    assert at.session_state["scenario"].channels[0].curve.weekday_shares is None, "other channels untouched"


def test_switching_away_from_an_imported_curve_and_back():
    at = app("en-US")
    edit_cells(at, "weekday_shares", {6: {"share": 12.0}})
    adjusted = phone(at).curve
    rows = "timestamp,count\n" + "\n".join(f"2026-11-{d:02d} {h:02d}:15,{n}" for d in range(2, 16)
                                            for h, n in ((10, 5), (20, 9)))
    at.file_uploader(key="csv_0_1").upload("phone.csv", rows.encode(), "text/csv")
    ok(at.run())
    imported = phone(at).curve
    assert imported.table is not None and phone(at).volume_per_week == 98.0
    assert imported.weekday_shares is None and imported.hourly is None, "the history replaces the typed shape"
    select = selector(at)
    assert select.value == "table" and "Web shop, evening-heavy, adjusted" in select.options, \
        "the curve typed in before the import is kept"
    assert any("Type in the days and hours" in c.value or "imported from a CSV and used as it is" in c.value
               for c in at.caption)
    assert not any(e.key and e.key.startswith(key(at, "channels.1.curve.")) for e in at.data_editor), \
        "an imported curve is used as it is"
    selector(at).set_value("round_the_clock").run()
    ok(at)
    assert phone(at).curve.table is None and phone(at).curve.profile == "round_the_clock"
    assert "Imported from history (CSV)" in selector(at).options, "the import stays in the list"
    selector(at).set_value("table").run()
    ok(at)
    assert phone(at).curve == imported and phone(at).volume_per_week == 98.0
    selector(at).set_value("adjusted:web_shop_evening").run()
    assert phone(at).curve == adjusted and phone(at).volume_per_week == 98.0, "the volume stays as it is"


def test_reset_removes_the_adjustments_and_keeps_them_in_the_list():
    at = upload(app("en-US"), adjusted_scenario())
    kept = phone(at).curve
    at.button(key="curve_reset_1").click().run()
    ok(at)
    reset = phone(at).curve
    assert reset.profile == "office_hours" and reset.weekday_shares is None and reset.hourly is None
    assert reset.table is None and phone(at).volume_per_week == 500.0
    assert_allclose(day_totals(at.session_state["scenario"]), 500 * np.array([1.2, 1, 1, 1, 0.9, 0, 0]) / 5.1,
                    rtol=1e-9)
    select = selector(at)
    assert shown(select) == "Office hours" and "Office hours, adjusted" in select.options
    assert editor(at, "weekday_shares").value["share"].tolist() == ["23.53", "19.61", "19.61", "19.61", "17.65", "0",
                                                                     "0"]
    assert not any(b.key == "curve_reset_1" for b in at.button), "nothing left to reset"
    selector(at).set_value("adjusted:office_hours").run()
    assert phone(at).curve == kept


def test_the_kept_curves_go_with_their_scenario():
    at = app("en-US")
    edit_cells(at, "weekday_shares", {0: {"share": 30.0}})
    selector(at).set_value("office_hours").run()
    assert "Web shop, evening-heavy, adjusted" in selector(at).options
    at.selectbox(key=f"w{at.session_state['rev']}:example").set_value("office_phone").run()
    next(b for b in at.button if b.label == "Open the example").click().run()
    ok(at)
    assert all(", adjusted" not in option for option in selector(at, 0).options), \
        "another scenario's channels are other channels"


def test_the_scenario_file_keeps_the_typed_curve():
    at = app("fi-FI")
    edit_cells(at, "weekday_shares", {5: {"share": 10.0}})
    saved = load_scenario(scenario_io.scenario_bytes(at.session_state["scenario"]))
    assert saved.channels[PHONE].curve.weekday_shares[5] == 0.1
    assert saved == at.session_state["scenario"]
    assert set(PROFILE_SHAPES) == set(curve.PROFILES)


def test_a_curve_set_aside_survives_a_reload():
    at = app("fi-FI")
    edit_cells(at, "weekday_shares", {0: {"share": 30.0}})
    adjusted = phone(at).curve
    selector(at).set_value("office_hours").run()
    again = AppTest.from_file(APP, default_timeout=60)  # a browser reload: a new session on the same URL
    again.context["locale"] = "fi-FI"
    for name, value in at.query_params.items():
        again.query_params[name] = value
    ok(again.run())
    assert "Verkkokauppa, painotus illassa, muokattu" in selector(again).options
    selector(again).set_value("adjusted:web_shop_evening").run()
    assert phone(ok(again)).curve == adjusted


def test_a_cell_left_empty_shows_empty_when_drawn_again():
    """A cleared cell is refused and kept as typed; drawn again (another language, another page and
    back) it showed "nan"."""
    at = edit_cells(app("fi-FI"), "weekday_shares", {0: {"share": None}})
    at.button_group(key="lang").set_value("en").run()
    ok(at)
    assert editor(at, "weekday_shares").value["share"].iloc[0] == ""
    at = edit_cells(app("en-US"), "hourly", {9: {"weekday": None}})
    at.switch_page("planner/ui/pages/costs.py").run()
    at.switch_page("planner/ui/pages/scenario.py").run()
    ok(at)
    assert editor(at, "hourly").value["weekday"].iloc[9] == ""


def test_an_empty_day_of_opening_hours_is_named_by_its_day():
    """The editor's problem said "channels[0].open_hours[0] (Channel 1 › Opening hours): start and end
    are both 08:00": an internal path, and no day."""
    at = app("en-US")
    prefix = key(at, "channels.0.open_hours") + ":"
    table = next(e for e in at.data_editor if e.key and e.key.startswith(prefix))
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=table.proto.id, string_value=json.dumps(
        {"edited_rows": {"0": {"end": "08:00"}}, "added_rows": [], "deleted_rows": []})))
    at = ok(at._run(states))
    said = [e.value for e in at.error if "08:00" in e.value]
    assert len(said) == 1 and said[0].endswith(
        "\n\n- Monday: start and end are both 08:00; use 00:00-24:00 for the whole day"), said


def test_a_day_closed_keeps_its_hours_after_a_visit_to_another_page():
    """Unticking Sunday kept 10:00-20:00 on the page, but after a visit to another page the
    table, drawn anew from the scenario (None for a closed day), showed 08:00-16:00."""
    at = app("en-US")

    def hours_table(at):
        prefix = key(at, "channels.1.open_hours") + ":"
        return next(e for e in at.data_editor if e.key and e.key.startswith(prefix))

    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=hours_table(at).proto.id, string_value=json.dumps(
        {"edited_rows": {"6": {"open": False}}, "added_rows": [], "deleted_rows": []})))
    at = ok(at._run(states))
    assert at.session_state["scenario"].channels[1].open_hours[6] is None
    at.switch_page("planner/ui/pages/staffing.py").run()
    at.switch_page("planner/ui/pages/scenario.py").run()
    sunday = ok(at) and hours_table(at).value.iloc[6]
    assert (bool(sunday["open"]), sunday["start"], sunday["end"]) == (False, "10:00", "20:00")


def test_shift_start_times_are_limited_on_the_workforce_tab():
    """Switched on, every day allows starts 06:00-18:00; a day unticked allows none; all
    days unticked is refused under the table, and the scenario keeps the last valid times."""
    at = app("fi-FI")
    assert at.session_state["scenario"].workforce.shift_starts is None
    at = ok(at.toggle(key=key(at, "workforce.shift_starts:on")).set_value(True).run())
    starts = at.session_state["scenario"].workforce.shift_starts
    assert [(w.start, w.end) for w in starts] == [("06:00", "18:00")] * 7

    def edit(at, rows):
        prefix = key(at, "workforce.shift_starts") + ":"
        table = next(e for e in at.data_editor if e.key and e.key.startswith(prefix))
        states = at._tree.get_widget_states()
        states.widgets.append(WidgetState(id=table.proto.id, string_value=json.dumps(
            {"edited_rows": rows, "added_rows": [], "deleted_rows": []})))
        return ok(at._run(states))

    at = edit(at, {"6": {"open": False}, "5": {"start": "22:00", "end": "02:00"}})
    starts = at.session_state["scenario"].workforce.shift_starts
    assert starts[6] is None and (starts[5].start, starts[5].end) == ("22:00", "02:00")
    at = edit(at, {str(day): {"open": False} for day in range(7)})
    assert at.session_state["scenario"].workforce.shift_starts == starts
    assert any("yhtenäkään päivänä vuoro ei saa alkaa" in e.value for e in at.error), [e.value for e in at.error]


def test_a_named_team_is_entered_edited_and_switched_off_on_the_workforce_tab():
    """A review found no way to roster one's own team in the app: only a hand-written file did."""
    at = app("en-US")
    assert at.session_state["scenario"].workforce.team is None
    at = ok(at.toggle(key=key(at, "workforce.team:on")).set_value(True).run())
    team = at.session_state["scenario"].workforce.team
    assert [(a.id, a.contract) for a in team] == [(f"Agent {n}", "full_time") for n in (1, 2, 3)]

    def edit(at, delta):
        prefix = key(at, "workforce.team") + ":"
        table = next(e for e in at.data_editor if e.key and e.key.startswith(prefix))
        states = at._tree.get_widget_states()
        states.widgets.append(WidgetState(id=table.proto.id, string_value=json.dumps(
            {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **delta})))
        return ok(at._run(states))

    # a row with no name is refused, and kept with what it holds (it was left out, and lost on the next edit)
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00"}, "1": {"channels": ["chat"]}},
                   "deleted_rows": [2],
                   "added_rows": [{"name": "Pekka", "contract": "part_time"}, {"contract": "part_time",
                                                                               "not_before": "10:00"}]})
    assert at.session_state["scenario"].workforce.team[0].id == "Agent 1"
    assert any("Give each row a name, or delete it: row 4 has none" in e.value for e in at.error), \
        [e.value for e in at.error]
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00"}, "1": {"channels": ["chat"]}},
                   "deleted_rows": [2],
                   "added_rows": [{"name": "Pekka", "contract": "part_time"}, {"contract": "part_time",
                                                                               "not_before": "10:00", "name": "Liisa"}]})
    team = at.session_state["scenario"].workforce.team
    assert [(a.id, a.contract, a.channels, a.not_before, a.not_after) for a in team] == [
        ("Anna", "full_time", None, "16:00", None),
        ("Agent 2", "full_time", ("chat",), None, None),
        ("Pekka", "part_time", None, None, None),
        ("Liisa", "part_time", None, "10:00", None),
    ]
    # a member whose times cannot reach the contract's minimum is warned of beside the table
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00", "not_after": "21:00"},
                                   "1": {"channels": ["chat"], "not_before": "10:00", "not_after": "12:00"}},
                   "deleted_rows": [2],
                   "added_rows": [{"name": "Pekka", "contract": "part_time"}, {"contract": "part_time",
                                                                               "not_before": "10:00", "name": "Liisa"}]})
    warned = [w.value for w in at.warning if "Anna:" in w.value]
    assert warned == [("- Anna: at most 24 h a week fit 16:00–21:00, below the full-time minimum of 37.5 h; the "
                       "roster gives Anna at most that\n- Agent 2: no shift of the lengths allowed fits 10:00–12:00, "
                       "so Agent 2 is left off the roster")], [w.value for w in at.warning]
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00"}, "1": {"channels": ["chat"]}},
                   "deleted_rows": [2],
                   "added_rows": [{"name": "Pekka", "contract": "part_time"}, {"contract": "part_time",
                                                                               "not_before": "10:00", "name": "Liisa"}]})
    assert not [w.value for w in at.warning if "Anna:" in w.value]
    # a name twice is refused under the table; the scenario keeps its team, the table what was typed
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00"}, "1": {"name": "anna"}},
                   "deleted_rows": [2], "added_rows": [{"name": "Pekka", "contract": "part_time"}]})
    assert at.session_state["scenario"].workforce.team == team
    assert any("Anna = anna: team members 1, 2 have one name" in e.value for e in at.error), [e.value for e in at.error]
    at = edit(at, {"edited_rows": {"1": {"name": "X/Y"}}})  # a cell's problem names its row and column
    assert any("- Row 2 › Name: must be 1 to 40 characters: letters, digits, spaces, . _ - or ', got 'X/Y'" in e.value
               for e in at.error), [e.value for e in at.error]
    at = edit(at, {"edited_rows": {"0": {"name": "Anna", "not_before": "16:00"}, "1": {"name": "anna"}},
                   "deleted_rows": [2], "added_rows": [{"name": "Pekka", "contract": "part_time"}]})
    at.switch_page("planner/ui/pages/roster.py").run()  # and back: the table is drawn anew
    assert at.caption[0].value.startswith("Your team's shifts"), "the Roster page says whose roster it is"
    at = ok(at.switch_page("planner/ui/pages/scenario.py").run())
    table = next(e for e in at.data_editor if e.key and e.key.startswith(key(at, "workforce.team") + ":"))
    assert list(table.value["name"]) == ["Anna", "anna", "Pekka"]
    # switched off, the cheapest mix again; on again, the team as it was
    at = ok(at.toggle(key=key(at, "workforce.team:on")).set_value(False).run())
    assert at.session_state["scenario"].workforce.team is None
    at = ok(at.toggle(key=key(at, "workforce.team:on")).set_value(True).run())
    assert at.session_state["scenario"].workforce.team == team


def test_team_rows_round_trip():
    team = load_scenario(ROOT / "scenarios" / "web_shop.json").workforce.model_copy(update={"team": ()}).team
    assert scenario_io.team_table(team) == [] and scenario_io.team_from_table([]) == []
    rows = [{"name": " Aino ", "contract": "part_time", "channels": [], "not_before": None, "not_after": float("nan")},
            {"name": "", "contract": "full_time", "channels": None, "not_before": None, "not_after": None}]
    assert scenario_io.unnamed_rows(rows) == [2]
    assert scenario_io.team_from_table(rows[:1]) == [
        {"id": "Aino", "contract": "part_time", "channels": None, "not_before": None, "not_after": None}]
    assert scenario_io.team_table(scenario_io.team_from_table(rows[:1])) == [
        {"name": "Aino", "contract": "part_time", "channels": [], "not_before": "-", "not_after": "-"}]
