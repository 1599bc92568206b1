"""Deterministic generator of realistic Vietnamese person records for demo data.

Use ``generate_population(count=..., seed=...)``. The same count and seed always give the same list,
and a shorter list is a prefix of a longer one with the same seed. Everything is drawn from one
``random.Random(seed)``; the module-level ``random`` is never used.

What the records look like (see /work/shared/domain/names.md for why it matters):

* Names in Vietnamese order (family, middle, given), NFC, with the real skew of Kinh family names
  (about a third are Nguyễn), so that several people genuinely share a full name.
* Kinh (~75%), H'Mông (~12%, northern mountain provinces only) and Thái, Tày, Nùng, Dao, Mường and
  Khmer (~13%), each from the provinces where the group lives.
* Origin province as a 2025 province code (2 digits, as in ``vietnam_provinces``), plus the former
  (pre-July-2025) province it came from, whose code also starts the CCCD.
* Partial birth dates (year only for ~25%), phones written the ways people type them, CCCDs with
  the century/sex digit and birth year consistent with the person.

The name lists and their weights are data: ``data/names.json`` and ``data/provinces.json``.
Standard library only, apart from ``vietnam_provinces`` (a project dependency) to resolve codes.
"""

from __future__ import annotations

import json
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from vietnam_provinces import Province

__all__ = [
    "ETHNIC_GROUPS",
    "LANGUAGE_NAMES",
    "LEGACY_PROVINCES",
    "PHONE_PREFIXES",
    "REFERENCE_DATE",
    "DemoPerson",
    "generate_population",
]

DATA_DIR = Path(__file__).with_name("data")

#: Ages are computed on this date.
REFERENCE_DATE = date(2026, 6, 30)

#: Languages the generator may put in ``DemoPerson.languages``: ISO 639-1 where it exists,
#: otherwise ISO 639-3 (``hmn`` is the ISO 639-2/-3 code of the Hmong macrolanguage).
#: code -> (Vietnamese name, English name).
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "vi": ("Tiếng Việt", "Vietnamese"),
    "hmn": ("Tiếng H'Mông", "Hmong"),
    "km": ("Tiếng Khmer", "Khmer"),
    "blt": ("Tiếng Thái (Thái Đen)", "Tai Dam (Black Tai)"),
    "tyz": ("Tiếng Tày", "Tày"),
    "nut": ("Tiếng Nùng", "Nùng"),
    "ium": ("Tiếng Dao (Iu Miền)", "Iu Mien (Dao)"),
    "mtq": ("Tiếng Mường", "Mường"),
    "zh": ("Tiếng Trung", "Chinese"),
    "th": ("Tiếng Thái Lan", "Thai"),
    "lo": ("Tiếng Lào", "Lao"),
    "ko": ("Tiếng Hàn", "Korean"),
    "ja": ("Tiếng Nhật", "Japanese"),
    "ms": ("Tiếng Mã Lai", "Malay"),
    "en": ("Tiếng Anh", "English"),
}

#: Mobile prefixes (first three digits of the 10-digit national form) -> network.
#: 089 and 099 are only partly allocated; see _PHONE_FOURTH_DIGIT.
PHONE_PREFIXES: dict[str, str] = {
    **dict.fromkeys(("086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039"), "Viettel"),
    **dict.fromkeys(("088", "091", "094", "081", "082", "083", "084", "085"), "Vinaphone"),
    **dict.fromkeys(("089", "090", "093", "070", "076", "077", "078", "079"), "MobiFone"),
    **dict.fromkeys(("092", "056", "058"), "Vietnamobile"),
    **dict.fromkeys(("099", "059"), "Gmobile"),
}
# Allowed 4th digit where a prefix is only partly allocated (as in libphonenumber's metadata).
_PHONE_FOURTH_DIGIT = {"089": "6789", "099": "3456789"}
_NETWORK_SHARE = {"Viettel": 50, "Vinaphone": 22, "MobiFone": 20, "Vietnamobile": 5, "Gmobile": 3}

# How people write the same number (weights).
_PHONE_STYLES = {
    "plain": 40,  # 0912345678
    "spaced": 22,  # 0912 345 678
    "dotted": 10,  # 0912.345.678
    "intl": 10,  # +84912345678
    "intl_spaced": 10,  # +84 912 345 678
    "intl_no_plus": 8,  # 84912345678
}

# (min age, max age, weight) at REFERENCE_DATE.
_AGE_BANDS = ((14, 17, 10), (18, 25, 32), (26, 35, 30), (36, 45, 20), (46, 65, 8))

_PHONE_SHARE = 0.85
_CCCD_SHARE = 0.70
# Share of people whose CCCD was issued from a birth registration outside their province of origin.
_CCCD_OTHER_PROVINCE = 0.03
_CCCD_OTHER_PREFIXES = {"01": 3, "79": 3, "74": 1, "27": 1}


