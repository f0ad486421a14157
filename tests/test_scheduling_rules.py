"""An independent checker of rosters: it reads the produced shifts and grid arrays only
(never the solver's model) and lists every broken rule. Run on hand-made requests and
on hypothesis-generated small ones.

The rules, as the scheduler promises them (planner/scheduling.py):
- a shift's length is one of ``shift_lengths_h`` and it starts on the ``start_step_min`` grid,
  within ``shift_starts`` (that day's window, or the day before's running past midnight);
- at most one shift per agent per day (the day it starts);
- at least ``daily_rest_h`` between consecutive shifts of an agent, across the week's wrap;
- a gap of at least ``weekly_rest_h`` between two consecutive shifts of each agent (cyclic week);
- at most ``max_consecutive_days`` working days in a row (cyclic week);
- weekly paid hours within the agent's contract, and at most its ``max_shifts_per_week`` shifts;
- a shift longer than ``meal_break_if_over_h`` has one meal break of ``meal_break_min``
  starting ``meal_break_window_h`` hours into the shift; shorter shifts have none;
- paid minutes = length less the break unless breaks are paid;
- people counted on a channel never exceed the people on duty net of breaks who serve it;
  required staff is met or the shortfall is in ``understaffed``;
- deferred work (counted in whole agent-minutes) is done within its windows, at most as
  much as the people serving it can do, and what is not done shows in ``understaffed``;
- team members work only inside their availability and on their channels;
  ``max_agents`` and contract ``max_count`` hold.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.scenario import Agent, Contract, StartWindow, Workforce
from planner.scheduling import DeferredWork, ScheduleRequest, solve_schedule

WEEK = 10080
DAY = 1440
TOL = 1e-6


def _clock(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _window(agent: Agent) -> tuple[int, int] | None:
    """Availability as minutes from the start day's midnight (see the module docstring)."""
    if agent.not_before is None and agent.not_after is None:
        return None
    lo = 0 if agent.not_before is None else _clock(agent.not_before)
    if agent.not_after is None:
        return lo, lo + DAY
    hi = _clock(agent.not_after)
    return (lo, hi) if hi > lo else (lo, hi + DAY)


def _max_cyclic_run(days: set[int]) -> int:
    if len(days) == 7:
        return 7
    best = 0
    for d in days:
        if (d - 1) % 7 in days:
            continue
        n = 0
        while (d + n) % 7 in days:
            n += 1
        best = max(best, n)
    return best


def _on_duty_minutes(shifts, channel: str | None = None) -> np.ndarray:
    """People on duty net of breaks in each minute of the week (optionally: serving channel)."""
    minutes = np.zeros(WEEK)
    for s in shifts:
        if channel is not None and channel not in s.channels:
            continue
        ms = np.arange(s.start_min, s.end_min)
        for b0, b1 in s.breaks:
            ms = ms[(ms < b0) | (ms >= b1)]
        np.add.at(minutes, ms % WEEK, 1.0)
    return minutes


def _late_work(work: np.ndarray, done: np.ndarray, due: np.ndarray | int) -> float:
    """Work not done within its due intervals (one per arrival, or one for all) when ``done``
    is served first-in-first-out, in the steady state of a repeating week (three weeks
    simulated, the last one counted)."""
    T = len(work)
    due = np.broadcast_to(due, (T,))
    queue: list[list[float]] = []  # [deadline index, amount]
    late = 0.0
    for week in range(3):
        for t in range(T):
            now = week * T + t
            if work[t] > 0:
                queue.append([now + int(due[t]) - 1, float(work[t])])
            capacity = float(done[t])
            while capacity > TOL and queue:
                take = min(capacity, queue[0][1])
                queue[0][1] -= take
                capacity -= take
                if queue[0][1] <= TOL:
                    queue.pop(0)
            while queue and queue[0][0] <= now:
                if week == 2:
                    late += queue[0][1]
                queue.pop(0)
    return late


def _start_allowed(shift_starts, minute: int) -> bool:
    """Whether a shift may start at ``minute`` of the week: inside its day's window, or
    inside the day before's when that one runs past midnight (ends included)."""
    day, clock = divmod(minute, DAY)
    for back in (0, 1):
        window = shift_starts[(day - back) % 7]
        if window is None:
            continue
        first, last = (int(x[:2]) * 60 + int(x[3:]) for x in (window.start, window.end))
        if last < first:
            last += DAY
        if first <= clock + back * DAY <= last:
            return True
    return False


