"""Assessments as a worker uses them: start, save answer by answer, complete, take findings into the case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.cases.models import CaseEvent
from safepath.screening import services
from safepath.screening.models import Assessment
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

FULL = {
    "ctx_under_18": "no",
    "ctx_exploitation": ["labour"],
    "ctx_location": "vietnam",
    "q_job": "yes",
    "q_wages": "yes",
    "q_hours": "yes",
    "q_pay": "yes",
    "q_docs": "yes",
    "q_threat_family": "yes",
}


def start(actor, case):
    return services.assessment_start(actor=actor, case=case, instrument="test-trafficking")


def test_answers_are_saved_one_by_one_and_encrypted(caseworker, case):
    a = start(caseworker, case)
    assert a.instrument_version == "2026.1" and len(a.instrument_digest) == 64
    a = services.assessment_save(actor=caseworker, assessment=a, answers={"q_note": "Bị đánh ở xưởng Quảng Châu"})
    a = services.assessment_save(actor=caseworker, assessment=a, answers={"q_job": "yes"}, section="recruitment")
    assert a.answers == {"q_note": "Bị đánh ở xưởng Quảng Châu", "q_job": "yes"} and a.saves == 2
    assert a.section == "recruitment"
    # The access log says how many answers were saved, never which questions (skip logic would tell the answers).
    entry = AccessEvent.objects.filter(object_type="assessment").order_by("-seq").first()
    assert entry.detail["answers"] == 1 and "q_job" not in str(entry.detail)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT answers FROM screening_assessment WHERE id = %s",
            [a.pk.hex if connection.vendor == "sqlite" else a.pk],
        )
        raw = cur.fetchone()[0]
    assert "Quảng Châu" not in raw and "q_job" not in raw
    # An empty answer clears the question.
    a = services.assessment_save(actor=caseworker, assessment=a, answers={"q_note": ""})
    assert "q_note" not in a.answers


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"q_job": "maybe"}, "q_job"),
        ({"ctx_exploitation": ["labour", "organs"]}, "ctx_exploitation"),
        ({"q_days": "many"}, "q_days"),
        ({"q_days": "-1"}, "q_days"),
        ({"q_left": "31/02/2024"}, "q_left"),
        ({"q_left": "01/01/2999"}, "q_left"),
        ({"no_such_question": "yes"}, "no_such_question"),
        ({"q_note": "x\x00y"}, "q_note"),
    ],
)
def test_a_bad_answer_is_refused_and_saves_nothing(caseworker, case, answers, field):
    a = start(caseworker, case)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(actor=caseworker, assessment=a, answers={"q_job": "yes", **answers})
    assert field in exc.value.message_dict
    a.refresh_from_db()
    assert a.answers == {} and a.saves == 0


def test_numbers_and_dates_are_read_as_vietnamese_write_them(caseworker, case):
    a = start(caseworker, case)
    a = services.assessment_save(actor=caseworker, assessment=a, answers={"q_days": "12,5", "q_left": "05/03/2025"})
    assert a.answers == {"q_days": 12.5, "q_left": "2025-03-05"}


def test_complete_needs_required_answers_then_freezes_the_answers(caseworker, case):
    a = start(caseworker, case)
    with pytest.raises(ValidationError) as exc:
        services.assessment_complete(actor=caseworker, assessment=a)
    assert "q_job" in exc.value.message_dict
    a = services.assessment_save(actor=caseworker, assessment=a, answers=FULL)
    a = services.assessment_complete(actor=caseworker, assessment=a)
    assert a.status == "completed" and a.outcome == "strong_indication"
    assert a.rule_version == "ilo-ec-2009/delphi-v1"
    assert CaseEvent.objects.filter(case=case, kind="assessed").count() == 1
    with pytest.raises(ValidationError):
        services.assessment_save(actor=caseworker, assessment=a, answers={"q_job": "no"})


def test_findings_reach_the_case_only_when_the_worker_confirms_them(caseworker, case):
    a = services.assessment_save(actor=caseworker, assessment=start(caseworker, case), answers=FULL)
    a = services.assessment_complete(actor=caseworker, assessment=a)
    case.refresh_from_db()
    assert case.legal_status == "not_assessed" and case.exploitation_types == []
    version = case.version
    updated = services.assessment_apply(
        actor=caseworker,
        assessment=a,
        legal_status=a.result["suggest"]["legal_status"],
        exploitation_types=["ForcedLabour"],
        note="Đã đối chiếu với lời kể",
    )
    assert updated.legal_status == "under_identification_vietnam"
    assert updated.exploitation_types == ["ForcedLabour"] and updated.version == version + 1
    event = CaseEvent.objects.get(case=case, kind="decided")
    assert event.actor == caseworker and event.note == "Đã đối chiếu với lời kể"
    assert event.detail["assessment"] == str(a.pk) and event.detail["outcome"] == "strong_indication"
    assert "d1_job" in event.grounds["evidence"] and event.grounds["fields"]["legal_status"] == updated.legal_status
    # The plain history names the fields only: the values and the indicators are encrypted.
    assert event.detail["fields"] == ["exploitation_types", "legal_status"] and "evidence" not in event.detail
    with pytest.raises(ValidationError):  # nothing new to take
        services.assessment_apply(actor=caseworker, assessment=a, exploitation_types=["ForcedLabour"])


def test_only_staff_who_work_the_case_run_or_read_assessments(caseworker, case, agency):
    from safepath.screening.selectors import access_assessment

    a = start(caseworker, case)
    shelter = UserFactory(agency=agency, roles=[Role.SHELTER_STAFF])
    analyst = UserFactory(agency=agency, roles=[Role.ANALYST])
    outsider = UserFactory(agency=AgencyFactory(code="HCM-MRC"), roles=[Role.CASEWORKER])
    for user in (shelter, analyst, outsider):
        with pytest.raises(PermissionDenied):
            services.assessment_start(actor=user, case=case, instrument="test-trafficking")
        with pytest.raises(PermissionDenied):
            services.assessment_save(actor=user, assessment=a, answers={"q_job": "yes"})
        from django.http import Http404

        with pytest.raises(Http404):
            access_assessment(user=user, assessment_id=a.pk)
    before = AccessEvent.objects.count()
    access_assessment(user=caseworker, assessment_id=a.pk)
    entry = AccessEvent.objects.order_by("-seq").first()
    assert AccessEvent.objects.count() == before + 1
    assert entry.object_type == "assessment" and entry.detail["also"]["person"] == [str(case.person_id)]


def test_void_keeps_the_record_and_says_why(caseworker, case):
    a = start(caseworker, case)
    with pytest.raises(ValidationError):
        services.assessment_void(actor=caseworker, assessment=a, reason="")
    a = services.assessment_void(actor=caseworker, assessment=a, reason="Nhầm hồ sơ")
    assert Assessment.objects.get(pk=a.pk).status == "voided"
    assert CaseEvent.objects.get(case=case, kind="assessment_voided").note == "Nhầm hồ sơ"
