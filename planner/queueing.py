"""Queueing models for staffing: Erlang B, C and A, chat with concurrency,
deferred work (callbacks, email), inverse sizing and week figures.

Conventions
-----------
* Every function is vectorised: each argument may be a scalar, a numpy array
  or a pandas Series, and the arguments broadcast against each other.
* Scalar inputs give plain Python ``float`` results (``int`` from
  :func:`agents_needed`); any array-like input gives a numpy ``ndarray`` of the
  broadcast shape (a pandas Series comes back as an ndarray, index dropped).
* Times are seconds (``_s``), rates per hour (``_per_h``); traffic is in
  Erlangs, ``a = rate_per_h * aht_s / 3600``.
* Valid inputs never raise, never give NaN and never give a probability
  outside [0, 1]. An unstable Erlang C queue (traffic >= agents, traffic > 0)
  has ``p_wait = 1``, ``service_level = 0``, ``asa_s = inf`` and
  ``occupancy = 1``. No arrivals give ``p_wait = 0``, ``service_level = 1``,
  ``asa_s = 0`` and ``occupancy = 0``. Zero agents with arrivals give
  ``p_wait = 1`` and ``service_level = 0`` (Erlang A and chat with patience:
  everybody abandons) and ``occupancy = 0``; nobody is answered, so
  ``asa_s = inf``.
* Invalid inputs raise ``ValueError`` naming the argument and what is
  allowed, e.g. ``"aht_s must be > 0, got -5"``.

Models
------
Erlang C (M/M/n)
    Poisson arrivals, exponential handle times, ``n`` agents, infinite
    patience, first come first served.
Erlang A (M/M/n+M, Palm)
    As Erlang C, and each waiting contact abandons after an exponential
    patience with mean ``patience_s`` (Mandelbaum & Zeltyn 2005; Garnett,
    Mandelbaum & Reiman 2002). Service-level definitions: ``service_level``
    is answered within target / all arrivals ("offered", the default);
    ``service_level_answered`` is answered within target / answered;
    ``service_level_virtual`` is P(V <= target) for the offered wait ``V``
    (the wait of an infinitely patient contact).
Chat with concurrency (birth-death chain on the number of chats ``j``)
    An agent holds up to ``m`` chats; ``aht_s_levels[k-1]`` is the mean
    duration of each chat while the agent holds ``k`` chats, so one agent
    completes chats at rate ``k / h_k``. Chats are routed to the least loaded
    agent and loads are assumed balanced, so in state ``j <= n*m`` the
    completion rate is ``r(j) = sum_i k_i / h_{k_i}`` with the ``k_i`` spread
    evenly. Above ``n*m`` chats queue: the rate is ``R + (j - n*m) theta``
    with ``R = n*m / h_m`` and ``theta = 1 / patience_s``. ``p_wait`` is
    P(j >= n*m), and the waiting-time formulas are the Erlang A ones with
    ``n * mu`` replaced by ``R`` (Erlang C-like without patience). The target
    is on the first response, i.e. the wait in queue. ``occupancy`` is the
    share of the ``n*m`` chat slots in use.

    Limits: the balanced-load assumption ignores imbalance between agents,
    so the model is slightly optimistic (in the reference case of
    queueing_models.md section 3, n = 6 to 8 agents, by 0.2 to 0.7 %-points
    of service level and 0.1 to 0.4 %-points of abandonment against
    simulations with least-loaded routing: this project's test simulation and
    the one quoted there); times are exponential; a chat does not abandon
    once an agent has taken it, and chats are never moved between
    agents. "Divide the handle time by the concurrency" is badly pessimistic
    and "n*m servers at the longest handle time" conservative; neither is
    used. Non-integer agents are interpolated linearly between the
    neighbouring whole numbers.
Deferred work (callbacks, email)
    Not a queue: each request may be answered any time within
    ``deadline_min``. :func:`deferred_capacity_needed` sizes it as work to be
    done inside its window on pooled capacity (earliest deadline first);
    :func:`deferred_service` checks a given capacity profile.

Numerics
--------
No factorials, no overflow, stable to at least 10,000 agents:

* Erlang B in log space, ``log B = log pmf(n; a) - log cdf(n; a)`` of the
  Poisson law (regularised incomplete gamma), switching to the continued
  fraction of the upper incomplete gamma function where the Poisson cdf
  would underflow (traffic far above the agents). Both are the continuous
  extension ``1/B(x, a) = a * integral_0^inf exp(-a y) (1 + y)^x dy``, so
  non-integer agents (e.g. average agents net of breaks) are accepted.
* Erlang A and the chat tail use ``A(x, y) = sum_j y^j / prod_{i<=j}(x + i)``
  with ``x = R / theta`` and ``y = lambda / theta`` (``R = n / aht`` for
  Erlang A), and its relatives ``G = (A - 1) / y``, ``D = dA/dy`` (so that
  P(abandon) = pi_b D) and ``S = -dG/dx = sum_j g_j H_j`` with
  ``g_j = y^(j-1) / prod_{i<=j}(x + i)`` and ``H_j = sum_{i<=j} 1 / (x + i)``,
  which gives the mean wait of answered contacts,
  ``E[W; answered] = pi_b x S / theta`` (a tagged contact with k waiting
  ahead is answered with probability ``x / (x + k + 1)`` after
  ``sum_{i<=k+1} 1 / (theta (x + i))`` on average). All are summed as
  positive series in blocks with a running scale and, where the series would
  be long (``y - x > max(600, 12 sqrt(x))``), taken in closed form with the
  regularised incomplete gamma function in log space (``S`` by
  Gauss-Laguerre quadrature of the upper incomplete gamma integral). As
  ``patience_s`` grows the series tends to the Erlang C values; nothing
  relies on ``gammainc`` where it underflows.
* The inverse sizing steps the Erlang B recursion
  ``B(n+1) = a B(n) / (n + 1 + a B(n))`` forward from a lower bound for all
  intervals at once (Erlang C), or runs a vectorised galloping/bisection
  search over whole agents (Erlang A, chat), started from the Erlang C answer
  corrected by a dozen intervals solved first; no Python loop over
  intervals.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special as _sp

__all__ = [
    "TARGET_TOLERANCE",
    "DeferredCapacity",
    "DeferredService",
    "QueueMetrics",
    "WeekMetrics",
    "agents_needed",
    "chat_metrics",
    "deadline_intervals",
    "deferred_capacity_needed",
    "deferred_service",
    "erlang_a_metrics",
    "erlang_b",
    "erlang_c",
    "erlang_c_metrics",
    "weekly_metrics",
]

# --------------------------------------------------------------------------
# Validation and array handling
# --------------------------------------------------------------------------


def _range_text(minimum: float, strict: bool, maximum: float | None, max_strict: bool) -> str:
    if maximum is None:
        return f"> {minimum:g}" if strict else f">= {minimum:g}"
    left = "(" if strict else "["
    right = ")" if max_strict else "]"
    return f"in {left}{minimum:g}, {maximum:g}{right}"


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
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if arr.size == 0:
        return arr
    allowed = _range_text(minimum, strict, maximum, max_strict)
    if np.isnan(arr).any():
        raise ValueError(f"{name} must be a number {allowed}, got nan")
    if not allow_inf and np.isinf(arr).any():
        bad = arr[np.isinf(arr)].flat[0]
        raise ValueError(f"{name} must be finite and {allowed}, got {bad:g}")
    low = arr <= minimum if strict else arr < minimum
    high = np.zeros(arr.shape, bool)
    if maximum is not None:
        high = arr >= maximum if max_strict else arr > maximum
    bad_mask = low | high
    if bad_mask.any():
        raise ValueError(f"{name} must be {allowed}, got {arr[bad_mask].flat[0]:g}")
    return arr


def _broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    try:
        return [np.asarray(v, dtype=float) for v in np.broadcast_arrays(*arrays.values())]
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"arguments must broadcast to one shape, got {shapes}") from None


def _is_scalar(*values: Any) -> bool:
    return all(np.ndim(v) == 0 for v in values)


def _out(arr: np.ndarray, scalar: bool) -> Any:
    if scalar:
        return float(np.asarray(arr).reshape(()))
    return np.array(arr, dtype=float)


# --------------------------------------------------------------------------
# Erlang B in log space
# --------------------------------------------------------------------------

_Q_SWITCH = 1e-200  # below this Poisson cdf, switch to the continued fraction


def _log_erlang_b_cf(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """log B(n, a) from the continued fraction of Gamma(n+1, a), for a >> n.

    ``1/B = exp(a) a^-n Gamma(n+1, a) = a * h`` with ``h`` the modified Lentz
    evaluation of the continued fraction (Numerical Recipes ``gcf``).
    """
    tiny = 1e-300
    s = n + 1.0
    b = a + 1.0 - s
    c = np.full_like(a, 1.0 / tiny)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, 5000):
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
    out[~pos & (n > 0)] = -np.inf  # no traffic: nothing blocked (B(0, 0) = 1)
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
    a, n = _broadcast(traffic=_check("traffic", traffic), servers=_check("servers", servers))
    return _out(np.exp(_log_erlang_b(a, n)), scalar)


def _erlang_c_from_log_b(a: np.ndarray, n: np.ndarray, log_b: np.ndarray) -> np.ndarray:
    """Erlang C probability of waiting from log B; 1 where n <= a, 0 where a == 0."""
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
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
        P(wait > 0) [-]: 1 where the queue is unstable (traffic >= agents,
        traffic > 0), 0 where the traffic is 0.

    Examples
    --------
    >>> round(erlang_c(10.0, 14), 7)
    0.1741319
    >>> erlang_c([10.0, 0.0], [10, 0])
    array([1., 0.])
    """
    scalar = _is_scalar(traffic, agents)
    a, n = _broadcast(traffic=_check("traffic", traffic), agents=_check("agents", agents))
    return _out(_erlang_c_from_log_b(a, n, _log_erlang_b(a, n)), scalar)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QueueMetrics:
    """Steady-state performance of a queue (per interval when vectorised).

    Each field is a float for scalar input and an ndarray otherwise.

    Attributes
    ----------
    p_wait : float or numpy.ndarray
        Probability that an arrival has to wait (finds every agent, or every
        chat slot, busy) [-].
    service_level : float or numpy.ndarray
        Contacts answered within ``target_s`` as a share of ALL arrivals [-]
        (the "offered" definition: abandoned contacts count as misses).
    asa_s : float or numpy.ndarray
        Average speed of answer: mean wait of answered contacts [s]; ``inf``
        for an unstable queue or when nobody is answered.
    occupancy : float or numpy.ndarray
        Busy share of the agents' time [-]; for chat the share of the chat
        slots (agents x concurrency) in use.
    p_abandon : float or numpy.ndarray
        Probability that a contact abandons while waiting [-] (0 for Erlang C).
    service_level_answered : float or numpy.ndarray
        Answered within ``target_s`` as a share of answered contacts [-].
    service_level_virtual : float or numpy.ndarray
        P(V <= target_s) for the offered wait V, the wait an infinitely
        patient contact would have [-].
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


_FIELDS = tuple(f.name for f in dataclasses.fields(QueueMetrics))


def _metrics(f: dict[str, np.ndarray], shape: tuple[int, ...], scalar: bool) -> QueueMetrics:
    return QueueMetrics(**{k: _out(np.asarray(f[k], float).reshape(shape), scalar) for k in _FIELDS})


def _idle_fields(size: int) -> dict[str, np.ndarray]:
    """Metrics of a queue without arrivals."""
    zero, one = np.zeros(size), np.ones(size)
    return {
        "p_wait": zero, "service_level": one, "asa_s": zero, "occupancy": zero, "p_abandon": zero,
        "service_level_answered": one, "service_level_virtual": one, "mean_wait_all_s": zero,
    }  # fmt: skip


def _merge(size: int, parts: list[tuple[np.ndarray, dict[str, np.ndarray]]]) -> dict[str, np.ndarray]:
    out = {k: np.zeros(size) for k in _FIELDS}
    for mask, f in parts:
        if mask.any():
            for k in _FIELDS:
                out[k][mask] = f[k]
    return out


# --------------------------------------------------------------------------
# Erlang C
# --------------------------------------------------------------------------


def _erlang_c_fields(
    a: np.ndarray, n: np.ndarray, log_b: np.ndarray, t: np.ndarray, h: np.ndarray
) -> dict[str, np.ndarray]:
    """Erlang C metrics from log Erlang B (1-d arrays of one shape)."""
    stable = n > a
    c = _erlang_c_from_log_b(a, n, log_b)
    gap = np.where(stable, n - a, 1.0)
    sl = np.where(stable, np.clip(1.0 - c * np.exp(-gap * t / h), 0.0, 1.0), 0.0)
    asa = np.where(stable, c * h / gap, np.inf)
    occ = np.where(stable, a / np.where(n > 0, n, 1.0), np.where(n > 0, 1.0, 0.0))
    idle = a <= 0
    sl = np.where(idle, 1.0, sl)
    asa = np.where(idle, 0.0, asa)
    occ = np.where(idle, 0.0, occ)
    return {
        "p_wait": c, "service_level": sl, "asa_s": asa, "occupancy": occ, "p_abandon": np.zeros_like(c),
        "service_level_answered": sl, "service_level_virtual": sl, "mean_wait_all_s": asa,
    }  # fmt: skip


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
        ``p_abandon`` is 0. An unstable queue (traffic >= agents) gives
        ``p_wait = 1``, ``service_level = 0``, ``asa_s = inf`` and
        ``occupancy = 1``.

    Examples
    --------
    Call Centre Helper's worked example: 100 calls in 30 minutes, 180 s AHT,
    14 agents, 20 s target.

    >>> m = erlang_c_metrics(200, 180, 14, 20)
    >>> round(m.p_wait, 4), round(m.service_level, 4), round(m.asa_s, 2), round(m.occupancy, 4)
    (0.1741, 0.8884, 7.84, 0.7143)
    >>> erlang_c_metrics(200, 180, 10, 20).asa_s
    inf
    >>> erlang_c_metrics([0, 200], 180, 14, 20).service_level.round(4)
    array([1.    , 0.8884])
    """
    scalar = _is_scalar(rate_per_h, aht_s, agents, target_s)
    lam, h, n, t = _broadcast(
        rate_per_h=_check("rate_per_h", rate_per_h),
        aht_s=_check("aht_s", aht_s, strict=True),
        agents=_check("agents", agents),
        target_s=_check("target_s", target_s),
    )
    shape = lam.shape
    lam, h, n, t = (v.ravel() for v in (lam, h, n, t))
    a = lam / 3600.0 * h  # as in Erlang A, so infinite patience gives identical figures
    f = _erlang_c_fields(a, n, _log_erlang_b(a, n), t, h)
    return _metrics(f, shape, scalar)


