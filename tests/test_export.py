"""The exports of a plan: the Excel workbook and the proposal PDF, for every example scenario.

Each example is planned once per test module (``build_plan`` takes seconds to
tens of seconds), with its break-even and sensitivity. The workbook is read
back with openpyxl: its sheets, the cost totals (SUM formulas evaluated here
against the plan's ``per_month`` to the cent), the requirement per interval
against the plan's arrays, the roster and the headers in each language. The
PDF's text is read from its content streams (zlib and the fonts' ToUnicode
maps, no PDF library): the scenario name and the recommended option.
"""

import io
import json
import math
import re
import shutil
import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from conftest import ROOT, SCENARIOS
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from planner import options as opt
from planner.demand import read_contacts_csv
from planner.export import fmt, labels, summary
from planner.export.excel import plan_workbook, sheet_names
from planner.export.pdf import fonts_available, proposal_pdf
from planner.locales import translate
from planner.plan import build_plan
from planner.scenario import Agent, Curve, load_scenario

LANGS = ("fi", "en")
SHEETS = {"fi": ["Yhteenveto", "Kustannukset", "Tarve", "Työvuorolista", "Skenaario"],
          "en": ["Summary", "Costs", "Requirement", "Roster", "Scenario"]}
DAY = date(2026, 11, 28)


@pytest.fixture(scope="module", params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def planned(request):
    """(plan, break-even, sensitivity) of one example, computed once for the module."""
    plan = build_plan(load_scenario(request.param))
    return plan, opt.break_even(plan.scenario, plan), opt.sensitivity(plan.scenario, plan)


@pytest.fixture(scope="module")
def workbooks(planned):
    plan = planned[0]
    return {lang: load_workbook(io.BytesIO(plan_workbook(plan, lang, today=DAY))) for lang in LANGS}


@pytest.fixture(scope="module")
def pdfs(planned):
    plan, break_even, sensitivity = planned
    return {lang: proposal_pdf(plan, lang, break_even=break_even, sensitivity=sensitivity, today=DAY)
            for lang in LANGS}


# --- The core stays free of streamlit ------------------------------------------------------


def test_the_exports_load_no_streamlit():
    code = ("import sys, planner.export.excel, planner.export.pdf, planner.export.summary; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_app_formats_with_the_export_functions():
    from planner.ui import fmt as ui_fmt
    from planner.ui import labels as ui_labels

    assert ui_fmt.money is fmt.money and ui_fmt.NBSP == fmt.NBSP
    assert ui_labels.cost_item is labels.cost_item


# --- Workbook ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_has_its_sheets_in_the_language(workbooks, lang):
    wb = workbooks[lang]
    assert wb.sheetnames == SHEETS[lang] == list(sheet_names(lang).values())
    for name in SHEETS[lang][1:]:
        assert wb[name].freeze_panes is not None, f"{name}: the header rows stay in view"


def _sum_range(ws, formula: str) -> float:
    found = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert found, formula
    column, first, last = found[1], int(found[2]), int(found[4])
    assert found[3] == column
    return sum(float(ws[f"{column}{row}"].value) for row in range(first, last + 1))


@pytest.mark.parametrize("lang", LANGS)
def test_each_cost_total_is_a_sum_equal_to_the_plan_to_the_cent(planned, workbooks, lang):
    plan = planned[0]
    ws = workbooks[lang][SHEETS[lang][1]]
    total_label = translate(lang, "costs.sum")
    totals = [row for row in ws.iter_rows(min_row=2) if row[1].value == total_label]
    assert len(totals) == len(plan.options)
    names = [summary.option_name(o.name, o.kind, lang) for o in plan.options]
    for option, name, row in zip(plan.options, names, totals):
        assert row[0].value == name
        formula = row[2].value
        assert isinstance(formula, str) and formula.startswith("=SUM(")
        assert round(_sum_range(ws, formula), 2) == pytest.approx(option.cost.per_month, abs=0.005)
        # the summed cells are exactly the option's lines
        first, last = (int(n) for n in re.findall(r"\d+", formula))
        amounts = [ws.cell(row=r, column=3).value for r in range(first, last + 1)]
        assert amounts == pytest.approx([line.per_month for line in option.cost.lines], abs=1e-9)
        assert all(ws.cell(row=r, column=1).value == name for r in range(first, last + 1))
        assert "€" in row[2].number_format or plan.scenario.currency in row[2].number_format


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_columns_fit_the_solver_status(planned, workbooks, lang):
    ws = workbooks[lang][SHEETS[lang][0]]
    label = translate(lang, "workbook.solver_status")
    row = next(r for r in ws.iter_rows() if r[0].value == label)
    status = row[1].value
    assert status == summary.status_words(planned[0].schedule.solver.status, lang)
    assert "(" not in status, "the words, not the solver's code"
    merged = next(m for m in ws.merged_cells.ranges if m.min_row == row[1].row and m.min_col == 2)
    width = sum(ws.column_dimensions[chr(64 + c)].width for c in range(merged.min_col, merged.max_col + 1))
    assert width >= len(status) + 2
    assert ws.column_dimensions["A"].width >= len(label) + 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_spreadsheet_program_computes_the_same_totals(planned, tmp_path):
    """LibreOffice opens the workbook, computes the formulas and saves it; the totals it wrote are the plan's,
    on the Costs sheet and, through the links, on the Summary."""
    plan = planned[0]
    source = tmp_path / "plan.xlsx"
    source.write_bytes(plan_workbook(plan, "en", today=DAY))
    out = tmp_path / "computed"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)], capture_output=True, timeout=180,
                   check=True)
    book = load_workbook(out / "plan.xlsx", data_only=True)
    totals = [row[2] for row in book["Costs"].iter_rows(min_row=2, values_only=True) if row[1] == "Total"]
    assert totals == pytest.approx([o.cost.per_month for o in plan.options], abs=0.005)
    rows = list(book["Summary"].iter_rows(values_only=True))
    first = next(i for i, r in enumerate(rows) if r[0] == "Option") + 1
    table = rows[first:first + len(plan.options)]
    assert [r[1] for r in table] == pytest.approx([o.cost.per_month for o in plan.options], abs=0.005)
    shown = [fmt.shown_total(o.cost.per_month, o.lost_revenue_per_month) for o in plan.options]
    assert [r[4] for r in table] == shown, "the total of the figures shown, as in the PDF"


