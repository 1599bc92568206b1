from __future__ import annotations

import pytest

from safepath.accounts.roles import Role
from safepath.cases.services import CaseInput, case_open
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register


@pytest.fixture
def agency(db):
    return AgencyFactory(code="HN-MRC")


@pytest.fixture
def counsellor(agency):
    return UserFactory(agency=agency, roles=[Role.COUNSELLOR], username="tuvan")


@pytest.fixture
def caseworker(agency):
    return UserFactory(agency=agency, roles=[Role.CASEWORKER], username="cantbo")


@pytest.fixture
def caseworker2(agency):
    return UserFactory(agency=agency, roles=[Role.CASEWORKER], username="canbo2")


@pytest.fixture
def supervisor(agency):
    return UserFactory(agency=agency, roles=[Role.SUPERVISOR], username="giamsat")


@pytest.fixture
def person(caseworker):
    return register(caseworker)


def case_input(**overrides):
    data = {
        "case_type": "returned",
        "channel": "phone",
        "migration_stage": "returned",
        "destination_country_id": "JP",
        "summary": "Về nước sau khi bị giữ hộ chiếu ở Nhật Bản.",
    }
    data.update(overrides)
    return CaseInput(**data)


@pytest.fixture
def case(caseworker, person, supervisor):
    from safepath.cases.services import case_assign

    c = case_open(actor=caseworker, person=person, data=case_input())
    return case_assign(actor=supervisor, case=c, caseworker_id=caseworker.pk, supervisor_id=supervisor.pk)
