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

from safepath.core.roles import AgencyType, Role

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
# Shelters: shelter staff admit, extend and discharge alongside the case workers.
SHELTER_WORKERS = CASE_WRITERS | {Role.SHELTER_STAFF}
# Referrals received: whoever takes in people (case workers, shelter staff) answers them.
REFERRAL_HANDLERS = SHELTER_WORKERS
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
    """Registered by the user's agency, or the person of a case the agency now holds (a transfer)."""
    if person is None or user.agency_id is None:
        return False
    if person.registered_by_agency_id == user.agency_id:
        return True
    from django.apps import apps

    return bool(apps.get_model("cases", "Case").objects.filter(person=person, agency_id=user.agency_id).exists())


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


# --- the referral network (directory, referrals, transfers), shelters, reintegration, feedback ----
@predicate
def works_shelters(user: Any) -> bool:
    return _has_any(user, SHELTER_WORKERS)


@predicate
def agency_runs_shelter(user: Any) -> bool:
    """The user's agency takes people in: a reception centre or shelter, or any agency with a facility.

    Remembered on the user object for the request (the menu asks on every page).
    """
    if user.agency_id is None:
        return False
    known = getattr(user, "_sp_runs_shelter", None)
    if known is None:
        from django.apps import apps

        facility = apps.get_model("shelters", "Facility")
        known = user.agency.type == AgencyType.SHELTER or facility.objects.filter(agency_id=user.agency_id).exists()
        user._sp_runs_shelter = known
    return bool(known)


@predicate
def handles_referrals(user: Any) -> bool:
    return _has_any(user, REFERRAL_HANDLERS)


@predicate
def keeps_provider(user: Any, provider: Any) -> bool:
    """An agency administrator keeps their own agency's entry and the outside organisations it added."""
    return (
        provider is not None
        and user.agency_id is not None
        and user.agency_id
        in (
            getattr(provider, "agency_id", None),
            getattr(provider, "keeper_agency_id", None),
        )
    )


@predicate
def facility_in_users_agency(user: Any, facility: Any) -> bool:
    return facility is not None and user.agency_id is not None and facility.agency_id == user.agency_id


@predicate
def stay_in_users_agency(user: Any, stay: Any) -> bool:
    return stay is not None and facility_in_users_agency(user, stay.facility)


@predicate
def group_in_users_agency(user: Any, group: Any) -> bool:
    return group is not None and user.agency_id is not None and group.agency_id == user.agency_id


@predicate
def network_of_users_agency(user: Any, record: Any) -> bool:
    """An agency's stakeholder network: the agency itself, or one of its contacts (`record.agency_id`)."""
    if record is None or user.agency_id is None:
        return False
    return bool(getattr(record, "agency_id", getattr(record, "pk", None)) == user.agency_id)


@predicate
def received_by_users_agency(user: Any, record: Any) -> bool:
    """A referral or transfer addressed to the user's agency."""
    return record is not None and user.agency_id is not None and record.to_agency_id == user.agency_id


@predicate
def sent_from_viewable_case(user: Any, record: Any) -> bool:
    """The sending side reads a referral or transfer through the case it was sent from."""
    return record is not None and record.case_id is not None and bool(can_view_case(user, record.case))


@predicate
def sent_from_workable_case(user: Any, record: Any) -> bool:
    return record is not None and record.case_id is not None and bool(can_work_case(user, record.case))


@predicate
def worked_on_before_transfer(user: Any, case: Any) -> bool:
    """The caseworker or supervisor of a case before it moved to another agency (they read its history)."""
    if case is None or user.pk is None or user.agency_id is None:
        return False
    from django.apps import apps

    transfers = apps.get_model("referrals", "CaseTransfer").objects.filter(
        case=case, status="accepted", from_agency_id=user.agency_id
    )
    return bool(transfers.filter(Q(from_caseworker_id=user.pk) | Q(from_supervisor_id=user.pk)).exists())


can_view_case_history = is_active_staff & reads_cases & ~record_in_users_agency & worked_on_before_transfer
can_keep_directory = is_active_staff & (is_system_admin | is_agency_admin)
can_change_provider = is_active_staff & (is_system_admin | (is_agency_admin & keeps_provider))
can_admit = is_active_staff & works_shelters & record_in_users_agency & case_open_to_agency & case_not_closed
can_view_facility = is_active_staff & works_shelters & facility_in_users_agency
can_manage_facility = is_active_staff & (is_system_admin | (is_agency_admin & facility_in_users_agency))
can_change_stay = is_active_staff & works_shelters & stay_in_users_agency
can_approve_extension = is_active_staff & is_supervisor & stay_in_users_agency
can_view_reintegration = _of_case(can_view_case, "reintegration_case_viewable")
can_change_reintegration = _of_case(can_work_case, "reintegration_case_workable")
can_view_group = is_active_staff & writes_cases & group_in_users_agency
can_answer_referral = is_active_staff & handles_referrals & received_by_users_agency
can_view_referral = sent_from_viewable_case | can_answer_referral
can_change_referral = is_active_staff & writes_cases & sent_from_workable_case
can_view_transfer = sent_from_viewable_case | (is_active_staff & writes_cases & received_by_users_agency)
can_answer_transfer = is_active_staff & is_supervisor & received_by_users_agency

