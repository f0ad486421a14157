"""Shifts and a roster that cover the staffing requirement at the least cost (OR-Tools CP-SAT).

The model, in two stages (each a CP-SAT model in the style of OR-Tools'
``shift_scheduling_sat.py``: one helper per kind of constraint, returning the
penalty terms, so the objective is a visible sum):

1. **Shift plan** (a relaxation): an integer count of shifts per (start, length,
   channel set, meal-break position). Coverage net of breaks, understaffing at
   its price, deferred work placed inside its windows. The roster rules are
   left out, so its optimum -- or CP-SAT's best bound on it -- is a lower bound
   on the cost of every roster. That bound is the one reported.
2. **Roster**: named or numbered agents take the shifts under the Working Hours
   Act rules (at most one shift a day, daily rest, weekly rest, consecutive
   days, contract hours, availability). Coverage is recomputed, so the roster's
   cost is its true cost. The status is OPTIMAL only when the roster's cost
   equals the proven optimum of stage 1; otherwise FEASIBLE with the gap.

Units: time on the week grid, Monday 00:00 first; minutes in ``_min`` names;
money in the scenario's currency. CP-SAT needs integer objective coefficients:
money is scaled to hundredths of a cent (``MONEY_SCALE = 10_000`` units per
currency unit) because understaffing is counted in hundredths of a person.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from ortools.sat.python import cp_model

from planner.scenario import DAYS, Workforce

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MONEY_SCALE = 10_000  # objective units per currency unit (hundredths of a cent)
PERSON_SCALE = 100  # understaffing resolution: hundredths of a person

STATUS_NAMES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID", "UNKNOWN")


# --- Requests and results ------------------------------------------------------


@dataclass(frozen=True)
class DeferredWork:
    """Callback or email work the solver may place anywhere inside its window.

    Attributes
    ----------
    channel : str
        The channel id (a row of ``ScheduleRequest.channels``).
    work : numpy.ndarray
        (T,) work arriving in interval t [agent-intervals], already grossed up for shrinkage.
    window : int
        Work arriving in t must be done in intervals t .. t+window-1 [intervals], cyclic week.
    """

    channel: str
    work: np.ndarray
    window: int


@dataclass(frozen=True)
class ScheduleRequest:
    """Everything the scheduler needs, on the week grid of ``interval_min`` minutes.

    Attributes
    ----------
    interval_min : int
        15, 30 or 60; T = 7*24*60 // interval_min intervals, index 0 = Monday 00:00.
    channels : tuple of str
        Channel ids, the order of the rows below.
    required_staff : numpy.ndarray
        (C, T) people that must be on duty net of breaks [agents]; rows of deferred
        channels hold only their minimum staff.
    understaffing_penalty : numpy.ndarray
        (C, T) cost of one missing person for one interval [money/agent-interval].
    cost_per_interval : numpy.ndarray
        (T,) paid cost of one agent working interval t, premiums and side costs included [money].
    workforce : planner.scenario.Workforce
        Working-time rules, contracts, team and solver settings.
    deferred : tuple of DeferredWork
        Callback and email work to place inside its windows.
    skills : dict or None
        channel -> channels an agent of it may also serve (blend); None: every agent serves every channel.
    cost_per_agent : float
        Weekly cost of each agent on the roster besides paid time (seat, licence) [money/week];
        0 leaves the head count to a tie-break (fewest agents at the least paid cost).
    """

    interval_min: int
    channels: tuple[str, ...]
    required_staff: np.ndarray
    understaffing_penalty: np.ndarray
    cost_per_interval: np.ndarray
    workforce: Workforce
    deferred: tuple[DeferredWork, ...] = ()
    skills: dict[str, tuple[str, ...]] | None = None
    cost_per_agent: float = 0.0

    @property
    def intervals(self) -> int:
        return MINUTES_PER_WEEK // self.interval_min


def _clock(minute: int, *, end: bool = False) -> str:
    """"HH:MM" of a minute of the week; an end exactly at midnight reads "24:00"."""
    m = minute % MINUTES_PER_DAY
    if end and m == 0:
        return "24:00"
    return f"{m // 60:02d}:{m % 60:02d}"


@dataclass(frozen=True)
class Shift:
    """One agent's shift. Times are minutes from Monday 00:00; ``end_min`` (and break
    times) may exceed 10080 for a shift that wraps into next Monday."""

    agent: str
    start_min: int
    end_min: int
    channels: tuple[str, ...]
    breaks: tuple[tuple[int, int], ...]
    paid_min: int

    @property
    def length_min(self) -> int:
        return self.end_min - self.start_min

    @property
    def day(self) -> str:
        """The day the shift starts: "Mon" .. "Sun"."""
        return DAYS[self.start_min // MINUTES_PER_DAY % 7]

    @property
    def start(self) -> str:
        return _clock(self.start_min)

    @property
    def end(self) -> str:
        return _clock(self.end_min, end=True)

    def worked_spans(self) -> tuple[tuple[int, int], ...]:
        """(start, end) minutes actually worked: the shift less every break."""
        spans, cursor = [], self.start_min
        for b0, b1 in sorted(self.breaks):
            if b0 > cursor:
                spans.append((cursor, b0))
            cursor = max(cursor, b1)
        if self.end_min > cursor:
            spans.append((cursor, self.end_min))
        return tuple(spans)

    def paid_spans(self, meal_break_paid: bool = False) -> tuple[tuple[int, int], ...]:
        """(start, end) minutes paid: the whole shift if breaks are paid, else the worked spans."""
        return ((self.start_min, self.end_min),) if meal_break_paid else self.worked_spans()

    def to_json(self) -> dict:
        """The plan JSON's shift record."""
        return {
            "agent": self.agent,
            "day": self.day,
            "start": self.start,
            "end": self.end,
            "channels": list(self.channels),
            "breaks": [[_clock(b0), _clock(b1, end=True)] for b0, b1 in self.breaks],
            "paid_h": round(self.paid_min / 60, 2),
        }


