"""What a programme report says, computed once and rendered twice (Excel: `xlsx.py`, PDF: `pdf.py`).

``build(report)`` computes, in the active language (the caller sets the report's own), every
indicator of the report's programmes for its period through `selectors.figure_for_release`, so every
figure is published with small cells suppressed (primary and secondary, per table):

* the total, the previous period of the same kind, the change, and the programme's target with
  whether it has been checked (verified) against the decision's text;
* breakdown tables by the indicator's main disaggregations (sex, age, province, channel or topic or
  whatever it has; the agency when the report counts several agencies; the month when the period
  spans several months), each with its total and what suppression did in it.

A total is shown hidden wherever any of the indicator's tables hid it, so no table's protection is
undone by another. Nothing here reads a person: only published aggregates go into the documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from safepath.reports import indicators as ind
from safepath.reports import selectors
from safepath.reports.compute import MONTH, Filters
from safepath.reports.periods import Period
from safepath.reports.publish import HIDDEN_MARK, HIDDEN_TEXT, Figure, Published, format_value
from safepath.reports.sources import get_source
from safepath.reports.suppression import SuppressionReport, default_threshold

# The breakdowns a report shows, in this order of preference, at most MAX_BREAKDOWNS of them (plus
# the agency and the month where they apply). The indicator file lists more for the dashboards.
MAIN_DIMENSIONS: Final = (
    "sex",
    "age_band",
    "age_group",
    "province",
    "channel",
    "topic",
    "kind",
    "outcome",
    "service_type",
    "facility",
    "event_kind",
    "case_type",
    "exploitation",
    "closure_reason",
    "destination_after",
    "status",
    "urgency",
    "month_offset",
    "lang",
    "page",
    "destination",
    "legal_status",
    "migration_stage",
)
MAX_BREAKDOWNS: Final = 5

Progress = Callable[[int, int, str], None]


@dataclass
class Row:
    code: str
    label: str
    figure: Figure
    text: str


@dataclass
class Table:
    dim: str
    title: str  # "By sex"
    dim_label: str  # "Sex"
    rows: list[Row]
    total: Figure
    total_text: str
    multi: bool
    suppression: SuppressionReport | None


@dataclass
class Block:
    """One indicator: its figures and its tables."""

    code: str
    name: str
    description: str
    unit: str
    value: Figure
    text: str
    previous: Figure
    previous_text: str
    change: float | None
    change_text: str
    suppressed: bool
    not_recorded: bool
    tables: list[Table] = field(default_factory=list)

    @property
    def chart_table(self) -> Table | None:
        """The table the PDF charts: the months when there are several, else the first breakdown."""
        for table in self.tables:
            if table.dim == MONTH:
                return table
        return self.tables[0] if self.tables else None


@dataclass
class SummaryRow:
    block: Block
    target: float | None
    target_text: str
    target_verified: bool | None
    target_source: str


@dataclass
class Section:
    programme: str
    name: str
    rows: list[SummaryRow]


@dataclass
class ReportData:
    report: Any
    title: str
    period: Period
    period_label: str
    previous_label: str
    scope: list[tuple[str, str]]
    generated_at: dt.datetime
    generated_by: str
    indicator_version: str
    threshold: int
    notes: list[str]
    sections: list[Section]
    blocks: list[Block]


# --- helpers -------------------------------------------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def dimension_label(indicator: Any, dim: str) -> str:
    if dim == MONTH:
        return _("month")
    return str(get_source(indicator.numerator.source).dimensions[dim].label)


def monthly_breakdown_possible(indicator: Any) -> bool:
    """Whether the indicator's records have a date to bucket by month (not a span, as a caseload)."""
    counts = [indicator.numerator, *([indicator.denominator] if indicator.denominator else [])]
    return all(get_source(c.source).date and not get_source(c.source).end_date for c in counts)


def breakdowns(indicator: Any, *, period: Period, filters: Filters) -> list[str]:
    """The breakdowns a report shows for ``indicator``."""
    dims = [d for d in MAIN_DIMENSIONS if d in indicator.disaggregations]
    if filters.province or filters.legacy_province:
        dims = [d for d in dims if d != "province"]
    dims = dims[:MAX_BREAKDOWNS]
    if "agency" in indicator.disaggregations and (filters.agencies is None or len(filters.agencies) > 1):
        dims.append("agency")
    if len(period.months()) > 1 and monthly_breakdown_possible(indicator):
        dims.insert(0, MONTH)
    return dims


