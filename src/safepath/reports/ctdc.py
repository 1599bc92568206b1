"""The case-level export in the CTDC / HTCDS field names, made k-anonymous (issue 7, point 4).

One row per *person* (not per case: k must count people, and a person with two cases in the years
chosen would otherwise count twice in their class). The row is built from `cases.Case` and the plain
columns of `people.Person` only (sex, year of birth, province of origin): never an encrypted field,
a name, a number, an id, a date finer than the year or free text. Column names and codes follow the
CTDC codebook (reference §1.2) and HTCDS 2.0 (§1.1):

* ``yearOfRegistration``: the year the person's first case in the selection was opened;
* ``Datasource``: ``Case Management``;
* ``gender``: ``Woman`` / ``Man`` / ``Trans/Transgender/NonConforming`` (SafePath's "other");
* ``ageBroad``: the CTDC band of (year opened − year of birth); ``majorityStatus`` ``Adult`` /
  ``Minor``, derived *after* anonymisation from the published band so it never says more than it;
* ``citizenship``: ``VN`` (Person has no citizenship column; everyone SafePath serves is Vietnamese)
  unless a case says ``foreign_victim``, then unknown (``-99``);
* ``CountryOfExploitation``: the destination country (ISO 3166 alpha-2) of the first case that has one;
* ``vn_Province``: the province of origin (the 34 units since July 2025; a former province counts
  under the one it merged into), optional;
* ``meansOfControl*``, ``is*Exploit*`` and ``recruiterRelation*`` flags, unioned over the person's
  cases: 1/0, or ``-99`` for all of a group when none of the cases records it;
* ``vic_TraffickingStatus`` (HTCDS): the strongest of the cases (actual > possible).

Then `kanon.k_anonymise` over the quasi-identifiers (year, gender, age band, citizenship, country of
exploitation and, unless left out, province), k = 11 by default. ``-99`` is a value that was not
recorded; ``*`` a value withheld by the anonymisation.

The export runs as a background job (`safepath.reports.tasks_exports`). **Where the file is kept:**
in the job's ``result`` (base64 of the zip), not under ``VAR_DIR``: the web servers and the
``db_worker`` processes may run on different machines (architecture: "the app servers are
stateless"), so a file written by a worker could not be served by the web server, while the
database is shared by all. A zip larger than `MAX_ZIP_BYTES` is refused with a message asking for
fewer years. The zip is removed from the job after `KEEP_HOURS` (`case_export_cleanup`, run by every
new export; a download after that time is refused even before the cleanup ran). Only the user who
started an export may download it, and every download is written to the access log as one export
event (who, how many rows, which parameters), never one event per case.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from safepath.core import policy
from safepath.reports import kanon
from safepath.reports.kanon import MISSING, STAR

DATASOURCE: Final = "Case Management"
MIN_K: Final = 5
MAX_K: Final = 100
MIN_YEAR: Final = 2000
MAX_YEARS: Final = 11  # the two programmes together
MAX_ZIP_BYTES: Final = 20 * 1024 * 1024
KEEP_HOURS: Final = 24
PROGRESS_EVERY: Final = 5000
CSV_NAME: Final = "ctdc_cases.csv"
README_NAME: Final = "README.txt"
REPORT_NAME: Final = "anonymisation.json"

# --- codes -------------------------------------------------------------------------------------------

GENDERS: Final[Mapping[str, str]] = {
    "female": "Woman",
    "male": "Man",
    "other": "Trans/Transgender/NonConforming",
}
MAJORITY_OF_BAND: Final[Mapping[str, str]] = {
    **dict.fromkeys(("0--8", "9--17", "0--17"), "Minor"),
    **dict.fromkeys(
        ("18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "18--29", "30--47", "18+"), "Adult"
    ),
}
QUASI_IDENTIFIERS: Final = ("yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation")
PROVINCE_QI: Final = "vn_Province"

# CTDC meansOfControl* (codebook v6), in the codebook's order. SafePath's codes (cases.choices.MeansOfControl)
# are the CTDC names; any other code counts as meansOfControlOther.
MEANS: Final = (
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
)
MEANS_FIELDS: Final = (*(f"meansOfControl{m}" for m in MEANS), "meansOfControlNotSpecified")

# HTCDS vic_TypeOfExploitation (cases.choices.ExploitationType) → CTDC flag. CTDC counts begging and
# illicit activities as sectors of forced labour (typeOfLabourBegging, typeOfLabourIllicitActivities),
# so forced begging and forced criminality (online-scam compounds) are forced labour; child labour is
# the forced labour of a child; servitude is a practice similar to slavery. Forced adoption, surrogacy,
# "Other" and any code not listed here are isOtherExploit.
EXPLOITATION_FLAGS: Final[Mapping[str, str]] = {
    "ForcedLabour": "isForcedLabour",
    "ChildLabour": "isForcedLabour",
    "ForcedBegging": "isForcedLabour",
    "vn_ForcedCriminality": "isForcedLabour",
    "SexualExploitation": "isSexualExploit",
    "ForcedMarriage": "isForcedMarriage",
    "ForcedMilitaryByNonStateActors": "isForcedMilitary",
    "OrganRemoval": "isOrganRemoval",
    "Servitude": "isSlaveryAndPractices",
    "ForcedAdoption": "isOtherExploit",
    "Surrogacy": "isOtherExploit",
    "Other": "isOtherExploit",
}
# CTDC recruiterRelation*; SafePath's strangers and brokers are "Other" in CTDC's five categories.
RELATIONS: Final = ("IntimatePartner", "Friend", "Family", "Other", "Unknown")
RELATION_FIELDS: Final = tuple(f"recruiterRelation{r}" for r in RELATIONS)
RELATION_OF: Final[Mapping[str, str]] = {
    "IntimatePartner": "IntimatePartner",
    "Friend": "Friend",
    "Family": "Family",
    "Unknown": "Unknown",
    "Other": "Other",
    "vn_Stranger": "Other",
    "vn_Broker": "Other",
}
# HTCDS vic_TraffickingStatus from the legal status (Law 53/2024); without one, from the case type.
ACTUAL: Final = "ActualVictimOfTrafficking"
POSSIBLE: Final = "PossibleVictimOfTrafficking"
STATUS_RANK: Final[Mapping[str, int]] = {MISSING: 0, POSSIBLE: 1, ACTUAL: 2}
STATUS_OF_LEGAL: Final[Mapping[str, str]] = {
    "victim": ACTUAL,
    "foreign_victim": ACTUAL,
    "under_identification_abroad": POSSIBLE,
    "under_identification_vietnam": POSSIBLE,
}
STATUS_OF_TYPE: Final[Mapping[str, str]] = {"identified_victim": ACTUAL, "suspected_trafficking": POSSIBLE}
TRAFFICKING_TYPES: Final = ("suspected_trafficking", "identified_victim")
TRAFFICKING_LEGAL: Final = (
    "victim",
    "foreign_victim",
    "accompanying_minor",
    "under_identification_abroad",
    "under_identification_vietnam",
)

PROFILE_FIELDS: Final = ("vic_TraffickingStatus", *MEANS_FIELDS, *kanon.CTDC_FLAGS, *RELATION_FIELDS)
DEMOGRAPHIC_FIELDS: Final = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)
AGE_LIMITS: Final = ((8, "0--8"), (17, "9--17"), (20, "18--20"), (23, "21--23"), (26, "24--26"), (29, "27--29"))
AGE_LIMITS_2: Final = ((38, "30--38"), (47, "39--47"))

# What each generalisation level of each hierarchy means, for the companion report.
LEVEL_NAMES: Final[Mapping[str, tuple[Any, ...]]] = {
    "year": (
        gettext_lazy("year as recorded"),
        gettext_lazy("two-year periods"),
        gettext_lazy("five-year programme periods (2021–2025, 2026–2030)"),
    ),
    "age": (
        gettext_lazy("CTDC age bands"),
        gettext_lazy("broad bands (0–17, 18–29, 30–47, 48+)"),
        gettext_lazy("minor or adult"),
    ),
    "country": (gettext_lazy("country as recorded"), gettext_lazy("world region")),
    "gender": (gettext_lazy("as recorded"),),
    "province": (gettext_lazy("province as recorded"), gettext_lazy("socio-economic region")),
    "suppress": (gettext_lazy("as recorded"),),
}
WITHHELD: Final = gettext_lazy("withheld entirely (*)")


# --- options -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseExportOptions:
    """What to export: the years the cases were opened, k, and two choices."""

    year_from: int
    year_to: int
    k: int = kanon.DEFAULT_K
    with_province: bool = True
    all_case_types: bool = False

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        this_year = timezone.localdate().year
        for name in ("year_from", "year_to"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= this_year:
                errors[name] = [_("Choose a year between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": this_year}]
        if not errors and self.year_to < self.year_from:
            errors["year_to"] = [_("The last year comes before the first.")]
        elif not errors and self.year_to - self.year_from + 1 > MAX_YEARS:
            errors["year_to"] = [_("Choose at most %(n)s years.") % {"n": MAX_YEARS}]
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not MIN_K <= self.k <= MAX_K:
            errors["k"] = [_("k must be a whole number between %(low)s and %(high)s.") % {"low": MIN_K, "high": MAX_K}]
        if errors:
            raise ValidationError(errors)

    @property
    def quasi_identifiers(self) -> tuple[str, ...]:
        return (*QUASI_IDENTIFIERS, PROVINCE_QI) if self.with_province else QUASI_IDENTIFIERS

    @property
    def columns(self) -> tuple[str, ...]:
        province = (PROVINCE_QI,) if self.with_province else ()
        return (*DEMOGRAPHIC_FIELDS, *province, *PROFILE_FIELDS)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the cases ---------------------------------------------------------------------------------------


def case_queryset(*, agencies: frozenset[str] | None, options: CaseExportOptions) -> QuerySet[Any]:
    """The cases the export reads: in scope, opened in the years, trafficking-related unless all are asked
    for, not closed as a duplicate. Ordered by person, then date, so one person's cases come together."""
    from safepath.cases.models import Case

    qs = Case.objects.filter(
        opened_on__gte=dt.date(options.year_from, 1, 1), opened_on__lte=dt.date(options.year_to, 12, 31)
    ).exclude(closure_reason="duplicate")
    if agencies is not None:
        qs = qs.filter(agency_id__in=sorted(agencies))
    if not options.all_case_types:
        qs = qs.filter(Q(case_type__in=TRAFFICKING_TYPES) | Q(legal_status__in=TRAFFICKING_LEGAL))
    return qs.order_by("person_id", "opened_on", "created_at", "pk")


