"""The snapshot as a PDF (fpdf2, bundled DejaVu font): real text, page numbers, the period on
top of every page; right-to-left paragraphs shaped, characters outside the font boxed."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from dashboard.snapshot import page_one, text
from dashboard.snapshot.drawing import (
    FONT_FAMILY,
    FONT_FILES,
    MISSING,
    MM_PER_PT,
    font_chars,
    needs_shaping,
    wrap,
)
from dashboard.snapshot.model import ChartImage, Report

FONT_REGULAR = FONT_FILES[False]
FONT_BOLD = FONT_FILES[True]
# What stands in, in the PDF, for a character the bundled font cannot draw (an emoji, say).
REPLACEMENT = MISSING
# The PDF's stand-in for its page count. fpdf2 replaces it in every piece of text, so it is made
# of control characters, which `pdf_text` strips from user text: a note cannot contain it (the
# default "{nb}" could be typed). Three characters leave room for up to 999 pages.
PAGE_COUNT_ALIAS = "\x01N\x01"
LABEL_WIDTH = 48
TABLE_COLUMN = 30
SHRINK_TO = 0.6


def pdf_text(value: str) -> str:
    """Text the bundled font can draw: unknown characters (emoji…) become a small box.

    Invisible joiners and variation selectors that glue an emoji together are dropped, so one
    emoji gives one box; other control characters are dropped too.
    """
    chars = font_chars()
    out = []
    for ch in unicodedata.normalize("NFC", value):
        if ch in "\n":
            out.append(ch)
        elif ch == "\t":
            out.append("    ")
        elif unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        elif ord(ch) in chars:
            out.append(ch)
        elif unicodedata.category(ch) == "Mn":
            continue  # a combining mark with no glyph: the base letter alone reads fine
        elif not out or out[-1] != REPLACEMENT:
            out.append(REPLACEMENT)
    return "".join(out)


class _Layout:
    """The snapshot's page furniture and text blocks, mixed into fpdf2's FPDF on first use.

    Positions are given by name ("LMARGIN", "NEXT"…), which fpdf2 reads as its XPos/YPos.
    """

    period = ""

    def multi_cell(
        self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any
    ) -> Any:
        # Hebrew and Arabic need the shaping engine (right-to-left order, joined letters);
        # it is switched on for those paragraphs only, as it doubles the time of the rest.
        shape = needs_shaping(text)
        if shape:
            self.set_text_shaping(True)
        try:
            return super().multi_cell(w, h, text, *args, **kwargs)
        finally:
            if shape:
                self.set_text_shaping(False)

    def header(self) -> None:
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, pdf_text(f"Tideline snapshot · {self.period}"), align="L")
        self.ln(8)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"Page {self.page_no()} of {PAGE_COUNT_ALIAS}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, value: str, size: int = 13) -> None:
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, pdf_text(value), new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(2)

    def para(
        self,
        value: str,
        size: float = 10,
        height: float = 5.2,
        style: str = "",
        align: str = "L",
    ) -> None:
        self.set_font(FONT_FAMILY, style, size)
        drawn = pdf_text(value)
        if align != "L" or needs_shaping(drawn):
            self.multi_cell(0, height, drawn, new_x="LMARGIN", new_y="NEXT", align=align)
            return
        # A left-aligned paragraph is broken into lines here, with the font's widths, and each
        # line set as one cell: fpdf2's multi_cell measures a line again for every character
        # it adds, which was half of a long snapshot's layout time. The lines are the same:
        # the same widths, the same room (the cell's margins off both sides).
        x = self.get_x()
        width = self.w - self.r_margin - x
        room = (width - 2 * self.c_margin) / MM_PER_PT
        for line in wrap(drawn, size, room, bold=style == "B"):
            self.set_x(x)
            self.cell(width, height, line, new_x="LMARGIN", new_y="NEXT", align="L")

    def indented(self, value: str, size: float = 9.5, height: float = 4.8) -> None:
        self.set_x(self.l_margin + 12)
        self.para(value, size, height, align="J")

    def row(
        self,
        label: str,
        value: str,
        size: float = 10,
        height: float = 5.6,
        width: float = LABEL_WIDTH,
    ) -> None:
        """A summary row: the label in bold on the left, its value beside it."""
        top = self.get_y()
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(width, height, pdf_text(label), new_x="RIGHT", new_y="TOP", align="L")
        self.para(value, size, height)
        self.set_y(max(self.get_y(), top + height) + height * 0.2)

    def table(self, rows: tuple[tuple[str, ...], ...], size: float = 9) -> None:
        """A small table: the first row the header in bold, the first column wider."""
        first = self.epw - (len(rows[0]) - 1) * TABLE_COLUMN
        for i, cells in enumerate(rows):
            self.set_font(FONT_FAMILY, "B" if i == 0 else "", size)
            for j, cell in enumerate(cells):
                self.cell(first if j == 0 else TABLE_COLUMN, 4.8, pdf_text(cell), align="L")
            self.ln(4.8)

    def ensure(self, space: float) -> None:
        if self.get_y() + space > self.page_break_trigger:
            self.add_page()


@functools.cache
def _pdf_class() -> type:
    """The FPDF subclass of the snapshot, built on first use (fpdf2 loads lazily)."""
    from fpdf import FPDF

    return type("SnapshotPDF", (_Layout, FPDF), {})


def _make_pdf(report: Report) -> Any:
    pdf = _pdf_class()(format="A4", unit="mm")
    pdf.period = report.period
    pdf.alias_nb_pages(PAGE_COUNT_ALIAS)
    pdf.set_title(pdf_text(f"Tideline snapshot, {report.period}"))
    pdf.set_creator("Tideline")
    pdf.add_font(FONT_FAMILY, "", str(FONT_REGULAR))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_BOLD))
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def _first_page(pdf: Any, report: Report) -> None:
    """Page 1: the summary (and the topics when they fit)."""
    pdf.add_page()
    pdf.heading(text.TITLE, 18)
    pdf.para(text.made_on(report), 10)
    pdf.ln(3)
    if report.empty:
        pdf.heading(text.EMPTY_TITLE, 12)
        pdf.para(text.EMPTY_TEXT)
        pdf.ln(3)
    pdf.heading("Summary")
    for row in report.summary:
        pdf.row(row.label, row.value)
    if not report.empty:
        for block in page_one.blocks(report.figures):
            _block(pdf, block)
    if report.wants("topics"):
        pdf.ln(4)
        pdf.heading(text.TOPICS_TITLE)
        pdf.para(report.topics or text.NO_TOPICS)
    if report.situation is not None:
        pdf.ln(4)
        pdf.heading(text.SITUATION_TITLE)
        for line in text.situation_lines(report.situation):
            pdf.para(line, 9.5, 4.8)


def _block(pdf: Any, block: page_one.Block) -> None:
    """A block of page one beside the summary, set small so that page one holds them."""
    pdf.ln(2)
    pdf.heading(block.title, 11)
    if block.intro:
        pdf.para(block.intro, 9, 4.6)
    for row in block.rows:
        # The longest label ("Longest run of hard days") needs a little more room than 48 mm.
        pdf.row(row.label, row.value, 9, 4.8, LABEL_WIDTH + 4)
    if block.table:
        pdf.table(block.table)
    for line in block.lines:
        pdf.para(line, 9, 4.6)


def _chart(pdf: Any, chart: ChartImage) -> None:
    pdf.ensure(20)
    if chart.drawing is None:
        # A drawing carries its own title; a chart with nothing to draw needs one here.
        pdf.heading(chart.title, 12)
    else:
        px_w, px_h = chart.drawing.width, chart.drawing.height
        w = pdf.epw
        h = w * px_h / px_w
        # A tall chart is shrunk so that it and its caption fit on one page.
        max_h = pdf.page_break_trigger - pdf.t_margin - 30
        if h > max_h:
            w, h = w * max_h / h, max_h
        # A chart a little too tall for the rest of the page is drawn smaller there, rather
        # than leave half a page empty (down to SHRINK_TO of its size).
        room = pdf.page_break_trigger - pdf.get_y() - 14
        if room < h and room >= h * SHRINK_TO:
            w, h = w * room / h, room
        pdf.ensure(h + 14)
        top = pdf.get_y()
        chart.drawing.to_pdf(pdf, pdf.l_margin, top, w, pdf_text)
        pdf.set_xy(pdf.l_margin, top + h)
        pdf.ln(2)
    pdf.para(chart.caption, 9.5, 4.8)
    pdf.ln(5)


def _milestones(pdf: Any, report: Report) -> None:
    pdf.ensure(30)
    pdf.heading(text.MILESTONES_TITLE, 13)
    if not report.milestones:
        pdf.para(text.NO_MILESTONES)
    if more := text.milestones_left_out(report):
        pdf.para(more, 9.5, 4.8)
        pdf.ln(1)
    for ms in text.listed_milestones(report):
        pdf.para(text.milestone_text(ms))
        if ms.note:
            pdf.para(text.milestone_note(ms), 9.5, 4.8)
    pdf.ln(4)


def _key_days(pdf: Any, report: Report) -> None:
    pdf.ensure(30)
    pdf.heading(text.KEY_DAYS_TITLE, 13)
    pdf.para(text.key_days_intro(report), 9.5, 4.8)
    pdf.ln(2)
    for day in report.key_days:
        pdf.ensure(16)
        pdf.para(text.key_day_title(day), 10.5, 5.6, style="B", align="J")
        for entry in day.entries:
            pdf.para(text.entry_text(entry), 9.5, 4.8)
            if entry.note:
                pdf.indented(text.entry_note(entry))
        if day.more_entries:
            pdf.para(text.more_entries_text(day), 9, 4.6)
        pdf.ln(3)


def render_pdf(report: Report) -> bytes:
    """The report as a PDF: real text in the bundled font, page numbers, the period on top."""
    pdf = _make_pdf(report)
    _first_page(pdf, report)
    charts = [c for c in report.charts if c.key in report.sections]
    if charts:
        # The charts start on a page of their own, unless page one ran over onto it already.
        if pdf.page_no() == 1:
            pdf.add_page()
        else:
            pdf.ln(4)
            pdf.ensure(60)
        pdf.heading("Charts", 15)
    for chart in charts:
        _chart(pdf, chart)
    if report.wants("milestones") and not report.empty:
        _milestones(pdf, report)
    if report.wants("key_days") and not report.empty:
        _key_days(pdf, report)
    pdf.ensure(40)
    pdf.ln(2)
    pdf.heading(text.DEFINITIONS_TITLE, 12)
    for line in report.definitions:
        pdf.para(f"• {line}", 9, 4.6)
    return bytes(pdf.output())
