"""The reports API: the indicator list, and an indicator's published figures for the requesting user,
checked against `compute` on the hand-counted fixture of test_exports.py; 400s that say what is wrong,
403 without `reports.view_aggregates` or for an agency outside the user's scope."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.reports import indicators
from safepath.reports.compute import Filters, compute
from safepath.reports.periods import Period
from tests.reports.test_exports import PERIOD, YEAR, build_world

pytestmark = pytest.mark.django_db

URL = "/api/reports/indicators/"


@pytest.fixture
def world(db):
    return build_world()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _cells(body):
    return {tuple(c["key"].values()): (c["value"], c["hidden"]) for c in body["cells"]}


def test_the_indicator_list(world):
    response = api(world["analyst"]).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(indicators.load().indicators)
    row = next(r for r in body["results"] if r["code"] == "MRC-03")
    assert row["name"] == {"vi": "Hồ sơ mới", "en": "New cases"}
    assert row["unit"] == "count" and row["programmes"] == ["MRC"] and row["dhis2"] == "SPmrc0003CS"
    assert "province" in row["disaggregations"] and row["suppress"] is True
    ct = next(r for r in body["results"] if r["targets"])
    assert set(ct["targets"][0]) == {"programme", "value", "verified", "source"}


def test_only_users_who_see_aggregates(world):
    assert api(world["caseworker"]).get(URL).status_code == 403
    assert api(world["caseworker"]).get(URL + "MRC-03/", {"period": PERIOD}).status_code == 403
    assert api(world["caseworker"]).get(URL + "XX-99/").status_code == 403
    assert api().get(URL).status_code in (401, 403)
    assert api(world["supervisor"]).get(URL).status_code == 200
    assert api(world["analyst"]).post(URL, {}, format="json").status_code == 405


def test_a_supervisor_sees_their_agency_exactly_as_compute(world):
    response = api(world["supervisor"]).get(URL + "MRC-03/", {"period": PERIOD, "by": "province"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["suppressed"] is False and body["threshold"] is None
    assert _cells(body) == {("01",): (12.0, False), ("15",): (3.0, False)}
    assert body["total"] == {"value": 15.0, "numerator": 15.0, "denominator": None, "hidden": False}
    expected = compute(
        indicators.get("MRC-03"),
        period=Period.parse(PERIOD),
        filters=Filters(agencies=frozenset({str(world["hn"].pk)})),
        by=("province",),
    )
    assert {k: c.value for k, c in expected.cells.items()} == {k: v for k, (v, _) in _cells(body).items()}
    assert body["period"] == {
        "code": PERIOD,
        "kind": "month",
        "start": f"{YEAR}-10-01",
        "end": f"{YEAR}-10-31",
        "label": body["period"]["label"],
    }
    assert body["cells"][0]["labels"]["province"]


def test_an_analyst_gets_hidden_cells_as_null(world):
    body = api(world["analyst"]).get(URL + "MRC-03/", {"period": PERIOD, "by": "province"}).json()
    assert body["suppressed"] is True and body["threshold"] == 10
    assert _cells(body) == {("01",): (15.0, False), ("15",): (None, True), ("22",): (None, True)}
    hidden = next(c for c in body["cells"] if c["hidden"])
    assert hidden["numerator"] is None and hidden["denominator"] is None
    assert body["total"]["value"] == 31.0
    expected = compute(indicators.get("MRC-03"), period=Period.parse(PERIOD), by=("province",))
    for key, (value, was_hidden) in _cells(body).items():
        if not was_hidden:
            assert value == expected.cells[key].value
    by_agency = api(world["analyst"]).get(URL + "MRC-03/", {"period": PERIOD, "by": "agency"}).json()
    values = {c["labels"]["agency"]: c["value"] for c in by_agency["cells"]}
    assert values == {"HN-MRC": 15.0, "LC-RC": None, "QN-MRC": None}


def test_filters_and_breakdowns(world):
    client = api(world["analyst"])
    body = client.get(URL + "MRC-03/", {"period": PERIOD, "agency": "lc-rc", "by": "sex"}).json()
    assert body["filters"]["agency"] == "LC-RC" and body["total"]["value"] == 13.0
    assert _cells(body) == {("female",): (None, True), ("male",): (None, True)}
    body = client.get(URL + "MRC-03/", {"period": PERIOD, "province": "01"}).json()
    assert body["total"]["value"] == 15.0 and body["cells"] == []
    body = client.get(URL + "MRC-03/", {"period": str(YEAR), "by": "month"}).json()
    # September's one case is hidden, so October's 31 must be too (the year's total, 32, would give it away).
    assert _cells(body)[(f"{YEAR}-09",)] == (None, True) and _cells(body)[(f"{YEAR}-10",)] == (None, True)
    # And October's own figure shows 31, so the year's total (32) would give September away with it:
    # the total is hidden as September's own figure is (protected consistently with the months).
    assert body["total"]["hidden"] and len(body["cells"]) == 12
    october = client.get(URL + "MRC-03/", {"period": f"10/{YEAR}"}).json()
    assert october["total"]["value"] == 31.0
    body = client.get(URL + "MRC-03/", {"period": PERIOD, "by": "province, sex"}).json()
    assert body["by"] == ["province", "sex"] and len(body["cells"]) == 6
    assert client.get(URL + "MRC-03/").status_code == 200  # the last full month


def test_an_agency_outside_the_scope_is_403(world):
    response = api(world["supervisor"]).get(URL + "MRC-03/", {"period": PERIOD, "agency": "LC-RC"})
    assert response.status_code == 403


def test_bad_questions_are_400_with_a_message(world):
    client = api(world["analyst"])
    for params, field in (
        ({"period": "13/2026"}, "period"),
        ({"period": "abc"}, "period"),
        ({"period": "\x00"}, "period"),
        ({"period": PERIOD, "by": "shoe_size"}, "by"),
        ({"period": PERIOD, "by": "province,sex,agency"}, "by"),
        ({"period": PERIOD, "by": "topic"}, "by"),
        ({"period": PERIOD, "agency": "NOPE"}, "agency"),
        ({"period": PERIOD, "province": "99"}, "province"),
        ({"period": PERIOD, "legacy_province": "999"}, "legacy_province"),
        ({"period": "9" * 100}, "period"),
    ):
        response = client.get(URL + "MRC-03/", params)
        assert response.status_code == 400, (params, response.content[:300])
        assert field in response.json(), (params, response.json())
    assert client.get(URL + "MRC-04/", {"period": PERIOD, "by": "month"}).status_code == 400  # a caseload
    assert client.get(URL + "XX-99/").status_code == 404


def test_days_that_are_not_whole_months_only_for_exact_figures(world):
    days = {"period": f"01/10/{YEAR}-15/10/{YEAR}"}
    response = api(world["analyst"]).get(URL + "MRC-03/", days)
    assert response.status_code == 400
    assert f"01/10/{YEAR}-31/10/{YEAR}" in response.json()["period"][0]  # says which whole months to ask
    assert api(world["analyst"]).get(URL + "MRC-03/", {"period": f"01/09/{YEAR}-31/10/{YEAR}"}).status_code == 200
    # a supervisor sees the agency's exact figures: any days will do
    assert api(world["supervisor"]).get(URL + "MRC-03/", days).status_code == 200
