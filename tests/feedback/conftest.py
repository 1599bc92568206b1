"""The case-work fixtures (agency, staff, a person and an assigned case), shared with tests/cases; readers of the summary."""

import pytest

from safepath.accounts.roles import Role
from safepath.directory.services import provider_for_agency
from tests.cases.conftest import agency, case, caseworker, caseworker2, counsellor, person, supervisor  # noqa: F401
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def analyst(db):
    return UserFactory(
        agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST], username="phantich"
    )


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LC-RC", type="shelter")


@pytest.fixture
def other_supervisor(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.SUPERVISOR], username="giamsat-lc")


@pytest.fixture
def own_entry(agency):  # noqa: F811
    return provider_for_agency(agency)
