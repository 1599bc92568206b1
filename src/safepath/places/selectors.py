"""Read access to places: lists for forms, the former→2025 province crosswalk, and conversion of
free-text addresses written under the 63-province system to today's province and commune."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from safepath.core.normalize import clean_text, fold
from safepath.places.models import Country, Ethnicity, LegacyProvince, Province, Ward

logger = logging.getLogger(__name__)

# Longer input is cut: nobody's address is this long, and the package's regexes are not free.
MAX_ADDRESS_LENGTH = 300


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("sort_key", "code")


def province_get(*, code: str) -> Province | None:
    return Province.objects.filter(code=code).first()


def ward_list(*, province_code: str) -> QuerySet[Ward]:
    return Ward.objects.filter(province_id=province_code).order_by("sort_key", "code")


def legacy_province_list() -> QuerySet[LegacyProvince]:
    return LegacyProvince.objects.select_related("successor").order_by("sort_key", "code")


def legacy_province_successor(*, legacy_code: str) -> Province | None:
    legacy = LegacyProvince.objects.select_related("successor").filter(code=legacy_code).first()
    return legacy.successor if legacy is not None else None


def country_list() -> QuerySet[Country]:
    """Common destination and transit countries first, then the rest; each part alphabetical."""
    return Country.objects.order_by("-is_common_destination", "sort_key", "iso2")


def ethnicity_list() -> QuerySet[Ethnicity]:
    """In the official GSO order (01 Kinh, 02 Tày, ...)."""
    return Ethnicity.objects.order_by("code")


def province_choices(*, former: bool) -> list[tuple[str, str]]:
    """(code, name) pairs for a select: the 34 provinces since July 2025, or the 63 before it.

    The two code lists overlap (01 is Hà Nội in both, 15 was Yên Bái and is now Lào Cai), so a
    form that offers both must keep them in separate fields.
    """
    if former:
        return list(legacy_province_list().values_list("code", "name"))
    return list(province_list().values_list("code", "name"))


# --- Converting addresses written before July 2025 ---------------------------------------------


@dataclass(frozen=True)
class ConvertedAddress:
    """Where a pre-July-2025 address lies today. Store both: the text as written and the result."""

    province: Province | None
    ward: Ward | None
    legacy_text: str
    legacy_province: LegacyProvince | None = None


@dataclass(frozen=True)
class _Conversion:
    """What the vietnamadminunits data says about one address string (no database involved)."""

    legacy_province_code: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    ward_code: str | None = None
    ward_name: str | None = None


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _compact(text: str) -> str:
    """Folded, punctuation and spaces dropped: "Xã Ea H'Leo" and "Xã Ea H’leo" agree."""
    return _NOT_ALNUM.sub("", fold(text))


# Old districts that are islands without wards; the package treats them specially.
_SPECIAL_ZONES = frozenset({"huyenbachlongvi", "huyenconco", "huyenhoangsa", "huyenlyson", "huyencondao"})


@functools.cache
def _undivided_ward_index() -> dict[str, dict[str, str]]:
    """new province key -> {old "province_district_ward" key -> new ward key}."""
    from vietnamadminunits.converter import converter_2025 as conv

    index: dict[str, dict[str, str]] = {}
    for new_province_key, wards in conv.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        by_old = index.setdefault(new_province_key, {})
        for new_ward_key, old_keys in wards.items():
            for old_key in old_keys:
                by_old.setdefault(old_key, new_ward_key)
    return index


@functools.lru_cache(maxsize=8192)
def _convert(text: str) -> _Conversion:
    """Old address -> 2025 province and commune, following vietnamadminunits.convert_address.

    This is `convert_address` (vietnamadminunits 1.0.4, converter_2025.py) minus one step: when
    an old commune was split between several new ones and the address has a street part, the
    package geocodes the full street address with ArcGIS over the network to pick one. SafePath
    must never send a victim's address to a third party, so we parse without the street and take
    the package's default successor commune, which is what it does itself when geocoding fails.
    """
    from vietnamadminunits import ParseMode, parse_address
    from vietnamadminunits.converter import converter_2025 as conv

    old = parse_address(text, mode=ParseMode.LEGACY, keep_street=False, level=3)
    if not old.province_key:
        return _Conversion()
    new_province_key = next((k for k, v in conv.DICT_PROVINCE.items() if old.province_key in v), None)
    if new_province_key is None:
        return _Conversion(legacy_province_code=old.province_code)

    new_ward_key: str | None = None
    if old.ward_key or old.district_key in _SPECIAL_ZONES:
        old_key = f"{old.province_key}_{old.district_key}_{old.ward_key or ''}"
        new_ward_key = _undivided_ward_index().get(new_province_key, {}).get(old_key)
        if new_ward_key is None:
            candidates: list[dict[str, Any]] = conv.DICT_PROVINCE_WARD_DIVIDED.get(new_province_key, {}).get(
                old_key, []
            )
            new_ward_key = next((w["newWardKey"] for w in candidates if w["isDefaultNewWard"]), None)

    new_address = ",".join(k for k in (new_ward_key, new_province_key) if k)
    new = parse_address(new_address, mode=ParseMode.FROM_2025, keep_street=False, level=2 if new_ward_key else 1)
    return _Conversion(
        legacy_province_code=old.province_code,
        province_code=new.province_code,
        province_name=new.short_province or new.province,
        ward_code=new.ward_code if new_ward_key else None,
        ward_name=new.ward if new_ward_key else None,
    )


def _match_province(conversion: _Conversion) -> Province | None:
    if conversion.province_code:
        province = Province.objects.filter(code=conversion.province_code).first()
        if province is not None:
            return province
    if conversion.province_name:
        # The two packages number the 34 provinces alike; this is a fallback should they diverge.
        key = fold(conversion.province_name)
        return next((p for p in Province.objects.all() if key in (p.sort_key, fold(p.name))), None)
    return None


def _match_ward(conversion: _Conversion, province: Province) -> Ward | None:
    """By name within the province: vietnamadminunits and vietnam_provinces use different codes
    for about a hundred communes, so the code is only a tie-breaker."""
    if not conversion.ward_name:
        return None
    wards = list(Ward.objects.filter(province=province))
    wanted = clean_text(conversion.ward_name).casefold()
    exact = [w for w in wards if clean_text(w.name).casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    compact = _compact(conversion.ward_name)
    loose = exact or [w for w in wards if _compact(w.name) == compact]
    if len(loose) == 1:
        return loose[0]
    return next((w for w in loose if w.code == conversion.ward_code), None)


def convert_legacy_address(*, text: str) -> ConvertedAddress:
    """Map an address written under the 63-province system ("Xã Tả Van, Huyện Sa Pa, Tỉnh Lào
    Cai", "Hai Duong", "TP HCM") to today's Province and Ward rows. Never raises: anything
    unrecognised gives None for the parts it could not place."""
    legacy_text = clean_text(text) if isinstance(text, str) else ""
    empty = ConvertedAddress(province=None, ward=None, legacy_text=legacy_text)
    if not legacy_text:
        return empty
    try:
        conversion = _convert(legacy_text[:MAX_ADDRESS_LENGTH])
        province = _match_province(conversion)
        ward = _match_ward(conversion, province) if province is not None else None
        legacy = (
            LegacyProvince.objects.filter(code=conversion.legacy_province_code).first()
            if conversion.legacy_province_code
            else None
        )
    except Exception as exc:  # third-party parser on user input: degrade, never fail
        # Only the exception type: its message or traceback could quote the address.
        logger.warning("Could not convert a legacy address (%s)", type(exc).__name__)
        return empty
    return ConvertedAddress(province=province, ward=ward, legacy_text=legacy_text, legacy_province=legacy)
