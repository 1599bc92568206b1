"""The demo casework: two years of cases, consultations and intake, coherent with what the services write.

The data set is loaded once for the module at a small scale (inside a transaction rolled back at the
end); the monthly plan is tested at full scale without a database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from safepath.accounts.models import Agency, User
from safepath.accounts.roles import AgencyType
from safepath.audit.models import AccessEvent
from safepath.audit.services import audit_verify
from safepath.cases import workflow
from safepath.cases.choices import (
    CaseStatus,
    ExploitationType,
    IntakeChannel,
    IntakeStatus,
    MeansOfControl,
    RecruitmentApp,
    RecruitmentMethod,
    TaskStatus,
)
from safepath.cases.models import Case, CaseEvent, CaseSequence, Consultation, IntakeItem, Task
from safepath.cases.services import CaseInput, age_band, case_open
from safepath.core import policy
from safepath.demo.casework import PLANS, demo_months, monthly_plan, person_values
from safepath.demo.population import generate_population
from safepath.demo.services import demo_load
from safepath.people.duplicates import person_duplicate_candidates
from safepath.people.models import Person, PersonMatchKey
from safepath.people.services import PersonInput, person_clean, person_input_from
from tests.helpers import register

SCALE = 0.05
TODAY = dt.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data at SCALE, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        counts = demo_load(scale=SCALE)
        yield counts
        transaction.set_rollback(True)


def _user(username: str) -> User:
    return User.objects.get(username=username)


# --- the plan (no database) ------------------------------------------------------------------------------
@pytest.mark.parametrize("today", [TODAY, dt.date(2025, 2, 14), dt.date(2027, 7, 1), dt.date(2026, 3, 31)])
def test_hanoi_grows_from_about_60_to_over_200_a_month(today):
    plan = monthly_plan("HN-MRC", today=today)
    assert [m for m, _ in plan] == demo_months(today)
    counts = [n for _, n in plan]
    assert 55 <= counts[0] <= 65
    assert counts[-2] > 200  # the latest full month
    assert sum(counts[:6]) * 2.5 < sum(counts[-7:-1])
    assert 2600 <= sum(counts) <= 3400  # about 3,000 cases over the two years


def test_the_curve_keeps_its_shape_at_a_small_scale():
    counts = [n for _, n in monthly_plan("HN-MRC", today=TODAY, scale=SCALE)]
    assert counts[0] < counts[-2]
    assert sum(counts[:6]) < sum(counts[-7:-1])


def test_other_centres_are_smaller_than_hanoi():
    hanoi = monthly_plan("HN-MRC", today=TODAY)[-2][1]
    for code in PLANS:
        if code != "HN-MRC":
            plan = monthly_plan(code, today=TODAY)
            assert plan[0][1] < plan[-2][1] < hanoi / 3, code


def test_demo_months_are_the_two_years_ending_this_month():
    months = demo_months(TODAY)
    assert len(months) == 24
    assert months[0] == dt.date(2024, 12, 1) and months[-1] == dt.date(2026, 11, 1)
    assert demo_months(dt.date(2026, 1, 5))[-2:] == [dt.date(2025, 12, 1), dt.date(2026, 1, 1)]


def test_the_plan_is_deterministic():
    assert monthly_plan("TH-MRC", today=TODAY, seed=7) == monthly_plan("TH-MRC", today=TODAY, seed=7)
    assert monthly_plan("TH-MRC", today=TODAY, seed=7) != monthly_plan("TH-MRC", today=TODAY, seed=8)


def test_demo_persons_are_cleaned_as_person_register_cleans_them(db):
    """The loader's query-free cleaning gives exactly what people.services.person_clean gives."""
    for p in generate_population(count=300, seed=99):
        data = PersonInput(
            family_name=p.family_name,
            middle_name=p.middle_name,
            given_name=p.given_name,
            aliases=list(p.aliases),
            sex=p.sex,
            birth_date=p.birth_date,
            phone=p.phone,
            email="Thu.Ha@Example.VN",
            id_number=p.id_number,
            ethnicity_id=p.ethnicity_code,
            origin_province_id=p.origin_province_code,
            origin_legacy_province_id=p.origin_legacy_province_code or None,
            languages=list(p.languages),
        )
        assert person_values(p, email="Thu.Ha@Example.VN") == person_clean(data)


