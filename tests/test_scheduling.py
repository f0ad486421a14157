"""Hand-checked scheduling cases: costs worked out by hand, the week's wrap, impossible
targets, deferred work in quiet hours, time limits, premiums, breaks, teams, the API."""

from __future__ import annotations

import math
import re
import threading
import time

import numpy as np
import pytest
from test_scheduling_rules import check_schedule

from planner.scenario import Agent, Contract, Workforce
from planner.scheduling import (
    TARGET_MISS_WEIGHT,
    DeferredWork,
    Reason,
    ScheduleRequest,
    SolverProgress,
    late_by_arrival,
    solve_schedule,
)

T = 336  # 30-minute grid
FLEX = (Contract(name="flex", weekly_h_min=0.0, weekly_h_max=40.0),)


def slots(day: int, start_h: float, end_h: float) -> np.ndarray:
    """Interval indices of day ``day`` (Mon = 0) from start_h to end_h (30-min grid)."""
    return np.arange(day * 48 + int(start_h * 2), day * 48 + int(end_h * 2)) % T


def request(required, *, workforce, channels=("phone",), cost=None, penalty=100.0, deferred=(), skills=None):
    required = np.atleast_2d(np.asarray(required, float))
    return ScheduleRequest(
        interval_min=30,
        channels=tuple(channels),
        required_staff=required,
        understaffing_penalty=np.full(required.shape, float(penalty)),
        cost_per_interval=np.full(T, 10.0) if cost is None else np.asarray(cost, float),
        workforce=workforce,
        deferred=tuple(deferred),
        skills=skills,
    )


def test_flat_office_week_costs_exactly_five_eight_hour_shifts():
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf))
    assert s.solver.status == "OPTIMAL"
    assert s.solver.objective == pytest.approx(5 * 16 * 10.0)
    assert s.solver.bound == pytest.approx(s.solver.objective)
    assert s.solver.gap == 0.0
    assert [(x.day, x.start, x.end) for x in s.shifts] == [
        (d, "08:00", "16:00") for d in ("Mon", "Tue", "Wed", "Thu", "Fri")
    ]
    assert s.headcount == 1 and s.agents[0].contract == "full_time" and s.agents[0].paid_min == 40 * 60
    roster = next(reason for reason in s.solver.reasons if reason.key == "roster")
    assert roster.text("en") == "Roster: 1 agent (1 full-time)"
    assert roster.text("fi") == "Työvuorolista: 1 asiakaspalvelija (kokoaikainen: 1)"
    at_max = next(reason for reason in s.solver.reasons if reason.key == "at_max")
    assert at_max.text("fi") == "1 asiakaspalvelija sopimuksensa enimmäistunneilla"
    assert Reason("at_max", (("count", 3),)).text("fi") == "3 asiakaspalvelijaa sopimuksensa enimmäistunneilla"
    np.testing.assert_allclose(s.scheduled[0], req)
    assert s.understaffed.sum() == 0
    assert s.paid_cost == pytest.approx(800.0)


def test_requirement_past_sunday_midnight_is_covered_by_a_shift_wrapping_into_monday():
    req = np.zeros(T)
    req[slots(6, 20, 24)] = 1  # Sunday 20:00-24:00
    req[slots(0, 0, 4)] = 1  # Monday 00:00-04:00
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf))
    assert s.solver.status == "OPTIMAL"
    assert len(s.shifts) == 1
    shift = s.shifts[0]
    assert (shift.start_min, shift.end_min) == (6 * 1440 + 20 * 60, 6 * 1440 + 28 * 60)
    assert shift.end_min > 10080
    assert (shift.day, shift.start, shift.end) == ("Sun", "20:00", "04:00")
    np.testing.assert_allclose(s.scheduled[0], req)
    assert s.solver.objective == pytest.approx(16 * 10.0)
    np.testing.assert_allclose(s.paid_intervals(), req)


def test_impossible_target_returns_the_shortfall_per_interval_not_infeasible():
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 3
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, max_agents=1, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf, penalty=100.0))
    assert s.solver.status == "OPTIMAL"
    assert s.headcount == 1
    expected_short = np.where(req > 0, 2.0, 0.0)
    np.testing.assert_allclose(s.understaffed[0], expected_short)
    assert s.solver.objective == pytest.approx(5 * 16 * 10.0 + 2 * 5 * 16 * 100.0)
    assert s.understaffing_cost == pytest.approx(16000.0)
    reasons = " | ".join(reason.text("en") for reason in s.solver.reasons)
    assert "agent limit (1)" in reasons
    assert "Short: phone Mon 08:00–16:00" in reasons
    finnish = " | ".join(reason.text("fi", {"phone": "Puhelin"}) for reason in s.solver.reasons)
    assert "Vajaa: Puhelin ma 08:00–16:00" in finnish


def test_with_no_agent_allowed_the_limit_says_it_not_a_choice_of_days():
    """Every contract limited to 0 agents: the roster note said "Staff this short cannot cover
    every day: the roster leaves out the hours where a person handles the fewest contacts"."""
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 1
    wf = Workforce(contracts=tuple(c.model_copy(update={"max_count": 0}) for c in Workforce().contracts))
    s = solve_schedule(request(req, workforce=wf))
    assert s.headcount == 0 and s.understaffed.sum() == pytest.approx(16.0)
    keys = [r.key for r in s.solver.reasons]
    assert "agent_limit" in keys and "nobody_on_days" not in keys, keys


def test_deferred_work_is_done_in_quiet_hours_inside_its_window_by_the_same_agent():
    phone = np.zeros(T)
    phone[slots(0, 8, 12)] = 1
    phone[slots(0, 14, 16)] = 1  # quiet 12:00-14:00
    work = np.zeros(T)
    work[slots(0, 10, 12)] = 1.0  # four agent-intervals of callbacks arrive 10:00-12:00
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    r = request(
        np.stack([phone, np.zeros(T)]),
        workforce=wf,
        channels=("phone", "callback"),
        deferred=(DeferredWork("callback", work, window=8),),
    )
    s = solve_schedule(r)
    assert s.solver.status == "OPTIMAL"
    assert [(x.day, x.start, x.end) for x in s.shifts] == [("Mon", "08:00", "16:00")]  # one agent, no extra staff
    assert s.solver.objective == pytest.approx(16 * 10.0)
    placed = s.deferred_placed["callback"]
    expected = np.zeros(T)
    expected[slots(0, 12, 14)] = 1.0
    np.testing.assert_allclose(placed, expected)
    # the agent counts once: phone plus callback never exceed the one person on duty
    assert np.all(s.scheduled.sum(axis=0) <= 1.0 + 1e-9)
    assert s.understaffed.sum() == 0
    assert check_schedule(r, s) == []


def test_deferred_work_due_sooner_than_its_window_is_done_by_then():
    """The callbacks of the test above, but due by 12:00 (a same-day promise with a close at
    12:00): they can no longer wait for the quiet hours, so a second agent does them."""
    phone = np.zeros(T)
    phone[slots(0, 8, 12)] = 1
    phone[slots(0, 14, 16)] = 1
    work = np.zeros(T)
    work[slots(0, 10, 12)] = 1.0
    due = np.full(T, 8)
    due[slots(0, 10, 12)] = [4, 3, 2, 1]  # intervals left until 12:00
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    r = request(np.stack([phone, np.zeros(T)]), workforce=wf, channels=("phone", "callback"),
                deferred=(DeferredWork("callback", work, window=8, due=due),))
    s = solve_schedule(r)
    assert s.solver.status == "OPTIMAL"
    short = [x for x in s.shifts if x.length_min == 240]
    assert len(s.shifts) == 2 and len(short) == 1 and short[0].start_min <= 600 and short[0].end_min >= 720
    assert s.solver.objective == pytest.approx(24 * 10.0)  # 12 h
    placed = s.deferred_placed["callback"]
    assert placed[slots(0, 10, 12)].sum() == pytest.approx(4.0) and placed.sum() == pytest.approx(4.0)
    assert s.understaffed.sum() == 0
    assert check_schedule(r, s) == []


@pytest.mark.parametrize("due, message", [
    (np.zeros(T, int), "deferred[0].due must have shape (336,), each 1 .. window (3)"),
    (np.full(T, 4), "deferred[0].due must have shape (336,), each 1 .. window (3)"),
    (np.where(np.arange(T) == 11, 1, 3), "deferred[0].due: an arrival is due before an earlier one"),
])
def test_deferred_work_due_must_be_in_its_window_and_first_in_first_due(due, message):
    work = np.zeros(T)
    work[10:12] = 1.0
    r = request(np.zeros((1, T)), workforce=Workforce(), deferred=(DeferredWork("phone", work, 3, due=due),))
    with pytest.raises(ValueError, match=re.escape(message)):
        solve_schedule(r)