def test_the_requirement_sheet_has_a_row_per_interval_matching_the_plan(planned, workbooks):
    plan = planned[0]
    for lang in LANGS:
        ws = workbooks[lang][SHEETS[lang][2]]
        T = len(plan.labels)
        assert ws.max_row == T + 2, "two header rows and one row per interval"
        assert ws.freeze_panes == "B3"
        assert [ws.cell(row=3 + i, column=1).value for i in range(T)] == [
            fmt.interval_label(i, plan.scenario.interval_min, lang) for i in range(T)]
        for c, cp in enumerate(plan.channels):
            col = 2 + 7 * c
            assert ws.cell(row=1, column=col).value == summary.channel_name(cp.channel)

            def column(k, ws=ws, col=col, T=T):
                return np.array([np.nan if v is None else v for v in
                                 (ws.cell(row=3 + i, column=col + k).value for i in range(T))], float)

            np.testing.assert_allclose(column(0), cp.demand.forecast, rtol=1e-12, atol=1e-12)
            np.testing.assert_array_equal(column(1), cp.requirement.required_agents)
            needed = np.round(cp.requirement.needed_people, 2) if cp.requirement.is_deferred else cp.requirement.required_staff
            np.testing.assert_array_equal(column(2), needed)  # a callback's: its work arriving
            np.testing.assert_allclose(column(3), cp.scheduled, atol=1e-12)
            np.testing.assert_allclose(column(4), cp.understaffed, atol=1e-12)
            level = column(5)
            is_open = np.asarray(cp.demand.open, bool)
            np.testing.assert_allclose(level[is_open], np.asarray(cp.achieved.service_level)[is_open], atol=1e-12)
            assert np.isnan(level[~is_open]).all(), "no service level while closed"
            assert ws.cell(row=3, column=col + 5).number_format.endswith("%")
            # the mean wait: a queue's in seconds, a callback's (request to answer) in minutes
            wait = column(6)
            unit = 60.0 if cp.requirement.is_deferred else 1.0
            asa = np.asarray(cp.achieved.asa_s, float)[is_open] / unit
            answered = np.isfinite(asa)
            np.testing.assert_allclose(wait[is_open][answered], asa[answered], rtol=1e-12)
            assert np.isnan(wait[is_open][~answered]).all() and np.isnan(wait[~is_open]).all()
            said = translate(lang, "workbook.measure.wait_min" if cp.requirement.is_deferred else "workbook.measure.wait_s")
            assert ws.cell(row=2, column=col + 6).value == said


def test_the_roster_sheet_lists_every_shift(planned, workbooks):
    plan = planned[0]
    ws = workbooks["fi"]["Työvuorolista"]
    shifts = sorted(plan.schedule.shifts, key=lambda s: (s.agent, s.start_min))
    assert ws.max_row == len(shifts) + 1
    for row, shift in zip(ws.iter_rows(min_row=2, values_only=True), shifts):
        agent, day, start, _end, _channels, _breaks, paid = row
        assert agent == shift.agent and day == fmt.weekday(shift.start_min // 1440 % 7, "fi")
        assert (start.hour * 60 + start.minute) == shift.start_min % 1440
        assert paid == pytest.approx(shift.paid_min / 60, abs=0.005)
    paid_total = sum(r[6] for r in ws.iter_rows(min_row=2, values_only=True))
    assert paid_total == pytest.approx(summary.roster_facts(plan).paid_h_per_week, abs=0.05)


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_names_the_recommended_option_with_the_plans_figures(planned, workbooks, lang):
    plan = planned[0]
    ws = workbooks[lang][SHEETS[lang][0]]
    assert plan.scenario.name in ws["A1"].value
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == translate(lang, "costs.option"))
    table = rows[header + 1: header + 1 + len(plan.options)]
    best = summary.recommendation(plan, lang).best
    costs_sheet = workbooks[lang][SHEETS[lang][1]]
    for i, (option, row) in enumerate(zip(plan.options, table), start=header + 2):
        # the cost reads the option's SUM on the Costs sheet; the total adds cost and lost sales
        found = re.fullmatch(r"='?([^'!]+)'?!\$C\$(\d+)", row[1])
        assert found and found[1] == SHEETS[lang][1], row[1]
        total_cell = costs_sheet[f"C{found[2]}"]
        assert costs_sheet[f"A{found[2]}"].value == row[0] and costs_sheet[f"B{found[2]}"].value == translate(
            lang, "costs.sum")
        cost = _sum_range(costs_sheet, total_cell.value)
        assert cost == pytest.approx(option.cost.per_month, abs=0.005)
        assert row[3] == pytest.approx(option.lost_revenue_per_month, abs=0.005)
        assert row[4] == f"=ROUND(B{i},0)+ROUND(D{i},0)", "the total adds the two figures as shown"
        assert cost + row[3] == pytest.approx(option.total_per_month, abs=0.01)
    marked = [r[0] for r in table if r[7] == translate(lang, "workbook.yes")]
    assert marked == [best.name]
    assert best.total_per_month == min(o.total_per_month for o in plan.options)


def test_headers_are_in_the_workbooks_language(workbooks):
    fi, en = workbooks["fi"], workbooks["en"]
    assert [c.value for c in fi["Kustannukset"][1]] == ["Vaihtoehto", "Erä", "Kuukaudessa", "Peruste"]
    assert [c.value for c in en["Costs"][1]] == ["Option", "Item", "A month", "From"]
    assert fi["Tarve"]["A2"].value == "Jakso" and en["Requirement"]["A2"].value == "Interval"
    assert fi["Tarve"]["B2"].value.startswith("Ennuste") and en["Requirement"]["B2"].value.startswith("Forecast")
    assert fi["Työvuorolista"]["A1"].value == "Asiakaspalvelija" and en["Roster"]["A1"].value == "Agent"
    assert fi["Skenaario"]["B1"].value == "Lähtötieto" and en["Scenario"]["B1"].value == "Input"
    # the cost lines are named in the language too (every plan has the all in-house option)
    fi_items = {c.value for c in fi["Kustannukset"]["B"]}
    en_items = {c.value for c in en["Costs"]["B"]}
    assert "Palkat" in fi_items and "Wages" not in fi_items and "Wages" in en_items


# --- PDF -----------------------------------------------------------------------------------


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)\s*endobj", data, re.DOTALL)}


def _stream(body: bytes) -> bytes:
    found = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.DOTALL)
    raw = found[1]
    return zlib.decompress(raw) if b"/FlateDecode" in body[:found.start()] else raw


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for k in range(int(low, 16), int(high, 16) + 1):
                table[k] = chr(int(start, 16) + k - int(low, 16))
    return table


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(literal: bytes) -> bytes:
    def one(match):
        token = match[1]
        return bytes([int(token, 8)]) if token[:1].isdigit() else _ESCAPES.get(token, token)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.DOTALL)


