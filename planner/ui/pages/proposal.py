"""Proposal page: the recommendation, break-even and sensitivity on demand, and the files for the client."""

import functools

import pandas as pd
import streamlit as st

from planner.export import summary
from planner.locales import LANGUAGES
from planner.ui import analysis, charts, downloads, fmt, jobs, scenario_io, widgets
from planner.ui.i18n import lang, t

HIGHLIGHT = "background-color: #e3f1ea; font-weight: bold"  # the recommended option, the cheapest cell
DOC_LANG = "proposal_doc_lang"  # session key: the documents' language
DOC_LANG_CHOSEN = "proposal_doc_lang_chosen"  # the user chose it (else it follows the UI's)

code = lang()


def side_by_side_frame(title: str, facts, currency: str) -> pd.DataFrame:
    owners, rows = summary.side_by_side(facts, code, currency)
    return pd.DataFrame(rows, columns=[title, *owners])


def assumptions_tables(facts, currency: str) -> None:
    """The scenario's inputs as the documents list them: channels side by side, each general
    section, offers side by side."""
    general = [f for f in facts if not f.group]
    tables = [side_by_side_frame(t("pdf.assumptions_channels"), [f for f in facts if f.group == "channel"], currency)]
    for section in dict.fromkeys(f.section for f in general):
        rows = [[f.label, summary.fact_shown(f, code, currency)] for f in general if f.section == section]
        tables.append(pd.DataFrame(rows, columns=[section, " "]))
    tables.append(side_by_side_frame(t("pdf.assumptions_offers"), [f for f in facts if f.group == "offer"], currency))
    for table in tables:
        if not table.empty:
            st.table(table, hide_index=True)  # wraps the long values (curves, hours)


st.title(t("proposal.title"))
st.caption(t("proposal.intro"))

