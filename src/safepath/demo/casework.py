"""Two years of casework for the demo network: cases, their history and content, consultations, intake.

At scale 1.0 and ending today: about 3,000 cases at the Hanoi MRC, whose new cases grow from about 60
in the first month to over 200 in the latest full month (`monthly_plan`), and about 2,800 at the 14
other agencies that keep case files; a registered person per case (a few come back with a second
case); consultations about three times the cases, most of them anonymous; intake items that became
cases or consultations or were closed, and a queue of items still waiting today.

The rows are built in memory and written with bulk_create: through the services every row would
also write an access-log entry (and the load would take many minutes), and the access log must not
claim that staff did what nobody did. What the services would have left is kept by hand:

* case numbers `<AGENCY>-<YEAR>-<6 digits>` in opening order per agency and year, and CaseSequence
  rows holding the highest number given, so the next case opened in the application gets the next;
* one CaseEvent per write a service would have made (opening, assignment, status change, update,
  closure request, approval, sending back, reopening), status changes allowed by
  `safepath.cases.workflow`, and `version` equal to the number of events (case_open starts at 1
  with its "opened" event; every later write bumps it once and records one event);
* closing through a caseworker's request and the supervisor's approval (every demo agency requires
  it; a supervisor may close directly), closed_on the day of the closing, open tasks cancelled then;
* persons normalised, encrypted and indexed by the people services' own helpers; consultations
  about a person take sex, age band and province from the person, as consultation_record does;
* screenings and assessments as the interview pages leave them: answers drawn per case
  (`safepath.demo.screenings`) and checked by the interview's own validation, the result computed
  by `screening.results.evaluate` as assessment_complete computes it, an "assessed" line on the
  timeline (not a case write: `version` is not bumped), findings now and then taken into the case
  (a "decided" line in place of a hand edit); a few interviews still in progress, a very few set
  aside (interviews never finished are set aside before their case closes). They draw from a
  generator of their own, so the rest of the demo is the same with or without them.

Deterministic in (seed, scale, today) except for row ids, nonces and the moment of loading.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import math
import random
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from safepath.accounts.models import Agency, User
from safepath.cases import workflow
from safepath.cases.choices import (
    AgeBand,
    CaseStatus,
    CaseType,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    ConsultationChannel,
    ConsultationOutcome,
    ExploitationType,
    IntakeChannel,
    IntakeCloseReason,
    IntakeStatus,
    LegalStatus,
    MeansOfControl,
    MigrationStage,
    RecruiterContactKind,
    RecruiterRelationship,
    RecruitmentApp,
    RecruitmentMethod,
    RiskLevel,
    TaskStatus,
    Urgency,
)
from safepath.cases.models import (
    Case,
    CaseEvent,
    CaseSequence,
    Consent,
    Consultation,
    IntakeItem,
    Note,
    RecruiterContact,
    Task,
)
from safepath.cases.services import RECRUITER_CONTACT_PURPOSE, age_band, recruiter_contact_key
from safepath.core.crypto import get_keyring
from safepath.core.normalize import (
    InvalidPhoneNumber,
    fold,
    normalize_email,
    normalize_phone,
)
from safepath.core.roles import Role
from safepath.demo import screenings, texts
from safepath.demo.population import PHONE_PREFIXES, DemoPerson, generate_population
from safepath.people.duplicates import match_key_rows
from safepath.people.models import Person, PersonMatchKey, PersonNameToken
from safepath.people.services import PersonInput, person_clean, person_index
from safepath.places.models import Country, Ethnicity, LegacyProvince, Province, Ward
from safepath.screening import instruments as screening_instruments
from safepath.screening.models import Assessment, AssessmentMode, AssessmentStatus
from safepath.screening.results import evaluate
from safepath.screening.services import person_context

Progress = Callable[[str, int, int], None]
T = TypeVar("T")

SEED = 2012
MONTHS = 24  # the current month and the 23 before it


# --- the plan: how many cases, where --------------------------------------------------------------------------
@dataclass(frozen=True)
class AgencyPlan:
    first: float  # new cases in the first month of the two years
    last: float  # new cases in the latest full month
    mix: str  # which case and channel mix (a key of CASE_MIX and CHANNEL_MIX)
    home: dict[str, float]  # catchment: former-province codes (the CCCD prefix) -> weight
    home_share: float  # share of persons from the catchment; the rest come from anywhere
    consultations: float  # consultations per case, anonymous ones included
    queue: int  # intake items waiting in the queue today (at scale 1.0)


PLANS: dict[str, AgencyPlan] = {
    "HN-MRC": AgencyPlan(
        60,
        220,
        "mrc",
        {"01": 8, "27": 2, "24": 1, "33": 2, "34": 1, "30": 1, "31": 2, "26": 1, "35": 1, "36": 1, "37": 1},
        0.35,
        3.3,
        28,
    ),
    "TH-MRC": AgencyPlan(10, 28, "mrc", {"38": 1}, 0.75, 2.5, 6),
    "NA-MRC": AgencyPlan(12, 35, "mrc", {"40": 1}, 0.75, 2.5, 6),
    "HT-MRC": AgencyPlan(9, 25, "mrc", {"42": 1}, 0.75, 2.5, 5),
    "BN-MRC": AgencyPlan(5, 14, "mrc", {"27": 2, "24": 1}, 0.65, 2.5, 4),
    "HY-MRC": AgencyPlan(4, 11, "mrc", {"33": 2, "34": 1}, 0.65, 2.5, 4),
    "HN-OSSO": AgencyPlan(6, 15, "osso", {"01": 1}, 0.5, 2.0, 4),
    "HP-OSSO": AgencyPlan(5, 12, "osso", {"31": 1}, 0.65, 2.0, 3),
    "HD-OSSO": AgencyPlan(3, 6, "osso", {"30": 1}, 0.7, 2.0, 2),
    "CT-OSSO": AgencyPlan(4, 9, "osso", {"92": 1}, 0.7, 2.0, 3),
    "HG-OSSO": AgencyPlan(2, 5, "osso", {"93": 1}, 0.7, 2.0, 2),
    "LC-RC": AgencyPlan(
        4, 9, "shelter", {"10": 3, "15": 1, "02": 2, "11": 1, "12": 1, "14": 1, "04": 1, "20": 1}, 0.75, 1.2, 10
    ),
    "BG-SS": AgencyPlan(2, 4, "social", {"24": 1}, 0.7, 1.5, 2),
    "HUE-SS": AgencyPlan(2, 3, "social", {"46": 1}, 0.7, 1.5, 2),
    "TN-SS": AgencyPlan(2, 4, "social", {"72": 1, "80": 1}, 0.7, 1.5, 2),
}
# Fewer new cases around Tết, more just after (labour migration picks up in spring). The first month
# and the latest full month keep the plan's own figures.
SEASON = {1: 0.93, 2: 0.85, 3: 1.08, 4: 1.04}

CT = CaseType
TRAFFICKING_TYPES = frozenset({CT.SUSPECTED_TRAFFICKING, CT.IDENTIFIED_VICTIM})
CASE_MIX: dict[str, dict[str, float]] = {
    "mrc": {
        CT.INFORMATION: 24,
        CT.PRE_DEPARTURE: 26,
        CT.DISTRESS_ABROAD: 11,
        CT.RETURNED: 20,
        CT.SUSPECTED_TRAFFICKING: 8,
        CT.IDENTIFIED_VICTIM: 3,
        CT.VULNERABLE: 8,
    },
    "osso": {
        CT.INFORMATION: 14,
        CT.PRE_DEPARTURE: 18,
        CT.DISTRESS_ABROAD: 14,
        CT.RETURNED: 28,
        CT.SUSPECTED_TRAFFICKING: 10,
        CT.IDENTIFIED_VICTIM: 4,
        CT.VULNERABLE: 12,
    },
    "shelter": {CT.RETURNED: 8, CT.SUSPECTED_TRAFFICKING: 34, CT.IDENTIFIED_VICTIM: 48, CT.VULNERABLE: 10},
    "social": {
        CT.INFORMATION: 5,
        CT.RETURNED: 40,
        CT.VULNERABLE: 35,
        CT.IDENTIFIED_VICTIM: 12,
        CT.SUSPECTED_TRAFFICKING: 8,
    },
}
IC = IntakeChannel
CHANNEL_MIX: dict[str, dict[str, float]] = {
    "mrc": {IC.WALK_IN: 30, IC.PHONE: 26, IC.WEB: 12, IC.EMAIL: 6, IC.OUTREACH: 11, IC.REFERRAL_IN: 15},
    "osso": {IC.WALK_IN: 38, IC.PHONE: 24, IC.WEB: 6, IC.EMAIL: 3, IC.OUTREACH: 12, IC.REFERRAL_IN: 17},
    "shelter": {IC.BORDER_HANDOVER: 50, IC.REFERRAL_IN: 30, IC.OUTREACH: 10, IC.PHONE: 10},
    "social": {IC.WALK_IN: 30, IC.OUTREACH: 35, IC.REFERRAL_IN: 25, IC.PHONE: 10},
}
# Where people go to work, and where trafficking cases come back from (scam compounds in Cambodia,
# Myanmar and Laos; forced marriage and labour in China).
LABOUR_DESTINATIONS = {"JP": 30, "TW": 25, "KR": 13, "MY": 4, "SA": 5, "AE": 3, "DE": 5, "GB": 2, "CN": 3, "RO": 2}
TRAFFICKING_DESTINATIONS = {"KH": 30, "MM": 18, "CN": 20, "LA": 8, "GB": 5, "MY": 5, "TH": 4, "SA": 3, "AE": 2, "TW": 2}
BORDER_DESTINATIONS = {"CN": 50, "KH": 15, "MM": 15, "LA": 15, "TH": 5}
SCAM_COMPOUNDS = frozenset({"KH", "MM", "LA", "TH"})
TRANSIT = {"MM": [["TH"]], "GB": [["RU", "FR"], ["DE", "FR"], ["FR"]], "SA": [["AE"]]}

CS = CaseStatus
FULL_PATH = [CS.SCREENING, CS.ASSESSMENT, CS.PLANNING, CS.ACTIVE, CS.FOLLOW_UP]
PATHS: dict[str, list[str]] = {CT.INFORMATION: [CS.ACTIVE], CT.PRE_DEPARTURE: [CS.SCREENING, CS.ACTIVE]}
# Mean days a case of each type stays in each status.
# Mean days a case of each type stays in each status (one status at a time: N, S, A, P, Act, F).
_STAYS = {
    CT.INFORMATION: (1, 0, 0, 0, 10, 0),
    CT.PRE_DEPARTURE: (2, 5, 0, 0, 25, 0),
    CT.DISTRESS_ABROAD: (1, 4, 6, 6, 30, 25),
    CT.RETURNED: (2, 5, 8, 8, 40, 30),
    CT.SUSPECTED_TRAFFICKING: (1, 6, 12, 8, 40, 35),
    CT.IDENTIFIED_VICTIM: (1, 3, 8, 8, 60, 45),
    CT.VULNERABLE: (2, 6, 8, 8, 40, 30),
}
STAY_DAYS: dict[str, dict[str, float]] = {
    t: dict(zip([CS.NEW, *FULL_PATH], days, strict=True)) for t, days in _STAYS.items()
}
CONSULTATION_CHANNEL = {
    IC.WALK_IN: ConsultationChannel.ON_SITE,
    IC.PHONE: ConsultationChannel.PHONE,
    IC.EMAIL: ConsultationChannel.EMAIL,
    IC.WEB: ConsultationChannel.ONLINE,
    IC.OUTREACH: ConsultationChannel.ON_SITE,
    IC.REFERRAL_IN: ConsultationChannel.PHONE,
    IC.BORDER_HANDOVER: ConsultationChannel.ON_SITE,
}
CASE_TOPICS: dict[str, list[str]] = {
    CT.INFORMATION: ["legal_channels", "destination_info", "recruiter_check", "online_scams"],
    CT.PRE_DEPARTURE: ["pre_departure", "contracts", "fees_debts", "skills_language"],
    CT.DISTRESS_ABROAD: ["rights_at_work", "complaints", "return", "documents"],
    CT.RETURNED: ["reintegration", "fees_debts", "legal_aid", "complaints"],
    CT.SUSPECTED_TRAFFICKING: ["trafficking", "return", "legal_aid", "online_scams"],
    CT.IDENTIFIED_VICTIM: ["trafficking", "psychosocial", "legal_aid", "reintegration"],
    CT.VULNERABLE: ["reintegration", "psychosocial", "health"],
}
# Showcase cases on the Hanoi demo caseworker's desk, whatever the scale: one in every status, a closure
# waiting for the demo supervisor, a closed one and a highly sensitive one; and a highly sensitive case
# of another caseworker, which the demo caseworker cannot open.
# (target, youngest and oldest age in days, case type, highly sensitive, on the other team)
SHOWCASE: list[tuple[str, int, int, str, bool, bool]] = [
    ("new", 0, 4, CT.RETURNED, False, False),
    ("screening", 3, 20, CT.DISTRESS_ABROAD, False, False),
    ("assessment", 10, 40, CT.SUSPECTED_TRAFFICKING, False, False),
    ("planning", 15, 50, CT.RETURNED, False, False),
    ("active", 30, 90, CT.IDENTIFIED_VICTIM, True, False),
    ("active", 20, 80, CT.RETURNED, False, False),
    ("follow_up", 60, 150, CT.VULNERABLE, False, False),
    ("pending_closure", 60, 200, CT.RETURNED, False, False),
    ("closed", 60, 200, CT.PRE_DEPARTURE, False, False),
    ("active", 20, 120, CT.SUSPECTED_TRAFFICKING, True, True),
]
DEMO_CASEWORKER, DEMO_SUPERVISOR = "caseworker", "supervisor"
OTHER_CASEWORKER, OTHER_SUPERVISOR = "hn-mrc.caseworker2", "hn-mrc.supervisor2"

# Screening and assessment, made as the interview pages make them (see `_assessment`).
TRAFFICKING_SCREENING, FORCED_LABOUR = "trafficking-screening", "forced-labour"
VULNERABILITY, NEEDS = "vulnerability", "needs-assessment"
# Chance of each instrument by case type: the two screenings in the screening phase (information cases
# have none: now and then while active), the two assessments in the assessment phase.
ASSESSED: dict[str, dict[str, float]] = {
    TRAFFICKING_SCREENING: {
        CT.IDENTIFIED_VICTIM: 0.85,
        CT.SUSPECTED_TRAFFICKING: 0.85,
        CT.DISTRESS_ABROAD: 0.35,
        CT.RETURNED: 0.25,
        CT.VULNERABLE: 0.15,
        CT.PRE_DEPARTURE: 0.03,
        CT.INFORMATION: 0.01,
    },
    FORCED_LABOUR: {
        CT.IDENTIFIED_VICTIM: 0.25,
        CT.SUSPECTED_TRAFFICKING: 0.25,
        CT.DISTRESS_ABROAD: 0.25,
        CT.RETURNED: 0.15,
        CT.VULNERABLE: 0.03,
    },
    VULNERABILITY: {
        CT.IDENTIFIED_VICTIM: 0.45,
        CT.SUSPECTED_TRAFFICKING: 0.45,
        CT.DISTRESS_ABROAD: 0.25,
        CT.RETURNED: 0.3,
        CT.VULNERABLE: 0.6,
    },
    NEEDS: {
        CT.IDENTIFIED_VICTIM: 0.7,
        CT.SUSPECTED_TRAFFICKING: 0.5,
        CT.DISTRESS_ABROAD: 0.3,
        CT.RETURNED: 0.35,
        CT.VULNERABLE: 0.5,
    },
}
# How severe the person's experience was (it steers their answers; the scoring gives the outcome).
SEVERITY: dict[str, dict[str, float]] = {
    CT.IDENTIFIED_VICTIM: {screenings.STRONG: 82, screenings.POSSIBLE: 14, screenings.NONE: 4},
    CT.SUSPECTED_TRAFFICKING: {screenings.STRONG: 35, screenings.POSSIBLE: 40, screenings.NONE: 25},
    CT.DISTRESS_ABROAD: {screenings.STRONG: 8, screenings.POSSIBLE: 42, screenings.NONE: 50},
    CT.RETURNED: {screenings.STRONG: 4, screenings.POSSIBLE: 30, screenings.NONE: 66},
    CT.VULNERABLE: {screenings.STRONG: 3, screenings.POSSIBLE: 22, screenings.NONE: 75},
    CT.PRE_DEPARTURE: {screenings.POSSIBLE: 5, screenings.NONE: 95},
    CT.INFORMATION: {screenings.POSSIBLE: 5, screenings.NONE: 95},
}
INTERVIEW_MINUTES = {TRAFFICKING_SCREENING: (30, 80), FORCED_LABOUR: (15, 40), VULNERABILITY: (15, 35), NEEDS: (20, 50)}


def demo_months(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """First days of the `months` calendar months ending with today's month, oldest first."""
    y, m = today.year, today.month
    out: list[dt.date] = []
    for _ in range(months):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _days_in(month: dt.date) -> int:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (following - month).days