def check_schedule(request: ScheduleRequest, schedule) -> list[str]:
    """Every broken rule, one line each; an empty list for a valid roster."""
    wf = request.workforce
    problems: list[str] = []
    lengths = {round(h * 60) for h in wf.shift_lengths_h}
    w0, w1 = (round(h * 60) for h in wf.meal_break_window_h)
    over = round(wf.meal_break_if_over_h * 60)
    contracts = {c.name: c for c in wf.contracts}
    team = {a.id: a for a in wf.team} if wf.team is not None else None
    by_agent: dict[str, list] = {}
    for s in schedule.shifts:
        by_agent.setdefault(s.agent, []).append(s)
        length = s.end_min - s.start_min
        if length not in lengths:
            problems.append(f"{s.agent}: shift of {length} min is not an allowed length")
        if not 0 <= s.start_min < WEEK or s.start_min % wf.start_step_min:
            problems.append(f"{s.agent}: start {s.start_min} is off the {wf.start_step_min}-min grid or the week")
        if wf.shift_starts is not None and not _start_allowed(wf.shift_starts, s.start_min):
            problems.append(f"{s.agent}: start {s.start_min} is outside the shift start times")
        needs_break = wf.meal_break_min > 0 and length > over
        if needs_break:
            if len(s.breaks) != 1:
                problems.append(f"{s.agent}: shift of {length} min needs one meal break, has {len(s.breaks)}")
            else:
                b0, b1 = s.breaks[0]
                if b1 - b0 != wf.meal_break_min:
                    problems.append(f"{s.agent}: break of {b1 - b0} min, rule {wf.meal_break_min}")
                if not w0 <= b0 - s.start_min <= w1 or b1 > s.end_min:
                    problems.append(f"{s.agent}: break at +{b0 - s.start_min} min is outside the window")
        elif s.breaks:
            problems.append(f"{s.agent}: shift of {length} min has a break it does not need")
        paid = length - (0 if wf.meal_break_paid else sum(b1 - b0 for b0, b1 in s.breaks))
        if s.paid_min != paid:
            problems.append(f"{s.agent}: paid_min {s.paid_min}, expected {paid}")
        unknown = set(s.channels) - set(request.channels)
        if not s.channels or unknown:
            problems.append(f"{s.agent}: channels {s.channels} not valid")
        if team is not None:
            if s.agent not in team:
                problems.append(f"{s.agent}: not a member of the team")
                continue
            member = team[s.agent]
            if member.channels is not None and not set(s.channels) <= set(member.channels):
                problems.append(f"{s.agent}: serves {s.channels}, may serve {member.channels}")
            window = _window(member)
            if window is not None:
                day0 = s.start_min // DAY * DAY
                if s.start_min - day0 < window[0] or s.end_min - day0 > window[1]:
                    problems.append(f"{s.agent}: shift {s.start_min}-{s.end_min} outside availability {window}")

    contract_of = {a.id: a.contract for a in schedule.agents}
    # a member whose availability, channels and shift lengths allow less than the contract's
    # minimum is named with the most they allow, and rostered for no more than that
    below_min = {dict(r.values)["agent"]: dict(r.values) for r in schedule.solver.reasons
                 if r.key == "agent_cannot_reach_minimum"}
    below_min.update({dict(r.values)["agent"]: {"most_h": 0.0, "min_h": contracts[team[dict(r.values)["agent"]].contract]
                                                .weekly_h_min} for r in schedule.solver.reasons
                      if r.key == "agent_cannot_work"})
    for agent, values in below_min.items():
        if not values["most_h"] < values["min_h"] == contracts[team[agent].contract].weekly_h_min:
            problems.append(f"{agent}: named below a minimum it can reach ({values})")
    for agent, shifts in by_agent.items():
        shifts = sorted(shifts, key=lambda s: s.start_min)
        days = [s.start_min // DAY for s in shifts]
        if len(set(days)) != len(days):
            problems.append(f"{agent}: more than one shift on a day")
        gaps = []
        for i, s in enumerate(shifts):
            nxt = shifts[(i + 1) % len(shifts)]
            start = nxt.start_min + (WEEK if i + 1 == len(shifts) else 0)
            gaps.append(start - s.end_min)
        if len(shifts) > 1 and min(gaps) < wf.daily_rest_h * 60 - TOL:
            problems.append(f"{agent}: daily rest {min(gaps) / 60:.2f} h < {wf.daily_rest_h} h")
        if max(gaps) < wf.weekly_rest_h * 60 - TOL:
            problems.append(f"{agent}: longest rest {max(gaps) / 60:.2f} h < weekly {wf.weekly_rest_h} h")
        run = _max_cyclic_run(set(days))
        if run > wf.max_consecutive_days:
            problems.append(f"{agent}: {run} consecutive days > {wf.max_consecutive_days}")
        name = team[agent].contract if team is not None and agent in team else contract_of.get(agent)
        if name not in contracts:
            problems.append(f"{agent}: no contract ({name!r})")
        else:
            hours = sum(s.paid_min for s in shifts) / 60
            c = contracts[name]
            low = below_min[agent]["most_h"] if agent in below_min else c.weekly_h_min
            if not low - TOL <= hours <= c.weekly_h_max + TOL:
                problems.append(f"{agent}: {hours:g} h outside contract {name} {low}-{c.weekly_h_max} h")
            if c.max_shifts_per_week is not None and len(shifts) > c.max_shifts_per_week:
                problems.append(f"{agent}: {len(shifts)} shifts > contract {name}'s {c.max_shifts_per_week} a week")
    if team is not None:
        for member in team.values():
            if member.id not in by_agent and contracts[member.contract].weekly_h_min > 0 and (
                    below_min.get(member.id, {}).get("most_h", 1) > 0):
                problems.append(f"{member.id}: no shifts, contract minimum {contracts[member.contract].weekly_h_min} h")
    if wf.max_agents is not None and len(by_agent) > wf.max_agents:
        problems.append(f"{len(by_agent)} agents > max_agents {wf.max_agents}")
    if team is None:
        for c in wf.contracts:
            n = sum(1 for a in schedule.agents if a.contract == c.name and a.id in by_agent)
            if c.max_count is not None and n > c.max_count:
                problems.append(f"contract {c.name}: {n} agents > max_count {c.max_count}")

    # coverage, from the shifts alone
    T, interval = request.intervals, request.interval_min
    required = np.asarray(request.required_staff, float)
    on_all = _on_duty_minutes(schedule.shifts).reshape(T, interval).mean(axis=1)
    scheduled, understaffed = np.asarray(schedule.scheduled), np.asarray(schedule.understaffed)
    if scheduled.shape != required.shape or understaffed.shape != required.shape:
        return problems + [f"scheduled/understaffed shapes {scheduled.shape}, {understaffed.shape}"]
    if np.any(scheduled < -TOL) or np.any(understaffed < -TOL):
        problems.append("negative scheduled or understaffed values")
    excess = scheduled.sum(axis=0) - on_all
    if np.any(np.abs(excess) > 1e-6):
        t = int(np.argmax(np.abs(excess)))
        problems.append(f"interval {t}: channels count {scheduled[:, t].sum():.3f} people, on duty {on_all[t]:.3f}")
    for c, name in enumerate(request.channels):
        serving = _on_duty_minutes(schedule.shifts, name).reshape(T, interval).mean(axis=1)
        if np.any(scheduled[c] > serving + 1e-6):
            t = int(np.argmax(scheduled[c] - serving))
            problems.append(f"{name} t={t}: {scheduled[c, t]:.3f} counted, {serving[t]:.3f} on duty serve it")
        short = required[c] - scheduled[c] - understaffed[c]
        if np.any(short > 1e-6):
            t = int(np.argmax(short))
            problems.append(
                f"{name} t={t}: required {required[c, t]:.3f}, scheduled {scheduled[c, t]:.3f}, "
                f"understaffed only {understaffed[c, t]:.3f}"
            )
    for d in request.deferred:
        c = request.channels.index(d.channel)
        done = np.asarray(schedule.deferred_placed.get(d.channel, np.zeros(T)), float)
        # the scheduler counts work in whole agent-minutes, every running total within half a minute
        minutes = np.rint(np.concatenate([[0.0], np.cumsum(np.asarray(d.work, float) * interval)]))
        work = np.diff(minutes) / interval
        if np.any(done > scheduled[c] + 1e-6):
            t = int(np.argmax(done - scheduled[c]))
            problems.append(f"{d.channel} t={t}: {done[t]:.3f} work done by {scheduled[c, t]:.3f} people")
        late = _late_work(work, done, d.window if d.due is None else d.due)
        unplaced = float(work.sum() - done.sum())
        if late > max(unplaced, 0.0) + 1e-6:
            problems.append(f"{d.channel}: {late:.3f} work done outside its window")
        if unplaced > 1e-3 and understaffed[c].sum() < unplaced - 0.02:
            problems.append(f"{d.channel}: {unplaced:.3f} work not done but not in understaffed")
    return problems


# --- hand-made requests ----------------------------------------------------------


def _request(
    required: np.ndarray,
    workforce: Workforce,
    channels=("phone",),
    deferred=(),
    penalty=200.0,
    cost=None,
    interval_min: int = 30,
) -> ScheduleRequest:
    T = 10080 // interval_min
    required = np.atleast_2d(np.asarray(required, float))
    return ScheduleRequest(
        interval_min=interval_min,
        channels=tuple(channels),
        required_staff=required,
        understaffing_penalty=np.full(required.shape, penalty),
        cost_per_interval=np.full(T, 10.0) if cost is None else cost,
        workforce=workforce,
        deferred=tuple(deferred),
    )


def _office(level: float = 2.0, days: int = 5, start_h: int = 8, end_h: int = 18) -> np.ndarray:
    req = np.zeros(336)
    for d in range(days):
        req[d * 48 + start_h * 2 : d * 48 + end_h * 2] = level
    return req


def test_checker_catches_broken_rosters():
    """The checker itself must fail on a roster that breaks rules (a checker that cannot fail is no check)."""
    from dataclasses import replace

    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=30, solver_time_limit_s=5)
    request = _request(_office(1.0, days=5, end_h=16), wf)
    schedule = solve_schedule(request)
    assert check_schedule(request, schedule) == []
    first = schedule.shifts[0]
    # a second shift the same day, too close, with no break
    extra = replace(first, start_min=first.start_min + 600, end_min=first.end_min + 600, breaks=())
    broken = replace(schedule, shifts=schedule.shifts + (extra,))
    found = " ".join(check_schedule(request, broken))
    assert "more than one shift on a day" in found
    assert "daily rest" in found
    assert "needs one meal break" in found
    # a break outside its window
    moved = replace(first, breaks=((first.start_min + 30, first.start_min + 60),))
    found = " ".join(check_schedule(request, replace(schedule, shifts=(moved,) + schedule.shifts[1:])))
    assert "outside the window" in found
    # more shifts than the contract allows
    worked = {a.contract for a in schedule.agents}
    fewer = tuple(c.model_copy(update={"max_shifts_per_week": 4}) if c.name in worked else c for c in wf.contracts)
    strict = replace(request, workforce=wf.model_copy(update={"contracts": fewer}))
    assert any("5 shifts > contract" in p for p in check_schedule(strict, schedule))
    # coverage claimed without people
    fake = replace(schedule, scheduled=schedule.scheduled + 1.0)
    assert any("on duty" in p for p in check_schedule(request, fake))


