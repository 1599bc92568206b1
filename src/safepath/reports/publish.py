"""A computed indicator as it may be shown or leave SafePath: small cells hidden, values formatted.

``publish(result, suppress=True)`` runs `suppression.suppress_table` over the counts each figure
rests on:

* a count or a sum: the figure itself;
* a percentage: its numerator and its denominator, both (hidden where either is hidden, so a
  hidden numerator cannot be worked out as percentage × denominator);
* an average: the number of records averaged.

Secondary suppression is done per table, so no hidden cell can be worked out from the published
cells and totals. A breakdown by a multi-valued dimension (topics, types of exploitation) is not a
partition: every category of it is protected as a table of its own, and the total on its own.
Indicators marked ``suppress: false`` (page views, bed-nights: about facilities and visits, not
people) are published as computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from safepath.reports import labels as lbl
from safepath.reports.compute import MONTH, Cell, Key, Result
from safepath.reports.suppression import TOTAL, SuppressionReport, default_threshold, suppress_table

HIDDEN_MARK: Final = "x"
HIDDEN_TEXT: Final = _("x: hidden, a small number or one that would let a small number be worked out")


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: hidden, or nothing to divide by
    hidden: bool
    base: int
    numerator: float | None = None  # None when hidden
    denominator: float | None = None


@dataclass
class Published:
    result: Result
    cells: dict[Key, Figure]
    total: Figure
    suppressed: bool
    threshold: int | None
    reports: list[SuppressionReport]

    @property
    def indicator(self) -> Any:
        return self.result.indicator

    @property
    def hidden_cells(self) -> int:
        return sum(1 for f in self.cells.values() if f.hidden)

    def format(self, figure: Figure) -> str:
        return format_value(self.indicator.unit, figure)

    def labels(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for dim in self.result.by:
            if dim == MONTH:
                out[dim] = {m: f"{m[5:7]}/{m[:4]}" for m in self.result.categories.get(dim, [])}
            else:
                out[dim] = lbl.label_map(self.result.list_key(dim))
        return out

    def rows(self) -> list[dict[str, Any]]:
        """One row per cell of a one-way breakdown, in display order: code, label, figure, text."""
        if len(self.result.by) != 1:
            raise ValueError("rows() is for a breakdown by one dimension; use cell() for more")
        dim = self.result.by[0]
        names = self.labels()[dim]
        out = []
        for code in self.result.categories.get(dim, []):
            figure = self.cells.get((code,), Figure(0.0 if self.indicator.unit == "count" else None, False, 0))
            out.append({"code": code, "label": names.get(code, code), "figure": figure, "text": self.format(figure)})
        return out

    def cell(self, *key: str) -> Figure:
        return self.cells.get(tuple(key), Figure(0.0 if self.indicator.unit == "count" else None, False, 0))


def format_value(unit: str, figure: Figure) -> str:
    if figure.hidden:
        return HIDDEN_MARK
    if figure.value is None:
        return "—"
    if unit == "percent":
        return number_format(figure.value, 1) + "%"
    if unit == "mean":
        return number_format(figure.value, 2 if abs(figure.value) < 10 else 1)
    return number_format(round(figure.value), 0, force_grouping=True)


def _figure(unit: str, cell: Cell, hidden: bool) -> Figure:
    if hidden:
        return Figure(None, True, 0)
    return Figure(cell.value, False, cell.base, cell.numerator, cell.denominator)


def _protect(
    counts: Mapping[Key, int], dims: tuple[str, ...], threshold: int, reports: list[SuppressionReport]
) -> set[Key]:
    """Keys (interior and margins) hidden in a table of counts."""
    if not dims:
        value = counts.get((), 0)
        return {()} if 0 < value < threshold else set()
    if not counts:  # no records at all: nothing to hide
        return set()
    table = suppress_table({k: int(v) for k, v in counts.items()}, dims, threshold=threshold)
    reports.append(table.report)
    return {k for k, v in table.cells.items() if v is None}


def _hidden_keys(result: Result, threshold: int, reports: list[SuppressionReport]) -> tuple[set[Key], bool]:
    """Interior keys to hide, and whether the total is hidden."""
    unit = result.indicator.unit
    by = result.by
    tables: list[tuple[dict[Key, int], int]] = []  # (interior counts, total count)
    if unit == "percent":
        tables.append(({k: int(c.numerator) for k, c in result.cells.items()}, int(result.total.numerator)))
        tables.append(
            ({k: int(c.denominator or 0) for k, c in result.cells.items()}, int(result.total.denominator or 0))
        )
    else:
        tables.append(({k: c.base for k, c in result.cells.items()}, result.total.base))
    hidden: set[Key] = set()
    total_hidden = False
    for counts, total in tables:
        total_hidden |= 0 < total < threshold
        if not by:
            continue
        if result.multi:
            i = by.index(result.multi)
            rest = tuple(d for d in by if d != result.multi)
            for code in {k[i] for k in counts}:
                part = {k[:i] + k[i + 1 :]: v for k, v in counts.items() if k[i] == code}
                for key in _protect(part, rest, threshold, reports):
                    if TOTAL not in key:
                        hidden.add((*key[:i], code, *key[i:]))
            continue
        found = _protect(counts, by, threshold, reports)
        total_hidden |= (TOTAL,) * len(by) in found
        hidden |= {k for k in found if TOTAL not in k}
    return hidden, total_hidden


def publish(
    result: Result, *, suppress: bool, threshold: int | None = None, months: Sequence[Result] = ()
) -> Published:
    """The result as it may be shown: with small cells hidden when ``suppress`` (and the indicator allows).

    ``months``: the same figure for each month of a longer period (`compute.with_months`), as each
    month's own figure hides its cells. A cell (or the total) is then also hidden whenever it is hidden
    in any of its months, so that the longer period's figure tells nothing the months do not: a
    visible cell is the sum of visible month cells, and a hidden one cannot be subtracted from. A
    quarter's report beside its three monthly reports gives no hidden cell away.
    """
    unit = result.indicator.unit
    apply = suppress and result.indicator.suppress
    limit = threshold if threshold is not None else default_threshold()
    reports: list[SuppressionReport] = []
    hidden: set[Key] = set()
    total_hidden = False
    if apply:
        hidden, total_hidden = _hidden_keys(result, limit, reports)
        at = result.by.index(MONTH) if MONTH in result.by else None
        for month in months:
            month_hidden, month_total_hidden = _hidden_keys(month, limit, [])
            total_hidden |= month_total_hidden
            if at is None:
                hidden |= month_hidden
                continue
            # broken down by month: the month's cells are this figure's cells of that month
            code = month.period.code
            hidden |= {(*k[:at], code, *k[at:]) for k in month_hidden}
            if month_total_hidden and not month.by:
                hidden.add((code,))
    cells = {k: _figure(unit, c, k in hidden) for k, c in result.cells.items()}
    for key in hidden - set(cells):  # a zero cell hidden as a complement still shows as hidden
        cells[key] = Figure(None, True, 0)
    total = _figure(unit, result.total, total_hidden)
    return Published(result, cells, total, apply, limit if apply else None, reports)
