"""The directory API: search with the same filters as the page, read an entry, add and change for keepers."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.directory import services
from safepath.directory.models import ServiceProvider

pytestmark = pytest.mark.django_db
NO_ID = "00000000-0000-0000-0000-000000000000"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def shelter(db):
    return services.provider_create(
        actor=None,
        data={"name_vi": "Ngôi nhà Bình yên", "kind": "mass_org", "province_id": "01"},
        services=[{"service_type": "shelter", "nationwide": True, "sexes": ["female"], "min_age": 16}],
    )


def test_search_filters_and_pages(caseworker, shelter):
    client = api(caseworker)
    body = client.get(
        "/api/directory/providers/", {"service_type": "shelter", "province": "15", "q": "binh yen"}
    ).json()
    assert body["count"] == 1 and body["results"][0]["name_vi"] == "Ngôi nhà Bình yên"
    assert body["results"][0]["in_safepath"] is False
    assert body["results"][0]["services"][0]["nationwide"] is True
    assert client.get("/api/directory/providers/", {"sex": "male", "service_type": "shelter"}).json()["count"] == 0
    assert client.get("/api/directory/providers/", {"age": 12}).json()["count"] == 0
    assert client.get("/api/directory/providers/", {"age": "old"}).status_code == 400
    assert client.get("/api/directory/providers/", {"service_type": "rescue"}).status_code == 400


def test_read_one(caseworker, shelter):
    client = api(caseworker)
    assert client.get(f"/api/directory/providers/{shelter.pk}/").json()["services"][0]["min_age"] == 16
    assert client.get(f"/api/directory/providers/{NO_ID}/").status_code == 404
    assert client.get("/api/directory/providers/nonsense/").status_code == 404
    assert api().get("/api/directory/providers/").status_code in (401, 403)


def test_keepers_add_and_change(agency_admin, other_admin, caseworker):
    created = api(agency_admin).post(
        "/api/directory/providers/",
        {
            "name_vi": "Trung tâm Dịch vụ việc làm Hà Nội",
            "kind": "employer",
            "province_id": "01",
            "services": [{"service_type": "vocational_employment", "province_ids": ["01"], "min_age": 15}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["keeper_agency"] == str(agency_admin.agency_id)
    patched = api(agency_admin).patch(f"/api/directory/providers/{pk}/", {"hours": "8:00-17:00"}, format="json")
    assert patched.status_code == 200 and patched.json()["hours"] == "8:00-17:00"
    assert len(patched.json()["services"]) == 1  # services untouched when not sent
    replaced = api(agency_admin).patch(
        f"/api/directory/providers/{pk}/",
        {
            "services": [
                {"service_type": "livelihood", "nationwide": True},
                {"service_type": "loan", "nationwide": True},
            ]
        },
        format="json",
    )
    assert sorted(s["service_type"] for s in replaced.json()["services"]) == ["livelihood", "loan"]
    # Another agency's administrator, and staff who keep nothing, are refused.
    assert api(other_admin).patch(f"/api/directory/providers/{pk}/", {"hours": "x"}, format="json").status_code == 403
    assert (
        api(caseworker).post("/api/directory/providers/", {"name_vi": "X", "kind": "ngo"}, format="json").status_code
        == 403
    )
    assert ServiceProvider.objects.get(pk=pk).hours == "8:00-17:00"
    bad = api(agency_admin).patch(
        f"/api/directory/providers/{pk}/", {"services": [{"service_type": "loan"}]}, format="json"
    )
    assert bad.status_code == 400 and "services.0.province_ids" in bad.json()
