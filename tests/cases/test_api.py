"""The case API: the same access rules, workflow and audit as the web, and a 400 (never a 500) for bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.cases.choices import CaseStatus
from safepath.cases.models import Case, Note, Task
from safepath.cases.services import CaseInput, case_open, case_update, intake_log, task_add
from tests.cases.conftest import case_input
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db

NO_ID = "00000000-0000-0000-0000-000000000000"
TODAY = dt.date.today()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def new_case_body(person, **overrides):
    body = {
        "person": str(person.pk),
        "case_type": "suspected_trafficking",
        "channel": "phone",
        "migration_stage": "returned",
        "destination_country": "KH",
        "exploitation_types": ["vn_ForcedCriminality"],
        "recruitment_apps": ["vn_Zalo", "Telegram"],
        "risk_level": "high",
        "summary": "Bị lừa sang Campuchia làm việc lừa đảo trực tuyến.",
    }
    body.update(overrides)
    return body


def intake(actor, **overrides):
    from safepath.cases.services import IntakeInput

    data = {"channel": "phone", "subject": "Hỏi về xuất khẩu lao động", "body": "Con gái đi Nhật chưa về."}
    data.update(overrides)
    return intake_log(actor=actor, data=IntakeInput(**data))


def events(**filters):
    return AccessEvent.objects.filter(**filters).order_by("seq")


# --- authentication and the role matrix ------------------------------------------------------------
ENDPOINTS = [
    ("get", "/api/intake/"),
    ("post", "/api/intake/"),
    ("get", f"/api/intake/{NO_ID}/"),
    ("post", f"/api/intake/{NO_ID}/take/"),
    ("post", f"/api/intake/{NO_ID}/close/"),
    ("get", "/api/consultations/"),
    ("post", "/api/consultations/"),
    ("get", f"/api/consultations/{NO_ID}/"),
    ("patch", f"/api/consultations/{NO_ID}/"),
    ("get", "/api/cases/"),
    ("post", "/api/cases/"),
    ("get", f"/api/cases/{NO_ID}/"),
    ("put", f"/api/cases/{NO_ID}/"),
    ("patch", f"/api/cases/{NO_ID}/"),
    ("post", f"/api/cases/{NO_ID}/transition/"),
    ("post", f"/api/cases/{NO_ID}/close/"),
    ("post", f"/api/cases/{NO_ID}/closure-decision/"),
    ("post", f"/api/cases/{NO_ID}/assign/"),
    ("get", f"/api/cases/{NO_ID}/notes/"),
    ("post", f"/api/cases/{NO_ID}/notes/"),
    ("get", f"/api/cases/{NO_ID}/tasks/"),
    ("post", f"/api/cases/{NO_ID}/tasks/"),
    ("get", "/api/tasks/"),
    ("post", f"/api/tasks/{NO_ID}/status/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_authentication_is_required(method, url):
    response = getattr(api(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert not AccessEvent.objects.exists()


@pytest.fixture
def records(case, counsellor, caseworker):
    """One of each record in the agency: an intake item, a consultation, the case, a task."""
    from safepath.cases.services import ConsultationInput, consultation_record

    consultation = consultation_record(
        actor=counsellor,
        data=ConsultationInput(channel="phone", migration_stage="potential", topics=["contracts"], outcome="referred"),
    )
    task = task_add(actor=caseworker, case=case, title="Gọi lại cho chị Hương", due_on=TODAY)
    return {"intake": intake(counsellor), "consultation": consultation, "case": case, "task": task}


def _record_urls(r):
    i, c, k, t = r["intake"].pk, r["consultation"].pk, r["case"].pk, r["task"].pk
    return [
        ("get", f"/api/intake/{i}/"),
        ("post", f"/api/intake/{i}/take/"),
        ("post", f"/api/intake/{i}/close/"),
        ("get", f"/api/consultations/{c}/"),
        ("patch", f"/api/consultations/{c}/"),
        ("get", f"/api/cases/{k}/"),
        ("put", f"/api/cases/{k}/"),
        ("patch", f"/api/cases/{k}/"),
        ("post", f"/api/cases/{k}/transition/"),
        ("post", f"/api/cases/{k}/close/"),
        ("post", f"/api/cases/{k}/closure-decision/"),
        ("post", f"/api/cases/{k}/assign/"),
        ("get", f"/api/cases/{k}/notes/"),
        ("post", f"/api/cases/{k}/notes/"),
        ("get", f"/api/cases/{k}/tasks/"),
        ("post", f"/api/cases/{k}/tasks/"),
        ("post", f"/api/tasks/{t}/status/"),
    ]


LISTS = ["/api/intake/", "/api/consultations/", "/api/cases/", "/api/tasks/"]
CREATES = ["/api/intake/", "/api/consultations/", "/api/cases/"]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AGENCY_ADMIN])
def test_roles_without_case_work_get_403_on_lists_and_404_on_records(records, agency, role):
    """As for persons: a list or a create the role may not use is 403; a record is 404."""
    client = api(UserFactory(agency=agency, roles=[role]))
    for url in LISTS:
        assert client.get(url).status_code == 403, url
    for url in CREATES:
        assert client.post(url, {}, format="json").status_code == 403, url
    for method, url in _record_urls(records):
        assert getattr(client, method)(url, {}, format="json").status_code == 404, (method, url)


def test_other_agency_sees_empty_lists_and_gets_404_on_records(records):
    stranger = UserFactory(agency=AgencyFactory(), roles=[Role.SUPERVISOR, Role.COUNSELLOR])
    client = api(stranger)
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200 and response.json()["count"] == 0, url
    assert client.get("/api/tasks/", {"scope": "agency"}).json()["count"] == 0
    for method, url in _record_urls(records):
        assert getattr(client, method)(url, {}, format="json").status_code == 404, (method, url)
    for garbage in ("garbage", "1", "%00", "' OR 1=1 --"):
        assert client.get(f"/api/cases/{garbage}/").status_code == 404


def test_shelter_staff_read_cases_but_may_not_change_them(case, agency):
    client = api(UserFactory(agency=agency, roles=[Role.SHELTER_STAFF]))
    assert client.get("/api/cases/").json()["count"] == 1
    assert client.get(f"/api/cases/{case.pk}/").status_code == 200
    assert client.get("/api/intake/").status_code == 403
    assert client.get("/api/consultations/").status_code == 403
    assert client.post("/api/cases/", {}, format="json").status_code == 403
    response = client.post(f"/api/cases/{case.pk}/notes/", {"body": "x"}, format="json")
    assert response.status_code == 403
    response = client.post(f"/api/cases/{case.pk}/transition/", {"status": "screening"}, format="json")
    assert response.status_code == 403
    assert not Note.objects.exists() and Case.objects.get().status == CaseStatus.NEW


def test_highly_sensitive_case_is_invisible_to_other_caseworkers(case, caseworker, caseworker2, supervisor, agency):
    data = CaseInput.from_case(case)
    data.highly_sensitive = True
    case = case_update(actor=caseworker, case=case, data=data, expected_version=case.version)
    other = api(caseworker2)
    listed = other.get("/api/cases/").json()
    assert listed["count"] == 0 and listed["results"] == []
    assert other.get("/api/cases/", {"q": case.number}).json()["count"] == 0
    for url in (f"/api/cases/{case.pk}/", f"/api/cases/{case.pk}/notes/", f"/api/cases/{case.pk}/tasks/"):
        assert other.get(url).status_code == 404
    response = other.post(f"/api/cases/{case.pk}/notes/", {"body": "Tò mò"}, format="json")
    assert response.status_code == 404 and not Note.objects.exists()
    other_supervisor = UserFactory(agency=agency, roles=[Role.SUPERVISOR])
    assert api(other_supervisor).get(f"/api/cases/{case.pk}/").status_code == 404
    for member in (caseworker, supervisor):
        client = api(member)
        assert client.get("/api/cases/").json()["count"] == 1
        assert client.get(f"/api/cases/{case.pk}/").json()["highly_sensitive"] is True


# --- cases -----------------------------------------------------------------------------------------
def test_create_case_gives_a_number_and_makes_the_opener_caseworker(caseworker, person):
    client = api(caseworker)
    response = client.post("/api/cases/", new_case_body(person, transit_countries=["th", "LA"]), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(rf"HN-MRC-{TODAY.year}-\d{{6}}", body["number"])
    assert body["version"] == 1 and body["status"] == "new" and body["agency"] == "HN-MRC"
    assert body["person"] == {"id": str(person.pk), "display_name": "Nguyễn Thị Hương"}
    assert body["caseworker"] == {"id": caseworker.pk, "display_name": caseworker.display_name}
    assert body["supervisor"] is None
    assert body["recruitment_apps"] == ["Telegram", "vn_Zalo"]
    assert body["transit_countries"] == ["LA", "TH"]
    assert body["next_statuses"] == ["screening", "assessment", "planning", "active", "follow_up"]
    assert body["summary"] == "Bị lừa sang Campuchia làm việc lừa đảo trực tuyến."
    created = events(action="create", object_type="case").get()
    assert created.channel == "api" and created.object_ids == [body["id"]]
    second = client.post("/api/cases/", new_case_body(person), format="json").json()
    assert int(second["number"][-6:]) == int(body["number"][-6:]) + 1


def test_create_case_refuses_persons_the_user_cannot_see(caseworker):
    stranger = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    foreign = register(stranger)
    client = api(caseworker)
    for person_id in (str(foreign.pk), NO_ID):
        response = client.post("/api/cases/", {**new_case_body(foreign), "person": person_id}, format="json")
        assert response.status_code == 400 and set(response.json()) == {"person"}
    response = client.post("/api/cases/", {**new_case_body(foreign), "person": "not-a-uuid"}, format="json")
    assert response.status_code == 400 and "person" in response.json()
    assert not Case.objects.exists()


def test_create_case_validates_codes_with_field_errors(caseworker, person):
    response = api(caseworker).post(
        "/api/cases/",
        new_case_body(
            person,
            case_type="nope",
            exploitation_types=["ForcedLabour", "Bogus"],
            destination_country="XX",
            opened_on=(TODAY + dt.timedelta(days=3)).isoformat(),
        ),
        format="json",
    )
    assert response.status_code == 400
    assert {"case_type", "exploitation_types"} <= set(response.json())
    response = api(caseworker).post(
        "/api/cases/",
        new_case_body(person, destination_country="XX", opened_on=(TODAY + dt.timedelta(days=3)).isoformat()),
        format="json",
    )
    assert response.status_code == 400 and {"destination_country", "opened_on"} <= set(response.json())
    assert not Case.objects.exists()


def test_a_counsellor_cannot_open_a_case_nobody_could_see(counsellor, person):
    """A counsellor is neither caseworker nor supervisor: a highly sensitive case they open would be closed to all."""
    response = api(counsellor).post("/api/cases/", new_case_body(person, highly_sensitive=True), format="json")
    assert response.status_code == 400 and set(response.json()) == {"highly_sensitive"}
    assert not Case.objects.exists()


def test_case_from_an_intake_item_marks_it_taken_up(counsellor, caseworker, person):
    item = intake(counsellor)
    response = api(caseworker).post("/api/cases/", new_case_body(person, intake=str(item.pk)), format="json")
    assert response.status_code == 201 and response.json()["intake"] == str(item.pk)
    item.refresh_from_db()
    assert item.status == "converted" and item.person_id == person.pk
    other_item = intake(UserFactory(agency=AgencyFactory(), roles=[Role.COUNSELLOR]))
    response = api(caseworker).post("/api/cases/", new_case_body(person, intake=str(other_item.pk)), format="json")
    assert response.status_code == 400 and set(response.json()) == {"intake"}


def test_detail_and_list_are_audited_once_with_channel_api(case, caseworker):
    client = api(caseworker)
    before = AccessEvent.objects.count()
    body = client.get(f"/api/cases/{case.pk}/").json()
    assert body["number"] == case.number and body["version"] == case.version
    assert AccessEvent.objects.count() == before + 1
    ev = events().last()
    assert (ev.action, ev.object_type, ev.channel, ev.object_ids) == ("view", "case", "api", [str(case.pk)])
    touched = set(ObjectAccess.objects.filter(event=ev).values_list("object_type", "object_id"))
    assert touched == {("case", str(case.pk)), ("person", str(case.person_id))}
    client.get("/api/cases/", {"status": "open", "mine": "true"})
    assert AccessEvent.objects.count() == before + 2
    ev = events().last()
    assert (ev.action, ev.object_type, ev.channel, ev.object_ids) == ("list", "case", "api", [str(case.pk)])


def test_list_filters(case, caseworker, caseworker2, person):
    other = case_open(actor=caseworker2, person=person, data=case_input(case_type="information", risk_level="low"))
    client = api(caseworker)

    def numbers(**params):
        response = client.get("/api/cases/", params)
        assert response.status_code == 200, response.content
        return {c["number"] for c in response.json()["results"]}

    assert numbers() == {case.number, other.number}
    assert numbers(case_type="information") == {other.number}
    assert numbers(risk_level="medium") == {case.number}
    assert numbers(caseworker=caseworker2.pk) == {other.number}
    assert numbers(mine="true") == {case.number}
    assert numbers(q=case.number) == {case.number}
    assert numbers(q="Hương") == {case.number, other.number}
    assert numbers(status="new") == {case.number, other.number}
    assert numbers(status="closed") == set()
    assert numbers(opened_from=TODAY.isoformat(), opened_to=TODAY.isoformat()) == {case.number, other.number}
    assert numbers(opened_to=(TODAY - dt.timedelta(days=1)).isoformat()) == set()
    assert numbers(province="99") == set()


def test_pagination(caseworker, person):
    for _ in range(27):
        case_open(actor=caseworker, person=person, data=case_input())
    client = api(caseworker)
    first = client.get("/api/cases/").json()
    assert (first["count"], first["page"], first["num_pages"], len(first["results"])) == (27, 1, 2, 25)
    second = client.get("/api/cases/", {"page": 2}).json()
    assert (second["page"], len(second["results"])) == (2, 2)
    assert not {c["id"] for c in first["results"]} & {c["id"] for c in second["results"]}
    assert client.get("/api/cases/", {"page": 9}).json()["page"] == 2
    for bad in ("0", "-1", "abc", "1.5", "9" * 30):
        response = client.get("/api/cases/", {"page": bad})
        assert response.status_code == 400 and "page" in response.json()


def test_patch_and_put_update_the_case(case, caseworker):
    client = api(caseworker)
    url = f"/api/cases/{case.pk}/"
    response = client.patch(url, {"version": case.version, "risk_level": "critical"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["risk_level"] == "critical" and body["version"] == case.version + 1
    assert body["summary"] == case.summary and body["destination_country"] == "JP"
    full = {k: body[k] for k in ("case_type", "channel", "migration_stage")} | {"version": body["version"]}
    response = client.put(url, full, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["risk_level"] == "medium" and body["destination_country"] is None and body["summary"] == ""
    assert client.put(url, {"version": body["version"]}, format="json").status_code == 400
    response = client.patch(url, {"risk_level": "low"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    assert client.patch(url, ["version", 1], format="json").status_code == 400


def test_stale_version_gives_409_with_both_versions(case, caseworker, supervisor):
    url = f"/api/cases/{case.pk}/"
    read = api(caseworker).get(url).json()
    theirs = api(supervisor).patch(url, {"version": read["version"], "risk_level": "high"}, format="json")
    assert theirs.status_code == 200
    mine = api(caseworker).patch(
        url, {"version": read["version"], "risk_level": "low", "summary": "Đã liên hệ gia đình."}, format="json"
    )
    assert mine.status_code == 409, mine.content
    body = mine.json()
    assert body["code"] == "conflict" and body["detail"]
    assert set(body["changed_fields"]) == {"risk_level", "summary"}
    assert body["current"]["version"] == read["version"] + 1 and body["current"]["risk_level"] == "high"
    assert body["current"]["summary"] == case.summary
    assert body["yours"]["version"] == read["version"]
    assert body["yours"]["risk_level"] == "low" and body["yours"]["summary"] == "Đã liên hệ gia đình."
    assert body["yours"]["destination_country"] == "JP"
    stored = Case.objects.get(pk=case.pk)
    assert stored.risk_level == "high" and stored.version == read["version"] + 1
    # Saving what is already stored is no change, so no conflict.
    same = api(caseworker).patch(url, {"version": read["version"], "risk_level": "high"}, format="json")
    assert same.status_code == 200 and same.json()["version"] == read["version"] + 1


def test_only_the_team_may_mark_a_case_highly_sensitive(case, caseworker2):
    response = api(caseworker2).patch(
        f"/api/cases/{case.pk}/", {"version": case.version, "highly_sensitive": True}, format="json"
    )
    assert response.status_code == 400 and "highly_sensitive" in response.json()


def test_transition_rules_are_enforced(case, caseworker):
    client = api(caseworker)
    url = f"/api/cases/{case.pk}/transition/"
    response = client.post(url, {"status": "assessment", "note": "Đã sàng lọc qua điện thoại."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "assessment"
    assert response.json()["next_statuses"] == ["screening", "planning", "active", "follow_up"]
    assert client.post(url, {"status": "active"}, format="json").json()["status"] == "active"
    response = client.post(url, {"status": "screening"}, format="json")
    assert response.status_code == 400
    assert "“Sàng lọc”" in response.json()["detail"][0]  # names the refused move, in Vietnamese first
    response = client.post(url, {"status": "closed"}, format="json")
    assert response.status_code == 400 and response.json()["detail"]
    response = client.post(url, {"status": "bogus"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert Case.objects.get(pk=case.pk).status == "active"
    ev = events(action="update", object_type="case").last()
    assert ev.channel == "api" and ev.detail["transition"] == ["assessment", "active"]


def test_closure_needs_the_supervisors_approval(case, caseworker, supervisor):
    task_add(actor=caseworker, case=case, title="Thăm nhà", due_on=TODAY)
    worker, boss = api(caseworker), api(supervisor)
    url = f"/api/cases/{case.pk}/"
    response = worker.post(url + "close/", {"reason": "other"}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    response = worker.post(url + "close/", {"reason": "goals_met", "note": "Đã tái hoà nhập."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "new" and body["closure_pending"] is True
    assert body["closure_request_reason"] == "goals_met" and body["closure_requested_by"]["id"] == caseworker.pk
    response = worker.post(url + "close/", {"reason": "goals_met"}, format="json")
    assert response.status_code == 400 and "chờ phê duyệt" in response.json()["detail"][0]
    response = worker.post(url + "closure-decision/", {"approve": True}, format="json")
    assert response.status_code == 403 and "giám sát viên" in response.json()["detail"]
    response = boss.post(url + "closure-decision/", {"approve": False}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    response = boss.post(url + "closure-decision/", {"approve": True, "note": "Đồng ý."}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "closed" and body["closure_reason"] == "goals_met" and not body["closure_pending"]
    assert body["closed_on"] == TODAY.isoformat() and body["next_statuses"] == []
    assert set(Task.objects.values_list("status", flat=True)) == {"cancelled"}
    # A closed case takes no more work, and its closure cannot be decided again.
    assert worker.post(url + "notes/", {"body": "Thêm"}, format="json").status_code == 403
    assert boss.post(url + "closure-decision/", {"approve": True}, format="json").status_code == 403


def test_closure_sent_back(case, caseworker, supervisor):
    url = f"/api/cases/{case.pk}/"
    api(caseworker).post(url + "close/", {"reason": "lost_contact"}, format="json")
    response = api(supervisor).post(
        url + "closure-decision/", {"approve": False, "note": "Thử liên hệ qua Zalo trước."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["closure_pending"] is False and response.json()["status"] == "new"


def test_supervisor_closes_directly(case, supervisor):
    response = api(supervisor).post(f"/api/cases/{case.pk}/close/", {"reason": "duplicate"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_assignment(case, caseworker, caseworker2, supervisor):
    url = f"/api/cases/{case.pk}/assign/"
    response = api(caseworker).post(url, {"caseworker": caseworker2.pk}, format="json")
    assert response.status_code == 403
    response = api(supervisor).post(url, {"caseworker": caseworker2.pk}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["caseworker"]["id"] == caseworker2.pk and body["supervisor"]["id"] == supervisor.pk
    stranger = UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER])
    response = api(supervisor).post(url, {"caseworker": stranger.pk}, format="json")
    assert response.status_code == 400 and "caseworker" in response.json()
    response = api(supervisor).post(url, {"caseworker": None, "supervisor": None}, format="json")
    assert response.status_code == 200
    assert response.json()["caseworker"] is None and response.json()["supervisor"] is None


# --- notes and tasks -------------------------------------------------------------------------------
def test_notes_are_encrypted_and_audited_with_channel_api(case, caseworker):
    client = api(caseworker)
    text = "Chị Hương kể bị giữ hộ chiếu.\n\nCần hỗ trợ pháp lý."
    response = client.post(f"/api/cases/{case.pk}/notes/", {"body": text}, format="json")
    assert response.status_code == 201, response.content
    note = response.json()
    assert note["body"] == text and note["author"]["id"] == caseworker.pk
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM cases_note")
        (raw,) = cur.fetchone()
    assert raw.startswith("v1.") and "Hương" not in raw and "hộ chiếu" not in raw
    created = events(action="create", object_type="note").get()
    assert created.channel == "api" and created.object_ids == [note["id"]]
    listed = client.get(f"/api/cases/{case.pk}/notes/").json()
    assert listed["count"] == 1 and listed["results"][0]["body"] == text
    viewed = events(action="view", object_type="case").last()
    assert viewed.channel == "api" and viewed.purpose == "notes"
    for body in ({}, {"body": ""}, {"body": "   "}, {"body": "x" * 20_001}, {"body": ["a"]}):
        response = client.post(f"/api/cases/{case.pk}/notes/", body, format="json")
        assert response.status_code == 400 and "body" in response.json(), body


def test_tasks_overdue_filter_and_status(case, caseworker, caseworker2, supervisor):
    client = api(caseworker)
    url = f"/api/cases/{case.pk}/tasks/"
    late = client.post(
        url, {"title": "Gọi lại", "due_on": (TODAY - dt.timedelta(days=2)).isoformat(), "kind": "call"}, format="json"
    )
    assert late.status_code == 201, late.content
    late = late.json()
    assert late["overdue"] is True and late["assigned_to"]["id"] == caseworker.pk
    assert late["case"] == {"id": str(case.pk), "number": case.number}
    soon = client.post(url, {"title": "Thăm nhà", "due_on": (TODAY + dt.timedelta(days=3)).isoformat()}, format="json")
    assert soon.status_code == 201 and soon.json()["overdue"] is False
    theirs = client.post(
        url, {"title": "Hồ sơ", "due_on": TODAY.isoformat(), "assigned_to": caseworker2.pk}, format="json"
    )
    assert theirs.status_code == 201 and theirs.json()["assigned_to"]["id"] == caseworker2.pk

    def titles(user, **params):
        response = api(user).get("/api/tasks/", params)
        assert response.status_code == 200, response.content
        return [t["title"] for t in response.json()["results"]]

    assert titles(caseworker) == ["Gọi lại", "Thăm nhà"]
    assert titles(caseworker, overdue="true") == ["Gọi lại"]
    assert titles(caseworker, scope="agency") == ["Gọi lại", "Thăm nhà"]  # not a supervisor: their own
    assert titles(supervisor, scope="agency") == ["Gọi lại", "Hồ sơ", "Thăm nhà"]
    assert titles(supervisor) == []
    assert client.get(url).json()["count"] == 3
    response = client.post(f"/api/tasks/{late['id']}/status/", {"status": "done"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert response.json()["overdue"] is False and response.json()["completed_at"]
    assert titles(caseworker, overdue="true") == []
    assert client.post(f"/api/tasks/{late['id']}/status/", {"status": "x"}, format="json").status_code == 400
    assert api(caseworker2).get("/api/tasks/", {"overdue": "maybe"}).status_code == 400
    for bad in (
        {},
        {"title": "x"},
        {"title": "x", "due_on": "31/12"},
        {"title": "x", "due_on": TODAY.isoformat(), "kind": "x"},
    ):
        assert client.post(url, bad, format="json").status_code == 400, bad
    ev = events(action="list", object_type="task").last()
    assert ev.channel == "api"


# --- intake and consultations ----------------------------------------------------------------------
def test_intake_log_take_and_close(counsellor, caseworker):
    client = api(counsellor)
    response = client.post(
        "/api/intake/",
        {
            "channel": "walk_in",
            "urgency": "urgent",
            "subject": "Bị giữ giấy tờ",
            "body": "Anh trai đang ở Campuchia, bị giữ hộ chiếu.",
            "contact_phone": "0912 345 678",
            "consent_to_contact": True,
            "destination_country": "kh",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["status"] == "new" and item["contact_phone"] == "+84912345678"
    assert item["destination_country"] == "KH" and item["person"] is None
    listed = client.get("/api/intake/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == item["id"]
    taken = api(caseworker).post(f"/api/intake/{item['id']}/take/")
    assert taken.status_code == 200
    assert taken.json()["status"] == "in_review" and taken.json()["assigned_to"]["id"] == caseworker.pk
    assert client.post(f"/api/intake/{item['id']}/close/", {"reason": "nope"}, format="json").status_code == 400
    closed = client.post(f"/api/intake/{item['id']}/close/", {"reason": "referred_elsewhere"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["close_reason"] == "referred_elsewhere"
    again = client.post(f"/api/intake/{item['id']}/take/")
    assert again.status_code == 400 and again.json()["detail"]
    assert client.get("/api/intake/").json()["count"] == 0
    assert client.get("/api/intake/", {"status": "closed"}).json()["count"] == 1
    assert client.get("/api/intake/", {"status": "all", "channel": "walk_in"}).json()["count"] == 1
    assert client.get("/api/intake/", {"channel": "email", "status": "all"}).json()["count"] == 0
    assert client.get("/api/intake/", {"status": "bogus"}).status_code == 400
    assert client.get(f"/api/intake/{item['id']}/").json()["subject"] == "Bị giữ giấy tờ"
    assert set(events(object_type="intake").values_list("channel", flat=True)) == {"api"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"channel": "phone"},
        {"channel": "fax", "body": "x"},
        {"channel": "phone", "body": "x", "contact_phone": "abc"},
        {"channel": "phone", "body": "x", "contact_email": "no-at-sign"},
        {"channel": "phone", "body": "x", "province": "zzzz"},
        {"channel": "phone", "body": "x", "urgency": "now"},
        {"channel": "phone", "body": "x", "received_at": "yesterday"},
        {"channel": ["phone"], "body": {"a": 1}},
    ],
)
def test_bad_intake_input_is_400_with_field_errors(counsellor, body):
    response = api(counsellor).post("/api/intake/", body, format="json")
    assert response.status_code == 400 and isinstance(response.json(), dict) and response.json()


def test_consultations(counsellor, caseworker, person):
    client = api(counsellor)
    anonymous = client.post(
        "/api/consultations/",
        {
            "channel": "phone",
            "migration_stage": "potential",
            "destination_country": "JP",
            "topics": ["fees_debts", "legal_channels"],
            "outcome": "information_given",
            "duration_minutes": 25,
            "sex": "female",
            "age_band": "18-24",
            "summary": "Hỏi về phí môi giới đi Nhật.",
        },
        format="json",
    )
    assert anonymous.status_code == 201, anonymous.content
    body = anonymous.json()
    assert body["person"] is None and body["topics"] == ["fees_debts", "legal_channels"]
    assert body["counsellor"]["id"] == counsellor.pk and body["held_on"] == TODAY.isoformat()
    named = api(caseworker).post(
        "/api/consultations/",
        {
            "person": str(person.pk),
            "channel": "on_site",
            "migration_stage": "returned",
            "topics": ["reintegration"],
            "outcome": "case_opened",
        },
        format="json",
    )
    assert named.status_code == 201, named.content
    assert named.json()["person"] == {"id": str(person.pk), "display_name": "Nguyễn Thị Hương"}
    assert named.json()["sex"] == "female"
    ev = events(action="list").count()
    listed = client.get("/api/consultations/", {"topic": "fees_debts"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert events(action="list").count() == ev + 1
    assert client.get("/api/consultations/", {"channel": "on_site", "mine": "false"}).json()["count"] == 1
    assert client.get("/api/consultations/", {"mine": "true"}).json()["count"] == 1
    assert client.get("/api/consultations/", {"held_to": "2000-01-01"}).json()["count"] == 0
    patched = client.patch(f"/api/consultations/{body['id']}/", {"summary": "Đã gửi tài liệu."}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["summary"] == "Đã gửi tài liệu." and patched.json()["topics"] == body["topics"]
    bad = client.patch(f"/api/consultations/{body['id']}/", {"topics": [], "duration_minutes": 0}, format="json")
    assert bad.status_code == 400 and {"topics", "duration_minutes"} <= set(bad.json())
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    bad = client.patch(f"/api/consultations/{body['id']}/", {"held_on": tomorrow}, format="json")
    assert bad.status_code == 400 and "held_on" in bad.json()
    foreign = register(UserFactory(agency=AgencyFactory(), roles=[Role.CASEWORKER]))
    for person_id in (str(foreign.pk), NO_ID, "x"):
        response = client.post(
            "/api/consultations/",
            {
                "person": person_id,
                "channel": "phone",
                "migration_stage": "abroad",
                "topics": ["other"],
                "outcome": "referred",
            },
            format="json",
        )
        assert response.status_code == 400 and "person" in response.json()


# --- bad input never gives a 500 ---------------------------------------------------------------------
NASTY = ["\x00", "a\x00b", "\ud800", "9" * 5000, "x" * 25_000, "'; DROP TABLE cases_case; --", "%", "NaN", "-1", "0x10"]
NASTY_TYPES = [None, True, 1e308, -(2**70), [], {}, [None], {"a": [1]}]
CASE_PARAMS = [
    "q",
    "status",
    "case_type",
    "risk_level",
    "caseworker",
    "province",
    "opened_from",
    "opened_to",
    "mine",
    "page",
]


def send(client, method, url, body):
    """JSON as a client would put it on the wire: a lone surrogate travels as a \\ud800 escape."""
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("value", NASTY + NASTY_TYPES)
def test_nasty_values_in_case_bodies_give_400(case, caseworker, person, value):
    client = api(caseworker)
    base = new_case_body(person)
    for field in [*base, "transit_countries", "opened_on", "intake", "recruiter_relationship", "highly_sensitive"]:
        response = send(client, "post", "/api/cases/", {**base, field: value})
        assert response.status_code in (201, 400), (field, response.status_code)
        response = send(client, "patch", f"/api/cases/{case.pk}/", {"version": value, field: value})
        assert response.status_code == 400, (field, response.status_code)
    for path, fields in [
        ("transition/", ["status", "note"]),
        ("close/", ["reason", "note"]),
        ("closure-decision/", ["approve", "note"]),
        ("assign/", ["caseworker", "supervisor", "note"]),
        ("notes/", ["body"]),
        ("tasks/", ["title", "due_on", "assigned_to", "kind"]),
    ]:
        for field in fields:
            response = send(client, "post", f"/api/cases/{case.pk}/{path}", {field: value})
            assert response.status_code in (201, 400, 403), (path, field, response.status_code)
    assert send(client, "post", f"/api/tasks/{NO_ID}/status/", {"status": value}).status_code == 404


@pytest.mark.parametrize("value", [*(quote(v) for v in NASTY if v != "\ud800"), "%ED%A0%80", "%FF", "%C0%80"])
def test_nasty_query_strings_give_400_or_results(case, supervisor, value):
    client = api(supervisor)
    for url, params in [
        ("/api/cases/", CASE_PARAMS),
        ("/api/intake/", ["status", "channel", "page"]),
        ("/api/consultations/", ["held_from", "held_to", "channel", "topic", "migration_stage", "mine", "page"]),
        ("/api/tasks/", ["scope", "overdue", "page"]),
    ]:
        for param in params:
            response = client.get(f"{url}?{param}={value}")
            assert response.status_code in (200, 400), (url, param, response.status_code)


@pytest.mark.parametrize("value", NASTY + NASTY_TYPES)
def test_nasty_values_in_intake_and_consultation_bodies_give_400(counsellor, value):
    client = api(counsellor)
    intake_body = {"channel": "phone", "body": "x"}
    for field in [
        "channel",
        "urgency",
        "received_at",
        "subject",
        "body",
        "contact_name",
        "contact_phone",
        "contact_email",
        "consent_to_contact",
        "province",
        "destination_country",
        "referred_by",
    ]:
        response = send(client, "post", "/api/intake/", {**intake_body, field: value})
        assert response.status_code in (201, 400), (field, response.status_code)
    consultation = {"channel": "phone", "migration_stage": "abroad", "topics": ["other"], "outcome": "referred"}
    for field in [
        "held_on",
        "duration_minutes",
        "topics",
        "sex",
        "age_band",
        "province",
        "summary",
        "person",
        "intake",
    ]:
        response = send(client, "post", "/api/consultations/", {**consultation, field: value})
        assert response.status_code in (201, 400), (field, response.status_code)


def test_non_json_and_non_object_bodies_give_400(case, caseworker):
    client = api(caseworker)
    for url in ("/api/cases/", f"/api/cases/{case.pk}/notes/", f"/api/cases/{case.pk}/transition/"):
        response = client.generic("POST", url, "{not json", content_type="application/json")
        assert response.status_code == 400
        assert client.post(url, [1, 2], format="json").status_code == 400
        assert client.post(url, "text", format="json").status_code == 400
    response = client.generic("PATCH", f"/api/cases/{case.pk}/", "[]", content_type="application/json")
    assert response.status_code == 400


def test_form_encoded_bodies_work_too(case, caseworker):
    response = api(caseworker).post(f"/api/cases/{case.pk}/notes/", {"body": "Ghi chú qua form"})
    assert response.status_code == 201 and response.json()["body"] == "Ghi chú qua form"
    response = api(caseworker).patch(
        f"/api/cases/{case.pk}/",
        f"version={case.version}&risk_level=low",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and response.json()["risk_level"] == "low"


def test_schema_lists_the_case_endpoints():
    schema = APIClient().get("/api/schema/").content
    for path in (b"/api/cases/{case_id}/closure-decision/", b"/api/intake/", b"/api/tasks/{task_id}/status/"):
        assert path in schema