@dataclass(frozen=True)
class RosterAgent:
    """An agent on the roster with its contract and weekly paid hours."""

    id: str
    contract: str
    paid_min: int
    shifts: int


@dataclass(frozen=True)
class SolverProgress:
    """A progress record, sent from the solver's thread on each improving solution.

    ``stage`` is "shifts" (the shift plan, a relaxation: its objective is not yet a
    roster's cost) or "roster".
    """

    seconds: float
    objective: float | None
    bound: float | None
    solutions: int
    stage: str = "roster"


@dataclass(frozen=True)
class SolverReport:
    """How the solve went: status, objective and best bound [money/week], relative gap, time [s]."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Schedule:
    """The roster and what it achieves on the grid.

    Attributes
    ----------
    shifts : tuple of Shift
    scheduled : numpy.ndarray
        (C, T) agents on duty per channel net of breaks [agents] (interval average).
    understaffed : numpy.ndarray
        (C, T) max(0, required - scheduled), plus deferred work not placed [agent-intervals].
    deferred_placed : dict
        channel -> (T,) deferred work done in each interval [agent-intervals].
    solver : SolverReport
    interval_min : int
    paid_cost : float
        Sum of cost_per_interval over the paid time of every shift [money/week].
    understaffing_cost : float
        Price of the understaffing [money/week].
    agents : tuple of RosterAgent
    """

    shifts: tuple[Shift, ...]
    scheduled: np.ndarray
    understaffed: np.ndarray
    deferred_placed: dict[str, np.ndarray]
    solver: SolverReport
    interval_min: int = 30
    meal_break_paid: bool = False
    paid_cost: float = 0.0
    understaffing_cost: float = 0.0
    agents: tuple[RosterAgent, ...] = ()

    def paid_minutes(self) -> np.ndarray:
        """(10080,) number of agents paid in each minute of the week (wrapping shifts fold back)."""
        minutes = np.zeros(MINUTES_PER_WEEK)
        for shift in self.shifts:
            for a, b in shift.paid_spans(self.meal_break_paid):
                _add_span(minutes, a, b, 1.0)
        return minutes

    def paid_intervals(self) -> np.ndarray:
        """(T,) paid agent-intervals per interval of the grid (fractions where a shift
        covers part of an interval)."""
        return self.paid_minutes().reshape(-1, self.interval_min).sum(axis=1) / self.interval_min

    def paid_min_by_agent(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for shift in self.shifts:
            out[shift.agent] = out.get(shift.agent, 0) + shift.paid_min
        return out

    @property
    def headcount(self) -> int:
        return len({shift.agent for shift in self.shifts})

    def to_json(self) -> dict:
        """The plan JSON's "schedule" part."""
        return {"shifts": [s.to_json() for s in self.shifts], "solver": self.solver.to_json()}


def _add_span(minutes: np.ndarray, a: int, b: int, value: float) -> None:
    n = len(minutes)
    a, b = int(a), int(b)
    while a < b:
        i = a % n
        j = min(n, i + (b - a))
        minutes[i:j] += value
        a += j - i


# --- Validation --------------------------------------------------------------


