"""The demo's screenings and assessments: made the way the interview pages make them, and their pages open.

The demo is loaded once for the module at a small scale and a fixed day (so the counts below are the
same on every run), inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from safepath.accounts.models import User
from safepath.cases.models import Case, CaseEvent
from safepath.demo.casework import TRAFFICKING_TYPES
from safepath.demo.services import demo_load
from safepath.screening import instruments
from safepath.screening.explain import outcome_label
from safepath.screening.models import Assessment, AssessmentStatus
from safepath.screening.results import evaluate
from safepath.screening.services import clean_answers, missing_required, person_context

SCALE = 0.05
TODAY = dt.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        counts = demo_load(scale=SCALE, today=TODAY)
        yield counts
        transaction.set_rollback(True)


def _events(kind: str) -> dict[str, list[CaseEvent]]:
    out: dict[str, list[CaseEvent]] = defaultdict(list)
    for e in CaseEvent.objects.filter(kind=kind):
        out[e.detail["assessment"]].append(e)
    return out


def test_every_kind_and_state_is_there(demo):
    assert demo["assessments"] == Assessment.objects.count()
    kinds = Counter(Assessment.objects.filter(status=AssessmentStatus.COMPLETED).values_list("kind", flat=True))
    assert set(kinds) == {"trafficking", "forced_labour", "vulnerability", "needs"}
    statuses = Counter(Assessment.objects.values_list("status", flat=True))
    assert statuses[AssessmentStatus.DRAFT] >= 1
    assert statuses[AssessmentStatus.DRAFT] + statuses[AssessmentStatus.VOIDED] < statuses["completed"] * 0.1
    outcomes = set(Assessment.objects.filter(kind="trafficking").values_list("outcome", flat=True))
    assert {"strong_indication", "possible", "not_established"} <= outcomes


def test_completed_assessments_are_what_completing_the_interview_leaves(demo):
    assessed = _events(CaseEvent.Kind.ASSESSED)
    now = timezone.now()
    completed = Assessment.objects.filter(status=AssessmentStatus.COMPLETED).select_related("case__person")
    assert completed.exists()
    for a in completed:
        instrument = instruments.get(a.instrument, a.instrument_version)
        assert a.kind == instrument.kind and a.instrument_digest == instrument.digest
        assert clean_answers(instrument, a.answers) == a.answers  # valid, as the interview saves them
        live = instrument.live_answers(a.answers)
        assert live == a.answers  # no answer to a question the interview would have skipped
        assert missing_required(instrument, live) == []
        assert a.result == evaluate(instrument, live, **person_context(a.case, a.interviewed_on))
        assert a.outcome == a.result["outcome"] and a.rule_version == a.result.get("rule_version", "")
        assert a.completed_by_id and a.case.created_at <= a.created_at < a.completed_at <= now
        assert a.interviewed_on <= timezone.localdate(a.completed_at)
        (event,) = assessed[str(a.pk)]
        assert event.case_id == a.case_id and event.actor_id == a.completed_by_id and event.at == a.completed_at
        assert event.detail == {"assessment": str(a.pk), "instrument": instrument.key, "outcome": a.outcome}


def test_drafts_and_voided_ones_have_no_result(demo):
    assessed, voided = _events(CaseEvent.Kind.ASSESSED), _events(CaseEvent.Kind.ASSESSMENT_VOIDED)
    for a in Assessment.objects.exclude(status=AssessmentStatus.COMPLETED):
        instrument = instruments.get(a.instrument, a.instrument_version)
        assert a.answers and clean_answers(instrument, a.answers) == a.answers
        assert instrument.section(a.section) is not None
        assert a.result == {} and a.outcome == "" and a.completed_at is None and a.completed_by_id is None
        assert str(a.pk) not in assessed
        if a.status == AssessmentStatus.VOIDED:
            (event,) = voided[str(a.pk)]
            assert event.note and event.at == a.updated_at
    assert set(voided) == {str(pk) for pk in Assessment.objects.filter(status="voided").values_list("pk", flat=True)}


def test_findings_taken_into_the_case_name_their_screening(demo):
    decided = CaseEvent.objects.filter(kind=CaseEvent.Kind.DECIDED)
    assert decided.exists()
    for e in decided:
        a = Assessment.objects.get(pk=e.detail["assessment"])
        assert a.case_id == e.case_id and a.status == AssessmentStatus.COMPLETED and a.applied_at == e.at
        assert a.completed_at < e.at and e.detail["outcome"] == a.outcome
        assert set(e.grounds["fields"]) == set(e.detail["fields"])
        assert e.grounds["evidence"] == sorted(a.result["evidence"])


def test_who_is_screened_depends_on_the_case_type(demo):
    screened = set(Assessment.objects.filter(kind="trafficking").values_list("case_id", flat=True))
    left_screening = set(CaseEvent.objects.filter(from_status="screening").values_list("case_id", flat=True))
    trafficking = set(
        Case.objects.filter(case_type__in=TRAFFICKING_TYPES, pk__in=left_screening).values_list("pk", flat=True)
    )
    assert len(trafficking & screened) >= 0.7 * len(trafficking)
    rarely = set(Case.objects.filter(case_type__in=["information", "pre_departure"]).values_list("pk", flat=True))
    assert len(rarely & screened) <= 0.1 * len(rarely)
    victims = Counter(
        Assessment.objects.filter(
            kind="trafficking", status=AssessmentStatus.COMPLETED, case__case_type="identified_victim"
        ).values_list("outcome", flat=True)
    )
    assert victims["strong_indication"] > victims["possible"] + victims["not_established"]


def test_answers_and_results_are_stored_encrypted(demo):
    with connection.cursor() as cur:
        cur.execute("SELECT answers, result FROM screening_assessment WHERE status = 'completed'")
        rows = cur.fetchall()
    assert rows
    for answers, result in rows:
        for raw in (answers, result):
            assert raw and not raw.lstrip().startswith("{")
            assert "consent_interview" not in raw and "outcome" not in raw and "evidence" not in raw


def test_the_demo_caseworker_opens_the_case_and_its_assessments(demo, client):
    caseworker = User.objects.get(username="caseworker")
    client.force_login(caseworker)
    mine = Assessment.objects.filter(case__caseworker=caseworker)
    completed = mine.filter(status=AssessmentStatus.COMPLETED, kind="trafficking").first()
    assert completed is not None
    assert caseworker.has_perm("screening.view_assessment", completed)
    page = client.get(reverse("screening:detail", args=[completed.pk]))
    assert page.status_code == 200
    assert str(outcome_label(completed.outcome)) in page.content.decode()
    case_page = client.get(reverse("cases:case_detail", args=[completed.case_id]))
    assert case_page.status_code == 200
    assert reverse("screening:detail", args=[completed.pk]) in case_page.content.decode()
    # Every other assessment on her cases opens too: other kinds, drafts (resumed where they were), voided ones
    for a in mine.exclude(pk=completed.pk):
        response = client.get(reverse("screening:detail", args=[a.pk]), follow=True)
        assert response.status_code == 200, (a.kind, a.status)
    # A case with findings taken into it
    decided = CaseEvent.objects.filter(kind=CaseEvent.Kind.DECIDED, case__caseworker=caseworker).first()
    if decided is not None:
        assert client.get(reverse("cases:case_detail", args=[decided.case_id])).status_code == 200


def test_a_highly_sensitive_case_of_another_caseworker_keeps_its_assessments_hidden(demo, client):
    caseworker = User.objects.get(username="caseworker")
    theirs = Assessment.objects.filter(case__highly_sensitive=True, case__agency__code="HN-MRC").exclude(
        case__caseworker=caseworker
    )
    theirs = theirs.exclude(case__supervisor__username="supervisor")
    client.force_login(caseworker)
    for a in theirs[:3]:
        assert client.get(reverse("screening:detail", args=[a.pk])).status_code == 404


def test_each_kind_and_state_opens_for_the_case_worker(demo, client):
    """One assessment of every kind in every state, opened by the caseworker of its case (no error page)."""
    seen: dict[tuple[str, str], Assessment] = {}
    for a in Assessment.objects.filter(case__caseworker__isnull=False).select_related("case__caseworker"):
        seen.setdefault((a.kind, a.status), a)
    assert {s for _, s in seen} == {AssessmentStatus.COMPLETED, AssessmentStatus.DRAFT, AssessmentStatus.VOIDED}
    for (kind, status), a in sorted(seen.items()):
        client.force_login(a.case.caseworker)
        response = client.get(reverse("screening:detail", args=[a.pk]), follow=True)
        assert response.status_code == 200, (kind, status)
        assert client.get(reverse("cases:case_detail", args=[a.case_id])).status_code == 200, (kind, status)