def test_a_contract_whose_minimum_no_week_reaches_is_said_to_be_unused():
    """Full-time at 37.5-40 h with at most 4 shifts a week of 8 h can give 32 h at most: the
    roster can use part-timers only, and says why full-time is not used."""
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    contracts = (Contract(name="full_time", weekly_h_min=37.5, weekly_h_max=40.0, max_shifts_per_week=4),
                 Contract(name="part_time", weekly_h_min=0.0, weekly_h_max=32.0))
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=contracts, solver_time_limit_s=5)
    s = solve_schedule(request(req, workforce=wf))
    assert {a.contract for a in s.agents} == {"part_time"} and s.headcount == 2  # 40 h, at most 32 h each
    assert s.solver.status == "OPTIMAL" and s.solver.objective == pytest.approx(5 * 16 * 10.0)
    unused = [r.text("en") for r in s.solver.reasons if r.key == "contract_unreachable"]
    assert unused == [("Not used: the full-time contract, whose weekly minimum of 37.5 h is above the 32.0 h a "
                      "week that the shift lengths, the meal break, the shifts a week and the days in a row allow")]


def test_deferred_work_that_cannot_be_done_shows_as_understaffed():
    work = np.zeros(T)
    work[slots(2, 10, 10.5)] = 3.0  # three agent-intervals arrive Wed 10:00-10:30
    wf = Workforce(shift_lengths_h=(4.0,), meal_break_min=0, contracts=FLEX, max_agents=1, solver_time_limit_s=10)
    r = request(
        np.zeros((1, T)),
        workforce=wf,
        channels=("email",),
        deferred=(DeferredWork("email", work, window=2),),
        penalty=500.0,
    )
    s = solve_schedule(r)
    # one agent can do one agent-interval per interval: 2 of the 3 within the window
    assert s.deferred_placed["email"].sum() == pytest.approx(2.0)
    assert s.understaffed.sum() == pytest.approx(1.0)
    reasons = s.solver.to_json()["reasons"]
    assert any("not done in time" in x for x in reasons)
    # the period is said in work left undone, not in a fraction of a person missing
    assert any(re.fullmatch(r"Short: email Wed \d\d:\d\d–\d\d:\d\d, 0\.50 agent-hours of work not done in time", x)
               for x in reasons), reasons
    assert not any("agents missing" in x for x in reasons)


@pytest.mark.parametrize(("work", "done", "due", "late", "wait_min"), [
    # arriving evenly over 0-30 min, done evenly over 0-60 min: the unit at u arrives at 30u and is done at 60u
    ([1.0, 0, 0, 0], [0.5, 0.5, 0, 0], 2, [0, 0, 0, 0], [15.0, 0, 0, 0]),
    # done as fast as it arrives, or faster: no wait (never done before it arrives)
    ([1.0, 0, 0, 0], [1.0, 0, 0, 0], 1, [0, 0, 0, 0], [0.0, 0, 0, 0]),
    ([1.0, 0, 0, 0], [2.0, 0, 0, 0], 1, [0, 0, 0, 0], [0.0, 0, 0, 0]),
    # a backlog: half the first interval's work waits 7.5 min on average, the other half is done
    # over 30-40 min (arrived over 15-30): 12.5 min; the second's, done over 40-60, waits 5 min
    ([1.0, 1.0, 0, 0], [0.5, 1.5, 0, 0], 2, [0, 0, 0, 0], [10.0, 5.0, 0, 0]),
    # a quarter done in time, the next interval: arrives at 3.75 min on average, done at 45
    ([4.0, 0, 0, 0], [0, 1.0, 0, 0], 2, [3.0, 0, 0, 0], [41.25, 0, 0, 0]),
    # none done in time: no wait to say; the week wraps (Sunday's last interval done on Monday)
    ([1.0, 0, 0, 0], [0, 0, 0, 0], 2, [1.0, 0, 0, 0], [math.inf, 0, 0, 0]),
    ([0, 0, 0, 1.0], [1.0, 0, 0, 0], 2, [0, 0, 0, 0], [0, 0, 0, 30.0]),
])
def test_deferred_work_late_and_its_wait_by_hand(work, done, due, late, wait_min):
    got_late, got_wait = late_by_arrival(np.array(work), np.array(done), due, 30)
    assert got_late.tolist() == pytest.approx(late, abs=1e-12)
    assert got_wait.tolist() == pytest.approx(wait_min, abs=1e-12)


def _small_requests(work: np.ndarray, done: np.ndarray, due: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """(late, mean wait [intervals]) by arrival interval from a simulation of small requests:
    each interval's work arrives as ``steps`` equal parts at even times within it, and its
    ``done`` is spent in ``steps`` equal parts, each on the oldest requests waiting at that
    moment; a request still waiting at the end of its due interval is dropped. Three weeks,
    the last counted, as :func:`late_by_arrival` reads a repeating week."""
    T = len(work)
    queue: list[list[float]] = []  # [last interval, amount left, arrival time [intervals]]
    late, served, waited = np.zeros(T), np.zeros(T), np.zeros(T)
    for now in range(3 * T):
        t = now % T
        for step in range(steps):
            moment = now + (step + 0.5) / steps
            if work[t] > 0:
                queue.append([now + due - 1, work[t] / steps, moment])
            capacity = done[t] / steps
            while capacity > 1e-12 and queue:
                take = min(capacity, queue[0][1])
                if now >= 2 * T:
                    first = int(queue[0][2]) % T
                    served[first] += take
                    waited[first] += take * (moment - queue[0][2])
                queue[0][1] -= take
                capacity -= take
                if queue[0][1] <= 1e-12:
                    queue.pop(0)
        while queue and queue[0][0] <= now:
            if now >= 2 * T:
                late[int(queue[0][2]) % T] += queue[0][1]
            queue.pop(0)
    return late, np.divide(waited, served, out=np.zeros(T), where=served > 0)


@pytest.mark.parametrize("seed", range(6))
def test_deferred_work_late_and_its_wait_agree_with_a_simulation_of_small_requests(seed):
    """The fluid's wait, worked out exactly per piece, against requests a hundredth of an interval
    apart: the same work late, and waits within a hundredth of an interval."""
    rng = np.random.default_rng(seed)
    T, due = 48, int(rng.integers(1, 6))
    work = rng.choice([0.0, 0.5, 1.0, 2.5], T) * (rng.random(T) < 0.6)
    done = rng.choice([0.0, 0.5, 1.0, 3.0], T) * (rng.random(T) < 0.7)
    late, wait_min = late_by_arrival(work, done, due, 30)
    sim_late, sim_wait = _small_requests(work, done, due, 100)
    assert late == pytest.approx(sim_late, abs=1e-9)
    answered = (work > 0) & (work - late > 1e-9)
    assert wait_min[answered] / 30 == pytest.approx(sim_wait[answered], abs=0.01)
    assert np.all(wait_min[answered] <= due * 30 + 1e-9)  # in time: within its window
    assert np.all(np.isinf(wait_min[(work > 0) & ~answered])) and np.all(wait_min[work == 0] == 0)


W = 1 + TARGET_MISS_WEIGHT  # how much more the work left undone past its target weighs


@pytest.mark.parametrize(("share", "max_agents", "shifts", "objective"), [
    (None, None, 0, 25.0),  # half an hour of work, dropped at 25: cheaper than a 4-hour shift at 80
    (1.0, None, 1, 80.0),  # all of it in time: dropping it would weigh 25 x W
    (0.4, 0, 0, 25.0 + 25.0 * (W - 1) * 0.4),  # nobody allowed: 60 % at 25, the 40 % past the target at 25 x W
])
def test_deferred_work_below_its_target_weighs_more(share, max_agents, shifts, objective):
    """The web shop's callbacks were done 89.7 % in time against a 90 % target in one run
    (94.5 % in another): a unit of work not done weighed its penalty alone, and a short
    shift was dearer. Work left undone beyond the target's share now weighs
    TARGET_MISS_WEIGHT times more, so the roster meets the target where it can."""
    assert 25.0 * W > 80.0
    work = np.zeros(T)
    work[slots(2, 12, 12.5)] = 1.0  # one agent-interval arrives Wed 12:00-12:30
    wf = Workforce(shift_lengths_h=(4.0,), meal_break_min=0, contracts=FLEX, max_agents=max_agents,
                   solver_time_limit_s=5)
    r = request(np.zeros((1, T)), workforce=wf, channels=("callback",), penalty=25.0,
                deferred=(DeferredWork("callback", work, window=4, in_time_share=share),))
    s = solve_schedule(r)
    assert check_schedule(r, s) == []
    assert len(s.shifts) == shifts and s.solver.status == "OPTIMAL"
    assert s.solver.objective == pytest.approx(objective)
    assert s.paid_cost + s.understaffing_cost == pytest.approx(objective)


def _web_shop_like() -> np.ndarray:
    hours = (np.arange(48) + 0.5) / 2
    day = np.where((hours >= 8) & (hours < 22), 2 + 2 * np.exp(-0.5 * ((hours - 19) / 2) ** 2), 0.0)
    return np.stack([np.round(np.tile(day, 7) / 0.7, 2), np.round(np.tile(day, 7) * 0.8 / 0.7, 2)])


def test_a_time_limited_run_reports_feasible_with_a_positive_gap_never_optimal():
    wf = Workforce(solver_time_limit_s=0.6)
    s = solve_schedule(request(_web_shop_like(), workforce=wf, channels=("phone", "chat")))
    r = s.solver
    assert r.status == "FEASIBLE"
    assert r.gap is not None and r.gap > 0
    assert r.bound < r.objective
    assert any(x.startswith("Time limit") for x in r.to_json()["reasons"])
    assert len(s.shifts) > 0


def test_a_stop_signal_ends_a_long_solve_early_with_the_best_roster_so_far():
    import threading

    from planner.scheduling import StopSignal

    wf = Workforce(solver_time_limit_s=60)
    r = request(_web_shop_like(), workforce=wf, channels=("phone", "chat"))
    stop = StopSignal()
    timer = threading.Timer(1.5, stop.set)
    timer.start()
    started = time.monotonic()
    s = solve_schedule(r, stop=stop)
    seconds = time.monotonic() - started
    timer.cancel()
    assert seconds < 10, f"stopped after {seconds:.1f} s of a 60 s limit"
    assert s.solver.status in ("FEASIBLE", "UNKNOWN") and s.solver.reasons[-1].key == "stopped"
    assert s.solver.to_json()["reasons"][-1].startswith("Stopped before the time limit")
    if s.solver.status == "FEASIBLE":
        assert check_schedule(r, s) == []
    again = solve_schedule(r, stop=stop)  # a signal that is set stops the next solve at once
    assert again.solver.seconds < 5 and again.solver.reasons[-1].key == "stopped"


def test_the_window_search_threads_see_the_stop_signal_and_raise_their_errors():
    """Threads start in an empty context: without a copy of the solve's, they would search
    on after a stop; and an error in one would be lost with a plan that silently stopped improving."""
    from planner.scheduling import _STOP, StopSignal, _in_threads, _stopped

    stop = StopSignal()
    stop.set()
    token = _STOP.set(stop)
    seen = []
    try:
        _in_threads(lambda i: seen.append((i, _stopped())), 2)
    finally:
        _STOP.reset(token)
    assert sorted(seen) == [(0, True), (1, True)]
    with pytest.raises(ZeroDivisionError):
        _in_threads(lambda i: 1 / i, 2)


@pytest.mark.parametrize(("limits", "best"), [({"at_least": 8}, 8), ({"at_most": 12, "at_least": 9}, 9), ({"at_most": 4}, None)])
def test_bound_objective_limits_the_objective_offset_included(limits, best):
    """Minimise x + 5 over x in 0..10 (CP-SAT keeps the 5 as the objective's offset)."""
    from ortools.sat.python import cp_model

    from planner.scheduling import _bound_objective

    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.minimize(x + 5)
    _bound_objective(model, **limits)
    solver = cp_model.CpSolver()
    status = solver.solve(model)
    if best is None:
        assert status == cp_model.INFEASIBLE
    else:
        assert status == cp_model.OPTIMAL and solver.objective_value == best


def test_the_side_solve_stops_when_its_result_is_asked_for():
    """The shift plan asks for the side solve's result when its greedy start is ready and
    must not wait out the side solve's time limit (here 60 s), at once or later."""
    from planner.scheduling import _Problem, _shift_plan_model, _SideSolve

    r = request(_web_shop_like(), workforce=Workforce(), channels=("phone", "chat"))
    model = _shift_plan_model(_Problem(r))[0]
    for wait_s in (0.0, 0.5):
        side = _SideSolve(model, 60.0)
        time.sleep(wait_s)
        started = time.monotonic()
        side.result()
        assert time.monotonic() - started < 5.0


@pytest.mark.parametrize("expensive, start", [("evening", "08:00"), ("morning", "12:00")])
def test_premiums_make_the_solver_prefer_the_cheaper_hours(expensive, start):
    req = np.zeros(T)
    req[slots(0, 12, 16)] = 1
    hour = (np.arange(T) % 48) / 2
    cost = np.full(T, 10.0)
    if expensive == "evening":
        cost[(hour >= 16) | (hour < 8)] = 20.0
    else:
        cost[(hour < 12) | (hour >= 20)] = 20.0
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf, cost=cost))
    assert s.solver.status == "OPTIMAL"
    assert [(x.day, x.start) for x in s.shifts] == [("Mon", start)]
    assert s.solver.objective == pytest.approx(160.0)


