"""Costs page: in-house, each outsourcing offer and hybrid per month, with their lines and lost sales."""

import pandas as pd
import streamlit as st

from planner.ui import charts, fmt, labels, widgets
from planner.ui.i18n import lang, t

code = lang()
st.title(t("costs.title"))
st.caption(t("costs.intro"))

plan = widgets.plan_or_wait()
if plan is not None:
    scenario = plan.scenario
    currency = scenario.currency
    frame = charts.options_frame(plan)
    offer_names = tuple(o.name for o in scenario.offers)
    channel_names = {c.id: widgets.channel_name(c) for c in scenario.channels}

    hybrid_offer = scenario.hybrid.offer or (offer_names[0] if offer_names else "")

    def option_name(row) -> str:
        if row["kind"] == "in_house":
            return t("costs.in_house")
        if row["kind"] == "hybrid":
            return t("costs.hybrid", offer=hybrid_offer)
        return t("costs.outsourced", offer=row["option"])

    def short_name(row) -> str:
        return {"in_house": t("costs.in_house"), "hybrid": t("costs.hybrid_short")}.get(row["kind"], row["option"])

    def about(row) -> str:
        return {"in_house": t("costs.about_in_house"), "hybrid": t("costs.about_hybrid", offer=hybrid_offer)}.get(
            row["kind"], t("costs.about_outsourced"))

    frame["name"] = [option_name(row) for _, row in frame.iterrows()]

    # --- Headline figures -----------------------------------------------------
    in_house = frame.iloc[0]
    cols = st.columns(len(frame))
    for col, (_, row) in zip(cols, frame.iterrows()):
        delta = None
        if row["kind"] != "in_house":
            difference = row["per_month"] - in_house["per_month"]
            delta = t("costs.vs_in_house", amount=("+" if difference > 0 else "") + fmt.money(difference, currency,
                                                                                                 code))
        col.metric(short_name(row), fmt.money(row["per_month"], currency, code), delta=delta,
                   delta_color="inverse", delta_arrow="off" if delta is None else "auto",
                   help=about(row) + " " + t("costs.per_month_help"), border=True)
    cheapest = frame.loc[frame["total"].idxmin()]
    st.info(t("costs.cheapest", name=cheapest["name"], total=fmt.money(cheapest["total"], currency, code)),
            icon=":material/lightbulb:")

    # --- Comparison -------------------------------------------------------------
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
        t("costs.total"): [fmt.money(v, currency, code) for v in frame["total"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("costs.lost_help", conversion=fmt.percent(scenario.revenue.conversion_rate, code, 1),
                 order_value=fmt.money(scenario.revenue.average_order_value, currency, code, 2)))
    st.caption(t("costs.estimates_note"))

    # --- Lines ------------------------------------------------------------------
    st.subheader(t("costs.lines"))
    for option, (_, row) in zip(charts.options(plan), frame.iterrows()):
        lines = charts.cost_lines_frame(option)
        with st.expander(f"{row['name']}: {fmt.money(row['per_month'], currency, code)} {t('costs.per_month')}",
                         expanded=row["kind"] == "in_house"):
            shown = pd.DataFrame({
                t("costs.item"): [labels.cost_item(i, code, channel_names, offer_names) for i in lines["item"]],
                t("costs.amount"): [fmt.money(v, currency, code, 2) for v in lines["per_month"]],
                t("costs.inputs"): [labels.cost_inputs(i, code, currency) for i in lines["inputs"]],
            })
            st.dataframe(shown, hide_index=True, width="stretch")
            st.markdown(f"**{t('costs.sum')}: {fmt.money(option.cost.per_month, currency, code, 2)}**")
