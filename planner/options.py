"""Make or buy: who serves each channel and part of the week, what it costs, what it loses.

An *assignment* says, for every channel and interval of the week, who serves
it: the in-house team (``IN_HOUSE``), offer k (``k + 1``), or nobody
(``CLOSED``: the channel stays closed there and its contacts are lost). Every
option of a plan is an assignment priced the same way (:func:`compose`):

* the in-house part by a solved roster (:func:`in_house_by_roster`) or by the
  fast estimate (:func:`in_house_by_estimate`, marked ``basis="estimate"``);
* each offer's part by its price list (``costs.outsourced_cost``): staffed
  hours sized to the offer's own service target, handled contacts, phone
  minutes, surcharges, fees and the monthly minimum;
* every self-service or chatbot cost as its own line (the same in every option);
* contacts lost: abandoned (in-house by the queue model at the roster's
  staffing; the provider at its stated loss rate, or by the queue model at its
  own service target when the offer states one), unanswered (no agent on the
  queue or too few to keep it stable, callbacks not done in their window), and
  closed (arriving while the channel is closed, or in a part of the week left
  closed); sales lost with them at conversion x order value (+ customers lost
  for good).

The options of a plan: all in-house; all with each offer; the scenario's
fixed hybrid (``scenario.hybrid``); in-house in the hybrid's hours and closed
the rest (what staying closed in the evenings costs); and the optimised
hybrid (:func:`optimise_assignment`), which chooses per channel and block of
the week (``scenario.hybrid.blocks``) at the least cost plus lost sales.

Estimates. The optimiser, :func:`break_even` and :func:`sensitivity` price the
in-house part with ``costs.estimate_staff`` (no roster solve), calibrated on
the plan's solved roster (``costs.Calibration``): their in-house figures are
estimates, and say so (``basis="estimate"``). The optimised hybrid that a plan
reports is re-priced with a solved roster for its in-house part and compared
on that same footing with all in-house, each offer, the fixed hybrid and the
closed-outside option: the plan takes the cheapest of them, so the optimised
hybrid's cost plus lost sales is never above any of them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from planner import costs, queueing
from planner.costs import MONTH_WEEKS, Calibration, CostLine, CostSummary, OutsourcedLoad
from planner.demand import ChannelDemand, channel_demand, curve_shape, open_mask
from planner.scenario import Channel, Offer, Scenario
from planner.scheduling import (
    DeferredWork,
    Schedule,
    ScheduleRequest,
    StopSignal,
    late_by_arrival,
    solve_schedule,
    spread_over_due,
    whole_units,
)
from planner.staffing import (
    Achieved,
    Requirement,
    achieved_deferred,
    achieved_live,
    channel_requirement,
    queue_metrics,
)

if TYPE_CHECKING:  # only for type hints: plan imports this module
    from planner.plan import Plan

IN_HOUSE = 0
CLOSED = -1
NIGHT = "night"  # the block of the hours in no named block

# An interval short of staff costs at least this many times the dearest agent-interval,
# so the solver meets every target it can and falls short only where it cannot.
UNDERSTAFFING_WEIGHT = 5.0


# --- Options ---------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One way to run the service: its cost and the contacts it loses.

    Attributes
    ----------
    name : "in_house", the offer's name, "hybrid", "closed_outside" or "optimised"
    cost : the lines and their total [money/month]
    lost_contacts_per_week : contacts lost [contacts/week]
    lost_revenue_per_month : sales lost with them [money/month]
    kind : "in_house", "outsourced", "hybrid", "closed_outside" or "optimised"
    basis : how the in-house part was costed: "roster" (solved shifts), "estimate"
        (``costs.estimate_staff``), or "price" (no in-house part: offers' prices only)
    handled_contacts_per_week : contacts answered [contacts/week]
    lost_by_cause_per_week : {"abandoned", "unanswered", "closed"} [contacts/week]
    month_weeks : weeks in the month the figures describe
    assignment : channel id -> block -> "in_house", the offer's name, "closed",
        or "mixed" (the option splits the block)
    serve : (C, T) the assignment on the grid (``IN_HOUSE``, ``CLOSED``, offer k + 1)
    schedule : the in-house roster when one was solved
    in_house_agents : the people of its in-house part, on the roster or estimated (0: none) [people]
    """

    name: str
    cost: CostSummary
    lost_contacts_per_week: float
    lost_revenue_per_month: float
    kind: str = ""
    basis: str = "roster"
    handled_contacts_per_week: float = 0.0
    lost_by_cause_per_week: dict = field(default_factory=dict)
    month_weeks: float = MONTH_WEEKS
    assignment: dict | None = None
    serve: np.ndarray | None = field(default=None, repr=False, compare=False)
    schedule: Schedule | None = field(default=None, repr=False, compare=False)
    in_house_agents: float = 0.0

    @property
    def total_per_month(self) -> float:
        """Cost plus lost sales [money/month]: what the optimiser minimises."""
        return round(self.cost.per_month + self.lost_revenue_per_month, 2)

    @property
    def lost_contacts_per_month(self) -> float:
        return self.lost_contacts_per_week * self.month_weeks

    @property
    def handled_contacts_per_month(self) -> float:
        return self.handled_contacts_per_week * self.month_weeks

    @property
    def cost_per_handled_contact(self) -> float | None:
        """Cost per contact answered [money/contact]; none when under one contact a month is (a
        volume of 1e-9 a week gave 2 453 951 373 626 EUR a contact)."""
        handled = self.handled_contacts_per_month
        return round(self.cost.per_month / handled, 4) if handled >= 1.0 else None

    def summary_json(self) -> dict:
        """The option's figures without its lines (for the plan JSON's ``options`` list)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "basis": self.basis,
            "per_month": self.cost.per_month,
            "lost_contacts_per_month": round(self.lost_contacts_per_month, 1),
            "lost_revenue_per_month": self.lost_revenue_per_month,
            "total_per_month": self.total_per_month,
            "handled_contacts_per_month": round(self.handled_contacts_per_month, 1),
            "cost_per_handled_contact": self.cost_per_handled_contact,
            "lost_by_cause_per_month": {
                cause: round(value * self.month_weeks, 1) for cause, value in self.lost_by_cause_per_week.items()
            },
            "assignment": self.assignment,
        }

    def to_json(self) -> dict:
        """Lines and total (the DESIGN.md cost record) plus the summary figures."""
        return {**self.cost.to_json(), **self.summary_json()}


# --- Demand with repeat contacts -------------------------------------------------


def scenario_demands(scenario: Scenario) -> tuple[ChannelDemand, ...]:
    """Every channel's forecast after the demand levers, repeats routed between channels.

    Season (``demand_factor``) multiplies the volume and deflection removes its
    share; a contact not resolved at first contact comes back, in its own
    channel or in ``repeat_channel``, and is resolved there with that channel's
    first-contact resolution (and may come back again). The weekly totals
    solve ``x = first + R x`` with ``R[to, from] = 1 - fcr[from]``; repeats
    arrive on the receiving channel's curve. Without cross-channel repeats
    this is exactly ``demand.channel_demand`` for each channel.

    Examples
    --------
    >>> from planner.scenario import parse_scenario
    >>> s = parse_scenario({"schema_version": 1, "name": "x", "channels": [
    ...     {"id": "chat", "kind": "chat", "volume_per_week": 100, "aht_s": 600,
    ...      "first_contact_resolution": 0.8, "repeat_channel": "phone"},
    ...     {"id": "phone", "kind": "phone", "volume_per_week": 50, "aht_s": 300}]})
    >>> [round(float(d.forecast.sum()), 6) for d in scenario_demands(s)]
    [100.0, 70.0]
    """
    channels = scenario.channels
    if all(c.repeat_channel in (None, c.id) for c in channels):
        return tuple(channel_demand(c, scenario) for c in channels)
    first = np.array([c.volume_per_week * scenario.demand_factor * (1 - c.deflection.share) for c in channels])
    totals = np.linalg.solve(np.eye(len(channels)) - _repeat_matrix(channels), first)
    return tuple(
        ChannelDemand(
            channel_id=c.id,
            forecast=curve_shape(c.curve, scenario.interval_min) * float(totals[j]),
            open=open_mask(c.open_hours, scenario.interval_min),
            deflected_per_week=c.volume_per_week * scenario.demand_factor * c.deflection.share,
        )
        for j, c in enumerate(channels)
    )


def _repeat_matrix(channels) -> np.ndarray:
    """``R[to, from]``: the share of channel ``from``'s contacts that come back in channel ``to``."""
    ids = [c.id for c in channels]
    repeat = np.zeros((len(channels), len(channels)))
    for j, c in enumerate(channels):
        repeat[ids.index(c.repeat_channel or c.id), j] = 1.0 - max(c.first_contact_resolution, 1e-9)
    return repeat


