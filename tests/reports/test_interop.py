"""HXL-tagged CSV and DHIS2 dataValueSets JSON against hand-written expected output."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from safepath.reports.interop import (
    DataValue,
    HxlColumn,
    dhis2_data_value_set,
    dhis2_json,
    dhis2_period,
    hxl_csv,
    normalise_hxl_tag,
    validate_period,
    validate_uid,
)

COLUMNS = [
    HxlColumn("month", "Month", "#date +reported"),
    HxlColumn("province", "Province", "#adm1+name"),
    HxlColumn("women", "Women", "#affected +f"),
    HxlColumn("men", "Men", "#AFFECTED +M"),
    HxlColumn("note", "Note", "#meta +note"),
]


def test_hxl_csv_matches_hand_written_text():
    rows = [
        {"month": dt.date(2026, 11, 1), "province": "Hà Nội", "women": 14, "men": None, "note": "men < 10, hidden"},
        {"month": "2026-11", "province": "Nghệ An", "women": 0, "men": 23},
    ]
    expected = (
        "Month,Province,Women,Men,Note\r\n"
        "#date +reported,#adm1 +name,#affected +f,#affected +m,#meta +note\r\n"
        '2026-11-01,Hà Nội,14,,"men < 10, hidden"\r\n'
        "2026-11,Nghệ An,0,23,\r\n"
    )
    assert hxl_csv(COLUMNS, rows) == expected


def test_hxl_csv_neutralises_formulas_but_not_numbers():
    columns = [HxlColumn("v", "Value", "#indicator +value")]
    text = hxl_csv(
        columns, [{"v": "=HYPERLINK(1)"}, {"v": "-5"}, {"v": "@x"}, {"v": True}, {"v": 1.5}], lineterminator="\n"
    )
    assert text == "Value\n#indicator +value\n'=HYPERLINK(1)\n-5\n'@x\n1\n1.5\n"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("#adm1 +name", "#adm1 +name"),
        ("#Adm1+Name", "#adm1 +name"),
        ("  #sex  ", "#sex"),
        ("#x_1 +a +b_2", "#x_1 +a +b_2"),
    ],
)
def test_hxl_tags_are_normalised(tag, expected):
    assert normalise_hxl_tag(tag) == expected


@pytest.mark.parametrize("tag", ["adm1", "#", "#1adm", "#adm1 name", "#adm1 +", "#adm-1", "#adm1 ++name", "", None])
def test_bad_hxl_tags_are_refused(tag):
    with pytest.raises(ValueError, match="HXL tag"):
        normalise_hxl_tag(tag)


def test_bad_hxl_tables_are_refused():
    with pytest.raises(ValueError, match="at least one column"):
        hxl_csv([], [])
    with pytest.raises(ValueError, match="same key"):
        hxl_csv([HxlColumn("a", "A", "#x"), HxlColumn("a", "B", "#y")], [])
    with pytest.raises(ValueError, match="row 0 is not a mapping"):
        hxl_csv([HxlColumn("a", "A", "#x")], [["a"]])
    with pytest.raises(ValueError, match="cannot be written"):
        hxl_csv([HxlColumn("a", "A", "#x")], [{"a": float("nan")}])


def test_dhis2_payload_matches_hand_written_json():
    values = [
        DataValue("fbfJHSPpUQD", "202611", "DiszpKrYNg8", 14, category_option_combo="PT59n8BQbqM"),
        DataValue("fbfJHSPpUQD", "202611", "DiszpKrYNg8", 23, category_option_combo="pq2XI5kz2BY"),
        DataValue("cYeuwXTCPkU", "2026Q4", "DiszpKrYNg8", Decimal("0.25"), attribute_option_combo="HllvX50cXC0"),
        DataValue("Jtf34kNZhzP", "2026", "ImspTQPwCqd", True),
    ]
    expected = {
        "dataSet": "BfMAe6Itzgt",
        "dataValues": [
            {
                "dataElement": "fbfJHSPpUQD",
                "period": "202611",
                "orgUnit": "DiszpKrYNg8",
                "categoryOptionCombo": "PT59n8BQbqM",
                "value": "14",
            },
            {
                "dataElement": "fbfJHSPpUQD",
                "period": "202611",
                "orgUnit": "DiszpKrYNg8",
                "categoryOptionCombo": "pq2XI5kz2BY",
                "value": "23",
            },
            {
                "dataElement": "cYeuwXTCPkU",
                "period": "2026Q4",
                "orgUnit": "DiszpKrYNg8",
                "attributeOptionCombo": "HllvX50cXC0",
                "value": "0.25",
            },
            {"dataElement": "Jtf34kNZhzP", "period": "2026", "orgUnit": "ImspTQPwCqd", "value": "true"},
        ],
    }
    assert dhis2_data_value_set(values, data_set="BfMAe6Itzgt") == expected
    text = dhis2_json(values, data_set="BfMAe6Itzgt")
    assert json.loads(text) == expected
    assert text.startswith(
        '{\n  "dataSet": "BfMAe6Itzgt",\n  "dataValues": [\n    {\n      "dataElement": "fbfJHSPpUQD",'
    )
    assert text.endswith("}\n")


def test_dhis2_without_data_set():
    assert dhis2_data_value_set([DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", 1.5)]) == {
        "dataValues": [{"dataElement": "fbfJHSPpUQD", "period": "2026", "orgUnit": "DiszpKrYNg8", "value": "1.5"}]
    }


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (dt.date(2026, 11, 30), "monthly", "202611"),
        (dt.date(2026, 1, 1), "monthly", "202601"),
        (dt.date(2026, 11, 30), "quarterly", "2026Q4"),
        (dt.date(2026, 3, 31), "quarterly", "2026Q1"),
        (dt.date(2026, 4, 1), "quarterly", "2026Q2"),
        (dt.date(2026, 11, 30), "yearly", "2026"),
    ],
)
def test_dhis2_periods(day, kind, expected):
    assert dhis2_period(day, kind) == expected
    assert validate_period(expected) == expected


@pytest.mark.parametrize(
    "period", ["202613", "202600", "2026Q5", "2026Q0", "26", "2026-11", "2026W45", "1800", "", 2026]
)
def test_bad_periods_are_refused(period):
    with pytest.raises(ValueError, match="period"):
        validate_period(period)


def test_bad_period_types_and_dates_are_refused():
    with pytest.raises(ValueError, match="period type"):
        dhis2_period(dt.date(2026, 1, 1), "weekly")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a date"):
        dhis2_period("2026-01-01", "monthly")  # type: ignore[arg-type]


@pytest.mark.parametrize("uid", ["fbfJHSPpUQ", "fbfJHSPpUQDx", "1bfJHSPpUQD", "fbfJHSPp-QD", "", None])
def test_bad_uids_are_refused(uid):
    with pytest.raises(ValueError, match="not a DHIS2 UID"):
        validate_uid(uid)


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (DataValue("bad", "2026", "DiszpKrYNg8", 1), {}, "dataElement 'bad' is not a DHIS2 UID"),
        (DataValue("fbfJHSPpUQD", "2026", "bad", 1), {}, "orgUnit 'bad' is not a DHIS2 UID"),
        (DataValue("fbfJHSPpUQD", "2026-11", "DiszpKrYNg8", 1), {}, "is not a DHIS2 period"),
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", 1, category_option_combo="x"), {}, "categoryOptionCombo"),
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", 1, attribute_option_combo="x"), {}, "attributeOptionCombo"),
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", None), {}, "suppressed"),  # type: ignore[arg-type]
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", float("inf")), {}, "not a number"),
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", " "), {}, "empty value"),
        (DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", 1), {"data_set": "nope"}, "dataSet 'nope'"),
    ],
)
def test_bad_data_values_are_refused(value, kwargs, message):
    with pytest.raises(ValueError, match=message):
        dhis2_data_value_set([value], **kwargs)


def test_duplicate_data_values_are_refused():
    value = DataValue("fbfJHSPpUQD", "2026", "DiszpKrYNg8", 1)
    with pytest.raises(ValueError, match="repeats"):
        dhis2_data_value_set([value, value])
    with pytest.raises(ValueError, match="not a DataValue"):
        dhis2_data_value_set([{"dataElement": "fbfJHSPpUQD"}])  # type: ignore[list-item]
