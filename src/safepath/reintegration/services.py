"""Reintegration: plans, livelihood support, follow-up visits with scores, self-help groups.

A plan is drawn up as a draft on a case (its livelihood focus, the support to give), then started:
starting fixes the start date and schedules the follow-up visits (1, 3, 6 and 12 months by default,
or the months the worker chooses). Each visit asks one question per indicator of the plan's
indicator set and records the three dimension scores and the composite (scoring.py). A plan ends
completed or dropped. A case has at most one open (draft or active) plan at a time.

Self-help groups belong to an agency: members are persons of that agency's cases, a person is an
open member of a group once at a time, and each meeting records its topics and who was present.

Every function checks the permission (policy.py), validates every value, writes in one transaction
and leaves an access-log entry; the case's timeline gets the plan's start and end and each visit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case, CaseEvent
from safepath.core import policy
from safepath.core import validate as v
from safepath.people.models import Person
from safepath.reintegration import indicators, scoring
from safepath.reintegration.choices import (
    DEFAULT_FOLLOWUP_MONTHS,
    MAX_FOLLOWUP_MONTH,
    MONEY_KINDS,
    OPEN_PLAN,
    GroupTopic,
    ReintegrationStatus,
    SupportKind,
    SupportStatus,
    VisitMethod,
)
from safepath.reintegration.models import (
    FollowUpVisit,
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
    ReintegrationPlan,
    SelfHelpGroup,
    SupportItem,
)

MAX_AMOUNT_VND = 10_000_000_000  # ten billion đồng: far above any grant or loan; catches typing slips
MAX_SCHEDULE = 12


def _audit(actor: Any, action: str, object_type: str, pk: Any, **detail: Any) -> None:
    audit_record(actor=actor, action=action, object_type=object_type, object_ids=[pk], detail=detail)


def _plan_audit(actor: Any, action: str, plan: ReintegrationPlan, **detail: Any) -> None:
    _audit(actor, action, "reintegration_plan", plan.pk, **detail)


def _event(case: Case, kind: str, actor: Any, **detail: Any) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, detail={k: str(x) for k, x in detail.items()})


def _fresh(plan_id: Any, *, lock: bool = False) -> ReintegrationPlan:
    qs = ReintegrationPlan.objects.select_related("case")
    return (qs.select_for_update(of=("self",)) if lock else qs).get(pk=plan_id)


def _not_future(e: v.Errors, name: str, day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        e.add(name, _("The date cannot be in the future."))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that month is shorter (31/01 + 1 = 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_followup_months() -> list[int]:
    return list(getattr(settings, "SAFEPATH_REINTEGRATION_FOLLOWUP_MONTHS", DEFAULT_FOLLOWUP_MONTHS))


def _months(e: v.Errors, name: str, value: Any) -> list[int]:
    """A follow-up schedule: whole months after the start, 1 to 60, each once ("1, 3, 6, 12" or a list)."""
    if value in (None, ""):
        return default_followup_months()
    items = value.replace(";", ",").split(",") if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        e.add(name, _("Give the months as a list of numbers, such as 1, 3, 6, 12."))
        return []
    months: set[int] = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= MAX_FOLLOWUP_MONTH:
            e.add(
                name,
                _("Each month is a whole number from 1 to %(max)s (found %(value)s).")
                % {"max": MAX_FOLLOWUP_MONTH, "value": text[:10]},
            )
            return []
        months.add(int(text))
    if not months:
        e.add(name, _("Schedule at least one follow-up visit."))
    if len(months) > MAX_SCHEDULE:
        e.add(name, _("At most %(n)s follow-up visits can be scheduled.") % {"n": MAX_SCHEDULE})
    return sorted(months)


# --- plans ------------------------------------------------------------------------------------------
def plan_create(
    *,
    actor: Any,
    case: Case,
    focus: str = "",
    summary: str = "",
    start: bool = False,
    started_on: Any = None,
    followup_months: Any = None,
) -> ReintegrationPlan:
    """A draft plan on the case's current indicator set; with `start`, started at once (visits scheduled)."""
    v.require(actor, "reintegration.add_plan", case)
    e = v.Errors()
    focus = v.text(e, "focus", focus, limit=v.MAX_SHORT * 4)
    summary = v.text(e, "summary", summary)
    e.raise_if_any()
    with transaction.atomic():
        if ReintegrationPlan.objects.filter(case=case, status__in=OPEN_PLAN).exists():
            raise ValidationError(_("This case already has an open reintegration plan: complete or drop it first."))
        try:
            with transaction.atomic():
                plan = ReintegrationPlan.objects.create(
                    case=case,
                    focus=focus,
                    summary=summary,
                    indicator_version=indicators.current().key,
                    created_by=actor,
                )
        except IntegrityError as exc:  # another worker opened one at the same moment
            raise ValidationError(
                _("This case already has an open reintegration plan: complete or drop it first.")
            ) from exc
        _plan_audit(actor, Action.CREATE, plan, case=str(case.pk))
        if start:
            plan = plan_start(actor=actor, plan=plan, started_on=started_on, followup_months=followup_months)
    return plan


