"""The data behind every chart and table of the app: pure functions of a Plan.

Each ``*_frame`` function reads a :class:`planner.plan.Plan` (or a Scenario)
and returns a pandas DataFrame of figures the core computed, rearranged for
drawing: no staffing, queueing or cost arithmetic happens here. The
``*_chart`` functions turn those frames into Altair charts with the labels
they are given (so they need no streamlit and no language of their own).
AppTest cannot see charts, so ``tests/test_ui_charts.py`` tests these.

The x axis of the week charts is the hour of the week, 0 at Monday 00:00 and
168 at the next Monday, with weekday names as tick labels.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from planner.costs import MONTH_WEEKS, cyclic_runs
from planner.demand import channel_demand, interval_labels
from planner.scenario import Scenario
from planner.scheduling import was_stopped
from planner.ui import fmt

HOURS_PER_WEEK = 168

# Colours: the theme's green for what is scheduled, a warm red for shortfalls, pale yellow
# behind closed hours (not grey: grey is the required staff).
COLOURS = {
    "forecast_contacts": "#9bb7d4",
    "required_agents": "#f2a541",
    "required_staff": "#5b5b5b",
    "scheduled": "#0b6e4f",
    "understaffed": "#d1495b",
    "closed": "#f6edc4",
    "cost": "#0b6e4f",
    "lost_revenue": "#d1495b",
}
AGENT_SERIES = ("required_agents", "required_staff", "scheduled")


# --- Helpers -------------------------------------------------------------------


def _channel_index(channels, channel: int | str) -> int:
    if isinstance(channel, int):
        return channel
    for i, cp in enumerate(channels):
        if cp.channel.id == channel:
            return i
    raise KeyError(f"no channel {channel!r}; channels are {[cp.channel.id for cp in channels]}")


def interval_hours(intervals: int) -> np.ndarray:
    """Start of each interval of the grid, in hours from Monday 00:00.

    >>> interval_hours(336)[:3].tolist()
    [0.0, 0.5, 1.0]
    """
    return np.arange(intervals) * (HOURS_PER_WEEK / intervals)


def _finite_or_nan(values) -> np.ndarray:
    values = np.asarray(values, float)
    return np.where(np.isfinite(values), values, np.nan)


def week_runs(mask) -> list[tuple[int, int]]:
    """(first, end) of each run of True in a week mask, sorted by first; the end is exclusive and
    passes the length of the mask when a run goes on over the end of the week into Monday.

    >>> week_runs([True, False, True, True, False, True])
    [(2, 4), (5, 7)]
    >>> week_runs([False, False]), week_runs([True, True])
    ([], [(0, 2)])
    """
    return sorted((first, first + length) for first, length in cyclic_runs(np.asarray(mask, bool)) if length)


# --- Staffing ------------------------------------------------------------------


def need_frame(needs, interval_min: int, channel: int | str) -> pd.DataFrame:
    """One channel's demand and requirement over the week, one row per interval, before any
    roster (``needs``: :func:`planner.plan.channel_needs`, or a plan's channels).

    Columns: ``interval``, ``hour`` (start, hours from Monday 00:00), ``minute``
    (start, minutes from Monday 00:00), ``label`` (the core's "Mon 08:00"),
    ``open``, ``forecast_contacts``, ``required_agents``, ``required_staff``.
    """
    cp = needs[_channel_index(needs, channel)]
    intervals = len(cp.demand.forecast)
    return pd.DataFrame(
        {
            "interval": np.arange(intervals),
            "hour": interval_hours(intervals),
            "minute": np.arange(intervals) * interval_min,
            "label": interval_labels(interval_min),
            "open": np.asarray(cp.demand.open, bool),
            "forecast_contacts": np.asarray(cp.demand.forecast, float),
            "required_agents": np.asarray(cp.requirement.required_agents, float),
            "required_staff": np.asarray(cp.requirement.required_staff, float),
        }
    )


def requirement_frame(plan, channel: int | str) -> pd.DataFrame:
    """One channel over the week with its roster: :func:`need_frame`'s columns and ``scheduled``,
    ``understaffed``, ``service_level``, ``p_abandon`` and ``asa_s`` (NaN where the wait is
    infinite or the channel closed)."""
    cp = plan.channels[_channel_index(plan.channels, channel)]
    return need_frame(plan.channels, plan.scenario.interval_min, channel).assign(
        scheduled=np.asarray(cp.scheduled, float),
        understaffed=np.asarray(cp.understaffed, float),
        service_level=np.asarray(cp.achieved.service_level, float),
        p_abandon=np.asarray(cp.achieved.p_abandon, float),
        asa_s=_finite_or_nan(cp.achieved.asa_s),
    )


def long_frame(frame: pd.DataFrame, series: tuple[str, ...] = AGENT_SERIES) -> pd.DataFrame:
    """The ``series`` columns of a week frame stacked into ``series``/``value`` rows, for a multi-line chart."""
    keep = [c for c in ("interval", "hour", "minute", "label") if c in frame.columns]
    return frame.melt(id_vars=keep, value_vars=list(series), var_name="series", value_name="value")


def need_summary_frame(needs, interval_min: int) -> pd.DataFrame:
    """One row per channel: the week's demand and targets, before any roster (``needs``:
    :func:`planner.plan.channel_needs`, or a plan's channels).

    Columns: ``channel`` (id), ``name``, ``kind``, ``deferred``,
    ``contacts_per_week``, ``missed_closed_per_week``, ``peak_required_staff``,
    ``target_sl``, ``target_s``, ``deadline_min``, ``max_abandon``, ``work_h_per_week``
    (callback and email work to place, shrinkage included [agent-hours/week]; 0 for live channels).
    """
    rows = []
    for cp in needs:
        channel = cp.channel
        rows.append(
            {
                "channel": channel.id,
                "name": channel.name or channel.id,
                "kind": channel.kind,
                "deferred": bool(cp.requirement.is_deferred),
                "contacts_per_week": float(np.sum(cp.demand.forecast)),
                "missed_closed_per_week": float(np.sum(cp.demand.missed_closed)),
                "peak_required_staff": float(np.max(cp.requirement.required_staff)),
                "target_sl": channel.target_sl,
                "target_s": channel.target_s,
                "deadline_min": channel.deadline_min,
                "max_abandon": channel.max_abandon,
                "work_h_per_week": float(np.sum(cp.requirement.deferred_work)) * interval_min / 60.0,
            }
        )
    return pd.DataFrame(rows)


def channel_summary_frame(plan) -> pd.DataFrame:
    """One row per channel: :func:`need_summary_frame`'s columns and what the roster achieves:
    ``service_level``, ``p_abandon``, ``p_unanswered``, ``asa_s`` (NaN if infinite), ``understaffed_intervals``,
    ``understaffed_periods`` (runs of understaffed intervals, as :func:`understaffed_frame` and
    the roster's reasons count them), ``lost_per_week``.
    """
    achieved = pd.DataFrame([
        {
            "service_level": float(cp.achieved.week_service_level),
            "p_abandon": float(cp.achieved.week_p_abandon),
            "p_unanswered": float(cp.achieved.week_p_unanswered),
            "asa_s": cp.achieved.week_asa_s if math.isfinite(cp.achieved.week_asa_s) else math.nan,
            "understaffed_intervals": int(np.sum(np.asarray(cp.understaffed) > 1e-9)),
            "understaffed_periods": len(week_runs(np.asarray(cp.understaffed) > 1e-9)),
            "lost_per_week": float(cp.lost_per_week),
        }
        for cp in plan.channels
    ])
    return pd.concat([need_summary_frame(plan.channels, plan.scenario.interval_min), achieved], axis=1)


def understaffed_frame(plan) -> pd.DataFrame:
    """The understaffed periods of every channel: runs of consecutive understaffed intervals, merged
    over the end of the week as the roster's reasons merge them.

    Columns: ``channel``, ``name``, ``deferred`` (callback or email: the shortfall
    is work not done within its window), ``start_min`` and ``end_min`` (minutes
    from Monday 00:00; the end is exclusive and passes a week when the period
    goes on into Monday), ``intervals``, ``shortfall_max`` (the largest shortfall
    in the period [people]), ``shortfall_h`` (all of it [agent-hours]),
    ``required_staff_max`` and ``scheduled_min`` over the period [people]. Empty
    (with these columns) when nothing is short.
    """
    columns = ["channel", "name", "deferred", "start_min", "end_min", "intervals", "shortfall_max", "shortfall_h",
               "required_staff_max", "scheduled_min"]
    interval_min = plan.scenario.interval_min
    rows = []
    for cp in plan.channels:
        short = np.asarray(cp.understaffed, float)
        for first, end in week_runs(short > 1e-9):
            run = np.arange(first, end) % len(short)
            rows.append(
                {
                    "channel": cp.channel.id,
                    "name": cp.channel.name or cp.channel.id,
                    "deferred": bool(cp.requirement.is_deferred),
                    "start_min": first * interval_min,
                    "end_min": end * interval_min,
                    "intervals": end - first,
                    "shortfall_max": float(np.max(short[run])),
                    "shortfall_h": float(np.sum(short[run])) * interval_min / 60.0,
                    "required_staff_max": float(np.max(cp.requirement.required_staff[run])),
                    "scheduled_min": float(np.min(cp.scheduled[run])),
                }
            )
    return pd.DataFrame(rows, columns=columns)


# --- Roster --------------------------------------------------------------------


def coverage_frame(plan, channel: int | str | None = None) -> pd.DataFrame:
    """Scheduled against required people per interval, for all channels together or one.

    Columns: ``interval``, ``hour``, ``minute``, ``label``, ``required_staff``,
    ``scheduled``, ``understaffed``. For all channels each column is the sum
    over the channels. A callback or email channel's required staff includes its work
    arriving (people if done at once): it had none, and showed only red where work
    was left undone.
    """
    plans = plan.channels if channel is None else (plan.channels[_channel_index(plan.channels, channel)],)
    intervals = len(plan.labels)
    return pd.DataFrame(
        {
            "interval": np.arange(intervals),
            "hour": interval_hours(intervals),
            "minute": np.arange(intervals) * plan.scenario.interval_min,
            "label": list(plan.labels),
            "required_staff": np.sum([cp.requirement.needed_people for cp in plans], axis=0),
            "scheduled": np.sum([np.asarray(cp.scheduled, float) for cp in plans], axis=0),
            "understaffed": np.sum([np.asarray(cp.understaffed, float) for cp in plans], axis=0),
        }
    )


def shifts_frame(plan) -> pd.DataFrame:
    """The roster's shifts, one row each, sorted by agent and start.

    Columns: ``agent``, ``day`` (0 = Monday), ``start_min`` and ``end_min``
    (minutes from Monday 00:00; the end may pass midnight), ``start`` and
    ``end`` ("HH:MM", an end at midnight reads "24:00"), ``channels`` (tuple
    of channel ids), ``breaks`` (tuple of ("HH:MM", "HH:MM")), ``paid_h``.
    """
    columns = ["agent", "day", "start_min", "end_min", "start", "end", "channels", "breaks", "paid_h"]
    rows = []
    for shift in plan.schedule.shifts:
        rows.append(
            {
                "agent": shift.agent,
                "day": shift.start_min // 1440 % 7,
                "start_min": int(shift.start_min),
                "end_min": int(shift.end_min),
                "start": fmt.clock(shift.start_min % 1440),
                "end": fmt.clock(1440 if shift.end_min % 1440 == 0 else shift.end_min % 1440),
                "channels": tuple(shift.channels),
                "breaks": tuple(
                    (fmt.clock(b % 1440), fmt.clock(1440 if e % 1440 == 0 else e % 1440)) for b, e in shift.breaks
                ),
                "paid_h": shift.paid_min / 60.0,
            }
        )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["agent", "start_min"], kind="stable").reset_index(drop=True)


def may_vary(report) -> bool:
    """Whether solving again may give a roster cheaper or dearer: a search ended by its time
    limit (not stopped by the user) with a gap to its bound as shown (0.01 % or more; with
    no agent allowed the one empty roster there is had 0.00 %)."""
    return report.status == "FEASIBLE" and (report.gap or 0.0) >= 0.5e-4 and not was_stopped(report.reasons)


def roster_summary(plan) -> dict:
    """Head count, shifts and paid hours a week of the roster, what it costs, and the solver's report.

    ``objective`` is what the solver minimised [money/week]: ``paid_cost_per_week``
    (paid time with premiums and side costs, and the costs per agent) plus
    ``understaffing_cost``, the price it put on the shortfall. ``paid_cost_per_month``
    is the in-house option's cost a month when the Costs page prices it with this
    roster (the week's paid cost times ``month_weeks``, the weeks in a month), else None.
    ``limit_s`` is the time limit of the whole solve [s].
    """
    shifts = plan.schedule.shifts
    report = plan.schedule.solver
    penalty = float(plan.schedule.understaffing_cost)
    limit_s = float(plan.scenario.workforce.solver_time_limit_s)
    in_house = options(plan)[0]
    return {
        "agents": len({s.agent for s in shifts}),
        "shifts": len(shifts),
        "paid_h_per_week": sum(s.paid_min for s in shifts) / 60.0,
        "status": report.status,
        "objective": report.objective,
        "understaffing_cost": penalty,
        "paid_cost_per_week": None if report.objective is None else float(report.objective) - penalty,
        "paid_cost_per_month": float(in_house.cost.per_month) if getattr(in_house, "basis", "roster") == "roster"
        else None,
        "month_weeks": float(getattr(in_house, "month_weeks", MONTH_WEEKS)),
        "bound": report.bound,
        "gap": report.gap,
        "seconds": report.seconds,
        "limit_s": limit_s,
        "reasons": tuple(report.reasons),
    }


def gantt_frame(plan) -> pd.DataFrame:
    """Bars for a roster timeline: each shift's work and breaks as hour-of-week spans.

    Columns: ``agent``, ``part`` ("work" or "break"), ``start_h``, ``end_h``
    (hours from Monday 00:00, within 0..168: a shift that runs past the end of
    the week is split and its tail drawn from Monday 00:00), ``shift`` (the
    row of the shift in :func:`shifts_frame`).
    """
    rows = []
    week = HOURS_PER_WEEK * 60
    ordered = sorted(plan.schedule.shifts, key=lambda s: (s.agent, s.start_min))
    for number, shift in enumerate(ordered):
        pieces = [("work", shift.start_min, shift.end_min)] + [("break", b, e) for b, e in shift.breaks]
        for part, begin, end in pieces:
            begin, end = int(begin), int(end)
            offset = (begin // week) * week
            begin, end = begin - offset, end - offset
            spans = [(begin, min(end, week))] + ([(0, end - week)] if end > week else [])
            for a, b in spans:
                rows.append({"agent": shift.agent, "part": part, "start_h": a / 60.0, "end_h": b / 60.0,
                             "shift": number})
    return pd.DataFrame(rows, columns=["agent", "part", "start_h", "end_h", "shift"])


# --- Costs ---------------------------------------------------------------------


def options(plan) -> list:
    """The plan's options in display order: in-house, each offer, the hybrid, closed outside, the optimised mix
    (those the plan has)."""
    if hasattr(plan, "options"):
        return list(plan.options)
    return [plan.in_house, *plan.outsourced] + ([plan.hybrid] if plan.hybrid is not None else [])


def _kind(plan, option) -> str:
    if getattr(option, "kind", ""):
        return option.kind
    if option is plan.in_house:
        return "in_house"
    return "hybrid" if option is plan.hybrid else "outsourced"


def options_frame(plan) -> pd.DataFrame:
    """One row per way to run the service, with what it costs and what it loses a month.

    Columns: ``option`` (``"in_house"``, an offer's name, ``"hybrid"``,
    ``"closed_outside"`` or ``"optimised"``), ``kind``, ``basis`` (how the
    in-house part was costed: ``roster``, ``estimate`` or ``price``),
    ``per_month`` (cost), ``lost_contacts_per_month``, ``lost_revenue_per_month``,
    ``stopped`` (its roster's search was stopped by the user's "finish now"),
    ``total`` (cost plus lost sales) [money/month], ``shown_total`` (the sum of the
    two as shown, rounded, see ``fmt.shown_total``), ``handled_contacts_per_month``,
    ``cost_per_handled_contact`` (NaN when nothing is answered), and the lost
    contacts a month by cause: ``lost_abandoned``, ``lost_unanswered``, ``lost_closed``.
    """
    columns = ["option", "kind", "basis", "stopped", "per_month", "lost_contacts_per_month", "lost_revenue_per_month", "total",
               "shown_total", "handled_contacts_per_month", "cost_per_handled_contact", "lost_abandoned", "lost_unanswered",
               "lost_closed"]
    rows = []
    for option in options(plan):
        weeks = float(getattr(option, "month_weeks", MONTH_WEEKS))
        causes = getattr(option, "lost_by_cause_per_week", {}) or {}
        unit = getattr(option, "cost_per_handled_contact", None)
        rows.append(
            {
                "option": option.name,
                "kind": _kind(plan, option),
                "basis": getattr(option, "basis", "roster"),
                "stopped": _stopped(option),
                "per_month": float(option.cost.per_month),
                "lost_contacts_per_month": float(option.lost_contacts_per_week) * weeks,
                "lost_revenue_per_month": float(option.lost_revenue_per_month),
                "total": round(float(option.cost.per_month) + float(option.lost_revenue_per_month), 2),
                "shown_total": fmt.shown_total(option.cost.per_month, option.lost_revenue_per_month),
                "handled_contacts_per_month": float(getattr(option, "handled_contacts_per_week", math.nan)) * weeks,
                "cost_per_handled_contact": math.nan if unit is None else float(unit),
                "lost_abandoned": float(causes.get("abandoned", math.nan)) * weeks,
                "lost_unanswered": float(causes.get("unanswered", math.nan)) * weeks,
                "lost_closed": float(causes.get("closed", math.nan)) * weeks,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _stopped(option) -> bool:
    schedule = getattr(option, "schedule", None)
    return schedule is not None and was_stopped(schedule.solver.reasons)


def assignment_frame(plan, option) -> pd.DataFrame:
    """Who serves each channel in each block of the week under ``option``.

    One row per channel (index: channel id), one column per block in the
    scenario's order (``night``, the hours in no block, last); each cell is
    ``"in_house"``, an offer's name, ``"closed"`` or ``"mixed"``. Empty when the
    option carries no assignment.
    """
    assignment = getattr(option, "assignment", None) or {}
    if not assignment:
        return pd.DataFrame()
    blocks = [b.name for b in getattr(plan.scenario.hybrid, "blocks", ())]
    seen = {block for by_block in assignment.values() for block in by_block}
    order = [b for b in blocks if b in seen] + sorted(seen - set(blocks) - {"night"}) + (
        ["night"] if "night" in seen else [])
    ids = [c.id for c in plan.scenario.channels if c.id in assignment]
    return pd.DataFrame([[assignment[i].get(b, "") for b in order] for i in ids], index=ids, columns=order)


def month_weeks_text(weeks: float, lang: str) -> str:
    """The weeks in a month that turn a week's figure into a month's, as a reader can check it.

    >>> month_weeks_text(52 / 12, "fi"), month_weeks_text(52 / 12, "en"), month_weeks_text(4.5, "en")
    ('52/12 = 4,33', '52/12 = 4.33', '4.50')
    """
    shown = fmt.number(weeks, lang, 2)
    return f"52/12 = {shown}" if math.isclose(weeks, MONTH_WEEKS) else shown


def cost_lines_frame(option) -> pd.DataFrame:
    """An option's cost lines: ``item``, ``per_month`` [money/month] and ``inputs`` (dict)."""
    return pd.DataFrame(
        [{"item": line.item, "per_month": float(line.per_month), "inputs": dict(line.inputs)}
         for line in option.cost.lines],
        columns=["item", "per_month", "inputs"],
    )


# --- Scenario ------------------------------------------------------------------


def curve_frame(scenario: Scenario, channel: int) -> pd.DataFrame:
    """A channel's forecast contacts per interval and whether it is open (from the demand model).

    Columns: ``interval``, ``hour``, ``minute``, ``forecast_contacts``, ``open``.
    """
    demand = channel_demand(scenario.channels[channel], scenario)
    intervals = len(demand.forecast)
    return pd.DataFrame(
        {
            "interval": np.arange(intervals),
            "hour": interval_hours(intervals),
            "minute": np.arange(intervals) * scenario.interval_min,
            "forecast_contacts": np.asarray(demand.forecast, float),
            "open": np.asarray(demand.open, bool),
        }
    )


# --- Altair charts -------------------------------------------------------------


def vega_locale(lang: str) -> dict:
    """Number format locale for Vega: Finnish ``1 234,5``, English ``1,234.5``."""
    if lang == "fi":
        return {"number": {"decimal": ",", "thousands": fmt.NBSP, "grouping": [3], "currency": ["", fmt.NBSP + "€"],
                           "minus": "−", "percent": fmt.NBSP + "%"}}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}}


def week_axis(lang: str, title: str | None = None, field: str = "hour") -> alt.X:
    """An x encoding of ``field`` (hours from Monday 00:00) over the week, weekday names at each day's start."""
    names = "[" + ",".join(f"'{name}'" for name in fmt.WEEKDAYS[lang]) + "]"
    return alt.X(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[0, HOURS_PER_WEEK], nice=False),
        axis=alt.Axis(values=list(range(0, HOURS_PER_WEEK, 24)), labelExpr=f"{names}[floor(datum.value / 24) % 7]",
                      labelAlign="left", labelOffset=4, gridOpacity=0.6, tickSize=6),
    )


def _with_when(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["when"] = [fmt.week_time(m, lang) for m in frame["minute"]]
    return frame


def _finish(chart, lang: str):
    return chart.configure(locale=vega_locale(lang)).configure_legend(orient="bottom", title=None, labelLimit=400)


def requirement_charts(frame: pd.DataFrame, lang: str, labels: dict[str, str]):
    """Two charts over the week for one channel: forecast contacts, and people (required agents, required staff,
    and scheduled when the frame has a roster's, see :func:`requirement_frame`). Closed hours are shaded.

    ``labels`` names the series and axes: keys ``forecast_contacts``,
    ``required_agents``, ``required_staff``, ``scheduled``, ``contacts``,
    ``people``, ``when``, ``closed``.
    """
    frame = _with_when(frame, lang)
    shade = _closed_shade(frame, labels["closed"])
    contacts = alt.Chart(frame).mark_area(interpolate="step-after", color=COLOURS["forecast_contacts"],
                                          line={"color": "#4a7bab"}).encode(
        x=week_axis(lang),
        y=alt.Y("forecast_contacts:Q", title=labels["contacts"]),
        tooltip=[alt.Tooltip("when:N", title=labels["when"]),
                 alt.Tooltip("forecast_contacts:Q", title=labels["forecast_contacts"], format=",.1f")],
    )
    top = _finish((shade + contacts).properties(height=170).add_params(_zoom()), lang)
    series = tuple(s for s in AGENT_SERIES if s in frame.columns)
    long = long_frame(frame.drop(columns=["when"]), series)
    long["when"] = [fmt.week_time(m, lang) for m in long["minute"]]
    long["series_label"] = long["series"].map(labels)
    order = [labels[s] for s in series]
    colours = {"required_agents": COLOURS["required_agents"], "required_staff": "#c4c4c4",
               "scheduled": COLOURS["scheduled"]}
    colour = alt.Color("series_label:N", sort=order, legend=alt.Legend(orient="bottom", title=None, labelLimit=400),
                       scale=alt.Scale(domain=order, range=[colours[s] for s in series]))
    base = alt.Chart(long).encode(
        x=week_axis(lang), y=alt.Y("value:Q", title=labels["people"]), color=colour,
        tooltip=[alt.Tooltip("when:N", title=labels["when"]), alt.Tooltip("series_label:N", title=" "),
                 alt.Tooltip("value:Q", title=labels["people"], format=",.1f")],
    )
    # the need as a grey area, what is scheduled as a green line, the queue's own need dashed
    staff = base.transform_filter(alt.datum.series == "required_staff").mark_area(interpolate="step-after",
                                                                                  opacity=0.6)
    agents = base.transform_filter(alt.datum.series == "required_agents").mark_line(
        interpolate="step-after", strokeDash=[4, 3], strokeWidth=1.5)
    scheduled = base.transform_filter(alt.datum.series == "scheduled").mark_line(interpolate="step-after",
                                                                                 strokeWidth=2)
    bottom = _finish((shade + staff + agents + scheduled).properties(height=300).add_params(_zoom()), lang)
    return top, bottom


def _zoom():
    return alt.selection_interval(encodings=["x"], bind="scales")


def _closed_shade(frame: pd.DataFrame, title: str):
    closed = frame.assign(end=frame["hour"] + HOURS_PER_WEEK / len(frame))[~frame["open"]]
    return alt.Chart(closed).mark_rect(color=COLOURS["closed"], opacity=0.8).encode(
        x=alt.X("hour:Q"), x2="end:Q", tooltip=[alt.Tooltip("when:N", title=title)]
    )


def coverage_chart(frame: pd.DataFrame, lang: str, labels: dict[str, str], height: int = 320):
    """Required people as a grey area, scheduled as a green step line, shortfalls in red.

    ``labels`` keys: ``required_staff``, ``scheduled``, ``understaffed``, ``people``, ``when``.
    """
    frame = _with_when(frame, lang)
    series = ("required_staff", "scheduled", "understaffed")
    order = [labels[s] for s in series]
    colour = alt.Color("series_label:N", scale=alt.Scale(domain=order, range=["#bdbdbd", COLOURS["scheduled"],
                                                                              COLOURS["understaffed"]]), sort=order,
                           legend=alt.Legend(orient="bottom", title=None, labelLimit=400))
    long = long_frame(frame.drop(columns=["when"]), series)
    long["when"] = [fmt.week_time(m, lang) for m in long["minute"]]
    long["series_label"] = long["series"].map(labels)
    tooltip = [alt.Tooltip("when:N", title=labels["when"]), alt.Tooltip("series_label:N", title=" "),
               alt.Tooltip("value:Q", title=labels["people"], format=",.1f")]
    base = alt.Chart(long).encode(x=week_axis(lang), y=alt.Y("value:Q", title=labels["people"]), color=colour,
                                  tooltip=tooltip)
    required = base.transform_filter(alt.datum.series == "required_staff").mark_area(
        interpolate="step-after", opacity=0.55)
    scheduled = base.transform_filter(alt.datum.series == "scheduled").mark_line(
        interpolate="step-after", strokeWidth=2)
    short = base.transform_filter((alt.datum.series == "understaffed") & (alt.datum.value > 0)).mark_bar(
        opacity=0.9, width=2)
    return _finish((required + scheduled + short).properties(height=height).add_params(_zoom()), lang)


def gantt_chart(frame: pd.DataFrame, lang: str, labels: dict[str, str]):
    """Each agent's shifts across the week (breaks lighter). ``labels`` keys: ``agent``, ``work``, ``break``, ``from``, ``to``."""
    frame = frame.copy()
    frame["part_label"] = frame["part"].map({"work": labels["work"], "break": labels["break"]})
    frame["from"] = [fmt.week_time(round(h * 60), lang) for h in frame["start_h"]]
    frame["to"] = [fmt.week_time(round(h * 60), lang) for h in frame["end_h"]]
    order = [labels["work"], labels["break"]]
    agents = sorted(frame["agent"].unique())
    chart = alt.Chart(frame).mark_bar(cornerRadius=2, height={"band": 0.7}).encode(
        x=week_axis(lang, field="start_h"),
        x2="end_h:Q",
        y=alt.Y("agent:N", title=labels["agent"], sort=agents),
        color=alt.Color("part_label:N", scale=alt.Scale(domain=order, range=[COLOURS["scheduled"], "#bfe3d5"]),
                        sort=order),
        order=alt.Order("part:N", sort="descending"),
        tooltip=[alt.Tooltip("agent:N", title=labels["agent"]), alt.Tooltip("part_label:N", title=" "),
                 alt.Tooltip("from:N", title=labels["from"]), alt.Tooltip("to:N", title=labels["to"])],
    )
    return _finish(chart.properties(height=alt.Step(24)), lang)


def options_chart(frame: pd.DataFrame, lang: str, labels: dict[str, str]):
    """Cost and lost sales per month for each option, stacked. ``labels``: ``cost``, ``lost_revenue``, ``money``,
    ``option``, and one display name per value of ``frame["option"]`` under ``"name:" + option``."""
    long = frame.melt(id_vars=["option"], value_vars=["per_month", "lost_revenue_per_month"], var_name="part",
                      value_name="value")
    long["part_label"] = long["part"].map({"per_month": labels["cost"], "lost_revenue_per_month": labels["lost_revenue"]})
    long["option_label"] = long["option"].map(lambda o: labels.get("name:" + o, o))
    long["value_text"] = [fmt.money(v, labels.get("currency", "EUR"), lang) for v in long["value"]]
    order = [labels["cost"], labels["lost_revenue"]]
    names = [labels.get("name:" + o, o) for o in frame["option"]]
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("option_label:N", sort=names, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", stack="zero", title=labels["money"], axis=alt.Axis(format=",.0f")),
        color=alt.Color("part_label:N", scale=alt.Scale(domain=order, range=[COLOURS["cost"], COLOURS["lost_revenue"]]),
                        sort=order),
        order=alt.Order("part:N", sort="descending"),
        tooltip=[alt.Tooltip("option_label:N", title=labels["option"]), alt.Tooltip("part_label:N", title=" "),
                 alt.Tooltip("value_text:N", title=labels["money"])],
    )
    return _finish(chart.properties(height=alt.Step(44)), lang)


def curve_chart(frame: pd.DataFrame, lang: str, labels: dict[str, str], height: int = 190):
    """A channel's forecast contacts over the week, closed hours shaded.

    ``labels``: ``contacts`` (axis), ``forecast_contacts`` (tooltip), ``when``, ``closed``.
    """
    frame = _with_when(frame, lang)
    area = alt.Chart(frame).mark_area(interpolate="step-after", color=COLOURS["forecast_contacts"],
                                      line={"color": "#4a7bab"}).encode(
        x=week_axis(lang),
        y=alt.Y("forecast_contacts:Q", title=labels["contacts"]),
        tooltip=[alt.Tooltip("when:N", title=labels["when"]),
                 alt.Tooltip("forecast_contacts:Q", title=labels.get("forecast_contacts", labels["contacts"]),
                             format=",.1f")],
    )
    return _finish((_closed_shade(frame, labels["closed"]) + area).properties(height=height), lang)


# --- Sensitivity -----------------------------------------------------------------


def sensitivity_frame(rows, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows of ``planner.options.sensitivity`` as a frame, one row per parameter, change and option.

    Columns: ``parameter``, ``change`` (relative, 0 for today), ``value`` (the
    parameter's value then), ``option``, ``name`` (from ``names``, else the
    option), ``per_month``, ``lost_revenue_per_month``, ``total_per_month``
    [money/month] and ``basis``.
    """
    names = names or {}
    columns = ["parameter", "change", "value", "option", "name", "per_month", "lost_revenue_per_month",
               "total_per_month", "basis"]
    return pd.DataFrame(
        [{"parameter": r.parameter, "change": float(r.change), "value": float(r.value), "option": r.option,
          "name": names.get(r.option, r.option), "per_month": float(r.per_month),
          "lost_revenue_per_month": float(r.lost_revenue_per_month), "total_per_month": float(r.total_per_month),
          "basis": r.basis} for r in rows or ()],
        columns=columns,
    )


def sensitivity_chart(frame: pd.DataFrame, lang: str, labels: dict[str, str], height: int = 320):
    """Cost plus lost sales a month of each option as one parameter changes (lines with points).

    ``frame`` holds the rows of one parameter (see :func:`sensitivity_frame`);
    ``labels``: ``change`` (x axis), ``money`` (y axis), ``option``, ``currency``.
    """
    frame = frame.copy()
    frame["total_text"] = [fmt.money(fmt.shown_total(c, lost), labels.get("currency", "EUR"), lang)
                           for c, lost in zip(frame["per_month"], frame["lost_revenue_per_month"])]
    frame["change_text"] = [("+" if c > 0 else "") + fmt.percent(c, lang) for c in frame["change"]]
    order = list(dict.fromkeys(frame["name"]))
    signed = "(datum.value > 0 ? '+' : '') + format(datum.value, '.0%')"
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("change:Q", title=labels["change"],
                axis=alt.Axis(labelExpr=signed, values=sorted(set(frame["change"])))),
        y=alt.Y("total_per_month:Q", title=labels["money"], axis=alt.Axis(format=",.0f"), scale=alt.Scale(zero=False)),
        # well-apart hues and a dash pattern per option, so options whose lines nearly
        # coincide (two cheap offers) still tell apart; the legend shows the dashed strokes
        color=alt.Color("name:N", sort=order, title=None, scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(columns=3, labelLimit=300, symbolType="stroke", symbolStrokeWidth=3)),
        strokeDash=alt.StrokeDash("name:N", sort=order, title=None),
        tooltip=[alt.Tooltip("name:N", title=labels["option"]), alt.Tooltip("change_text:N", title=labels["change"]),
                 alt.Tooltip("total_text:N", title=labels["money"])],
    )
    return _finish(chart.properties(height=height), lang)
