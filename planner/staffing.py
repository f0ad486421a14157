"""Scenario -> required agents per channel and interval, and what a staffing achieves.

The order, for a live channel (phone, chat), in each interval:

1. Agents on the queue (``required_agents``): the least agents meeting every
   target the channel gives: service level (``target_sl`` answered within
   ``target_s``), abandonment (``max_abandon``, with ``patience_s``) and the
   occupancy ceiling (``max_occupancy``). Erlang C without patience, Erlang A
   with it; chat with concurrency uses the birth-death chat model.
2. Shrinkage: staff to schedule = ceil(agents / (1 - shrinkage)), since
   ``shrinkage`` is the share of paid time off the queue besides the meal
   breaks that the schedule places itself.
3. Minimum staff: while the channel is open at least ``min_staff_open``
   people are on duty, whatever the load.

A deferred channel (callback, email) is not a queue: each request may be
answered any time within ``deadline_min``. Its work (contacts x handling
time) is handed to the scheduler with its window so it can fill quiet hours;
``required_agents`` shows the least steady capacity that would meet every
deadline on its own, as reserve capacity for display.

What a roster achieves (``achieved_live``) counts shrinkage as a share of each
person's time: staff x (1 - shrinkage) agents are on the queue on average. Where
that is not whole, the interval is a mix in time of the agents below and above
it, with the same mean: one person at 30 % shrinkage is one agent 70 % of the
time and none 30 % of it, not "no agent" all the time.

Contacts arriving while a channel is closed are missed; their intervals show
service level 0 and an infinite wait (null in JSON).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner import queueing
from planner.demand import ChannelDemand
from planner.scenario import DEFERRED_KINDS, Channel, Scenario


@dataclass(frozen=True)
class Achieved:
    """Service a staffing gives, per interval and for the week (volume-weighted).

    Shares are of the contacts arriving while open. ``service_level``: answered
    within target; ``p_abandon``: gave up waiting on a queue with agents;
    ``p_unanswered``: lost unanswered (no agent on the queue, or too few to keep
    it stable; for deferred work, not answered in time); ``asa_s``: the mean wait
    of answered contacts [s] (for deferred work, until it is done; inf where none is
    answered or the channel is closed).
    """

    service_level: np.ndarray
    p_abandon: np.ndarray
    p_unanswered: np.ndarray
    asa_s: np.ndarray
    week_service_level: float
    week_p_abandon: float
    week_p_unanswered: float
    week_asa_s: float


@dataclass(frozen=True)
class Requirement:
    """One channel's requirement on the grid.

    Attributes
    ----------
    required_agents : agents on the queue before shrinkage [agents]
    required_staff : people to schedule: shrinkage and minimum staff applied [people]
    deferred_work : for callback/email, agent-intervals of work arriving per
        interval, grossed up for shrinkage; zero for live channels
    window_intervals : intervals within which deferred work must be done (0 for live)
    metrics : for a live channel, the queue's figures with ``required_agents``
        on it (service level, abandonment, ASA, occupancy); None for deferred
    """

    channel_id: str
    required_agents: np.ndarray
    required_staff: np.ndarray
    deferred_work: np.ndarray
    window_intervals: int
    metrics: queueing.QueueMetrics | None = None

    @property
    def is_deferred(self) -> bool:
        return self.window_intervals > 0

    @property
    def needed_people(self) -> np.ndarray:
        """People needed per interval as a chart or table shows them: the required staff,
        plus for callback or email the work arriving (which may be done later, within its
        window) [people]."""
        return np.asarray(self.required_staff, float) + np.asarray(self.deferred_work, float)


def _queue_args(channel: Channel) -> dict:
    aht = channel.aht_levels_s
    return {"aht_s": np.asarray(aht) if channel.concurrency > 1 else aht[0]}


def staff_from_agents(agents: np.ndarray, is_open: np.ndarray, channel: Channel, shrinkage: float) -> np.ndarray:
    """Steps 2 and 3: shrinkage gross-up, then the minimum staff while open.

    >>> staff_from_agents(np.array([14, 0]), np.array([True, True]), Channel(
    ...     id="p", kind="phone", volume_per_week=1, aht_s=180), 0.3).tolist()
    [20, 1]
    """
    gross = np.ceil(np.asarray(agents, float) / (1.0 - shrinkage) - 1e-9)
    return np.where(is_open, np.maximum(gross, channel.min_staff_open), 0).astype(int)


def channel_requirement(channel: Channel, demand: ChannelDemand, scenario: Scenario) -> Requirement:
    """The channel's required agents and staff per interval."""
    shrinkage = scenario.workforce.shrinkage
    rate_per_h = demand.rate_per_h(scenario.interval_min)
    if channel.kind in DEFERRED_KINDS:
        window = queueing.deadline_intervals(channel.deadline_min, scenario.interval_min)
        work = demand.offered * channel.aht_levels_s[0] / (scenario.interval_min * 60.0)
        agents = queueing.deferred_capacity_needed(
            demand.offered,
            channel.aht_levels_s[0],
            channel.deadline_min,
            scenario.interval_min,
            open_intervals=demand.open,
        ).capacity
        agents = np.where(demand.open, np.ceil(np.asarray(agents) - 1e-9), 0).astype(int)
        return Requirement(
            channel_id=channel.id,
            required_agents=agents,
            required_staff=staff_from_agents(np.zeros_like(agents), demand.open, channel, shrinkage),
            deferred_work=work / (1.0 - shrinkage),
            window_intervals=window,
        )
    agents = queueing.agents_needed(
        rate_per_h,
        target_sl=channel.target_sl,
        target_s=channel.target_s,
        patience_s=channel.patience_s,
        max_abandon=channel.max_abandon,
        max_occupancy=channel.max_occupancy,
        concurrency=channel.concurrency,
        **_queue_args(channel),
    )
    agents = np.where(demand.open, np.asarray(agents, int), 0)
    return Requirement(
        channel_id=channel.id,
        required_agents=agents,
        required_staff=staff_from_agents(agents, demand.open, channel, shrinkage),
        deferred_work=np.zeros(len(agents)),
        window_intervals=0,
        metrics=queue_metrics(channel, rate_per_h, agents),
    )


