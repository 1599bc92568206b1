"""One matrix: every role, in the person's agency or another, against both shapes of each rule."""

from __future__ import annotations

import itertools

import pytest

from safepath.accounts.models import User
from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.people.models import Person
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db

READERS = {Role.COUNSELLOR, Role.CASEWORKER, Role.SUPERVISOR, Role.SHELTER_STAFF}


@pytest.fixture
def world():
    home, other = AgencyFactory(), AgencyFactory()
    writer = UserFactory(agency=home, roles=[Role.CASEWORKER])
    person = register(writer)
    users = {}
    for role, where in itertools.product(Role, ("home", "other")):
        users[(role, where)] = UserFactory(agency=home if where == "home" else other, roles=[role])
    inactive = UserFactory(agency=home, roles=[Role.CASEWORKER], is_active=False)
    no_agency = UserFactory(agency=None, roles=[Role.CASEWORKER])
    return {
        "home": home,
        "other": other,
        "person": person,
        "users": users,
        "inactive": inactive,
        "no_agency": no_agency,
    }


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_person_rules_match_their_list_scope_for_every_role(world):
    person: Person = world["person"]
    for (role, where), user in world["users"].items():
        user = _fresh(user)
        expected = role in READERS and where == "home"
        by_predicate = user.has_perm("people.view_person", person)
        by_scope = Person.objects.filter(policy.person_scope(user), pk=person.pk).exists()
        assert by_predicate is expected, (role, where)
        assert by_scope is expected, (role, where)
        assert user.has_perm("people.change_person", person) is expected, (role, where)


@pytest.mark.parametrize("key", ["inactive", "no_agency"])
def test_inactive_or_agencyless_users_see_nothing(world, key):
    user = _fresh(world[key])
    assert not user.has_perm("people.view_person", world["person"])
    assert not Person.objects.filter(policy.person_scope(user)).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not policy.can_view_person(anon, world["person"])
    assert policy.person_scope(anon) == policy.NOTHING


def test_user_management_rules_match_their_scope(world):
    target = world["users"][(Role.CASEWORKER, "home")]
    for (role, where), user in world["users"].items():
        user = _fresh(user)
        expected = role == Role.SYSTEM_ADMIN or (role == Role.AGENCY_ADMIN and where == "home")
        assert user.has_perm("accounts.manage_user", target) is expected, (role, where)
        assert User.objects.filter(policy.user_scope(user), pk=target.pk).exists() is expected, (role, where)


def test_audit_rules_match_their_scope(world):
    actor = _fresh(world["users"][(Role.CASEWORKER, "home")])
    event = audit_record(actor=actor, action="view", object_type="person", object_ids=[world["person"].pk])
    for (role, where), user in world["users"].items():
        user = _fresh(user)
        expected = role == Role.SYSTEM_ADMIN or (role == Role.AGENCY_ADMIN and where == "home")
        assert user.has_perm("audit.view_accessevent", event) is expected, (role, where)
        assert AccessEvent.objects.filter(policy.audit_scope(user), pk=event.pk).exists() is expected, (role, where)


def test_agency_admins_cannot_create_system_admins(world):
    admin = _fresh(world["users"][(Role.AGENCY_ADMIN, "home")])
    assert Role.SYSTEM_ADMIN not in policy.assignable_roles(admin)
    sysadmin = _fresh(world["users"][(Role.SYSTEM_ADMIN, "home")])
    assert Role.SYSTEM_ADMIN in policy.assignable_roles(sysadmin)
    assert policy.assignable_roles(_fresh(world["users"][(Role.CASEWORKER, "home")])) == []


def test_superusers_and_admin_granted_permissions_do_not_bypass_the_policy(world):
    from django.contrib.auth.models import Permission

    outsider = UserFactory(roles=[Role.ANALYST])
    outsider.is_superuser = True
    outsider.save()
    granted = UserFactory(roles=[Role.OUTREACH_OFFICER], agency=world["home"])
    granted.user_permissions.add(*Permission.objects.filter(content_type__app_label="people"))
    for user in (_fresh(outsider), _fresh(granted)):
        assert not user.has_perm("people.view_person", world["person"])
        assert not user.has_perm("people.add_person")
        assert not user.has_perm("people.view_person_list")


