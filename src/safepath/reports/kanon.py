"""A case-level release made k-anonymous by generalisation and suppression (issue 7, point 4).

Records are plain dicts with the CTDC / HTCDS field names (reference §1.2: ``yearOfRegistration``,
``gender``, ``ageBroad``, ``citizenship``, ``CountryOfExploitation``, ``isForcedLabour``, ...). Over
the quasi-identifiers (by default the five CTDC demographics, plus any the caller names) every
combination of published values must be shared by at least k records; k = 11 by default, the value
CTDC uses for its global k-anonymised dataset.

Method: full-domain generalisation. Each quasi-identifier has a hierarchy of levels (level 0 is the
value as recorded, the top level is ``*``), held as data below. A *node* of the lattice picks one
level per attribute. A node is acceptable when the records in equivalence classes smaller than k
number at most the suppression budget (5 % of the records by default). Among acceptable nodes the
search takes the one losing least information: the smallest sum of normalised levels (level /
height, the generalisation loss), then the smallest discernibility metric, then the fewest records
suppressed, then the lowest levels in attribute order. When the lattice has at most
``MAX_LATTICE`` nodes it is searched exhaustively (on the table of distinct combinations, not on the
records, so a million records cost little more than a thousand); beyond that a greedy walk raises,
one step at a time, the attribute with the most distinct values until the node is acceptable.
Records still in classes smaller than k are then dropped and counted.

Direct identifiers never leave: the output fields are an allow-list and any field that looks like a
name, contact detail, identity number, address, free text, case number, date of birth or exact
date is refused with a ValueError, whether asked for as an output field or as a quasi-identifier.

The hierarchies are not all nested (two-year periods do not nest in the programme's five-year
periods); every level is computed from the recorded value, and the search does not rely on
monotonicity, so this is safe.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils.translation import gettext_lazy

DEFAULT_K: Final = 11
DEFAULT_SUPPRESSION_BUDGET: Final = 0.05
MAX_LATTICE: Final = 50_000
STAR: Final = "*"
MISSING: Final = "-99"  # CTDC's code for a missing value

DEFAULT_QIS: Final = ("yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation")
# CTDC's type-of-exploitation flags: published as they are by default, beside the quasi-identifiers.
CTDC_FLAGS: Final = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
)

# --- what may never leave ---------------------------------------------------------------------------

# Exact field names (compared without case, "_" or "-") that are direct identifiers.
DENIED_FIELDS: Final = frozenset(
    {
        "name",
        "firstname",
        "secondname",
        "middlename",
        "lastname",
        "surname",
        "fullname",
        "prsfirstname",
        "prssecondname",
        "prsmiddlename",
        "prssalutation",
        "prstitle",
        "email",
        "prsemail",
        "phone",
        "prshomephone",
        "prsmobilephone",
        "prsidentitynumber",
        "prsbirthdate",
        "dob",
        "casenumber",
        "caseid",
        "reference",
        "address",
        "notes",
        "comment",
        "description",
    }
)
# Fragments that mark a field as identifying wherever they occur in its (folded) name.
DENIED_FRAGMENTS: Final = (
    "name",
    "phone",
    "email",
    "mail",
    "identity",
    "idnumber",
    "passport",
    "nationalid",
    "cccd",
    "cmnd",
    "address",
    "street",
    "postal",
    "latitude",
    "longitude",
    "birth",
    "date",
    "note",
    "comment",
    "description",
    "details",
    "freetext",
    "narrative",
    "casenumber",
    "caseno",
    "caseref",
    "caseid",
    "personid",
    "salutation",
)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def is_denied(field_name: str) -> bool:
    """True for a field that must never be output (a direct identifier, free text or exact date)."""
    folded = _fold(field_name)
    return folded in DENIED_FIELDS or any(fragment in folded for fragment in DENIED_FRAGMENTS)


# --- hierarchies as data ------------------------------------------------------------------------------

AGE_BANDS: Final = ("0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+")
_AGE_ALIASES: Final = {"09--17": "9--17"}
AGE_LEVELS: Final[tuple[Mapping[str, str], ...]] = (
    {band: band for band in AGE_BANDS},
    {
        "0--8": "0--17",
        "9--17": "0--17",
        "18--20": "18--29",
        "21--23": "18--29",
        "24--26": "18--29",
        "27--29": "18--29",
        "30--38": "30--47",
        "39--47": "30--47",
        "48+": "48+",
    },
    {band: ("0--17" if band in ("0--8", "9--17") else "18+") for band in AGE_BANDS},
)

# ISO 3166 alpha-2 → region, for the countries of Vietnamese migration and trafficking routes
# (reference §1.2 and the places app's common destinations). Any other country is "Other".
COUNTRY_REGIONS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("VN", "KH", "LA", "MM", "TH", "MY", "SG", "ID", "PH", "BN", "TL"), "South-eastern Asia"),
    **dict.fromkeys(("CN", "TW", "HK", "MO", "JP", "KR", "KP", "MN"), "Eastern Asia"),
    **dict.fromkeys(("SA", "AE", "QA", "KW", "BH", "OM", "JO", "LB", "IL", "IQ", "TR", "CY"), "Western Asia"),
    **dict.fromkeys(
        ("DE", "PL", "RO", "RU", "GB", "FR", "HU", "CZ", "SK", "BG", "NL", "BE", "IT", "ES", "PT", "UA", "IE"),
        "Europe",
    ),
    **dict.fromkeys(("AU", "NZ"), "Oceania"),
    **dict.fromkeys(("US", "CA"), "Northern America"),
}
OTHER_REGION: Final = "Other"

# The 34 provincial-level units since 1 July 2025 (GSO codes, places/data/legacy_provinces.json)
# → the six socio-economic regions. UNVERIFIED for merged units that straddle two former regions
# (Phú Thọ, Quảng Ngãi, Gia Lai, Đắk Lắk, Lâm Đồng, Tây Ninh): placed with the region of the unit
# whose name the new province kept.
PROVINCE_REGIONS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("04", "08", "11", "12", "14", "15", "19", "20", "25"), "Northern Midlands and Mountains"),
    **dict.fromkeys(("01", "22", "24", "31", "33", "37"), "Red River Delta"),
    **dict.fromkeys(("38", "40", "42", "44", "46", "48", "51", "56"), "North Central and Central Coast"),
    **dict.fromkeys(("52", "66", "68"), "Central Highlands"),
    **dict.fromkeys(("75", "79", "80"), "Southeast"),
    **dict.fromkeys(("82", "86", "91", "92", "96"), "Mekong River Delta"),
}

HIERARCHY_LABELS: Final[Mapping[str, Any]] = {
    "age": gettext_lazy("Age band"),
    "year": gettext_lazy("Year of registration"),
    "country": gettext_lazy("Country"),
    "gender": gettext_lazy("Sex"),
    "province": gettext_lazy("Province"),
    "suppress": gettext_lazy("Kept or hidden"),
}


@dataclass(frozen=True)
class Hierarchy:
    """A generalisation hierarchy: ``generalise(value, level)`` for level 0 .. height (``*``).

    ``levels[i]`` maps a normalised recorded value to its level-(i+1) value; ``normalise`` turns a
    recorded value into level 0 (or raises ValueError). Missing values (None, "", -99) stay
    ``MISSING`` at every level below the top.
    """

    kind: str
    normalise: Callable[[Any], str]
    levels: tuple[Callable[[str], str], ...] = ()

    @property
    def height(self) -> int:
        return len(self.levels) + 1

    def generalise(self, value: Any, level: int) -> str:
        if not 0 <= level <= self.height:
            raise ValueError(f"level {level} is outside 0..{self.height} for a {self.kind} hierarchy")
        if _is_missing(value):
            return STAR if level == self.height else MISSING
        base = self.normalise(value)
        if level == 0:
            return base
        if level == self.height:
            return STAR
        return self.levels[level - 1](base)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", MISSING)) or value == -99


def _normalise_age(value: Any) -> str:
    text = str(value).strip()
    text = _AGE_ALIASES.get(text, text)
    if text not in AGE_BANDS:
        raise ValueError(f"ageBroad {value!r} is not a CTDC age band ({', '.join(AGE_BANDS)})")
    return text


def _normalise_year(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"yearOfRegistration {value!r} is not a year")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= 2100:
        raise ValueError(f"yearOfRegistration {value!r} is not a year between 1900 and 2100")
    return text


def _two_years(year: str) -> str:
    start = int(year) - int(year) % 2
    return f"{start}--{start + 1}"


def _five_years(year: str) -> str:
    # Aligned on the national programmes 2021-2025 and 2026-2030 (reference §6).
    start = int(year) - (int(year) - 1) % 5
    return f"{start}--{start + 4}"


def _normalise_country(value: Any) -> str:
    text = str(value).strip().upper()
    if re.fullmatch(r"[A-Z]{3}", text):
        import pycountry

        found = pycountry.countries.get(alpha_3=text)
        if found is None:
            raise ValueError(f"country {value!r} is not an ISO 3166 alpha-2 or alpha-3 code")
        return str(found.alpha_2)
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise ValueError(f"country {value!r} is not an ISO 3166 alpha-2 code")
    return text


def _country_region(code: str) -> str:
    return COUNTRY_REGIONS.get(code, OTHER_REGION)


def _normalise_text(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("an empty value cannot be generalised")
    return text


def _normalise_province(value: Any) -> str:
    text = str(value).strip()
    if text not in PROVINCE_REGIONS:
        raise ValueError(f"province {value!r} is not one of the 34 provincial codes in force since 1 July 2025")
    return text


AGE_HIERARCHY: Final = Hierarchy("age", _normalise_age, tuple(mapping.__getitem__ for mapping in AGE_LEVELS[1:]))
YEAR_HIERARCHY: Final = Hierarchy("year", _normalise_year, (_two_years, _five_years))
COUNTRY_HIERARCHY: Final = Hierarchy("country", _normalise_country, (_country_region,))
GENDER_HIERARCHY: Final = Hierarchy("gender", _normalise_text)
PROVINCE_HIERARCHY: Final = Hierarchy("province", _normalise_province, (PROVINCE_REGIONS.__getitem__,))
SUPPRESS_HIERARCHY: Final = Hierarchy("suppress", _normalise_text)

DEFAULT_HIERARCHIES: Final[Mapping[str, Hierarchy]] = {
    "yearOfRegistration": YEAR_HIERARCHY,
    "ageBroad": AGE_HIERARCHY,
    "gender": GENDER_HIERARCHY,
    "citizenship": COUNTRY_HIERARCHY,
    "CountryOfExploitation": COUNTRY_HIERARCHY,
    "vn_Province": PROVINCE_HIERARCHY,
}


# --- the result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnonymisationReport:
    """What the release lost to reach k-anonymity.

    ``levels`` and ``heights``: per quasi-identifier, the level chosen and the top level.
    ``generalisation_loss``: per quasi-identifier, level / height (0 = as recorded, 1 = ``*``);
    ``precision`` is 1 minus their mean (Sweeney's Prec). ``discernibility`` is the discernibility
    metric: the sum of squared class sizes, plus records_in for every suppressed record.
    """

    k: int
    quasi_identifiers: tuple[str, ...]
    levels: dict[str, int]
    heights: dict[str, int]
    records_in: int
    records_out: int
    records_suppressed: int
    suppression_budget: int
    classes: int
    smallest_class: int
    discernibility: int
    search: str
    generalisation_loss: dict[str, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        if not self.generalisation_loss:
            return 1.0
        return 1.0 - sum(self.generalisation_loss.values()) / len(self.generalisation_loss)

    @property
    def average_class_ratio(self) -> float:
        """C_avg: (records out / classes) / k; 1 is the ideal."""
        return (self.records_out / self.classes) / self.k if self.classes else 0.0


@dataclass(frozen=True)
class AnonymisedRelease:
    records: list[dict[str, Any]]
    report: AnonymisationReport


# --- checks ----------------------------------------------------------------------------------------


def _check_fields(names: Iterable[str], what: str) -> tuple[str, ...]:
    if isinstance(names, str):
        raise ValueError(f"{what} must be a sequence of field names, not a single string")
    out = tuple(names)
    for name in out:
        if not isinstance(name, str) or not name:
            raise ValueError(f"{what}: field names must be non-empty strings, not {name!r}")
        if is_denied(name):
            raise ValueError(f"{what}: {name!r} identifies a person and may never be released")
    if len(set(out)) != len(out):
        raise ValueError(f"{what} names a field twice")
    return out


def min_class_size(records: Iterable[Mapping[str, Any]], qis: Sequence[str]) -> int:
    """The size of the smallest equivalence class over ``qis`` (0 for no records)."""
    counts = Counter(tuple(_class_value(r.get(q)) for q in qis) for r in records)
    return min(counts.values()) if counts else 0


def _class_value(value: Any) -> Any:
    return MISSING if _is_missing(value) else value


# --- the search ------------------------------------------------------------------------------------


def k_anonymise(
    records: Iterable[Mapping[str, Any]],
    *,
    k: int = DEFAULT_K,
    quasi_identifiers: Sequence[str] | None = None,
    extra_quasi_identifiers: Sequence[str] = (),
    fields: Sequence[str] | None = None,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    suppression_budget: float = DEFAULT_SUPPRESSION_BUDGET,
) -> AnonymisedRelease:
    """Generalise and suppress ``records`` so every class over the quasi-identifiers has ≥ k records.

    ``quasi_identifiers`` defaults to `DEFAULT_QIS`; ``extra_quasi_identifiers`` are added to it.
    ``fields`` is the allow-list of output fields (default: the quasi-identifiers, then
    `CTDC_FLAGS`); quasi-identifiers among them are output generalised, others as recorded (None
    when absent), and quasi-identifiers not among them are left out. ``hierarchies`` overrides or
    adds to `DEFAULT_HIERARCHIES`; a quasi-identifier without one is kept or hidden whole.
    ``suppression_budget`` is the largest share of records that may be dropped (0 ≤ share < 1).
    Raises ValueError for bad arguments, a denied field or a value a hierarchy does not know.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    if isinstance(suppression_budget, bool) or not isinstance(suppression_budget, int | float):
        raise ValueError(f"suppression_budget must be a share between 0 and 1, not {suppression_budget!r}")
    if not 0 <= suppression_budget < 1 or math.isnan(suppression_budget):
        raise ValueError(f"suppression_budget must be a share between 0 and 1, not {suppression_budget!r}")
    for what, names in (("quasi_identifiers", quasi_identifiers), ("extra_quasi_identifiers", extra_quasi_identifiers)):
        if isinstance(names, str):
            raise ValueError(f"{what} must be a sequence of field names, not a single string")
    qis = _check_fields(
        (*(DEFAULT_QIS if quasi_identifiers is None else quasi_identifiers), *extra_quasi_identifiers),
        "quasi-identifiers",
    )
    if not qis:
        raise ValueError("at least one quasi-identifier is needed")
    out_fields = _check_fields((*qis, *CTDC_FLAGS) if fields is None else fields, "output fields")
    known = {**DEFAULT_HIERARCHIES, **(hierarchies or {})}
    chosen = [known.get(q, SUPPRESS_HIERARCHY) for q in qis]

    rows = list(records)
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ValueError(f"record {i} is not a mapping of field names to values")
    n = len(rows)
    budget = math.floor(suppression_budget * n)

    # The table of distinct recorded combinations, and every level of every attribute for each.
    raw = Counter(tuple(_class_value(r.get(q)) for q in qis) for r in rows)
    combos = list(raw)
    weights = [raw[c] for c in combos]
    generalised: list[list[list[str]]] = []  # [attribute][level][combo]
    for a, hierarchy in enumerate(chosen):
        try:
            generalised.append(
                [[hierarchy.generalise(c[a], level) for c in combos] for level in range(hierarchy.height + 1)]
            )
        except ValueError as exc:
            raise ValueError(f"{qis[a]}: {exc}") from exc
    heights = [h.height for h in chosen]

    def evaluate(node: tuple[int, ...]) -> tuple[int, int, Counter[tuple[str, ...]]]:
        classes: Counter[tuple[str, ...]] = Counter()
        for c, weight in enumerate(weights):
            classes[tuple(generalised[a][node[a]][c] for a in range(len(qis)))] += weight
        small = sum(size for size in classes.values() if size < k)
        dm = sum(size * size for size in classes.values() if size >= k) + small * n
        return small, dm, classes

    def loss(node: tuple[int, ...]) -> float:
        return sum(level / height for level, height in zip(node, heights, strict=True))

    lattice = math.prod(h + 1 for h in heights)
    top = tuple(heights)
    if lattice <= MAX_LATTICE:
        search = "exhaustive"
        best: tuple[tuple[float, int, int, tuple[int, ...]], tuple[int, ...]] | None = None
        for node in itertools.product(*(range(h + 1) for h in heights)):
            score_loss = loss(node)
            if best is not None and score_loss > best[0][0]:
                continue
            small, dm, _ = evaluate(node)
            if small <= budget:
                score = (score_loss, dm, small, node)
                if best is None or score < best[0]:
                    best = (score, node)
        node = best[1] if best is not None else top  # no acceptable node: fewer than k records in all
    else:
        search = "greedy"
        node = tuple(0 for _ in heights)
        while True:
            small, _, _ = evaluate(node)
            if small <= budget or node == top:
                break
            distinct = [(len(set(generalised[a][node[a]])), -a) for a in range(len(qis)) if node[a] < heights[a]]
            _, minus_a = max(distinct)
            node = tuple(level + 1 if a == -minus_a else level for a, level in enumerate(node))

    small, dm, classes = evaluate(node)
    released: list[dict[str, Any]] = []
    for row in rows:
        key = tuple(chosen[a].generalise(_class_value(row.get(q)), node[a]) for a, q in enumerate(qis))
        if classes[key] < k:
            continue
        out: dict[str, Any] = {}
        for name in out_fields:
            if name in qis:
                out[name] = key[qis.index(name)]
            else:
                out[name] = row.get(name)
        released.append(out)
    kept = [size for size in classes.values() if size >= k]
    report = AnonymisationReport(
        k=k,
        quasi_identifiers=qis,
        levels={q: node[a] for a, q in enumerate(qis)},
        heights={q: heights[a] for a, q in enumerate(qis)},
        records_in=n,
        records_out=len(released),
        records_suppressed=n - len(released),
        suppression_budget=budget,
        classes=len(kept),
        smallest_class=min(kept) if kept else 0,
        discernibility=dm,
        search=search,
        generalisation_loss={q: node[a] / heights[a] for a, q in enumerate(qis)},
    )
    return AnonymisedRelease(released, report)
