"""build_plan(scenario) -> Plan: the one pipeline.

Scenario -> demand -> staffing -> scheduling -> costs -> Plan. Every step is a
pure function of its inputs; the UI, the CLI and the exports all read a Plan
and never recompute.

The options of make or buy (see ``planner.options``): all in-house from the
solved roster; each offer alone by its prices; the scenario's fixed hybrid
(its in-house part re-sized and re-rostered alone); in-house in the hybrid's
hours and closed the rest; and the optimised hybrid, chosen per channel and
block of the week on estimates and then priced with its own roster, never
dearer (cost plus lost sales) than any of the others. A plan makes two or
three roster solves, each up to ``workforce.solver_time_limit_s``;
``build_plan(..., optimise=False)`` skips the optimiser and its solve.
Break-even and sensitivity are separate (``options.break_even``,
``options.sensitivity``): the app asks for them on demand.

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
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from planner import options as opt
from planner.costs import Calibration, CostSummary, lost_revenue_per_contact
from planner.demand import ChannelDemand, interval_labels
from planner.options import UNDERSTAFFING_WEIGHT, Option  # noqa: F401  (Option and the weight live on here)
from planner.scenario import Channel, Scenario
from planner.scheduling import Schedule, StopSignal, solve_schedule
from planner.staffing import Achieved, Requirement


@dataclass(frozen=True)
class ChannelNeed:
    """One channel's demand and requirement: the pipeline before any roster."""

    channel: Channel
    demand: ChannelDemand
    requirement: Requirement


def channel_needs(scenario: Scenario) -> tuple[ChannelNeed, ...]:
    """Every channel's demand and requirement, without a roster: milliseconds, where the plan
    takes the solver's time, so a page can show them while the plan is solved."""
    ctx = opt.build_context(scenario)
    return tuple(ChannelNeed(*parts) for parts in zip(scenario.channels, ctx.demands, ctx.requirements))


@dataclass(frozen=True)
class ChannelPlan(ChannelNeed):
    """One channel through the pipeline."""

    scheduled: np.ndarray
    understaffed: np.ndarray
    achieved: Achieved

    @property
    def lost_per_week(self) -> float:
        """Contacts lost in a week in-house: abandoned, not answered in time, or arriving while closed."""
        abandoned, unanswered = opt.channel_losses(self.demand, self.achieved)
        return float(abandoned.sum() + unanswered.sum() + self.demand.missed_closed.sum())