def _validate(request: ScheduleRequest) -> None:
    if request.interval_min not in (15, 30, 60):
        raise ValueError(f"interval_min must be 15, 30 or 60, got {request.interval_min}")
    T, C = request.intervals, len(request.channels)
    if C == 0:
        raise ValueError("channels must name at least one channel")
    if len(set(request.channels)) != C:
        raise ValueError(f"channels must be unique, got {request.channels}")
    for name, shape in (
        ("required_staff", (C, T)),
        ("understaffing_penalty", (C, T)),
        ("cost_per_interval", (T,)),
    ):
        value = np.asarray(getattr(request, name), dtype=float)
        if value.shape != shape:
            raise ValueError(f"{name} must have shape {shape} (channels x intervals), got {value.shape}")
        if not np.all(np.isfinite(value)) or np.any(value < 0):
            raise ValueError(f"{name} must be finite and >= 0")
    for i, d in enumerate(request.deferred):
        if d.channel not in request.channels:
            raise ValueError(f"deferred[{i}].channel {d.channel!r} is not one of the channels {request.channels}")
        work = np.asarray(d.work, dtype=float)
        if work.shape != (T,):
            raise ValueError(f"deferred[{i}].work must have shape ({T},), got {work.shape}")
        if not np.all(np.isfinite(work)) or np.any(work < 0):
            raise ValueError(f"deferred[{i}].work must be finite and >= 0")
        if int(d.window) < 1:
            raise ValueError(f"deferred[{i}].window must be at least 1 interval, got {d.window}")
    if len({d.channel for d in request.deferred}) != len(request.deferred):
        raise ValueError("deferred: at most one DeferredWork per channel")
    for channel, others in (request.skills or {}).items():
        unknown = sorted(({channel} | set(others)) - set(request.channels))
        if unknown:
            raise ValueError(f"skills: unknown channel {', '.join(unknown)}; channels are {', '.join(request.channels)}")
    for agent in request.workforce.team or ():
        unknown = sorted(set(agent.channels or ()) - set(request.channels))
        if unknown:
            raise ValueError(f"workforce.team: agent {agent.id} serves unknown channel {', '.join(unknown)}")
    if request.cost_per_agent < 0 or not math.isfinite(request.cost_per_agent):
        raise ValueError(f"cost_per_agent must be finite and >= 0, got {request.cost_per_agent}")


# --- The grid and the shift types ---------------------------------------------


@dataclass(frozen=True)
class _Type:
    """A kind of shift: start slot, length and channel group (break position chosen apart)."""

    index: int
    start: int  # slot of the week
    length: int  # slots
    group: int  # index into _Problem.groups
    breaks: tuple[int, ...]  # allowed break offsets from the start [slots]; () if no break
    start_min: int
    end_min: int
    paid_min: int
    cost: int  # scaled cost of the whole span
    break_cost: tuple[int, ...]  # scaled cost of the slots of each break position (0 if paid)

    @property
    def day(self) -> int:
        return self.start_min // MINUTES_PER_DAY


