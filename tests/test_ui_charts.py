"""The functions behind the app's charts and tables, on real plans (AppTest cannot see charts).

Also the UI's pure helpers: number formats, edits that keep the last valid
scenario, scenario files in and out, cost-line names, and the background
plan jobs. The doctests of planner/ui run here too (pytest's doctest run
leaves planner/ui out because its modules import streamlit).
"""

import dataclasses
import doctest
import threading
import time

import numpy as np
import pytest
from conftest import ROOT
from numpy.testing import assert_allclose

from planner.plan import build_plan
from planner.scenario import load_scenario, parse_scenario
from planner.ui import charts, editing, fmt, jobs, labels, scenario_io
from planner.ui.editing import scenario_data


def _quick(name: str, seconds: float = 4.0):
    data = scenario_data(load_scenario(ROOT / "scenarios" / f"{name}.json"))
    data["workforce"]["solver_time_limit_s"] = seconds
    return parse_scenario(data)


@pytest.fixture(scope="module")
def office_plan():
    """One channel, a roster with shifts (the office example)."""
    return build_plan(load_scenario(ROOT / "scenarios" / "office_phone.json"))


@pytest.fixture(scope="module")
def shop_plan():
    """Three channels (chat, phone, callback), two offers and a hybrid (the web shop example)."""
    return build_plan(_quick("web_shop"))


# --- Staffing -------------------------------------------------------------------------


def test_requirement_frame_is_the_plan_on_the_grid(shop_plan):
    for i, cp in enumerate(shop_plan.channels):
        frame = charts.requirement_frame(shop_plan, i)
        assert len(frame) == 336 == len(shop_plan.labels)
        assert frame["required_staff"].tolist() == cp.requirement.required_staff.astype(float).tolist()
        assert frame["required_agents"].tolist() == cp.requirement.required_agents.astype(float).tolist()
        assert_allclose(frame["forecast_contacts"], cp.demand.forecast)
        assert_allclose(frame["scheduled"], cp.scheduled)
        assert_allclose(frame["understaffed"], cp.understaffed)
        assert frame["open"].tolist() == cp.demand.open.tolist()
        assert frame["label"].iloc[17] == "Mon 08:30" and frame["hour"].iloc[17] == 8.5
        assert frame["minute"].iloc[-1] == 7 * 1440 - 30
        finite = np.isfinite(cp.achieved.asa_s)
        assert_allclose(frame["asa_s"][finite], cp.achieved.asa_s[finite])
        assert frame["asa_s"][~finite].isna().all()
    by_id = charts.requirement_frame(shop_plan, "phone")
    assert by_id["required_staff"].tolist() == shop_plan.channels[1].requirement.required_staff.tolist()
    with pytest.raises(KeyError, match="no channel"):
        charts.requirement_frame(shop_plan, "fax")


def test_long_frame_stacks_the_series(shop_plan):
    frame = charts.requirement_frame(shop_plan, "chat")
    long = charts.long_frame(frame)
    assert len(long) == 3 * len(frame)
    staff = long[long["series"] == "required_staff"]["value"].to_numpy()
    assert staff.tolist() == frame["required_staff"].tolist()


def test_channel_summary_has_the_week_figures(shop_plan):
    summary = charts.channel_summary_frame(shop_plan)
    assert summary["channel"].tolist() == ["chat", "phone", "callback"]
    assert summary["deferred"].tolist() == [False, False, True]
    for row, cp in zip(summary.itertuples(), shop_plan.channels):
        assert_allclose(row.contacts_per_week, cp.channel.volume_per_week)  # demand factor 1, no deflection
        assert row.peak_required_staff == cp.requirement.required_staff.max()
        assert row.service_level == cp.achieved.week_service_level
        assert row.p_abandon == cp.achieved.week_p_abandon
        assert row.understaffed_intervals == int((cp.understaffed > 1e-9).sum())
        assert_allclose(row.lost_per_week, cp.lost_per_week)
    assert summary.loc[1, "target_s"] == 30 and summary.loc[1, "max_abandon"] == 0.05
    assert summary.loc[2, "deadline_min"] == 120


def test_understaffed_runs_are_merged(shop_plan):
    cp = shop_plan.channels[1]
    short = np.zeros(336)
    short[[16, 17, 18, 40, 335]] = [1.0, 2.5, 1.0, 0.5, 1.0]
    patched = dataclasses.replace(shop_plan, channels=(
        dataclasses.replace(shop_plan.channels[0], understaffed=np.zeros(336)),
        dataclasses.replace(cp, understaffed=short),
        dataclasses.replace(shop_plan.channels[2], understaffed=np.zeros(336)),
    ))
    frame = charts.understaffed_frame(patched)
    assert frame[["channel", "start_min", "end_min", "intervals"]].values.tolist() == [
        ["phone", 480, 570, 3], ["phone", 1200, 1230, 1], ["phone", 10050, 10080, 1]]
    assert frame["shortfall_max"].tolist() == [2.5, 0.5, 1.0]
    assert frame.loc[0, "required_staff_max"] == cp.requirement.required_staff[16:19].max()
    assert frame.loc[0, "scheduled_min"] == cp.scheduled[16:19].min()
    assert fmt.week_span(480, 570, "fi") == "ma 08:00–09:30"