# --- the loaded data -----------------------------------------------------------------------------------------
def test_case_numbers_follow_the_service_format_per_agency_and_year(demo):
    numbers: dict[tuple[str, int], list[tuple[dt.date, int]]] = defaultdict(list)
    for number, code, opened in Case.objects.values_list("number", "agency__code", "opened_on"):
        m = re.fullmatch(r"(.+)-(\d{4})-(\d{6})", number)
        assert m, number
        assert m.group(1) == code and int(m.group(2)) == opened.year, number
        numbers[(code, opened.year)].append((opened, int(m.group(3))))
    assert numbers
    for (code, year), rows in numbers.items():
        given = sorted(n for _, n in rows)
        assert given == list(range(1, len(rows) + 1)), (code, year)  # unique, no gaps
        in_order = [n for _, n in sorted(rows)]
        assert in_order == sorted(in_order), (code, year)  # given in opening order
        seq = CaseSequence.objects.get(agency__code=code, year=year)
        assert seq.last == len(rows)
    assert CaseSequence.objects.count() == len(numbers)


def test_a_case_opened_after_the_load_gets_the_next_number(demo):
    caseworker = _user("caseworker")
    year = timezone.localdate().year
    last = CaseSequence.objects.get(agency__code="HN-MRC", year=year).last
    person = register(caseworker, given_name="Thảo", phone="0987 654 321", id_number="")
    case = case_open(
        actor=caseworker,
        person=person,
        data=CaseInput(
            case_type="returned", channel="walk_in", migration_stage="returned", destination_country_id="JP"
        ),
    )
    assert case.number == f"HN-MRC-{year}-{last + 1:06d}"


def test_hanoi_monthly_cases_follow_the_plan(demo):
    rows = Case.objects.filter(agency__code="HN-MRC").values_list("opened_on", flat=True)
    per_month = Counter(d.replace(day=1) for d in rows)
    plan = monthly_plan("HN-MRC", today=timezone.localdate(), scale=SCALE)
    assert [per_month.get(m, 0) for m, _ in plan] == [n for _, n in plan]
    assert plan[0][1] < plan[-2][1]
    counts = dict(Case.objects.values_list("agency__code").annotate(n=Count("pk")))
    assert counts["HN-MRC"] == max(counts.values())
    assert set(counts) <= set(PLANS) and len(counts) >= 10


def test_statuses_cover_the_workflow(demo):
    statuses = Counter(Case.objects.filter(agency__code="HN-MRC").values_list("status", flat=True))
    assert set(statuses) == set(CaseStatus.values)
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    assert not closed.filter(closure_reason="").exists()
    assert not closed.filter(closed_on__isnull=True).exists()
    assert not Case.objects.exclude(status=CaseStatus.CLOSED).exclude(closed_on__isnull=True).exists()
    assert len(set(closed.values_list("closure_reason", flat=True))) >= 3
    # The demo caseworker has a case in every open status; a closure waits for the demo supervisor
    mine = set(Case.objects.filter(caseworker__username="caseworker").values_list("status", flat=True))
    assert set(workflow.OPEN_STATUSES) | {CaseStatus.CLOSED} <= mine
    pending = Case.objects.filter(closure_requested_at__isnull=False).exclude(status=CaseStatus.CLOSED)
    assert pending.filter(supervisor__username="supervisor").exists()
    assert not pending.filter(closure_requested_by__isnull=True).exists()


def test_caseworkers_and_supervisors_are_the_demo_staff(demo):
    open_cases = Case.objects.exclude(status=CaseStatus.CLOSED)
    assert not open_cases.exclude(status=CaseStatus.NEW).filter(caseworker__isnull=True).exists()
    assert not Case.objects.exclude(status=CaseStatus.NEW).filter(supervisor__isnull=True).exists()
    for case in Case.objects.select_related("caseworker", "supervisor", "agency"):
        for user in (case.caseworker, case.supervisor):
            assert user is None or user.agency_id == case.agency_id
    hanoi_workers = set(Case.objects.filter(agency__code="HN-MRC").values_list("caseworker__username", flat=True))
    assert {"caseworker", "hn-mrc.caseworker2"} <= hanoi_workers


