"""Roster page: the shifts, how they cover the requirement, and how the solver did."""

import functools

import pandas as pd
import streamlit as st

from planner.export.summary import ended_early, large_shortfall, roster_facts, shortfall_text, status_words
from planner.locales import contract_name
from planner.ui import charts, fmt, state, widgets
from planner.ui.i18n import lang, t

code = lang()
st.title(t("roster.title"))
st.caption(t("roster.intro_team" if state.scenario().workforce.team is not None else "roster.intro"))

plan = widgets.plan_or_wait()
if plan is not None:
    scenario = plan.scenario
    summary = charts.roster_summary(plan)

    # --- Solver report -----------------------------------------------------------
    facts = roster_facts(plan)
    large = large_shortfall(facts)  # then not a green light, whatever the search proved
    early = ended_early(facts)
    kind, sentence = widgets.solver_words(summary, large, early)
    alerts = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
    icons = {"success": ":material/verified:", "info": ":material/info:", "warning": ":material/warning:",
             "error": ":material/error:"}
    alerts[kind](sentence, icon=icons[kind])
    if facts.understaffed_intervals:
        short = "warning" if large else "info"
        alerts[short](shortfall_text(facts, code), icon=icons[short])
    cols = st.columns(4)
    cols[0].metric(t("roster.agents"), fmt.number(summary["agents"], code), help=t("roster.agents_help"))
    cols[1].metric(t("roster.shifts"), fmt.number(summary["shifts"], code))
    cols[2].metric(t("roster.paid_hours"), fmt.with_unit(summary["paid_h_per_week"], "h", code, 1),
                   help=t("roster.paid_hours_help"))
    money = functools.partial(fmt.money, currency=scenario.currency, lang=code)
    per_month = summary["paid_cost_per_month"]
    cost_help = [t("roster.weekly_cost_help")]
    if per_month is not None:
        cost_help.append(t("roster.per_month_help", weeks=charts.month_weeks_text(summary["month_weeks"], code)))
    cols[3].metric(t("roster.weekly_cost"), fmt.MISSING if summary["paid_cost_per_week"] is None
                   else money(summary["paid_cost_per_week"]),
                   delta=None if per_month is None else t("roster.per_month", money=money(per_month)),
                   delta_color="off", delta_arrow="off", help=" ".join(cost_help))
    details = [widgets.time_limit_caption(summary["seconds"], summary["limit_s"])]
    if summary["objective"] is not None and summary["understaffing_cost"] > 0.005:
        details.append(t("roster.objective", objective=money(summary["objective"]),
                         penalty=money(summary["understaffing_cost"])))
    if summary["bound"] is not None:
        details.append(t("roster.bound", bound=money(summary["bound"])))
    if summary["gap"] is not None:
        details.append(t("roster.gap", gap=fmt.percent(summary["gap"], code, 2)))
    details.append(t("roster.status_code", status=status_words(summary["status"], code)))
    if charts.may_vary(plan.schedule.solver) and not early:
        details.append(t("roster.varies"))
    st.caption(" · ".join(details))
    if summary["reasons"]:
        with st.container(border=True):
            st.markdown(f"**{t('roster.reasons')}**")
            names = {cp.channel.id: widgets.channel_name(cp.channel) for cp in plan.channels}
            lines = (reason.text(code, names, scenario.currency) for reason in summary["reasons"])
            st.markdown("\n".join(f"- {line}" for line in lines))

    # --- Coverage -----------------------------------------------------------------
    st.subheader(t("roster.coverage"))
    names = {cp.channel.id: widgets.channel_name(cp.channel) for cp in plan.channels}
    choices = ["__all__"] + list(names)
    chosen = st.segmented_control(t("roster.coverage_of"), choices, key="roster_channel", default="__all__",
                                  required=True, persist_state="session",
                                  format_func=widgets.map_labels({"__all__": t("roster.all_channels"), **names}))
    chosen = chosen if chosen in choices else "__all__"
    frame = charts.coverage_frame(plan, None if chosen == "__all__" else chosen)
    shown = [cp for cp in plan.channels if chosen in ("__all__", cp.channel.id)]
    deferred = [cp.requirement.is_deferred for cp in shown]
    needed = (t("chart.work_arriving") if all(deferred) else t("chart.required_and_work") if any(deferred)
              else t("chart.required_staff"))
    labels = {"required_staff": needed, "scheduled": t("chart.scheduled"),
              "understaffed": t("chart.understaffed"), "people": t("chart.people"), "when": t("chart.when")}
    st.altair_chart(charts.coverage_chart(frame, code, labels), width="stretch")
    st.caption(t("roster.coverage_help") + (" " + t("roster.coverage_deferred") if any(deferred) else ""))

    # --- Timeline -----------------------------------------------------------------
    gantt = charts.gantt_frame(plan)
    if not gantt.empty:
        st.subheader(t("roster.timeline"))
        st.altair_chart(charts.gantt_chart(gantt, code, {"agent": t("roster.col_agent"), "work": t("roster.work"),
                                                         "break": t("roster.break"), "from": t("roster.from"),
                                                         "to": t("roster.to")}), width="stretch")

    # --- Agents -------------------------------------------------------------------
    shifts = charts.shifts_frame(plan)
    if plan.schedule.agents:
        st.subheader(t("roster.agents"))
        worked = {agent: sorted(set(days)) for agent, days in shifts.groupby("agent")["day"]}
        st.dataframe(pd.DataFrame({
            t("roster.col_agent"): [a.id for a in plan.schedule.agents],
            t("roster.col_contract"): [contract_name(code, a.contract) for a in plan.schedule.agents],
            t("roster.shifts"): [a.shifts for a in plan.schedule.agents],
            t("roster.col_paid_week"): [fmt.number(a.paid_min / 60, code, 1) for a in plan.schedule.agents],
            t("roster.col_days"): [", ".join(fmt.weekday(d, code) for d in worked.get(a.id, ()))
                                   for a in plan.schedule.agents],
        }), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(plan.schedule.agents)))

    # --- Shifts -------------------------------------------------------------------
    st.subheader(t("roster.table"))
    if shifts.empty:
        st.info(t("roster.no_shifts"), icon=":material/info:")
    else:
        days = [fmt.weekday(d, code) for d in range(7)]
        table = pd.DataFrame({
            t("roster.col_agent"): shifts["agent"],
            t("roster.col_day"): pd.Categorical([days[d] for d in shifts["day"]], categories=days, ordered=True),
            t("roster.col_start"): shifts["start"],
            t("roster.col_end"): shifts["end"],
            t("roster.col_channels"): [", ".join(names.get(c, c) for c in chans) for chans in shifts["channels"]],
            t("roster.col_breaks"): [", ".join(fmt.span(a, b) for a, b in brks) or fmt.MISSING
                                     for brks in shifts["breaks"]],
            t("roster.col_paid"): [fmt.number(h, code, 2) for h in shifts["paid_h"]],
        })
        agents = sorted(shifts["agent"].unique())
        picked = st.multiselect(t("roster.filter_agents"), agents, key="roster_agents",
                                placeholder=t("roster.filter_all"))
        if picked:
            table = table[shifts["agent"].isin(picked).to_numpy()]
        st.dataframe(table, hide_index=True, width="stretch", height=min(600, 38 + 35 * len(table)))
        st.caption(t("roster.table_help"))