add_perm("cases.view_case_history", can_view_case_history)
add_perm("directory.view_provider", is_active_staff)
add_perm("directory.add_provider", can_keep_directory)
add_perm("directory.change_provider", can_change_provider)
add_perm("directory.change_network", can_keep_directory & network_of_users_agency)
add_perm("referrals.view_inbox", is_active_staff & handles_referrals)
add_perm("referrals.add_referral", can_work_case)
add_perm("referrals.view_referral", can_view_referral)
add_perm("referrals.change_referral", can_change_referral)
add_perm("referrals.answer_referral", can_answer_referral)
add_perm("referrals.add_transfer", can_work_case)
add_perm("referrals.view_transfer", can_view_transfer)
add_perm("referrals.answer_transfer", can_answer_transfer)
add_perm("shelters.view_facility_list", is_active_staff & works_shelters & agency_runs_shelter)
add_perm("shelters.view_facility", can_view_facility)
add_perm("shelters.manage_facility", can_manage_facility)
add_perm("shelters.add_facility", is_active_staff & (is_system_admin | is_agency_admin))
add_perm("shelters.admit", can_admit)
add_perm("shelters.view_stay", can_change_stay)
add_perm("shelters.change_stay", can_change_stay)
add_perm("shelters.approve_extension", can_approve_extension)
add_perm("reintegration.view_plan", can_view_reintegration)
add_perm("reintegration.add_plan", can_work_case)
add_perm("reintegration.change_plan", can_change_reintegration)
add_perm("reintegration.view_group_list", is_active_staff & writes_cases)
add_perm("reintegration.add_group", is_active_staff & writes_cases)
add_perm("reintegration.view_group", can_view_group)
add_perm("reintegration.change_group", can_view_group)
add_perm("feedback.add_feedback", can_work_case)
add_perm("feedback.view_summary", is_active_staff & reads_aggregates)
# Free-text comments may name people: the agency's supervisors read those given at their agency.
add_perm("feedback.view_comments", is_active_staff & reads_aggregates & is_supervisor)
add_perm("notifications.view_notifications", is_active_staff)

# --- issue 6: recruiters (licence list) ---------------------------------------------------------
# The list of licensed enterprises is public information: every active staff member reads it (the
# public check in the portal needs no login at all). Importing a new list, reading the import history
# and putting an earlier list back in force: system administrators and outreach officers.
LICENCE_LIST_KEEPERS = frozenset({Role.SYSTEM_ADMIN, Role.OUTREACH_OFFICER})


@predicate
def keeps_licence_list(user: Any) -> bool:
    return _has_any(user, LICENCE_LIST_KEEPERS)


add_perm("recruiters.view_enterprise", is_active_staff)
add_perm("recruiters.import_licences", is_active_staff & keeps_licence_list)
add_perm("recruiters.view_import", is_active_staff & keeps_licence_list)


def licence_import_scope(user: Any) -> Q:
    return Q() if is_active_staff(user) and keeps_licence_list(user) else NOTHING


# --- issue 6: outreach (events, materials) -------------------------------------------------------
# Outreach officers, counsellors and supervisors record and edit their agency's events and stock.
# Trainees' names (registered participants) only to the agency's outreach officers and supervisors.
# Figures (aggregates, never names): analysts, supervisors and system administrators for every
# agency; the other outreach workers for their own agency.
OUTREACH_WORKERS = frozenset({Role.OUTREACH_OFFICER, Role.COUNSELLOR, Role.SUPERVISOR})
OUTREACH_PARTICIPANT_READERS = frozenset({Role.OUTREACH_OFFICER, Role.SUPERVISOR})


@predicate
def works_outreach(user: Any) -> bool:
    return _has_any(user, OUTREACH_WORKERS)


@predicate
def reads_outreach_participants(user: Any) -> bool:
    return _has_any(user, OUTREACH_PARTICIPANT_READERS)


@predicate
def material_added_by_users_agency(user: Any, material: Any) -> bool:
    return material is not None and user.agency_id is not None and material.agency_id == user.agency_id


