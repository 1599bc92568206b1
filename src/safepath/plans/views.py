"""Care-plan pages: draw up, send for approval, approve, record progress and reviews, print for the person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from safepath.cases.selectors import access_case_by_id, agency_workers
from safepath.plans import selectors, services
from safepath.plans.choices import (
    DOMAIN_SERVICES,
    LEGAL_SUPPORT,
    GoalStatus,
    PlanStatus,
    Provider,
    ServiceStatus,
    ServiceType,
)
from safepath.plans.entitlements import entitlements_for
from safepath.plans.models import CarePlan
from safepath.screening.models import Assessment, AssessmentKind, AssessmentStatus, NeedDomain, NeedUrgency


@login_required
def plan_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case_by_id(user=request.user, case_id=case_id, purpose="plan")
    if not request.user.has_perm("plans.add_plan", case):
        raise PermissionDenied
    needs = list(
        Assessment.objects.filter(case=case, kind=AssessmentKind.NEEDS, status=AssessmentStatus.COMPLETED)
        .defer("answers", "result")
        .order_by("-completed_at")
    )
    chosen = request.POST.get("needs") or request.GET.get("needs") or (str(needs[0].pk) if needs else "")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        assessment = next((a for a in needs if str(a.pk) == chosen), None)
        try:
            plan = services.plan_create(
                actor=request.user, case=case, summary=request.POST.get("summary", ""), needs_assessment=assessment
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The draft plan was created. Add the services for each goal."))
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_new.html",
        {"case": case, "needs": needs, "chosen": chosen, "errors": errors, "summary": request.POST.get("summary", "")},
        status=400 if errors else 200,
    )


def _goal_rows(plan: CarePlan, entitled: frozenset[str]) -> list[dict[str, Any]]:
    rows = []
    for goal in plan.goals.all():
        services_ = [
            {
                "s": s,
                "entitled": LEGAL_SUPPORT.get(s.service_type) in entitled,
                "legal": LEGAL_SUPPORT.get(s.service_type),
            }
            for s in goal.services.all()
        ]
        suggested = DOMAIN_SERVICES.get(goal.domain, [])
        rows.append({"goal": goal, "services": services_, "suggested": suggested})
    return rows


@login_required
def plan_detail(request: HttpRequest, pk: str) -> HttpResponse:
    plan = selectors.access_plan(user=request.user, plan_id=pk)
    case = plan.case
    user = request.user
    rights = entitlements_for(case.legal_status, timezone.localdate())
    can_change = user.has_perm("plans.change_plan", plan)
    service_choices = [(value, label, LEGAL_SUPPORT.get(value) in rights.codes) for value, label in ServiceType.choices]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "case": case,
            "rows": _goal_rows(plan, rights.codes),
            "rights": rights,
            "can_change": can_change,
            "can_edit": can_change and plan.editable,
            "can_approve": user.has_perm("plans.approve_plan", plan) and plan.status == PlanStatus.SUBMITTED,
            "workers": agency_workers(user=user) if can_change else [],
            "service_choices": service_choices,
            "providers": Provider.choices,
            "domains": NeedDomain.choices,
            "urgencies": NeedUrgency.choices,
            "goal_statuses": GoalStatus.choices,
            "service_statuses": ServiceStatus.choices,
            "today": timezone.localdate(),
        },
    )


Actions = dict[str, tuple[Callable[[], Any], str]]


def _plan_action(request: HttpRequest, plan: CarePlan, actions: Actions, action: str) -> HttpResponse:
    """Run the named action (an unknown name is refused); errors come back as a message on the plan page."""
    if action not in actions:
        raise PermissionDenied
    act, done = actions[action]
    try:
        act()
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(exc.messages)})
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(request, done)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    """The plan's own actions: submit, approve, send back, revise, review, close."""
    plan = selectors.access_plan(user=request.user, plan_id=pk, purpose="change")
    p, u = request.POST, request.user
    actions: Actions = {
        "submit": (lambda: services.plan_submit(actor=u, plan=plan), _("The plan was sent for approval.")),
        "approve": (
            lambda: services.plan_decide(
                actor=u, plan=plan, approve=True, note=p.get("note", ""), review_on=p.get("review_on") or None
            ),
            _("The plan is approved. Its first review is on the case's task list."),
        ),
        "return": (
            lambda: services.plan_decide(actor=u, plan=plan, approve=False, note=p.get("note", "")),
            _("The plan was sent back with your note."),
        ),
        "revise": (
            lambda: services.plan_revise(actor=u, plan=plan),
            _("The plan is a draft again; it needs approval."),
        ),
        "review": (
            lambda: services.plan_review(
                actor=u, plan=plan, note=p.get("note", ""), next_review_on=p.get("next_review_on") or None
            ),
            _("The review was recorded."),
        ),
        "close": (lambda: services.plan_close(actor=u, plan=plan, note=p.get("note", "")), _("The plan was closed.")),
        "goal": (
            lambda: services.goal_add(
                actor=u, plan=plan, domain=p.get("domain", ""), urgency=p.get("urgency", ""), text=p.get("text", "")
            ),
            _("The goal was added."),
        ),
    }
    return _plan_action(request, plan, actions, action)


@login_required
@require_POST
def goal_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    goal = selectors.access_goal(user=request.user, goal_id=pk)
    p, u = request.POST, request.user
    actions: Actions = {
        "service": (
            lambda: services.service_add(
                actor=u,
                goal=goal,
                service_type=p.get("service_type", ""),
                provider=p.get("provider", ""),
                provider_name=p.get("provider_name", ""),
                responsible_id=p.get("responsible") or None,
                due_on=p.get("due_on") or None,
                note=p.get("note", ""),
            ),
            _("The service was added to the plan."),
        ),
        "status": (
            lambda: services.goal_update(actor=u, goal=goal, status=p.get("status", "")),
            _("The goal was updated."),
        ),
        "remove": (lambda: services.goal_remove(actor=u, goal=goal), _("The goal was removed.")),
    }
    return _plan_action(request, goal.plan, actions, action)


@login_required
@require_POST
def service_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    service = selectors.access_service(user=request.user, service_id=pk)
    p, u = request.POST, request.user
    actions: Actions = {
        "progress": (
            lambda: services.service_progress(
                actor=u,
                service=service,
                status=p.get("status", ""),
                note=p.get("note", ""),
                delivered_on=p.get("delivered_on") or None,
            ),
            _("The progress was recorded."),
        ),
        "remove": (lambda: services.service_remove(actor=u, service=service), _("The service was removed.")),
    }
    return _plan_action(request, service.goal.plan, actions, action)


@login_required
def plan_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    """The plan for the person, in Vietnamese whatever the worker's language (it is handed to them)."""
    from safepath.cases.pdf import render_pdf

    plan = selectors.access_plan(user=request.user, plan_id=pk, purpose="pdf")
    with override("vi"):
        rights = entitlements_for(plan.legal_status or plan.case.legal_status, timezone.localdate())
        pdf = render_pdf(
            "plans/pdf/care_plan.html",
            {
                "plan": plan,
                "case": plan.case,
                "person": plan.case.person,
                "rows": _goal_rows(plan, rights.codes),
                "rights": rights,
                "printed_at": timezone.localtime(),
                "language": "vi",
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan.case.number}-ke-hoach.pdf"'
    response["Cache-Control"] = "no-store"
    return response
