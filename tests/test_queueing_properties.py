"""Property tests of planner.queueing (hypothesis).

Monotone in agents, probabilities in [0, 1], Erlang A -> Erlang C as the
patience grows, and agents_needed least and sufficient.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import queueing as q

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

rates = st.floats(0.0, 3000.0)
ahts = st.floats(10.0, 1800.0)
targets = st.floats(0.0, 300.0)
patiences = st.floats(1.0, 3600.0)
agents = st.integers(0, 120)
chat_levels = st.lists(st.floats(60.0, 1500.0), min_size=1, max_size=4).map(sorted)
EPS = 1e-12
PROBABILITIES = ("p_wait", "service_level", "occupancy", "p_abandon", "service_level_answered", "service_level_virtual")


def _probabilities_ok(m: q.QueueMetrics) -> None:
    for field in PROBABILITIES:
        v = np.asarray(getattr(m, field))
        assert not np.isnan(v).any(), field
        assert ((v >= 0) & (v <= 1)).all(), (field, v)
    for field in ("asa_s", "mean_wait_all_s"):
        v = np.asarray(getattr(m, field))
        assert not np.isnan(v).any() and (v >= 0).all(), field


def _better_or_equal(worse: q.QueueMetrics, better: q.QueueMetrics) -> None:
    """One more agent never lowers the service level nor raises abandonment."""
    assert np.all(np.asarray(better.service_level) >= np.asarray(worse.service_level) - EPS)
    assert np.all(1 - np.asarray(better.p_abandon) >= 1 - np.asarray(worse.p_abandon) - EPS)
    assert np.all(np.asarray(better.p_wait) <= np.asarray(worse.p_wait) + EPS)


@SETTINGS
@given(rates, ahts, agents, targets)
def test_erlang_c_monotone_and_bounded(rate, aht, n, target):
    worse = q.erlang_c_metrics(rate, aht, n, target)
    better = q.erlang_c_metrics(rate, aht, n + 1, target)
    _probabilities_ok(worse)
    _better_or_equal(worse, better)
    assert better.asa_s <= worse.asa_s * (1 + 1e-12) or worse.asa_s == math.inf


@SETTINGS
@given(rates, ahts, agents, targets, patiences)
def test_erlang_a_monotone_and_bounded(rate, aht, n, target, patience):
    worse = q.erlang_a_metrics(rate, aht, n, target, patience)
    better = q.erlang_a_metrics(rate, aht, n + 1, target, patience)
    _probabilities_ok(worse)
    _better_or_equal(worse, better)
    # the answered share never exceeds what the agents can serve
    a = rate * aht / 3600
    if a > 0:
        assert 1 - worse.p_abandon <= n / a + 1e-9
    assert worse.service_level <= 1 - worse.p_abandon + EPS
    assert worse.service_level_answered >= worse.service_level - EPS


@FAST
@given(st.floats(0.0, 600.0), chat_levels, st.integers(0, 40), targets, st.one_of(st.none(), patiences))
def test_chat_monotone_and_bounded(rate, levels, n, target, patience):
    worse = q.chat_metrics(rate, levels, n, target, patience_s=patience)
    better = q.chat_metrics(rate, levels, n + 1, target, patience_s=patience)
    _probabilities_ok(worse)
    _better_or_equal(worse, better)


@SETTINGS
@given(st.floats(1.0, 2000.0), st.floats(10.0, 1800.0), st.integers(1, 300), targets)
def test_erlang_a_tends_to_erlang_c(rate, aht, n, target):
    a = rate * aht / 3600
    if a >= 0.95 * n:
        a, rate = 0.95 * n, 0.95 * n * 3600 / aht
    c = q.erlang_c_metrics(rate, aht, n, target)
    # the gap is of order E[queue^2] / (n patience / aht) <= 1 / ((1 - rho)^2 x): below 1e-7 here
    long = q.erlang_a_metrics(rate, aht, n, target, 1e10 * aht)
    assert math.isclose(long.p_wait, c.p_wait, rel_tol=1e-6, abs_tol=1e-12)
    assert math.isclose(long.service_level, c.service_level, rel_tol=1e-6, abs_tol=1e-12)
    assert math.isclose(long.asa_s, c.asa_s, rel_tol=1e-5, abs_tol=1e-9)
    assert long.p_abandon < 1e-6
    inf = q.erlang_a_metrics(rate, aht, n, target, math.inf)
    assert inf == c


@SETTINGS
@given(st.floats(0.0, 3000.0), st.integers(0, 600))
def test_erlang_b_matches_the_recursion(a, n):
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    assert math.isclose(q.erlang_b(a, n), b, rel_tol=1e-9, abs_tol=1e-300)


def _meets(m: q.QueueMetrics, target_sl, max_abandon, max_occupancy) -> bool:
    """Every target met, to within the documented rounding margin."""
    tol = q.TARGET_TOLERANCE
    ok = m.service_level >= target_sl - tol
    if max_abandon is not None:
        ok &= m.p_abandon <= max_abandon + tol
    if max_occupancy is not None:
        ok &= m.occupancy <= max_occupancy + tol
    return bool(ok)


@SETTINGS
@given(
    st.floats(1.0, 3000.0),
    ahts,
    st.floats(0.0, 0.99),
    targets,
    st.one_of(st.none(), patiences),
    st.one_of(st.none(), st.floats(0.005, 0.5)),
    st.one_of(st.none(), st.floats(0.5, 1.0)),
)
def test_agents_needed_is_least_and_sufficient(rate, aht, target_sl, target, patience, max_abandon, max_occupancy):
    n = q.agents_needed(
        rate, aht, target_sl, target, patience_s=patience, max_abandon=max_abandon, max_occupancy=max_occupancy
    )

    def metrics(k: int) -> q.QueueMetrics:
        if patience is None:
            return q.erlang_c_metrics(rate, aht, k, target)
        return q.erlang_a_metrics(rate, aht, k, target, patience)

    assert n >= 1
    stable = patience is not None or n > rate * aht / 3600
    assert stable and _meets(metrics(n), target_sl, max_abandon, max_occupancy)
    if n > 1:
        fewer_stable = patience is not None or n - 1 > rate * aht / 3600
        assert not (fewer_stable and _meets(metrics(n - 1), target_sl, max_abandon, max_occupancy))


@FAST
@given(
    st.floats(1.0, 600.0),
    chat_levels,
    st.floats(0.0, 0.99),
    targets,
    st.one_of(st.none(), patiences),
    st.one_of(st.none(), st.floats(0.005, 0.5)),
)
def test_chat_agents_needed_is_least_and_sufficient(rate, levels, target_sl, target, patience, max_abandon):
    m = len(levels)
    n = q.agents_needed(rate, levels, target_sl, target, patience_s=patience, max_abandon=max_abandon, concurrency=m)

    def stable(k: int) -> bool:
        return patience is not None or rate / 3600 < k * m / levels[-1]

    assert n >= 1 and stable(n)
    assert _meets(q.chat_metrics(rate, levels, n, target, patience_s=patience), target_sl, max_abandon, None)
    if n > 1:
        fewer = q.chat_metrics(rate, levels, n - 1, target, patience_s=patience)
        assert not (stable(n - 1) and _meets(fewer, target_sl, max_abandon, None))


@FAST
@given(st.lists(st.floats(0.0, 2000.0), min_size=1, max_size=40), ahts, st.floats(0.0, 0.99), targets, patiences)
def test_vectorised_sizing_equals_one_by_one(rate_list, aht, target_sl, target, patience):
    rate = np.array(rate_list)
    for kwargs in ({}, {"patience_s": patience}, {"patience_s": patience, "max_abandon": 0.05}):
        together = q.agents_needed(rate, aht, target_sl, target, **kwargs)
        alone = [q.agents_needed(float(r), aht, target_sl, target, **kwargs) for r in rate]
        assert together.tolist() == alone


@FAST
@given(st.lists(st.one_of(st.just(0.0), st.floats(0.01, 80.0)), min_size=4, max_size=96), st.floats(30.0, 1200.0),
       st.sampled_from([15, 30, 60]), st.floats(1.0, 600.0), st.one_of(st.none(), st.integers(1, 2**96 - 1)))  # fmt: skip
def test_deferred_capacity_is_least_and_sufficient(counts, aht, interval, deadline, open_bits):
    counts = np.array(counts)
    open_ = None if open_bits is None else np.array([(open_bits >> i) & 1 for i in range(counts.size)], bool)
    if open_ is not None and not open_.any():
        open_[0] = True
    avail = np.ones(counts.size) if open_ is None else open_.astype(float)
    r = q.deferred_capacity_needed(counts, aht, deadline, interval, buffer_z=0.0, open_intervals=open_)
    if counts.sum() == 0:
        assert r.capacity == 0
        return
    meetable = r.late_work == 0
    enough = q.deferred_service(counts, aht, avail * r.capacity * (1 + 1e-9), deadline, interval)
    assert enough.on_time_share[meetable].min() > 1 - 1e-9
    if meetable.all():
        # less is late somewhere, or below the week's mean load (the backlog grows week by week);
        # with closed windows the least capacity may be set by work that is late anyway
        short = q.deferred_service(counts, aht, avail * r.capacity * (1 - 1e-3), deadline, interval)
        assert short.on_time_share.min() < 1 - 1e-9 or not short.stable
    spread = q.deferred_service(counts, aht, r.spread * (1 + 1e-9), deadline, interval)
    assert spread.on_time_share[meetable].min() > 1 - 1e-9
    assert math.isclose(r.spread.sum(), r.work.sum(), rel_tol=1e-9)
    assert (r.spread[avail == 0] == 0).all()
