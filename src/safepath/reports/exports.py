"""Interoperability exports of aggregate indicators: HXL-tagged CSV and DHIS2 ``dataValueSets`` JSON.

Both read figures through `selectors.figure_for_release` (small cells always suppressed, with
secondary suppression) within the filters `selectors.user_filters` allows the user, and both are
written to the access log as one export event (which indicators, period and filters; no record ids:
there are none in an aggregate).

**HXL** (long format, one row per indicator and cell of the breakdown, then the indicator's total):

=====================  ==========================================================================
column                 hashtag
=====================  ==========================================================================
Period                 ``#date +period`` (the period's code: ``2026-10``, ``2026Q4``, ``2026``...)
Start, End             ``#date +start``, ``#date +end`` (ISO dates)
Indicator code, name   ``#indicator +code``, ``#indicator +name``
Unit                   ``#indicator +unit`` (count, percent, mean)
per breakdown          a code and a name column; province ``#adm1 +code`` / ``#adm1 +name``; former
dimension              province ``#adm1 +code +former``; destination ``#country``; agency ``#org``;
                       facility ``#loc``; sex ``#sex``; age ``#age``; month ``#date +month``; any
                       other ``#category +<dimension>``. The total row has empty codes and the name
                       "Total".
Value                  ``#indicator +value``; for a percentage also ``#indicator +numerator`` and
                       ``#indicator +denominator``
Suppressed             ``#meta +suppressed``: 1 when the cell is hidden, else 0
=====================  ==========================================================================

*Hidden cells are left empty*, with ``#meta +suppressed`` = 1, rather than written "x": HXL tools
(HXL Proxy, libhxl, pandas) read the value column as numbers, and an "x" would turn the whole column
into text; the explicit flag also tells a hidden cell from a percentage with nothing to divide by
(empty, flag 0). No byte-order mark: HXL files are read by machines first.

**DHIS2**: one data value per indicator and agency (``orgUnit`` = the agency's UID from the setting
``SAFEPATH_DHIS2_ORG_UNITS``, ``{agency code: UID}``), plus the national value under
``SAFEPATH_DHIS2_ROOT_ORG_UNIT`` when the figures cover every agency without a province filter.
Without a configured UID, a *derived* one is used: ``derived_uid("agency:" + code)`` (the SHA-256
of the text mapped to a letter then ten letters or digits), stable across runs and installations,
so a DHIS2 administrator can create the organisation units with those UIDs once. ``dataElement`` is
the indicator's ``dhis2`` UID and ``period`` `Period.dhis2()`. Hidden values are left out (DHIS2
cannot take an empty value), as are agencies with nothing to count (DHIS2 stores no zeros by
default); the national total is sent even when it is zero. Breakdowns are not sent (no category
option combos are configured): the default combination.
"""

from __future__ import annotations

import hashlib
import itertools
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from safepath.reports import indicators, interop, selectors
from safepath.reports import labels as lbl
from safepath.reports import sources as src
from safepath.reports.compute import MONTH, Filters
from safepath.reports.indicators import Indicator
from safepath.reports.periods import Period
from safepath.reports.publish import Figure, Published

MAX_BREAKDOWN: Final = 2
ALPHANUMERIC: Final = string.ascii_letters + string.digits

# Per breakdown dimension: the hashtags of its code and name columns.
DIMENSION_TAGS: Final[dict[str, tuple[str, str]]] = {
    "province": ("#adm1 +code", "#adm1 +name"),
    "legacy_province": ("#adm1 +code +former", "#adm1 +name +former"),
    "destination": ("#country +code", "#country +name"),
    "agency": ("#org +code", "#org +name"),
    "to_agency": ("#org +code +receiving", "#org +name +receiving"),
    "facility": ("#loc +code", "#loc +name"),
    "sex": ("#sex +code", "#sex +name"),
    "age_band": ("#age +code", "#age +name"),
    "age_group": ("#age +code", "#age +name"),
    MONTH: ("#date +month", "#date +month +name"),
}


def dimension_tags(dim: str) -> tuple[str, str]:
    return DIMENSION_TAGS.get(dim, (f"#category +{dim} +code", f"#category +{dim} +name"))


def dimension_label(dim: str) -> str:
    """The name of a breakdown dimension, in the active language."""
    if dim == MONTH:
        return _("month")
    for source in src.sources().values():
        if dim in source.dimensions:
            return str(source.dimensions[dim].label)
    return dim


def breakdown_choices() -> list[tuple[str, str]]:
    """Every dimension some indicator can be broken down by (and the month), with its name."""
    dims: dict[str, None] = {MONTH: None}
    for indicator in indicators.load().indicators:
        dims.update(dict.fromkeys(indicator.disaggregations))
    return [(dim, dimension_label(dim)) for dim in dims]


# --- what to export ----------------------------------------------------------------------------------


