"""Benchmark of planner.queueing: sizing a week of 15-minute intervals.

Prints figures only (no pass/fail): the median time over several runs to size
a week (672 intervals, an evening-heavy curve of 0 to 300 contacts per
interval) for

* phone, Erlang C: AHT 300 s, 80 % answered within 20 s;
* phone, Erlang A: as above with mean patience 120 s;
* chat: handle times [600, 750, 900] s at 1 / 2 / 3 chats, concurrency 3,
  80 % within 60 s, patience 180 s;
* callback: deadline 120 min;

vectorised, and the same with a reference loop of scalar calls per interval.
Targets on a 2-core machine: Erlang C week < 2 ms, Erlang A week < 20 ms,
all three channels < 50 ms.

Run: ``python bench/queueing.py`` (add ``--quick`` for fewer repetitions).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner import queueing as q

INTERVAL_MIN = 15
T = 7 * 24 * 60 // INTERVAL_MIN


def week_curve(peak: float = 300.0) -> np.ndarray:
    """Contacts per 15-minute interval: quiet nights, a midday bump, an evening peak.

    Weekdays peak around 20:00, weekends are a little lower in the day and
    busier in the evening; 0 contacts from 01:00 to 06:00.
    """
    hours = (np.arange(T) * INTERVAL_MIN / 60.0) % 24.0
    day = np.arange(T) * INTERVAL_MIN // (24 * 60)
    midday = np.exp(-0.5 * ((hours - 11.5) / 1.8) ** 2)
    evening = np.exp(-0.5 * ((hours - 20.0) / 1.6) ** 2)
    weekend = day >= 5
    shape = np.where(weekend, 0.35 * midday + 1.0 * evening, 0.55 * midday + 0.9 * evening)
    shape = np.where((hours >= 1.0) & (hours < 6.0), 0.0, shape + 0.02)
    return np.round(peak * shape / shape.max(), 1)


def median_time(fn, repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = 5 if quick else 21
    loop_repeat = 1 if quick else 3
    contacts = week_curve()
    rate = contacts * 60.0 / INTERVAL_MIN  # [1/h]
    chat_levels = [600.0, 750.0, 900.0]

    def phone_c() -> np.ndarray:
        return q.agents_needed(rate, 300, 0.8, 20)

    def phone_a() -> np.ndarray:
        return q.agents_needed(rate, 300, 0.8, 20, patience_s=120)

    def chat() -> np.ndarray:
        return q.agents_needed(rate, chat_levels, 0.8, 60, patience_s=180, concurrency=3)

    def callback() -> q.DeferredCapacity:
        return q.deferred_capacity_needed(contacts, 300, 120, INTERVAL_MIN)

    def all_three() -> None:
        phone_a()
        chat()
        callback()

    def loop_c() -> list[int]:
        return [q.agents_needed(float(r), 300, 0.8, 20) for r in rate]

    def loop_a() -> list[int]:
        return [q.agents_needed(float(r), 300, 0.8, 20, patience_s=120) for r in rate]

    def loop_chat() -> list[int]:
        return [q.agents_needed(float(r), chat_levels, 0.8, 60, patience_s=180, concurrency=3) for r in rate]

    sized_a, sized_chat = phone_a(), chat()

    def metrics_a() -> q.QueueMetrics:
        return q.erlang_a_metrics(rate, 300, sized_a, 20, 120)

    def metrics_chat() -> q.QueueMetrics:
        return q.chat_metrics(rate, chat_levels, sized_chat, 60, patience_s=180)

    same = [np.array_equal(phone_c(), loop_c()), np.array_equal(phone_a(), loop_a()),
            np.array_equal(chat(), loop_chat())]  # fmt: skip

    print(f"week: {T} intervals of {INTERVAL_MIN} min, {contacts.sum():.0f} contacts, "
          f"peak {contacts.max():.0f} per interval, {int((contacts > 0).sum())} intervals with contacts")
    print(f"peak agents: phone C {phone_c().max()}, phone A {phone_a().max()}, chat {chat().max()}, "
          f"callback steady capacity {callback().capacity:.1f}")
    print(f"vectorised answers equal the scalar loop's (C, A, chat): {same}")
    week = q.weekly_metrics(contacts, metrics_a(), agents=sized_a)
    print(f"phone A week as sized: service level {week.service_level:.4f}, abandoned {week.p_abandon:.4f}, "
          f"ASA {week.asa_s:.1f} s, occupancy {week.occupancy:.3f}")
    print(f"median of {repeat} runs (vectorised) / {loop_repeat} (scalar loop):")
    rows = [
        ("Erlang C week (phone, 80/20)", phone_c, loop_c, "< 2 ms"),
        ("Erlang A week (phone, patience 120 s)", phone_a, loop_a, "< 20 ms"),
        ("chat week (3 levels, patience 180 s)", chat, loop_chat, ""),
        ("callback week (deadline 120 min)", callback, None, ""),
        ("all three channels (A + chat + callback)", all_three, None, "< 50 ms"),
        ("Erlang A metrics, sized week (all fields)", metrics_a, None, ""),
        ("chat metrics, sized week (all fields)", metrics_chat, None, ""),
    ]
    for label, fn, loop, target in rows:
        vec = median_time(fn, repeat) * 1e3
        line = f"  {label:<42} {vec:8.2f} ms"
        if loop is not None:
            ref = median_time(loop, loop_repeat) * 1e3
            line += f"   scalar loop {ref:9.1f} ms  (x{ref / vec:5.1f})"
        if target:
            line += f"   target {target}"
        print(line)


if __name__ == "__main__":
    main()
