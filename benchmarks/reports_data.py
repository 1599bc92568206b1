# ruff: noqa: S608 (SQL assembled from the constants of this file, never from input)
"""The data set of the reports benchmark: N cases and everything around them, generated inside PostgreSQL.

`generate(n=...)` fills an empty, migrated SafePath database (the bench's own `safepath_bench`) with:

* the reference data the application itself loads (places come from their data migration), the 19
  agencies of the demo network through `accounts.services.agency_create` (which also gives each its
  directory entry), a few outside service providers, one shelter facility per agency that keeps
  cases, with rooms and beds, and one bench user for the "done by" columns that may not be empty;
* N cases spread over 2021-01..2026-10, more each year, at the 15 agencies that keep case files,
  with their persons (one per case, 7% of the cases are a person's second case), intake items (70%
  of the cases came through the intake queue, plus the items that never became a case), ~1.5
  consultations per case plus anonymous ones, ~0.3 referrals per case with their consents, ~0.1
  shelter stays, ~0.2 screenings, ~0.05 reintegration plans with four follow-up visits each, about
  one outreach event per 40 cases with its participant counts, and the portal's daily page views.

Every row is written by `INSERT ... SELECT` over `generate_series` with `random()`: nothing goes
row by row through the ORM. Categorical values are drawn from 1,000 slots filled in proportion
to the weights below (`pick`), so each distribution reads as a table. Encrypted columns
hold what an empty value looks like (an empty string: see `core.fields.EncryptedTextField`), blind
indexes empty strings; no personal data is made up. Other NOT NULL columns the generator does not
name get the empty value of their type (`_insert`), so a column added later does not break it.

Ids are `md5(<kind> || ordinal)::uuid` where later steps need to find a row again (persons, cases),
`gen_random_uuid()` elsewhere. The secondary indexes of the big tables are dropped during the load
and built again afterwards (`_indexes_dropped`): much faster than keeping them up to date row by row.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

FIRST: Final = dt.date(2021, 1, 1)  # the first case
LAST: Final = dt.date(2026, 10, 31)  # the last case: the month the benchmark looks at
AS_OF: Final = dt.date(2026, 11, 20)  # "today" for what follows a case (answers, discharges, visits)
TZ: Final = "Asia/Ho_Chi_Minh"
VERSION: Final = "2"  # bump when the generator changes: a reused database must have been made by this one
SLOTS: Final = 1000
BENCH_USER: Final = "bench-generator"

# --- distributions (weights, not necessarily adding up to 100) -------------------------------------

# The agencies that keep case files, and their share of the cases.
CASE_AGENCIES: Final = {
    "HN-MRC": 16,
    "NA-MRC": 11,
    "TH-MRC": 9,
    "HT-MRC": 9,
    "BN-MRC": 6,
    "HY-MRC": 5,
    "HN-OSSO": 6,
    "HP-OSSO": 5,
    "HD-OSSO": 4,
    "CT-OSSO": 5,
    "HG-OSSO": 3,
    "LC-RC": 6,
    "BG-SS": 4,
    "HUE-SS": 3,
    "TN-SS": 3,
}
# Who organises outreach events.
OUTREACH_AGENCIES: Final = {**{code: w for code, w in CASE_AGENCIES.items() if code != "LC-RC"}, "VWU": 8, "LC-BP": 3}
SEX: Final = {"female": 58, "male": 40, "other": 0.5, "unknown": 1.5}
# Former provinces of origin (code: weight); the main sending provinces weigh most, the others 0.6.
LEGACY_ORIGIN: Final = {
    "40": 14, "42": 10, "38": 10, "44": 5, "01": 5, "30": 4, "36": 4, "31": 3, "34": 3, "33": 3, "24": 3,
    "10": 3, "02": 3, "11": 2, "14": 2, "12": 2, "04": 2, "20": 2, "45": 2, "89": 2, "91": 2, "79": 2,
    "92": 1.5,
}  # fmt: skip
LEGACY_OTHER_WEIGHT: Final = 0.6
CASE_TYPE: Final = {
    "information": 35,
    "pre_departure": 20,
    "distress_abroad": 12,
    "returned": 13,
    "suspected_trafficking": 8,
    "identified_victim": 4,
    "vulnerable": 8,
}
INTAKE_CHANNEL: Final = {
    "phone": 30,
    "walk_in": 20,
    "web": 15,
    "email": 5,
    "outreach": 10,
    "referral_in": 12,
    "border_handover": 5,
    "other": 3,
}
STAGE_BY_TYPE: Final = {
    "information": {"potential": 60, "abroad": 25, "returned": 15},
    "pre_departure": {"potential": 95, "in_transit": 5},
    "distress_abroad": {"abroad": 85, "in_transit": 15},
    "returned": {"returned": 100},
    "suspected_trafficking": {"abroad": 35, "in_transit": 10, "returned": 55},
    "identified_victim": {"returned": 90, "abroad": 10},
    "vulnerable": {"potential": 40, "returned": 60},
}
LEGAL_BY_TYPE: Final = {
    "suspected_trafficking": {
        "not_assessed": 30,
        "under_identification_vietnam": 35,
        "under_identification_abroad": 15,
        "victim": 20,
    },
    "identified_victim": {"victim": 88, "foreign_victim": 4, "accompanying_minor": 8},
}
DESTINATION: Final = {
    "JP": 25, "KR": 14, "TW": 15, "MY": 5, "SA": 4, "KH": 10, "MM": 4, "LA": 3, "CN": 6, "TH": 3, "DE": 2,
    "AE": 3, "RU": 1, "AU": 1, "GB": 1, "": 3,
}  # fmt: skip
EXPLOITATION: Final = {
    "ForcedLabour": 40,
    "vn_ForcedCriminality": 22,
    "SexualExploitation": 15,
    "ForcedMarriage": 10,
    "Servitude": 5,
    "ChildLabour": 3,
    "ForcedBegging": 2,
    "OrganRemoval": 1,
    "Other": 2,
}
CLOSURE_REASON: Final = {
    "goals_met": 40,
    "reintegrated": 15,
    "transferred": 6,
    "declined": 8,
    "lost_contact": 14,
    "not_eligible": 8,
    "moved_abroad": 5,
    "duplicate": 2,
    "other": 2,
}
OPEN_STATUS: Final = {"new": 10, "screening": 15, "assessment": 15, "planning": 15, "active": 35, "follow_up": 10}
RISK: Final = {"low": 35, "medium": 40, "high": 20, "critical": 5}
URGENCY: Final = {"normal": 80, "urgent": 16, "emergency": 4}
INTAKE_CLOSE_REASON: Final = {"no_action": 45, "unreachable": 25, "duplicate": 10, "spam": 8, "referred_elsewhere": 12}
CONSULTATIONS_PER_CASE: Final = {"0": 20, "1": 30, "2": 30, "3": 15, "4": 5}  # about 1.55
CONSULTATION_CHANNEL: Final = {"on_site": 40, "phone": 35, "online": 20, "email": 5}
CONSULTATION_OUTCOME: Final = {
    "information_given": 55,
    "referred": 12,
    "case_opened": 8,
    "follow_up": 20,
    "no_further_action": 5,
}
TOPIC: Final = {
    "legal_channels": 14, "fees_debts": 9, "contracts": 8, "recruiter_check": 9, "destination_info": 10,
    "pre_departure": 7, "skills_language": 5, "remittances": 3, "health": 3, "rights_at_work": 6,
    "complaints": 4, "documents": 6, "online_scams": 7, "trafficking": 3, "return": 2, "reintegration": 2,
    "psychosocial": 1, "legal_aid": 1, "other": 1,
}  # fmt: skip
ANONYMOUS_STAGE: Final = {"potential": 60, "in_transit": 5, "abroad": 20, "returned": 15}
ANONYMOUS_AGE: Final = {"0-17": 6, "18-24": 30, "25-34": 32, "35-44": 17, "45-59": 8, "60+": 1, "unknown": 6}
# Referrals per case by case type (a mean: 1.6 is one, and a second 60% of the time).
REFERRALS_PER_CASE: Final = {
    "information": 0.05,
    "pre_departure": 0.05,
    "distress_abroad": 0.5,
    "returned": 0.45,
    "suspected_trafficking": 0.9,
    "identified_victim": 1.6,
    "vulnerable": 0.6,
}
SERVICE_TYPE: Final = {
    "essential_needs": 8, "shelter": 8, "medical": 10, "interpretation": 2, "legal_information": 10,
    "legal_aid": 6, "documents": 7, "travel": 5, "psychological": 10, "rehabilitation": 3, "education": 2,
    "vocational_employment": 9, "hardship_allowance": 6, "loan": 3, "livelihood": 5, "family": 3,
    "rights_training": 1, "safety": 1, "other": 1,
}  # fmt: skip
REFERRAL_OUTCOME_STATUS: Final = {
    "delivered": 45,
    "accepted": 9,
    "booked": 7,
    "declined": 16,
    "withdrawn": 5,
    "sent": 5,
    "consent_withdrawn": 1,
}
DECLINE_REASON: Final = {
    "no_capacity": 30,
    "not_eligible": 20,
    "not_offered": 15,
    "out_of_area": 15,
    "person_declined": 10,
    "unreachable": 7,
    "other": 3,
}
STAYS_PER_CASE: Final = {
    "identified_victim": 0.9,
    "suspected_trafficking": 0.35,
    "distress_abroad": 0.15,
    "returned": 0.12,
    "vulnerable": 0.1,
}
STAY_DESTINATION: Final = {"home_community": 60, "family": 25, "longer_term_shelter": 10, "other": 5}
# Screenings per case, by kind and case type (the rest of the case types: `other`).
SCREENINGS_PER_CASE: Final = {
    "trafficking": {"identified_victim": 0.9, "suspected_trafficking": 0.85, "distress_abroad": 0.1, "other": 0.01},
    "forced_labour": {"distress_abroad": 0.25, "returned": 0.1, "suspected_trafficking": 0.2, "other": 0.0},
    "vulnerability": {"other": 0.02},
    "needs": {"identified_victim": 0.5, "suspected_trafficking": 0.2, "other": 0.0},
}
SCREENING_OUTCOME: Final = {
    "trafficking": {"strong_indication": 30, "possible": 35, "not_established": 35},
    "forced_labour": {"indicators_found": 45, "none_found": 55},
    "vulnerability": {"risk_factors": 60, "no_risk_factors": 40},
    "needs": {"immediate": 10, "high": 30, "medium": 35, "low": 20, "none": 5},
}
PLANS_PER_CASE: Final = {
    "identified_victim": 0.6,
    "suspected_trafficking": 0.2,
    "returned": 0.06,
    "distress_abroad": 0.03,
}
VISIT_METHOD: Final = {"home_visit": 60, "phone": 30, "office": 10}
EVENT_KIND: Final = {
    "community_session": 50,
    "pre_departure": 25,
    "training_frontline": 12,
    "training_ngo": 6,
    "policy_dialogue": 7,
}
OUTREACH_SEX: Final = {"female": 0.55, "male": 0.43, "other": 0.02}  # shares of an event's participants
OUTREACH_AGE: Final = {"u18": 0.12, "18_24": 0.3, "25_34": 0.28, "35_49": 0.2, "50p": 0.1}
EVENT_SIZE: Final = {
    "community_session": 70,
    "pre_departure": 45,
    "training_frontline": 28,
    "training_ngo": 24,
    "policy_dialogue": 30,
}
# Portal pages and their daily views in Vietnamese at the end of the period (English about 1/12).
PAGES: Final = {
    "home": 120, "countries": 40, "country:jp": 45, "country:kr": 35, "country:tw": 25, "country:my": 10,
    "country:sa": 8, "country:ae": 8, "country:de": 12, "warning:scam-compounds": 60, "recruiter_check": 30,
    "fee_check": 20, "offer_check": 25, "help": 10, "checklist": 15,
}  # fmt: skip

Progress = Callable[[str, int, float], None]  # (step, rows, seconds)


# --- helpers -----------------------------------------------------------------------------------------


def weighted(weights: Mapping[str, float], slots: int = SLOTS) -> tuple[list[str], list[int]]:
    """The values of ``weights``, and ``slots`` indexes (1-based) into them, each as often as its weight says.

    ``pick`` draws a slot with a random number: two arrays because PostgreSQL finds the k-th element
    of an integer array at once, but walks a text array element by element.
    """
    values = list(weights)
    total = float(sum(weights.values()))
    out: list[int] = []
    acc = 0.0
    for i, weight in enumerate(weights.values(), start=1):
        acc += weight
        out += [i] * (round(slots * acc / total) - len(out))
    return values, out


class Picks:
    """The weighted arrays passed to the SQL as parameters, and the SQL that draws from them."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def pick(self, name: str, weights: Mapping[str, float], r: str) -> str:
        """SQL for a value drawn from ``weights`` by the random number ``r`` (a column in [0, 1))."""
        if f"v_{name}" not in self.params:
            self.params[f"v_{name}"], self.params[f"s_{name}"] = weighted(weights)
        return f"(%(v_{name})s::text[])[(%(s_{name})s::int[])[1 + floor({r} * {SLOTS})::int]]"

    def by(self, name: str, column: str, table: Mapping[str, Mapping[str, float]], r: str, default: str) -> str:
        """SQL for a value drawn from the weights of ``table[column's value]``; ``default`` for other values."""
        whens = " ".join(
            f"WHEN {_quote(k)} THEN {self.pick(f'{name}_{k}', weights, r)}" for k, weights in table.items()
        )
        return f"(CASE {column} {whens} ELSE {default} END)"

    def rate(self, column: str, rates: Mapping[str, float], default: float = 0.0) -> str:
        """SQL for ``rates[column's value]`` (or ``default``)."""
        whens = " ".join(f"WHEN {_quote(k)} THEN {v!r}" for k, v in rates.items() if k != "other")
        otherwise = repr(rates.get("other", default))
        return f"(CASE {column} {whens} ELSE {otherwise} END)" if whens else otherwise


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _randoms(count: int) -> str:
    return ", ".join(f"random() AS r{i}" for i in range(1, count + 1))


