"""build_plan(scenario) -> Plan: the one pipeline.

Scenario -> demand -> staffing -> scheduling -> costs -> Plan. Every step is a
pure function of its inputs; the UI, the CLI and the exports all read a Plan
and never recompute.

Examples
--------
>>> from planner.scenario import load_scenario
>>> plan = build_plan(load_scenario("scenarios/office_phone.json"))  # doctest: +SKIP
>>> plan.to_json()["interval_min"]  # doctest: +SKIP
30
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from planner import costs
from planner.costs import MONTH_WEEKS, CostLine, CostSummary, OutsourcedLoad
from planner.demand import ChannelDemand, channel_demand, interval_labels, open_mask
from planner.scenario import DAYS, Channel, Scenario
from planner.scheduling import DeferredWork, Schedule, ScheduleRequest, solve_schedule
from planner.staffing import Achieved, Requirement, achieved_deferred, achieved_live, channel_requirement

# An interval short of staff costs at least this many times the dearest agent-interval,
# so the solver meets every target it can and falls short only where it cannot.
UNDERSTAFFING_WEIGHT = 5.0


@dataclass(frozen=True)
class ChannelPlan:
    """One channel through the pipeline."""

    channel: Channel
    demand: ChannelDemand
    requirement: Requirement
    scheduled: np.ndarray
    understaffed: np.ndarray
    achieved: Achieved

    @property
    def lost_per_week(self) -> float:
        """Contacts lost in a week in-house: abandoned, not answered in time, or arriving while closed."""
        offered = self.demand.offered
        not_served = offered * np.where(self.requirement.is_deferred, 1 - self.achieved.service_level, 0.0)
        abandoned = offered * self.achieved.p_abandon
        unstable = offered * ~np.isfinite(self.achieved.asa_s)
        return float(np.maximum(abandoned + not_served, unstable).sum() + self.demand.missed_closed.sum())


@dataclass(frozen=True)
class Option:
    """One way to run the service: its cost and the contacts it loses."""

    name: str
    cost: CostSummary
    lost_contacts_per_week: float
    lost_revenue_per_month: float


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    labels: tuple[str, ...]
    channels: tuple[ChannelPlan, ...]
    schedule: Schedule
    in_house: Option
    outsourced: tuple[Option, ...]
    hybrid: Option | None

    @property
    def understaffed_intervals(self) -> int:
        return int(sum((cp.understaffed > 1e-9).sum() for cp in self.channels))

    def to_json(self) -> dict:
        """The plan JSON of DESIGN.md (infinite waits as null)."""
        best = min(self.outsourced, key=lambda o: o.cost.per_month) if self.outsourced else None
        return {
            "scenario": self.scenario.name,
            "interval_min": self.scenario.interval_min,
            "intervals": list(self.labels),
            "channels": {cp.channel.id: _channel_json(cp) for cp in self.channels},
            "schedule": _schedule_json(self.schedule),
            "costs": {
                "in_house": self.in_house.cost.to_json(),
                "outsourced": [{"offer": o.name, **o.cost.to_json()} for o in self.outsourced],
                "hybrid": self.hybrid.cost.to_json() if self.hybrid else None,
                "lost_revenue_per_month": {
                    "in_house": self.in_house.lost_revenue_per_month,
                    "outsourced": best.lost_revenue_per_month if best else None,
                    "hybrid": self.hybrid.lost_revenue_per_month if self.hybrid else None,
                    "by_offer": {o.name: o.lost_revenue_per_month for o in self.outsourced},
                },
                "lost_contacts_per_month": {
                    "in_house": round(self.in_house.lost_contacts_per_week * MONTH_WEEKS, 1),
                    "by_offer": {o.name: round(o.lost_contacts_per_week * MONTH_WEEKS, 1) for o in self.outsourced},
                    "hybrid": round(self.hybrid.lost_contacts_per_week * MONTH_WEEKS, 1) if self.hybrid else None,
                },
            },
            "summary": {
                cp.channel.id: {
                    "contacts_per_week": round(float(cp.demand.forecast.sum()), 3),
                    "missed_closed_per_week": round(float(cp.demand.missed_closed.sum()), 3),
                    "service_level": _finite(cp.achieved.week_service_level),
                    "p_abandon": _finite(cp.achieved.week_p_abandon),
                    "asa_s": _finite(cp.achieved.week_asa_s),
                    "understaffed_intervals": int((cp.understaffed > 1e-9).sum()),
                }
                for cp in self.channels
            },
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, allow_nan=False)


def _finite(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def _floats(values: np.ndarray, digits: int = 6) -> list:
    return [None if not math.isfinite(v) else round(float(v), digits) for v in values]


def _channel_json(cp: ChannelPlan) -> dict:
    return {
        "kind": cp.channel.kind,
        "forecast_contacts": _floats(cp.demand.forecast),
        "open": [bool(v) for v in cp.demand.open],
        "missed_closed": _floats(cp.demand.missed_closed),
        "required_agents": [int(v) for v in cp.requirement.required_agents],
        "required_staff": [int(v) for v in cp.requirement.required_staff],
        "understaffed": _floats(cp.understaffed, 3),
        "scheduled_agents": _floats(cp.scheduled, 3),
        "service_level": _floats(cp.achieved.service_level),
        "p_abandon": _floats(cp.achieved.p_abandon),
        "asa_s": _floats(cp.achieved.asa_s, 3),
    }


def _clock(minute: int) -> str:
    minute %= 1440
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _schedule_json(schedule: Schedule) -> dict:
    report = schedule.solver
    return {
        "shifts": [
            {
                "agent": shift.agent,
                "day": DAYS[shift.start_min // 1440 % 7],
                "start": _clock(shift.start_min),
                "end": _clock(shift.end_min),
                "channels": list(shift.channels),
                "breaks": [[_clock(b), _clock(e)] for b, e in shift.breaks],
                "paid_h": round(shift.paid_min / 60, 2),
            }
            for shift in schedule.shifts
        ],
        "solver": {
            "status": report.status,
            "objective": report.objective,
            "bound": report.bound,
            "gap": report.gap,
            "seconds": round(report.seconds, 3),
            "reasons": list(report.reasons),
        },
    }


# --- The pipeline -------------------------------------------------------------


def _schedule_request(scenario: Scenario, demands, requirements, keep: np.ndarray) -> ScheduleRequest:
    """The scheduling problem for the intervals and channels where ``keep`` (C, T) is true."""
    cost = costs.agent_cost_per_interval(scenario)
    penalty_floor = UNDERSTAFFING_WEIGHT * float(cost.max())
    penalties = []
    for channel in scenario.channels:
        contacts_per_agent = scenario.interval_min * 60.0 / channel.aht_levels_s[-1] * channel.concurrency
        value = contacts_per_agent * scenario.revenue.conversion_rate * scenario.revenue.average_order_value
        penalties.append(np.full(len(cost), max(value, penalty_floor)))
    deferred = tuple(
        DeferredWork(channel=req.channel_id, work=req.deferred_work * keep[i], window=req.window_intervals)
        for i, req in enumerate(requirements)
        if req.is_deferred
    )
    return ScheduleRequest(
        interval_min=scenario.interval_min,
        channels=tuple(c.id for c in scenario.channels),
        required_staff=np.stack([req.required_staff * keep[i] for i, req in enumerate(requirements)]).astype(float),
        understaffing_penalty=np.stack(penalties),
        cost_per_interval=cost,
        workforce=scenario.workforce,
        deferred=deferred,
        cost_per_agent=costs.seat_cost_per_month(scenario.in_house) / MONTH_WEEKS,
    )


def _achieved(channel: Channel, demand: ChannelDemand, req: Requirement, schedule: Schedule, row: int, scenario):
    if not req.is_deferred:
        return achieved_live(channel, demand, schedule.scheduled[row], scenario)
    work = float(req.deferred_work.sum())
    placed = float(schedule.deferred_placed.get(channel.id, np.zeros(1)).sum())
    share = 1.0 if work <= 0 else min(1.0, placed / work)
    return achieved_deferred(demand, np.full(len(demand.forecast), share))


def _paid_minutes(schedule: Schedule, meal_break_paid: bool) -> np.ndarray:
    paid = np.zeros(costs.MINUTES_PER_WEEK)
    for shift in schedule.shifts:
        paid += costs.paid_minutes_mask(shift.start_min, shift.end_min, () if meal_break_paid else shift.breaks)
    return paid


def _headcount(schedule: Schedule) -> int:
    return len({shift.agent for shift in schedule.shifts})


def _in_house_cost(scenario: Scenario, schedule: Schedule) -> CostSummary:
    bots = tuple(
        CostLine(f"Self-service, {c.id}", round(c.deflection.cost_per_month, 2), {"share": c.deflection.share})
        for c in scenario.channels
        if c.deflection.cost_per_month
    )
    return costs.in_house_cost(
        scenario, _paid_minutes(schedule, scenario.workforce.meal_break_paid), _headcount(schedule), bots
    )


def lost_revenue_per_month(scenario: Scenario, lost_contacts_per_week: float) -> float:
    """Sales lost with the contacts, plus the yearly value of customers lost for good [money/month]."""
    revenue = scenario.revenue
    per_contact = revenue.conversion_rate * revenue.average_order_value
    per_contact += revenue.lost_for_good_share * revenue.customer_value_per_year
    return round(lost_contacts_per_week * MONTH_WEEKS * per_contact, 2)


def _option(scenario: Scenario, name: str, cost: CostSummary, lost_per_week: float) -> Option:
    return Option(name, cost, lost_per_week, lost_revenue_per_month(scenario, lost_per_week))


def _outsourced_loads(scenario: Scenario, channel_plans, keep: np.ndarray) -> list[OutsourcedLoad]:
    hours = scenario.interval_min / 60.0
    loads = []
    for i, cp in enumerate(channel_plans):
        contacts = cp.demand.offered * keep[i]
        if cp.requirement.is_deferred:
            staffed = contacts * cp.channel.aht_levels_s[0] / 3600.0
        else:
            staffed = np.maximum(cp.requirement.required_agents, cp.channel.min_staff_open) * cp.demand.open * hours
            staffed = staffed * keep[i]
        loads.append(OutsourcedLoad(cp.channel.id, cp.channel.kind, contacts, staffed, cp.channel.aht_levels_s[0]))
    return loads


def _offer_option(scenario: Scenario, offer, channel_plans) -> Option:
    covered = np.array([[offer.channels is None or cp.channel.id in offer.channels] for cp in channel_plans])
    keep = np.broadcast_to(covered, (len(channel_plans), len(channel_plans[0].demand.forecast)))
    cost = costs.outsourced_cost(scenario, offer, _outsourced_loads(scenario, channel_plans, keep))
    lost = sum(
        float(cp.demand.offered.sum()) * (offer.abandon_rate if covered[i, 0] else 1.0)
        + float(cp.demand.missed_closed.sum())
        for i, cp in enumerate(channel_plans)
    )
    return _option(scenario, offer.name, cost, lost)


def _hybrid_option(scenario: Scenario, demands, requirements, channel_plans, progress) -> Option | None:
    if not scenario.offers:
        return None
    offer = next((o for o in scenario.offers if o.name == scenario.hybrid.offer), scenario.offers[0])
    hours = open_mask(scenario.hybrid.in_house_hours, scenario.interval_min)
    chosen = scenario.hybrid.in_house_channels
    keep = np.stack([hours & (chosen is None or c.id in chosen) for c in scenario.channels]).astype(float)
    schedule = solve_schedule(_schedule_request(scenario, demands, requirements, keep), progress=progress)
    in_house = _in_house_cost(scenario, schedule)
    outsourced = costs.outsourced_cost(scenario, offer, _outsourced_loads(scenario, channel_plans, 1.0 - keep))
    lost = 0.0
    for i, (channel, demand, req) in enumerate(zip(scenario.channels, demands, requirements)):
        kept = demand.offered * keep[i]
        if req.is_deferred:
            lost += float(kept.sum()) * (1 - _achieved(channel, demand, req, schedule, i, scenario).week_service_level)
        else:
            achieved = achieved_live(channel, demand, schedule.scheduled[i], scenario)
            lost += float((kept * np.where(np.isfinite(achieved.asa_s), achieved.p_abandon, 1.0)).sum())
        lost += float((demand.offered * (1 - keep[i])).sum()) * offer.abandon_rate + float(demand.missed_closed.sum())
    lines = tuple(CostLine(f"In-house: {x.item}", x.per_month, x.inputs) for x in in_house.lines) + tuple(
        CostLine(f"{offer.name}: {x.item}", x.per_month, x.inputs) for x in outsourced.lines
    )
    return _option(scenario, "hybrid", CostSummary("hybrid", lines), lost)


def build_plan(scenario: Scenario, *, progress: Callable | None = None) -> Plan:
    """Run the whole pipeline on a scenario."""
    demands = [channel_demand(c, scenario) for c in scenario.channels]
    requirements = [channel_requirement(c, d, scenario) for c, d in zip(scenario.channels, demands)]
    everything = np.ones((len(demands), scenario.intervals_per_week))
    schedule = solve_schedule(_schedule_request(scenario, demands, requirements, everything), progress=progress)
    channel_plans = tuple(
        ChannelPlan(
            channel=channel,
            demand=demand,
            requirement=req,
            scheduled=np.asarray(schedule.scheduled[i], float),
            understaffed=np.asarray(schedule.understaffed[i], float),
            achieved=_achieved(channel, demand, req, schedule, i, scenario),
        )
        for i, (channel, demand, req) in enumerate(zip(scenario.channels, demands, requirements))
    )
    in_house = _option(
        scenario, "in_house", _in_house_cost(scenario, schedule), sum(cp.lost_per_week for cp in channel_plans)
    )
    return Plan(
        scenario=scenario,
        labels=tuple(interval_labels(scenario.interval_min)),
        channels=channel_plans,
        schedule=schedule,
        in_house=in_house,
        outsourced=tuple(_offer_option(scenario, offer, channel_plans) for offer in scenario.offers),
        hybrid=_hybrid_option(scenario, demands, requirements, channel_plans, progress),
    )