# --------------------------------------------------------------------------
# The abandonment tail: A(x, y) and relatives
# --------------------------------------------------------------------------

_GL_NODES, _GL_WEIGHTS = np.polynomial.laguerre.laggauss(60)
_SERIES_MAX_TERMS = 1 << 22


@dataclasses.dataclass(frozen=True)
class _Tail:
    """Logs of the tail sums of a birth-death queue with abandonment.

    With ``g_j = y^(j-1) / prod_{i=1..j} (x + i)`` for j >= 1:
    ``A = 1 + y G`` (tail mass over the boundary state), ``G = sum g_j``,
    ``D = sum j g_j = dA/dy`` and ``S = sum g_j H_j`` with
    ``H_j = sum_{i=1..j} 1 / (x + i)`` (``S = -dG/dx``).
    """

    log_a: np.ndarray
    log_g: np.ndarray
    log_d: np.ndarray
    log_s: np.ndarray | None


def _log_expm1(z: np.ndarray) -> np.ndarray:
    """log(exp(z) - 1) for z > 0 without overflow."""
    with np.errstate(divide="ignore"):
        big = z > 30.0
        return np.where(big, z + np.log1p(-np.exp(-np.where(big, z, 30.0))), np.log(np.expm1(np.minimum(z, 30.0))))


def _tail_series(x: np.ndarray, y: np.ndarray, want_s: bool) -> tuple[np.ndarray, ...]:
    """Positive series for the tail sums, summed in blocks with a running scale.

    Terms are kept relative to ``exp(scale)`` (rescaled whenever they pass 1),
    so neither a rising nor a long series overflows. Returns
    ``log G, log D, log S, converged`` (``log S`` is zeros unless ``want_s``).
    """
    size = x.size
    first = 1.0 / (x + 1.0)  # g_1
    scale = np.log(first)
    last = np.ones(size)  # g_j / exp(scale) of the last term summed
    sum_g = np.ones(size)  # sums / exp(scale)
    sum_d = np.ones(size)
    h_last = first.copy()
    sum_s = first.copy()
    j_last = 1
    converged = np.zeros(size, bool)
    idx = np.arange(size)
    block = 64
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        while idx.size and j_last < _SERIES_MAX_TERMS:
            xi, yi = x[idx, None], y[idx, None]
            rmax = float(np.max(yi / (xi + j_last + 1.0)))
            k = block if rmax <= 1.0 else max(1, min(block, int(600.0 / math.log(rmax))))
            j = np.arange(j_last + 1, j_last + k + 1, dtype=float)
            xj = xi + j
            terms = last[idx, None] * np.cumprod(yi / xj, axis=1)
            top = terms.max(axis=1)
            shrink = np.where(top > 1.0, 1.0 / top, 1.0)
            terms *= shrink[:, None]
            scale[idx] -= np.log(shrink)
            sum_g[idx] = sum_g[idx] * shrink + terms.sum(axis=1)
            sum_d[idx] = sum_d[idx] * shrink + terms @ j
            if want_s:
                hs = h_last[idx, None] + np.cumsum(1.0 / xj, axis=1)
                sum_s[idx] = sum_s[idx] * shrink + (terms * hs).sum(axis=1)
                h_last[idx] = hs[:, -1]
            last[idx] = terms[:, -1]
            j_last += k
            # bound the rest: the ratios y / (x + j) fall, so the tail is below
            # a geometric series with the next ratio
            r = yi[:, 0] / (xi[:, 0] + j_last + 1.0)
            lst = last[idx]
            tail_d = lst * r * (j_last / (1.0 - r) + 1.0 / (1.0 - r) ** 2)
            done = (r < 1.0) & (tail_d <= 1e-17 * sum_d[idx])
            if want_s:
                tail_s = lst * r / (1.0 - r) * (h_last[idx] + 1.0 / ((xi[:, 0] + j_last) * (1.0 - r)))
                done &= tail_s <= 1e-17 * sum_s[idx]
            converged[idx[done]] = True
            idx = idx[~done]
            block = min(2 * block, 16384)
        return np.log(sum_g) + scale, np.log(sum_d) + scale, np.log(sum_s) + scale, converged