def change_text(unit: str, change: float | None) -> str:
    if change is None:
        return "—"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    size = abs(change)
    if unit == "percent":
        return sign + _("%(value)s points") % {"value": number_format(size, 1)}
    if unit == "mean":
        return sign + number_format(size, 2 if size < 10 else 1)
    return sign + number_format(round(size), 0, force_grouping=True)


def target_text(unit: str, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return number_format(value, 0 if value == int(value) else 1) + "%"
    return number_format(value, 0 if value == int(value) else 1, force_grouping=True)


def combine(reports: Sequence[SuppressionReport]) -> SuppressionReport | None:
    """One report for the tables suppression protected for one breakdown (numerator, denominator...)."""
    if not reports:
        return None
    first = reports[0]
    return SuppressionReport(
        threshold=first.threshold,
        zeros_safe=first.zeros_safe,
        rounding=first.rounding,
        interior_cells=sum(r.interior_cells for r in reports),
        margin_cells=sum(r.margin_cells for r in reports),
        suppressed_primary=sum(r.suppressed_primary for r in reports),
        suppressed_secondary=sum(r.suppressed_secondary for r in reports),
        hidden_count=sum(r.hidden_count for r in reports),
        total_count=sum(r.total_count for r in reports),
    )


def _hidden(figure: Figure) -> Figure:
    return figure if figure.hidden else Figure(None, True, 0)


def _table(indicator: Any, dim: str, published: Published) -> Table:
    label = dimension_label(indicator, dim)
    rows = [Row(str(r["code"]), str(r["label"]), r["figure"], str(r["text"])) for r in published.rows()]
    return Table(
        dim=dim,
        title=_("By %(dimension)s") % {"dimension": label},
        dim_label=_capital(label),
        rows=rows,
        total=published.total,
        total_text=published.format(published.total),
        multi=bool(published.result.multi),
        suppression=combine(published.reports),
    )


def _block(indicator: Any, *, period: Period, filters: Filters) -> Block:
    unit = indicator.unit
    previous = selectors.figure_for_release(indicator.code, period=period.previous(), filters=filters)
    tables: list[Table] = []
    overall: Published | None = None
    for dim in breakdowns(indicator, period=period, filters=filters):
        published = selectors.figure_for_release(indicator.code, period=period, filters=filters, by=(dim,))
        overall = overall or published  # every breakdown carries the total (with its small-cell check)
        tables.append(_table(indicator, dim, published))
    if overall is None:
        overall = selectors.figure_for_release(indicator.code, period=period, filters=filters)
    not_recorded = overall.result.not_recorded
    # The total, hidden if any table hid it (showing it elsewhere would undo that table's protection).
    total = overall.total
    if any(t.total.hidden for t in tables):
        total = _hidden(total)
    for t in tables:
        if total.hidden and not t.total.hidden:
            t.total = _hidden(t.total)
            t.total_text = HIDDEN_MARK
    change = None
    if not total.hidden and not previous.total.hidden and total.value is not None and previous.total.value is not None:
        change = total.value - previous.total.value
    return Block(
        code=indicator.code,
        name=str(indicator.name),
        description=str(indicator.description) if indicator.description else "",
        unit=unit,
        value=total,
        text=format_value(unit, total),
        previous=previous.total,
        previous_text=format_value(unit, previous.total),
        change=change,
        change_text=change_text(unit, change),
        suppressed=overall.suppressed,
        not_recorded=not_recorded,
        tables=tables,
    )


def _scope(report: Any, filters: Filters) -> list[tuple[str, str]]:
    from safepath.places.models import LegacyProvince, Province

    if report.agency_id:
        agencies = f"{report.agency.code} · {report.agency.name}"
    elif filters.agencies is None:
        agencies = _("All agencies")
    else:
        from safepath.accounts.models import Agency

        codes = sorted(Agency.objects.filter(pk__in=list(filters.agencies)).values_list("code", flat=True))
        agencies = ", ".join(codes) or "—"
    out = [(_("Agencies counted"), agencies)]
    if report.province:
        province = Province.objects.filter(pk=report.province).first()
        name = (province.name_en if _english() else province.name) if province else report.province
        out.append((_("Province"), name))
    elif report.legacy_province:
        legacy = LegacyProvince.objects.filter(pk=report.legacy_province).first()
        name = (legacy.name_en if _english() else legacy.name) if legacy else report.legacy_province
        out.append((_("Former province (before July 2025)"), name))
    else:
        out.append((_("Province"), _("All provinces")))
    return out


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "vi").startswith("en")