def test_understaffed_frame_matches_the_plan(office_plan, shop_plan):
    for plan in (office_plan, shop_plan):
        frame = charts.understaffed_frame(plan)
        assert list(frame.columns)[:5] == ["channel", "name", "deferred", "start_min", "end_min"]
        assert frame["intervals"].sum() == plan.understaffed_intervals
        summary = charts.channel_summary_frame(plan)
        assert summary["understaffed_periods"].sum() == len(frame)
        assert summary["understaffed_intervals"].sum() == plan.understaffed_intervals


def test_a_period_short_all_week_reads_all_week(shop_plan):
    """A chat with nobody all week read "Vajaa: Chat ma 00:00–ma 00:00" (browser review)."""
    frame = charts.understaffed_frame(_short_only(shop_plan, 0, np.ones(336)))
    assert frame[["start_min", "end_min"]].values.tolist() == [[0, 10080]]
    assert [fmt.week_span(0, 10080, lang) for lang in ("fi", "en")] == ["koko viikko", "all week"]


def test_week_runs_go_on_over_the_end_of_the_week():
    assert charts.week_runs([True, False, False, True, True]) == [(3, 6)]
    assert charts.week_runs([False, True, True, False, True]) == [(1, 3), (4, 5)]
    assert charts.week_runs([True, True, True]) == [(0, 3)]
    assert charts.week_runs([False] * 4) == [] == charts.week_runs([])


def _short_only(plan, index: int, short: np.ndarray):
    channels = tuple(dataclasses.replace(cp, understaffed=short if i == index else np.zeros(len(short)))
                     for i, cp in enumerate(plan.channels))
    return dataclasses.replace(plan, channels=channels)


def test_an_understaffed_period_over_sunday_midnight_is_one_period_as_the_roster_says(shop_plan):
    short = np.zeros(336)
    short[[334, 335, 0, 1, 100]] = [0.5, 1.0, 1.0, 0.25, 0.2]
    patched = _short_only(shop_plan, 1, short)
    frame = charts.understaffed_frame(patched)
    assert frame[["start_min", "end_min", "intervals"]].values.tolist() == [[3000, 3030, 1], [10020, 10140, 4]]
    assert fmt.week_span(10020, 10140, "fi") == "su 23:00–ma 01:00"
    assert frame["shortfall_max"].tolist() == [0.2, 1.0]
    assert_allclose(frame["shortfall_h"], [0.1, 1.375])  # agent-intervals of 30 min: (0.5 + 1 + 1 + 0.25) / 2
    summary = charts.channel_summary_frame(patched)
    assert summary.loc[1, "understaffed_periods"] == 2 and summary.loc[1, "understaffed_intervals"] == 5


def test_understaffed_callback_is_marked_deferred_with_its_work_in_hours(shop_plan):
    short = np.zeros(336)
    short[[38, 89, 90]] = [0.24, 0.2, 0.12]  # callback work dropped, as the web shop's roster leaves it
    frame = charts.understaffed_frame(_short_only(shop_plan, 2, short))
    assert frame["channel"].tolist() == ["callback", "callback"] and frame["deferred"].all()
    assert_allclose(frame["shortfall_h"], [0.12, 0.16])
    assert frame["required_staff_max"].tolist() == [0.0, 0.0], "callback is rostered as work, not as staff"


# --- Roster ---------------------------------------------------------------------------


def test_a_callbacks_coverage_shows_its_work_arriving_not_zero_staff(shop_plan):
    """The callback chart showed required staff 0 all week with red shortfalls in it: its
    need is work arriving, which the roster may place later within the answer time."""
    callback = next(cp for cp in shop_plan.channels if cp.requirement.is_deferred)
    frame = charts.coverage_frame(shop_plan, callback.channel.id)
    assert not callback.requirement.required_staff.any() and frame["required_staff"].sum() > 0
    assert_allclose(frame["required_staff"], callback.requirement.deferred_work)
    # the work arrives and is done: over the week, within rounding, what is scheduled
    assert frame["scheduled"].sum() + frame["understaffed"].sum() >= 0.95 * frame["required_staff"].sum()


def test_office_plan_has_a_roster(office_plan):
    assert len(office_plan.schedule.shifts) > 5, "the office example should be rostered"


def test_coverage_frame_sums_the_channels(office_plan, shop_plan):
    frame = charts.coverage_frame(shop_plan)
    assert_allclose(frame["required_staff"], sum(cp.requirement.required_staff + cp.requirement.deferred_work
                                                  for cp in shop_plan.channels))
    assert_allclose(frame["scheduled"], sum(cp.scheduled for cp in shop_plan.channels))
    one = charts.coverage_frame(office_plan, "phone")
    cp = office_plan.channels[0]
    assert one["required_staff"].tolist() == cp.requirement.required_staff.astype(float).tolist()
    assert_allclose(one["scheduled"], cp.scheduled)
    assert_allclose(one["understaffed"], cp.understaffed)


