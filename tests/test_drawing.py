"""The snapshot's drawings (snapshot/drawing.py) and their furniture (snapshot/plots/common.py):
words measured with the bundled font, shapes written as SVG and into a real PDF whose text
pypdf reads back, scales and ticks worked out by hand."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree

from pypdf import PdfReader

from dashboard.snapshot import drawing
from dashboard.snapshot.drawing import Drawing, fit_text, text_width, wrap
from dashboard.snapshot.pdf import pdf_text
from dashboard.snapshot.plots import common

SVG = "{http://www.w3.org/2000/svg}"


def test_words_are_measured_with_the_fonts_own_widths() -> None:
    # DejaVu Sans has 2048 units to the em; its "l" is 569 units wide, its bold "l" 702.
    assert drawing.metrics(False).units == 2048
    assert abs(text_width("l", 2048) - 569) < 1e-9
    assert abs(text_width("l", 2048, bold=True) - 702) < 1e-9
    # Widths add up and scale with the size.
    assert abs(text_width("ll", 10) - 2 * text_width("l", 10)) < 1e-9
    assert abs(text_width("l", 20) - 2 * text_width("l", 10)) < 1e-9
    # A character the font lacks is as wide as the box that stands in for it.
    assert text_width("字", 12) == text_width(drawing.MISSING, 12)


def test_long_words_are_cut_and_wrapped_within_the_width() -> None:
    short = "loneliness"
    assert fit_text(short, 11, 500) == short
    cut = fit_text("a trigger with a very long name indeed", 11, 80)
    assert cut.endswith("…") and text_width(cut, 11) <= 80
    lines = wrap("one two three four five six seven eight", 12, 70)
    assert len(lines) > 1 and all(text_width(line, 12) <= 70 for line in lines)
    assert " ".join(lines) == "one two three four five six seven eight"
    # Newlines break where they stand (an empty line stays); nothing is one empty line.
    assert wrap("first\n\nthird", 12, 500) == ["first", "", "third"]
    assert wrap("", 12, 500) == [""]
    # A word wider than the line goes on across lines, not a letter lost (a pasted link, say).
    # Each "l" is 569/2048 of 10 px, so 20 px hold 7 of them (19.4 px) and not 8 (22.2 px).
    assert wrap("l" * 20, 10, 20) == ["l" * 7, "l" * 7, "l" * 6]
    assert wrap("ab " + "l" * 10, 10, 20) == ["ab", "l" * 7, "l" * 3]


def test_the_svg_holds_every_shape_and_escapes_the_words() -> None:
    d = Drawing(200, 100, description='Mood & "urges"')
    d.rect(0, 0, 10, 10, fill="#009E73", stroke="#000000", dash=(3, 3))
    d.line(0, 0, 10, 10, stroke="#000000", opacity=0.5)
    d.polyline([(0, 0), (5, 5), (10, 0)], stroke="#0072B2", stroke_width=3)
    d.polyline([(1, 1)], stroke="#0072B2")  # one point draws nothing
    d.polygon([(0, 0), (5, 5), (10, 0)], fill="#D55E00")
    d.circle(5, 5, 3, fill="#56B4E9", opacity=0.7)
    d.text(5, 20, "<script>alert(1)</script>", angle=-90, anchor="middle")
    root = ElementTree.fromstring(d.svg())
    tags = [el.tag.removeprefix(SVG) for el in root]
    # The description, a white background, then the shapes in the order drawn.
    assert tags == ["title", "rect", "rect", "line", "polyline", "polygon", "circle", "text"]
    assert root.find(f"{SVG}title").text == 'Mood & "urges"'
    text = root.find(f"{SVG}text")
    assert text.text == "<script>alert(1)</script>"
    assert text.get("transform") == "rotate(-90 5 20)" and text.get("text-anchor") == "middle"
    assert root.findall(f"{SVG}rect")[1].get("stroke-dasharray") == "3 3"
    assert root.find(f"{SVG}circle").get("opacity") == "0.7"
    assert "<script" not in d.svg()


def test_the_pdf_draws_the_words_as_real_text() -> None:
    from fpdf import FPDF

    d = Drawing(560, 100)
    d.text(0, 20, "Mood over time", bold=True, size=13)
    d.text(280, 60, "Hour of the night", anchor="middle")
    d.text(20, 90, "Trigger", angle=-90)
    d.text(100, 90, "sad 字")  # a character the font lacks becomes its box
    d.text(300, 90, "בדידות", anchor="end")  # "loneliness" in Hebrew: read right to left
    d.circle(10, 10, 3, fill="#56B4E9", opacity=0.7)
    d.rect(0, 0, 5, 5, fill="#009E73")
    doc = FPDF(format="A4", unit="mm")
    doc.add_font(drawing.FONT_FAMILY, "", str(drawing.FONT_FILES[False]))
    doc.add_font(drawing.FONT_FAMILY, "B", str(drawing.FONT_FILES[True]))
    doc.add_page()
    height = d.to_pdf(doc, 18, 20, 174, pdf_text)
    # 100 chart pixels at 174 mm for 560.
    assert abs(height - 100 * 174 / 560) < 1e-9
    words = PdfReader(io.BytesIO(bytes(doc.output()))).pages[0].extract_text()
    for expected in ("Mood over time", "Hour of the night", "Trigger", "sad □"):
        assert expected in words
    # The Hebrew word is shaped: its letters in reading order, not reversed as typed order
    # drawn left to right would give ("תודידב").
    assert "בדידות" in words and "תודידב" not in words
    # Drawing a chart starts no page, and the document's page breaks are as they were.
    assert doc.page == 1 and doc.auto_page_break


def test_a_linear_scale_and_its_round_ticks() -> None:
    mood = common.Linear(1, 10, 280, 0)  # 1 at the bottom, 10 at the top
    assert mood(1) == 280 and mood(10) == 0 and mood(5.5) == 140
    assert common.Linear(3, 3, 0, 100)(3) == 50  # one value sits in the middle
    assert common.nice_ticks(0, 57, 5) == [0, 20, 40]  # 57/5 = 11.4 -> steps of 20
    assert common.nice_ticks(1, 10, 5) == [2, 4, 6, 8, 10]  # 9/5 = 1.8 -> steps of 2
    assert common.nice_ticks(0, 1, 4) == [0, 0.5, 1]  # 0.25 -> steps of 0.5
    assert (
        common.number(3.0) == "3" and common.number(2.5) == "2.5" and common.number(1200) == "1,200"
    )


def test_time_ticks_name_days_months_or_years_as_the_span_asks() -> None:
    week = common.Days(dt.date(2026, 11, 25), dt.date(2026, 12, 1), 0, 560)
    assert week.day_width == 80
    assert week(dt.date(2026, 11, 26)) == 80 and week.centre(dt.date(2026, 11, 25)) == 40
    # 560 px hold 9 labels: all seven days are named.
    assert [label for _, label in week.ticks()] == [
        "25 Nov", "26 Nov", "27 Nov", "28 Nov", "29 Nov", "30 Nov", "1 Dec",
    ]  # fmt: skip
    # A year from 1 Dec 2025: 13 month starts in 8 labels' room, so every second month from
    # January (Jan, Mar, …), the year on January.
    year = common.Days(dt.date(2025, 12, 1), dt.date(2026, 12, 1), 50, 530)
    assert [label for _, label in year.ticks()] == ["Jan 2026", "Mar", "May", "Jul", "Sep", "Nov"]
    # Ten years: the Januaries, every second year to fit 8 labels.
    ten = common.Days(dt.date(2016, 12, 1), dt.date(2026, 12, 1), 50, 530)
    assert [label for _, label in ten.ticks()] == ["2018", "2020", "2022", "2024", "2026"]


def test_a_legend_wraps_its_keys_within_the_width() -> None:
    d = Drawing(200)
    keys = [common.Key(f"state number {i}", "#009E73") for i in range(4)]
    bottom = common.legend(d, 0, keys, heading="Day")
    texts = [op for op in d.ops if op[0] == "text"]
    assert [t[3] for t in texts] == ["Day", *(k.label for k in keys)]
    rows = sorted({round(t[2]) for t in texts[1:]})
    assert len(rows) >= 2  # four keys of ~80 px do not fit one 200 px row
    assert bottom > rows[-1]
    assert all(op[1] + op[3] <= 200 for op in d.ops if op[0] == "rect")


def test_a_gradient_mixes_its_neighbouring_colours() -> None:
    assert common.gradient(["#000000", "#ffffff"], 0) == "#000000"
    assert common.gradient(["#000000", "#ffffff"], 1) == "#ffffff"
    assert common.gradient(["#000000", "#ffffff"], 0.5) == "#808080"  # 127.5 rounds to 128
    assert common.gradient(["#ff0000", "#00ff00", "#0000ff"], 0.75) == "#008080"
