"""Keeping the directory and searching it: by need and province, without accents, by eligibility."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safepath.audit.models import AccessEvent
from safepath.directory import selectors, services
from safepath.directory.models import ProviderKind, ServiceProvider, StakeholderContact
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

LAO_CAI, HANOI, HUE = "15", "01", "46"


def outside(name, *, services_=(), keeper=None, **extra):
    data = {"name_vi": name, "kind": ProviderKind.NGO, **extra}
    if keeper is not None:
        data["keeper_agency_id"] = str(keeper.pk)
    return services.provider_create(actor=None, data=data, services=list(services_))


def svc(service_type, provinces=(), **extra):
    return {"service_type": service_type, "province_ids": list(provinces), **extra}


def names(qs):
    return [p.name_vi for p in qs]


@pytest.fixture
def network(db):
    hospital = outside(
        "Bệnh viện Đa khoa tỉnh Lào Cai",
        kind=ProviderKind.HEALTH,
        province_id=LAO_CAI,
        services_=[svc("medical", [LAO_CAI]), svc("psychological", [LAO_CAI], languages=["vi", "hmn"])],
    )
    shelter = outside(
        "Ngôi nhà Bình yên",
        province_id=HANOI,
        services_=[
            svc("shelter", nationwide=True, sexes=["female"], min_age=16, legal_statuses=["victim"]),
            svc("psychological", nationwide=True),
        ],
    )
    legal = outside(
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai",
        kind=ProviderKind.LEGAL,
        province_id=LAO_CAI,
        languages=["vi", "ium"],
        services_=[svc("legal_aid", [LAO_CAI])],
    )
    children = outside("Tổng đài 111", services_=[svc("safety", nationwide=True, max_age=17)])
    hue = outside("Bệnh viện Trung ương Huế", province_id=HUE, services_=[svc("medical", [HUE])])
    return {"hospital": hospital, "shelter": shelter, "legal": legal, "children": children, "hue": hue}


def test_search_by_need_and_province_puts_local_providers_first(caseworker, network):
    found = selectors.provider_search(user=caseworker, service_type="psychological", province_id=LAO_CAI)
    assert names(found) == ["Bệnh viện Đa khoa tỉnh Lào Cai", "Ngôi nhà Bình yên"]  # local, then nationwide
    assert names(selectors.provider_search(user=caseworker, service_type="medical", province_id=HUE)) == [
        "Bệnh viện Trung ương Huế"
    ]
    assert names(selectors.provider_search(user=caseworker, service_type="medical")) == [
        "Bệnh viện Đa khoa tỉnh Lào Cai",
        "Bệnh viện Trung ương Huế",
    ]
    provider = found[0]
    assert [s.service_type for s in selectors.provider_services_for(provider, "psychological")] == ["psychological"]
    assert len(selectors.provider_services_for(provider, "")) == 2


def test_search_forgives_accents_case_and_word_order(caseworker, network):
    assert names(selectors.provider_search(user=caseworker, q="benh vien LAO CAI")) == [
        "Bệnh viện Đa khoa tỉnh Lào Cai"
    ]
    assert names(selectors.provider_search(user=caseworker, q="trợ giúp pháp lý")) == [
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai"
    ]
    assert names(selectors.provider_search(user=caseworker, q="binh yen ngoi nha")) == ["Ngôi nhà Bình yên"]
    # The service's name is searchable too, in Vietnamese or English.
    assert "Ngôi nhà Bình yên" in names(selectors.provider_search(user=caseworker, q="shelter"))
    assert names(selectors.provider_search(user=caseworker, q="xyz khong co")) == []


def test_eligibility_filters(caseworker, network):
    def shelters(**kw):
        return names(selectors.provider_search(user=caseworker, service_type="shelter", **kw))

    assert shelters(sex="female", age=25, legal_status="victim") == ["Ngôi nhà Bình yên"]
    assert shelters(sex="male") == []
    assert shelters(sex="unknown") == ["Ngôi nhà Bình yên"]  # not known: no rule excludes them
    assert shelters(age=14) == []
    assert shelters(legal_status="not_assessed") == []
    assert names(selectors.provider_search(user=caseworker, service_type="safety", age=15)) == ["Tổng đài 111"]
    assert names(selectors.provider_search(user=caseworker, service_type="safety", age=30)) == []


def test_language_filter_reads_the_service_then_the_provider(caseworker, network):
    assert names(selectors.provider_search(user=caseworker, language="hmn")) == ["Bệnh viện Đa khoa tỉnh Lào Cai"]
    assert names(selectors.provider_search(user=caseworker, language="ium")) == [
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai"
    ]
    # No language named anywhere: Vietnamese.
    assert "Tổng đài 111" in names(selectors.provider_search(user=caseworker, language="vi"))


def test_inactive_and_outside_entries(caseworker, agency, network):
    own = services.provider_for_agency(agency)
    services.service_save(actor=None, provider=own, data=svc("legal_information", nationwide=True))
    assert names(selectors.provider_search(user=caseworker, include_outside=False)) == [own.name_vi]
    services.provider_set_active(actor=None, provider=network["hospital"], active=False)
    assert "Bệnh viện Đa khoa tỉnh Lào Cai" not in names(selectors.provider_search(user=caseworker))
    agency.is_active = False
    agency.save()
    assert own.name_vi not in names(selectors.provider_search(user=caseworker))


def test_provider_for_agency_is_created_once_with_its_kind(other_agency):
    first = services.provider_for_agency(other_agency)
    assert first.kind == ProviderKind.SHELTER and first.in_safepath and first.name_vi == other_agency.name_vi
    assert services.provider_for_agency(other_agency) == first
    other_agency.name_vi = "Trung tâm mới"
    other_agency.save()
    assert services.provider_for_agency(other_agency, refresh=True).name_vi == "Trung tâm mới"
    assert ServiceProvider.objects.filter(agency=other_agency).count() == 1


def test_creating_and_changing_an_agency_keeps_its_directory_entry(system_admin):
    from safepath.accounts.services import agency_create, agency_update
    from safepath.core.roles import AgencyType

    centre = agency_create(
        actor=system_admin,
        code="HG-RC",
        name_vi="Trung tâm tiếp nhận Hà Giang",
        name_en="Ha Giang reception centre",
        type=AgencyType.SHELTER,
        province_id=LAO_CAI,
    )
    entry = ServiceProvider.objects.get(agency=centre)  # searchable for referrals from the first day
    assert (entry.name_vi, entry.kind, entry.province_id, entry.is_active) == (
        "Trung tâm tiếp nhận Hà Giang",
        ProviderKind.SHELTER,
        LAO_CAI,
        True,
    )
    agency_update(
        actor=system_admin,
        agency=centre,
        name_vi="Trung tâm tiếp nhận Tuyên Quang",
        name_en="Tuyen Quang reception centre",
        type=AgencyType.SHELTER,
        province_id=HANOI,
        is_active=False,
    )
    entry.refresh_from_db()
    assert (entry.name_vi, entry.name_en, entry.province_id, entry.is_active) == (
        "Trung tâm tiếp nhận Tuyên Quang",
        "Tuyen Quang reception centre",
        HANOI,
        False,  # a closed agency is not offered for referrals
    )
    assert ServiceProvider.objects.filter(agency=centre).count() == 1
    logged = AccessEvent.objects.filter(object_type="provider").values_list("action", "object_ids")
    assert {a for a, ids in logged if str(entry.pk) in ids} == {"create", "update"}


def test_agency_admin_keeps_own_entry_and_the_outside_organisations_it_added(agency_admin, other_admin, agency):
    own = services.provider_for_agency(agency)
    services.provider_update(actor=agency_admin, provider=own, data={"hours": "7:30–17:00, thứ Hai–thứ Sáu"})
    added = services.provider_create(
        actor=agency_admin,
        data={"name_vi": "Hội Phụ nữ phường", "kind": ProviderKind.MASS_ORGANISATION},
        services=[svc("family", [HANOI])],
    )
    assert added.keeper_agency_id == agency_admin.agency_id and added.agency_id is None
    # Another agency's administrator changes neither.
    for provider in (own, added):
        with pytest.raises(PermissionDenied):
            services.provider_update(actor=other_admin, provider=provider, data={"hours": "x"})
        with pytest.raises(PermissionDenied):
            services.provider_set_active(actor=other_admin, provider=provider, active=False)
    # Nor links an entry to another agency, nor hands it over.
    with pytest.raises(ValidationError) as exc:
        services.provider_create(actor=other_admin, data={"name_vi": "X", "kind": "ngo", "agency_id": str(agency.pk)})
    assert "agency_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.provider_update(
            actor=agency_admin, provider=added, data={"keeper_agency_id": str(other_admin.agency_id)}
        )
    assert "keeper_agency_id" in exc.value.message_dict
    assert AccessEvent.objects.filter(object_type="provider", action="create").count() == 2


def test_staff_who_are_not_administrators_keep_nothing(caseworker, agency):
    own = services.provider_for_agency(agency)
    with pytest.raises(PermissionDenied):
        services.provider_create(actor=caseworker, data={"name_vi": "X", "kind": "ngo"})
    with pytest.raises(PermissionDenied):
        services.provider_update(actor=caseworker, provider=own, data={"hours": "x"})


def test_system_admin_keeps_every_entry(system_admin, agency):
    own = services.provider_for_agency(agency)
    services.provider_update(actor=system_admin, provider=own, data={"response_days": 5})
    keeper = AgencyFactory()
    p = services.provider_create(
        actor=system_admin, data={"name_vi": "Tổ chức Rồng Xanh", "kind": "ngo", "keeper_agency_id": str(keeper.pk)}
    )
    assert p.keeper_agency_id == keeper.pk


def test_validation_reports_every_problem(system_admin):
    with pytest.raises(ValidationError) as exc:
        services.provider_create(
            actor=system_admin,
            data={"name_vi": "", "kind": "bank", "email": "not-an-email", "languages": ["xx"], "response_days": "0"},
            services=[{"service_type": "shelter", "min_age": "18", "max_age": "12"}],
        )
    errors = exc.value.message_dict
    for field in ("name_vi", "kind", "email", "languages", "response_days", "services.0.max_age"):
        assert field in errors, field
    assert "services.0.province_ids" in errors


def test_stakeholder_network_is_kept_by_the_agency_admin(agency_admin, other_admin, caseworker, agency, network):
    row = services.stakeholder_save(
        actor=agency_admin,
        agency=agency,
        data={"provider_id": str(network["legal"].pk), "role": "Trợ giúp pháp lý", "last_contact_on": "02/03/2026"},
    )
    assert list(selectors.stakeholder_network(user=caseworker)) == [row]
    assert list(selectors.stakeholder_network(user=other_admin)) == []
    with pytest.raises(ValidationError):
        services.stakeholder_save(actor=agency_admin, agency=agency, data={"provider_id": str(network["legal"].pk)})
    with pytest.raises(PermissionDenied):
        services.stakeholder_save(actor=caseworker, agency=agency, data={"provider_id": str(network["hue"].pk)})
    with pytest.raises(PermissionDenied):
        services.stakeholder_remove(actor=other_admin, contact=row)
    with pytest.raises(PermissionDenied):  # an administrator keeps only their own agency's network
        services.stakeholder_save(actor=other_admin, agency=agency, data={"provider_id": str(network["hue"].pk)})
    assert not selectors.may_keep_network(caseworker) and selectors.may_keep_network(other_admin)
    services.stakeholder_remove(actor=agency_admin, contact=row)
    assert not StakeholderContact.objects.exists()
