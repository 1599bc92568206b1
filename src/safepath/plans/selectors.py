"""Reading care plans: checked by the policy module, written to the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.core import policy
from safepath.plans.choices import PlanStatus
from safepath.plans.models import CarePlan, Goal, PlannedService


def _with_content(qs: QuerySet[CarePlan]) -> QuerySet[CarePlan]:
    return qs.select_related(
        "case", "case__person", "case__agency", "created_by", "submitted_by", "approved_by"
    ).prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.prefetch_related(
                Prefetch("services", queryset=PlannedService.objects.select_related("responsible"))
            ),
        ),
        "reviews__by",
    )


def access_plan(*, user: Any, plan_id: Any, purpose: str = "view") -> CarePlan:
    """The plan if the user may read it; 404 for missing and forbidden alike. Audited with case and person."""
    plan = _with_content(CarePlan.objects.filter(pk=plan_id if policy.is_uuid(plan_id) else None)).first()
    if plan is None or not user.has_perm("plans.view_plan", plan):
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT if purpose == "pdf" else Action.VIEW,
        object_type="care_plan",
        object_ids=[plan.pk],
        purpose=purpose,
        also={"case": [plan.case_id], "person": [plan.case.person_id]},
    )
    return plan


def access_goal(*, user: Any, goal_id: Any) -> Goal:
    goal = Goal.objects.select_related("plan__case").filter(pk=goal_id if policy.is_uuid(goal_id) else None).first()
    if goal is None or not user.has_perm("plans.view_plan", goal.plan):
        raise Http404
    return goal


def access_service(*, user: Any, service_id: Any) -> PlannedService:
    service = (
        PlannedService.objects.select_related("goal__plan__case")
        .filter(pk=service_id if policy.is_uuid(service_id) else None)
        .first()
    )
    if service is None or not user.has_perm("plans.view_plan", service.goal.plan):
        raise Http404
    return service


def case_plans(*, user: Any, case: Case) -> list[CarePlan]:
    """A case's plans for its page and the API list (the caller opened the case), newest first, with goal counts."""
    return list(
        CarePlan.objects.filter(policy.plan_scope(user), case=case)
        .select_related("case", "created_by", "submitted_by", "approved_by")
        .annotate(goal_count=Count("goals"))
        .order_by("-created_at")
    )


def plans_to_approve(*, user: Any) -> QuerySet[CarePlan]:
    """Plans waiting for a supervisor: those of cases they supervise, or with no supervisor assigned."""
    if not policy.is_supervisor(user):
        return CarePlan.objects.none()
    return (
        CarePlan.objects.filter(policy.plan_scope(user), status=PlanStatus.SUBMITTED)
        .filter(Q(case__supervisor_id=user.pk) | Q(case__supervisor__isnull=True))
        .exclude(submitted_by=user)  # another supervisor approves what one sent
        .select_related("case", "submitted_by")
        .order_by("submitted_at")
    )