def pdf_text(data: bytes) -> str:
    """The text of a PDF made by fpdf2: each shown string, decoded by its font's ToUnicode map
    (two bytes a glyph) or as Latin-1 (the core fonts), one line each."""
    objects = _objects(data)
    fonts = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(ref), b""))
            fonts[name] = _to_unicode(_stream(objects[int(unicode_ref[1])])) if unicode_ref else None
    pages = []
    for body in objects.values():
        if re.search(rb"/Type /Page\b(?!s)", body):
            pages += [int(n) for n in re.findall(rb"/Contents (\d+) 0 R", body)]
    lines = []
    for ref in pages:
        font = None
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\()])*)\)\s*Tj", _stream(objects[ref]), re.DOTALL):
            if token[1] is not None:
                font = fonts.get(token[1])
                continue
            raw = _unescape(token[2])
            if font is None:
                lines.append(raw.decode("latin-1"))
            else:
                lines.append("".join(font.get(int.from_bytes(raw[i:i + 2], "big"), "?")
                                     for i in range(0, len(raw) - 1, 2)))
    return "\n".join(lines).replace(fmt.NBSP, " ")


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


@pytest.mark.parametrize("lang", LANGS)
def test_the_proposal_is_a_pdf_of_two_to_five_pages(pdfs, lang):
    data = pdfs[lang]
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert 2 <= _pages(data) <= 5
    assert fonts_available(), "the bundled DejaVu Sans is in planner/export/fonts"
    assert b"DejaVuSans" in data, "the Unicode font is embedded"


@pytest.mark.parametrize("lang", LANGS)
def test_the_proposal_names_the_scenario_and_the_recommended_option(planned, pdfs, lang):
    plan = planned[0]
    text = pdf_text(pdfs[lang])
    best = summary.recommendation(plan, lang).best
    assert plan.scenario.name in text
    assert best.name in text
    answer = translate(lang, "proposal.answer_best", name=best.name, cost="", lost="", total="").split(best.name)[0]
    assert answer.strip() in text.replace("\n", " ")
    heading = {"fi": ["Kysymys", "Vastaus", "Oletukset", "Kannattavuusraja", "Herkkyysanalyysi"],
               "en": ["The question", "The answer", "Assumptions", "Break-even", "Sensitivity"]}[lang]
    assert all(h in text for h in heading)
    money = fmt.money(best.shown_total, plan.scenario.currency, lang).replace(fmt.NBSP, " ")
    assert money in text, "the recommended option's total, written the language's way"


@pytest.mark.parametrize("lang", LANGS)
def test_the_options_note_gives_the_lost_sales_formula_the_core_uses(planned, pdfs, lang):
    text = " ".join(pdf_text(pdfs[lang]).split())
    assert " ".join(translate(lang, "pdf.options_note").split()) in text
    formula = {"fi": "konversioaste × keskiostos + pysyvästi menetettyjen asiakkaiden osuus × asiakkaan arvo vuodessa",
               "en": "conversion rate × average order value + share of lost customers who never return × "
                     "customer value a year"}[lang]
    assert formula in translate(lang, "pdf.options_note")
    # the core's price of a lost contact is that sum
    from planner.costs import lost_revenue_per_contact
    from planner.scenario import Revenue

    revenue = Revenue(conversion_rate=0.1, average_order_value=80.0, lost_for_good_share=0.05,
                      customer_value_per_year=300.0)
    assert lost_revenue_per_contact(revenue) == pytest.approx(0.1 * 80 + 0.05 * 300)


@pytest.mark.parametrize("lang", LANGS)
def test_the_sensitivity_table_keeps_words_and_values_whole(planned, lang):
    from planner.export.pdf import CELL_PAD_MM, _Proposal

    plan, _be, sensitivity = planned
    doc = _Proposal(plan, lang, DAY, True)
    table = summary.sensitivity_table(plan, sensitivity, lang)
    header = [doc.t("pdf.col_change"), doc.t("pdf.col_value")] + list(table.names)
    rows = [[f"{summary.parameter_name(p, lang)} {summary.change_text(c, lang)}",
             summary.parameter_value_text(plan, p, v, lang).replace(" ", fmt.NBSP)]
            + [fmt.money(totals[o], plan.scenario.currency, lang) for o in table.options]
            for p, c, v, totals in table.rows]
    size = doc.fitting_size(header, rows)
    assert size >= 6.0 and doc.words_fit(header, rows, size)
    widths = doc.column_widths(header, rows, size)
    assert sum(widths) == pytest.approx(doc.width)
    least, body, _head = doc.text_widths(header, rows, size)
    for j, (width, word) in enumerate(zip(widths, least)):
        assert width - CELL_PAD_MM >= word - 1e-6, f"column {j}: no word is broken"
    assert widths[1] - CELL_PAD_MM >= body[1] - 1e-6, "each value stands on one line"
    assert all(widths[j] - CELL_PAD_MM >= body[j] - 1e-6 for j in range(2, len(header))), "and each total"


def test_without_break_even_and_sensitivity_those_sections_are_left_out(planned):
    plan = planned[0]
    text = pdf_text(proposal_pdf(plan, "en", today=DAY))
    assert "Break-even" not in text and "Sensitivity" not in text
    assert plan.scenario.name in text


def test_the_fallback_font_writes_eur(planned):
    plan = planned[0]
    data = proposal_pdf(plan, "fi", unicode_font=False, today=DAY)
    text = pdf_text(data)
    assert b"DejaVuSans" not in data and b"Helvetica" in data
    assert "EUR" in text and "€" not in text
    assert "Kysymys" in text and "Työvuorolista" in text, "ä and ö are Latin-1: kept"
    assert 2 <= _pages(data) <= 5


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_poppler_reads_the_same_text(planned, pdfs, tmp_path):
    plan = planned[0]
    path = tmp_path / "proposal.pdf"
    path.write_bytes(pdfs["fi"])
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    assert plan.scenario.name in out.stdout
    assert "Ehdotus".upper() in out.stdout and "€" in out.stdout


# --- Summary figures -----------------------------------------------------------------------


