from __future__ import annotations

from datetime import date

import pytest

from safepath.core.dates import PartialDate, PartialDateError, parse_partial_date

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("raw", "iso", "precision"),
    [
        ("12/05/1990", "1990-05-12", "day"),
        ("12-5-1990", "1990-05-12", "day"),
        ("1.2.2001", "2001-02-01", "day"),
        ("05/1990", "1990-05", "month"),
        ("1990", "1990", "year"),
        ("1990-05-12", "1990-05-12", "day"),
    ],
)
def test_vietnamese_date_forms(raw, iso, precision):
    pd = parse_partial_date(raw, today=TODAY)
    assert pd.iso() == iso
    assert pd.precision == precision


@pytest.mark.parametrize("raw", ["31/02/1990", "1890", "2027", "13/13/1990", "yesterday", "01/01/2030", "5/13/1990"])
def test_bad_dates_say_what_to_do(raw):
    with pytest.raises(PartialDateError) as err:
        parse_partial_date(raw, today=TODAY)
    assert str(err.value)


def test_display_is_day_first():
    assert PartialDate(1990, 5, 12).display() == "12/05/1990"
    assert PartialDate.from_iso("1990-05").display() == "05/1990"
    assert PartialDate.from_iso("garbage") is None