def test_highly_sensitive_cases_are_walled_off(demo):
    caseworker = _user("caseworker")
    sensitive = Case.objects.filter(highly_sensitive=True)
    assert sensitive.filter(caseworker=caseworker).exists()
    theirs = (
        sensitive.filter(agency__code="HN-MRC")
        .exclude(caseworker=caseworker)
        .exclude(supervisor__username="supervisor")
    )
    assert theirs.exists()
    visible = Case.objects.filter(policy.case_scope(caseworker))
    assert not visible.filter(pk__in=theirs.values("pk")).exists()
    assert not sensitive.filter(caseworker__isnull=True).exists()


# Written by the network apps (referrals, shelters, reintegration): they do not change the case row.
NETWORK_KINDS = {
    CaseEvent.Kind.REFERRED,
    CaseEvent.Kind.ADMITTED,
    CaseEvent.Kind.STAY_EXTENDED,
    CaseEvent.Kind.DISCHARGED,
    CaseEvent.Kind.REINTEGRATION_START,
    CaseEvent.Kind.REINTEGRATION_END,
    CaseEvent.Kind.FOLLOWUP_VISIT,
}
# Written by the screening services: completing or setting aside an assessment does not change the case row
# (taking its findings into the case does, and counts).
NOT_CASE_WRITES = NETWORK_KINDS | {CaseEvent.Kind.ASSESSED, CaseEvent.Kind.ASSESSMENT_VOIDED}


def test_each_case_history_replays_to_its_state(demo):
    events = defaultdict(list)
    for e in CaseEvent.objects.order_by("at", "id"):
        events[e.case_id].append(e)
    now = timezone.now()
    for case in Case.objects.all():
        # Referrals, stays and reintegration add lines to the timeline without changing the case itself.
        history = [e for e in events[case.pk] if e.kind not in NOT_CASE_WRITES]
        assert case.version == len(history), case.number  # one event per service write
        assert history[0].kind == CaseEvent.Kind.OPENED and history[0].actor_id == case.created_by_id
        status = CaseStatus.NEW
        closed_on = None
        for e in history:
            assert e.at <= now
            if e.kind in (CaseEvent.Kind.STATUS, CaseEvent.Kind.CLOSURE_APPROVED, CaseEvent.Kind.REOPENED):
                assert e.from_status == status, case.number
                if e.kind == CaseEvent.Kind.REOPENED:
                    assert status == CaseStatus.CLOSED and e.to_status == workflow.REOPEN_TO
                else:
                    assert workflow.is_allowed(status, e.to_status), (case.number, status, e.to_status)
                status = e.to_status
                closed_on = timezone.localdate(e.at) if status == CaseStatus.CLOSED else None
        assert status == case.status, case.number
        assert closed_on == case.closed_on, case.number
        assert timezone.localdate(history[0].at) == case.opened_on


def test_tasks_notes_and_consents_look_real(demo):
    today = timezone.localdate()
    assert not Task.objects.filter(case__status=CaseStatus.CLOSED, status=TaskStatus.OPEN).exists()
    assert not Task.objects.filter(status=TaskStatus.DONE, completed_at__isnull=True).exists()
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN)
    assert open_tasks.filter(due_on__lt=today).exists()  # overdue
    assert open_tasks.filter(due_on__gte=today).exists()
    assert open_tasks.filter(assigned_to__username="caseworker").exists()
    case = Case.objects.filter(notes__isnull=False).first()
    assert any(ch in case.notes.first().body for ch in "ăâđêôơư")  # Vietnamese text
    assert Case.objects.filter(consents__isnull=False).count() > Case.objects.count() * 0.8


def test_trafficking_cases_carry_the_trafficking_facts(demo):
    trafficking = Case.objects.filter(case_type__in=["suspected_trafficking", "identified_victim"])
    assert trafficking.exists()
    for case in trafficking:
        assert case.exploitation_types and case.means_of_control and case.recruitment_methods, case.number
        assert set(case.exploitation_types) <= set(ExploitationType.values)
        assert set(case.means_of_control) <= set(MeansOfControl.values)
        assert set(case.recruitment_methods) <= set(RecruitmentMethod.values)
        assert set(case.recruitment_apps) <= set(RecruitmentApp.values)
    assert not Case.objects.exclude(pk__in=trafficking.values("pk")).exclude(exploitation_types=[]).exists()
    assert trafficking.filter(recruiter_contacts__isnull=False).exists()