@dataclass(frozen=True)
class DemoPerson:
    family_name: str
    middle_name: str
    given_name: str
    aliases: tuple[str, ...]
    sex: str  # "female" | "male"
    birth_date: str  # "1998-04-12" or "1998"
    ethnicity_code: str  # GSO 2-digit code
    origin_province_code: str  # 2025 province, 2 digits as in vietnam_provinces ("01", "40", ...)
    phone: str  # as typed; "" when unknown
    id_number: str  # CCCD, 12 digits; "" when unknown
    languages: tuple[str, ...]  # first language first; codes from LANGUAGE_NAMES
    origin_legacy_province_code: str = ""  # former (63-unit) province, 2 digits ("02" Hà Giang)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.middle_name, self.given_name) if part)

    @property
    def birth_year(self) -> int:
        return int(self.birth_date[:4])


# --------------------------------------------------------------------------- data loading


class _Weighted:
    """A weighted choice that draws exactly one ``rng.random()`` per pick."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, weights: Mapping[Any, float] | Iterable[tuple[Any, float]]) -> None:
        pairs = weights.items() if isinstance(weights, Mapping) else weights
        items = [(k, float(w)) for k, w in pairs if float(w) > 0]
        if not items:
            raise ValueError("empty weight table")
        self.values = [k for k, _ in items]
        self.cum = list(accumulate(w for _, w in items))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.cum, rng.random() * self.total)]


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [_nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    return obj


def _load_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return _nfc(json.load(fh))


_PROVINCES_BY_CODENAME: dict[str, Province] = {p.codename: p for p in Province.iter_all()}


def _province_code(codename: str) -> str:
    try:
        return f"{int(_PROVINCES_BY_CODENAME[codename].code):02d}"
    except KeyError as e:  # pragma: no cover - data error
        raise ValueError(f"unknown 2025 province codename {codename!r} in demo data") from e


_NAMES: dict[str, Any] = _load_json("names.json")
_PROVINCE_DATA: dict[str, Any] = _load_json("provinces.json")

#: Former (pre-1 July 2025) provinces: 2-digit GSO code -> (name, code of the 2025 province it joined).
LEGACY_PROVINCES: dict[str, tuple[str, str]] = {
    code: (row["name"], _province_code(row["successor"])) for code, row in _PROVINCE_DATA["legacy_provinces"].items()
}

#: Ethnic groups the generator produces: GSO code -> (Vietnamese name, English name).
ETHNIC_GROUPS: dict[str, tuple[str, str]] = {code: (g["name_vi"], g["name_en"]) for code, g in _NAMES["groups"].items()}


@dataclass
class _Region:
    provinces: _Weighted  # of 2025 province codes
    legacy: dict[str, _Weighted]  # 2025 code -> former province codes
    family: _Weighted | None  # overrides the group's family names
    language: str | None
    own_language_share: float


@dataclass
class _Group:
    code: str
    year_only: float
    jan1_share: float
    alias_share: float
    kinh_given_share: float
    regions: _Weighted  # of _Region
    family: _Weighted | None
    family_by_province: dict[str, _Weighted]
    female_only_family: frozenset[str]
    middle: dict[str, _Weighted]  # sex -> table
    middle_young: dict[str, _Weighted]  # sex -> table for people born 2000 or later
    given: dict[str, _Weighted]
    own_language_only: dict[str, float]


@dataclass
class _Tables:
    female_share: float
    groups: _Weighted  # of _Group
    kinh: _Group
    variants: dict[str, tuple[str, dict[str, float]]]  # family -> (variant, {region: p})
    region_of: dict[str, str]  # 2025 code -> "north" | "central" | "south"
    age_bands: _Weighted
    phone_prefix: _Weighted
    phone_style: _Weighted
    cccd_other: _Weighted
    alias_kind: _Weighted
    nicknames: dict[str, list[str]]
    english: dict[str, list[str]]
    foreign_share: float
    foreign: _Weighted


def _default_legacy() -> dict[str, _Weighted]:
    by_successor: dict[str, dict[str, float]] = {}
    for code, row in _PROVINCE_DATA["legacy_provinces"].items():
        by_successor.setdefault(_province_code(row["successor"]), {})[code] = row["weight"]
    return {succ: _Weighted(w) for succ, w in by_successor.items()}


@cache
def _tables() -> _Tables:
    default_legacy = _default_legacy()
    groups: dict[str, _Group] = {}
    for code, g in _NAMES["groups"].items():
        region_list: list[tuple[_Region, float]] = []
        for r in g["regions"]:
            prov_weights = r["provinces"]
            if isinstance(prov_weights, str):
                prov_weights = _PROVINCE_DATA[prov_weights]
            prov = {_province_code(cn): w for cn, w in prov_weights.items()}
            legacy = dict(default_legacy)
            for cn, w in r.get("legacy", {}).items():
                legacy[_province_code(cn)] = _Weighted(w)
            region = _Region(
                provinces=_Weighted(prov),
                legacy=legacy,
                family=_Weighted(r["family"]) if "family" in r else None,
                language=r.get("language"),
                own_language_share=float(r.get("own_language_share", 0)),
            )
            region_list.append((region, r["weight"]))

        family = g.get("family")
        family_by_province = {}
        for cn, mult in g.get("regional_multipliers", {}).items():
            family_by_province[_province_code(cn)] = _Weighted({k: w * mult.get(k, 1) for k, w in family.items()})
        young = g["middle"].get("young_factor", {})
        groups[code] = _Group(
            code=code,
            year_only=g["year_only"],
            jan1_share=g["jan1_share"],
            alias_share=g["alias_share"],
            kinh_given_share=1.0 if code == "01" else g.get("kinh_given_share", 0.0),
            regions=_Weighted(region_list),
            family=_Weighted(family) if family else None,
            family_by_province=family_by_province,
            female_only_family=frozenset(g.get("female_only_family", ())),
            middle={sex: _Weighted(g["middle"][sex]) for sex in ("female", "male")},
            middle_young={
                sex: _Weighted({k: w * young.get(k, 1) for k, w in g["middle"][sex].items()})
                for sex in ("female", "male")
            },
            given={sex: _Weighted(g["given"][sex]) for sex in ("female", "male")},
            own_language_only=g.get("own_language_only", {}),
        )
    group_w = _Weighted([(groups[code], g["share"]) for code, g in _NAMES["groups"].items()])

    region_of: dict[str, str] = {}
    for region_name in ("central", "south"):
        for cn in _PROVINCE_DATA["regions"][region_name]:
            region_of[_province_code(cn)] = region_name

    kinh = _NAMES["groups"]["01"]
    by_network: dict[str, list[str]] = {}
    for prefix, network in PHONE_PREFIXES.items():
        by_network.setdefault(network, []).append(prefix)
    prefix_w = {p: _NETWORK_SHARE[n] / len(by_network[n]) for p, n in PHONE_PREFIXES.items()}
    aliases = _NAMES["aliases"]
    return _Tables(
        female_share=_NAMES["female_share"],
        groups=group_w,
        kinh=groups["01"],
        variants={fam: (v["variant"], v) for fam, v in kinh.get("regional_variants", {}).items()},
        region_of=region_of,
        age_bands=_Weighted({(lo, hi): w for lo, hi, w in _AGE_BANDS}),
        phone_prefix=_Weighted(prefix_w),
        phone_style=_Weighted(_PHONE_STYLES),
        cccd_other=_Weighted(_CCCD_OTHER_PREFIXES),
        alias_kind=_Weighted(aliases["kinds"]),
        nicknames=aliases["nicknames"],
        english=aliases["english"],
        foreign_share=_NAMES["foreign_languages"]["share"],
        foreign=_Weighted(_NAMES["foreign_languages"]["codes"]),
    )


# --------------------------------------------------------------------------- helpers


def _fold(s: str) -> str:
    """Drop diacritics, as people do when writing a Vietnamese name in English ("Nguyễn" -> "Nguyen")."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _format_phone(national: str, style: str) -> str:
    """``national`` is the 9-digit number without the leading 0."""
    local = "0" + national
    if style == "plain":
        return local
    if style == "spaced":
        return f"{local[:4]} {local[4:7]} {local[7:]}"
    if style == "dotted":
        return f"{local[:4]}.{local[4:7]}.{local[7:]}"
    if style == "intl":
        return "+84" + national
    if style == "intl_spaced":
        return f"+84 {national[:3]} {national[3:6]} {national[6:]}"
    return "84" + national


