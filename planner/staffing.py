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

    ``service_level`` is answered within target as a share of all contacts
    arriving while open; ``asa_s`` the mean wait of answered contacts [s]
    (inf where the queue is unstable or the channel closed).
    """

    service_level: np.ndarray
    p_abandon: np.ndarray
    asa_s: np.ndarray
    week_service_level: float
    week_p_abandon: float
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

    Shrinkage takes its share first: floor(staff x (1 - shrinkage)) agents are on the queue.
    """
    on_queue = np.floor(np.asarray(staff_on_duty, float) * (1.0 - scenario.workforce.shrinkage) + 1e-9)
    metrics = queue_metrics(channel, demand.rate_per_h(scenario.interval_min), on_queue)
    closed = ~demand.open & (demand.forecast > 0)
    service_level = np.where(closed, 0.0, metrics.service_level)
    p_abandon = np.where(closed, 0.0, metrics.p_abandon)
    asa_s = np.where(closed, np.inf, metrics.asa_s)
    return _with_week(demand, service_level, p_abandon, asa_s)


def achieved_deferred(demand: ChannelDemand, done_in_time_share: np.ndarray) -> Achieved:
    """Service of a deferred channel: the share of requests answered within the deadline."""
    closed = ~demand.open & (demand.forecast > 0)
    service_level = np.where(closed, 0.0, np.clip(done_in_time_share, 0.0, 1.0))
    return _with_week(demand, service_level, np.zeros(len(service_level)), np.where(closed, np.inf, 0.0))


def _with_week(demand: ChannelDemand, service_level, p_abandon, asa_s) -> Achieved:
    weights = demand.offered  # the contacts arriving while open; those while closed are counted as missed
    total = weights.sum()
    answered = weights * (1.0 - p_abandon) * np.isfinite(asa_s)
    finite_asa = np.where(np.isfinite(asa_s), asa_s, 0.0)
    if total > 0:
        week_sl = float((weights * service_level).sum() / total)
        week_abandon = float((weights * p_abandon).sum() / total)
    else:
        week_sl, week_abandon = 1.0, 0.0
    if np.any((weights > 0) & ~np.isfinite(asa_s) & demand.open):
        week_asa = float("inf")
    else:
        week_asa = float((answered * finite_asa).sum() / answered.sum()) if answered.sum() > 0 else 0.0
    return Achieved(
        service_level=np.asarray(service_level, float),
        p_abandon=np.asarray(p_abandon, float),
        asa_s=np.asarray(asa_s, float),
        week_service_level=week_sl,
        week_p_abandon=week_abandon,
        week_asa_s=week_asa,
    )
