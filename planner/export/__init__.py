"""Exports of a plan: the client proposal (PDF), the workbook (Excel) and the plan JSON.

* :func:`planner.export.excel.plan_workbook` ``(plan, lang) -> bytes``: an
  .xlsx with the sheets Summary, Costs (every option's lines, totals as SUM
  formulas), Requirement (one row per interval), Roster and Scenario.
* :func:`planner.export.pdf.proposal_pdf` ``(plan, lang, *, break_even=None,
  sensitivity=None) -> bytes``: a proposal of a few pages for the client.
* The plan JSON is :meth:`planner.plan.Plan.to_json_text`.

Both documents read a :class:`~planner.plan.Plan` (and, for the PDF, the
break-even and sensitivity results of :mod:`planner.options`) and compute
nothing of their own: the figures they show come from
:mod:`planner.export.summary`, which the app's Proposal page shows too.
Numbers are written by :mod:`planner.export.fmt`, cost lines named by
:mod:`planner.export.labels`, words taken from ``planner/locales``. No
streamlit here (the core runs without it).

``plan_workbook`` and ``proposal_pdf`` are importable from this package; they
load openpyxl and fpdf2 only when called, so the app's number formatting
(which imports :mod:`planner.export.fmt`) does not pay for them.
"""

from __future__ import annotations


def plan_workbook(plan, lang: str, **kwargs) -> bytes:
    """The plan as an Excel workbook (see :func:`planner.export.excel.plan_workbook`)."""
    from planner.export.excel import plan_workbook as build

    return build(plan, lang, **kwargs)


def proposal_pdf(plan, lang: str, **kwargs) -> bytes:
    """The client proposal as a PDF (see :func:`planner.export.pdf.proposal_pdf`)."""
    from planner.export.pdf import proposal_pdf as build

    return build(plan, lang, **kwargs)