class _Problem:
    """The request turned into slots, groups, weights and shift types."""

    def __init__(self, request: ScheduleRequest):
        wf = request.workforce
        self.request = request
        self.wf = wf
        self.T = request.intervals
        self.C = len(request.channels)
        self.interval_min = request.interval_min
        lengths_min = sorted({int(round(h * 60)) for h in wf.shift_lengths_h})
        self.break_min = int(wf.meal_break_min)
        self.break_over_min = int(round(wf.meal_break_if_over_h * 60))
        w0, w1 = (int(round(h * 60)) for h in wf.meal_break_window_h)
        if w1 < w0:
            raise ValueError(f"workforce.meal_break_window_h must be (earliest, latest), got {wf.meal_break_window_h}")
        parts = [request.interval_min, wf.start_step_min, *lengths_min]
        if self.break_min > 0 and any(L > self.break_over_min for L in lengths_min):
            parts += [self.break_min, w0, w1]
        slot = 0
        for p in parts:
            slot = math.gcd(slot, p)
        if slot < 5:
            raise ValueError(
                f"shift lengths, meal break and its window must be whole multiples of 5 minutes (grid {slot} min)"
            )
        self.slot_min = slot
        self.S = MINUTES_PER_WEEK // slot
        self.k = request.interval_min // slot  # slots per interval
        self.step = wf.start_step_min // slot
        self.lengths = tuple(L // slot for L in lengths_min)
        self.brk = self.break_min // slot
        self.brk_over = self.break_over_min  # minutes
        self.brk_window = (math.ceil(w0 / slot), w1 // slot)
        self.daily_rest_min = int(round(wf.daily_rest_h * 60))
        self.weekly_rest_min = int(round(wf.weekly_rest_h * 60))
        self.max_consecutive = int(wf.max_consecutive_days)
        self.max_days = 7 - math.ceil(7 / (self.max_consecutive + 1)) if self.max_consecutive < 7 else 7

        self.req = np.asarray(request.required_staff, dtype=float)
        self.pen = np.asarray(request.understaffing_penalty, dtype=float)
        self.cost_t = np.asarray(request.cost_per_interval, dtype=float)
        self.slot_cost = np.repeat(self.cost_t / self.k, self.k)  # money per agent-slot
        # scaled coverage targets and weights (hundredths of a person-slot)
        self.R = np.rint(self.req * self.k * PERSON_SCALE).astype(np.int64)
        self.w_under = np.rint(self.pen * MONEY_SCALE / (self.k * PERSON_SCALE)).astype(np.int64)

        self.deferred = {request.channels.index(d.channel): d for d in request.deferred}
        self.work_min = {
            c: np.rint(np.asarray(d.work, dtype=float) * self.interval_min).astype(np.int64)
            for c, d in self.deferred.items()
        }
        self.window = {c: min(int(d.window), self.T) for c, d in self.deferred.items()}
        self.w_drop = {
            c: np.rint(self.pen[c] * MONEY_SCALE / self.interval_min).astype(np.int64) for c in self.deferred
        }

        # where each channel can use an agent, per slot
        useful_t = self.req > 0
        for c, work in self.work_min.items():
            reach = np.zeros(self.T, dtype=bool)
            for j in np.nonzero(work > 0)[0]:
                reach[(j + np.arange(self.window[c])) % self.T] = True
            useful_t[c] |= reach
        self.useful_t = useful_t
        self.useful = np.repeat(useful_t, self.k, axis=1)  # (C, S)

        self.groups, self.team = self._groups()
        self.types = self._types()

    # channel groups: the channel sets a shift may carry
    def _groups(self):
        request, C = self.request, self.C
        everything = tuple(range(C))
        team = self.wf.team
        if team is not None:
            groups = []
            for agent in team:
                g = everything if agent.channels is None else tuple(sorted(request.channels.index(c) for c in agent.channels))
                if g and g not in groups:
                    groups.append(g)
            return groups, team
        if request.skills is None:
            return [everything], None
        groups = []
        for c, name in enumerate(request.channels):
            g = tuple(sorted({c} | {request.channels.index(o) for o in request.skills.get(name, ())}))
            if g not in groups:
                groups.append(g)
        return groups, None

    def break_offsets(self, length: int) -> tuple[int, ...]:
        if self.brk == 0 or length * self.slot_min <= self.brk_over:
            return ()
        lo, hi = self.brk_window
        return tuple(b for b in range(lo, hi + 1) if b + self.brk <= length)

    def _types(self) -> list[_Type]:
        types: list[_Type] = []
        slot_cost_scaled = self.slot_cost * MONEY_SCALE
        csum = np.concatenate([[0.0], np.cumsum(np.concatenate([slot_cost_scaled, slot_cost_scaled]))])
        useful_any = [self.useful[list(g)].any(axis=0) for g in self.groups]
        useful_sum = [np.concatenate([[0], np.cumsum(np.concatenate([u, u]))]) for u in useful_any]
        paid_break = self.wf.meal_break_paid
        for s0 in range(0, self.S, self.step):
            for L in self.lengths:
                offsets = self.break_offsets(L)
                if self.brk and L * self.slot_min > self.brk_over and not offsets:
                    continue  # no room for the meal break the shift needs
                for g in range(len(self.groups)):
                    if useful_sum[g][s0 + L] - useful_sum[g][s0] <= 0:
                        continue  # covers nothing anyone needs
                    cost = int(round(csum[s0 + L] - csum[s0]))
                    bcost = tuple(
                        0 if paid_break else int(round(csum[s0 + b + self.brk] - csum[s0 + b])) for b in offsets
                    )
                    paid = L * self.slot_min - (0 if paid_break or not offsets else self.break_min)
                    types.append(
                        _Type(
                            index=len(types),
                            start=s0,
                            length=L,
                            group=g,
                            breaks=offsets,
                            start_min=s0 * self.slot_min,
                            end_min=(s0 + L) * self.slot_min,
                            paid_min=paid,
                            cost=cost,
                            break_cost=bcost,
                        )
                    )
        return types

    def group_names(self, g: int) -> tuple[str, ...]:
        return tuple(self.request.channels[c] for c in self.groups[g])


# --- Constraint helpers (each returns its objective terms) -------------------


Terms = list[tuple[cp_model.IntVar, int]]


class _Coverage:
    """Agents on duty net of breaks, their split over channels, understaffing and
    deferred work, for given shift counts (one count per shift type).

    After construction, ``terms`` holds the objective terms (variable, weight) of the
    understaffing and unplaced deferred work; :meth:`paid_terms` those of paid time.
    """

    def __init__(self, model: cp_model.CpModel, P: _Problem, counts: dict[int, cp_model.IntVar], count_ub: int):
        self.P, self.model, self.counts = P, model, counts
        S = P.S
        self.breaks: dict[tuple[int, int], cp_model.IntVar] = {}
        on: list[list[list]] = [[[] for _ in range(S)] for _ in P.groups]
        for k, var in counts.items():
            t = P.types[k]
            for s in range(t.start, t.start + t.length):
                on[t.group][s % S].append((var, 1))
            if t.breaks:
                mvars = [model.new_int_var(0, count_ub, f"break(type={k}, at=+{b})") for b in t.breaks]
                model.add(sum(mvars) == var)
                for b, mv in zip(t.breaks, mvars):
                    self.breaks[(k, b)] = mv
                    for s in range(t.start + b, t.start + b + P.brk):
                        on[t.group][s % S].append((mv, -1))
        # on duty per group and slot
        self.on_duty: list[list] = []
        for g, lists in enumerate(on):
            row = []
            for s, items in enumerate(lists):
                row.append(cp_model.LinearExpr.weighted_sum([v for v, _ in items], [w for _, w in items]) if items else None)
            self.on_duty.append(row)
        # split over channels: cover[c][s] lists the expressions serving channel c in slot s
        self.cover: list[list[list]] = [[[] for _ in range(S)] for _ in range(P.C)]
        self.split: dict[tuple[int, int, int], cp_model.IntVar] = {}
        for g, channels in enumerate(P.groups):
            for s in range(S):
                expr = self.on_duty[g][s]
                if expr is None:
                    continue
                users = [c for c in channels if P.useful[c, s]]
                if len(channels) == 1 and users:
                    self.cover[users[0]][s].append(expr)
                elif users:
                    ys = []
                    for c in users:
                        y = model.new_int_var(0, count_ub, f"serve(group={g}, channel={P.request.channels[c]}, s={s})")
                        self.split[(g, c, s)] = y
                        self.cover[c][s].append(y)
                        ys.append(y)
                    model.add(sum(ys) <= expr)
        self.terms: Terms = []
        self.under = self._understaffing()
        self.done, self.drop, self.backlog = self._deferred_work()

    def paid_terms(self) -> Terms:
        """Paid time of every shift: whole span less unpaid break slots."""
        P = self.P
        terms: Terms = [(var, P.types[k].cost) for k, var in self.counts.items()]
        for (k, b), mv in self.breaks.items():
            t = P.types[k]
            w = t.break_cost[t.breaks.index(b)]
            if w:
                terms.append((mv, -w))
        return terms

    def _understaffing(self) -> dict[tuple[int, int], cp_model.IntVar]:
        """Coverage per channel and interval: staff (hundredths of a person-slot) plus
        shortfall >= requirement; the shortfall costs understaffing_penalty."""
        P, model = self.P, self.model
        under = {}
        for c in range(P.C):
            for t in np.nonzero(P.R[c] > 0)[0]:
                exprs = [e for s in range(t * P.k, (t + 1) * P.k) for e in self.cover[c][s]]
                u = model.new_int_var(0, int(P.R[c, t]), f"under(channel={P.request.channels[c]}, t={t})")
                model.add(PERSON_SCALE * sum(exprs) + u >= int(P.R[c, t]))
                under[(c, int(t))] = u
                if P.w_under[c, t]:
                    self.terms.append((u, int(P.w_under[c, t])))
        return under

    def _deferred_work(self):
        """Deferred work [agent-minutes] in a cyclic first-in-first-out backlog: done in t
        at most the capacity of the agents serving the channel; the backlog at the end
        of t at most the work that arrived in the last window-1 intervals, so nothing
        waits past its window; work dropped costs understaffing_penalty."""
        P, model = self.P, self.model
        done, drop, backlog = {}, {}, {}
        for c, work in P.work_min.items():
            total = int(work.sum())
            if total == 0:
                continue
            name, W, T = P.request.channels[c], P.window[c], P.T
            csum = np.concatenate([[0], np.cumsum(np.concatenate([work, work]))])
            for t in range(T):
                exprs = [e for s in range(t * P.k, (t + 1) * P.k) for e in self.cover[c][s]]
                if exprs:
                    done[(c, t)] = model.new_int_var(0, total, f"done(channel={name}, t={t})")
                    model.add(done[(c, t)] <= P.slot_min * sum(exprs))
                # arrivals in t-W+2 .. t (W-1 intervals), cyclic
                hi = t + T
                recent = int(csum[hi + 1] - csum[hi + 1 - (W - 1)]) if W > 1 else 0
                backlog[(c, t)] = model.new_int_var(0, min(recent, total), f"backlog(channel={name}, t={t})")
                drop[(c, t)] = model.new_int_var(0, total, f"drop(channel={name}, t={t})")
                if P.w_drop[c][t]:
                    self.terms.append((drop[(c, t)], int(P.w_drop[c][t])))
            for t in range(T):
                inflow = int(work[t])
                out = [drop[(c, t)]] + ([done[(c, t)]] if (c, t) in done else [])
                model.add(backlog[(c, t)] == backlog[(c, (t - 1) % T)] + inflow - sum(out))
        return done, drop, backlog

    # values after a solve
    def values(self, value: Callable) -> dict:
        """Per channel and slot, the agents serving it; deferred done and dropped per interval."""
        P = self.P
        serve = np.zeros((P.C, P.S))
        on = np.zeros((len(P.groups), P.S))
        for g in range(len(P.groups)):
            for s in range(P.S):
                if self.on_duty[g][s] is not None:
                    on[g, s] = value(self.on_duty[g][s])
        for g, channels in enumerate(P.groups):
            if len(channels) == 1:
                serve[channels[0]] += on[g]
        for (g, c, s), y in self.split.items():
            serve[c, s] += value(y)
        # agents on duty but serving no channel in the model: give them to the group's
        # channel with the largest requirement in that slot (they are at work, paid)
        for g, channels in enumerate(P.groups):
            if len(channels) == 1:
                continue
            served = sum((np.array([value(self.split[(g, c, s)]) if (g, c, s) in self.split else 0 for s in range(P.S)]) for c in channels))
            spare = on[g] - served
            for s in np.nonzero(spare > 0)[0]:
                t = s // P.k
                best = max(channels, key=lambda c: (P.req[c, t], -c))
                serve[best, s] += spare[s]
        done = {c: np.zeros(P.T) for c in P.deferred}
        dropped = {c: np.zeros(P.T) for c in P.deferred}
        for (c, t), v in self.done.items():
            done[c][t] = value(v)
        for (c, t), v in self.drop.items():
            dropped[c][t] = value(v)
        return {"serve": serve, "on": on, "done": done, "drop": dropped}


def _agent_limits(model: cp_model.CpModel, P: _Problem, counts: dict[int, cp_model.IntVar]) -> Terms:
    """Roster limits that hold for every roster, stated on shift counts (so the shift
    plan stays a relaxation): one shift a day per agent, at most ``max_days`` days a
    week, weekly hours at most the contracts' maxima; and the head count the shifts
    need at least, priced at cost_per_agent."""
    wf, terms = P.wf, []
    by_day = [[v for k, v in counts.items() if P.types[k].day == d] for d in range(7)]
    total = sum(counts.values())
    paid_min = sum(P.types[k].paid_min * v for k, v in counts.items())
    limit, hours_max = _headcount_limit(P)
    if limit is not None:
        for d in range(7):
            if by_day[d]:
                model.add(sum(by_day[d]) <= limit)
        model.add(total <= limit * P.max_days)
        model.add(paid_min <= int(hours_max * 60))
    if P.request.cost_per_agent > 0:
        cap = limit if limit is not None else max(1, sum(1 for _ in counts)) * 7
        agents = model.new_int_var(0, cap, "agents(lower bound)")
        for d in range(7):
            if by_day[d]:
                model.add(agents >= sum(by_day[d]))
        model.add(P.max_days * agents >= total)
        h_max = max(c.weekly_h_max for c in wf.contracts) if wf.team is None else max(
            _contract(wf, a.contract).weekly_h_max for a in wf.team
        )
        model.add(int(h_max * 60) * agents >= paid_min)
        terms.append((agents, int(round(P.request.cost_per_agent * MONEY_SCALE))))
    return terms


def _contract(wf: Workforce, name: str):
    return next(c for c in wf.contracts if c.name == name)


def _headcount_limit(P: _Problem) -> tuple[int | None, float]:
    """The most agents the roster may have, and the most paid hours they can work [h/week]."""
    wf = P.wf
    if wf.team is not None:
        hours = sorted((_contract(wf, a.contract).weekly_h_max for a in wf.team), reverse=True)
        limit = len(hours) if wf.max_agents is None else min(len(hours), wf.max_agents)
        return limit, float(sum(hours[:limit]))
    seats = []
    for c in wf.contracts:
        n = c.max_count if c.max_count is not None else (wf.max_agents if wf.max_agents is not None else None)
        if n is None:
            return None, math.inf
        seats += [c.weekly_h_max] * n
    seats.sort(reverse=True)
    limit = len(seats) if wf.max_agents is None else min(len(seats), wf.max_agents)
    return limit, float(sum(seats[:limit]))


class _Progress(cp_model.CpSolverSolutionCallback):
    """Sends SolverProgress on every solution; does nothing else on the solver's thread."""

    def __init__(self, progress, t0: float, offset_units: float, stage: str, bound_floor: float | None = None):
        super().__init__()
        self._progress, self._t0, self._offset, self._stage, self._floor = progress, t0, offset_units, stage, bound_floor
        self._n = 0

    def on_solution_callback(self) -> None:
        self._n += 1
        bound = (self.best_objective_bound + self._offset) / MONEY_SCALE
        if self._floor is not None:
            bound = max(bound, self._floor)
        self._progress(
            SolverProgress(
                seconds=time.monotonic() - self._t0,
                objective=(self.objective_value + self._offset) / MONEY_SCALE,
                bound=bound,
                solutions=self._n,
                stage=self._stage,
            )
        )


def _solve(model, seconds: float, workers: int, callback=None) -> tuple[cp_model.CpSolver, int]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model, callback) if callback is not None else solver.solve(model)
    return solver, status


def _objective(model: cp_model.CpModel, terms: Terms) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [w for _, w in terms])


