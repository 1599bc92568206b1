"""The licence list over the API: staff only, the list in force with its date, search, the check of one name."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.recruiters.conftest import DATA_DATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(caseworker):
    client = APIClient()
    client.force_authenticate(caseworker)
    return client


def test_the_api_needs_a_staff_login(small_list):
    client = APIClient()
    assert client.get("/api/recruiters/enterprises/").status_code in (401, 403)
    assert client.get("/api/recruiters/check/", {"name": "Sao Mai"}).status_code in (401, 403)


def test_the_list_in_force_by_name_and_by_search(api, sample_list):
    body = api.get("/api/recruiters/enterprises/").json()
    assert (body["data_date"], body["count"], body["num_pages"], len(body["results"])) == (
        DATA_DATE.isoformat(),
        60,
        2,
        50,
    )
    first = body["results"][0]
    assert set(first) == {
        "name", "short_name", "licence_number", "licence_date", "status", "status_label", "address", "phone",
        "score", "matched_on", "similar",
    }  # fmt: skip
    assert first["score"] is None and first["similar"] is False
    names = [r["name"] for r in body["results"]]
    assert names == sorted(names, key=lambda n: __import__("safepath.recruiters.matching").recruiters.matching.fold(n))
    found = api.get("/api/recruiters/enterprises/", {"q": "cty cp nhan luc quoc te sao mai"}).json()
    assert found["results"][0]["licence_number"] == "416/LĐTBXH-GP" and found["results"][0]["score"] == 1.0
    revoked = api.get("/api/recruiters/enterprises/", {"status": "revoked"}).json()
    assert revoked["count"] == 4 and {r["status"] for r in revoked["results"]} == {"revoked"}
    assert api.get("/api/recruiters/enterprises/", {"page": 99}).json()["page"] == 2


def test_the_check_of_one_name(api, sample_list):
    body = api.get("/api/recruiters/check/", {"name": "Cty CP XKLĐ Hải Đăng Việt"}).json()
    assert body["found"] is True and body["data_date"] == DATA_DATE.isoformat()
    assert body["source"].startswith("DOLAB")
    assert [m["licence_number"] for m in body["matches"]] == ["149/LĐTBXH-GP"]
    missing = api.get("/api/recruiters/check/", {"name": "Công ty TNHH Nhân lực Hoàng Long"}).json()
    assert missing["found"] is False and missing["matches"] == []
    near = api.get("/api/recruiters/check/", {"name": "cong ty tnhh hoang gia"}).json()
    assert near["found"] is False and near["similar"][0]["name"].endswith("Hoàng Gia Phát")


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/recruiters/check/", {}),
        ("/api/recruiters/check/", {"name": ""}),
        ("/api/recruiters/check/", {"name": "x" * 301}),
        ("/api/recruiters/check/", {"name": "a\x00b"}),
        ("/api/recruiters/check/", {"name": "Sao Mai", "limit": "0"}),
        ("/api/recruiters/enterprises/", {"status": "closed"}),
        ("/api/recruiters/enterprises/", {"page": "-1"}),
        ("/api/recruiters/enterprises/", {"q": "a\x00b"}),
    ],
)
def test_bad_queries_answer_400(api, small_list, url, params):
    assert api.get(url, params).status_code == 400


def test_without_a_list(api):
    body = api.get("/api/recruiters/check/", {"name": "Sao Mai"}).json()
    assert (body["found"], body["data_date"], body["source"]) == (False, None, "")
    assert api.get("/api/recruiters/enterprises/").json()["count"] == 0