@pytest.mark.parametrize(
    "name, workforce, required",
    [
        ("office 8-18 with breaks", Workforce(solver_time_limit_s=8), _office(2.0)),
        (
            "evening and weekend",
            Workforce(solver_time_limit_s=8),
            np.tile(np.r_[np.zeros(20), np.full(24, 2.0), np.zeros(4)], 7),
        ),
        (
            "24/7 with 15-min starts",
            Workforce(start_step_min=15, shift_lengths_h=(6.0, 8.0), solver_time_limit_s=8),
            np.full(336, 1.0),
        ),
        (
            "part-time only, 5 consecutive days max",
            Workforce(
                max_consecutive_days=5,
                contracts=(Contract(name="part_time", weekly_h_min=16, weekly_h_max=30),),
                solver_time_limit_s=8,
            ),
            _office(1.0, days=7, start_h=9, end_h=17),
        ),
        (
            "part-timers at most 4 shifts a week, full-timers 5",
            Workforce(
                shift_lengths_h=(4.0, 6.0, 8.0),
                contracts=(
                    Contract(name="full_time", weekly_h_min=37.5, weekly_h_max=40, max_shifts_per_week=5),
                    Contract(name="part_time", weekly_h_min=8, weekly_h_max=30, max_shifts_per_week=4),
                ),
                solver_time_limit_s=8,
            ),
            np.tile(np.r_[np.zeros(16), np.full(28, 2.0), np.zeros(4)], 7),
        ),
        (
            "paid breaks, 7.5 h shifts",
            Workforce(
                shift_lengths_h=(7.5,), meal_break_paid=True, meal_break_window_h=(3.0, 4.5), solver_time_limit_s=8
            ),
            _office(2.0, days=6),
        ),
    ],
)
def test_rules_hold_on_hand_made_requests(name, workforce, required):
    request = _request(required, workforce)
    schedule = solve_schedule(request)
    assert schedule.solver.status in ("OPTIMAL", "FEASIBLE"), schedule.solver
    assert check_schedule(request, schedule) == [], name
    assert len(schedule.shifts) > 0