def first_contacts(scenario: Scenario, index: int, history_per_week: float) -> float:
    """The weekly volume of channel ``index`` whose contacts, repeats included, come to
    ``history_per_week`` as a contact history counts them [contacts/week].

    A history holds every contact, repeats too, while the scenario's volume is the
    new contacts, on top of which :func:`scenario_demands` adds the repeats: the
    channel's own and those other channels send to it. So the volume is the
    history less those repeats, with the other channels' volumes as they are and
    before the season and deflection levers (the history is what happened).
    Negative when the repeats the other channels send exceed the history.

    Examples
    --------
    >>> from planner.scenario import parse_scenario
    >>> s = parse_scenario({"schema_version": 1, "name": "x", "channels": [
    ...     {"id": "chat", "kind": "chat", "volume_per_week": 100, "aht_s": 600,
    ...      "first_contact_resolution": 0.8, "repeat_channel": "phone"},
    ...     {"id": "phone", "kind": "phone", "volume_per_week": 50, "aht_s": 300,
    ...      "first_contact_resolution": 0.9}]})
    >>> round(first_contacts(s, 1, 200.0), 6)   # 200 less its own 10 % and chat's 20 of 100
    160.0
    >>> round(first_contacts(s, 0, 100.0), 6)   # chat's repeats go to phone: all new
    100.0
    """
    R = _repeat_matrix(scenario.channels)
    others = [j for j in range(len(scenario.channels)) if j != index]
    volumes = np.array([scenario.channels[j].volume_per_week for j in others])
    # the others' totals with this channel's total fixed at the history: x_o = v_o + R_oo x_o + R_oc H
    totals = np.linalg.solve(np.eye(len(others)) - R[np.ix_(others, others)],
                             volumes + R[others, index] * history_per_week)
    repeats = R[index, index] * history_per_week + R[index, others] @ totals
    return float(history_per_week - repeats)


# --- The context every option shares ---------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every option of a scenario shares, computed once.

    Attributes
    ----------
    demands, requirements : per channel, after the demand levers
    deferred_work : (C, T) deferred work handed to the scheduler with its window [agent-intervals]
    close_of : (C, T) for same-day channels, the last interval of the open span each
        interval belongs to (-1 where closed or no same-day promise)
    blocks : (T,) index into ``block_names`` of each interval
    in_house_loss : (C, T) share of offered contacts lost in-house when the requirement
        is met (queue model at the required agents) [estimate]
    offer_staffed_h : per offer, (C, T) agent-hours the provider staffs at its own target [h]
    offer_loss : per offer, (C, T) share of offered contacts the provider loses
    offer_covers : (K, C) whether offer k serves channel c
    bots : self-service lines, the same in every option
    """

    scenario: Scenario
    demands: tuple[ChannelDemand, ...]
    requirements: tuple[Requirement, ...]
    deferred_work: np.ndarray
    close_of: np.ndarray
    blocks: np.ndarray
    block_names: tuple[str, ...]
    in_house_loss: np.ndarray
    offer_staffed_h: tuple[np.ndarray, ...]
    offer_loss: tuple[np.ndarray, ...]
    offer_covers: np.ndarray
    bots: tuple[CostLine, ...]

    @property
    def offered(self) -> np.ndarray:
        """(C, T) contacts arriving while open [contacts]."""
        return np.stack([d.offered for d in self.demands])

    @property
    def open(self) -> np.ndarray:
        return np.stack([d.open for d in self.demands])

    @property
    def missed_closed(self) -> np.ndarray:
        return np.stack([d.missed_closed for d in self.demands])

    @property
    def forecast_per_week(self) -> float:
        return float(sum(d.forecast.sum() for d in self.demands))

    @property
    def month_weeks(self) -> float:
        return costs.month_weeks(self.scenario)

    def needed(self) -> np.ndarray:
        """(C, T) where a decision matters: open and with contacts or minimum staff."""
        staff = np.stack([r.required_staff for r in self.requirements]) > 0
        return self.open & ((self.offered > 0) | staff | (self.deferred_work > 0))


def block_index(scenario: Scenario) -> tuple[np.ndarray, tuple[str, ...]]:
    """(T,) block of each interval (first named block whose hours hold it, else "night") and the names."""
    names = [block.name for block in scenario.hybrid.blocks]
    index = np.full(scenario.intervals_per_week, len(names))
    for b, block in reversed(list(enumerate(scenario.hybrid.blocks))):
        index[open_mask(block.hours, scenario.interval_min)] = b
    return index, tuple(names) + (NIGHT,)


def _close_of(channel: Channel, demand: ChannelDemand) -> np.ndarray:
    """For each open interval, the last interval of its open run (cyclic); -1 where closed."""
    is_open = demand.open
    n = len(is_open)
    out = np.full(n, -1)
    if not channel.deadline_same_day or not is_open.any():
        return out
    if is_open.all():
        # open round the clock: "the same day" ends at each midnight
        per_day = n // 7
        return (np.arange(n) // per_day + 1) * per_day - 1
    for start, length in costs.cyclic_runs(is_open):
        idx = (start + np.arange(length)) % n
        out[idx] = (start + length - 1) % n
    return out


def _offer_staffing(channel: Channel, demand: ChannelDemand, req: Requirement, offer: Offer,
                    scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(staffed agent-hours per interval, share lost per interval) of one channel at ``offer``."""
    hours = scenario.interval_min / 60.0
    offered = demand.offered
    if req.is_deferred:
        return offered * channel.aht_levels_s[0] / 3600.0, np.full(len(offered), offer.abandon_rate)
    own_target = offer.target_sl is not None or offer.target_s is not None
    if not own_target:
        agents = req.required_agents
        loss = np.full(len(offered), offer.abandon_rate)
    else:
        rate = demand.rate_per_h(scenario.interval_min)
        agents = queueing.agents_needed(
            rate,
            aht_s=np.asarray(channel.aht_levels_s) if channel.concurrency > 1 else channel.aht_levels_s[0],
            target_sl=offer.target_sl if offer.target_sl is not None else channel.target_sl,
            target_s=offer.target_s if offer.target_s is not None else channel.target_s,
            patience_s=channel.patience_s,
            max_occupancy=channel.max_occupancy,
            concurrency=channel.concurrency,
        )
        agents = np.where(demand.open, np.asarray(agents, int), 0)
        if channel.patience_s is not None:
            metrics = queue_metrics(channel, rate, agents)
            loss = np.where(np.isfinite(metrics.asa_s), np.asarray(metrics.p_abandon, float), 1.0)
            loss = np.where(offered > 0, loss, 0.0)
        else:  # Erlang C has no abandonment: the offer's stated loss rate stands
            loss = np.full(len(offered), offer.abandon_rate)
    staffed = np.maximum(agents, channel.min_staff_open) * demand.open * hours
    return staffed.astype(float), loss