def test_coverage_is_net_of_breaks_so_two_short_shifts_beat_one_long_shift_and_its_relief():
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=30, solver_time_limit_s=10)
    r = request(req, workforce=wf, penalty=1000.0)
    s = solve_schedule(r)
    # 8 h + 30 min unpaid break leaves the break uncovered; relief costs a 4 h shift:
    # 150 + 40 = 190 a day against 2 x 80 = 160 for two 4-hour shifts.
    assert s.solver.status == "OPTIMAL"
    assert s.solver.objective == pytest.approx(5 * 160.0)
    assert {x.length_min for x in s.shifts} == {240}
    assert check_schedule(r, s) == []


def test_a_lone_eight_hour_shift_takes_its_break_in_the_window_and_the_gap_is_priced():
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 1
    wf = Workforce(
        shift_lengths_h=(8.0,),
        meal_break_min=30,
        meal_break_window_h=(3.0, 5.0),
        contracts=FLEX,
        solver_time_limit_s=10,
    )
    r = request(req, workforce=wf, penalty=100.0)
    s = solve_schedule(r)
    # a second shift to cover 30 minutes costs 150; the missing half hour costs 100
    assert s.solver.status == "OPTIMAL"
    assert len(s.shifts) == 1
    shift = s.shifts[0]
    ((b0, b1),) = shift.breaks
    assert b1 - b0 == 30 and 11 * 60 <= b0 <= 13 * 60
    assert shift.paid_min == 450
    assert s.solver.objective == pytest.approx(15 * 10.0 + 100.0)
    assert s.understaffed.sum() == pytest.approx(1.0)
    assert s.understaffed[0, b0 // 30] == pytest.approx(1.0)
    assert shift.to_json()["breaks"] == [[f"{b0 // 60:02d}:{b0 % 60:02d}", f"{b1 // 60:02d}:{b1 % 60:02d}"]]


def test_a_paid_break_is_paid():
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_paid=True, contracts=FLEX, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf, penalty=100.0))
    assert s.shifts[0].paid_min == 480
    assert s.solver.objective == pytest.approx(16 * 10.0 + 100.0)


def test_a_team_is_rostered_by_name_within_channels_and_availability():
    phone = np.zeros(T)
    chat = np.zeros(T)
    for d in range(5):
        phone[slots(d, 8, 16)] = 1
        chat[slots(d, 14, 22)] = 1
    team = (
        Agent(id="Aino", contract="full_time", channels=("phone",), not_before="07:00", not_after="17:00"),
        Agent(id="Eero", contract="full_time", channels=("chat",), not_before="12:00"),
    )
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, team=team, solver_time_limit_s=10)
    r = request(np.stack([phone, chat]), workforce=wf, channels=("phone", "chat"))
    s = solve_schedule(r)
    assert s.solver.status == "OPTIMAL"
    assert {(x.agent, x.start, x.end, x.channels) for x in s.shifts} == {
        ("Aino", "08:00", "16:00", ("phone",)),
        ("Eero", "14:00", "22:00", ("chat",)),
    }
    assert len(s.shifts) == 10
    assert check_schedule(r, s) == []


def test_a_team_member_who_cannot_reach_the_contract_minimum_is_named_and_the_rest_rostered():
    """A member available 10-12 on a full-time contract made the whole team's roster
    INFEASIBLE: nobody was rostered, and the Costs page priced an estimate (browser review)."""
    team = (Agent(id="Short", contract="full_time", not_before="10:00", not_after="12:00"),
            Agent(id="Part", contract="part_time"),
            Agent(id="Late", contract="full_time", not_before="14:00", not_after="23:00"),
            Agent(id="Day", contract="full_time"),
            Agent(id="Few", contract="full_time", not_before="16:00", not_after="21:00"))
    wf = Workforce(shift_lengths_h=(4.0, 8.0), team=team, solver_time_limit_s=5)
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 22)] = 1
    r = request(req, workforce=wf)
    s = solve_schedule(r)
    assert s.solver.status in ("OPTIMAL", "FEASIBLE")
    hours = {a.id: a.paid_min / 60 for a in s.agents}
    assert "Short" not in hours  # no shift of 4 h or more fits 10:00-12:00
    assert 37.5 <= hours["Day"] <= 40 and 37.5 <= hours["Late"] <= 40  # the others keep their minimum
    assert hours["Few"] == 20.0 and 8 <= hours["Part"] <= 30  # 16:00-21:00 fits a 4 h shift a weekday
    # in the team's order (the roster was built longest contract first, and listed by first shift)
    assert [a.id for a in s.agents] == ["Part", "Late", "Day", "Few"]
    assert check_schedule(r, s) == []
    texts = s.solver.to_json()["reasons"]
    assert ("Agent Short cannot work any shift: their available times, channels and the shift lengths leave none, "
            "so they are not on the roster") in texts
    assert ("Agent Few cannot reach the contract minimum of 37.5 h (availability, channels and shift lengths allow "
            "at most 20.0 h): rostered for at most that many hours") in texts
    assert not any("Late" in text or "Day" in text for text in texts)  # 14:00-23:00 fits 8 h shifts, 7.5 h paid