can_work_outreach = is_active_staff & works_outreach
can_change_outreach_event = can_work_outreach & record_in_users_agency
add_perm("outreach.view_event_list", can_work_outreach)
add_perm("outreach.add_event", can_work_outreach)
add_perm("outreach.view_event", can_change_outreach_event)
add_perm("outreach.change_event", can_change_outreach_event)
add_perm("outreach.delete_event", can_change_outreach_event)
can_read_outreach_participants = is_active_staff & reads_outreach_participants & record_in_users_agency
add_perm("outreach.view_participants", can_read_outreach_participants)
add_perm("outreach.change_participants", can_read_outreach_participants)
add_perm("outreach.view_material_list", can_work_outreach)
add_perm("outreach.add_material", can_work_outreach)
add_perm("outreach.change_material", can_work_outreach & material_added_by_users_agency)
add_perm("outreach.change_stock", can_work_outreach)
add_perm("outreach.view_figures", is_active_staff & (reads_aggregates | works_outreach))


def outreach_event_scope(user: Any) -> Q:
    """Events a user may open and edit: their agency's, for its outreach workers."""
    if not can_work_outreach(user):
        return NOTHING
    return Q(agency_id=user.agency_id)


def outreach_participant_scope(user: Any) -> Q:
    """Registered participants whose names a user may read: their agency's trainings, officers and supervisors."""
    if not (is_active_staff(user) and reads_outreach_participants(user)):
        return NOTHING
    return Q(event__agency_id=user.agency_id)


def outreach_figures_scope(user: Any) -> Q:
    """Events counted in the figures a user sees: every agency's for aggregate readers, else their own."""
    if not is_active_staff(user):
        return NOTHING
    if reads_aggregates(user):
        return Q()
    if works_outreach(user):
        return Q(agency_id=user.agency_id)
    return NOTHING


# --- issue 6: portal (country profiles, visit statistics) ----------------------------------------
# Profiles are national public content: outreach officers and system administrators write them; a
# second person (another writer, or any supervisor) publishes. Nobody who wrote in a version publishes it.
PORTAL_EDITORS = frozenset({Role.OUTREACH_OFFICER, Role.SYSTEM_ADMIN})
PORTAL_REVIEWERS = PORTAL_EDITORS | SUPERVISORS
PORTAL_VISIT_READERS = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.OUTREACH_OFFICER, Role.SYSTEM_ADMIN})


@predicate
def edits_portal(user: Any) -> bool:
    return _has_any(user, PORTAL_EDITORS)


@predicate
def reviews_portal(user: Any) -> bool:
    return _has_any(user, PORTAL_REVIEWERS)


@predicate
def reads_portal_visits(user: Any) -> bool:
    return _has_any(user, PORTAL_VISIT_READERS)


@predicate
def did_not_write_version(user: Any, version: Any) -> bool:
    """Neither the author nor anyone who edited this version."""
    if version is None or user.pk is None:
        return False
    return user.pk != version.author_id and user.pk not in set(version.edited_by or [])


@predicate
def version_in_review(user: Any, version: Any) -> bool:
    return version is not None and version.status == "in_review"


add_perm("portal.view_profiles", is_active_staff & reviews_portal)
add_perm("portal.edit_profiles", is_active_staff & edits_portal)
add_perm("portal.publish_version", is_active_staff & reviews_portal & version_in_review & did_not_write_version)
add_perm("portal.view_visits", is_active_staff & reads_portal_visits)
# Staff who triage intake find a web help request by the reference code the person quotes.
add_perm("portal.find_help_request", is_active_staff & handles_intake)

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


# --- issue 7: reports (indicators, dashboards, reports, de-identified exports) ------------------------
# Analysts (ministries, IOM) and system administrators count every agency, and always see small cells
# suppressed: they are outside the agencies whose people are counted. Supervisors count their own
# agency, exactly, on screen. Whatever leaves SafePath (report files, HXL, DHIS2) is suppressed for all.
# The case-level CTDC/HTCDS export is k-anonymous but still one row per person: system administrators
# (national release) and supervisors (their agency) only, never analysts.
@predicate
def counts_every_agency(user: Any) -> bool:
    return _has_any(user, frozenset({Role.ANALYST, Role.SYSTEM_ADMIN}))


add_perm("reports.view_aggregates", is_active_staff & reads_aggregates)
add_perm("reports.request_report", is_active_staff & reads_aggregates)
add_perm("reports.schedule_report", is_active_staff & reads_aggregates & (is_supervisor | is_system_admin))
add_perm("reports.export_aggregates", is_active_staff & reads_aggregates)
add_perm("reports.export_case_level", is_active_staff & (is_system_admin | is_supervisor))