@dataclass(frozen=True)
class Plan:
    """The whole answer for a scenario.

    ``in_house``, ``outsourced`` (one per offer) and ``hybrid`` as before;
    ``closed_outside`` (in-house in the hybrid's hours, closed the rest),
    ``optimised`` (the optimised hybrid, priced with its roster), ``search`` (the
    optimiser's answer on estimates), ``calibration`` (how the estimate compares
    with this plan's roster) and ``context`` (shared inputs of the options).
    """

    scenario: Scenario
    labels: tuple[str, ...]
    channels: tuple[ChannelPlan, ...]
    schedule: Schedule
    in_house: Option
    outsourced: tuple[Option, ...]
    hybrid: Option | None
    closed_outside: Option | None = None
    optimised: Option | None = None
    search: opt.Search | None = field(default=None, repr=False)
    calibration: Calibration | None = None
    context: opt.Context | None = field(default=None, repr=False)

    @property
    def understaffed_intervals(self) -> int:
        return int(sum((cp.understaffed > 1e-9).sum() for cp in self.channels))

    @property
    def options(self) -> tuple[Option, ...]:
        """Every option: in-house, each offer, hybrid, closed outside, optimised (those present)."""
        extra = (self.hybrid, self.closed_outside, self.optimised)
        return (self.in_house, *self.outsourced, *(o for o in extra if o is not None))

    def to_json(self) -> dict:
        """The plan JSON of DESIGN.md (infinite waits as null), with added keys."""
        best = min(self.outsourced, key=lambda o: o.cost.per_month) if self.outsourced else None
        weeks = self.in_house.month_weeks

        def per_month(option: Option | None):
            return None if option is None else round(option.lost_contacts_per_week * weeks, 1)

        def unit(option: Option | None):
            return None if option is None else option.cost_per_handled_contact

        return {
            "scenario": self.scenario.name,
            "interval_min": self.scenario.interval_min,
            "intervals": list(self.labels),
            "channels": {cp.channel.id: _channel_json(cp) for cp in self.channels},
            "schedule": self.schedule.to_json(),
            "costs": {
                "in_house": self.in_house.cost.to_json(),
                "outsourced": [{"offer": o.name, **o.cost.to_json()} for o in self.outsourced],
                "hybrid": self.hybrid.cost.to_json() if self.hybrid else None,
                "lost_revenue_per_month": {
                    "in_house": self.in_house.lost_revenue_per_month,
                    "outsourced": best.lost_revenue_per_month if best else None,
                    "hybrid": self.hybrid.lost_revenue_per_month if self.hybrid else None,
                    "by_offer": {o.name: o.lost_revenue_per_month for o in self.outsourced},
                    "closed_outside": self.closed_outside.lost_revenue_per_month if self.closed_outside else None,
                    "optimised_hybrid": self.optimised.lost_revenue_per_month if self.optimised else None,
                },
                "lost_contacts_per_month": {
                    "in_house": per_month(self.in_house),
                    "by_offer": {o.name: per_month(o) for o in self.outsourced},
                    "hybrid": per_month(self.hybrid),
                    "closed_outside": per_month(self.closed_outside),
                    "optimised_hybrid": per_month(self.optimised),
                },
                "cost_per_handled_contact": {
                    "in_house": unit(self.in_house),
                    "by_offer": {o.name: unit(o) for o in self.outsourced},
                    "hybrid": unit(self.hybrid),
                    "closed_outside": unit(self.closed_outside),
                    "optimised_hybrid": unit(self.optimised),
                },
                "closed_outside": self.closed_outside.to_json() if self.closed_outside else None,
                "optimised_hybrid": _optimised_json(self),
                "options": [o.summary_json() for o in self.options],
                "month_weeks": round(weeks, 6),
                "calendar_month": self.scenario.calendar.month,
                "lost_revenue_per_contact": round(lost_revenue_per_contact(self.scenario.revenue), 4),
                "calibration": self.calibration.to_json() if self.calibration else None,
            },
            "summary": {
                cp.channel.id: {
                    "contacts_per_week": round(float(cp.demand.forecast.sum()), 3),
                    "missed_closed_per_week": round(float(cp.demand.missed_closed.sum()), 3),
                    "deflected_per_week": round(float(cp.demand.deflected_per_week), 3),
                    "service_level": _finite(cp.achieved.week_service_level),
                    "p_abandon": _finite(cp.achieved.week_p_abandon),
                    "p_unanswered": _finite(cp.achieved.week_p_unanswered),
                    "asa_s": _finite(cp.achieved.week_asa_s),
                    "understaffed_intervals": int((cp.understaffed > 1e-9).sum()),
                }
                for cp in self.channels
            },
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, allow_nan=False)


def _optimised_json(plan: Plan) -> dict | None:
    option = plan.optimised
    if option is None:
        return None
    out = option.to_json()
    out["blocks"] = list(plan.context.block_names) if plan.context else None
    if plan.search is not None:
        out["search"] = {
            "estimate_per_month": plan.search.option.cost.per_month,
            "estimate_total_per_month": plan.search.option.total_per_month,
            "estimated_assignment": plan.search.option.assignment,
            "evaluations": plan.search.evaluations,
            "exhaustive": plan.search.exhaustive,
        }
    return out


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
        # callback and email: the work arriving besides any minimum staff, which the roster may do
        # later within its window; what it leaves undone is "understaffed" where it arrived (it was
        # the minimum staff alone, 0 every interval, beside an "understaffed" of work not done)
        "required_staff": (_floats(cp.requirement.needed_people, 3) if cp.requirement.is_deferred
                           else [int(v) for v in cp.requirement.required_staff]),
        "understaffed": _floats(cp.understaffed, 3),
        "scheduled_agents": _floats(cp.scheduled, 3),
        "service_level": _floats(cp.achieved.service_level),
        "p_abandon": _floats(cp.achieved.p_abandon),
        "p_unanswered": _floats(cp.achieved.p_unanswered),
        "asa_s": _floats(cp.achieved.asa_s, 3),
    }


# --- The pipeline -------------------------------------------------------------


def _same_need(ctx: opt.Context, a: np.ndarray, b: np.ndarray) -> bool:
    needed = ctx.needed()
    return bool(np.array_equal(a & needed, b & needed))