def choose_indicators(*, programme: str = "", codes: Sequence[str] = ()) -> list[Indicator]:
    """The indicators named, else those of a programme, else all. ValueError (translated) for unknown ones."""
    found = indicators.load()
    if codes:
        out = []
        for code in codes:
            try:
                out.append(found.get(code))
            except KeyError:
                raise ValueError(_("There is no indicator %(code)s.") % {"code": str(code)[:20]}) from None
        return out
    if programme:
        if programme not in found.programmes:
            raise ValueError(_("There is no programme %(code)s.") % {"code": programme[:40]})
        return found.of_programme(programme)
    return list(found.indicators)


def _require(user: Any) -> None:
    if not user.has_perm("reports.export_aggregates"):
        raise PermissionDenied


def _number(indicator: Indicator, value: float | None) -> int | float | None:
    if value is None:
        return None
    if indicator.unit == "count":
        return round(value)
    return round(value, 2)


def _audit(user: Any, purpose: str, chosen: Sequence[Indicator], period: Period, filters: Filters, **more: Any) -> None:
    from safepath.audit.models import Action
    from safepath.audit.services import audit_record

    audit_record(
        actor=user,
        action=Action.EXPORT,
        purpose=purpose,
        detail={
            "indicators": [i.code for i in chosen],
            "period": period.code,
            "agencies": sorted(filters.agencies) if filters.agencies is not None else "all",
            "province": filters.province,
            "legacy_province": filters.legacy_province,
            **more,
        },
    )


# --- HXL ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HxlTable:
    columns: list[interop.HxlColumn]
    rows: list[dict[str, Any]]

    def csv(self) -> str:
        return interop.hxl_csv(self.columns, self.rows)


def _names(dim: str, published: Published) -> dict[str, tuple[str, str]]:
    """{code: (code shown, name)} for a dimension: agencies by their short code and name."""
    if dim == "agency" or dim == "to_agency":
        from django.utils.translation import get_language

        from safepath.accounts.models import Agency

        field = "name_en" if (get_language() or "vi").startswith("en") else "name_vi"
        return {str(a["id"]): (a["code"], a[field]) for a in Agency.objects.values("id", "code", field)}
    names = published.labels().get(dim, {})
    return {code: (code, names.get(code, code)) for code in published.result.categories.get(dim, [])}


def _hxl_value(indicator: Indicator, figure: Figure, row: dict[str, Any]) -> None:
    row["suppressed"] = 1 if figure.hidden else 0
    row["value"] = None if figure.hidden else _number(indicator, figure.value)
    if indicator.unit == "percent":  # the counts a percentage rests on: whole numbers
        row["numerator"] = None if figure.hidden or figure.numerator is None else round(figure.numerator)
        row["denominator"] = None if figure.hidden or figure.denominator is None else round(figure.denominator)


def hxl_table(chosen: Sequence[Indicator], *, period: Period, filters: Filters, by: Sequence[str] = ()) -> HxlTable:
    """The long HXL table of the indicators for the period (no permission check: see `hxl_export`).

    An indicator that cannot be broken down by ``by`` gets its total row only.
    """
    by = tuple(by)
    if len(by) > MAX_BREAKDOWN or len(set(by)) != len(by):
        raise ValueError(_("Choose at most two different breakdowns."))
    columns = [
        interop.HxlColumn("period", _("Period"), "#date +period"),
        interop.HxlColumn("start", _("Start"), "#date +start"),
        interop.HxlColumn("end", _("End"), "#date +end"),
        interop.HxlColumn("code", _("Indicator code"), "#indicator +code"),
        interop.HxlColumn("name", _("Indicator"), "#indicator +name"),
        interop.HxlColumn("unit", _("Unit"), "#indicator +unit"),
    ]
    for dim in by:
        code_tag, name_tag = dimension_tags(dim)
        label = dimension_label(dim)
        columns.append(interop.HxlColumn(f"{dim}_code", _("%(dim)s (code)") % {"dim": label}, code_tag))
        columns.append(interop.HxlColumn(f"{dim}_name", label, name_tag))
    columns.append(interop.HxlColumn("value", _("Value"), "#indicator +value"))
    if any(i.unit == "percent" for i in chosen):
        columns.append(interop.HxlColumn("numerator", _("Numerator"), "#indicator +numerator"))
        columns.append(interop.HxlColumn("denominator", _("Denominator"), "#indicator +denominator"))
    columns.append(interop.HxlColumn("suppressed", _("Hidden (small number)"), "#meta +suppressed"))
    rows: list[dict[str, Any]] = []
    base = {"period": period.code, "start": period.start, "end": period.end}
    for indicator in chosen:
        dims = by if by and all(d == MONTH or d in indicator.disaggregations for d in by) else ()
        try:
            published = selectors.figure_for_release(indicator.code, period=period, filters=filters, by=dims)
        except ValueError:  # e.g. a caseload cannot be broken down by month: its total only
            dims = ()
            published = selectors.figure_for_release(indicator.code, period=period, filters=filters)
        head = {**base, "code": indicator.code, "name": str(indicator.name), "unit": indicator.unit}
        if dims:
            names = {dim: _names(dim, published) for dim in dims}
            categories = [published.result.categories.get(dim, []) for dim in dims]
            for key in itertools.product(*categories):
                row = dict(head)
                for dim, code in zip(dims, key, strict=True):
                    shown, name = names[dim].get(code, (code, lbl.label(dim, code)))
                    row[f"{dim}_code"] = shown
                    row[f"{dim}_name"] = name
                _hxl_value(indicator, published.cell(*key), row)
                rows.append(row)
        total = dict(head)
        for dim in by:
            total[f"{dim}_name"] = _("Total")
        _hxl_value(indicator, published.total, total)
        rows.append(total)
    return HxlTable(columns, rows)


