"""Dashboards per role, their panels defined as data (`data/dashboards.yaml`), and what each panel shows.

Who gets which dashboard is the policy's answer, not a role list here: staff who count every agency
(`policy.aggregate_agencies` is None: analysts, system administrators) get the *programme* dashboard,
with small numbers hidden; staff who count their own agency (supervisors) get the *centre* dashboard,
with exact figures. Every figure goes through `selectors.figure` with filters from
`selectors.user_filters`, so the scope and the suppression are the same as in reports and exports.

The page itself only draws the filters and an empty frame per panel; each panel is computed on its own
request (`panel(...)`), so a slow one never holds up the others, and the selectors cache the figures.
A panel returns plain data for its template: tables with every figure as text (a hidden one as "x"),
and chart data where a hidden figure is ``None`` (a gap, never its value).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlencode

import yaml
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, model_validator

from safepath.core import policy
from safepath.reports import indicators, selectors, tiles
from safepath.reports.compute import MONTH, Filters
from safepath.reports.indicators import Indicator, Text
from safepath.reports.periods import Period
from safepath.reports.publish import HIDDEN_MARK, HIDDEN_TEXT, Figure, Published, format_value
from safepath.reports.sources import get_source

DASHBOARD_FILE: Final = Path(__file__).parent / "data" / "dashboards.yaml"
TREND_MONTHS: Final = 12
PERIOD_KINDS: Final = ("month", "quarter", "year")

PanelKind = Literal["charts", "headline", "programme", "tiles"]
ChartKind = Literal["bar", "hbar", "line", "stacked", "none"]


# --- the file ------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Block(_Strict):
    indicator: str
    by: tuple[str, ...] = ()
    window: Literal["period", "trend"] = "period"
    chart: ChartKind = "bar"
    title: Text | None = None

    @model_validator(mode="after")
    def _known(self) -> Block:
        try:
            ind = indicators.get(self.indicator)
        except KeyError:
            raise ValueError(f"unknown indicator {self.indicator!r}") from None
        if len(self.by) > 2 or len(set(self.by)) != len(self.by):
            raise ValueError(f"{self.indicator}: at most two different dimensions, not {self.by}")
        for dim in self.by:
            if dim != MONTH and dim not in ind.disaggregations:
                raise ValueError(f"{self.indicator} cannot be broken down by {dim!r}")
        if MONTH in self.by:
            for spec in (ind.numerator, ind.denominator):
                source = get_source(spec.source) if spec is not None else None
                if source is not None and (source.end_date or not source.date):
                    raise ValueError(f"{self.indicator}: {source.key} cannot be broken down by month")
        if len(self.by) == 2 and self.chart not in ("stacked", "none"):
            raise ValueError(f"{self.indicator}: a two-way breakdown is drawn 'stacked' (or 'none')")
        if len(self.by) < 2 and self.chart == "stacked":
            raise ValueError(f"{self.indicator}: 'stacked' needs two dimensions")
        return self


class Panel(_Strict):
    code: str
    kind: PanelKind = "charts"
    title: Text
    blocks: tuple[Block, ...] = ()

    @model_validator(mode="after")
    def _blocks(self) -> Panel:
        if self.kind in ("charts", "programme") and not self.blocks:
            raise ValueError(f"panel {self.code!r} has no blocks")
        if not self.code.replace("_", "").isalnum():
            raise ValueError(f"panel code {self.code!r}: letters, digits and _ only")
        return self


class Dashboard(_Strict):
    title: Text
    panels: tuple[str, ...]


class DashboardFile(_Strict):
    version: str
    headline: tuple[str, ...]
    tile_indicators: tuple[str, ...]
    dashboards: dict[Literal["centre", "programme"], Dashboard]
    panels: tuple[Panel, ...]

    @model_validator(mode="after")
    def _references(self) -> DashboardFile:
        codes = [p.code for p in self.panels]
        if len(set(codes)) != len(codes):
            raise ValueError("a panel code is used twice")
        for name, board in self.dashboards.items():
            for code in board.panels:
                if code not in codes:
                    raise ValueError(f"dashboard {name!r}: unknown panel {code!r}")
        for code in (*self.headline, *self.tile_indicators):
            indicators.get(code)  # KeyError for an unknown one
        for code in self.tile_indicators:
            if "province" not in indicators.get(code).disaggregations:
                raise ValueError(f"tile indicator {code} has no breakdown by province")
        if set(self.dashboards) != {"centre", "programme"}:
            raise ValueError("both dashboards, centre and programme, are needed")
        return self

    def panel(self, code: str) -> Panel:
        for p in self.panels:
            if p.code == code:
                return p
        raise KeyError(code)


@functools.cache
def load(path: str = str(DASHBOARD_FILE)) -> DashboardFile:
    with open(path, encoding="utf-8") as handle:
        return DashboardFile.model_validate(yaml.safe_load(handle))


def dashboard_for(user: Any) -> Literal["centre", "programme"]:
    """The programme dashboard for staff who count every agency, the centre dashboard for the others."""
    return "programme" if policy.aggregate_agencies(user) is None else "centre"


def panels_for(user: Any) -> list[Panel]:
    board = load().dashboards[dashboard_for(user)]
    return [load().panel(code) for code in board.panels]


def panel_for(user: Any, code: str) -> Panel | None:
    """A panel of the user's dashboard, or None (another dashboard's panel, or no such panel)."""
    return next((p for p in panels_for(user) if p.code == code), None)


# --- periods and the question asked ---------------------------------------------------------------


def default_period(today: dt.date) -> Period:
    return Period.last_full_month(today)


def trend_period(period: Period) -> Period:
    """The twelve months up to the end of ``period`` (or the whole period when it is longer)."""
    first = period.end.replace(day=1)
    for _i in range(TREND_MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return Period(min(first, period.start), period.end, "days")


def trend_label(period: Period) -> str:
    return f"{period.start:%m/%Y} – {period.end:%m/%Y}"


@dataclass(frozen=True)
class Query:
    """The filters a user chose (already checked by the form); ``agency`` etc. are codes or ''."""

    period: Period
    agency: str = ""
    province: str = ""
    legacy_province: str = ""
    tile_indicator: str = ""

    def params(self, **changes: str) -> dict[str, str]:
        out = {
            "kind": self.period.kind if self.period.kind in PERIOD_KINDS else "",
            "period": self.period.text,
            "agency": self.agency,
            "province": self.province,
            "former": self.legacy_province,
            "map": self.tile_indicator,
        }
        out.update(changes)
        return {k: v for k, v in out.items() if v}

    def querystring(self, **changes: str) -> str:
        return urlencode(self.params(**changes))

    def with_period(self, period: Period) -> Query:
        return replace(self, period=period)

    def filters(self, user: Any, *, places: bool = True) -> Filters:
        """The filters as the policy narrows them (PermissionDenied for an agency out of scope)."""
        return selectors.user_filters(
            user,
            agency=self.agency,
            province=self.province if places else "",
            legacy_province=self.legacy_province if places else "",
        )


def scope_names(query: Query) -> tuple[str, str]:
    """The code of the agency and the name of the province (new or former) the filters name, or ''."""
    from safepath.accounts.models import Agency
    from safepath.places.models import LegacyProvince, Province

    agency = Agency.objects.filter(pk=query.agency).values_list("code", flat=True).first() if query.agency else ""
    field = "name_en" if (get_language() or "vi").startswith("en") else "name"
    place = ""
    if query.province:
        place = Province.objects.filter(pk=query.province).values_list(field, flat=True).first() or ""
    elif query.legacy_province:
        place = LegacyProvince.objects.filter(pk=query.legacy_province).values_list(field, flat=True).first() or ""
    return agency or "", place


# --- what a panel shows ---------------------------------------------------------------------------


@dataclass
class CellText:
    text: str
    hidden: bool = False


@dataclass
class Row:
    label: str
    cells: list[CellText]


@dataclass
class Table:
    caption: str
    first: str  # the header of the first column
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    total_span: bool = False  # a two-way table: the total spans the columns


@dataclass
class BlockView:
    id: str
    title: str
    indicator: Indicator
    period_label: str
    chart: dict[str, Any] | None
    table: Table
    notes: list[str] = field(default_factory=list)
    hidden: bool = False
    empty: bool = False

    @property
    def json_id(self) -> str:
        return f"chart-data-{self.id}"

    @property
    def chart_label(self) -> str:
        return _("Chart: %(title)s, %(period)s. The same figures are in the table below it.") % {
            "title": self.title,
            "period": self.period_label,
        }


@dataclass
class Headline:
    indicator: Indicator
    text: str
    previous_text: str
    previous_label: str
    change: str  # "" when it cannot be worked out (a hidden figure, nothing before)
    direction: Literal["up", "down", "same", ""]
    hidden: bool


@dataclass
class Target:
    indicator: Indicator
    text: str
    hidden: bool
    detail: str  # numerator and denominator of a percentage, when shown
    target: str
    verified: bool
    source: str
    met: bool | None


@dataclass
class Tile:
    code: str
    name: str
    short: str
    row: int
    col: int
    text: str
    hidden: bool
    bin: int
    is_city: bool
    selected: bool
    query: str


@dataclass
class LegendItem:
    css: str
    label: str


@dataclass
class PanelView:
    panel: Panel
    period: Period
    blocks: list[BlockView] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    programme: str = ""
    tiles: list[Tile] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    tile_indicator: Indicator | None = None
    tile_table: Table | None = None
    tile_choices: list[tuple[str, str]] = field(default_factory=list)
    suppressed: bool = False
    threshold: int | None = None
    hidden_text: str = ""

    @property
    def any_hidden(self) -> bool:
        return (
            any(b.hidden for b in self.blocks)
            or any(h.hidden for h in self.headlines)
            or any(t.hidden for t in self.targets)
            or any(t.hidden for t in self.tiles)
        )

    @property
    def title(self) -> str:
        return str(self.panel.title)


def _published(user: Any, code: str, *, period: Period, filters: Filters, by: Sequence[str] = ()) -> Published | None:
    """The figure, or None for a breakdown with no records at all (nothing to show, nothing to hide)."""
    pub = selectors.figure(user, code, period=period, filters=filters, by=by)
    return None if by and not pub.cells else pub


def _dimension_label(indicator: Indicator, dim: str) -> str:
    if dim == MONTH:
        return _("month")
    return str(get_source(indicator.numerator.source).dimensions[dim].label)


def block_title(block: Block) -> str:
    if block.title is not None:
        return str(block.title)
    indicator = indicators.get(block.indicator)
    name = str(indicator.name)
    if not block.by:
        return name
    if len(block.by) == 1:
        return _("%(indicator)s by %(dimension)s") % {
            "indicator": name,
            "dimension": _dimension_label(indicator, block.by[0]),
        }
    return _("%(indicator)s by %(first)s and %(second)s") % {
        "indicator": name,
        "first": _dimension_label(indicator, block.by[0]),
        "second": _dimension_label(indicator, block.by[1]),
    }


def _value_columns(indicator: Indicator) -> list[str]:
    if indicator.unit == "percent":
        return [_("Share"), pgettext("statistics", "Number"), _("Out of")]
    if indicator.unit == "mean":
        return [_("Average"), _("Records averaged")]
    return [str(indicator.name)]


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return format_value("count", Figure(value, False, 0))


def _cells(indicator: Indicator, pub: Published, figure: Figure) -> list[CellText]:
    """The value (and for a percentage its numerator and denominator, for an average its records)."""
    main = CellText(pub.format(figure), figure.hidden)
    if indicator.unit == "percent":
        if figure.hidden:
            return [main, CellText(HIDDEN_MARK, True), CellText(HIDDEN_MARK, True)]
        return [main, CellText(_number(figure.numerator)), CellText(_number(figure.denominator))]
    if indicator.unit == "mean":
        return [main, CellText(HIDDEN_MARK, True) if figure.hidden else CellText(_number(float(figure.base)))]
    return [main]


def _chart_value(figure: Figure) -> float | None:
    if figure.hidden or figure.value is None:
        return None
    return round(figure.value, 4)


def _block(user: Any, query: Query, filters: Filters, block: Block, block_id: str) -> BlockView:
    indicator = indicators.get(block.indicator)
    period = trend_period(query.period) if block.window == "trend" else query.period
    period_label = trend_label(period) if block.window == "trend" else query.period.label
    title = block_title(block)
    caption = _("%(title)s, %(period)s") % {"title": title, "period": period_label}
    columns = _value_columns(indicator)
    pub = _published(user, block.indicator, period=period, filters=filters, by=block.by)
    first = _dimension_label(indicator, block.by[0]).capitalize() if block.by else _("Indicator")
    if pub is None:
        table = Table(caption, first, columns, [])
        return BlockView(block_id, title, indicator, period_label, None, table, empty=True)
    notes: list[str] = []
    if pub.result.multi:
        notes.append(
            _("One record can count under several of these categories, so they add up to more than the total.")
        )
    if pub.result.not_recorded:
        notes.append(_("Some of these records do not say this; they are left out of the breakdown."))
    if not block.by:
        rows = [Row(str(indicator.name), _cells(indicator, pub, pub.total))]
        table = Table(caption, first, columns, rows)
        return BlockView(block_id, title, indicator, period_label, None, table, notes, hidden=pub.total.hidden)
    names = pub.labels()
    dim = block.by[0]
    codes = pub.result.categories.get(dim, [])
    if len(block.by) == 1:
        rows = []
        values: list[float | None] = []
        for code in codes:
            figure = pub.cell(code)
            rows.append(Row(names[dim].get(code, code), _cells(indicator, pub, figure)))
            values.append(_chart_value(figure))
        total = Row(_("Total"), _cells(indicator, pub, pub.total))
        table = Table(caption, first, columns, rows, total)
        datasets = [{"label": _series_label(indicator), "data": values}]
        labels = [_chart_label(r.label, r.cells[0].hidden) for r in rows]
    else:
        second = block.by[1]
        seconds = pub.result.categories.get(second, [])
        columns = [names[second].get(c, c) for c in seconds]
        rows = []
        for code in codes:
            cells = [CellText(pub.format(f), f.hidden) for f in (pub.cell(code, s) for s in seconds)]
            rows.append(Row(names[dim].get(code, code), cells))
        total = Row(_("Total"), [CellText(pub.format(pub.total), pub.total.hidden)])
        table = Table(caption, first, columns, rows, total, total_span=True)
        datasets = [
            {"label": columns[j], "data": [_chart_value(pub.cell(code, s)) for code in codes]}
            for j, s in enumerate(seconds)
        ]
        labels = [_chart_label(r.label, any(c.hidden for c in r.cells)) for r in rows]  # a stack with a gap
    hidden = any(c.hidden for r in table.rows for c in r.cells) or pub.total.hidden
    has_data = any(v is not None and v != 0 for d in datasets for v in d["data"])
    chart = None
    if block.chart != "none" and labels and has_data:
        chart = {
            "type": block.chart,
            "labels": labels,
            "datasets": datasets,
            "unit": indicator.unit,
            "suffix": "%" if indicator.unit == "percent" else "",
        }
    return BlockView(block_id, title, indicator, period_label, chart, table, notes, hidden=hidden, empty=not table.rows)


def _chart_label(label: str, hidden: bool) -> str:
    """A hidden category keeps its place in the chart, marked "(x)", with no bar or point (a stacked bar
    with a hidden part is marked too: it is shorter than the truth)."""
    return f"{label} ({HIDDEN_MARK})" if hidden else label


def _series_label(indicator: Indicator) -> str:
    if indicator.unit == "percent":
        return f"{indicator.name} (%)"
    return str(indicator.name)


def _headlines(user: Any, query: Query, filters: Filters) -> list[Headline]:
    previous = query.period.previous()
    out = []
    for code in load().headline:
        indicator = indicators.get(code)
        now = selectors.figure(user, code, period=query.period, filters=filters).total
        before = selectors.figure(user, code, period=previous, filters=filters).total
        change = ""
        direction: Literal["up", "down", "same", ""] = ""
        if not (now.hidden or before.hidden or now.value is None or before.value is None):
            diff = now.value - before.value
            direction = "up" if diff > 0 else "down" if diff < 0 else "same"
            sign = "+" if diff > 0 else "−" if diff < 0 else "±"
            change = sign + format_value(indicator.unit, Figure(abs(diff), False, 0))
            if before.value and indicator.unit == "count":
                change += " (" + sign + format_value("percent", Figure(abs(100 * diff / before.value), False, 0)) + ")"
        out.append(
            Headline(
                indicator,
                format_value(indicator.unit, now),
                format_value(indicator.unit, before),
                previous.label,
                change,
                direction,
                now.hidden or before.hidden,
            )
        )
    return out


def programme_of(period: Period) -> str:
    """The national programme running at the end of ``period`` ('' for none)."""
    for code, programme in indicators.load().programmes.items():
        if programme.start and programme.end and programme.start <= period.end <= programme.end:
            return code
    return ""


def _targets(user: Any, query: Query, filters: Filters, panel: Panel) -> tuple[list[Target], str]:
    programme = programme_of(query.period)
    out = []
    for block in panel.blocks:
        indicator = indicators.get(block.indicator)
        pub = selectors.figure(user, block.indicator, period=query.period, filters=filters)
        figure = pub.total
        detail = ""
        if indicator.unit == "percent" and not figure.hidden and figure.denominator:
            detail = _("%(numerator)s of %(denominator)s") % {
                "numerator": _number(figure.numerator),
                "denominator": _number(figure.denominator),
            }
        target = indicator.target_for(programme) if programme else None
        target_text, met = "", None
        if target is not None:
            target_text = format_value(indicator.unit, Figure(target.value, False, 0))
            if not figure.hidden and figure.value is not None:
                met = figure.value >= target.value
        out.append(
            Target(
                indicator,
                pub.format(figure),
                figure.hidden,
                detail,
                target_text,
                target.verified if target else True,
                target.source if target else "",
                met,
            )
        )
    return out, programme


def _province_names() -> list[tuple[str, str, bool]]:
    from safepath.places.models import Province

    english = (get_language() or "vi").startswith("en")
    return [
        (p.code, p.name_en if english else p.name, p.is_city)
        for p in Province.objects.only("code", "name", "name_en", "is_city").order_by("sort_key")
    ]


def tile_choices() -> list[tuple[str, str]]:
    return [(code, str(indicators.get(code).name)) for code in load().tile_indicators]


def _tiles(user: Any, query: Query, view: PanelView) -> None:
    code = query.tile_indicator or load().tile_indicators[0]
    indicator = indicators.get(code)
    view.tile_indicator = indicator
    view.tile_choices = tile_choices()
    filters = query.filters(user, places=False)  # the map shows every province; the chosen one is outlined
    pub = _published(user, code, period=query.period, filters=filters, by=("province",))
    provinces = _province_names()
    empty = Figure(0.0 if indicator.unit == "count" else None, False, 0)
    figures = {name: (pub.cell(name) if pub else empty) for name, _n, _c in provinces}
    table = tiles.bins(
        [f.value for f in figures.values() if not f.hidden and f.value is not None],
        whole=indicator.unit == "count",
    )
    unplaced = 0
    rows = []
    for province, name, is_city in provinces:
        figure = figures[province]
        if province in tiles.LAYOUT:
            row, col = tiles.position(province)
        else:
            row, col = tiles.position(province, unplaced)
            unplaced += 1
        text = format_value(indicator.unit, figure)
        value = None if figure.hidden else figure.value
        view.tiles.append(
            Tile(
                province,
                _tile_name(name),
                tiles.short_name(province),
                row,
                col,
                text,
                figure.hidden,
                tiles.bin_of(value, table),
                is_city,
                province == query.province,
                query.querystring(province="" if province == query.province else province, former=""),
            )
        )
        rows.append(Row(name, [CellText(text, figure.hidden)]))
    view.tiles.sort(key=lambda t: (t.row, t.col))
    view.legend = [LegendItem(f"sp-bin-{b.index}", _legend_label(indicator.unit, b)) for b in table]
    if any(t.hidden for t in view.tiles):
        view.legend.append(LegendItem("sp-bin-hidden", _("x: hidden")))
    caption = _("%(indicator)s by province, %(period)s") % {"indicator": indicator.name, "period": query.period.label}
    view.tile_table = Table(caption, _("Province"), [str(indicator.name)], rows)
    if pub is not None:
        view.suppressed = view.suppressed or pub.suppressed


def _tile_name(name: str) -> str:
    """The name on a tile, without "Thành phố" / "City" (the double border marks a city)."""
    return name.removeprefix("Thành phố ").removesuffix(" City")


def _legend_label(unit: str, item: tiles.Bin) -> str:
    if item.index == 0:
        return "0"
    if unit == "count":
        low, high = int(item.low) + 1, int(item.high)
        return str(high) if low >= high else f"{low}–{high}"
    low_text = format_value(unit, Figure(item.low, False, 0))
    high_text = format_value(unit, Figure(item.high, False, 0))
    return _("over %(low)s to %(high)s") % {"low": low_text, "high": high_text}


def panel(user: Any, code: str, query: Query) -> PanelView:
    """What one panel of the user's dashboard shows. KeyError: not a panel of their dashboard.

    PermissionDenied (from the selectors) when the user may not count the agency asked for.
    """
    spec = panel_for(user, code)
    if spec is None:
        raise KeyError(code)
    view = PanelView(spec, query.period, hidden_text=str(HIDDEN_TEXT))
    filters = query.filters(user)
    view.suppressed = not policy.sees_exact_figures(user)
    if spec.kind == "headline":
        view.headlines = _headlines(user, query, filters)
    elif spec.kind == "programme":
        view.targets, view.programme = _targets(user, query, filters, spec)
        if view.programme:
            view.programme = str(indicators.load().programmes[view.programme].name)
    elif spec.kind == "tiles":
        _tiles(user, query, view)
    else:
        view.blocks = [
            _block(user, query, filters, block, f"{spec.code}-{i}") for i, block in enumerate(spec.blocks, 1)
        ]
    if view.suppressed:
        from safepath.reports.suppression import default_threshold

        view.threshold = default_threshold()
    return view
