"""The outreach API: events (list, detail, create, change), the register and materials handed out, the
materials catalogue and stock movements; the same rules as the pages, 400 for bad input."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.audit.models import AccessEvent
from safepath.outreach.models import Event, MaterialStock, StockMovement

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


BODY = {
    "kind": "training_ngo",
    "title": "Tập huấn cho tổ chức xã hội",
    "start_date": "2025-04-10",
    "end_date": "2025-04-11",
    "province": "40",
    "counts": {"female": {"25_34": 12, "35_49": 6}, "male": {"25_34": 4}},
}


def test_create_list_and_read_an_event(officer, counsellor):
    created = api(officer).post("/api/outreach/events/", BODY, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["participant_total"] == 22 and body["counts"]["female"]["25_34"] == 12
    assert body["counts"]["other"] == {"u18": 0, "18_24": 0, "25_34": 0, "35_49": 0, "50p": 0}
    assert body["scores"]["registered"] == 0 and body["participants"] == []
    listing = api(counsellor).get("/api/outreach/events/", {"kind": "training_ngo"}).json()
    assert listing["count"] == 1 and listing["results"][0]["participant_total"] == 22
    assert listing["results"][0]["province"] == {"code": "40", "name": "Nghệ An"}
    assert api(counsellor).get("/api/outreach/events/", {"date_from": "2025-05-01"}).json()["count"] == 0


def test_bad_events_are_400_and_nothing_is_saved(officer):
    for change in (
        {"counts": {"female": {"25_34": -1}}},
        {"counts": {"female": {"teen": 3}}},
        {"counts": {"alien": {"25_34": 3}}},
        {"counts": [1, 2]},
        {"end_date": "2025-04-01"},
        {"province": "99"},
        {"kind": "party"},
        {"partners": ["00000000-0000-0000-0000-000000000000"]},
    ):
        response = api(officer).post("/api/outreach/events/", {**BODY, **change}, format="json")
        assert response.status_code == 400, (change, response.content[:200])
    assert not Event.objects.exists()


def test_register_names_only_for_officers_and_supervisors(officer, counsellor, supervisor, other_officer, analyst):
    event_id = (
        api(officer).post("/api/outreach/events/", {**BODY, "counts_from_register": True}, format="json").json()["id"]
    )
    url = f"/api/outreach/events/{event_id}/participants/"
    added = api(officer).post(
        url, {"name": "Nguyễn Thị Hạnh", "age_group": "25_34", "pre_score": 40, "post_score": 70}, format="json"
    )
    assert added.status_code == 201
    body = added.json()
    assert body["participants"][0]["name"] == "Nguyễn Thị Hạnh" and body["participant_total"] == 1
    assert body["scores"]["average_gain"] == 30.0
    assert (
        api(officer).post(url, {"name": "X", "age_group": "25_34", "pre_score": 101}, format="json").status_code == 400
    )
    assert api(counsellor).post(url, {"name": "X", "age_group": "25_34"}, format="json").status_code == 403
    as_counsellor = api(counsellor).get(f"/api/outreach/events/{event_id}/").json()
    assert as_counsellor["participants"] is None and as_counsellor["scores"]["registered"] == 1
    before = AccessEvent.objects.filter(purpose="participants_api").count()
    assert api(supervisor).get(f"/api/outreach/events/{event_id}/").json()["participants"][0]["name"]
    assert AccessEvent.objects.filter(purpose="participants_api").count() == before + 1
    assert api(other_officer).get(f"/api/outreach/events/{event_id}/").status_code == 404
    assert api(analyst).get(f"/api/outreach/events/{event_id}/").status_code == 404
    assert api(analyst).get("/api/outreach/events/").status_code == 403
    assert api().get("/api/outreach/events/").status_code in (401, 403)


def test_change_an_event(officer, other_officer):
    event_id = api(officer).post("/api/outreach/events/", BODY, format="json").json()["id"]
    url = f"/api/outreach/events/{event_id}/"
    changed = api(officer).patch(url, {"venue": "Hội trường xã", "counts": {"male": {"50p": 2}}}, format="json")
    assert changed.status_code == 200 and changed.json()["participant_total"] == 2
    assert changed.json()["title"] == BODY["title"]
    assert api(officer).patch(url, {"end_date": "2020-01-01"}, format="json").status_code == 400
    assert api(other_officer).patch(url, {"venue": "x"}, format="json").status_code == 404


def test_materials_stock_and_hand_out(officer, other_officer, stocked, event):
    listing = api(officer).get("/api/outreach/materials/", {"language": "ja"}).json()
    assert listing["count"] == 1 and listing["results"][0]["stock"] == 100
    assert api(other_officer).get("/api/outreach/materials/").json()["results"][0]["stock"] == 0
    url = f"/api/outreach/materials/{stocked.pk}/movements/"
    moved = api(officer).post(url, {"kind": "handed_out", "quantity": 20, "province": "38"}, format="json")
    assert moved.status_code == 201 and moved.json()["quantity"] == -20
    assert api(officer).post(url, {"kind": "handed_out", "quantity": 81}, format="json").status_code == 400
    assert api(officer).post(url, {"kind": "event", "quantity": 1}, format="json").status_code == 400
    movements = api(officer).get(url).json()
    assert movements["stock"] == 80 and len(movements["results"]) == 2
    hand_out = f"/api/outreach/events/{event.pk}/materials/"
    too_many = api(officer).post(
        hand_out,
        {"items": [{"material": str(stocked.pk), "quantity": 50}, {"material": str(stocked.pk), "quantity": 31}]},
        format="json",
    )
    assert too_many.status_code == 400 and "quantity_0" in too_many.json()
    assert MaterialStock.objects.get(material=stocked).quantity == 80
    assert not StockMovement.objects.filter(event=event).exists()
    ok = api(officer).post(hand_out, {"items": [{"material": str(stocked.pk), "quantity": 30}]}, format="json")
    assert ok.status_code == 201 and ok.json()["materials"][0]["quantity"] == 30
    assert api(other_officer).post(hand_out, {"items": []}, format="json").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        '{"kind": "\\ud800", "title": "A"}',
        '{"title": "A\\u0000", "kind": "policy_dialogue", "start_date": "2025-01-01", "province": "01"}',
        "[1, 2, 3]",
        '"text"',
        '{"counts": {"female": "many"}}',
        '{"counts": {"female": {"u18": 1e999}}}',
        '{"partners": "abc"}',
    ],
)
def test_api_survives_nasty_json(officer, event, body):
    for method, url in (("post", "/api/outreach/events/"), ("patch", f"/api/outreach/events/{event.pk}/")):
        response = getattr(api(officer), method)(url, body, content_type="application/json")
        assert response.status_code == 400, (method, body, response.content[:300])


@pytest.mark.parametrize("value", ["\x00", "-1", "abc", "9" * 500, "2025-13-45"])
def test_api_query_strings(officer, value):
    response = api(officer).get(
        "/api/outreach/events/", {"kind": value, "province": value, "date_from": value, "page": value}
    )
    assert response.status_code in (200, 400)
    assert api(officer).get("/api/outreach/materials/", {"kind": value, "q": value}).status_code in (200, 400)
    assert api(officer).get(f"/api/outreach/events/{value}/").status_code == 404


def test_an_event_s_detail_reads_its_grid_once(officer, training):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert api(officer).get(f"/api/outreach/events/{training.pk}/").status_code == 200
    grid_reads = [q for q in ctx.captured_queries if 'FROM "outreach_participantcount"' in q["sql"]]
    assert len(grid_reads) == 1