plan = widgets.plan_or_wait()
if plan is not None:
    scenario = plan.scenario
    currency = scenario.currency
    rec = summary.recommendation(plan, code)

    # --- The answer ----------------------------------------------------------------
    st.markdown(f"**{t('pdf.question')}:** {summary.question_text(plan, code)}")
    st.success(summary.answer_text(plan, code), icon=":material/lightbulb:")
    header, rows = summary.mix_table(plan, rec.best.option, code)
    if rows and rec.best.kind in ("optimised", "hybrid", "closed_outside"):
        st.caption(t("pdf.mix", name=rec.best.name))
        st.table(pd.DataFrame(rows, columns=header), hide_index=True)  # wraps the offers' names
        st.caption(summary.blocks_text(plan, rec.best.option, code))

    options = summary.option_rows(plan, code)
    table = pd.DataFrame({
        t("costs.option"): [o.name if o.same_as is None else t("pdf.same_as", name=o.name, other=o.same_as)
                            for o in options],
        t("proposal.agents"): [fmt.number(o.option.in_house_agents, code) for o in options],
        t("pdf.col_cost"): [fmt.money(o.per_month, currency, code) for o in options],
        t("costs.lost_contacts"): [fmt.number(o.lost_contacts_per_month, code) for o in options],
        t("costs.lost_revenue"): [fmt.money(o.lost_revenue_per_month, currency, code) for o in options],
        t("costs.total"): [fmt.money(o.shown_total, currency, code) for o in options],
        t("costs.per_contact"): [fmt.money(o.cost_per_handled_contact, currency, code, 2) for o in options],
    })
    st.subheader(t("pdf.options"))
    best_row = [o.recommended for o in options]
    st.table(table.style.apply(lambda column: [HIGHLIGHT if best else "" for best in best_row]),
             hide_index=True)  # wraps the long headers and option names (a data frame cut them)
    st.caption(t("proposal.options_note"))
    facts = summary.roster_facts(plan)
    st.caption(summary.solver_text(facts, code))
    with st.expander(t("pdf.assumptions"), icon=":material/checklist:"):
        assumptions_tables(summary.assumptions(plan, code), currency)

    # --- Break-even and sensitivity, on demand -----------------------------------------
    st.subheader(t("proposal.analysis"))
    st.caption(t("proposal.analysis_help"))
    job = analysis.analysis_for(plan, start=False)
    if job is None:
        st.button(t("proposal.analysis_run"), key="run_analysis", icon=":material/calculate:",
                  on_click=analysis.analysis_for, args=(plan,))
    if job is not None and not job.done:
        with st.status(t("proposal.analysis_running"), expanded=False) as box:
            while not job.wait(0.3):
                pass
            box.update(label=t("proposal.analysis_done", seconds=fmt.number(job.seconds, code, 1)),
                       state="error" if job.error else "complete")
    if job is not None and job.done and job.error:
        st.error(t("proposal.analysis_error", error=job.error), icon=":material/error:")
        if st.button(t("run.retry"), key="retry_analysis"):
            analysis.forget(plan)
            st.rerun()
    elif job is not None and job.done:
        # break-even per offer
        st.markdown(f"**{t('pdf.break_even')}**")
        be_rows = summary.break_even_rows(plan, job.break_even, code)
        if be_rows:
            st.caption(t("pdf.break_even_intro"))
            st.table(pd.DataFrame({  # wraps the sentences (a data frame cut them at the column's edge)
                t("pdf.col_offer"): [r.offer for r in be_rows],
                t("pdf.col_be_volume"): [r.volume_text for r in be_rows],
                t("pdf.col_be_wage"): [r.wage_text for r in be_rows],
            }), hide_index=True)
            st.caption(t("pdf.break_even_note", basis=summary.calibration_words(plan, code)))
        else:
            st.info(t("proposal.no_offers"), icon=":material/info:")
        # sensitivity
        sens = summary.sensitivity_table(plan, job.sensitivity, code)
        if sens is not None:
            st.markdown(f"**{t('pdf.sensitivity')}**")
            st.write(summary.sensitivity_text(plan, sens, code))
            parameters = list(dict.fromkeys(row[0] for row in sens.rows))
            chosen = st.segmented_control(
                t("proposal.parameter"), parameters, key="sensitivity_parameter", default=parameters[0],
                required=True, format_func=widgets.key_labels("proposal.parameter."))
            chosen = chosen if chosen in parameters else parameters[0]
            names = dict(zip(sens.options, sens.names))
            frame = charts.sensitivity_frame(job.sensitivity, names)
            frame = frame[frame["parameter"] == chosen]
            st.altair_chart(charts.sensitivity_chart(frame, code, {
                "change": t("pdf.col_change"), "option": t("costs.option"), "currency": currency,
                "money": t("costs.per_month_axis", currency=fmt.CURRENCY_SYMBOLS.get(currency, currency))}),
                width="stretch")
            # an option a row, a change a column (six options with long names do not fit as columns)
            shown = [row for row in sens.rows if row[0] == chosen]
            columns = [f"{summary.change_text(c, code)} ({summary.parameter_value_text(plan, p, v, code)})"
                       for p, c, v, _totals in shown]
            cheapest = {column: names[sens.cheapest(row)] for column, row in zip(columns, shown)}
            option_column = t("costs.option")
            variants = pd.DataFrame({
                option_column: list(names.values()),
                **{column: [fmt.money(totals.get(option), currency, code) for option in names]
                   for column, (*_rest, totals) in zip(columns, shown)},
            })
            st.dataframe(variants.style.apply(
                lambda column: [HIGHLIGHT if cheapest.get(column.name) == name else ""
                                for name in variants[option_column]]),
                hide_index=True, width="stretch")
            st.caption(t("proposal.sensitivity_note", basis=summary.calibration_words(plan, code)))

    # --- Files for the client -----------------------------------------------------------
    st.subheader(t("proposal.files"))
    if not st.session_state.get(DOC_LANG_CHOSEN):  # follows the UI's language until chosen here
        st.session_state[DOC_LANG] = code
    doc_lang = st.segmented_control(
        t("proposal.doc_language"), LANGUAGES, key=DOC_LANG, required=True,
        on_change=lambda: st.session_state.update({DOC_LANG_CHOSEN: True}),
        format_func=widgets.map_labels({c: t(f"app.lang_{c}") for c in LANGUAGES}))
    doc_lang = doc_lang if doc_lang in LANGUAGES else code
    cols = st.columns(4)
    cols[0].download_button(
        t("proposal.download_pdf"), data=functools.partial(downloads.proposal_bytes, scenario, doc_lang),
        file_name=downloads.file_name(scenario, "pdf", doc_lang), mime=downloads.PDF_MIME, on_click="ignore",
        icon=":material/picture_as_pdf:", key="download_pdf", width="stretch")
    cols[1].download_button(
        t("proposal.download_xlsx"), data=functools.partial(downloads.workbook_bytes, scenario, doc_lang),
        file_name=downloads.file_name(scenario, "xlsx", doc_lang), mime=downloads.XLSX_MIME, on_click="ignore",
        icon=":material/table_view:", key="download_xlsx", width="stretch")
    cols[2].download_button(
        t("proposal.download_plan"), data=functools.partial(jobs.plan_json_bytes, scenario),
        file_name=downloads.file_name(scenario, "plan", doc_lang), mime=downloads.JSON_MIME, on_click="ignore",
        icon=":material/data_object:", key="download_plan_json", width="stretch")
    cols[3].download_button(
        t("proposal.download_scenario"), data=functools.partial(scenario_io.scenario_bytes, scenario),
        file_name=scenario_io.file_name(scenario), mime=downloads.JSON_MIME, on_click="ignore",
        icon=":material/download:", key="download_scenario_file", width="stretch")
    st.caption(t("proposal.files_help") + (" " + t("proposal.files_with_analysis") if analysis.results(plan)[0]
                                           is not None else ""))