def _birth(rng: random.Random, t: _Tables, group: _Group) -> tuple[int, str]:
    lo, hi = t.age_bands.pick(rng)
    age = rng.randint(lo, hi)
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
    born = latest - timedelta(days=rng.randrange(365))
    r = rng.random()
    if r < group.year_only:
        return born.year, f"{born.year:04d}"
    if r < group.year_only + (1 - group.year_only) * group.jan1_share:
        # Registered as 1 January of the year when the real date was unknown (common in the uplands).
        return born.year, f"{born.year:04d}-01-01"
    return born.year, born.isoformat()


def _pick_given(rng: random.Random, t: _Tables, group: _Group, sex: str, middle: str) -> str:
    last_middle = middle.split()[-1] if middle else ""
    for _ in range(20):
        if group.kinh_given_share and rng.random() < group.kinh_given_share:
            given = t.kinh.given[sex].pick(rng)
        else:
            given = group.given[sex].pick(rng)
        if given != last_middle:
            return given
    return given  # pragma: no cover


def _family(rng: random.Random, t: _Tables, group: _Group, region: _Region, province: str, sex: str) -> str:
    table = region.family or group.family_by_province.get(province) or group.family
    assert table is not None
    for _ in range(20):
        family = table.pick(rng)
        if not (sex == "male" and family in group.female_only_family):
            break
    if group.code == "01" and family in t.variants:
        variant, probs = t.variants[family]
        if rng.random() < probs.get(t.region_of.get(province, "north"), 0.0):
            family = variant
    return family


