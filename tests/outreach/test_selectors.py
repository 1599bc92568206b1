"""Outreach reads: the event list and its filters, the figures (aggregates only), and the policy: both
shapes of each rule (predicate and list scope) agree for every role, in the agency and outside it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied

from safepath.accounts.models import User
from safepath.accounts.roles import Role
from safepath.core import policy
from safepath.outreach import selectors, services
from safepath.outreach.models import Event, Participant
from tests.factories import AgencyFactory, UserFactory
from tests.outreach.conftest import event_data

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_event_list_filters_by_kind_province_and_period(officer, other_officer, event, training):
    services.event_create(
        actor=officer, data=event_data(kind="policy_dialogue", start_date="02/06/2025", province="01")
    )
    services.event_create(actor=other_officer, data=event_data())  # another agency's
    assert selectors.event_list(user=officer).count() == 3
    assert selectors.event_list(user=officer, kind="policy_dialogue").count() == 1
    assert selectors.event_list(user=officer, province="01").count() == 1
    assert selectors.event_list(user=officer, date_from=dt.date(2025, 4, 1)).count() == 1
    assert selectors.event_list(user=officer, date_to=dt.date(2025, 3, 12)).count() == 2
    totals = {e.pk: e.participant_total for e in selectors.event_list(user=officer)}
    assert totals[event.pk] == 23 and totals[training.pk] == 3


def test_figures_per_month_and_kind_by_sex(officer, other_officer, analyst, supervisor, event, training, stocked):
    services.event_create(
        actor=officer,
        data=event_data(kind="policy_dialogue", start_date="02/06/2025", counts={"female_50p": 40, "male_35_49": 60}),
    )
    services.event_create(actor=other_officer, data=event_data(counts={"male_u18": 5}))
    services.event_materials_hand_out(actor=officer, event=event, items=[{"material": str(stocked.pk), "quantity": 12}])
    services.stock_move(actor=officer, material=stocked, kind="handed_out", quantity=3, day="05/07/2025", province="38")

    mine = selectors.outreach_figures(user=officer, date_from=YEAR[0], date_to=YEAR[1])
    assert (mine.total.events, mine.total.participants) == (3, 126)
    assert (mine.total.female, mine.total.male, mine.total.other) == (58, 67, 1)
    march = next(r for r in mine.by_month if r.key == "2025-03")
    assert (march.events, march.participants) == (2, 26)
    dialogue = next(r for r in mine.by_kind if r.key == "policy_dialogue")
    assert (dialogue.events, dialogue.female, dialogue.male) == (1, 40, 60)
    assert len(mine.by_month) == 12 and mine.chart()["female"][5] == 40
    assert [(r.label, r.quantity) for r in mine.materials_by_material] == [("Working in Japan", 15)]
    assert {r.key: r.quantity for r in mine.materials_by_province} == {"15": 12, "38": 3}
    assert {r.key: r.quantity for r in mine.materials_by_month if r.quantity} == {"2025-03": 12, "2025-07": 3}
    assert mine.trainings == {"registered": 3, "tested": 2, "average_gain": 15.0, "improved": 1}

    everyone = selectors.outreach_figures(user=analyst, date_from=YEAR[0], date_to=YEAR[1])
    assert (everyone.total.events, everyone.total.participants) == (4, 131)
    only_hanoi = selectors.outreach_figures(
        user=analyst, date_from=YEAR[0], date_to=YEAR[1], agency_id=officer.agency_id
    )
    assert only_hanoi.total.participants == 126
    trainings = selectors.outreach_figures(
        user=supervisor, date_from=YEAR[0], date_to=YEAR[1], kind="training_frontline"
    )
    assert (trainings.total.events, trainings.total.participants) == (1, 3)
    assert selectors.outreach_figures(user=analyst, date_from=YEAR[0], date_to=YEAR[1], agency_id="x").total.events == 0


def test_figures_hold_no_names(analyst, training):
    figures = selectors.outreach_figures(user=analyst, date_from=YEAR[0], date_to=YEAR[1])
    assert "Giàng" not in repr(figures) and "Sùng" not in repr(figures)


def test_figures_are_refused_to_those_without_the_right(caseworker, db):
    with pytest.raises(PermissionDenied):
        selectors.outreach_figures(user=caseworker, date_from=YEAR[0], date_to=YEAR[1])


# --- the policy matrix ----------------------------------------------------------------------------------
@pytest.fixture
def world(db):
    home, other = AgencyFactory(), AgencyFactory()
    writer = UserFactory(agency=home, roles=[Role.OUTREACH_OFFICER])
    training = services.event_create(actor=writer, data=event_data(kind="training_ngo"))
    services.participant_add(
        actor=writer, event=training, data={"name": "Hà Thị Ly", "age_group": "18_24", "sex": "female"}
    )
    users = {
        (role, where): UserFactory(agency=home if where == "home" else other, roles=[role])
        for role, where in itertools.product(Role, ("home", "other"))
    }
    return training, users


def test_event_rules_match_their_scopes_for_every_role(world):
    training, users = world
    workers = {Role.OUTREACH_OFFICER, Role.COUNSELLOR, Role.SUPERVISOR}
    name_readers = {Role.OUTREACH_OFFICER, Role.SUPERVISOR}
    figure_readers = workers | {Role.ANALYST, Role.SYSTEM_ADMIN}
    for (role, where), user in users.items():
        user = User.objects.get(pk=user.pk)
        home = where == "home"
        works = role in workers and home
        assert user.has_perm("outreach.view_event", training) is works, (role, where)
        assert user.has_perm("outreach.change_event", training) is works, (role, where)
        assert Event.objects.filter(policy.outreach_event_scope(user), pk=training.pk).exists() is works
        reads_names = role in name_readers and home
        assert user.has_perm("outreach.view_participants", training) is reads_names, (role, where)
        assert Participant.objects.filter(policy.outreach_participant_scope(user), event=training).exists() is (
            reads_names
        ), (role, where)
        assert user.has_perm("outreach.view_figures") is (role in figure_readers), (role, where)
        counted = Event.objects.filter(policy.outreach_figures_scope(user), pk=training.pk).exists()
        all_agencies = role in {Role.ANALYST, Role.SUPERVISOR, Role.SYSTEM_ADMIN}
        assert counted is (all_agencies or (role in workers and home)), (role, where)
        assert user.has_perm("outreach.view_material_list") is (role in workers), (role, where)
        assert user.has_perm("outreach.add_event") is (role in workers), (role, where)


def test_inactive_users_see_nothing(world, agency):
    training, users = world
    user = users[(Role.OUTREACH_OFFICER, "home")]
    User.objects.filter(pk=user.pk).update(is_active=False)
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("outreach.view_event", training)
    assert not Event.objects.filter(policy.outreach_event_scope(user)).exists()
    assert not user.has_perm("outreach.view_figures")
