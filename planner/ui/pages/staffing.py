"""Staffing page: contacts, required agents and staff, and the service the roster gives, per channel.

The demand and the requirement take milliseconds (:func:`planner.plan.channel_needs`), the
roster the solver's time: the page draws the first at once and fills in what the roster
gives (service level, abandonment, wait, the scheduled line, the understaffed periods)
when the plan is ready, with the solver's progress above.
"""

import functools

import pandas as pd
import streamlit as st

from planner.demand import all_missed_closed
from planner.export.summary import UNANSWERED_SAID, roster_facts, wait_text
from planner.plan import channel_needs
from planner.ui import charts, fmt, jobs, state, widgets
from planner.ui.i18n import lang, t

code = lang()
WAITING = "…"  # a figure the roster gives, while it is solved


def when_column(short: pd.DataFrame) -> list[str]:
    """The understaffed periods' spans of the week, "ma 19:00–21:30"."""
    return [fmt.week_span(a, b, code) for a, b in zip(short["start_min"], short["end_min"])]


def service_metrics(slots, row) -> None:
    """The service the roster gives a channel, in its three slots (``row`` of
    :func:`charts.channel_summary_frame`; before the roster, of :func:`charts.need_summary_frame`,
    with "…" for each figure)."""
    planned, deferred = hasattr(row, "service_level"), row.deferred
    target = t("staffing.target_within", target=fmt.percent(row.target_sl, code),
               time=fmt.seconds(row.deadline_min * 60 if deferred else row.target_s, code))
    met = planned and row.service_level >= row.target_sl - 1e-9
    has_max = not deferred and row.max_abandon is not None and row.max_abandon == row.max_abandon
    abandon_max = t("staffing.max", value=fmt.percent(row.max_abandon, code, 1)) if has_max else None
    metrics = (  # label, value (with the roster), help, delta, its colour
        (t("staffing.in_deadline" if deferred else "staffing.service_level"),
         lambda: fmt.percent(row.service_level, code, 1),
         t("staffing.in_deadline_help" if deferred else "staffing.service_level_help"),
         target, ("green" if met else "red") if planned else "off"),
        (t("staffing.abandon"), lambda: fmt.MISSING if deferred else fmt.percent(row.p_abandon, code, 1),
         t("staffing.abandon_deferred_help" if deferred else "staffing.abandon_help"), abandon_max, "off"),
        (t("staffing.asa"), lambda: wait_text(row.asa_s, deferred, code),
         t("staffing.asa_deferred_help" if deferred else "staffing.asa_help"), None, "off"),
    )
    for slot, (label, value, help_text, delta, colour) in zip(slots, metrics):
        slot.metric(label, value() if planned else WAITING, delta=delta, delta_color=colour, delta_arrow="off",
                    help=help_text if planned else f"{help_text} {t('staffing.waiting_help')}")


def show_notes(slot, row, interval_min: int) -> None:
    """Contacts missed while closed; and, with the roster, live contacts unanswered and its
    understaffed periods (in ``slot``)."""
    notes = []
    if all_missed_closed(row.contacts_per_week, row.missed_closed_per_week):
        notes.append(t("staffing.all_closed", count=fmt.number(row.missed_closed_per_week, code)))  # 100 % of none
    elif row.missed_closed_per_week > 0.05:
        notes.append(t("staffing.missed_closed", count=fmt.number(row.missed_closed_per_week, code)))
    if not row.deferred and getattr(row, "p_unanswered", 0) >= UNANSWERED_SAID:
        notes.append(t("staffing.unanswered", share=fmt.percent(row.p_unanswered, code, 1)))
    if row.deferred and (note := widgets.deadline_note(row.deadline_min, interval_min)):
        notes.append(note)
    if getattr(row, "understaffed_intervals", 0):
        notes.append(t("staffing.short_periods", count=row.understaffed_periods,
                       intervals=row.understaffed_intervals, minutes=interval_min))
    if notes:
        slot.caption(" · ".join(notes))


@st.cache_resource(max_entries=16, show_spinner=False)
def needs_of(key: str, _scenario) -> tuple:
    """:func:`channel_needs` of the scenario whose job key is ``key``, kept: a rerun of this page
    (a channel chosen for the chart) recomputed it, 15 ms for the examples, 2 s at ten million
    contacts a week. Frozen records, shared as they are."""
    return channel_needs(_scenario)


def people_labels(interval_min: int) -> dict[str, str]:
    return {
        "forecast_contacts": t("chart.contacts_per_interval", minutes=interval_min),
        "required_agents": t("chart.required_agents"),
        "required_staff": t("chart.required_staff"),
        "scheduled": t("chart.scheduled"),
        "contacts": t("chart.contacts_per_interval", minutes=interval_min),
        "people": t("chart.people"),
        "when": t("chart.when"),
        "closed": t("chart.closed"),
    }