def test_shifts_frame_lists_every_shift(office_plan):
    frame = charts.shifts_frame(office_plan)
    shifts = office_plan.schedule.shifts
    assert len(frame) == len(shifts)
    assert list(frame.columns) == ["agent", "day", "start_min", "end_min", "start", "end", "channels", "breaks",
                                   "paid_h"]
    assert frame[["agent", "start_min"]].values.tolist() == sorted([s.agent, s.start_min] for s in shifts)
    assert_allclose(frame["paid_h"].sum(), sum(s.paid_min for s in shifts) / 60)
    first = min(shifts, key=lambda s: (s.agent, s.start_min))
    row = frame.iloc[0]
    assert row["start"] == f"{first.start_min % 1440 // 60:02d}:{first.start_min % 60:02d}"
    assert row["day"] == first.start_min // 1440 and row["channels"] == ("phone",)
    assert all(len(b) == 2 and ":" in b[0] for brks in frame["breaks"] for b in brks)
    assert frame["breaks"].map(len).sum() == sum(len(s.breaks) for s in shifts)


def test_roster_summary(office_plan):
    summary = charts.roster_summary(office_plan)
    report = office_plan.schedule.solver
    assert summary["agents"] == len({s.agent for s in office_plan.schedule.shifts})
    assert summary["shifts"] == len(office_plan.schedule.shifts)
    assert summary["status"] == report.status and summary["gap"] == report.gap
    assert summary["reasons"] == tuple(report.reasons)


def test_roster_cost_a_week_is_the_in_house_cost_of_a_month(shop_plan):
    summary = charts.roster_summary(shop_plan)
    report = shop_plan.schedule.solver
    assert_allclose(summary["paid_cost_per_week"] + summary["understaffing_cost"], report.objective)
    assert summary["understaffing_cost"] == shop_plan.schedule.understaffing_cost
    assert summary["paid_cost_per_month"] == shop_plan.in_house.cost.per_month
    assert_allclose(summary["month_weeks"], 52 / 12)
    assert_allclose(summary["paid_cost_per_week"] * 52 / 12, summary["paid_cost_per_month"], atol=0.05)
    assert summary["limit_s"] == 4.0
    assert summary["seconds"] == report.seconds


def test_gantt_frame_covers_each_shift(office_plan):
    frame = charts.gantt_frame(office_plan)
    work = frame[frame["part"] == "work"]
    breaks = frame[frame["part"] == "break"]
    shifts = office_plan.schedule.shifts
    assert_allclose((work["end_h"] - work["start_h"]).sum(), sum(s.end_min - s.start_min for s in shifts) / 60)
    assert_allclose((breaks["end_h"] - breaks["start_h"]).sum(),
                    sum(e - b for s in shifts for b, e in s.breaks) / 60)
    assert frame["start_h"].min() >= 0 and frame["end_h"].max() <= 168


def test_gantt_frame_splits_a_shift_past_the_end_of_the_week(office_plan):
    shift = office_plan.schedule.shifts[0]
    late = dataclasses.replace(shift, start_min=7 * 1440 - 120, end_min=7 * 1440 + 240, breaks=())
    schedule = dataclasses.replace(office_plan.schedule, shifts=(late,))
    frame = charts.gantt_frame(dataclasses.replace(office_plan, schedule=schedule))
    assert frame[["start_h", "end_h"]].values.tolist() == [[166.0, 168.0], [0.0, 4.0]]
    shifts = charts.shifts_frame(dataclasses.replace(office_plan, schedule=schedule))
    assert shifts.loc[0, ["day", "start", "end"]].tolist() == [6, "22:00", "04:00"]


# --- Costs ----------------------------------------------------------------------------


def test_options_frame_has_every_option(shop_plan):
    frame = charts.options_frame(shop_plan)
    assert frame["option"].tolist() == ["in_house", "Ulkoistus tuntihinnalla", "Ulkoistus yhteydenottohinnalla", "hybrid",
                                        "closed_outside", "optimised"]
    assert frame["kind"].tolist() == ["in_house", "outsourced", "outsourced", "hybrid", "closed_outside", "optimised"]
    options = charts.options(shop_plan)
    assert options == list(shop_plan.options)
    assert frame["per_month"].tolist() == [o.cost.per_month for o in options]
    assert frame["lost_revenue_per_month"].tolist() == [o.lost_revenue_per_month for o in options]
    assert frame["total"].tolist() == [o.total_per_month for o in options]
    assert frame["basis"].tolist() == [o.basis for o in options]
    assert_allclose(frame["lost_contacts_per_month"], [o.lost_contacts_per_month for o in options])
    assert_allclose(frame["lost_abandoned"] + frame["lost_unanswered"] + frame["lost_closed"],
                    frame["lost_contacts_per_month"])
    units = [o.cost_per_handled_contact for o in options]
    assert_allclose(frame["cost_per_handled_contact"], [np.nan if u is None else u for u in units])
    summary = shop_plan.to_json()["costs"]
    assert summary["in_house"]["per_month"] == frame.loc[0, "per_month"]
    assert frame.loc[frame["total"].idxmin(), "option"] == "optimised", "the optimised mix is never dearer"