def monthly_plan(code: str, *, today: dt.date, scale: float = 1.0, seed: int = SEED) -> list[tuple[dt.date, int]]:
    """New cases per month for an agency, oldest month first.

    Geometric growth from the plan's `first` in the first month to its `last` in the latest full
    month, a dip around Tết, ±5% noise; the current month counts only its days before today. Counts
    are rounded up or down at random in proportion (a small scale keeps the small agencies).
    Deterministic in (code, today, scale, seed).
    """
    plan = PLANS[code]
    months = demo_months(today)
    latest_full = len(months) - 2
    rng = random.Random(f"{seed}:{code}:plan")  # noqa: S311 (deterministic demo data, not security)
    out: list[tuple[dt.date, int]] = []
    for i, month in enumerate(months):
        rate = plan.first * (plan.last / plan.first) ** (min(i, latest_full) / latest_full)
        noise = rng.uniform(0.95, 1.05)
        if 0 < i < latest_full:
            rate *= SEASON.get(month.month, 1.0) * noise
        else:
            rate *= 1 + (noise - 1) / 5  # the end points stay within 1% of the plan
        if i == len(months) - 1:
            rate = rate * (today.day - 1) / _days_in(month)
        # Rounded up or down at random, so that small agencies keep their share at a small scale
        expected = rate * scale
        out.append((month, math.floor(expected) + (rng.random() < expected % 1)))
    return out


# --- helpers ----------------------------------------------------------------------------------------------------
class _Weighted:
    def __init__(self, weights: dict[Any, float]) -> None:
        self.values = list(weights)
        self.weights = [float(w) for w in weights.values()]

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.values, self.weights)[0]


def _chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


@contextmanager
def _given_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at set on the rows (two years of history), not "now".

    auto_now and auto_now_add are switched off on those fields for the duration, and back on after.
    Only the demo loader does this, in a command, before the server starts.
    """
    saved: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@contextmanager
def _collect_less() -> Iterator[None]:
    """The cyclic garbage collector at a slower pace while the rows are built and saved.

    Nearly every object the loader makes lives until it is written, so at its default pace (a young
    collection every 700 allocations) the collector scans the growing heap again and again: about a
    sixth of the load time. Reference counting still frees everything else at once.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


@dataclass
class _Team:
    agency: Agency
    caseworkers: list[User]
    supervisors: list[User]
    supervisor_weights: list[float]
    counsellors: list[User]
    shelter: list[User]

    @property
    def handlers(self) -> list[User]:
        return self.counsellors + self.caseworkers + self.supervisors


@dataclass
class _Spec:
    agency: Agency
    opened_at: dt.datetime
    number: str = ""
    case_type: str = ""
    force: str = ""  # showcase: the status the case must be in today ("pending_closure" too)
    caseworker: User | None = None
    supervisor: User | None = None
    sensitive: bool = False


@dataclass
class _Step:
    kind: str  # assign, reassign, status, update, request, reject, approve, close, reopen
    gap: float  # days after the step before
    to: str = ""
    reason: str = ""


@dataclass
class _TaskPlan:
    task: Task
    done_at: dt.datetime | None  # when it would be done; None: forgotten


@dataclass
class _Life:
    """One case while it is being lived through."""

    spec: _Spec
    case: Case
    team: _Team
    demo: DemoPerson
    opener: User
    caseworker: User | None  # who the supervisor assigns
    supervisor: User
    forced: bool
    recruiter: list[tuple[str, str]] | None
    tasks: list[_TaskPlan] = field(default_factory=list)
    consent_purposes: set[str] = field(default_factory=set)
    closed_at: dt.datetime | None = None
    severity: str = ""  # drawn at the first assessment
    facts: screenings.Facts | None = None
    assessed: dict[str, Assessment] = field(default_factory=dict)  # instrument code -> the one that counts


class _People:
    """The generated population as a pool: each registered person is taken once."""

    def __init__(self, pool: list[DemoPerson]) -> None:
        self.pool = pool
        self.used = [False] * len(pool)
        self.by_legacy: dict[str, deque[int]] = defaultdict(deque)
        for i, p in enumerate(pool):
            self.by_legacy[p.origin_legacy_province_code].append(i)
        self.cursor = 0

    def _from_home(self, home: dict[str, float], rng: random.Random, born_by: int) -> int | None:
        code = rng.choices(list(home), list(home.values()))[0]
        queue = self.by_legacy.get(code)
        while queue and self.used[queue[0]]:
            queue.popleft()
        if not queue:
            return None
        for k, i in enumerate(queue):  # the first one old enough; the younger ones wait their turn
            if self.pool[i].birth_year <= born_by:
                del queue[k]
                return i
            if k > 50:
                break
        return None

    def take(self, plan: AgencyPlan, rng: random.Random, *, born_by: int) -> DemoPerson:
        """A person not yet registered, born in `born_by` or before, from the catchment area or anywhere."""
        i = self._from_home(plan.home, rng, born_by) if rng.random() < plan.home_share else None
        if i is None:
            while self.cursor < len(self.pool) and self.used[self.cursor]:
                self.cursor += 1
            i = next(
                (
                    j
                    for j in range(self.cursor, len(self.pool))
                    if not self.used[j] and self.pool[j].birth_year <= born_by
                ),
                None,
            )
            if i is None:
                raise RuntimeError("The demo population is too small for the planned cases.")
        self.used[i] = True
        return self.pool[i]

    def sample(self, plan: AgencyPlan, rng: random.Random) -> DemoPerson:
        """Someone who could have called (for an anonymous session or an intake item): not registered."""
        if rng.random() < plan.home_share:
            code = rng.choices(list(plan.home), list(plan.home.values()))[0]
            bucket = self.by_legacy.get(code)
            if bucket:
                return self.pool[bucket[rng.randrange(len(bucket))]]
        return self.pool[rng.randrange(len(self.pool))]


def person_values(demo: DemoPerson, *, ward: str | None = None, email: str = "") -> dict[str, Any]:
    """The Person fields person_register stores for a demo person, without a look-up per row: the demo's
    codes are checked against the reference tables once, in bulk (`_check_codes`)."""
    data = PersonInput(
        family_name=demo.family_name,
        middle_name=demo.middle_name,
        given_name=demo.given_name,
        aliases=list(demo.aliases),
        sex=demo.sex,
        birth_date=demo.birth_date,
        phone=demo.phone,
        email=email,
        id_number=demo.id_number,
        ethnicity_id=demo.ethnicity_code or None,
        origin_province_id=demo.origin_province_code or None,
        origin_legacy_province_id=demo.origin_legacy_province_code or None,
        origin_ward_id=ward,
        languages=list(demo.languages),
    )
    return person_clean(data, check_places=False)


