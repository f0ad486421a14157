"""The client proposal as a PDF: ``proposal_pdf(plan, lang, *, break_even=None, sensitivity=None) -> bytes``.

A few A4 pages (fpdf2) for the client, in Finnish or English:

1. the scenario and the date; the question and the answer in one paragraph
   (which option costs least with lost sales counted, and by how much); who
   serves what when the answer is a mix; the options in a table and a bar
   chart (cost and lost sales a month, drawn with fpdf2's rectangles);
2. the service per channel with the in-house roster (contacts a week, service
   level against its target, abandonment, contacts missed while closed), and
   the staffing and roster in figures with the solver's status and gap said
   plainly;
3. the assumptions (wage, side costs, premiums, shrinkage, targets, offers,
   sales), estimates marked; break-even and sensitivity when they are given
   (``planner.options.break_even`` and ``planner.options.sensitivity``).

The text is set in DejaVu Sans, bundled in ``planner/export/fonts`` (a subset,
with its licence), so ä, ö and € print the same everywhere; without those
files the document falls back to the core Helvetica font and writes "EUR".
Figures and sentences come from :mod:`planner.export.summary`; nothing is
computed here.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from planner.export import fmt, summary
from planner.locales import translate

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"

GREEN = (11, 110, 79)
LIGHT_GREEN = (227, 241, 234)
RED = (209, 73, 91)
DARK = (33, 37, 41)
GREY = (110, 110, 110)
LINE = (200, 200, 200)
ZEBRA = (246, 246, 246)

MARGIN = 18.0
KEEP_TOGETHER_MM = 90.0  # tables up to this tall are not split across pages
BODY_PT = 9.5
SMALL_PT = 8.0
CELL_PAD_MM = 3.4  # a table cell's left and right padding together
TABLE_PT = (SMALL_PT, 7.5, 7.0, 6.5, 6.0)  # a wide table's type sizes, largest first

# Helvetica (the fallback) has Latin-1 only: the few other characters the text uses
FALLBACK = {"€": "EUR", "–": "-", "—": "-", "−": "-", "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'",
            "…": "...", "✓": "x", "\u2009": " ", "\u202f": " "}


def fonts_available() -> bool:
    """Whether the bundled Unicode font files are present."""
    return all(path.is_file() for path in FONT_FILES.values())


def proposal_pdf(plan, lang: str, *, break_even=None, sensitivity=None, today: date | None = None,
                 unicode_font: bool | None = None) -> bytes:
    """The proposal for the client, 2 to 5 A4 pages, as PDF bytes.

    Parameters
    ----------
    plan : planner.plan.Plan
    lang : "fi" or "en"
    break_even : the result of ``planner.options.break_even`` for this plan, or None to leave it out
    sensitivity : the result of ``planner.options.sensitivity`` for this plan, or None to leave it out
    today : the date on the proposal (default: today)
    unicode_font : use the bundled DejaVu Sans (default: when its files are there); False forces
        the core Helvetica fallback
    """
    use_unicode = fonts_available() if unicode_font is None else bool(unicode_font and fonts_available())
    doc = _Proposal(plan, lang, today or date.today(), use_unicode)
    doc.build(break_even, sensitivity)
    return bytes(doc.output())


def date_text(day: date, lang: str) -> str:
    """``28.11.2026`` (fi) or ``28 November 2026`` (en).

    >>> date_text(date(2026, 11, 28), "fi"), date_text(date(2026, 11, 28), "en")
    ('28.11.2026', '28 November 2026')
    """
    if lang == "fi":
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


class _Proposal(FPDF):
    def __init__(self, plan, lang: str, today: date, use_unicode: bool):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.plan = plan
        self.lang = lang
        self.today = today
        self.use_unicode = use_unicode
        self.currency = plan.scenario.currency
        if use_unicode:
            for style, path in FONT_FILES.items():
                self.add_font(FAMILY, style, str(path))
            self.family = FAMILY
        else:
            self.family = "Helvetica"
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()
        self.set_title(self.clean(self.t("pdf.title") + ": " + plan.scenario.name))
        self.set_author(self.clean(self.t("app.title")))
        self.set_creator("cs-staffing-planner")
        self.set_lang(lang)

    # --- text helpers ----------------------------------------------------------------

    def t(self, key: str, **values) -> str:
        return translate(self.lang, key, **values)

    def clean(self, text: str) -> str:
        """The text as the current font can print it (Latin-1 and "EUR" with the fallback font)."""
        if self.use_unicode:
            return text
        for char, plain in FALLBACK.items():
            text = text.replace(char, plain)
        text = unicodedata.normalize("NFC", text)
        return text.encode("latin-1", "replace").decode("latin-1")

    def money(self, value, decimals: int = 0) -> str:
        return fmt.money(value, self.currency, self.lang, decimals)

    def font(self, size: float = BODY_PT, bold: bool = False, colour=DARK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def paragraph_height(self, text: str, size: float = BODY_PT, bold: bool = False, gap: float = 2.0) -> float:
        """How tall :meth:`paragraph` would set ``text`` [mm]."""
        self.font(size, bold)
        return self.multi_cell(self.width, size * 0.5, self.clean(text), dry_run=True, output="HEIGHT") + gap

    def paragraph(self, text: str, size: float = BODY_PT, colour=DARK, bold: bool = False, gap: float = 2.0) -> None:
        self.font(size, bold, colour)
        self.multi_cell(self.width, size * 0.5, self.clean(text), align="L", new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.ln(gap)

    def heading(self, text: str, need: float = 40.0) -> None:
        """A section heading, on a new page when less than ``need`` mm are left below it."""
        if self.get_y() + need > self.page_break_trigger:
            self.add_page()
        self.ln(2)
        self.font(12.5, True, GREEN)
        self.cell(self.width, 7, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREEN)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.width, self.get_y())
        self.ln(2.5)

    def subheading(self, text: str, need: float = 25.0) -> None:
        if self.get_y() + need > self.page_break_trigger:
            self.add_page()
        self.font(10, True, DARK)
        self.cell(self.width, 6, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.5)

    def boxed(self, text: str) -> None:
        """A paragraph on a light green band with a green bar on its left."""
        self.font(BODY_PT + 0.5)
        inner = self.width - 8
        height = self.multi_cell(inner, 5.0, self.clean(text), dry_run=True, output="HEIGHT")
        if self.get_y() + height + 6 > self.page_break_trigger:
            self.add_page()
        top = self.get_y()
        self.set_fill_color(*LIGHT_GREEN)
        self.rect(self.l_margin, top, self.width, height + 6, style="F")
        self.set_fill_color(*GREEN)
        self.rect(self.l_margin, top, 1.6, height + 6, style="F")
        self.set_xy(self.l_margin + 5, top + 3)
        self.multi_cell(inner, 5.0, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(top + height + 6)
        self.ln(3)

    def text_widths(self, header: list[str], rows: list[list[str]], size: float):
        """Per column [mm]: its longest word, its longest body cell, its header, at ``size`` pt."""
        n = len(header)
        least, body, head = [0.0] * n, [0.0] * n, [0.0] * n
        self.set_font(self.family, "B", size - 0.5)
        for j, text in enumerate(header):
            text = self.clean(text)
            least[j] = max(self.get_string_width(w) for w in text.split(" "))
            head[j] = self.get_string_width(text)
        self.set_font(self.family, "B", size)  # bold rows are the widest
        for values in rows:
            for j, text in enumerate(values):
                text = self.clean(text)
                least[j] = max(least[j], max(self.get_string_width(w) for w in text.split(" ")))
                body[j] = max(body[j], self.get_string_width(text))
        return least, body, head

    def words_fit(self, header: list[str], rows: list[list[str]], size: float, total: float | None = None) -> bool:
        """Whether every column can be as wide as its longest word within ``total`` mm at ``size`` pt,
        so that text wraps only at spaces."""
        least, _body, _head = self.text_widths(header, rows, size)
        return sum(w + CELL_PAD_MM for w in least) <= (total or self.width)

    def fitting_size(self, header: list[str], rows: list[list[str]], sizes=TABLE_PT) -> float:
        """The largest of ``sizes`` [pt] at which the table's words stand whole (else the smallest)."""
        return next((size for size in sizes if self.words_fit(header, rows, size)), sizes[-1])

    def column_widths(self, header: list[str], rows: list[list[str]], size: float,
                      total: float | None = None) -> list[float]:
        """Widths that fill ``total`` mm and keep every word whole where they can.

        Each column first gets its longest word; then what is left lets the body cells
        stand on one line, then the headers; anything more is shared in proportion.
        """
        total = total or self.width
        pad = CELL_PAD_MM
        least, body, head = self.text_widths(header, rows, size)
        widths = [w + pad for w in least]
        if sum(widths) >= total:
            return [w * total / sum(widths) for w in widths]
        for goal in (body, [max(b, h) for b, h in zip(body, head)]):
            need = [max(0.0, g + pad - w) for g, w in zip(goal, widths)]
            room = total - sum(widths)
            if sum(need) >= room:
                return [w + room * d / sum(need) for w, d in zip(widths, need)]
            widths = [w + d for w, d in zip(widths, need)]
        room = total - sum(widths)
        return [w + room * w / sum(widths) for w in widths]

    def table_height(self, header: list[str], rows: list[list[str]], widths: list[float], size: float,
                     padding: float) -> float:
        """About how tall the table will be [mm]: the wrapped lines of its tallest cell in each row."""
        height = 0.0
        for i, values in enumerate([header] + rows):
            self.set_font(self.family, "B", size - 0.5 if i == 0 else size)
            lines = max(max(1, math.ceil(self.get_string_width(self.clean(text)) / max(1.0, w - CELL_PAD_MM)))
                        for text, w in zip(values, widths))
            height += lines * size * 0.52 + 2 * padding
        return height

    def grid(self, header: list[str], rows: list[list[str]], align: list[str], *, widths: list[float] | None = None,
             bold_rows=frozenset(), fill_rows=frozenset(), bold_cells: list[int] | None = None,
             size: float = SMALL_PT + 0.5, padding: float = 1.2, title: str | None = None,
             note_mm: float = 0.0) -> None:
        """A table with a green header row, light rules and zebra rows; ``bold_rows`` (and ``fill_rows``)
        stand out, as does cell ``bold_cells[i]`` of row i. A short table (with its ``title`` and the
        ``note_mm`` of a note below it) starts on a new page rather than break; a long one breaks and
        repeats its header."""
        widths = widths or self.column_widths(header, rows, size)
        height = self.table_height(header, rows, widths, size, padding) + (8 if title else 0) + note_mm
        if self.get_y() + height > self.page_break_trigger and height < KEEP_TOGETHER_MM:
            self.add_page()
        if title:
            self.subheading(title, need=0)
        self.font(size)
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)  # fpdf2 fills plain cells with the current fill colour
        heading = FontFace(family=self.family, emphasis="B", color=(255, 255, 255), fill_color=GREEN,
                           size_pt=size - 0.5)
        strong = FontFace(family=self.family, emphasis="B", fill_color=LIGHT_GREEN, size_pt=size)
        with super().table(col_widths=widths, width=min(sum(widths), self.epw), align="LEFT", text_align=tuple(align),
                           headings_style=heading, borders_layout="HORIZONTAL_LINES", line_height=size * 0.52,
                           padding=(padding, 1.5, padding, 1.5), v_align="MIDDLE", cell_fill_color=ZEBRA,
                           cell_fill_mode="ROWS") as table:
            row = table.row()
            for text in header:
                row.cell(self.clean(text))
            for i, values in enumerate(rows):
                style = None
                if i in bold_rows or i in fill_rows:
                    style = FontFace(family=self.family, emphasis="B" if i in bold_rows else "",
                                     fill_color=LIGHT_GREEN if i in fill_rows else None, size_pt=size)
                row = table.row()
                for j, text in enumerate(values):
                    cell_style = strong if bold_cells is not None and bold_cells[i] == j else style
                    row.cell(self.clean(text), style=cell_style)
        self.ln(2)

    # --- page furniture ----------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.font(SMALL_PT, False, GREY)
        self.set_y(8)
        title = self.clean(self.t("pdf.title"))
        left = self.get_string_width(title) + 6
        self.cell(left, 5, title, align="L")
        self.cell(self.width - left, 5, self.clean(_fit_text(self, self.plan.scenario.name, self.width - left)),
                  align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.line(self.l_margin, 13.5, self.l_margin + self.width, 13.5)
        self.set_y(17)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(SMALL_PT - 0.5, False, GREY)
        self.cell(self.width / 2, 5, self.clean(f"{self.t('app.title')} · {date_text(self.today, self.lang)}"),
                  align="L")
        self.cell(self.width / 2, 5, self.clean(self.t("pdf.page", page=self.page_no(), pages="{nb}")), align="R")

    # --- the document ------------------------------------------------------------------

    def build(self, break_even, sensitivity) -> None:
        plan, lang = self.plan, self.lang
        self.add_page()
        self.title_block()
        rec = summary.recommendation(plan, lang)
        self.heading(self.t("pdf.question"), need=25)
        self.paragraph(summary.question_text(plan, lang))
        self.heading(self.t("pdf.answer"), need=35)
        self.boxed(summary.answer_text(plan, lang))
        header, rows = summary.mix_table(plan, rec.best.option, lang)
        if rows and rec.best.kind in ("optimised", "hybrid", "closed_outside"):
            self.grid(header, rows, ["LEFT"] * len(header), title=self.t("pdf.mix", name=rec.best.name))
            self.paragraph(summary.blocks_text(plan, rec.best.option, lang))
        self.options_section()
        self.service_section()
        self.roster_section()
        self.assumptions_section()
        if break_even:
            self.break_even_section(break_even)
        if sensitivity:
            self.sensitivity_section(sensitivity)

    def title_block(self) -> None:
        top = 0.0
        self.set_fill_color(*GREEN)
        self.rect(0, top, self.w, 34, style="F")
        self.set_xy(MARGIN, 9)
        self.font(9, True, (200, 230, 215))
        self.cell(self.width, 5, self.clean(self.t("pdf.kicker").upper()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.font(17, True, (255, 255, 255))
        self.cell(self.width, 9, self.clean(self.t("pdf.title")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(40)
        self.font(14, True, DARK)
        self.multi_cell(self.width, 6.5, self.clean(self.plan.scenario.name), align="L", new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.font(BODY_PT, False, GREY)
        self.cell(self.width, 5.5, self.clean(self.t("pdf.prepared", date=date_text(self.today, self.lang))),
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def options_section(self) -> None:
        plan, lang = self.plan, self.lang
        options = summary.option_rows(plan, lang)
        self.heading(self.t("pdf.options"), need=self.chart_height(options) + 14)
        self.bar_chart(options)
        header = [self.t("costs.option"), self.t("pdf.col_cost"), self.t("pdf.col_lost_contacts"),
                  self.t("pdf.col_lost_sales"), self.t("pdf.col_total"), self.t("pdf.col_per_contact")]
        rows = []
        for o in options:
            name = o.name if o.same_as is None else self.t("pdf.same_as", name=o.name, other=o.same_as)
            rows.append([name + (" *" if o.estimate else ""), self.money(o.per_month),
                         fmt.number(o.lost_contacts_per_month, lang), self.money(o.lost_revenue_per_month),
                         self.money(o.shown_total), self.money(o.cost_per_handled_contact, 2)])
        best = {i for i, o in enumerate(options) if o.recommended}
        notes = [self.t("pdf.options_note")]
        if any(o.estimate for o in options):
            notes.append("* " + self.t("costs.estimate_basis"))
        note = " ".join(notes)
        self.grid(header, rows, ["LEFT"] + ["RIGHT"] * 5, bold_rows=best, fill_rows=best,
                  title=self.t("pdf.options_figures"), note_mm=self.paragraph_height(note, SMALL_PT))
        self.paragraph(note, size=SMALL_PT, colour=GREY)

    BAR_H, BAR_GAP = 5.0, 2.4

    def chart_height(self, options) -> float:
        return 8 + len(options) * (self.BAR_H + self.BAR_GAP) + 14

    def bar_chart(self, options) -> None:
        """Cost (green) and lost sales (red) a month for each option, stacked horizontal bars."""
        bar_h, gap = self.BAR_H, self.BAR_GAP
        if self.get_y() + self.chart_height(options) > self.page_break_trigger:
            self.add_page()
        self.font(SMALL_PT + 0.5, True, DARK)
        self.cell(self.width, 5, self.clean(self.t("pdf.chart_title")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        label_w, value_w = 52.0, 24.0
        x0 = self.l_margin + label_w
        span = self.width - label_w - value_w
        top = self.get_y() + 1
        largest = max((o.total_per_month for o in options), default=0.0) or 1.0
        # grid lines at round steps
        step = _nice_step(largest / 5)
        self.set_draw_color(*LINE)
        self.set_line_width(0.15)
        self.font(SMALL_PT - 1, False, GREY)
        bottom = top + len(options) * (bar_h + gap)
        value = 0.0
        while value <= largest * 1.0001:
            x = x0 + span * value / largest
            self.line(x, top - 1, x, bottom)
            self.set_xy(x - 12, bottom + 0.5)
            self.cell(24, 3.5, self.clean(fmt.number(value, self.lang)), align="C")
            value += step
        y = top
        for o in options:
            self.set_xy(self.l_margin, y)
            self.font(SMALL_PT, o.recommended, DARK)
            self.cell(label_w - 2, bar_h, self.clean(_fit_text(self, o.name, label_w - 3)), align="R")
            cost_w = span * max(0.0, o.per_month) / largest
            lost_w = span * max(0.0, o.lost_revenue_per_month) / largest
            self.set_fill_color(*GREEN)
            if cost_w > 0:
                self.rect(x0, y, cost_w, bar_h, style="F")
            self.set_fill_color(*RED)
            if lost_w > 0:
                self.rect(x0 + cost_w, y, lost_w, bar_h, style="F")
            self.set_xy(x0 + cost_w + lost_w + 1.5, y)
            self.font(SMALL_PT, o.recommended, DARK)
            self.cell(value_w, bar_h, self.clean(self.money(o.shown_total)), align="L")
            y += bar_h + gap
        # legend
        self.set_y(bottom + 5)
        self.font(SMALL_PT, False, DARK)
        x = x0
        for colour, text in ((GREEN, self.t("costs.cost")), (RED, self.t("costs.lost_revenue"))):
            self.set_fill_color(*colour)
            self.rect(x, self.get_y() + 0.8, 3, 3, style="F")
            self.set_xy(x + 4, self.get_y())
            label = self.clean(text)
            self.cell(self.get_string_width(label) + 2, 4.6, label)
            x += self.get_string_width(label) + 10
        self.ln(7)

    def service_section(self) -> None:
        plan, lang = self.plan, self.lang
        channels = summary.channel_rows(plan, lang)
        self.heading(self.t("pdf.service"), need=30 + 8 * len(channels))
        header = [self.t("proposal.col_channel"), self.t("pdf.col_contacts_week"), self.t("pdf.col_service"),
                  self.t("pdf.col_target"), self.t("staffing.abandon"), self.t("staffing.asa"),
                  self.t("pdf.col_missed_closed")]
        rows = []
        for c in channels:
            mark = "" if c.target_met else " !"
            rows.append([c.name, fmt.number(c.contacts_per_week, lang),
                         fmt.percent(c.service_level, lang, 1) + mark, summary.target_text(c, lang),
                         fmt.MISSING if c.p_abandon is None else fmt.percent(c.p_abandon, lang, 1),
                         summary.wait_text(c.asa_s, c.deferred, lang), fmt.number(c.missed_closed_per_week, lang)])
        self.grid(header, rows, ["LEFT"] + ["RIGHT"] * 6)
        notes = [self.t("pdf.service_note")]
        if any(not c.target_met for c in channels):
            notes.append(self.t("pdf.service_missed"))
        unanswered = [f"{c.name} {fmt.percent(c.p_unanswered, lang, 1)}" for c in channels
                      if (c.p_unanswered or 0) >= summary.UNANSWERED_SAID]
        if unanswered:
            notes.append(self.t("pdf.service_unanswered", channels=", ".join(unanswered)))
        self.paragraph(" ".join(notes), size=SMALL_PT, colour=GREY)

    def roster_section(self) -> None:
        plan, lang = self.plan, self.lang
        facts = summary.roster_facts(plan)
        self.heading(self.t("pdf.roster"), need=50)
        tiles = [(self.t("pdf.peak_staff"), fmt.number(facts.peak_required_staff, lang)),
                 (self.t("roster.agents"), fmt.number(facts.agents, lang)),
                 (self.t("roster.shifts"), fmt.number(facts.shifts, lang)),
                 (self.t("roster.paid_hours"), fmt.number(facts.paid_h_per_week, lang, 1))]
        gap = 3.0
        tile_w = (self.width - gap * (len(tiles) - 1)) / len(tiles)
        top = self.get_y()
        for i, (label, value) in enumerate(tiles):
            x = self.l_margin + i * (tile_w + gap)
            self.set_fill_color(*LIGHT_GREEN)
            self.rect(x, top, tile_w, 17, style="F")
            self.set_xy(x + 2.5, top + 2)
            self.font(15, True, GREEN)
            self.cell(tile_w - 5, 7, self.clean(value))
            self.set_xy(x + 2.5, top + 10)
            self.font(SMALL_PT - 0.5, False, DARK)
            self.cell(tile_w - 5, 4, self.clean(_fit_text(self, label, tile_w - 5)))
        self.set_y(top + 20)
        self.paragraph(summary.solver_text(facts, lang))
        self.paragraph(self.t("pdf.roster_note", shrinkage=fmt.percent(plan.scenario.workforce.shrinkage, lang)),
                       size=SMALL_PT, colour=GREY)

    def assumptions_section(self) -> None:
        plan, lang = self.plan, self.lang
        facts = summary.assumptions(plan, lang)
        channels = [f for f in facts if f.group == "channel"]
        first = self.side_by_side_tables(self.t("pdf.assumptions_channels"), channels)[:1]
        need = 20 + sum(self.table_height(header, rows, widths, SMALL_PT, 0.9) for _t, header, rows, widths in first)
        self.heading(self.t("pdf.assumptions"), need=min(need, 120))
        self.side_by_side(self.t("pdf.assumptions_channels"), channels)
        general = [f for f in facts if not f.group]
        for section in dict.fromkeys(f.section for f in general):  # a short table per section
            rows = [[f.label, self.fact(f)] for f in general if f.section == section]
            self.grid([section, ""], rows, ["LEFT", "LEFT"], widths=[62, self.width - 62], size=SMALL_PT,
                      padding=0.9)
        self.side_by_side(self.t("pdf.assumptions_offers"), [f for f in facts if f.group == "offer"])
        self.paragraph(self.t("pdf.estimates_note"), size=SMALL_PT, colour=GREY)

    def fact(self, fact) -> str:
        return summary.fact_shown(fact, self.lang, self.currency)

    def side_by_side_tables(self, title: str, facts, per_table: int = 3) -> list[tuple]:
        """Facts of several channels (or offers) as tables of a row per input and a column per owner:
        (title, header, rows, widths) each."""
        owners = list(dict.fromkeys(f.owner for f in facts))
        tables = []
        for start in range(0, len(owners), per_table):
            chunk = owners[start:start + per_table]
            _, rows = summary.side_by_side([f for f in facts if f.owner in chunk], self.lang, self.currency)
            label_w = 62.0
            rest = (self.width - label_w) / len(chunk)
            tables.append((title, [""] + chunk, rows, [label_w] + [rest] * len(chunk)))
        return tables

    def side_by_side(self, title: str, facts) -> None:
        for name, header, rows, widths in self.side_by_side_tables(title, facts):
            self.grid(header, rows, ["LEFT"] * len(header), widths=widths, size=SMALL_PT, padding=0.9, title=name)

    def break_even_section(self, results) -> None:
        plan, lang = self.plan, self.lang
        rows = summary.break_even_rows(plan, results, lang)
        if not rows:
            return
        self.heading(self.t("pdf.break_even"), need=40 + 8 * len(rows))
        self.paragraph(self.t("pdf.break_even_intro"), size=SMALL_PT + 0.5)
        self.grid([self.t("pdf.col_offer"), self.t("pdf.col_be_volume"), self.t("pdf.col_be_wage")],
                  [[r.offer, r.volume_text, r.wage_text] for r in rows], ["LEFT", "LEFT", "LEFT"])
        self.paragraph(self.t("pdf.break_even_note", basis=summary.calibration_words(self.plan, self.lang)), size=SMALL_PT,
                       colour=GREY)

    def sensitivity_section(self, results) -> None:
        """The total of each option (a column) at each change (a row). The type is as large as lets
        every word stand whole, so headers wrap only at spaces; a row's value never wraps."""
        plan, lang = self.plan, self.lang
        table = summary.sensitivity_table(plan, results, lang)
        if table is None:
            return
        header = [self.t("pdf.col_change"), self.t("pdf.col_value")] + list(table.names)
        rows, best = [], []
        for label, shown, row in summary.sensitivity_lines(plan, table, lang):
            totals = row[3]
            rows.append([label, shown.replace(" ", fmt.NBSP)] + [self.money(totals.get(o, math.nan))
                                                                 for o in table.options])
            best.append(2 + table.options.index(table.cheapest(row)))
        size = self.fitting_size(header, rows)
        widths = self.column_widths(header, rows, size)
        height = self.table_height(header, rows, widths, size, 1.0)
        self.heading(self.t("pdf.sensitivity"), need=min(height + 35, self.page_break_trigger - 40))
        self.paragraph(summary.sensitivity_text(plan, table, lang))
        self.grid(header, rows, ["LEFT", "LEFT"] + ["RIGHT"] * len(table.options), widths=widths, bold_cells=best,
                  size=size, padding=1.0)
        self.paragraph(self.t("pdf.sensitivity_note", basis=summary.calibration_words(self.plan, self.lang)),
                       size=SMALL_PT, colour=GREY)


def _nice_step(raw: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) at least ``raw``.

    >>> _nice_step(23_000), _nice_step(4_100), _nice_step(17_000)
    (25000.0, 5000.0, 20000.0)
    """
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)


def _fit_text(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` mm in the current font."""
    if pdf.get_string_width(pdf.clean(text)) <= width:
        return text
    while text and pdf.get_string_width(pdf.clean(text + "…")) > width:
        text = text[:-1]
    return text.rstrip() + "…"
