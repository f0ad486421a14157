"""The whole pipeline on each example scenario, and the plan JSON contract."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

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


def test_forecast_sums_to_weekly_volume(plans):
    for plan in plans.values():
        for cp in plan.channels:
            total = sum(plan.to_json()["channels"][cp.channel.id]["forecast_contacts"])
            assert total == pytest.approx(cp.channel.volume_per_week, rel=1e-3)


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
                if not (cp.understaffed > 1e-9).any():  # the roster placed all its work
                    assert cp.achieved.week_service_level == pytest.approx(1.0)
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
