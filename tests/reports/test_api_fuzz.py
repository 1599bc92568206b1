"""Schemathesis fuzzes the reports API as an analyst (who may read it: the project-wide fuzz test signs in
as a caseworker, who is refused): whatever the query, no server error, and every answer fits the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from safepath.accounts.roles import Role
from tests.factories import AgencyFactory, UserFactory
from tests.reports.test_ctdc import make_case

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
schema = schemathesis.openapi.from_path(str(SCHEMA_PATH)).include(path_regex="^/api/reports/")
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_token(db):
    from rest_framework.authtoken.models import Token

    agency = AgencyFactory(code="HN-MRC")
    for sex in ("female", "male", "female"):
        make_case(agency, sex=sex)
    user = UserFactory(agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST])
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_query_causes_a_server_error(case, analyst_token):
    response = case.call(headers={"Authorization": f"Token {analyst_token}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