def aggregate_agencies(user: Any) -> frozenset[str] | None:
    """The agencies whose records a user's figures count: None for all; an empty set for none."""
    if not (is_active_staff(user) and reads_aggregates(user)):
        return frozenset()
    if counts_every_agency(user):
        return None
    return frozenset({str(user.agency_id)}) if user.agency_id else frozenset()


def case_level_agencies(user: Any) -> frozenset[str] | None:
    """The agencies whose cases go into a user's k-anonymous case-level export (None: all)."""
    if not (is_active_staff(user) and (is_system_admin(user) or is_supervisor(user))):
        return frozenset()
    if is_system_admin(user):
        return None
    return frozenset({str(user.agency_id)}) if user.agency_id else frozenset()


def sees_exact_figures(user: Any) -> bool:
    """On screen, small cells are shown only to agency staff counting their own agency."""
    return bool(is_active_staff(user) and reads_aggregates(user) and not counts_every_agency(user))


def report_scope(user: Any) -> Q:
    """Generated reports a user may open: their own; a supervisor's agency's; all for system admins."""
    if not (is_active_staff(user) and reads_aggregates(user)):
        return NOTHING
    if is_system_admin(user):
        return Q()
    q = Q(created_by_id=user.pk)
    if is_supervisor(user) and user.agency_id:
        q |= Q(agency_id=user.agency_id)
    return q


# --- list scopes (the same rules as Q filters) ------------------------------------------------------
def person_scope(user: Any) -> Q:
    if not (is_active_staff(user) and reads_persons(user)):
        return NOTHING
    from django.apps import apps

    held = apps.get_model("cases", "Case").objects.filter(agency_id=user.agency_id).values("person_id")
    return Q(registered_by_agency_id=user.agency_id) | Q(pk__in=held)


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


def provider_scope(user: Any) -> Q:
    return Q() if is_active_staff(user) else NOTHING


def network_scope(user: Any) -> Q:
    """Stakeholder contacts: every member of staff reads their own agency's network."""
    return Q(agency_id=user.agency_id) if is_active_staff(user) and user.agency_id else NOTHING


def feedback_comment_scope(user: Any) -> Q:
    """Feedback whose comments the user may read: given at their agency, for its supervisors."""
    return Q(agency_id=user.agency_id) if user.has_perm("feedback.view_comments") else NOTHING


def facility_scope(user: Any) -> Q:
    """Facilities the user works in: shelter staff and case workers of the agency."""
    if not (is_active_staff(user) and works_shelters(user)):
        return NOTHING
    return Q(agency_id=user.agency_id)


def facility_keeper_scope(user: Any) -> Q:
    """Facilities the user works in or keeps: agency administrators their agency's, system administrators
    every one (the list and settings, without the people in the beds)."""
    if is_active_staff(user) and is_system_admin(user):
        return Q()
    if is_active_staff(user) and is_agency_admin(user):
        return facility_scope(user) | Q(agency_id=user.agency_id)
    return facility_scope(user)


def stay_scope(user: Any) -> Q:
    if not (is_active_staff(user) and works_shelters(user)):
        return NOTHING
    return Q(facility__agency_id=user.agency_id)


def reintegration_scope(user: Any) -> Q:
    return case_scope(user, prefix="case__")


def group_scope(user: Any) -> Q:
    if not (is_active_staff(user) and writes_cases(user)):
        return NOTHING
    return Q(agency_id=user.agency_id)


def inbox_scope(user: Any) -> Q:
    """Referrals addressed to the user's agency (only their shared fields are ever shown)."""
    if not (is_active_staff(user) and handles_referrals(user)):
        return NOTHING
    return Q(to_agency_id=user.agency_id)


def sent_scope(user: Any) -> Q:
    """Referrals and transfers sent from cases the user may open."""
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
        (bool(is_active_staff(user) and handles_referrals(user)), _("Referrals"), "referrals:inbox"),
        (
            bool(user.has_perm("shelters.view_facility_list") or user.has_perm("shelters.add_facility")),
            _("Shelters"),
            "shelters:facility_list",
        ),
        (bool(is_active_staff(user) and writes_cases(user)), _("Self-help groups"), "reintegration:group_list"),
        (bool(is_active_staff(user)), _("Directory"), "directory:list"),
        (bool(user.has_perm("reports.view_aggregates")), _("Statistics"), "reports:dashboard"),
        (bool(user.has_perm("outreach.view_event_list")), _("Outreach"), "outreach:event_list"),
        (bool(user.has_perm("portal.view_profiles")), _("Portal"), "portal:profile_list"),
        (bool(user.has_perm("recruiters.import_licences")), _("Licensed recruiters"), "recruiters:enterprise_list"),
        (
            bool(user.has_perm("outreach.view_figures") and not user.has_perm("outreach.view_event_list")),
            _("Outreach"),
            "outreach:figures",
        ),
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