def build_context(scenario: Scenario, demands=None, requirements=None) -> Context:
    """Demand, requirement, blocks and each offer's staffing and losses for ``scenario``.

    Fast (no roster solve): tens of milliseconds for the examples.
    """
    demands = tuple(demands) if demands is not None else scenario_demands(scenario)
    if requirements is None:
        requirements = tuple(channel_requirement(c, d, scenario) for c, d in zip(scenario.channels, demands))
    requirements = tuple(requirements)
    T = scenario.intervals_per_week
    loss = np.zeros((len(demands), T))
    for i, (channel, demand, req) in enumerate(zip(scenario.channels, demands, requirements)):
        if req.is_deferred:
            continue
        metrics = queue_metrics(channel, demand.rate_per_h(scenario.interval_min), req.required_agents)
        share = np.where(np.isfinite(metrics.asa_s), np.asarray(metrics.p_abandon, float), 1.0)
        loss[i] = np.where(demand.offered > 0, share, 0.0)
    staffed, lost = [], []
    for offer in scenario.offers:
        pairs = [_offer_staffing(c, d, r, offer, scenario) for c, d, r in zip(scenario.channels, demands, requirements)]
        staffed.append(np.stack([p[0] for p in pairs]))
        lost.append(np.stack([p[1] for p in pairs]))
    covers = np.array(
        [[offer.channels is None or c.id in offer.channels for c in scenario.channels] for offer in scenario.offers],
        bool,
    ).reshape(len(scenario.offers), len(scenario.channels))
    blocks, names = block_index(scenario)
    bots = tuple(
        costs.line(f"Self-service, {c.id}", c.deflection.cost_per_month, share=c.deflection.share,
                   deflected_per_month=round(d.deflected_per_week * costs.month_weeks(scenario), 1))
        for c, d in zip(scenario.channels, demands)
        if c.deflection.cost_per_month
    )
    return Context(
        scenario=scenario,
        demands=demands,
        requirements=requirements,
        deferred_work=np.stack([r.deferred_work for r in requirements]),
        close_of=np.stack([_close_of(c, d) for c, d in zip(scenario.channels, demands)]),
        blocks=blocks,
        block_names=names,
        in_house_loss=loss,
        offer_staffed_h=tuple(staffed),
        offer_loss=tuple(lost),
        offer_covers=covers,
        bots=bots,
    )


# --- Deferred work, same-day promises, and the scheduling request ----------------


def _due(ctx: Context, c: int) -> np.ndarray | None:
    """(T,) intervals each arrival of deferred channel c may take: its window, or with a
    promise to answer the same day, at most until the close of the day's open hours; None
    without that promise (the window for all)."""
    close = ctx.close_of[c]
    if not (close >= 0).any():
        return None
    window = ctx.requirements[c].window_intervals
    n = len(close)
    to_close = (close - np.arange(n)) % n + 1
    return np.where(close >= 0, np.minimum(window, to_close), window)


def understaffing_penalty(ctx: Context, i: int, cost_per_interval: np.ndarray) -> np.ndarray:
    """(T,) what one person missing from channel i's requirement costs the roster's solver
    in each interval [money/person-interval].

    A floor: UNDERSTAFFING_WEIGHT x the dearest agent-interval, or the contacts an agent
    handles in an interval if they are worth more, so the roster meets every target it
    can. On top, for a live channel, the contacts a missing person loses there (the
    interval's contacts per person required, at most an agent's), so a roster that must
    fall short does so where the fewest contacts are lost, not anywhere in the week.
    """
    scenario, channel, req = ctx.scenario, ctx.scenario.channels[i], ctx.requirements[i]
    value_per_contact = costs.lost_revenue_per_contact(scenario.revenue)
    contacts_per_agent = scenario.interval_min * 60.0 / channel.aht_levels_s[-1] * channel.concurrency
    floor = max(contacts_per_agent * value_per_contact, UNDERSTAFFING_WEIGHT * float(cost_per_interval.max()))
    if req.is_deferred:
        return np.full(len(cost_per_interval), floor)
    staff = np.asarray(req.required_staff, float)
    per_person = np.divide(ctx.demands[i].offered, staff, out=np.zeros_like(staff), where=staff > 0)
    return floor + np.minimum(per_person, contacts_per_agent) * value_per_contact


def schedule_request(ctx: Context, keep: np.ndarray) -> ScheduleRequest:
    """The scheduling problem for the channel-intervals where ``keep`` (C, T) is true."""
    scenario = ctx.scenario
    keep = np.asarray(keep, float)
    cost = costs.agent_cost_per_interval(scenario)
    penalties, required, deferred = [], [], []
    for i, (channel, req) in enumerate(zip(scenario.channels, ctx.requirements)):
        penalties.append(understaffing_penalty(ctx, i, cost))
        if req.is_deferred:
            deferred.append(DeferredWork(channel=channel.id, work=ctx.deferred_work[i] * keep[i],
                                         window=req.window_intervals, due=_due(ctx, i),
                                         in_time_share=channel.target_sl))
        required.append(req.required_staff * keep[i])
    return ScheduleRequest(
        interval_min=scenario.interval_min,
        channels=tuple(c.id for c in scenario.channels),
        required_staff=np.stack(required).astype(float),
        understaffing_penalty=np.stack(penalties),
        cost_per_interval=cost,
        workforce=scenario.workforce,
        deferred=tuple(deferred),
        cost_per_agent=costs.seat_cost_per_month(scenario.in_house) / costs.month_weeks(scenario),  # as the Costs page
    )


def roster_found(schedule: Schedule) -> bool:
    """True when the solver returned a roster (even an empty one for an empty requirement)."""
    return schedule.solver.status in ("OPTIMAL", "FEASIBLE")


# --- The in-house part -----------------------------------------------------------


@dataclass(frozen=True)
class InHousePart:
    """The in-house part of an option: its cost and the contacts it loses.

    ``abandoned`` and ``unanswered`` are (C, T) contacts lost among those kept
    in-house [contacts]; ``achieved`` per channel when a roster was solved.
    """

    cost: CostSummary
    abandoned: np.ndarray
    unanswered: np.ndarray
    basis: str
    schedule: Schedule | None = None
    achieved: tuple[Achieved, ...] | None = None
    estimate: costs.StaffEstimate | None = None
    headcount: float = 0.0  # the people it costs: the roster's, or the estimate's [people]


