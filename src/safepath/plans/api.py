"""Care plans and entitlements over the API: the same selectors, services, policy and audit as the web.

A plan is drawn up as a draft (goals, a service or more per goal), sent for approval, approved (or
sent back) by a supervisor other than the sender, then reviewed and closed; progress is recorded on
the services of an approved plan. Access is decided by the selectors (404 for missing and forbidden
alike) and the services (403 with their message; 400 when the plan's state does not allow it).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.cases.selectors import access_case_by_id
from safepath.core.api import all_body, all_of, check, out, reference, valid
from safepath.plans import selectors, services
from safepath.plans.entitlements import entitlements_for
from safepath.plans.models import CarePlan
from safepath.plans.serializers import (
    EntitlementsOutput,
    EntitlementsQuery,
    GoalInput,
    GoalOutput,
    PlanCloseInput,
    PlanCreateInput,
    PlanDecisionInput,
    PlanDetailOutput,
    PlannedServiceInput,
    PlannedServiceOutput,
    PlanOutput,
    PlanReviewInput,
    PlanReviewOutput,
    ServiceProgressInput,
)
from safepath.screening.selectors import access_assessment


# --- entitlements ----------------------------------------------------------------------------------
class CaseEntitlementsApi(APIView):
    @extend_schema(
        operation_id="cases_entitlements",
        description="The support the person is entitled to under Vietnamese law, from the case's legal status, "
        "under the rule set in force on the day (today by default), with its sources and their verification "
        "status. Not legal advice.",
        parameters=[EntitlementsQuery],
        responses=EntitlementsOutput,
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="entitlements")
        q = valid(EntitlementsQuery, request.query_params)
        rights = entitlements_for(case.legal_status, q["on"] or timezone.localdate())
        rule_set, rule = rights.rule_set, rights.rule
        body = {
            "legal_status": rights.legal_status,
            "on": rights.on,
            "rule_set": rule_set.code if rule_set else "",
            "title": rule_set.title.model_dump() if rule_set else None,
            "effective_from": rule_set.effective_from if rule_set else None,
            "effective_to": rule_set.effective_to if rule_set else None,
            "sources": [s.model_dump() for s in rule_set.sources] if rule_set else [],
            "who": str(rule.who) if rule else "",
            "supports": [asdict(s) for s in rights.supports],
            "discretionary": bool(rule and rule.discretionary),
            "note": str(rule.note) if rule and rule.note else "",
        }
        return Response(out(EntitlementsOutput, request, body))


# --- plans -----------------------------------------------------------------------------------------
def _plan_out(request: Request, plan: CarePlan) -> Any:
    """The whole plan: goals with their services, reviews, and the supports the case's legal status gives."""
    prefetch_related_objects([plan], "goals__services__responsible", "reviews__by")
    plan.entitled_supports = sorted(  # type: ignore[attr-defined]
        entitlements_for(plan.case.legal_status, timezone.localdate()).codes
    )
    return out(PlanDetailOutput, request, plan)


def _fresh(plan: CarePlan, opened: CarePlan) -> CarePlan:
    """A service's fresh copy of the plan, with the case and people the selector already loaded."""
    plan.case = opened.case
    plan.created_by = opened.created_by
    return plan