def test_an_empty_team_rosters_no_one_and_says_the_team_binds():
    """``team: []`` crashed the plan (max() of an empty sequence) in the app and the CLI."""
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 1
    s = solve_schedule(request(req, workforce=Workforce(team=(), solver_time_limit_s=5)))
    assert s.headcount == 0 and s.understaffed.sum() == pytest.approx(16.0)
    assert [r.key for r in s.solver.reasons if r.key in ("team_size", "agent_limit")] == ["team_size"]
    one = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, team=(Agent(id="Aino", contract="full_time"),),
                    solver_time_limit_s=5)
    s = solve_schedule(request(2 * req, workforce=one))
    assert "Binding: the whole team (1) is rostered; more agents would cover more" in s.solver.to_json()["reasons"]


def test_skills_keep_channel_sets_apart():
    phone = np.zeros(T)
    chat = np.zeros(T)
    phone[slots(0, 8, 16)] = 1
    chat[slots(0, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    r = request(np.stack([phone, chat]), workforce=wf, channels=("phone", "chat"), skills={"phone": (), "chat": ()})
    s = solve_schedule(r)
    assert sorted(x.channels for x in s.shifts) == [("chat",), ("phone",)]
    np.testing.assert_allclose(s.scheduled, np.stack([phone, chat]))
    # blended (no skills given): the same two people, each may serve both
    s2 = solve_schedule(request(np.stack([phone, chat]), workforce=wf, channels=("phone", "chat")))
    assert all(x.channels == ("phone", "chat") for x in s2.shifts) and len(s2.shifts) == 2


def test_progress_is_reported_from_the_solver():
    seen: list[SolverProgress] = []
    wf = Workforce(solver_time_limit_s=3)
    solve_schedule(request(_web_shop_like(), workforce=wf, channels=("phone", "chat")), progress=seen.append)
    assert seen
    assert {p.stage for p in seen} <= {"shifts", "roster"}
    for p in seen:
        assert p.seconds >= 0 and p.solutions >= 1
        assert p.objective is not None and p.bound is not None and p.bound <= p.objective + 1e-6
    # one solve: its shift plan, then its roster; the app counts "shifts" after "roster" as the
    # next solve (a hybrid's), so more search after a quick roster must not report as "shifts"
    stages = [p.stage for p in seen]
    assert "shifts" not in stages[stages.index("roster"):] if "roster" in stages else True


def test_the_plan_json_part_and_paid_time():
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 2
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    s = solve_schedule(request(req, workforce=wf))
    data = s.to_json()
    assert data["solver"]["status"] == "OPTIMAL"
    assert data["shifts"][0] == {
        "agent": data["shifts"][0]["agent"],
        "day": "Mon",
        "start": "08:00",
        "end": "16:00",
        "channels": ["phone"],
        "breaks": [],
        "paid_h": 8.0,
    }
    assert {x["agent"] for x in data["shifts"]} == {"A01", "A02"}
    np.testing.assert_allclose(s.paid_intervals(), req)
    assert s.paid_minutes().sum() == 2 * 480
    assert s.paid_min_by_agent() == {"A01": 480, "A02": 480}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"interval_min": 20}, "interval_min must be 15, 30 or 60"),
        ({"required_staff": np.zeros((1, 10))}, "required_staff must have shape (1, 336)"),
        ({"cost_per_interval": np.full(T, -1.0)}, "cost_per_interval must be finite and >= 0"),
        ({"deferred": (DeferredWork("fax", np.zeros(T), 2),)}, "deferred[0].channel 'fax'"),
        ({"deferred": (DeferredWork("phone", np.zeros(T), 0),)}, "deferred[0].window must be at least 1"),
        ({"deferred": (DeferredWork("phone", np.zeros(T), 2, in_time_share=90.0),)},
         "deferred[0].in_time_share must be within 0 .. 1, got 90.0"),
        ({"skills": {"phone": ("chat",)}}, "skills: unknown channel chat"),
    ],
)
def test_bad_requests_are_refused_with_a_message_naming_the_field(change, message):
    good = request(np.zeros(T), workforce=Workforce())
    bad = ScheduleRequest(**{**good.__dict__, **change})
    with pytest.raises(ValueError) as info:
        solve_schedule(bad)
    assert message in str(info.value)


def test_no_requirement_gives_an_empty_optimal_roster():
    s = solve_schedule(request(np.zeros(T), workforce=Workforce(solver_time_limit_s=5)))
    assert s.shifts == ()
    assert s.solver.status == "OPTIMAL" and s.solver.objective == 0.0


def _stage_one_bounds(r: ScheduleRequest) -> tuple[float, float]:
    """The shift plan's LP bound without and with the deferred-work cuts (as the search
    works it out beside it) [money/week]."""
    from planner.scheduling import MONEY_SCALE, _Bounds, _lp_relaxation, _Problem, _shift_plan_model

    P = _Problem(r)
    model, _, cov, _, agents = _shift_plan_model(P)
    bounds = _Bounds(model, cov, agents)
    bounds.result()
    return _lp_relaxation(model)[0] / MONEY_SCALE, bounds.lp[0] / MONEY_SCALE


def test_the_lp_bound_needs_a_whole_person_for_a_callback_after_closing():
    """Phone Mon 08-16 needs one person; 10 agent-minutes of callbacks arrive 16:00-16:30
    and must be done by 17:00. Dropping them costs 333, so a 4-hour shift from 16:00 (80)
    is bought: 160 + 80. The plain LP buys a sixth of that shift (13.33): a sixth of a
    person in each of the two intervals does the work. The cut over 16:00-17:00 asks for
    one whole person-interval there: half of the shift (40), so the bound is 200."""
    phone = np.zeros(T)
    phone[slots(0, 8, 16)] = 1
    work = np.zeros(T)
    work[slots(0, 16, 16.5)] = 1 / 3
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    r = request(np.stack([phone, np.zeros(T)]), workforce=wf, channels=("phone", "callback"),
                deferred=(DeferredWork("callback", work, window=2),), penalty=1000.0)
    plain, cut = _stage_one_bounds(r)
    assert plain == pytest.approx(160 + 80 / 6, abs=0.01)
    assert cut == pytest.approx(200.0, abs=0.01)
    s = solve_schedule(r)
    assert s.solver.status == "OPTIMAL" and s.solver.objective == pytest.approx(240.0)
    assert s.deferred_placed["callback"].sum() == pytest.approx(1 / 3)


