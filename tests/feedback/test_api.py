"""The feedback API: an answer on a code (no login, works once) or from a case; the de-identified summary."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.feedback import services
from safepath.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_an_answer_on_a_code_needs_no_login_and_works_once(caseworker, case):
    _link, code = services.feedback_link_create(actor=caseworker, case=case, service_type="medical")
    body = {"token": services.format_code(code), "respect": 5, "safe": None, "comment": "Tốt"}
    first = api().post("/api/feedback/", body, format="json")
    assert first.status_code == 201, first.json()
    assert first.json() == {"given_on": timezone.localdate().isoformat(), "anonymous": True}
    assert api().post("/api/feedback/", body, format="json").status_code == 404
    assert api().post("/api/feedback/", {**body, "token": "AAAAAAAAAA"}, format="json").status_code == 404
    fb = Feedback.objects.get()
    assert fb.service_type == "medical" and fb.case_id is None


def test_an_answer_from_a_case(caseworker, case, other_supervisor):
    assert api().post("/api/feedback/", {"case": str(case.pk), "safe": 4}, format="json").status_code in (401, 403)
    assert (
        api(other_supervisor).post("/api/feedback/", {"case": str(case.pk), "safe": 4}, format="json").status_code
        == 404
    )
    signed = api(caseworker).post(
        "/api/feedback/",
        {"case": str(case.pk), "safe": 4, "anonymous": False, "filled_by": "person_with_worker"},
        format="json",
    )
    assert signed.status_code == 201 and signed.json()["anonymous"] is False
    assert Feedback.objects.get().case_id == case.pk
    assert (
        api(caseworker).post("/api/feedback/", {"case": str(case.pk)}, format="json").status_code == 400
    )  # nothing said
    both = api(caseworker).post("/api/feedback/", {"case": str(case.pk), "token": "X", "safe": 1}, format="json")
    assert both.status_code == 400
    assert api(caseworker).post("/api/feedback/", {"case": str(case.pk), "safe": 6}, format="json").status_code == 400


def test_summary(analyst, caseworker, agency):
    Feedback.objects.bulk_create(
        [
            Feedback(
                agency=agency, service_type="shelter", given_on=timezone.localdate(), rating_safe=4, comment="bí mật"
            )
            for _ in range(5)
        ]
        + [
            Feedback(agency=agency, service_type="legal_aid", given_on=timezone.localdate(), rating_safe=1)
            for _ in range(2)
        ]
    )
    response = api(analyst).get("/api/feedback/summary/", {"agency": str(agency.pk)})
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["count"] == 7 and data["min_cell"] == 5
    rows = {r["key"]: r for r in data["by_service"]}
    assert rows["legal_aid"]["suppressed"] and rows["legal_aid"]["count"] is None
    assert rows["legal_aid"]["means"]["safe"] is None
    assert "bí mật" not in response.content.decode()
    assert api(caseworker).get("/api/feedback/summary/").status_code == 403
    assert api(analyst).get("/api/feedback/summary/", {"date_from": "nonsense"}).status_code == 400
