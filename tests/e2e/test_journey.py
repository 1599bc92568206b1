"""The foundation journey in a real browser (Debian chromium, headless, driven by Playwright).

Log in in Vietnamese, switch to English, register a person, find them by a name typed without
diacritics, open them, and see the view in the access log. Screenshots go to var/artifacts/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.people.models import Person
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
PASSWORD = "correct horse battery"


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|User name")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()


def test_register_find_open_and_audit(live_server, page: Page):
    caseworker = UserFactory(username="canbo", roles=[Role.CASEWORKER])
    UserFactory(username="quantri", agency=caseworker.agency, roles=[Role.AGENCY_ADMIN])
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đăng nhập")
    shot(page, "01-login-vi")
    login(page, base, "canbo")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    shot(page, "02-home-en")

    page.get_by_role("link", name="Register a person").first.click()
    page.get_by_label("Family name").fill("Nguyễn")
    page.get_by_label("Middle name").fill("Thị")
    page.get_by_label("Given name").fill("Hồng")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Date of birth").fill("12/05/1998")
    page.get_by_label("Province of origin").select_option(label="Nghệ An")
    page.get_by_label("Phone").fill("0912 345 678")
    shot(page, "03-register-form")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Hồng")
    person = Person.objects.get()

    page.goto(f"{base}/persons/")
    page.get_by_label("Name, phone or ID number").fill("nguyen thi hong")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_contain_text("1 person found")
    shot(page, "04-search-without-accents")
    page.get_by_role("link", name="Nguyễn Thị Hồng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Hồng")
    expect(page.get_by_text("0912 345 678")).to_be_visible()
    shot(page, "05-person-detail")

    views = AccessEvent.objects.filter(action="view", object_ids=[str(person.pk)])
    assert views.exists()
    assert views.latest("seq").actor_username == "canbo"

    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on a phone the menu is collapsed
        toggler.click()
    page.locator("#whoami").click()  # the user menu holds password, 2FA and log-out
    page.get_by_role("button", name=re.compile("Log out|Đăng xuất")).click()
    login(page, base, "quantri")
    page.goto(f"{base}/audit/?object_id={person.pk}")
    table = page.locator("#audit-table")
    expect(table).to_contain_text("canbo")
    expect(table).to_contain_text(str(person.pk)[:8])
    shot(page, "06-access-log")


def test_caseworker_of_another_agency_gets_not_found(live_server, page: Page):
    owner = UserFactory(roles=[Role.CASEWORKER])
    UserFactory(username="khac", roles=[Role.CASEWORKER])
    from tests.helpers import register

    person = register(owner)
    login(page, live_server.url, "khac")
    response = page.goto(f"{live_server.url}/persons/{person.pk}/")
    assert response is not None and response.status == 404