def plan_update(*, actor: Any, plan: ReintegrationPlan, focus: str, summary: str) -> ReintegrationPlan:
    v.require(actor, "reintegration.change_plan", plan)
    e = v.Errors()
    focus = v.text(e, "focus", focus, limit=v.MAX_SHORT * 4)
    summary = v.text(e, "summary", summary)
    e.raise_if_any()
    with transaction.atomic():
        current = _fresh(plan.pk, lock=True)
        if not current.is_open:
            raise ValidationError(_("This plan has ended: it can no longer be changed."))
        current.focus, current.summary = focus, summary
        current.save(update_fields=["focus", "summary", "updated_at"])
        _plan_audit(actor, Action.UPDATE, current, fields=["focus", "summary"])
    return current


def plan_start(
    *, actor: Any, plan: ReintegrationPlan, started_on: Any = None, followup_months: Any = None
) -> ReintegrationPlan:
    """Start the plan: from this day, a follow-up visit is due after each scheduled month."""
    v.require(actor, "reintegration.change_plan", plan)
    e = v.Errors()
    day = v.date(e, "started_on", started_on) or timezone.localdate()
    _not_future(e, "started_on", day)
    if day < plan.case.opened_on:
        e.add("started_on", _("The plan cannot start before the case was opened."))
    months = _months(e, "followup_months", followup_months)
    e.raise_if_any()
    with transaction.atomic():
        current = _fresh(plan.pk, lock=True)
        if current.status != ReintegrationStatus.DRAFT:
            raise ValidationError(_("Only a draft plan can be started."))
        current.status = ReintegrationStatus.ACTIVE
        current.started_on = day
        current.followup_months = months
        current.save(update_fields=["status", "started_on", "followup_months", "updated_at"])
        FollowUpVisit.objects.bulk_create(
            [FollowUpVisit(plan=current, month_offset=m, due_on=add_months(day, m)) for m in months]
        )
        _event(current.case, CaseEvent.Kind.REINTEGRATION_START, actor, reintegration_plan=current.pk)
        _plan_audit(actor, Action.UPDATE, current, status=current.status, visits=len(months))
    return current


def plan_end(
    *, actor: Any, plan: ReintegrationPlan, status: str, note: str = "", ended_on: Any = None
) -> ReintegrationPlan:
    """Complete or drop a plan. Visits not yet made stay listed but no longer raise alerts."""
    v.require(actor, "reintegration.change_plan", plan)
    e = v.Errors()
    status = v.choice(e, "status", status, [ReintegrationStatus.COMPLETED, ReintegrationStatus.DROPPED])
    note = v.text(e, "note", note, required=status == ReintegrationStatus.DROPPED)
    day = v.date(e, "ended_on", ended_on) or timezone.localdate()
    _not_future(e, "ended_on", day)
    e.raise_if_any()
    with transaction.atomic():
        current = _fresh(plan.pk, lock=True)
        if not current.is_open:
            raise ValidationError(_("This plan has already ended."))
        if status == ReintegrationStatus.COMPLETED and current.status != ReintegrationStatus.ACTIVE:
            raise ValidationError(_("Only a started plan can be completed; drop a draft instead."))
        if current.started_on and day < current.started_on:
            raise ValidationError({"ended_on": [_("The plan cannot end before it started.")]})
        current.status, current.ended_on, current.end_note = status, day, note
        current.save(update_fields=["status", "ended_on", "end_note", "updated_at"])
        _event(current.case, CaseEvent.Kind.REINTEGRATION_END, actor, reintegration_plan=current.pk, status=status)
        _plan_audit(actor, Action.UPDATE, current, status=status)
    return current


# --- support --------------------------------------------------------------------------------------
def _provider(e: v.Errors, value: Any) -> Any:
    if value in (None, ""):
        return None
    from safepath.directory.models import ServiceProvider

    found = ServiceProvider.objects.filter(pk=value, is_active=True).first() if policy.is_uuid(value) else None
    if found is None:
        e.add("provider", _("Choose an active provider from the service directory."))
    return found


