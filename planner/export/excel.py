"""The plan as an Excel workbook: ``plan_workbook(plan, lang) -> bytes`` (.xlsx, openpyxl).

Sheets (names and headers in Finnish or English):

* Summary: the scenario, the question and the answer, each option's cost a
  month, lost contacts, lost sales, cost plus lost sales and cost per answered
  contact with the recommended one marked, the service per channel and the
  roster in figures. An option's cost is a formula that reads its total on the
  Costs sheet, and cost plus lost sales adds the two cells, so a line changed
  there flows through.
* Costs: every option's cost lines with the inputs of their formulas; each
  option's total is an Excel ``SUM`` of its lines, equal to the plan's
  ``per_month`` to the cent (the lines are rounded to the cent and add up to
  the total exactly, see ``planner.costs``).
* Requirement: one row per interval of the week; per channel the forecast
  contacts, required agents, required staff, scheduled people (net of
  breaks), understaffing and the service level achieved (blank while closed).
* Roster: the shifts: agent, day, start, end, channels, breaks, paid hours.
* Scenario: the main inputs, estimates marked.

Money cells carry a currency number format and shares a percentage format, so
Excel shows them in the reader's own number style; header rows are frozen.
Nothing is computed here: figures come from the Plan and
:mod:`planner.export.summary`. The cost lines themselves are figures (with the
inputs of the core's formula beside them), not Excel formulas.
"""

from __future__ import annotations

import io
import math
from datetime import date

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname

from planner.export import fmt, labels, summary
from planner.locales import translate

GREEN = "0B6E4F"
LIGHT_GREEN = "E3F1EA"
GREY = "F2F2F2"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=GREEN)
BAND_FILL = PatternFill("solid", fgColor=LIGHT_GREEN)
TOTAL_FILL = PatternFill("solid", fgColor=GREY)
THIN = Side(style="thin", color="9E9E9E")
WRAP = Alignment(wrap_text=True, vertical="top")
NOTE_FONT = Font(italic=True, color="555555")
SHEETS = ("summary", "costs", "requirement", "roster", "scenario")


def money_format(currency: str, lang: str, decimals: int = 2) -> str:
    """An Excel number format for money: ``#,##0.00 "€"`` (fi) or ``"€"#,##0.00`` (en).

    Excel writes the grouping and decimal marks of the reader's locale.

    >>> money_format("EUR", "fi", 0), money_format("EUR", "en"), money_format("SEK", "en", 0)
    ('#,##0 "€"', '"€"#,##0.00', '#,##0 "SEK"')
    """
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    symbol = fmt.CURRENCY_SYMBOLS.get(currency)
    if symbol is not None and lang == "en":
        return f'"{symbol}"{digits}'
    return f'{digits} "{symbol or currency}"'


def share_format(decimals: int = 1, lang: str = "en") -> str:
    """A percentage as each language writes it: ``80%`` in English, ``80 %`` in Finnish.

    >>> share_format(1, "fi"), share_format(0)
    ('0.0 %', '0%')
    """
    return "0" + ("." + "0" * decimals if decimals else "") + (" %" if lang == "fi" else "%")


def _wait_in_unit(seconds, deferred: bool):
    """A mean wait [s] (a number or an array) in the workbook's unit: seconds for a queue,
    minutes for callback or email (a matter of minutes or hours, see :func:`summary.wait_text`)."""
    return seconds / 60.0 if deferred else seconds


def _wait_cell(channel: summary.ChannelRow) -> tuple[float | None, str]:
    """A channel's mean wait as a cell's value and number format (:func:`_wait_in_unit`)."""
    if channel.asa_s is None:
        return None, "General"
    return _wait_in_unit(channel.asa_s, channel.deferred), '0 "min"' if channel.deferred else '0 "s"'


def sheet_names(lang: str) -> dict[str, str]:
    """The workbook's sheet names in ``lang``: key ("summary", "costs", ...) -> name."""
    return {key: translate(lang, f"workbook.sheet.{key}") for key in SHEETS}


