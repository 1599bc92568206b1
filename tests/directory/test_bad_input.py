"""Nasty input to the directory's pages and endpoints gets a 4xx or a normal page, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from safepath.accounts.roles import Role
from safepath.directory import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NASTY = ["\x00", "a\x00b", "'; DROP TABLE directory_serviceprovider; --", "<script>x</script>", "9" * 5000, "%", "-1"]
LIST_PARAMS = ["need", "province", "sex", "age", "legal_status", "language", "q", "outside", "inactive", "page"]


@pytest.fixture
def keeper(client):
    user = UserFactory(roles=[Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.CASEWORKER])
    client.force_login(user)
    return user


@pytest.fixture
def provider(db):
    return services.provider_create(
        actor=None,
        data={"name_vi": "Bệnh viện Bạch Mai", "kind": "health"},
        services=[{"service_type": "medical", "nationwide": True}],
    )


@pytest.mark.parametrize("value", NASTY)
def test_pages_survive_nasty_values(client, keeper, provider, value):
    assert client.get(reverse("directory:list"), dict.fromkeys(LIST_PARAMS, value)).status_code < 500
    fields = [*services.PROVIDER_FIELDS]
    assert client.post(reverse("directory:create"), dict.fromkeys(fields, value)).status_code < 500
    assert client.post(reverse("directory:edit", args=[provider.pk]), dict.fromkeys(fields, value)).status_code < 500
    service_fields = [*services.SERVICE_FIELDS]
    url = reverse("directory:service_create", args=[provider.pk])
    assert client.post(url, dict.fromkeys(service_fields, value)).status_code < 500
    assert (
        client.post(reverse("directory:network_add"), dict.fromkeys(services.CONTACT_FIELDS, value)).status_code < 500
    )


@pytest.mark.parametrize("value", NASTY)
def test_endpoints_survive_nasty_values(keeper, provider, value):
    client = APIClient()
    client.force_authenticate(keeper)
    params = {"service_type": value, "province": value, "q": value, "age": value, "language": value, "sex": value}
    assert client.get("/api/directory/providers/", params).status_code < 500
    assert client.get("/api/directory/providers/", {"q": value}).status_code < 500
    assert client.get(f"/api/directory/providers/{value[:100]}/").status_code < 500
    body = {"name_vi": value, "kind": value, "province_id": value, "services": [{"service_type": value}]}
    assert client.post("/api/directory/providers/", body, format="json").status_code < 500
    patch = {
        "province_id": value[:4],
        "languages": [value],
        "services": [{"service_type": "medical", "province_ids": [value]}],
    }
    assert client.patch(f"/api/directory/providers/{provider.pk}/", patch, format="json").status_code < 500
