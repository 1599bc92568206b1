"""Interoperability exports of aggregate figures: HXL-tagged CSV and DHIS2 ``dataValueSets`` JSON.

Both take figures that have already been through `safepath.reports.suppression` (or are otherwise
fit to leave SafePath); nothing here looks at people.

* **HXL** (Humanitarian Exchange Language, hxlstandard.org): a CSV whose second row holds a hashtag
  per column, ``#hashtag`` followed by ``+attribute`` parts, e.g. ``#date +reported``,
  ``#adm1 +name``, ``#affected +f +children``, ``#indicator +value +num``.
* **DHIS2** ``/api/dataValueSets`` JSON: ``{"dataSet": ..., "dataValues": [{"dataElement",
  "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value"}]}`` where every id is
  a DHIS2 UID (11 characters, a letter then letters or digits), the period is in DHIS2 ISO format
  (``2026`` yearly, ``2026Q4`` quarterly, ``202611`` monthly) and the value is a string. Each data
  value carries its own period and organisation unit, which DHIS2 accepts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

HXL_TAG: Final = re.compile(r"#[a-z][a-z0-9_]*(?: *\+[a-z][a-z0-9_]*)*")
DHIS2_UID: Final = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")
_YEARLY: Final = re.compile(r"(\d{4})")
_QUARTERLY: Final = re.compile(r"(\d{4})Q([1-4])")
_MONTHLY: Final = re.compile(r"(\d{4})(0[1-9]|1[0-2])")
# Cells beginning with these are read as formulas by spreadsheets (CSV injection).
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

PeriodType = Literal["yearly", "quarterly", "monthly"]


# --- HXL -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HxlColumn:
    """One output column: the key read from each row, the header text and the HXL hashtag."""

    key: str
    header: str
    tag: str


def normalise_hxl_tag(tag: str) -> str:
    """``#Adm1+Name`` → ``#adm1 +name``; ValueError when it is not an HXL hashtag spec."""
    if not isinstance(tag, str):
        raise ValueError(f"HXL tag {tag!r} must be a string")
    text = re.sub(r"\s+", " ", tag.strip().lower())
    if not HXL_TAG.fullmatch(text):
        raise ValueError(
            f"{tag!r} is not an HXL tag: expected '#hashtag' then optional '+attribute' parts, "
            "letters, digits and '_' only, e.g. '#adm1 +name'"
        )
    head, *attributes = [part.strip() for part in text.split("+")]
    return " ".join([head, *(f"+{a}" for a in attributes)])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written to a CSV file")
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text  # neutralise a formula; a signed number is left alone
    return text


def hxl_csv(columns: Sequence[HxlColumn], rows: Iterable[Mapping[str, Any]], *, lineterminator: str = "\r\n") -> str:
    """A CSV text: the header row, the HXL hashtag row, then one line per row.

    A row missing a column's key gets an empty cell; None is written empty, booleans as 1/0, dates
    in ISO format. Text that a spreadsheet would take for a formula is prefixed with ``'``.
    """
    if not columns:
        raise ValueError("an HXL table needs at least one column")
    keys = [c.key for c in columns]
    if len(set(keys)) != len(keys):
        raise ValueError("two HXL columns read the same key")
    tags = [normalise_hxl_tag(c.tag) for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([c.header for c in columns])
    writer.writerow(tags)
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ValueError(f"row {i} is not a mapping of keys to values")
        writer.writerow([_cell(row.get(key)) for key in keys])
    return buffer.getvalue()


# --- DHIS2 -----------------------------------------------------------------------------------------


def validate_uid(uid: str, what: str = "id") -> str:
    """A DHIS2 UID: 11 characters, a letter then letters or digits."""
    if not isinstance(uid, str) or not DHIS2_UID.fullmatch(uid):
        raise ValueError(f"{what} {uid!r} is not a DHIS2 UID (11 characters: a letter, then 10 letters or digits)")
    return uid


def validate_period(period: str) -> str:
    """A DHIS2 period in ISO format: ``2026`` (yearly), ``2026Q4`` (quarterly) or ``202611`` (monthly)."""
    if not isinstance(period, str):
        raise ValueError(f"period {period!r} must be a string")
    for pattern in (_YEARLY, _QUARTERLY, _MONTHLY):
        match = pattern.fullmatch(period)
        if match:
            if not 1900 <= int(match.group(1)) <= 2100:
                raise ValueError(f"period {period!r}: the year must be between 1900 and 2100")
            return period
    raise ValueError(
        f"period {period!r} is not a DHIS2 period: use 2026 (yearly), 2026Q4 (quarterly) or 202611 (monthly)"
    )


def dhis2_period(day: dt.date, period_type: PeriodType) -> str:
    """The DHIS2 period of the given type that contains ``day``."""
    if not isinstance(day, dt.date):
        raise ValueError(f"{day!r} is not a date")
    if period_type == "yearly":
        return validate_period(f"{day.year:04d}")
    if period_type == "quarterly":
        return validate_period(f"{day.year:04d}Q{(day.month - 1) // 3 + 1}")
    if period_type == "monthly":
        return validate_period(f"{day.year:04d}{day.month:02d}")
    raise ValueError(f"period type {period_type!r} is not one of yearly, quarterly, monthly")


@dataclass(frozen=True)
class DataValue:
    """One aggregate figure for DHIS2. ``value`` must be published (suppressed cells are left out)."""

    data_element: str
    period: str
    org_unit: str
    value: int | float | Decimal | bool | str
    category_option_combo: str | None = None
    attribute_option_combo: str | None = None


def _value_text(value: Any) -> str:
    if value is None:
        raise ValueError("a suppressed (None) value cannot be sent to DHIS2; leave it out")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"{value!r} is not a number DHIS2 accepts")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a number DHIS2 accepts")
        return repr(value)
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("an empty value cannot be sent to DHIS2")
        return value
    raise ValueError(f"{value!r} is not a value DHIS2 accepts")


def dhis2_data_value_set(values: Iterable[DataValue], *, data_set: str | None = None) -> dict[str, Any]:
    """The ``dataValueSets`` payload as a dict, every id and period checked."""
    payload: dict[str, Any] = {}
    if data_set is not None:
        payload["dataSet"] = validate_uid(data_set, "dataSet")
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str, str, str | None, str | None]] = set()
    for i, item in enumerate(values):
        if not isinstance(item, DataValue):
            raise ValueError(f"data value {i} is not a DataValue")
        entry = {
            "dataElement": validate_uid(item.data_element, "dataElement"),
            "period": validate_period(item.period),
            "orgUnit": validate_uid(item.org_unit, "orgUnit"),
        }
        if item.category_option_combo is not None:
            entry["categoryOptionCombo"] = validate_uid(item.category_option_combo, "categoryOptionCombo")
        if item.attribute_option_combo is not None:
            entry["attributeOptionCombo"] = validate_uid(item.attribute_option_combo, "attributeOptionCombo")
        entry["value"] = _value_text(item.value)
        key = (item.data_element, item.period, item.org_unit, item.category_option_combo, item.attribute_option_combo)
        if key in seen:
            raise ValueError(f"data value {i} repeats {key!r}: DHIS2 would keep only one of them")
        seen.add(key)
        out.append(entry)
    payload["dataValues"] = out
    return payload


def dhis2_json(values: Iterable[DataValue], *, data_set: str | None = None) -> str:
    """The ``dataValueSets`` payload as JSON text (UTF-8, indented, keys in DHIS2's order)."""
    return json.dumps(dhis2_data_value_set(values, data_set=data_set), ensure_ascii=False, indent=2) + "\n"
