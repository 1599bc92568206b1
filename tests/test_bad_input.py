"""Nasty input to every page and endpoint gets a 4xx with a message (or a normal page), never a 500."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db

NASTY = [
    "\x00",
    "a\x00b",
    "'; DROP TABLE people_person; --",
    "<script>alert(1)</script>",
    "9" * 5000,
    "%",
    "\\",
    "../../etc/passwd",
    "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "\u202e",
    "NaN",
    "-1",
    "0x10",
]


@pytest.fixture
def admin_and_worker(client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.CASEWORKER])
    client.force_login(admin)
    return admin


GET_PAGES = [
    ("people:list", ["q", "page"]),
    ("audit:list", ["username", "action", "object_type", "object_id", "date_from", "date_to", "page"]),
    ("places:ward_options", ["province", "origin_province", "selected"]),
    ("accounts:user_list", ["page"]),
    ("web:home", ["x"]),
]


@pytest.mark.parametrize(("name", "params"), GET_PAGES)
@pytest.mark.parametrize("value", NASTY)
def test_get_pages_survive_nasty_query_strings(client, admin_and_worker, name, params, value):
    response = client.get(reverse(name), dict.fromkeys(params, value))
    assert response.status_code < 500


@pytest.mark.parametrize("value", NASTY)
def test_person_form_survives_nasty_values(client, admin_and_worker, value):
    fields = [
        "family_name",
        "middle_name",
        "given_name",
        "aliases",
        "sex",
        "birth_date",
        "ethnicity",
        "origin_province",
        "origin_ward",
        "origin_legacy_province",
        "address",
        "phone",
        "email",
        "id_number",
        "languages",
    ]
    response = client.post(reverse("people:create"), dict.fromkeys(fields, value))
    assert response.status_code == 400


@pytest.mark.parametrize("value", NASTY)
def test_user_and_agency_forms_survive_nasty_values(client, admin_and_worker, value):
    for name in ("accounts:user_create", "accounts:agency_create"):
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "agency",
            "roles",
            "password1",
            "password2",
            "code",
            "name_vi",
            "name_en",
            "type",
            "province",
        ]
        response = client.post(reverse(name), dict.fromkeys(fields, value))
        assert response.status_code == 400, name


@pytest.mark.parametrize("path_value", ["\x00", "x" * 300, "..", "%00", "00000000-0000-0000-0000-00000000000g"])
def test_detail_urls_with_garbage_ids_are_404(client, admin_and_worker, path_value):
    for name in ("people:detail", "people:edit", "accounts:user_edit", "accounts:agency_edit", "web:job"):
        url = reverse(name, args=["placeholder"]).replace("placeholder", path_value)
        assert client.get(url).status_code in (400, 404), (name, path_value)


@pytest.mark.parametrize(
    "body",
    [
        '{"family_name": "\\ud800", "given_name": "A"}',
        '{"family_name": "A\\u0000", "given_name": "B"}',
        '{"family_name": "A", "given_name": "B", "languages": [1, 2, {"x": 1}]}',
        '{"family_name": "A", "given_name": "B", "aliases": ["\\ud83d"]}',
        "[1, 2, 3]",
        '"just a string"',
        '{"family_name": "A", "given_name": "B", "ethnicity": "\\u0000"}',
        '{"family_name": "A", "given_name": "B", "origin_ward": "\\u0000"}',
        '{"family_name": 1e999, "given_name": true}',
    ],
)
def test_api_survives_nasty_json(body):
    user = UserFactory()
    client = APIClient()
    token = client.post(
        "/api/auth/token/", {"username": user.username, "password": "correct horse battery"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    person = register(user)
    for method, url in [("post", "/api/persons/"), ("patch", f"/api/persons/{person.pk}/")]:
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 400, (method, body, response.content[:300])
        assert json.loads(response.content)


@pytest.mark.parametrize("value", NASTY)
def test_api_query_strings(value):
    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/persons/", {"q": value, "limit": value, "offset": value})
    assert response.status_code < 500
    assert client.post("/api/auth/token/", {"username": value, "password": value}, format="json").status_code == 400