class CasePlansApi(APIView):
    @extend_schema(
        operation_id="cases_plans_list",
        description="The case's care plans, newest first (without goals: open a plan for them).",
        responses=all_of("PlanList", PlanOutput),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="plans")
        plans = selectors.case_plans(user=request.user, case=case)
        return Response(all_body(PlanOutput, request, plans))

    @extend_schema(
        operation_id="cases_plans_create",
        description="Draw up a draft plan; from a completed needs assessment of the case, with one goal per "
        "domain with a need, most urgent first.",
        request=PlanCreateInput,
        responses={201: PlanDetailOutput},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="plan")
        check(request, "plans.add_plan", case)
        data = valid(PlanCreateInput, request.data)
        needs = None
        if data["needs_assessment"] is not None:
            needs = reference(
                "needs_assessment",
                access_assessment,
                user=request.user,
                assessment_id=data["needs_assessment"],
                purpose="plan",
            )
        plan = services.plan_create(actor=request.user, case=case, summary=data["summary"], needs_assessment=needs)
        plan = selectors.access_plan(user=request.user, plan_id=plan.pk, purpose="created")
        return Response(_plan_out(request, plan), status=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    @extend_schema(operation_id="plans_retrieve", responses=PlanDetailOutput)
    def get(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id)
        return Response(_plan_out(request, plan))


class PlanGoalsApi(APIView):
    @extend_schema(
        operation_id="plans_goals_create",
        description="Add a goal to a draft plan.",
        request=GoalInput,
        responses={201: GoalOutput},
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="change")
        data = valid(GoalInput, request.data)
        goal = services.goal_add(
            actor=request.user, plan=plan, domain=data["domain"], urgency=data["urgency"], text=data["text"]
        )
        return Response(out(GoalOutput, request, goal), status=status.HTTP_201_CREATED)


class GoalServicesApi(APIView):
    @extend_schema(
        operation_id="plans_goals_services_create",
        description="Plan a service for a goal of a draft plan: who provides it (a referral names the "
        "organisation), who is responsible (you when left out) and by when.",
        request=PlannedServiceInput,
        responses={201: PlannedServiceOutput},
    )
    def post(self, request: Request, goal_id: str) -> Response:
        goal = selectors.access_goal(user=request.user, goal_id=goal_id)
        data = valid(PlannedServiceInput, request.data)
        service = services.service_add(
            actor=request.user,
            goal=goal,
            service_type=data["service_type"],
            provider=data["provider"],
            provider_name=data["provider_name"],
            responsible_id=data["responsible"],
            due_on=data["due_on"],
            note=data["note"],
        )
        return Response(out(PlannedServiceOutput, request, service), status=status.HTTP_201_CREATED)


class PlanSubmitApi(APIView):
    @extend_schema(
        operation_id="plans_submit",
        description="Send a draft for approval: it needs a goal, and a planned service for every goal. "
        "The case's supervisor gets a task to approve it.",
        request=None,
        responses=PlanDetailOutput,
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="submit")
        done = services.plan_submit(actor=request.user, plan=plan)
        return Response(_plan_out(request, _fresh(done, plan)))


class PlanDecisionApi(APIView):
    @extend_schema(
        operation_id="plans_decision",
        description="The case's supervisor approves a submitted plan (with the first review date) or sends it "
        "back with what to change. Whoever sent the plan cannot approve it. Approval records the case's legal "
        "status and the entitlement rules in force that day.",
        request=PlanDecisionInput,
        responses=PlanDetailOutput,
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="decision")
        data = valid(PlanDecisionInput, request.data)
        done = services.plan_decide(
            actor=request.user, plan=plan, approve=data["approve"], note=data["note"], review_on=data["review_on"]
        )
        return Response(_plan_out(request, _fresh(done, plan)))


class ServiceProgressApi(APIView):
    @extend_schema(
        operation_id="plans_services_progress",
        description="Record how a service of an approved plan goes: in progress, delivered (on a date), cancelled.",
        request=ServiceProgressInput,
        responses=PlannedServiceOutput,
    )
    def post(self, request: Request, service_id: str) -> Response:
        service = selectors.access_service(user=request.user, service_id=service_id)
        data = valid(ServiceProgressInput, request.data)
        service = services.service_progress(
            actor=request.user,
            service=service,
            status=data["status"],
            note=data["note"],
            delivered_on=data["delivered_on"],
        )
        return Response(out(PlannedServiceOutput, request, service))


class PlanReviewsApi(APIView):
    @extend_schema(
        operation_id="plans_reviews_create",
        description="Record a review of an approved plan, and when to look again (a task on the case).",
        request=PlanReviewInput,
        responses={201: PlanReviewOutput},
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="review")
        data = valid(PlanReviewInput, request.data)
        review = services.plan_review(
            actor=request.user, plan=plan, note=data["note"], next_review_on=data["next_review_on"]
        )
        return Response(out(PlanReviewOutput, request, review), status=status.HTTP_201_CREATED)


class PlanCloseApi(APIView):
    @extend_schema(
        operation_id="plans_close",
        description="Close a plan whose work is done (or that a new plan replaces); its open reminders close too.",
        request=PlanCloseInput,
        responses=PlanDetailOutput,
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="close")
        data = valid(PlanCloseInput, request.data)
        done = services.plan_close(actor=request.user, plan=plan, note=data["note"])
        return Response(_plan_out(request, _fresh(done, plan)))
