"""Who counts which agencies, and who sees small cells (safepath.core.policy, issue 7 block)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from safepath.accounts.roles import Role
from safepath.core import policy
from safepath.reports import selectors
from safepath.reports.periods import Period
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def people(db):
    a, b = AgencyFactory(), AgencyFactory()
    return {
        "a": a,
        "b": b,
        "analyst": UserFactory(agency=AgencyFactory(), roles=[Role.ANALYST]),
        "admin": UserFactory(agency=a, roles=[Role.SYSTEM_ADMIN]),
        "supervisor": UserFactory(agency=a, roles=[Role.SUPERVISOR]),
        "caseworker": UserFactory(agency=a, roles=[Role.CASEWORKER]),
        "counsellor": UserFactory(agency=a, roles=[Role.COUNSELLOR]),
    }


def test_analysts_count_every_agency_and_see_small_cells_hidden(people):
    analyst = people["analyst"]
    assert policy.aggregate_agencies(analyst) is None
    assert not policy.sees_exact_figures(analyst)
    assert selectors.user_filters(analyst, agency=str(people["b"].pk)).agencies == frozenset({str(people["b"].pk)})
    assert policy.case_level_agencies(analyst) == frozenset()
    assert not analyst.has_perm("reports.export_case_level")


def test_supervisors_count_their_own_agency_exactly(people):
    supervisor = people["supervisor"]
    own = str(people["a"].pk)
    assert policy.aggregate_agencies(supervisor) == frozenset({own})
    assert policy.sees_exact_figures(supervisor)
    assert selectors.user_filters(supervisor).agencies == frozenset({own})
    with pytest.raises(PermissionDenied):
        selectors.user_filters(supervisor, agency=str(people["b"].pk))


@pytest.mark.parametrize("role", ["caseworker", "counsellor"])
def test_case_workers_get_no_figures(people, role):
    user = people[role]
    assert policy.aggregate_agencies(user) == frozenset()
    assert not user.has_perm("reports.view_aggregates")
    with pytest.raises(PermissionDenied):
        selectors.user_filters(user)


def test_screen_figures_follow_the_policy(people):
    period = Period.month(2026, 10)
    shown = selectors.figure(
        people["supervisor"], "MRC-01", period=period, filters=selectors.user_filters(people["supervisor"])
    )
    assert not shown.suppressed
    hidden = selectors.figure(
        people["analyst"], "MRC-01", period=period, filters=selectors.user_filters(people["analyst"])
    )
    assert hidden.suppressed
    release = selectors.figure_for_release(
        "MRC-01", period=period, filters=selectors.user_filters(people["supervisor"])
    )
    assert release.suppressed
