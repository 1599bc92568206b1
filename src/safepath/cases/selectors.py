"""Reads of case management. Every function applies the policy and writes the access log.

Details go through one access function per record type (404 for missing and forbidden alike);
lists apply the same rule as a queryset filter and are audited as one entry holding the ids shown.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case as DbCase
from django.db.models import Count, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import User
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.choices import CaseStatus, IntakeStatus, TaskStatus
from safepath.cases.models import Attachment, Case, Consent, Consultation, IntakeItem, Note, Task
from safepath.core import policy
from safepath.core.roles import Role

CASE_NUMBER = re.compile(r"^[A-Z0-9-]*-?\d{4}-\d{1,6}$|^\d{1,6}$")
PAGE_SIZE = 25


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def _where(qs: QuerySet[Any], **lookups: Any) -> QuerySet[Any]:
    """The queryset filtered on each lookup that has a value (an empty filter field filters nothing)."""
    return qs.filter(**{k: v for k, v in lookups.items() if v not in (None, "")})


def _page(qs: QuerySet[Any], page_no: Any, size: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(qs, size).get_page(page_no)


# --- cases ----------------------------------------------------------------------------------------------
def case_queryset_visible_to(*, user: Any) -> QuerySet[Case]:
    """Cases the user may open, unaudited: for callers that audit what they show."""
    return Case.objects.filter(policy.case_scope(user)).select_related(
        "person", "caseworker", "supervisor", "destination_country", "agency"
    )


def access_case_by_id(*, user: Any, case_id: Any, purpose: str = "view") -> Case:
    """The case, if the user may open it; 404 for missing and forbidden alike. Audited with its person."""
    case = (
        Case.objects.select_related(
            "person",
            "person__origin_province",
            "person__origin_legacy_province",
            "agency",
            "caseworker",
            "supervisor",
            "destination_country",
            "closure_requested_by",
        )
        .filter(pk=_uuid(case_id))
        .first()
    )
    if case is None or not user.has_perm("cases.view_case", case):
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT if purpose == "pdf" else Action.VIEW,
        object_type="case",
        object_ids=[case.pk],
        purpose=purpose,
        also={"person": [case.person_id]},
    )
    return case


def access_case_history(*, user: Any, case_id: Any) -> tuple[Case, Any]:
    """A case that moved away from the user's team, with the transfer that ends what they may read.

    404 unless the user was its caseworker or supervisor when it moved. Audited like any case read.
    """
    from safepath.referrals.selectors import accepted_transfer_for

    case = Case.objects.select_related("person", "agency", "caseworker", "supervisor").filter(pk=_uuid(case_id)).first()
    if case is None or not user.has_perm("cases.view_case_history", case):
        raise Http404
    transfer = accepted_transfer_for(user=user, case=case)
    if transfer is None:
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="case",
        object_ids=[case.pk],
        purpose="history",
        also={"person": [case.person_id]},
    )
    return case, transfer


def access_case_by_number(*, user: Any, number: str) -> Case | None:
    """A case by its exact number, when the user may open it (not audited: the caller opens it)."""
    return Case.objects.filter(policy.case_scope(user), number=number.strip().upper()).first()


@dataclass
class CaseFilters:
    q: str = ""
    status: str = ""
    case_type: str = ""
    risk_level: str = ""
    caseworker_id: int | None = None
    province_id: str = ""
    legacy_province_id: str = ""
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    mine: bool = False


def _case_search(qs: QuerySet[Case], *, user: Any, filters: CaseFilters) -> tuple[QuerySet[Case], tuple[str, ...]]:
    from safepath.people.selectors import parse_search, person_search_queryset

    kinds: tuple[str, ...] = ()
    text = filters.q.strip()
    if text:
        upper = text.upper().replace(" ", "")
        if CASE_NUMBER.match(upper):
            kinds = ("number",)
            qs = (
                qs.filter(number__iexact=upper)
                if not upper.isdigit()
                else qs.filter(number__endswith=f"-{int(upper):06d}")
            )
        else:
            terms = parse_search(text)
            kinds = terms.kinds
            persons = person_search_queryset(user=user, terms=terms).values("pk") if terms.kinds else None
            qs = qs.filter(person_id__in=persons) if persons is not None else qs
    if filters.status == "open":
        qs = qs.exclude(status=CaseStatus.CLOSED)
    elif filters.status == "closure_pending":
        qs = qs.filter(closure_requested_at__isnull=False).exclude(status=CaseStatus.CLOSED)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.mine:
        qs = qs.filter(Q(caseworker_id=user.pk) | Q(supervisor_id=user.pk))
    return _where(
        qs,
        case_type=filters.case_type,
        risk_level=filters.risk_level,
        caseworker_id=filters.caseworker_id,
        person__origin_province_id=filters.province_id,
        person__origin_legacy_province_id=filters.legacy_province_id,
        opened_on__gte=filters.opened_from,
        opened_on__lte=filters.opened_to,
    ), kinds


def case_list(*, user: Any, filters: CaseFilters, page: Any = 1) -> Page[Case]:
    """A page of the cases the user may open, filtered. One audit entry with the case and person ids shown."""
    if not user.has_perm("cases.view_case_list"):
        raise Http404
    qs, kinds = _case_search(case_queryset_visible_to(user=user), user=user, filters=filters)
    result = _page(qs.order_by("-opened_on", "-created_at"), page)
    cases = list(result.object_list)
    used = [k for k, v in vars(filters).items() if v and k != "q"]
    audit_record(
        actor=user,
        action=Action.SEARCH if kinds else Action.LIST,
        object_type="case",
        object_ids=[c.pk for c in cases],
        detail={"by": list(kinds) + used, "results": result.paginator.count},
        also={"person": [c.person_id for c in cases]},
    )
    return result


def case_assignable_users(*, case: Case) -> dict[str, list[User]]:
    base = User.objects.filter(agency_id=case.agency_id, is_active=True).order_by("first_name", "username")
    return {
        "caseworkers": list(base.filter(user_roles__role__in=[Role.CASEWORKER, Role.SUPERVISOR]).distinct()),
        "supervisors": list(base.filter(user_roles__role=Role.SUPERVISOR).distinct()),
    }


def agency_workers(*, user: Any) -> list[User]:
    """Colleagues who can carry cases or tasks, for filters and assignment menus."""
    if not policy.is_active_staff(user):
        return []
    return list(
        User.objects.filter(
            agency_id=user.agency_id,
            is_active=True,
            user_roles__role__in=[Role.CASEWORKER, Role.SUPERVISOR, Role.COUNSELLOR, Role.SHELTER_STAFF],
        )
        .distinct()
        .prefetch_related("user_roles")  # the dashboard reads each worker's roles
        .order_by("first_name", "username")
    )


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    actor: Any
    obj: Any


def case_notes(*, case: Case) -> list[Note]:
    """The notes of a case already opened through access_case_by_id (audited there)."""
    return list(Note.objects.filter(case=case).select_related("author"))


def case_tasks(*, case: Case) -> list[Task]:
    """The tasks of a case already opened through access_case_by_id, open ones first by due date."""
    tasks = Task.objects.filter(case=case).select_related("assigned_to", "created_by", "completed_by")
    return list(tasks.order_by("status", "due_on"))


def case_content(*, case: Case, until: Any = None) -> dict[str, Any]:
    """Notes, tasks, consents, attachments and contacts of a case already opened through access_case_by_id.

    With `until` (a moment), only what was recorded up to then: the history a former team may read.
    """
    notes, tasks = case_notes(case=case), case_tasks(case=case)
    consents = list(
        Consent.objects.filter(Q(case=case) | Q(person_id=case.person_id, case__isnull=True)).select_related(
            "recipient_agency", "recorded_by"
        )
    )
    attachments = list(Attachment.objects.filter(case=case).defer("content").select_related("uploaded_by"))
    contacts = list(case.recruiter_contacts.all())
    consultations = list(Consultation.objects.filter(case=case).select_related("counsellor"))
    if until is not None:
        notes = [n for n in notes if n.created_at <= until]
        tasks = [t for t in tasks if t.created_at <= until]
        consents = [c for c in consents if c.created_at <= until]
        attachments = [a for a in attachments if a.created_at <= until]
        contacts = [c for c in contacts if c.created_at <= until]
        consultations = [c for c in consultations if c.created_at <= until]
    return {
        "notes": notes,
        "tasks": tasks,
        "consents": consents,
        "attachments": attachments,
        "recruiter_contacts": contacts,
        "transit_countries": list(case.transit_countries.all()),
        "consultations": consultations,
    }


def case_timeline(*, case: Case, content: dict[str, Any], until: Any = None) -> list[TimelineEntry]:
    """Everything that happened on a case, newest first, from its `case_content` and its history."""
    events = case.events.select_related("actor")
    if until is not None:
        events = events.filter(at__lte=until)
    entries = [TimelineEntry(ev.at, f"event:{ev.kind}", ev.actor, ev) for ev in events]
    entries += [TimelineEntry(n.created_at, "note", n.author, n) for n in content["notes"]]
    for task in content["tasks"]:
        entries.append(TimelineEntry(task.created_at, "task", task.created_by, task))
        if task.completed_at:
            entries.append(TimelineEntry(task.completed_at, "task_done", task.completed_by, task))
    # The person's consents not tied to this case are shown on it, but did not happen on it.
    entries += [TimelineEntry(c.created_at, "consent", c.recorded_by, c) for c in content["consents"] if c.case_id]
    entries += [TimelineEntry(a.created_at, "attachment", a.uploaded_by, a) for a in content["attachments"]]
    entries += [TimelineEntry(c.created_at, "consultation", c.counsellor, c) for c in content["consultations"]]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def person_cases(*, user: Any, person: Any) -> list[Case]:
    """The cases of a person (already opened by the caller, who audited it) that the user may open."""
    return list(case_queryset_visible_to(user=user).filter(person=person).order_by("-opened_on"))


def access_attachment(*, user: Any, attachment_id: Any) -> Attachment:
    """An attachment for download, when its case or intake item is open to the user. Audited as an export."""
    att = Attachment.objects.select_related("case", "intake").filter(pk=_uuid(attachment_id)).first()
    if att is None:
        raise Http404
    if att.case is not None:
        allowed = user.has_perm("cases.view_case", att.case)
    else:
        allowed = att.intake is not None and user.has_perm("cases.view_intake", att.intake)
    if not allowed:
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="attachment",
        object_ids=[att.pk],
        purpose="download",
        also={"case": [att.case_id] if att.case_id else [], "intake": [att.intake_id] if att.intake_id else []},
    )
    return att


# --- intake ---------------------------------------------------------------------------------------------
def intake_list(*, user: Any, status: str = "open", channel: str = "", page: Any = 1) -> Page[IntakeItem]:
    if not user.has_perm("cases.view_intake_list"):
        raise Http404
    qs = IntakeItem.objects.filter(policy.intake_scope(user)).select_related("assigned_to", "province")
    if status == "open":
        qs = qs.filter(status__in=[IntakeStatus.NEW, IntakeStatus.IN_REVIEW])
    elif status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    rank = DbCase(When(urgency="emergency", then=0), When(urgency="urgent", then=1), default=2)
    qs = qs.annotate(n_attachments=Count("attachments"), urgency_rank=rank).order_by("urgency_rank", "-received_at")
    result = _page(qs, page)
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="intake",
        object_ids=[i.pk for i in result.object_list],
        detail={"status": status, "results": result.paginator.count},
    )
    return result


def access_intake_by_id(*, user: Any, intake_id: Any, purpose: str = "view") -> IntakeItem:
    item = (
        IntakeItem.objects.select_related("assigned_to", "province", "destination_country", "person")
        .filter(pk=_uuid(intake_id))
        .first()
    )
    if item is None or not user.has_perm("cases.view_intake", item):
        raise Http404
    audit_record(actor=user, action=Action.VIEW, object_type="intake", object_ids=[item.pk], purpose=purpose)
    return item


def intake_attachments(*, item: IntakeItem) -> list[Attachment]:
    return list(Attachment.objects.filter(intake=item).defer("content"))


def intake_outcome(*, user: Any, item: IntakeItem) -> dict[str, Any]:
    """What an item became (a consultation, a case), as far as the user may see."""
    return {
        "consultations": list(Consultation.objects.filter(policy.consultation_scope(user), intake=item)),
        "cases": list(case_queryset_visible_to(user=user).filter(intake=item)),
    }


# --- consultations ----------------------------------------------------------------------------------------
@dataclass
class ConsultationFilters:
    held_from: dt.date | None = None
    held_to: dt.date | None = None
    channel: str = ""
    topic: str = ""
    migration_stage: str = ""
    mine: bool = False


def consultation_list(*, user: Any, filters: ConsultationFilters, page: Any = 1) -> Page[Consultation]:
    if not user.has_perm("cases.view_consultation_list"):
        raise Http404
    qs = Consultation.objects.filter(policy.consultation_scope(user)).select_related(
        "person", "counsellor", "destination_country", "province", "case"
    )
    qs = _where(
        qs,
        held_on__gte=filters.held_from,
        held_on__lte=filters.held_to,
        channel=filters.channel,
        migration_stage=filters.migration_stage,
    )
    if filters.mine:
        qs = qs.filter(counsellor=user)
    if filters.topic:
        # JSON containment is not portable to SQLite; topics are few, so filter on the text form.
        qs = qs.filter(topics__icontains=f'"{filters.topic}"')
    result = _page(qs, page)
    items = list(result.object_list)
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="consultation",
        object_ids=[c.pk for c in items],
        detail={"results": result.paginator.count},
        also={"person": [c.person_id for c in items if c.person_id]},
    )
    return result


def access_consultation_by_id(*, user: Any, consultation_id: Any, purpose: str = "view") -> Consultation:
    c = (
        Consultation.objects.select_related("person", "counsellor", "destination_country", "province", "case")
        .filter(pk=_uuid(consultation_id))
        .first()
    )
    if c is None or not user.has_perm("cases.view_consultation", c):
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="consultation",
        object_ids=[c.pk],
        purpose=purpose,
        also={"person": [c.person_id] if c.person_id else []},
    )
    return c


# --- tasks and dashboards -----------------------------------------------------------------------------------
def _tasks_visible(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(case__in=Case.objects.filter(policy.case_scope(user)).values("pk")).select_related(
        "case", "assigned_to"
    )


def task_list(*, user: Any, scope: str = "mine", overdue_only: bool = False, page: Any = 1) -> Page[Task]:
    """Open tasks: the user's own, or (supervisors) the agency's; overdue first."""
    if not user.has_perm("cases.view_case_list"):
        raise Http404
    qs = _tasks_visible(user).filter(status=TaskStatus.OPEN)
    if scope != "agency" or not policy.is_supervisor(user):
        qs = qs.filter(assigned_to=user)
    if overdue_only:
        qs = qs.filter(due_on__lt=timezone.localdate())
    result = _page(qs.order_by("due_on", "created_at"), page)
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="task",
        object_ids=[t.pk for t in result.object_list],
        detail={"scope": scope, "results": result.paginator.count},
        also={"case": sorted({str(t.case_id) for t in result.object_list})},
    )
    return result


def access_task_by_id(*, user: Any, task_id: Any) -> Task:
    task = Task.objects.select_related("case").filter(pk=_uuid(task_id)).first()
    if task is None or not user.has_perm("cases.view_case", task.case):
        raise Http404
    audit_record(
        actor=user, action=Action.VIEW, object_type="task", object_ids=[task.pk], also={"case": [task.case_id]}
    )
    return task


def access_consent_by_id(*, user: Any, consent_id: Any) -> Consent:
    consent = Consent.objects.select_related("case", "person").filter(pk=_uuid(consent_id)).first()
    if consent is None:
        raise Http404
    if consent.case is not None:
        ok = user.has_perm("cases.view_case", consent.case)
    else:
        ok = user.has_perm("people.view_person", consent.person)
    if not ok:
        raise Http404
    return consent


def worker_dashboard(*, user: Any) -> dict[str, Any]:
    """My cases, my overdue and coming tasks, the agency's new intake; for supervisors the caseload per worker.

    Lists name persons, so the shown ids are audited as one entry.
    """
    today = timezone.localdate()
    out: dict[str, Any] = {}
    if policy.reads_cases(user):
        mine = case_queryset_visible_to(user=user).filter(caseworker=user).exclude(status=CaseStatus.CLOSED)
        out["my_case_count"] = mine.count()
        out["my_cases"] = list(mine.order_by("-risk_level", "-opened_on")[:8])
        tasks = _tasks_visible(user).filter(status=TaskStatus.OPEN, assigned_to=user)
        out["overdue_tasks"] = list(tasks.filter(due_on__lt=today).order_by("due_on")[:10])
        out["overdue_count"] = tasks.filter(due_on__lt=today).count()
        out["upcoming_tasks"] = list(tasks.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7))[:10])
    if policy.handles_intake(user):
        queue = IntakeItem.objects.filter(policy.intake_scope(user), status=IntakeStatus.NEW)
        out["new_intake_count"] = queue.count()
        out["urgent_intake_count"] = queue.exclude(urgency="normal").count()
    if policy.is_supervisor(user) and policy.is_active_staff(user):
        agency_cases = Case.objects.filter(agency_id=user.agency_id).exclude(status=CaseStatus.CLOSED)
        per_worker: dict[int | None, int] = {
            row["caseworker"]: row["n"] for row in agency_cases.values("caseworker").annotate(n=Count("pk")).order_by()
        }
        overdue = {
            row["assigned_to"]: row["n"]
            for row in Task.objects.filter(case__agency_id=user.agency_id, status=TaskStatus.OPEN, due_on__lt=today)
            .values("assigned_to")
            .annotate(n=Count("pk"))
            .order_by()
        }
        workers = [w for w in agency_workers(user=user) if {Role.CASEWORKER, Role.SUPERVISOR} & w.role_codes]
        out["caseload"] = [
            {"user": w, "open_cases": per_worker.get(w.pk, 0), "overdue": overdue.get(w.pk, 0)} for w in workers
        ]
        out["unassigned_count"] = per_worker.get(None, 0)
        out["caseload_max"] = max([r["open_cases"] for r in out["caseload"]] + [1])
        pending = (
            case_queryset_visible_to(user=user)
            .filter(closure_requested_at__isnull=False)
            .exclude(status=CaseStatus.CLOSED)
        )
        out["closure_requests"] = list(pending.filter(Q(supervisor=user) | Q(supervisor__isnull=True))[:10])
    shown_cases = [c.pk for c in out.get("my_cases", [])] + [c.pk for c in out.get("closure_requests", [])]
    shown_tasks = [t.pk for t in out.get("overdue_tasks", [])] + [t.pk for t in out.get("upcoming_tasks", [])]
    if shown_cases or shown_tasks:
        persons = [c.person_id for c in out.get("my_cases", [])] + [
            c.person_id for c in out.get("closure_requests", [])
        ]
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type="case",
            object_ids=shown_cases,
            purpose="dashboard",
            also={"task": shown_tasks, "person": persons},
        )
    return out