def _check_codes(pool: Sequence[DemoPerson]) -> None:
    """The generator's ethnic-group and province codes all exist (what person_clean checks row by row)."""
    known = {
        "ethnicity": set(Ethnicity.objects.values_list("code", flat=True)),
        "province": set(Province.objects.values_list("code", flat=True)),
        "legacy": dict(LegacyProvince.objects.values_list("code", "successor_id")),
    }
    for p in pool:
        if (
            p.ethnicity_code not in known["ethnicity"]
            or p.origin_province_code not in known["province"]
            or (
                p.origin_legacy_province_code
                and known["legacy"].get(p.origin_legacy_province_code) != p.origin_province_code
            )
        ):
            raise ValueError(
                f"demo person with unknown or inconsistent codes: {p.ethnicity_code}, {p.origin_province_code}"
            )


# --- the builder ---------------------------------------------------------------------------------------------
class _Casework:
    def __init__(
        self,
        *,
        agencies: dict[str, Agency],
        users: dict[str, User],
        scale: float,
        seed: int,
        today: dt.date,
        now: dt.datetime,
        progress: Progress | None,
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (deterministic demo data, not security)
        # Assessments draw from their own generator: the rest of the demo stays as it was without them.
        self.srng = random.Random(f"{seed}:screening")  # noqa: S311 (deterministic demo data, not security)
        self.instruments = {code: screening_instruments.current(code) for code in ASSESSED}
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.seed, self.scale, self.today, self.progress = seed, scale, today, progress
        # Local time throughout, so that a moment's .date() is the day in Viet Nam (as timezone.localdate)
        self.now = now.astimezone(self.tz)
        self.agencies, self.users = agencies, users
        self.ring = get_keyring()
        self.country_names = dict(Country.objects.values_list("iso2", "name_vi"))
        self.wards: dict[str, list[str]] = defaultdict(list)
        for code, province in Ward.objects.values_list("code", "province_id"):
            self.wards[province].append(code)
        self.teams = {code: self._team(agencies[code]) for code in PLANS if code in agencies}
        self.plans = {
            code: monthly_plan(code, today=today, scale=scale, seed=seed) for code in PLANS if code in self.teams
        }
        n_cases = sum(n for plan in self.plans.values() for _, n in plan)
        pool = generate_population(count=max(3000, int(n_cases * 2.6)), seed=seed)
        _check_codes(pool)
        self.people = _People(pool)
        self.recruiters = self._recruiters()
        self.previous: dict[str, list[tuple[Person, DemoPerson, dt.datetime]]] = defaultdict(list)
        self.linked_consultations: dict[tuple[str, dt.date], int] = defaultdict(int)
        # Rows, in the order they are written
        self.persons: list[Person] = []
        self.tokens: list[PersonNameToken] = []
        self.match_keys: list[PersonMatchKey] = []
        self.intake: list[IntakeItem] = []
        self.cases: list[Case] = []
        self.transit: list[Any] = []
        self.events: list[CaseEvent] = []
        self.notes: list[Note] = []
        self.tasks: list[Task] = []
        self.consents: list[Consent] = []
        self.contacts: list[RecruiterContact] = []
        self.consultations: list[Consultation] = []
        self.assessments: list[Assessment] = []
        self.sequences: dict[tuple[str, int], int] = {}

    # -- staff, time, small draws
    def _team(self, agency: Agency) -> _Team:
        staff = [u for u in self.users.values() if u.agency_id == agency.pk]
        workers = [u for u in staff if Role.CASEWORKER in u.role_codes]
        supervisors = [u for u in staff if Role.SUPERVISOR in u.role_codes]
        if not supervisors:
            raise RuntimeError(f"The demo agency {agency.code} keeps cases but has no supervisor.")
        return _Team(
            agency=agency,
            caseworkers=workers or supervisors,
            # The first supervisor (the demo one in Hanoi) supervises most cases.
            supervisors=supervisors,
            supervisor_weights=[0.6 if i == 0 else 0.4 / max(1, len(supervisors) - 1) for i in range(len(supervisors))],
            counsellors=[u for u in staff if Role.COUNSELLOR in u.role_codes],
            shelter=[u for u in staff if Role.SHELTER_STAFF in u.role_codes],
        )

    def _at(self, day: dt.date, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=self.tz)

    def _office(self, t: dt.datetime, rng: random.Random | None = None) -> dt.datetime:
        """The same moment in office hours (Monday to Saturday, 7:30 to 17:30), else early next working day."""
        local = t.astimezone(self.tz)
        minutes = local.hour * 60 + local.minute
        if local.weekday() < 6 and 450 <= minutes <= 1050:
            return local
        day = local.date() if minutes < 450 else local.date() + dt.timedelta(days=1)
        while day.weekday() == 6:
            day += dt.timedelta(days=1)
        return self._at(day, (rng or self.rng).randint(450, 660))

    def _in_office(self, t: dt.datetime) -> bool:
        local = t.astimezone(self.tz)
        return local.weekday() < 6 and 450 <= local.hour * 60 + local.minute <= 1050

    def _just_before_now(self, previous: dt.datetime) -> dt.datetime:
        """For a showcase step that would fall after now: the last office hours before now, after `previous`."""
        t = self.now - dt.timedelta(minutes=self.rng.randint(20, 90))
        while not self._in_office(t) and t > previous:
            t -= dt.timedelta(minutes=30)
        return min(self.now - dt.timedelta(minutes=1), max(t, previous + dt.timedelta(minutes=self.rng.randint(5, 30))))

    def _workdays(self, month: dt.date) -> tuple[list[dt.date], list[float]]:
        days = [month + dt.timedelta(days=d) for d in range(_days_in(month))]
        days = [d for d in days if d < self.today]
        days = [d for d in days if d.weekday() != 6] or days  # closed on Sundays (unless that is all there is)
        return days, [0.35 if d.weekday() == 5 else 1.0 for d in days]

    def _stay(self, mean: float) -> float:
        return max(0.05, self.rng.gammavariate(2.0, mean / 2.0))

    def _pick(self, weights: dict[Any, float]) -> Any:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _bidx(self, value: str, purpose: str) -> str:
        return self.ring.blind_index(value, purpose=purpose) if value else ""

    def _fmt(self, template: str, country: str | None, **extra: Any) -> str:
        rng = self.rng
        values = {
            "country": self.country_names.get(country or "", "nước ngoài"),
            "programme": rng.choice(texts.PROGRAMMES.get(country or "", ["lao động hợp đồng"])),
            "place": rng.choice(texts.PLACES.get(country or "", texts.PLACES[""])),
            "app": rng.choice(list(texts.APP_NAMES.values())),
            "handover": rng.choice(texts.HANDOVERS),
            "border": rng.choice(texts.BORDER_GATES),
            "reason": rng.choice(texts.RETURN_REASONS),
            "detail": rng.choice(texts.VULNERABILITIES),
            "amount": rng.choice([30, 45, 60, 80, 120, 150, 200]),
            "months": rng.randint(2, 6),
            "years": rng.randint(2, 5),
        }
        values.update(extra)
        return template.format(**values)

    def _email_of(self, p: DemoPerson) -> str:
        local = fold(f"{p.given_name}{p.family_name}").replace(" ", "")
        return normalize_email(f"{local}{self.rng.randint(80, 2005)}@gmail.com")

    def _normalized_phone(self, raw: str) -> str:
        try:
            return normalize_phone(raw) if raw else ""
        except InvalidPhoneNumber:
            return ""

    # -- recruiters: phone numbers and accounts that come back across trafficking cases
    def _recruiters(self) -> dict[str, list[list[tuple[str, str]]]]:
        rng = random.Random(f"{self.seed}:recruiters")  # noqa: S311 (deterministic demo data, not security)
        foreign = {
            "KH": lambda: (
                f"+855 {rng.choice(['97', '96', '88', '12'])} {rng.randrange(1000, 9999)} {rng.randrange(100, 999)}"
            ),
            "MM": lambda: f"+95 9 {rng.randrange(400, 799)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
            "LA": lambda: f"+856 20 {rng.randrange(5500, 9999)} {rng.randrange(1000, 9999)}",
            "CN": lambda: (
                f"+86 1{rng.choice('3589')}{rng.randrange(10)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
            ),
            "TH": lambda: f"+66 8{rng.randrange(10)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
        }
        slugs = ["luongcao", "xkld", "tuyendung", "vieclam", "dichvu", "hotro", "dulich", "phiendich"]
        out: dict[str, list[list[tuple[str, str]]]] = {}
        for country in set(TRAFFICKING_DESTINATIONS) | set(BORDER_DESTINATIONS):
            groups = []
            for n in range(8):
                contacts: list[tuple[str, str]] = []
                vn_phone = f"0{rng.choice(list(PHONE_PREFIXES))[1:]}{rng.randrange(10_000_000):07d}"
                phone = foreign[country]() if country in foreign and rng.random() < 0.6 else vn_phone
                contacts.append((RecruiterContactKind.PHONE, phone))
                slug = f"{rng.choice(slugs)}.{country.lower()}{rng.randrange(10, 99)}"
                extra = rng.choice(["zalo", "facebook", "telegram"])
                if extra == "zalo":
                    contacts.append((RecruiterContactKind.ZALO, f"zalo.me/{vn_phone}"))
                elif extra == "facebook":
                    contacts.append((RecruiterContactKind.FACEBOOK, f"facebook.com/{slug}"))
                else:
                    contacts.append((RecruiterContactKind.TELEGRAM, f"@{slug.replace('.', '_')}"))
                if n % 3 == 0:
                    contacts.append((RecruiterContactKind.FACEBOOK, f"https://www.facebook.com/{slug}.{n}"))
                groups.append([(k, v) for k, v in contacts if recruiter_contact_key(k, v)])
            out[country] = groups
        return out

    # -- persons
    def _register(self, demo: DemoPerson, *, agency: Agency, actor: User, at: dt.datetime, email: str = "") -> Person:
        """What person_register stores for this person (same cleaning, blind indexes, name tokens and
        duplicate-check keys), without its access-log entry."""
        wards = self.wards.get(demo.origin_province_code) or []
        ward = self.rng.choice(wards) if wards and self.rng.random() < 0.7 else None
        values = person_values(demo, ward=ward, email=email)
        person = Person(
            registered_by_agency=agency, created_by=actor, updated_by=actor, created_at=at, updated_at=at, **values
        )
        self.tokens.extend(person_index(person))
        self.match_keys.extend(match_key_rows(person, ring=self.ring))  # found by the duplicate check
        self.persons.append(person)
        return person

    # -- planning the cases
    def _plan_cases(self) -> list[_Spec]:
        specs: list[_Spec] = []
        for code, plan in self.plans.items():
            agency = self.agencies[code]
            mine: list[_Spec] = []
            for month, n in plan:
                days, weights = self._workdays(month)
                if not days:
                    continue
                for _ in range(n):
                    day = self.rng.choices(days, weights)[0]
                    mine.append(_Spec(agency=agency, opened_at=self._at(day, self.rng.randint(450, 1040))))
            mine.sort(key=lambda s: s.opened_at)
            for spec in mine:
                key = (code, spec.opened_at.year)
                self.sequences[key] = self.sequences.get(key, 0) + 1
                spec.number = f"{code}-{spec.opened_at.year}-{self.sequences[key]:06d}"
            specs.extend(mine)
        return specs

    def _pick_showcase(self, specs: list[_Spec]) -> None:
        if not all(u in self.users for u in (DEMO_CASEWORKER, DEMO_SUPERVISOR, OTHER_CASEWORKER, OTHER_SUPERVISOR)):
            return
        hanoi = sorted((s for s in specs if s.agency.code == "HN-MRC"), key=lambda s: s.opened_at, reverse=True)
        taken: set[int] = set()
        for target, youngest, oldest, case_type, sensitive, other in SHOWCASE:
            free = [(i, s) for i, s in enumerate(hanoi) if i not in taken]
            if not free:
                return
            ages = {i: (self.today - s.opened_at.date()).days for i, s in free}
            fitting = [i for i, _ in free if youngest <= ages[i] <= oldest]
            # The most recent case that fits; otherwise the one whose age is nearest the window.
            i = fitting[0] if fitting else min(ages, key=lambda j: min(abs(ages[j] - youngest), abs(ages[j] - oldest)))
            taken.add(i)
            spec = hanoi[i]
            spec.force, spec.case_type, spec.sensitive = target, case_type, sensitive
            spec.caseworker = self.users[OTHER_CASEWORKER if other else DEMO_CASEWORKER]
            spec.supervisor = self.users[OTHER_SUPERVISOR if other else DEMO_SUPERVISOR]

    # -- one case
    def _destination(self, case_type: str, plan: AgencyPlan) -> str | None:
        if case_type in TRAFFICKING_TYPES:
            return self._pick(BORDER_DESTINATIONS if plan.mix == "shelter" else TRAFFICKING_DESTINATIONS)
        if case_type == CT.INFORMATION and self.rng.random() < 0.15:
            return None
        if case_type == CT.VULNERABLE and self.rng.random() < 0.3:
            return self._pick(TRAFFICKING_DESTINATIONS)
        return self._pick(LABOUR_DESTINATIONS)

    def _stage(self, case_type: str) -> str:
        r = self.rng.random()
        return {
            CT.INFORMATION: MigrationStage.POTENTIAL,
            CT.PRE_DEPARTURE: MigrationStage.POTENTIAL,
            CT.DISTRESS_ABROAD: MigrationStage.ABROAD,
            CT.RETURNED: MigrationStage.RETURNED,
            CT.SUSPECTED_TRAFFICKING: MigrationStage.RETURNED
            if r < 0.7
            else (MigrationStage.ABROAD if r < 0.95 else MigrationStage.IN_TRANSIT),
            CT.IDENTIFIED_VICTIM: MigrationStage.RETURNED if r < 0.95 else MigrationStage.ABROAD,
            CT.VULNERABLE: MigrationStage.RETURNED if r < 0.7 else MigrationStage.POTENTIAL,
        }[case_type]

    def _trafficking_facts(self, case: Case, demo: DemoPerson) -> None:
        """Exploitation, control, recruitment and apps, as they differ between scam compounds, China and the rest."""
        rng, dest = self.rng, case.destination_country_id or ""
        female = demo.sex == "female"
        if dest in SCAM_COMPOUNDS:
            exploitation = [ExploitationType.FORCED_CRIMINALITY, ExploitationType.FORCED_LABOUR]
            if female and rng.random() < 0.15:
                exploitation.append(ExploitationType.SEXUAL_EXPLOITATION)
            control = [
                MeansOfControl.WITHHOLDS_DOCUMENTS,
                MeansOfControl.RESTRICTS_MOVEMENT,
                MeansOfControl.FALSE_PROMISES,
            ]
            control += rng.sample(
                [
                    MeansOfControl.DEBT_BONDAGE,
                    MeansOfControl.THREATS,
                    MeansOfControl.PHYSICAL_ABUSE,
                    MeansOfControl.EXCESSIVE_WORKING_HOURS,
                    MeansOfControl.TAKES_EARNINGS,
                ],
                k=rng.randint(1, 3),
            )
            methods = [RecruitmentMethod.ONLINE_SOCIAL_NETWORKS]
            if rng.random() < 0.4:
                methods.append(RecruitmentMethod.ONLINE_ADVERTISEMENT)
            if rng.random() < 0.3:
                methods.append(RecruitmentMethod.FRIENDS)
            apps = [
                self._pick(
                    {
                        RecruitmentApp.ZALO: 40,
                        RecruitmentApp.FACEBOOK: 30,
                        RecruitmentApp.TELEGRAM: 15,
                        RecruitmentApp.TIKTOK: 15,
                    }
                )
            ]
            if rng.random() < 0.5:
                apps.append(
                    rng.choice([RecruitmentApp.FACEBOOK_MESSENGER, RecruitmentApp.TELEGRAM, RecruitmentApp.ZALO])
                )
            relationship = self._pick(
                {
                    RecruiterRelationship.STRANGER: 50,
                    RecruiterRelationship.FRIEND: 25,
                    RecruiterRelationship.BROKER: 20,
                    RecruiterRelationship.FAMILY: 5,
                }
            )
        elif dest == "CN":
            if female and rng.random() < 0.7:
                exploitation = [ExploitationType.FORCED_MARRIAGE]
                if rng.random() < 0.2:
                    exploitation.append(ExploitationType.SEXUAL_EXPLOITATION)
            else:
                exploitation = [ExploitationType.FORCED_LABOUR]
            control = [MeansOfControl.FALSE_PROMISES, MeansOfControl.RESTRICTS_MOVEMENT]
            control += rng.sample(
                [
                    MeansOfControl.WITHHOLDS_DOCUMENTS,
                    MeansOfControl.THREATS,
                    MeansOfControl.PSYCHOLOGICAL_ABUSE,
                    MeansOfControl.SEXUAL_ABUSE,
                ],
                k=rng.randint(1, 2),
            )
            methods = [
                self._pick(
                    {
                        RecruitmentMethod.FRIENDS: 40,
                        RecruitmentMethod.FAMILY: 25,
                        RecruitmentMethod.ONLINE_SOCIAL_NETWORKS: 35,
                    }
                )
            ]
            apps = [self._pick({RecruitmentApp.ZALO: 50, RecruitmentApp.FACEBOOK: 35, RecruitmentApp.WECHAT: 15})]
            if methods[0] != RecruitmentMethod.ONLINE_SOCIAL_NETWORKS and rng.random() < 0.5:
                apps = []
            relationship = self._pick(
                {
                    RecruiterRelationship.INTIMATE_PARTNER: 30,
                    RecruiterRelationship.FRIEND: 25,
                    RecruiterRelationship.FAMILY: 15,
                    RecruiterRelationship.STRANGER: 30,
                }
            )
        else:
            exploitation = [ExploitationType.FORCED_LABOUR]
            if dest in ("SA", "AE") and female:
                exploitation = [ExploitationType.SERVITUDE]
            control = [MeansOfControl.DEBT_BONDAGE, MeansOfControl.WITHHOLDS_DOCUMENTS]
            control += rng.sample(
                [
                    MeansOfControl.TAKES_EARNINGS,
                    MeansOfControl.EXCESSIVE_WORKING_HOURS,
                    MeansOfControl.THREAT_OF_LAW_ENFORCEMENT,
                    MeansOfControl.THREATS,
                ],
                k=rng.randint(1, 2),
            )
            methods = [
                self._pick(
                    {
                        RecruitmentMethod.PLACE_OF_BUSINESS: 35,
                        RecruitmentMethod.ONLINE_ADVERTISEMENT: 35,
                        RecruitmentMethod.FRIENDS: 30,
                    }
                )
            ]
            apps = (
                [self._pick({RecruitmentApp.FACEBOOK: 50, RecruitmentApp.ZALO: 50})]
                if methods[0] == RecruitmentMethod.ONLINE_ADVERTISEMENT
                else []
            )
            relationship = self._pick(
                {RecruiterRelationship.BROKER: 70, RecruiterRelationship.FRIEND: 20, RecruiterRelationship.UNKNOWN: 10}
            )
        case.exploitation_types = sorted(set(exploitation))
        case.means_of_control = sorted(set(control))
        case.recruitment_methods = sorted(set(methods))
        case.recruitment_apps = sorted(set(apps))
        case.recruiter_relationship = relationship

    def _build_case(self, spec: _Spec) -> None:
        rng = self.rng
        code = spec.agency.code
        plan, team = PLANS[code], self.teams[code]
        case_type = spec.case_type or self._pick(CASE_MIX[plan.mix])
        channel = self._pick(CHANNEL_MIX[plan.mix])
        destination = self._destination(case_type, plan)
        # Who opened the case: a counsellor (then the supervisor assigns a caseworker) or a caseworker.
        if spec.caseworker is not None:
            opener = spec.caseworker
        elif team.counsellors and rng.random() < 0.35:
            opener = rng.choice(team.counsellors)
        else:
            opener = rng.choice(team.caseworkers)
        caseworker = spec.caseworker or (
            opener if Role.CASEWORKER in opener.role_codes else rng.choice(team.caseworkers)
        )
        supervisor = spec.supervisor or rng.choices(team.supervisors, team.supervisor_weights)[0]
        with_intake = channel != IC.WALK_IN and rng.random() < (0.8 if channel == IC.BORDER_HANDOVER else 0.4)
        # The person: new, or (rarely) someone the agency helped before, back with a new need
        earlier = [(p, d) for p, d, at in self.previous[code][-200:] if at < spec.opened_at - dt.timedelta(days=120)]
        if earlier and not spec.force and rng.random() < 0.04:
            person, demo = rng.choice(earlier)
        else:
            # Old enough: 18 to go abroad to work, 15 otherwise
            minimum = 18 if case_type in (CT.PRE_DEPARTURE, CT.INFORMATION, CT.DISTRESS_ABROAD) else 15
            demo = self.people.take(plan, rng, born_by=spec.opened_at.year - minimum)
            email = self._email_of(demo) if channel == IC.EMAIL and with_intake else ""
            person = self._register(demo, agency=spec.agency, actor=opener, at=spec.opened_at, email=email)
            self.previous[code].append((person, demo, spec.opened_at))
        risk = {
            CT.INFORMATION: {RiskLevel.LOW: 75, RiskLevel.MEDIUM: 25},
            CT.PRE_DEPARTURE: {RiskLevel.LOW: 60, RiskLevel.MEDIUM: 40},
            CT.DISTRESS_ABROAD: {RiskLevel.MEDIUM: 45, RiskLevel.HIGH: 45, RiskLevel.CRITICAL: 10},
            CT.RETURNED: {RiskLevel.LOW: 35, RiskLevel.MEDIUM: 50, RiskLevel.HIGH: 15},
            CT.SUSPECTED_TRAFFICKING: {RiskLevel.MEDIUM: 30, RiskLevel.HIGH: 50, RiskLevel.CRITICAL: 20},
            CT.IDENTIFIED_VICTIM: {RiskLevel.HIGH: 65, RiskLevel.CRITICAL: 35},
            CT.VULNERABLE: {RiskLevel.MEDIUM: 60, RiskLevel.HIGH: 40},
        }[case_type]
        legal = LegalStatus.NOT_ASSESSED
        stage = self._stage(case_type)
        if case_type == CT.IDENTIFIED_VICTIM:
            legal = self._pick(
                {LegalStatus.VICTIM: 90, LegalStatus.ACCOMPANYING_MINOR: 4, LegalStatus.UNDER_ID_VIETNAM: 6}
            )
        elif case_type == CT.SUSPECTED_TRAFFICKING:
            abroad = stage != MigrationStage.RETURNED
            legal = self._pick(
                {
                    LegalStatus.UNDER_ID_ABROAD if abroad else LegalStatus.UNDER_ID_VIETNAM: 75,
                    LegalStatus.NOT_ASSESSED: 25,
                }
            )
        summary_template = rng.choice(texts.SUMMARIES[case_type])
        case = Case(
            number=spec.number,
            agency=spec.agency,
            person=person,
            case_type=case_type,
            channel=channel,
            migration_stage=stage,
            destination_country_id=destination,
            legal_status=legal,
            risk_level=RiskLevel.CRITICAL if spec.sensitive else self._pick(risk),
            highly_sensitive=spec.sensitive or (case_type in TRAFFICKING_TYPES and rng.random() < 0.04),
            summary=self._fmt(summary_template, destination) if rng.random() < 0.92 else "",
            status=CS.NEW,
            caseworker=opener if Role.CASEWORKER in opener.role_codes else None,
            supervisor=opener if Role.SUPERVISOR in opener.role_codes else None,
            opened_on=spec.opened_at.date(),
            created_by=opener,
            created_at=spec.opened_at,
            updated_at=spec.opened_at,
            version=0,
        )
        if case_type in TRAFFICKING_TYPES:
            self._trafficking_facts(case, demo)
        for route in TRANSIT.get(destination or "", []):
            if rng.random() < 0.6:
                self.transit.extend(Case.transit_countries.through(case_id=case.pk, country_id=c) for c in route)
                break
        recruiter = None
        if case_type in TRAFFICKING_TYPES and destination in self.recruiters and rng.random() < 0.75:
            groups = self.recruiters[destination]
            recruiter = rng.choices(groups, [1 / (k + 1) for k in range(len(groups))])[0]
        life = _Life(
            spec=spec,
            case=case,
            team=team,
            demo=demo,
            opener=opener,
            caseworker=caseworker,
            supervisor=supervisor,
            forced=bool(spec.force),
            recruiter=recruiter,
        )
        if with_intake:
            case.intake = self._case_intake(life, channel)
        self.cases.append(case)
        self._opened(life)
        self._live(life, self._forced_steps(life) if spec.force else self._steps(case_type))
        if case.highly_sensitive and case.caseworker is None:
            case.highly_sensitive = False  # nobody could open it

    # -- a case's life: the steps it will go through
    def _closing(self, gap: float, reason: str, *, plain: bool = False) -> list[_Step]:
        """A caseworker's request and the supervisor's approval (sometimes sent back once), or a supervisor closing."""
        rng = self.rng
        if plain:
            return [_Step("request", gap, reason=reason), _Step("approve", rng.uniform(0.2, 3))]
        if rng.random() < 0.1:
            return [_Step("close", gap, reason=reason)]
        steps = [_Step("request", gap, reason=reason)]
        if rng.random() < 0.08:
            steps += [_Step("reject", rng.uniform(0.5, 4)), _Step("request", rng.uniform(3, 20), reason=reason)]
        return [*steps, _Step("approve", rng.uniform(0.2, 6))]

    def _early_exit(self, case_type: str, status: str) -> str:
        r = self.rng.random()
        if status == CS.NEW:
            return ClosureReason.DUPLICATE if r < 0.01 else ""
        if status == CS.SCREENING:
            if case_type == CT.SUSPECTED_TRAFFICKING:
                return ClosureReason.NOT_ELIGIBLE if r < 0.25 else ""
            return ClosureReason.NOT_ELIGIBLE if r < 0.04 else (ClosureReason.DECLINED if r < 0.07 else "")
        if status == CS.ACTIVE:
            transfer = 0.06 if case_type in (*TRAFFICKING_TYPES, CT.DISTRESS_ABROAD) else 0.02
            for reason, p in (
                (ClosureReason.LOST_CONTACT, 0.05),
                (ClosureReason.DECLINED, 0.03),
                (ClosureReason.TRANSFERRED, transfer),
                (ClosureReason.MOVED_ABROAD, 0.03 if case_type == CT.RETURNED else 0.0),
                (ClosureReason.DECEASED, 0.002),
            ):
                if r < p:
                    return reason
                r -= p
            return ""
        if status == CS.FOLLOW_UP:
            return ClosureReason.LOST_CONTACT if r < 0.06 else ""
        return ""

    def _final_reason(self, case_type: str) -> str:
        if case_type in (CT.RETURNED, CT.IDENTIFIED_VICTIM, CT.VULNERABLE, CT.SUSPECTED_TRAFFICKING):
            return ClosureReason.REINTEGRATED if self.rng.random() < 0.55 else ClosureReason.GOALS_MET
        if case_type == CT.DISTRESS_ABROAD:
            return ClosureReason.TRANSFERRED if self.rng.random() < 0.25 else ClosureReason.GOALS_MET
        return ClosureReason.GOALS_MET

    def _steps(self, case_type: str, *, exits: bool = True) -> list[_Step]:
        """The whole life of a case from its opening, as drawn; the clock later cuts it at today."""
        rng, stay = self.rng, STAY_DAYS[case_type]
        path = [CS.NEW, *PATHS.get(case_type, FULL_PATH)]
        # The supervisor assigns within two days, now and then only after the weekend or a busy week
        steps = [_Step("assign", rng.uniform(0.05, 2.0) if rng.random() < 0.85 else rng.uniform(2, 6))]
        i, reopened = 0, False
        while True:
            current = path[i]
            gap = self._stay(stay[current])
            reason = self._early_exit(case_type, current) if exits else ""
            if reason:
                return steps + self._closing(gap, reason)
            if i == len(path) - 1:
                steps += self._closing(gap, self._final_reason(case_type), plain=not exits)
                if exits and not reopened and rng.random() < 0.015:
                    reopened = True
                    steps.append(_Step("reopen", rng.uniform(10, 60)))
                    i = path.index(CS.ACTIVE)
                    continue
                return steps
            if current == CS.ASSESSMENT and exits and rng.random() < 0.04:
                steps.append(_Step("status", gap / 2, to=CS.SCREENING))
                steps.append(_Step("status", self._stay(3), to=CS.ASSESSMENT))
                gap /= 2
            i += 1
            steps.append(_Step("status", gap, to=path[i]))
            if path[i] == CS.ASSESSMENT and case_type in TRAFFICKING_TYPES:
                steps.append(_Step("update", rng.uniform(0.5, 5)))
            if path[i] == CS.ACTIVE and exits and rng.random() < 0.03:
                steps.append(_Step("reassign", rng.uniform(5, 30)))

    def _forced_steps(self, life: _Life) -> list[_Step]:
        """A showcase case: its life cut where it must be today, and compressed to fit since its opening."""
        target = life.spec.force
        steps = self._steps(life.case.case_type, exits=False)
        if target == "new":
            cut = 1
        elif target in ("pending_closure", "closed"):
            kinds = [s.kind for s in steps]
            cut = kinds.index("request") + 1 if target == "pending_closure" else len(steps)
        else:
            cut = next(i for i, s in enumerate(steps) if s.kind == "status" and s.to == target) + 1
            while cut < len(steps) and steps[cut].kind == "update":
                cut += 1
        steps = steps[:cut]
        age = (self.now - life.spec.opened_at).total_seconds() / 86400
        total = sum(s.gap for s in steps)
        if total > age * 0.6:
            for s in steps:
                s.gap *= age * 0.6 / total
        return steps

    # -- living through the steps
    def _event(self, life: _Life, kind: str, at: dt.datetime, actor: User | None, **values: Any) -> None:
        life.case.version += 1
        life.case.updated_at = at
        self.events.append(CaseEvent(case=life.case, kind=kind, actor=actor, at=at, **values))

    def _opened(self, life: _Life) -> None:
        case, at = life.case, life.spec.opened_at
        self._event(life, CaseEvent.Kind.OPENED, at, life.opener, to_status=CS.NEW)
        if self.rng.random() < 0.6:
            self._note(life, "opened", at + dt.timedelta(minutes=self.rng.randint(5, 90)), life.opener)
        if case.case_type == CT.INFORMATION:
            self._consent(life, ConsentPurpose.CASE_MANAGEMENT, at, life.opener)
        if self.rng.random() < 0.5:
            self._consent(life, ConsentPurpose.CONTACT, at, life.opener)
        if case.case_type in (CT.DISTRESS_ABROAD, CT.SUSPECTED_TRAFFICKING) and self.rng.random() < 0.6:
            self._consent(life, ConsentPurpose.FAMILY_CONTACT, at, life.opener)
        if self.rng.random() < 0.6 or life.spec.force:
            self._case_consultation(life, at - dt.timedelta(minutes=self.rng.randint(20, 60)), first=True)

    def _live(self, life: _Life, steps: list[_Step]) -> None:
        case, rng = life.case, self.rng
        t = life.spec.opened_at
        since = t
        for step in steps:
            at = self._office(t + dt.timedelta(days=step.gap))
            if at > self.now:
                if not life.forced:
                    break
                at = self._just_before_now(t)
            t = at
            caseworker = case.caseworker or life.caseworker
            if step.kind in ("assign", "reassign"):
                before = {"caseworker": case.caseworker_id, "supervisor": case.supervisor_id}
                worker = life.caseworker
                if step.kind == "reassign":
                    others = [u for u in life.team.caseworkers if u.pk != case.caseworker_id]
                    if not others or life.spec.caseworker is not None:
                        continue
                    worker = rng.choice(others)
                case.caseworker, case.supervisor = worker, case.supervisor or life.supervisor
                after = {"caseworker": case.caseworker_id, "supervisor": case.supervisor_id}
                if before != after:
                    note = rng.choice(texts.NOTES["assigned"]) if step.kind == "reassign" else ""
                    self._event(
                        life,
                        CaseEvent.Kind.ASSIGNED,
                        t,
                        case.supervisor,
                        detail={"before": before, "after": after},
                        note=note,
                    )
            elif step.kind == "status":
                if not workflow.is_allowed(case.status, step.to):
                    raise AssertionError(f"demo data: {case.status} -> {step.to} is not allowed")
                self._phase(life, case.status, since, t)
                self._event(life, CaseEvent.Kind.STATUS, t, caseworker, from_status=case.status, to_status=step.to)
                case.status, since = step.to, t
            elif step.kind == "update":
                if self._decided(life, t, caseworker):
                    continue
                fields = ["risk_level"]
                if case.legal_status != LegalStatus.NOT_ASSESSED:
                    fields.append("legal_status")
                if case.highly_sensitive:
                    fields.append("highly_sensitive")
                self._event(life, CaseEvent.Kind.UPDATED, t, caseworker, detail={"fields": sorted(fields)})
            elif step.kind == "request":
                note = rng.choice(texts.NOTES["closure"]) if rng.random() < 0.6 else ""
                case.closure_requested_at, case.closure_requested_by = t, caseworker
                case.closure_request_reason, case.closure_request_note = step.reason, note
                self._event(life, CaseEvent.Kind.CLOSURE_REQUESTED, t, caseworker, reason=step.reason, note=note)
                if step.reason == ClosureReason.TRANSFERRED:
                    self._consent(life, ConsentPurpose.TRANSFER, t, caseworker)
            elif step.kind == "reject":
                case.closure_requested_at, case.closure_requested_by = None, None
                case.closure_request_reason, case.closure_request_note = "", ""
                self._event(
                    life, CaseEvent.Kind.CLOSURE_REJECTED, t, case.supervisor, note=rng.choice(texts.NOTES["rejected"])
                )
            elif step.kind in ("approve", "close"):
                reason = case.closure_request_reason if step.kind == "approve" else step.reason
                self._phase(life, case.status, since, t, leaving=reason)
                self._unfinished(life, t)
                kind = CaseEvent.Kind.CLOSURE_APPROVED if step.kind == "approve" else CaseEvent.Kind.STATUS
                self._event(life, kind, t, case.supervisor, from_status=case.status, to_status=CS.CLOSED, reason=reason)
                case.status, case.closure_reason, case.closed_on = CS.CLOSED, reason, t.date()
                case.closure_requested_at, case.closure_requested_by = None, None
                case.closure_request_reason, case.closure_request_note = "", ""
                self._close_tasks(life, t)
                life.closed_at, since = t, t
            elif step.kind == "reopen":
                note = rng.choice(texts.NOTES["reopened"])
                self._event(
                    life,
                    CaseEvent.Kind.REOPENED,
                    t,
                    case.supervisor,
                    from_status=CS.CLOSED,
                    to_status=workflow.REOPEN_TO,
                    note=note,
                )
                case.status, case.closed_on, case.closure_reason = workflow.REOPEN_TO, None, ""
                life.closed_at, since = None, t
        if case.status != CS.CLOSED:
            self._phase(life, case.status, since, self.now)
            self._close_tasks(life, None)

    def _phase(self, life: _Life, status: str, start: dt.datetime, end: dt.datetime, *, leaving: str = "") -> None:
        """What happens while a case is in a status: notes, tasks, consents, contacts, sessions, assessments
        (up to `end`; `leaving`: the reason the case is closed at `end`, if it is)."""
        rng, case = self.rng, life.case
        worker = case.caseworker or life.opener

        def at(fraction: float) -> dt.datetime | None:
            t = self._office(start + (end - start) * fraction)
            return t if t <= end and t <= self.now else None

        def after(days: float) -> dt.datetime | None:
            t = self._office(start + dt.timedelta(days=days))
            return t if t <= end and t <= self.now else None

        if status == CS.SCREENING:
            if (t := at(rng.uniform(0.0, 0.3))) is not None:
                self._consent(life, ConsentPurpose.CASE_MANAGEMENT, t, worker)
                if rng.random() < 0.25:
                    self._consent(life, ConsentPurpose.STATISTICS, t, worker)
            self._task(life, "screening", start, worker)
            if rng.random() < 0.5 and (t := at(rng.uniform(0.2, 0.9))) is not None:
                self._note(life, "screening", t, worker)
            if life.recruiter and (t := at(rng.uniform(0.1, 0.8))) is not None:
                self._recruiter_contacts(life, t, worker)
        elif status == CS.ASSESSMENT:
            if rng.random() < 0.8 and (t := at(rng.uniform(0.3, 0.95))) is not None:
                self._note(life, "assessment", t, worker)
            if rng.random() < 0.6:
                self._task(life, "assessment", start, worker)
            if life.recruiter and (t := at(rng.uniform(0.1, 0.5))) is not None:
                self._recruiter_contacts(life, t, worker)
        elif status == CS.PLANNING:
            if rng.random() < 0.8 and (t := at(rng.uniform(0.3, 0.95))) is not None:
                self._note(life, "planning", t, worker)
            self._task(life, "planning", start, worker)
            if life.team.shelter and case.case_type in TRAFFICKING_TYPES:
                self._task(life, "shelter", start, worker, assignee=rng.choice(life.team.shelter))
            if rng.random() < 0.4 and (t := at(rng.uniform(0.2, 0.9))) is not None:
                self._consent(life, ConsentPurpose.REFERRAL, t, worker)
        elif status == CS.ACTIVE:
            self._task(life, "active", start, worker)
            if case.case_type in TRAFFICKING_TYPES:
                self._task(life, "trafficking", start, worker)
            elif case.case_type != CT.INFORMATION and rng.random() < 0.5:
                self._task(life, "active", start, worker)
            # About a note a month, and a new task each month after the first (at most four months' worth)
            for month in range(4):
                if (t := after(30 * (month + rng.uniform(0.2, 0.9)))) is not None:
                    self._note(life, "active", t, worker)
                if month and (t := after(30 * month)) is not None:
                    self._task(life, "active", t, worker)
            if (
                case.case_type != CT.INFORMATION
                and rng.random() < 0.35
                and (t := at(rng.uniform(0.2, 0.9))) is not None
            ):
                self._case_consultation(life, t, first=False)
        elif status == CS.FOLLOW_UP:
            self._task(life, "follow_up", start, worker, days=(20, 40))
            if rng.random() < 0.6 and (t := at(rng.uniform(0.3, 0.9))) is not None:
                self._note(life, "follow_up", t, worker)
            if rng.random() < 0.3 and (t := at(rng.uniform(0.2, 0.8))) is not None:
                self._case_consultation(life, t, first=False)
        if status == CS.SCREENING or (status == CS.ACTIVE and case.case_type == CT.INFORMATION):
            self._screen(life, start, end, leaving)
        elif status == CS.ASSESSMENT:
            self._assess(life, start, end)

    # -- case content
    def _note(self, life: _Life, moment: str, at: dt.datetime, author: User) -> None:
        self.notes.append(Note(case=life.case, body=self.rng.choice(texts.NOTES[moment]), author=author, created_at=at))

    def _task(
        self,
        life: _Life,
        moment: str,
        at: dt.datetime,
        creator: User,
        *,
        assignee: User | None = None,
        days: tuple[int, int] = (2, 21),
    ) -> None:
        rng = self.rng
        if at > self.now:
            return
        title, kind = rng.choice(texts.TASKS[moment])
        due = (at + dt.timedelta(days=rng.randint(*days))).date()
        span = (self._at(due, 1000) - at).total_seconds() / 86400
        done_at = None if rng.random() < 0.08 else self._office(at + dt.timedelta(days=span * rng.uniform(0.3, 1.4)))
        task = Task(
            case=life.case,
            kind=kind,
            title=title,
            due_on=due,
            assigned_to=assignee or creator,
            status=TaskStatus.OPEN,
            created_by=creator,
            created_at=at,
        )
        life.tasks.append(_TaskPlan(task, done_at))
        self.tasks.append(task)

    def _close_tasks(self, life: _Life, closed_at: dt.datetime | None) -> None:
        """Tasks done before the case closed (or before today); the rest cancelled at closing, or still open."""
        limit = min(closed_at, self.now) if closed_at else self.now
        for plan in life.tasks:
            task = plan.task
            if task.status != TaskStatus.OPEN:
                continue
            if plan.done_at is not None and plan.done_at <= limit:
                task.status, task.completed_at, task.completed_by = TaskStatus.DONE, plan.done_at, task.assigned_to
            elif closed_at is not None:
                task.status = TaskStatus.CANCELLED
        if closed_at is not None:
            life.tasks = []

    def _consent(self, life: _Life, purpose: str, at: dt.datetime, recorder: User) -> None:
        rng, case = self.rng, life.case
        if purpose in life.consent_purposes and purpose != ConsentPurpose.REFERRAL:
            return
        life.consent_purposes.add(purpose)
        given = at.date()
        minor = life.demo.birth_year and given.year - life.demo.birth_year < 18
        if minor:
            method = ConsentMethod.GUARDIAN
            parent_sex = rng.choice(["female", "male"])
            middle = "Thị" if parent_sex == "female" else "Văn"
            relation = "mẹ" if parent_sex == "female" else "bố"
            guardian = f"{life.demo.family_name} {middle} {rng.choice(texts.GUARDIAN_GIVEN[parent_sex])} ({relation})"
        else:
            electronic = case.channel in (IC.EMAIL, IC.WEB)
            method = self._pick(
                {
                    ConsentMethod.WRITTEN: 55,
                    ConsentMethod.VERBAL: 30,
                    ConsentMethod.ELECTRONIC: 40 if electronic else 15,
                }
            )
            guardian = ""
        recipient_agency, recipient_other = None, ""
        if purpose in (ConsentPurpose.REFERRAL, ConsentPurpose.TRANSFER):
            codes = (
                ["LC-RC", "VWU", "IOM-VN"]
                if case.case_type in TRAFFICKING_TYPES
                else ["HN-OSSO", "VWU", "HN-MRC", "IOM-VN"]
            )
            codes = [c for c in codes if c != case.agency.code and c in self.agencies]
            if codes and (purpose == ConsentPurpose.TRANSFER or rng.random() < 0.5):
                recipient_agency = self.agencies[rng.choice(codes)]
            else:
                recipient_other = rng.choice(texts.OTHER_RECIPIENTS)
        withdrawn_on = None
        if purpose not in (ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.TRANSFER) and rng.random() < 0.04:
            candidate = given + dt.timedelta(days=rng.randint(10, 120))
            withdrawn_on = candidate if candidate <= self.today else None
        self.consents.append(
            Consent(
                person=case.person,
                case=case,
                purpose=purpose,
                recipient_agency=recipient_agency,
                recipient_other=recipient_other,
                method=method,
                given_on=given,
                expires_on=given + dt.timedelta(days=730) if rng.random() < 0.2 else None,
                given_by_guardian=guardian,
                withdrawn_on=withdrawn_on,
                withdrawal_note="Rút lại đồng ý qua điện thoại." if withdrawn_on else "",
                withdrawn_by=recorder if withdrawn_on else None,
                recorded_by=recorder,
                created_at=at,
            )
        )

    def _recruiter_contacts(self, life: _Life, at: dt.datetime, recorder: User) -> None:
        if not life.recruiter:
            return
        for kind, value in life.recruiter[: self.rng.randint(1, len(life.recruiter))]:
            self.contacts.append(
                RecruiterContact(
                    case=life.case,
                    kind=kind,
                    value=value,
                    value_bidx=self._bidx(recruiter_contact_key(kind, value), RECRUITER_CONTACT_PURPOSE),
                    created_by=recorder,
                    created_at=at,
                )
            )
        life.recruiter = None  # recorded once

    def _case_consultation(self, life: _Life, at: dt.datetime, *, first: bool) -> None:
        rng, case = self.rng, life.case
        person, held = case.person, at.date()
        if first:
            channel = CONSULTATION_CHANNEL.get(case.channel, ConsultationChannel.ON_SITE)
            outcome, counsellor = ConsultationOutcome.CASE_OPENED, life.opener
        else:
            channel = self._pick(
                {ConsultationChannel.PHONE: 45, ConsultationChannel.ON_SITE: 35, ConsultationChannel.ONLINE: 20}
            )
            outcome = self._pick(
                {
                    ConsultationOutcome.FOLLOW_UP: 40,
                    ConsultationOutcome.INFORMATION_GIVEN: 35,
                    ConsultationOutcome.REFERRED: 25,
                }
            )
            counsellor = case.caseworker or life.opener
        topics = rng.sample(CASE_TOPICS[case.case_type], k=rng.randint(1, 2))
        follow_up = held + dt.timedelta(days=rng.randint(3, 21)) if outcome == ConsultationOutcome.FOLLOW_UP else None
        template = rng.choice(texts.SESSION_NOTES[case.migration_stage])
        self.consultations.append(
            Consultation(
                agency=case.agency,
                held_on=held,
                channel=channel,
                duration_minutes=rng.choice([15, 20, 30, 30, 45, 45, 60, 90]),
                migration_stage=case.migration_stage,
                destination_country_id=case.destination_country_id,
                topics=sorted(topics),
                outcome=outcome,
                follow_up_on=follow_up,
                person=person,
                # As consultation_record does: the statistics come from the person record
                sex=person.sex,
                age_band=age_band(person.birth_year, held),
                province_id=person.origin_province_id,
                summary=self._fmt(template, case.destination_country_id) if rng.random() < 0.7 else "",
                counsellor=counsellor,
                case=case,
                created_at=at,
                updated_at=at,
            )
        )
        self.linked_consultations[(case.agency.code, held.replace(day=1))] += 1

    # -- screening and assessments (drawn from self.srng)
    def _facts(self, life: _Life) -> screenings.Facts:
        """What the answers agree with: the case's facts and the person's age and origin."""
        if life.facts is None:
            case = life.case
            year = case.person.birth_year
            age = life.spec.opened_at.year - year if year else None
            life.facts = screenings.facts_for(
                trafficking=case.case_type in TRAFFICKING_TYPES,
                exploitation_types=case.exploitation_types,
                means_of_control=case.means_of_control,
                abroad=case.migration_stage in (MigrationStage.ABROAD, MigrationStage.IN_TRANSIT),
                scam=case.case_type in TRAFFICKING_TYPES and (case.destination_country_id or "") in SCAM_COMPOUNDS,
                age_then=age - self.srng.randint(0, 1) if age is not None else None,
                age_now=age,
                ethnicity=life.demo.ethnicity_code,
                risk=case.risk_level,
                relationship=case.recruiter_relationship,
                recruitment_methods=case.recruitment_methods,
                returned=case.migration_stage == MigrationStage.RETURNED,
                rng=self.srng,
            )
        return life.facts

    def _severity(self, life: _Life, leaving: str) -> str:
        if not life.severity:
            weights = SEVERITY[life.case.case_type]
            if leaving == ClosureReason.NOT_ELIGIBLE:  # screened out
                weights = {screenings.NONE: 85, screenings.POSSIBLE: 15}
            life.severity = self.srng.choices(list(weights), list(weights.values()))[0]
        return life.severity

    def _wanted(self, life: _Life, code: str) -> bool:
        chance = ASSESSED[code].get(life.case.case_type, 0.0)
        if code in life.assessed or not chance:
            return False
        # The showcase cases on the demo desks: every screening and assessment their type usually has
        return (life.forced and chance >= 0.1) or self.srng.random() < chance

    def _screen(self, life: _Life, start: dt.datetime, end: dt.datetime, leaving: str) -> None:
        """The screening phase: a trafficking screening, sometimes the forced-labour indicators too."""
        first = None
        if self._wanted(life, TRAFFICKING_SCREENING):
            first = self._assessment(life, TRAFFICKING_SCREENING, start, end, window=(0.05, 0.5), leaving=leaving)
        if self._wanted(life, FORCED_LABOUR):
            # In the same sitting as the trafficking screening when there was one
            after = first.completed_at if first is not None else None
            self._assessment(life, FORCED_LABOUR, start, end, window=(0.2, 0.8), after=after, leaving=leaving)

    def _assess(self, life: _Life, start: dt.datetime, end: dt.datetime) -> None:
        """The assessment phase: vulnerability and needs."""
        if self._wanted(life, VULNERABILITY):
            self._assessment(life, VULNERABILITY, start, end, window=(0.05, 0.5))
        if self._wanted(life, NEEDS):
            self._assessment(life, NEEDS, start, end, window=(0.2, 0.8))

    def _assessment(
        self,
        life: _Life,
        code: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        window: tuple[float, float],
        after: dt.datetime | None = None,
        leaving: str = "",
    ) -> Assessment | None:
        """One assessment as the interview pages leave it: started, answered, completed (the result computed
        from the answers as assessment_complete computes it, with its "assessed" line on the timeline), or
        still in progress, or now and then set aside."""
        rng, case = self.srng, life.case
        instrument = self.instruments[code]
        worker = case.caseworker or life.caseworker or life.opener
        current = end >= self.now  # the case is still in this phase today
        minutes = dt.timedelta(minutes=rng.uniform(*INTERVIEW_MINUTES[code]))
        if after is not None:
            begin = after + dt.timedelta(minutes=rng.uniform(5, 30))
        else:
            begin = self._office(start + (end - start) * rng.uniform(*window), rng)
        if not current and begin + minutes > end:  # the phase ended first: earlier in it
            begin = end - minutes - dt.timedelta(minutes=rng.uniform(5, 60))
        if begin < start or begin + dt.timedelta(minutes=5) > self.now:
            return None
        # In progress: interviews paused in the phase the case is in today, and now and then one never finished
        draft = (current and (life.forced or rng.random() < 0.5)) or begin + minutes > self.now or rng.random() < 0.006
        interviewed, created, done = begin.date(), begin, begin + minutes
        paper = rng.random() < (0.3 if PLANS[case.agency.code].mix == "shelter" else 0.08)
        if paper:  # on a paper form, keyed in later
            created = self._office(begin + dt.timedelta(days=rng.uniform(0.1, 3)), rng)
            done = created + dt.timedelta(minutes=rng.uniform(8, 25))
            paper = done <= self.now and (current or done <= end)  # keyed in while the case was in this phase
            if not paper:
                created, done = begin, begin + minutes
        answers = screenings.draw_answers(instrument, self._facts(life), self._severity(life, leaving), rng)
        sections = instrument.visible_sections(answers)
        if rng.random() < 0.004:
            self._voided(life, instrument, answers, before=created, start=start, actor=worker)
        assessment = Assessment(
            case=case,
            kind=instrument.kind,
            instrument=instrument.code,
            instrument_version=instrument.version,
            instrument_digest=instrument.digest,
            mode=AssessmentMode.PAPER if paper else AssessmentMode.INTERVIEW,
            interviewed_on=interviewed,
            started_by=worker,
            created_at=created,
        )
        if draft:
            answers, assessment.section = screenings.partial(instrument, answers, rng)
            assessment.answers, assessment.saves = answers, len(answers)
            assessment.status = AssessmentStatus.DRAFT
            assessment.updated_at = min(self.now, created + (done - created) * rng.uniform(0.2, 0.9))
        else:
            live = instrument.live_answers(answers)
            result = evaluate(instrument, live, **person_context(case, interviewed))
            assessment.answers, assessment.section = answers, sections[-1].code
            assessment.saves = len(answers) + len(sections)  # each answer, and each section's Next
            assessment.result, assessment.outcome = result, result["outcome"]
            assessment.rule_version = result.get("rule_version", "")
            assessment.status = AssessmentStatus.COMPLETED
            assessment.completed_by, assessment.completed_at, assessment.updated_at = worker, done, done
            self.events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.ASSESSED,
                    actor=worker,
                    at=done,
                    detail={
                        "assessment": str(assessment.pk),
                        "instrument": instrument.key,
                        "outcome": result["outcome"],
                    },
                )
            )
        self.assessments.append(assessment)
        life.assessed[code] = assessment
        return assessment if not draft else None

    def _voided(
        self,
        life: _Life,
        instrument: screening_instruments.Instrument,
        answers: dict[str, Any],
        *,
        before: dt.datetime,
        start: dt.datetime,
        actor: User,
    ) -> None:
        """An interview started and set aside (a duplicate, a false start) before the one that counts."""
        rng = self.srng
        created = max(start, before - dt.timedelta(minutes=rng.uniform(15, 240)))
        voided_at = created + (before - created) * rng.uniform(0.3, 0.9)
        kept, section = screenings.partial(instrument, answers, rng)
        assessment = Assessment(
            case=life.case,
            kind=instrument.kind,
            instrument=instrument.code,
            instrument_version=instrument.version,
            instrument_digest=instrument.digest,
            status=AssessmentStatus.VOIDED,
            interviewed_on=created.date(),
            answers=kept,
            section=section,
            saves=len(kept),
            started_by=actor,
            created_at=created,
            updated_at=voided_at,
        )
        self.assessments.append(assessment)
        self.events.append(
            CaseEvent(
                case=life.case,
                kind=CaseEvent.Kind.ASSESSMENT_VOIDED,
                actor=actor,
                at=voided_at,
                note=rng.choice(texts.ASSESSMENT_VOID_REASONS),
                detail={"assessment": str(assessment.pk), "instrument": instrument.key},
            )
        )

    def _unfinished(self, life: _Life, closing: dt.datetime) -> None:
        """Interviews never finished are set aside before the case closes (a closed case's drafts stay shut)."""
        rng = self.srng
        for assessment in life.assessed.values():
            if assessment.status != AssessmentStatus.DRAFT:
                continue
            at = max(assessment.updated_at, closing - dt.timedelta(minutes=rng.uniform(1, 30)))
            actor = life.case.caseworker or assessment.started_by
            assessment.status, assessment.updated_at = AssessmentStatus.VOIDED, at
            self.events.append(
                CaseEvent(
                    case=life.case,
                    kind=CaseEvent.Kind.ASSESSMENT_VOIDED,
                    actor=actor,
                    at=at,
                    note=rng.choice(texts.ASSESSMENT_UNFINISHED),
                    detail={
                        "assessment": str(assessment.pk),
                        "instrument": f"{assessment.instrument}@{assessment.instrument_version}",
                    },
                )
            )

    def _decided(self, life: _Life, at: dt.datetime, actor: User | None) -> bool:
        """The worker takes a screening's findings into the case (assessment_apply), instead of editing it by hand."""
        case = life.case
        screening = life.assessed.get(TRAFFICKING_SCREENING)
        if (
            screening is None
            or screening.completed_at is None
            or screening.completed_at > at
            or screening.outcome not in ("strong_indication", "possible")
            or case.highly_sensitive  # a flag the findings cannot set: edited by hand
            or self.srng.random() > 0.6
        ):
            return False
        result = screening.result
        suggest = result.get("suggest", {})
        changes: dict[str, Any] = {"risk_level": case.risk_level}
        if case.legal_status == suggest.get("legal_status"):
            changes["legal_status"] = case.legal_status
        if set(suggest.get("exploitation_types", [])) & set(case.exploitation_types):
            changes["exploitation_types"] = list(case.exploitation_types)
        if set(suggest.get("means_of_control", [])) & set(case.means_of_control):
            changes["means_of_control"] = list(case.means_of_control)
        self._event(
            life,
            CaseEvent.Kind.DECIDED,
            at,
            actor,
            note=self.srng.choice(texts.ASSESSMENT_DECIDED),
            detail={
                "assessment": str(screening.pk),
                "instrument": f"{screening.instrument}@{screening.instrument_version}",
                "outcome": screening.outcome,
                "rule_version": screening.rule_version,
                "fields": sorted(changes),
            },
            grounds={"fields": changes, "evidence": sorted(result.get("evidence", {}))},
        )
        screening.applied_at = at
        return True

    # -- intake
    def _intake_item(
        self,
        *,
        agency: Agency,
        channel: str,
        received: dt.datetime,
        demo: DemoPerson,
        destination: str | None,
        status: str,
        handler: User | None,
        handled_at: dt.datetime | None = None,
        person: Person | None = None,
        close_reason: str = "",
        spam: bool = False,
        urgency: str = Urgency.NORMAL,
    ) -> IntakeItem:
        rng = self.rng
        if spam:
            subject, body = rng.choice(texts.INTAKE_SPAM)
        else:
            subject, body = rng.choice(texts.INTAKE[channel])
            subject, body = self._fmt(subject, destination), self._fmt(body, destination)
        anonymous = spam or (channel in (IC.WEB, IC.PHONE) and rng.random() < 0.15)
        phone = "" if anonymous or channel == IC.EMAIL else self._normalized_phone(demo.phone)
        email = self._email_of(demo) if channel == IC.EMAIL and not spam else ""
        if person is not None and person.email:
            email = person.email
        if channel == IC.EMAIL and spam:
            email = normalize_email(
                f"tuyendung{rng.randint(100, 999)}@{rng.choice(['mail.ru', 'gmail.com', 'yahoo.com'])}"
            )
        logged = channel not in (IC.WEB, IC.EMAIL)  # typed in by staff; web and mail arrive by themselves
        message_id = (
            f"<{rng.getrandbits(64):016x}.{received.timestamp():.0f}@mail.gmail.com>" if channel == IC.EMAIL else ""
        )
        item = IntakeItem(
            agency=agency,
            channel=channel,
            status=status,
            urgency=urgency,
            received_at=received,
            subject=subject,
            body=body,
            contact_name="" if anonymous else demo.full_name,
            contact_phone=phone,
            contact_email=email,
            contact_phone_bidx=self._bidx(phone, "intake.phone"),
            contact_email_bidx=self._bidx(email, "intake.email"),
            consent_to_contact=not anonymous and rng.random() < 0.85,
            province_id=None if anonymous else demo.origin_province_code,
            destination_country_id=destination,
            referred_by=rng.choice(texts.REFERRERS[channel]) if channel in texts.REFERRERS else "",
            message_id_hash=hashlib.sha256(message_id.encode()).hexdigest() if message_id else "",
            assigned_to=handler if status != IntakeStatus.NEW else None,
            person=person,
            close_reason=close_reason,
            handled_at=handled_at,
            handled_by=handler if handled_at else None,
            created_by=(handler or rng.choice(self.teams[agency.code].handlers)) if logged else None,
            created_at=received,
            updated_at=handled_at or received,
        )
        self.intake.append(item)
        return item

    def _case_intake(self, life: _Life, channel: str) -> IntakeItem:
        case, rng = life.case, self.rng
        hours = rng.uniform(0.5, 4) if channel == IC.PHONE else rng.uniform(2, 72)
        urgency = Urgency.NORMAL
        if case.case_type in TRAFFICKING_TYPES or case.case_type == CT.DISTRESS_ABROAD:
            urgency = self._pick({Urgency.NORMAL: 50, Urgency.URGENT: 40, Urgency.EMERGENCY: 10})
        return self._intake_item(
            agency=case.agency,
            channel=channel,
            received=life.spec.opened_at - dt.timedelta(hours=hours),
            demo=life.demo,
            destination=case.destination_country_id,
            status=IntakeStatus.CONVERTED,
            handler=life.opener,
            handled_at=life.spec.opened_at,
            person=case.person,
            urgency=urgency,
        )

    # -- consultations without a case, intake that went nowhere, today's queue
    def _anonymous_consultations(self) -> None:
        rng = self.rng
        for code, plan_months in self.plans.items():
            plan, team = PLANS[code], self.teams[code]
            counsellors = team.counsellors or team.caseworkers
            for index, (month, n_cases) in enumerate(plan_months):
                days, weights = self._workdays(month)
                if not days:
                    continue
                wanted = round(n_cases * plan.consultations) - self.linked_consultations[(code, month)]
                online = 15 + 15 * index / (len(plan_months) - 1)  # online sessions grow from 15% to 30%
                for _ in range(max(0, wanted)):
                    day = rng.choices(days, weights)[0]
                    at = self._at(day, rng.randint(450, 1040))
                    channel = self._pick(
                        {
                            ConsultationChannel.ON_SITE: 38,
                            ConsultationChannel.PHONE: 34,
                            ConsultationChannel.ONLINE: online,
                            ConsultationChannel.EMAIL: 8 if code == "HN-MRC" else 3,
                        }
                    )
                    stage = self._pick(
                        {
                            MigrationStage.POTENTIAL: 55,
                            MigrationStage.ABROAD: 14,
                            MigrationStage.IN_TRANSIT: 2,
                            MigrationStage.RETURNED: 29,
                        }
                    )
                    if stage == MigrationStage.POTENTIAL and rng.random() < 0.12:
                        destination = None
                    elif stage in (MigrationStage.RETURNED, MigrationStage.IN_TRANSIT) and rng.random() < 0.15:
                        destination = self._pick(TRAFFICKING_DESTINATIONS)
                    else:
                        destination = self._pick(LABOUR_DESTINATIONS)
                    topic_weights = dict(texts.TOPICS_BY_STAGE[stage])
                    topics = set()
                    for _ in range(rng.choice([1, 1, 2, 2, 3])):
                        topics.add(self._pick(topic_weights))
                    outcome = self._pick(
                        {
                            ConsultationOutcome.INFORMATION_GIVEN: 60,
                            ConsultationOutcome.REFERRED: 12,
                            ConsultationOutcome.FOLLOW_UP: 15,
                            ConsultationOutcome.NO_FURTHER_ACTION: 13,
                        }
                    )
                    caller = self.people.sample(plan, rng)
                    counsellor = (
                        rng.choices(counsellors, [0.7 if u.username == "counsellor" else 0.3 for u in counsellors])[0]
                        if team.counsellors and rng.random() < 0.6
                        else rng.choice(team.caseworkers)
                    )
                    intake = None
                    if channel != ConsultationChannel.ON_SITE and rng.random() < 0.12:
                        intake_channel = {
                            ConsultationChannel.PHONE: IC.PHONE,
                            ConsultationChannel.EMAIL: IC.EMAIL,
                            ConsultationChannel.ONLINE: IC.WEB,
                        }[channel]
                        intake = self._intake_item(
                            agency=team.agency,
                            channel=intake_channel,
                            received=at - dt.timedelta(hours=rng.uniform(1, 48)),
                            demo=caller,
                            destination=destination,
                            status=IntakeStatus.CONVERTED,
                            handler=counsellor,
                            handled_at=at,
                        )
                    self.consultations.append(
                        Consultation(
                            agency=team.agency,
                            held_on=day,
                            channel=channel,
                            duration_minutes=rng.choice([None, 10, 15, 20, 30, 30, 45, 60]),
                            migration_stage=stage,
                            destination_country_id=destination,
                            topics=sorted(topics),
                            outcome=outcome,
                            follow_up_on=day + dt.timedelta(days=rng.randint(3, 21))
                            if outcome == ConsultationOutcome.FOLLOW_UP
                            else None,
                            sex="unknown" if rng.random() < 0.06 else caller.sex,
                            age_band=AgeBand.UNKNOWN if rng.random() < 0.15 else age_band(caller.birth_year, day),
                            province_id=None if rng.random() < 0.1 else caller.origin_province_code,
                            summary=self._fmt(rng.choice(texts.SESSION_NOTES[stage]), destination)
                            if rng.random() < 0.45
                            else "",
                            counsellor=counsellor,
                            intake=intake,
                            created_at=at,
                            updated_at=at,
                        )
                    )

    def _closed_intake(self) -> None:
        """Items closed without follow-up: spam, duplicates, people who could not be reached."""
        rng = self.rng
        for code, plan_months in self.plans.items():
            plan, team = PLANS[code], self.teams[code]
            channels = dict(CHANNEL_MIX[plan.mix])
            channels.pop(IC.WALK_IN, None)
            for month, n_cases in plan_months:
                days, weights = self._workdays(month)
                if not days:
                    continue
                for _ in range(round(n_cases * 0.08)):
                    channel = self._pick(channels)
                    received = self._at(rng.choices(days, weights)[0], rng.randint(0, 1439))
                    if channel not in (IC.WEB, IC.EMAIL):  # typed in by staff during office hours
                        received = min(self.now - dt.timedelta(hours=1), self._office(received))
                    spam = channel in (IC.WEB, IC.EMAIL) and rng.random() < 0.4
                    reasons = {
                        IntakeCloseReason.DUPLICATE: 20,
                        IntakeCloseReason.UNREACHABLE: 25,
                        IntakeCloseReason.NO_ACTION_NEEDED: 30,
                        IntakeCloseReason.REFERRED_ELSEWHERE: 15,
                    }
                    handled = min(self.now, self._office(received + dt.timedelta(days=rng.uniform(0.1, 3))))
                    self._intake_item(
                        agency=team.agency,
                        channel=channel,
                        received=received,
                        demo=self.people.sample(plan, rng),
                        destination=self._pick(LABOUR_DESTINATIONS),
                        status=IntakeStatus.CLOSED,
                        handler=rng.choice(team.handlers),
                        handled_at=handled,
                        close_reason=IntakeCloseReason.SPAM if spam else self._pick(reasons),
                        spam=spam,
                    )

    def _open_queue(self) -> None:
        """Items waiting today: new ones and some being reviewed, every channel at least once in Hanoi."""
        rng = self.rng
        for code in self.plans:
            plan, team = PLANS[code], self.teams[code]
            n = max(1, round(plan.queue * math.sqrt(min(1.0, self.scale))))
            channels = dict(CHANNEL_MIX[plan.mix])
            first = list(channels)
            if code == "HN-MRC":
                first = [IC.WEB, IC.EMAIL, IC.PHONE, IC.WALK_IN, IC.OUTREACH, IC.REFERRAL_IN, IC.WEB, IC.EMAIL]
            elif plan.mix == "shelter":
                first = [IC.BORDER_HANDOVER, IC.BORDER_HANDOVER, IC.OUTREACH]
            for i in range(n):
                channel = first[i] if i < len(first) else self._pick(channels)
                received = self.now - dt.timedelta(hours=rng.uniform(0.5, 240))
                if channel not in (IC.WEB, IC.EMAIL):
                    received = min(self.now - dt.timedelta(minutes=10), self._office(received))
                reviewing = i >= 3 and rng.random() < 0.3
                trafficking = channel in (IC.BORDER_HANDOVER, IC.OUTREACH) or rng.random() < 0.15
                urgency = Urgency.NORMAL
                if trafficking:
                    urgency = self._pick({Urgency.URGENT: 60, Urgency.EMERGENCY: 25, Urgency.NORMAL: 15})
                destination = (
                    self._pick(BORDER_DESTINATIONS if plan.mix == "shelter" else TRAFFICKING_DESTINATIONS)
                    if trafficking
                    else self._pick(LABOUR_DESTINATIONS)
                )
                self._intake_item(
                    agency=team.agency,
                    channel=channel,
                    received=received,
                    demo=self.people.sample(plan, rng),
                    destination=destination,
                    status=IntakeStatus.IN_REVIEW if reviewing else IntakeStatus.NEW,
                    handler=rng.choice(team.counsellors or team.caseworkers) if reviewing else None,
                    urgency=urgency,
                )

    # -- writing
    def _save(self) -> None:
        tables: list[tuple[str, type[models.Model], Sequence[Any]]] = [
            ("persons", Person, self.persons),
            ("name index", PersonNameToken, self.tokens),
            ("duplicate-check keys", PersonMatchKey, self.match_keys),
            ("intake items", IntakeItem, self.intake),
            ("cases", Case, self.cases),
            ("screenings and assessments", Assessment, self.assessments),
            ("transit countries", Case.transit_countries.through, self.transit),
            ("case history", CaseEvent, self.events),
            ("notes", Note, self.notes),
            ("tasks", Task, self.tasks),
            ("consents", Consent, self.consents),
            ("recruiter contacts", RecruiterContact, self.contacts),
            ("consultations", Consultation, self.consultations),
        ]
        total = sum(len(rows) for _, _, rows in tables)
        done, reported = 0, 0
        stamped = (Person, IntakeItem, Case, Note, Task, Consent, RecruiterContact, Consultation, Assessment)
        with _given_timestamps(*stamped):
            for label, model, rows in tables:
                for chunk in _chunks(rows, 500):
                    model.objects.bulk_create(chunk)
                    done += len(chunk)
                    if self.progress and (done - reported >= total / 10 or done == total):
                        self.progress(f"saving {label}", done, total)
                        reported = done
        CaseSequence.objects.bulk_create(
            CaseSequence(agency=self.agencies[code], year=year, last=last)
            for (code, year), last in sorted(self.sequences.items())
        )

    def run(self) -> dict[str, int]:
        specs = self._plan_cases()
        self._pick_showcase(specs)
        for i, spec in enumerate(specs, start=1):
            self._build_case(spec)
            if self.progress and i * 10 // len(specs) != (i - 1) * 10 // len(specs):
                self.progress("building cases", i, len(specs))
        self._anonymous_consultations()
        self._closed_intake()
        self._open_queue()
        if self.progress:
            self.progress("building consultations and intake", len(self.consultations), len(self.consultations))
        self._save()
        return {
            "persons": len(self.persons),
            "cases": len(self.cases),
            "case_events": len(self.events),
            "notes": len(self.notes),
            "tasks": len(self.tasks),
            "consents": len(self.consents),
            "recruiter_contacts": len(self.contacts),
            "consultations": len(self.consultations),
            "assessments": len(self.assessments),
            "intake_items": len(self.intake),
            "intake_waiting": sum(1 for i in self.intake if i.status in (IntakeStatus.NEW, IntakeStatus.IN_REVIEW)),
        }


def load_casework(
    *,
    agencies: dict[str, Agency],
    users: dict[str, User],
    scale: float = 1.0,
    seed: int = SEED,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write two years of casework for the demo agencies and staff; returns the row counts.

    Call inside a transaction, on a database with the demo agencies and users and nothing else.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    current = timezone.localdate()
    today = today or current
    now = (
        timezone.now()
        if today == current
        else dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    )
    with _collect_less():
        return _Casework(
            agencies=agencies, users=users, scale=scale, seed=seed, today=today, now=now, progress=progress
        ).run()
