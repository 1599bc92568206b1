"""Compute an indicator over SafePath's records: one GROUP BY query per measure, through the ORM.

``compute(indicator, period=..., filters=..., by=(...))`` returns every cell of the breakdown and
the total, each with its numerator, denominator and the number of records it rests on (``base``,
what small-cell suppression looks at). Nothing here decides who may see what: callers pass the
agencies a user may count (`safepath.core.policy.aggregate_agencies`) in ``filters``, and the
publishing step (`safepath.reports.publish`) suppresses small cells.

``by`` may hold ``"month"`` (the month of the record's date) and at most one multi-valued
dimension (a JSON code list); a record counts once under every code of that list it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from safepath.reports import labels as lbl
from safepath.reports.indicators import Count as CountSpec
from safepath.reports.indicators import Indicator
from safepath.reports.periods import Period
from safepath.reports.sources import UNKNOWN, JsonHas, Source, get_source

Key = tuple[str, ...]
MONTH: Final = "month"
_NONE: Final = Q(pk__in=[])


@dataclass(frozen=True)
class Filters:
    """What the figures are restricted to. ``agencies=None`` means every agency."""

    agencies: frozenset[str] | None = None
    province: str = ""
    legacy_province: str = ""

    def key(self) -> str:
        agencies = ",".join(sorted(self.agencies)) if self.agencies is not None else "*"
        return f"a={agencies};p={self.province};l={self.legacy_province}"


@dataclass(frozen=True)
class Cell:
    value: float | None  # the indicator's value: a count, a percentage or an average
    numerator: float  # a count or sum; for an average, the average itself
    denominator: float | None  # for a percentage
    base: int  # the records the figure rests on (the count, the denominator, or the records averaged)


@dataclass
class Result:
    indicator: Indicator
    period: Period
    filters: Filters
    by: tuple[str, ...]
    cells: dict[Key, Cell]
    total: Cell
    categories: dict[str, list[str]] = field(default_factory=dict)  # per dimension, in display order
    multi: str = ""  # the multi-valued dimension among `by`, if any: its cells do not add up
    not_recorded: bool = False  # a filter or breakdown the source does not record (former province)

    def list_key(self, dim: str) -> str:
        return list_key(get_source(self.indicator.numerator.source), dim)


def list_key(source: Source, dim: str) -> str:
    if dim == MONTH:
        return MONTH
    d = source.dimensions[dim]
    return d.labels or d.key


# --- the queryset ---------------------------------------------------------------------------------


def _day_bounds(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period_q(source: Source, period: Period) -> Q:
    if not source.date:
        return Q()
    if source.end_date:  # open at any time in the period
        return Q(**{f"{source.date}__lte": period.end}) & (
            Q(**{f"{source.end_date}__isnull": True}) | Q(**{f"{source.end_date}__gte": period.start})
        )
    if source.date_is_datetime:
        return Q(**{f"{source.date}__gte": _day_bounds(period.start)}) & Q(
            **{f"{source.date}__lt": _day_bounds(period.end + dt.timedelta(days=1))}
        )
    return Q(**{f"{source.date}__gte": period.start, f"{source.date}__lte": period.end})


def _dim_q(source: Source, dim: str, codes: Sequence[str]) -> Q:
    d = source.dimensions[dim]
    if d.kind == "multi":
        q = _NONE
        for code in codes:
            q |= Q(JsonHas(d.path, code))
        return q
    if d.expression is not None:
        if dim == "province":  # the current province, or the one a former province merged into
            new, legacy = _province_paths(source)
            return Q(**{f"{new}__in": codes}) | Q(**{f"{new}__isnull": True, f"{legacy}__successor__in": codes})
        raise ValueError(f"cannot filter {source.key} by {dim}")
    plain = [c for c in codes if c not in ("", UNKNOWN)]
    q = Q(**{f"{d.path}__in": plain}) if plain else _NONE
    if len(plain) < len(codes):
        q |= Q(**{f"{d.path}__isnull": True}) | Q(**{d.path: ""}) | Q(**{d.path: UNKNOWN})
    return q


def _province_paths(source: Source) -> tuple[str, str]:
    d = source.dimensions["legacy_province"]
    legacy = d.path
    prefix = legacy[: -len("person__origin_legacy_province")]
    return f"{prefix}person__origin_province_id", legacy


def _where_q(source: Source, conditions: Iterable[str], codes: dict[str, tuple[str, ...]]) -> Q:
    q = Q()
    for name in conditions:
        q &= source.conditions[name]()
    for dim, values in codes.items():
        q &= _dim_q(source, dim, values)
    return q


def base_queryset(
    source: Source, *, period: Period, filters: Filters, spec: CountSpec | None = None
) -> tuple[QuerySet[Any], bool]:
    """The source's records in the period, scope and filters; and whether a filter is not recorded."""
    qs: QuerySet[Any] = source.model_class()._default_manager.all()
    q = _period_q(source, period)
    not_recorded = False
    if filters.agencies is not None and source.agency:
        q &= Q(**{f"{source.agency}__in": sorted(filters.agencies)})
    if filters.province:
        if "province" in source.dimensions:
            q &= _dim_q(source, "province", [filters.province])
        else:
            not_recorded = True
    if filters.legacy_province:
        if source.legacy_province:
            q &= Q(**{source.dimensions["legacy_province"].path: filters.legacy_province})
        else:
            not_recorded = True
            q &= _NONE
    if spec is not None:
        q &= _where_q(source, spec.where.conditions, spec.where.codes)
    return qs.filter(q), not_recorded


