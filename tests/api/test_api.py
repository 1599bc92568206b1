from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db


def token_for(username, password="correct horse battery"):
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": username, "password": password}, format="json")
    return response


def authed(user):
    client = APIClient()
    token = token_for(user.username).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_token_login_and_use():
    user = UserFactory()
    register(user)
    response = token_for(user.username)
    assert response.status_code == 200 and len(response.json()["token"]) >= 40
    data = authed(user).get("/api/persons/").json()
    assert data["count"] == 1 and data["results"][0]["full_name"] == "Nguyễn Thị Hương"
    assert data["results"][0]["phone"] == "+84912345678"


@pytest.mark.parametrize(
    "body", [{}, {"username": "x"}, {"username": "nobody", "password": "wrong"}, {"username": ["a"], "password": 1}]
)
def test_bad_token_requests_are_400(body):
    user = UserFactory()
    response = APIClient().post(
        "/api/auth/token/", body | ({"username": user.username} if body == {"username": "x"} else {}), format="json"
    )
    assert response.status_code == 400


def test_unauthenticated_requests_are_refused():
    assert APIClient().get("/api/persons/").status_code in (401, 403)


def test_other_agency_gets_404_on_the_api():
    person = register(UserFactory())
    client = authed(UserFactory())
    assert client.get(f"/api/persons/{person.pk}/").status_code == 404
    assert client.patch(f"/api/persons/{person.pk}/", {"given_name": "X"}, format="json").status_code == 404
    assert client.get("/api/persons/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/persons/garbage/").status_code == 404


def test_detail_is_audited_as_api():
    user = UserFactory()
    person = register(user)
    authed(user).get(f"/api/persons/{person.pk}/")
    event = AccessEvent.objects.filter(action="view").latest("seq")
    assert event.channel == "api" and event.object_ids == [str(person.pk)]


def test_create_and_patch():
    user = UserFactory()
    client = authed(user)
    created = client.post(
        "/api/persons/",
        {
            "family_name": "Lò",
            "middle_name": "Văn",
            "given_name": "Ún",
            "sex": "male",
            "birth_date": "03/1995",
            "phone": "+84 86 123 4567",
            "languages": ["vi"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["birth_date"] == "1995-03" and body["birth_date_precision"] == "month"
    patched = client.patch(f"/api/persons/{body['id']}/", {"given_name": "Ủn"}, format="json")
    assert patched.status_code == 200 and patched.json()["full_name"] == "Lò Văn Ủn"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"family_name": "A"},
        {"family_name": "A", "given_name": "B", "phone": "xyz"},
        {"family_name": "A", "given_name": "B", "birth_date": "2099"},
        {"family_name": "A", "given_name": "B", "origin_province": "zz"},
        {"family_name": "A", "given_name": "B", "origin_ward": "zz"},
        {"family_name": "A", "given_name": "B", "aliases": "not a list"},
        {"family_name": "A", "given_name": "B", "sex": "x"},
        {"family_name": ["A"], "given_name": {"x": 1}},
    ],
)
def test_bad_person_input_is_400_with_field_errors(body):
    response = authed(UserFactory()).post("/api/persons/", body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()


def test_non_json_body_is_400():
    client = authed(UserFactory())
    response = client.generic("POST", "/api/persons/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_analyst_cannot_list_persons():
    client = authed(UserFactory(roles=[Role.ANALYST]))
    assert client.get("/api/persons/").status_code == 403


def test_schema_and_docs():
    client = APIClient()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/persons/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_healthz():
    response = APIClient().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_token_issue_is_audited_and_tokens_expire(settings):
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    client = authed(user)
    assert AccessEvent.objects.filter(action="login", actor=user, channel="api").exists()
    assert client.get("/api/persons/").status_code == 200
    Token.objects.filter(user=user).update(
        created=timezone.now() - timedelta(hours=settings.SAFEPATH_API_TOKEN_HOURS + 1)
    )
    assert client.get("/api/persons/").status_code in (401, 403)
    fresh = authed(user)  # asking again gives a new, working token
    assert fresh.get("/api/persons/").status_code == 200


def test_token_refused_when_the_role_requires_two_factor_not_set_up(settings):
    settings.SAFEPATH_MFA_REQUIRED_ROLES = ["caseworker"]
    user = UserFactory(roles=[Role.CASEWORKER])
    response = token_for(user.username)
    assert response.status_code == 400 and "two-factor" in response.json()["detail"]


def test_token_requires_a_valid_totp_code_when_set_up():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert token_for(user.username).status_code == 400
    assert AccessEvent.objects.filter(action="login_failed").exists()
    import time

    import time_machine
    from allauth.mfa import app_settings

    # Frozen clock: a code computed just before a 30-second boundary must not expire on the way.
    with time_machine.travel(time.time(), tick=False):
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        code = format(hotp_value(secret, counter), f"0{app_settings.TOTP_DIGITS}d")
        response = APIClient().post(
            "/api/auth/token/",
            {"username": user.username, "password": "correct horse battery", "code": code},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert Authenticator.objects.filter(user=user).exists()


def test_api_lockout_after_repeated_failures():
    user = UserFactory()
    for _ in range(5):
        token_for(user.username, password="wrong")
    assert token_for(user.username).status_code in (400, 403, 429)
    assert token_for(user.username).status_code != 200


def test_huge_or_negative_paging_is_not_a_server_error():
    user = UserFactory(roles=[Role.CASEWORKER])
    register(user)
    client = authed(user)
    for params in ({"offset": str(10**21)}, {"offset": "-5", "limit": "-1"}, {"limit": str(10**30)}):
        response = client.get("/api/persons/", params)
        assert response.status_code == 200, params