def test_assignment_frame_says_who_serves_each_block(shop_plan):
    frame = charts.assignment_frame(shop_plan, shop_plan.hybrid)
    assert frame.index.tolist() == ["chat", "phone", "callback"]
    assert frame.columns.tolist()[:4] == ["weekday_day", "weekday_evening", "saturday", "sunday"]
    assert set(frame["weekday_day"]) == {"in_house"}
    assert set(frame["sunday"]) == {shop_plan.scenario.hybrid.offer}
    closed = charts.assignment_frame(shop_plan, shop_plan.closed_outside)
    assert set(closed["saturday"]) == {"closed"}
    for option in charts.options(shop_plan):
        mix = charts.assignment_frame(shop_plan, option)
        assert {v for row in mix.values for v in row} <= {"in_house", "closed", "mixed", *(
            o.name for o in shop_plan.scenario.offers)}


def test_cost_lines_add_up_to_the_total(office_plan, shop_plan):
    for plan in (office_plan, shop_plan):
        for option in charts.options(plan):
            lines = charts.cost_lines_frame(option)
            assert len(lines) == len(option.cost.lines)
            assert round(lines["per_month"].sum(), 2) == option.cost.per_month
            assert all(isinstance(i, dict) for i in lines["inputs"])
    wages = charts.cost_lines_frame(office_plan.in_house).iloc[0]
    assert wages["item"] == "Wages" and wages["inputs"]["wage_per_h"] == office_plan.scenario.in_house.wage_per_h


def test_weekly_cost_lines_name_the_weeks_in_a_month(shop_plan):
    """A line priced by the week says how many weeks make its month (52/12), on the page,
    in the PDF and in the workbook alike (they all show the line's inputs)."""
    lines = charts.cost_lines_frame(shop_plan.in_house).set_index("item")
    for item in ("Wages", "Sunday premium"):
        inputs = lines.loc[item, "inputs"]
        hours = inputs.get("paid_h_per_week", inputs.get("hours_per_week"))
        rate = inputs.get("rate", 1.0)
        assert inputs["weeks_per_month"] == pytest.approx(52 / 12, abs=1e-4)
        assert_allclose(hours * inputs["wage_per_h"] * rate * inputs["weeks_per_month"], lines.loc[item, "per_month"],
                        rtol=1e-4)  # the hours are rounded to 0.01 h
    assert "viikkoa/kk 4,3333" in labels.cost_inputs(lines.loc["Wages", "inputs"], "fi", "EUR")
    assert "weeks_per_month" not in lines.loc["Pension (TyEL)", "inputs"]
    offer = charts.cost_lines_frame(shop_plan.outsourced[0])
    assert all(("weeks_per_month" in i) == ("hours_per_week" in i) for i in offer["inputs"])
    assert charts.month_weeks_text(52 / 12, "fi") == "52/12 = 4,33"
    assert charts.month_weeks_text(4.5, "fi") == "4,50"


def test_every_cost_line_has_a_finnish_name(office_plan, shop_plan):
    for plan in (office_plan, shop_plan):
        names = {c.id: c.name for c in plan.scenario.channels}
        offers = tuple(o.name for o in plan.scenario.offers)
        for option in charts.options(plan):
            for line in option.cost.lines:
                fi = labels.cost_item(line.item, "fi", names, offers)
                assert fi != line.item or line.item in offers, line.item
                assert all(labels.has_input_label(name, "fi") for name in line.inputs), line.inputs
                assert labels.cost_inputs(line.inputs, "fi", "EUR")


# --- Scenario -------------------------------------------------------------------------


def test_curve_frame_is_the_forecast(shop_plan):
    scenario = shop_plan.scenario
    frame = charts.curve_frame(scenario, 0)
    assert_allclose(frame["forecast_contacts"].sum(), scenario.channels[0].volume_per_week)
    assert_allclose(frame["forecast_contacts"], shop_plan.channels[0].demand.forecast)
    assert frame["open"].tolist() == shop_plan.channels[0].demand.open.tolist()


# --- Charts build ---------------------------------------------------------------------

LABELS = {k: k for k in ("forecast_contacts", "required_agents", "required_staff", "scheduled", "understaffed",
                         "contacts", "people", "when", "closed", "agent", "work", "break", "from", "to", "cost",
                         "lost_revenue", "money", "option")}