def _split_where(source: Source, specs: Sequence[CountSpec]) -> tuple[Q, list[Q | None]]:
    """What every spec selects (for the WHERE clause), and what each selects besides (for its FILTER).

    A percentage's numerator is usually its denominator with one more condition: both are then
    counted in one pass over the denominator's rows.
    """
    first = specs[0].where
    shared = [c for c in first.conditions if all(c in s.where.conditions for s in specs)]
    shared_codes = {d: v for d, v in first.codes.items() if all(s.where.codes.get(d) == v for s in specs)}
    own: list[Q | None] = []
    for spec in specs:
        conditions = [c for c in spec.where.conditions if c not in shared]
        codes = {d: v for d, v in spec.where.codes.items() if d not in shared_codes}
        own.append(_where_q(source, conditions, codes) if conditions or codes else None)
    where = _where_q(source, shared, shared_codes)
    if all(q is not None for q in own):  # only the rows some spec counts
        any_q = _NONE
        for q in own:
            any_q |= q  # type: ignore[operator]
        where &= any_q
    return where, own


def _both(a: Q | None, b: Q | None) -> Q | None:
    if a is None:
        return b
    return a if b is None else a & b


# --- measures of one source, grouped --------------------------------------------------------------


def _group_value(value: Any) -> str:
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return str(value)


def _aggregate(source: Source, spec: CountSpec, period: Period, extra: Q | None) -> dict[str, Any]:
    measure = source.measures[spec.measure]
    if measure.period_aggregate is not None:
        out = {"m": measure.period_aggregate(period.start, period.end, extra)}
    else:
        out = {"m": measure.aggregate(filter=extra)}
    if measure.base is not None:
        out["b"] = measure.base(filter=extra)
    return out


def _number(source: Source, spec: CountSpec, period: Period, value: Any) -> float:
    measure = source.measures[spec.measure]
    if value is None:
        return 0.0
    number = measure.convert(value) if measure.convert else float(value)
    return number * period.days if measure.per_day else number


Table = dict[Key, tuple[float, int]]


def measure_tables(
    specs: Sequence[CountSpec], *, period: Period, filters: Filters, by: Sequence[str] = ()
) -> tuple[list[Table], bool]:
    """``{key: (figure, base)}`` for each of ``specs`` (all of one source), in one GROUP BY query;
    and whether a filter is not recorded.

    ``base`` is the record count behind the figure: the figure itself for counts and sums, the number
    of records averaged for a mean.
    """
    source = get_source(specs[0].source)
    if any(s.source != source.key for s in specs):
        raise ValueError("measure_tables counts one source at a time")
    qs, not_recorded = base_queryset(source, period=period, filters=filters)
    where, own = _split_where(source, specs)
    qs = qs.filter(where)
    names: list[str] = []
    annotations: dict[str, Any] = {}
    multi = ""
    for i, dim in enumerate(by):
        name = f"d{i}"
        if dim == MONTH:
            if not source.date or source.end_date:
                raise ValueError(f"{source.key} cannot be broken down by month")
            annotations[name] = TruncMonth(source.date)
        elif source.dimensions[dim].kind == "multi":
            if multi:
                raise ValueError("at most one multi-valued breakdown at a time")
            multi = dim
            continue
        elif source.dimensions[dim].expression is not None:
            annotations[name] = source.dimensions[dim].expression()  # type: ignore[misc]
        else:
            annotations[name] = F(source.dimensions[dim].path)
        names.append(name)
    if annotations:
        qs = qs.annotate(**annotations)
    grouped = qs.values(*names).order_by() if names else qs

    def row_key(row: dict[str, Any], code: str | None) -> Key:
        parts, it = [], iter(names)
        for dim in by:
            parts.append(code if dim == multi else _group_value(row[next(it)]))
        return tuple(p if p is not None else UNKNOWN for p in parts)

    # One column (and a base column for a mean) per spec, and per code of the multi-valued breakdown.
    codes: list[str | None] = [None]
    if multi:
        d = source.dimensions[multi]
        codes = list(lbl.LISTS[d.labels or d.key]().keys()) if (d.labels or d.key) in lbl.LISTS else []
    aggregates: dict[str, Any] = {}
    for i, spec in enumerate(specs):
        for j, code in enumerate(codes):
            extra = _both(own[i], Q(JsonHas(source.dimensions[multi].path, code)) if code is not None else None)
            for k, v in _aggregate(source, spec, period, extra).items():
                aggregates[f"{k}{i}_{j}"] = v
    rows = grouped.annotate(**aggregates) if names else [grouped.aggregate(**aggregates)]
    out: list[Table] = [{} for _ in specs]
    for row in rows:
        for i, spec in enumerate(specs):
            measure = source.measures[spec.measure]
            for j, code in enumerate(codes):
                figure = _number(source, spec, period, row[f"m{i}_{j}"])
                base = int(row.get(f"b{i}_{j}") or 0) if measure.base else round(figure)
                key = row_key(row, code)
                if multi:
                    if figure or base:
                        out[i][key] = (figure, base)
                    continue
                if key in out[i]:  # two raw values (None and "") folded into "unknown": add them up
                    old = out[i][key]
                    figure, base = figure + old[0], base + old[1]
                if names and not (figure or base):
                    continue
                out[i][key] = (figure, base)
    return out, not_recorded