def achieved_by_channel(ctx: Context, schedule: Schedule, keep: np.ndarray) -> tuple[Achieved, ...]:
    """Service each channel gets from ``schedule`` (deferred: the share of the kept work done in time)."""
    out = []
    for i, (channel, demand, req) in enumerate(zip(ctx.scenario.channels, ctx.demands, ctx.requirements)):
        if not req.is_deferred:
            out.append(achieved_live(channel, demand, np.asarray(schedule.scheduled[i], float), ctx.scenario))
            continue
        out.append(achieved_deferred(demand, *_deferred_by_arrival(ctx, schedule, keep, i)))
    return tuple(out)


def _deferred_by_arrival(ctx: Context, schedule: Schedule, keep: np.ndarray, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Deferred channel ``i``: the share of each interval's arrivals the roster does by their
    due interval (1 where nothing arrives), and their mean wait to be done [s], the work
    done taken first in, first out (:func:`late_by_arrival`). The share was the week's in
    every interval, 0.931 on Monday at 22:00 when none arrive."""
    interval = ctx.scenario.interval_min
    work = ctx.deferred_work[i] * np.asarray(keep[i], float)  # as schedule_request sends it [agent-intervals]
    minutes = whole_units(work * interval).astype(float)  # as the roster counts it: whole agent-minutes
    done = np.asarray(schedule.deferred_placed.get(ctx.scenario.channels[i].id, np.zeros(len(work))), float)
    due = _due(ctx, i)
    late, wait_min = late_by_arrival(minutes, np.rint(done * interval),
                                     ctx.requirements[i].window_intervals if due is None else due, interval)
    share = np.where(minutes > 0, 1.0 - late / np.where(minutes > 0, minutes, 1.0), 1.0).clip(0.0, 1.0)
    return share, wait_min * 60.0


def channel_losses(demand: ChannelDemand, got: Achieved, keep=1.0):
    """(abandoned, unanswered) (T,) contacts of one channel among the kept contacts while open:
    abandoned from the queue; unanswered where no agent could take them (for deferred
    work, not answered in time)."""
    offered = demand.offered * keep
    return offered * got.p_abandon, offered * got.p_unanswered


def _losses_from_achieved(ctx: Context, achieved: Sequence[Achieved], keep: np.ndarray):
    """(abandoned, unanswered) (C, T) among the kept contacts (see :func:`channel_losses`)."""
    abandoned = np.zeros(keep.shape)
    unanswered = np.zeros(keep.shape)
    for i, (demand, got) in enumerate(zip(ctx.demands, achieved)):
        abandoned[i], unanswered[i] = channel_losses(demand, got, keep[i])
    return abandoned, unanswered


def in_house_by_roster(ctx: Context, keep: np.ndarray, *, progress: Callable | None = None,
                       schedule: Schedule | None = None, stop: StopSignal | None = None) -> InHousePart:
    """The in-house part priced from a solved roster (``schedule`` if given, else solved here).

    When the solver returns no roster (no solution within its time limit), or an
    empty one although a live channel needs people (a time-limited solve whose
    only solution is "nobody"), the part falls back to :func:`in_house_by_estimate`
    (uncalibrated) and says so (basis "estimate"), rather than costing nothing.
    An empty roster for deferred work alone is a roster: dropping a little work
    can be cheaper than the shortest shift, and its contacts count as lost. So is
    one where the scenario allows no agents at all: its contacts are all lost.
    """
    keep = np.asarray(keep, bool)
    if schedule is None:
        schedule = solve_schedule(schedule_request(ctx, keep), progress=progress, stop=stop, reuse=True)
    live_need = any(
        not req.is_deferred and bool((req.required_staff * keep[i] > 0).any())
        for i, req in enumerate(ctx.requirements)
    )
    if not roster_found(schedule) or (live_need and not schedule.shifts and _agents_allowed(ctx.scenario.workforce)):
        part = in_house_by_estimate(ctx, keep, Calibration())
        return replace(part, schedule=schedule)
    achieved = achieved_by_channel(ctx, schedule, keep)
    abandoned, unanswered = _losses_from_achieved(ctx, achieved, keep)
    cost = costs.in_house_cost(ctx.scenario, schedule.paid_minutes(), schedule.headcount)
    return InHousePart(cost, abandoned, unanswered, "roster", schedule, achieved, headcount=schedule.headcount)


def _agents_allowed(workforce) -> bool:
    """Whether the scenario's limits allow any agent on the roster."""
    if workforce.max_agents == 0:
        return False
    if workforce.team is not None:
        return bool(workforce.team)
    return any(c.max_count != 0 for c in workforce.contracts)


def estimate_for(ctx: Context, keep: np.ndarray) -> costs.StaffEstimate:
    """``costs.estimate_staff`` for the channel-intervals kept in-house."""
    keep = np.asarray(keep, float)
    live = np.zeros(ctx.scenario.intervals_per_week)
    deferred = np.zeros_like(live)
    arriving = np.zeros_like(live)
    for i, req in enumerate(ctx.requirements):
        live += req.required_staff * keep[i]
        if req.is_deferred:
            due = _due(ctx, i)
            deferred += spread_over_due(ctx.deferred_work[i] * keep[i], req.window_intervals if due is None else due)
            arriving += ctx.deferred_work[i] * keep[i]
    return costs.estimate_staff(live, deferred, ctx.scenario.interval_min, ctx.scenario.workforce, arriving,
                                costs.agent_cost_per_interval(ctx.scenario))


def in_house_by_estimate(ctx: Context, keep: np.ndarray, calibration: Calibration | None = None,
                         *, whole_people: bool = True) -> InHousePart:
    """The in-house part priced by the fast estimate [estimate]: the requirement met,
    losses as the queue model gives at the required agents."""
    keep = np.asarray(keep, bool)
    estimate = estimate_for(ctx, keep)
    cost = costs.estimated_in_house_cost(ctx.scenario, estimate, calibration, whole_people=whole_people)
    abandoned = ctx.offered * keep * ctx.in_house_loss
    return InHousePart(cost, abandoned, np.zeros_like(abandoned), "estimate", estimate=estimate,
                       headcount=costs.estimated_headcount(estimate, calibration, whole_people=whole_people))


def calibrate(ctx: Context, schedule: Schedule, keep: np.ndarray | None = None) -> Calibration:
    """Fit the estimate to a solved roster of the same requirement.

    Returns the plain estimate (factors 1, source "none") when there is no
    roster, nothing to staff, or the roster falls short of the requirement by
    more than 5 % (a capped team would teach the estimate to under-staff).
    """
    keep = np.ones_like(ctx.open, bool) if keep is None else np.asarray(keep, bool)
    estimate = estimate_for(ctx, keep)
    if not roster_found(schedule) or not schedule.shifts or estimate.paid_h_per_week <= 0:
        return Calibration(source=Calibration.NO_ROSTER)
    request = schedule_request(ctx, keep)
    needed = float(request.required_staff.sum() + sum(d.work.sum() for d in request.deferred))
    if needed > 0 and float(np.asarray(schedule.understaffed).sum()) > 0.05 * needed:
        return Calibration(source=Calibration.ROSTER_SHORT)
    factor = costs.premium_factor_per_min(ctx.scenario)
    rostered = float((schedule.paid_minutes() * factor).sum())
    estimated = float((np.repeat(estimate.paid_staff, ctx.scenario.interval_min) * factor).sum())
    return Calibration(
        pay_factor=rostered / estimated,
        headcount_factor=schedule.headcount / estimate.headcount if estimate.headcount > 0 else 1.0,
        source=Calibration.ON_ROSTER,
    )


# --- Composing an option from an assignment --------------------------------------


def choice_names(ctx: Context) -> dict[int, str]:
    """Serve code -> name: "in_house", "closed", and each offer's name."""
    return {IN_HOUSE: "in_house", CLOSED: "closed",
            **{k + 1: offer.name for k, offer in enumerate(ctx.scenario.offers)}}


def describe(ctx: Context, serve: np.ndarray) -> dict:
    """channel id -> block -> who serves it where it matters ("mixed" if the block is split)."""
    names = choice_names(ctx)
    needed = ctx.needed()
    out = {}
    for i, channel in enumerate(ctx.scenario.channels):
        row = {}
        for b, block in enumerate(ctx.block_names):
            where = needed[i] & (ctx.blocks == b)
            if where.any():
                codes = np.unique(serve[i][where])
                row[block] = names[int(codes[0])] if len(codes) == 1 else "mixed"
        out[channel.id] = row
    return out


def offer_loads(ctx: Context, k: int, mask: np.ndarray) -> list[OutsourcedLoad]:
    """Offer k's load on the channel-intervals of ``mask`` (C, T)."""
    loads = []
    for i, (channel, demand) in enumerate(zip(ctx.scenario.channels, ctx.demands)):
        contacts = demand.offered * mask[i]
        loads.append(OutsourcedLoad(
            channel.id, channel.kind, contacts, ctx.offer_staffed_h[k][i] * mask[i], channel.aht_levels_s[0],
            handled=contacts * (1.0 - ctx.offer_loss[k][i]),
        ))
    return loads


def compose(ctx: Context, serve: np.ndarray, in_house: InHousePart | None, name: str, kind: str) -> Option:
    """Price an assignment: the in-house part as given, each offer's part by its prices,
    self-service lines, and the contacts and sales lost."""
    scenario = ctx.scenario
    serve = np.asarray(serve)
    is_open = ctx.open
    offered = ctx.offered
    used = [k for k in range(len(scenario.offers)) if ((serve == k + 1) & is_open).any()]
    keep = (serve == IN_HOUSE) & is_open
    has_in_house = in_house is not None and bool((keep & ctx.needed()).any())
    parties = int(has_in_house) + len(used)
    lines: list[CostLine] = []
    if has_in_house:
        prefix = "In-house: " if parties > 1 else ""
        lines += [CostLine(prefix + x.item, x.per_month, x.inputs) for x in in_house.cost.lines]
    abandoned = np.zeros(offered.shape)
    unanswered = np.zeros(offered.shape)
    if in_house is not None:
        abandoned += in_house.abandoned * keep
        unanswered += in_house.unanswered * keep
    for k in used:
        offer = scenario.offers[k]
        mask = (serve == k + 1) & is_open
        summary = costs.outsourced_cost(scenario, offer, offer_loads(ctx, k, mask))
        prefix = f"{offer.name}: " if parties > 1 else ""
        lines += [CostLine(prefix + x.item, x.per_month, x.inputs) for x in summary.lines]
        abandoned += offered * mask * ctx.offer_loss[k]
    lines += list(ctx.bots)
    closed = offered * ((serve == CLOSED) & is_open) + ctx.missed_closed
    lost = float(abandoned.sum() + unanswered.sum() + closed.sum())
    forecast = ctx.forecast_per_week
    weeks = ctx.month_weeks
    basis = in_house.basis if has_in_house else "price"
    return Option(
        name=name,
        cost=CostSummary(name, tuple(lines)),
        lost_contacts_per_week=lost,
        lost_revenue_per_month=round(lost * weeks * costs.lost_revenue_per_contact(scenario.revenue), 2),
        kind=kind,
        basis=basis,
        handled_contacts_per_week=max(0.0, forecast - lost),
        lost_by_cause_per_week={"abandoned": float(abandoned.sum()), "unanswered": float(unanswered.sum()),
                                "closed": float(closed.sum())},
        month_weeks=weeks,
        assignment=describe(ctx, serve),
        serve=serve,
        schedule=in_house.schedule if has_in_house else None,
        in_house_agents=in_house.headcount if has_in_house else 0.0,
    )


# --- The standard assignments ----------------------------------------------------


def all_in_house(ctx: Context) -> np.ndarray:
    return np.full(ctx.open.shape, IN_HOUSE)


def all_with_offer(ctx: Context, k: int) -> np.ndarray:
    """Offer k everywhere it serves; channels it does not serve stay closed (as the offer alone would have it)."""
    return np.where(ctx.offer_covers[k][:, None], k + 1, CLOSED) * np.ones(ctx.open.shape, int)


def hybrid_offer_index(scenario: Scenario) -> int | None:
    if not scenario.offers:
        return None
    names = [offer.name for offer in scenario.offers]
    return names.index(scenario.hybrid.offer) if scenario.hybrid.offer in names else 0


def in_house_hours(ctx: Context) -> np.ndarray:
    """(C, T) the hybrid's in-house hours on its in-house channels."""
    scenario = ctx.scenario
    hours = open_mask(scenario.hybrid.in_house_hours, scenario.interval_min)
    chosen = scenario.hybrid.in_house_channels
    return np.stack([hours & (chosen is None or channel.id in chosen) for channel in scenario.channels])


def hybrid_keep(ctx: Context) -> np.ndarray:
    """(C, T) what the scenario's hybrid keeps in-house: its hours and channels, and every
    channel its offer does not serve (all of them when there is no offer)."""
    k = hybrid_offer_index(ctx.scenario)
    keep = in_house_hours(ctx)
    for i in range(len(ctx.scenario.channels)):
        if k is None or not ctx.offer_covers[k][i]:
            keep[i] = True
    return keep


def fixed_hybrid(ctx: Context) -> np.ndarray:
    """The scenario's hybrid: in-house where ``hybrid_keep``, the hybrid's offer elsewhere."""
    k = hybrid_offer_index(ctx.scenario)
    return np.where(hybrid_keep(ctx), IN_HOUSE, CLOSED if k is None else k + 1)


def closed_outside(ctx: Context) -> np.ndarray:
    """In-house in the hybrid's hours and channels, closed the rest."""
    return np.where(in_house_hours(ctx), IN_HOUSE, CLOSED)


# --- The optimiser ---------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """The optimiser's answer on estimates.

    ``serve`` the best assignment found, ``option`` it priced by the estimate,
    ``evaluations`` how many assignments were priced, ``exhaustive`` whether
    every assignment was, ``items`` the (channel, block) decisions and their
    choices, ``price_only`` the best assignment priced that has no in-house part
    (its figures are exact: offers' prices and lost sales only).
    """

    serve: np.ndarray
    option: Option
    evaluations: int
    exhaustive: bool
    items: tuple[tuple[int, int, tuple[int, ...]], ...]
    price_only: Option | None = None


def decision_items(ctx: Context) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """(channel, block, choices) for each channel and block that has anything to serve."""
    needed = ctx.needed()
    items = []
    for i in range(len(ctx.scenario.channels)):
        choices = [IN_HOUSE] + [k + 1 for k in range(len(ctx.scenario.offers)) if ctx.offer_covers[k][i]]
        if ctx.scenario.hybrid.allow_closed:
            choices.append(CLOSED)
        for b in range(len(ctx.block_names)):
            if (needed[i] & (ctx.blocks == b)).any():
                items.append((i, b, tuple(choices)))
    return tuple(items)


def serve_from(ctx: Context, items, picks: Sequence[int]) -> np.ndarray:
    serve = np.full(ctx.open.shape, IN_HOUSE)
    for (i, b, _choices), pick in zip(items, picks):
        serve[i, ctx.blocks == b] = pick
    return serve


def _project(ctx: Context, items, serve: np.ndarray) -> tuple[int, ...]:
    """The per-item choice closest to ``serve``: the code covering most contacts in the item."""
    picks = []
    weight = ctx.offered + ctx.needed()
    for i, b, choices in items:
        where = ctx.blocks == b
        scores = {c: float((weight[i] * where * (serve[i] == c)).sum()) for c in choices}
        picks.append(max(choices, key=lambda c: (scores[c], -choices.index(c))))
    return tuple(picks)


def optimise_assignment(ctx: Context, calibration: Calibration | None = None, *,
                        exhaustive_limit: int = 3000, max_evaluations: int = 4000) -> Search:
    """Who serves each channel in each block, at the least cost plus lost sales [estimate].

    Every (channel, block) that has contacts or minimum staff chooses in-house,
    an offer that serves the channel, or closed (if ``hybrid.allow_closed``).
    The in-house part is priced by the calibrated estimate, offers by their
    prices (fees, minimums and included volumes count once per offer used).
    Up to ``exhaustive_limit`` assignments are all priced; beyond that a local
    search (change one decision, or one block or channel at once, while it
    pays) runs from all in-house, each offer alone, the fixed hybrid, closed
    outside its hours and the best choice per decision alone. The starting
    points include all in-house and every all-offer assignment, so the answer
    is never dearer than those on the same estimate.
    """
    items = decision_items(ctx)
    cache: dict[tuple[int, ...], Option] = {}
    parts: dict[bytes, InHousePart | None] = {}
    needed = ctx.needed()

    def price(picks: tuple[int, ...]) -> Option:
        if picks not in cache:
            serve = serve_from(ctx, items, picks)
            keep = (serve == IN_HOUSE) & ctx.open
            key = (keep & needed).tobytes()
            if key not in parts:
                parts[key] = in_house_by_estimate(ctx, keep, calibration) if (keep & needed).any() else None
            cache[picks] = compose(ctx, serve, parts[key], "optimised", "optimised")
        return cache[picks]

    def total(picks: tuple[int, ...]) -> float:
        return price(picks).total_per_month

    def result(best: tuple[int, ...], exhaustive: bool) -> Search:
        bought = [option for option in cache.values() if option.basis == "price"]
        cheapest = min(bought, key=lambda o: o.total_per_month) if bought else None
        return Search(serve_from(ctx, items, best), price(best), len(cache), exhaustive, items, cheapest)

    sizes = [len(choices) for _i, _b, choices in items]
    combos = math.prod(sizes) if items else 1
    if combos <= exhaustive_limit:
        return result(min(itertools.product(*[choices for _i, _b, choices in items]), key=total), True)

    starts = {_project(ctx, items, all_in_house(ctx))}
    starts |= {_project(ctx, items, all_with_offer(ctx, k)) for k in range(len(ctx.scenario.offers))}
    starts |= {_project(ctx, items, fixed_hybrid(ctx)), _project(ctx, items, closed_outside(ctx))}
    base = _project(ctx, items, all_in_house(ctx))
    alone = []
    for n, (_i, _b, choices) in enumerate(items):
        alone.append(min(choices, key=lambda c: total(base[:n] + (c,) + base[n + 1:])))
    starts.add(tuple(alone))
    groups = [[n for n, item in enumerate(items) if item[1] == b] for b in range(len(ctx.block_names))]
    groups += [[n for n, item in enumerate(items) if item[0] == i] for i in range(len(ctx.scenario.channels))]
    groups = [g for g in groups if len(g) > 1]
    best = min(starts, key=total)
    for start in sorted(starts, key=total):
        current = start
        improved = True
        while improved and len(cache) < max_evaluations:
            improved = False
            moves = [current[:n] + (c,) + current[n + 1:] for n, (_i, _b, choices) in enumerate(items)
                     for c in choices if c != current[n]]
            for group in groups:
                shared = set.intersection(*[set(items[n][2]) for n in group])
                for c in shared:
                    move = list(current)
                    for n in group:
                        move[n] = c
                    moves.append(tuple(move))
            candidate = min(moves, key=total) if moves else current
            if total(candidate) < total(current) - 0.005:
                current, improved = candidate, True
        if total(current) < total(best):
            best = current
    return result(best, False)


# --- Break-even and sensitivity --------------------------------------------------


def scaled(scenario: Scenario, *, volume: float = 1.0, aht: float = 1.0, wage: float = 1.0,
           shrinkage: float = 1.0) -> Scenario:
    """The scenario with every channel's volume and handling time, the wage and the
    shrinkage multiplied (shrinkage capped at 0.95). Not re-validated: factors may
    take a volume past the file's limits."""
    channels = []
    for c in scenario.channels:
        times = tuple(v * aht for v in c.aht_s) if isinstance(c.aht_s, tuple) else c.aht_s * aht
        channels.append(c.model_copy(update={"volume_per_week": c.volume_per_week * volume, "aht_s": times}))
    workforce = scenario.workforce.model_copy(update={"shrinkage": min(0.95, scenario.workforce.shrinkage * shrinkage)})
    in_house = scenario.in_house.model_copy(update={"wage_per_h": scenario.in_house.wage_per_h * wage})
    return scenario.model_copy(update={"channels": tuple(channels), "workforce": workforce, "in_house": in_house})


def calibration_for(scenario: Scenario, plan: Plan | None = None, *, time_limit_s: float = 5.0) -> Calibration:
    """The plan's calibration, or one fitted to a roster solved here with a short time limit."""
    if plan is not None and plan.calibration is not None:
        return plan.calibration
    ctx = build_context(scenario)
    keep = np.ones_like(ctx.open, bool)
    quick = scenario.workforce.model_copy(
        update={"solver_time_limit_s": min(time_limit_s, scenario.workforce.solver_time_limit_s)}
    )
    request = replace(schedule_request(ctx, keep), workforce=quick)
    return calibrate(ctx, solve_schedule(request, reuse=True), keep)


def estimated_options(scenario: Scenario, calibration: Calibration, *, whole_people: bool = True,
                      assignments: dict[str, np.ndarray] | None = None,
                      hybrids: bool = True) -> dict[str, Option]:
    """Every option of ``scenario`` with the in-house part by the calibrated estimate [estimate]:
    "in_house", each offer by name, "hybrid" (fixed) and "closed_outside" (unless ``hybrids`` is
    false), and any named ``assignments``."""
    ctx = build_context(scenario)

    def with_estimate(serve, name, kind):
        keep = (serve == IN_HOUSE) & ctx.open
        part = in_house_by_estimate(ctx, keep, calibration, whole_people=whole_people)
        return compose(ctx, serve, part, name, kind)

    out = {"in_house": with_estimate(all_in_house(ctx), "in_house", "in_house")}
    for k, offer in enumerate(scenario.offers):
        out[offer.name] = compose(ctx, all_with_offer(ctx, k), None, offer.name, "outsourced")
    if hybrids and scenario.offers:
        out["hybrid"] = with_estimate(fixed_hybrid(ctx), "hybrid", "hybrid")
    if hybrids:
        out["closed_outside"] = with_estimate(closed_outside(ctx), "closed_outside", "closed_outside")
    for name, serve in (assignments or {}).items():
        out[name] = with_estimate(serve, name, "optimised")
    return out


@dataclass(frozen=True)
class BreakEven:
    """Where in-house and one offer cost the same (cost per month, lost sales not counted).

    Attributes
    ----------
    offer : the offer's name
    volume_factor : every channel's volume times this [-]; none if no crossing in the range searched
    volume_per_week : contacts to handle a week at that factor, all channels (:func:`contacts_to_handle`)
    in_house_per_month, offer_per_month : the two costs there [money/month] (in-house: estimate)
    wage_per_h : the in-house wage at which in-house costs what the offer does at today's
        volume, with today's roster [money/h]; none if no wage would
    note : what the figures mean, or why there is none
    other_factors : further volume factors where the cheaper side changes (the grid's
        brackets, not refined) [-]
    in_house_cheaper : whether in-house is the cheaper at the lower volumes: with no
        crossing, at every volume searched (else the offer is); with one, just below it
        (and the offer just above it)
    searched : the range of volume factors searched (low, high) [-]
    """

    offer: str
    volume_factor: float | None
    volume_per_week: float | None
    in_house_per_month: float | None
    offer_per_month: float | None
    wage_per_h: float | None
    note: str
    other_factors: tuple[float, ...] = ()
    in_house_cheaper: bool | None = None
    searched: tuple[float, float] = (0.05, 20.0)

    def to_json(self) -> dict:
        out = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}
        out["other_factors"] = [round(v, 4) for v in self.other_factors]
        out["searched"] = list(self.searched)
        return out


def contacts_to_handle(scenario: Scenario) -> float:
    """Contacts a week, all channels, after the season factor, self-service and repeats (as the
    pages and the proposal count them); linear in every channel's volume scaled alike."""
    return float(sum(np.sum(d.forecast) for d in scenario_demands(scenario)))


def costs_at_volume(scenario: Scenario, factor: float, calibration: Calibration) -> dict[str, float]:
    """Cost per month of all in-house [estimate, fractional head count] and of each offer
    alone when every channel's volume is multiplied by ``factor``."""
    options = estimated_options(scaled(scenario, volume=factor), calibration, whole_people=False, hybrids=False)
    return {name: option.cost.per_month for name, option in options.items()}


def _uses_roster(plan: Plan | None) -> bool:
    return plan is not None and plan.in_house.schedule is not None and plan.in_house.basis == "roster"


def _wage_break_even(scenario: Scenario, plan: Plan | None, calibration: Calibration, offer_cost: float):
    """Wage at which today's in-house cost equals ``offer_cost``: cost is linear in the wage."""
    if _uses_roster(plan):
        schedule = plan.in_house.schedule
        paid = schedule.paid_minutes()

        def cost_at(w: float) -> float:
            s = scenario.model_copy(update={"in_house": scenario.in_house.model_copy(update={"wage_per_h": w})})
            return costs.in_house_cost(s, paid, schedule.headcount).per_month
    else:
        def cost_at(w: float) -> float:
            s = scaled(scenario, wage=w / scenario.in_house.wage_per_h)
            return estimated_options(s, calibration)["in_house"].cost.per_month
    w0 = scenario.in_house.wage_per_h
    c0, c1 = cost_at(w0), cost_at(2 * w0)
    slope = (c1 - c0) / w0
    if slope <= 0:
        return None
    wage = w0 + (offer_cost - c0) / slope
    return wage if wage > 0 else None


BREAK_EVEN_FINE_STEP = 1.025  # break-even volume search: the grid's ratio from half to twice today's volume


def _fine_steps(a: float, b: float) -> np.ndarray:
    """Volume factors from ``a`` to ``b`` in ratios of BREAK_EVEN_FINE_STEP, both ends included."""
    if b <= a:
        return np.array([a, b])
    n = math.ceil(math.log(b / a) / math.log(BREAK_EVEN_FINE_STEP))
    return np.geomspace(a, b, n + 1)


def _nearest_fine_bracket(scenario: Scenario, calibration: Calibration, offer: str, a: float, b: float,
                          da: float, db: float) -> tuple[float, float, float]:
    """Of a bracket (a, b) where in-house less the offer (``da`` at ``a``, ``db`` at ``b``)
    changes sign, the part one fine step wide (see :func:`_fine_steps`) with a change of
    sign nearest today's volume, and the difference at its lower end."""
    if b / a <= BREAK_EVEN_FINE_STEP * (1 + 1e-9):
        return a, b, da
    points = [float(x) for x in _fine_steps(a, b)]
    rows = [costs_at_volume(scenario, x, calibration) for x in points[1:-1]]
    diffs = [da, *(row["in_house"] - row[offer] for row in rows), db]
    i = _nearest_change(points, diffs)
    return points[i], points[i + 1], diffs[i]


def _sign_changes(diffs) -> list[int]:
    """The brackets (i, i + 1) where ``diffs`` changes sign or is 0 at i."""
    return [i for i in range(len(diffs) - 1) if np.sign(diffs[i]) != np.sign(diffs[i + 1]) or diffs[i] == 0]


def _nearest_change(factors, diffs) -> int:
    """Of the brackets where ``diffs`` changes sign (there is one), the one nearest today's
    volume (factor 1), by the geometric middle of its factors."""
    return min(_sign_changes(diffs), key=lambda i: abs(math.log(math.sqrt(factors[i] * factors[i + 1]))))


def break_even(scenario: Scenario, plan: Plan | None = None, *, calibration: Calibration | None = None,
               low: float = 0.05, high: float = 20.0, points: int = 41) -> tuple[BreakEven, ...]:
    """For each offer: the volume and the wage at which in-house costs the same [estimate].

    Volume: every channel's weekly volume is scaled by one factor; the in-house
    cost is the calibrated estimate (with a fractional head count, so that it is
    continuous) and the offer's its price list. The factor is searched on a
    geometric grid from ``low`` to ``high``, in steps of BREAK_EVEN_FINE_STEP
    from half to twice today's volume (the costs may swap several times
    within one of the coarse grid's steps: the 24/7 chat's per-chat offer
    crossed at 1.88x, between grid points 1.82x and 2.11x, where the offer
    was the cheaper at both), and of the nearest crossing beyond those, in
    such steps within its bracket; then refined by bisection to a relative
    width of 1e-5. Of several crossings, the one nearest today's volume is
    reported, at whichever end of the final bracket the two costs are
    closer. The estimate steps where a whole agent is added in some
    intervals, and an offer priced by staffed hours steps by whole agents, so
    the two costs may jump past each other instead of meeting (1.3 % apart for
    the web shop's hourly offer); ``in_house_per_month`` and ``offer_per_month``
    give both, and the proposal says so.

    Wage: the in-house cost is linear in the wage for a given roster, so the
    wage is exact for today's roster (the plan's, when given).
    """
    calibration = calibration or calibration_for(scenario, plan)
    if not scenario.offers:
        return ()
    base_volume = contacts_to_handle(scenario)
    fine = _fine_steps(max(low, 0.5), min(high, 2.0))
    factors = np.unique(np.concatenate([np.geomspace(low, high, points), fine, [1.0]]))
    table = [costs_at_volume(scenario, float(x), calibration) for x in factors]
    today = costs_at_volume(scenario, 1.0, calibration)
    if plan is not None:
        today = {**today, **{o.name: o.cost.per_month for o in plan.outsourced}}
    out = []
    for offer in scenario.offers:
        diff = np.array([row["in_house"] - row[offer.name] for row in table])
        crossings = _sign_changes(diff)
        wage = _wage_break_even(scenario, plan, calibration, today[offer.name])
        if base_volume <= 0:  # every multiple of no contacts is none: "cheaper at every volume" said nothing
            out.append(BreakEven(offer.name, None, None, None, None, wage, "no contacts to handle today: no volume "
                                 "to scale", searched=(low, high)))
            continue
        if not crossings:
            cheaper = "in-house" if diff[0] < 0 else offer.name
            out.append(BreakEven(offer.name, None, None, None, None, wage,
                                 f"{cheaper} is cheaper at every volume from {low:g}x to {high:g}x today's",
                                 in_house_cheaper=bool(diff[0] < 0), searched=(low, high)))
            continue
        j = _nearest_change(factors, diff)
        a, b, da = _nearest_fine_bracket(scenario, calibration, offer.name, float(factors[j]), float(factors[j + 1]),
                                         diff[j], diff[j + 1])
        for _ in range(40):
            if b / a < 1 + 1e-5:
                break
            mid = math.sqrt(a * b)
            row = costs_at_volume(scenario, mid, calibration)
            dm = row["in_house"] - row[offer.name]
            if dm == 0:
                a = b = mid
                break
            if np.sign(dm) == np.sign(da):
                a, da = mid, dm
            else:
                b = mid
        ends = [(x, costs_at_volume(scenario, x, calibration)) for x in {a, b}]
        factor, row = min(ends, key=lambda end: abs(end[1]["in_house"] - end[1][offer.name]))
        others = tuple(float(math.sqrt(factors[i] * factors[i + 1])) for i in crossings if i != j)
        below = diff[j] if diff[j] != 0 else -diff[j + 1]  # in-house less the offer, just below the crossing
        out.append(BreakEven(
            offer.name, factor, factor * base_volume, row["in_house"], row[offer.name], wage,
            "volume: every channel scaled alike, in-house by the calibrated estimate; wage: today's volume, "
            + ("the plan's roster" if _uses_roster(plan) else "in-house by the calibrated estimate"),
            others,
            in_house_cheaper=bool(below < 0),
            searched=(low, high),
        ))
    return tuple(out)


@dataclass(frozen=True)
class SensitivityRow:
    """One cell of the sensitivity table (long form, for charts).

    ``parameter`` "volume", "aht", "wage" or "shrinkage"; ``change`` the relative
    change (-0.25 .. 0.25, 0 for the base); ``value`` the parameter's value then
    (volume: contacts to handle a week, all channels; aht: the factor on every handling
    time; wage [money/h]; shrinkage [share]); ``option`` as in
    :func:`estimated_options`; money per month; ``basis`` "estimate" when the
    in-house part is estimated, "price" for an offer alone.
    """

    parameter: str
    change: float
    value: float
    option: str
    per_month: float
    lost_revenue_per_month: float
    total_per_month: float
    basis: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


SENSITIVITY_CHANGES = (-0.25, -0.10, 0.10, 0.25)
SENSITIVITY_PARAMETERS = ("volume", "aht", "wage", "shrinkage")


def sensitivity(scenario: Scenario, plan: Plan | None = None, *, calibration: Calibration | None = None,
                changes: Sequence[float] = SENSITIVITY_CHANGES,
                parameters: Sequence[str] = SENSITIVITY_PARAMETERS) -> tuple[SensitivityRow, ...]:
    """Cost and lost sales of every option when volume, AHT, wage or shrinkage change [estimate].

    Each change re-runs demand and staffing and prices in-house by the estimate
    calibrated on today's roster, each offer by its prices, the fixed hybrid,
    closed outside the hybrid's hours, and the plan's optimised assignment held
    fixed ("optimised": today's split of who serves what, not re-optimised for
    the change, so another option may undercut it where a re-planned mix
    would not). With a ``plan``, each option's estimates are scaled to the
    plan (:func:`anchored_to_plan`): the change-0 rows are the plan's options
    and every other row moves from there as the estimate does. Without one,
    the rows are the bare estimates, comparable with each other but not to the
    cent with a rostered plan.
    """
    unknown = sorted(set(parameters) - set(SENSITIVITY_PARAMETERS))
    if unknown:
        raise ValueError(f"parameters must be among {', '.join(SENSITIVITY_PARAMETERS)}, got {', '.join(unknown)}")
    calibration = calibration or calibration_for(scenario, plan)
    assignments = {}
    if plan is not None and plan.optimised is not None and plan.optimised.serve is not None:
        assignments["optimised"] = plan.optimised.serve
    base_values = {"volume": contacts_to_handle(scenario), "aht": 1.0, "wage": scenario.in_house.wage_per_h,
                   "shrinkage": scenario.workforce.shrinkage}
    rows = []
    for parameter in parameters:
        for change in sorted({0.0, *changes}):
            varied = scaled(scenario, **{parameter: 1.0 + change})
            value = base_values[parameter] * (1.0 + change)
            if parameter == "shrinkage":
                value = varied.workforce.shrinkage
            for name, option in estimated_options(varied, calibration, assignments=assignments).items():
                rows.append(SensitivityRow(parameter, float(change), float(value), name, option.cost.per_month,
                                           option.lost_revenue_per_month, option.total_per_month, option.basis))
    return tuple(rows) if plan is None else anchored_to_plan(rows, plan)


def _scaled_like(value: float, estimate_today: float, plan_today: float) -> float:
    """An estimate moved to the plan's footing: times plan / estimate today, or plus their
    difference when the estimate today is zero.

    >>> _scaled_like(110.0, 100.0, 95.0), _scaled_like(10.0, 0.0, 3.0)
    (104.5, 13.0)
    """
    if estimate_today > 0:
        return value * plan_today / estimate_today
    return value + plan_today - estimate_today


def anchored_to_plan(rows: Sequence[SensitivityRow], plan: Plan) -> tuple[SensitivityRow, ...]:
    """Sensitivity rows scaled so that their change-0 rows are the plan's options.

    The estimate at today's values differs from the plan where the plan prices
    in-house by a solved roster. Each option's cost and lost sales at every
    change are multiplied by the plan's figure over the estimate's at change 0
    (shifted by the difference where the estimate is 0); the change-0 rows take
    the plan's figures exactly. An option the plan lacks is left as estimated.
    """
    planned = {o.name: o for o in plan.options}
    today = {r.option: r for r in rows if r.change == 0.0}
    out = []
    for r in rows:
        option, base = planned.get(r.option), today.get(r.option)
        if option is None or base is None:
            out.append(r)
            continue
        if r.change == 0.0:
            cost, lost = option.cost.per_month, option.lost_revenue_per_month
        else:
            cost = _scaled_like(r.per_month, base.per_month, option.cost.per_month)
            lost = _scaled_like(r.lost_revenue_per_month, base.lost_revenue_per_month, option.lost_revenue_per_month)
        out.append(replace(r, per_month=round(cost, 2), lost_revenue_per_month=round(lost, 2),
                           total_per_month=round(cost + lost, 2)))
    return tuple(out)
