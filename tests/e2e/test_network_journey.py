"""The network journey across agencies, in a real browser on a phone-sized screen.

A one-stop office refers a victim, with consent, to the Lao Cai reception centre; the centre accepts,
opens its own case from the shared fields, admits the person 12 days back, discharges them home and
asks the home province's social service to take the case; that service's supervisor accepts the
transfer, and a follow-up visit records a reintegration score.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safepath.accounts.roles import AgencyType, Role
from safepath.cases.models import Case
from safepath.cases.services import ConsentInput, case_open, consent_record
from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider
from safepath.referrals.models import Referral
from safepath.reintegration.models import FollowUpVisit
from safepath.shelters.models import Bed, Facility, Room, Stay
from tests.cases.conftest import case_input
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import register

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _consent(actor, case, purpose, agency):
    consent_record(
        actor=actor,
        person=case.person,
        case=case,
        data=ConsentInput(
            purpose=purpose, method="written", given_on=timezone.localdate(), recipient_agency_id=agency.pk
        ),
    )


def test_refer_admit_discharge_transfer_and_follow_up(live_server, page: Page):
    osso = AgencyFactory(code="HN-OSSO", type=AgencyType.OSSO)
    centre = AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, name_vi="Trung tâm Tiếp nhận Lào Cai")
    home = AgencyFactory(code="BG-SS", type=AgencyType.SOCIAL_SERVICE, name_vi="Phòng Bảo trợ xã hội Bắc Giang")
    sender = UserFactory(username="osso", agency=osso, roles=[Role.CASEWORKER])
    receiver = UserFactory(username="lcrc", agency=centre, roles=[Role.CASEWORKER, Role.SHELTER_STAFF])
    UserFactory(username="bggs", agency=home, roles=[Role.SUPERVISOR])
    visitor = UserFactory(username="bgcb", agency=home, roles=[Role.CASEWORKER])
    provider = ServiceProvider.objects.create(agency=centre, name_vi=centre.name_vi, kind=ProviderKind.SHELTER)
    ProviderService.objects.create(provider=provider, service_type="shelter", nationwide=True)
    facility = Facility.objects.create(agency=centre, name_vi="Nhà tạm lánh Lào Cai", max_stay_days=14)
    room = Room.objects.create(facility=facility, name="Phòng 1", sex="female")
    Bed.objects.create(room=room, label="G1")
    person = register(sender, sex="female")
    case = case_open(actor=sender, person=person, data=case_input(case_type="identified_victim"))
    _consent(sender, case, "referral", centre)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    # 1. The one-stop office refers the person, sharing the defaults for a shelter referral.
    login(page, base, "osso")
    page.goto(f"{base}/referrals/new/{case.pk}/?service_type=shelter")
    page.locator(f"#provider-{provider.pk}").check()
    expect(page.locator("#share-id_number")).not_to_be_checked()
    shot(page, "net-01-referral-form")
    page.locator("#send-referral").click()
    expect(page.locator("#referral-status")).to_be_visible()
    referral = Referral.objects.get()
    assert "id_number" not in referral.fields

    # 2. The reception centre sees it in its inbox, accepts and opens its own case from it.
    page.context.clear_cookies()
    login(page, base, "lcrc")
    page.goto(f"{base}/referrals/")
    page.get_by_role("link", name=referral.reference).click()
    expect(page.locator("#shared-fields")).to_contain_text(person.full_name)
    expect(page.locator("body")).not_to_contain_text(case.number)
    shot(page, "net-02-referral-received")
    page.locator("#accept-referral").click()
    page.locator("#open-case-button").click()
    new_case = Case.objects.get(agency=centre)
    expect(page.locator("#case-number")).to_have_text(new_case.number)

    # 3. Admit 12 days back, then discharge home with a follow-up plan.
    page.goto(f"{base}/shelters/cases/{new_case.pk}/admit/")
    page.locator("#id_admitted_on").fill((timezone.localdate() - dt.timedelta(days=12)).strftime("%d/%m/%Y"))
    page.locator("#admit-button").click()
    stay = Stay.objects.get(case=new_case)
    assert stay.planned_discharge_on == stay.admitted_on + dt.timedelta(days=14)
    page.goto(f"{base}/shelters/stays/{stay.pk}/")
    shot(page, "net-03-stay")
    page.locator("#id_destination").select_option("home_community")
    page.locator("#id_follow_up_plan").fill("Thăm tại nhà sau 1 tháng; giới thiệu nhóm tự lực.")
    if page.locator("#id_confirm_discharge").count():
        page.locator("#id_confirm_discharge").check()
    page.locator("#discharge-button").click()
    expect(page.locator("#stay-discharged")).to_be_visible()
    stay.refresh_from_db()
    assert stay.discharged_on == timezone.localdate() and (stay.discharged_on - stay.admitted_on).days == 12

    # 4. The centre asks the home province to take the case (consent to the transfer first).
    _consent(receiver, new_case, "transfer", home)
    page.goto(f"{base}/referrals/transfers/new/{new_case.pk}/")
    page.locator("#id_to_agency").select_option(str(home.pk))
    page.locator("#request-transfer").click()
    expect(page.locator("#transfer-status")).to_be_visible()

    # 5. The home province's supervisor accepts: the case is theirs now.
    page.context.clear_cookies()
    login(page, base, "bggs")
    page.goto(f"{base}/referrals/")
    page.locator("#transfer-inbox a").first.click()
    page.locator("#id_caseworker").select_option(str(visitor.pk))
    page.locator("#accept-transfer").click()
    expect(page.locator("#case-number")).to_have_text(new_case.number)
    new_case.refresh_from_db()
    assert new_case.agency_id == home.pk and new_case.caseworker_id == visitor.pk
    shot(page, "net-04-case-transferred")

    # 6. The caseworker starts a reintegration plan and records the first follow-up visit.
    page.context.clear_cookies()
    login(page, base, "bgcb")
    page.goto(f"{base}/reintegration/cases/{new_case.pk}/new/")
    if page.locator("input[name=start]").count():
        page.locator("input[name=start]").check()
    page.locator("#create-reintegration-plan").click()
    if page.locator("#start-plan").count():
        page.locator("#start-plan").click()
    visit = FollowUpVisit.objects.filter(plan__case=new_case).order_by("due_on").first()
    page.goto(f"{base}/reintegration/visits/{visit.pk}/")
    for fieldset in page.locator("fieldset.sp-question").all():
        fieldset.locator("label.btn-outline-primary").first.click()
    shot(page, "net-05-visit")
    page.locator("#record-visit").click()
    visit.refresh_from_db()
    assert visit.done_on is not None and visit.composite_score is not None
    expect(page.locator("body")).to_contain_text(re.compile(r"\d"))
    shot(page, "net-06-visit-result")
