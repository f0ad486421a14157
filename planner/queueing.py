"""Queueing models for staffing: Erlang B, Erlang C and inverse sizing.

Conventions
-----------
* Every function is vectorised: each argument may be a scalar, a numpy array
  or a pandas Series, and the arguments broadcast against each other.
* Scalar inputs give plain Python ``float`` results (``int`` from
  :func:`agents_needed`); any array-like input gives a numpy ``ndarray`` of the
  broadcast shape (a pandas Series comes back as an ndarray, index dropped).
* Times are seconds (``_s``), rates per hour (``_per_h``), traffic in Erlangs
  (``rate_per_h * aht_s / 3600``).
* Nothing raises, returns NaN or leaves [0, 1] for valid inputs: an unstable
  Erlang C queue (traffic >= agents) has ``p_wait = 1``,
  ``service_level = 0``, ``asa_s = inf`` and ``occupancy = 1``.

Numerics
--------
No factorials. Erlang B is evaluated in log space,
``log B = log pmf(n; a) - log cdf(n; a)`` of the Poisson law, with the
regularised incomplete gamma function; where the Poisson cdf would underflow
(traffic far above the servers) the continued fraction of the upper incomplete
gamma function is used instead. Both are the continuous extension of Erlang B
(``1/B(x, a) = a * integral_0^inf exp(-a*y) (1+y)^x dy``), so non-integer
agents (e.g. average agents net of breaks) are accepted. The inverse sizing
steps the Erlang B recursion ``B(n+1) = a B(n) / (n + 1 + a B(n))`` forward
for all intervals at once.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from scipy import special as _sp

__all__ = [
    "QueueMetrics",
    "agents_needed",
    "erlang_b",
    "erlang_c",
    "erlang_c_metrics",
]

# --------------------------------------------------------------------------
# Validation and array handling
# --------------------------------------------------------------------------


def _as_float_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    return arr


def _first_bad(arr: np.ndarray, bad: np.ndarray) -> str:
    flat = arr[bad]
    return f"{flat.flat[0]:g}"


def _check(
    name: str,
    value: Any,
    *,
    minimum: float = 0.0,
    strict: bool = False,
    allow_inf: bool = False,
    maximum: float | None = None,
    max_strict: bool = False,
) -> np.ndarray:
    """Return ``value`` as a float array after checking its range.

    Raises ``ValueError`` with a message that names the argument and says what
    is allowed, e.g. ``"aht_s must be > 0, got -5"``.
    """
    arr = _as_float_array(name, value)
    if arr.size == 0:
        return arr
    lo_txt = f"> {minimum:g}" if strict else f">= {minimum:g}"
    allowed = lo_txt
    if maximum is not None:
        hi_txt = f"< {maximum:g}" if max_strict else f"<= {maximum:g}"
        allowed = (
            f"in ({minimum:g}, {maximum:g}{')' if max_strict else ']'}"
            if strict
            else f"in [{minimum:g}, {maximum:g}{')' if max_strict else ']'}"
        )
        del hi_txt
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(f"{name} must be a number {allowed}, got nan")
    if not allow_inf:
        inf = np.isinf(arr)
        if inf.any():
            raise ValueError(f"{name} must be finite and {allowed}, got {_first_bad(arr, inf)}")
    low = arr <= minimum if strict else arr < minimum
    if low.any():
        raise ValueError(f"{name} must be {allowed}, got {_first_bad(arr, low)}")
    if maximum is not None:
        high = arr >= maximum if max_strict else arr > maximum
        if high.any():
            raise ValueError(f"{name} must be {allowed}, got {_first_bad(arr, high)}")
    return arr


def _broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"arguments must broadcast to one shape, got {shapes}") from None


def _is_scalar(*values: Any) -> bool:
    return all(np.ndim(v) == 0 for v in values)


def _out(arr: np.ndarray, scalar: bool) -> Any:
    if scalar:
        return float(arr)
    return np.array(arr, dtype=float)


# --------------------------------------------------------------------------
# Erlang B in log space
# --------------------------------------------------------------------------

_Q_SWITCH = 1e-200  # below this Poisson cdf, switch to the continued fraction


def _log_erlang_b_cf(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """log B(n, a) from the continued fraction of Gamma(n+1, a), for a > n + 1.

    ``1/B = exp(a) a^-n Gamma(n+1, a) = a * h`` with ``h`` the modified Lentz
    evaluation of the continued fraction (Numerical Recipes ``gcf``).
    """
    tiny = 1e-300
    s = n + 1.0
    b = a + 1.0 - s
    c = np.full_like(a, 1.0 / tiny)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, 2000):
        an = -i * (i - s)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < tiny, tiny, d)
        c = b + an / c
        c = np.where(np.abs(c) < tiny, tiny, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) < 1e-16):
            break
    return -np.log(a * h)


def _log_erlang_b(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """log of Erlang B for traffic ``a >= 0`` and servers ``n >= 0`` (arrays)."""
    a, n = np.broadcast_arrays(np.asarray(a, float), np.asarray(n, float))
    out = np.zeros(a.shape)
    pos = a > 0
    out[~pos & (n > 0)] = -np.inf  # no traffic: no blocking (B(0, 0) = 1)
    if not pos.any():
        return out
    ap, np_ = a[pos], n[pos]
    q = _sp.gammaincc(np_ + 1.0, ap)
    res = np.empty_like(ap)
    ok = q > _Q_SWITCH
    res[ok] = _sp.xlogy(np_[ok], ap[ok]) - ap[ok] - _sp.gammaln(np_[ok] + 1.0) - np.log(q[ok])
    if not ok.all():
        res[~ok] = _log_erlang_b_cf(ap[~ok], np_[~ok])
    out[pos] = np.minimum(res, 0.0)
    return out


def erlang_b(traffic: Any, servers: Any) -> Any:
    """Blocking probability of the Erlang B (M/M/n/n) loss system.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic [Erlang], >= 0.
    servers : float or array-like
        Number of servers [-], >= 0. Non-integer values use the continuous
        extension of Erlang B.

    Returns
    -------
    float or numpy.ndarray
        Probability that an arrival finds all servers busy [-], in [0, 1].

    Examples
    --------
    >>> round(erlang_b(10.0, 14), 6)
    0.056819
    >>> erlang_b([0.0, 2.0], 0)
    array([1., 1.])
    """
    scalar = _is_scalar(traffic, servers)
    a = _check("traffic", traffic)
    n = _check("servers", servers)
    a, n = _broadcast(traffic=a, servers=n)
    return _out(np.exp(_log_erlang_b(a, n)), scalar)


def _erlang_c_from_log_b(a: np.ndarray, n: np.ndarray, log_b: np.ndarray) -> np.ndarray:
    """Erlang C probability of waiting from log B; 1 where n <= a, 0 where a == 0."""
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.exp(log_b)
        denom = np.where(stable, n - a + a * b, 1.0)
        log_c = np.log(np.where(stable, n, 1.0)) + log_b - np.log(denom)
        c = np.where(stable, np.exp(np.minimum(log_c, 0.0)), 1.0)
    return np.where(a > 0, c, 0.0)


def erlang_c(traffic: Any, agents: Any) -> Any:
    """Probability of waiting in the Erlang C (M/M/n) queue.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic [Erlang], >= 0.
    agents : float or array-like
        Number of agents [-], >= 0. Non-integer values use the continuous
        extension of Erlang B.

    Returns
    -------
    float or numpy.ndarray
        P(wait > 0) [-]. 1 where ``traffic >= agents > ...`` (unstable queue,
        traffic > 0); 0 where traffic is 0.

    Examples
    --------
    >>> round(erlang_c(10.0, 14), 7)
    0.1741319
    >>> erlang_c([10.0, 0.0], [10, 0])
    array([1., 0.])
    """
    scalar = _is_scalar(traffic, agents)
    a = _check("traffic", traffic)
    n = _check("agents", agents)
    a, n = _broadcast(traffic=a, agents=n)
    return _out(_erlang_c_from_log_b(a, n, _log_erlang_b(a, n)), scalar)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QueueMetrics:
    """Steady-state performance of one queue (per interval when vectorised).

    Each field is a float for scalar input and an ndarray otherwise.

    Attributes
    ----------
    p_wait : float or numpy.ndarray
        Probability that an arrival has to wait (finds all agents busy) [-].
    service_level : float or numpy.ndarray
        Contacts answered within ``target_s`` as a share of ALL arrivals [-]
        (the "offered" definition; abandoned contacts count as misses).
    asa_s : float or numpy.ndarray
        Average speed of answer: mean wait of answered contacts [s];
        ``inf`` for an unstable queue.
    occupancy : float or numpy.ndarray
        Busy share of the agents' time [-] (for chat: share of chat slots in
        use).
    p_abandon : float or numpy.ndarray
        Probability that a contact abandons while waiting [-] (0 for Erlang C).
    service_level_answered : float or numpy.ndarray
        Answered within ``target_s`` as a share of answered contacts [-].
    service_level_virtual : float or numpy.ndarray
        P(V <= target_s) for the offered (virtual) wait V of an infinitely
        patient contact [-].
    mean_wait_all_s : float or numpy.ndarray
        Mean time in queue over all arrivals, abandoning ones included [s].

    Notes
    -----
    For Erlang C every contact is answered, so ``service_level``,
    ``service_level_answered`` and ``service_level_virtual`` coincide, and so
    do ``asa_s`` and ``mean_wait_all_s``.
    """

    p_wait: Any
    service_level: Any
    asa_s: Any
    occupancy: Any
    p_abandon: Any
    service_level_answered: Any
    service_level_virtual: Any
    mean_wait_all_s: Any


def _erlang_c_fields(
    a: np.ndarray, n: np.ndarray, log_b: np.ndarray, t: np.ndarray, h: np.ndarray
) -> dict[str, np.ndarray]:
    """Erlang C metrics from log Erlang B (arrays of one shape)."""
    stable = n > a
    c = _erlang_c_from_log_b(a, n, log_b)
    gap = np.where(stable, n - a, 1.0)
    sl = np.where(stable, 1.0 - c * np.exp(-gap * t / h), 0.0)
    asa = np.where(stable, c * h / gap, np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(stable, a / np.where(n > 0, n, 1.0), 1.0)
    idle = a <= 0
    sl = np.where(idle, 1.0, np.clip(sl, 0.0, 1.0))
    asa = np.where(idle, 0.0, asa)
    occ = np.where(idle, 0.0, occ)
    return {"p_wait": c, "service_level": sl, "asa_s": asa, "occupancy": occ}


def erlang_c_metrics(rate_per_h: Any, aht_s: Any, agents: Any, target_s: Any) -> QueueMetrics:
    """Service level, waiting and occupancy of the Erlang C (M/M/n) queue.

    Parameters
    ----------
    rate_per_h : float or array-like
        Arrival rate [1/h], >= 0.
    aht_s : float or array-like
        Average handle time [s], > 0.
    agents : float or array-like
        Agents on the queue [-], >= 0 (non-integer: continuous extension).
    target_s : float or array-like
        Answer-time target of the service level [s], >= 0.

    Returns
    -------
    QueueMetrics
        ``p_abandon`` is 0; an unstable queue (traffic >= agents) gives
        ``p_wait = 1``, ``service_level = 0``, ``asa_s = inf`` and
        ``occupancy = 1``.

    Examples
    --------
    Call Centre Helper's worked example: 100 calls in 30 minutes, 180 s AHT,
    14 agents, 20 s target.

    >>> m = erlang_c_metrics(200, 180, 14, 20)
    >>> round(m.p_wait, 4), round(m.service_level, 4), round(m.asa_s, 2)
    (0.1741, 0.8884, 7.84)
    >>> erlang_c_metrics(200, 180, 10, 20).asa_s
    inf
    """
    scalar = _is_scalar(rate_per_h, aht_s, agents, target_s)
    lam = _check("rate_per_h", rate_per_h)
    h = _check("aht_s", aht_s, strict=True)
    n = _check("agents", agents)
    t = _check("target_s", target_s)
    lam, h, n, t = _broadcast(rate_per_h=lam, aht_s=h, agents=n, target_s=t)
    a = lam * h / 3600.0
    f = _erlang_c_fields(a, n, _log_erlang_b(a, n), t, h)
    return _c_result(f, scalar)


def _c_result(f: dict[str, np.ndarray], scalar: bool) -> QueueMetrics:
    return QueueMetrics(
        p_wait=_out(f["p_wait"], scalar),
        service_level=_out(f["service_level"], scalar),
        asa_s=_out(f["asa_s"], scalar),
        occupancy=_out(f["occupancy"], scalar),
        p_abandon=_out(np.zeros_like(f["p_wait"]), scalar),
        service_level_answered=_out(f["service_level"], scalar),
        service_level_virtual=_out(f["service_level"], scalar),
        mean_wait_all_s=_out(f["asa_s"], scalar),
    )


# --------------------------------------------------------------------------
# Inverse: agents needed
# --------------------------------------------------------------------------


def _size_erlang_c(
    a: np.ndarray, h: np.ndarray, t: np.ndarray, sl: np.ndarray, occ: np.ndarray
) -> np.ndarray:
    """Least integer n > a with SL >= sl and a/n <= occ (1-d arrays, a > 0)."""
    n = np.maximum(np.floor(a) + 1.0, np.ceil(a / occ))
    # a / (n - 1) may already be within the ceiling after rounding error
    lower = n - 1.0
    ok_lower = (lower > a) & (a / np.maximum(lower, 1e-300) <= occ)
    n = np.where(ok_lower, lower, n)
    b = np.exp(_log_erlang_b(a, n))
    result = np.zeros_like(a)
    todo = np.ones(a.shape, bool)
    idx = np.arange(a.size)
    while idx.size:
        aa, nn, bb = a[idx], n[idx], b[idx]
        f = _erlang_c_fields(aa, nn, np.log(bb), t[idx], h[idx])
        ok = (nn > aa) & (f["service_level"] >= sl[idx]) & (f["occupancy"] <= occ[idx])
        result[idx[ok]] = nn[ok]
        todo[idx[ok]] = False
        keep = ~ok
        idx, nn, bb, aa = idx[keep], nn[keep], bb[keep], aa[keep]
        nn = nn + 1.0
        bb = aa * bb / (nn + aa * bb)
        n[idx], b[idx] = nn, bb
    return result


def agents_needed(
    rate_per_h: Any,
    aht_s: Any,
    target_sl: Any,
    target_s: Any,
    *,
    patience_s: Any = None,
    max_abandon: Any = None,
    max_occupancy: Any = None,
    concurrency: int = 1,
) -> Any:
    """Least number of agents that meets every target given.

    Parameters
    ----------
    rate_per_h : float or array-like
        Arrival rate [1/h], >= 0.
    aht_s : float or array-like
        Average handle time [s], > 0.
    target_sl : float or array-like
        Service-level target [-], in [0, 1): share of arrivals answered within
        ``target_s``.
    target_s : float or array-like
        Answer-time target [s], >= 0.
    patience_s : float or array-like, optional
        Mean patience [s]; given, the Erlang A model is used.
    max_abandon : float or array-like, optional
        Ceiling on the abandonment probability [-] (Erlang A only).
    max_occupancy : float or array-like, optional
        Ceiling on occupancy [-], in (0, 1].
    concurrency : int, default 1
        Chats one agent may hold at once.

    Returns
    -------
    int or numpy.ndarray of int
        Least agents [-]; 0 where the rate is 0.

    Examples
    --------
    >>> agents_needed(200, 180, 0.8, 20)
    14
    >>> agents_needed([0, 200, 400], 180, 0.8, 20)
    array([ 0, 14, 24])
    """
    scalar = _is_scalar(rate_per_h, aht_s, target_sl, target_s, patience_s, max_abandon, max_occupancy)
    lam = _check("rate_per_h", rate_per_h)
    h = _check("aht_s", aht_s, strict=True)
    sl = _check("target_sl", target_sl, maximum=1.0, max_strict=True)
    t = _check("target_s", target_s)
    occ = (
        np.asarray(1.0)
        if max_occupancy is None
        else _check("max_occupancy", max_occupancy, strict=True, maximum=1.0)
    )
    lam, h, sl, t, occ = _broadcast(
        rate_per_h=lam, aht_s=h, target_sl=sl, target_s=t, max_occupancy=occ
    )
    a = (lam * h / 3600.0).ravel()
    res = np.zeros(a.shape)
    busy = a > 0
    if busy.any():
        res[busy] = _size_erlang_c(
            a[busy], h.ravel()[busy], t.ravel()[busy], sl.ravel()[busy], occ.ravel()[busy]
        )
    res = res.reshape(lam.shape).astype(np.int64)
    return int(res) if scalar else res