def _amount(e: v.Errors, value: Any) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not text.isdigit() or int(text) > MAX_AMOUNT_VND:
        e.add("amount_vnd", _("Enter the amount in đồng as a whole number (at most 10 billion)."))
        return None
    return int(text)


def _support_fields(e: v.Errors, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": v.choice(e, "kind", values.get("kind"), SupportKind.values),
        "provider": _provider(e, values.get("provider")),
        "provider_name": v.text(e, "provider_name", values.get("provider_name"), limit=200),
        "amount_vnd": _amount(e, values.get("amount_vnd")),
        "status": v.choice(e, "status", values.get("status") or SupportStatus.PLANNED, SupportStatus.values),
        "start_on": v.date(e, "start_on", values.get("start_on")),
        "end_on": v.date(e, "end_on", values.get("end_on")),
        "description": v.text(e, "description", values.get("description")),
        "outcome": v.text(e, "outcome", values.get("outcome")),
    }
    if "\n" in out["provider_name"]:
        e.add("provider_name", _("One line only."))
    if out["amount_vnd"] is not None and out["kind"] and out["kind"] not in MONEY_KINDS:
        e.add("amount_vnd", _("An amount is recorded for grants, in-kind support and loans only."))
    if out["start_on"] and out["end_on"] and out["end_on"] < out["start_on"]:
        e.add("end_on", _("The end cannot be before the start."))
    if out["status"] == SupportStatus.COMPLETED and out["end_on"] is None:
        out["end_on"] = timezone.localdate()
    if out["status"] == SupportStatus.COMPLETED and out["end_on"] and out["end_on"] > timezone.localdate():
        e.add("end_on", _("Completed support cannot end in the future."))
    return out


def support_add(*, actor: Any, plan: ReintegrationPlan, **values: Any) -> SupportItem:
    """Add support to an open plan: kind, provider (from the directory, or named), amount, dates, description."""
    plan = _fresh(plan.pk)
    v.require(actor, "reintegration.change_plan", plan)
    e = v.Errors()
    fields = _support_fields(e, values)
    e.raise_if_any()
    if not plan.is_open:
        raise ValidationError(_("This plan has ended: support can no longer be added."))
    with transaction.atomic():
        item = SupportItem.objects.create(plan=plan, created_by=actor, **fields)
        _plan_audit(actor, Action.UPDATE, plan, support_added=str(item.pk), kind=item.kind)
    return item


def support_update(*, actor: Any, item: SupportItem, **values: Any) -> SupportItem:
    """Change a support item: progress (status, dates, outcome) or its details. Absent fields keep their value."""
    plan = _fresh(item.plan_id)
    v.require(actor, "reintegration.change_plan", plan)
    stored = {
        "kind": item.kind,
        "provider": item.provider_id,
        "provider_name": item.provider_name,
        "amount_vnd": item.amount_vnd,
        "status": item.status,
        "start_on": item.start_on,
        "end_on": item.end_on,
        "description": item.description,
        "outcome": item.outcome,
    }
    e = v.Errors()
    fields = _support_fields(e, {**stored, **{k: x for k, x in values.items() if k in stored}})
    e.raise_if_any()
    if not plan.is_open:
        raise ValidationError(_("This plan has ended: it can no longer be changed."))
    with transaction.atomic():
        changed = [k for k, x in fields.items() if getattr(item, k) != x]
        for k, x in fields.items():
            setattr(item, k, x)
        item.save()
        _plan_audit(actor, Action.UPDATE, plan, support=str(item.pk), fields=changed)
    return item


# --- follow-up visits -------------------------------------------------------------------------------
def visit_add(*, actor: Any, plan: ReintegrationPlan, month_offset: Any) -> FollowUpVisit:
    """An extra visit on a started plan, due that many months after the start."""
    plan = _fresh(plan.pk)
    v.require(actor, "reintegration.change_plan", plan)
    e = v.Errors()
    months = _months(e, "month_offset", [month_offset]) if month_offset not in (None, "") else []
    if month_offset in (None, ""):
        e.add("month_offset", _("This field is required."))
    e.raise_if_any()
    if plan.status != ReintegrationStatus.ACTIVE or plan.started_on is None:
        raise ValidationError(_("Visits are scheduled on a started plan."))
    with transaction.atomic():
        if plan.visits.filter(month_offset=months[0]).exists():
            raise ValidationError({"month_offset": [_("A visit is already scheduled for that month.")]})
        try:
            with transaction.atomic():
                visit = FollowUpVisit.objects.create(
                    plan=plan, month_offset=months[0], due_on=add_months(plan.started_on, months[0])
                )
        except IntegrityError as exc:
            raise ValidationError({"month_offset": [_("A visit is already scheduled for that month.")]}) from exc
        _audit(actor, Action.CREATE, "followup_visit", visit.pk, plan=str(plan.pk), month=visit.month_offset)
    return visit


