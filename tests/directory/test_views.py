"""Directory pages: search, an entry, keeping entries and services, deactivation, the stakeholder network."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safepath.directory import services
from safepath.directory.models import ProviderService, ServiceProvider, StakeholderContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_aid(db):
    return services.provider_create(
        actor=None,
        data={"name_vi": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai", "kind": "legal", "province_id": "15"},
        services=[{"service_type": "legal_aid", "province_ids": ["15"], "languages": ["hmn"]}],
    )


def test_staff_search_the_directory_by_need_province_and_words(client, caseworker, legal_aid):
    client.force_login(caseworker)
    page = client.get(reverse("directory:list"), {"need": "legal_aid", "province": "15", "q": "tro giup"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai" in body and 'id="result-count"' in body
    assert 'for="f-need"' in body and 'for="f-province"' in body and 'for="f-q"' in body  # labelled inputs
    none = client.get(reverse("directory:list"), {"need": "shelter"}).content.decode()
    assert "Trung tâm Trợ giúp pháp lý" not in none
    bad_age = client.get(reverse("directory:list"), {"age": "abc"})
    assert bad_age.status_code == 200 and 'id="f-age-err"' in bad_age.content.decode()
    assert 'id="add-provider"' not in body  # not a keeper


def test_detail_says_how_referrals_travel(client, caseworker, agency, legal_aid):
    own = services.provider_for_agency(agency)
    client.force_login(caseworker)
    client.cookies["safepath_language"] = "en"
    outside = client.get(reverse("directory:detail", args=[legal_aid.pk])).content.decode()
    assert "Outside SafePath: a referral prints a referral form" in outside
    assert "Hmong" in outside  # the service's language
    inside = client.get(reverse("directory:detail", args=[own.pk])).content.decode()
    assert "In SafePath: a referral arrives in this agency" in inside
    assert client.get(reverse("directory:detail", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_agency_admin_adds_an_organisation_with_a_service_and_deactivates_it(client, agency_admin):
    client.force_login(agency_admin)
    assert client.get(reverse("directory:create")).status_code == 200
    bad = client.post(reverse("directory:create"), {"name_vi": "", "kind": "ngo", "email": "x"})
    assert bad.status_code == 400 and 'id="err-name_vi"' in bad.content.decode() and 'value="x"' in bad.content.decode()
    done = client.post(
        reverse("directory:create"),
        {"name_vi": "Hội Phụ nữ phường Ba Đình", "kind": "mass_org", "languages": ["vi"], "response_days": "3"},
    )
    provider = ServiceProvider.objects.get(name_vi="Hội Phụ nữ phường Ba Đình")
    assert done.status_code == 302 and provider.keeper_agency_id == agency_admin.agency_id
    url = reverse("directory:service_create", args=[provider.pk])
    bad = client.post(url, {"service_type": "family", "min_age": "30", "max_age": "20", "province_ids": ["01"]})
    assert bad.status_code == 400 and 'id="err-max_age"' in bad.content.decode()
    client.post(url, {"service_type": "family", "province_ids": ["01"], "sexes": ["female"], "capacity": "10"})
    service = ProviderService.objects.get(provider=provider)
    assert service.sexes == ["female"] and service.capacity == 10
    assert [p.pk for p in service.provinces.all()] == ["01"]
    edit = client.post(
        reverse("directory:service_edit", args=[service.pk]), {"service_type": "family", "nationwide": "on"}
    )
    assert edit.status_code == 302
    service.refresh_from_db()
    assert (
        service.nationwide and not service.provinces.exists() and not service.is_active
    )  # unticked: no longer offered
    confirm = client.get(reverse("directory:deactivate", args=[provider.pk]))
    assert confirm.status_code == 200 and 'id="confirm-deactivate"' in confirm.content.decode()
    provider.refresh_from_db()
    assert provider.is_active  # asking changes nothing
    client.post(reverse("directory:deactivate", args=[provider.pk]))
    provider.refresh_from_db()
    assert not provider.is_active
    client.post(reverse("directory:reactivate", args=[provider.pk]))
    provider.refresh_from_db()
    assert provider.is_active


def test_an_agency_admin_cannot_edit_another_agencys_entry(client, agency_admin, other_admin, other_agency, legal_aid):
    theirs = services.provider_for_agency(other_agency)
    client.force_login(agency_admin)
    for name in ("directory:edit", "directory:deactivate", "directory:service_create"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 403, name
        assert client.post(reverse(name, args=[theirs.pk]), {"name_vi": "Đổi tên", "kind": "ngo"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.name_vi == other_agency.name_vi and theirs.is_active
    page = client.get(reverse("directory:detail", args=[theirs.pk])).content.decode()
    assert 'id="edit-provider"' not in page
    # Nor an entry kept nationally.
    assert client.get(reverse("directory:edit", args=[legal_aid.pk])).status_code == 403


def test_a_caseworker_keeps_nothing(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("directory:create")).status_code == 403
    assert client.get(reverse("directory:network_add")).status_code == 403


def test_agency_admin_creates_their_missing_entry(client, agency_admin):
    client.force_login(agency_admin)
    assert 'id="own-missing"' in client.get(reverse("directory:list")).content.decode()
    response = client.post(reverse("directory:own"))
    provider = ServiceProvider.objects.get(agency=agency_admin.agency)
    assert response["Location"] == reverse("directory:edit", args=[provider.pk])
    assert 'id="own-missing"' not in client.get(reverse("directory:list")).content.decode()


def test_stakeholder_network_page(client, agency_admin, caseworker, legal_aid):
    client.force_login(agency_admin)
    page = client.post(
        reverse("directory:network_add"),
        {"provider_id": str(legal_aid.pk), "role": "Trợ giúp pháp lý", "last_contact_on": "31/02/2026"},
    )
    assert page.status_code == 400 and 'id="err-last_contact_on"' in page.content.decode()
    client.post(
        reverse("directory:network_add"),
        {
            "provider_id": str(legal_aid.pk),
            "role": "Trợ giúp pháp lý",
            "agreement": "MoU 2025",
            "last_contact_on": "02/03/2026",
        },
    )
    row = StakeholderContact.objects.get()
    assert row.agency_id == agency_admin.agency_id and str(row.last_contact_on) == "2026-03-02"
    client.force_login(caseworker)
    listing = client.get(reverse("directory:network")).content.decode()
    assert "MoU 2025" in listing and "02/03/2026" in listing and 'id="add-contact"' not in listing
    assert client.get(reverse("directory:network_edit", args=[row.pk])).status_code == 403
    client.force_login(agency_admin)
    assert client.get(reverse("directory:network_remove", args=[row.pk])).status_code == 200
    client.post(reverse("directory:network_remove", args=[row.pk]))
    assert not StakeholderContact.objects.exists()


def test_pages_need_a_login(client, legal_aid):
    response = client.get(reverse("directory:list"))
    assert response.status_code == 302 and "login" in response["Location"]