def _values(spec: dict) -> list:
    found = []
    for data in spec.get("datasets", {}).values():
        found += data
    return found


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_charts_build_with_localised_labels(office_plan, shop_plan, lang):
    top, bottom = charts.requirement_charts(charts.requirement_frame(shop_plan, "phone"), lang, LABELS)
    for chart in (top, bottom):
        spec = chart.to_dict()
        assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "fi" else ".")
        assert "ma" if lang == "fi" else "Mon" in str(spec)
    whens = {row.get("when") for row in _values(bottom.to_dict())}
    assert ("ma 08:00" if lang == "fi" else "Mon 08:00") in whens
    for chart in (
        charts.coverage_chart(charts.coverage_frame(office_plan), lang, LABELS),
        charts.gantt_chart(charts.gantt_frame(office_plan), lang, LABELS),
        charts.options_chart(charts.options_frame(shop_plan), lang, LABELS),
        charts.curve_chart(charts.curve_frame(shop_plan.scenario, 1), lang, LABELS),
    ):
        spec = chart.to_dict()
        assert _values(spec), "every chart carries its data"
    weekday_labels = str(charts.week_axis(lang).to_dict())
    assert ("'ma','ti','ke','to','pe','la','su'" if lang == "fi" else "'Mon','Tue'") in weekday_labels


def test_options_chart_shows_money_in_the_language(shop_plan):
    spec = charts.options_chart(charts.options_frame(shop_plan), "fi", LABELS).to_dict()
    texts = [row["value_text"] for row in _values(spec)]
    assert all(text.endswith("\u00a0€") for text in texts)


# --- Formats --------------------------------------------------------------------------


def test_finnish_and_english_number_formats():
    nbsp = "\u00a0"
    assert fmt.money(1234.5, "EUR", "fi", 2) == f"1{nbsp}234,50{nbsp}€"
    assert fmt.money(1234.5, "EUR", "en", 2) == "€1,234.50"
    assert fmt.money(1234567, "EUR", "fi") == f"1{nbsp}234{nbsp}567{nbsp}€"
    assert fmt.percent(0.8, "fi") == f"80{nbsp}%" and fmt.percent(0.8, "en") == "80%"
    assert fmt.percent(0.0526, "fi", 1) == f"5,3{nbsp}%"
    assert fmt.number(-2.5, "fi", 1) == "−2,5" and fmt.number(-0.001, "fi", 1) == "0,0"
    assert fmt.number(None, "fi") == fmt.number(float("nan"), "en") == "–"
    assert [fmt.weekday(d, "fi") for d in range(7)] == ["ma", "ti", "ke", "to", "pe", "la", "su"]
    assert fmt.seconds(20, "fi") == f"20{nbsp}s" and fmt.seconds(7200, "fi") == f"2{nbsp}h"
    assert fmt.week_span(5 * 1440 + 600, 5 * 1440 + 1200, "en") == "Sat 10:00–20:00"
    assert fmt.week_span(1320, 1440, "fi") == "ma 22:00–24:00"


def test_ui_doctests():
    from planner.ui import i18n, widgets

    for module in (fmt, editing, scenario_io, labels, charts, widgets, i18n):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__


# --- Edits keep the last valid scenario -----------------------------------------------


def test_an_invalid_edit_stays_pending_and_keeps_the_scenario(web_shop):
    result = editing.apply_edits(web_shop, {"name": {"name": ""}})
    assert result.scenario == web_shop and not result.changed
    assert result.pending == {"name": {"name": ""}}
    assert result.problems["name"][0].startswith("name:")


def test_an_edit_to_a_field_gone_from_the_scenario_is_kept_and_said_in_finnish(web_shop):
    gone = {"channels.9.volume_per_week": {"channels.9.volume_per_week": 10.0}}  # the scenario has 3 channels
    result = editing.apply_edits(web_shop, gone)
    assert result.scenario == web_shop and result.pending == gone
    problem = result.problems["channels.9.volume_per_week"][0]
    assert problem.text("fi") == ("channels.9.volume_per_week (Kanava 10 › Yhteydenottoja viikossa): tätä kenttää ei "
                                  "enää ole skenaariossa; kirjoita arvo uudelleen")


def test_valid_edits_commit_beside_a_pending_one(web_shop):
    groups = {
        "workforce.contracts.0.weekly_h_min": {"workforce.contracts.0.weekly_h_min": 45.0},  # above the max 40
        "channels.1.volume_per_week": {"channels.1.volume_per_week": 700.0},
    }
    result = editing.apply_edits(web_shop, groups)
    assert result.scenario.channels[1].volume_per_week == 700.0
    assert result.scenario.workforce.contracts[0].weekly_h_min == 37.5
    assert list(result.pending) == ["workforce.contracts.0.weekly_h_min"]
    assert "weekly minimum of 45 h" in result.problems["workforce.contracts.0.weekly_h_min"][0]
    # raising the maximum makes the pending minimum valid: both commit
    fixed = editing.apply_edits(result.scenario, {
        **result.pending, "workforce.contracts.0.weekly_h_max": {"workforce.contracts.0.weekly_h_max": 48.0}})
    assert fixed.pending == {} and fixed.scenario.workforce.contracts[0].weekly_h_min == 45.0