def visit_record(
    *,
    actor: Any,
    visit: FollowUpVisit,
    answers: Mapping[str, Any],
    done_on: Any = None,
    method: str = "",
    note: str = "",
) -> FollowUpVisit:
    """Record a visit's answers (question code -> option value) and its scores; recording again corrects it."""
    plan = _fresh(visit.plan_id)
    v.require(actor, "reintegration.change_plan", plan)
    if plan.status not in (ReintegrationStatus.ACTIVE, ReintegrationStatus.COMPLETED):
        raise ValidationError(_("Visits are recorded on a started plan."))
    iset = indicators.get(plan.indicator_version)
    e = v.Errors()
    if not isinstance(answers, Mapping):
        e.add("answers", _("Give the answers as question code and answer pairs."))
        answers = {}
    kept, problems = scoring.clean_answers(iset, answers)
    for code, problem in problems.items():
        if problem == "unknown_question":
            e.add("answers", _("Unknown question: %(code)s.") % {"code": code[:60]})
        else:
            e.add(code, _("Choose one of the answers."))
    card = scoring.score(iset, kept)
    if not problems and card.composite is None:
        e.add("answers", _("Answer at least one question with a scored answer (not only 'does not know')."))
    day = v.date(e, "done_on", done_on) or timezone.localdate()
    _not_future(e, "done_on", day)
    if plan.started_on and day < plan.started_on:
        e.add("done_on", _("The visit cannot be before the plan started."))
    method = v.choice(e, "method", method or VisitMethod.HOME_VISIT, VisitMethod.values)
    note = v.text(e, "note", note)
    e.raise_if_any()
    with transaction.atomic():
        current = FollowUpVisit.objects.select_for_update().get(pk=visit.pk)
        again = current.done_on is not None
        current.answers = kept
        current.done_on, current.method, current.note = day, method, note
        current.visited_by = actor
        current.indicator_version = iset.key
        current.economic_score = round_score(card.score("economic"))
        current.social_score = round_score(card.score("social"))
        current.psychosocial_score = round_score(card.score("psychosocial"))
        current.composite_score = round_score(card.composite)
        current.coverage = round_score(card.coverage)
        current.save()
        if not again:
            _event(plan.case, CaseEvent.Kind.FOLLOWUP_VISIT, actor, reintegration_plan=plan.pk, visit=current.pk)
        _audit(
            actor,
            Action.UPDATE,
            "followup_visit",
            current.pk,
            plan=str(plan.pk),
            answered=len(kept),
            corrected=again,
        )
    return current


