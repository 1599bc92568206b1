"""The public portal in a real browser with JavaScript turned off, on a phone-sized screen.

Check a recruiter typed without diacritics, check a fee above the cap, paste a scam offer and see its
red flags, and ask for help, then see the request in the centre's intake queue as its counsellor.
Screenshots go to var/artifacts/.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from safepath.accounts.roles import Role
from safepath.cases.models import IntakeItem
from safepath.places.models import Province
from safepath.portal import reference
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory
from tests.portal.test_checks import SCAM, licence_list

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(browser: Browser) -> BrowserContext:
    """A cheap phone's browser with JavaScript switched off."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    yield context
    context.close()


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    return page


def _no_cookies(context: BrowserContext) -> None:
    assert context.cookies() == [], context.cookies()


def test_check_a_recruiter_typed_without_diacritics(live_server, phone):
    licence_list()
    page = _open(phone, f"{live_server.url}/portal/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator('nav.main a[href="/portal/vi/recruiter/"]').click()
    page.locator("#id_q").fill("cong ty nhan luc quoc te sao mai")
    page.locator("#check-recruiter").click()
    results = page.locator("#recruiter-results")
    expect(results).to_contain_text("Công ty Cổ phần Nhân lực Quốc tế Sao Mai")
    expect(results.locator(".status-active")).to_be_visible()
    expect(results).to_contain_text("101/LĐTBXH-GP")
    expect(results).to_contain_text("01/09/2025")
    shot(page, "portal-01-recruiter")
    # The same answer in English, through the page's own language link.
    page.locator("#other-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#recruiter-results")).to_contain_text("Sao Mai")
    _no_cookies(phone)


def test_check_a_fee_above_the_cap(live_server, phone):
    page = _open(phone, f"{live_server.url}/portal/vi/fees/")
    page.locator("#id_destination").select_option("JP")
    page.locator("#id_programme").select_option("general")
    page.locator("#id_contract_months").fill("36")
    page.locator("#id_monthly_salary").fill("1.200")
    page.locator("#id_currency").select_option("USD")
    page.locator("#id_fee_asked").fill("150.000.000")
    page.locator("#id_fee_currency").select_option("VND")
    page.locator("#check-fee").click()
    expect(page.locator("#fee-result")).to_have_class("alert")
    expect(page.locator("#fee-verdict")).to_contain_text("VND")
    expect(page.locator("#fee-cap")).to_have_text(re.compile(r"^[\d.]+ VND$"))
    expect(page.locator("#fee-source")).to_contain_text("21/2021")
    expect(page.locator("#fee-unverified")).to_be_visible()
    expect(page.locator("#id_fee_asked")).to_have_value("150.000.000")  # the form keeps what was typed
    shot(page, "portal-02-fee-above-cap")
    _no_cookies(phone)


def test_paste_a_scam_offer_and_see_its_red_flags(live_server, phone):
    page = _open(phone, f"{live_server.url}/portal/vi/job-offer/")
    page.locator("#id_text").fill(SCAM)
    page.locator("#check-offer").click()
    expect(page.locator("#offer-report")).to_have_class("alert")
    for code in ("DESTINATION_SCAM_HUB", "TOO_GOOD_TO_BE_TRUE_PAY", "TOURIST_VISA_OR_IRREGULAR_CROSSING", "SECRECY"):
        expect(page.locator(f"#flag-{code}")).to_be_visible()
    expect(page.locator("#flag-DESTINATION_SCAM_HUB blockquote")).to_contain_text("Campuchia")
    shot(page, "portal-03-offer-flags")
    assert not IntakeItem.objects.exists()  # a check stores nothing
    # Ask for help with it: the help form comes back with the offer's text.
    page.locator("#ask-help-offer").click()
    expect(page.locator("#id_offer_text")).to_have_value(SCAM)
    assert not IntakeItem.objects.exists()
    _no_cookies(phone)


def test_ask_for_help_and_the_centre_sees_it_in_its_queue(live_server, phone, browser):
    nghe_an = Province.objects.get(name="Nghệ An")
    AgencyFactory(code="HN-MRC", province=Province.objects.get(name="Hà Nội"))
    centre = AgencyFactory(code="NA-MRC", name_vi="Trung tâm Hỗ trợ thông tin di cư Nghệ An", province=nghe_an)
    UserFactory(username="tuvan-na", agency=centre, roles=[Role.COUNSELLOR])

    page = _open(phone, f"{live_server.url}/portal/vi/help/")
    page.locator("#id_what_happened").fill("Con gái tôi đi Campuchia làm online, giờ không liên lạc được.")
    page.locator("#method_zalo").check()
    page.locator("#id_contact").fill("0912 345 678")
    page.locator("#id_province").select_option(nghe_an.code)
    page.locator("#id_consent").check()
    shot(page, "portal-04-help-form")
    page.locator("#send-help").click()
    code = page.locator("#reference-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    expect(page.locator("main")).to_contain_text(centre.name_vi)
    shot(page, "portal-05-help-sent")
    item = IntakeItem.objects.get()
    assert item.agency == centre and reference.code_for(item.pk) == code
    _no_cookies(phone)

    # The centre's counsellor, logged in, sees it in the intake queue and finds it by its code.
    staff = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        desk = staff.new_page()
        login(desk, live_server.url, "tuvan-na")
        desk.goto(f"{live_server.url}/intake/")
        expect(desk.locator("#intake-items")).to_contain_text("Con gái tôi đi Campuchia")
        shot(desk, "portal-06-intake-queue")
        desk.goto(f"{live_server.url}/portal/staff/help-reference/?code={code.lower()}")
        assert desk.url.endswith(f"/intake/{item.pk}/")
        expect(desk.locator("main")).to_contain_text("0912 345 678")
    finally:
        staff.close()