def test_the_bound_takes_a_whole_head_count():
    """Every day 08:00-16:00 needs one person: seven 8-hour shifts (1 120), 56 hours. At
    40 hours a week at most, the LP rosters 1.4 agents (1 260 with 100 an agent); a roster
    has two (1 320), or one, who leaves two days uncovered at 1 000 a person-interval."""
    from dataclasses import replace

    from planner.scheduling import (
        MONEY_SCALE,
        _Bounds,
        _headcount_lp,
        _lp_relaxation,
        _Problem,
        _shift_plan_model,
    )

    req = np.zeros(T)
    for d in range(7):
        req[slots(d, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=10)
    r = replace(request(req, workforce=wf, penalty=1000.0), cost_per_agent=100.0)
    model, _, cov, _, agents = _shift_plan_model(_Problem(r))
    lp, x = _lp_relaxation(model)
    assert lp / MONEY_SCALE == pytest.approx(1260.0, abs=0.01)
    assert x[agents.index] == pytest.approx(1.4)
    # one agent works 5 days and leaves 2 days of 16 half hours at 1 000; two cost 1 320, three 1 420
    assert [_headcount_lp(model, agents.index, h) / MONEY_SCALE for h in (1, 2, 3)] == pytest.approx(
        [5 * 160 + 2 * 16 * 1000 + 100, 1320.0, 1420.0], abs=0.01)
    bounds = _Bounds(model, cov, agents)  # the least of 1 and 2 agents, worked out beside the search
    assert bounds.result() / MONEY_SCALE == pytest.approx(1320.0, abs=0.01)
    assert bounds.more_agents[0] == 3 and bounds.more_agents[1] / MONEY_SCALE == pytest.approx(1420.0, abs=0.01)
    assert bounds.lp[0] / MONEY_SCALE == pytest.approx(1260.0, abs=0.01)
    bounds.add(1000.0 * MONEY_SCALE)  # a weaker bound proved by a solve changes nothing
    assert bounds.result() / MONEY_SCALE == pytest.approx(1320.0, abs=0.01)
    s = solve_schedule(r)
    assert s.solver.status == "OPTIMAL" and s.solver.objective == pytest.approx(1320.0) and s.headcount == 2


def test_the_gap_of_a_roster_with_more_agents_than_the_bounds_is_said():
    """The 24/7 chat's bound, 14 495.56, is for 13 agents; its roster of 14 showed a gap of
    1.2 % and nothing said that no roster of 14 costs less than 14 634.79 (the LP's with 14)."""
    from dataclasses import replace

    from planner.scheduling import MONEY_SCALE, _more_agents_reason, _Plan

    plan = _Plan("FEASIBLE", 0, 0.0, {}, {}, None, 0.0, more_agents=(14, 14634.79 * MONEY_SCALE))
    reason = _more_agents_reason(plan, 14, 14495.56)
    assert reason.text("en", currency="EUR") == (
        "Head count: no roster of 14 agents, as this one has, costs less than €14,634.79; the lower bound "
        "€14,495.56 is for 13 agents, and the time limit left open whether 13 can do it")
    assert reason.text("fi", currency="EUR").startswith(
        "Henkilömäärä: yksikään 14 hengen työvuorolista, kuten tämä, ei maksa alle 14\xa0634,79\xa0€")
    assert _more_agents_reason(plan, 15, 14495.56) is not None  # more agents still: at least as much
    assert _more_agents_reason(plan, 13, 14495.56) is None  # the bound's own head count
    assert _more_agents_reason(plan, 14, 14634.79) is None  # a bound as high says it already
    assert _more_agents_reason(replace(plan, more_agents=None), 14, 14495.56) is None


def test_the_greedy_plan_starts_from_the_lp_shifts_rounded_down():
    """Mon-Fri 08:00-16:30 needs two people, one at 12:00-13:00: two 8.5-hour shifts a
    day with their meal breaks at 12:00 and 12:30 cover it exactly, and the LP finds
    that whole. Rounded down, it is the greedy plan's start, kept as it is."""
    from planner.scheduling import _Greedy, _lp_relaxation, _Problem, _shift_plan_model

    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16.5)] = 2
        req[slots(d, 12, 13)] = 1
    wf = Workforce(shift_lengths_h=(8.5,), meal_break_window_h=(4.0, 4.5), contracts=FLEX, solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    model, counts, cov, _, _ = _shift_plan_model(P)
    greedy = _Greedy(P)
    start = greedy.from_lp(_lp_relaxation(model)[1], counts, cov)
    assert np.array_equal(greedy.run(time.monotonic(), start=start), start)
    plan, breaks = greedy.plan(start)
    assert sorted((P.types[k].start_min, n) for k, n in plan.items()) == [(d * 1440 + 8 * 60, 2) for d in range(5)]
    assert sorted((P.types[k].start_min + b * P.slot_min, n) for (k, b), n in breaks.items()) == [
        (d * 1440 + minute, 1) for d in range(5) for minute in (12 * 60, 12 * 60 + 30)
    ]


@pytest.mark.parametrize(
    ("shifts_by_day", "busiest"),
    [
        ((3, 3, 2, 2, 2, 0, 0), [0, 1]),  # 12 shifts need 2 agents at 6 days each: Mon and Tue need 3
        ((5, 5, 5, 4, 4, 4, 4), []),  # 31 shifts need 6 agents: the total sets the head count, not a day
        ((2, 2, 2, 2, 1, 0, 0), []),  # 4 busiest days: too many to re-plan at once
        ((1, 0, 0, 0, 0, 0, 1), [0, 6]),  # Sunday and Monday, across the week's end
    ],
)
def test_the_window_search_replans_the_busiest_days_when_they_set_the_head_count(shifts_by_day, busiest):
    """An agent fewer needs a shift fewer on every busiest day at once: the window search
    re-plans those days together, when they are what sets the head count."""
    from dataclasses import replace

    from planner.scheduling import _busiest_days, _Problem, _shift_plan_model

    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, max_consecutive_days=6)
    P = _Problem(replace(request(np.ones(T), workforce=wf), cost_per_agent=100.0))
    model, counts, _, _, agents = _shift_plan_model(P)
    values = [0] * len(model.proto.variables)
    for day, n in enumerate(shifts_by_day):
        values[counts[next(k for k in counts if P.types[k].day == day)].index] = n
    values[agents.index] = max(max(shifts_by_day), -(-sum(shifts_by_day) // 6))
    assert _busiest_days(P, counts, agents, values) == busiest


def test_a_window_wraps_around_the_week():
    from planner.scheduling import _within

    sunday_night = (6 * 1440 + 22 * 60, 4 * 60)  # Sunday 22:00 to Monday 02:00
    minutes = np.array([6 * 1440 + 21 * 60, 6 * 1440 + 23 * 60, 60, 2 * 60])
    assert _within(minutes, [sunday_night]).tolist() == [False, True, True, False]
    assert _within(minutes, [sunday_night, (0, 24 * 60)]).tolist() == [False, True, True, True]


def test_an_agent_whose_shifts_fit_into_the_other_weeks_is_dropped():
    """Two first-roster weeks: Mon-Wed 8 h each and a lone Thursday 4 h. The Thursday
    shift fits into the first week (28 h of at most 30), so one agent does both; a
    second 8-hour Thursday would take the first week to 32 h, over its 30, and stays."""
    from planner.scheduling import _AgentSpec, _drop_agents, _Problem

    req = np.zeros(T)
    for d in range(4):
        req[slots(d, 8, 16)] = 1
    part_time = (Contract(name="part", weekly_h_min=0.0, weekly_h_max=30.0),)
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=part_time, solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    by_start = {(t.start_min, t.length * P.slot_min): t.index for t in P.types}
    week = [by_start[(d * 1440 + 480, 480)] for d in range(3)]
    spec = _AgentSpec(None, "part", 0, 30 * 60, None, None, True)
    lines = [(spec, list(week)), (spec, [by_start[(3 * 1440 + 480, 240)]])]
    taken = {"part": 2}
    _drop_agents(P, lines, taken, time.monotonic() + 5)
    assert [sorted(line) for _, line in lines] == [sorted([*week, by_start[(3 * 1440 + 480, 240)]])]
    assert taken == {"part": 1}
    lines = [(spec, list(week)), (spec, [by_start[(3 * 1440 + 480, 480)]])]
    _drop_agents(P, lines, {"part": 2}, time.monotonic() + 5)
    assert len(lines) == 2


def test_two_part_time_weeks_become_one_full_time_week():
    """Mon-Wed 8 h (24 h) and Thu-Fri 8 h (16 h), both part-time (at most 30 h): no single
    shift moves (32 h is over the part-time 30 and under the full-time 37.5), but the
    two weeks together are a full-time week of 40 h, so one agent on that contract does them."""
    from planner.scheduling import _drop_agents, _Problem, _seat

    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    contracts = (Contract(name="full", weekly_h_min=37.5, weekly_h_max=40.0),
                 Contract(name="part", weekly_h_min=8.0, weekly_h_max=30.0))
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=contracts, solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    day = {P.types[k].start_min // 1440: k for k in range(len(P.types)) if P.types[k].start_min % 1440 == 480}
    lines = [(_seat(contracts[1]), [day[0], day[1], day[2]]), (_seat(contracts[1]), [day[3], day[4]])]
    taken = {"full": 0, "part": 2}
    _drop_agents(P, lines, taken, time.monotonic() + 5)
    assert [(spec.contract, sorted(line)) for spec, line in lines] == [("full", [day[d] for d in range(5)])]
    assert taken == {"full": 1, "part": 0}


def _three_weeks_two_agents_can_do():
    """Three first-roster weeks (at most 16 h each, 11 h daily rest): A works Wed 16-24
    and Tue 0-8, B Mon 0-4, C Mon 12-20. B's and C's Mondays fit nowhere as they are
    (the other one works Monday, A has no hours left), and A's shifts, placed one by
    one, put Wednesday with B, after which Tuesday fits with no one (B would reach 20 h,
    C ends Monday at 20). Two agents can do it all: Tuesday with B, C's Monday with
    Wednesday (16 h); the only such pair of weeks. Returns the problem, the three
    weeks, and the two."""
    from planner.scheduling import _Problem

    part_time = (Contract(name="part", weekly_h_min=0.0, weekly_h_max=16.0),)
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=part_time, solver_time_limit_s=5)
    P = _Problem(request(np.ones(T), workforce=wf))
    shift = {(t.start_min, t.length * P.slot_min): t.index for t in P.types}
    tue, wed = shift[(1440, 480)], shift[(2 * 1440 + 16 * 60, 480)]
    mon_night, mon_day = shift[(0, 240)], shift[(12 * 60, 480)]
    return P, [[wed, tue], [mon_night], [mon_day]], sorted([sorted([mon_day, wed]), sorted([mon_night, tue])])


def test_an_exchange_through_a_third_agent_frees_an_agent():
    """:func:`_regroup_agents` re-rosters the three weeks over two agents."""
    from planner.scheduling import _regroup_agents, _seat

    P, weeks, two = _three_weeks_two_agents_can_do()
    lines, taken = [(_seat(P.wf.contracts[0]), list(week)) for week in weeks], {"part": 3}
    _regroup_agents(P, lines, taken, time.monotonic() + 5)
    assert sorted(sorted(line) for _, line in lines) == two
    assert taken == {"part": 2}


def test_a_week_free_that_day_takes_a_shift_and_hands_one_on():
    """The same weeks with :func:`_drop_agents` alone: B's Monday night goes to A, who is
    free on Monday but at the most hours, and A hands Wednesday on to C. Its moves used to
    fail here (only a re-rostering of the weeks by CP-SAT found the two agents); the move
    also places the shifts a named team's first roster leaves over: a team of 20 on the web
    shop's 10 s limit left 4 of its plan's 109 shifts, and its first roster cost 22 018
    against 19 385 with them placed."""
    from planner.scheduling import _drop_agents, _seat

    P, weeks, two = _three_weeks_two_agents_can_do()
    lines, taken = [(_seat(P.wf.contracts[0]), list(week)) for week in weeks], {"part": 3}
    _drop_agents(P, lines, taken, time.monotonic() + 5)
    assert sorted(sorted(line) for _, line in lines) == two
    assert taken == {"part": 2}


@pytest.mark.parametrize("seed", range(20))
def test_the_deferred_work_cuts_never_cut_off_the_optimum(seed):
    """On random small weeks (one busy day, callbacks with a short window), the LP with the
    cuts stays at or below the optimum CP-SAT proves on the model without them."""
    from ortools.sat.python import cp_model

    from planner.scheduling import MONEY_SCALE, _Problem, _shift_plan_model

    rng = np.random.default_rng(seed)
    phone = np.zeros(T)
    phone[slots(1, 8, 18)] = rng.integers(0, 3, 20) + rng.choice([0, 0.4, 0.7], 20)
    work = np.zeros(T)
    work[slots(1, 8, 20)] = rng.choice([0, 0, 0.2, 0.5, 1.3], 24)
    wf = Workforce(shift_lengths_h=(4.0, 6.0), meal_break_min=0, contracts=FLEX, start_step_min=60)
    r = request(np.stack([phone, np.zeros(T)]), workforce=wf, channels=("phone", "callback"),
                deferred=(DeferredWork("callback", work, window=int(rng.integers(1, 5))),), penalty=150.0)
    plain, cut = _stage_one_bounds(r)
    model = _shift_plan_model(_Problem(r))[0]
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    solver.parameters.num_workers = 2
    assert solver.solve(model) == cp_model.OPTIMAL
    optimum = solver.objective_value / MONEY_SCALE
    assert plain <= cut + 1e-6 and cut <= optimum + 1e-6


def test_the_periods_left_unlisted_are_counted_in_words():
    from planner.scheduling import Reason

    assert Reason("short_more", (("count", 1),)).text("en") == "Short: 1 more period"
    assert Reason("short_more", (("count", 3),)).text("en") == "Short: 3 more periods"
    assert Reason("short_more", (("count", 1),)).text("fi") == "Vajaa: vielä 1 muu ajanjakso"
    # people short: whole people without decimals (the notes said "up to 13.00 agents missing")
    short = Reason("short", (("channel", "phone"), ("when", (480, 1320)), ("hours", 128.0), ("agents", 13.0)))
    assert short.text("en") == "Short: phone Mon 08:00–22:00, 128.0 agent-hours, up to 13 agents missing"
    assert short.text("fi").endswith("enintään 13 henkilöä puuttuu")
    one = Reason("short", (("channel", "phone"), ("when", (480, 960)), ("hours", 8.0), ("agents", 1.0)))
    assert one.text("en").endswith("up to 1 agent missing")
    # times as the Roster page's caption writes them (the notes said 45.8 s beside its 45.75 s)
    plan = Reason("plan_not_proven", (("seconds", 45.75), ("objective", 100.0), ("bound", 90.0)))
    assert "had up to 45.75 s of it" in plan.text("en") and "enintään 45,75 s" in plan.text("fi")


def test_a_time_limit_too_short_still_rosters_the_whole_plan_and_says_so():
    """At a 1 s limit the web shop's roster had 3 agents where its plan needed 19, and 511
    agent-hours short: the first roster stopped at the deadline. It now places the plan's
    shifts, overruns the limit and says the limit is too short. (At 0.3 s: with callbacks
    done the same day the first plan and roster take about 1.3 s, within 1 s's allowance.)"""
    from dataclasses import replace as replaced

    from planner import options as opt
    from planner.scenario import load_scenario

    scenario = load_scenario(opt.__file__.replace("planner/options.py", "scenarios/web_shop.json"))
    ctx = opt.build_context(scenario)
    base = opt.schedule_request(ctx, np.ones_like(ctx.open, bool))
    r = replaced(base, workforce=base.workforce.model_copy(update={"solver_time_limit_s": 0.3}))
    s = solve_schedule(r)
    assert check_schedule(r, s) == []
    assert s.headcount >= 17 and s.understaffed.sum() * r.interval_min / 60 < 40  # agent-hours
    too_short = next(x for x in s.solver.reasons if x.key == "limit_too_short")
    assert re.fullmatch(r"Time limit: too short for this scenario; a first complete shift plan and roster took "
                        r"\d+(\.\d\d?)? s against the limit of 0\.3 s\. A limit of \d+ s or more finds cheaper rosters",
                        too_short.text("en"))
    taken = dict(too_short.values)["seconds"]
    assert dict(too_short.values)["advice_s"] == max(10, 5 * math.ceil(2 * taken / 5)) >= 2 * taken


def _week_and_a_saturday():
    """Mon-Fri 8-16 (40 h, a full-time week of 30-40 h) and Sat 8-12 (4 h, under the
    part-time minimum of 8 h): the problem and the shift types of a plan that needs both."""
    from planner.scheduling import _Problem

    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    req[slots(5, 8, 12)] = 1
    contracts = (Contract(name="full", weekly_h_min=30.0, weekly_h_max=40.0),
                 Contract(name="part", weekly_h_min=8.0, weekly_h_max=30.0))
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=contracts, solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    by_start = {(t.start_min, t.length * P.slot_min): t.index for t in P.types}
    return P, [by_start[(d * 1440 + 480, 480)] for d in range(5)] + [by_start[(5 * 1440 + 480, 240)]]


def _busy(monkeypatch, shorter_than_s: float) -> None:
    """A machine so busy that CP-SAT finds nothing in a solve shorter than ``shorter_than_s``."""
    from planner import scheduling

    real_solve = scheduling._solve

    def busy(model, seconds, workers, callback=None, *, first_result=False):
        if seconds < shorter_than_s:  # what it found in 0.01 s, not said (as if nothing)
            return real_solve(model, 0.0, workers)[0], scheduling.cp_model.UNKNOWN
        return real_solve(model, seconds, workers, callback, first_result=first_result)

    monkeypatch.setattr(scheduling, "_solve", busy)


def test_a_busy_machine_still_places_every_shift_of_the_plan(monkeypatch):
    """Two plans at once on two cores: one agent's week was not found in the 0.05 s left
    after the deadline, every contract was taken for one with no week, and the 24/7
    chat's roster had 0 of its plan's 14 agents. A week not found in time is now
    searched for again, longer; here a solve shorter than 0.2 s finds nothing, as on
    such a machine. And the shifts the weeks leave over (the Saturday, which no
    part-time week of its own reaches) are placed past the deadline too."""
    from planner import scheduling

    _busy(monkeypatch, 0.2)
    P, shifts = _week_and_a_saturday()
    lines = scheduling._lines(P, {k: 1 for k in shifts}, deadline=time.monotonic() - 1.0)
    assert sorted(k for _, line in lines for k in line) == sorted(shifts)
    assert sorted((spec.contract, len(line)) for spec, line in lines) == [("full", 4), ("part", 2)]


def test_a_contract_no_week_of_the_plan_reaches_gets_its_seat_with_shifts_topped_up():
    """At most one part-timer (up to 30 h) and one full-timer (37.5-40 h), and a plan of 8 h
    Monday to Thursday and 4 h on Friday (36 h: no full-time week): the part-timer takes
    28 h of it; the 8 h left are no full-time week, nor can anyone else take them. The full-timer's seat now
    gets a week of it and shifts outside the plan up to the full-time minimum."""
    from planner.scheduling import _lines, _Problem

    req = np.zeros(T)
    for d in range(4):
        req[slots(d, 8, 16)] = 1
    req[slots(4, 8, 12)] = 1
    contracts = (Contract(name="full", weekly_h_min=37.5, weekly_h_max=40.0, max_count=1),
                 Contract(name="part", weekly_h_min=8.0, weekly_h_max=30.0, max_count=1))
    wf = Workforce(shift_lengths_h=(4.0, 8.0), meal_break_min=0, contracts=contracts, solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    by_start = {(t.start_min, t.length * P.slot_min): t.index for t in P.types}
    plan = [by_start[(d * 1440 + 480, 480)] for d in range(4)] + [by_start[(4 * 1440 + 480, 240)]]
    lines = _lines(P, {k: 1 for k in plan}, time.monotonic() + 5)
    weeks = {spec.contract: line for spec, line in lines}
    assert sorted(weeks) == ["full", "part"]
    assert sorted(k for line in weeks.values() for k in line if k in plan) == sorted(plan), "each planned shift once"
    assert 37.5 * 60 <= sum(P.types[k].paid_min for k in weeks["full"]) <= 40 * 60


def test_a_busy_machine_still_gives_a_whole_roster(monkeypatch):
    """The web shop in a test run beside another: its first roster's coverage found nothing
    in its 1 s, nor the roster model in what was left, and the plan had no roster at
    all (0 % of chat and phone answered). Every solve for a first result (the first
    plan, an agent's week, the first roster) now goes on until it has one; here
    every solve shorter than 6 s finds nothing, so at a 5 s limit only those do."""
    _busy(monkeypatch, 6.0)
    P, _ = _week_and_a_saturday()
    s = solve_schedule(P.request)
    assert check_schedule(P.request, s) == []
    assert s.understaffed.sum() == 0 and s.headcount == 2
    assert s.solver.objective == pytest.approx(44 * 20.0)  # the 44 h the plan needs, at 10 a half hour


def test_the_first_roster_is_solved_once_and_kept_when_the_roster_search_finds_nothing(monkeypatch):
    """The large bench case's first roster was completed (breaks, split, deferred work) on the
    roster model of 25 000 variables, unfinished in 1 s; the roster model then found nothing
    in its time, and the first roster was solved again for up to 5 s, past the limit (30.7 s
    on a 30 s limit). Its coverage is now solved once, on a model of the coverage alone,
    and kept. Here the plan is made to look cheaper than any roster (so the roster model
    runs) and the roster model is made to find nothing."""
    import inspect

    from planner import scheduling

    real_plan, real_solve = scheduling._shift_plan, scheduling._solve
    completions = []

    def plan_looking_cheaper(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        plan.objective -= 1
        return plan

    def roster_model_finds_nothing(model, seconds, workers, callback=None, *, first_result=False):
        solver, status = real_solve(model, seconds, workers, callback, first_result=first_result)
        callers = [frame.function for frame in inspect.stack()[1:3]]
        caller = callers[1] if callers[0] == "_first_found" else callers[0]
        if caller in ("_roster", "_first_roster") and first_result:
            completions.append(caller)
        if model.proto.variables[0].name.startswith("works("):  # the roster model (its first variables)
            return solver, scheduling.cp_model.UNKNOWN
        return solver, status

    monkeypatch.setattr(scheduling, "_shift_plan", plan_looking_cheaper)
    monkeypatch.setattr(scheduling, "_solve", roster_model_finds_nothing)
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 2
    r = request(req, workforce=Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX))
    s = solve_schedule(r)
    assert check_schedule(r, s) == []
    assert s.solver.status == "FEASIBLE" and s.solver.objective == pytest.approx(10 * 16 * 10.0)
    assert len(s.shifts) == 10 and s.understaffed.sum() == 0
    assert completions == ["_first_roster"]


def test_a_first_result_runs_past_the_limit_only_while_none_is_held(monkeypatch):
    """A first plan or roster is tried again for twice the time while the solver finds nothing;
    a second roster (the first one held) kept at it past the limit: the web shop's at 5 s took
    1.0 s more, and the solve 5.9 s. Here every solve finds nothing in its time."""
    from planner import scheduling

    asked = []

    def finds_nothing(model, seconds, workers, callback=None, *, first_result=False):
        asked.append((time.monotonic(), seconds))
        time.sleep(min(seconds, 0.05))  # a solve takes time (here at most 0.05 s)
        return scheduling.cp_model.CpSolver(), scheduling.cp_model.UNKNOWN

    monkeypatch.setattr(scheduling, "_solve", finds_nothing)
    model = scheduling.cp_model.CpModel()
    scheduling._first_found(model, 0.5, 1)
    assert [seconds for _, seconds in asked] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, scheduling.FIRST_RESULT_MAX_S]
    asked.clear()
    limit = time.monotonic() + 0.2
    held = scheduling._HELD.set(limit)
    try:
        scheduling._first_found(model, 0.5, 1)
    finally:
        scheduling._HELD.reset(held)
    assert all(start + seconds <= limit + 0.011 for start, seconds in asked)  # none past it (but 0.01 s)


def test_a_contract_the_first_roster_leaves_out_still_gets_all_its_seats_when_short():
    """The web shop with 3000 calls a week and at most 4 full-time and 3 part-time agents: the
    plan's shifts (8 hours on four days, 6 hours on a fifth) had no full-time week, so the first
    roster was 3 part-timers; the roster model, given 2 full-time seats, rostered 5 agents of
    the 7 allowed, with 893 agent-hours short."""
    from dataclasses import replace as replaced

    from planner import options as opt
    from planner.scenario import load_scenario

    scenario = load_scenario(opt.__file__.replace("planner/options.py", "scenarios/web_shop.json"))
    channels = list(scenario.channels)
    channels[1] = channels[1].model_copy(update={"volume_per_week": 3000.0})
    full, part = scenario.workforce.contracts
    workforce = scenario.workforce.model_copy(update={"contracts": (full.model_copy(update={"max_count": 4}),
                                                                    part.model_copy(update={"max_count": 3}))})
    ctx = opt.build_context(scenario.model_copy(update={"channels": tuple(channels), "workforce": workforce}))
    base = opt.schedule_request(ctx, np.ones_like(ctx.open, bool))
    r = replaced(base, workforce=base.workforce.model_copy(update={"solver_time_limit_s": 5.0}))
    s = solve_schedule(r)
    assert check_schedule(r, s) == []
    assert s.headcount == 7 and sorted(agent.contract for agent in s.agents) == ["full_time"] * 4 + ["part_time"] * 3


def test_a_resumed_shift_plan_searches_on_from_its_plan_and_keeps_its_bound():
    """The time a quick roster leaves goes to more of the shift plan's search, from where
    it stopped: never dearer than the plan it resumes, and with its bound."""
    from planner.scheduling import _Problem, _shift_plan

    wf = Workforce(solver_time_limit_s=10)
    P = _Problem(request(_web_shop_like(), workforce=wf, channels=("phone", "chat")))
    t0 = time.monotonic()
    plan = _shift_plan(P, 1.0, None, t0)
    assert plan.status == "FEASIBLE" and len(plan.solution) > 0
    more = _shift_plan(P, 1.0, None, t0, resume=plan)
    assert more.objective <= plan.objective and more.bound >= plan.bound


def _stub(objective: int, bound: float = 100.0, status: str = "FEASIBLE", seconds: float = 0.1):
    """A shift plan and a roster for the stubs of test_search_more_keeps_the_cheaper_roster."""
    from planner.scheduling import _Plan, _Roster

    return (_Plan(status, objective, bound, {0: 1}, {}, None, seconds),
            _Roster("FEASIBLE", objective, [], [], None, seconds))


@pytest.mark.parametrize(
    ("plan_status", "roster_extra", "more", "again", "expected", "searched"),
    [
        ("FEASIBLE", 0, 900, 900, 900, True),  # a cheaper plan, rostered at its cost: taken
        ("FEASIBLE", 0, 900, 1200, 1000, True),  # a cheaper plan whose roster costs more: not taken
        ("FEASIBLE", 0, 1000, None, 1000, True),  # no cheaper plan: the first pair, no second roster
        ("FEASIBLE", 50, 900, 900, 1050, False),  # the roster cost more than its plan: it used its time
        ("OPTIMAL", 0, 900, 900, 1000, False),  # nothing to find
    ],
)
def test_search_more_keeps_the_cheaper_roster(monkeypatch, plan_status, roster_extra, more, again, expected, searched):
    from planner import scheduling

    plan, roster = _stub(1000, status=plan_status)
    roster.objective += roster_extra
    calls = []

    def shift_plan(P, seconds, progress, t0, resume=None):
        calls.append(("plan", resume is plan, progress))
        return _stub(more, bound=150.0)[0]

    def roster_of(P, better, seconds, progress, t0):
        calls.append(("roster", better.objective, progress))
        return _stub(again)[1]

    monkeypatch.setattr(scheduling, "_shift_plan", shift_plan)
    monkeypatch.setattr(scheduling, "_roster", roster_of)
    got_plan, got_roster = scheduling._search_more(None, plan, roster, 10.0, print, time.monotonic())
    assert got_roster.objective == expected
    assert bool(calls) == searched
    if searched:
        assert calls[0] == ("plan", True, None)  # no progress: the app would count it as the next solve
        assert got_plan.bound == 150.0  # the resumed search's bound is kept either way
        assert got_plan.seconds == pytest.approx(0.2)  # and its time: the first search's and the resumed one's
        assert [c for c in calls if c[0] == "roster"] == ([("roster", more, print)] if more < 1000 else [])


def test_the_first_plan_waits_for_the_lp_and_takes_its_whole_shifts(monkeypatch):
    """Mon-Fri 08:00-16:30 needs two people, one at 12:00-13:00 (as in the test above): the
    LP's shifts are whole, so the first plan is the optimum. Here the LP ends late (0.5 s
    more) and the greedy's own plan is empty: the first plan must wait for the LP and
    take its shifts. (The large bench case's first plan cost 0.5 % more without them.)"""
    from planner import scheduling
    from planner.scheduling import MONEY_SCALE, _Bounds, _first_plan, _Greedy, _Problem, _shift_plan_model

    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16.5)] = 2
        req[slots(d, 12, 13)] = 1
    wf = Workforce(shift_lengths_h=(4.0, 6.0, 8.5), meal_break_window_h=(4.0, 4.5), contracts=FLEX,
                   solver_time_limit_s=5)
    P = _Problem(request(req, workforce=wf))
    model, counts, cov, _, agents = _shift_plan_model(P)
    lp, run = scheduling._lp_relaxation, _Greedy.run
    monkeypatch.setattr(scheduling, "_lp_relaxation", lambda m: (time.sleep(0.5), lp(m))[1])
    monkeypatch.setattr(_Greedy, "run", lambda self, deadline, seed=0, start=None: (
        np.zeros(len(self.kinds), dtype=np.int64) if start is None else run(self, deadline, seed, start)))
    bounds = _Bounds(model, cov, agents)
    first = _first_plan(P, model, counts, cov, bounds, 0.0)
    assert bounds.result() / MONEY_SCALE == pytest.approx(1600.0, abs=0.01)  # ten 8-hour shifts, 20 an hour
    assert first.objective_value / MONEY_SCALE == pytest.approx(1600.0, abs=0.01)


