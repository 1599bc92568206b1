"""Nasty input to the feedback pages and endpoints gets a 4xx or a normal page, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from safepath.feedback import services

pytestmark = pytest.mark.django_db
NASTY = ["\x00", "a\x00b", "'; DROP TABLE feedback_feedback; --", "<script>x</script>", "9" * 5000, "%", "-1"]
FIELDS = ["rating_respect", "rating_needs_met", "rating_safe", "rating_information", "rating_recommend", "comment"]


@pytest.mark.parametrize("value", NASTY)
def test_public_pages_survive_nasty_values(client, caseworker, case, value):
    _link, code = services.feedback_link_create(actor=caseworker, case=case)
    assert client.get(reverse("feedback:public_start"), {"code": value, "lang": value}).status_code < 500
    assert (
        client.post(
            reverse("feedback:public", args=[code]), {**dict.fromkeys(FIELDS, value), "lang": value}
        ).status_code
        < 500
    )
    assert client.get(reverse("feedback:public", args=[value.replace("/", "")[:200] or "x"])).status_code < 500


@pytest.mark.parametrize("value", NASTY)
def test_staff_pages_and_api_survive_nasty_values(client, caseworker, supervisor, case, value):
    client.force_login(caseworker)
    form = {**dict.fromkeys(FIELDS, value), "provider": value, "service_type": value, "filled_by": value}
    assert client.post(reverse("feedback:case_form", args=[case.pk]), form).status_code < 500
    assert client.post(reverse("feedback:case_link", args=[case.pk]), form).status_code < 500
    client.force_login(supervisor)
    params = {"from": value, "to": value, "agency": value, "comments": value}
    assert client.get(reverse("feedback:summary"), params).status_code < 500
    api = APIClient()
    assert api.post("/api/feedback/", {"token": value, "comment": value}, format="json").status_code < 500
    api.force_authenticate(caseworker)
    body = {"case": value, "provider": value, "respect": value, "comment": value}
    assert api.post("/api/feedback/", body, format="json").status_code < 500
    body = {"case": str(case.pk), "provider": value, "service_type": value, "safe": 3}
    assert api.post("/api/feedback/", body, format="json").status_code < 500
    api.force_authenticate(supervisor)
    assert api.get("/api/feedback/summary/", {"date_from": value, "agency": value}).status_code < 500