def round_score(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- self-help groups --------------------------------------------------------------------------------
def _province(e: v.Errors, value: Any) -> Any:
    from safepath.places.models import Province

    code = "" if value is None else str(value).strip()
    found = Province.objects.filter(pk=code).first() if code.isalnum() and len(code) <= 4 else None
    if found is None:
        e.add("province", _("Choose a province."))
    return found


def _group_fields(e: v.Errors, values: Mapping[str, Any]) -> dict[str, Any]:
    name = v.text(e, "name", values.get("name"), limit=200, required=True)
    if "\n" in name:
        e.add("name", _("One line only."))
    founded = v.date(e, "founded_on", values.get("founded_on"))
    _not_future(e, "founded_on", founded)
    return {
        "name": name,
        "province": _province(e, values.get("province")),
        "facilitator": v.text(e, "facilitator", values.get("facilitator"), limit=200),
        "founded_on": founded,
    }


def group_create(
    *, actor: Any, name: str, province: Any, facilitator: str = "", founded_on: Any = None
) -> SelfHelpGroup:
    """A self-help group of the actor's agency."""
    v.require(actor, "reintegration.add_group")
    e = v.Errors()
    fields = _group_fields(
        e, {"name": name, "province": province, "facilitator": facilitator, "founded_on": founded_on}
    )
    e.raise_if_any()
    with transaction.atomic():
        group = SelfHelpGroup.objects.create(agency_id=actor.agency_id, created_by=actor, **fields)
        _audit(actor, Action.CREATE, "self_help_group", group.pk)
    return group


def group_update(*, actor: Any, group: SelfHelpGroup, is_active: bool | None = None, **values: Any) -> SelfHelpGroup:
    v.require(actor, "reintegration.change_group", group)
    stored = {
        "name": group.name,
        "province": group.province_id,
        "facilitator": group.facilitator,
        "founded_on": group.founded_on,
    }
    e = v.Errors()
    fields = _group_fields(e, {**stored, **{k: x for k, x in values.items() if k in stored}})
    e.raise_if_any()
    with transaction.atomic():
        for k, x in fields.items():
            setattr(group, k, x)
        if is_active is not None:
            group.is_active = bool(is_active)
        group.save()
        _audit(actor, Action.UPDATE, "self_help_group", group.pk, active=group.is_active)
    return group


def person_joinable(*, actor: Any, group: SelfHelpGroup, person: Person) -> bool:
    """A person of the group's agency: registered by it, or with a case there the actor may open."""
    if person.registered_by_agency_id == group.agency_id and actor.has_perm("people.view_person", person):
        return True
    return Case.objects.filter(policy.case_scope(actor), agency_id=group.agency_id, person=person).exists()


def member_add(*, actor: Any, group: SelfHelpGroup, person_id: Any, joined_on: Any = None) -> GroupMember:
    v.require(actor, "reintegration.change_group", group)
    e = v.Errors()
    person = Person.objects.filter(pk=person_id).first() if policy.is_uuid(person_id) else None
    if person is None or not person_joinable(actor=actor, group=group, person=person):
        e.add("person", _("Choose a person of your agency's cases."))
    day = v.date(e, "joined_on", joined_on) or timezone.localdate()
    _not_future(e, "joined_on", day)
    e.raise_if_any()
    assert person is not None
    if not group.is_active:
        raise ValidationError(_("This group is no longer active."))
    message = _("This person is already a member of the group.")
    with transaction.atomic():
        if GroupMember.objects.filter(group=group, person=person, left_on__isnull=True).exists():
            raise ValidationError({"person": [message]})
        try:
            with transaction.atomic():
                member = GroupMember.objects.create(group=group, person=person, joined_on=day, added_by=actor)
        except IntegrityError as exc:
            raise ValidationError({"person": [message]}) from exc
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="self_help_group",
            object_ids=[group.pk],
            detail={"member_added": str(member.pk)},
            also={"person": [person.pk]},
        )
    return member


def member_leave(*, actor: Any, member: GroupMember, left_on: Any = None) -> GroupMember:
    group = member.group
    v.require(actor, "reintegration.change_group", group)
    e = v.Errors()
    day = v.date(e, "left_on", left_on) or timezone.localdate()
    _not_future(e, "left_on", day)
    if day < member.joined_on:
        e.add("left_on", _("A member cannot leave before joining."))
    e.raise_if_any()
    if member.left_on is not None:
        raise ValidationError(_("This member has already left the group."))
    with transaction.atomic():
        member.left_on = day
        member.save(update_fields=["left_on"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="self_help_group",
            object_ids=[group.pk],
            detail={"member_left": str(member.pk)},
            also={"person": [member.person_id]},
        )
    return member


def members_on(group: SelfHelpGroup, day: dt.date) -> list[GroupMember]:
    """The members of the group on that day (joined by then, not yet left)."""
    return list(
        group.members.filter(joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .order_by("joined_on", "created_at")
    )


def meeting_record(
    *,
    actor: Any,
    group: SelfHelpGroup,
    held_on: Any,
    topics: Any = (),
    present: Iterable[Any] = (),
    note: str = "",
) -> GroupMeeting:
    """A meeting: its day, topics and note, and for each member on that day whether they were present."""
    v.require(actor, "reintegration.change_group", group)
    e = v.Errors()
    day = v.date(e, "held_on", held_on, required=True)
    _not_future(e, "held_on", day)
    codes = v.choices(e, "topics", topics, GroupTopic.values)
    note = v.text(e, "note", note)
    present_ids = {str(p) for p in (present or [])}
    e.raise_if_any()
    assert day is not None
    members = members_on(group, day)
    if unknown := present_ids - {str(m.pk) for m in members}:
        raise ValidationError(
            {"present": [_("%(n)s of those marked present were not members on that day.") % {"n": len(unknown)}]}
        )
    with transaction.atomic():
        meeting = GroupMeeting.objects.create(group=group, held_on=day, topics=codes, note=note, recorded_by=actor)
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, member=m, present=str(m.pk) in present_ids) for m in members]
        )
        _audit(
            actor,
            Action.UPDATE,
            "self_help_group",
            group.pk,
            meeting=str(meeting.pk),
            members=len(members),
            present=len(present_ids),
        )
    return meeting
