"""Care plans: draw up goals and services, send for approval, approve or send back, review, close.

A plan is drawn up as a draft (goals per need, services per goal), sent to the case supervisor, and
approved by a supervisor other than the one who sent it. Approval fixes the plan's contents and
records the legal status and the entitlement rules in force that day; from then on only progress
changes, until the worker revises it (back to a draft, to be approved again). Reviews come due on
their date as tasks on the case, so they show on "my tasks" and the overdue list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.choices import TaskKind, TaskStatus
from safepath.cases.models import Case, CaseEvent, Task
from safepath.cases.services import agency_member
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.roles import Role
from safepath.plans.choices import GoalStatus, PlanStatus, Provider, ServiceStatus, ServiceType
from safepath.plans.entitlements import entitlements_for
from safepath.plans.models import CarePlan, Goal, PlannedService, PlanReview
from safepath.screening import instruments
from safepath.screening.models import Assessment, AssessmentKind, AssessmentStatus, NeedDomain, NeedUrgency
from safepath.screening.results import needs_found

REVIEW_AFTER_DAYS = 30


def _audit(actor: Any, action: str, plan: CarePlan, **detail: Any) -> None:
    audit_record(actor=actor, action=action, object_type="care_plan", object_ids=[plan.pk], detail=detail)


def _locked(plan: CarePlan) -> CarePlan:
    return CarePlan.objects.select_for_update().select_related("case").get(pk=plan.pk)


def _fresh(plan_id: Any) -> CarePlan:
    """The plan as stored now (the caller's copy may predate an approval)."""
    return CarePlan.objects.select_related("case").get(pk=plan_id)


def _draft(plan: CarePlan) -> None:
    if not plan.editable:
        raise ValidationError(_("This plan is no longer a draft: revise it first to change goals or services."))


def plan_create(*, actor: Any, case: Case, summary: str = "", needs_assessment: Assessment | None = None) -> CarePlan:
    """A draft plan; from a completed needs assessment, one goal per domain with a need, most urgent first."""
    v.require(actor, "plans.add_plan", case)
    e = v.Errors()
    summary = v.text(e, "summary", summary)
    if needs_assessment is not None and (
        needs_assessment.case_id != case.pk
        or needs_assessment.kind != AssessmentKind.NEEDS
        or needs_assessment.status != AssessmentStatus.COMPLETED
    ):
        e.add("needs_assessment", _("Choose a completed needs assessment of this case."))
    e.raise_if_any()
    with transaction.atomic():
        plan = CarePlan.objects.create(case=case, summary=summary, needs_assessment=needs_assessment, created_by=actor)
        if needs_assessment is not None:
            instrument = instruments.get(needs_assessment.instrument, needs_assessment.instrument_version)
            for position, (domain, urgency, codes) in enumerate(needs_found(needs_assessment.result)):
                labels = [str(i.label) for i in (instrument.indicator(c) for c in codes) if i is not None]
                text = "; ".join(labels) or str(NeedDomain(domain).label)
                Goal.objects.create(plan=plan, domain=domain, urgency=urgency, text=text, position=position)
        _audit(actor, Action.CREATE, plan, case=str(case.pk), goals=plan.goals.count())
    return plan


def goal_add(*, actor: Any, plan: CarePlan, domain: str, urgency: str, text: str) -> Goal:
    plan = _fresh(plan.pk)
    v.require(actor, "plans.change_plan", plan)
    _draft(plan)
    e = v.Errors()
    domain = v.choice(e, "domain", domain, NeedDomain.values)
    urgency = v.choice(e, "urgency", urgency or NeedUrgency.MEDIUM, NeedUrgency.values)
    text = v.text(e, "text", text, limit=v.MAX_SHORT * 4, required=True)
    e.raise_if_any()
    with transaction.atomic():
        position = plan.goals.count()
        goal = Goal.objects.create(plan=plan, domain=domain, urgency=urgency, text=text, position=position)
        _audit(actor, Action.UPDATE, plan, goal_added=str(goal.pk))
    return goal


def goal_update(*, actor: Any, goal: Goal, text: str | None = None, status: str | None = None) -> Goal:
    """Reword a goal in a draft; record how far it was achieved once the plan is approved."""
    plan = _fresh(goal.plan_id)
    v.require(actor, "plans.change_plan", plan)
    e = v.Errors()
    if text is not None:
        _draft(plan)
        goal.text = v.text(e, "text", text, limit=v.MAX_SHORT * 4, required=True)
    if status is not None:
        goal.status = v.choice(e, "status", status, GoalStatus.values)
    e.raise_if_any()
    with transaction.atomic():
        goal.save()
        _audit(actor, Action.UPDATE, plan, goal=str(goal.pk))
    return goal


def goal_remove(*, actor: Any, goal: Goal) -> None:
    plan = _fresh(goal.plan_id)
    v.require(actor, "plans.change_plan", plan)
    _draft(plan)
    with transaction.atomic():
        _audit(actor, Action.DELETE, plan, goal_removed=str(goal.pk))
        goal.delete()


def service_add(
    *,
    actor: Any,
    goal: Goal,
    service_type: str,
    provider: str = Provider.INTERNAL,
    provider_name: str = "",
    responsible_id: Any = None,
    due_on: Any = None,
    note: str = "",
) -> PlannedService:
    plan = _fresh(goal.plan_id)
    v.require(actor, "plans.change_plan", plan)
    _draft(plan)
    e = v.Errors()
    service_type = v.choice(e, "service_type", service_type, ServiceType.values)
    provider = v.choice(e, "provider", provider or Provider.INTERNAL, Provider.values)
    provider_name = v.text(e, "provider_name", provider_name, limit=200)
    if provider == Provider.REFERRAL and not provider_name:
        e.add("provider_name", _("Name the organisation the person will be referred to."))
    responsible = agency_member(
        e, "responsible", plan.case.agency_id, responsible_id, frozenset(policy.CASE_WRITERS | {Role.SHELTER_STAFF})
    )
    due = v.date(e, "due_on", due_on, required=True)
    note = v.text(e, "note", note)
    e.raise_if_any()
    with transaction.atomic():
        service = PlannedService.objects.create(
            goal=goal,
            service_type=service_type,
            provider=provider,
            provider_name=provider_name,
            responsible=responsible or actor,
            due_on=due,
            note=note,
        )
        _audit(actor, Action.UPDATE, plan, service_added=str(service.pk))
    return service


def service_remove(*, actor: Any, service: PlannedService) -> None:
    plan = _fresh(service.goal.plan_id)
    v.require(actor, "plans.change_plan", plan)
    _draft(plan)
    with transaction.atomic():
        _audit(actor, Action.DELETE, plan, service_removed=str(service.pk))
        service.delete()


def service_progress(
    *, actor: Any, service: PlannedService, status: str, note: str = "", delivered_on: Any = None
) -> PlannedService:
    """Record how a planned service goes: in progress, delivered (on a date), or cancelled."""
    plan = _fresh(service.goal.plan_id)
    v.require(actor, "plans.change_plan", plan)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Progress is recorded on an approved plan."))
    e = v.Errors()
    status = v.choice(e, "status", status, ServiceStatus.values)
    note = v.text(e, "note", note)
    day = v.date(e, "delivered_on", delivered_on)
    if status == ServiceStatus.DELIVERED and day is None:
        day = timezone.localdate()
    if day is not None and day > timezone.localdate():
        e.add("delivered_on", _("The date cannot be in the future."))
    e.raise_if_any()
    with transaction.atomic():
        service.status = status
        service.note = note or service.note
        service.delivered_on = day if status == ServiceStatus.DELIVERED else None
        service.save()
        _audit(actor, Action.UPDATE, plan, service=str(service.pk), status=status)
    return service


def _task(case: Case, title: str, due: dt.date, to: Any, by: Any) -> Task:
    return Task.objects.create(
        case=case, title=title, due_on=due, kind=TaskKind.FOLLOW_UP, assigned_to=to, created_by=by
    )


def _close_task(task_id: Any) -> None:
    if task_id is not None:
        Task.objects.filter(pk=task_id, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, completed_at=timezone.now()
        )


def _approval_title() -> str:
    return _("Approve the care plan")


def _review_title() -> str:
    return _("Review the care plan")


def plan_submit(*, actor: Any, plan: CarePlan) -> CarePlan:
    v.require(actor, "plans.change_plan", plan)
    with transaction.atomic():
        current = _locked(plan)
        _draft(current)
        goals = list(current.goals.prefetch_related("services"))
        if not goals:
            raise ValidationError(_("Add at least one goal before sending the plan for approval."))
        if empty := [g for g in goals if not g.services.all()]:
            raise ValidationError(
                _("Every goal needs at least one planned service: %(goals)s.")
                % {"goals": ", ".join(str(NeedDomain(g.domain).label) for g in empty)}
            )
        current.status = PlanStatus.SUBMITTED
        current.submitted_by = actor
        current.submitted_at = timezone.now()
        current.version += 1
        CaseEvent.objects.create(
            case=current.case, kind=CaseEvent.Kind.PLAN_SUBMITTED, actor=actor, detail={"plan": str(current.pk)}
        )
        if current.case.supervisor_id:
            due = timezone.localdate() + dt.timedelta(days=2)
            current.approval_task = _task(current.case, _approval_title(), due, current.case.supervisor, actor)
        current.save()
        _audit(actor, Action.UPDATE, current, status=current.status)
    return current


def plan_decide(*, actor: Any, plan: CarePlan, approve: bool, note: str = "", review_on: Any = None) -> CarePlan:
    """Approve (with the first review date) or send back with what to change."""
    v.require(actor, "plans.approve_plan", plan)
    e = v.Errors()
    note = v.text(e, "note", note, required=not approve)
    review = v.date(e, "review_on", review_on)
    if review is not None and review < timezone.localdate():
        e.add("review_on", _("The review date cannot be in the past."))
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(plan)
        if current.status != PlanStatus.SUBMITTED:
            raise ValidationError(_("Only a plan waiting for approval can be approved or sent back."))
        if approve and current.submitted_by_id == actor.pk:
            raise ValidationError(_("You sent this plan for approval: another supervisor approves it."))
        case = current.case
        if approve:
            rights = entitlements_for(case.legal_status, timezone.localdate())
            current.status = PlanStatus.APPROVED
            current.approved_by = actor
            current.approved_at = timezone.now()
            current.legal_status = case.legal_status
            current.entitlement_rules = rights.rule_set.code if rights.rule_set else ""
            current.review_on = review or timezone.localdate() + dt.timedelta(days=REVIEW_AFTER_DAYS)
            current.returned_note = ""
            kind = CaseEvent.Kind.PLAN_APPROVED
            current.review_task = _task(
                case, _review_title(), current.review_on, case.caseworker or current.created_by, actor
            )
        else:
            current.status = PlanStatus.DRAFT
            current.returned_note = note
            kind = CaseEvent.Kind.PLAN_RETURNED
        _close_task(current.approval_task_id)
        current.approval_task = None
        current.version += 1
        current.save()
        CaseEvent.objects.create(case=case, kind=kind, actor=actor, note=note, detail={"plan": str(current.pk)})
        _audit(actor, Action.UPDATE, current, status=current.status)
    return current


def plan_revise(*, actor: Any, plan: CarePlan) -> CarePlan:
    """Back to a draft to change goals or services; it needs approval again."""
    v.require(actor, "plans.change_plan", plan)
    with transaction.atomic():
        current = _locked(plan)
        if current.status != PlanStatus.APPROVED:
            raise ValidationError(_("Only an approved plan can be revised."))
        current.status = PlanStatus.DRAFT
        current.version += 1
        current.save()
        _audit(actor, Action.UPDATE, current, status=current.status, revised=True)
    return current


def plan_review(*, actor: Any, plan: CarePlan, note: str, next_review_on: Any = None) -> PlanReview:
    v.require(actor, "plans.change_plan", plan)
    e = v.Errors()
    note = v.text(e, "note", note, required=True)
    nxt = v.date(e, "next_review_on", next_review_on)
    if nxt is not None and nxt <= timezone.localdate():
        e.add("next_review_on", _("The next review must be after today."))
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(plan)
        if current.status != PlanStatus.APPROVED:
            raise ValidationError(_("Reviews are recorded on an approved plan."))
        review = PlanReview.objects.create(plan=current, note=note, next_review_on=nxt, by=actor)
        _close_task(current.review_task_id)
        current.review_on = nxt
        current.review_task = (
            _task(current.case, _review_title(), nxt, current.case.caseworker or actor, actor) if nxt else None
        )
        current.save(update_fields=["review_on", "review_task", "updated_at"])
        _audit(actor, Action.UPDATE, current, reviewed=str(review.pk))
    return review


def plan_close(*, actor: Any, plan: CarePlan, note: str = "") -> CarePlan:
    """Close a plan whose work is done (or that a new plan replaces)."""
    v.require(actor, "plans.change_plan", plan)
    e = v.Errors()
    note = v.text(e, "note", note)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(plan)
        if current.status == PlanStatus.CLOSED:
            return current
        current.status = PlanStatus.CLOSED
        current.closed_at = timezone.now()
        current.review_on = None
        _close_task(current.review_task_id)
        _close_task(current.approval_task_id)
        current.review_task = current.approval_task = None
        current.version += 1
        current.save()
        CaseEvent.objects.create(
            case=current.case, kind=CaseEvent.Kind.PLAN_CLOSED, actor=actor, note=note, detail={"plan": str(current.pk)}
        )
        _audit(actor, Action.UPDATE, current, status=current.status)
    return current
