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
