"""Reference values, edge cases and validation of planner.queueing.

Reference values come from ../shared/reference/erlang_cases.json (50-digit
evaluations; every figure of every case), published worked examples
(queueing_models.md section 7) and the chat table of section 3. Values for
10,000 agents were computed here with mpmath at 40 digits (the Erlang B
recursion and the Erlang A series in exact arithmetic).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.linalg import expm

from planner import queueing as q

CASES_PATH = Path(__file__).resolve().parents[2] / "shared" / "reference" / "erlang_cases.json"
CASES = json.loads(CASES_PATH.read_text(encoding="utf-8"))["cases"]
C_CASES = [c for c in CASES if c["model"] == "erlang_c"]
A_CASES = [c for c in CASES if c["model"] == "erlang_a"]


def _rate_per_h(case: dict) -> float:
    inputs = case["inputs"]
    return inputs["arrivals_per_interval"] * 3600.0 / inputs["interval_seconds"]


def _expected(case: dict, key: str) -> float:
    """The 40-digit figure; a null (infinite) figure as inf."""
    value = case["expected_40digits"].get(key, case["expected"][key])
    return math.inf if value is None else float(value)


def test_reference_file_has_both_models():
    assert len(C_CASES) >= 20 and len(A_CASES) >= 10


# --------------------------------------------------------------------------
# erlang_cases.json: every case, every figure
# --------------------------------------------------------------------------

C_FIGURES = {"p_wait": "p_wait", "service_level": "service_level", "asa_seconds": "asa_s", "occupancy": "occupancy"}
A_FIGURES = {
    "p_wait": "p_wait",
    "p_abandon": "p_abandon",
    "sl_offered": "service_level",
    "sl_answered": "service_level_answered",
    "sl_virtual": "service_level_virtual",
    "asa_all_seconds": "mean_wait_all_s",
    "asa_answered_seconds": "asa_s",
    "occupancy": "occupancy",
}


@pytest.mark.parametrize("case", C_CASES, ids=[c["id"] for c in C_CASES])
def test_erlang_c_reference_case(case):
    i = case["inputs"]
    m = q.erlang_c_metrics(_rate_per_h(case), i["aht_seconds"], i["agents"], i["target_answer_seconds"])
    assert set(C_FIGURES) <= set(case["expected"])
    for key, field in C_FIGURES.items():
        assert_allclose(getattr(m, field), _expected(case, key), rtol=1e-9, err_msg=f"{case['id']} {key}")
    assert m.p_abandon == 0.0
    assert_allclose(q.erlang_b(case["derived"]["traffic_erlangs"], i["agents"]), case["derived"]["erlang_b"], rtol=1e-9)
    assert_allclose(q.erlang_c(case["derived"]["traffic_erlangs"], i["agents"]), _expected(case, "p_wait"), rtol=1e-9)


@pytest.mark.parametrize("case", A_CASES, ids=[c["id"] for c in A_CASES])
def test_erlang_a_reference_case(case):
    i = case["inputs"]
    m = q.erlang_a_metrics(
        _rate_per_h(case), i["aht_seconds"], i["agents"], i["target_answer_seconds"], i["patience_seconds"]
    )
    assert set(A_FIGURES) == set(case["expected"])
    for key, field in A_FIGURES.items():
        assert_allclose(getattr(m, field), _expected(case, key), rtol=1e-7, err_msg=f"{case['id']} {key}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_sizing(case):
    i = case["inputs"]
    sizing = case["sizing"]
    assert sizing.get("definition", "sl_offered") in ("sl_offered", None) or case["model"] == "erlang_c"
    patience = i.get("patience_seconds") if case["model"] == "erlang_a" else None
    n = q.agents_needed(
        _rate_per_h(case), i["aht_seconds"], sizing["target_service_level"], i["target_answer_seconds"],
        patience_s=patience,
    )  # fmt: skip
    assert n == sizing["min_agents"]


def test_reference_cases_vectorised_in_one_call():
    """All Erlang A cases at once give the same figures as one by one."""
    ins = [c["inputs"] for c in A_CASES]
    m = q.erlang_a_metrics(
        np.array([_rate_per_h(c) for c in A_CASES]),
        np.array([i["aht_seconds"] for i in ins]),
        np.array([i["agents"] for i in ins]),
        np.array([i["target_answer_seconds"] for i in ins]),
        np.array([i["patience_seconds"] for i in ins]),
    )
    for key, field in A_FIGURES.items():
        assert_allclose(getattr(m, field), [_expected(c, key) for c in A_CASES], rtol=1e-7)
    sizes = q.agents_needed(
        np.array([_rate_per_h(c) for c in A_CASES]), np.array([i["aht_seconds"] for i in ins]), 0.8,
        np.array([i["target_answer_seconds"] for i in ins]), patience_s=np.array([i["patience_seconds"] for i in ins]),
    )  # fmt: skip
    assert sizes.tolist() == [c["sizing"]["min_agents"] for c in A_CASES]


# --------------------------------------------------------------------------
# Published and snapshot values (queueing_models.md section 7)
# --------------------------------------------------------------------------


def test_call_centre_helper_worked_example():
    """100 calls per 30 min, AHT 180 s, 20 s target (CRAN ErlangC README)."""
    m = q.erlang_c_metrics(200, 180, 14, 20)
    assert_allclose(m.p_wait, 0.1741319, atol=5e-8)
    assert_allclose(m.service_level, 0.88835, atol=5e-6)
    assert_allclose(m.asa_s, 7.835937, atol=5e-7)
    assert_allclose(m.occupancy, 0.7142857, atol=5e-8)
    m11 = q.erlang_c_metrics(200, 180, 11, 20)
    assert_allclose([m11.p_wait, m11.service_level], [0.6821182, 0.3896138], atol=5e-8)
    m_more = q.erlang_c_metrics(200, 180, [12, 13, 15], 20)
    assert_allclose(m_more.p_wait, [0.4493882, 0.2852705, 0.1020424], atol=5e-8)
    assert_allclose(m_more.service_level, [0.640158, 0.7955948, 0.9414528], atol=5e-7)
    assert q.agents_needed(200, 180, 0.8, 20) == 14


def test_pyworkforce_erlang_c_occupancy_ceilings():
    """pyworkforce: raw 14 at occupancy <= 0.85, raw 15 at occupancy <= 0.7."""
    assert q.agents_needed(200, 180, 0.8, 20, max_occupancy=0.85) == 14
    assert q.agents_needed(200, 180, 0.8, 20, max_occupancy=0.7) == 15
    m = q.erlang_c_metrics(200, 180, 15, 20)
    assert_allclose([m.service_level, m.occupancy, m.p_wait], [0.941, 0.667, 0.102], atol=5e-4)


def test_mitan_and_westbay_examples():
    m = q.erlang_c_metrics(720, 240, 55, 15)  # 360 calls per half hour, 4 min AHT
    assert_allclose([m.p_wait, m.service_level, m.occupancy], [0.238701, 0.845883, 0.8727], atol=5e-5)
    assert_allclose(m.asa_s, 8.184, atol=5e-4)
    # Westbay: 57 calls in an hour, 1110 s, 21 agents, 180 s -> 80.7 %; 20 s target -> 23 agents
    assert_allclose(q.erlang_c_metrics(57, 1110, 21, 180).service_level, 0.807, atol=5e-4)
    assert q.agents_needed(57, 1110, 0.8, 20) == 23


def test_pyworkforce_erlang_a_snapshot():
    """lambda = 100/30 per min, AHT 3 min, patience 5 min, 14 agents, 20 s."""
    m = q.erlang_a_metrics(200, 180, 14, 20, 300)
    assert_allclose(m.p_wait, 0.14526, atol=5e-6)
    assert_allclose(m.p_abandon, 0.013984, atol=5e-7)
    assert_allclose(m.occupancy, 0.704297, atol=5e-7)
    assert_allclose(m.mean_wait_all_s / 60, 0.069919, atol=5e-7)
    assert_allclose(m.service_level, 0.916792, atol=5e-7)
    assert_allclose(m.p_abandon / m.p_wait, 0.096267, atol=5e-7)  # P(Ab | W > 0)
    assert_allclose(1 - m.service_level_virtual, 0.081286, atol=5e-7)  # P(V > t)
    assert_allclose(m.asa_s / 60, 0.064641, atol=5e-7)  # E[W | served]
    assert_allclose(m.service_level_answered, 0.929794, atol=5e-7)
    assert_allclose(m.service_level_virtual, 0.918714, atol=5e-7)
    # P(W <= t) = 1 - P(V > t) exp(-t / patience)
    assert_allclose(1 - (1 - m.service_level_virtual) * math.exp(-20 / 300), 0.923956, atol=5e-7)


# --------------------------------------------------------------------------
# Chat with concurrency
# --------------------------------------------------------------------------

CHAT_LEVELS = [360.0, 450.0, 540.0]  # 6, 7.5, 9 minutes


def test_chat_table_of_queueing_models():
    """Section 3: lambda = 2/min, h = (6, 7.5, 9) min, patience 3 min, AWT 60 s."""
    m = q.chat_metrics(120, CHAT_LEVELS, [6, 7, 8], 60, patience_s=180)
    assert_allclose(m.p_abandon, [0.1016, 0.0357, 0.0085], atol=5e-5)
    assert_allclose(m.service_level, [0.8072, 0.9331, 0.9847], atol=5e-5)
    assert q.agents_needed(120, CHAT_LEVELS, 0.8, 60, patience_s=180, concurrency=3) == 6
    assert q.agents_needed(120, CHAT_LEVELS, 0.9, 60, patience_s=180, concurrency=3) == 7
    assert q.agents_needed(120, CHAT_LEVELS, 0.8, 60, patience_s=180, max_abandon=0.01, concurrency=3) == 8


def _chat_ctmc(lam: float, levels: list[float], n: int, t: float, patience: float, extra: int = 400) -> dict:
    """Independent check: the chat chain built as a generator matrix and solved
    by linear algebra; waits from the tagged chat's position chain (expm)."""
    m = len(levels)
    per_agent = [0.0] + [k / levels[k - 1] for k in range(1, m + 1)]
    theta = 1.0 / patience
    top = n * m + extra

    def death(j: int) -> float:
        if j <= n * m:
            loads = [j // n + (1 if i < j % n else 0) for i in range(n)]  # spread evenly
            return sum(per_agent[k] for k in loads)
        return n * m / levels[-1] + (j - n * m) * theta

    gen = np.zeros((top + 1, top + 1))
    for j in range(top + 1):
        if j < top:
            gen[j, j + 1] = lam
        if j > 0:
            gen[j, j - 1] = death(j)
        gen[j, j] = -gen[j].sum()
    a = np.vstack([gen.T, np.ones(top + 1)])
    pi = np.linalg.lstsq(a, np.r_[np.zeros(top + 1), 1.0], rcond=None)[0]
    big_r = n * m / levels[-1]
    # tagged chat with i chats ahead: advances at rate R + i theta, abandons at theta
    size = extra
    tag = np.zeros((size + 2, size + 2))
    served, gone = size, size + 1
    for i in range(size):
        tag[i, served if i == 0 else i - 1] = big_r + i * theta
        tag[i, gone] = theta
        tag[i, i] = -(big_r + (i + 1) * theta)
    p_t = expm(tag * t)
    p_ab = late = wait_served = 0.0
    for k in range(size):
        pk = pi[n * m + k]
        p_served = np.prod([(big_r + i * theta) / (big_r + (i + 1) * theta) for i in range(k + 1)])
        p_ab += pk * (1 - p_served)
        late += pk * (p_served - p_t[k, served])
        wait_served += pk * p_served * sum(1 / (big_r + (i + 1) * theta) for i in range(k + 1))
    return {
        "p_wait": pi[n * m :].sum(),
        "p_abandon": p_ab,
        "service_level": 1 - p_ab - late,
        "asa_s": wait_served / (1 - p_ab),
        "occupancy": sum(pi[j] * min(j, n * m) for j in range(top + 1)) / (n * m),
    }


@pytest.mark.parametrize(
    "lam, levels, n, t, patience",
    [
        (2 / 60, CHAT_LEVELS, 7, 60, 180),
        (0.05, [300.0, 400.0], 5, 30, 100),  # overloaded
        (0.03, [600.0, 700.0, 800.0, 900.0], 3, 60, 300),
        (0.01, [300.0, 400.0, 500.0], 1, 30, 200),
    ],
)
def test_chat_matches_generator_matrix(lam, levels, n, t, patience):
    expected = _chat_ctmc(lam, levels, n, t, patience)
    m = q.chat_metrics(lam * 3600, levels, n, t, patience_s=patience)
    for key, value in expected.items():
        assert_allclose(getattr(m, key), value, rtol=1e-8, err_msg=key)


def test_chat_with_one_chat_per_agent_is_erlang_a_and_c():
    n = np.array([7, 8, 10, 12, 20])
    for field in ("p_wait", "service_level", "asa_s", "occupancy", "p_abandon", "service_level_answered",
                  "service_level_virtual", "mean_wait_all_s"):  # fmt: skip
        assert_allclose(getattr(q.chat_metrics(72, [300], n, 20, patience_s=120), field),
                        getattr(q.erlang_a_metrics(72, 300, n, 20, 120), field), rtol=1e-10, err_msg=field)  # fmt: skip
        assert_allclose(getattr(q.chat_metrics(72, [300], n, 20), field),
                        getattr(q.erlang_c_metrics(72, 300, n, 20), field), rtol=1e-10, err_msg=field)  # fmt: skip
    assert q.agents_needed(72, [300], 0.8, 20, patience_s=120, concurrency=1) == q.agents_needed(
        72, 300, 0.8, 20, patience_s=120
    )


def test_chat_is_between_the_naive_rules():
    """Equal handle times: n*m servers at h exactly; growing ones: better than
    'n*m servers at h_m', far better than 'divide h by m'."""
    flat = q.chat_metrics(120, [540, 540, 540], 7, 60)
    assert_allclose(flat.service_level, q.erlang_c_metrics(120, 540, 21, 60).service_level, rtol=1e-10)
    chat = q.chat_metrics(120, CHAT_LEVELS, 7, 60, patience_s=180)
    conservative = q.erlang_a_metrics(120, 540, 21, 60, 180)
    divided = q.erlang_a_metrics(120, 540 / 3, 7, 60, 180)
    assert_allclose(conservative.service_level, 0.9046, atol=5e-5)
    assert_allclose(divided.service_level, 0.8222, atol=5e-5)
    assert chat.service_level > conservative.service_level > divided.service_level


def test_chat_without_patience_unstable_and_stable():
    m = q.chat_metrics(120, CHAT_LEVELS, [6, 7], 60)  # R = n*3/540 s: 2/min needs n > 6
    assert m.p_wait[0] == 1.0 and m.service_level[0] == 0.0 and m.asa_s[0] == math.inf
    assert 0 < m.p_wait[1] < 1 and 0 < m.service_level[1] < 1 and math.isfinite(m.asa_s[1])
    assert q.agents_needed(120, CHAT_LEVELS, 0.0, 60, concurrency=3) == 7


def test_chat_when_more_chats_slow_an_agent_down():
    """h_2 > 2 h_1: an agent finishes fewer chats holding two than one. Agent
    counts evaluated together give the same figures as one by one."""
    together = q.chat_metrics(17.0, [60.0, 272.0], [1, 2, 5], 0.0)
    for i, n in enumerate([1, 2, 5]):
        alone = q.chat_metrics(17.0, [60.0, 272.0], n, 0.0)
        assert together.service_level[i] == pytest.approx(alone.service_level, rel=1e-12)
        assert math.isfinite(alone.service_level)
    assert q.agents_needed(17.0, [60.0, 272.0], 0.5, 0.0, concurrency=2) == 1


def test_chat_fractional_agents_interpolate():
    m = q.chat_metrics(120, CHAT_LEVELS, [6, 6.25, 7], 60, patience_s=180)
    assert_allclose(m.service_level[1], 0.75 * m.service_level[0] + 0.25 * m.service_level[2], rtol=1e-12)


def test_chat_levels_per_interval():
    levels = np.array([CHAT_LEVELS, [300.0, 400.0, 500.0]])
    m = q.chat_metrics([120, 120], levels, 7, 60, patience_s=180)
    assert_allclose(m.service_level[0], q.chat_metrics(120, CHAT_LEVELS, 7, 60, patience_s=180).service_level)
    assert m.service_level[1] > m.service_level[0]
    sizes = q.agents_needed([120, 120], levels, 0.8, 60, patience_s=180, concurrency=3)
    assert sizes.tolist() == [6, q.agents_needed(120, [300, 400, 500], 0.8, 60, patience_s=180, concurrency=3)]


# --------------------------------------------------------------------------
# Scalars, arrays and Series
# --------------------------------------------------------------------------


def test_scalar_array_and_series_give_the_same_values():
    rates = [0.0, 100.0, 200.0, 400.0]
    agents = [3, 10, 14, 24]
    scalar = [q.erlang_a_metrics(r, 180, n, 20, 300) for r, n in zip(rates, agents)]
    array = q.erlang_a_metrics(np.array(rates), 180, np.array(agents), 20, 300)
    series = q.erlang_a_metrics(pd.Series(rates, index=list("abcd")), 180, pd.Series(agents, index=list("abcd")), 20,
                                300)  # fmt: skip
    for field in ("p_wait", "service_level", "asa_s", "occupancy", "p_abandon"):
        assert all(isinstance(getattr(s, field), float) for s in scalar)
        assert isinstance(getattr(array, field), np.ndarray) and getattr(array, field).shape == (4,)
        assert isinstance(getattr(series, field), np.ndarray)
        assert_allclose(getattr(array, field), [getattr(s, field) for s in scalar], rtol=1e-14)
        assert_allclose(getattr(series, field), getattr(array, field), rtol=0)
    c_scalar = [q.erlang_c_metrics(r, 180, n, 20).service_level for r, n in zip(rates, agents)]
    assert_allclose(q.erlang_c_metrics(pd.Series(rates), 180, agents, 20).service_level, c_scalar, rtol=1e-14)
    sizes = q.agents_needed(pd.Series(rates), 180, 0.8, 20, patience_s=300)
    assert isinstance(sizes, np.ndarray) and sizes.dtype == np.int64
    assert sizes.tolist() == [q.agents_needed(r, 180, 0.8, 20, patience_s=300) for r in rates]
    assert isinstance(q.agents_needed(200.0, 180, 0.8, 20), int)
    assert isinstance(q.erlang_b(10.0, 14), float) and isinstance(q.erlang_c(10.0, 14), float)


def test_broadcasting_to_two_dimensions():
    rates = np.array([[100.0], [200.0]])
    agents = np.array([10, 14, 20])
    m = q.erlang_c_metrics(rates, 180, agents, 20)
    assert m.p_wait.shape == (2, 3)
    assert_allclose(m.p_wait[1, 1], q.erlang_c_metrics(200, 180, 14, 20).p_wait, rtol=1e-14)
    assert q.agents_needed(rates, [180, 360], 0.8, 20).shape == (2, 2)


def test_one_element_array_stays_an_array():
    m = q.erlang_c_metrics([200.0], 180, 14, 20)
    assert isinstance(m.p_wait, np.ndarray) and m.p_wait.shape == (1,)
    assert q.agents_needed([200.0], 180, 0.8, 20).tolist() == [14]


# --------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------


def test_zero_arrivals():
    for m in (
        q.erlang_c_metrics(0, 180, [0, 5], 20),
        q.erlang_a_metrics(0, 180, [0, 5], 20, 60),
        q.chat_metrics(0, CHAT_LEVELS, [0, 5], 20, patience_s=60),
    ):
        assert m.p_wait.tolist() == [0, 0] and m.service_level.tolist() == [1, 1]
        assert m.asa_s.tolist() == [0, 0] and m.occupancy.tolist() == [0, 0] and m.p_abandon.tolist() == [0, 0]
    assert q.agents_needed([0, 0], 180, 0.8, 20, patience_s=60).tolist() == [0, 0]
    assert q.agents_needed(0, CHAT_LEVELS, 0.8, 20, concurrency=3) == 0
    assert q.erlang_b(0, 0) == 1.0 and q.erlang_b(0, 3) == 0.0 and q.erlang_c(0, 3) == 0.0


def test_zero_agents_with_arrivals():
    c = q.erlang_c_metrics(100, 180, 0, 20)
    assert (c.p_wait, c.service_level, c.asa_s, c.occupancy) == (1.0, 0.0, math.inf, 0.0)
    a = q.erlang_a_metrics(100, 180, 0, 20, 60)
    assert (a.p_wait, a.p_abandon, a.service_level, a.asa_s) == (1.0, 1.0, 0.0, math.inf)
    assert_allclose(a.mean_wait_all_s, 60.0, rtol=1e-12)  # everybody waits out their patience
    chat = q.chat_metrics(100, CHAT_LEVELS, 0, 20, patience_s=60)
    assert (chat.p_wait, chat.p_abandon, chat.service_level) == (1.0, 1.0, 0.0)
    assert q.agents_needed(1e-6, 180, 0.0, 20, patience_s=60) == 1  # a queue with arrivals needs someone
    # exactly so at any patience: at 0.01 s the tail rounded p_abandon to 0.9999999999999999, which made
    # the answered contacts' service level 1 and their ASA 0 (audit)
    for rate, aht, patience in ((3.6, 1, 0.01), (19.8, 180, 0.01), (100, 180, 1e-3)):
        a = q.erlang_a_metrics(rate, aht, 0, 0, patience)
        assert (a.p_wait, a.p_abandon, a.service_level, a.service_level_answered, a.service_level_virtual,
                a.asa_s, a.occupancy, a.mean_wait_all_s) == (1.0, 1.0, 0.0, 0.0, 0.0, math.inf, 0.0, patience)


def test_zero_second_target():
    c = q.erlang_c_metrics(200, 180, 14, 0)
    assert_allclose(c.service_level, 1 - c.p_wait, rtol=1e-14)
    a = q.erlang_a_metrics(200, 180, 14, 0, 300)
    assert_allclose(a.service_level, 1 - a.p_wait, rtol=1e-12)  # answered at once = did not wait
    assert_allclose(a.service_level_virtual, 1 - a.p_wait, rtol=1e-12)
    for target in (0.8, 0.9, 0.95):  # at 0 s the service level is 1 - P(wait)
        least = next(n for n in range(11, 40) if 1 - q.erlang_c(10.0, n) >= target)
        assert q.agents_needed(200, 180, target, 0) == least
    assert [q.agents_needed(200, 180, t, 0) for t in (0.8, 0.9, 0.95)] == [14, 16, 17]


def test_overloaded_erlang_c():
    m = q.erlang_c_metrics([200, 200, 300], 180, [10, 9.5, 10], 20)  # a = 10, 10, 15
    assert m.p_wait.tolist() == [1, 1, 1] and m.service_level.tolist() == [0, 0, 0]
    assert m.asa_s.tolist() == [math.inf] * 3 and m.occupancy.tolist() == [1, 1, 1]
    assert m.p_abandon.tolist() == [0, 0, 0]
    assert q.erlang_c(10.0, 10) == 1.0


def test_overloaded_erlang_a_is_finite():
    m = q.erlang_a_metrics(720, 180, 20, 20, 60)  # a = 36 on 20 agents
    for field in ("p_wait", "service_level", "occupancy", "p_abandon", "service_level_answered",
                  "service_level_virtual"):  # fmt: skip
        assert 0 <= getattr(m, field) <= 1
    assert math.isfinite(m.asa_s) and math.isfinite(m.mean_wait_all_s)
    assert m.p_abandon >= 1 - 20 / 36  # at most 20 agents' worth is answered


def test_occupancy_ceiling_has_no_off_by_one():
    # traffic exactly 10 Erlang: Erlang C needs more than 10 agents even at a ceiling of 1
    assert q.agents_needed(200, 180, 0.0, 20, max_occupancy=1.0) == 11
    assert q.agents_needed(200, 180, 0.0, 20, max_occupancy=0.8) == 13  # 10 / 0.8 = 12.5
    assert q.agents_needed(170, 180, 0.0, 20, max_occupancy=0.85) == 10  # 8.5 / 0.85 = 10 exactly
    assert q.agents_needed(200, 180, 0.0, 20, max_occupancy=0.5) == 20  # 10 / 0.5 = 20 exactly
    # Erlang A: occupancy counts answered work only
    n = q.agents_needed(200, 180, 0.0, 20, patience_s=60, max_occupancy=0.8)
    occupancy = q.erlang_a_metrics(200, 180, [n - 1, n], 20, 60).occupancy
    assert occupancy[1] <= 0.8 < occupancy[0]


def test_every_target_is_met_and_binding():
    n_sl = q.agents_needed(200, 180, 0.8, 20, patience_s=300)
    n_ab = q.agents_needed(200, 180, 0.8, 20, patience_s=300, max_abandon=0.01)
    n_occ = q.agents_needed(200, 180, 0.8, 20, patience_s=300, max_occupancy=0.6)
    assert (n_sl, n_ab, n_occ) == (13, 15, 17)
    p_abandon = q.erlang_a_metrics(200, 180, [14, 15], 20, 300).p_abandon
    assert p_abandon[0] > 0.01 >= p_abandon[1]


def test_ten_thousand_agents():
    b = q.erlang_b([9900.0, 10000.0, 12000.0], 10000)
    assert_allclose(b, [0.0028581267388565864216, 0.0079365632488056718823, 0.1670808676259389027], rtol=1e-9)
    m = q.erlang_c_metrics(9900 * 20, 180, 10000, 20)  # a = 9900
    assert_allclose(m.p_wait, 0.22277692886414824097, rtol=1e-9)
    assert_allclose(m.service_level, 0.99999667052338261415, rtol=1e-12)
    assert_allclose(m.asa_s, 0.40099847195546683375, rtol=1e-9)
    m = q.erlang_c_metrics(9990 * 20, 180, 10000, 20)  # 99.9 % load
    assert_allclose([m.p_wait, m.service_level, m.asa_s], [0.88054171137398971835, 0.7101318431433098855,
                    15.84975080473181493], rtol=1e-8)  # fmt: skip
    a = q.erlang_a_metrics(9900 * 20, 180, 10000, 20, 300)
    assert_allclose([a.p_wait, a.p_abandon, a.service_level],
                    [0.17385626277224051718, 0.0006357867653366783679, 0.99936421323466332163], rtol=1e-9)  # fmt: skip
    over = q.erlang_a_metrics(12000 * 20, 180, 10000, 20, 300)
    assert_allclose([over.p_wait, over.p_abandon], [1.0, 1 / 6], rtol=1e-9)
    assert 0 <= over.service_level < 1e-9
    n = q.agents_needed(9900 * 20, 180, 0.8, 20)
    assert q.erlang_c_metrics(9900 * 20, 180, n, 20).service_level >= 0.8 > q.erlang_c_metrics(
        9900 * 20, 180, n - 1, 20
    ).service_level
    assert 9900 < n < 9950


def test_fractional_agents_use_the_continuous_extension():
    b = q.erlang_b(10.0, [14.0, 14.5, 15.0])
    assert b[0] > b[1] > b[2]
    # 1/B(x, a) = a * int_0^inf exp(-a y) (1 + y)^x dy
    from scipy.integrate import quad

    inv = 10.0 * quad(lambda y: math.exp(-10.0 * y) * (1 + y) ** 14.5, 0, math.inf, epsabs=0, epsrel=1e-13)[0]
    assert_allclose(b[1], 1 / inv, rtol=1e-10)


def test_long_patience_tends_to_erlang_c():
    c = q.erlang_c_metrics(200, 180, 14, 20)
    a = q.erlang_a_metrics(200, 180, 14, 20, 1e9)
    a10 = q.erlang_a_metrics(200, 180, 14, 20, 1e10)
    for field in ("p_wait", "service_level", "asa_s", "occupancy", "service_level_answered", "service_level_virtual",
                  "mean_wait_all_s"):  # fmt: skip
        assert_allclose(getattr(a, field), getattr(c, field), rtol=1e-6, err_msg=field)
        # the gap is physical, of order 1 / patience: ten times the patience, a tenth of the gap
        gap, gap10 = abs(getattr(a, field) - getattr(c, field)), abs(getattr(a10, field) - getattr(c, field))
        assert gap10 < 0.2 * gap or gap < 1e-15, field
    assert 0 < a.p_abandon < 1e-8
    # 10,000 agents at 99 % load, patience 1e9 s: 40-digit value of the Erlang A series
    big = q.erlang_a_metrics(9900 * 20, 180, 10000, 20, 1e9)
    assert_allclose(big.p_wait, 0.22277689800930244109, rtol=1e-9)
    assert_allclose(big.p_wait, 0.22277692886414824097, rtol=2e-7)  # Erlang C
    inf = q.erlang_a_metrics(200, 180, 14, 20, math.inf)
    assert inf == c


def test_no_nan_over_a_grid_of_awkward_inputs():
    rates = np.array([0.0, 1e-9, 1.0, 200.0, 1e4, 1e6])[:, None, None]
    agents = np.array([0, 1, 2.5, 14, 200, 5000])[None, :, None]
    patience = np.array([1e-3, 1.0, 300.0, 1e12, np.inf])[None, None, :]
    m = q.erlang_a_metrics(rates, 180, agents, 20, patience)
    for field in ("p_wait", "service_level", "occupancy", "p_abandon", "service_level_answered",
                  "service_level_virtual"):  # fmt: skip
        v = getattr(m, field)
        assert not np.isnan(v).any() and (v >= 0).all() and (v <= 1).all(), field
    assert not np.isnan(m.asa_s).any() and (m.asa_s >= 0).all()
    assert not np.isnan(m.mean_wait_all_s).any()


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: q.erlang_c_metrics(200, -5, 14, 20), "aht_s must be > 0, got -5"),
        (lambda: q.erlang_c_metrics(200, 0, 14, 20), "aht_s must be > 0, got 0"),
        (lambda: q.erlang_c_metrics(-1, 180, 14, 20), "rate_per_h must be >= 0, got -1"),
        (lambda: q.erlang_c_metrics(float("nan"), 180, 14, 20), "rate_per_h must be a number >= 0, got nan"),
        (lambda: q.erlang_c_metrics(math.inf, 180, 14, 20), "rate_per_h must be finite and >= 0, got inf"),
        (lambda: q.erlang_c_metrics(200, 180, [14, -2], 20), "agents must be >= 0, got -2"),
        (lambda: q.erlang_c_metrics(200, 180, 14, -1), "target_s must be >= 0, got -1"),
        (lambda: q.erlang_c_metrics("many", 180, 14, 20), "rate_per_h must be a number or an array of numbers"),
        (lambda: q.erlang_a_metrics(200, 180, 14, 20, 0), "patience_s must be > 0, got 0"),
        (lambda: q.erlang_b(-1, 3), "traffic must be >= 0, got -1"),
        (lambda: q.erlang_c_metrics([1, 2], 180, [1, 2, 3], 20), "arguments must broadcast to one shape"),
        (lambda: q.agents_needed(200, 180, 1.0, 20), "target_sl must be in [0, 1), got 1"),
        (lambda: q.agents_needed(200, 180, 0.8, 20, max_abandon=0), "max_abandon must be in (0, 1], got 0"),
        (lambda: q.agents_needed(200, 180, 0.8, 20, max_occupancy=1.2), "max_occupancy must be in (0, 1], got 1.2"),
        (lambda: q.agents_needed(200, 180, 0.8, 20, concurrency=0), "concurrency must be a whole number >= 1, got 0"),
        (lambda: q.agents_needed(200, [600, 750], 0.8, 20, concurrency=3), "aht_s must give one handle time per"),
        (lambda: q.chat_metrics(120, 600, 3, 60), "aht_s_levels must list the handle time per concurrency level"),
        (lambda: q.chat_metrics(120, [600, 0], 3, 60), "aht_s_levels must be > 0, got 0"),
        (lambda: q.deferred_capacity_needed([[1, 2]], 300, 120, 15), "contacts_per_interval must be a 1-d array"),
        (lambda: q.deferred_capacity_needed([1, 2], 300, 0, 15), "deadline_min must be > 0, got 0"),
        (lambda: q.deferred_capacity_needed([1, 2], 300, 120, 15, buffer_z=-1), "buffer_z must be >= 0, got -1"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


# --------------------------------------------------------------------------
# Deferred work
# --------------------------------------------------------------------------


def test_deferred_single_burst():
    counts = np.zeros(672)
    counts[36] = 40  # 09:00 Monday, 40 callbacks of 5 minutes, answer within 2 h
    r = q.deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0)
    assert r.window_intervals == 8
    assert_allclose(r.capacity, 40 * 300 / (8 * 900), rtol=1e-12)
    assert_allclose(r.work[36], 40 * 300 / 900, rtol=1e-12)
    assert_allclose(r.spread.sum(), r.work.sum(), rtol=1e-12)
    assert np.flatnonzero(r.spread).tolist() == list(range(36, 44))
    assert r.window_start[36] == 36 and r.window_end[36] == 44
    buffered = q.deferred_capacity_needed(counts, 300, 120, 15, buffer_z=2.0)
    assert_allclose(buffered.capacity, (40 + 2.0 * math.sqrt(40)) * 300 / (8 * 900), rtol=1e-12)