def hxl_export(
    *,
    user: Any,
    chosen: Sequence[Indicator],
    period: Period,
    agency: str = "",
    province: str = "",
    legacy_province: str = "",
    by: Sequence[str] = (),
) -> str:
    """The HXL CSV for a user (their scope, always suppressed); one export event in the access log."""
    _require(user)
    filters = selectors.user_filters(user, agency=agency, province=province, legacy_province=legacy_province)
    text = hxl_table(chosen, period=period, filters=filters, by=by).csv()
    _audit(user, "hxl_export", chosen, period, filters, by=list(by))
    return text


# --- DHIS2 -------------------------------------------------------------------------------------------


def derived_uid(text: str) -> str:
    """A DHIS2 UID derived from a text: a letter, then ten letters or digits, from its SHA-256."""
    digest = hashlib.sha256(f"safepath-dhis2:{text}".encode()).digest()
    uid = string.ascii_letters[digest[0] % 52] + "".join(ALPHANUMERIC[b % 62] for b in digest[1:11])
    return interop.validate_uid(uid)


def org_unit(agency_code: str) -> str:
    """The agency's DHIS2 organisation unit: configured, else derived from its code."""
    configured = getattr(settings, "SAFEPATH_DHIS2_ORG_UNITS", None) or {}
    uid = configured.get(agency_code)
    if uid:
        return interop.validate_uid(str(uid), f"SAFEPATH_DHIS2_ORG_UNITS[{agency_code!r}]")
    return derived_uid(f"agency:{agency_code}")


def root_org_unit() -> str:
    configured = getattr(settings, "SAFEPATH_DHIS2_ROOT_ORG_UNIT", "") or ""
    if configured:
        return interop.validate_uid(str(configured), "SAFEPATH_DHIS2_ROOT_ORG_UNIT")
    return derived_uid("root")


def dhis2_values(chosen: Sequence[Indicator], *, period: Period, filters: Filters) -> list[interop.DataValue]:
    """The data values of the indicators for the period, per agency and national; hidden ones left out."""
    from safepath.accounts.models import Agency

    pe = period.dhis2()
    codes = {str(a["id"]): a["code"] for a in Agency.objects.values("id", "code")}
    national = filters.agencies is None and not filters.province and not filters.legacy_province
    out: list[interop.DataValue] = []
    for indicator in chosen:
        by = ("agency",) if "agency" in indicator.disaggregations else ()
        published = selectors.figure_for_release(indicator.code, period=period, filters=filters, by=by)
        if by:
            for (agency_id,), figure in sorted(published.cells.items(), key=lambda item: codes.get(item[0][0], "")):
                value = _number(indicator, figure.value)
                if figure.hidden or value is None or agency_id not in codes:
                    continue
                out.append(interop.DataValue(indicator.dhis2, pe, org_unit(codes[agency_id]), value))
        value = _number(indicator, published.total.value)
        if national and not published.total.hidden and value is not None:
            out.append(interop.DataValue(indicator.dhis2, pe, root_org_unit(), value))
    return out


def dhis2_payload(chosen: Sequence[Indicator], *, period: Period, filters: Filters) -> str:
    data_set = getattr(settings, "SAFEPATH_DHIS2_DATA_SET", None) or None
    return interop.dhis2_json(dhis2_values(chosen, period=period, filters=filters), data_set=data_set)


def dhis2_export(
    *,
    user: Any,
    chosen: Sequence[Indicator],
    period: Period,
    agency: str = "",
    province: str = "",
    legacy_province: str = "",
) -> str:
    """The DHIS2 ``dataValueSets`` JSON for a user; one export event in the access log.

    ValueError (translated) for a period DHIS2 cannot take (a span of days).
    """
    _require(user)
    if period.kind not in ("month", "quarter", "year"):
        raise ValueError(_("DHIS2 takes a month, a quarter or a year: choose one of those."))
    filters = selectors.user_filters(user, agency=agency, province=province, legacy_province=legacy_province)
    text = dhis2_payload(chosen, period=period, filters=filters)
    _audit(user, "dhis2_export", chosen, period, filters)
    return text