def _growing_day(r: str, first: dt.date = FIRST, last: dt.date = LAST) -> str:
    """A day in [first, last] with a density rising linearly (0.4 to 1.6 times the mean): casework grows.

    The inverse of the distribution function F(x) = 0.4x + 0.6x² on [0, 1].
    """
    span = (last - first).days
    return f"(DATE '{first.isoformat()}' + floor({span + 1} * (sqrt(0.16 + 2.4 * {r}) - 0.4) / 1.2)::int)"


def _local_time(day: str, r: str, first_hour: int = 7, hours: int = 12) -> str:
    """A moment of office hours (Viet Nam time) on ``day``, as timestamptz."""
    return f"(({day}) + time '{first_hour:02d}:00' + {r} * interval '{hours} hours') AT TIME ZONE '{TZ}'"


_EMPTY: Final = {
    "text": "''",
    "character varying": "''",
    "jsonb": "'[]'::jsonb",
    "boolean": "false",
    "integer": "0",
    "smallint": "0",
    "bigint": "0",
    "double precision": "0",
    "timestamp with time zone": "now()",
}


Part = tuple[Mapping[str, str], str]  # (column -> SQL expression, "FROM ..." clause)


def _insert(cur: Any, table: str, parts: Sequence[Part], params: Mapping[str, Any], order_by: str = "") -> int:
    """``INSERT INTO table SELECT ...`` of the parts' rows (UNION ALL), in ``order_by`` order; the rows written.

    Rows are written in the order of their date, as the application would have written them over
    the years: a month's records then lie together on disk, as in a real database.
    NOT NULL columns without a database default that a part does not name get the empty value
    of their type (an encrypted column: the empty string, which is how it stores an empty value);
    nullable ones NULL.
    """
    cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    required = dict(cur.fetchall())
    names = list(dict.fromkeys([*(name for columns, _ in parts for name in columns), *required]))
    selects = []
    for columns, source in parts:
        values = []
        for name in names:
            if name in columns:
                values.append(columns[name])
            elif name in required:
                if required[name] not in _EMPTY:
                    raise RuntimeError(f"{table}.{name} ({required[name]}) needs a value from the generator")
                values.append(_EMPTY[required[name]])
            else:
                values.append("NULL")
        selects.append(
            "SELECT " + ",\n       ".join(f"{v} AS {n}" for n, v in zip(names, values, strict=True)) + f"\n{source}"
        )
    body = "\nUNION ALL\n".join(selects)
    order = f" ORDER BY {order_by}" if order_by else ""
    cur.execute(f"INSERT INTO {table} ({', '.join(names)})\nSELECT * FROM ({body}) AS rows{order}", params)
    return int(cur.rowcount)