st.title(t("staffing.title"))
st.caption(t("staffing.intro"))
scenario = state.scenario()
waiting = st.container()  # the solver's progress, above what the page shows without the roster
needs = needs_of(jobs.scenario_key(scenario), scenario)
interval_min = scenario.interval_min

# --- The week per channel, in figures -----------------------------------------------
st.subheader(t("staffing.week"))
slots_by_channel = []
for row in charts.need_summary_frame(needs, interval_min).itertuples(index=False):
    with st.container(border=True):
        kind = widgets.kind_name(row.kind)
        st.markdown(f"**{row.name}**" + ("" if row.name.casefold() == kind.casefold() else f" · {kind}"))
        cols = st.columns(5)
        cols[0].metric(t("staffing.contacts_week"), fmt.number(row.contacts_per_week, code),
                       help=t("staffing.contacts_week_help"))
        if row.deferred:
            cols[1].metric(t("staffing.work_week"), fmt.with_unit(row.work_h_per_week, "h", code, 1),
                           help=t("staffing.work_week_help"))
        else:
            cols[1].metric(t("staffing.peak_staff"), fmt.number(row.peak_required_staff, code),
                           help=t("staffing.peak_staff_help"))
        slots = [col.empty() for col in cols[2:]]
        service_metrics(slots, row)
        notes = st.empty()
        show_notes(notes, row, interval_min)
        slots_by_channel.append((slots, notes))

# --- Over the week ---------------------------------------------------------------------
st.subheader(t("staffing.chart_title"))
names = {cp.channel.id: widgets.channel_name(cp.channel) for cp in needs}
chosen = st.segmented_control(t("staffing.channel"), list(names), format_func=widgets.map_labels(names),
                              key="staffing_channel",
                              default=next(iter(names)), required=True, persist_state="session")
chosen = chosen if chosen in names else next(iter(names))
top, bottom = charts.requirement_charts(charts.need_frame(needs, interval_min, chosen), code,
                                        people_labels(interval_min))
st.altair_chart(top, width="stretch")
people_chart = st.empty()
people_chart.altair_chart(bottom, width="stretch")
kind = scenario.channel(chosen).kind
st.caption(t("staffing.chart_help_deferred" if kind in ("callback", "email") else "staffing.chart_help",
             shrinkage=fmt.percent(scenario.workforce.shrinkage, code)))

with waiting:
    plan = widgets.plan_or_wait()
if plan is None:  # the plan failed (its error is said above): no figure is coming
    for slots, _ in slots_by_channel:
        for slot in slots:
            slot.empty()
else:
    # --- What the roster gives -------------------------------------------------------
    summary = charts.channel_summary_frame(plan)
    for row, (slots, notes) in zip(summary.itertuples(index=False), slots_by_channel):
        service_metrics(slots, row)
        show_notes(notes, row, interval_min)
    _, bottom = charts.requirement_charts(charts.requirement_frame(plan, chosen), code, people_labels(interval_min))
    people_chart.altair_chart(bottom, width="stretch")

    # --- Understaffed ------------------------------------------------------------
    st.subheader(t("staffing.short_title"))
    short = charts.understaffed_frame(plan)
    if short.empty:
        st.success(t("staffing.no_short"), icon=":material/check_circle:")
    else:
        facts = roster_facts(plan)  # any channel short: as the proposal
        said = t("staffing.short_summary", count=len(short), intervals=facts.understaffed_intervals,
                 minutes=interval_min)
        if facts.shared_short_intervals:  # the channels' intervals below add up to more than the week's
            said += " " + t("staffing.short_shared", count=facts.shared_short_intervals)
        st.warning(said, icon=":material/warning:")
        live, deferred = short[~short["deferred"]], short[short["deferred"]]
        if not live.empty:
            st.dataframe(pd.DataFrame({
                t("staffing.col_channel"): live["name"],
                t("staffing.col_when"): when_column(live),
                t("staffing.col_required"): [fmt.number(v, code) for v in live["required_staff_max"]],
                t("staffing.col_scheduled"): [fmt.number(v, code, 1) for v in live["scheduled_min"]],
                t("staffing.col_shortfall"): [fmt.number(v, code, 1) for v in live["shortfall_max"]],
            }), hide_index=True, width="stretch")
            st.caption(t("staffing.short_help"))
        if not deferred.empty:
            st.dataframe(pd.DataFrame({
                t("staffing.col_channel"): deferred["name"],
                t("staffing.col_when"): when_column(deferred),
                t("staffing.col_work_short"): [fmt.number(v, code, 2) for v in deferred["shortfall_h"]],
            }), hide_index=True, width="stretch")
            st.caption(t("staffing.short_deferred_help"))

    st.download_button(t("staffing.download_plan"), data=functools.partial(jobs.plan_json_bytes, plan.scenario),
                       file_name="plan.json", mime="application/json", on_click="ignore", icon=":material/download:")