@dataclass
class _Plan:
    """A stage-1 result: shift counts and break positions by type."""

    status: str
    objective: int | None  # scaled
    bound: float  # scaled
    counts: dict[int, int]
    breaks: dict[tuple[int, int], int]
    values: dict | None
    seconds: float


def _shift_plan(P: _Problem, seconds: float, progress, t0: float) -> _Plan:
    """Stage 1: the cheapest shift counts, roster rules relaxed (its bound is a bound on any roster)."""
    model = cp_model.CpModel()
    ub = _count_bound(P)
    counts = {
        t.index: model.new_int_var(
            0, ub, f"shifts(day={DAYS[t.day]}, start={_clock(t.start_min)}, h={t.length * P.slot_min / 60:g}, group={t.group})"
        )
        for t in P.types
    }
    cov = _Coverage(model, P, counts, ub)
    terms = cov.paid_terms() + cov.terms + _agent_limits(model, P, counts)
    model.minimize(_objective(model, terms))
    callback = _Progress(progress, t0, 0, "shifts") if progress else None
    start = time.monotonic()
    solver, status = _solve(model, seconds, P.wf.solver_workers, callback)
    name = solver.status_name(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Plan(
            status=name,
            objective=int(round(solver.objective_value)),
            bound=solver.best_objective_bound,
            counts={k: int(solver.value(v)) for k, v in counts.items() if solver.value(v) > 0},
            breaks={kb: int(solver.value(v)) for kb, v in cov.breaks.items() if solver.value(v) > 0},
            values=cov.values(solver.value),
            seconds=time.monotonic() - start,
        )
    return _Plan(name, None, solver.best_objective_bound if status == cp_model.UNKNOWN else 0.0, {}, {}, None,
                 time.monotonic() - start)


def _count_bound(P: _Problem) -> int:
    """Most shifts of one type anyone could want: the peak headcount of the week."""
    peak = float(np.ceil(P.req).sum(axis=0).max()) if P.req.size else 0.0
    for c, work in P.work_min.items():
        peak += math.ceil(work.max() / P.interval_min) + 1
    limit, _ = _headcount_limit(P)
    ub = int(peak) + 1
    return max(0, min(ub, limit) if limit is not None else ub)


# --- From a solution to the Schedule ---------------------------------------------


@dataclass(frozen=True)
class _Assigned:
    agent: int  # index into the agent list
    type: int
    brk: int | None  # break offset [slots]


def _instances(P: _Problem, counts: dict[int, int], breaks: dict[tuple[int, int], int]) -> list[tuple[int, int | None]]:
    """Shift instances (type, break offset) from counts and break counts."""
    out = []
    for k, n in sorted(counts.items(), key=lambda kv: (P.types[kv[0]].start, kv[0])):
        t = P.types[k]
        if t.breaks:
            offsets = [b for b in t.breaks for _ in range(breaks.get((k, b), 0))]
            offsets += [t.breaks[0]] * (n - len(offsets))  # (never: counts and breaks agree)
            out += [(k, b) for b in offsets[:n]]
        else:
            out += [(k, None)] * n
    return out


def _make_shift(P: _Problem, agent_id: str, k: int, b: int | None) -> Shift:
    t = P.types[k]
    breaks = ()
    if b is not None:
        b0 = t.start_min + b * P.slot_min
        breaks = ((b0, b0 + P.break_min),)
    return Shift(
        agent=agent_id,
        start_min=t.start_min,
        end_min=t.end_min,
        channels=P.group_names(t.group),
        breaks=breaks,
        paid_min=t.paid_min,
    )


def _money(P: _Problem, shifts: list[Shift], scheduled: np.ndarray, understaffed: np.ndarray) -> tuple[float, float]:
    """Paid cost and understaffing cost of a roster [money/week], from floats."""
    minutes = np.zeros(MINUTES_PER_WEEK)
    for shift in shifts:
        for a, b in shift.paid_spans(P.wf.meal_break_paid):
            _add_span(minutes, a, b, 1.0)
    paid = float((minutes.reshape(P.T, -1).sum(axis=1) / P.interval_min * P.cost_t).sum())
    under = float((understaffed * P.pen).sum())
    return paid, under


def _assemble(
    P: _Problem,
    agents: list[tuple[str, str]],
    assigned: list[_Assigned],
    values: dict | None,
    report: SolverReport,
) -> Schedule:
    shifts = sorted(
        (_make_shift(P, agents[a.agent][0], a.type, a.brk) for a in assigned),
        key=lambda s: (s.start_min, s.agent),
    )
    scheduled = np.zeros((P.C, P.T))
    placed = {P.request.channels[c]: np.zeros(P.T) for c in P.deferred}
    dropped = np.zeros((P.C, P.T))
    if values is not None:
        scheduled = values["serve"].reshape(P.C, P.T, P.k).mean(axis=2)
        for c in P.deferred:
            placed[P.request.channels[c]] = values["done"][c] / P.interval_min
            dropped[c] = values["drop"][c] / P.interval_min
    understaffed = np.maximum(0.0, P.req - scheduled) + dropped
    understaffed[np.abs(understaffed) < 1e-9] = 0.0
    paid, under = _money(P, shifts, scheduled, understaffed)
    roster = []
    for i, (name, contract) in enumerate(agents):
        own = [s for s in shifts if s.agent == name]
        if own:
            roster.append(RosterAgent(name, contract, sum(s.paid_min for s in own), len(own)))
    return Schedule(
        shifts=tuple(shifts),
        scheduled=scheduled,
        understaffed=understaffed,
        deferred_placed=placed,
        solver=report,
        interval_min=P.interval_min,
        meal_break_paid=P.wf.meal_break_paid,
        paid_cost=paid,
        understaffing_cost=under,
        agents=tuple(roster),
    )


def _greedy_roster(P: _Problem, instances: list[tuple[int, int | None]]) -> tuple[list[tuple[str, str]], list[_Assigned]]:
    """First-fit: each shift to the first numbered agent who can take it (one shift a
    day, daily rest, days and hours within the largest contract)."""
    h_max = max(c.weekly_h_max for c in P.wf.contracts) * 60
    agents: list[list[tuple[int, int | None]]] = []
    for k, b in sorted(instances, key=lambda x: P.types[x[0]].start_min):
        t = P.types[k]
        for own in agents:
            if len(own) >= P.max_days or sum(P.types[j].paid_min for j, _ in own) + t.paid_min > h_max:
                continue
            if any(_clash(P, P.types[j], t) for j, _ in own):
                continue
            own.append((k, b))
            break
        else:
            agents.append([(k, b)])
    names = [(f"A{i + 1:02d}", P.wf.contracts[0].name) for i in range(len(agents))]
    assigned = [_Assigned(i, k, b) for i, own in enumerate(agents) for k, b in own]
    return names, assigned


def _gap_min(a: _Type, b: _Type) -> int:
    """Minutes from the end of a to the start of b, b after a in the cyclic week."""
    start = b.start_min
    while start < a.end_min:
        start += MINUTES_PER_WEEK
    while start - MINUTES_PER_WEEK >= a.end_min:
        start -= MINUTES_PER_WEEK
    return start - a.end_min


def _clash(P: _Problem, a: _Type, b: _Type) -> bool:
    """Two shifts one agent cannot both work: same day, or less than the daily rest apart."""
    if a.day == b.day:
        return True
    return _gap_min(a, b) < P.daily_rest_min or _gap_min(b, a) < P.daily_rest_min


# --- The entry point ----------------------------------------------------------------


def _report(status: str, objective: float | None, bound: float | None, seconds: float, reasons=()) -> SolverReport:
    gap = None
    if objective is not None and bound is not None:
        gap = 0.0 if objective <= bound + 1e-9 else (objective - bound) / max(abs(objective), 1e-9)
    return SolverReport(status, objective, bound, gap, seconds, tuple(reasons))


def solve_schedule(request: ScheduleRequest, *, progress: Callable[[SolverProgress], None] | None = None) -> Schedule:
    """Shifts and a roster covering ``request.required_staff`` at the least cost.

    Parameters
    ----------
    request : ScheduleRequest
    progress : callable, optional
        Called with a SolverProgress on each improving solution, from the solver's thread.

    Returns
    -------
    Schedule
        Never raises for an impossible target: the shortfall is in ``understaffed`` and
        ``solver.reasons``.
    """
    _validate(request)
    t0 = time.monotonic()
    P = _Problem(request)
    limit = float(P.wf.solver_time_limit_s)
    plan = _shift_plan(P, limit * 0.5, progress, t0)
    instances = _instances(P, plan.counts, plan.breaks)
    agents, assigned = _greedy_roster(P, instances)
    bound = plan.bound / MONEY_SCALE
    report = _report("FEASIBLE", None, bound, time.monotonic() - t0)
    schedule = _assemble(P, agents, assigned, plan.values, report)
    objective = schedule.paid_cost + schedule.understaffing_cost
    status = "OPTIMAL" if plan.status == "OPTIMAL" and objective <= bound + 0.01 else "FEASIBLE"
    report = _report(status, objective, min(bound, objective), time.monotonic() - t0)
    return Schedule(**{**schedule.__dict__, "solver": report})
