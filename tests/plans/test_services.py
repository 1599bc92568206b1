"""Care plans from needs to approval, review and close; entitlements from dated rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safepath.accounts.roles import Role
from safepath.cases.models import CaseEvent, Task
from safepath.plans import services
from safepath.plans.entitlements import entitlements_for, load_rules
from safepath.screening.instruments import InstrumentError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_entitlements_follow_article_37():
    on = dt.date(2026, 1, 1)
    assert len(entitlements_for("victim", on).supports) == 11
    assert [s.clause for s in entitlements_for("under_identification_abroad", on).supports] == ["a", "b", "c", "d"]
    assert [s.clause for s in entitlements_for("under_identification_vietnam", on).supports] == list("abcdđeg")
    minor = entitlements_for("accompanying_minor", on)
    assert "education" in minor.codes and "vocational_employment" not in minor.codes
    foreign = entitlements_for("foreign_victim", on)
    assert foreign.rule.discretionary and "travel" not in foreign.codes
    assert entitlements_for("not_assessed", on).supports == ()
    # Before Law 53/2024 came into force no rule set of SafePath's applies.
    assert entitlements_for("victim", dt.date(2025, 6, 30)).rule_set is None


def test_overlapping_or_broken_rule_files_are_refused(tmp_path):
    from safepath.plans.entitlements import RULES

    text = (RULES / "law-53-2024-art-37.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(
        text.replace("code: law-53-2024-art-37", "code: later").replace("2025-07-01", "2026-01-01")
    )
    with pytest.raises(InstrumentError, match="overlap"):
        load_rules(tmp_path)
    (tmp_path / "b.yaml").write_text(
        text.replace("supports: [essential_needs, medical, interpretation, legal_information]", "supports: [flying]")
    )
    (tmp_path / "a.yaml").unlink()
    with pytest.raises(InstrumentError, match="grants 'flying'"):
        load_rules(tmp_path)


def _plan_with_service(actor, case):
    plan = services.plan_create(actor=actor, case=case, summary="Hỗ trợ tái hòa nhập")
    goal = services.goal_add(
        actor=actor, plan=plan, domain="health", urgency="high", text="Khám và điều trị vết thương"
    )
    services.service_add(actor=actor, goal=goal, service_type="medical", due_on="15/12/2026")
    return plan, goal


def test_a_plan_is_approved_by_another_supervisor_and_reviews_come_due_as_tasks(caseworker, supervisor, case, agency):
    plan, goal = _plan_with_service(caseworker, case)
    with pytest.raises(ValidationError):
        services.service_add(
            actor=caseworker, goal=goal, service_type="legal_aid", provider="referral", due_on="01/12/2026"
        )
    plan = services.plan_submit(actor=caseworker, plan=plan)
    approval = Task.objects.get(pk=plan.approval_task_id)
    assert approval.assigned_to == supervisor and approval.status == "open"
    with pytest.raises(PermissionDenied):
        services.plan_decide(actor=caseworker, plan=plan, approve=True)
    with pytest.raises(ValidationError):  # sending back needs a reason
        services.plan_decide(actor=supervisor, plan=plan, approve=False, note="")
    plan = services.plan_decide(actor=supervisor, plan=plan, approve=False, note="Thêm hỗ trợ pháp lý")
    assert plan.status == "draft" and plan.returned_note == "Thêm hỗ trợ pháp lý"
    Task.objects.get(pk=approval.pk, status="done")
    plan = services.plan_submit(actor=caseworker, plan=plan)
    plan = services.plan_decide(actor=supervisor, plan=plan, approve=True)
    assert plan.status == "approved" and plan.approved_by == supervisor
    assert plan.review_on == timezone.localdate() + dt.timedelta(days=30)
    assert plan.entitlement_rules == "law-53-2024-art-37" and plan.legal_status == case.legal_status
    review = Task.objects.get(pk=plan.review_task_id)
    assert review.due_on == plan.review_on and review.assigned_to == caseworker
    kinds = list(CaseEvent.objects.filter(case=case, kind__startswith="plan_").values_list("kind", flat=True))
    assert sorted(kinds) == ["plan_approved", "plan_returned", "plan_submitted", "plan_submitted"]
    # Approved: contents fixed, progress recorded; a review closes its task and schedules the next.
    with pytest.raises(ValidationError):
        services.goal_add(actor=caseworker, plan=plan, domain="family", urgency="low", text="x")
    service = goal.services.get()
    service = services.service_progress(actor=caseworker, service=service, status="delivered", note="Đã khám")
    assert service.delivered_on == timezone.localdate()
    nxt = timezone.localdate() + dt.timedelta(days=60)
    services.plan_review(actor=caseworker, plan=plan, note="Tiến triển tốt", next_review_on=nxt)
    plan.refresh_from_db()
    assert Task.objects.get(pk=review.pk).status == "done"
    assert Task.objects.get(pk=plan.review_task_id).due_on == nxt
    plan = services.plan_close(actor=caseworker, plan=plan, note="Hoàn thành")
    assert plan.status == "closed" and Task.objects.get(pk=review.pk).status == "done"


def test_a_supervisor_does_not_approve_a_plan_they_sent(supervisor, case, agency):
    plan, _ = _plan_with_service(supervisor, case)
    plan = services.plan_submit(actor=supervisor, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_decide(actor=supervisor, plan=plan, approve=True)
    other = UserFactory(agency=agency, roles=[Role.SUPERVISOR])
    case.supervisor = None
    case.save(update_fields=["supervisor"])
    plan.refresh_from_db()
    plan.case.refresh_from_db()
    assert services.plan_decide(actor=other, plan=plan, approve=True).status == "approved"


def test_a_plan_needs_goals_with_services_before_approval(caseworker, case):
    plan = services.plan_create(actor=caseworker, case=case)
    with pytest.raises(ValidationError):
        services.plan_submit(actor=caseworker, plan=plan)
    services.goal_add(actor=caseworker, plan=plan, domain="safety", urgency="immediate", text="An toàn chỗ ở")
    with pytest.raises(ValidationError):
        services.plan_submit(actor=caseworker, plan=plan)


def test_goals_come_from_a_completed_needs_assessment(caseworker, case):
    from safepath.screening import services as screening

    shipped = [
        i for i in __import__("safepath.screening.instruments", fromlist=["x"]).current_all() if i.kind == "needs"
    ]
    if not shipped:
        pytest.skip("no needs instrument shipped")
    needs = shipped[0]
    a = screening.assessment_start(actor=caseworker, case=case, instrument=needs.code)
    first_safety = next(i for i in needs.indicators if i.domain == "safety")
    question = next(q for q in needs.questions() if first_safety.code in q.evidence)
    urgencies = {
        f"urgency_{d}": "none"
        for d in ("health", "psychosocial", "legal_documents", "shelter", "livelihood", "education_training", "family")
    }
    required = {q.code: "no" for q in needs.questions() if q.required and q.type == "yes_no"}
    a = screening.assessment_save(
        actor=caseworker,
        assessment=a,
        answers={**required, **urgencies, question.code: "yes", "urgency_safety": "immediate"},
    )
    a = screening.assessment_complete(actor=caseworker, assessment=a)
    plan = services.plan_create(actor=caseworker, case=case, needs_assessment=a)
    goal = plan.goals.get()
    assert goal.domain == "safety" and goal.urgency == "immediate"
    assert str(first_safety.label) in goal.text
