"""Demo reintegration: plans with livelihood support and follow-up visits on a few cases of the social
services that run self-help groups (Bắc Giang, Huế, Tây Ninh), and one self-help group per agency.

Rows are written directly (like the rest of the demo): the demo load leaves one access-log entry for
the whole load, never entries claiming that staff viewed or changed these records. Scores are computed
with the same pure functions as a real visit, on answers that improve from visit to visit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from safepath.cases.models import Case, CaseEvent
from safepath.reintegration import indicators, scoring
from safepath.reintegration.choices import (
    DEFAULT_FOLLOWUP_MONTHS,
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
from safepath.reintegration.services import add_months, round_score

AGENCIES = ("BG-SS", "HUE-SS", "TN-SS")
PREFERRED_TYPES = ("identified_victim", "suspected_trafficking", "returned", "vulnerable")
CLOSED_REASONS = ("reintegrated", "goals_met")
CLOSED_PER_AGENCY = 2  # completed plans: cases closed after at least MIN_DAYS_CLOSED of support
MIN_DAYS_CLOSED = 95  # the 1- and 3-month visits fit before the closure
OPEN_PER_AGENCY = 2  # active plans: open cases with at least one visit due
MIN_DAYS_OPEN = 50

LIVELIHOODS: list[tuple[str, list[tuple[str, str, int | None, str]]]] = [
    # (focus, [(kind, provider name, amount in đồng, description)])
    (
        "Chăn nuôi lợn tại gia đình",
        [
            (
                SupportKind.VOCATIONAL_TRAINING,
                "Trung tâm Khuyến nông huyện",
                None,
                "Lớp kỹ thuật chăn nuôi lợn 1 tháng",
            ),
            (SupportKind.IN_KIND, "", 12_000_000, "2 con lợn nái giống và 3 tháng thức ăn"),
        ],
    ),
    (
        "May mặc, làm công nhân may",
        [
            (SupportKind.VOCATIONAL_TRAINING, "Trường Trung cấp nghề tỉnh", None, "Khóa may công nghiệp 3 tháng"),
            (
                SupportKind.JOB_PLACEMENT,
                "Công ty may xuất khẩu trong khu công nghiệp",
                None,
                "Giới thiệu việc làm sau khóa học",
            ),
        ],
    ),
    (
        "Mở quầy tạp hóa nhỏ",
        [
            (SupportKind.STARTUP_GRANT, "", 15_000_000, "Vốn nhập hàng ban đầu"),
            (SupportKind.LOAN, "Ngân hàng Chính sách xã hội", 40_000_000, "Vay vốn hộ nghèo, 36 tháng"),
        ],
    ),
    (
        "Trồng rau an toàn",
        [
            (SupportKind.IN_KIND, "", 8_000_000, "Hạt giống, lưới và hệ thống tưới"),
            (SupportKind.VOCATIONAL_TRAINING, "Hội Nông dân xã", None, "Tập huấn trồng rau an toàn"),
        ],
    ),
    (
        "Học nghề làm tóc",
        [
            (SupportKind.VOCATIONAL_TRAINING, "Cơ sở dạy nghề tư nhân", None, "Học nghề làm tóc 6 tháng"),
            (SupportKind.STARTUP_GRANT, "", 10_000_000, "Dụng cụ mở tiệm nhỏ tại nhà"),
        ],
    ),
    (
        "Tiếp tục đi học",
        [(SupportKind.SCHOOLING, "Trường THPT tại địa phương", None, "Học phí, sách vở và xe đạp")],
    ),
]
GROUP_NAMES = {"BG-SS": "Nhóm tự lực Hoa Sen", "HUE-SS": "Nhóm tự lực Ánh Dương", "TN-SS": "Nhóm tự lực Vươn Lên"}
FACILITATOR = "Cán bộ Hội Liên hiệp Phụ nữ xã"
MEETING_NOTES = [
    "Chia sẻ kinh nghiệm làm ăn; góp quỹ tiết kiệm nhóm.",
    "Cán bộ tư pháp xã nói về quyền được hỗ trợ theo Luật Phòng, chống mua bán người.",
    "Thảo luận cách nhận biết lời mời đi làm việc nhẹ lương cao.",
    "Các thành viên kể về những thay đổi trong gia đình.",
    "Trạm y tế hướng dẫn làm thẻ bảo hiểm y tế.",
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, day.day)))


def _trajectory(iset: indicators.IndicatorSet, rng: random.Random, visits: int) -> list[dict[str, str]]:
    """A person's answers at each visit: a low start, then some answers better at every visit (never worse).

    The questions the person declines (and children's schooling when they have no school-age child)
    stay the same from visit to visit, so the scores of successive visits compare like with like.
    """
    level = rng.choice((0.1, 0.2, 0.3))
    no_children = rng.random() < 0.5
    questions = list(iset.questions())
    scored = {
        q.code: sorted((o for o in q.options if o.points is not None), key=lambda o: o.points or 0) for q in questions
    }
    unscored = {q.code: [o for o in q.options if o.points is None] for q in questions}
    skipped = {q.code for q in questions if unscored[q.code] and rng.random() < 0.05}
    if no_children:
        skipped.add("children_education")
    state = {
        code: max(0, min(len(opts) - 1, round(level * (len(opts) - 1)) + rng.choice((-1, 0, 0, 1))))
        for code, opts in scored.items()
    }
    out: list[dict[str, str]] = []
    for step in range(visits):
        if step:
            movable = [c for c in state if c not in skipped and state[c] < len(scored[c]) - 1]
            moved = [c for c in movable if rng.random() < 0.45] or movable[:1]
            for code in moved:
                state[code] += 1
        out.append(
            {
                q.code: (
                    unscored[q.code][0] if q.code in skipped and unscored[q.code] else scored[q.code][state[q.code]]
                ).value
                for q in questions
            }
        )
    return out


def _cases(agency: Any, today: dt.date) -> tuple[list[Case], list[Case], list[Case]]:
    """The cases to give a plan: closed ones whose person was reintegrated after months of support (their plan
    is completed), open ones old enough for a visit to be due (their plan is active); and the others."""
    qs = Case.objects.filter(agency=agency, highly_sensitive=False).select_related("person", "caseworker", "supervisor")
    seen: set[Any] = set()

    def first_per_person(cases: Iterable[Case], limit: int) -> list[Case]:
        out: list[Case] = []
        for c in cases:
            if len(out) < limit and c.person_id not in seen:
                seen.add(c.person_id)
                out.append(c)
        return out

    closed = first_per_person(
        sorted(
            (
                c
                for c in qs.filter(status="closed", closure_reason__in=CLOSED_REASONS)
                if c.closed_on and (c.closed_on - c.opened_on).days >= MIN_DAYS_CLOSED
            ),
            key=lambda c: (
                c.case_type not in PREFERRED_TYPES,
                c.closure_reason != "reintegrated",
                -(c.closed_on - c.opened_on).days,  # type: ignore[operator]
            ),
        ),
        CLOSED_PER_AGENCY,
    )
    open_ = first_per_person(
        sorted(
            qs.exclude(status="closed").filter(opened_on__lte=today - dt.timedelta(days=MIN_DAYS_OPEN)),
            key=lambda c: (c.case_type not in PREFERRED_TYPES, c.opened_on),
        ),
        OPEN_PER_AGENCY,
    )
    others = first_per_person(qs.order_by("-opened_on")[:40], 40)
    return closed, open_, others


def _plan(
    case: Case, worker: Any, *, today: dt.date, overdue: bool, rng: random.Random, counts: dict[str, int]
) -> ReintegrationPlan:
    """An active plan on an open case, a completed one on a closed case, with support and the visits made so far."""
    iset = indicators.current()
    started = case.opened_on + dt.timedelta(days=rng.randint(7, 15))
    closed = case.status == "closed" and case.closed_on is not None
    last_day = case.closed_on if closed and case.closed_on else today - dt.timedelta(days=3)
    focus, supports = LIVELIHOODS[rng.randrange(len(LIVELIHOODS))]
    actor = case.caseworker or worker
    plan = ReintegrationPlan.objects.create(
        case=case,
        status=ReintegrationStatus.COMPLETED if closed else ReintegrationStatus.ACTIVE,
        started_on=started,
        ended_on=case.closed_on if closed else None,
        end_note="Đã có sinh kế ổn định." if closed else "",
        focus=focus,
        summary="Kế hoạch hỗ trợ sinh kế, xây dựng cùng người được hỗ trợ và gia đình.",
        indicator_version=iset.key,
        followup_months=list(DEFAULT_FOLLOWUP_MONTHS),
        created_by=actor,
    )
    # Drawn up a few days before it started (the column fills itself with "now" on create).
    ReintegrationPlan.objects.filter(pk=plan.pk).update(created_at=_at(started - dt.timedelta(days=3)))
    link = {"reintegration_plan": str(plan.pk)}
    events = [CaseEvent(case=case, kind=CaseEvent.Kind.REINTEGRATION_START, actor=actor, detail=link, at=_at(started))]
    if closed and case.closed_on:
        events.append(
            CaseEvent(
                case=case, kind=CaseEvent.Kind.REINTEGRATION_END, actor=actor, detail=link, at=_at(case.closed_on, 8)
            )
        )
    for n, (kind, provider, amount, description) in enumerate(supports):
        begin = started + dt.timedelta(days=7 + 20 * n)
        finished = begin + dt.timedelta(days=45)
        done = finished <= last_day
        SupportItem.objects.create(
            plan=plan,
            kind=kind,
            provider_name=provider,
            amount_vnd=amount,
            status=SupportStatus.COMPLETED
            if done
            else SupportStatus.ACTIVE
            if begin <= today
            else SupportStatus.PLANNED,
            start_on=begin,
            end_on=finished if done else None,
            description=description,
            outcome="Hoàn thành, đã áp dụng vào công việc." if done else "",
            created_by=actor,
        )
        counts["support_items"] += 1
    visits = [FollowUpVisit(plan=plan, month_offset=m, due_on=add_months(started, m)) for m in DEFAULT_FOLLOWUP_MONTHS]
    due = [x for x in visits if x.due_on <= last_day]
    to_do = (due[:-1] if overdue and len(due) > 1 else due)[:3]
    for visit, answers in zip(to_do, _trajectory(iset, rng, len(to_do)), strict=True):
        card = scoring.score(iset, answers)
        visit.done_on = min(last_day, visit.due_on + dt.timedelta(days=rng.randint(0, 6)))
        visit.method = rng.choice([VisitMethod.HOME_VISIT, VisitMethod.HOME_VISIT, VisitMethod.PHONE])
        visit.answers = answers
        visit.economic_score = round_score(card.score("economic"))
        visit.social_score = round_score(card.score("social"))
        visit.psychosocial_score = round_score(card.score("psychosocial"))
        visit.composite_score = round_score(card.composite)
        visit.coverage = round_score(card.coverage)
        visit.indicator_version = iset.key
        visit.visited_by = actor
        counts["followup_visits_done"] += 1
    FollowUpVisit.objects.bulk_create(visits)
    events += [
        CaseEvent(
            case=case,
            kind=CaseEvent.Kind.FOLLOWUP_VISIT,
            actor=actor,
            detail={**link, "visit": str(x.pk)},
            at=_at(x.done_on, 14),
        )
        for x in visits
        if x.done_on is not None
    ]
    for event in events:
        event.detail = {"reintegration_plan": str(plan.pk), **event.detail}
    CaseEvent.objects.bulk_create(events)
    counts["reintegration_plans"] += 1
    return plan


def _group(
    agency: Any, worker: Any, persons: list[Any], *, today: dt.date, rng: random.Random, counts: dict[str, int]
) -> None:
    if agency.province_id is None or not persons:
        return
    founded = today - dt.timedelta(days=400)
    group = SelfHelpGroup.objects.create(
        agency=agency,
        province_id=agency.province_id,
        name=GROUP_NAMES.get(agency.code, f"Nhóm tự lực {agency.code}"),
        facilitator=FACILITATOR,
        founded_on=founded,
        created_by=worker,
    )
    counts["self_help_groups"] += 1
    members = []
    for n, person in enumerate(persons):
        joined = min(today, founded + dt.timedelta(days=30 * n + rng.randint(0, 20)))
        members.append(GroupMember.objects.create(group=group, person=person, joined_on=joined, added_by=worker))
    counts["group_members"] += len(members)
    for k in range(5, 0, -1):
        held = today - dt.timedelta(days=30 * k - rng.randint(0, 5))
        present_ones = [m for m in members if m.joined_on <= held]
        if not present_ones:
            continue
        topics = sorted(rng.sample(GroupTopic.values[:-1], rng.randint(1, 3)))
        meeting = GroupMeeting.objects.create(
            group=group, held_on=held, topics=topics, note=rng.choice(MEETING_NOTES), recorded_by=worker
        )
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, member=m, present=rng.random() < 0.78) for m in present_ones]
        )
        counts["group_meetings"] += 1


def load_demo(*, agencies: dict[str, Any], users: dict[str, Any], today: dt.date, rng: random.Random) -> dict[str, int]:
    counts = {
        "reintegration_plans": 0,
        "support_items": 0,
        "followup_visits_done": 0,
        "self_help_groups": 0,
        "group_members": 0,
        "group_meetings": 0,
    }
    for code in AGENCIES:
        agency = agencies.get(code)
        if agency is None:
            continue
        worker = users.get(f"{code.lower()}.caseworker") or users.get(f"{code.lower()}.supervisor")
        closed, open_, others = _cases(agency, today)
        if worker is None:
            worker = next((c.caseworker for c in closed + open_ + others if c.caseworker is not None), None)
        if worker is None:
            continue
        for case in closed:
            _plan(case, worker, today=today, overdue=False, rng=rng, counts=counts)
        for n, case in enumerate(open_):
            _plan(case, worker, today=today, overdue=n == 0, rng=rng, counts=counts)  # one visit left overdue
        planned = [c.person for c in closed + open_]
        _group(agency, worker, planned + [c.person for c in others[:3]], today=today, rng=rng, counts=counts)
    return counts
