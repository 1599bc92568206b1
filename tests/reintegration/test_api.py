"""The reintegration API: plans on a case, support, visits scored from their answers, the trend series, the
indicator set, and self-help groups; the same rules and audit as the pages."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.audit.models import AccessEvent
from safepath.reintegration.models import ReintegrationPlan
from tests.reintegration.conftest import MIXED, MIXED_COMPOSITE

pytestmark = pytest.mark.django_db

NO_ID = "00000000-0000-0000-0000-000000000000"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_plan_from_creation_to_scored_visits(caseworker, case):
    case.opened_on = case.opened_on.replace(year=2025, month=1, day=1)
    case.save(update_fields=["opened_on"])
    c = api(caseworker)
    url = f"/api/cases/{case.pk}/reintegration/"
    made = c.post(
        url,
        {"focus": "May mặc", "start": True, "started_on": "2026-01-31", "followup_months": [1, 6]},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["status"] == "active" and body["indicator_set"] == "safepath-default-2026.1"
    assert [(v["month_offset"], v["due_on"]) for v in body["visits"]] == [(1, "2026-02-28"), (6, "2026-07-31")]
    assert body["weights"] == {
        "indicator_set": "safepath-default-2026.1",
        "source": "safepath",
        "default_weights": True,
        "notice": body["weights"]["notice"],
    }
    assert c.post(url, {}, format="json").status_code == 400  # one open plan per case
    listed = c.get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["focus"] == "May mặc"

    plan_id = body["id"]
    support = c.post(
        f"/api/reintegration/plans/{plan_id}/supports/",
        {"kind": "startup_grant", "amount_vnd": 15000000, "description": "Mua máy may"},
        format="json",
    )
    assert support.status_code == 201 and support.json()["amount_vnd"] == 15000000
    bad_support = c.post(
        f"/api/reintegration/plans/{plan_id}/supports/", {"kind": "job_placement", "amount_vnd": 5}, format="json"
    )
    assert bad_support.status_code == 400 and "amount_vnd" in bad_support.json()
    progress = c.post(
        f"/api/reintegration/supports/{support.json()['id']}/",
        {"status": "completed", "end_on": "2026-03-01"},
        format="json",
    )
    assert progress.status_code == 200 and progress.json()["status"] == "completed"
    assert progress.json()["description"] == "Mua máy may"

    visit_id = body["visits"][0]["id"]
    refused = c.post(f"/api/reintegration/visits/{visit_id}/", {"answers": {"debt": "castle"}}, format="json")
    assert refused.status_code == 400 and "debt" in refused.json()
    recorded = c.post(
        f"/api/reintegration/visits/{visit_id}/",
        {"answers": MIXED, "done_on": "2026-03-02", "method": "phone"},
        format="json",
    )
    assert recorded.status_code == 200, recorded.json()
    visit = recorded.json()
    assert visit["scores"]["composite"] == pytest.approx(MIXED_COMPOSITE, abs=1e-4)
    assert {d["code"]: d["answered"] for d in visit["dimensions"]} == {"economic": 5, "social": 3, "psychosocial": 5}
    assert visit["answers"]["children_education"] == "not_applicable" and visit["weights"]["default_weights"]
    assert c.get(f"/api/reintegration/visits/{visit_id}/").json()["scores"] == visit["scores"]

    series = c.get(f"/api/reintegration/plans/{plan_id}/scores/").json()
    assert series["weights"]["default_weights"] and series["case"]["number"] == case.number
    assert [(p["month_offset"], p["done_on"]) for p in series["series"]] == [(1, "2026-03-02")]
    assert series["series"][0]["composite"] == pytest.approx(MIXED_COMPOSITE, abs=1e-4)

    ended = c.post(f"/api/reintegration/plans/{plan_id}/end/", {"status": "completed"}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "completed"
    assert AccessEvent.objects.filter(object_type="followup_visit", action="view").exists()


def test_a_draft_is_started_by_its_own_call(caseworker, case):
    c = api(caseworker)
    draft = c.post(f"/api/cases/{case.pk}/reintegration/", {"focus": "Trồng rau"}, format="json").json()
    assert draft["status"] == "draft" and draft["visits"] == []
    bad = c.post(f"/api/reintegration/plans/{draft['id']}/start/", {"followup_months": [0]}, format="json")
    assert bad.status_code == 400
    started = c.post(f"/api/reintegration/plans/{draft['id']}/start/", {}, format="json").json()
    assert [v["month_offset"] for v in started["visits"]] == [1, 3, 6, 12]


def test_other_agencies_and_analysts_are_refused(plan, case, outsider, analyst):
    visit = plan.visits.first()
    for user in (outsider, analyst):
        c = api(user)
        assert c.get(f"/api/cases/{case.pk}/reintegration/").status_code == 404
        assert c.post(f"/api/cases/{case.pk}/reintegration/", {}, format="json").status_code == 404
        assert c.get(f"/api/reintegration/plans/{plan.pk}/").status_code == 404
        assert c.get(f"/api/reintegration/plans/{plan.pk}/scores/").status_code == 404
        assert c.post(f"/api/reintegration/visits/{visit.pk}/", {"answers": MIXED}, format="json").status_code == 404
        assert (
            c.post(f"/api/reintegration/plans/{plan.pk}/supports/", {"kind": "loan"}, format="json").status_code == 404
        )
    assert api(analyst).get("/api/reintegration/groups/").status_code == 403
    assert api().get(f"/api/reintegration/plans/{plan.pk}/").status_code in (401, 403)
    assert api(outsider).get("/api/reintegration/plans/not-a-uuid/").status_code == 404
    assert api(outsider).get(f"/api/reintegration/visits/{NO_ID}/").status_code == 404
    visit.refresh_from_db()
    assert visit.done_on is None and ReintegrationPlan.objects.count() == 1


def test_the_indicator_set(analyst):
    body = api(analyst).get("/api/reintegration/indicators/").json()
    assert body["key"] == "safepath-default-2026.1" and body["is_default"] and body["is_current"]
    assert len(body["indicators"]) == 15 and [d["code"] for d in body["dimensions"]] == [
        "economic",
        "social",
        "psychosocial",
    ]
    first = body["indicators"][0]["questions"][0]
    assert first["code"] == "income_sources" and first["options"][-1]["points"] is None
    assert "digest" not in body
    assert api(analyst).get("/api/reintegration/indicators/?set=nothing").json()["key"] == body["key"]


def test_groups_over_the_api(caseworker, plan, person, province, outsider):
    c = api(caseworker)
    made = c.post("/api/reintegration/groups/", {"name": "Nhóm Sen", "province": province.pk}, format="json")
    assert made.status_code == 201
    group_id = made.json()["id"]
    assert c.post("/api/reintegration/groups/", {"name": "X", "province": "zz"}, format="json").status_code == 400
    joined = c.post(
        f"/api/reintegration/groups/{group_id}/members/",
        {"person": str(person.pk), "joined_on": "2026-01-05"},
        format="json",
    )
    assert joined.status_code == 201
    member = joined.json()["members"][0]
    assert member["person"] == {"id": str(person.pk), "display_name": person.full_name}
    met = c.post(
        f"/api/reintegration/groups/{group_id}/meetings/",
        {"held_on": "2026-01-10", "topics": ["savings", "health"], "present": [member["id"]]},
        format="json",
    )
    assert met.status_code == 201
    c.post(f"/api/reintegration/groups/{group_id}/meetings/", {"held_on": "2026-02-10"}, format="json")
    detail = c.get(f"/api/reintegration/groups/{group_id}/").json()
    assert detail["attendance_rate"] == 0.5
    assert [(m["held_on"], m["present"], m["absent"]) for m in detail["meetings"]] == [
        ("2026-02-10", [], [member["id"]]),
        ("2026-01-10", [member["id"]], []),
    ]
    assert detail["members"][0]["present"] == 1 and detail["members"][0]["expected"] == 2
    listed = c.get("/api/reintegration/groups/").json()
    assert listed["count"] == 1 and listed["results"][0]["member_count"] == 1
    assert listed["results"][0]["meeting_count"] == 2
    assert api(outsider).get(f"/api/reintegration/groups/{group_id}/").status_code == 404
    assert api(outsider).get("/api/reintegration/groups/").json()["count"] == 0