def test_a_group_changes_several_fields_at_once(web_shop):
    group = {"channels.0.concurrency": 3, "channels.0.aht_s": scenario_io.resize_aht([600, 706], 3)}
    result = editing.apply_edits(web_shop, {"channels.0.concurrency": group})
    assert result.scenario.channels[0].aht_s == (600.0, 706.0, 720.0) and result.pending == {}
    alone = editing.apply_edits(web_shop, {"channels.0.concurrency": {"channels.0.concurrency": 3}})
    assert "aht_s" in alone.problems["channels.0.concurrency"][0]


def test_paths():
    assert editing.parse_path("channels.1.aht_s.0") == ("channels", 1, "aht_s", 0)
    assert editing.path_key(("offers", 0, "price_per_contact", "chat")) == "offers.0.price_per_contact.chat"
    data = {"a": [{"b": 1}]}
    assert editing.set_in(data, ("a", 0, "b"), 2) == {"a": [{"b": 2}]} and data == {"a": [{"b": 1}]}
    with pytest.raises(KeyError):
        editing.set_in(data, ("a", 3, "b"), 2)


# --- Files ----------------------------------------------------------------------------


def test_download_bytes_load_back_equal(web_shop):
    data = scenario_io.scenario_bytes(web_shop)
    assert load_scenario(data) == web_shop
    assert scenario_io.file_name(web_shop) == "verkkokauppa-chat-puhelin-ja-takaisinsoitto.json"


def test_a_bad_upload_gives_problems_and_no_scenario():
    scenario, problems = scenario_io.read_uploaded_scenario(b'{"schema_version": 1, "name": "", "channels": []}')
    assert scenario is None
    assert any(p.startswith("name:") for p in problems) and any(p.startswith("channels:") for p in problems)
    assert scenario_io.read_uploaded_scenario(b"\xff\xfe")[1][0].startswith("file: is UTF-16")
    assert scenario_io.read_uploaded_scenario(b'{"name": "\xe4"}')[1][0].startswith("file: not UTF-8")
    assert scenario_io.read_uploaded_scenario(b"x" * (5_000_000 + 1))[1][0].startswith("file:")
    good, problems = scenario_io.read_uploaded_scenario((ROOT / "scenarios" / "office_phone.json").read_bytes())
    assert problems == [] and good == load_scenario(ROOT / "scenarios" / "office_phone.json")


def test_open_hours_table_round_trip(web_shop):
    rows = scenario_io.hours_table(web_shop.channels[0].open_hours)
    assert rows[0] == {"day": "Mon", "open": True, "start": "08:00", "end": "22:00"}
    edited = scenario_io.apply_editor_delta(rows, {"edited_rows": {"6": {"open": False}, 0: {"end": "20:00"}}})
    hours = scenario_io.hours_from_table(edited)
    assert hours[6] is None and hours[0] == {"start": "08:00", "end": "20:00"} and rows[0]["end"] == "22:00"
    result = editing.apply_edits(web_shop, {"channels.0.open_hours": {"channels.0.open_hours": hours}})
    assert result.scenario.channels[0].open_hours[6] is None
    bad = scenario_io.apply_editor_delta(rows, {"edited_rows": {0: {"end": "08:00"}}})
    result = editing.apply_edits(web_shop, {"h": {"channels.0.open_hours": scenario_io.hours_from_table(bad)}})
    assert result.scenario == web_shop and "08:00" in result.problems["h"][0]
    assert scenario_io.clock_options()[:2] == ["00:00", "00:15"] and scenario_io.clock_options()[-1] == "24:00"


def test_csv_history_becomes_a_curve():
    rows = "aika;määrä\n" + "\n".join(f"{d}.11.2026 {h:02d}:00;{n}" for d in range(2, 16)
                                       for h, n in ((9, 4), (19, 6)))
    values, problems, facts = scenario_io.csv_curve(rows.encode("utf-8"), 30)
    assert problems == () and facts["rows"] == 28
    assert len(values["table"]) == 336 and facts["volume_per_week"] == 70.0
    assert values["table"][18:20] == [2.0, 2.0] and values["table"][38:40] == [3.0, 3.0]  # hourly counts, spread
    assert scenario_io.csv_curve(b"2026-11-02 10:00,3\nyesterday,3\n", 30)[1][0].startswith("row 2")
    assert "no contacts" in scenario_io.csv_curve(b"2026-11-02 10:00,0\n", 30)[1][0]


def test_monthly_wage_and_aht_resize():
    assert scenario_io.monthly_wage(16.25) == 2600.0
    assert scenario_io.resize_aht([600.0, 750.0, 900.0], 2) == [600.0, 750.0]
    one_at_a_time = 600.0
    assert [k * one_at_a_time / aht for k, aht in enumerate(scenario_io.resize_aht([one_at_a_time], 3), 1)] == \
        pytest.approx([1.0, 1.7, 2.5], abs=0.001), "the reference's effective concurrency"