# The plain columns read, and nothing else (values_list: no model instance, no encrypted field).
CASE_COLUMNS: Final = (
    "person_id",
    "opened_on",
    "person__sex",
    "person__birth_year",
    "person__origin_province_id",
    "person__origin_legacy_province__successor_id",
    "destination_country_id",
    "legal_status",
    "case_type",
    "exploitation_types",
    "means_of_control",
    "recruiter_relationship",
)


def age_band(age: int | None) -> str:
    """CTDC's ``ageBroad`` for an age in years; ``-99`` when unknown or implausible."""
    if age is None or age < 0 or age > 120:
        return MISSING
    for limit, band in (*AGE_LIMITS, *AGE_LIMITS_2):
        if age <= limit:
            return band
    return "48+"


def gender(sex: str | None) -> str:
    return GENDERS.get(sex or "", MISSING)


def _codes(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass
class _Person:
    """One person's cases in the selection, folded into one record."""

    year: int
    sex: str
    birth_year: int | None
    province: str
    country: str
    foreign: bool = False
    status: str = MISSING
    exploitation: set[str] | None = None
    means: set[str] | None = None
    relations: set[str] | None = None

    def add(self, row: Sequence[Any]) -> None:
        (_pid, _opened, _sex, _by, _prov, _succ, country, legal, case_type, exploitation, means, relation) = row
        if self.country == MISSING and country:
            self.country = str(country)
        self.foreign |= legal == "foreign_victim"
        status = STATUS_OF_LEGAL.get(legal) or STATUS_OF_TYPE.get(case_type) or MISSING
        if STATUS_RANK[status] > STATUS_RANK[self.status]:
            self.status = status
        flags = {EXPLOITATION_FLAGS.get(code, "isOtherExploit") for code in _codes(exploitation)}
        if flags:
            self.exploitation = (self.exploitation or set()) | flags
        found = {f"meansOfControl{code if code in MEANS else 'Other'}" for code in _codes(means)}
        if found:
            self.means = (self.means or set()) | found
        if relation:
            self.relations = (self.relations or set()) | {f"recruiterRelation{RELATION_OF.get(relation, 'Other')}"}

    def profile(self) -> tuple[Any, ...]:
        return (
            self.status,
            frozenset(self.exploitation) if self.exploitation is not None else None,
            frozenset(self.means) if self.means is not None else None,
            frozenset(self.relations) if self.relations is not None else None,
        )


def profile_columns(profile: tuple[Any, ...]) -> dict[str, Any]:
    """The non-identifying columns of a record: the trafficking status and the CTDC flags."""
    status, exploitation, means, relations = profile
    out: dict[str, Any] = {"vic_TraffickingStatus": status}
    if means is None:
        out.update(dict.fromkeys(MEANS_FIELDS[:-1], MISSING))
        out["meansOfControlNotSpecified"] = 1
    else:
        out.update({name: int(name in means) for name in MEANS_FIELDS[:-1]})
        out["meansOfControlNotSpecified"] = 0
    if exploitation is None:
        out.update(dict.fromkeys(kanon.CTDC_FLAGS, MISSING))
    else:
        out.update({name: int(name in exploitation) for name in kanon.CTDC_FLAGS})
        out["isSexAndLabour"] = int("isForcedLabour" in exploitation and "isSexualExploit" in exploitation)
    if relations is None:
        out.update(dict.fromkeys(RELATION_FIELDS, MISSING))
    else:
        out.update({name: int(name in relations) for name in RELATION_FIELDS})
    return out


RECORD_FIELDS: Final = (*QUASI_IDENTIFIERS, PROVINCE_QI, "profile")
_RECORD_INDEX: Final = {name: i for i, name in enumerate(RECORD_FIELDS)}


class Record(Mapping[str, Any]):
    """A compact, read-only record for `kanon.k_anonymise`: the quasi-identifiers and a profile number.

    Identical records are one shared object, so a million people cost a list of references.
    """

    __slots__ = ("_values",)

    def __init__(self, values: tuple[Any, ...]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[_RECORD_INDEX[key]]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(RECORD_FIELDS)

    def __len__(self) -> int:
        return len(RECORD_FIELDS)


@dataclass
class Records:
    """What the cases gave: the records, the profiles they point to, and what was read."""

    records: list[Record]
    profiles: list[tuple[Any, ...]]
    cases: int

    @property
    def persons(self) -> int:
        return len(self.records)


Progress = Callable[[str, int, int], None]


def _valid_province(code: Any) -> str:
    text = str(code) if code else ""
    return text if text in kanon.PROVINCE_REGIONS else MISSING


def case_records(rows: Iterable[Sequence[Any]], *, total: int = 0, progress: Progress | None = None) -> Records:
    """Fold case rows (`CASE_COLUMNS`, ordered by person) into one record per person."""
    profiles: dict[tuple[Any, ...], int] = {}
    shared: dict[tuple[Any, ...], Record] = {}
    records: list[Record] = []
    cases = 0
    current: Any = None
    person: _Person | None = None

    def flush() -> None:
        if person is None:
            return
        age = person.year - person.birth_year if person.birth_year else None
        number = profiles.setdefault(person.profile(), len(profiles))
        values = (
            str(person.year),
            gender(person.sex),
            age_band(age),
            MISSING if person.foreign else "VN",
            person.country,
            person.province,
            number,
        )
        record = shared.get(values)
        if record is None:
            record = shared[values] = Record(values)
        records.append(record)

    for row in rows:
        cases += 1
        pid, opened = row[0], row[1]
        if pid != current:
            flush()
            current = pid
            province = _valid_province(row[4]) if row[4] else _valid_province(row[5])
            person = _Person(year=opened.year, sex=row[2] or "", birth_year=row[3], province=province, country=MISSING)
        assert person is not None
        person.add(row)
        if progress is not None and cases % PROGRESS_EVERY == 0:
            progress("read", cases, total)
    flush()
    ordered = [p for p, _ in sorted(profiles.items(), key=lambda item: item[1])]
    return Records(records, ordered, cases)


# --- anonymisation -----------------------------------------------------------------------------------


@dataclass
class Release:
    """The k-anonymous rows and the anonymisation report.

    A row is compact: its demographic columns (`DEMOGRAPHIC_FIELDS`, then the province when
    published) as text, then the number of its profile in ``profiles`` (the rendered flag columns,
    `PROFILE_FIELDS`), shared by every row with the same flags.
    """

    rows: list[tuple[Any, ...]]
    profiles: list[tuple[str, ...]]
    report: kanon.AnonymisationReport
    columns: tuple[str, ...]
    persons: int
    cases: int

    def lines(self) -> Iterator[tuple[str, ...]]:
        for row in self.rows:
            yield (*row[:-1], *self.profiles[row[-1]])

    def dicts(self) -> Iterator[dict[str, str]]:
        for line in self.lines():
            yield dict(zip(self.columns, line, strict=True))


def _rendered(columns: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(columns[name]) for name in PROFILE_FIELDS)


def majority(band: Any) -> str:
    """``majorityStatus`` from a published (possibly generalised) age band."""
    text = str(band)
    if text == STAR:
        return STAR
    return MAJORITY_OF_BAND.get(text, MISSING)


def build_release(found: Records, *, options: CaseExportOptions, progress: Progress | None = None) -> Release:
    """Generalise and suppress the records to k-anonymity; rows sorted by every column."""
    qis = options.quasi_identifiers
    if progress is not None:
        progress("anonymise", 0, found.persons)
    released = kanon.k_anonymise(found.records, k=options.k, quasi_identifiers=qis, fields=(*qis, "profile"))
    profiles = [_rendered(profile_columns(p)) for p in found.profiles]
    demographic = [c for c in options.columns if c not in PROFILE_FIELDS]
    shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    rows: list[tuple[Any, ...]] = []
    for record in released.records:
        values = {name: str(record[name]) for name in qis}
        values["Datasource"] = DATASOURCE
        values["majorityStatus"] = majority(record["ageBroad"])
        row = (*(values[c] for c in demographic), record["profile"])
        rows.append(shared.setdefault(row, row))  # identical rows: one tuple
    del released.records[:]
    # Sorted by every column: the order says nothing about when or where a case was recorded.
    rows.sort(key=lambda r: (r[:-1], profiles[r[-1]]))
    if progress is not None:
        progress("anonymise", found.persons, found.persons)
    return Release(rows, profiles, released.report, options.columns, found.persons, found.cases)


def release_csv_lines(release: Release) -> Iterator[Sequence[str]]:
    yield release.columns
    yield from release.lines()


def release_csv(release: Release) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(release_csv_lines(release))
    return buffer.getvalue()


# --- the companion report ----------------------------------------------------------------------------


def report_data(release: Release, *, options: CaseExportOptions, scope: str) -> dict[str, Any]:
    """The anonymisation report as JSON-safe data (kept in the job, written into the zip)."""
    r = release.report
    return {
        "k": r.k,
        "quasi_identifiers": list(r.quasi_identifiers),
        "hierarchies": {q: kanon.DEFAULT_HIERARCHIES[q].kind for q in r.quasi_identifiers},
        "levels": dict(r.levels),
        "heights": dict(r.heights),
        "generalisation_loss": {q: round(v, 4) for q, v in r.generalisation_loss.items()},
        "precision": round(r.precision, 4),
        "precision_lost": round(1 - r.precision, 4),
        "cases_read": release.cases,
        "records_in": r.records_in,
        "records_out": r.records_out,
        "records_suppressed": r.records_suppressed,
        "suppression_budget": r.suppression_budget,
        "classes": r.classes,
        "smallest_class": r.smallest_class,
        "average_class_ratio": round(r.average_class_ratio, 3),
        "discernibility": r.discernibility,
        "search": r.search,
        "columns": list(release.columns),
        "options": options.as_dict(),
        "scope": scope,
    }


def level_text(kind: str, level: int, height: int) -> str:
    if level >= height:
        return str(WITHHELD)
    names = LEVEL_NAMES.get(kind, ())
    return str(names[level]) if level < len(names) else str(level)


def report_lines(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The report as (label, value) lines in the active language, for the page and the README."""
    options = data.get("options", {})
    percent = _("%(n)s %%")
    lines = [
        (_("k (smallest group of people sharing the same published values)"), str(data["k"])),
        (_("Years the cases were opened"), years_text(options)),
        (
            _("Cases"),
            _("all case types") if options.get("all_case_types") else _("trafficking-related cases only"),
        ),
        (_("Agencies"), _("every agency") if data.get("scope") == "all" else _("your agency only")),
        (_("Cases read"), str(data["cases_read"])),
        (_("People (one row each)"), str(data["records_in"])),
        (_("Rows published"), str(data["records_out"])),
        (
            _("Rows suppressed (in groups smaller than k)"),
            f"{data['records_suppressed']} ({percent % {'n': _pct(data['records_suppressed'], data['records_in'])}})",
        ),
        (_("Most rows the search could suppress"), str(data["suppression_budget"])),
        (_("Groups published"), str(data["classes"])),
        (_("Smallest group published"), str(data["smallest_class"])),
        (_("Precision kept"), percent % {"n": round(100 * float(data["precision"]), 1)}),
        (_("Precision lost to generalisation"), percent % {"n": round(100 * float(data["precision_lost"]), 1)}),
    ]
    for q in data["quasi_identifiers"]:
        kind = data["hierarchies"].get(q, "suppress")
        level, height = int(data["levels"][q]), int(data["heights"][q])
        lines.append(
            (
                _("Quasi-identifier %(name)s") % {"name": q},
                _("level %(level)s of %(height)s: %(text)s")
                % {"level": level, "height": height, "text": level_text(kind, level, height)},
            )
        )
    return lines


def years_text(options: Mapping[str, Any]) -> str:
    first, last = options.get("year_from"), options.get("year_to")
    return str(first) if first == last else f"{first}–{last}"


def _pct(part: Any, whole: Any) -> float:
    return round(100 * int(part) / int(whole), 1) if whole else 0.0


def readme_text(data: Mapping[str, Any], *, generated: dt.datetime) -> str:
    lines = [
        _("SafePath: de-identified case-level export (CTDC / HTCDS field names)"),
        "=" * 70,
        "",
        _("Generated: %(when)s") % {"when": timezone.localtime(generated).strftime("%d/%m/%Y %H:%M")},
        "",
        _(
            "One row per person whose case was opened in the years below. No name, contact detail, "
            "identity number, case number, exact date or free text is in the file."
        ),
        _(
            "The file is k-anonymous: every combination of the quasi-identifiers listed below is shared "
            "by at least k rows. To reach that, values were generalised (for example, age bands merged) "
            "and rows in groups that stayed smaller than k were removed."
        ),
        "",
        _("-99: not recorded. *: withheld by the anonymisation. Flags: 1 yes, 0 no."),
        _(
            "vn_Province: province of origin (the 34 provinces since 1 July 2025), or a socio-economic "
            "region when generalised."
        ),
        "",
    ]
    width = max(len(label) for label, _value in report_lines(data))
    for label, value in report_lines(data):
        lines.append(f"{label.ljust(width)}  {value}")
    lines += ["", _("Columns: %(columns)s") % {"columns": ", ".join(data["columns"])}, ""]
    return "\n".join(lines)


def release_zip(release: Release, data: Mapping[str, Any], *, generated: dt.datetime) -> bytes:
    """The zip: the CSV, a README with the report in words, and the report as JSON."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with archive.open(CSV_NAME, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerows(release_csv_lines(release))
        archive.writestr(README_NAME, readme_text(data, generated=generated).replace("\n", "\r\n"))
        archive.writestr(REPORT_NAME, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    return buffer.getvalue()


# --- the job -----------------------------------------------------------------------------------------


class ExportTooLarge(Exception):
    """The zip is above `MAX_ZIP_BYTES`: ask for fewer years."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def case_export_start(*, actor: Any, options: CaseExportOptions) -> Any:
    """Start the export as a background job; PermissionDenied without `reports.export_case_level`."""
    from safepath.core.jobs import job_start
    from safepath.core.models import JobKind
    from safepath.reports.tasks_exports import case_export_task

    if not actor.has_perm("reports.export_case_level"):
        raise PermissionDenied
    agencies = policy.case_level_agencies(actor)
    if agencies is not None and not agencies:
        raise PermissionDenied
    case_export_cleanup()
    # One transaction: the task is enqueued on commit, after the parameters are stored with the job.
    with transaction.atomic():
        job = job_start(kind=JobKind.EXPORT_CASES, actor=actor, task=case_export_task)
        # The parameters and the scope are fixed now, with the job: the task never looks at the user's roles.
        job.result = {
            "params": {
                **options.as_dict(),
                "agencies": sorted(agencies) if agencies is not None else None,
                "lang": (get_language() or "vi")[:2],
            },
            "url": reverse("reports:export_cases_job", args=[job.pk]),
        }
        job.save(update_fields=["result"])
    return job


def case_export_run(*, job_id: str, progress: Progress | None = None) -> dict[str, Any]:
    """Build the export of a queued job; returns the job's new result (with the zip, base64)."""
    from safepath.core.models import Job

    job = Job.objects.get(pk=job_id)
    params = dict(job.result.get("params") or {})
    agencies_list = params.pop("agencies", None)
    lang = params.pop("lang", "vi")
    options = CaseExportOptions(**params)
    agencies = frozenset(agencies_list) if agencies_list is not None else None
    qs = case_queryset(agencies=agencies, options=options)
    total = qs.count()
    if progress is not None:
        progress("read", 0, total)
    found = case_records(qs.values_list(*CASE_COLUMNS).iterator(chunk_size=2000), total=total, progress=progress)
    release = build_release(found, options=options, progress=progress)
    if progress is not None:
        progress("write", 0, len(release.rows))
    generated = timezone.now()
    with translation.override(lang):
        data = report_data(release, options=options, scope="all" if agencies is None else "agency")
        content = release_zip(release, data, generated=generated)
    if len(content) > MAX_ZIP_BYTES:
        raise ExportTooLarge(len(content))
    years = f"{options.year_from}-{options.year_to}" if options.year_to != options.year_from else str(options.year_from)
    return {
        **job.result,
        "report": data,
        "file_name": f"safepath-ctdc-{years}-k{options.k}.zip",
        "size": len(content),
        "generated_at": generated.isoformat(),
        "expires_at": (generated + dt.timedelta(hours=KEEP_HOURS)).isoformat(),
        "zip_b64": base64.b64encode(content).decode("ascii"),
    }


def case_export_job(*, user: Any, job_id: Any) -> Any:
    """A case-level export job of this user (only the user who started it): 404 otherwise."""
    from safepath.core.models import Job, JobKind

    if not user.has_perm("reports.export_case_level") or not policy.is_uuid(job_id):
        raise Http404
    job = Job.objects.filter(pk=job_id, kind=JobKind.EXPORT_CASES, created_by_id=user.pk).first()
    if job is None:
        raise Http404
    return job


def expired(job: Any, *, now: dt.datetime | None = None) -> bool:
    stamp = (job.result or {}).get("expires_at")
    if not stamp:
        return True
    return (now or timezone.now()) >= dt.datetime.fromisoformat(stamp)


def case_export_download(*, user: Any, job_id: Any) -> tuple[str, bytes]:
    """The zip of a finished export, for the user who started it; one export event in the access log."""
    from safepath.audit.models import Action
    from safepath.audit.services import audit_record
    from safepath.core.models import JobStatus

    job = case_export_job(user=user, job_id=job_id)
    result = job.result or {}
    if job.status != JobStatus.DONE or not result.get("zip_b64") or expired(job):
        raise Http404
    content = base64.b64decode(result["zip_b64"])
    report = result.get("report") or {}
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="case",
        purpose="ctdc_export",
        detail={
            "job": str(job.pk),
            "records": report.get("records_out", 0),
            "records_suppressed": report.get("records_suppressed", 0),
            "k": report.get("k"),
            "quasi_identifiers": report.get("quasi_identifiers", []),
            "options": report.get("options", {}),
            "scope": report.get("scope", ""),
        },
    )
    return str(result.get("file_name") or "safepath-ctdc.zip"), content


def case_export_list(*, user: Any, limit: int = 10) -> list[Any]:
    """The user's own recent case-level exports (without the files)."""
    from safepath.core.models import Job, JobKind

    if not user.has_perm("reports.export_case_level"):
        return []
    return list(
        Job.objects.filter(kind=JobKind.EXPORT_CASES, created_by_id=user.pk)
        .defer("result")
        .order_by("-created_at")[:limit]
    )


def case_export_cleanup(*, now: dt.datetime | None = None) -> int:
    """Remove the zip from exports finished more than `KEEP_HOURS` ago; the report stays. Returns how many."""
    from safepath.core.models import Job, JobKind

    limit = (now or timezone.now()) - dt.timedelta(hours=KEEP_HOURS)
    cleaned = 0
    stale = Job.objects.filter(kind=JobKind.EXPORT_CASES, finished_at__lt=limit, result__has_key="zip_b64")
    for job in stale.only("pk", "result"):
        result = dict(job.result or {})
        if "zip_b64" in result:
            result.pop("zip_b64")
            result["removed"] = True
            Job.objects.filter(pk=job.pk).update(result=result)
            cleaned += 1
    return cleaned
