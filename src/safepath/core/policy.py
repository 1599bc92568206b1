"""The one place that decides who may see or do what.

Deny by default. Every rule exists twice, in the two shapes Django needs:

* a `rules` predicate for one object (`user.has_perm("people.view_person", person)`), and
* a `Q` filter for lists (`person_scope(user)`), so that a list never shows what a detail
  page would refuse.

`tests/core/test_policy_matrix.py` checks every role and agency relation against both shapes.
Views never decide access themselves: they call the selectors, which call this module.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.permissions import add_perm
from rules.predicates import predicate

from safepath.core.roles import Role

PERSON_READERS = frozenset({Role.COUNSELLOR, Role.CASEWORKER, Role.SUPERVISOR, Role.SHELTER_STAFF})
PERSON_WRITERS = PERSON_READERS
USER_MANAGERS = frozenset({Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})
AUDIT_READERS = USER_MANAGERS
AGGREGATE_READERS = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.SYSTEM_ADMIN})
NOTHING = Q(pk__in=[])


def _active(user: Any) -> bool:
    """An authenticated, active user of an active agency."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    agency = getattr(user, "agency", None)
    return agency is None or bool(agency.is_active)


def _has_any(user: Any, roles_: frozenset[str]) -> bool:
    return _active(user) and bool(user.role_codes & roles_)


# --- predicates -----------------------------------------------------------------------------------
@predicate
def is_active_staff(user: Any) -> bool:
    return _active(user) and user.agency_id is not None


@predicate
def reads_persons(user: Any) -> bool:
    return _has_any(user, PERSON_READERS)


@predicate
def writes_persons(user: Any) -> bool:
    return _has_any(user, PERSON_WRITERS)


@predicate
def person_in_users_agency(user: Any, person: Any) -> bool:
    return person is not None and user.agency_id is not None and (person.registered_by_agency_id == user.agency_id)


@predicate
def is_system_admin(user: Any) -> bool:
    return _has_any(user, frozenset({Role.SYSTEM_ADMIN}))


@predicate
def is_agency_admin(user: Any) -> bool:
    return _has_any(user, frozenset({Role.AGENCY_ADMIN}))


@predicate
def target_in_users_agency(user: Any, target: Any) -> bool:
    return target is None or (user.agency_id is not None and target.agency_id == user.agency_id)


@predicate
def event_in_users_agency(user: Any, event: Any) -> bool:
    return event is None or (user.agency_id is not None and event.agency_id == user.agency_id)


@predicate
def reads_aggregates(user: Any) -> bool:
    return _has_any(user, AGGREGATE_READERS)


@predicate
def started_the_job(user: Any, job: Any) -> bool:
    return job is not None and job.created_by_id == user.pk


can_view_person = is_active_staff & reads_persons & person_in_users_agency
can_change_person = is_active_staff & writes_persons & person_in_users_agency
can_add_person = is_active_staff & writes_persons
can_manage_user = is_active_staff & (is_system_admin | (is_agency_admin & target_in_users_agency))
can_view_audit = is_active_staff & (is_system_admin | (is_agency_admin & event_in_users_agency))

add_perm("people.view_person", can_view_person)
add_perm("people.view_person_list", is_active_staff & reads_persons)
add_perm("people.change_person", can_change_person)
add_perm("people.add_person", can_add_person)
add_perm("accounts.manage_user", can_manage_user)
add_perm("accounts.manage_agency", is_active_staff & is_system_admin)
add_perm("audit.view_accessevent", can_view_audit)
add_perm("core.manage_keys", is_active_staff & is_system_admin)
add_perm("core.view_job", is_active_staff & (is_system_admin | started_the_job))
add_perm("reports.view_aggregates", is_active_staff & reads_aggregates)


# --- list scopes (the same rules as Q filters) ------------------------------------------------------
def person_scope(user: Any) -> Q:
    if not (is_active_staff(user) and reads_persons(user)):
        return NOTHING
    return Q(registered_by_agency_id=user.agency_id)


def user_scope(user: Any) -> Q:
    if not is_active_staff(user):
        return NOTHING
    if is_system_admin(user):
        return Q()
    if is_agency_admin(user):
        return Q(agency_id=user.agency_id)
    return NOTHING


def audit_scope(user: Any) -> Q:
    if not is_active_staff(user):
        return NOTHING
    if is_system_admin(user):
        return Q()
    if is_agency_admin(user):
        return Q(agency_id=user.agency_id)
    return NOTHING


def assignable_roles(user: Any) -> list[Role]:
    """Roles this user may give to others: nobody but a system administrator makes one."""
    if is_system_admin(user):
        return list(Role)
    if is_agency_admin(user):
        return [r for r in Role if r != Role.SYSTEM_ADMIN]
    return []


def assignable_agency_ids(user: Any) -> Q:
    if is_system_admin(user):
        return Q()
    if is_agency_admin(user):
        return Q(pk=user.agency_id)
    return NOTHING


# --- navigation -----------------------------------------------------------------------------------
def navigation_for(user: Any) -> list[dict[str, str]]:
    """The menu a user sees: only what the rules above allow."""
    items: list[tuple[bool, Any, str]] = [
        (True, _("Home"), "web:home"),
        (bool(reads_persons(user)), _("Persons"), "people:list"),
        (bool(writes_persons(user)), _("Register a person"), "people:create"),
        (bool(can_manage_user(user, None)), _("Users"), "accounts:user_list"),
        (bool(is_active_staff(user) and is_system_admin(user)), _("Agencies"), "accounts:agency_list"),
        (bool(can_view_audit(user, None)), _("Access log"), "audit:list"),
        (bool(is_active_staff(user) and is_system_admin(user)), _("Encryption keys"), "web:keys"),
    ]
    return [{"label": str(label), "url": reverse(name), "name": name} for ok, label, name in items if ok]


def is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
