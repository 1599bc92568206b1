"""Two agencies: a one-stop office that refers and transfers, a reception centre that receives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safepath.accounts.roles import AgencyType, Role
from safepath.cases.services import ConsentInput, consent_record
from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider
from tests.cases.conftest import agency, case, caseworker, caseworker2, counsellor, person, supervisor  # noqa: F401
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def centre(db):
    return AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, name_vi="Trung tâm Tiếp nhận Lào Cai")


@pytest.fixture
def centre_worker(centre):
    return UserFactory(agency=centre, roles=[Role.CASEWORKER], username="lc.canbo", email="lc.canbo@example.org")


@pytest.fixture
def centre_supervisor(centre):
    return UserFactory(agency=centre, roles=[Role.SUPERVISOR], username="lc.giamsat", email="lc.gs@example.org")


@pytest.fixture
def centre_provider(centre):
    p = ServiceProvider.objects.create(agency=centre, name_vi=centre.name_vi, kind=ProviderKind.SHELTER)
    ProviderService.objects.create(provider=p, service_type="shelter", nationwide=True)
    return p


@pytest.fixture
def outside_provider(db):
    p = ServiceProvider.objects.create(name_vi="Bệnh viện Đa khoa tỉnh Lào Cai", kind=ProviderKind.HEALTH)
    ProviderService.objects.create(provider=p, service_type="medical", nationwide=True)
    return p


def give_consent(actor, case_, purpose="referral", agency_=None, other="", **kw):
    return consent_record(
        actor=actor,
        person=case_.person,
        case=case_,
        data=ConsentInput(
            purpose=purpose,
            method="written",
            given_on=kw.get("given_on", timezone.localdate() - dt.timedelta(days=1)),
            recipient_agency_id=agency_.pk if agency_ else None,
            recipient_other=other,
        ),
    )