def test_the_answer_says_by_how_much_the_best_option_wins(planned):
    plan = planned[0]
    rec = summary.recommendation(plan, "en")
    totals = sorted(o.total_per_month for o in plan.options)
    assert rec.best.total_per_month == totals[0]
    if rec.next_best is not None:
        assert rec.saving_vs_next == pytest.approx(rec.next_best.total_per_month - rec.best.total_per_month,
                                                   abs=0.01)
        assert rec.saving_vs_next > 0
        # the sentence says the difference of the two totals it shows
        shown = rec.next_best.shown_total - rec.best.shown_total
        assert abs(shown - rec.saving_vs_next) <= 2.0  # each shown total is within 1 of its exact total
        assert fmt.money(shown, plan.scenario.currency, "en") in summary.answer_text(plan, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_answer_states_cost_and_lost_sales_that_add_up_to_the_tables_total(planned, lang):
    plan = planned[0]
    best = summary.recommendation(plan, lang).best
    currency = plan.scenario.currency
    cost, lost = fmt.rounded(best.per_month), fmt.rounded(best.lost_revenue_per_month)
    assert best.shown_total == cost + lost and abs(best.shown_total - best.total_per_month) <= 1.0
    first = translate(lang, "proposal.answer_best", name=best.name, cost=fmt.money(cost, currency, lang),
                      lost=fmt.money(lost, currency, lang), total=fmt.money(cost + lost, currency, lang))
    assert summary.answer_text(plan, lang).startswith(first)


@pytest.mark.parametrize("value, fi, en", [
    (35118.5, "35\xa0119", "35,119"), (42426.5, "42\xa0427", "42,427"), (-35118.5, "−35\xa0119", "-35,119"),
    (0.5, "1", "1"), (-0.5, "−1", "-1"), (-0.4, "0", "0"), (2.5, "3", "3"), (1234567.5, "1\xa0234\xa0568", "1,234,568"),
])
def test_numbers_round_half_away_from_zero_like_excel(value, fi, en):
    assert (fmt.number(value, "fi"), fmt.number(value, "en")) == (fi, en)
    assert fmt.rounded(value) == float(en.replace(",", ""))


def test_money_rounds_half_cents_away_from_zero_and_never_shows_minus_zero():
    wage = 17.50 * 0.75  # 13.125
    assert fmt.money(wage, "EUR", "fi", 2) == "13,13\xa0€" and fmt.money(wage, "EUR", "en", 2) == "€13.13"
    assert fmt.money(-wage, "EUR", "fi", 2) == "−13,13\xa0€" and fmt.money(-wage, "EUR", "en", 2) == "-€13.13"
    assert fmt.money(35118.5, "EUR", "en") == "€35,119" and fmt.money(-35118.5, "EUR", "en") == "-€35,119"
    assert fmt.money(-0.004, "EUR", "en", 2) == "€0.00" and fmt.money(-0.4, "EUR", "fi") == "0\xa0€"
    assert fmt.percent(0.125, "en") == "13%" and fmt.percent(0.0125, "fi", 1) == "1,3\xa0%"


def test_a_shown_total_is_the_sum_of_the_figures_shown():
    assert fmt.shown_total(24965.33, 32933.36) == 57898.0  # not the exact 57 898.69 rounded: 57 899
    assert fmt.shown_total(34747.0, 35118.5) == 69866.0  # 35 118.5 shows as 35 119
    assert fmt.shown_total(*[0.4] * 5) == 0.0 and fmt.shown_total(-0.5, -0.5) == -2.0
    assert fmt.shown_total(1.234, 2.345, decimals=2) == 3.58


def test_the_sensitivity_today_row_is_the_options_table(planned):
    plan, _be, sensitivity = planned
    options = {o.name: o for o in plan.options}
    base = [r for r in sensitivity if r.change == 0.0]
    assert {r.option for r in base} == set(options)
    for r in base:
        assert r.per_month == pytest.approx(options[r.option].cost.per_month, abs=0.005)
        assert r.lost_revenue_per_month == pytest.approx(options[r.option].lost_revenue_per_month, abs=0.005)
        assert r.total_per_month == pytest.approx(options[r.option].total_per_month, abs=0.005)
    table = summary.sensitivity_table(plan, sensitivity, "en")
    today = next(row[3] for row in table.rows if row[1] == 0.0)
    assert today == {o.key: o.shown_total for o in summary.option_rows(plan, "en")}, "the totals the table shows"
    if "optimised" in table.options:
        assert table.names[table.options.index("optimised")] == "Optimised mix, today's split"


def test_the_solver_status_is_in_words_without_its_code():
    assert summary.status_words("FEASIBLE", "fi") == "toimiva, ei todistetusti halvin"
    assert summary.status_words("OPTIMAL", "en") == "optimal"


def test_the_answer_names_where_the_option_keeps_an_open_channel_closed(web_shop):
    from types import SimpleNamespace

    plan = SimpleNamespace(scenario=web_shop)
    option = SimpleNamespace(assignment={"chat": {"weekday_day": "in_house"},
                                         "phone": {"saturday": "Ulkoistus", "sunday": "closed"},
                                         "callback": {"saturday": "closed", "sunday": "closed"}})
    assert summary.closed_text(plan, option, "fi") == "Puhelin (sunnuntai) ja Takaisinsoitto (lauantai ja sunnuntai)"
    assert summary.closed_text(plan, option, "en") == "Puhelin (Sunday) and Takaisinsoitto (Saturday and Sunday)"
    assert summary.closed_text(plan, SimpleNamespace(assignment={"chat": {"sunday": "in_house"}}), "en") == ""


def test_assumptions_mark_estimates_left_at_their_defaults(planned):
    plan = planned[0]
    facts = {f.label: f for f in summary.assumptions(plan, "en")}
    wage = facts["Hourly wage"]
    assert wage.value == plan.scenario.in_house.wage_per_h
    assert wage.estimate == (plan.scenario.in_house.wage_per_h == 16.25)
    assert facts["Shrinkage (breaks, training, sick leave)"].value == plan.scenario.workforce.shrinkage
    assert not math.isnan(facts["Conversion rate"].value)
    by_channel = {(f.owner, f.label): f.value for f in summary.assumptions(plan, "en")}
    finnish = {(f.owner, f.label) for f in summary.assumptions(plan, "fi")}
    for c in plan.scenario.channels:  # a chat's handling times say for how many chats at once each is
        if c.concurrency > 1:
            levels = " / ".join(str(n + 1) for n in range(len(c.aht_levels_s)))
            value = by_channel[(c.name, f"Handling time (AHT) with {levels} chats at once")]
            assert value.split(" / ")[0] == fmt.seconds(c.aht_levels_s[0], "en")
            assert (c.name, f"Käsittelyaika (AHT), kun chatteja on kerralla {levels}") in finnish
        else:
            assert by_channel[(c.name, "Handling time (AHT)")] == c.aht_levels_s[0]


def test_assumptions_give_the_shift_start_times_when_they_are_limited(planned):
    from planner.scenario import StartWindow

    plan = planned[0]
    assert "Shift start times" not in {f.label for f in summary.assumptions(plan, "en")}
    starts = (StartWindow(start="07:00", end="10:00"),) * 5 + (StartWindow(start="22:00", end="02:00"), None)
    scenario = plan.scenario.model_copy(
        update={"workforce": plan.scenario.workforce.model_copy(update={"shift_starts": starts})})
    facts = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=scenario), "fi")}
    assert facts["Vuorojen alkamisajat"] == "ma–pe 07:00–10:00, la 22:00–02:00"


def test_assumptions_give_the_contracts_and_the_most_days_in_a_row(planned):
    """The proposal left out the contracts and the most consecutive working days; then it
    wrote a full-time minimum of 37.5 h as 38 h."""
    plan = planned[0]
    contracts = tuple(c.model_copy(update={"max_shifts_per_week": 4} if c.name == "part_time" else
                                   {"weekly_h_min": 37.5, "weekly_h_max": 40.0})
                      for c in plan.scenario.workforce.contracts)
    scenario = plan.scenario.model_copy(
        update={"workforce": plan.scenario.workforce.model_copy(update={"contracts": contracts})})
    facts = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=scenario), "fi")}
    assert facts["Työpäiviä peräkkäin enintään"] == plan.scenario.workforce.max_consecutive_days
    assert facts["Kokoaikainen"] == "37,5–40 h viikossa"
    english = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=scenario), "en")}
    assert english["Full-time"] == "37.5–40 h a week"
    assert facts["Osa-aikainen"].endswith("enintään 4 vuoroa viikossa")


