# ruff: noqa: F811  (fixtures take the re-exported case-work fixtures as arguments)
"""Shelter fixtures: the case-work fixtures of tests/cases, a reception centre with rooms and beds, its staff."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone, translation

from safepath.accounts.roles import Role
from safepath.cases.services import case_assign, case_open
from safepath.core.roles import AgencyType
from safepath.shelters import services
from tests.cases.conftest import (  # noqa: F401
    agency,
    case,
    case_input,
    caseworker,
    caseworker2,
    counsellor,
    person,
    supervisor,
)
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

_serial = itertools.count(100)


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _english():
    """Service messages are compared in English (the source strings), whatever Vietnamese they get later."""
    with translation.override("en"):
        yield


@pytest.fixture
def shelter_staff(agency):
    return UserFactory(agency=agency, roles=[Role.SHELTER_STAFF], username="nhatamlanh", email="nhatamlanh@example.org")


@pytest.fixture
def supervisor2(agency):
    return UserFactory(agency=agency, roles=[Role.SUPERVISOR], username="giamsat2")


@pytest.fixture
def agency_admin(agency):
    return UserFactory(agency=agency, roles=[Role.AGENCY_ADMIN], username="quantri")


@pytest.fixture
def analyst(agency):
    return UserFactory(agency=agency, roles=[Role.ANALYST], username="phantich")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LC-RC", type=AgencyType.SHELTER)  # a reception centre, of its own beds


@pytest.fixture
def other_staff(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.SHELTER_STAFF, Role.CASEWORKER], username="khac")


@pytest.fixture
def other_supervisor(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.SUPERVISOR], username="giamsatkhac")


def build_facility(admin, *, name="Trung tâm tiếp nhận Lào Cai", rooms=None, **settings):
    """A facility with rooms and beds: rooms = [(name, sex, [labels])]."""
    data = services.FacilityInput(name_vi=name, name_en="Reception centre", **settings)
    facility = services.facility_create(actor=admin, data=data)
    for room_name, sex, labels in rooms or []:
        room = services.room_add(actor=admin, facility=facility, name=room_name, sex=sex)
        services.beds_add(actor=admin, room=room, labels=labels)
    return facility


@pytest.fixture
def facility(agency_admin):
    """Women's room with F1-F3, men's room with M1-M2, a family room with G1: six beds."""
    return build_facility(
        agency_admin,
        rooms=[
            ("Phòng nữ", "female", ["F1", "F2", "F3"]),
            ("Phòng nam", "male", ["M1", "M2"]),
            ("Phòng gia đình", "family", ["G1"]),
        ],
    )


def bed(facility, label):
    from safepath.shelters.models import Bed

    return Bed.objects.select_related("room").get(room__facility=facility, label=label)


def new_case(worker, boss, *, sex="female", given_name="Lan"):
    """A new case of a new person (unique phone and ID number), assigned to the caseworker and supervisor."""
    n = next(_serial)
    someone = register(
        worker,
        given_name=given_name,
        sex=sex,
        phone=f"0912 000 {n:03d}",
        id_number=f"038198{n:06d}",
    )
    c = case_open(actor=worker, person=someone, data=case_input())
    return case_assign(actor=boss, case=c, caseworker_id=worker.pk, supervisor_id=boss.pk)