def test_deferred_wraps_from_sunday_night_to_monday():
    counts = np.zeros(672)
    counts[670] = 40  # Sunday 23:30
    r = q.deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0)
    assert_allclose(r.capacity, 40 * 300 / (8 * 900), rtol=1e-12)
    assert np.flatnonzero(r.spread).tolist() == [0, 1, 2, 3, 4, 5, 670, 671]
    assert r.window_end[670] == 678  # take it modulo 672


def test_deferred_capacity_is_least_and_sufficient():
    rng = np.random.default_rng(7)
    hours = np.arange(672) / 4 % 24
    counts = rng.poisson(30 * np.exp(-0.5 * ((hours - 19) / 2.5) ** 2)).astype(float)
    r = q.deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0)
    steady = np.full(672, r.capacity)
    enough = q.deferred_service(counts, 300, steady * (1 + 1e-9), 120, 15)
    assert enough.week_on_time_share == pytest.approx(1, abs=1e-12)
    short = q.deferred_service(counts, 300, steady * 0.99, 120, 15)
    assert short.on_time_share.min() < 1 - 1e-6
    # the spread profile is feasible on its own
    assert q.deferred_service(counts, 300, r.spread * (1 + 1e-9), 120, 15).on_time_share.min() == pytest.approx(1)
    # a long deadline brings the steady capacity down to the week's mean load
    long = q.deferred_capacity_needed(counts, 300, 7 * 24 * 60, 15, buffer_z=0)
    assert_allclose(long.capacity, counts.sum() * 300 / (672 * 900), rtol=1e-12)