def test_assumptions_name_a_teams_members_and_the_agent_limit(planned):
    """The PDF and the workbook listed only the contracts, though the roster was of a named
    team (team review)."""
    plan = planned[0]
    team = (Agent(id="Anna", contract="full_time", not_before="16:00"),
            Agent(id="Pekka", contract="part_time", channels=tuple(c.id for c in plan.scenario.channels[:2]),
                  not_before="08:00", not_after="14:00"),
            Agent(id="Liisa", contract="part_time", not_after="18:00"))
    workforce = plan.scenario.workforce.model_copy(update={"team": team, "max_agents": 5})
    scenario = plan.scenario.model_copy(update={"workforce": workforce})
    served = ", ".join(summary.channel_name(c) for c in plan.scenario.channels[:2])
    facts = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=scenario), "en")}
    assert facts["Team: Anna"] == "full-time, every channel, from 16:00"
    assert facts["Team: Pekka"] == f"part-time, {served}, 08:00–14:00"
    assert facts["Team: Liisa"] == "part-time, every channel, until 18:00"
    assert facts["Agents at most"] == 5
    finnish = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=scenario), "fi")}
    assert finnish["Tiimi: Anna"] == "kokoaikainen, kaikki kanavat, alkaen 16:00"
    nobody = plan.scenario.model_copy(update={"workforce": workforce.model_copy(update={"team": ()})})
    facts = {f.label: f.value for f in summary.assumptions(replace(plan, scenario=nobody), "en")}
    assert facts["Team"] == "no one: the roster has no agent"
    assert not any(label == "Team" or label.startswith("Team:") for label in
                   (f.label for f in summary.assumptions(plan, "en"))), "no team: the cheapest mix"


@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_say_what_the_hybrid_is(planned, pdfs, workbooks, lang):
    """A client could not tell from the proposal which channels and hours own staff keep in the
    hybrid (and in the option closed at other times), nor which offer covers the rest."""
    plan = planned[0]
    s = plan.scenario
    hours = summary.hours_text(s.hybrid.in_house_hours, lang)
    facts = [f for f in summary.assumptions(plan, lang) if f.section == translate(lang, "hybrid.title")]
    assert [f.label for f in facts][-2:] == [translate(lang, "hybrid.channels"), translate(lang, "hybrid.hours")]
    assert facts[-1].value == hours
    if s.offers:
        offer = s.offers[opt.hybrid_offer_index(s)].name
        assert facts[1].value == offer
    text = " ".join(pdf_text(pdfs[lang]).split())
    assert translate(lang, "hybrid.hours") in text and hours in text
    cells = [str(c.value) for row in workbooks[lang][SHEETS[lang][4]].iter_rows() for c in row if c.value]
    assert hours in cells


def test_a_cost_line_can_be_redone_from_the_inputs_shown_beside_it(planned):
    """Rate x pay, and hours x price x (1 + surcharge) x weeks, from the figures as shown, give the line to the euro."""
    from planner.export import labels

    def figures(text: str) -> list[float]:
        return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]

    checked = 0
    for option in planned[0].options:
        for line in option.cost.lines:
            shown = figures(labels.cost_inputs(line.inputs, "en", "EUR"))
            if set(line.inputs) == {"rate", "pay"}:
                rate, pay = shown[0] / 100, shown[1]
                assert rate * pay == pytest.approx(line.per_month, abs=0.01), (line.item, shown)
            elif set(line.inputs) == {"hours_per_week", "price_per_h", "surcharge", "weeks_per_month"}:
                hours, price, surcharge, weeks = shown[0], shown[1], shown[2] / 100, shown[3]
                assert hours * price * (1 + surcharge) * weeks == pytest.approx(line.per_month, abs=1.0), line.item
            else:
                continue
            checked += 1
    assert checked >= 5


def test_a_break_even_at_a_price_step_says_so_with_both_costs(planned):
    from planner.options import BreakEven

    plan = planned[0]
    step = BreakEven("Offer", 0.24, 369.0, 52152.0, 52851.0, None, "volume", in_house_cheaper=False)  # the web shop's
    meet = BreakEven("Offer", 0.24, 369.0, 52152.0, 52160.0, None, "volume", in_house_cheaper=True)  # hourly offer
    stepped, met = summary.break_even_rows(plan, (step, meet), "en")
    assert stepped.volume_text == ("about 369 contacts a week (0.24 × today's): the offer is cheaper below it, "
                                   "in-house above; a price step there (in-house €52,152, the offer €52,851 a month)")
    assert met.volume_text == "369 contacts a week (0.24 × today's): in-house is cheaper below it, the offer above"
    fi = summary.break_even_rows(plan, (meet,), "fi")[0].volume_text
    assert fi.endswith("sitä pienemmillä määrillä oma henkilöstö on edullisempi, suuremmilla tarjous")


def test_a_break_even_wage_under_the_agreements_minimum_says_so(planned):
    """'Sama kustannus tuntipalkalla 5,90 € tunnilta' read as a wage in-house staff could be paid."""
    from planner.options import BreakEven

    plan = replace(planned[0], scenario=planned[0].scenario.model_copy(update={"currency": "EUR"}))
    low = BreakEven("Offer", None, None, None, None, 5.9, "wage", in_house_cheaper=False)
    fair = BreakEven("Offer", None, None, None, None, 12.0, "wage", in_house_cheaper=False)
    rows = summary.break_even_rows(plan, (low, fair), "fi")
    assert rows[0].wage_text.startswith("5,90\u00a0€ tunnilta (nyt ")
    assert rows[0].wage_text.endswith("; alle alan TES:n vähimmäispalkan (noin 10–12 €/h), joten omalla henkilöstöllä "
                                      "ei käytännössä päästä samaan")
    assert "TES" not in rows[1].wage_text


def test_the_notes_say_whether_the_estimate_is_calibrated_on_the_roster(planned):
    from dataclasses import replace

    from planner.costs import Calibration

    plan = planned[0]
    short = replace(plan, calibration=Calibration(source="none (the roster is short of staff)"))
    assert summary.calibration_words(short, "en") == "not calibrated: the roster falls short of the requirement"
    assert "ei kalibroitu" in translate("fi", "pdf.break_even_note", basis=summary.calibration_words(short, "fi"))
    calibrated = replace(plan, calibration=Calibration(source="roster"))
    assert summary.calibration_words(calibrated, "fi") == "kalibroitu työvuorolistaan"


