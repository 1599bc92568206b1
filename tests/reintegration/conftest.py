"""The case-work fixtures (agency, staff, a person and an assigned case), shared with tests/cases, and
reintegration ones: a started plan, another agency's staff, an analyst, a self-help group."""

from __future__ import annotations

import pytest
from django.utils import translation

from safepath.accounts.roles import Role
from safepath.places.models import Province
from safepath.reintegration import services
from tests.cases.conftest import agency, case, caseworker, caseworker2, counsellor, person, supervisor  # noqa: F401
from tests.factories import AgencyFactory, UserFactory

# Answers giving a hand-computed score card (see test_scoring.py): economic 20/33, social 5/7, psychosocial 11/15.
MIXED = {
    "income_sources": "one_regular",
    "employment": "in_training",
    "debt": "struggling",
    "food_security": "rarely",
    "economic_self_assessment": "same",
    "housing": "stable_poor",
    "services_documentation": "documents_access",
    "health_care": "hard",
    "children_education": "not_applicable",
    "social_networks": "few",
    "participation": "never",
    "discrimination": "declined",
    "safety": "safe",
    "distress": "several_days",
    "remigration_pressure": "wants_to_stay",
}
MIXED_ECONOMIC = 20 / 33
MIXED_SOCIAL = 5 / 7
MIXED_PSYCHOSOCIAL = 11 / 15
MIXED_COMPOSITE = (20 / 33 + 5 / 7 + 11 / 15) / 3
MIXED_COVERAGE = (1 + 7 / 8 + 10 / 12) / 3


@pytest.fixture(autouse=True)
def _english():
    """Messages in English, so the assertions read the source strings (Vietnamese is the default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def plan(caseworker, case):  # noqa: F811 (pytest fixtures by name)
    """A plan started on 01/01/2026 with the default schedule (the case is backdated to allow it)."""
    import datetime as dt

    case.opened_on = dt.date(2025, 12, 1)
    case.save(update_fields=["opened_on"])
    p = services.plan_create(actor=caseworker, case=case, focus="Chăn nuôi lợn", summary="Muốn nuôi lợn ở nhà")
    return services.plan_start(actor=caseworker, plan=p, started_on="01/01/2026")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="BG-SS")


@pytest.fixture
def outsider(other_agency):
    """A caseworker of another agency."""
    return UserFactory(agency=other_agency, roles=[Role.CASEWORKER], username="bg.canbo")


@pytest.fixture
def analyst(agency):  # noqa: F811 (pytest fixtures by name)
    return UserFactory(agency=agency, roles=[Role.ANALYST], username="phantich")


@pytest.fixture
def shelter_staff(agency):  # noqa: F811 (pytest fixtures by name)
    return UserFactory(agency=agency, roles=[Role.SHELTER_STAFF], username="nhatamlanh")


@pytest.fixture
def province(db):
    return Province.objects.order_by("code").first()


@pytest.fixture
def group(caseworker, province):  # noqa: F811 (pytest fixtures by name)
    return services.group_create(
        actor=caseworker,
        name="Nhóm tự lực Hoa Sen",
        province=province.pk,
        facilitator="Chị Lan",
        founded_on="01/01/2025",
    )
