"""The demo directory and the demo feedback: every demo agency listed with realistic services, outside
organisations with minority languages in Lào Cai, two stakeholder networks, ~60 anonymous answers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from safepath.accounts.models import Agency
from safepath.demo.agencies import AGENCIES
from safepath.directory import demo as directory_demo
from safepath.directory import selectors
from safepath.directory.models import ServiceProvider, StakeholderContact
from safepath.feedback import demo as feedback_demo
from safepath.feedback.models import Feedback
from safepath.places.models import Province
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def agencies(db):
    provinces = {p.name: p.pk for p in Province.objects.all()}
    return {
        code: Agency.objects.create(code=code, name_vi=vi, name_en=en, type=type_, province_id=provinces.get(province))
        for code, vi, en, type_, province in AGENCIES
    }


def test_demo_directory_and_feedback(agencies):
    caseworker = UserFactory(agency=agencies["HN-MRC"])
    counts = directory_demo.load_demo(agencies=agencies, users={}, today=TODAY, rng=random.Random(5))
    assert counts["providers"] == len(agencies) + len(directory_demo.OUTSIDE) >= len(agencies) + 12
    assert all(ServiceProvider.objects.filter(agency=a).exists() for a in agencies.values())
    lc = ServiceProvider.objects.get(agency=agencies["LC-RC"])
    assert {s.service_type for s in lc.services.all()} >= {
        "shelter",
        "essential_needs",
        "medical",
        "psychological",
        "travel",
        "documents",
    }
    bg = ServiceProvider.objects.get(agency=agencies["BG-SS"])
    assert {s.service_type for s in bg.services.all()} == {
        "livelihood",
        "vocational_employment",
        "loan",
        "hardship_allowance",
        "family",
        "psychological",
    }
    # Someone who speaks H'Mông in Lào Cai finds shelter and legal aid.
    hmong = [p.name_vi for p in selectors.provider_search(user=caseworker, province_id="15", language="hmn")]
    assert "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai" in hmong and lc.name_vi in hmong
    assert all(p.phone.endswith("(demo)") for p in ServiceProvider.objects.exclude(phone=""))
    assert StakeholderContact.objects.filter(agency=agencies["HN-MRC"]).count() >= 5
    assert StakeholderContact.objects.filter(agency=agencies["LC-RC"]).count() >= 5

    assert feedback_demo.load_demo(agencies=agencies, users={}, today=TODAY, rng=random.Random(5)) == {"feedback": 60}
    assert not Feedback.objects.filter(anonymous=False).exists()
    assert not Feedback.objects.filter(provider__isnull=True).exists()
    assert Feedback.objects.filter(given_on__gt=TODAY).count() == 0