def test_the_gap_is_said_as_what_the_cheapest_roster_could_save():
    """gap = (cost - bound) / cost: the cheapest possible costs at least (1 - gap) x this roster."""
    from dataclasses import replace

    from planner.scheduling import Reason

    facts = summary.RosterFacts(peak_required_staff=3.0, peak_scheduled=3.0, agents=4, shifts=20, paid_h_per_week=150.0,
                                understaffed_intervals=0, interval_min=30, shortfall_h_per_week=0.0,
                                required_h_per_week=150.0, status="FEASIBLE", objective=1000.0, bound=800.0, gap=0.2,
                                seconds=10.0, time_limit_s=10.0, reasons=())
    assert "the cheapest possible could cost up to 20.0% less" in summary.solver_text(facts, "en")
    # over 5 % the documents call it rough, as the Roster page does (they called it good)
    assert summary.solver_text(facts, "en").startswith("The roster is rough:")
    assert summary.solver_text(replace(facts, gap=0.04, bound=960.0), "en").startswith("The roster is good")
    assert "a longer time limit finds a cheaper one" in summary.solver_text(facts, "en")
    # a search that ended well before its limit would not gain from a longer one: it is not advised
    early = replace(facts, seconds=2.4)
    assert summary.ended_early(early) and not summary.ended_early(facts)
    assert summary.solver_text(early, "en").startswith(
        "The roster is rough: the cheapest possible could cost up to 20.0% less (searched 2.4 s, limit 10 s). The "
        "search ended before its limit, so a longer one would not help: the bound leaves the working-time rules out.")
    assert "Haku päättyi ennen aikarajaa, joten pidempi ei auta" in summary.solver_text(early, "fi")
    stopped_early = replace(early, reasons=(Reason("stopped"),))
    assert not summary.ended_early(stopped_early)
    # a shift plan not proven took its whole share of the limit: a quick roster from it is not "done"
    unproven = replace(early, seconds=7.3, reasons=(Reason("plan_not_proven", (("seconds", 7.5),)),))
    assert not summary.ended_early(unproven) and summary.ended_early(replace(unproven, reasons=()))
    assert "a longer time limit finds a cheaper one" in summary.solver_text(unproven, "en")


def test_a_shortfall_is_large_over_five_percent_of_the_requirement_or_where_limits_bind():
    """The Roster page warns of large gaps rather than call the roster optimal in green."""
    from dataclasses import replace

    from planner.scheduling import Reason

    facts = summary.RosterFacts(peak_required_staff=3.0, peak_scheduled=3.0, agents=4, shifts=20, paid_h_per_week=150.0,
                                understaffed_intervals=4, interval_min=30, shortfall_h_per_week=7.5,
                                required_h_per_week=150.0, status="OPTIMAL", objective=1000.0, bound=1000.0, gap=0.0,
                                seconds=1.0, time_limit_s=10.0, reasons=(Reason("priced"),))
    assert not summary.large_shortfall(facts)  # 7.5 of 150 agent-hours: 5 %
    assert summary.shortfall_text(facts, "en") == (
        "It leaves 4 intervals of 30 min understaffed, 7.5 agent-hours a week short. The solver leaves a gap where "
        "one more shift would cost more than the gap.")
    assert summary.large_shortfall(replace(facts, shortfall_h_per_week=7.6))
    assert summary.large_shortfall(replace(facts, shortfall_h_per_week=0.5, reasons=(Reason("agent_limit"),)))
    team = replace(facts, shortfall_h_per_week=0.5, reasons=(Reason("team_size", (("limit", 3),)),))
    assert summary.large_shortfall(team)  # a named team's size binds as a limit does, and says so
    assert summary.shortfall_text(team, "en").endswith("The whole team is rostered; more staff would cover more.")
    assert summary.shortfall_text(team, "fi").endswith("Koko tiimi on listalla; lisähenkilöstö kattaisi enemmän.")
    assert not summary.large_shortfall(replace(facts, understaffed_intervals=0, shortfall_h_per_week=0.0))
    assert summary.shortfall_text(replace(facts, understaffed_intervals=0), "en") == ""
    # Finnish intervals are "jaksot" (the glossary), as everywhere in the UI
    assert summary.shortfall_text(facts, "fi").startswith("Listaan jää 4 jaksoa (30 min) vajaamiehitetyksi")
    # a rough roster with large gaps is not sent to a longer limit: the documents say what the Roster page says
    gaps = replace(facts, status="FEASIBLE", bound=800.0, gap=0.2, reasons=(Reason("agent_limit"),))
    assert summary.solver_text(gaps, "en") == (
        "The roster keeps to the rules and the limits set but leaves large gaps; the cheapest possible could cost up "
        "to 20.0% less (searched 1.0 s, limit 10 s). It leaves 4 intervals of 30 min understaffed, 7.5 agent-hours a "
        "week short. The limit on agents or contracts is reached; more staff would cover more.")
    assert summary.solver_text(gaps, "fi").startswith("Työvuorolista noudattaa sääntöjä ja asetettuja rajoja, mutta")
    # a roster whose search the user stopped says so in the documents too
    stopped = replace(facts, understaffed_intervals=0, reasons=(Reason("stopped"),))
    assert summary.solver_text(stopped, "en").endswith(
        "It covers the requirement in every interval. The search was stopped by hand before its time limit; a longer "
        "search may find a cheaper roster.")


def test_share_formats_are_written_the_languages_way():
    from planner.export.excel import share_format

    assert share_format(1, "fi") == "0.0 %" and share_format(1, "en") == "0.0%"



@pytest.mark.parametrize("lang", LANGS)
def test_the_workbook_holds_the_proposals_break_even_and_sensitivity(planned, lang):
    plan, break_even, sensitivity = planned
    book = load_workbook(io.BytesIO(plan_workbook(plan, lang, break_even=break_even, sensitivity=sensitivity,
                                                  today=DAY)))
    assert book.sheetnames == SHEETS[lang] + [translate(lang, "workbook.sheet.analysis")]
    rows = [r for r in book.worksheets[-1].iter_rows(values_only=True)]
    texts = [r[1] for r in rows if r[0] in {o.name for o in plan.scenario.offers}]
    assert texts == [r.volume_text for r in summary.break_even_rows(plan, break_even, lang)], "the PDF's words"
    table = summary.sensitivity_table(plan, sensitivity, lang)
    today = next(r for r in rows if r[0] == translate(lang, "pdf.today_values"))
    assert list(today[2:2 + len(table.options)]) == [o.shown_total for o in summary.option_rows(plan, lang)
                                                      if o.key in table.options], "the options table's totals"
    assert len(load_workbook(io.BytesIO(plan_workbook(plan, lang, today=DAY))).sheetnames) == len(SHEETS[lang])


# --- The contact curve of each channel --------------------------------------------------------