def measure_table(spec: CountSpec, *, period: Period, filters: Filters, by: Sequence[str] = ()) -> tuple[Table, bool]:
    """`measure_tables` for one spec."""
    tables, not_recorded = measure_tables([spec], period=period, filters=filters, by=by)
    return tables[0], not_recorded


def _tables(
    specs: Sequence[CountSpec], *, period: Period, filters: Filters, by: Sequence[str] = ()
) -> tuple[list[Table], bool]:
    """Tables for specs of any sources: one query per source."""
    out: list[Table] = [{} for _ in specs]
    not_recorded = False
    for source in dict.fromkeys(s.source for s in specs):
        indexes = [i for i, s in enumerate(specs) if s.source == source]
        tables, nr = measure_tables([specs[i] for i in indexes], period=period, filters=filters, by=by)
        not_recorded = not_recorded or nr
        for i, table in zip(indexes, tables, strict=True):
            out[i] = table
    return out, not_recorded


def _summed(table: Table) -> Table:
    """The total of a breakdown whose cells add up to it."""
    return {(): (sum(v for v, _ in table.values()), sum(b for _, b in table.values()))}


# --- an indicator ---------------------------------------------------------------------------------


def _cell(indicator: Indicator, num: tuple[float, int] | None, den: tuple[float, int] | None) -> Cell:
    n_value, n_base = num or (0.0, 0)
    if indicator.unit == "percent":
        d_value = den[0] if den else 0.0
        value = (100.0 * n_value / d_value) if d_value else None
        return Cell(value=value, numerator=n_value, denominator=d_value, base=int(den[1]) if den else 0)
    if indicator.unit == "mean":
        return Cell(value=n_value if n_base else None, numerator=n_value, denominator=None, base=n_base)
    return Cell(value=n_value, numerator=n_value, denominator=None, base=n_base)


def compute(indicator: Indicator, *, period: Period, filters: Filters = Filters(), by: Sequence[str] = ()) -> Result:
    """Every cell of ``indicator`` broken down ``by``, and the total, for ``period`` within ``filters``."""
    by = tuple(by)
    for dim in by:
        if dim != MONTH and dim not in indicator.disaggregations:
            raise ValueError(f"{indicator.code} cannot be broken down by {dim}")
    source = get_source(indicator.numerator.source)
    specs = [indicator.numerator] + ([indicator.denominator] if indicator.denominator is not None else [])
    tables, not_recorded = _tables(specs, period=period, filters=filters, by=by)
    multi = next((d for d in by if d != MONTH and source.dimensions[d].kind == "multi"), "")
    if not by:
        totals = tables
    elif not multi and all(get_source(s.source).measures[s.measure].additive for s in specs):
        totals = [_summed(t) for t in tables]
    else:
        totals, _ = _tables(specs, period=period, filters=filters)
    num, num_total = tables[0], totals[0]
    den, den_total = (tables[1], totals[1]) if len(specs) > 1 else ({}, {})
    keys = set(num) | set(den)
    cells = {k: _cell(indicator, num.get(k), den.get(k) if indicator.denominator else None) for k in keys}
    total = _cell(indicator, num_total.get(()), den_total.get(()) if indicator.denominator else None)
    not_recorded = not_recorded or any(d == "legacy_province" and not source.legacy_province for d in by)
    categories: dict[str, list[str]] = {}
    for i, dim in enumerate(by):
        codes = sorted({k[i] for k in keys})
        if dim == MONTH:
            months = [m.strftime("%Y-%m") for m in period.months()]
            categories[dim] = months + [c for c in codes if c not in months]
        else:
            categories[dim] = lbl.category_order(list_key(source, dim), codes)
    return Result(indicator, period, filters, by, cells, total, categories, multi, not_recorded)


