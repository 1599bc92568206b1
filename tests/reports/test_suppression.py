"""Small-cell suppression: hand-worked cases, properties, and an independent brute-force attacker."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safepath.reports.suppression import (
    TOTAL,
    CellInterval,
    default_threshold,
    extend_with_margins,
    recoverable_cells,
    suppress_table,
)

T = TOTAL


def lines_of(cells, dims):
    """Every line of the extended table, built independently of the module."""
    n = len(dims)
    axes = [[*sorted({k[d] for k in cells if k[d] != T}), T] for d in range(n)]
    for d in range(n):
        others = [axes[j] for j in range(n) if j != d]
        for rest in itertools.product(*others):
            yield [(*rest[:d], c, *rest[d:]) for c in axes[d]]


# --- hand-worked examples ----------------------------------------------------------------------------


def test_primary_and_cheapest_rectangle():
    # F: a=3 b=20 c=30 (53); M: a=15 b=25 c=12 (52); columns 18 45 42; total 105.
    counts = {("F", "a"): 3, ("F", "b"): 20, ("F", "c"): 30, ("M", "a"): 15, ("M", "b"): 25, ("M", "c"): 12}
    table = suppress_table(counts, ["sex", "place"])
    # Only (F, a) is small. Rectangles around it cost (new cells): (M,b) 20+15+25=60, (M,c) 30+15+12=57,
    # (M,T) 53+15+52, (T,b) 20+18+45, (T,c) 30+18+42, (T,T) 53+18+105: (M, c) is cheapest.
    assert table.primary == {("F", "a")}
    assert table.secondary == {("F", "c"), ("M", "a"), ("M", "c")}
    assert table.cells[("F", "b")] == 20
    assert table.cells[("F", T)] == 53
    assert table.cells[(T, T)] == 105
    report = table.report
    assert (report.interior_cells, report.margin_cells, report.cells) == (6, 6, 12)
    assert (report.suppressed_primary, report.suppressed_secondary, report.suppressed) == (1, 3, 4)
    assert report.hidden_count == 3 + 30 + 15 + 12
    assert report.total_count == 105
    assert report.hidden_share == pytest.approx(60 / 105)
    # F,a = t; F,c = 33 - t; M,a = 18 - t; M,c = 9 + t with t in [0, 18].
    assert recoverable_cells(table.cells, ["sex", "place"]) == {
        ("F", "a"): CellInterval(0, 18),
        ("F", "c"): CellInterval(15, 33),
        ("M", "a"): CellInterval(0, 18),
        ("M", "c"): CellInterval(9, 27),
    }


def test_small_margin_is_hidden_and_protected():
    # A: 2 3 (5); B: 20 30 (50); C: 25 40 (65); columns 47 73; total 120.
    counts = {("A", "x"): 2, ("A", "y"): 3, ("B", "x"): 20, ("B", "y"): 30, ("C", "x"): 25, ("C", "y"): 40}
    table = suppress_table(counts, ["group", "col"])
    # The whole of row A is small, its total too. Column x then holds (A,x) alone: the cheapest
    # rectangle adds (B,x) and (B,y) (50). Column Total holds (A,T) alone: the cheapest rectangle adds (B,T).
    assert table.primary == {("A", "x"), ("A", "y"), ("A", T)}
    assert table.secondary == {("B", "x"), ("B", "y"), ("B", T)}
    assert table.cells[("C", T)] == 65
    assert table.cells[(T, "x")] == 47
    assert table.report.hidden_count == 55
    assert not [k for k, iv in recoverable_cells(table.cells, ["group", "col"]).items() if iv.exact]


def test_one_dimension():
    table = suppress_table({("F",): 3, ("M",): 40}, ["sex"])
    assert table.cells == {("F",): None, ("M",): None, (T,): 43}
    assert table.primary == {("F",)}
    assert table.secondary == {("M",)}
    assert recoverable_cells(table.cells, ["sex"]) == {("F",): CellInterval(0, 43), ("M",): CellInterval(0, 43)}


def test_nothing_small_nothing_hidden():
    counts = {("a", "x"): 10, ("a", "y"): 11, ("b", "x"): 12, ("b", "y"): 0}
    table = suppress_table(counts, ["r", "c"])
    assert table.suppressed == frozenset()
    assert table.cells == extend_with_margins(counts, ["r", "c"])
    assert table.report.hidden_share == 0.0


def test_zeros_published_by_default_hidden_on_request():
    counts = {("a", "x"): 0, ("a", "y"): 30, ("b", "x"): 25, ("b", "y"): 40}
    assert suppress_table(counts, ["r", "c"]).cells[("a", "x")] == 0
    strict = suppress_table(counts, ["r", "c"], zeros_safe=False)
    assert ("a", "x") in strict.primary
    assert strict.cells[("a", "x")] is None
    assert not [k for k, iv in recoverable_cells(strict.cells, ["r", "c"]).items() if iv.exact]


def test_missing_combinations_are_zero_and_categories_keep_their_order():
    table = suppress_table(
        {("b", "x"): 40, ("a", "y"): 50}, ["r", "c"], categories={"r": ["b", "a", "c"], "c": ["y", "x"]}
    )
    assert table.categories == (("b", "a", "c"), ("y", "x"))
    assert table.cells[("c", "x")] == 0
    assert table.cells[("c", T)] == 0
    assert list(table.cells)[:3] == [("b", "y"), ("b", "x"), ("b", T)]


def test_threshold_is_configurable(settings):
    counts = {("a", "x"): 12, ("a", "y"): 30, ("b", "x"): 25, ("b", "y"): 40}
    assert suppress_table(counts, ["r", "c"]).suppressed == frozenset()
    assert ("a", "x") in suppress_table(counts, ["r", "c"], threshold=15).primary
    settings.SAFEPATH_SUPPRESSION_THRESHOLD = 13
    assert default_threshold() == 13
    assert ("a", "x") in suppress_table(counts, ["r", "c"]).primary
    settings.SAFEPATH_SUPPRESSION_THRESHOLD = 0
    with pytest.raises(ValueError, match="SAFEPATH_SUPPRESSION_THRESHOLD"):
        default_threshold()


def test_rounding_down_like_sds():
    counts = {("a", "x"): 3, ("a", "y"): 27, ("b", "x"): 26, ("b", "y"): 44}
    table = suppress_table(counts, ["r", "c"], rounding=5)
    assert table.report.rounding == 5
    published = {k: v for k, v in table.cells.items() if v is not None}
    assert published
    assert all(v % 5 == 0 for v in published.values())
    assert table.cells[(T, T)] == 100
    assert table.suppressed == suppress_table(counts, ["r", "c"]).suppressed
    # A rounded table does not add up, so it cannot be analysed as exact equations.
    with pytest.raises(ValueError, match="does not add up"):
        recoverable_cells(table.cells, ["r", "c"])


def test_three_dimensions_hand_example():
    counts = {
        (s, a, p): 20 + 3 * i
        for i, (s, a, p) in enumerate(itertools.product(["F", "M"], ["child", "adult"], ["01", "79"]))
    }
    counts[("F", "child", "01")] = 4
    table = suppress_table(counts, ["sex", "age", "province"])
    assert table.primary == {("F", "child", "01")}
    # The cheapest hypercube: all 8 corners of the 2x2x2 interior (no margins are cheaper).
    assert table.suppressed == set(counts)
    for line in lines_of(table.cells, table.dims):
        hidden = sum(1 for k in line if table.cells[k] is None)
        assert hidden in (0,) or hidden >= 2
    assert not [k for k, iv in recoverable_cells(table.cells, table.dims).items() if iv.exact]


def test_report_rows_have_labels():
    from django.utils import translation

    table = suppress_table({("F",): 3, ("M",): 40}, ["sex"])
    for lang, published, share, expected in (
        ("en", "Cells published (with totals)", "Share of the total count hidden", "100.0%"),
        ("vi", "Số ô được công bố (kể cả các ô tổng)", "Tỷ lệ tổng số bị ẩn", "100,0%"),  # as Vietnamese write it
    ):
        with translation.override(lang):
            labels = {str(label): value for label, value in table.report.as_rows()}
        assert labels[published] == "3"
        assert labels[share] == expected


# --- the verifier ------------------------------------------------------------------------------------


def test_verifier_finds_subtraction():
    published = extend_with_margins({("a", "x"): 3, ("a", "y"): 30, ("b", "x"): 25, ("b", "y"): 40}, ["r", "c"])
    published[("a", "x")] = None  # alone in its row: 33 - 30
    assert recoverable_cells(published, ["r", "c"]) == {("a", "x"): CellInterval(3, 3)}
    assert recoverable_cells(published, ["r", "c"])[("a", "x")].exact


def test_verifier_finds_a_bridge_the_line_rule_misses():
    rows, cols = ["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"]
    counts = {(r, c): 10 + 3 * i + j for i, r in enumerate(rows) for j, c in enumerate(cols)}
    published: dict[tuple[str, ...], int | None] = dict(extend_with_margins(counts, ["r", "c"]))
    hidden = [
        ("r1", "c1"),
        ("r1", "c2"),
        ("r2", "c1"),
        ("r2", "c2"),  # one 4-cycle
        ("r3", "c3"),
        ("r3", "c4"),
        ("r4", "c3"),
        ("r4", "c4"),  # another
        ("r2", "c3"),  # the bridge between them
    ]
    for key in hidden:
        published[key] = None
    for line in lines_of(published, ["r", "c"]):
        assert sum(1 for k in line if published[k] is None) in (0, 2, 3)  # the line rule holds
    intervals = recoverable_cells(published, ["r", "c"])
    exact = {k for k, iv in intervals.items() if iv.exact}
    assert exact == {("r2", "c3")}
    assert intervals[("r2", "c3")].low == counts[("r2", "c3")]
    # and suppress_table would not leave it so: the same pattern of small cells is protected
    small = {k: (2 if k in hidden else v) for k, v in counts.items()}
    table = suppress_table(small, ["r", "c"])
    assert not [k for k, iv in recoverable_cells(table.cells, ["r", "c"]).items() if iv.exact]


def test_verifier_bounds_from_non_negativity():
    published = extend_with_margins({("a", "x"): 0, ("a", "y"): 5, ("b", "x"): 7, ("b", "y"): 9}, ["r", "c"])
    for key in [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]:
        published[key] = None
    published[("a", T)] = None
    published[("b", T)] = None
    intervals = recoverable_cells(published, ["r", "c"])
    assert intervals[("a", "x")] == CellInterval(0, 7)
    assert intervals[("a", T)] == CellInterval(0, 21)


def test_verifier_with_nothing_hidden():
    assert recoverable_cells(extend_with_margins({("a",): 4, ("b",): 5}, ["x"]), ["x"]) == {}


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "dims", "kwargs", "message"),
    [
        ({("a", "x"): -1}, ["r", "c"], {}, "must not be negative"),
        ({("a", "x"): 1.5}, ["r", "c"], {}, "must be an integer"),
        ({("a", "x"): True}, ["r", "c"], {}, "must be an integer"),
        ({("a",): 1}, ["r", "c"], {}, "tuple of 2 category keys"),
        ({"a": 1}, ["r"], {}, "tuple of 1 category keys"),
        ({("a", T): 1}, ["r", "c"], {}, "reserved for margins"),
        ({("a", ""): 1}, ["r", "c"], {}, "non-empty strings"),
        ({("a", "x"): 1}, [], {}, "at least one dimension"),
        ({("a", "x"): 1}, ["r", "r"], {}, "distinct"),
        ({("a",): 1}, "r", {}, "not a single string"),
        ({("a", "x"): 1}, ["r", "c"], {"threshold": 0}, "threshold must be a positive integer"),
        ({("a", "x"): 1}, ["r", "c"], {"rounding": 0}, "rounding must be a positive integer"),
        ({}, ["r"], {}, "needs its categories"),
        ({("a",): 1}, ["r"], {"categories": {"s": ["a"]}}, "categories must name exactly"),
        ({("a",): 1}, ["r"], {"categories": {"r": ["b"]}}, "not a category of dimension 'r'"),
        ({("a",): 1}, ["r"], {"categories": {"r": ["a", "a"]}}, "lists a category twice"),
        ({("a",): 1}, ["r"], {"categories": {"r": []}}, "has no categories"),
    ],
)
def test_bad_tables_are_refused(counts, dims, kwargs, message):
    with pytest.raises(ValueError, match=message):
        suppress_table(counts, dims, **kwargs)


def test_bad_published_tables_are_refused():
    full = extend_with_margins({("a", "x"): 3, ("a", "y"): 30}, ["r", "c"])
    del full[(T, T)]
    with pytest.raises(ValueError, match="lacks 1 cells or margins"):
        recoverable_cells(full, ["r", "c"])
    bad = dict(extend_with_margins({("a", "x"): 3, ("a", "y"): 30}, ["r", "c"]))
    bad[("a", T)] = 34
    with pytest.raises(ValueError, match="does not add up"):
        recoverable_cells(bad, ["r", "c"])
    contradicting: dict[tuple[str, ...], int | None] = dict(bad)
    contradicting[("a", "x")] = None  # row says 4, column says 3
    with pytest.raises(ValueError, match=r"inconsistent|does not add up"):
        recoverable_cells(contradicting, ["r", "c"])
    with pytest.raises(ValueError, match="must not be negative"):
        recoverable_cells({("a",): -1, (T,): -1}, ["r"])


# --- properties --------------------------------------------------------------------------------------

count = st.one_of(st.integers(0, 12), st.integers(0, 60))


@st.composite
def tables(draw, max_dims=3):
    n = draw(st.integers(1, max_dims))
    sizes = [draw(st.integers(1, 4 if n <= 2 else 3)) for _ in range(n)]
    dims = [f"d{i}" for i in range(n)]
    keys = list(itertools.product(*[[f"v{j}" for j in range(size)] for size in sizes]))
    counts = {k: draw(count) for k in keys}
    return counts, dims


@given(table=tables(), threshold=st.integers(1, 12), zeros_safe=st.booleans())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_suppression_properties(table, threshold, zeros_safe):
    counts, dims = table
    result = suppress_table(counts, dims, threshold=threshold, zeros_safe=zeros_safe)
    original = extend_with_margins(counts, dims)
    assert set(result.cells) == set(original)
    # (a) nothing published is small (zeros only when allowed)
    for key, value in result.cells.items():
        if value is not None:
            assert value >= threshold or (value == 0 and zeros_safe), key
    # (b) every line holds no hidden cell or at least two
    for line in lines_of(result.cells, dims):
        assert sum(1 for k in line if result.cells[k] is None) != 1, line
    # (c) the verifier can work none of them out, and its intervals hold the true counts
    intervals = recoverable_cells(result.cells, dims)
    assert set(intervals) == result.suppressed
    for key, interval in intervals.items():
        assert not interval.exact, key
        assert interval.low <= original[key] and (interval.high is None or original[key] <= interval.high)
    # (d) everything published, margins included, is the true figure
    for key, value in result.cells.items():
        assert value is None or value == original[key]
    # the report agrees with the table
    report = result.report
    small = {k for k, v in original.items() if 0 < v < threshold or (v == 0 and not zeros_safe)}
    assert result.primary == small
    assert not result.primary & result.secondary
    assert report.suppressed_primary == len(result.primary)
    assert report.suppressed_secondary == len(result.secondary)
    assert report.cells == len(original)
    interior = [k for k in original if T not in k]
    assert report.interior_cells == len(interior)
    assert report.hidden_count == sum(original[k] for k in interior if result.cells[k] is None)
    assert report.total_count == original[(T,) * len(dims)]
    assert 0.0 <= report.hidden_share <= 1.0
    # deterministic
    assert suppress_table(counts, dims, threshold=threshold, zeros_safe=zeros_safe) == result


def brute_force_values(published, counts, dims):
    """Every interior table of non-negative integers that gives the same published figures.

    Returns, per hidden cell (interior or margin), the set of values it takes; None if too many."""
    interior = sorted(counts)
    hidden = [k for k in interior if published[k] is None]
    grand = published[(T,) * len(dims)]
    if grand is None:
        return None
    bounds = []
    for key in hidden:
        bound = grand
        for mask in itertools.product((False, True), repeat=len(dims)):
            margin = tuple(T if m else part for part, m in zip(key, mask, strict=True))
            if published[margin] is not None:
                bound = min(bound, published[margin])
        bounds.append(bound)
    size = 1
    for bound in bounds:
        size *= bound + 1
    if size > 60_000:
        return None
    seen = {k: set() for k in published if published[k] is None}
    for values in itertools.product(*[range(b + 1) for b in bounds]):
        candidate = dict(counts)
        candidate.update(zip(hidden, values, strict=True))
        full = extend_with_margins(candidate, dims, categories=categories_of(counts, dims))
        if all(v is None or full[k] == v for k, v in published.items()):
            for key in seen:
                seen[key].add(full[key])
    return seen


def categories_of(counts, dims):
    return {d: sorted({k[i] for k in counts}) for i, d in enumerate(dims)}


@given(table=tables(max_dims=2), threshold=st.integers(2, 8))
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_an_attacker_enumerating_every_table_cannot_pin_a_hidden_cell(table, threshold):
    counts, dims = table
    counts = {k: v % 15 for k, v in counts.items()}
    result = suppress_table(counts, dims, threshold=threshold)
    values = brute_force_values(result.cells, counts, dims)
    assume(values is not None)
    for key, possible in values.items():
        assert len(possible) >= 2, (key, possible)
        assert extend_with_margins(counts, dims)[key] in possible