def test_deferred_with_open_hours():
    hours = np.arange(672) % 96 / 4
    open_ = (hours >= 8) & (hours < 22)
    counts = np.zeros(672)
    counts[87] = 12  # Monday 21:45: only the interval 21:45-22:00 of the window is open
    counts[92] = 8  # Monday 23:00: the whole window (to 01:00) is closed
    r = q.deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0, open_intervals=open_)
    assert_allclose(r.capacity, 12 * 300 / 900, rtol=1e-12)  # 12 requests in one interval
    assert_allclose(r.late_work, np.where(np.arange(672) == 92, 8 * 300 / 900, 0.0), rtol=1e-12)
    assert_allclose(r.spread[87], 4.0, rtol=1e-12)
    assert_allclose(r.spread[96 + 32], 8 * 300 / 900, rtol=1e-12)  # Tuesday 08:00, the first open interval
    assert_allclose(r.spread.sum(), r.work.sum(), rtol=1e-12)
    assert (r.spread[~open_] == 0).all()
    # capacity only while open meets every deadline that can be met
    s = q.deferred_service(counts, 300, r.capacity * open_ * (1 + 1e-9), 120, 15)
    assert s.on_time_share[87] == 1.0 and s.on_time_share[92] < 1e-9
    with pytest.raises(ValueError, match="open_intervals must give one flag per interval"):
        q.deferred_capacity_needed(counts, 300, 120, 15, open_intervals=open_[:10])
    with pytest.raises(ValueError, match="open_intervals must mark at least one interval open"):
        q.deferred_capacity_needed(counts, 300, 120, 15, open_intervals=np.zeros(672, bool))


