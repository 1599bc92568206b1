"""Small-cell suppression of aggregate tables before they leave SafePath (issue 7, point 4).

A table is a mapping from a tuple of category keys (one per dimension) to a non-negative count.
What is published is the *extended* table: every interior cell plus every margin. A margin key
holds ``TOTAL`` in the positions that are summed over, so in a sex × province table
``("F", TOTAL)`` is the row total for women, ``(TOTAL, "01")`` the column total for Hà Nội and
``(TOTAL, TOTAL)`` the grand total; a 3-D table also has all its 2-D and 1-D marginals.

Protection, in the usual statistical-disclosure-control order:

1. **Primary suppression.** Every published cell (interior or margin) with ``0 < count <
   threshold`` is hidden; zeros too when the caller says zeros are not safe.
2. **Secondary (complementary) suppression.** A *line* is the set of cells that vary along one
   dimension with every other coordinate fixed, together with its total; each line is one linear
   equation (the categories add up to the total). A line with exactly one hidden cell gives it away
   by subtraction, so every line must hold zero or at least two hidden cells. The complements are
   chosen greedily by the hypercube method: while some hidden cell is alone in a line (the first
   such in table order), the cheapest *hypercube* around it is hidden: one alternative category (or
   TOTAL) per dimension, all 2^n corners, chosen for the fewest zero corners, then the smallest sum
   of newly hidden counts, then table order. Every corner then shares each of its lines with another
   corner, and the cell can move along the hypercube without changing any published figure. The
   line condition is necessary but not sufficient (in a 2-D table a hidden cell that is a *bridge*
   of the graph of hidden cells is still determined by combining equations), so once no line holds
   a lone hidden cell the table is checked with the same exact analysis as `recoverable_cells` and
   a cell still recoverable gets a hypercube too; repeat until stable. Hiding more never makes a
   hidden cell recoverable by elimination, so this terminates.
3. Optionally, like Microsoft's Synthetic Data Showcase used by CTDC (reference §1.3), the published
   counts are rounded *down* to a multiple of a resolution. Off by default. A rounded table no longer
   adds up, so `recoverable_cells` refuses it.

Everything here is pure Python: no database, no Django model. The threshold default comes from the
optional setting ``SAFEPATH_SUPPRESSION_THRESHOLD`` (10 otherwise, CTDC's "no query returns fewer
than 10 records", reference §1.2).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

Key = tuple[str, ...]

TOTAL: Final = "Total"
DEFAULT_THRESHOLD: Final = 10
# Above this many candidate hypercubes for one cell, only the first ones (in table order) are scored.
_MAX_HYPERCUBES: Final = 20_000
# Interval propagation stops after this many passes; the bounds found so far remain valid.
_MAX_PASSES: Final = 200


def default_threshold() -> int:
    """The configured threshold (setting ``SAFEPATH_SUPPRESSION_THRESHOLD``), 10 when unset."""
    try:
        from django.conf import settings

        if settings.configured:
            value = getattr(settings, "SAFEPATH_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                return value
            raise ValueError(f"SAFEPATH_SUPPRESSION_THRESHOLD must be a positive integer, not {value!r}")
    except ImportError:  # pragma: no cover - Django is always installed in SafePath
        pass
    return DEFAULT_THRESHOLD


# --- the extended table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    dims: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]

    @property
    def axes(self) -> tuple[tuple[str, ...], ...]:
        """Per dimension: its categories, then TOTAL."""
        return tuple((*cats, TOTAL) for cats in self.categories)

    def keys(self) -> Iterator[Key]:
        return itertools.product(*self.axes)

    def order(self) -> dict[Key, int]:
        return {key: i for i, key in enumerate(self.keys())}

    def lines(self) -> list[tuple[Key, ...]]:
        """Every line of the extended table; the last key of a line is its total."""
        out: list[tuple[Key, ...]] = []
        axes = self.axes
        for d in range(len(self.dims)):
            others = [axes[j] for j in range(len(axes)) if j != d]
            for rest in itertools.product(*others):
                line = tuple((*rest[:d], c, *rest[d:]) for c in axes[d])
                out.append(line)
        return out


def _check_dims(dims: Sequence[str]) -> tuple[str, ...]:
    if isinstance(dims, str):
        raise ValueError("dims must be a sequence of dimension names, not a single string")
    out = tuple(dims)
    if not out:
        raise ValueError("a table needs at least one dimension")
    for name in out:
        if not isinstance(name, str) or not name:
            raise ValueError(f"dimension names must be non-empty strings, not {name!r}")
    if len(set(out)) != len(out):
        raise ValueError(f"dimension names must be distinct: {list(out)}")
    return out


def _check_key(key: Any, n: int, *, allow_total: bool) -> Key:
    if not isinstance(key, tuple) or len(key) != n:
        raise ValueError(f"cell key {key!r} must be a tuple of {n} category keys, one per dimension")
    for part in key:
        if not isinstance(part, str) or not part:
            raise ValueError(f"cell key {key!r}: category keys must be non-empty strings")
        if part == TOTAL and not allow_total:
            raise ValueError(f"cell key {key!r}: {TOTAL!r} is reserved for margins and cannot be a category")
    return key


def _check_count(key: Key, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"cell {key!r}: the count must be an integer, not {value!r}")
    if value < 0:
        raise ValueError(f"cell {key!r}: the count must not be negative ({value})")
    return value


def _shape_from(dims: tuple[str, ...], keys: Iterable[Key], categories: Mapping[str, Sequence[str]] | None) -> _Shape:
    n = len(dims)
    if categories is not None:
        missing = [d for d in dims if d not in categories]
        extra = [d for d in categories if d not in dims]
        if missing or extra:
            raise ValueError(
                f"categories must name exactly the dimensions {list(dims)} (missing {missing}, unknown {extra})"
            )
        cats: list[tuple[str, ...]] = []
        for name in dims:
            listed = tuple(categories[name])
            if not listed:
                raise ValueError(f"dimension {name!r} has no categories")
            if len(set(listed)) != len(listed):
                raise ValueError(f"dimension {name!r} lists a category twice")
            for category in listed:
                _check_key((category,), 1, allow_total=False)
            cats.append(listed)
        shape = _Shape(dims, tuple(cats))
        for key in keys:
            for d, part in enumerate(key):
                if part != TOTAL and part not in shape.categories[d]:
                    raise ValueError(f"cell key {key!r}: {part!r} is not a category of dimension {dims[d]!r}")
        return shape
    seen: list[set[str]] = [set() for _ in range(n)]
    for key in keys:
        for d, part in enumerate(key):
            if part != TOTAL:
                seen[d].add(part)
    for d, values in enumerate(seen):
        if not values:
            raise ValueError(f"dimension {dims[d]!r} has no categories")
    return _Shape(dims, tuple(tuple(sorted(values)) for values in seen))


def extend_with_margins(
    counts: Mapping[Key, int], dims: Sequence[str], *, categories: Mapping[str, Sequence[str]] | None = None
) -> dict[Key, int]:
    """The interior cells plus every margin (``TOTAL`` in the summed positions).

    Combinations absent from ``counts`` are cells with a count of 0. Categories are taken from the
    keys (sorted) unless ``categories`` gives them in the order wanted.
    """
    full, _ = _extend(counts, dims, categories)
    return full


def _extend(
    counts: Mapping[Key, int], dims: Sequence[str], categories: Mapping[str, Sequence[str]] | None
) -> tuple[dict[Key, int], _Shape]:
    names = _check_dims(dims)
    n = len(names)
    if not isinstance(counts, Mapping):
        raise ValueError("counts must be a mapping from cell keys to counts")
    checked = {_check_key(k, n, allow_total=False): _check_count(k, v) for k, v in counts.items()}
    if not checked and categories is None:
        raise ValueError("an empty table needs its categories")
    shape = _shape_from(names, checked, categories)
    full = dict.fromkeys(shape.keys(), 0)
    masks = list(itertools.product((False, True), repeat=n))
    for key, value in checked.items():
        if value:
            for mask in masks:
                full[tuple(TOTAL if m else part for part, m in zip(key, mask, strict=True))] += value
    return full, shape


# --- the result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressionReport:
    """What suppression did, in figures that can be printed beside the table."""

    threshold: int
    zeros_safe: bool
    rounding: int | None
    interior_cells: int
    margin_cells: int
    suppressed_primary: int
    suppressed_secondary: int
    hidden_count: int
    total_count: int

    @property
    def cells(self) -> int:
        return self.interior_cells + self.margin_cells

    @property
    def suppressed(self) -> int:
        return self.suppressed_primary + self.suppressed_secondary

    @property
    def hidden_share(self) -> float:
        """The share of the grand total that sits in hidden interior cells (0 for an empty table)."""
        return self.hidden_count / self.total_count if self.total_count else 0.0

    def as_rows(self) -> list[tuple[Any, str]]:
        """Label and value pairs for a report footer; labels are lazy translations."""
        return [
            (gettext_lazy("Cells published (with totals)"), str(self.cells)),
            (gettext_lazy("Small cells hidden"), str(self.suppressed_primary)),
            (gettext_lazy("Further cells hidden so small cells cannot be worked out"), str(self.suppressed_secondary)),
            (gettext_lazy("Share of the total count hidden"), number_format(self.hidden_share * 100, 1) + "%"),
            (gettext_lazy("Threshold for small cells"), str(self.threshold)),
            (gettext_lazy("Counts rounded down to a multiple of"), str(self.rounding) if self.rounding else "—"),
        ]


@dataclass(frozen=True)
class SuppressedTable:
    """The table as published: ``cells`` holds interior cells and margins, None where hidden."""

    dims: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    cells: dict[Key, int | None]
    primary: frozenset[Key]
    secondary: frozenset[Key]
    report: SuppressionReport

    @property
    def suppressed(self) -> frozenset[Key]:
        return self.primary | self.secondary


# --- suppression -----------------------------------------------------------------------------------


def suppress_table(
    counts: Mapping[Key, int],
    dims: Sequence[str],
    *,
    threshold: int | None = None,
    zeros_safe: bool = True,
    rounding: int | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> SuppressedTable:
    """Hide small cells and enough others that none can be worked out; see the module docstring.

    ``counts`` maps a tuple of category keys (one per name in ``dims``) to a count; missing
    combinations count 0. ``threshold`` defaults to `default_threshold()`. ``zeros_safe`` (default
    True) publishes zeros. ``rounding``, when given, rounds every published count down to a
    multiple of it. Deterministic: the same input always gives the same output.
    """
    limit = default_threshold() if threshold is None else threshold
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"threshold must be a positive integer, not {threshold!r}")
    if rounding is not None and (isinstance(rounding, bool) or not isinstance(rounding, int) or rounding < 1):
        raise ValueError(f"rounding must be a positive integer or None, not {rounding!r}")
    full, shape = _extend(counts, dims, categories)
    order = shape.order()
    lines = shape.lines()

    primary = {k for k, v in full.items() if 0 < v < limit or (v == 0 and not zeros_safe)}
    hidden = set(primary)

    gave_up: set[Key] = set()
    while True:
        exposed = _alone_in_a_line(lines, hidden)
        if not exposed:
            published = {k: (None if k in hidden else v) for k, v in full.items()}
            exposed = {k for k, iv in _intervals(published, shape, lines).items() if iv.exact} - gave_up
        if not exposed:
            break
        target = min(exposed, key=order.__getitem__)
        corners = _cheapest_hypercube(target, shape, full, hidden, order)
        if corners is None:
            # Every hypercube around it is hidden already, so no line holds it alone; only reachable
            # for a cell pinned by non-negativity. recoverable_cells still reports it.
            gave_up.add(target)
            continue
        hidden |= corners

    secondary = hidden - primary
    cells: dict[Key, int | None] = {}
    for key, value in full.items():
        if key in hidden:
            cells[key] = None
        elif rounding:
            cells[key] = value - value % rounding
        else:
            cells[key] = value
    interior = [k for k in full if TOTAL not in k]
    grand = (TOTAL,) * len(shape.dims)
    report = SuppressionReport(
        threshold=limit,
        zeros_safe=zeros_safe,
        rounding=rounding,
        interior_cells=len(interior),
        margin_cells=len(full) - len(interior),
        suppressed_primary=len(primary),
        suppressed_secondary=len(secondary),
        hidden_count=sum(full[k] for k in interior if k in hidden),
        total_count=full[grand],
    )
    return SuppressedTable(shape.dims, shape.categories, cells, frozenset(primary), frozenset(secondary), report)


def _alone_in_a_line(lines: Sequence[tuple[Key, ...]], hidden: set[Key]) -> set[Key]:
    """Hidden cells that some line holds as its only hidden cell (recoverable by subtraction)."""
    out: set[Key] = set()
    for line in lines:
        inside = [k for k in line if k in hidden]
        if len(inside) == 1:
            out.add(inside[0])
    return out


def _cheapest_hypercube(
    target: Key, shape: _Shape, full: Mapping[Key, int], hidden: set[Key], order: Mapping[Key, int]
) -> set[Key] | None:
    """The 2^n corners around ``target`` whose hiding costs least: fewest zero corners, then least count."""
    alternatives = [[a for a in axis if a != target[d]] for d, axis in enumerate(shape.axes)]
    best: tuple[tuple[int, int, int, int], set[Key]] | None = None
    for alt in itertools.islice(itertools.product(*alternatives), _MAX_HYPERCUBES):
        corners = {tuple(k) for k in itertools.product(*zip(target, alt, strict=True))}
        new = [k for k in corners if k not in hidden]
        if not new:
            continue
        zeros = sum(1 for k in corners if full[k] == 0)
        score = (zeros, sum(full[k] for k in new), len(new), min(order[k] for k in new))
        if best is None or score < best[0]:
            best = (score, corners)
    return None if best is None else best[1]


# --- the verifier ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellInterval:
    """What someone holding the published table can say about one hidden cell: low ≤ count ≤ high.

    ``high`` None means no upper bound. ``exact`` means the cell can be worked out.
    """

    low: int
    high: int | None

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high


def recoverable_cells(published: Mapping[Key, int | None], dims: Sequence[str]) -> dict[Key, CellInterval]:
    """For every hidden cell (None) of a published extended table, the interval it must lie in.

    ``published`` holds the interior cells and every margin, keyed as `extend_with_margins` keys
    them. The intervals use that counts are non-negative integers and every line adds up:

    * exactly, whether the linear system of all the lines determines the cell (exact rational
      elimination: the cell is determined iff its unit vector lies in the row space);
    * bounds propagated through every line equation until stable (valid, possibly not tight);
    * when scipy is installed, the linear-programming minimum and maximum of the cell.

    A cell with ``exact`` True can be recovered from the table. Raises ValueError for a table that
    is malformed or does not add up (a rounded table, for instance).
    """
    names = _check_dims(dims)
    if not isinstance(published, Mapping):
        raise ValueError("published must be a mapping from cell keys to counts or None")
    n = len(names)
    for key, value in published.items():
        _check_key(key, n, allow_total=True)
        if value is not None:
            _check_count(key, value)
    shape = _shape_from(names, published, None)
    missing = [k for k in shape.keys() if k not in published]
    if missing:
        raise ValueError(f"the published table lacks {len(missing)} cells or margins, e.g. {missing[0]!r}")
    return _intervals(published, shape, shape.lines())


def _intervals(
    published: Mapping[Key, int | None], shape: _Shape, lines: Sequence[tuple[Key, ...]]
) -> dict[Key, CellInterval]:
    unknown = [k for k in shape.keys() if published[k] is None]
    if not unknown:
        _check_consistent(published, lines)
        return {}
    index = {k: i for i, k in enumerate(unknown)}
    equations: list[tuple[dict[int, int], int]] = []
    for line in lines:
        coeffs: dict[int, int] = {}
        rhs = 0
        for pos, key in enumerate(line):
            sign = -1 if pos == len(line) - 1 else 1
            value = published[key]
            if value is None:
                coeffs[index[key]] = sign
            else:
                rhs -= sign * value
        if coeffs:
            equations.append((coeffs, rhs))
        elif rhs != 0:
            raise ValueError(f"the published table does not add up along the line ending in {line[-1]!r}")
    determined = _determined(equations, len(unknown))
    low = [0] * len(unknown)
    high: list[int | None] = [None] * len(unknown)
    for i, fixed in determined.items():
        if fixed.denominator != 1 or fixed < 0:
            raise ValueError("the published table is inconsistent: no non-negative whole counts fit it")
        low[i] = high[i] = int(fixed)
    _propagate(equations, low, high)
    lp = _lp_bounds(equations, len(unknown))
    if lp is not None:  # pragma: no cover - scipy is not a SafePath dependency
        for i, (lo, hi) in enumerate(lp):
            low[i] = max(low[i], lo)
            current = high[i]
            if hi is not None:
                high[i] = hi if current is None else min(current, hi)
    return {k: CellInterval(low[i], high[i]) for k, i in index.items()}


def _check_consistent(published: Mapping[Key, int | None], lines: Sequence[tuple[Key, ...]]) -> None:
    for line in lines:
        values = [published[k] or 0 for k in line]
        if sum(values[:-1]) != values[-1]:
            raise ValueError(f"the published table does not add up along the line ending in {line[-1]!r}")


def _determined(equations: Sequence[tuple[dict[int, int], int]], size: int) -> dict[int, Fraction]:
    """Unknowns the system fixes, with their values: exact Gauss-Jordan elimination over Q."""
    rows: list[tuple[int, dict[int, Fraction], Fraction]] = []  # (pivot, row, rhs), kept fully reduced
    for coeffs, rhs in equations:
        row = {j: Fraction(c) for j, c in coeffs.items()}
        b = Fraction(rhs)
        for pivot, pivot_row, pivot_b in rows:
            factor = row.get(pivot)
            if factor:
                _subtract(row, pivot_row, factor)
                b -= factor * pivot_b
        if not row:
            if b != 0:
                raise ValueError("the published table is inconsistent: its totals contradict each other")
            continue
        new_pivot = min(row)
        scale = row[new_pivot]
        row = {j: c / scale for j, c in row.items()}
        b /= scale
        reduced: list[tuple[int, dict[int, Fraction], Fraction]] = []
        for pivot, other, other_b in rows:
            factor = other.get(new_pivot)
            if factor:
                other = dict(other)
                _subtract(other, row, factor)
                other_b -= factor * b
            reduced.append((pivot, other, other_b))
        reduced.append((new_pivot, row, b))
        rows = reduced
    # Reduced row echelon form: no row mentions another row's pivot. The unit vector of an unknown
    # lies in the row space exactly when some row is that unknown alone, and then that row fixes it.
    return {pivot: b for pivot, row, b in rows if len(row) == 1 and 0 <= pivot < size}


def _subtract(row: dict[int, Fraction], other: Mapping[int, Fraction], factor: Fraction) -> None:
    for j, c in other.items():
        new = row.get(j, Fraction(0)) - factor * c
        if new:
            row[j] = new
        else:
            row.pop(j, None)


def _propagate(equations: Sequence[tuple[dict[int, int], int]], low: list[int], high: list[int | None]) -> None:
    """Tighten [low, high] through each equation sum(c_j x_j) = rhs, c_j = ±1, until stable.

    None stands for an infinite bound.
    """
    for _ in range(_MAX_PASSES):
        changed = False
        for coeffs, rhs in equations:
            for i, ci in coeffs.items():
                rest_min: int | None = 0  # bounds of sum_{j != i} c_j x_j; None = -inf / +inf
                rest_max: int | None = 0
                for j, cj in coeffs.items():
                    if j == i:
                        continue
                    lo_j, hi_j = low[j], high[j]
                    if cj > 0:
                        rest_min = None if rest_min is None else rest_min + lo_j
                        rest_max = None if rest_max is None or hi_j is None else rest_max + hi_j
                    else:
                        rest_min = None if rest_min is None or hi_j is None else rest_min - hi_j
                        rest_max = None if rest_max is None else rest_max - lo_j
                if ci > 0:  # x_i = rhs - rest
                    new_low = None if rest_max is None else rhs - rest_max
                    new_high = None if rest_min is None else rhs - rest_min
                else:  # x_i = rest - rhs
                    new_low = None if rest_min is None else rest_min - rhs
                    new_high = None if rest_max is None else rest_max - rhs
                if new_low is not None and new_low > low[i]:
                    low[i] = new_low
                    changed = True
                current = high[i]
                if new_high is not None and (current is None or new_high < current):
                    high[i] = current = new_high
                    changed = True
                if current is not None and current < low[i]:
                    raise ValueError("the published table is inconsistent: no non-negative counts fit it")
        if not changed:
            return


def _lp_bounds(
    equations: Sequence[tuple[dict[int, int], int]], size: int
) -> list[tuple[int, int | None]] | None:  # pragma: no cover - needs scipy, which SafePath does not install
    """Tight bounds by linear programming when scipy is importable, else None."""
    try:
        import math

        from scipy.optimize import linprog
    except ImportError:
        return None
    a_eq = [[float(coeffs.get(j, 0)) for j in range(size)] for coeffs, _ in equations]
    b_eq = [float(rhs) for _, rhs in equations]
    bounds = [(0.0, None)] * size
    out: list[tuple[int, int | None]] = []
    for j in range(size):
        c = [0.0] * size
        c[j] = 1.0
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        c[j] = -1.0
        hi = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        low = math.ceil(lo.fun - 1e-7) if lo.status == 0 else 0
        high = math.floor(-hi.fun + 1e-7) if hi.status == 0 else None
        out.append((low, high))
    return out
