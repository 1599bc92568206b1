"""The demo shelter: 16 beds in four rooms, current stays (one near the limit) and past stays, no overlaps."""

from __future__ import annotations

import random

import pytest

from safepath.accounts.roles import Role
from safepath.cases.models import Case
from safepath.shelters import selectors
from safepath.shelters.demo import load_demo
from safepath.shelters.models import Facility, Stay
from tests.factories import AgencyFactory, UserFactory
from tests.shelters.conftest import days_ago, new_case, today

pytestmark = pytest.mark.django_db


def test_the_demo_reception_centre():
    centre = AgencyFactory(code="LC-RC", type="shelter")
    worker = UserFactory(agency=centre, roles=[Role.CASEWORKER], username="caseworker2")
    boss = UserFactory(agency=centre, roles=[Role.SUPERVISOR], username="lc-rc.supervisor")
    staff = UserFactory(agency=centre, roles=[Role.SHELTER_STAFF], username="shelter")
    for i in range(24):
        new_case(worker, boss, sex="male" if i % 5 == 0 else "female", given_name=f"Demo{i}")
    Case.objects.update(opened_on=days_ago(120))  # the demo's casework spans two years
    users = {"shelter": staff, "lc-rc.supervisor": boss, "caseworker2": worker}
    counts = load_demo(agencies={"LC-RC": centre}, users=users, today=today(), rng=random.Random(5))
    facility = Facility.objects.get()
    assert counts["shelter_beds"] == 16 and facility.max_stay_days == 14
    assert sorted(facility.rooms.values_list("sex", flat=True)) == ["family", "female", "female", "male"]
    open_stays = list(Stay.objects.filter(discharged_on__isnull=True))
    assert len(open_stays) == 7 and Stay.objects.filter(discharged_on__isnull=False).count() >= 10
    board = selectors.facility_board(user=staff, facility=facility, on=today())
    states = [t.state for card in board["rooms"] for t in card.tiles]
    assert "near_limit" in states and "over_limit" in states
    for stay in Stay.objects.all():  # never two people in a bed on the same night
        clash = Stay.objects.filter(bed=stay.bed, admitted_on__lt=stay.discharged_on or today()).exclude(pk=stay.pk)
        clash = [s for s in clash if (s.discharged_on is None or s.discharged_on > stay.admitted_on)]
        assert not clash
    assert load_demo(agencies={}, users=users, today=today(), rng=random.Random(5)) == {}