def plan_workbook(plan, lang: str, *, break_even=None, sensitivity=None, today: date | None = None) -> bytes:
    """The plan as an .xlsx workbook in ``lang`` ("fi" or "en").

    Parameters
    ----------
    plan : planner.plan.Plan
    lang : language of the sheet names, headers and words
    break_even, sensitivity : the results of ``planner.options.break_even`` and ``.sensitivity``
        for this plan, or None: given, a last sheet holds them as the proposal does
    today : the date written as the preparation date (default: today)
    """
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {key: wb.create_sheet(name) for key, name in sheet_names(lang).items()}
    book = _Book(plan, lang)
    book.costs(sheets["costs"])  # first: the summary refers to its totals
    book.summary(sheets["summary"], today or date.today())
    book.requirement(sheets["requirement"])
    book.roster(sheets["roster"])
    book.scenario(sheets["scenario"])
    if break_even or sensitivity:
        book.analysis(wb.create_sheet(translate(lang, "workbook.sheet.analysis")), break_even, sensitivity)
    for ws, titles in zip(wb.worksheets, (None, "1:1", "1:2", "1:1", "1:1", None)):
        _print_setup(ws, titles)
    wb.calculation.fullCalcOnLoad = True  # Excel computes the SUM formulas when it opens the file
    wb.properties.title = translate(lang, "workbook.title", name=plan.scenario.name)
    wb.properties.creator = translate(lang, "app.title")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _print_setup(ws, title_rows: str | None) -> None:
    """Print on A4 landscape, one page wide, the header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


def _finite(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


class _Book:
    """Writes each sheet of one plan in one language."""

    def __init__(self, plan, lang: str):
        self.plan = plan
        self.lang = lang
        self.currency = plan.scenario.currency
        self.money0 = money_format(self.currency, lang, 0)
        self.money2 = money_format(self.currency, lang, 2)
        self.cost_totals: list[str] = []  # each option's total cell on the Costs sheet, in the options' order

    def t(self, key: str, **values) -> str:
        return translate(self.lang, key, **values)

    # --- helpers ---------------------------------------------------------------------

    def analysis(self, ws, break_even, sensitivity) -> None:
        """The proposal's break-even and sensitivity tables, their totals as numbers, with their notes."""
        plan, lang = self.plan, self.lang
        basis = summary.calibration_words(plan, lang)
        row = 1
        be_rows = summary.break_even_rows(plan, break_even, lang)
        if be_rows:
            ws.cell(row=row, column=1, value=self.t("pdf.break_even")).font = Font(bold=True, size=12)
            self._header(ws, row + 1, [self.t("pdf.col_offer"), self.t("pdf.col_be_volume"), self.t("pdf.col_be_wage")])
            row += 1
            for be in be_rows:
                row += 1
                for j, value in enumerate((be.offer, be.volume_text, be.wage_text), start=1):
                    ws.cell(row=row, column=j, value=value).alignment = WRAP
            ws.cell(row=row + 1, column=1, value=self.t("pdf.break_even_note", basis=basis)).font = NOTE_FONT
            row += 3
        table = summary.sensitivity_table(plan, sensitivity, lang)
        if table is not None:
            ws.cell(row=row, column=1, value=self.t("pdf.sensitivity")).font = Font(bold=True, size=12)
            self._header(ws, row + 1, [self.t("pdf.col_change"), self.t("pdf.col_value"), *table.names])
            row += 1
            for label, shown, line in summary.sensitivity_lines(plan, table, lang):
                row += 1
                ws.cell(row=row, column=1, value=label)
                ws.cell(row=row, column=2, value=shown)
                cheapest = table.cheapest(line)
                for j, option in enumerate(table.options, start=3):
                    cell = ws.cell(row=row, column=j, value=_finite(line[3].get(option)))
                    cell.number_format = self.money0
                    cell.font = Font(bold=option == cheapest)
            ws.cell(row=row + 1, column=1, value=self.t("pdf.sensitivity_note", basis=basis)).font = NOTE_FONT
        self._widths(ws, {1: 34, 2: 40, 3: 40, **{j: 18 for j in range(4, 12)}})

    def _header(self, ws, row: int, titles: list[str], col: int = 1) -> None:
        for j, title in enumerate(titles):
            cell = ws.cell(row=row, column=col + j, value=title)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")

    @staticmethod
    def _widths(ws, widths: dict[int, float]) -> None:
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width

    @staticmethod
    def _fit(ws, first_row: int = 1, minimum: float = 8, maximum: float = 60) -> None:
        """Column widths from the longest text in each column (formulas and numbers count as 12)."""
        widths: dict[int, float] = {}
        for row in ws.iter_rows(min_row=first_row):
            for cell in row:
                if cell.value is None or type(cell).__name__ == "MergedCell":
                    continue
                text = cell.value if isinstance(cell.value, str) and not cell.value.startswith("=") else "0" * 12
                longest = max(len(line) for line in str(text).split("\n"))
                widths[cell.column] = max(widths.get(cell.column, minimum), min(maximum, longest * 1.1 + 2))
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = width

    def _paragraph(self, ws, row: int, text: str, columns: int, width_chars: float, bold: bool = False) -> None:
        ws.cell(row=row, column=1, value=text).alignment = WRAP
        if bold:
            ws.cell(row=row, column=1).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        lines = max(1, math.ceil(len(text) / max(20.0, width_chars)))
        ws.row_dimensions[row].height = 15 * lines + 3

    def _label_width(self, least: float = 34, most: float = 60) -> float:
        """Width of the Summary's first column: its longest label (option, channel, roster figure)."""
        texts = [o.name for o in summary.option_rows(self.plan, self.lang)]
        texts += [summary.channel_name(c) for c in self.plan.scenario.channels]
        texts += [self.t(key) for key in ("workbook.peak_staff", "roster.agents", "roster.shifts",
                                          "roster.paid_hours", "workbook.solver_status", "workbook.solver_gap")]
        return max(least, min(most, max(len(text) for text in texts) * 1.1 + 2))

    # --- Summary ---------------------------------------------------------------------

    def summary(self, ws, today: date) -> None:
        plan, lang = self.plan, self.lang
        ws.sheet_view.showGridLines = False
        ws["A1"] = self.t("workbook.title", name=plan.scenario.name)
        ws["A1"].font = Font(bold=True, size=14, color=GREEN)
        ws["A2"] = self.t("workbook.prepared")
        ws["B2"] = today
        ws["B2"].number_format = "d.m.yyyy" if lang == "fi" else "d mmm yyyy"
        ws["B2"].alignment = Alignment(horizontal="left")
        widths = {1: self._label_width(), 2: 16, 3: 16, 4: 16, 5: 18, 6: 16, 7: 16, 8: 14}
        self._widths(ws, widths)
        text_width = sum(widths.values()) * 1.1
        row = 4
        ws.cell(row=row, column=1, value=self.t("workbook.question")).font = Font(bold=True, color=GREEN)
        self._paragraph(ws, row + 1, summary.question_text(plan, lang), 8, text_width)
        ws.cell(row=row + 2, column=1, value=self.t("workbook.answer")).font = Font(bold=True, color=GREEN)
        self._paragraph(ws, row + 3, summary.answer_text(plan, lang), 8, text_width)
        row += 5

        # options
        ws.cell(row=row, column=1, value=self.t("workbook.options")).font = Font(bold=True, size=12)
        row += 1
        self._header(ws, row, [self.t("costs.option"), self.t("workbook.cost_month"),
                               self.t("workbook.lost_contacts_month"), self.t("workbook.lost_sales_month"),
                               self.t("costs.total"), self.t("costs.per_contact"), self.t("costs.basis"),
                               self.t("workbook.recommended")])
        ws.row_dimensions[row].height = 46
        self.options_header_row = row
        for i, option in enumerate(summary.option_rows(plan, lang)):
            row += 1
            cost = f"={self.cost_totals[i]}" if i < len(self.cost_totals) else option.per_month
            values = [option.name, cost, option.lost_contacts_per_month, option.lost_revenue_per_month,
                      f"=ROUND(B{row},0)+ROUND(D{row},0)", option.cost_per_handled_contact,
                      self.t(f"costs.basis.{option.basis}"), self.t("workbook.yes") if option.recommended else ""]
            formats = [None, self.money0, "#,##0", self.money0, self.money0, self.money2, None, None]
            for j, (value, number_format) in enumerate(zip(values, formats), start=1):
                cell = ws.cell(row=row, column=j, value=value)
                if number_format:
                    cell.number_format = number_format
                if option.recommended:
                    cell.font = Font(bold=True)
                    cell.fill = BAND_FILL
        row += 1
        ws.cell(row=row, column=1, value=self.t("workbook.options_note")).font = NOTE_FONT
        row += 2

        # service per channel
        ws.cell(row=row, column=1, value=self.t("workbook.service")).font = Font(bold=True, size=12)
        row += 1
        self._header(ws, row, [self.t("proposal.col_channel"), self.t("staffing.contacts_week"),
                               self.t("staffing.service_level"), self.t("proposal.fact_target"),
                               self.t("staffing.abandon"), self.t("workbook.unanswered"), self.t("staffing.asa"),
                               self.t("workbook.missed_closed"), self.t("workbook.understaffed_intervals")])
        ws.row_dimensions[row].height = 46
        for channel in summary.channel_rows(plan, lang):
            row += 1
            wait, wait_format = _wait_cell(channel)
            values = [channel.name, channel.contacts_per_week, channel.service_level,
                      summary.target_text(channel, lang), channel.p_abandon, channel.p_unanswered, wait,
                      channel.missed_closed_per_week, channel.understaffed_intervals]
            share = share_format(1, self.lang)
            formats = [None, "#,##0", share, None, share, share, wait_format, "#,##0.0", "0"]
            for j, (value, number_format) in enumerate(zip(values, formats), start=1):
                cell = ws.cell(row=row, column=j, value=value)
                if number_format:
                    cell.number_format = number_format
        row += 1
        ws.cell(row=row, column=1, value=self.t("workbook.service_note")).font = NOTE_FONT
        row += 2

        # roster
        facts = summary.roster_facts(plan)
        ws.cell(row=row, column=1, value=self.t("workbook.roster")).font = Font(bold=True, size=12)
        for label, value, number_format in (
            (self.t("workbook.peak_staff"), facts.peak_required_staff, "0"),
            (self.t("roster.agents"), facts.agents, "0"),
            (self.t("roster.shifts"), facts.shifts, "0"),
            (self.t("roster.paid_hours"), facts.paid_h_per_week, "#,##0.0"),
            (self.t("workbook.solver_status"), summary.status_words(facts.status, self.lang), None),
            (self.t("workbook.solver_gap"), facts.gap, share_format(1, self.lang)),
        ):
            row += 1
            ws.cell(row=row, column=1, value=label)
            cell = ws.cell(row=row, column=2, value=value)
            if number_format:
                cell.number_format = number_format
            cell.alignment = Alignment(horizontal="right")
            if isinstance(value, str):  # words, wider than a figure: over columns B to D
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                cell.alignment = Alignment(horizontal="left")
        row += 1
        self._paragraph(ws, row, summary.solver_text(facts, lang), 8, text_width)
        ws.freeze_panes = "A2"

    # --- Costs -----------------------------------------------------------------------

    def costs(self, ws) -> None:
        plan, lang = self.plan, self.lang
        offer_names = tuple(o.name for o in plan.scenario.offers)
        channel_names = {c.id: summary.channel_name(c) for c in plan.scenario.channels}
        self._header(ws, 1, [self.t("costs.option"), self.t("costs.item"), self.t("costs.amount"),
                             self.t("costs.inputs")])
        ws.freeze_panes = "A2"
        row = 1
        for option in summary.option_rows(plan, lang):
            first = row + 1
            for line in option.option.cost.lines:
                row += 1
                ws.cell(row=row, column=1, value=option.name)
                ws.cell(row=row, column=2, value=labels.cost_item(line.item, lang, channel_names, offer_names))
                ws.cell(row=row, column=3, value=float(line.per_month)).number_format = self.money2
                ws.cell(row=row, column=4, value=labels.cost_inputs(line.inputs, lang, self.currency))
            row += 1
            total_label = self.t("costs.sum")
            ws.cell(row=row, column=1, value=option.name)
            ws.cell(row=row, column=2, value=total_label)
            formula = f"=SUM(C{first}:C{row - 1})" if row - 1 >= first else "=0"
            ws.cell(row=row, column=3, value=formula).number_format = self.money2
            self.cost_totals.append(f"{quote_sheetname(ws.title)}!$C${row}")
            for col in range(1, 5):
                cell = ws.cell(row=row, column=col)
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
                cell.border = Border(top=THIN)
            row += 1  # a blank row between options
        self._fit(ws)
        ws.column_dimensions["C"].width = 16
        ws.column_dimensions["D"].width = 90
        ws.auto_filter.ref = f"A1:D{max(1, row - 1)}"

    # --- Requirement -----------------------------------------------------------------

    MEASURES = ("forecast_contacts", "required_agents", "required_staff", "scheduled", "understaffed",
                "service_level", "wait_s")

    def requirement(self, ws) -> None:
        plan, lang = self.plan, self.lang
        interval_min = plan.scenario.interval_min
        measures = [self.t(f"workbook.measure.{m}", minutes=interval_min) for m in self.MEASURES]
        formats = ["0.00", "0", "General", "0.0", "0.0", share_format(1, self.lang), "0.0"]
        self._header(ws, 1, [self.t("proposal.col_channel")])
        self._header(ws, 2, [self.t("workbook.interval")])
        width = len(self.MEASURES)
        deferred_labels = {  # a callback's or email's columns: the work arriving, not staff; its wait in minutes
            "required_staff": self.t("chart.work_arriving"), "wait_s": self.t("workbook.measure.wait_min")}
        for c, cp in enumerate(plan.channels):
            col = 2 + c * width
            self._header(ws, 1, [summary.channel_name(cp.channel)] + [""] * (width - 1), col)
            ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + width - 1)
            ws.cell(row=1, column=col).alignment = Alignment(horizontal="center")
            deferred = cp.requirement.is_deferred
            self._header(ws, 2, [deferred_labels.get(m, label) if deferred else label
                                 for m, label in zip(self.MEASURES, measures)], col)
        ws.row_dimensions[2].height = 45
        series = []
        for cp in plan.channels:
            open_ = np.asarray(cp.demand.open, bool)
            level = np.where(open_, np.asarray(cp.achieved.service_level, float), np.nan)
            needed = (np.round(cp.requirement.needed_people, 2) if cp.requirement.is_deferred
                      else np.asarray(cp.requirement.required_staff, int))
            wait = np.where(open_, np.asarray(cp.achieved.asa_s, float), np.nan)
            series.append((np.asarray(cp.demand.forecast, float), np.asarray(cp.requirement.required_agents, int),
                           needed, np.asarray(cp.scheduled, float), np.asarray(cp.understaffed, float), level,
                           _wait_in_unit(wait, cp.requirement.is_deferred)))
        for i in range(len(plan.labels)):
            row = 3 + i
            ws.cell(row=row, column=1, value=fmt.interval_label(i, interval_min, lang))
            for c, arrays in enumerate(series):
                for m, (values, number_format) in enumerate(zip(arrays, formats)):
                    value = values[i]
                    value = int(value) if isinstance(value, np.integer) else _finite(value)
                    cell = ws.cell(row=row, column=2 + c * width + m, value=value)
                    cell.number_format = number_format
        ws.freeze_panes = "B3"
        self._widths(ws, {1: 12, **{col: 13 for col in range(2, 2 + width * len(series))}})

    # --- Roster ----------------------------------------------------------------------

    def roster(self, ws) -> None:
        plan, lang = self.plan, self.lang
        names = {c.id: summary.channel_name(c) for c in plan.scenario.channels}
        self._header(ws, 1, [self.t("roster.col_agent"), self.t("roster.col_day"), self.t("roster.col_start"),
                             self.t("roster.col_end"), self.t("roster.col_channels"), self.t("roster.col_breaks"),
                             self.t("roster.col_paid")])
        ws.freeze_panes = "A2"
        shifts = sorted(plan.schedule.shifts, key=lambda s: (s.agent, s.start_min))
        for row, shift in enumerate(shifts, start=2):
            end = shift.end_min % 1440  # a shift that ends at midnight ends at 24:00
            ws.cell(row=row, column=1, value=shift.agent)
            ws.cell(row=row, column=2, value=fmt.weekday(shift.start_min // 1440 % 7, lang))
            ws.cell(row=row, column=3, value=(shift.start_min % 1440) / 1440).number_format = "hh:mm"
            ws.cell(row=row, column=4, value=(end or 1440) / 1440).number_format = "[hh]:mm"
            ws.cell(row=row, column=5, value=", ".join(names.get(c, c) for c in shift.channels))
            ws.cell(row=row, column=6, value=", ".join(
                fmt.span(fmt.clock(b % 1440), fmt.clock(1440 if e % 1440 == 0 else e % 1440))
                for b, e in shift.breaks) or None)
            ws.cell(row=row, column=7, value=round(shift.paid_min / 60.0, 2)).number_format = "0.00"
        self._fit(ws)
        for col in (3, 4, 7):
            ws.column_dimensions[get_column_letter(col)].width = 11
        if shifts:
            ws.auto_filter.ref = f"A1:G{len(shifts) + 1}"

    # --- Scenario --------------------------------------------------------------------

    def scenario(self, ws) -> None:
        plan, lang = self.plan, self.lang
        s = plan.scenario
        self._header(ws, 1, [self.t("workbook.section"), self.t("workbook.parameter"), self.t("workbook.value"),
                             self.t("workbook.estimate")])
        ws.freeze_panes = "A2"
        general = self.t("workbook.section_general")
        rows = [(general, self.t("scenario.name"), s.name, None, False),
                (general, self.t("workbook.currency"), s.currency, None, False)]
        if s.description:
            rows.append((general, self.t("scenario.description"), s.description, None, False))
        number_formats = {"money": self.money0, "money2": self.money2, "number": "#,##0", "h": '0.0" h"',
                          "min": '0" min"', "s": '0" s"'}
        for fact in summary.assumptions(plan, lang):
            if fact.kind == "share":
                whole = round(fact.value * 100, 6) == round(fact.value * 100)
                number_format = share_format(fact.decimals or (0 if whole else 1), self.lang)
            elif fact.kind == "number" and fact.decimals:
                number_format = "#,##0." + "0" * fact.decimals
            else:
                number_format = number_formats.get(fact.kind)
            rows.append((fact.section, fact.label, fact.value, number_format, fact.estimate))
        for row, (section, label, value, number_format, estimate) in enumerate(rows, start=2):
            ws.cell(row=row, column=1, value=section)
            ws.cell(row=row, column=2, value=label)
            cell = ws.cell(row=row, column=3, value=value)
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
                cell.alignment = Alignment(horizontal="left")
            else:
                cell.alignment = WRAP
            if estimate:
                ws.cell(row=row, column=4, value=self.t("common.estimate"))
        self._widths(ws, {1: 30, 2: 48, 3: 70, 4: 10})
        note_row = len(rows) + 3
        ws.cell(row=note_row, column=1, value=self.t("workbook.estimates_note")).font = NOTE_FONT