def test_a_failing_bound_does_not_hold_up_the_first_plan(monkeypatch):
    """The first plan waits for the LP; an error in the bounds' thread must end that wait
    and be raised when the bound is asked for, not hang the solve."""
    from planner.scheduling import _Bounds, _Coverage, _first_plan, _Problem, _shift_plan_model

    def broken(self, model):
        raise RuntimeError("cuts failed")

    monkeypatch.setattr(_Coverage, "deferred_window_cuts", broken)
    P = _Problem(request(_web_shop_like(), workforce=Workforce(), channels=("phone", "chat")))
    model, counts, cov, _, agents = _shift_plan_model(P)
    bounds = _Bounds(model, cov, agents)
    first = []
    waiting = threading.Thread(target=lambda: first.append(_first_plan(P, model, counts, cov, bounds, 0.5)), daemon=True)
    waiting.start()
    waiting.join(30.0)  # it used to wait for ever
    assert first and first[0] is not None
    with pytest.raises(RuntimeError, match="cuts failed"):
        bounds.result()


def test_the_roster_search_moves_a_team_s_shifts_to_where_they_are_needed(monkeypatch):
    """The roster model's search from the first roster (one day, or a few agents over
    days, at a time), on its own: CP-SAT on the whole roster model is made to find
    nothing, as it did within a team's time at 10 s (a team of 12 cost 70 449 that way,
    67 552 with the search). The first roster takes a plan of shifts an hour late, Monday
    to Friday; the search moves each as early as the roster model allows (one start step)."""
    from planner import scheduling
    from planner.scheduling import MONEY_SCALE, _Plan, _Problem, _roster

    real_solve = scheduling._solve

    def whole_roster_model_finds_nothing(model, seconds, workers, callback=None, *, first_result=False):
        shifts = [v for v in model.proto.variables if v.name.startswith("works(") and "start=" in v.name]
        if workers > 1 and shifts and any(len(v.domain) != 2 or v.domain[0] != v.domain[1] for v in shifts):
            return real_solve(model, 0.0, workers)[0], scheduling.cp_model.UNKNOWN
        return real_solve(model, seconds, workers, callback, first_result=first_result)

    monkeypatch.setattr(scheduling, "_solve", whole_roster_model_finds_nothing)
    monkeypatch.setattr(scheduling, "LNS_STALL_TRIES", 10**6)  # no whole-model solve after a stall either
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    team = (Agent(id="Aino", contract="full_time"),)
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, team=team, solver_time_limit_s=10)
    P = _Problem(request(req, workforce=wf))
    late = {t.index: 1 for t in P.types if t.day < 5 and t.start_min % 1440 == 9 * 60 and t.length * P.slot_min == 480}
    assert len(late) == 5
    plan = _Plan("OPTIMAL", round(800 * MONEY_SCALE), 800 * MONEY_SCALE, late, {}, None, 0.0)
    roster = _roster(P, plan, 3.0, None, time.monotonic())
    assert roster.objective == (800 + 5 * 100) * MONEY_SCALE  # 40 h at 20 an hour; 08:00-08:30 short each day
    assert sorted(P.types[a.type].start_min for a in roster.assigned) == [d * 1440 + 510 for d in range(5)]


