from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.people.models import Person
from safepath.people.services import PersonInput, person_update
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db


def test_register_normalises_and_encrypts():
    user = UserFactory()
    person = register(user, family_name=" nguyễn ", birth_date="1998", phone="0912.345.678")
    person = Person.objects.get(pk=person.pk)
    assert person.family_name == "nguyễn"
    assert person.phone == "+84912345678"
    assert person.birth_date == "1998" and person.birth_year == 1998 and person.birth_date_precision == "year"
    with connection.cursor() as cur:
        cur.execute("SELECT family_name, phone, id_number, birth_date FROM people_person")
        row = cur.fetchone()
    assert all(v.startswith("v1.") for v in row)
    assert "912345678" not in "".join(row)


def test_register_is_audited_with_ids_only():
    user = UserFactory()
    person = register(user)
    event = AccessEvent.objects.get(action="create", object_type="person")
    assert event.object_ids == [str(person.pk)]
    assert event.actor_id == user.pk and event.agency_id == user.agency_id
    assert "Hương" not in str(event.detail)


def test_bad_input_names_every_bad_field_and_saves_nothing():
    user = UserFactory()
    with pytest.raises(ValidationError) as err:
        register(
            user,
            family_name="",
            phone="12345",
            birth_date="31/02/1990",
            id_number="12345",
            ethnicity_id="99",
            origin_province_id="zz",
        )
    assert set(err.value.message_dict) == {
        "family_name",
        "phone",
        "birth_date",
        "id_number",
        "ethnicity",
        "origin_province",
    }
    assert not Person.objects.exists()
    assert not AccessEvent.objects.filter(action="create").exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OUTREACH_OFFICER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN])
def test_roles_without_person_rights_cannot_register(role):
    with pytest.raises(PermissionDenied):
        register(UserFactory(roles=[role]))


def test_update_records_changed_field_names_not_values():
    user = UserFactory()
    person = register(user)
    data = PersonInput(
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hường",
        sex="female",
        birth_date="12/05/1998",
        phone="0987 654 321",
        id_number="038198001234",
    )
    person_update(actor=user, person=person, data=data)
    event = AccessEvent.objects.get(action="update")
    assert event.detail["fields"] == ["given_name", "phone"]
    assert set(event.detail) == {"fields", "change_log"}
    from auditlog.models import LogEntry

    for entry in LogEntry.objects.all():
        text = str(entry.changes)
        assert "Hường" not in text and "987654321" not in text and "Hương" not in text


def test_update_by_another_agency_is_refused():
    person = register(UserFactory())
    with pytest.raises(PermissionDenied):
        person_update(actor=UserFactory(), person=person, data=PersonInput(family_name="X", given_name="Y"))


def test_ward_must_belong_to_the_province():
    from safepath.places.models import Province, Ward

    hanoi = Province.objects.get(name="Hà Nội")
    other_ward = Ward.objects.exclude(province=hanoi).first()
    with pytest.raises(ValidationError) as err:
        register(UserFactory(), origin_province_id=hanoi.pk, origin_ward_id=other_ward.pk)
    assert "origin_ward" in err.value.message_dict
    # A ward alone sets its province.
    person = register(UserFactory(), origin_ward_id=other_ward.pk)
    assert person.origin_province_id == other_ward.province_id


def test_former_province_fills_and_checks_the_2025_province():
    from safepath.places.models import LegacyProvince, Province

    ha_giang = LegacyProvince.objects.get(name="Hà Giang")
    person = register(UserFactory(), origin_legacy_province_id=ha_giang.pk)
    assert person.origin_province.name == "Tuyên Quang"
    with pytest.raises(ValidationError) as err:
        register(
            UserFactory(),
            origin_legacy_province_id=ha_giang.pk,
            origin_province_id=Province.objects.get(name="Hà Nội").pk,
        )
    assert "Tuyên Quang" in err.value.message_dict["origin_legacy_province"][0]
