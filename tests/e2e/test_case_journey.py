"""The case-management journey in a real browser (Debian chromium, headless, driven by Playwright).

A counsellor logs a phone call, the duplicate check finds the caller typed without diacritics,
the counsellor records the consultation and opens a case for the returned migrant; the supervisor
assigns it; the caseworker adds a task and asks to close; the supervisor approves the closure.
Screenshots go to var/artifacts/.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.cases.models import Case, Consultation, IntakeItem, Task
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def logout(page: Page) -> None:
    page.context.clear_cookies()  # the phone layout hides the menu; a new session is a new user


def test_phone_call_to_closed_case(live_server, page: Page):
    agency = AgencyFactory(code="HN-MRC")
    UserFactory(username="tuvan", agency=agency, roles=[Role.COUNSELLOR], first_name="Tư vấn")
    caseworker = UserFactory(username="canbo", agency=agency, roles=[Role.CASEWORKER], first_name="Cán bộ")
    UserFactory(username="giamsat", agency=agency, roles=[Role.SUPERVISOR], first_name="Giám sát")
    existing = register(
        caseworker, family_name="Nguyễn", middle_name="Thị", given_name="Hương", birth_date="12/05/1998"
    )
    for given in ("Hoa", "Lan", "Hằng"):  # other Nguyễn Thị women of the same year must not crowd the check
        register(
            caseworker,
            family_name="Nguyễn",
            middle_name="Thị",
            given_name=given,
            birth_date="1998",
            phone="",
            id_number="",
        )
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    # The counsellor logs the call in the intake queue.
    login(page, base, "tuvan")
    page.goto(f"{base}/intake/")
    page.locator("#log-intake").click()
    page.locator("#id_channel").select_option("phone")
    page.locator("#id_body").fill("Chị gọi từ Nghệ An: vừa về từ Nhật Bản, bị giữ hộ chiếu, còn nợ phí môi giới.")
    page.locator("#id_contact_phone").fill("0912 345 678")
    page.locator("#save-intake").click()
    expect(page.locator("#intake-body")).to_contain_text("bị giữ hộ chiếu")
    IntakeItem.objects.get()

    # Registering the caller, typed without diacritics, finds the existing record.
    page.locator("#choose-person").click()
    page.locator("#register-new").click()
    page.locator("#id_family_name").fill("NGUYEN")
    page.locator("#id_middle_name").fill("THI")
    page.locator("#id_given_name").fill("HUONG")
    page.locator("#id_birth_date").fill("12/05/1998")
    page.locator("#id_birth_date").blur()
    candidates = page.locator("#duplicate-list > li")
    expect(candidates.first).to_contain_text("Nguyễn Thị Hương")
    shot(page, "10-duplicate-check")
    assert candidates.count() == 1  # the other Nguyễn Thị women of 1998 do not flood the list
    page.locator(f"button[name=person][value='{existing.pk}']").click()
    expect(page.locator("#linked-person")).to_contain_text("Nguyễn Thị Hương")

    # Consultation, then a case for the returned migrant.
    page.locator("#to-consultation").click()
    page.locator("#id_channel").select_option("phone")
    page.locator("#id_duration_minutes").fill("25")
    page.locator("#id_migration_stage").select_option("returned")
    page.locator("#id_destination_country").select_option("JP")
    page.locator("input[name=topics][value=fees_debts]").check()
    page.locator("input[name=topics][value=return]").check()
    page.locator("#id_outcome").select_option("case_opened")
    page.locator("#save-and-open-case").click()
    page.locator("#id_case_type").select_option("returned")
    page.locator("#id_migration_stage").select_option("returned")
    page.locator("#save-case").click()
    expect(page.locator("#case-number")).to_have_text(re.compile(r"^HN-MRC-\d{4}-000001$"))
    case = Case.objects.get()
    assert case.person == existing and Consultation.objects.get().case == case
    logout(page)

    # The supervisor assigns the caseworker.
    login(page, base, "giamsat")
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("#h-assign ~ details summary").click()
    page.locator("#id_caseworker").select_option(str(caseworker.pk))
    page.locator("#save-assignment").click()
    expect(page.locator("#case-caseworker")).to_contain_text("Cán bộ")
    logout(page)

    # The caseworker finds the case by the name without accents, adds a task and asks to close.
    login(page, base, "canbo")
    page.goto(f"{base}/cases/")
    page.locator("#id_q").fill("nguyen thi huong")
    page.locator("#id_q").press("Enter")
    page.locator("#case-table a", has_text=case.number).click()
    page.locator("#id_title").fill("Gọi lại hỏi về khoản nợ")
    page.locator("#id_due_on").fill("30/11/2026")
    page.locator("#add-task").click()
    expect(page.locator("#case-tasks")).to_contain_text("Gọi lại hỏi về khoản nợ")
    assert Task.objects.get().assigned_to == caseworker
    page.locator("#close-summary").click()
    page.locator("#id_reason").select_option("goals_met")
    page.locator("#close-case").click()
    expect(page.locator("#closure-pending")).to_be_visible()
    shot(page, "11-closure-requested")
    logout(page)

    # The supervisor sees it on the home page and approves.
    login(page, base, "giamsat")
    page.locator("#closure-requests a", has_text=case.number).click()
    page.locator("#id_decision").select_option("approve")
    page.locator("#decide-closure").click()
    expect(page.locator("#case-status")).to_have_text(re.compile("Đã đóng|Closed"))
    shot(page, "12-case-closed")
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "goals_met"
    assert AccessEvent.objects.filter(
        object_type="case",
        action="update",
        detail__transition=[case.events.filter(kind="closure_approved").get().from_status, "closed"],
    ).exists()
