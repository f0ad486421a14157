"""The whole pipeline on each example scenario, and the plan JSON contract."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_options import channel_strategy, generated_scenario, offer_strategy
from test_scheduling_rules import check_schedule

from planner import options as opt
from planner.export.summary import roster_facts
from planner.plan import build_plan
from planner.scenario import load_scenario

pytestmark = pytest.mark.slow

CHANNEL_KEYS = {
    "kind", "forecast_contacts", "required_agents", "required_staff", "understaffed",
    "scheduled_agents", "service_level", "p_abandon", "asa_s",
}


SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.json"))


@pytest.fixture(scope="module")
def plans():
    return {path.stem: build_plan(load_scenario(path)) for path in SCENARIOS}


def test_plan_json_has_every_key_on_the_grid(plans):
    for name, plan in plans.items():
        data = json.loads(plan.to_json_text())
        length = 7 * 24 * 60 // data["interval_min"]
        assert data["scenario"] == plan.scenario.name
        assert len(data["intervals"]) == length and data["intervals"][0] == "Mon 00:00"
        for channel_id, channel in data["channels"].items():
            assert CHANNEL_KEYS <= set(channel), (name, channel_id)
            for key in CHANNEL_KEYS - {"kind"}:
                assert len(channel[key]) == length, (name, channel_id, key)
        solver = data["schedule"]["solver"]
        assert {"status", "objective", "bound", "gap", "seconds"} <= set(solver)
        assert solver["status"] in ("OPTIMAL", "FEASIBLE")
        assert data["schedule"]["shifts"], name
        shift = data["schedule"]["shifts"][0]
        assert {"agent", "day", "start", "end", "channels", "breaks"} <= set(shift)
        costs = data["costs"]
        assert {"in_house", "outsourced", "hybrid", "lost_revenue_per_month"} <= set(costs)
        assert set(costs["lost_revenue_per_month"]) >= {"in_house", "outsourced", "hybrid"}


def test_every_example_roster_keeps_every_rule(plans):
    """The independent checker (rest, breaks, hours, days, start times, coverage, deferred
    work) on each example's in-house roster, solved from the request the plan builds. It
    found 1.6 % of the web shop's callback work never placed nor reported short (its rounding's drift)."""
    for name, plan in plans.items():
        ctx = opt.build_context(plan.scenario)
        request = opt.schedule_request(ctx, np.ones(ctx.open.shape, bool))
        schedule = plan.in_house.schedule
        assert schedule is not None and len(schedule.shifts) > 0, name
        assert check_schedule(request, schedule) == [], name


def test_forecast_sums_to_weekly_volume(plans):
    for plan in plans.values():
        for cp in plan.channels:
            total = sum(plan.to_json()["channels"][cp.channel.id]["forecast_contacts"])
            assert total == pytest.approx(cp.channel.volume_per_week, rel=1e-3)


def test_json_understaffed_is_required_staff_not_covered(plans):
    """DESIGN: "understaffed: required_staff not covered". A callback channel's required_staff was
    its minimum staff alone, 0 in every interval, beside work left undone in "understaffed"
    (design audit): for callback and email it is the work arriving, plus any minimum staff."""
    for name, plan in plans.items():
        data = plan.to_json()["channels"]
        for cp in plan.channels:
            required = np.asarray(data[cp.channel.id]["required_staff"], float)
            understaffed = np.asarray(data[cp.channel.id]["understaffed"], float)
            assert np.all(understaffed <= required + 0.05), (name, cp.channel.id)  # whole agent-minutes apart
            if cp.requirement.is_deferred:
                assert required.sum() == pytest.approx(cp.requirement.deferred_work.sum()
                                                       + cp.requirement.required_staff.sum(), abs=0.1)
                assert required.sum() > 0, (name, cp.channel.id)


def test_schedule_covers_requirement_or_reports_shortfall(plans):
    for plan in plans.values():
        for cp in plan.channels:
            gap = cp.requirement.required_staff - cp.scheduled
            assert np.all(cp.understaffed >= gap - 1e-6), cp.channel.id
            assert np.all(cp.understaffed >= 0)


def test_examples_meet_their_targets_when_fully_staffed(plans):
    for plan in plans.values():
        for cp in plan.channels:
            covered = cp.demand.open & (cp.understaffed < 1e-9) & (cp.demand.forecast > 0)
            if cp.requirement.is_deferred:
                if not (cp.understaffed > 1e-9).any():  # the roster placed all its work (in whole agent-minutes)
                    assert cp.achieved.week_service_level == pytest.approx(1.0, abs=1e-4)
                continue
            assert np.all(cp.achieved.service_level[covered] >= cp.channel.target_sl - 1e-9), cp.channel.id


def test_cost_lines_add_up_to_the_cent(plans):
    for plan in plans.values():
        costs = plan.to_json()["costs"]
        for summary in [costs["in_house"], costs["hybrid"], *costs["outsourced"]]:
            assert summary["per_month"] == pytest.approx(round(sum(x["per_month"] for x in summary["lines"]), 2))
            assert summary["per_month"] > 0


def test_json_has_no_infinity_or_nan(plans):
    for plan in plans.values():
        text = plan.to_json_text()
        assert "Infinity" not in text and "NaN" not in text


def test_closed_intervals_with_contacts_report_missed(plans):
    office = plans["office_phone"].channels[0]
    closed = ~office.demand.open & (office.demand.forecast > 0)
    assert closed.any()
    assert np.all(office.achieved.service_level[closed] == 0)
    assert all(math.isinf(v) for v in office.achieved.asa_s[closed])


def test_impossible_target_gives_a_plan_with_understaffing(web_shop):
    workforce = web_shop.workforce.model_copy(update={"max_agents": 1, "solver_time_limit_s": 5})
    plan = build_plan(web_shop.model_copy(update={"workforce": workforce}))
    assert plan.schedule.solver.status in ("OPTIMAL", "FEASIBLE")
    assert len({shift.agent for shift in plan.schedule.shifts}) <= 1
    assert plan.understaffed_intervals > 0
    short = plan.to_json()["channels"]["phone"]["understaffed"]
    assert max(short) >= 1
    # the solver's note counts intervals of the week, as the proposal does: not channel-intervals
    said = dict(next(r for r in plan.schedule.solver.reasons if r.key == "understaffed").values)
    assert said["intervals"] == roster_facts(plan).understaffed_intervals < plan.understaffed_intervals
    # one agent works at most 6 days of the web shop's 7 open ones: the empty days are named
    empty = dict(next(r for r in plan.schedule.solver.reasons if r.key == "nobody_on_days").values)["weekdays"]
    on_duty = np.sum([cp.scheduled for cp in plan.channels], axis=0).reshape(7, -1)
    assert empty and [d for d in range(7) if on_duty[d].sum() == 0] == list(empty)
    # contacts nobody could take are the in-house option's "unanswered" ones, interval by interval
    data = plan.to_json()
    in_house = next(o for o in data["costs"]["options"] if o["name"] == "in_house")
    unanswered = sum(float(np.dot(cp.demand.offered, data["channels"][cp.channel.id]["p_unanswered"]))
                     for cp in plan.channels)
    assert in_house["lost_by_cause_per_month"]["unanswered"] == pytest.approx(
        unanswered * data["costs"]["month_weeks"], abs=0.05)  # written to 0.1 contact
    assert unanswered > 0


def test_a_short_team_serves_the_channel_where_a_missing_person_loses_most(web_shop):
    """Two people for the web shop's chat, phone and callback: the solver priced a missing person
    alike on every channel, and put both on the phone, leaving the chat (900 contacts a week, the
    most contacts a person handles) with nobody."""
    workforce = web_shop.workforce.model_copy(update={"max_agents": 2, "solver_time_limit_s": 5})
    plan = build_plan(web_shop.model_copy(update={"workforce": workforce}), optimise=False)
    hours = {cp.channel.id: float(cp.scheduled.sum()) * web_shop.interval_min / 60 for cp in plan.channels}
    assert hours["chat"] > hours["phone"]


# --- Make or buy on the rostered plan ------------------------------------------------


def test_every_option_is_in_the_json_and_adds_up_to_the_cent(plans):
    for name, plan in plans.items():
        costs = json.loads(plan.to_json_text())["costs"]
        summaries = [costs["in_house"], costs["hybrid"], costs["closed_outside"], costs["optimised_hybrid"],
                     *costs["outsourced"]]
        for summary in summaries:
            total = round(sum(x["per_month"] for x in summary["lines"]), 2)
            assert summary["per_month"] == pytest.approx(total, abs=0.001), name
            assert all(round(x["per_month"], 2) == x["per_month"] for x in summary["lines"])
            assert all("inputs" in x for x in summary["lines"])
        names = [o["name"] for o in costs["options"]]
        assert names[0] == "in_house" and names[-1] == "optimised" and "closed_outside" in names
        for option in costs["options"]:
            assert {"per_month", "lost_revenue_per_month", "total_per_month", "cost_per_handled_contact",
                    "lost_contacts_per_month", "handled_contacts_per_month", "lost_by_cause_per_month",
                    "basis", "assignment"} <= set(option)
        lost = costs["lost_revenue_per_month"]
        assert {"closed_outside", "optimised_hybrid", "by_offer"} <= set(lost)
        assert costs["calibration"]["source"] in ("roster", "none (no roster)", "none (the roster is short of staff)")


def test_optimised_hybrid_is_never_dearer_than_in_house_offers_or_the_fixed_hybrid(plans):
    for name, plan in plans.items():
        best = plan.optimised.total_per_month
        for option in (plan.in_house, *plan.outsourced, plan.hybrid, plan.closed_outside):
            assert best <= option.total_per_month + 0.01, (name, option.name)
        assert plan.optimised.assignment and plan.search.evaluations > 0


def test_lost_sales_follow_lost_contacts(plans):
    for plan in plans.values():
        per_contact = (plan.scenario.revenue.conversion_rate * plan.scenario.revenue.average_order_value
                       + plan.scenario.revenue.lost_for_good_share * plan.scenario.revenue.customer_value_per_year)
        for option in plan.options:
            expected = option.lost_contacts_per_week * 52 / 12 * per_contact
            assert option.lost_revenue_per_month == pytest.approx(expected, abs=0.01)
            causes = option.lost_by_cause_per_week
            assert sum(causes.values()) == pytest.approx(option.lost_contacts_per_week)
        assert plan.in_house.lost_contacts_per_week == pytest.approx(sum(cp.lost_per_week for cp in plan.channels))


def test_in_house_cost_comes_from_the_roster(plans):
    for plan in plans.values():
        if plan.in_house.basis != "roster":
            continue
        lines = {x.item: x for x in plan.in_house.cost.lines}
        paid_h = sum(shift.paid_min for shift in plan.schedule.shifts) / 60
        assert lines["Wages"].inputs["paid_h_per_week"] == pytest.approx(paid_h, abs=0.01)
        assert lines["Licences"].inputs["headcount"] == len({s.agent for s in plan.schedule.shifts})


def test_closed_outside_hours_costs_the_hybrids_in_house_part_and_loses_the_rest(plans):
    for plan in plans.values():
        in_house_lines = [x for x in plan.hybrid.cost.lines if x.item.startswith("In-house: ")]
        assert round(sum(x.per_month for x in in_house_lines), 2) == pytest.approx(
            round(sum(x.per_month for x in plan.closed_outside.cost.lines), 2), abs=0.01)
        assert plan.closed_outside.lost_by_cause_per_week["closed"] >= plan.hybrid.lost_by_cause_per_week["closed"]


def _office(**changes):
    return load_scenario(SCENARIOS[[p.stem for p in SCENARIOS].index("office_phone")]).model_copy(update=changes)


def test_deflection_in_a_plan_lowers_forecast_and_adds_the_bot_to_every_option():
    base = _office()
    channel = base.channels[0].model_copy(
        update={"deflection": base.channels[0].deflection.model_copy(update={"share": 0.2, "cost_per_month": 250.0})})
    plan = build_plan(base.model_copy(update={"channels": (channel,)}))
    assert plan.channels[0].demand.forecast.sum() == pytest.approx(0.8 * 400)
    for option in plan.options:
        assert any(x.item == "Self-service, phone" and x.per_month == 250.0 for x in option.cost.lines), option.name
    assert plan.to_json()["summary"]["phone"]["deflected_per_week"] == pytest.approx(80.0)


def test_a_true_hybrid_in_house_by_day_bought_evenings_and_weekends():
    from test_options import _two_speed_scenario

    plan = build_plan(_two_speed_scenario())
    assert plan.optimised.assignment == {"phone": {"weekday_day": "in_house", "weekday_evening": "per call",
                                                   "saturday": "per call", "sunday": "per call"}}
    assert plan.optimised.basis == "roster"
    for option in (plan.in_house, *plan.outsourced, plan.hybrid, plan.closed_outside):
        assert plan.optimised.total_per_month <= option.total_per_month + 0.01


def test_cli_prints_and_writes_break_even_and_sensitivity(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "plan.json"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/office_phone.json", "--json", str(out),
                             "--break-even", "--sensitivity"], check=False, cwd=root, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Break-even" in result.stdout and "Sensitivity" in result.stdout and "optimised" in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert data["break_even"][0]["offer"] == "Answering service per minute"
    # four parameters, five changes, five options (in-house, the offer, hybrid, closed outside, optimised)
    assert len(data["sensitivity"]) == 4 * 5 * 5


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(channels=st.lists(channel_strategy, min_size=1, max_size=2),
       offers=st.lists(offer_strategy, min_size=1, max_size=2),
       conversion=st.sampled_from([0.0, 0.05, 0.3]), allow_closed=st.booleans())
def test_optimised_hybrid_is_never_dearer_on_generated_scenarios(channels, offers, conversion, allow_closed):
    plan = build_plan(generated_scenario(channels, offers, conversion, allow_closed, time_limit_s=2.0))
    cheapest = min(option.total_per_month for option in (plan.in_house, *plan.outsourced))
    assert plan.optimised.total_per_month <= cheapest + 0.01
    assert plan.optimised.total_per_month <= plan.hybrid.total_per_month + 0.01
    assert plan.optimised.cost.per_month == pytest.approx(
        round(sum(x.per_month for x in plan.optimised.cost.lines), 2), abs=0.001)


def test_a_scenario_without_offers_compares_in_house_with_closing():
    plan = build_plan(_office(offers=()))
    assert plan.hybrid is None and plan.outsourced == ()
    data = json.loads(plan.to_json_text())["costs"]
    assert data["hybrid"] is None and data["outsourced"] == []
    # closed outside 08:00-12:00 on weekdays: its own roster, and it loses the afternoons
    assert plan.closed_outside.cost.per_month < plan.in_house.cost.per_month
    assert plan.closed_outside.lost_by_cause_per_week["closed"] > plan.in_house.lost_by_cause_per_week["closed"]
    assert plan.optimised.total_per_month <= min(plan.in_house.total_per_month,
                                                 plan.closed_outside.total_per_month) + 0.01
    assert set(plan.optimised.assignment["phone"].values()) <= {"in_house", "closed"}


def test_a_stopped_plan_raises_instead_of_returning_cut_short_figures():
    import threading
    import time

    from planner.plan import PlanStopped
    from planner.scheduling import StopSignal

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "web_shop.json")
    stop = StopSignal()
    threading.Timer(1.0, stop.set).start()
    started = time.monotonic()
    with pytest.raises(PlanStopped):
        build_plan(scenario, stop=stop)
    assert time.monotonic() - started < 8, "the first roster solve alone may take 10 s"


def test_a_plan_asked_to_finish_now_is_built_from_the_best_rosters_so_far():
    """The user's "finish now": the in-house roster found until then is the plan's, its notes
    say it was stopped, and the hybrids, whose solves had no time left, get first rosters."""
    import threading

    from planner.scheduling import StopSignal

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "web_shop.json")
    scenario = scenario.model_copy(
        update={"workforce": scenario.workforce.model_copy(update={"solver_time_limit_s": 60.0})})
    stop = StopSignal()
    threading.Timer(2.5, lambda: stop.set(use_result=True)).start()
    plan = build_plan(scenario, stop=stop)
    report = plan.schedule.solver
    assert report.seconds < 30 and report.reasons[-1].key == "stopped"
    assert report.status == "FEASIBLE" and plan.schedule.headcount >= 15, "a whole roster, not a stub"
    assert plan.in_house.basis == "roster" and plan.in_house.total_per_month > 0
    assert plan.hybrid.basis == plan.closed_outside.basis == "roster"
    assert all(o.total_per_month > 0 for o in plan.options)


def test_a_plan_whose_offer_price_changed_keeps_its_roster_and_in_house_cost():
    """A time-limited roster varies from run to run (the web shop's in-house cost by 5 %
    a month between app runs): a new offer price moved the in-house figures it has
    nothing to do with. The roster of an equal request is now reused, unsolved."""
    first = build_plan(_office())
    offer = first.scenario.offers[0]
    dearer = build_plan(_office(offers=(offer.model_copy(update={"price_per_phone_min": 2.0}),)))
    assert dearer.schedule is first.schedule
    assert dearer.in_house.total_per_month == first.in_house.total_per_month
    assert dearer.outsourced[0].total_per_month > first.outsourced[0].total_per_month