def test_a_deactivated_agency_loses_access(world):
    reader = _fresh(world["users"][(Role.CASEWORKER, "home")])
    assert reader.has_perm("people.view_person", world["person"])
    world["home"].is_active = False
    world["home"].save()
    reader = _fresh(reader)
    assert not reader.has_perm("people.view_person", world["person"])
    assert not Person.objects.filter(policy.person_scope(reader)).exists()


# --- cases, intake, consultations -----------------------------------------------------------------------
CASE_WRITERS = {Role.COUNSELLOR, Role.CASEWORKER, Role.SUPERVISOR}


@pytest.fixture
def case_world(world):
    from safepath.cases.services import (
        CaseInput,
        ConsultationInput,
        IntakeInput,
        case_open,
        consultation_record,
        intake_log,
    )

    writer = _fresh(world["users"][(Role.CASEWORKER, "home")])
    data = CaseInput(case_type="returned", channel="phone", migration_stage="returned")
    world["case"] = case_open(actor=writer, person=world["person"], data=data)
    world["sensitive"] = case_open(
        actor=writer, person=world["person"], data=CaseInput(**{**vars(data), "highly_sensitive": True})
    )
    world["intake"] = intake_log(actor=writer, data=IntakeInput(channel="phone", body="Hỏi về phí"))
    world["consultation"] = consultation_record(
        actor=writer,
        data=ConsultationInput(
            channel="phone", migration_stage="potential", topics=["fees_debts"], outcome="information_given"
        ),
    )
    world["writer"] = writer
    return world


def test_case_rules_match_their_list_scope_for_every_role(case_world):
    from safepath.cases.models import Case

    case = case_world["case"]
    for (role, where), user in case_world["users"].items():
        user = _fresh(user)
        expected = role in READERS and where == "home"
        assert user.has_perm("cases.view_case", case) is expected, (role, where)
        assert Case.objects.filter(policy.case_scope(user), pk=case.pk).exists() is expected, (role, where)
        assert user.has_perm("cases.change_case", case) is (role in CASE_WRITERS and where == "home"), (role, where)
        assert user.has_perm("cases.assign_case", case) is (role == Role.SUPERVISOR and where == "home"), (role, where)


def test_highly_sensitive_case_only_for_its_team_in_both_shapes(case_world):
    from safepath.cases.models import Case

    sensitive = case_world["sensitive"]
    for (role, where), user in case_world["users"].items():
        if user.pk == case_world["writer"].pk:
            continue
        user = _fresh(user)
        assert not user.has_perm("cases.view_case", sensitive), (role, where)
        assert not Case.objects.filter(policy.case_scope(user), pk=sensitive.pk).exists(), (role, where)
    writer = _fresh(case_world["writer"])  # the opener became its caseworker
    assert writer.has_perm("cases.view_case", sensitive)
    assert Case.objects.filter(policy.case_scope(writer), pk=sensitive.pk).exists()


def test_intake_and_consultation_rules_match_their_scopes(case_world):
    from safepath.cases.models import Consultation, IntakeItem

    item, consultation = case_world["intake"], case_world["consultation"]
    for (role, where), user in case_world["users"].items():
        user = _fresh(user)
        expected = role in CASE_WRITERS and where == "home"
        assert user.has_perm("cases.view_intake", item) is expected, (role, where)
        assert IntakeItem.objects.filter(policy.intake_scope(user), pk=item.pk).exists() is expected, (role, where)
        assert user.has_perm("cases.view_consultation", consultation) is expected, (role, where)
        assert Consultation.objects.filter(policy.consultation_scope(user), pk=consultation.pk).exists() is expected


def test_analysts_never_reach_a_case_list(case_world):
    analyst = _fresh(case_world["users"][(Role.ANALYST, "home")])
    assert not analyst.has_perm("cases.view_case_list")
    assert not analyst.has_perm("cases.view_intake_list")
    assert not analyst.has_perm("cases.view_consultation_list")
