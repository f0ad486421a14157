"""Costs page: in-house, each outsourcing offer and the hybrids per month, their lines, lost contacts and sales."""

import pandas as pd
import streamlit as st

from planner import costs
from planner.export import summary
from planner.ui import charts, fmt, i18n, labels, widgets
from planner.ui.i18n import lang, t

code = lang()
st.title(t("costs.title"))
st.caption(t("costs.intro"))

plan = widgets.plan_or_wait()
if plan is not None:
    scenario = plan.scenario
    currency = scenario.currency
    frame = charts.options_frame(plan)
    options = charts.options(plan)
    offer_names = tuple(o.name for o in scenario.offers)
    channel_names = {c.id: widgets.channel_name(c) for c in scenario.channels}
    hybrid_offer = scenario.hybrid.offer or (offer_names[0] if offer_names else "")

    def about(kind: str) -> str:
        key = f"costs.about.{kind}"
        return t(key, offer=hybrid_offer) if i18n.has(key) else ""

    frame["name"] = [summary.option_name(o, k, code) for k, o in zip(frame["kind"], frame["option"])]
    estimate_note = t("costs.estimate_basis")

    # --- The recommendation ----------------------------------------------------
    best_index = summary.recommended_index(plan)  # the PDF's and the workbook's choice
    best = frame.loc[best_index]
    best_option = options[best_index]
    st.success(t("costs.best", name=best["name"], cost=fmt.money(best["per_month"], currency, code),
                 lost=fmt.money(best["lost_revenue_per_month"], currency, code),
                 total=fmt.money(best["shown_total"], currency, code)),
               icon=":material/lightbulb:")
    if missed := summary.missed_targets_text(plan, code):
        st.warning(missed, icon=":material/warning:")
    mix = charts.assignment_frame(plan, best_option)
    if not mix.empty and best["kind"] in ("optimised", "hybrid", "closed_outside"):
        shown = mix.map(lambda value: summary.server_name(value, code))
        shown.index = [channel_names.get(i, i) for i in shown.index]
        shown.columns = [summary.block_name(b, code) for b in shown.columns]
        st.caption(t("costs.mix_caption"))
        st.table(shown)  # wraps the offers' names (a data frame cut them at the column's edge)
        st.caption(summary.blocks_text(plan, best_option, code))

    # --- Every option in figures -------------------------------------------------
    st.subheader(t("costs.options"))
    st.caption(t("costs.options_delta"))
    if (frame["basis"] == "roster").any() and charts.may_vary(plan.schedule.solver):
        st.caption(t("costs.roster_varies"))
    in_house = frame.iloc[0]
    per_row = 3
    for start in range(0, len(frame), per_row):
        cols = st.columns(per_row)
        for col, (_, row) in zip(cols, frame.iloc[start:start + per_row].iterrows()):
            delta, colour, arrow, versus = None, "gray", "off", None
            if row["kind"] != "in_house":  # the value's own basis: cost plus lost sales, as the answer above
                difference = round(row["shown_total"] - in_house["shown_total"])
                delta = ("+" if difference > 0 else "") + fmt.money(difference, currency, code)
                colour, arrow = ("red", "up") if difference > 0 else (("green", "down") if difference < 0 else
                                                                      ("gray", "off"))
                versus = t("costs.vs_in_house")
            label = row["name"] + (f" :orange-badge[{t('common.estimate')}]" if row["basis"] == "estimate" else "")
            with col.container(border=True, height="stretch"):  # a row of tiles alike in height
                st.metric(label, fmt.money(row["shown_total"], currency, code), delta=delta, delta_color=colour,
                          delta_arrow=arrow, delta_description=versus,
                          help=" ".join(x for x in (about(row["kind"]), t("costs.per_month_help"),
                                                     estimate_note if row["basis"] == "estimate" else "") if x))
                st.caption(t("costs.tile_parts", cost=fmt.money(row["per_month"], currency, code),
                             lost=fmt.money(row["lost_revenue_per_month"], currency, code)))

    # --- Comparison ----------------------------------------------------------------
    st.subheader(t("costs.compare"))
    chart_labels = {"cost": t("costs.cost"), "lost_revenue": t("costs.lost_revenue"),
                    "money": t("costs.per_month_axis", currency=fmt.CURRENCY_SYMBOLS.get(currency, currency)),
                    "option": t("costs.option"), "currency": currency}
    chart_labels.update({"name:" + row["option"]: row["name"] for _, row in frame.iterrows()})
    st.altair_chart(charts.options_chart(frame, code, chart_labels), width="stretch")
    table = pd.DataFrame({
        t("costs.option"): frame["name"],
        t("costs.cost"): [fmt.money(v, currency, code) for v in frame["per_month"]],
        t("costs.lost_contacts"): [fmt.number(v, code) for v in frame["lost_contacts_per_month"]],
        t("costs.lost_revenue"): [fmt.money(v, currency, code) for v in frame["lost_revenue_per_month"]],
        t("costs.total"): [fmt.money(v, currency, code) for v in frame["shown_total"]],
        t("costs.per_contact"): [fmt.money(v, currency, code, 2) for v in frame["cost_per_handled_contact"]],
        t("costs.basis"): [(t(f"costs.basis.{b}") if i18n.has(f"costs.basis.{b}") else b)
                           + (" " + t("costs.basis_stopped") if stopped else "")
                           for b, stopped in zip(frame["basis"], frame["stopped"])],
    })
    st.table(table, hide_index=True)  # wraps the long option names and headers
    cause_columns = {"lost_abandoned": t("costs.lost_abandoned"), "lost_unanswered": t("costs.lost_unanswered"),
                     "lost_closed": t("costs.lost_closed")}
    # add up to the table's lost contacts; the contacts lost while closed, alike in every option, read alike
    shown = [fmt.shown_parts(row, rounded_alone=2) for row in frame[list(cause_columns)].itertuples(index=False)]
    causes = pd.DataFrame({
        t("costs.option"): frame["name"],
        **{label: [fmt.number(parts[i], code) for parts in shown] for i, label in enumerate(cause_columns.values())},
        t("costs.lost_contacts"): [fmt.number(v, code) for v in frame["lost_contacts_per_month"]],
    })
    with st.expander(t("costs.lost_causes")):
        st.dataframe(causes, hide_index=True, width="stretch")
    revenue = scenario.revenue
    st.caption(t("costs.lost_help", conversion=fmt.percent(revenue.conversion_rate, code, 1),
                 order_value=fmt.money(revenue.average_order_value, currency, code, 2),
                 lost_share=fmt.percent(revenue.lost_for_good_share, code, 1),
                 customer_value=fmt.money(revenue.customer_value_per_year, currency, code, 2),
                 per_contact=fmt.money(costs.lost_revenue_per_contact(revenue), currency, code, 2)))
    st.caption(t("costs.estimates_note"))

    # --- Lines ---------------------------------------------------------------------
    st.subheader(t("costs.lines"))
    for option, (_, row) in zip(options, frame.iterrows()):
        lines = charts.cost_lines_frame(option)
        with st.expander(f"{row['name']}: {fmt.money(row['per_month'], currency, code)} {t('costs.per_month')}",
                         expanded=False):
            if row["kind"] not in ("in_house", "outsourced"):
                st.caption(about(row["kind"]))
            # a static table wraps long names and inputs; a data grid would cut them off
            st.table(pd.DataFrame({
                t("costs.item"): [labels.cost_item(i, code, channel_names, offer_names) for i in lines["item"]],
                t("costs.amount"): [fmt.money(v, currency, code, 2) for v in lines["per_month"]],
                t("costs.inputs"): [labels.cost_inputs(i, code, currency) for i in lines["inputs"]],
            }), hide_index=True)
            st.markdown(f"**{t('costs.sum')}: {fmt.money(option.cost.per_month, currency, code, 2)}**")
