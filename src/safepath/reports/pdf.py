"""A programme report as a PDF (WeasyPrint), in the active language, with Vietnamese number formats.

The document uses the case file's renderer (`safepath.cases.pdf.render_pdf`): the same bundled Be
Vietnam Pro fonts, page counter and URL fetcher that serves only static files, so nothing is fetched
from the network. Each indicator has a small horizontal bar chart drawn here as inline SVG; a hidden
cell gets no bar and the mark "x", so a chart never shows what its table hides.
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from safepath.cases.pdf import FONT_STACK, render_pdf
from safepath.reports.documents import Block, ReportData, Table
from safepath.reports.publish import HIDDEN_MARK

TEMPLATE: Final = "reports/pdf/report.html"
CHART_ROWS: Final = 14  # more categories than this: the chart shows the first ones, the table all
ROW_HEIGHT: Final = 17
LABEL_WIDTH: Final = 180
BAR_WIDTH: Final = 330
VALUE_WIDTH: Final = 80
MAX_LABEL: Final = 30


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart_svg(table: Table, unit: str, *, title: str = "") -> SafeString:
    """A horizontal bar chart of one breakdown table as inline SVG (escaped labels, hidden cells empty)."""
    rows = table.rows[:CHART_ROWS]
    visible = [r.figure.value for r in rows if not r.figure.hidden and r.figure.value is not None]
    top = max([v for v in visible if v > 0], default=0.0)
    if unit == "percent":
        top = max(top, 100.0)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * max(1, len(rows)) + 4
    label = title or _("Bar chart of the table below")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        # Presentation attributes, not CSS: WeasyPrint's SVG renderer does not take the page's styles.
        f'<g font-family=\'{FONT_STACK}\' font-size="9.5" fill="#222">',
    ]
    for i, row in enumerate(rows):
        y = 2 + i * ROW_HEIGHT
        text_y = y + ROW_HEIGHT - 5
        parts.append(f'<text x="{LABEL_WIDTH - 4}" y="{text_y}" text-anchor="end">{escape(_short(row.label))}</text>')
        figure = row.figure
        if figure.hidden:
            parts.append(f'<text x="{LABEL_WIDTH + 2}" y="{text_y}" font-weight="700" fill="#555">{HIDDEN_MARK}</text>')
            continue
        value = figure.value or 0.0
        length = (BAR_WIDTH - 4) * (value / top) if top > 0 and value > 0 else 0.0
        if length > 0:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW_HEIGHT - 4}" fill="#2f5d8a"/>'
            )
        parts.append(f'<text x="{LABEL_WIDTH + length + 3:.1f}" y="{text_y}">{escape(row.text)}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from numbers and escaped labels only


def _chart(block: Block) -> SafeString | None:
    table = block.chart_table
    if table is None or not table.rows:
        return None
    title = _("%(indicator)s, by %(dimension)s: bar chart; the same figures are in the table below.") % {
        "indicator": block.name,
        "dimension": table.dim_label.lower(),
    }
    return bar_chart_svg(table, block.unit, title=title)


def context(data: ReportData) -> dict[str, Any]:
    return {
        "data": data,
        "report": data.report,
        "items": [{"block": b, "chart": _chart(b)} for b in data.blocks],
        "hidden_mark": HIDDEN_MARK,
    }


def render_report_pdf(data: ReportData) -> bytes:
    """The PDF's bytes."""
    return render_pdf(TEMPLATE, context(data))
