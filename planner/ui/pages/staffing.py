"""Staffing page: contacts, required agents and staff, and the service the roster gives, per channel."""

import functools

import pandas as pd
import streamlit as st

from planner.ui import charts, fmt, jobs, widgets
from planner.ui.i18n import lang, t

code = lang()


def when_column(short: pd.DataFrame) -> list[str]:
    """The understaffed periods' spans of the week, "ma 19:00–21:30"."""
    return [fmt.week_span(a, b, code) for a, b in zip(short["start_min"], short["end_min"])]


st.title(t("staffing.title"))
st.caption(t("staffing.intro"))

plan = widgets.plan_or_wait()
if plan is not None:
    summary = charts.channel_summary_frame(plan)

    # --- The week per channel, in figures ---------------------------------------
    st.subheader(t("staffing.week"))
    for row in summary.itertuples(index=False):
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
            if row.deferred:
                met = row.service_level >= row.target_sl - 1e-9
                cols[2].metric(t("staffing.in_deadline"), fmt.percent(row.service_level, code, 1),
                               delta=t("staffing.target_within", target=fmt.percent(row.target_sl, code),
                                       time=fmt.seconds(row.deadline_min * 60, code)),
                               delta_color="green" if met else "red", delta_arrow="off",
                               help=t("staffing.in_deadline_help"))
                cols[3].metric(t("staffing.abandon"), fmt.MISSING, help=t("staffing.abandon_deferred_help"))
                cols[4].metric(t("staffing.asa"), fmt.MISSING, help=t("staffing.asa_deferred_help"))
            else:
                met = row.service_level >= row.target_sl - 1e-9
                cols[2].metric(t("staffing.service_level"), fmt.percent(row.service_level, code, 1),
                               delta=t("staffing.target_within", target=fmt.percent(row.target_sl, code),
                                       time=fmt.seconds(row.target_s, code)),
                               delta_color="green" if met else "red",
                               delta_arrow="off", help=t("staffing.service_level_help"))
                abandon_target = (t("staffing.max", value=fmt.percent(row.max_abandon, code, 1))
                                  if row.max_abandon is not None and row.max_abandon == row.max_abandon else None)
                cols[3].metric(t("staffing.abandon"), fmt.percent(row.p_abandon, code, 1), delta=abandon_target,
                               delta_color="off", delta_arrow="off", help=t("staffing.abandon_help"))
                cols[4].metric(t("staffing.asa"), fmt.seconds(row.asa_s, code), help=t("staffing.asa_help"))
            notes = []
            if row.missed_closed_per_week > 0.05:
                notes.append(t("staffing.missed_closed", count=fmt.number(row.missed_closed_per_week, code)))
            if row.understaffed_intervals:
                notes.append(t("staffing.short_periods", count=row.understaffed_periods,
                               intervals=row.understaffed_intervals, minutes=plan.scenario.interval_min))
            if notes:
                st.caption(" · ".join(notes))

    # --- Over the week -----------------------------------------------------------
    st.subheader(t("staffing.chart_title"))
    names = {cp.channel.id: widgets.channel_name(cp.channel) for cp in plan.channels}
    chosen = st.segmented_control(t("staffing.channel"), list(names), format_func=widgets.map_labels(names),
                                  key="staffing_channel",
                                  default=next(iter(names)), required=True, persist_state="session")
    chosen = chosen if chosen in names else next(iter(names))
    frame = charts.requirement_frame(plan, chosen)
    labels = {
        "forecast_contacts": t("chart.contacts_per_interval", minutes=plan.scenario.interval_min),
        "required_agents": t("chart.required_agents"),
        "required_staff": t("chart.required_staff"),
        "scheduled": t("chart.scheduled"),
        "contacts": t("chart.contacts_per_interval", minutes=plan.scenario.interval_min),
        "people": t("chart.people"),
        "when": t("chart.when"),
        "closed": t("chart.closed"),
    }
    top, bottom = charts.requirement_charts(frame, code, labels)
    st.altair_chart(top, width="stretch")
    st.altair_chart(bottom, width="stretch")
    kind = plan.scenario.channel(chosen).kind
    st.caption(t("staffing.chart_help_deferred" if kind in ("callback", "email") else "staffing.chart_help",
                 shrinkage=fmt.percent(plan.scenario.workforce.shrinkage, code)))

    # --- Understaffed ------------------------------------------------------------
    st.subheader(t("staffing.short_title"))
    short = charts.understaffed_frame(plan)
    if short.empty:
        st.success(t("staffing.no_short"), icon=":material/check_circle:")
    else:
        st.warning(t("staffing.short_summary", count=len(short), intervals=int(short["intervals"].sum()),
                     minutes=plan.scenario.interval_min), icon=":material/warning:")
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