def _monday_request(**changes):
    req = np.zeros(T)
    req[slots(0, 8, 16)] = 1
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=FLEX, solver_time_limit_s=5)
    return request(req, workforce=wf, **changes)


def test_an_equal_request_reuses_its_schedule_when_asked_and_any_change_is_solved_anew():
    first = solve_schedule(_monday_request(), reuse=True)
    assert solve_schedule(_monday_request(), reuse=True) is first  # equal, not the same request
    assert solve_schedule(_monday_request()) is not first  # reuse not asked for
    assert solve_schedule(_monday_request(penalty=101.0), reuse=True) is not first


def test_a_stopped_solve_is_not_reused():
    from planner.scheduling import StopSignal

    stop = StopSignal()
    stop.set()
    stopped = solve_schedule(_monday_request(), stop=stop, reuse=True)
    assert stopped.solver.reasons[-1].key == "stopped"
    again = solve_schedule(_monday_request(), reuse=True)
    assert again is not stopped and "stopped" not in [r.key for r in again.solver.reasons]


@pytest.mark.parametrize("change", [
    "channels", "required_staff", "understaffing_penalty", "cost_per_interval", "workforce", "deferred", "skills",
    "cost_per_agent", "deferred_due", "deferred_share",
])
def test_the_request_key_tells_apart_requests_that_differ_in_any_field(change):
    from dataclasses import replace

    from planner.scheduling import request_key

    base = _monday_request(deferred=(DeferredWork("phone", np.full(T, 0.1), 4),))
    work = base.deferred[0]
    changed = {
        "channels": replace(base, channels=("chat",), deferred=(replace(work, channel="chat"),)),
        "required_staff": replace(base, required_staff=base.required_staff + np.eye(1, T, 5)),
        "understaffing_penalty": replace(base, understaffing_penalty=base.understaffing_penalty * 1.01),
        "cost_per_interval": replace(base, cost_per_interval=base.cost_per_interval + np.eye(T)[0]),
        "workforce": replace(base, workforce=base.workforce.model_copy(update={"solver_time_limit_s": 6.0})),
        "deferred": replace(base, deferred=(replace(work, window=5),)),
        "skills": replace(base, skills={"phone": ("phone",)}),
        "cost_per_agent": replace(base, cost_per_agent=1.0),
        "deferred_due": replace(base, deferred=(replace(work, due=np.full(T, 3)),)),
        "deferred_share": replace(base, deferred=(replace(work, in_time_share=0.8),)),
    }[change]
    assert request_key(changed) != request_key(base)
    assert request_key(replace(base)) == request_key(base)