CURVE_LABEL = {"fi": "Yhteydenottokäyrä", "en": "Contact curve"}
EXAMPLE_CURVES = {  # each example's curves, in the order of its channels
    "24/7 chat service": {"fi": ["Profiili ”Ympäri vuorokauden”"], "en": ["Round the clock profile"]},
    "Service business, office-hours phone": {"fi": ["Profiili ”Virka-aika”"], "en": ["Office hours profile"]},
    "Verkkokauppa: chat, puhelin ja takaisinsoitto": {"fi": ["Profiili ”Verkkokauppa, painotus illassa”"] * 3,
                                                      "en": ["Web shop, evening-heavy profile"] * 3},
}
OWN_CURVES = {  # the office phone's curve made the channel's own: (its curve, the words in fi and en)
    "adjusted": ({"profile": "office_hours", "weekday_shares": [1.3, 1.0, 1.0, 1.0, 0.8, 0.0, 0.0],
                  "hourly": {"weekday": [0.0] * 8 + [1.0, 2.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0] + [0.0] * 8}},
                 {"fi": ["Profiili ”Virka-aika”, muokattu (viikonpäivien osuudet, tuntipainot)"],
                  "en": ["Office hours profile, adjusted (weekday shares, hourly weights)"]}),
    "table": (None, {"fi": ["Tuotu yhteydenottohistoriasta"], "en": ["Imported from contact history"]}),
}


def _imported_curve() -> dict:
    """A curve imported as the app imports a CSV: a week of hourly counts, Mon-Fri 8-16."""
    rows = [f"{day}.11.2026 {hour}.00;{1 + (hour + day) % 4}" for day in range(2, 7) for hour in range(8, 16)]
    history = read_contacts_csv(("aika;määrä\n" + "\n".join(rows)).encode("utf-8"), 30)
    return {"profile": "office_hours", "table": [round(float(v), 6) for v in history.per_interval]}


@pytest.fixture(scope="module", params=list(OWN_CURVES))
def own_curve(request):
    """(plan, PDFs, workbooks, the curve's words) of the office phone with an adjusted or an imported curve."""
    curve, words = OWN_CURVES[request.param]
    data = json.loads((ROOT / "scenarios" / "office_phone.json").read_text("utf-8"))
    data["channels"][0]["curve"] = curve or _imported_curve()
    plan = build_plan(load_scenario(json.dumps(data).encode("utf-8")))
    pdf = {lang: proposal_pdf(plan, lang, today=DAY) for lang in LANGS}
    books = {lang: load_workbook(io.BytesIO(plan_workbook(plan, lang, today=DAY))) for lang in LANGS}
    return plan, pdf, books, words


def _assert_curves_said(plan, pdf: bytes, workbook, lang: str, words: list[str]) -> None:
    """The PDF's channel table has the curve row, a channel a column; the workbook's scenario sheet a
    row per channel."""
    text = " ".join(pdf_text(pdf).split())
    assert " ".join([CURVE_LABEL[lang], *words]) in text
    rows = workbook[SHEETS[lang][4]].iter_rows(min_row=2, values_only=True)
    found = [(row[0], row[2]) for row in rows if row[1] == CURVE_LABEL[lang]]
    sections = [translate(lang, "proposal.section_channel", name=summary.channel_name(c)) for c in plan.scenario.channels]
    assert found == list(zip(sections, words))


@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_name_each_example_channels_contact_curve(planned, pdfs, workbooks, lang):
    plan = planned[0]
    _assert_curves_said(plan, pdfs[lang], workbooks[lang], lang, EXAMPLE_CURVES[plan.scenario.name][lang])


@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_say_a_curve_is_adjusted_or_imported(own_curve, lang):
    plan, pdf, books, words = own_curve
    _assert_curves_said(plan, pdf[lang], books[lang], lang, words[lang])


@pytest.mark.parametrize("curve, fi, en", [
    (Curve(profile="round_the_clock", weekday_shares=(1, 1, 1, 1, 1, 1, 2)),
     "Profiili ”Ympäri vuorokauden”, muokattu (viikonpäivien osuudet)", "Round the clock profile, adjusted (weekday shares)"),
    (Curve(profile="web_shop_evening", hourly={"sunday": (1.0,) * 24}),
     "Profiili ”Verkkokauppa, painotus illassa”, muokattu (tuntipainot)",
     "Web shop, evening-heavy profile, adjusted (hourly weights)"),
    (Curve(profile="office_hours", hourly={}), "Profiili ”Virka-aika”", "Office hours profile"),
    (Curve(table=(1.0,) * 168), "Tuotu yhteydenottohistoriasta", "Imported from contact history"),
])
def test_a_curve_is_said_as_its_profile_with_its_own_parts_or_as_imported(curve, fi, en):
    assert (summary.curve_text(curve, "fi"), summary.curve_text(curve, "en")) == (fi, en)


# --- Repeat contacts --------------------------------------------------------------------------


def test_the_documents_say_how_repeats_make_the_volume_handled():
    """The volume is new contacts; at 80 % first-contact resolution the team handles 1/0.8 of it.
    A client reading 'Contacts a week 96' beside a service table of 120 is told why."""
    data = json.loads((ROOT / "scenarios" / "office_phone.json").read_text("utf-8"))
    data["channels"][0]["first_contact_resolution"] = 0.8
    plan = build_plan(load_scenario(json.dumps(data).encode("utf-8")))
    volume = data["channels"][0]["volume_per_week"]
    handled = float(plan.channels[0].demand.forecast.sum())
    assert handled == pytest.approx(volume / 0.8)
    for lang, fcr, to_handle in (("fi", "Ensikontaktiratkaisu 80 %",
                                  "Hoidettavia yhteydenottoja viikossa (uusinnat mukana, itsepalvelu pois)"),
                                 ("en", "First-contact resolution 80%",
                                  "Contacts a week to handle (repeats in, self-service out)")):
        text = " ".join(pdf_text(proposal_pdf(plan, lang, today=DAY)).split()).replace(fmt.NBSP, " ")
        assert fcr in text
        assert f"{to_handle} {fmt.number(handled, lang)}".replace(fmt.NBSP, " ") in text


def test_without_repeats_the_documents_do_not_mention_them(planned, pdfs):
    text = pdf_text(pdfs["en"])
    assert "First-contact resolution" not in text and "to handle" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_requirement_sheet_gives_a_callbacks_work_arriving(planned, workbooks, lang):
    """The sheet's callback columns said required staff 0 beside understaffing: its need is work."""
    plan = planned[0]
    ws = workbooks[lang][SHEETS[lang][2]]
    headers = [c.value for c in ws[2]]
    for cp in plan.channels:
        if not cp.requirement.is_deferred:
            continue
        col = headers.index(translate(lang, "chart.work_arriving")) + 1
        values = [ws.cell(row=3 + i, column=col).value for i in range(len(plan.labels))]
        assert values == pytest.approx(np.round(cp.requirement.deferred_work, 2).tolist())
        assert sum(values) > 0


