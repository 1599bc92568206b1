from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def test_login_page_is_vietnamese_by_default(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'lang="vi"' in html and "Đăng nhập" in html


def test_english_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("account_login")).content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_login_logout_are_audited(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert AccessEvent.objects.filter(action="login", actor=user).exists()
    client.post(reverse("account_logout"))
    assert AccessEvent.objects.filter(action="logout", actor=user).exists()


def test_wrong_password_is_explained(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.username, "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert AccessEvent.objects.filter(action="login_failed").exists()


def test_lockout_after_repeated_failures(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.username, "password": "nope"})
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "15" in response.content.decode()


@override_settings(SAFEPATH_MFA_REQUIRED_ROLES=["caseworker"])
def test_roles_that_require_two_factor_are_sent_to_set_it_up(client):
    client.force_login(UserFactory(roles=[Role.CASEWORKER]))
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    client.force_login(UserFactory(roles=[Role.COUNSELLOR]))
    assert client.get(reverse("people:list")).status_code == 200


def test_idle_timeout_is_configured(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from safepath.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home_page(client, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse("web:home"))
    assert response.status_code == 200


def test_a_failed_log_in_does_not_store_the_search_it_came_from(client):
    from axes.models import AccessAttempt

    user = UserFactory()
    url = reverse("account_login") + "?next=/persons/%3Fq%3DGi%C3%A0ng%20A%20Pao"
    client.post(url, {"login": user.username, "password": "nope"})
    stored = " ".join(AccessAttempt.objects.values_list("get_data", flat=True))
    assert stored and "Pao" not in stored and "Giàng" not in stored
