"""The screening journey in a real browser, on a phone-sized screen.

A caseworker screens a returned migrant with the shipped trafficking instrument; the connection
drops in the middle of a section (the answer waits in the tab and is saved when it returns); the
worker leaves and resumes from the case page, completes, reads the outcome and its reasons,
confirms the suggested legal status, builds a care plan and sends it; the supervisor approves it.
Screenshots go to var/artifacts/.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from safepath.cases.models import CaseEvent
from safepath.cases.services import CaseInput, case_assign, case_open
from safepath.plans.models import CarePlan
from safepath.screening import instruments
from safepath.screening.models import Assessment
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


SAVED = "() => !Object.keys(sessionStorage).some(k => k.startsWith('safepath-pending-'))"


def answer_visible(page: Page, child_code: str) -> int:
    """Answer every question shown, as the answers open more: yes to each yes/no (no to "under 18"),
    Viet Nam or else the first option to single choices, labour to multiple choices."""
    done: set[str] = set()
    for _ in range(6):
        todo = [
            fs
            for fs in page.locator("fieldset.sp-question:not([hidden])").all()
            if fs.get_attribute("data-question") not in done
        ]
        if not todo:
            break
        for fs in todo:
            code, kind = fs.get_attribute("data-question"), fs.get_attribute("data-type")
            done.add(code)
            if kind == "yes_no":
                fs.locator(f"label[for='{code}-{'no' if code == child_code else 'yes'}']").click()
            elif kind == "single":
                vietnam = fs.locator(f"label[for='{code}-vietnam']")
                (vietnam if vietnam.count() else fs.locator("label.btn").first).click()
            elif kind == "multi":
                fs.locator("input[value='labour'], input[type=checkbox]").first.check()
            page.wait_for_function(SAVED)  # saved, and the questions it opens are shown
    return len(done)


def test_screen_drop_resume_decide_plan_approve(live_server, page: Page):
    agency = AgencyFactory(code="HN-MRC")
    worker = UserFactory(username="canbo", agency=agency, roles=[Role.CASEWORKER], first_name="Cán bộ")
    boss = UserFactory(username="giamsat", agency=agency, roles=[Role.SUPERVISOR], first_name="Giám sát")
    person = register(worker, family_name="Lò", middle_name="Thị", given_name="Xuân", birth_date="1996")
    case = case_open(
        actor=worker,
        person=person,
        data=CaseInput(case_type="returned", channel="phone", migration_stage="returned", destination_country_id="CN"),
    )
    case_assign(actor=boss, case=case, caseworker_id=worker.pk, supervisor_id=boss.pk)
    instrument = instruments.current("trafficking-screening")
    child_code = instrument.context.child
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    login(page, base, "canbo")
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("#new-assessment").click()
    page.locator("#instrument-trafficking-screening").check()
    page.locator("#start-assessment").click()
    expect(page.locator("#disclaimer")).to_be_visible()
    shot(page, "30-screening-first-section")

    # First section: answer, with the answers saved one by one in the background.
    answer_visible(page, child_code)
    expect(page.locator("#save-status")).to_contain_text(re.compile("Đã lưu lúc"))
    page.locator("#go-next").click()

    # Second section: the connection drops while answering.
    first = page.locator("fieldset.sp-question:not([hidden])[data-type='yes_no']").first
    code = first.get_attribute("data-question")
    page.context.set_offline(True)
    first.locator(f"label[for='{code}-yes']").click()
    expect(page.locator("#save-status")).to_contain_text(re.compile("Mất kết nối"))
    shot(page, "31-screening-offline")
    assessment = Assessment.objects.get()
    assert code not in assessment.answers
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text(re.compile("Đã lưu lúc"))
    assessment.refresh_from_db()
    assert assessment.answers[code] == "yes"

    # The worker leaves and comes back later: the case page offers to continue where they were.
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator(f"#resume-{assessment.pk}").click()
    expect(page.locator(f"#{code}-yes")).to_be_checked()

    # On to the end, answering what each section shows.
    for _ in range(len(instrument.sections) + 3):
        if "/review/" in page.url:
            break
        answer_visible(page, child_code)
        page.locator("#go-next").click()
    expect(page).to_have_url(re.compile("/review/$"))
    shot(page, "32-screening-review")
    page.locator("#complete-assessment").click()
    expect(page.locator("#outcome")).to_contain_text("Có dấu hiệu rõ của mua bán người")
    expect(page.get_by_role("heading", name="Tại sao")).to_be_visible()
    expect(page.locator("#disclaimer")).to_contain_text("không phải")
    shot(page, "33-screening-outcome")

    # The worker confirms the suggested legal status; the timeline records the decision and its evidence.
    page.locator("#take_legal_status").check()
    page.locator("#id_apply_note").fill("Lời kể thống nhất, có giấy tờ bị giữ.")
    page.locator("#apply-findings").click()
    case.refresh_from_db()
    assert case.legal_status == "under_identification_vietnam"
    decided = CaseEvent.objects.get(case=case, kind="decided")
    assert decided.actor == worker and decided.grounds["evidence"]
    expect(page.locator("#entitlements")).to_contain_text("Hỗ trợ y tế")

    # A care plan: one goal, one service, sent for approval.
    page.locator("#new-plan").click()
    page.locator("#create-plan").click()
    page.locator("#id_domain").select_option("health")
    page.locator("#id_goal_text").fill("Khám sức khỏe và điều trị")
    page.get_by_role("button", name="Thêm mục tiêu").click()
    goal_form = page.locator("form.sp-service-form").first
    goal_form.locator("select[name=service_type]").select_option("medical")
    goal_form.locator("input[name=due_on]").fill("20/12/2026")
    goal_form.get_by_role("button", name="Thêm dịch vụ").click()
    expect(page.get_by_text("được hưởng").first).to_be_visible()
    shot(page, "34-care-plan-draft")
    page.locator("#submit-plan").click()
    expect(page.locator("#plan-status")).to_contain_text("Chờ phê duyệt")

    # The supervisor approves it.
    page.context.clear_cookies()
    login(page, base, "giamsat")
    plan = CarePlan.objects.get()
    page.goto(f"{base}/plans/{plan.pk}/")
    page.locator("#approve-plan").click()
    expect(page.locator("#plan-status")).to_contain_text("Đã phê duyệt")
    shot(page, "35-care-plan-approved")
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approved_by == boss