def _aliases(
    rng: random.Random, t: _Tables, group: _Group, sex: str, family: str, middle: str, given: str
) -> tuple[str, ...]:
    if rng.random() >= group.alias_share:
        return ()
    if group.code != "01" and rng.random() < 0.6:
        # A Kinh-style name, e.g. used at school or on papers: same family, Văn/Thị, a Kinh given name.
        for _ in range(20):
            kinh_given = t.kinh.given[sex].pick(rng)
            if kinh_given != given:
                break
        return (f"{family} {'Thị' if sex == 'female' else 'Văn'} {kinh_given}",)
    kind = t.alias_kind.pick(rng)
    if kind == "nickname":
        return (rng.choice(t.nicknames[sex]),)
    if kind == "english":
        return (f"{rng.choice(t.english[sex])} {_fold(family)}",)
    if kind == "no_middle" and middle:
        return (f"{family} {given}",)
    return (f"{given} {family}",)


def _languages(rng: random.Random, t: _Tables, group: _Group, region: _Region, sex: str, age: int) -> tuple[str, ...]:
    langs: list[str] = ["vi"]
    if region.language and rng.random() < region.own_language_share:
        only = group.own_language_only
        p_only = only.get(sex, 0.0) + (only.get("over_35_bonus", 0.0) if age > 35 else 0.0)
        langs = [region.language] if rng.random() < p_only else [region.language, "vi"]
    if age >= 16 and rng.random() < t.foreign_share:
        foreign = t.foreign.pick(rng)
        if foreign not in langs:
            langs.append(foreign)
    return tuple(langs)


def _phone(rng: random.Random, t: _Tables, used: set[str]) -> str:
    while True:
        prefix = t.phone_prefix.pick(rng)
        fourth = rng.choice(_PHONE_FOURTH_DIGIT.get(prefix, "0123456789"))
        national = prefix[1:] + fourth + f"{rng.randrange(1_000_000):06d}"
        if national not in used:
            used.add(national)
            return _format_phone(national, t.phone_style.pick(rng))


def _cccd(rng: random.Random, t: _Tables, legacy: str, sex: str, year: int, used: set[str]) -> str:
    place = t.cccd_other.pick(rng) if rng.random() < _CCCD_OTHER_PROVINCE else legacy
    century_sex = (0 if sex == "male" else 1) + (2 if year >= 2000 else 0)
    head = f"0{place}{century_sex}{year % 100:02d}"
    while True:
        number = head + f"{rng.randrange(1_000_000):06d}"
        if number not in used:
            used.add(number)
            return number


def _person(rng: random.Random, t: _Tables, phones: set[str], ids: set[str]) -> DemoPerson:
    group: _Group = t.groups.pick(rng)
    region: _Region = group.regions.pick(rng)
    province: str = region.provinces.pick(rng)
    legacy: str = region.legacy[province].pick(rng)
    sex = "female" if rng.random() < t.female_share else "male"
    year, birth_date = _birth(rng, t, group)
    age = REFERENCE_DATE.year - year

    family = _family(rng, t, group, region, province, sex)
    middle = (group.middle_young if year >= 2000 else group.middle)[sex].pick(rng)
    given = _pick_given(rng, t, group, sex, middle)
    aliases = _aliases(rng, t, group, sex, family, middle, given)
    languages = _languages(rng, t, group, region, sex, age)
    phone = _phone(rng, t, phones) if rng.random() < _PHONE_SHARE else ""
    id_number = _cccd(rng, t, legacy, sex, year, ids) if rng.random() < _CCCD_SHARE else ""
    return DemoPerson(
        family_name=family,
        middle_name=middle,
        given_name=given,
        aliases=aliases,
        sex=sex,
        birth_date=birth_date,
        ethnicity_code=group.code,
        origin_province_code=province,
        phone=phone,
        id_number=id_number,
        languages=languages,
        origin_legacy_province_code=legacy,
    )


def generate_population(*, count: int, seed: int = 2012) -> list[DemoPerson]:
    """Return ``count`` demo people. Deterministic in (count, seed); shorter lists are prefixes of longer ones."""
    if count < 0:
        raise ValueError("count must be >= 0")
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    t = _tables()
    phones: set[str] = set()
    ids: set[str] = set()
    return [_person(rng, t, phones, ids) for _ in range(count)]
