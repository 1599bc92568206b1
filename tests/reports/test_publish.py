"""Publishing: small cells hidden so they cannot be worked out, for counts, percentages and averages."""

from __future__ import annotations

import pytest

from safepath.reports import indicators
from safepath.reports.compute import Cell, Filters, Result
from safepath.reports.periods import Period
from safepath.reports.publish import HIDDEN_MARK, publish
from safepath.reports.suppression import TOTAL, recoverable_cells

OCT = Period.month(2026, 10)


def count_result(code, by, counts, total=None):
    cells = {k: Cell(float(v), float(v), None, v) for k, v in counts.items()}
    t = sum(counts.values()) if total is None else total
    return Result(indicators.get(code), OCT, Filters(), by, cells, Cell(float(t), float(t), None, t))


def published_table(pub, dims):
    """The table as a reader gets it: interior cells, margins by addition of the shown cells, None where hidden."""
    table = {k: (None if f.hidden else int(f.value)) for k, f in pub.cells.items()}
    table[(TOTAL,) * len(dims)] = None if pub.total.hidden else int(pub.total.value)
    if len(dims) == 2:
        rows = {k[0] for k in pub.cells}
        cols = {k[1] for k in pub.cells}
        for r in rows:
            row = [pub.cells.get((r, c)) for c in cols]
            table[(r, TOTAL)] = None if any(f is None or f.hidden for f in row) else sum(int(f.value) for f in row)
        for c in cols:
            col = [pub.cells.get((r, c)) for r in rows]
            table[(TOTAL, c)] = None if any(f is None or f.hidden for f in col) else sum(int(f.value) for f in col)
    return table


def test_a_small_cell_and_its_complement_are_hidden():
    result = count_result("MRC-01", ("channel",), {("on_site",): 40, ("phone",): 3, ("online",): 25, ("email",): 12})
    pub = publish(result, suppress=True, threshold=10)
    assert pub.cells[("phone",)].hidden
    hidden = {k for k, f in pub.cells.items() if f.hidden}
    assert len(hidden) == 2  # the total is shown, so one more cell must go
    assert not pub.total.hidden and pub.total.value == 80
    assert pub.format(pub.cells[("phone",)]) == HIDDEN_MARK
    intervals = recoverable_cells(published_table(pub, ("channel",)), ("channel",))
    assert not any(iv.exact for iv in intervals.values())


def test_two_way_table_cannot_be_undone_from_margins():
    counts = {("female", "18-24"): 30, ("female", "25-34"): 4, ("male", "18-24"): 22, ("male", "25-34"): 17}
    result = count_result("MRC-01", ("sex", "age_band"), counts)
    pub = publish(result, suppress=True, threshold=10)
    assert pub.cells[("female", "25-34")].hidden
    intervals = recoverable_cells(published_table(pub, ("sex", "age_band")), ("sex", "age_band"))
    assert not any(iv.exact for iv in intervals.values())


def test_unsuppressed_shows_everything():
    result = count_result("MRC-01", ("channel",), {("on_site",): 40, ("phone",): 3})
    pub = publish(result, suppress=False)
    assert not any(f.hidden for f in pub.cells.values())
    assert pub.cells[("phone",)].value == 3


def test_indicator_marked_not_suppressed_is_published_as_is():
    result = count_result("MRC-18", ("lang",), {("vi",): 400, ("en",): 2})
    assert not publish(result, suppress=True).cells[("en",)].hidden


def test_small_total_is_hidden():
    result = count_result("MRC-03", (), {(): 4})
    result.cells = {}
    pub = publish(result, suppress=True, threshold=10)
    assert pub.total.hidden


def test_percentage_hidden_when_its_numerator_is_small():
    ind = indicators.get("CT-01")
    cells = {
        ("female",): Cell(20 / 40 * 100, 20, 40, 40),
        ("male",): Cell(3 / 30 * 100, 3, 30, 30),
        ("unknown",): Cell(50.0, 11, 22, 22),
    }
    result = Result(ind, OCT, Filters(), ("sex",), cells, Cell(34 / 92 * 100, 34, 92, 92))
    pub = publish(result, suppress=True, threshold=10)
    assert pub.cells[("male",)].hidden  # 3 people: 10% of 30 would give it away
    assert sum(1 for f in pub.cells.values() if f.hidden) >= 2
    shown = [f for f in pub.cells.values() if not f.hidden]
    assert all(f.value is not None for f in shown)


def test_average_hidden_when_it_rests_on_few_records():
    ind = indicators.get("MRC-11")
    cells = {
        ("medical",): Cell(30.0, 30.0, None, 25),
        ("legal",): Cell(80.0, 80.0, None, 2),
        ("shelter",): Cell(12.0, 12.0, None, 14),
    }
    result = Result(ind, OCT, Filters(), ("service_type",), cells, Cell(28.0, 28.0, None, 41))
    pub = publish(result, suppress=True, threshold=10)
    assert pub.cells[("legal",)].hidden
    assert not pub.cells[("medical",)].hidden


def test_multi_valued_breakdown_protects_each_category():
    ind = indicators.get("MRC-01")
    cells = {
        ("fees_debts",): Cell(50, 50, None, 50),
        ("contracts",): Cell(4, 4, None, 4),
        ("health",): Cell(30, 30, None, 30),
    }
    result = Result(ind, OCT, Filters(), ("topic",), cells, Cell(60, 60, None, 60), multi="topic")
    pub = publish(result, suppress=True, threshold=10)
    assert pub.cells[("contracts",)].hidden
    # topics do not add up to the total, so no complement is needed
    assert not pub.cells[("fees_debts",)].hidden and not pub.cells[("health",)].hidden


@pytest.mark.django_db
def test_rows_in_display_order_with_labels():
    from django.utils import translation

    result = count_result("MRC-01", ("sex",), {("male",): 30, ("female",): 50, ("unknown",): 12})
    result.categories = {"sex": ["female", "male", "unknown"]}
    with translation.override("en"):
        rows = publish(result, suppress=True).rows()
    assert [r["label"] for r in rows] == ["Female", "Male", "Not known"]
    assert [r["text"] for r in rows] == ["50", "30", "12"]