def test_consultations_take_their_statistics_from_the_person(demo):
    with_person = Consultation.objects.filter(person__isnull=False).select_related("person")
    assert with_person.exists()
    for c in with_person:
        assert c.sex == c.person.sex
        assert c.age_band == age_band(c.person.birth_year, c.held_on)
        assert c.province_id == c.person.origin_province_id
        assert c.agency_id == c.case.agency_id
    assert Consultation.objects.filter(person__isnull=True).count() > with_person.count()
    assert Consultation.objects.count() > 2 * Case.objects.count()
    assert {"on_site", "phone", "email", "online"} <= set(Consultation.objects.values_list("channel", flat=True))


def test_intake_addresses_and_queues(demo):
    for agency in Agency.objects.all():
        if agency.type in (AgencyType.MRC, AgencyType.OSSO, AgencyType.SHELTER):
            assert agency.intake_email == f"{agency.code.lower()}@intake.safepath.local"
        else:
            assert agency.intake_email is None
    waiting = IntakeItem.objects.filter(status__in=[IntakeStatus.NEW, IntakeStatus.IN_REVIEW])
    hanoi = set(waiting.filter(agency__code="HN-MRC").values_list("channel", flat=True))
    assert {IntakeChannel.WEB, IntakeChannel.EMAIL, IntakeChannel.PHONE, IntakeChannel.WALK_IN} <= hanoi
    assert {IntakeChannel.OUTREACH, IntakeChannel.REFERRAL_IN} <= hanoi
    assert waiting.filter(agency__code="LC-RC", channel=IntakeChannel.BORDER_HANDOVER).exists()
    assert not waiting.filter(received_at__gt=timezone.now()).exists()
    assert not IntakeItem.objects.filter(status=IntakeStatus.CONVERTED, handled_at__isnull=True).exists()
    assert not waiting.filter(channel=IntakeChannel.EMAIL).exclude(created_by__isnull=True).exists()


def test_demo_persons_are_found_by_search_indexes_and_the_duplicate_check(demo):
    caseworker = _user("caseworker")
    person = Person.objects.filter(registered_by_agency__code="HN-MRC").exclude(phone_bidx="").first()
    assert person.full_name_bidx and person.phone_bidx and person.name_tokens.exists()
    assert PersonMatchKey.objects.filter(person=person).exists()
    found = person_duplicate_candidates(user=caseworker, data=person_input_from(person))
    assert person.pk in [c.person.pk for c in found]


def _database_text() -> str:
    """Every row of every table except the place names (a ward named after a hero is not a person)."""
    chunks = []
    with connection.cursor() as cur:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label == "places":
                continue
            cur.execute(f'SELECT * FROM "{model._meta.db_table}"')
            chunks.extend(" ".join(str(v) for v in row) for row in cur.fetchall())
    return unicodedata.normalize("NFC", "\n".join(chunks))


def test_no_plaintext_identity_in_the_database(demo):
    needles = set()
    for p in Person.objects.all():
        needles.add(p.full_name)
        if p.phone:
            needles.update({p.phone, "0" + p.phone.removeprefix("+84")})
        if p.id_number:
            needles.add(p.id_number)
        if p.email:
            needles.add(p.email)
        if p.birth_date_precision == "day":
            needles.add(p.birth_date)
    for item in IntakeItem.objects.all():
        needles.update({item.contact_name, item.contact_email})
    raw = _database_text()
    found = [n for n in needles if n and n in raw]
    assert found == []


def test_the_access_log_names_nobody_for_the_bulk_rows(demo):
    assert not AccessEvent.objects.filter(actor__isnull=False).exists()
    summary = AccessEvent.objects.get(purpose="demo_load")
    assert summary.detail["demo_data"]["cases"] == Case.objects.count()
    assert audit_verify().ok


def test_a_second_load_changes_nothing(demo):
    cases = Case.objects.count()
    assert demo_load(scale=SCALE) == {}
    assert Case.objects.count() == cases
