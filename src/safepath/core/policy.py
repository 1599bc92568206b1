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
# Case work: shelter staff read their agency's cases; counsellors, caseworkers and supervisors work them.
CASE_READERS = PERSON_READERS
CASE_WRITERS = frozenset({Role.COUNSELLOR, Role.CASEWORKER, Role.SUPERVISOR})
INTAKE_HANDLERS = CASE_WRITERS
CONSULTATION_READERS = CASE_WRITERS
SUPERVISORS = frozenset({Role.SUPERVISOR})
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


@predicate
def reads_cases(user: Any) -> bool:
    return _has_any(user, CASE_READERS)


@predicate
def writes_cases(user: Any) -> bool:
    return _has_any(user, CASE_WRITERS)


@predicate
def handles_intake(user: Any) -> bool:
    return _has_any(user, INTAKE_HANDLERS)


@predicate
def is_supervisor(user: Any) -> bool:
    return _has_any(user, SUPERVISORS)


@predicate
def record_in_users_agency(user: Any, record: Any) -> bool:
    """Cases, intake items and consultations belong to one agency (`record.agency_id`)."""
    return record is not None and user.agency_id is not None and record.agency_id == user.agency_id


@predicate
def on_case_team(user: Any, case: Any) -> bool:
    return case is not None and user.pk is not None and user.pk in (case.caseworker_id, case.supervisor_id)


@predicate
def case_open_to_agency(user: Any, case: Any) -> bool:
    """A highly sensitive case is open only to its assigned caseworker and supervisor."""
    return case is not None and (not case.highly_sensitive or on_case_team(user, case))


@predicate
def case_not_closed(user: Any, case: Any) -> bool:
    return case is not None and case.status != "closed"


@predicate
def supervises_case(user: Any, case: Any) -> bool:
    """The case's supervisor; any supervisor of the agency while none is assigned."""
    return case is not None and (case.supervisor_id is None or case.supervisor_id == user.pk)


can_view_person = is_active_staff & reads_persons & person_in_users_agency
can_change_person = is_active_staff & writes_persons & person_in_users_agency
can_add_person = is_active_staff & writes_persons
can_manage_user = is_active_staff & (is_system_admin | (is_agency_admin & target_in_users_agency))
can_view_audit = is_active_staff & (is_system_admin | (is_agency_admin & event_in_users_agency))

can_view_case = is_active_staff & reads_cases & record_in_users_agency & case_open_to_agency
can_work_case = is_active_staff & writes_cases & record_in_users_agency & case_open_to_agency & case_not_closed
can_assign_case = is_active_staff & is_supervisor & record_in_users_agency & case_open_to_agency
can_approve_closure = can_assign_case & supervises_case & case_not_closed
can_reopen_case = can_assign_case & ~case_not_closed


def _of_case(case_rule: Any, name: str) -> Any:
    """A rule about a case's record (an assessment, a care plan) is the rule about its case."""

    def test(user: Any, record: Any) -> bool:
        return record is not None and bool(case_rule(user, getattr(record, "case", None)))

    test.__name__ = name
    return predicate(test)


# Screening answers are a person's own account of what happened: only the staff who work cases read them.
can_view_case_assessments = writes_cases & can_view_case
can_view_assessment = _of_case(can_view_case_assessments, "assessment_case_viewable")
can_change_assessment = _of_case(can_work_case, "assessment_case_workable")
# Care plans are read by everyone who reads the case (shelter staff deliver planned services).
can_view_plan = _of_case(can_view_case, "plan_case_viewable")
can_change_plan = _of_case(can_work_case, "plan_case_workable")
can_approve_plan = is_supervisor & _of_case(can_work_case & supervises_case, "plan_case_supervised")

add_perm("people.view_person", can_view_person)
add_perm("cases.view_case", can_view_case)
add_perm("cases.view_case_list", is_active_staff & reads_cases)
add_perm("cases.add_case", is_active_staff & writes_cases)
add_perm("cases.change_case", can_work_case)
add_perm("cases.assign_case", can_assign_case)
add_perm("cases.approve_closure", can_approve_closure)
add_perm("cases.reopen_case", can_reopen_case)
add_perm("cases.view_caseload", is_active_staff & is_supervisor)
add_perm("cases.view_intake", is_active_staff & handles_intake & record_in_users_agency)
add_perm("cases.view_intake_list", is_active_staff & handles_intake)
add_perm("cases.add_intake", is_active_staff & handles_intake)
add_perm("cases.change_intake", is_active_staff & handles_intake & record_in_users_agency)
add_perm("cases.view_consultation", is_active_staff & writes_cases & record_in_users_agency)
add_perm("cases.view_consultation_list", is_active_staff & writes_cases)
add_perm("cases.add_consultation", is_active_staff & writes_cases)
add_perm("cases.change_consultation", is_active_staff & writes_cases & record_in_users_agency)
add_perm("screening.view_assessment", can_view_assessment)
add_perm("screening.view_case_assessments", can_view_case_assessments)
add_perm("screening.add_assessment", can_work_case)
add_perm("screening.change_assessment", can_change_assessment)
add_perm("screening.apply_assessment", can_change_assessment)
add_perm("screening.evaluate", is_active_staff & writes_cases)
add_perm("plans.view_plan", can_view_plan)
add_perm("plans.add_plan", can_work_case)
add_perm("plans.change_plan", can_change_plan)
add_perm("plans.approve_plan", can_approve_plan)
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


def case_scope(user: Any, prefix: str = "") -> Q:
    """Cases a user may open: their agency's, less the highly sensitive ones they are not assigned to.

    With `prefix="case__"`, the same rule over records that belong to a case.
    """
    if not (is_active_staff(user) and reads_cases(user)):
        return NOTHING
    p = prefix
    return Q(**{f"{p}agency_id": user.agency_id}) & (
        Q(**{f"{p}highly_sensitive": False}) | Q(**{f"{p}caseworker_id": user.pk}) | Q(**{f"{p}supervisor_id": user.pk})
    )


def assessment_scope(user: Any) -> Q:
    if not writes_cases(user):
        return NOTHING
    return case_scope(user, prefix="case__")


def plan_scope(user: Any) -> Q:
    return case_scope(user, prefix="case__")


def intake_scope(user: Any) -> Q:
    if not (is_active_staff(user) and handles_intake(user)):
        return NOTHING
    return Q(agency_id=user.agency_id)


def consultation_scope(user: Any) -> Q:
    if not (is_active_staff(user) and writes_cases(user)):
        return NOTHING
    return Q(agency_id=user.agency_id)


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
        (bool(handles_intake(user)), _("Intake"), "cases:intake_list"),
        (bool(reads_cases(user)), _("Cases"), "cases:case_list"),
        (bool(writes_cases(user)), _("Consultations"), "cases:consultation_list"),
        (bool(writes_cases(user)), _("Tasks"), "cases:task_list"),
        (bool(reads_persons(user)), _("Persons"), "people:list"),
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