def queue_metrics(channel: Channel, rate_per_h: np.ndarray, agents: np.ndarray) -> queueing.QueueMetrics:
    """Erlang C, Erlang A or the chat model, as the channel asks."""
    agents = np.asarray(agents, int)
    if channel.concurrency > 1:
        return queueing.chat_metrics(
            rate_per_h, np.asarray(channel.aht_levels_s), agents, channel.target_s, patience_s=channel.patience_s
        )
    if channel.patience_s is not None:
        return queueing.erlang_a_metrics(rate_per_h, channel.aht_s, agents, channel.target_s, channel.patience_s)
    return queueing.erlang_c_metrics(rate_per_h, channel.aht_s, agents, channel.target_s)


def achieved_live(
    channel: Channel, demand: ChannelDemand, staff_on_duty: np.ndarray, scenario: Scenario
) -> Achieved:
    """Service of a live channel when ``staff_on_duty`` people are scheduled (net of breaks).

    staff x (1 - shrinkage) agents are on the queue on average; a share that is not
    whole mixes the whole numbers of agents below and above it in time (module docstring).
    """
    on_queue = np.asarray(staff_on_duty, float) * (1.0 - scenario.workforce.shrinkage)
    fewer = np.floor(on_queue + 1e-9)
    more_share = np.where(on_queue - fewer > 1e-9, on_queue - fewer, 0.0)  # share of time with one agent more
    rate_per_h = demand.rate_per_h(scenario.interval_min)
    shares = (1.0 - more_share, more_share)
    parts = [_outcomes(queue_metrics(channel, rate_per_h, agents)) for agents in (fewer, fewer + 1)]
    service_level, p_abandon, p_unanswered, answered, waited = (
        sum(share * part[k] for share, part in zip(shares, parts)) for k in range(5)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        asa_s = np.where(answered > 0, waited / answered, np.inf)
    closed = ~demand.open & (demand.forecast > 0)
    return _with_week(
        demand,
        np.where(closed, 0.0, service_level),
        np.where(closed, 0.0, p_abandon),
        np.where(closed, 0.0, p_unanswered),
        np.where(closed, np.inf, asa_s),
    )


def _outcomes(metrics: queueing.QueueMetrics) -> tuple[np.ndarray, ...]:
    """(service level, abandoned, unanswered, answered, answered x wait [s]) as shares of
    arrivals; an unstable queue, or one with no agent, answers nobody."""
    unstable = ~np.isfinite(metrics.asa_s)
    abandoned = np.where(unstable, 0.0, metrics.p_abandon)
    answered = np.where(unstable, 0.0, 1.0 - abandoned)
    waited = answered * np.where(unstable, 0.0, metrics.asa_s)
    return np.where(unstable, 0.0, metrics.service_level), abandoned, unstable.astype(float), answered, waited


def achieved_deferred(demand: ChannelDemand, done_in_time_share: np.ndarray, wait_s: np.ndarray) -> Achieved:
    """Service of a deferred channel: the share of requests answered within the deadline,
    and the mean wait of those [s] (from the request to its answer, as the roster does them)."""
    closed = ~demand.open & (demand.forecast > 0)
    service_level = np.where(closed, 0.0, np.clip(done_in_time_share, 0.0, 1.0))
    late = np.where(closed, 0.0, 1.0 - service_level)
    return _with_week(demand, service_level, np.zeros(len(service_level)), late, np.where(closed, np.inf, np.asarray(wait_s, float)))


def _with_week(demand: ChannelDemand, service_level, p_abandon, p_unanswered, asa_s) -> Achieved:
    weights = demand.offered  # the contacts arriving while open; those while closed are counted as missed
    total = weights.sum()
    answered = weights * np.clip(1.0 - p_abandon - p_unanswered, 0.0, 1.0) * np.isfinite(asa_s)
    finite_asa = np.where(np.isfinite(asa_s), asa_s, 0.0)
    if total > 0:
        week_sl, week_abandon, week_unanswered = (float((weights * v).sum() / total)
                                                  for v in (service_level, p_abandon, p_unanswered))
    else:
        week_sl, week_abandon, week_unanswered = 1.0, 0.0, 0.0
    if answered.sum() > 0:
        week_asa = float((answered * finite_asa).sum() / answered.sum())
    else:
        week_asa = float("inf") if total > 0 else 0.0
    return Achieved(
        service_level=np.asarray(service_level, float),
        p_abandon=np.asarray(p_abandon, float),
        p_unanswered=np.asarray(p_unanswered, float),
        asa_s=np.asarray(asa_s, float),
        week_service_level=week_sl,
        week_p_abandon=week_abandon,
        week_p_unanswered=week_unanswered,
        week_asa_s=week_asa,
    )
