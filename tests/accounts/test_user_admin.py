from __future__ import annotations

import pytest
from django.urls import reverse

from safepath.accounts.models import User
from safepath.accounts.roles import Role
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = {
    "username": "tuvanvien2",
    "first_name": "Lan",
    "last_name": "Trần Thị",
    "email": "lan@example.vn",
    "roles": ["counsellor"],
    "is_active": "on",
    "password1": "mat-khau-rat-dai-2026",
    "password2": "mat-khau-rat-dai-2026",
}


@pytest.fixture
def admin_client(client):
    admin = UserFactory(roles=[Role.AGENCY_ADMIN])
    client.force_login(admin)
    return client, admin


def test_agency_admin_creates_a_user_in_their_agency(admin_client):
    client, admin = admin_client
    response = client.post(reverse("accounts:user_create"), {**NEW, "agency": admin.agency_id})
    assert response.status_code == 302
    user = User.objects.get(username="tuvanvien2")
    assert user.agency_id == admin.agency_id and user.role_codes == {"counsellor"}
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert user.check_password("mat-khau-rat-dai-2026")


def test_agency_admin_cannot_use_another_agency_or_make_system_admins(admin_client):
    client, _admin = admin_client
    other = AgencyFactory()
    response = client.post(reverse("accounts:user_create"), {**NEW, "agency": other.pk, "roles": ["system_admin"]})
    assert response.status_code == 400
    assert not User.objects.filter(username="tuvanvien2").exists()


def test_agency_admin_sees_only_their_users_and_gets_404_for_others(admin_client):
    client, admin = admin_client
    mine = UserFactory(agency=admin.agency)
    theirs = UserFactory()
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert mine.username in html and theirs.username not in html
    assert client.get(reverse("accounts:user_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:user_edit", args=["abc"])).status_code == 404


def test_weak_or_mismatched_passwords_are_explained(admin_client):
    client, admin = admin_client
    for p1, p2 in [("123", "123"), ("mat-khau-rat-dai-2026", "khac")]:
        response = client.post(
            reverse("accounts:user_create"), {**NEW, "agency": admin.agency_id, "password1": p1, "password2": p2}
        )
        assert response.status_code == 400
        assert "invalid-feedback" in response.content.decode()


def test_edit_roles_and_deactivate(admin_client):
    client, admin = admin_client
    target = UserFactory(agency=admin.agency, roles=[Role.COUNSELLOR])
    response = client.post(
        reverse("accounts:user_edit", args=[target.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "",
            "agency": admin.agency_id,
            "roles": ["caseworker", "supervisor"],
        },
    )
    assert response.status_code == 302
    target = User.objects.get(pk=target.pk)
    assert target.role_codes == {"caseworker", "supervisor"} and not target.is_active


def test_admin_cannot_lock_themselves_out(admin_client):
    client, admin = admin_client
    response = client.post(
        reverse("accounts:user_edit", args=[admin.pk]),
        {
            "first_name": "",
            "last_name": "",
            "email": "",
            "agency": admin.agency_id,
            "roles": ["caseworker"],
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert User.objects.get(pk=admin.pk).role_codes == {"agency_admin"}


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.SUPERVISOR])
def test_other_roles_cannot_manage_users(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("audit:list")).status_code == 403


def test_system_admin_manages_agencies(client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMIN])
    client.force_login(admin)
    response = client.post(
        reverse("accounts:agency_create"),
        {
            "code": "qn-osso",
            "name_vi": "Văn phòng một cửa Quảng Ninh",
            "name_en": "OSSO Quang Ninh",
            "type": "osso",
        },
    )
    assert response.status_code == 302
    from safepath.accounts.models import Agency

    agency = Agency.objects.get(code="QN-OSSO")
    dup = client.post(
        reverse("accounts:agency_create"), {"code": "QN-OSSO", "name_vi": "x", "name_en": "x", "type": "osso"}
    )
    assert dup.status_code == 400
    response = client.post(
        reverse("accounts:agency_edit", args=[agency.pk]),
        {
            "name_vi": "Văn phòng Dịch vụ một cửa Quảng Ninh",
            "name_en": "OSSO Quang Ninh",
            "type": "osso",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name_vi.startswith("Văn phòng Dịch vụ") and not agency.is_active
    assert client.get(reverse("accounts:agency_edit", args=["nope"])).status_code == 404


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.CASEWORKER])
def test_only_system_admins_manage_agencies(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("accounts:agency_list")).status_code == 403


def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_user_list_queries_do_not_grow_with_users(admin_client):
    client, admin = admin_client
    for _ in range(3):
        UserFactory(agency=admin.agency, roles=[Role.COUNSELLOR, Role.CASEWORKER])
    few = _queries_for(client, reverse("accounts:user_list"))
    for _ in range(12):
        UserFactory(agency=admin.agency, roles=[Role.COUNSELLOR, Role.CASEWORKER])
    assert _queries_for(client, reverse("accounts:user_list")) == few


def test_person_list_queries_do_not_grow_with_persons(client):
    from tests.helpers import register

    worker = UserFactory(roles=[Role.CASEWORKER])
    client.force_login(worker)
    for i in range(3):
        register(worker, phone="", id_number="", given_name=f"Lan{i}")
    few = _queries_for(client, reverse("people:list"))
    for i in range(15):
        register(worker, phone="", id_number="", given_name=f"Mai{i}")
    assert _queries_for(client, reverse("people:list")) == few
