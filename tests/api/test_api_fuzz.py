"""Schemathesis fuzzes every operation of the committed OpenAPI schema, in-process over WSGI:
whatever it sends, the API answers without a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from safepath.accounts.roles import Role
from tests.factories import UserFactory
from tests.helpers import register

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
schema = schemathesis.openapi.from_path(str(SCHEMA_PATH))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(db):
    from rest_framework.authtoken.models import Token

    user = UserFactory(roles=[Role.CASEWORKER])
    register(user)
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_causes_a_server_error(case, api_token):
    response = case.call(headers={"Authorization": f"Token {api_token}"})
    case.validate_response(response, checks=[not_a_server_error])
