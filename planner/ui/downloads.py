"""The files the Proposal page offers: the PDF, the workbook, the plan JSON and the scenario file.

Each is built when its download button is clicked (``st.download_button(data=callable)``),
from the finished plan of the scenario (:mod:`planner.ui.jobs`) and, for the PDF, the
break-even and sensitivity when they have been computed (:mod:`planner.ui.analysis`).
No streamlit here.
"""

from __future__ import annotations

from planner.locales import translate
from planner.scenario import Scenario
from planner.ui import analysis, jobs, scenario_io

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MIME = "application/json"


def _plan(scenario: Scenario):
    job = jobs.job_for(scenario, start=False)
    return None if job is None else job.plan


def proposal_bytes(scenario: Scenario, lang: str) -> bytes:
    """The proposal PDF of the scenario's plan in ``lang`` (empty if the plan is not ready)."""
    from planner.export.pdf import proposal_pdf

    plan = _plan(scenario)
    if plan is None:
        return b""
    break_even, sensitivity = analysis.results(plan)
    return proposal_pdf(plan, lang, break_even=break_even, sensitivity=sensitivity)


def workbook_bytes(scenario: Scenario, lang: str) -> bytes:
    """The Excel workbook of the scenario's plan in ``lang`` (empty if the plan is not ready)."""
    from planner.export.excel import plan_workbook

    plan = _plan(scenario)
    if plan is None:
        return b""
    break_even, sensitivity = analysis.results(plan)
    return plan_workbook(plan, lang, break_even=break_even, sensitivity=sensitivity)


def file_name(scenario: Scenario, kind: str, lang: str) -> str:
    """``verkkokauppa-ehdotus.pdf``, ``…-laskelma.xlsx``, ``…-laskelma.json``, or the scenario's ``….json``.

    >>> from planner.scenario import default_scenario
    >>> file_name(default_scenario(), "pdf", "en")
    'verkkokauppa-chat-puhelin-ja-takaisinsoitto-proposal.pdf'
    """
    stem = scenario_io.file_name(scenario).removesuffix(".json")
    if kind == "pdf":
        return f"{stem}-{translate(lang, 'proposal.file_proposal')}.pdf"
    if kind == "xlsx":
        return f"{stem}-{translate(lang, 'proposal.file_plan')}.xlsx"
    if kind == "plan":
        return f"{stem}-{translate(lang, 'proposal.file_plan')}.json"
    return f"{stem}.json"
