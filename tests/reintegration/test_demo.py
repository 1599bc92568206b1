"""The demo: plans with support and rising follow-up scores on the social services' cases, one self-help group each."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from safepath.accounts.roles import AgencyType, Role
from safepath.cases.models import Case
from safepath.cases.services import case_open
from safepath.places.models import Province
from safepath.reintegration import alerts
from safepath.reintegration.demo import load_demo
from safepath.reintegration.models import FollowUpVisit, GroupMember, MeetingAttendance, ReintegrationPlan
from tests.cases.conftest import case_input
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def network():
    province = Province.objects.order_by("code").first()
    agencies, users = {}, {}
    for n, code in enumerate(("BG-SS", "HUE-SS")):
        agency = AgencyFactory(code=code, type=AgencyType.SOCIAL_SERVICE, province=province)
        worker = UserFactory(agency=agency, roles=[Role.CASEWORKER], username=f"{code.lower()}.caseworker")
        agencies[code], users[worker.username] = agency, worker
        for k in range(7):
            person = register(worker, given_name=f"Người {k}", phone=f"09{n}{k} 345 678", id_number=f"03819800{n}{k}99")
            case = case_open(actor=worker, person=person, data=case_input(case_type="identified_victim"))
            Case.objects.filter(pk=case.pk).update(
                opened_on=dt.date(2025, 6, 1) + dt.timedelta(days=30 * k), caseworker=worker
            )
            if k < 3:  # closed after five months: the person was reintegrated
                Case.objects.filter(pk=case.pk).update(
                    status="closed",
                    closure_reason="reintegrated",
                    closed_on=dt.date(2025, 11, 1) + dt.timedelta(days=30 * k),
                )
    return agencies, users


def test_demo_plans_groups_and_a_rising_trend(network):
    agencies, users = network
    counts = load_demo(agencies=agencies, users=users, today=TODAY, rng=random.Random(7))
    assert counts["reintegration_plans"] == 8 and counts["self_help_groups"] == 2
    assert counts["support_items"] >= 8 and counts["group_meetings"] >= 8
    assert counts["group_members"] == 14  # 4 persons with a plan and the 3 others of each agency
    plans = list(ReintegrationPlan.objects.select_related("case"))
    # Two completed plans on the cases closed as reintegrated, two active ones on open cases, per agency.
    assert sorted((p.case.status, p.status) for p in plans) == [("closed", "completed")] * 4 + [("new", "active")] * 4
    for plan in plans:
        done = list(plan.visits.filter(done_on__isnull=False).order_by("done_on"))
        assert 1 <= len(done) <= 3
        assert all(0 <= v.composite_score <= 1 and v.coverage > 0.5 for v in done)
        assert all(plan.started_on <= v.done_on <= (plan.ended_on or TODAY) for v in done)
        if len(done) > 1:
            assert done[-1].composite_score > done[0].composite_score, plan.focus
        assert plan.supports.exists() and plan.case.agency.code in ("BG-SS", "HUE-SS")
        assert plan.started_on >= plan.case.opened_on
    assert counts["followup_visits_done"] == FollowUpVisit.objects.filter(done_on__isnull=False).count()
    for member in GroupMember.objects.select_related("group", "person"):
        assert member.person.registered_by_agency_id == member.group.agency_id
    for row in MeetingAttendance.objects.select_related("meeting", "member"):
        assert row.member.joined_on <= row.meeting.held_on
    assert alerts.sweep(today=TODAY) >= 2  # the last plan of each agency has an overdue visit


def test_demo_skips_missing_agencies(db):
    assert load_demo(agencies={}, users={}, today=TODAY, rng=random.Random(1))["reintegration_plans"] == 0
