"""Reintegration over the API: the same selectors, services, policy and audit as the web pages.

A plan is created on a case (and started, which schedules its follow-up visits), gets livelihood
support, and each visit's answers (question code -> option value, see `reintegration/indicators/`)
are scored in three dimensions and a composite. Every response that carries scores says which
weights they rest on: SafePath's default weights until IOM's published weights are loaded.
Access is decided by the selectors (404 for missing and forbidden alike) and the services (403).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.cases.selectors import access_case_by_id
from safepath.core.api import all_body, all_of, check, out, valid
from safepath.reintegration import indicators, scoring, selectors, services
from safepath.reintegration.models import FollowUpVisit, ReintegrationPlan
from safepath.reintegration.serializers import (
    FollowUpVisitDetail,
    FollowUpVisitInput,
    GroupMeetingInput,
    GroupMemberInput,
    IndicatorSetOutput,
    IndicatorSetQuery,
    ReintegrationEndInput,
    ReintegrationPlanDetail,
    ReintegrationPlanInput,
    ReintegrationPlanOutput,
    ReintegrationStartInput,
    ScoreSeriesOutput,
    SelfHelpGroupDetail,
    SelfHelpGroupInput,
    SelfHelpGroupOutput,
    SupportItemInput,
    SupportItemOutput,
    SupportItemUpdateInput,
    weights_info,
)


def _plan_out(request: Request, plan_id: Any, purpose: str = "view") -> Any:
    return out(
        ReintegrationPlanDetail, request, selectors.access_plan(user=request.user, plan_id=plan_id, purpose=purpose)
    )


def _months(value: Any) -> Any:
    return None if value is None else [str(m) for m in value]


# --- indicators --------------------------------------------------------------------------------------
class IndicatorSetApi(APIView):
    @extend_schema(
        operation_id="reintegration_indicators",
        description="The indicator set visits are scored on: the 15 MEASURE themes in three dimensions, the "
        "question for each with its options and points, and the weights, with why they are what they are. "
        "`is_default` is true while they are SafePath's own default weights, not IOM's published weights.",
        parameters=[IndicatorSetQuery],
        responses=IndicatorSetOutput,
    )
    def get(self, request: Request) -> Response:
        q = valid(IndicatorSetQuery, request.query_params)
        iset = indicators.registry().get(q["set"]) or indicators.current()
        body = {
            **iset.model_dump(exclude={"digest"}),
            "key": iset.key,
            "is_default": iset.is_default,
            "is_current": iset.key == indicators.current().key,
        }
        return Response(out(IndicatorSetOutput, request, body))


# --- plans -------------------------------------------------------------------------------------------
class CaseReintegrationApi(APIView):
    @extend_schema(
        operation_id="cases_reintegration_list",
        description="The case's reintegration plans, newest first (open one for its support and visits).",
        responses=all_of("ReintegrationPlanList", ReintegrationPlanOutput),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="reintegration")
        plans = selectors.case_plans(user=request.user, case=case)
        return Response(all_body(ReintegrationPlanOutput, request, plans))

    @extend_schema(
        operation_id="cases_reintegration_create",
        description="Draw up a reintegration plan (a case has one open plan at a time). With `start`, it starts at "
        "once and its follow-up visits are scheduled (1, 3, 6 and 12 months by default).",
        request=ReintegrationPlanInput,
        responses={201: ReintegrationPlanDetail},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="reintegration")
        check(request, "reintegration.add_plan", case)
        data = valid(ReintegrationPlanInput, request.data)
        plan = services.plan_create(
            actor=request.user,
            case=case,
            focus=data["focus"],
            summary=data["summary"],
            start=data["start"],
            started_on=data["started_on"],
            followup_months=_months(data["followup_months"]),
        )
        return Response(_plan_out(request, plan.pk, "created"), status=status.HTTP_201_CREATED)


class ReintegrationPlanApi(APIView):
    @extend_schema(operation_id="reintegration_plans_retrieve", responses=ReintegrationPlanDetail)
    def get(self, request: Request, plan_id: str) -> Response:
        return Response(_plan_out(request, plan_id))


class ReintegrationStartApi(APIView):
    @extend_schema(
        operation_id="reintegration_plans_start",
        description="Start a draft plan: its follow-up visits are scheduled from the start date.",
        request=ReintegrationStartInput,
        responses=ReintegrationPlanDetail,
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="start")
        data = valid(ReintegrationStartInput, request.data)
        services.plan_start(
            actor=request.user,
            plan=plan,
            started_on=data["started_on"],
            followup_months=_months(data["followup_months"]),
        )
        return Response(_plan_out(request, plan.pk, "started"))


class ReintegrationEndApi(APIView):
    @extend_schema(
        operation_id="reintegration_plans_end",
        description="Complete a started plan, or drop a plan (with a note saying why).",
        request=ReintegrationEndInput,
        responses=ReintegrationPlanDetail,
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="end")
        data = valid(ReintegrationEndInput, request.data)
        services.plan_end(
            actor=request.user, plan=plan, status=data["status"], note=data["note"], ended_on=data["ended_on"]
        )
        return Response(_plan_out(request, plan.pk, "ended"))


class ReintegrationSupportsApi(APIView):
    @extend_schema(
        operation_id="reintegration_plans_supports_create",
        description="Add livelihood support to an open plan: vocational training, a start-up grant, in-kind "
        "support, a loan, job placement, schooling; the provider from the directory or by name; an amount in "
        "đồng for grants, in-kind support and loans.",
        request=SupportItemInput,
        responses={201: SupportItemOutput},
    )
    def post(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="support")
        data = valid(SupportItemInput, request.data)
        item = services.support_add(actor=request.user, plan=plan, **data)
        return Response(out(SupportItemOutput, request, item), status=status.HTTP_201_CREATED)


class ReintegrationSupportApi(APIView):
    @extend_schema(
        operation_id="reintegration_supports_update",
        description="Record progress on a support item (status, dates, outcome) or correct it; only the fields "
        "sent change.",
        request=SupportItemUpdateInput,
        responses=SupportItemOutput,
    )
    def post(self, request: Request, support_id: str) -> Response:
        item = selectors.access_support(user=request.user, support_id=support_id)
        data = valid(SupportItemUpdateInput, request.data)
        item = services.support_update(actor=request.user, item=item, **data)
        return Response(out(SupportItemOutput, request, item))


class ReintegrationScoresApi(APIView):
    @extend_schema(
        operation_id="reintegration_plans_scores",
        description="The trend: the economic, social, psychosocial and composite scores (0..1) of each recorded "
        "visit of the plan, oldest first, and which weights they rest on.",
        responses=ScoreSeriesOutput,
    )
    def get(self, request: Request, plan_id: str) -> Response:
        plan = selectors.access_plan(user=request.user, plan_id=plan_id, purpose="scores")
        body = {
            "plan": plan.pk,
            "case": plan.case,
            "weights": weights_info(plan.indicator_version),
            "series": selectors.plan_series(plan),
        }
        return Response(out(ScoreSeriesOutput, request, body))


# --- visits -----------------------------------------------------------------------------------------
def _visit_out(request: Request, visit: FollowUpVisit, plan: ReintegrationPlan) -> Any:
    key = visit.indicator_version or plan.indicator_version
    visit.weights = weights_info(key)  # type: ignore[attr-defined]
    if visit.done_on is not None:
        card = scoring.score(indicators.get(key), visit.answers or {})
        visit.dimensions = list(card.dimensions.values())  # type: ignore[attr-defined]
        visit.indicators = card.indicators  # type: ignore[attr-defined]
    else:
        visit.dimensions, visit.indicators = [], []  # type: ignore[attr-defined]
    return out(FollowUpVisitDetail, request, visit)


class FollowUpVisitApi(APIView):
    @extend_schema(operation_id="reintegration_visits_retrieve", responses=FollowUpVisitDetail)
    def get(self, request: Request, visit_id: str) -> Response:
        visit = selectors.access_visit(user=request.user, visit_id=visit_id)
        return Response(_visit_out(request, visit, visit.plan))

    @extend_schema(
        operation_id="reintegration_visits_record",
        description="Record a follow-up visit: the answers (question code -> option value) are scored in the "
        "three dimensions and the composite; unanswered questions re-normalise the weights and lower the "
        "coverage. Recording again corrects the visit.",
        request=FollowUpVisitInput,
        responses=FollowUpVisitDetail,
    )
    def post(self, request: Request, visit_id: str) -> Response:
        visit = selectors.access_visit(user=request.user, visit_id=visit_id, purpose="record")
        data = valid(FollowUpVisitInput, request.data)
        done = services.visit_record(
            actor=request.user,
            visit=visit,
            answers=data["answers"],
            done_on=data["done_on"],
            method=data["method"],
            note=data["note"],
        )
        done.plan = visit.plan
        return Response(_visit_out(request, done, visit.plan))


# --- self-help groups --------------------------------------------------------------------------------
def _group_out(request: Request, group_id: Any, purpose: str = "view") -> Any:
    view = selectors.access_group(user=request.user, group_id=group_id, purpose=purpose)
    group = view.group
    for m in view.members:
        tally = view.by_member.get(m.pk)
        m.present, m.expected = (tally.present, tally.total) if tally else (0, 0)  # type: ignore[attr-defined]
    for mt in view.meetings:
        rows = list(mt.attendance.all())
        mt.present = [a.member_id for a in rows if a.present]  # type: ignore[attr-defined]
        mt.absent = [a.member_id for a in rows if not a.present]  # type: ignore[attr-defined]
    body = {
        "id": group.pk,
        "name": group.name,
        "province": {"code": group.province_id, "name": group.province.name},
        "facilitator": group.facilitator,
        "founded_on": group.founded_on,
        "is_active": group.is_active,
        "attendance_rate": view.rate.rate,
        "members": view.members,
        "meetings": view.meetings,
    }
    return out(SelfHelpGroupDetail, request, body)


class GroupListApi(APIView):
    @extend_schema(
        operation_id="reintegration_groups_list",
        description="Your agency's self-help groups with their open members and meetings counted.",
        responses=all_of("SelfHelpGroupList", SelfHelpGroupOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "reintegration.view_group_list")
        rows = [
            {
                "id": g.pk,
                "name": g.name,
                "province": {"code": g.province_id, "name": g.province.name},
                "founded_on": g.founded_on,
                "is_active": g.is_active,
                "member_count": g.member_count,  # type: ignore[attr-defined]
                "meeting_count": g.meeting_count,  # type: ignore[attr-defined]
            }
            for g in selectors.group_list(user=request.user)
        ]
        return Response(all_body(SelfHelpGroupOutput, request, rows))

    @extend_schema(
        operation_id="reintegration_groups_create",
        description="Create a self-help group of your agency.",
        request=SelfHelpGroupInput,
        responses={201: SelfHelpGroupDetail},
    )
    def post(self, request: Request) -> Response:
        check(request, "reintegration.add_group")
        data = valid(SelfHelpGroupInput, request.data)
        group = services.group_create(actor=request.user, **data)
        return Response(_group_out(request, group.pk, "created"), status=status.HTTP_201_CREATED)


class GroupDetailApi(APIView):
    @extend_schema(
        operation_id="reintegration_groups_retrieve",
        description="A group with its members (names), meetings, who was present and the attendance rate.",
        responses=SelfHelpGroupDetail,
    )
    def get(self, request: Request, group_id: str) -> Response:
        return Response(_group_out(request, group_id))


class GroupMembersApi(APIView):
    @extend_schema(
        operation_id="reintegration_groups_members_create",
        description="Add a person of your agency's cases to the group (once while a member).",
        request=GroupMemberInput,
        responses={201: SelfHelpGroupDetail},
    )
    def post(self, request: Request, group_id: str) -> Response:
        view = selectors.access_group(user=request.user, group_id=group_id, purpose="member")
        data = valid(GroupMemberInput, request.data)
        services.member_add(
            actor=request.user, group=view.group, person_id=str(data["person"]), joined_on=data["joined_on"]
        )
        return Response(_group_out(request, view.group.pk, "member"), status=status.HTTP_201_CREATED)


class GroupMeetingsApi(APIView):
    @extend_schema(
        operation_id="reintegration_groups_meetings_create",
        description="Record a meeting: its day, topics, note and which members were present (every member on "
        "that day is recorded, present or absent).",
        request=GroupMeetingInput,
        responses={201: SelfHelpGroupDetail},
    )
    def post(self, request: Request, group_id: str) -> Response:
        view = selectors.access_group(user=request.user, group_id=group_id, purpose="meeting")
        data = valid(GroupMeetingInput, request.data)
        services.meeting_record(
            actor=request.user,
            group=view.group,
            held_on=data["held_on"],
            topics=data["topics"],
            present=[str(p) for p in data["present"]],
            note=data["note"],
        )
        return Response(_group_out(request, view.group.pk, "meeting"), status=status.HTTP_201_CREATED)