def test_a_team_member_s_week_is_topped_up_past_the_plan_only_when_its_shifts_fall_short():
    """A member's week is looked for among the plan's shifts first, and topped up with
    others only when those cannot reach the contract's minimum: three 8 h shifts for a
    full-time member (37.5 h at least) get two more; five for another need none."""
    from planner.scheduling import _lines, _Problem

    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    contracts = (Contract(name="full", weekly_h_min=37.5, weekly_h_max=40.0),)
    for planned_days, member in ((3, "Short"), (5, "Whole")):
        wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, contracts=contracts,
                       team=(Agent(id=member, contract="full"),), solver_time_limit_s=5)
        P = _Problem(request(req, workforce=wf))
        by_start = {(t.start_min, t.length * P.slot_min): t.index for t in P.types}
        plan = [by_start[(d * 1440 + 480, 480)] for d in range(planned_days)]
        [(spec, line)] = _lines(P, {k: 1 for k in plan}, time.monotonic() + 5)
        assert spec.name == member and set(plan) <= set(line)
        assert len(line) == 5 and sum(P.types[k].paid_min for k in line) == 40 * 60


def test_a_team_larger_than_its_work_is_planned_with_every_member_s_minimum_hours():
    """Two full-time members (37.5 h at least) for one agent's work, Monday to Friday 8-16:
    the plan took one member's 40 h (800) as its optimum, and the roster of both, 1 600,
    showed a gap of 50 % that was the team's contracts, not the search. The plan now pays
    every member's minimum, and the roster is proven optimal."""
    req = np.zeros(T)
    for d in range(5):
        req[slots(d, 8, 16)] = 1
    team = (Agent(id="Aino", contract="full_time"), Agent(id="Eero", contract="full_time"))
    wf = Workforce(shift_lengths_h=(8.0,), meal_break_min=0, team=team, solver_time_limit_s=10)
    r = request(req, workforce=wf)
    s = solve_schedule(r)
    assert check_schedule(r, s) == []
    assert s.solver.status == "OPTIMAL" and s.solver.objective == pytest.approx(2 * 40 * 20.0)
    assert s.solver.bound == pytest.approx(s.solver.objective)