def _tail_gamma(x: np.ndarray, y: np.ndarray, want_s: bool) -> tuple[np.ndarray, ...]:
    """Closed forms for y well above x (regularised incomplete gamma, log space).

    ``log A = lnGamma(x+1) + y - x ln y + ln P(x, y)``; ``D = (A (y - x) + x) / y``;
    ``-dA/dx = e^L0 (ln y - psi(x+1)) + (U + x U_x) / y`` with
    ``U = int_0^inf (1 + v/y)^(x-1) e^-v dv`` by Gauss-Laguerre quadrature.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        log_y = np.log(y)
        l0 = _sp.gammaln(x + 1.0) + y - _sp.xlogy(x, y)
        log_a = l0 + np.log(_sp.gammainc(x, y))
        log_g = _log_expm1(log_a) - log_y
        log_d = np.logaddexp(log_a + np.log(y - x), np.log(x)) - log_y
        log_s = np.zeros_like(x)
        if want_s:
            base = np.log1p(_GL_NODES[None, :] / y[:, None])
            f = np.exp((x[:, None] - 1.0) * base)
            u = f @ _GL_WEIGHTS
            ux = (f * base) @ _GL_WEIGHTS
            first = l0 + np.log(log_y - _sp.digamma(x + 1.0))
            log_s = np.logaddexp(first, np.log(u + x * ux) - log_y) - log_y
    return log_a, log_g, log_d, log_s


def _tail(x: np.ndarray, y: np.ndarray, want_s: bool = False) -> _Tail:
    """Tail sums for 1-d arrays ``x >= 0`` (service/patience) and ``y >= 0`` (load/patience)."""
    size = x.size
    log_a, log_g, log_d, log_s = (np.zeros(size) for _ in range(4))
    closed = (y - x) > np.maximum(600.0, 12.0 * np.sqrt(x))
    ser = ~closed
    if ser.any():
        lg, ld, ls, conv = _tail_series(x[ser], y[ser], want_s)
        with np.errstate(divide="ignore"):
            la = np.logaddexp(0.0, np.log(y[ser]) + lg)
        if not conv.all():
            # only for patience beyond ~1e10 x (AHT / agents) with load within
            # ~1e-5 of capacity: use the closed form, S ~ D / x as x -> inf
            xs, ys = x[ser][~conv], y[ser][~conv]
            ga, gg, gd, _ = _tail_gamma(xs, ys, False)
            bad = ~np.isfinite(ga)
            rho = np.minimum(ys / xs, 1.0 - 1e-12)  # Erlang C limit where P(x, y) underflows
            ga = np.where(bad, -np.log1p(-rho), ga)
            gg = np.where(bad, -np.log(xs) - np.log1p(-rho), gg)
            gd = np.where(bad, -np.log(xs) - 2.0 * np.log1p(-rho), gd)
            la[~conv], lg[~conv], ld[~conv], ls[~conv] = ga, gg, gd, gd - np.log(xs)
        log_a[ser], log_g[ser], log_d[ser], log_s[ser] = la, lg, ld, ls
    if closed.any():
        ga, gg, gd, gs = _tail_gamma(x[closed], y[closed], want_s)
        log_a[closed], log_g[closed], log_d[closed], log_s[closed] = ga, gg, gd, gs
    return _Tail(log_a, log_g, log_d, log_s if want_s else None)


def _abandon_fields(
    log_pi: np.ndarray,
    tail: _Tail,
    tail_t: _Tail,
    x: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    patience: np.ndarray,
    want_asa: bool,
) -> dict[str, np.ndarray]:
    """Waiting metrics of a queue whose states above the boundary b die at rate R + k theta.

    ``log_pi`` is log P(N = b); ``x = R / theta``, ``y = lambda / theta``,
    ``s = theta * target``; ``tail_t`` is the tail at ``(x, y e^-s)``.
    Occupancy is left to the caller.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        p_wait = np.clip(np.exp(log_pi + tail.log_a), 0.0, 1.0)
        p_ab = np.clip(np.exp(log_pi + tail.log_d), 0.0, 1.0)
        decay = -y * np.expm1(-s) - x * s  # y - y_t - R t
        p_v_late = np.clip(np.exp(log_pi + tail_t.log_a + decay), 0.0, 1.0)
        p_served_late = np.exp(log_pi + np.log(x) + tail_t.log_g + decay - s)
        sl = np.clip(1.0 - p_ab - p_served_late, 0.0, 1.0)
        answered = 1.0 - p_ab
        sl_answered = np.where(answered > 0, np.clip(sl / answered, 0.0, 1.0), 0.0)
        if want_asa and tail.log_s is not None:
            wait_served = np.exp(log_pi + np.log(x) + tail.log_s) * patience  # E[W; served]
            asa = np.where(answered > 0, wait_served / answered, np.inf)
        else:
            asa = np.full(x.shape, np.nan)
    return {
        "p_wait": p_wait, "service_level": sl, "asa_s": asa, "p_abandon": p_ab,
        "service_level_answered": sl_answered, "service_level_virtual": 1.0 - p_v_late,
        "mean_wait_all_s": p_ab * patience,
    }  # fmt: skip


# --------------------------------------------------------------------------
# Erlang A
# --------------------------------------------------------------------------


def _erlang_a_core(
    lam: np.ndarray, h: np.ndarray, n: np.ndarray, t: np.ndarray, patience: np.ndarray, want_asa: bool
) -> dict[str, np.ndarray]:
    """Erlang A metrics, 1-d arrays; rate ``lam`` per second; inf patience -> Erlang C."""
    size = lam.size
    a = lam * h
    busy = a > 0
    finite = busy & np.isfinite(patience)
    parts: list[tuple[np.ndarray, dict[str, np.ndarray]]] = [(~busy, _idle_fields(int((~busy).sum())))]
    inf_p = busy & ~finite
    if inf_p.any():
        ai, ni = a[inf_p], n[inf_p]
        parts.append((inf_p, _erlang_c_fields(ai, ni, _log_erlang_b(ai, ni), t[inf_p], h[inf_p])))
    if finite.any():
        am, nm, pm, tm, lm = a[finite], n[finite], patience[finite], t[finite], lam[finite]
        x = nm * pm / h[finite]
        y = lm * pm
        s = tm / pm
        m = x.size
        both = _tail(np.concatenate([x, x]), np.concatenate([y, y * np.exp(-s)]), want_s=want_asa)
        tail = _Tail(both.log_a[:m], both.log_g[:m], both.log_d[:m], None if both.log_s is None else both.log_s[:m])
        tail_t = _Tail(both.log_a[m:], both.log_g[m:], both.log_d[m:], None)
        log_b = _log_erlang_b(am, nm)
        with np.errstate(divide="ignore"):
            log_pi = log_b - np.logaddexp(np.log1p(-np.exp(log_b)), tail.log_a + log_b)
        f = _abandon_fields(log_pi, tail, tail_t, x, y, s, pm, want_asa)
        f["occupancy"] = np.where(nm > 0, np.clip(am * (1.0 - f["p_abandon"]) / np.where(nm > 0, nm, 1.0), 0, 1), 0.0)
        parts.append((finite, _no_agent_exact(f, nm, pm)))
    return _merge(size, parts)


