"""Reading reintegration plans, visits and self-help groups: checked by the policy module, written to the access log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.core import policy
from safepath.people.models import Person
from safepath.reintegration import indicators
from safepath.reintegration.choices import OPEN_PLAN
from safepath.reintegration.models import (
    FollowUpVisit,
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
    ReintegrationPlan,
    SelfHelpGroup,
    SupportItem,
)

SERIES = ("economic", "social", "psychosocial", "composite")


def _pk(value: Any) -> Any:
    return value if policy.is_uuid(value) else None


def _with_content(qs: QuerySet[ReintegrationPlan]) -> QuerySet[ReintegrationPlan]:
    return qs.select_related("case", "case__person", "case__agency", "case__caseworker", "created_by").prefetch_related(
        Prefetch("supports", queryset=SupportItem.objects.select_related("provider")),
        Prefetch("visits", queryset=FollowUpVisit.objects.select_related("visited_by")),
    )


def _audit_plan(user: Any, plan: ReintegrationPlan, purpose: str) -> None:
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="reintegration_plan",
        object_ids=[plan.pk],
        purpose=purpose,
        also={"case": [plan.case_id], "person": [plan.case.person_id]},
    )


def access_plan(*, user: Any, plan_id: Any, purpose: str = "view") -> ReintegrationPlan:
    """The plan if the user may read it; 404 for missing and forbidden alike. Audited with case and person."""
    plan = _with_content(ReintegrationPlan.objects.filter(pk=_pk(plan_id))).first()
    if plan is None or not user.has_perm("reintegration.view_plan", plan):
        raise Http404
    _audit_plan(user, plan, purpose)
    return plan


def access_support(*, user: Any, support_id: Any) -> SupportItem:
    item = SupportItem.objects.select_related("plan__case", "provider").filter(pk=_pk(support_id)).first()
    if item is None or not user.has_perm("reintegration.view_plan", item.plan):
        raise Http404
    _audit_plan(user, item.plan, "support")
    return item


def access_visit(*, user: Any, visit_id: Any, purpose: str = "view") -> FollowUpVisit:
    """The visit (with its plan and case) if the user may read the plan; audited with the case and person."""
    visit = (
        FollowUpVisit.objects.select_related("plan__case__person", "plan__case__agency", "visited_by")
        .filter(pk=_pk(visit_id))
        .first()
    )
    if visit is None or not user.has_perm("reintegration.view_plan", visit.plan):
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="followup_visit",
        object_ids=[visit.pk],
        purpose=purpose,
        also={
            "reintegration_plan": [visit.plan_id],
            "case": [visit.plan.case_id],
            "person": [visit.plan.case.person_id],
        },
    )
    return visit


def case_plans(*, user: Any, case: Case) -> list[ReintegrationPlan]:
    """A case's reintegration plans for its page and the API list (the caller opened the case), newest first."""
    return list(
        ReintegrationPlan.objects.filter(policy.reintegration_scope(user), case=case)
        .select_related("case", "created_by")
        .prefetch_related(Prefetch("visits", queryset=FollowUpVisit.objects.order_by("due_on")))
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("-created_at")
    )


def open_plan(plans: list[ReintegrationPlan]) -> ReintegrationPlan | None:
    return next((p for p in plans if p.status in OPEN_PLAN), None)


# --- scores ----------------------------------------------------------------------------------------
def visit_point(visit: FollowUpVisit) -> dict[str, Any]:
    return {
        "visit": str(visit.pk),
        "plan": str(visit.plan_id),
        "month_offset": visit.month_offset,
        "done_on": visit.done_on.isoformat() if visit.done_on else None,
        **{k: visit.scores()[k] for k in SERIES},
        "coverage": visit.coverage,
        "indicator_set": visit.indicator_version,
    }


def score_series(visits: list[FollowUpVisit]) -> list[dict[str, Any]]:
    """The trend: one point per recorded visit, oldest first (the chart and its table read the same list)."""
    done = sorted((x for x in visits if x.done_on is not None), key=lambda x: (x.done_on, x.month_offset))
    return [visit_point(x) for x in done]


def plan_series(plan: ReintegrationPlan) -> list[dict[str, Any]]:
    return score_series(list(plan.visits.all()))


def series_sets(series: list[dict[str, Any]], fallback: str = "") -> list[indicators.IndicatorSet]:
    """The indicator sets a series was scored on, for the weights notice (the fallback when it is empty)."""
    keys = sorted({p["indicator_set"] for p in series if p["indicator_set"]} or ({fallback} if fallback else set()))
    return [indicators.registry()[k] for k in keys if k in indicators.registry()]