def _generated_by(report: Any) -> str:
    user = report.created_by
    if user is None:
        who = _("command line")
    else:
        who = ", ".join(user.role_labels()) or _("member of staff")
    if report.schedule_id:
        who = _("%(who)s, on a schedule") % {"who": who}
    return who


def title_of(report: Any, period: Period) -> str:
    titles = {
        "monthly": _("Monthly programme report"),
        "quarterly": _("Quarterly programme report"),
        "annual": _("Annual programme report"),
        "custom": _("Programme report"),
    }
    return f"{titles.get(report.kind, titles['custom'])}: {period.label}"


def notes(threshold: int, *, multi: bool, legacy: bool, months: bool = False) -> list[str]:
    out = [
        str(HIDDEN_TEXT),
        _(
            "Primary suppression: every count of fewer than %(n)s records (but more than none) is hidden, "
            "and so is every percentage or average that rests on so few records."
        )
        % {"n": threshold},
        _(
            "Secondary suppression: further cells are hidden wherever a hidden cell could otherwise be "
            "worked out from the totals and the other cells of its table."
        ),
        _(
            "Targets marked UNVERIFIED have not yet been checked against the text of the programme decision; "
            "treat them as provisional."
        ),
        _("For percentages, the change from the previous period is in percentage points."),
    ]
    if months:
        out.append(
            _(
                "This period spans several months: a cell is also hidden wherever the same cell is hidden in "
                "one of its months' own figures, so this report and the monthly reports together give no "
                "hidden cell away."
            )
        )
    if multi:
        out.append(
            _(
                "Where a breakdown is by a list (topics, types of exploitation), a record counts under every "
                "category it holds: the categories do not add up to the total."
            )
        )
    if legacy:
        out.append(_("Figures by former province exist only where the former province was recorded."))
    out.append(_("This report holds aggregate figures only: it names no person."))
    return out


# --- the report ----------------------------------------------------------------------------------


def build(report: Any, *, progress: Progress | None = None) -> ReportData:
    """Everything the report's files say, in the active language."""
    from safepath.reports.services import report_filters, report_period

    period = report_period(report)
    filters = report_filters(report)
    indicator_file = ind.load()
    codes = list((report.parameters or {}).get("indicators") or [])
    if not codes:
        codes = [i.code for p in report.programmes for i in indicator_file.of_programme(p)]
        codes = list(dict.fromkeys(codes))
    blocks: dict[str, Block] = {}
    for i, code in enumerate(codes):
        indicator = indicator_file.get(code)
        if progress:
            progress(i, len(codes), f"{code} · {indicator.name}")
        blocks[code] = _block(indicator, period=period, filters=filters)
    if progress:
        progress(len(codes), len(codes), "")
    sections = []
    for programme_code in report.programmes:
        programme = indicator_file.programmes.get(programme_code)
        if programme is None:
            continue
        rows = []
        for indicator in indicator_file.of_programme(programme_code):
            if indicator.code not in blocks:
                continue
            target = indicator.target_for(programme_code)
            rows.append(
                SummaryRow(
                    block=blocks[indicator.code],
                    target=target.value if target else None,
                    target_text=target_text(indicator.unit, target.value if target else None),
                    target_verified=target.verified if target else None,
                    target_source=target.source if target else "",
                )
            )
        if rows:
            sections.append(Section(programme_code, str(programme.name), rows))
    multi = any(t.multi for b in blocks.values() for t in b.tables)
    legacy = bool(report.legacy_province) or any(b.not_recorded for b in blocks.values())
    threshold = default_threshold()
    return ReportData(
        report=report,
        title=title_of(report, period),
        period=period,
        period_label=period.label,
        previous_label=period.previous().label,
        scope=_scope(report, filters),
        generated_at=timezone.localtime(),
        generated_by=_generated_by(report),
        indicator_version=indicator_file.version,
        threshold=threshold,
        notes=notes(threshold, multi=multi, legacy=legacy, months=len(period.months()) > 1),
        sections=sections,
        blocks=list(blocks.values()),
    )
