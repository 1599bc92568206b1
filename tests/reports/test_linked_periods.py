"""A longer period's figures beside its months' figures: no cell hidden in one can be worked out.

The quarter's cells are the sums of its months' cells. Published on their own, a month hides its
small cells and a quarter hides its own; but the quarter's cell for women minus the two visible
months would give the third month's hidden count. The releases are checked together here, as
someone holding all four files would: the month × sex table with its margins, built only from the
published figures, must leave every small hidden cell undetermined.
"""

from __future__ import annotations

import datetime as dt

import pytest

from safepath.cases.models import Consultation
from safepath.reports import selectors
from safepath.reports.compute import Filters
from safepath.reports.periods import Period
from safepath.reports.suppression import TOTAL, recoverable_cells
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

Q4 = Period.quarter(2026, 4)
MONTHS = [Period.month(2026, m) for m in (10, 11, 12)]
# consultations by month and sex: October's 3 women are a small cell
COUNTS = {
    "2026-10": {"female": 3, "male": 30},
    "2026-11": {"female": 20, "male": 25},
    "2026-12": {"female": 15, "male": 12},
}


@pytest.fixture
def consultations(db):
    agency = AgencyFactory(code="HN-MRC", province_id="01")
    rows = []
    for month, by_sex in COUNTS.items():
        year, number = (int(p) for p in month.split("-"))
        for sex, n in by_sex.items():
            rows += [
                Consultation(
                    agency=agency,
                    held_on=dt.date(year, number, 10),
                    channel="phone",
                    migration_stage="potential",
                    outcome="information_given",
                    sex=sex,
                    age_band="25-34",
                    topics=[],
                    province_id="01",
                )
                for _ in range(n)
            ]
    Consultation.objects.bulk_create(rows)


def released(period: Period) -> tuple[dict[str, int | None], int | None]:
    pub = selectors.figure_for_release("MRC-01", period=period, filters=Filters(), by=("sex",))
    cells = {k[0]: (None if f.hidden else int(f.value or 0)) for k, f in pub.cells.items()}
    return cells, None if pub.total.hidden else int(pub.total.value or 0)


def test_the_quarter_hides_what_its_months_hide(consultations):
    october, _ = released(MONTHS[0])
    assert october == {"female": None, "male": None}  # 3 is small, and 30 would give it away
    quarter, quarter_total = released(Q4)
    # Alone, the quarter's 38 women and 67 men are safe; beside November and December they are not.
    assert quarter == {"female": None, "male": None}
    assert quarter_total == 105  # the sum of the months' totals, all published: nothing to hide


def test_all_four_releases_together_give_no_small_cell_away(consultations):
    published: dict[tuple[str, str], int | None] = {}
    for period in MONTHS:
        cells, total = released(period)
        month = period.code
        for sex in ("female", "male"):
            published[(month, sex)] = cells.get(sex, 0)
        published[(month, TOTAL)] = total
    cells, total = released(Q4)
    for sex in ("female", "male"):
        published[(TOTAL, sex)] = cells.get(sex, 0)
    published[(TOTAL, TOTAL)] = total
    intervals = recoverable_cells(published, ("month", "sex"))
    true = {(m, s): n for m, by_sex in COUNTS.items() for s, n in by_sex.items()}
    small = [k for k, v in published.items() if v is None and 0 < true.get(k, 99) < 10]
    assert small == [("2026-10", "female")]
    for key in small:
        assert not intervals[key].exact, key
        low, high = intervals[key].low, intervals[key].high
        assert high is None or high - low >= 10  # not even narrowed to a small range


def test_without_the_months_linked_the_quarter_would_give_october_away(consultations):
    # The check above can fail: the quarter protected on its own shows the women, and then
    # 38 - 20 - 15 = 3 is October's hidden cell.
    from safepath.reports import indicators
    from safepath.reports.compute import compute
    from safepath.reports.publish import publish

    alone = publish(compute(indicators.get("MRC-01"), period=Q4, by=("sex",)), suppress=True)
    assert alone.cells[("female",)].value == 38 and not alone.cells[("female",)].hidden


def test_days_that_are_not_whole_months_are_not_released(consultations):
    with pytest.raises(ValueError, match=r"whole months|cả tháng"):
        selectors.figure_for_release("MRC-01", period=Period.parse("01/10/2026-15/10/2026"), filters=Filters())
    # whole months as days are linked to their months like a quarter
    cells, _ = released(Period.parse("01/10/2026-31/12/2026"))
    assert cells == {"female": None, "male": None}