def _no_agent_exact(f: dict[str, np.ndarray], n: np.ndarray, patience: np.ndarray) -> dict[str, np.ndarray]:
    """The fields where there is no agent, as they are exactly: every contact waits out its
    patience and abandons. The tail's rounding gave p_abandon 0.9999999999999999 at a
    patience of 0.01 s, so 1 - p_abandon > 0 made the answered contacts' service level 1
    and their ASA 0 (an audit against mpmath)."""
    none = n == 0
    if not none.any():
        return f
    exact = {"p_wait": 1.0, "p_abandon": 1.0, "service_level": 0.0, "service_level_answered": 0.0,
             "service_level_virtual": 0.0, "asa_s": math.inf, "mean_wait_all_s": patience, "occupancy": 0.0}
    return {key: np.where(none, exact[key], value) if key in exact else value for key, value in f.items()}


def erlang_a_metrics(rate_per_h: Any, aht_s: Any, agents: Any, target_s: Any, patience_s: Any) -> QueueMetrics:
    """Service level, abandonment and waiting of the Erlang A (M/M/n+M) queue.

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
    patience_s : float or array-like
        Mean patience of a waiting contact [s], > 0; ``inf`` gives Erlang C.

    Returns
    -------
    QueueMetrics
        ``service_level`` = answered within target / all arrivals;
        ``service_level_answered`` = answered within target / answered;
        ``service_level_virtual`` = P(V <= target_s); ``asa_s`` = mean wait
        of answered contacts; ``mean_wait_all_s`` = mean wait over all
        arrivals (= ``p_abandon * patience_s``); ``occupancy`` =
        traffic x (1 - p_abandon) / agents. Always stable.

    Examples
    --------
    pyworkforce's Erlang A case: 100 calls per 30 minutes, AHT 3 min,
    patience 5 min, 14 agents, 20 s target.

    >>> m = erlang_a_metrics(200, 180, 14, 20, 300)
    >>> round(m.p_wait, 5), round(m.p_abandon, 6), round(m.service_level, 6)
    (0.14526, 0.013984, 0.916792)
    >>> round(m.mean_wait_all_s / 60, 6), round(m.asa_s / 60, 6)
    (0.069919, 0.064641)
    >>> round(erlang_a_metrics(200, 180, 0, 20, 300).p_abandon, 6)
    1.0
    """
    scalar = _is_scalar(rate_per_h, aht_s, agents, target_s, patience_s)
    lam, h, n, t, pat = _broadcast(
        rate_per_h=_check("rate_per_h", rate_per_h),
        aht_s=_check("aht_s", aht_s, strict=True),
        agents=_check("agents", agents),
        target_s=_check("target_s", target_s),
        patience_s=_check("patience_s", patience_s, strict=True, allow_inf=True),
    )
    shape = lam.shape
    f = _erlang_a_core(*(v.ravel() for v in (lam / 3600.0, h, n, t, pat)), want_asa=True)
    return _metrics(f, shape, scalar)


# --------------------------------------------------------------------------
# Chat with concurrency
# --------------------------------------------------------------------------

_CHAT_CELLS = 4_000_000  # states x intervals evaluated at once


