"""Nasty input to the licence-list pages, files and endpoints: a 4xx or a normal page, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from safepath.recruiters import selectors
from tests.recruiters.conftest import csv_bytes

pytestmark = pytest.mark.django_db
NASTY = [
    "\x00",
    "a\x00b",
    "'; DROP TABLE recruiters_enterprise; --",
    "<script>alert(1)</script>",
    "9" * 5000,
    "%",
    "\\",
    "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "\u202e\u0301\u0300",
    "cty " * 200,
    "-1",
]


@pytest.mark.parametrize("value", NASTY)
def test_pages_survive_nasty_values(client, outreach, small_list, value):
    client.force_login(outreach)
    params = {"q": value, "status": value, "page": value}
    assert client.get(reverse("recruiters:enterprise_list"), params).status_code == 200
    form = {
        "data_date": value,
        "source": value,
        "file": SimpleUploadedFile(value[:50] or "x", value.encode("utf-8", "surrogatepass")),
    }
    assert client.post(reverse("recruiters:import_new"), form).status_code == 400
    assert client.get(f"/recruiters/imports/{value[:100]}/").status_code == 404


@pytest.mark.parametrize("value", NASTY)
def test_the_api_survives_nasty_values(outreach, small_list, value):
    api = APIClient()
    api.force_authenticate(outreach)
    assert api.get("/api/recruiters/check/", {"name": value}).status_code < 500
    assert api.get("/api/recruiters/enterprises/", {"q": value, "status": value, "page": value}).status_code < 500


def test_query_strings_that_are_not_utf8(client, outreach, small_list):
    client.force_login(outreach)
    for query in ["q=%ED%A0%80&page=%FF", "q=%FF%FE&status=%00", "name=%ED%A0%80"]:
        assert client.get(reverse("recruiters:enterprise_list"), QUERY_STRING=query).status_code == 200
        api = APIClient()
        api.force_authenticate(outreach)
        assert api.get("/api/recruiters/check/", QUERY_STRING=query).status_code < 500
        assert api.get("/api/recruiters/enterprises/", QUERY_STRING=query).status_code < 500


@pytest.mark.parametrize("value", [*NASTY, "\ud800", "a\ud800b"])
def test_the_public_functions_survive_nasty_values(small_list, value):
    assert isinstance(selectors.enterprise_check(value).matches, list)
    assert isinstance(selectors.enterprise_check_text(value * 3), list)


@pytest.mark.parametrize("value", NASTY)
def test_nasty_cells_in_a_file_are_rejected_or_kept_as_text(
    client, outreach, value, django_capture_on_commit_callbacks
):
    content = csv_bytes([(value, value, value, value, value, value, value), ("Công ty A", "", "1/GP", "", "", "", "")])
    client.force_login(outreach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruiters:import_new"),
            {"file": SimpleUploadedFile("x.csv", content), "data_date": "01/09/2025"},
        )
    assert response.status_code == 302
    report = client.get(response["Location"])
    assert report.status_code == 200
    assert client.get(response["Location"] + "rejected.csv").status_code == 200
