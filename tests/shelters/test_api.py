"""The shelter API: facilities, bed board and census; admission from a case, extension, decision, discharge."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.shelters import services
from safepath.shelters.models import Stay
from tests.factories import UserFactory
from tests.shelters.conftest import bed, build_facility, days_ago, new_case, today

pytestmark = pytest.mark.django_db

NO_ID = "00000000-0000-0000-0000-000000000000"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


ENDPOINTS = [
    ("get", f"/api/shelters/facilities/{NO_ID}/board/"),
    ("get", f"/api/shelters/facilities/{NO_ID}/census/"),
    ("get", f"/api/shelters/facilities/{NO_ID}/figures/"),
    ("get", f"/api/cases/{NO_ID}/stays/"),
    ("post", f"/api/cases/{NO_ID}/stays/"),
    ("get", f"/api/shelters/stays/{NO_ID}/"),
    ("post", f"/api/shelters/stays/{NO_ID}/"),
    ("post", f"/api/shelters/stays/{NO_ID}/extensions/"),
    ("post", f"/api/shelters/stays/{NO_ID}/discharge/"),
    ("post", f"/api/shelters/extensions/{NO_ID}/decision/"),
    ("get", "/api/shelters/stays/not-a-uuid/"),
]


@pytest.mark.parametrize(("method", "url"), [*ENDPOINTS, ("get", "/api/shelters/facilities/")])
def test_authentication_is_required(method, url):
    assert getattr(api(), method)(url, {}, format="json").status_code == 401
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_missing_records_are_404(shelter_staff, method, url):
    assert getattr(api(shelter_staff), method)(url, {}, format="json").status_code == 404


def test_admit_extend_decide_and_discharge(shelter_staff, supervisor, case, facility):
    staff = api(shelter_staff)
    listed = staff.get("/api/shelters/facilities/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["name_vi"] == facility.name_vi and listed["results"][0]["max_stay_days"] == 14
    assert (listed["results"][0]["bed_count"], listed["results"][0]["free"]) == (6, 6)

    bad = staff.post(
        f"/api/cases/{case.pk}/stays/",
        {"facility": str(facility.pk), "bed": str(bed(facility, "M1").pk)},
        format="json",
    )
    assert bad.status_code == 400 and "bed" in bad.json()
    future = staff.post(
        f"/api/cases/{case.pk}/stays/",
        {"facility": str(facility.pk), "admitted_on": (today() + dt.timedelta(days=2)).isoformat()},
        format="json",
    )
    assert future.status_code == 400 and "admitted_on" in future.json()
    made = staff.post(
        f"/api/cases/{case.pk}/stays/",
        {"facility": str(facility.pk), "admitted_on": days_ago(12).isoformat(), "note": "Bàn giao từ biên phòng"},
        format="json",
    )
    assert made.status_code == 201, made.content
    stay = made.json()
    assert stay["bed"]["label"] == "F1" and stay["bed"]["room"] == "Phòng nữ"
    assert stay["planned_discharge_on"] == (days_ago(12) + dt.timedelta(days=14)).isoformat()
    assert stay["case"] == {"id": str(case.pk), "number": case.number}
    assert stay["person"]["display_name"] == case.person.full_name
    assert stay["admission_note"] == "Bàn giao từ biên phòng" and stay["person_sex"] == "female"

    board = staff.get(f"/api/shelters/facilities/{facility.pk}/board/").json()
    tile = next(b for room in board["rooms"] for b in room["beds"] if b["label"] == "F1")
    assert tile["state"] == "near_limit" and tile["stay"]["day"] == 13 and tile["stay"]["days_left"] == 2
    assert tile["stay"]["case"]["number"] == case.number
    assert board["counts"]["free"] == 5 and board["occupied"] == 1

    census = staff.get(f"/api/shelters/facilities/{facility.pk}/census/", {"on": days_ago(12).isoformat()}).json()
    assert census["admitted"] == 1 and census["occupied_by_sex"]["female"] == 1 and len(census["series"]) == 30
    assert staff.get(f"/api/shelters/facilities/{facility.pk}/census/", {"on": "yesterday"}).status_code == 400
    figures = staff.get(f"/api/shelters/facilities/{facility.pk}/figures/", {"start": days_ago(9).isoformat()}).json()
    assert figures["bed_nights"] == 10 and figures["destinations"][0] == {"destination": "home_community", "count": 0}
    assert (
        staff.get(
            f"/api/shelters/facilities/{facility.pk}/figures/",
            {"start": today().isoformat(), "end": days_ago(1).isoformat()},
        ).status_code
        == 400
    )

    ext = staff.post(
        f"/api/shelters/stays/{stay['id']}/extensions/", {"days": 5, "reason": "Chờ gia đình"}, format="json"
    )
    assert ext.status_code == 201 and ext.json()["status"] == "requested"
    assert (
        staff.post(
            f"/api/shelters/extensions/{ext.json()['id']}/decision/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    decided = api(supervisor).post(
        f"/api/shelters/extensions/{ext.json()['id']}/decision/", {"approve": True, "note": "Đồng ý"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    got = staff.get(f"/api/shelters/stays/{stay['id']}/").json()
    assert got["planned_discharge_on"] == (days_ago(12) + dt.timedelta(days=19)).isoformat()
    assert got["extensions"][0]["decided_by"]["id"] == supervisor.pk

    moved = staff.post(f"/api/shelters/stays/{stay['id']}/", {"bed": str(bed(facility, "F3").pk)}, format="json")
    assert moved.status_code == 200 and moved.json()["bed"]["label"] == "F3"
    noted = staff.post(f"/api/shelters/stays/{stay['id']}/", {"admission_note": "Sửa ghi chú"}, format="json")
    assert noted.json()["admission_note"] == "Sửa ghi chú"
    early = staff.post(f"/api/shelters/stays/{stay['id']}/", {"follow_up_plan": "x"}, format="json")
    assert early.status_code == 400

    missing = staff.post(f"/api/shelters/stays/{stay['id']}/discharge/", {"destination": "family"}, format="json")
    assert missing.status_code == 400 and "follow_up_plan" in missing.json()
    left = staff.post(
        f"/api/shelters/stays/{stay['id']}/discharge/",
        {"destination": "home_community", "destination_province": "15", "follow_up_plan": "Thăm sau 1 tháng"},
        format="json",
    )
    assert left.status_code == 200, left.content
    body = left.json()
    assert body["discharged_on"] == today().isoformat() and body["destination_province"] == "15"
    assert body["follow_up_plan"] == "Thăm sau 1 tháng" and body["discharged_by"]["id"] == shelter_staff.pk
    again = staff.post(
        f"/api/shelters/stays/{stay['id']}/discharge/", {"destination": "family", "follow_up_plan": "x"}, format="json"
    )
    assert again.status_code == 400
    listed = staff.get(f"/api/cases/{case.pk}/stays/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == stay["id"]


def test_the_last_bed_answers_400_to_the_second_admission(agency_admin, shelter_staff, caseworker, supervisor, case):
    facility = build_facility(agency_admin, name="Một giường", rooms=[("A", "mixed", ["A1"])])
    staff = api(shelter_staff)
    first = staff.post(f"/api/cases/{case.pk}/stays/", {"facility": str(facility.pk)}, format="json")
    assert first.status_code == 201
    other = new_case(caseworker, supervisor)
    second = staff.post(
        f"/api/cases/{other.pk}/stays/",
        {"facility": str(facility.pk), "bed": str(bed(facility, "A1").pk)},
        format="json",
    )
    assert second.status_code == 400 and list(second.json()) == ["bed"]
    assert Stay.objects.count() == 1


def test_refusals(analyst, other_staff, agency_admin, shelter_staff, caseworker, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    assert api(analyst).get("/api/shelters/facilities/").status_code == 403
    assert api(analyst).get(f"/api/shelters/facilities/{facility.pk}/board/").status_code == 404
    outsider = api(other_staff)
    assert outsider.get("/api/shelters/facilities/").json()["count"] == 0
    assert outsider.get(f"/api/shelters/facilities/{facility.pk}/census/").status_code == 404
    assert outsider.get(f"/api/shelters/stays/{stay.pk}/").status_code == 404
    assert (
        outsider.post(f"/api/cases/{case.pk}/stays/", {"facility": str(facility.pk)}, format="json").status_code == 404
    )
    # The administrator keeps the facility: beds and states, never who is in them; no stays to open.
    admin = api(agency_admin)
    tile = next(
        b
        for room in admin.get(f"/api/shelters/facilities/{facility.pk}/board/").json()["rooms"]
        for b in room["beds"]
        if b["stay"]
    )
    assert tile["stay"]["case"] is None and tile["stay"]["person"] is None
    assert admin.get(f"/api/shelters/stays/{stay.pk}/").status_code == 404
    # A facility of another agency cannot be named in an admission.
    foreign_admin_facility = build_facility(
        UserFactory(agency=other_staff.agency, roles=[Role.AGENCY_ADMIN]),
        name="Cơ sở khác",
        rooms=[("X", "mixed", ["X1"])],
    )
    services.stay_discharge(actor=shelter_staff, stay=stay, destination="family", follow_up_plan="x")
    refused = api(caseworker).post(
        f"/api/cases/{case.pk}/stays/", {"facility": str(foreign_admin_facility.pk)}, format="json"
    )
    assert refused.status_code == 400 and "facility" in refused.json()


NASTY = ["\x00", "a\x00b", "'; DROP TABLE shelters_stay; --", "9" * 5000, "-1", "NaN", "\ud800", "2026-02-31", [], {}]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_input_never_causes_a_server_error(value, shelter_staff, supervisor, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=2, reason="Chờ")
    staff, boss = api(shelter_staff), api(supervisor)
    for path in ("board", "census", "figures") if value != "\ud800" else ():  # a query string cannot carry it
        for param in ("on", "start", "end"):
            got = staff.get(f"/api/shelters/facilities/{facility.pk}/{path}/", {param: str(value)})
            assert got.status_code < 500
    calls = [
        (staff, f"/api/cases/{case.pk}/stays/", ["facility", "bed", "admitted_on", "note"]),
        (staff, f"/api/shelters/stays/{stay.pk}/", ["admission_note", "follow_up_plan", "bed"]),
        (staff, f"/api/shelters/stays/{stay.pk}/extensions/", ["days", "reason"]),
        (boss, f"/api/shelters/extensions/{ext.pk}/decision/", ["approve", "note"]),
        (
            staff,
            f"/api/shelters/stays/{stay.pk}/discharge/",
            ["destination", "follow_up_plan", "discharged_on", "destination_province"],
        ),
    ]

    def post(client, url, body):  # json.dumps escapes what the test client's encoder would refuse
        return client.post(url, json.dumps(body), content_type="application/json").status_code

    for client, url, fields in calls:
        for field in fields:
            assert post(client, url, {field: value}) < 500, (url, field)
        assert post(client, url, dict.fromkeys(fields, value)) < 500, url
