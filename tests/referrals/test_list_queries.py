"""The referral lists over the API read each row's relations in the list query, not once per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from safepath.referrals import services
from tests.referrals.conftest import give_consent

pytestmark = pytest.mark.django_db


def _queries(user, url, rows):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    client.get(url)  # warm up: the token, the user's roles
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).json()
    listed = body["results"] if isinstance(body, dict) else body
    assert len(listed) == rows
    return len(ctx.captured_queries)


def test_inbox_and_case_referrals_take_the_same_queries_for_3_or_9_rows(
    case, caseworker, centre_provider, centre_worker
):
    give_consent(caseworker, case, agency_=centre_provider.agency)
    counts = {}
    for rows in (3, 9):
        while case.referrals.count() < rows:
            services.referral_create(
                actor=caseworker, case=case, provider=centre_provider, service_type="shelter", fields=["sex"]
            )
        counts[rows] = (
            _queries(centre_worker, "/api/referrals/inbox/?status=all", rows),
            _queries(caseworker, f"/api/cases/{case.pk}/referrals/", rows),
        )
    assert counts[3] == counts[9]