def test_the_parts_of_the_week_are_given_their_hours():
    """The who-serves-what table names "Arki-ilta": 16-22 in the default blocks, while the
    evening premium is 18-22. The hours were nowhere on the pages or in the PDF."""
    from types import SimpleNamespace

    from planner.scenario import default_scenario

    plan = SimpleNamespace(scenario=default_scenario())
    option = SimpleNamespace(assignment={"chat": {"weekday_evening": "in_house", "sunday": "A", "night": "closed"}})
    assert summary.blocks_text(plan, option, "fi") == (
        "Viikon osat: Arki-ilta ma–pe 16:00–22:00; Sunnuntai su 00:00–24:00; Yö ja muut ajat: muu osa viikosta.")
    assert summary.blocks_text(plan, option, "en").startswith("Parts of the week: Weekday evening Mon–Fri 16:00–22:00;")


def test_the_intervals_short_are_intervals_of_the_week_not_of_each_channel():
    """The documents said 'Listaan jää 487 aikaväliä (30 min) vajaamiehitetyksi' of a week of
    336 half hours: each channel's short intervals were added up."""
    from types import SimpleNamespace

    from planner.scheduling import SolverReport

    def channel(short):
        short = np.asarray(short, float)
        requirement = SimpleNamespace(required_staff=np.ones(4), needed_people=np.ones(4))
        return SimpleNamespace(requirement=requirement, scheduled=1.0 - short, understaffed=short)

    plan = SimpleNamespace(
        schedule=SimpleNamespace(shifts=[], solver=SolverReport("FEASIBLE", 10.0, 9.0, 0.1, 1.0)),
        channels=[channel([1, 1, 0, 0]), channel([0, 1, 0.5, 0])],
        scenario=SimpleNamespace(interval_min=30, workforce=SimpleNamespace(solver_time_limit_s=10.0)),
        understaffed_intervals=4,  # channel-intervals, as the plan JSON counts them
    )
    facts = summary.roster_facts(plan)
    assert facts.understaffed_intervals == 3 and facts.shortfall_h_per_week == pytest.approx(1.75)
    assert summary.shortfall_text(facts, "en").startswith("It leaves 3 intervals of 30 min understaffed")


def test_a_target_the_in_house_roster_misses_is_said_with_the_comparison(planned):
    """At a fifth of the web shop's volume its callbacks were 59 % in time of a 90 % target: said on
    the Staffing page only, while Costs and the proposal compared its cost with offers assumed to
    meet every target."""
    plan = planned[0]
    assert all(row.target_met for row in summary.channel_rows(plan, "en")) == (summary.missed_targets_text(plan, "en")
                                                                                == "")
    last = plan.channels[-1]
    below = replace(last.achieved, week_service_level=last.channel.target_sl - 0.31)
    missing = replace(plan, channels=(*plan.channels[:-1], replace(last, achieved=below)))
    row = summary.channel_rows(missing, "en")[-1]
    said = {lang: summary.missed_targets_text(missing, lang) for lang in LANGS}
    assert said["en"].startswith(f"The in-house roster misses a service target: {row.name} "
                                 f"{fmt.percent(row.service_level, 'en', 1)} (target {summary.target_text(row, 'en')})")
    assert said["fi"].startswith("Oma henkilöstö ei tällä työvuorolistalla saavuta kaikkia palvelutavoitteita: ")
    for lang in LANGS:
        assert summary.answer_text(missing, lang).endswith(said[lang])


def test_the_exports_give_the_share_of_each_live_channel_that_goes_unanswered():
    """Two people for the web shop: the phone has nobody on its queue; the service table said
    0 % abandoned and nothing of the contacts no agent could take."""
    scenario = load_scenario(ROOT / "scenarios" / "web_shop.json")
    workforce = scenario.workforce.model_copy(update={"max_agents": 2, "solver_time_limit_s": 5})
    plan = build_plan(scenario.model_copy(update={"workforce": workforce}), optimise=False)
    rows = summary.channel_rows(plan, "en")
    assert [r.p_unanswered is None for r in rows] == [cp.requirement.is_deferred for cp in plan.channels]
    live = [r for r in rows if r.p_unanswered is not None]
    assert all(r.p_unanswered > 0.01 for r in live)
    book = load_workbook(io.BytesIO(plan_workbook(plan, "en", today=DAY)))
    header = next(c for ws in book for line in ws.iter_rows() for c in line if c.value == "Unanswered")
    ws, column = header.parent, header.column
    by_name = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=column).value
               for r in range(header.row + 1, header.row + 1 + len(rows))}
    assert by_name == {r.name: r.p_unanswered if r.p_unanswered is None else pytest.approx(r.p_unanswered, rel=1e-12)
                       for r in rows}  # Excel keeps 15 digits
    text = " ".join(pdf_text(proposal_pdf(plan, "en", today=DAY)).split())
    said = ", ".join(f"{r.name} {fmt.percent(r.p_unanswered, 'en', 1)}" for r in live)
    assert (f"Unanswered, with too few agents on the queue to take them (share of the contacts arriving while open): "
            f"{said}.") in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_documents_give_each_channels_mean_wait(planned, pdfs, workbooks, lang):
    """A queue's in seconds, a callback's (from its request to its answer) in whole minutes; the
    service tables had no wait at all."""
    plan = planned[0]
    rows = summary.channel_rows(plan, lang)
    label = "Jonotusaika, ka." if lang == "fi" else "Average wait"
    header = next(c for ws in workbooks[lang] for line in ws.iter_rows() for c in line if c.value == label)
    ws = header.parent
    for i, row in enumerate(rows, start=1):
        cell = ws.cell(row=header.row + i, column=header.column)
        assert ws.cell(row=header.row + i, column=1).value == row.name
        assert row.asa_s is not None and math.isfinite(row.asa_s)
        if row.deferred:
            assert cell.value == pytest.approx(row.asa_s / 60, abs=0.005) and cell.number_format == '0 "min"'
        else:
            assert cell.value == pytest.approx(row.asa_s, rel=1e-12) and cell.number_format == '0 "s"'
    text = " ".join(pdf_text(pdfs[lang]).split())
    assert label in text
    for row in rows:
        assert summary.wait_text(row.asa_s, row.deferred, lang).replace(fmt.NBSP, " ") in text.replace(fmt.NBSP, " ")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 5000, allow_nan=False), min_size=2, max_size=4), st.data())
def test_a_part_rounded_alone_reads_as_in_other_rows_and_the_parts_still_add_up(parts, data):
    """The contacts lost while closed were 207 in five options and 208 in the hybrid, whose
    other causes left it the largest remainder."""
    alone = data.draw(st.integers(0, len(parts) - 1))
    shown = fmt.shown_parts(parts, rounded_alone=alone)
    assert shown[alone] == fmt.rounded(parts[alone], 0)
    assert sum(shown) == fmt.rounded(sum(parts), 0) and min(shown) >= 0
    assert all(abs(s - p) < 1 + 1e-9 for s, p in zip(shown, parts))