# --- Background plan jobs -------------------------------------------------------------


class _Record:
    def __init__(self, seconds, objective, bound, solutions, stage):
        self.seconds, self.objective, self.bound, self.solutions, self.stage = seconds, objective, bound, solutions, stage


def test_a_job_records_progress_from_the_solver_thread(web_shop):
    release = threading.Event()
    threads = []

    def build(scenario, progress, stop):
        threads.append(threading.current_thread().name)
        progress(_Record(0.1, 200.0, 100.0, 1, "shifts"))
        progress(_Record(0.5, 150.0, 140.0, 2, "roster"))
        progress(_Record(0.1, 90.0, 80.0, 1, "shifts"))  # the hybrid's solve
        release.wait(5)
        return "the plan"

    scenario = web_shop.model_copy(update={"name": "job test " + str(time.time())})
    job = jobs.job_for(scenario, build=build)
    assert jobs.job_for(scenario) is job
    deadline = time.time() + 5
    while job.status().solutions != 1 or job.status().solves != 2:
        assert time.time() < deadline
        time.sleep(0.01)
    status = job.status()
    assert not status.done and status.stage == "shifts" and status.objective == 90.0
    assert_allclose(status.gap, 10 / 90)
    assert 0 <= status.fraction < 1
    release.set()
    assert job.wait(5) and job.plan == "the plan" and job.error is None
    assert job.status().fraction == 1.0 and threads[0] != threading.current_thread().name
    assert job.status().objective == 90.0, "a build that gives no roster keeps the last record"
    assert jobs.plan_json_bytes(web_shop.model_copy(update={"name": "never run"})) == b""


def test_a_finished_job_reports_the_plans_final_figures_not_the_middle_of_a_solve(web_shop):
    report = dataclasses.make_dataclass("Report", ["objective", "bound", "seconds"])(18410.0, 18000.0, 7.4)
    plan = dataclasses.make_dataclass("Plan", ["schedule"])(dataclasses.make_dataclass("Schedule", ["solver"])(report))

    def build(scenario, progress, stop):
        progress(_Record(2.0, 9363.0, 9000.0, 4, "shifts"))  # the hybrid's solve, half-way
        return plan

    job = jobs.job_for(web_shop.model_copy(update={"name": "final " + str(time.time())}), build=build)
    assert job.wait(5)
    status = job.status()
    assert status.done and status.fraction == 1.0
    assert (status.objective, status.bound, status.solver_s) == (18410.0, 18000.0, 7.4)
    assert status.stage is None and status.solutions == 0
    assert_allclose(status.gap, 410 / 18410)


def test_a_failed_job_reports_and_can_be_retried(web_shop):
    def build(scenario, progress, stop):
        raise RuntimeError("solver crashed")

    scenario = web_shop.model_copy(update={"name": "failing " + str(time.time())})
    job = jobs.job_for(scenario, build=build)
    assert job.wait(5)
    assert job.error == "RuntimeError: solver crashed" and job.status().error == job.error
    jobs.forget(scenario)
    assert jobs.job_for(scenario, start=False) is None


def test_a_job_nobody_asks_about_is_stopped_when_another_starts(web_shop, monkeypatch):
    monkeypatch.setattr(jobs, "ABANDONED_S", 0.2)
    stopped = threading.Event()

    def build(scenario, progress, stop):
        while not stop.is_set():
            time.sleep(0.01)
        stopped.set()
        raise RuntimeError("stopped")

    old = web_shop.model_copy(update={"name": "left behind " + str(time.time())})
    watched = web_shop.model_copy(update={"name": "still watched " + str(time.time())})
    old_job, watched_job = jobs.job_for(old, build=build), jobs.job_for(watched, build=build)
    for _ in range(5):  # a page keeps polling one of them
        time.sleep(0.1)
        watched_job.status()
    new_job = jobs.job_for(web_shop.model_copy(update={"name": "edited " + str(time.time())}), build=build)
    assert stopped.wait(5) and old_job.wait(5)
    assert jobs.job_for(old, start=False) is None, "the stopped job is forgotten: asking again starts anew"
    assert not watched_job.done and jobs.job_for(watched, start=False) is watched_job
    for job in (watched_job, new_job):
        job.stop.set()
        assert job.wait(5)


def test_finish_now_ends_the_solves_and_keeps_their_result(web_shop):
    """The user's "finish now" stops the solves for their results: the build returns a plan
    (a stop for an abandoned job would give none)."""
    def build(scenario, progress, stop):
        while not stop.is_set():
            time.sleep(0.01)
        if not stop.use_result:
            raise RuntimeError("stopped")
        return "the plan so far"

    job = jobs.job_for(web_shop.model_copy(update={"name": "finished early " + str(time.time())}), build=build)
    assert not job.finished_early
    job.finish_now()
    assert job.wait(5) and job.plan == "the plan so far" and job.error is None and job.finished_early


