"""The snapshot as one self-contained HTML file: inline style, images as data: URIs, no script,
nothing loaded from any network; every piece of user text goes through `html.escape`."""

from __future__ import annotations

import base64
import html

from dashboard.snapshot import page_one, text
from dashboard.snapshot.model import ChartImage, Report

STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
header p { color: #555; margin-top: 0; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: 0.3rem; }
table.summary { border-collapse: collapse; width: 100%; }
table.summary th { text-align: left; vertical-align: top; width: 12rem; padding: 0.3rem 0.6rem
                   0.3rem 0; }
table.summary td { padding: 0.3rem 0; }
table.summary tr { border-bottom: 1px solid #eee; }
table.periods { border-collapse: collapse; }
table.periods th, table.periods td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; }
figure { margin: 1rem 0 1.5rem; }
figure img { max-width: 100%; height: auto; }
figcaption, .small { color: #444; font-size: 0.92rem; }
.notice { background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; }
.topics { white-space: pre-wrap; background: #fafafa; padding: 0.6rem 0.9rem; }
blockquote { margin: 0.2rem 0 0.4rem 1.5rem; color: #333; white-space: pre-wrap; }
ul.entries { list-style: none; padding-left: 0.5rem; margin-top: 0.2rem; }
footer { margin-top: 2.5rem; border-top: 1px solid #ccc; font-size: 0.9rem; color: #444; }
@media print { h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""
# Nothing may load or run: no network, no script, only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _quote(value: str) -> str:
    # dir="auto": a note typed in Hebrew or Arabic reads right to left.
    return f'<blockquote dir="auto">{_e(value)}</blockquote>'


def _head(report: Report) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e('Tideline snapshot, ' + report.period)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(text.TITLE)}</h1>",
        f"<p>{_e(text.made_on(report))}</p>",
        "</header>",
    ]


def _summary(report: Report) -> list[str]:
    out = []
    if report.empty:
        out.append(
            f'<p class="notice"><strong>{_e(text.EMPTY_TITLE)}.</strong> {_e(text.EMPTY_TEXT)}</p>'
        )
    out += ['<section id="summary">', "<h2>Summary</h2>", '<table class="summary">']
    out += [f"<tr><th>{_e(r.label)}</th><td>{_e(r.value)}</td></tr>" for r in report.summary]
    out.append("</table>")
    if not report.empty:
        for block in page_one.blocks(report.figures):
            out += _block(block)
    out.append("</section>")
    return out


def _block(block: page_one.Block) -> list[str]:
    """A block of page one beside the summary: title, opening line, rows, table and lines."""
    out = [f"<h3>{_e(block.title)}</h3>"]
    if block.intro:
        out.append(f"<p>{_e(block.intro)}</p>")
    if block.rows:
        out.append('<table class="summary">')
        out += [f"<tr><th>{_e(r.label)}</th><td>{_e(r.value)}</td></tr>" for r in block.rows]
        out.append("</table>")
    if block.table:
        head, *body = block.table
        out.append('<table class="periods">')
        out.append("<tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in head) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in body]
        out.append("</table>")
    if block.lines:
        out += ["<ul>", *(f"<li>{_e(line)}</li>" for line in block.lines), "</ul>"]
    return out


def _topics(report: Report) -> list[str]:
    out = ['<section id="topics">', f"<h2>{_e(text.TOPICS_TITLE)}</h2>"]
    if report.topics:
        # dir="auto": a paragraph typed in Hebrew or Arabic reads right to left.
        out.append(f'<div class="topics" dir="auto">{_e(report.topics)}</div>')
    else:
        out.append(f"<p>{_e(text.NO_TOPICS)}</p>")
    return [*out, "</section>"]


def _situation(report: Report) -> list[str]:
    """The intent and red flags, only when the person chose to include them."""
    if report.situation is None:
        return []
    first, *rest = text.situation_lines(report.situation)
    out = [
        '<section id="situation">',
        f"<h2>{_e(text.SITUATION_TITLE)}</h2>",
        f"<p>{_e(first)}</p>",
    ]
    flags = [line.removeprefix("• ") for line in rest if line.startswith("• ")]
    out += [f"<p>{_e(line)}</p>" for line in rest if not line.startswith("• ")]
    if flags:
        out += ["<ul>", *(f"<li>{_e(flag)}</li>" for flag in flags), "</ul>"]
    return [*out, "</section>"]


def _figure(chart: ChartImage) -> list[str]:
    out = [f'<figure id="chart-{_e(chart.key)}">']
    if chart.drawing is None:
        out.append(f"<h3>{_e(chart.title)}</h3>")
    else:
        # An SVG in an <img> runs no script and loads nothing, as a PNG would.
        data = base64.b64encode(chart.drawing.svg().encode("utf-8")).decode("ascii")
        out.append(f'<img alt="{_e(chart.alt)}" src="data:image/svg+xml;base64,{data}">')
    return [*out, f"<figcaption>{_e(chart.caption)}</figcaption>", "</figure>"]


def _milestones(report: Report) -> list[str]:
    out = ['<section id="milestones">', f"<h2>{_e(text.MILESTONES_TITLE)}</h2>"]
    if not report.milestones:
        out.append(f"<p>{_e(text.NO_MILESTONES)}</p>")
    else:
        if more := text.milestones_left_out(report):
            out.append(f"<p>{_e(more)}</p>")
        out.append("<ul>")
        for ms in text.listed_milestones(report):
            note = _quote(ms.note) if ms.note else ""
            out.append(f"<li>{_e(text.milestone_text(ms))}{note}</li>")
        out.append("</ul>")
    return [*out, "</section>"]


def _key_days(report: Report) -> list[str]:
    out = [
        '<section id="key-days">',
        f"<h2>{_e(text.KEY_DAYS_TITLE)}</h2>",
        f'<p class="small">{_e(text.key_days_intro(report))}</p>',
    ]
    for day in report.key_days:
        out += [f"<h3>{_e(text.key_day_title(day))}</h3>", '<ul class="entries">']
        for entry in day.entries:
            note = _quote(entry.note) if entry.note else ""
            out.append(f"<li>{_e(text.entry_text(entry))}{note}</li>")
        if day.more_entries:
            out.append(f"<li>{_e(text.more_entries_text(day))}</li>")
        out.append("</ul>")
    return [*out, "</section>"]


def render_html(report: Report) -> str:
    """The report as one self-contained HTML file: inline style, images as data: URIs, no script.

    Every piece of user text goes through `html.escape`.
    """
    out = _head(report) + _summary(report)
    if report.wants("topics"):
        out += _topics(report)
    out += _situation(report)
    charts = [c for c in report.charts if c.key in report.sections]
    if charts:
        out += ['<section id="charts">', "<h2>Charts</h2>"]
        for chart in charts:
            out += _figure(chart)
        out.append("</section>")
    if report.wants("milestones") and not report.empty:
        out += _milestones(report)
    if report.wants("key_days") and not report.empty:
        out += _key_days(report)
    out += ["<footer>", f"<h2>{_e(text.DEFINITIONS_TITLE)}</h2>", "<ul>"]
    out += [f"<li>{_e(line)}</li>" for line in report.definitions]
    out += ["</ul>", "</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