@contextmanager
def _indexes_dropped(cur: Any, tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` (not primary keys or constraints), rebuild them afterwards."""
    cur.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ANY(%s) AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
        [tables],
    )
    indexes = cur.fetchall()
    for name, _definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cur.execute(definition)


@contextmanager
def _foreign_keys_checked_after(cur: Any, tables: list[str]) -> Iterator[None]:
    """Load without firing a foreign-key trigger per row, then check every foreign key of ``tables`` at once.

    PostgreSQL checks a foreign key with a trigger per inserted row (about half the time of a load);
    ``session_replication_role = replica`` skips them (it needs a superuser: otherwise the checks stay
    on). Afterwards one anti-join per foreign key proves that every reference points at a row.
    """
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = bool(cur.fetchone()[0])
    if superuser:
        cur.execute("SET session_replication_role = replica")
    yield
    if not superuser:
        return
    cur.execute("SET session_replication_role = DEFAULT")
    cur.execute(
        "SELECT c.conname, t.relname, a.attname, p.relname, pa.attname FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND t.relname = ANY(%s) AND cardinality(c.conkey) = 1",
        [tables],
    )
    for name, table, column, parent, key in cur.fetchall():
        cur.execute(
            f'SELECT count(*) FROM "{table}" x WHERE x."{column}" IS NOT NULL '
            f'AND NOT EXISTS (SELECT 1 FROM "{parent}" y WHERE y."{key}" = x."{column}")'
        )
        orphans = cur.fetchone()[0]
        if orphans:
            raise RuntimeError(f"{orphans} rows of {table}.{column} point nowhere ({name})")


# --- the generator -------------------------------------------------------------------------------------


class Generator:
    def __init__(self, cur: Any, *, n: int, seed: float = 0.42, progress: Progress | None = None) -> None:
        self.cur = cur
        self.n = n
        self.seed = seed
        self.progress = progress
        self.picks = Picks()
        self.counts: dict[str, int] = {}

    def pick(self, name: str, weights: Mapping[str, float], r: str) -> str:
        return self.picks.pick(name, weights, r)

    def _step(self, name: str, fn: Callable[[], int]) -> None:
        t0 = time.perf_counter()
        self.cur.execute("SELECT setseed(%s)", [self.seed])
        rows = fn()
        self.counts[name] = rows
        if self.progress:
            self.progress(name, rows, time.perf_counter() - t0)

    def _insert(self, table: str, *parts: Part, order_by: str = "", **params: Any) -> int:
        return _insert(self.cur, table, parts, {**self.picks.params, **params}, order_by)

    # --- reference data (a few hundred rows, through the ORM and the services) ------------------------

    def reference(self) -> None:
        from django.contrib.auth.hashers import make_password

        from safepath.accounts.models import Agency, User
        from safepath.accounts.services import agency_create
        from safepath.core.context import RequestContext, reset_context, set_context
        from safepath.demo.agencies import AGENCIES, intake_email
        from safepath.directory.models import ProviderKind, ServiceProvider
        from safepath.places.models import LegacyProvince, Province
        from safepath.shelters.models import Bed, Facility, Room

        token = set_context(RequestContext(channel="cli"))
        try:
            provinces = {p.name: p.pk for p in Province.objects.all()}
            for code, name_vi, name_en, type_, province_name in AGENCIES:
                if not Agency.objects.filter(code=code).exists():
                    agency_create(
                        actor=None,
                        code=code,
                        name_vi=name_vi,
                        name_en=name_en,
                        type=type_,
                        province_id=provinces.get(province_name),
                        intake_email=intake_email(code, type_),
                    )
        finally:
            reset_context(token)
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.user, _ = User.objects.get_or_create(
            username=BENCH_USER, defaults={"last_name": "Bench generator", "password": make_password(None)}
        )
        outside = [("Bệnh viện Đa khoa tỉnh", ProviderKind.HEALTH), ("Trung tâm Trợ giúp pháp lý", ProviderKind.LEGAL)]
        for name, kind in outside:
            ServiceProvider.objects.get_or_create(name_vi=name, defaults={"kind": kind, "name_en": name})
        # One facility per agency that keeps cases, its beds in proportion to the agency's cases.
        total = sum(CASE_AGENCIES.values())
        for code, weight in CASE_AGENCIES.items():
            agency = self.agencies[code]
            if Facility.objects.filter(agency=agency).exists():
                continue
            facility = Facility.objects.create(
                agency=agency,
                name_vi=f"Nhà tạm lánh {code}",
                name_en=f"Shelter {code}",
                kind="reception_centre" if code == "LC-RC" else "short_term_shelter",
                province_id=agency.province_id,
            )
            beds = 10 + math.ceil(1300 * weight / total)
            per_room = 12
            for r in range(math.ceil(beds / per_room)):
                room = Room.objects.create(facility=facility, name=f"P{r + 1}", position=r)
                Bed.objects.bulk_create(
                    Bed(room=room, label=f"{r + 1}.{b + 1}") for b in range(min(per_room, beds - r * per_room))
                )
        # Where people come from: former provinces by weight, and the provinces they merged into.
        successor = dict(LegacyProvince.objects.values_list("code", "successor_id"))
        legacy: dict[str, float] = {code: LEGACY_ORIGIN.get(code, LEGACY_OTHER_WEIGHT) for code in sorted(successor)}
        self.legacy_weights = legacy
        self.province_weights: dict[str, float] = {}
        for code, share in legacy.items():
            self.province_weights[successor[code]] = self.province_weights.get(successor[code], 0.0) + share
        self.agency_ids = {code: str(a.pk) for code, a in self.agencies.items()}

    def _agency_pick(self, name: str, weights: Mapping[str, float], r: str) -> str:
        ids = {self.agency_ids[code]: w for code, w in weights.items()}
        return f"{self.pick(name, ids, r)}::uuid"

    # --- the big tables ----------------------------------------------------------------------------------

    def plan_cases(self) -> int:
        """When each case is opened and whose it is, numbered in opening order (``bench_case``).

        A case's person is new, or (7% of the cases) someone with an earlier case; ``person`` numbers
        the persons in the order they first came.
        """
        self.cur.execute(
            "CREATE TEMP TABLE bench_case AS "
            "SELECT i, opened_on, NOT again AS new_person, "
            "CASE WHEN again THEN 1 + floor(r2 * people)::int ELSE people END AS person "
            "FROM (SELECT *, count(*) FILTER (WHERE NOT again) OVER (ORDER BY i) AS people "
            "FROM (SELECT *, r1 < 0.07 AND i > 100 AS again "
            "FROM (SELECT row_number() OVER (ORDER BY opened_on, r1) AS i, opened_on, r1, r2 "
            f"FROM (SELECT {_growing_day('random()')} AS opened_on, random() AS r1, random() AS r2 "
            "FROM generate_series(1, %(n)s)) s) s) s) s",
            {"n": self.n},
        )
        self.cur.execute("SELECT count(*) FILTER (WHERE new_person) FROM bench_case")
        self.persons_n = int(self.cur.fetchone()[0])
        return self.n

    def persons(self) -> int:
        """A person per new person of the plan, registered the day of their first case."""
        legacy = self.pick("legacy", self.legacy_weights, "r4")
        age = "(16 + floor(power(r2, 1.5) * 48))::int"  # 16..63, most in their twenties and thirties
        return self._insert(
            "people_person",
            (
                {
                    "id": "md5('person' || person)::uuid",
                    "sex": self.pick("sex", SEX, "r1"),
                    "birth_year": f"CASE WHEN r3 < 0.06 THEN NULL ELSE 2024 - {age} END",
                    "birth_date_precision": "CASE WHEN r3 < 0.06 THEN 'unknown' ELSE 'year' END",
                    # r5: 4% no province at all, 5% only the former one, 46% both, 45% only the new one
                    "origin_province_id": "CASE WHEN r5 < 0.09 THEN NULL ELSE lp.successor_id END",
                    "origin_legacy_province_id": "CASE WHEN r5 >= 0.04 AND r5 < 0.55 THEN lp.code END",
                    "languages": "'[\"vi\"]'::jsonb",
                    "registered_by_agency_id": self._agency_pick("agency", CASE_AGENCIES, "r6"),
                    "created_at": _local_time("opened_on", "r7"),
                    "updated_at": _local_time("opened_on", "r7"),
                },
                f"FROM (SELECT b.person, b.opened_on, {_randoms(7)} FROM bench_case b WHERE b.new_person) s "
                f"JOIN places_legacyprovince lp ON lp.code = {legacy}",
            ),
            order_by="created_at",
        )

    def cases(self) -> int:
        p = self.picks
        days_open = "(7 + floor(-ln(1 - r6) * 90))::int"  # a case stays open a week to many months
        first, second = self.pick("exploit", EXPLOITATION, "r10"), self.pick("exploit", EXPLOITATION, "r12")
        exploitation = (
            "CASE WHEN case_type IN ('suspected_trafficking', 'identified_victim') "
            "OR (case_type = 'distress_abroad' AND r9 < 0.3) "
            f"THEN jsonb_build_array({first}) || CASE WHEN r11 < 0.2 AND {second} <> {first} "
            f"THEN jsonb_build_array({second}) ELSE '[]'::jsonb END "
            "ELSE '[]'::jsonb END"
        )
        inner = (
            f"SELECT s.*, {self.pick('case_type', CASE_TYPE, 'r1')} AS case_type, {days_open} AS days_open "
            f"FROM (SELECT b.*, {_randoms(17)} FROM bench_case b) s"
        )
        closed = f"CASE WHEN opened_on + days_open <= DATE '{AS_OF.isoformat()}' THEN opened_on + days_open END"
        status = self.pick("status", OPEN_STATUS, "r15")
        reason = self.pick("closure", CLOSURE_REASON, "r16")
        return self._insert(
            "cases_case",
            (
                {
                    "id": "md5('case' || i)::uuid",
                    "number": "'BENCH-' || lpad(i::text, 8, '0')",
                    "agency_id": self._agency_pick("agency", CASE_AGENCIES, "r3"),
                    "person_id": "md5('person' || person)::uuid",
                    "case_type": "case_type",
                    "channel": self.pick("channel", INTAKE_CHANNEL, "r5"),
                    "migration_stage": p.by("stage", "case_type", STAGE_BY_TYPE, "r7", "'potential'"),
                    "destination_country_id": f"NULLIF({self.pick('destination', DESTINATION, 'r8')}, '')",
                    "legal_status": p.by("legal", "case_type", LEGAL_BY_TYPE, "r13", "'not_assessed'"),
                    "exploitation_types": exploitation,
                    "risk_level": self.pick("risk", RISK, "r14"),
                    "opened_on": "opened_on",
                    "closed_on": closed,
                    "status": f"CASE WHEN ({closed}) IS NOT NULL THEN 'closed' ELSE {status} END",
                    "closure_reason": f"CASE WHEN ({closed}) IS NOT NULL THEN {reason} ELSE '' END",
                    "version": "1",
                    "created_at": _local_time("opened_on", "r17"),
                    "updated_at": "now()",
                },
                f"FROM ({inner}) c",
            ),
            order_by="created_at",
        )

    def intake(self) -> int:
        """70% of the cases arrived as an intake item first; 45% as many items never became a case."""
        day = _growing_day("r1", FIRST, LAST)
        recent = f"DATE '{(AS_OF - dt.timedelta(days=14)).isoformat()}'"
        converted = (
            {
                "id": "gen_random_uuid()",
                "agency_id": "c.agency_id",
                "channel": "c.channel",
                "status": "'converted'",
                "urgency": self.pick("urgency", URGENCY, "r2"),
                "received_at": _local_time("c.opened_on - floor(r3 * 3)::int", "r4", 0, 24),
                "province_id": "COALESCE(p.origin_province_id, lp.successor_id)",
                "destination_country_id": "c.destination_country_id",
                "person_id": "c.person_id",
                "handled_at": _local_time("c.opened_on", "r4"),
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM (SELECT c.*, {_randoms(4)} FROM cases_case c) c "
            "JOIN people_person p ON p.id = c.person_id "
            "LEFT JOIN places_legacyprovince lp ON lp.code = p.origin_legacy_province_id WHERE c.r1 < 0.7",
        )
        others = (
            {
                "id": "gen_random_uuid()",
                "agency_id": self._agency_pick("agency", CASE_AGENCIES, "r2"),
                "channel": self.pick("channel", INTAKE_CHANNEL, "r3"),
                "status": f"CASE WHEN day >= {recent} AND r4 < 0.5 THEN 'new' "
                f"WHEN day >= {recent} AND r4 < 0.7 THEN 'in_review' ELSE 'closed' END",
                "close_reason": f"CASE WHEN day >= {recent} AND r4 < 0.7 THEN '' "
                f"ELSE {self.pick('intake_close', INTAKE_CLOSE_REASON, 'r5')} END",
                "urgency": self.pick("urgency", URGENCY, "r6"),
                "received_at": _local_time("day", "r7", 0, 24),
                "province_id": f"CASE WHEN r8 < 0.3 THEN NULL ELSE {self.pick('province', self.province_weights, 'r9')} END",
                "destination_country_id": f"NULLIF({self.pick('destination', DESTINATION, 'r10')}, '')",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM (SELECT {day} AS day, * FROM (SELECT {_randoms(10)} FROM generate_series(1, %(k)s)) s) s",
        )
        return self._insert("cases_intakeitem", converted, others, order_by="received_at", k=round(self.n * 0.45))

    def consultations(self) -> int:
        """About 1.55 per case (sex, age band and province copied from the person), and anonymous ones."""
        topics = (
            "(SELECT jsonb_agg(DISTINCT t) FROM unnest(ARRAY["
            f"{self.pick('topic', TOPIC, 'r5')}, CASE WHEN r6 < 0.5 THEN {self.pick('topic', TOPIC, 'r7')} END, "
            f"CASE WHEN r6 < 0.15 THEN {self.pick('topic', TOPIC, 'r8')} END]) t WHERE t IS NOT NULL)"
        )
        held = f"LEAST(c.opened_on + (floor(r2 * 90) - 20)::int, DATE '{AS_OF.isoformat()}')"
        age = f"extract(year from {held})::int - p.birth_year"
        band = (
            f"CASE WHEN p.birth_year IS NULL OR {age} < 0 THEN 'unknown' WHEN {age} < 18 THEN '0-17' "
            f"WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34' WHEN {age} < 45 THEN '35-44' "
            f"WHEN {age} < 60 THEN '45-59' ELSE '60+' END"
        )
        common = {
            "id": "gen_random_uuid()",
            "channel": self.pick("consultation_channel", CONSULTATION_CHANNEL, "r3"),
            "duration_minutes": "(10 + floor(r4 * 80))::int",
            "topics": topics,
            "outcome": self.pick("consultation_outcome", CONSULTATION_OUTCOME, "r9"),
            "created_at": "now()",
            "updated_at": "now()",
        }
        per_case = self.pick("consultations_per_case", CONSULTATIONS_PER_CASE, "c.r1")
        linked = (
            {
                **common,
                "agency_id": "c.agency_id",
                "held_on": held,
                "migration_stage": "c.migration_stage",
                "destination_country_id": "c.destination_country_id",
                "person_id": "c.person_id",
                "case_id": "c.id",
                "sex": "p.sex",
                "age_band": band,
                "province_id": "COALESCE(p.origin_province_id, lp.successor_id)",
            },
            f"FROM (SELECT c.*, random() AS r1 FROM cases_case c) c "
            f"CROSS JOIN LATERAL generate_series(1, {per_case}::int) k "
            f"CROSS JOIN LATERAL (SELECT k AS kk, {_randoms(9)}) r "
            "JOIN people_person p ON p.id = c.person_id "
            "LEFT JOIN places_legacyprovince lp ON lp.code = p.origin_legacy_province_id",
        )
        anonymous = (
            {
                **common,
                "agency_id": self._agency_pick("agency", CASE_AGENCIES, "r1"),
                "held_on": _growing_day("r2"),
                "migration_stage": self.pick("anonymous_stage", ANONYMOUS_STAGE, "r10"),
                "destination_country_id": f"NULLIF({self.pick('destination', DESTINATION, 'r11')}, '')",
                "sex": self.pick("sex", SEX, "r12"),
                "age_band": self.pick("anonymous_age", ANONYMOUS_AGE, "r13"),
                "province_id": f"CASE WHEN r14 < 0.2 THEN NULL ELSE {self.pick('province', self.province_weights, 'r15')} END",
            },
            f"FROM (SELECT {_randoms(15)} FROM generate_series(1, %(k)s)) s",
        )
        return self._insert("cases_consultation", linked, anonymous, order_by="held_on", k=round(self.n * 0.35))

    def referrals(self) -> int:
        """About 0.33 per case (most for victims), each resting on a consent given for referrals."""
        from safepath.directory.models import ServiceProvider

        providers = list(ServiceProvider.objects.values_list("id", "agency_id"))
        self.cur.execute(
            "CREATE TEMP TABLE bench_provider AS SELECT k, id, agency_id "
            "FROM unnest(%s::uuid[], %s::uuid[]) WITH ORDINALITY AS t(id, agency_id, k)",
            [[str(p) for p, _ in providers], [str(a) if a else None for _, a in providers]],
        )
        rate = self.picks.rate("c.case_type", REFERRALS_PER_CASE)
        # The referrals planned per case: sent days or weeks after the case was opened.
        self.cur.execute(
            f"CREATE TEMP TABLE bench_referral AS SELECT c.id AS case_id, c.agency_id, c.person_id, c.opened_on, "
            f"k, c.opened_on + floor(random() * 45)::int AS sent_on, 1 + floor(random() * %(providers)s)::int AS provider "
            f"FROM cases_case c CROSS JOIN LATERAL generate_series(1, floor({rate} + random())::int) k",
            {"providers": len(providers)},
        )
        self.cur.execute(f"DELETE FROM bench_referral WHERE sent_on > DATE '{AS_OF.isoformat()}'")
        self._insert(
            "cases_consent",
            (
                {
                    "id": "md5('consent' || case_id::text)::uuid",
                    "case_id": "case_id",
                    "person_id": "person_id",
                    "purpose": "'referral'",
                    "method": "'written'",
                    "given_on": "opened_on",
                    "created_at": _local_time("opened_on", "0.5"),
                },
                "FROM (SELECT DISTINCT ON (case_id) * FROM bench_referral) b",
            ),
            order_by="given_on",
        )
        status = self.pick("referral_status", REFERRAL_OUTCOME_STATUS, "r1")
        status = f"CASE WHEN sent_on > DATE '{(AS_OF - dt.timedelta(days=5)).isoformat()}' AND r1 < 0.8 THEN 'sent' ELSE {status} END"
        answered = "status IN ('accepted', 'declined', 'booked', 'delivered')"
        inner = (
            f"SELECT b.*, {status} AS status, {_local_time('sent_on', 'r2')} AS sent_at, "
            f"interval '1 hour' * (0.5 + (-ln(1 - r3) * 40)) AS wait "
            f"FROM (SELECT b.*, {_randoms(6)} FROM bench_referral b) b"
        )
        return self._insert(
            "referrals_referral",
            (
                {
                    "id": "gen_random_uuid()",
                    "reference": "'BENCH-REF-' || row_number() OVER ()",
                    "case_id": "r.case_id",
                    "from_agency_id": "r.agency_id",
                    "provider_id": "bp.id",
                    "to_agency_id": "bp.agency_id",
                    "service_type": self.pick("service_type", SERVICE_TYPE, "r4"),
                    "consent_id": "md5('consent' || r.case_id::text)::uuid",
                    "urgency": self.pick("urgency", URGENCY, "r5"),
                    "fields": "'[]'::jsonb",
                    "status": "status",
                    "sent_at": "sent_at",
                    "answer_by": "sent_on + 3",
                    "answered_at": f"CASE WHEN {answered} THEN sent_at + wait END",
                    "decline_reason": f"CASE WHEN status = 'declined' THEN {self.pick('decline', DECLINE_REASON, 'r6')} ELSE '' END",
                    "booked_for": "CASE WHEN status IN ('booked', 'delivered') THEN sent_on + 7 END",
                    "delivered_on": "CASE WHEN status = 'delivered' THEN sent_on + 10 END",
                    "outcome": "CASE WHEN status = 'delivered' THEN 'completed' ELSE '' END",
                    "version": "1",
                    "updated_at": "now()",
                },
                f"FROM ({inner}) r JOIN bench_provider bp ON bp.k = r.provider",
            ),
            order_by="sent_at",
        )

    def stays(self) -> int:
        """About 0.1 per case: shelter stays in the case's agency's facility; the latest are still open."""
        self.cur.execute(
            "CREATE TEMP TABLE bench_bed AS SELECT f.id AS facility_id, f.agency_id, b.id AS bed_id, "
            "row_number() OVER (PARTITION BY f.id ORDER BY b.id) AS k, count(*) OVER (PARTITION BY f.id) AS beds "
            "FROM shelters_bed b JOIN shelters_room r ON r.id = b.room_id JOIN shelters_facility f ON f.id = r.facility_id"
        )
        rate = self.picks.rate("c.case_type", STAYS_PER_CASE)
        nights = "(1 + floor(-ln(1 - random()) * 13))::int"
        self.cur.execute(
            f"CREATE TEMP TABLE bench_stay AS SELECT c.id AS case_id, f.facility_id, f.beds, "
            f"c.opened_on + floor(random() * 10)::int AS admitted_on, {nights} AS nights, random() AS r "
            f"FROM cases_case c JOIN (SELECT DISTINCT facility_id, agency_id, beds FROM bench_bed) f "
            f"ON f.agency_id = c.agency_id WHERE random() < {rate}"
        )
        as_of = f"DATE '{AS_OF.isoformat()}'"
        self.cur.execute(f"DELETE FROM bench_stay WHERE admitted_on > {as_of}")
        # Stays still running today get beds of their own (one open stay per bed); the rest any bed.
        self.cur.execute(
            f"ALTER TABLE bench_stay ADD open boolean; UPDATE bench_stay SET open = admitted_on + nights > {as_of}; "
            "ALTER TABLE bench_stay ADD k bigint; "
            "UPDATE bench_stay s SET k = o.rn FROM (SELECT ctid, row_number() OVER (PARTITION BY facility_id "
            "ORDER BY admitted_on DESC) AS rn FROM bench_stay WHERE open) o WHERE s.ctid = o.ctid; "
            f"UPDATE bench_stay SET open = false, nights = {as_of} - admitted_on WHERE open AND k > beds; "
            "UPDATE bench_stay SET k = 1 + floor(r * beds) WHERE NOT open"
        )
        return self._insert(
            "shelters_stay",
            (
                {
                    "id": "gen_random_uuid()",
                    "case_id": "s.case_id",
                    "facility_id": "s.facility_id",
                    "bed_id": "b.bed_id",
                    "admitted_on": "s.admitted_on",
                    "planned_discharge_on": "s.admitted_on + GREATEST(14, s.nights)",
                    "discharged_on": "CASE WHEN s.open THEN NULL ELSE s.admitted_on + s.nights END",
                    "destination": f"CASE WHEN s.open THEN '' ELSE {self.pick('stay_destination', STAY_DESTINATION, 's.r')} END",
                    "admitted_by_id": str(self.user.pk),
                    "version": "1",
                    "created_at": "now()",
                    "updated_at": "now()",
                },
                "FROM bench_stay s JOIN bench_bed b ON b.facility_id = s.facility_id AND b.k = s.k",
            ),
            order_by="admitted_on",
        )

    def screenings(self) -> int:
        """About 0.2 per case: trafficking screenings for suspected victims, the other instruments less often."""
        kinds = ", ".join(
            f"({_quote(kind)}, {self.picks.rate('c.case_type', rates)})" for kind, rates in SCREENINGS_PER_CASE.items()
        )
        outcome = self.picks.by("outcome", "kind", SCREENING_OUTCOME, "r3", "''")
        as_of = f"DATE '{AS_OF.isoformat()}'"
        done = f"interviewed_on <= {as_of} AND r2 < 0.95"
        inner = (
            f"SELECT c.id AS case_id, k.kind, c.opened_on + floor(random() * 25)::int AS interviewed_on, "
            f"{_randoms(4)} FROM cases_case c CROSS JOIN LATERAL (VALUES {kinds}) k(kind, rate) WHERE random() < k.rate"
        )
        return self._insert(
            "screening_assessment",
            (
                {
                    "id": "gen_random_uuid()",
                    "case_id": "case_id",
                    "kind": "kind",
                    "instrument": "kind || '-bench'",
                    "instrument_version": "'1'",
                    "status": f"CASE WHEN {done} THEN 'completed' WHEN r2 < 0.98 THEN 'draft' ELSE 'voided' END",
                    "mode": "'interview'",
                    "interviewed_on": f"LEAST(interviewed_on, {as_of})",
                    "outcome": f"CASE WHEN {done} THEN {outcome} ELSE '' END",
                    "started_by_id": str(self.user.pk),
                    "completed_by_id": f"CASE WHEN {done} THEN {self.user.pk} END",
                    "completed_at": f"CASE WHEN {done} THEN {_local_time('interviewed_on', 'r4')} END",
                    "saves": "1",
                    "created_at": _local_time(f"LEAST(interviewed_on, {as_of})", "r1"),
                    "updated_at": "now()",
                },
                f"FROM ({inner}) a",
            ),
            order_by="created_at",
        )

    def reintegration(self) -> int:
        """About 0.05 plans per case, each with follow-up visits at 1, 3, 6 and 12 months and their scores."""
        rate = self.picks.rate("c.case_type", PLANS_PER_CASE)
        as_of = f"DATE '{AS_OF.isoformat()}'"
        plans = self._insert(
            "reintegration_reintegrationplan",
            (
                {
                    "id": "md5('plan' || c.id::text)::uuid",
                    "case_id": "c.id",
                    "status": f"CASE WHEN started_on + 400 > {as_of} THEN 'active' WHEN r < 0.85 THEN 'completed' ELSE 'dropped' END",
                    "started_on": "started_on",
                    "ended_on": f"CASE WHEN started_on + 400 <= {as_of} THEN started_on + 400 END",
                    "indicator_version": "'safepath-default'",
                    "followup_months": "'[1, 3, 6, 12]'::jsonb",
                    "created_by_id": str(self.user.pk),
                    "created_at": _local_time("started_on", "r"),
                    "updated_at": "now()",
                },
                f"FROM (SELECT c.*, c.opened_on + 20 + floor(random() * 40)::int AS started_on, random() AS r "
                f"FROM cases_case c WHERE random() < {rate}) c WHERE started_on <= {as_of}",
            ),
            order_by="started_on",
        )
        # Scores grow with the months since the start; a dropped plan's later visits are not done.
        score = "LEAST(1.0, GREATEST(0.0, 0.35 + 0.025 * m + (random() - 0.5) * 0.4))"
        done = f"v.due_on + 14 <= {as_of} AND v.r < 0.88 AND NOT (v.status = 'dropped' AND m > 3)"
        visits = self._insert(
            "reintegration_followupvisit",
            (
                {
                    "id": "gen_random_uuid()",
                    "plan_id": "v.plan_id",
                    "month_offset": "m",
                    "due_on": "v.due_on",
                    "done_on": f"CASE WHEN {done} THEN v.due_on + (floor(v.r2 * 19) - 5)::int END",
                    "method": f"CASE WHEN {done} THEN {self.pick('visit_method', VISIT_METHOD, 'v.r2')} ELSE '' END",
                    "economic_score": f"CASE WHEN {done} THEN {score} END",
                    "social_score": f"CASE WHEN {done} THEN {score} END",
                    "psychosocial_score": f"CASE WHEN {done} THEN {score} END",
                    "composite_score": f"CASE WHEN {done} THEN {score} END",
                    "coverage": f"CASE WHEN {done} THEN 1.0 END",
                    "indicator_version": f"CASE WHEN {done} THEN 'safepath-default' ELSE '' END",
                    "created_at": "now()",
                    "updated_at": "now()",
                },
                "FROM (SELECT p.id AS plan_id, p.status, m, (p.started_on + make_interval(months => m))::date AS due_on, "
                "random() AS r, random() AS r2 FROM reintegration_reintegrationplan p "
                "CROSS JOIN unnest(ARRAY[1, 3, 6, 12]) m) v",
            ),
            order_by="COALESCE(done_on, due_on)",
        )
        return plans + visits

    def outreach(self) -> int:
        """An event per 40 cases, with the participant grid (sex x age group) it recorded."""
        size = self.picks.rate("kind", EVENT_SIZE)
        events = self._insert(
            "outreach_event",
            (
                {
                    "id": "gen_random_uuid()",
                    "agency_id": self._agency_pick("outreach_agency", OUTREACH_AGENCIES, "r1"),
                    "kind": "kind",
                    "title": "'Bench event'",
                    "start_date": "start_date",
                    "end_date": "start_date + CASE WHEN kind LIKE 'training%%' THEN floor(r3 * 3)::int ELSE 0 END",
                    "province_id": self.pick("province", self.province_weights, "r4"),
                    "created_at": "now()",
                    "updated_at": "now()",
                },
                f"FROM (SELECT s.*, {self.pick('event_kind', EVENT_KIND, 'r2')} AS kind, {_growing_day('r5')} AS start_date "
                f"FROM (SELECT {_randoms(5)} FROM generate_series(1, %(k)s)) s) e",
            ),
            order_by="start_date",
            k=max(50, self.n // 40),
        )
        sexes = ", ".join(f"({_quote(k)}, {v})" for k, v in OUTREACH_SEX.items())
        ages = ", ".join(f"({_quote(k)}, {v})" for k, v in OUTREACH_AGE.items())
        count = f"floor({size} * (0.5 + random()) * sx.share * ag.share + random())::int"
        counts = self._insert(
            "outreach_participantcount",
            (
                {"event_id": "id", "sex": "sex", "age_group": "age_group", "count": "n"},
                f"FROM (SELECT e.id, e.start_date, sx.sex, ag.age_group, {count} AS n FROM outreach_event e "
                f"CROSS JOIN (VALUES {sexes}) sx(sex, share) CROSS JOIN (VALUES {ages}) ag(age_group, share)) c "
                "WHERE n > 0 ORDER BY start_date",
            ),
        )
        return events + counts

    def page_views(self) -> int:
        """The portal's daily views per page and language, growing over the years, scaled with N."""
        pages = ", ".join(f"({_quote(k)}, {v})" for k, v in PAGES.items())
        growth = f"(0.3 + 0.7 * (d - DATE '{FIRST.isoformat()}') / {(AS_OF - FIRST).days}.0)"
        return self._insert(
            "portal_pageview",
            (
                {"page": "page", "day": "d", "lang": "lang", "count": "n"},
                f"FROM (SELECT pg.page, days.d, l.lang, floor(pg.mean * %(scale)s * {growth} * l.share "
                f"* (0.6 + 0.8 * random()) + random())::int AS n "
                f"FROM (SELECT gs::date AS d FROM generate_series(DATE '{FIRST.isoformat()}', DATE '{AS_OF.isoformat()}', "
                "interval '1 day') gs) days "
                f"CROSS JOIN (VALUES {pages}) pg(page, mean) CROSS JOIN (VALUES ('vi', 1.0), ('en', 0.085)) l(lang, share)) v "
                "WHERE n > 0",
            ),
            order_by="day",
            scale=self.n / 1_000_000,
        )

    def run(self) -> dict[str, int]:
        cur = self.cur
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked per statement, not at commit
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET maintenance_work_mem = '512MB'")
        t0 = time.perf_counter()
        self.reference()
        if self.progress:
            self.progress("reference data (agencies, providers, facilities, beds)", 0, time.perf_counter() - t0)
        big = [
            "people_person",
            "cases_case",
            "cases_intakeitem",
            "cases_consultation",
            "cases_consent",
            "referrals_referral",
            "shelters_stay",
            "screening_assessment",
            "reintegration_reintegrationplan",
            "reintegration_followupvisit",
            "outreach_event",
            "outreach_participantcount",
            "portal_pageview",
        ]
        with _foreign_keys_checked_after(cur, big):
            with _indexes_dropped(cur, big):
                self._step("case plan (opening days, persons)", self.plan_cases)
                self._step("persons", self.persons)
                self._step("cases", self.cases)
                self._step("intake items", self.intake)
                self._step("consultations", self.consultations)
                self._step("referrals (and their consents)", self.referrals)
                self._step("shelter stays", self.stays)
                self._step("screenings", self.screenings)
                self._step("reintegration plans and visits", self.reintegration)
                self._step("outreach events and counts", self.outreach)
                self._step("portal page views", self.page_views)
                t1 = time.perf_counter()
            if self.progress:
                self.progress("indexes built again", 0, time.perf_counter() - t1)
            t1 = time.perf_counter()
        if self.progress:
            self.progress("foreign keys checked", 0, time.perf_counter() - t1)
        t1 = time.perf_counter()
        cur.execute("ANALYZE")
        if self.progress:
            self.progress("ANALYZE", 0, time.perf_counter() - t1)
        return self.counts


def generate(*, n: int, seed: float = 0.42, progress: Progress | None = None) -> dict[str, int]:
    """Fill the (migrated, empty) database Django is connected to with N cases and what goes with them."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        return Generator(cur, n=n, seed=seed, progress=progress).run()