def test_deferred_service_fifo_backlog_by_hand():
    counts = np.zeros(8)
    counts[0] = 6  # 6 requests of 900 s on a 15-minute grid: 6 agent-intervals
    cap = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0])
    s = q.deferred_service(counts, 900, cap, 60, 15)  # within 4 intervals: 4 of 6 done in time
    assert_allclose(s.on_time_share[0], 4 / 6, rtol=1e-12)
    assert_allclose(s.backlog, [5, 4, 3, 2, 1, 0, 0, 0], atol=1e-12)
    assert s.stable and s.week_on_time_share == pytest.approx(4 / 6)
    starved = q.deferred_service(counts, 900, cap * 0.5, 60, 15)
    assert not starved.stable and starved.week_on_time_share == 0.0


# --------------------------------------------------------------------------
# Week figures
# --------------------------------------------------------------------------


def test_weekly_metrics_are_volume_weighted():
    contacts = np.array([0.0, 100.0, 300.0])
    m = q.erlang_a_metrics(contacts * 2, 180, [0, 14, 30], 20, 300)
    w = q.weekly_metrics(contacts, m, agents=[0, 14, 30])
    assert w.contacts == 400
    assert_allclose(w.service_level, (100 * m.service_level[1] + 300 * m.service_level[2]) / 400, rtol=1e-14)
    assert_allclose(w.p_abandon, (100 * m.p_abandon[1] + 300 * m.p_abandon[2]) / 400, rtol=1e-14)
    answered = contacts * (1 - m.p_abandon)
    assert_allclose(w.answered, answered.sum(), rtol=1e-14)
    assert_allclose(w.asa_s, (answered[1:] * m.asa_s[1:]).sum() / answered.sum(), rtol=1e-14)
    assert_allclose(w.occupancy, (14 * m.occupancy[1] + 30 * m.occupancy[2]) / 44, rtol=1e-14)
    assert_allclose(w.abandoned, 400 - answered.sum(), rtol=1e-12)


def test_weekly_metrics_unstable_interval_and_empty_week():
    contacts = np.array([100.0, 100.0])
    w = q.weekly_metrics(contacts, q.erlang_c_metrics(contacts * 2, 180, [14, 9], 20))
    assert w.asa_s == math.inf and w.occupancy is None
    assert_allclose(w.service_level, q.erlang_c_metrics(200, 180, 14, 20).service_level / 2, rtol=1e-14)
    empty = q.weekly_metrics([0.0, 0.0], q.erlang_c_metrics([0, 0], 180, [0, 3], 20))
    assert (empty.service_level, empty.p_abandon, empty.asa_s) == (1.0, 0.0, 0.0)


def test_results_are_frozen():
    m = q.erlang_c_metrics(200, 180, 14, 20)
    with pytest.raises(AttributeError):
        m.p_wait = 0.5  # type: ignore[misc]
