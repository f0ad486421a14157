"""Benchmark the scheduler: status, cost, bound, gap and seconds on realistic requests.

Run: ``python bench/scheduling.py [--quick]``.

Cases
-----
- web shop: chat + phone + callback, open 8-22 on weekdays and 10-18 at weekends, 30-min grid
- office: phone only, Mon-Fri 8-16, 30-min grid
- 24/7 chat: 30-min grid
- large: the web shop scaled to about 60 agents, 15-min grid, 3 channels
- for each, the pattern baseline: fixed 8-hour shifts at hourly starts, same requirement
- the example scenarios through the pipeline (planner.plan.build_plan), if they load, and
  each one's all-in-house roster alone at a 5 s limit (the acceptance target's limit);
  the web shop's roster of a named team (8 full-time, 12 part-time) at its own limit

Requirements are generated with a fixed shape (no randomness): Erlang-like
required staff grossed up for 30 % shrinkage, fractional as the pipeline gives them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.scenario import Agent, Contract, Workforce
from planner.scheduling import DeferredWork, ScheduleRequest, solve_schedule

WAGE_PER_H = 16.25 * 1.6  # wage with side costs and holiday pay [money/h]


def hour_curve(open_h: float, close_h: float, peaks: tuple[float, ...], interval_min: int) -> np.ndarray:
    """Relative load over one day on the grid: zero outside open hours, bumps at the peaks."""
    n = 1440 // interval_min
    hours = (np.arange(n) + 0.5) * interval_min / 60
    shape = 0.35 + sum(np.exp(-0.5 * ((hours - p) / 1.5) ** 2) for p in peaks)
    shape[(hours < open_h) | (hours >= close_h)] = 0.0
    return shape


def cost_per_interval(interval_min: int) -> np.ndarray:
    """Paid cost of one agent per interval: night 22-07 +30 %, Sunday +100 % on the wage share."""
    n = 1440 // interval_min
    hours = (np.arange(7 * n) % n + 0.5) * interval_min / 60
    day = np.arange(7 * n) // n
    factor = 1.0 + 0.30 * ((hours >= 22) | (hours < 7)) + 1.0 * (day == 6) * 0.625
    return WAGE_PER_H * interval_min / 60 * factor


def week(days: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(days)


def web_shop(interval_min: int = 30, scale: float = 1.0) -> ScheduleRequest:
    weekday = hour_curve(8, 22, (11, 20), interval_min)
    weekend = hour_curve(10, 18, (13, 16), interval_min)
    day_factor = [1.2, 1.0, 1.0, 1.0, 0.95, 0.8, 0.9]
    base = week([(weekday if d < 5 else weekend) * f for d, f in enumerate(day_factor)])
    phone = np.where(base > 0, np.maximum(1.0, np.round(2.6 * scale * base, 0) / 0.7), 0.0)
    chat = np.where(base > 0, np.maximum(1.0, np.round(1.8 * scale * base, 0) / 0.7), 0.0)
    callback_min = np.zeros_like(base)
    work = 0.6 * scale * base / 0.7  # agent-intervals of callback work arriving
    T = len(base)
    required = np.stack([phone, chat, callback_min])
    penalty = np.full((3, T), 60.0 * interval_min / 30)
    wf = Workforce(
        shift_lengths_h=(4.0, 6.0, 8.0),
        start_step_min=30,
        contracts=(
            Contract(name="full_time", weekly_h_min=37.5, weekly_h_max=40.0),
            Contract(name="part_time", weekly_h_min=8.0, weekly_h_max=30.0),
        ),
        solver_time_limit_s=10.0 if scale <= 2 else 30.0,
    )
    return ScheduleRequest(
        interval_min=interval_min,
        channels=("phone", "chat", "callback"),
        required_staff=required,
        understaffing_penalty=penalty,
        cost_per_interval=cost_per_interval(interval_min),
        workforce=wf,
        deferred=(DeferredWork("callback", work, window=240 // interval_min),),
    )


def office(interval_min: int = 30) -> ScheduleRequest:
    day = hour_curve(8, 16, (10, 14), interval_min)
    base = week([day] * 5 + [day * 0] * 2)
    phone = np.where(base > 0, np.maximum(1.0, np.round(3.0 * base) / 0.7), 0.0)
    T = len(base)
    wf = Workforce(shift_lengths_h=(4.0, 6.0, 8.0), solver_time_limit_s=10.0)
    return ScheduleRequest(
        interval_min, ("phone",), phone[None, :], np.full((1, T), 50.0), cost_per_interval(interval_min), wf
    )


def chat_24_7(interval_min: int = 30) -> ScheduleRequest:
    day = hour_curve(0, 24, (11, 20), interval_min)
    base = week([day * f for f in (1.1, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0)])
    chat = np.maximum(1.0, np.round(3.0 * base) / 0.7)
    T = len(base)
    wf = Workforce(shift_lengths_h=(6.0, 8.0), solver_time_limit_s=10.0)
    return ScheduleRequest(
        interval_min, ("chat",), chat[None, :], np.full((1, T), 50.0), cost_per_interval(interval_min), wf
    )


def large() -> ScheduleRequest:
    return web_shop(interval_min=15, scale=2.6)


def baseline(request: ScheduleRequest) -> ScheduleRequest:
    """The pattern model: fixed 8-hour shifts at hourly starts, the same requirement."""
    wf = request.workforce.model_copy(update={"shift_lengths_h": (8.0,), "start_step_min": 60})
    return ScheduleRequest(**{**request.__dict__, "workforce": wf})


def line(name: str, request: ScheduleRequest) -> None:
    t = time.monotonic()
    schedule = solve_schedule(request)
    wall = time.monotonic() - t
    r = schedule.solver
    gap = "-" if r.gap is None else f"{100 * r.gap:.2f} %"
    print(
        f"{name:28s} {r.status:9s} cost {r.objective:10.2f}  bound {r.bound:10.2f}  gap {gap:>8s}  "
        f"{wall:5.1f} s  agents {schedule.headcount:3d}  shifts {len(schedule.shifts):4d}  "
        f"short {schedule.understaffed.sum() * request.interval_min / 60:6.1f} h"
    )


def scenarios() -> None:
    try:
        from planner.options import schedule_request
        from planner.plan import build_plan
        from planner.scenario import load_scenario
    except ImportError as exc:  # the pipeline is someone else's work in progress
        print(f"pipeline not available: {exc}")
        return
    for path in sorted((ROOT / "scenarios").glob("*.json")):
        t = time.monotonic()
        try:
            plan = build_plan(load_scenario(path))
        except Exception as exc:  # noqa: BLE001 (a bench reports a failing pipeline and goes on)
            print(f"scenario {path.stem:19s} pipeline failed: {type(exc).__name__}: {exc}")
            continue
        r = plan.schedule.solver
        gap = "-" if r.gap is None else f"{100 * r.gap:.2f} %"
        print(
            f"scenario {path.stem:19s} {r.status:9s} cost {r.objective:10.2f}  bound {r.bound:10.2f}  gap {gap:>8s}  "
            f"{r.seconds:5.1f} s (solve)  {time.monotonic() - t:5.1f} s (plan)  agents {plan.schedule.headcount:3d}"
        )
        # the acceptance target is for 5 s: the all-in-house roster of the same scenario at that limit
        request = schedule_request(plan.context, np.ones(plan.context.open.shape, bool))
        wf = request.workforce.model_copy(update={"solver_time_limit_s": 5.0})
        line("  its roster at a 5 s limit", ScheduleRequest(**{**request.__dict__, "workforce": wf}))
        if path.stem == "web_shop":  # a named team's roster at the scenario's own limit
            team = tuple(Agent(id=f"Agent {n}", contract="full_time" if n <= 8 else "part_time") for n in range(1, 21))
            wf = request.workforce.model_copy(update={"team": team})
            line("  a team of 8 + 12 part-time", ScheduleRequest(**{**request.__dict__, "workforce": wf}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the large case")
    args = parser.parse_args()
    cases = [("web shop 30 min", web_shop()), ("office phone 30 min", office()), ("chat 24/7 30 min", chat_24_7())]
    if not args.quick:
        cases.append(("large 15 min ~60 agents", large()))
    for name, request in cases:
        line(name, request)
        line("  baseline 8 h hourly", baseline(request))
    scenarios()


if __name__ == "__main__":
    main()