def _chat_chain(lam: np.ndarray, levels: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chain below the boundary ``b = n m``, for whole agents n >= 1 and lam > 0.

    Returns ``log sum_{j<b} w_j``, ``log sum_{j<b} j w_j`` and ``log w_b`` with
    ``w_0 = 1`` and ``w_j = w_{j-1} lam / r(j)``. State ``j = q n + k``
    (q = 0..m-1, k = 1..n) has k agents holding q + 1 chats and n - k holding
    q, so ``r(j) = n rate_q + k (rate_{q+1} - rate_q)`` with ``rate_k = k / h_k``.
    """
    size, m = levels.shape
    nmax = int(n.max())
    rates = np.concatenate([np.zeros((size, 1)), np.arange(1, m + 1) / levels], axis=1)  # k / h_k [1/s]
    base = (n[:, None] * rates[:, :-1])[:, :, None]
    diff = np.diff(rates, axis=1)[:, :, None]
    k = np.arange(1, nmax + 1, dtype=float)
    valid = k[None, :] <= n[:, None]  # (size, nmax)
    valid3 = valid[:, None, :]
    # padding beyond n adds nothing (and its rate may be negative when k / h_k falls with k)
    lr = np.where(valid3, np.log(lam)[:, None, None] - np.log(np.where(valid3, base + k * diff, 1.0)), 0.0)
    logw = np.cumsum(lr.reshape(size, m * nmax), axis=1)  # log w_j at the (q, k) of each state
    log_wb = logw[:, -1]  # the boundary state n m comes last
    top = np.maximum(logw.max(axis=1), 0.0)
    wgt = np.exp(logw - top[:, None]).reshape(size, m, nmax)
    wgt *= valid[:, None, :]
    wgt[np.arange(size), m - 1, (n - 1).astype(np.intp)] = 0.0  # the boundary is not below
    per_block = wgt.sum(axis=2)  # (size, m)
    sum_below = per_block.sum(axis=1) + np.exp(-top)  # state 0 has weight 1
    jw = (per_block * (np.arange(m) * n[:, None])).sum(axis=1) + wgt.sum(axis=1) @ k
    with np.errstate(divide="ignore"):
        return np.log(sum_below) + top, np.log(jw) + top, log_wb


def _chat_from_chain(
    lam: np.ndarray,
    levels: np.ndarray,
    n: np.ndarray,
    t: np.ndarray,
    patience: np.ndarray,
    chain: tuple[np.ndarray, np.ndarray, np.ndarray],
    want_asa: bool,
) -> dict[str, np.ndarray]:
    """Chat metrics from the chain below the boundary and the Erlang A-like tail."""
    size, m = levels.shape
    log_below, log_jw_below, log_wb = chain
    slots = n * m
    big_r = slots / levels[:, -1]  # R: completion rate with every slot busy [1/s]
    out: dict[str, np.ndarray] = {key: np.zeros(size) for key in _FIELDS}
    finite = np.isfinite(patience)
    if finite.any():
        fm = finite
        x = big_r[fm] * patience[fm]
        y = lam[fm] * patience[fm]
        s = t[fm] / patience[fm]
        k = x.size
        both = _tail(np.concatenate([x, x]), np.concatenate([y, y * np.exp(-s)]), want_s=want_asa)
        tail = _Tail(both.log_a[:k], both.log_g[:k], both.log_d[:k], None if both.log_s is None else both.log_s[:k])
        tail_t = _Tail(both.log_a[k:], both.log_g[k:], both.log_d[k:], None)
        log_z = np.logaddexp(log_below[fm], log_wb[fm] + tail.log_a)
        log_pi = log_wb[fm] - log_z
        f = _abandon_fields(log_pi, tail, tail_t, x, y, s, patience[fm], want_asa)
        for key, val in f.items():
            out[key][fm] = val
        out["occupancy"][fm] = (np.exp(log_jw_below[fm] - log_z) + slots[fm] * f["p_wait"]) / slots[fm]
    inf_p = ~finite
    if inf_p.any():
        lm, rr, tm = lam[inf_p], big_r[inf_p], t[inf_p]
        stable = lm < rr
        rho = np.where(stable, lm / rr, 0.5)
        log_z = np.logaddexp(log_below[inf_p], log_wb[inf_p] - np.log1p(-rho))
        p_wait = np.where(stable, np.clip(np.exp(log_wb[inf_p] - log_z - np.log1p(-rho)), 0.0, 1.0), 1.0)
        gap = np.where(stable, rr - lm, 1.0)
        sl = np.where(stable, np.clip(1.0 - p_wait * np.exp(-gap * tm), 0.0, 1.0), 0.0)
        asa = np.where(stable, p_wait / gap, np.inf)
        sb = slots[inf_p]
        occ = np.where(stable, (np.exp(log_jw_below[inf_p] - log_z) + sb * p_wait) / sb, 1.0)
        f = {
            "p_wait": p_wait, "service_level": sl, "asa_s": asa, "occupancy": occ, "p_abandon": np.zeros_like(sl),
            "service_level_answered": sl, "service_level_virtual": sl, "mean_wait_all_s": asa,
        }  # fmt: skip
        for key, val in f.items():
            out[key][inf_p] = val
    out["occupancy"] = np.clip(out["occupancy"], 0.0, 1.0)
    return out


def _chat_whole(
    lam: np.ndarray, levels: np.ndarray, n: np.ndarray, t: np.ndarray, patience: np.ndarray, want_asa: bool
) -> dict[str, np.ndarray]:
    """Chat metrics for whole agents (1-d arrays); handles no arrivals and no agents."""
    size, m = levels.shape
    busy = lam > 0
    staffed = busy & (n >= 1)
    parts: list[tuple[np.ndarray, dict[str, np.ndarray]]] = [(~busy, _idle_fields(int((~busy).sum())))]
    empty = busy & (n < 1)
    if empty.any():
        k = int(empty.sum())
        ab = np.where(np.isfinite(patience[empty]), 1.0, 0.0)
        mean_all = np.where(ab > 0, patience[empty], np.inf)
        zero = np.zeros(k)
        parts.append((empty, {
            "p_wait": np.ones(k), "service_level": zero, "asa_s": np.full(k, np.inf), "occupancy": zero,
            "p_abandon": ab, "service_level_answered": zero, "service_level_virtual": zero, "mean_wait_all_s": mean_all,
        }))  # fmt: skip
    if staffed.any():
        sel = np.flatnonzero(staffed)
        order = sel[np.argsort(n[sel], kind="stable")]
        n_sorted = n[order]
        chain = tuple(np.zeros(size) for _ in range(3))
        start = 0
        while start < order.size:
            # rows of similar n together, so little of the state grid is padding
            n0 = n_sorted[start]
            stop = int(np.searchsorted(n_sorted, max(1.5 * n0, n0 + 8.0), side="right"))
            stop = max(start + 1, min(stop, start + max(1, int(_CHAT_CELLS // (m * n_sorted[stop - 1])))))
            ids = order[start:stop]
            for store, part in zip(chain, _chat_chain(lam[ids], levels[ids], n[ids])):
                store[ids] = part
            start = stop
        f = _chat_from_chain(
            lam[sel], levels[sel], n[sel], t[sel], patience[sel], tuple(c[sel] for c in chain), want_asa
        )
        parts.append((staffed, f))
    return _merge(size, parts)


def _chat_core(
    lam: np.ndarray, levels: np.ndarray, n: np.ndarray, t: np.ndarray, patience: np.ndarray, want_asa: bool
) -> dict[str, np.ndarray]:
    """Chat metrics; non-integer agents interpolated linearly between whole numbers."""
    lo = np.floor(n)
    w = n - lo
    frac = w > 0
    if not frac.any():
        return _chat_whole(lam, levels, n, t, patience, want_asa)
    idx = np.concatenate([np.arange(lam.size), np.flatnonzero(frac)])
    nn = np.concatenate([lo, lo[frac] + 1.0])
    f = _chat_whole(lam[idx], levels[idx], nn, t[idx], patience[idx], want_asa)
    out = {}
    for key in _FIELDS:
        v_lo = f[key][: lam.size].copy()
        v_hi = f[key][lam.size :]
        wf = w[frac]
        v_lo[frac] = np.where(wf >= 1.0, v_hi, (1.0 - wf) * v_lo[frac] + wf * v_hi)
        out[key] = v_lo
    return out


def _chat_levels(aht_s_levels: Any, name: str = "aht_s_levels") -> np.ndarray:
    levels = _check(name, aht_s_levels, strict=True)
    if levels.ndim == 0 or levels.shape[-1] < 1:
        raise ValueError(
            f"{name} must list the handle time per concurrency level [s], e.g. [600, 750, 900], got {aht_s_levels!r}"
        )
    return levels


def chat_metrics(
    rate_per_h: Any, aht_s_levels: Any, agents: Any, target_s: Any, patience_s: Any = None
) -> QueueMetrics:
    """Service level and abandonment of chat where an agent holds several chats.

    The birth-death model of the module docstring: chats spread evenly over
    the agents, each chat lasting ``aht_s_levels[k-1]`` on average while its
    agent holds ``k`` chats; chats beyond ``agents * m`` queue (and abandon
    with mean patience ``patience_s``).

    Parameters
    ----------
    rate_per_h : float or array-like
        Chat arrival rate [1/h], >= 0.
    aht_s_levels : array-like, shape (m,) or (..., m)
        Mean chat duration when the agent holds 1, 2, ..., m chats [s], > 0;
        the concurrency is m. Leading axes broadcast with the other arguments.
    agents : float or array-like
        Agents [-], >= 0 (non-integer: linear interpolation).
    target_s : float or array-like
        First-response target (wait in queue) [s], >= 0.
    patience_s : float or array-like, optional
        Mean patience while queued [s], > 0; None or ``inf``: no abandonment.

    Returns
    -------
    QueueMetrics
        As for Erlang A; ``occupancy`` is the share of the ``agents * m`` chat
        slots in use. Without patience an unstable queue (rate >= agents *
        m / h_m) gives ``p_wait = 1``, ``service_level = 0``, ``asa_s = inf``.

    Examples
    --------
    The case of queueing_models.md section 3: 2 chats a minute, 6 / 7.5 / 9
    minutes at 1 / 2 / 3 chats, patience 3 minutes, 60 s target.

    >>> m = chat_metrics(120, [360, 450, 540], [6, 7, 8], 60, patience_s=180)
    >>> m.p_abandon.round(4), m.service_level.round(4)
    (array([0.1016, 0.0357, 0.0085]), array([0.8072, 0.9331, 0.9847]))
    """
    levels = _chat_levels(aht_s_levels)
    scalar = _is_scalar(rate_per_h, agents, target_s, patience_s) and levels.ndim == 1
    pat_in = np.inf if patience_s is None else patience_s
    lam, n, t, pat = _broadcast(
        rate_per_h=_check("rate_per_h", rate_per_h),
        agents=_check("agents", agents),
        target_s=_check("target_s", target_s),
        patience_s=_check("patience_s", pat_in, strict=True, allow_inf=True),
    )
    shape = np.broadcast_shapes(lam.shape, levels.shape[:-1])
    m = levels.shape[-1]
    lam, n, t, pat = (np.broadcast_to(v, shape).ravel() for v in (lam, n, t, pat))
    lv = np.broadcast_to(levels, shape + (m,)).reshape(-1, m)
    f = _chat_core(lam / 3600.0, lv, n, t, pat, want_asa=True)
    return _metrics(f, shape, scalar)


# --------------------------------------------------------------------------
# Inverse: agents needed
# --------------------------------------------------------------------------


TARGET_TOLERANCE = 1e-12
"""Targets count as met to within this [-]: the figures carry rounding noise of
about 1e-15, and without a margin a target at that level (e.g. a service
level of 1e-300) would make the search see noise instead of a monotone curve."""


def _size_erlang_c(
    a: np.ndarray, h: np.ndarray, t: np.ndarray, sl: np.ndarray, occ: np.ndarray
) -> np.ndarray:
    """Least integer n > a with SL >= sl and a/n <= occ (1-d arrays, a > 0).

    Starts at the stability / occupancy bound and steps the Erlang B
    recursion forward for every unresolved interval at once.
    """
    n = np.maximum(np.floor(a) + 1.0, np.ceil(a / occ))
    lower = n - 1.0
    n = np.where((lower > a) & (a / np.maximum(lower, 1e-300) <= occ + TARGET_TOLERANCE), lower, n)  # ceil rounding
    b = np.exp(_log_erlang_b(a, n))
    result = np.zeros_like(a)
    idx = np.arange(a.size)
    aa, nn, bb, tt, hh, ss, oo = a, n, b, t, h, sl, occ
    while idx.size:
        with np.errstate(divide="ignore"):
            f = _erlang_c_fields(aa, nn, np.log(bb), tt, hh)
        ok = (nn > aa) & (f["service_level"] >= ss - TARGET_TOLERANCE) & (f["occupancy"] <= oo + TARGET_TOLERANCE)
        result[idx[ok]] = nn[ok]
        keep = ~ok
        idx, aa, nn, bb, tt, hh, ss, oo = (v[keep] for v in (idx, aa, nn, bb, tt, hh, ss, oo))
        nn = nn + 1.0
        bb = aa * bb / (nn + aa * bb)
    return result


def _least_feasible(
    feasible: Callable[[np.ndarray, np.ndarray], np.ndarray], lo: np.ndarray, guess: np.ndarray
) -> np.ndarray:
    """Least integer n >= lo with ``feasible(idx, n)``, feasibility monotone in n.

    Vectorised: the first call tests ``guess - 1`` and ``guess`` together
    (a good guess settles an element at once); then a galloping search (down
    while feasible, up while not) and bisection, testing every unresolved
    element in one call per round.
    """
    size = lo.size
    bad = lo - 1.0  # known (or assumed) infeasible
    good = np.full(size, np.inf)  # known feasible
    g = np.maximum(np.round(guess), lo)
    pair = np.flatnonzero(g - 1.0 >= lo)
    ok = feasible(np.concatenate([np.arange(size), pair]), np.concatenate([g, g[pair] - 1.0]))
    ok_g, ok_below = ok[:size], ok[size:]
    good[ok_g] = g[ok_g]
    bad[~ok_g] = g[~ok_g]
    good[pair[ok_below]] = g[pair[ok_below]] - 1.0
    bad[pair[~ok_below]] = np.maximum(bad[pair[~ok_below]], g[pair[~ok_below]] - 1.0)
    step = np.full(size, 2.0)
    for _ in range(400):
        idx = np.flatnonzero(good - bad > 1.0)
        if not idx.size:
            return good
        gd, b, st = good[idx], bad[idx], step[idx]
        up = np.isinf(gd)
        with np.errstate(invalid="ignore"):
            cand = np.where(up, b + st, np.where(gd - st > b, gd - st, np.floor((gd + b) / 2.0)))
        step[idx] = st * 2.0
        ok = feasible(idx, cand)
        good[idx[ok]] = cand[ok]
        bad[idx[~ok]] = cand[~ok]
    raise RuntimeError("agents_needed: the search did not converge")  # pragma: no cover


def _guided_search(
    feasible: Callable[[np.ndarray, np.ndarray], np.ndarray],
    lo: np.ndarray,
    guess: np.ndarray,
    load: np.ndarray,
    sample: int = 12,
) -> np.ndarray:
    """:func:`_least_feasible` with the guess corrected from a sample.

    Solves a dozen elements spread over the range of ``load`` first, then
    shifts every guess by the sample's error interpolated over the load, so
    most elements are settled by the first call.
    """
    size = lo.size
    if size > 2 * sample:
        order = np.argsort(load, kind="stable")
        pick = order[np.unique(np.linspace(0, size - 1, sample).round().astype(np.intp))]
        exact = _least_feasible(lambda idx, n: feasible(pick[idx], n), lo[pick], guess[pick])
        shift = np.interp(load, load[pick], exact - guess[pick])
        guess = np.maximum(lo, guess + np.round(shift))
        guess[pick] = exact
    return _least_feasible(feasible, lo, guess)


def _targets_met(
    f: dict[str, np.ndarray], sl: np.ndarray | None, ab: np.ndarray | None, occ: np.ndarray | None
) -> np.ndarray:
    ok = np.ones(f["p_wait"].shape, bool)
    if sl is not None:
        ok &= f["service_level"] >= sl - TARGET_TOLERANCE
    if ab is not None:
        ok &= f["p_abandon"] <= ab + TARGET_TOLERANCE
    if occ is not None:
        ok &= f["occupancy"] <= occ + TARGET_TOLERANCE
    return ok


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

    Erlang C without ``patience_s``, Erlang A with it, and the chat model of
    the module docstring when ``concurrency > 1``. Wherever contacts arrive
    at least one agent is needed (no agents answer nobody), and an Erlang C
    queue (or chat without patience) must be stable: agents > traffic,
    strictly, whatever the occupancy ceiling. A target counts as met to
    within :data:`TARGET_TOLERANCE` (1e-12). The search is vectorised over
    all elements (no Python loop over intervals).

    Parameters
    ----------
    rate_per_h : float or array-like
        Arrival rate [1/h], >= 0.
    aht_s : float or array-like
        Average handle time [s], > 0. With ``concurrency = m > 1``: one value,
        or the handle time per concurrency level ``[h_1, ..., h_m]`` (last
        axis of length m), as in :func:`chat_metrics`.
    target_sl : float or array-like or None
        Service-level target [-], in [0, 1): share of all arrivals answered
        within ``target_s`` (the "offered" definition with abandonment).
        None: no service-level target.
    target_s : float or array-like
        Answer-time target [s], >= 0 (chat: first response).
    patience_s : float or array-like, optional
        Mean patience [s], > 0; ``inf`` entries use Erlang C.
    max_abandon : float or array-like, optional
        Ceiling on the abandonment probability [-], in (0, 1].
    max_occupancy : float or array-like, optional
        Ceiling on occupancy [-], in (0, 1] (chat: share of chat slots).
    concurrency : int, default 1
        Chats one agent may hold at once, >= 1.

    Returns
    -------
    int or numpy.ndarray of int64
        Least agents [-]; 0 where the rate is 0.

    Examples
    --------
    >>> agents_needed(200, 180, 0.8, 20)
    14
    >>> agents_needed([0, 200, 400], 180, 0.8, 20, max_occupancy=0.85)
    array([ 0, 14, 24])
    >>> agents_needed(200, 180, 0.8, 20, patience_s=300, max_abandon=0.02)
    14
    >>> agents_needed(120, [360, 450, 540], 0.8, 60, patience_s=180, concurrency=3)
    6
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, (int, np.integer)) or concurrency < 1:
        raise ValueError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    m = int(concurrency)
    if m > 1:
        levels = _check("aht_s", aht_s, strict=True)
        if levels.ndim == 0:
            levels = np.full(m, float(levels))
        elif levels.shape[-1] != m:
            raise ValueError(
                f"aht_s must give one handle time per concurrency level (last axis of length {m}), "
                f"got shape {levels.shape}"
            )
        aht_in: Any = 0.0
        scalar_aht = levels.ndim == 1
    else:
        aht_in = aht_s
        scalar_aht = np.ndim(aht_s) == 0
    scalar = scalar_aht and _is_scalar(rate_per_h, target_sl, target_s, patience_s, max_abandon, max_occupancy)
    args = {
        "rate_per_h": _check("rate_per_h", rate_per_h),
        "aht_s": _check("aht_s", aht_in, strict=m == 1),
        "target_sl": _check("target_sl", 0.0 if target_sl is None else target_sl, maximum=1.0, max_strict=True),
        "target_s": _check("target_s", target_s),
        "patience_s": _check("patience_s", np.inf if patience_s is None else patience_s, strict=True, allow_inf=True),
        "max_abandon": _check(
            "max_abandon", 1.0 if max_abandon is None else max_abandon, strict=True, maximum=1.0
        ),
        "max_occupancy": _check(
            "max_occupancy", 1.0 if max_occupancy is None else max_occupancy, strict=True, maximum=1.0
        ),
    }
    lam, h, sl, t, pat, ab, occ = _broadcast(**args)
    shape = lam.shape if m == 1 else np.broadcast_shapes(lam.shape, levels.shape[:-1])
    lam, h, sl, t, pat, ab, occ = (np.broadcast_to(v, shape).ravel() for v in (lam, h, sl, t, pat, ab, occ))
    lam = lam / 3600.0
    sl_t = None if target_sl is None else sl
    ab_t = None if max_abandon is None else ab
    occ_t = None if max_occupancy is None else occ
    res = np.zeros(lam.size)
    busy = lam > 0
    if m == 1:
        erl_c = busy & ~np.isfinite(pat)
        if erl_c.any():
            a = lam[erl_c] * h[erl_c]
            res[erl_c] = _size_erlang_c(a, h[erl_c], t[erl_c], sl[erl_c], occ[erl_c])
        erl_a = busy & np.isfinite(pat)
        if erl_a.any():
            res[erl_a] = _size_erlang_a(
                lam[erl_a], h[erl_a], t[erl_a], pat[erl_a],
                *(None if v is None else v[erl_a] for v in (sl_t, ab_t, occ_t)),
            )  # fmt: skip
    elif busy.any():
        lv = np.broadcast_to(levels, shape + (m,)).reshape(-1, m)[busy]
        res[busy] = _size_chat(
            lam[busy], lv, t[busy], pat[busy], *(None if v is None else v[busy] for v in (sl_t, ab_t, occ_t))
        )
    out = res.reshape(shape).astype(np.int64)
    return int(out) if scalar else out


def _size_erlang_a(lam, h, t, pat, sl, ab, occ) -> np.ndarray:
    """Least whole agents meeting the targets in Erlang A (1-d arrays, lam > 0)."""
    a = lam * h
    # throughput bound: answered share <= n / a, and service level <= answered share
    need = np.zeros_like(a)
    if sl is not None:
        need = np.maximum(need, sl)
    if ab is not None:
        need = np.maximum(need, 1.0 - ab)
    lo = np.maximum(1.0, np.floor(a * need * (1.0 - 1e-12)))
    guess = _size_erlang_c(
        a, h, t, np.zeros_like(a) if sl is None else sl, np.ones_like(a) if occ is None else occ
    )

    def feasible(idx: np.ndarray, n: np.ndarray) -> np.ndarray:
        f = _erlang_a_core(lam[idx], h[idx], n, t[idx], pat[idx], want_asa=False)
        return _targets_met(f, *(None if v is None else v[idx] for v in (sl, ab, occ)))

    return _guided_search(feasible, lo, np.maximum(guess, lo), a)


def _size_chat(lam, levels, t, pat, sl, ab, occ) -> np.ndarray:
    """Least whole agents meeting the targets in the chat model (1-d arrays, lam > 0)."""
    m = levels.shape[1]
    best_rate = (np.arange(1, m + 1) / levels).max(axis=1)  # most chats one agent can finish [1/s]
    need = np.zeros_like(lam)
    if sl is not None:
        need = np.maximum(need, sl)
    if ab is not None:
        need = np.maximum(need, 1.0 - ab)
    lo = np.maximum(1.0, np.floor(lam * need / best_rate * (1.0 - 1e-12)))
    no_patience = ~np.isfinite(pat)
    slot_rate = m / levels[:, -1]  # completion rate of a full agent [1/s]
    lo = np.where(no_patience, np.maximum(lo, np.floor(lam / slot_rate) + 1.0), lo)
    # guess: n*m servers at the longest handle time (conservative), in agents
    a_slots = lam * levels[:, -1]
    slots = _size_erlang_c(
        a_slots, levels[:, -1], t, np.zeros_like(lam) if sl is None else sl, np.ones_like(lam)
    )
    guess = np.maximum(lo, np.ceil(slots / m))

    def feasible(idx: np.ndarray, n: np.ndarray) -> np.ndarray:
        f = _chat_whole(lam[idx], levels[idx], n, t[idx], pat[idx], want_asa=False)
        return _targets_met(f, *(None if v is None else v[idx] for v in (sl, ab, occ)))

    return _guided_search(feasible, lo, guess, a_slots)


# --------------------------------------------------------------------------
# Deferred work: callbacks and email
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DeferredCapacity:
    """Capacity that deferred work (callbacks, email) needs on a cyclic week grid.

    Attributes
    ----------
    capacity : float
        Least steady capacity [agents] that, worked earliest deadline first,
        finishes every request within its window, including the Poisson buffer.
    work : numpy.ndarray
        Expected work arriving per interval [agent-intervals]: contacts x
        AHT / interval length, no buffer.
    spread : numpy.ndarray
        Agents per interval [agents] if each interval's work is spread evenly
        over the open intervals of its window, with a buffer ``z *
        sqrt(count) * AHT`` on the requests each interval takes: a feasible
        profile the scheduler may reshape within the windows.
    window_intervals : int
        d: work arriving in interval i must be done in intervals
        ``[i, i + d)`` (wrapping from the week's end to its start).
    window_start : numpy.ndarray
        First interval of each interval's window (= i).
    window_end : numpy.ndarray
        One past the last interval of the window (= i + d, may exceed the
        grid length: take it modulo the length).
    late_work : numpy.ndarray
        Work per arrival interval that cannot be on time because no interval
        of its window is open [agent-intervals] (zeros when all are open).
    """

    capacity: float
    work: np.ndarray
    spread: np.ndarray
    window_intervals: int
    window_start: np.ndarray
    window_end: np.ndarray
    late_work: np.ndarray


def deadline_intervals(deadline_min: float, interval_min: float) -> int:
    """The intervals a deferred request's answer window is planned as: ``max(1,
    floor(deadline_min / interval_min))`` (see :func:`deferred_capacity_needed`).

    >>> deadline_intervals(120, 30), deadline_intervals(45, 30), deadline_intervals(15, 30)
    (4, 1, 1)
    """
    return max(1, math.floor(deadline_min / interval_min + 1e-9))


def _deferred_inputs(contacts_per_interval: Any, aht_s: Any, deadline_min: Any, interval_min: Any):
    counts = _check("contacts_per_interval", contacts_per_interval)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(
            f"contacts_per_interval must be a 1-d array over the week grid, got shape {counts.shape}"
        )
    aht = np.broadcast_to(_check("aht_s", aht_s, strict=True), counts.shape).astype(float)
    interval = float(_check("interval_min", interval_min, strict=True))
    deadline = float(_check("deadline_min", deadline_min, strict=True))
    d = min(counts.size, deadline_intervals(deadline, interval))
    return counts, aht, interval * 60.0, d


def deferred_capacity_needed(
    contacts_per_interval: Any,
    aht_s: Any,
    deadline_min: float,
    interval_min: float,
    *,
    buffer_z: float = 1.645,
    open_intervals: Any = None,
) -> DeferredCapacity:
    """Capacity that deferred requests need when each may be answered within a deadline.

    The grid is cyclic (the week's last interval is followed by its first).
    Work arriving in interval i must be done within ``d = max(1,
    floor(deadline_min / interval_min))`` intervals, i.e. in ``[i, i + d)``:
    conservative at the end of the window, slightly optimistic in that an
    interval's requests may be worked in the interval they arrive.

    On pooled capacity ``c`` (agents in every open interval) worked earliest
    deadline first (FIFO here, as every request has the same deadline) this
    holds if and only if, for every run of arrival intervals ``s..s+L-1``, the
    work arriving in it fits in the open intervals among the ``L + d - 1`` it
    may use: cumulative capacity by ``u + D`` >= cumulative work arrived by
    ``u``. ``capacity`` is the least steady ``c`` meeting every run, with a
    buffer ``z * sqrt(count) * AHT`` on each run's count for Poisson noise,
    and at least the week's mean load over the open intervals.

    Parameters
    ----------
    contacts_per_interval : array-like, shape (T,)
        Requests arriving per interval [contacts], >= 0.
    aht_s : float or array-like
        Handling time per request [s], > 0 (scalar or per interval).
    deadline_min : float
        Answer window [min], > 0 (capped at the grid length).
    interval_min : float
        Grid interval [min], > 0.
    buffer_z : float, default 1.645
        Safety factor z >= 0 of the Poisson buffer (1.645: one-sided 95 %).
    open_intervals : array-like of bool, shape (T,), optional
        Intervals in which the requests can be worked (default: all).
        Requests whose whole window is closed cannot be on time: their work
        is reported in ``late_work`` and is due, and placed in ``spread``, at
        the first open interval after the window (ahead of later requests).

    Returns
    -------
    DeferredCapacity

    Examples
    --------
    Forty callbacks of 5 minutes at 9:00 on a 15-minute grid, answered within
    two hours: 200 minutes of work over an eight-interval window.

    >>> counts = np.zeros(672); counts[36] = 40
    >>> r = deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0)
    >>> r.window_intervals, round(r.capacity, 4), round(float(r.work[36]), 4)
    (8, 1.6667, 13.3333)
    >>> r.spread[36:44].round(4).tolist() == [1.6667] * 8
    True

    Open 8:00-10:00 only: the same work has to fit in four intervals.

    >>> hours = np.arange(672) % 96 / 4
    >>> r = deferred_capacity_needed(counts, 300, 120, 15, buffer_z=0, open_intervals=(hours >= 8) & (hours < 10))
    >>> round(r.capacity, 4), r.spread[36:40].round(4).tolist()
    (3.3333, [3.3333, 3.3333, 3.3333, 3.3333])
    """
    counts, aht, seconds, d = _deferred_inputs(contacts_per_interval, aht_s, deadline_min, interval_min)
    z = float(_check("buffer_z", buffer_z))
    size = counts.size
    if open_intervals is None:
        avail = np.ones(size)
    else:
        avail = np.asarray(open_intervals)
        if avail.shape != counts.shape:
            raise ValueError(
                f"open_intervals must give one flag per interval, shape {counts.shape}, got shape {avail.shape}"
            )
        avail = avail.astype(bool).astype(float)
    work_s = counts * aht  # [s of agent time]
    if not avail.any() and work_s.sum() > 0:
        raise ValueError("open_intervals must mark at least one interval open when requests arrive")
    # open intervals in [k0, k1) of the repeated grid: co[k1] - co[k0]
    tiled = np.tile(avail, 3)
    co = np.concatenate([[0.0], np.cumsum(tiled)])
    start = np.arange(size)
    meetable = co[start + d] - co[start] > 0
    # due: one past the last interval a request may use; a request whose whole
    # window is closed is due at the end of the first open interval after it
    # (it is late, but must still be done, and before later requests: FIFO)
    opens = np.flatnonzero(tiled)
    first_after = opens[np.minimum(np.searchsorted(opens, start + d), opens.size - 1)] if opens.size else start + d
    due = np.where(meetable, start + d, first_after + 1)
    late_s = np.where(meetable, 0.0, work_s)
    # run sums over every start s and length L = 1..T on the doubled (cyclic)
    # grid: the work of arrivals s..e must fit in the open intervals of
    # [s, due(e)); the buffer z sqrt(count) h at the run's mean handling
    # time h is z * work / sqrt(count)
    cw = np.concatenate([[0.0], np.cumsum(np.concatenate([work_s, work_s]))])
    cn = np.concatenate([[0.0], np.cumsum(np.concatenate([counts, counts]))])
    # (T x T arrays: in place, to spare allocations)
    run_w = sliding_window_view(cw, size + 1)[:size, 1:] - cw[:size, None]
    run_n = sliding_window_view(cn, size + 1)[:size, 1:] - cn[:size, None]
    co_due = co[np.concatenate([due, due + size])]  # open intervals before the due point of arrival e
    run_open = sliding_window_view(co_due, size)[:size] - co[:size, None]
    if z > 0:
        np.maximum(run_n, 1e-300, out=run_n)
        np.sqrt(run_n, out=run_n)
        np.divide(z, run_n, out=run_n)
        run_n += 1.0
        run_w *= run_n
    np.maximum(run_open, 1.0, out=run_open)
    run_w /= run_open
    mean_load = work_s.sum() / (max(avail.sum(), 1.0) * seconds)
    capacity = float(max(run_w.max() / seconds, mean_load))
    # spread: each interval's work evenly over the open intervals of its
    # window (a closed window: the first open interval after it), with the
    # buffer of the work that falls in interval j
    spread = np.zeros(size)
    n_at = np.zeros(size)
    w_ok = np.where(meetable, work_s, 0.0)
    n_ok = np.where(meetable, counts, 0.0)
    per_open = np.divide(w_ok, co[start + d] - co[start], out=np.zeros(size), where=meetable)
    per_n = np.divide(n_ok, co[start + d] - co[start], out=np.zeros(size), where=meetable)
    cs = np.concatenate([[0.0], np.cumsum(np.concatenate([per_open, per_open]))])
    cc = np.concatenate([[0.0], np.cumsum(np.concatenate([per_n, per_n]))])
    spread += avail * (cs[size + 1 : 2 * size + 1] - cs[size + 1 - d : 2 * size + 1 - d])
    n_at += avail * (cc[size + 1 : 2 * size + 1] - cc[size + 1 - d : 2 * size + 1 - d])
    if late_s.any():
        np.add.at(spread, first_after[~meetable] % size, late_s[~meetable])
        np.add.at(n_at, first_after[~meetable] % size, counts[~meetable])
    spread = spread * (1.0 + z / np.sqrt(np.maximum(n_at, 1e-300))) / seconds
    return DeferredCapacity(
        capacity=capacity,
        work=work_s / seconds,
        spread=spread,
        window_intervals=d,
        window_start=start,
        window_end=start + d,
        late_work=late_s / seconds,
    )


@dataclasses.dataclass(frozen=True)
class DeferredService:
    """How a capacity profile serves deferred work on the cyclic week.

    Attributes
    ----------
    on_time_share : numpy.ndarray
        Share of each interval's work finished within its window [-].
    backlog : numpy.ndarray
        Work waiting at the end of each interval [agent-intervals].
    week_on_time_share : float
        On-time share of the week's work [-] (1 when there is no work).
    stable : bool
        False when the week's capacity is below the week's work (the backlog
        grows without bound; the figures are those of the third week).
    """

    on_time_share: np.ndarray
    backlog: np.ndarray
    week_on_time_share: float
    stable: bool


def deferred_service(
    contacts_per_interval: Any, aht_s: Any, capacity_agents: Any, deadline_min: float, interval_min: float
) -> DeferredService:
    """On-time share of deferred work for a given capacity per interval.

    A fluid model: each interval's requests are available from the start of
    the interval and worked first in, first out on the pooled capacity; the
    requests of interval i are on time if done by the end of interval
    ``i + d - 1`` (``d`` as in :func:`deferred_capacity_needed`). The cyclic
    week is run three times so the backlog carried over Sunday night is
    included.

    Parameters
    ----------
    contacts_per_interval : array-like, shape (T,)
        Requests arriving per interval [contacts], >= 0.
    aht_s : float or array-like
        Handling time per request [s], > 0.
    capacity_agents : float or array-like
        Agents working the deferred queue in each interval [agents], >= 0.
    deadline_min : float
        Answer window [min], > 0.
    interval_min : float
        Grid interval [min], > 0.

    Returns
    -------
    DeferredService

    Examples
    --------
    >>> counts = np.zeros(672); counts[36] = 40
    >>> cap = np.zeros(672); cap[36:44] = 1.6667
    >>> s = deferred_service(counts, 300, cap, 120, 15)
    >>> round(float(s.on_time_share[36]), 4), s.week_on_time_share == float(s.on_time_share[36])
    (1.0, True)

    Half the capacity inside the window, the rest later: half is on time.

    >>> cap2 = np.zeros(672); cap2[36:44] = 1.6667 / 2; cap2[60:68] = 1.6667 / 2
    >>> round(deferred_service(counts, 300, cap2, 120, 15).week_on_time_share, 3)
    0.5
    """
    counts, aht, seconds, d = _deferred_inputs(contacts_per_interval, aht_s, deadline_min, interval_min)
    cap = np.broadcast_to(_check("capacity_agents", capacity_agents), counts.shape).astype(float)
    size = counts.size
    work = counts * aht / seconds  # agent-intervals arriving at the start of each interval
    reps = 4  # two weeks to settle, the third reported, the fourth for its deadlines
    w_all, c_all = np.tile(work, reps), np.tile(cap, reps)
    arrived = np.cumsum(w_all)  # work arrived by the end of interval k (available from its start)
    before = np.concatenate([[0.0], np.cumsum(c_all)])  # capacity before interval k
    prev_arrived = np.concatenate([[0.0], arrived[:-1]])
    # work done by the end of k (Lindley / Reich): min(A_k, min_{j<=k} A_{j-1} + C_{k+1} - C_j)
    done = np.minimum(arrived, before[1:] + np.minimum.accumulate(prev_arrived - before[:-1]))
    backlog = arrived - done
    last = slice(2 * size, 3 * size)
    done_by_deadline = done[np.arange(2 * size, 3 * size) + d - 1]
    # late work of interval i: what of it is still undone at its deadline (FIFO);
    # differences of cumulative sums carry rounding of their size, so drop it
    late = np.clip(arrived[last] - done_by_deadline, 0.0, work)
    late = np.where(late <= 1e-12 * max(1.0, float(arrived[-1])), 0.0, late)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = np.where(work > 0, np.clip(1.0 - late / np.where(work > 0, work, 1.0), 0.0, 1.0), 1.0)
    total = work.sum()
    week = float((share * work).sum() / total) if total > 0 else 1.0
    return DeferredService(
        on_time_share=share,
        backlog=backlog[last].copy(),
        week_on_time_share=week,
        stable=bool(cap.sum() >= total * (1.0 - 1e-12)),
    )


# --------------------------------------------------------------------------
# Week figures
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WeekMetrics:
    """Volume-weighted figures of a week of intervals.

    Attributes
    ----------
    contacts : float
        Contacts arriving in the week [contacts].
    answered : float
        Expected contacts answered [contacts].
    abandoned : float
        Expected contacts abandoned [contacts].
    service_level : float
        Answered within target / all arrivals [-] (1 with no contacts).
    service_level_answered : float
        Answered within target / answered [-].
    p_abandon : float
        Abandoned / all arrivals [-].
    p_wait : float
        Share of arrivals that wait [-].
    asa_s : float
        Mean wait of answered contacts [s]; inf if any interval with
        contacts is unstable.
    mean_wait_all_s : float
        Mean wait over all arrivals [s].
    occupancy : float or None
        Busy agent time / agent time [-], when ``agents`` are given.
    """

    contacts: float
    answered: float
    abandoned: float
    service_level: float
    service_level_answered: float
    p_abandon: float
    p_wait: float
    asa_s: float
    mean_wait_all_s: float
    occupancy: float | None


def weekly_metrics(contacts_per_interval: Any, metrics: QueueMetrics, agents: Any = None) -> WeekMetrics:
    """Week figures from per-interval metrics, weighted by volume.

    Parameters
    ----------
    contacts_per_interval : array-like, shape (T,)
        Contacts arriving per interval [contacts], >= 0: the weights.
    metrics : QueueMetrics
        Per-interval metrics with fields of shape (T,), e.g. from
        :func:`erlang_a_metrics` for the agents on duty.
    agents : array-like, shape (T,), optional
        Agents per interval [-]; gives the week's occupancy weighted by agent
        time.

    Returns
    -------
    WeekMetrics

    Examples
    --------
    >>> m = erlang_c_metrics([200, 400], 180, [14, 24], 20)
    >>> w = weekly_metrics([100, 200], m, agents=[14, 24])
    >>> round(w.service_level, 4), round(w.occupancy, 4)
    (0.8354, 0.7895)
    """
    n = _check("contacts_per_interval", contacts_per_interval).ravel()
    fields = {k: np.broadcast_to(np.asarray(getattr(metrics, k), float), np.shape(contacts_per_interval)).ravel()
              for k in _FIELDS}  # fmt: skip
    total = float(n.sum())
    answered_i = n * (1.0 - fields["p_abandon"])
    answered = float(answered_i.sum())
    weights = n > 0

    def wmean(values: np.ndarray, w: np.ndarray, default: float) -> float:
        tot = w.sum()
        if tot <= 0:
            return default
        use = w > 0
        return float((w[use] * values[use]).sum() / tot)

    occupancy = None
    if agents is not None:
        ag = np.broadcast_to(_check("agents", agents), n.shape).ravel()
        occupancy = wmean(fields["occupancy"], ag, 0.0)
    del weights
    return WeekMetrics(
        contacts=total,
        answered=answered,
        abandoned=total - answered,
        service_level=wmean(fields["service_level"], n, 1.0),
        service_level_answered=wmean(fields["service_level_answered"], answered_i, 1.0),
        p_abandon=wmean(fields["p_abandon"], n, 0.0),
        p_wait=wmean(fields["p_wait"], n, 0.0),
        asa_s=wmean(fields["asa_s"], answered_i, 0.0),
        mean_wait_all_s=wmean(fields["mean_wait_all_s"], n, 0.0),
        occupancy=occupancy,
    )
