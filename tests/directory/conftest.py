"""The case-work fixtures (agency, staff, a person and an assigned case), shared with tests/cases; directory keepers."""

import pytest

from safepath.accounts.roles import Role
from tests.cases.conftest import agency, case, caseworker, caseworker2, counsellor, person, supervisor  # noqa: F401
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def agency_admin(agency):  # noqa: F811
    return UserFactory(agency=agency, roles=[Role.AGENCY_ADMIN], username="quantri")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LC-RC", type="shelter", name_vi="Trung tâm Tiếp nhận Lào Cai")


@pytest.fixture
def other_admin(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.AGENCY_ADMIN], username="quantri-lc")


@pytest.fixture
def system_admin(db):
    return UserFactory(
        agency=AgencyFactory(code="DOLAB", type="ministry"), roles=[Role.SYSTEM_ADMIN], username="hethong"
    )