def test_a_contracts_shifts_a_week_are_kept_where_they_bind():
    """Without a limit, this evening-heavy week gives every part-timer 6 shifts; with at most
    4 a week, none works more, more agents share the shifts, and the reasons say the limit binds."""
    from collections import Counter

    required = np.tile(np.r_[np.zeros(16), np.full(28, 2.0), np.zeros(4)], 7)
    worked = {}
    for limit in (None, 4):
        contract = Contract(name="part_time", weekly_h_min=8, weekly_h_max=30, max_shifts_per_week=limit)
        request = _request(required, Workforce(contracts=(contract,), solver_time_limit_s=5))
        schedule = solve_schedule(request)
        assert check_schedule(request, schedule) == []
        worked[limit] = Counter(s.agent for s in schedule.shifts)
        keys = {r.key for r in schedule.solver.reasons}
        assert ("at_days" in keys) == (limit is not None)
    assert max(worked[None].values()) == 6
    # the limit costs agents, not shifts: 42 shifts need 7 agents at 6 a week, 11 at 4 (a run
    # under load found 41 shifts of the same cost, so the shift totals are not compared)
    assert max(worked[4].values()) == 4 and len(worked[4]) >= len(worked[None]) + 3


def test_shifts_start_only_within_the_start_times():
    """Without a limit, an 07:00-23:00 week starts shifts from 07:00 to past 14:00; with starts
    allowed 07:00-10:00 on weekdays and 22:00-02:00 on Saturday (past midnight into Sunday),
    every shift starts inside them, and the evenings fall short instead."""
    required = np.tile(np.r_[np.zeros(14), np.full(32, 1.0), np.zeros(2)], 7)
    free = _request(required, Workforce(solver_time_limit_s=5))
    starts = (StartWindow(start="07:00", end="10:00"),) * 5 + (StartWindow(start="22:00", end="02:00"), None)
    limited = _request(required, Workforce(shift_starts=starts, solver_time_limit_s=5))
    assert any(not _start_allowed(starts, s.start_min) for s in solve_schedule(free).shifts)
    schedule = solve_schedule(limited)
    assert check_schedule(limited, schedule) == []
    assert any(s.start_min // DAY == 6 for s in schedule.shifts), "Saturday's window runs into Sunday"
    assert schedule.understaffed.sum() > 0 and any(r.key == "short" for r in schedule.solver.reasons)


def test_the_checker_reads_start_times_across_midnight():
    starts = (None, StartWindow(start="22:00", end="02:00"), None, None, None, None, StartWindow(start="09:00", end="09:00"))
    assert [_start_allowed(starts, m) for m in (DAY + 22 * 60, 2 * DAY + 120, 2 * DAY + 150, DAY + 21 * 60)] == [
        True, True, False, False]
    assert [_start_allowed(starts, 6 * DAY + m) for m in (540, 555)] == [True, False]


def test_rules_hold_for_a_team_with_availability_and_channels():
    team = (
        Agent(id="Anna", contract="full_time", channels=("phone",), not_before="07:00", not_after="17:00"),
        Agent(id="Bo", contract="part_time", channels=("phone", "chat"), not_before="12:00"),
        Agent(id="Cem", contract="part_time", channels=("chat",), not_before="16:00", not_after="23:30"),
        Agent(id="Dia", contract="full_time"),
    )
    wf = Workforce(team=team, solver_time_limit_s=8)
    phone = _office(1.0, days=6, start_h=8, end_h=20)
    chat = _office(1.0, days=7, start_h=10, end_h=22)
    request = _request(np.stack([phone, chat]), wf, channels=("phone", "chat"))
    schedule = solve_schedule(request)
    assert schedule.solver.status in ("OPTIMAL", "FEASIBLE"), schedule.solver
    assert check_schedule(request, schedule) == []
    assert {s.agent for s in schedule.shifts} <= {"Anna", "Bo", "Cem", "Dia"}
    # the full-timers must reach their contract minimum, so they work
    assert {"Anna", "Dia"} <= {s.agent for s in schedule.shifts}


def test_rules_hold_with_deferred_work_and_a_night_shift():
    wf = Workforce(shift_lengths_h=(4.0, 8.0), solver_time_limit_s=8)
    live = np.tile(np.r_[np.zeros(14), np.full(32, 1.0), np.zeros(2)], 7)  # 07:00-23:00
    work = np.tile(np.r_[np.zeros(16), np.full(8, 0.5), np.zeros(24)], 7)  # 08:00-12:00 arrivals
    request = _request(
        np.stack([live, np.zeros(336)]),
        wf,
        channels=("phone", "callback"),
        deferred=(DeferredWork("callback", work, window=8),),
    )
    schedule = solve_schedule(request)
    assert check_schedule(request, schedule) == []
    assert schedule.deferred_placed["callback"].sum() == pytest.approx(work.sum(), abs=0.1)


def test_deferred_work_not_done_is_filed_when_it_arrived():
    """The model drops late work in whichever interval it likes at the same price: the web shop's
    callbacks were listed short at Fri 22:30, after the channel closes at 22:00. Callbacks here
    arrive 20:00-22:00 with a 2-hour window, and agents cost more than the work is worth."""
    wf = Workforce(shift_lengths_h=(4.0,), solver_time_limit_s=3)
    work = np.tile(np.r_[np.zeros(40), np.full(4, 0.5), np.zeros(4)], 7)  # 20:00-22:00 arrivals
    request = _request(np.zeros((1, 336)), wf, channels=("callback",), penalty=1.0,
                       deferred=(DeferredWork("callback", work, window=4),))
    schedule = solve_schedule(request)
    assert check_schedule(request, schedule) == []
    short = np.asarray(schedule.understaffed[0])
    assert short.sum() == pytest.approx(work.sum() - schedule.deferred_placed["callback"].sum(), abs=0.05)
    assert short.sum() > 1.0 and np.all(short[work == 0] == 0), np.nonzero(short[work == 0])


# --- generated requests ------------------------------------------------------------


_DAY_STARTS = (StartWindow(start="06:00", end="12:00"),) * 6 + (None,)
_NIGHT_STARTS = (StartWindow(start="16:00", end="01:00"),) * 7


@st.composite
def small_requests(draw):
    interval_min = draw(st.sampled_from([30, 60]))
    T = 10080 // interval_min
    per_h = 60 // interval_min
    channels = ("phone", "chat")[: draw(st.integers(1, 2))]
    rows = []
    for _ in channels:
        req = np.zeros(T)
        for d in range(7):
            if draw(st.booleans()):
                open_h = draw(st.integers(0, 16))
                close_h = draw(st.integers(open_h + 2, min(open_h + 14, 26)))
                level = draw(st.sampled_from([0.5, 1.0, 1.4, 2.0, 3.0]))
                idx = (np.arange(d * 24 * per_h + open_h * per_h, d * 24 * per_h + close_h * per_h)) % T
                req[idx] = np.maximum(req[idx], level)
        rows.append(req)
    lengths = tuple(sorted(set(draw(st.lists(st.sampled_from([4.0, 6.0, 7.5, 8.0, 10.0]), min_size=1, max_size=3)))))
    workforce = Workforce(
        shift_lengths_h=lengths,
        start_step_min=draw(st.sampled_from([30, 60])),
        max_consecutive_days=draw(st.integers(4, 6)),
        meal_break_min=draw(st.sampled_from([0, 30])),
        meal_break_paid=draw(st.booleans()),
        max_agents=draw(st.one_of(st.none(), st.integers(1, 8))),
        shift_starts=draw(st.sampled_from([None, _DAY_STARTS, _NIGHT_STARTS])),
        contracts=(
            Contract(name="full_time", weekly_h_min=37.5, weekly_h_max=40,
                     max_shifts_per_week=draw(st.sampled_from([None, 5]))),
            Contract(name="part_time", weekly_h_min=8, weekly_h_max=30,
                     max_shifts_per_week=draw(st.sampled_from([None, 3, 4]))),
        ),
        solver_time_limit_s=3.0,
    )
    deferred = ()
    if draw(st.booleans()):
        channels = channels + ("callback",)
        rows.append(np.zeros(T))
        work = np.zeros(T)
        window = draw(st.integers(1, 6))
        due = np.full(T, window) if draw(st.booleans()) else None  # or a same-day promise: due sooner
        for d in range(7):
            h = draw(st.integers(8, 18))
            work[d * 24 * per_h + h * per_h] = draw(st.sampled_from([0.0, 0.5, 1.0, 2.0]))
            if due is not None:
                due[d * 24 * per_h + h * per_h] = draw(st.integers(1, window))
        share = draw(st.sampled_from([None, 0.9]))  # a target: what is left undone beyond 10 % weighs more
        deferred = (DeferredWork("callback", work, window=window, due=due, in_time_share=share),)
    cost = np.full(T, 10.0)
    cost[np.arange(T) % (24 * per_h) >= 18 * per_h] = 12.0
    return _request(
        np.stack(rows),
        workforce,
        channels=channels,
        deferred=deferred,
        cost=cost,
        interval_min=interval_min,
        penalty=draw(st.sampled_from([5.0, 60.0])),
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(small_requests())
def test_rules_hold_on_generated_requests(request):
    schedule = solve_schedule(request)
    assert schedule.solver.status in ("OPTIMAL", "FEASIBLE"), schedule.solver
    assert check_schedule(request, schedule) == []
    r = schedule.solver
    assert r.bound is not None and r.objective is not None and r.bound <= r.objective + 1e-6


@st.composite
def small_team_requests(draw):
    T = 336
    channels = ("phone", "chat")
    rows = []
    for _ in channels:
        req = np.zeros(T)
        for d in range(7):
            if draw(st.booleans()):
                open_h = draw(st.integers(6, 12))
                close_h = draw(st.integers(open_h + 4, 22))
                req[d * 48 + open_h * 2 : d * 48 + close_h * 2] = draw(st.sampled_from([1.0, 2.0]))
        rows.append(req)
    contracts = (
        Contract(name="long", weekly_h_min=draw(st.sampled_from([0.0, 16.0])), weekly_h_max=40.0),
        Contract(name="short", weekly_h_min=0.0, weekly_h_max=draw(st.sampled_from([12.0, 24.0])),
                 max_shifts_per_week=draw(st.sampled_from([None, 2, 3]))),
    )
    team = []
    for i in range(draw(st.integers(1, 5))):
        start = draw(st.sampled_from([None, "06:00", "10:00", "14:00"]))
        end = draw(st.sampled_from([None, "18:00", "23:00", "02:00"]))
        team.append(
            Agent(
                id=f"P{i}",
                contract=draw(st.sampled_from(["long", "short"])),
                channels=draw(st.sampled_from([None, ("phone",), ("chat",)])),
                not_before=start,
                not_after=end,
            )
        )
    workforce = Workforce(
        shift_lengths_h=(4.0, 8.0),
        contracts=contracts,
        team=tuple(team),
        max_consecutive_days=draw(st.integers(3, 6)),
        solver_time_limit_s=3.0,
    )
    return _request(np.stack(rows), workforce, channels=channels, penalty=50.0)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(small_team_requests())
def test_rules_hold_for_generated_teams(request):
    schedule = solve_schedule(request)
    if schedule.solver.status == "INFEASIBLE":  # only when a member's contract minimum cannot be met
        assert any(r.key.endswith("cannot_reach_minimum") for r in schedule.solver.reasons)
        return
    assert schedule.solver.status in ("OPTIMAL", "FEASIBLE"), schedule.solver
    assert check_schedule(request, schedule) == []