@dataclass
class PersonTrend:
    person: Person
    plans: list[ReintegrationPlan]
    series: list[dict[str, Any]] = field(default_factory=list)


def person_trend(*, user: Any, person_id: Any) -> PersonTrend:
    """A person's scores over every visit of the reintegration plans the user may read; 404 when there is none."""
    plans = list(
        ReintegrationPlan.objects.filter(policy.reintegration_scope(user), case__person_id=_pk(person_id))
        .select_related("case", "case__person")
        .prefetch_related("visits")
        .order_by("created_at")
    )
    plans = [p for p in plans if user.has_perm("reintegration.view_plan", p)]
    if not plans:
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="reintegration_plan",
        object_ids=[p.pk for p in plans],
        purpose="trend",
        also={"person": [plans[0].case.person_id], "case": sorted({str(p.case_id) for p in plans})},
    )
    visits = [x for p in plans for x in p.visits.all()]
    return PersonTrend(person=plans[0].case.person, plans=plans, series=score_series(visits))


# --- self-help groups --------------------------------------------------------------------------------
def group_list(*, user: Any, active_only: bool = False) -> list[SelfHelpGroup]:
    """The agency's groups with their open member and meeting counts. No person is shown: one list entry in the log."""
    qs = SelfHelpGroup.objects.filter(policy.group_scope(user)).select_related("province")
    if active_only:
        qs = qs.filter(is_active=True)
    groups: list[SelfHelpGroup] = list(
        qs.annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ).order_by("-is_active", "name")
    )
    audit_record(actor=user, action=Action.LIST, object_type="self_help_group", object_ids=[g.pk for g in groups])
    return groups


@dataclass
class Attendance:
    present: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return self.present / self.total if self.total else None


@dataclass
class GroupView:
    group: SelfHelpGroup
    members: list[GroupMember]
    meetings: list[GroupMeeting]
    rate: Attendance
    by_member: dict[Any, Attendance]
    by_meeting: dict[Any, Attendance]


def attendance(meetings: list[GroupMeeting]) -> tuple[Attendance, dict[Any, Attendance], dict[Any, Attendance]]:
    """The group's attendance rate, each member's and each meeting's (meetings with `attendance` prefetched)."""
    overall = Attendance()
    by_member: dict[Any, Attendance] = {}
    by_meeting: dict[Any, Attendance] = {}
    for meeting in meetings:
        row = by_meeting.setdefault(meeting.pk, Attendance())
        for a in meeting.attendance.all():
            for tally in (overall, row, by_member.setdefault(a.member_id, Attendance())):
                tally.total += 1
                tally.present += int(a.present)
    return overall, by_member, by_meeting


def access_group(*, user: Any, group_id: Any, purpose: str = "view") -> GroupView:
    """The group with its members (names shown) and meetings; 404 for missing and forbidden alike. Audited."""
    group = SelfHelpGroup.objects.select_related("province", "agency").filter(pk=_pk(group_id)).first()
    if group is None or not user.has_perm("reintegration.view_group", group):
        raise Http404
    members = list(group.members.select_related("person").order_by("left_on", "joined_on", "created_at"))
    meetings = list(
        group.meetings.select_related("recorded_by").prefetch_related(
            Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("member"))
        )
    )
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="self_help_group",
        object_ids=[group.pk],
        purpose=purpose,
        also={"person": [m.person_id for m in members]},
    )
    overall, by_member, by_meeting = attendance(meetings)
    return GroupView(group, members, meetings, overall, by_member, by_meeting)


def access_member(*, user: Any, member_id: Any) -> GroupMember:
    member = GroupMember.objects.select_related("group", "person").filter(pk=_pk(member_id)).first()
    if member is None or not user.has_perm("reintegration.view_group", member.group):
        raise Http404
    return member


def group_candidates(*, user: Any, group: SelfHelpGroup, limit: int = 100) -> list[Person]:
    """Persons to suggest as members: those with a reintegration plan on a case of the group's agency the
    user may open, not already open members. Audited as a list of the persons shown."""
    taken = GroupMember.objects.filter(group=group, left_on__isnull=True).values("person_id")
    person_ids = (
        ReintegrationPlan.objects.filter(policy.reintegration_scope(user), case__agency_id=group.agency_id)
        .exclude(case__person_id__in=taken)
        .values("case__person_id")
    )
    persons = list(Person.objects.filter(pk__in=person_ids).order_by("-created_at")[:limit])
    if persons:
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type="person",
            object_ids=[p.pk for p in persons],
            purpose="group_candidates",
        )
    return persons
