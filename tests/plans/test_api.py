"""The care-plan API: draw up, send for approval, approve, record progress and reviews, close; entitlements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.cases.models import CaseEvent, Task
from safepath.cases.services import CaseInput, case_update
from safepath.plans.models import CarePlan
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_ID = "00000000-0000-0000-0000-000000000000"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def today():
    return timezone.localdate()


def in_days(n):
    return (today() + dt.timedelta(days=n)).isoformat()


def set_legal_status(case, actor, legal_status):
    data = CaseInput.from_case(case)
    data.legal_status = legal_status
    return case_update(actor=actor, case=case, data=data, expected_version=case.version)


ENDPOINTS = [
    ("get", f"/api/cases/{NO_ID}/entitlements/"),
    ("get", f"/api/cases/{NO_ID}/plans/"),
    ("post", f"/api/cases/{NO_ID}/plans/"),
    ("get", f"/api/plans/{NO_ID}/"),
    ("post", f"/api/plans/{NO_ID}/goals/"),
    ("post", f"/api/plans/goals/{NO_ID}/services/"),
    ("post", f"/api/plans/{NO_ID}/submit/"),
    ("post", f"/api/plans/{NO_ID}/decision/"),
    ("post", f"/api/plans/services/{NO_ID}/progress/"),
    ("post", f"/api/plans/{NO_ID}/reviews/"),
    ("post", f"/api/plans/{NO_ID}/close/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_authentication_is_required(method, url):
    response = getattr(api(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_missing_records_are_404(caseworker, method, url):
    assert getattr(api(caseworker), method)(url, {}, format="json").status_code == 404


def draft_plan(client, case, summary="Hỗ trợ chị Hương ổn định cuộc sống"):
    response = client.post(f"/api/cases/{case.pk}/plans/", {"summary": summary}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def add_goal(client, plan_id, **overrides):
    body = {"domain": "health", "urgency": "high", "text": "Khám sức khỏe và điều trị", **overrides}
    response = client.post(f"/api/plans/{plan_id}/goals/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def add_service(client, goal_id, **overrides):
    body = {"service_type": "medical", "due_on": in_days(7), **overrides}
    response = client.post(f"/api/plans/goals/{goal_id}/services/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_plan_from_draft_to_approval_review_and_close(case, caseworker, supervisor):
    worker = api(caseworker)
    plan = draft_plan(worker, case)
    pid = plan["id"]
    assert plan["status"] == "draft" and plan["goals"] == [] and plan["reviews"] == []
    assert plan["case"] == {"id": str(case.pk), "number": case.number}
    assert plan["created_by"]["id"] == caseworker.pk and plan["summary"] == "Hỗ trợ chị Hương ổn định cuộc sống"

    # Nothing to send yet; then a goal without a service is not enough either.
    assert worker.post(f"/api/plans/{pid}/submit/").status_code == 400
    goal = add_goal(worker, pid)
    assert goal["domain"] == "health" and goal["urgency"] == "high" and goal["services"] == []
    assert worker.post(f"/api/plans/{pid}/submit/").status_code == 400

    service = add_service(worker, goal["id"], note="Bệnh viện tỉnh")
    assert service["service_type"] == "medical" and service["status"] == "planned"
    assert service["responsible"]["id"] == caseworker.pk and service["legal_support"] == "medical"
    assert service["htcds_support_type"] == "Health" and service["goal"] == goal["id"]
    referral = add_service(
        worker, goal["id"], service_type="psychological", provider="referral", provider_name="Trung tâm Hy vọng"
    )
    assert referral["provider"] == "referral"

    response = worker.post(f"/api/plans/{pid}/submit/")
    assert response.status_code == 200, response.content
    sent = response.json()
    assert sent["status"] == "submitted" and sent["submitted_by"]["id"] == caseworker.pk
    assert [len(g["services"]) for g in sent["goals"]] == [2]
    assert Task.objects.filter(case=case, assigned_to=supervisor, status="open").count() == 1

    # A submitted plan is no longer a draft; the caseworker may not approve it.
    assert worker.post(f"/api/plans/{pid}/goals/", {"domain": "family", "text": "x"}, format="json").status_code == 400
    response = worker.post(f"/api/plans/{pid}/decision/", {"approve": True}, format="json")
    assert response.status_code == 403

    boss = api(supervisor)
    response = boss.post(f"/api/plans/{pid}/decision/", {"approve": True, "review_on": in_days(14)}, format="json")
    assert response.status_code == 200, response.content
    approved = response.json()
    assert approved["status"] == "approved" and approved["approved_by"]["id"] == supervisor.pk
    assert approved["review_on"] == in_days(14) and approved["legal_status"] == "not_assessed"
    assert approved["entitlement_rules"] == "law-53-2024-art-37"
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PLAN_APPROVED).count() == 1

    response = worker.post(
        f"/api/plans/services/{service['id']}/progress/", {"status": "delivered", "note": "Đã khám"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delivered" and response.json()["delivered_on"] == today().isoformat()
    response = worker.post(
        f"/api/plans/services/{service['id']}/progress/", {"status": "delivered", "delivered_on": in_days(3)}
    )
    assert response.status_code == 400 and set(response.json()) == {"delivered_on"}

    response = worker.post(
        f"/api/plans/{pid}/reviews/", {"note": "Sức khỏe đã ổn định", "next_review_on": in_days(30)}, format="json"
    )
    assert response.status_code == 201, response.content
    review = response.json()
    assert review["by"]["id"] == caseworker.pk and review["next_review_on"] == in_days(30)
    assert worker.post(f"/api/plans/{pid}/reviews/", {"note": ""}, format="json").status_code == 400

    detail = worker.get(f"/api/plans/{pid}/").json()
    assert detail["review_on"] == in_days(30) and [r["id"] for r in detail["reviews"]] == [review["id"]]
    assert {s["status"] for g in detail["goals"] for s in g["services"]} == {"delivered", "planned"}

    response = worker.post(f"/api/plans/{pid}/close/", {"note": "Hoàn thành"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["closed_at"] is not None and response.json()["review_on"] is None

    listed = worker.get(f"/api/cases/{case.pk}/plans/").json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == "closed"
    assert "goals" not in listed["results"][0]
    reads = AccessEvent.objects.filter(object_type="care_plan", action="view")
    assert reads.exists() and set(reads.values_list("channel", flat=True)) == {"api"}


def test_whoever_sent_the_plan_cannot_approve_it_and_sending_back_needs_a_note(case, supervisor, agency):
    boss = api(supervisor)
    pid = draft_plan(boss, case)["id"]
    add_service(boss, add_goal(boss, pid)["id"])
    assert boss.post(f"/api/plans/{pid}/submit/").status_code == 200
    response = boss.post(f"/api/plans/{pid}/decision/", {"approve": True}, format="json")
    assert response.status_code == 400
    # Another supervisor of the agency is not the case's supervisor.
    other = api(UserFactory(agency=agency, roles=[Role.SUPERVISOR]))
    assert other.post(f"/api/plans/{pid}/decision/", {"approve": True}, format="json").status_code == 403
    response = boss.post(f"/api/plans/{pid}/decision/", {"approve": False}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"note"}
    response = boss.post(f"/api/plans/{pid}/decision/", {"approve": False, "note": "Thêm hỗ trợ pháp lý"})
    assert response.status_code == 200 and response.json()["status"] == "draft"
    assert response.json()["returned_note"] == "Thêm hỗ trợ pháp lý"
    assert CarePlan.objects.get().status == "draft"


def test_inputs_are_checked_with_field_errors(case, caseworker):
    worker = api(caseworker)
    pid = draft_plan(worker, case)["id"]
    response = worker.post(f"/api/plans/{pid}/goals/", {"domain": "luck", "text": ""}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"domain", "text"}
    gid = add_goal(worker, pid)["id"]
    response = worker.post(f"/api/plans/goals/{gid}/services/", {"service_type": "magic"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"service_type", "due_on"}
    response = worker.post(
        f"/api/plans/goals/{gid}/services/",
        {"service_type": "legal_aid", "provider": "referral", "due_on": in_days(3)},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"provider_name"}
    stranger = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    response = worker.post(
        f"/api/plans/goals/{gid}/services/",
        {"service_type": "legal_aid", "due_on": in_days(3), "responsible": stranger.pk},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"responsible"}
    # Progress is recorded on an approved plan only.
    sid = add_service(worker, gid)["id"]
    response = worker.post(f"/api/plans/services/{sid}/progress/", {"status": "delivered"}, format="json")
    assert response.status_code == 400
    # A needs assessment that is not one (here: a trafficking screening draft), or not visible: 400.
    from safepath.screening.services import assessment_start

    screening = assessment_start(actor=caseworker, case=case, instrument="test-trafficking")
    for ref in (str(screening.pk), NO_ID):
        response = worker.post(f"/api/cases/{case.pk}/plans/", {"needs_assessment": ref}, format="json")
        assert response.status_code == 400 and set(response.json()) == {"needs_assessment"}
    assert CarePlan.objects.count() == 1


def test_shelter_staff_read_plans_but_do_not_change_them(case, caseworker, agency):
    pid = draft_plan(api(caseworker), case)["id"]
    shelter = api(UserFactory(agency=agency, roles=[Role.SHELTER_STAFF]))
    assert shelter.get(f"/api/cases/{case.pk}/plans/").json()["count"] == 1
    assert shelter.get(f"/api/plans/{pid}/").status_code == 200
    assert shelter.post(f"/api/cases/{case.pk}/plans/", {}, format="json").status_code == 403
    response = shelter.post(f"/api/plans/{pid}/goals/", {"domain": "health", "text": "x"}, format="json")
    assert response.status_code == 403
    assert shelter.post(f"/api/plans/{pid}/submit/").status_code == 403


def test_an_analyst_and_another_agency_get_404(case, caseworker, agency):
    pid = draft_plan(api(caseworker), case)["id"]
    for user in (
        UserFactory(agency=agency, roles=[Role.ANALYST]),
        UserFactory(agency=AgencyFactory(), roles=[Role.SUPERVISOR, Role.CASEWORKER]),
    ):
        client = api(user)
        assert client.get(f"/api/cases/{case.pk}/plans/").status_code == 404
        assert client.get(f"/api/cases/{case.pk}/entitlements/").status_code == 404
        assert client.get(f"/api/plans/{pid}/").status_code == 404
        assert client.post(f"/api/plans/{pid}/submit/").status_code == 404


def test_entitlements_follow_the_legal_status_and_the_day(case, caseworker):
    client = api(caseworker)
    body = client.get(f"/api/cases/{case.pk}/entitlements/").json()
    assert body["legal_status"] == "not_assessed" and body["supports"] == [] and body["who"] == ""
    assert body["rule_set"] == "law-53-2024-art-37" and body["effective_from"] == "2025-07-01"
    assert body["sources"] and {s["status"] for s in body["sources"]} <= {"verified", "secondary", "unverified"}

    set_legal_status(case, caseworker, "under_identification_abroad")
    body = client.get(f"/api/cases/{case.pk}/entitlements/").json()
    assert [(s["code"], s["clause"]) for s in body["supports"]] == [
        ("essential_needs", "a"),
        ("medical", "b"),
        ("interpretation", "c"),
        ("legal_information", "d"),
    ]
    assert all(s["label"] for s in body["supports"]) and body["discretionary"] is False and body["who"]

    case.refresh_from_db()
    set_legal_status(case, caseworker, "foreign_victim")
    assert client.get(f"/api/cases/{case.pk}/entitlements/").json()["discretionary"] is True

    before = client.get(f"/api/cases/{case.pk}/entitlements/", {"on": "2025-06-30"}).json()
    assert before["rule_set"] == "" and before["supports"] == [] and before["sources"] == []
    assert client.get(f"/api/cases/{case.pk}/entitlements/", {"on": "someday"}).status_code == 400

    pid = draft_plan(client, case)["id"]
    assert "medical" in client.get(f"/api/plans/{pid}/").json()["entitled_supports"]