def test_finish_now_while_waiting_for_a_solver_still_gives_a_plan(web_shop):
    """Asked before the job had a solver slot, it raised "stopped before it started": an error page."""
    job = jobs.PlanJob("waiting " + str(time.time()), web_shop,
                       build=lambda scenario, progress, stop: "first rosters" if stop.use_result else None)
    job.finish_now()  # while it waits
    job.start()
    assert job.wait(5) and job.error is None and job.plan == "first rosters"


def test_the_job_key_is_the_scenario_text(web_shop):
    same = load_scenario(scenario_io.scenario_bytes(web_shop))
    assert jobs.scenario_key(same) == jobs.scenario_key(web_shop)
    other = web_shop.model_copy(update={"demand_factor": 1.5})
    assert jobs.scenario_key(other) != jobs.scenario_key(web_shop)


def test_roster_cost_a_week_is_the_in_house_cost_of_a_calendar_month():
    """February 2026 is exactly four weeks: the per-agent costs a week are a quarter of the month's, not 12/52."""
    data = scenario_data(load_scenario(ROOT / "scenarios" / "office_phone.json"))
    data["calendar"] = {"month": "2026-02"}
    data["workforce"]["solver_time_limit_s"] = 4
    summary = charts.roster_summary(build_plan(parse_scenario(data)))
    assert summary["month_weeks"] == 4.0
    assert_allclose(summary["paid_cost_per_week"] * 4.0, summary["paid_cost_per_month"], atol=0.05)


def test_the_progress_says_which_roster_is_being_solved(monkeypatch):
    """The best cost fell from 20 439 to 11 425 a week when the hybrids' roster started, unexplained."""
    from planner.ui import i18n, jobs, widgets

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    monkeypatch.setattr(widgets, "lang", lambda: "en")
    status = jobs.JobStatus(done=False, waiting=False, elapsed_s=3.0, budget_s=25.0, solves=1, stage="shifts",
                            objective=20439.0, bound=None, solutions=3, solver_s=3.0, error=None)
    assert widgets._progress_text(status, "EUR").split(" · ")[1:3] == ["all in-house", "solving the shift plan"]
    later = dataclasses.replace(status, solves=2, stage="roster", objective=11425.0)
    assert widgets._progress_text(later, "EUR").split(" · ")[1:3] == ["the hybrids' own staff", "solving the roster"]


def test_a_rough_roster_whose_search_ended_early_is_not_sent_to_a_longer_time_limit(monkeypatch):
    """A roster 8.7 % from its bound, found in 2.4 s of 10 s, was told 'Give the solver more time';
    60 s gave the same roster."""
    from planner.scheduling import Reason
    from planner.ui import i18n, widgets

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    monkeypatch.setattr(widgets, "lang", lambda: "en")
    report = {"status": "FEASIBLE", "gap": 0.087, "reasons": []}
    assert "Give the solver more time" in widgets.solver_words(report)[1]
    kind, words = widgets.solver_words(report, early=True)
    assert kind == "warning" and words == (
        "A rough roster: the cheapest possible could cost up to 8.7% less. The search ended before its time limit, "
        "so more time would not help: the bound leaves the working-time rules out.")
    stopped = {**report, "reasons": [Reason("stopped")]}
    assert "Solve again" in widgets.solver_words(stopped, early=True)[1]


def test_a_roster_with_large_gaps_is_a_warning_not_an_information(monkeypatch):
    """The Roster page's headline was blue (info) for a roster that leaves large gaps, the
    shortfall under it yellow, and the documents called the same roster only rough."""
    from planner.ui import i18n, widgets

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    monkeypatch.setattr(widgets, "lang", lambda: "en")
    for report in ({"status": "OPTIMAL", "gap": 0.0, "reasons": []}, {"status": "FEASIBLE", "gap": 0.087, "reasons": []}):
        kind, words = widgets.solver_words(report, large_gaps=True)
        assert kind == "warning" and "leaves large gaps" in words and "more time" not in words


def test_hours_off_the_interval_grid_are_said_as_they_are_read(monkeypatch):
    from planner.scenario import Span, week_hours
    from planner.ui import i18n, widgets

    monkeypatch.setattr(i18n, "lang", lambda: "en")
    monkeypatch.setattr(widgets, "lang", lambda: "en")
    hours = (Span(start="08:30", end="21:15"), *week_hours("08:00", "16:00", "0111100")[1:])
    assert widgets.grid_note(hours, 60) == (
        "At 60-min intervals the times are read on the intervals' bounds: Mon 08:30 → 09:00, Mon 21:15 → 22:00. "
        "An interval is open when it starts within the hours.")
    assert widgets.grid_note(hours, 30) == (
        "At 30-min intervals the times are read on the intervals' bounds: Mon 21:15 → 21:30. "
        "An interval is open when it starts within the hours.")
    assert widgets.grid_note(hours, 15) is None
