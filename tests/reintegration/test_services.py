"""Plans, schedule, support and visits: validated, transactional, audited, and refused to those the policy refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safepath.audit.models import AccessEvent
from safepath.cases.models import CaseEvent
from safepath.directory.models import ServiceProvider
from safepath.reintegration import services
from safepath.reintegration.models import FollowUpVisit, ReintegrationPlan
from tests.reintegration.conftest import MIXED, MIXED_COMPOSITE, MIXED_ECONOMIC, MIXED_PSYCHOSOCIAL, MIXED_SOCIAL

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert services.add_months(dt.date(2026, 1, 15), 1) == dt.date(2026, 2, 15)
    assert services.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)
    assert services.add_months(dt.date(2026, 11, 30), 12) == dt.date(2027, 11, 30)


def test_a_draft_plan_records_the_current_indicator_set_and_is_audited(caseworker, case):
    plan = services.plan_create(actor=caseworker, case=case, focus="May mặc", summary="Muốn làm công nhân may")
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.indicator_version == "safepath-default-2026.1"
    assert plan.focus == "May mặc" and not plan.visits.exists()
    assert AccessEvent.objects.filter(object_type="reintegration_plan", action="create", object_ids=[str(plan.pk)])


def test_starting_schedules_the_default_visits(plan, case):
    assert plan.status == "active" and plan.started_on == dt.date(2026, 1, 1)
    visits = list(plan.visits.order_by("month_offset").values_list("month_offset", "due_on"))
    assert visits == [
        (1, dt.date(2026, 2, 1)),
        (3, dt.date(2026, 4, 1)),
        (6, dt.date(2026, 7, 1)),
        (12, dt.date(2027, 1, 1)),
    ]
    assert plan.followup_months == [1, 3, 6, 12]
    assert CaseEvent.objects.filter(case=case, kind="reintegration_start", detail__reintegration_plan=str(plan.pk))


def test_the_schedule_can_be_chosen_and_bad_schedules_are_refused(caseworker, case, settings):
    plan = services.plan_create(actor=caseworker, case=case)
    for bad, message in [("0, 3", "from 1 to 60"), ("2, x", "whole number"), (" , ", "at least one")]:
        with pytest.raises(ValidationError) as exc:
            services.plan_start(actor=caseworker, plan=plan, followup_months=bad)
        assert message in " ".join(exc.value.message_dict["followup_months"])
    with pytest.raises(ValidationError) as exc:
        services.plan_start(actor=caseworker, plan=plan, started_on=timezone.localdate() + dt.timedelta(days=1))
    assert "started_on" in exc.value.message_dict
    settings.SAFEPATH_REINTEGRATION_FOLLOWUP_MONTHS = (2, 24)
    services.plan_start(actor=caseworker, plan=plan, followup_months="9, 3,3")
    assert sorted(plan.visits.values_list("month_offset", flat=True)) == [3, 9]
    assert services.default_followup_months() == [2, 24]
    with pytest.raises(ValidationError, match="Only a draft"):
        services.plan_start(actor=caseworker, plan=plan)


def test_one_open_plan_per_case(caseworker, case, plan):
    with pytest.raises(ValidationError, match="already has an open reintegration plan"):
        services.plan_create(actor=caseworker, case=case)
    services.plan_end(actor=caseworker, plan=plan, status="completed", note="Có thu nhập ổn định")
    second = services.plan_create(actor=caseworker, case=case)
    assert second.status == "draft"
    assert ReintegrationPlan.objects.filter(case=case).count() == 2


def test_ending_a_plan(caseworker, case):
    draft = services.plan_create(actor=caseworker, case=case)
    with pytest.raises(ValidationError, match="Only a started plan can be completed"):
        services.plan_end(actor=caseworker, plan=draft, status="completed")
    with pytest.raises(ValidationError) as exc:
        services.plan_end(actor=caseworker, plan=draft, status="dropped")
    assert "note" in exc.value.message_dict  # dropping says why
    done = services.plan_end(actor=caseworker, plan=draft, status="dropped", note="Chuyển đi tỉnh khác")
    assert done.status == "dropped" and done.ended_on == timezone.localdate() and done.end_note == "Chuyển đi tỉnh khác"
    with pytest.raises(ValidationError, match="already ended"):
        services.plan_end(actor=caseworker, plan=done, status="dropped", note="x")
    with pytest.raises(ValidationError, match="ended"):
        services.plan_update(actor=caseworker, plan=done, focus="x", summary="")


def test_support_items_are_validated(caseworker, plan):
    provider = ServiceProvider.objects.create(name_vi="Trường Trung cấp nghề", kind="training")
    item = services.support_add(
        actor=caseworker,
        plan=plan,
        kind="vocational_training",
        provider=str(provider.pk),
        start_on="01/02/2026",
        description="Khóa may 3 tháng",
    )
    assert item.provider_label == "Trường Trung cấp nghề" and item.status == "planned"
    grant = services.support_add(actor=caseworker, plan=plan, kind="startup_grant", amount_vnd="15.000.000")
    assert grant.amount_vnd == 15_000_000
    with pytest.raises(ValidationError) as exc:
        services.support_add(
            actor=caseworker,
            plan=plan,
            kind="job_placement",
            amount_vnd="500000",
            provider="00000000-0000-0000-0000-000000000000",
            start_on="10/03/2026",
            end_on="01/03/2026",
        )
    assert set(exc.value.message_dict) == {"amount_vnd", "provider", "end_on"}
    with pytest.raises(ValidationError) as exc:
        services.support_add(actor=caseworker, plan=plan, kind="teleport")
    assert "kind" in exc.value.message_dict
    updated = services.support_update(actor=caseworker, item=item, status="completed", outcome="Đã có chứng chỉ")
    assert updated.status == "completed" and updated.end_on == timezone.localdate()
    assert updated.description == "Khóa may 3 tháng" and updated.provider_id == provider.pk  # untouched fields kept
    services.plan_end(actor=caseworker, plan=plan, status="completed")
    with pytest.raises(ValidationError, match="ended"):
        services.support_update(actor=caseworker, item=grant, status="completed")


def test_recording_a_visit_stores_the_scores(caseworker, plan, case):
    visit = plan.visits.get(month_offset=1)
    done = services.visit_record(
        actor=caseworker, visit=visit, answers=MIXED, done_on="03/02/2026", method="phone", note="Gọi điện"
    )
    done.refresh_from_db()
    assert done.done_on == dt.date(2026, 2, 3) and done.method == "phone" and done.visited_by == caseworker
    assert done.economic_score == pytest.approx(MIXED_ECONOMIC, abs=1e-4)
    assert done.social_score == pytest.approx(MIXED_SOCIAL, abs=1e-4)
    assert done.psychosocial_score == pytest.approx(MIXED_PSYCHOSOCIAL, abs=1e-4)
    assert done.composite_score == pytest.approx(MIXED_COMPOSITE, abs=1e-4)
    assert done.coverage == pytest.approx(0.9028, abs=1e-4)
    assert done.indicator_version == "safepath-default-2026.1"
    assert done.answers == dict(MIXED)
    # Recording again corrects it; the timeline has the visit once.
    services.visit_record(actor=caseworker, visit=visit, answers={"debt": "no_debt"}, done_on="03/02/2026")
    visit.refresh_from_db()
    assert visit.economic_score == 1.0 and visit.social_score is None and visit.composite_score == 1.0
    assert CaseEvent.objects.filter(case=case, kind="followup_visit").count() == 1
    assert AccessEvent.objects.filter(object_type="followup_visit", action="update").count() == 2


def test_a_visit_with_bad_answers_is_refused_whole(caseworker, plan):
    visit = plan.visits.get(month_offset=3)
    with pytest.raises(ValidationError) as exc:
        services.visit_record(
            actor=caseworker,
            visit=visit,
            answers={"debt": "castle", "unknown": "x", "safety": "safe"},
            done_on=timezone.localdate() + dt.timedelta(days=2),
            method="fax",
        )
    errors = exc.value.message_dict
    assert set(errors) == {"debt", "answers", "done_on", "method"}
    with pytest.raises(ValidationError, match="at least one question"):
        services.visit_record(actor=caseworker, visit=visit, answers={"children_education": "not_applicable"})
    with pytest.raises(ValidationError) as exc:
        services.visit_record(actor=caseworker, visit=visit, answers={"safety": "safe"}, done_on="31/12/2025")
    assert "done_on" in exc.value.message_dict  # before the start
    visit.refresh_from_db()
    assert visit.done_on is None and visit.answers == {} and visit.composite_score is None


def test_visits_on_a_draft_or_dropped_plan_are_refused(caseworker, case, plan):
    extra = services.visit_add(actor=caseworker, plan=plan, month_offset="18")
    assert extra.due_on == dt.date(2027, 7, 1)
    with pytest.raises(ValidationError, match="already scheduled"):
        services.visit_add(actor=caseworker, plan=plan, month_offset=18)
    services.plan_end(actor=caseworker, plan=plan, status="dropped", note="Không liên lạc được")
    with pytest.raises(ValidationError, match="started plan"):
        services.visit_record(actor=caseworker, visit=extra, answers={"safety": "safe"})


def test_other_agencies_analysts_and_shelter_staff_cannot_change_a_plan(plan, case, outsider, analyst, shelter_staff):
    visit = plan.visits.first()
    for user in (outsider, analyst, shelter_staff):
        with pytest.raises(PermissionDenied):
            services.visit_record(actor=user, visit=visit, answers={"safety": "safe"})
        with pytest.raises(PermissionDenied):
            services.support_add(actor=user, plan=plan, kind="loan")
    for user in (outsider, analyst):
        with pytest.raises(PermissionDenied):
            services.plan_create(actor=user, case=case)
    assert shelter_staff.has_perm("reintegration.view_plan", plan)  # shelter staff read it, as they read the case
    assert not outsider.has_perm("reintegration.view_plan", plan) and not analyst.has_perm(
        "reintegration.view_plan", plan
    )
    assert FollowUpVisit.objects.filter(done_on__isnull=False).count() == 0


def test_a_closed_case_takes_no_new_plan(caseworker, case, supervisor):
    case.status = "closed"
    case.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=caseworker, case=case)