def _rosters(ctx: opt.Context, keeps: list[np.ndarray], known: list[tuple[np.ndarray, opt.InHousePart]],
             progress: Callable | None, stop: StopSignal | None) -> list[opt.InHousePart | None]:
    """The in-house part of each keep mask: reused when a known one needs the same, None when
    nothing is kept, else solved. The solves run side by side in threads (CP-SAT releases the
    GIL) when the machine has a core for every solver worker; otherwise one after the other, as
    sharing cores would cost each time-limited solve quality."""
    parts: list[opt.InHousePart | None] = []
    todo: list[np.ndarray] = []
    for keep in keeps:
        if not (keep & ctx.needed()).any():
            parts.append(None)
            continue
        found = next((part for k, part in known if _same_need(ctx, k, keep)), None)
        if found is None:
            twin = next((j for j, k in enumerate(todo) if _same_need(ctx, k, keep)), None)
            if twin is None:
                todo.append(keep)
                twin = len(todo) - 1
            found = twin  # an index into todo, resolved below
        parts.append(found)
    if len(todo) > 1 and (os.cpu_count() or 1) >= len(todo) * ctx.scenario.workforce.solver_workers:
        with ThreadPoolExecutor(max_workers=len(todo)) as pool:
            solved = list(pool.map(lambda keep: opt.in_house_by_roster(ctx, keep, progress=progress, stop=stop),
                                   todo))
    else:
        solved = [opt.in_house_by_roster(ctx, keep, progress=progress, stop=stop) for keep in todo]
    return [solved[p] if isinstance(p, int) else p for p in parts]


class PlanStopped(Exception):
    """build_plan was asked to stop before it finished."""


def _check_stop(stop: StopSignal | None) -> None:
    if stop is not None and stop.is_set() and not stop.use_result:
        raise PlanStopped("the plan was stopped before it finished")


def build_plan(scenario: Scenario, *, progress: Callable | None = None, optimise: bool = True,
               stop: StopSignal | None = None) -> Plan:
    """Run the whole pipeline on a scenario.

    One roster solve for all in-house, then (side by side) one for the fixed
    hybrid's in-house part and one for the optimised hybrid's, each skipped when
    an earlier roster serves the same requirement. ``optimise=False`` leaves out
    the optimised hybrid. Setting ``stop`` (from another thread) ends the solves
    at once and raises :class:`PlanStopped`: a plan from cut-short solves is not
    the plan of the scenario. Unless it is set with ``use_result`` (the user asked
    to finish now): the plan is then built from the best rosters found until then
    (a solve that had no time left gives its first roster, built without search),
    and each roster's notes say it was stopped.
    """
    ctx = opt.build_context(scenario)
    everything = np.ones(ctx.open.shape, bool)
    schedule = solve_schedule(opt.schedule_request(ctx, everything), progress=progress, stop=stop, reuse=True)
    _check_stop(stop)
    achieved = opt.achieved_by_channel(ctx, schedule, everything)
    channel_plans = tuple(
        ChannelPlan(
            channel=channel,
            demand=demand,
            requirement=req,
            scheduled=np.asarray(schedule.scheduled[i], float),
            understaffed=np.asarray(schedule.understaffed[i], float),
            achieved=achieved[i],
        )
        for i, (channel, demand, req) in enumerate(zip(scenario.channels, ctx.demands, ctx.requirements))
    )
    calibration = opt.calibrate(ctx, schedule, everything)
    whole = opt.in_house_by_roster(ctx, everything, schedule=schedule)
    in_house = opt.compose(ctx, opt.all_in_house(ctx), whole, "in_house", "in_house")
    outsourced = tuple(
        opt.compose(ctx, opt.all_with_offer(ctx, k), None, offer.name, "outsourced")
        for k, offer in enumerate(scenario.offers)
    )
    search = opt.optimise_assignment(ctx, calibration) if optimise else None
    keeps = [opt.hybrid_keep(ctx), opt.in_house_hours(ctx)]
    if search is not None:
        keeps.append((search.serve == opt.IN_HOUSE) & ctx.open)
    parts = _rosters(ctx, keeps, [(everything, whole)], progress, stop)
    _check_stop(stop)
    hybrid = opt.compose(ctx, opt.fixed_hybrid(ctx), parts[0], "hybrid", "hybrid") if scenario.offers else None
    closed = opt.compose(ctx, opt.closed_outside(ctx), parts[1], "closed_outside", "closed_outside")
    optimised = None
    if search is not None:
        exact = opt.compose(ctx, search.serve, parts[2], "optimised", "optimised")
        candidates = [exact, *([search.price_only] if search.price_only else []), in_house, *outsourced,
                      *(o for o in (hybrid, closed) if o is not None)]
        best = min(candidates, key=lambda o: (o.total_per_month, o is not exact))
        optimised = replace(best, name="optimised", kind="optimised", cost=CostSummary("optimised", best.cost.lines))
    return Plan(
        scenario=scenario,
        labels=tuple(interval_labels(scenario.interval_min)),
        channels=channel_plans,
        schedule=schedule,
        in_house=in_house,
        outsourced=outsourced,
        hybrid=hybrid,
        closed_outside=closed,
        optimised=optimised,
        search=search,
        calibration=calibration,
        context=ctx,
    )