# --- the months of a longer period ----------------------------------------------------------------


def linked_to_months(indicator: Indicator, period: Period) -> bool:
    """Whether a figure for ``period`` sums figures that are also given month by month.

    True for a period of several months over sources that count events (a consultation, a case
    opened): its cells are the sums of its months' cells, so a cell hidden in a month's figure could
    be worked out from the longer period's figure and the other months. Not for sources counted over
    spans (a caseload, occupancy), whose months do not add up to the longer period.
    """
    if len(period.months()) < 2:
        return False
    specs = [indicator.numerator] + ([indicator.denominator] if indicator.denominator is not None else [])
    return all(get_source(s.source).date and not get_source(s.source).end_date for s in specs)


def _adds_up(indicator: Indicator) -> bool:
    specs = [indicator.numerator] + ([indicator.denominator] if indicator.denominator is not None else [])
    return all(get_source(s.source).measures[s.measure].additive for s in specs)


def _sum_cells(indicator: Indicator, cells: Iterable[Cell]) -> Cell:
    """The cell of several cells of an additive indicator (counts and sums add up; so does a base)."""
    num = den = 0.0
    for cell in cells:
        num += cell.numerator
        den += cell.denominator or 0.0
    return _cell(indicator, (num, round(num)), (den, round(den)) if indicator.denominator is not None else None)


def with_months(
    indicator: Indicator, *, period: Period, by: Sequence[str], compute_by: Callable[[tuple[str, ...]], Result]
) -> tuple[Result, list[Result]]:
    """The figure for ``period`` broken down ``by``, and the same figure as each of its months gives it.

    The months are empty when the period is not `linked_to_months`. ``compute_by(by)`` computes the
    figure for ``period`` broken down ``by`` (with or without a cache). When the cells add up over
    months (counts and sums, not distinct persons) the figure is the by-month figure summed over the
    months: one query, and one more for the months' totals under a multi-valued breakdown, whose
    categories overlap. Otherwise the figure and the months' totals are computed as well.
    """
    by = tuple(by)
    if not linked_to_months(indicator, period):
        return compute_by(by), []
    split = compute_by(by if MONTH in by else (MONTH, *by))
    i = split.by.index(MONTH)
    rest = split.by[:i] + split.by[i + 1 :]
    adds_up = _adds_up(indicator)  # every record falls in one month: each category adds up over months
    if split.by == by:
        result = split
    elif adds_up:
        grouped: dict[Key, list[Cell]] = {}
        for key, cell in split.cells.items():
            grouped.setdefault(key[:i] + key[i + 1 :], []).append(cell)
        cells = {key: _sum_cells(indicator, group) for key, group in grouped.items()}
        if not by:  # a figure without a breakdown holds its total as its one cell
            cells = {(): split.total}
        categories = {d: v for d, v in split.categories.items() if d != MONTH}
        result = Result(
            indicator, period, split.filters, by, cells, split.total, categories, split.multi, split.not_recorded
        )
    else:
        result = compute_by(by)
    if not rest:
        totals = split.cells
    elif adds_up and not split.multi:  # the categories of a multi-valued breakdown overlap
        by_month: dict[Key, list[Cell]] = {}
        for key, cell in split.cells.items():
            by_month.setdefault((key[i],), []).append(cell)
        totals = {key: _sum_cells(indicator, group) for key, group in by_month.items()}
    else:
        totals = compute_by((MONTH,)).cells
    categories = {d: v for d, v in split.categories.items() if d != MONTH}
    months = []
    for first in period.months():
        code = first.strftime("%Y-%m")
        total = totals.get((code,)) or _cell(indicator, None, None)
        cells = {k[:i] + k[i + 1 :]: c for k, c in split.cells.items() if k[i] == code} if rest else {(): total}
        month = Period.month(first.year, first.month)
        months.append(Result(indicator, month, split.filters, rest, cells, total, categories, split.multi))
    return result, months


def compute_many(indicators: Iterable[Indicator], *, period: Period, filters: Filters = Filters()) -> list[Result]:
    return [compute(i, period=period, filters=filters) for i in indicators]
