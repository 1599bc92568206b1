from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from safepath.reports.periods import Period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("10/2026", D(2026, 10, 1), D(2026, 10, 31), "month"),
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28), "month"),
        ("2/2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("Q4/2026", D(2026, 10, 1), D(2026, 12, 31), "quarter"),
        ("2026Q1", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
        ("q2 2025", D(2025, 4, 1), D(2025, 6, 30), "quarter"),
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("01/10/2026-15/10/2026", D(2026, 10, 1), D(2026, 10, 15), "days"),
        ("1/10/2026 đến 15/10/2026", D(2026, 10, 1), D(2026, 10, 15), "days"),
    ],
)
def test_parse(text, start, end, kind):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(period.code) == period


@pytest.mark.parametrize(
    "text", ["", "13/2026", "Q5/2026", "2026-13", "1899", "31/02/2026-01/03/2026", "hôm qua", "15/10/2026-01/10/2026"]
)
def test_parse_refuses_with_a_message(text):
    with translation.override("en"), pytest.raises(ValueError) as info:
        Period.parse(text)
    assert str(info.value)


def test_labels_in_both_languages():
    with translation.override("vi"):
        assert Period.month(2026, 10).label == "Tháng 10/2026"
        assert Period.quarter(2026, 4).label == "Quý IV/2026"
        assert Period.year(2026).label == "Năm 2026"
    with translation.override("en"):
        assert Period.quarter(2026, 4).label == "Quarter IV/2026"


def test_text_is_how_users_write_it_and_reads_back():
    assert Period.month(2026, 3).text == "03/2026"
    assert Period.quarter(2026, 4).text == "Q4/2026"
    assert Period.year(2026).text == "2026"
    days = Period(D(2026, 10, 1), D(2026, 10, 10))
    for period in (Period.month(2026, 3), Period.quarter(2026, 4), Period.year(2026), days):
        assert Period.parse(period.text) == period


def test_previous_and_months():
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    days = Period(D(2026, 10, 1), D(2026, 10, 10))
    assert days.previous() == Period(D(2026, 9, 21), D(2026, 9, 30))
    assert Period.quarter(2026, 4).months() == [D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)]
    assert Period.last_full_month(D(2026, 11, 24)) == Period.month(2026, 10)


def test_dhis2_periods():
    assert Period.month(2026, 3).dhis2() == "202603"
    assert Period.quarter(2026, 4).dhis2() == "2026Q4"
    assert Period.year(2026).dhis2() == "2026"
    with pytest.raises(ValueError):
        Period(D(2026, 1, 1), D(2026, 1, 5)).dhis2()


def test_spans_of_whole_months_step_by_months_and_others_by_days():
    two_months = Period.parse("01/10/2026-30/11/2026")
    assert two_months.whole_months and len(two_months.months()) == 2
    assert two_months.following() == Period.parse("01/12/2026-31/01/2027")
    assert two_months.previous() == Period.parse("01/08/2026-30/09/2026")
    assert Period.parse("01/02/2026-28/02/2026").following() == Period.parse("01/03/2026-31/03/2026")
    assert Period.parse("01/10/2026-10/10/2026").following() == Period.parse("11/10/2026-20/10/2026")
    assert Period.month(2026, 12).following() == Period.month(2027, 1)


def test_figures_with_hidden_cells_are_given_for_whole_months_only():
    for period in (Period.month(2026, 2), Period.quarter(2026, 4), Period.year(2026)):
        period.check_releasable()  # no error
    Period.parse("01/10/2026-31/12/2026").check_releasable()
    # two overlapping spans of days would count the people of the day between them
    with translation.override("en"), pytest.raises(ValueError, match="whole months") as caught:
        Period.parse("01/10/2026-16/10/2026").check_releasable()
    assert "01/10/2026-31/10/2026" in str(caught.value)  # the message suggests the whole months
    with translation.override("vi"), pytest.raises(ValueError, match="cả tháng"):
        Period.parse("02/10/2026-31/10/2026").check_releasable()
