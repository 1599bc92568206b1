"""The dashboard in a real browser (Debian chromium, headless): the panels load by htmx, the charts are
drawn without breaking the CSP, a hidden cell is an "x" and a gap, a tile filters the page, and the page
works at phone width."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from tests.factories import AgencyFactory, UserFactory
from tests.reports.test_dashboard import consult

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
PASSWORD = "correct horse battery"


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


@pytest.fixture(autouse=True)
def _postgresql_only():
    """About eleven panels load at once. On the in-memory SQLite test database, after the live server
    has served earlier browser tests in the same session, one panel's query can wait for ever on a
    table lock another thread keeps (seen in full runs; a py-spy dump shows the panel thread blocked
    in SQLiteCursorWrapper.execute). A SQLite file and PostgreSQL wait and go on; CI runs these
    journeys on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("dashboard browser journeys run on PostgreSQL (concurrent panels on in-memory SQLite can deadlock)")


@pytest.fixture(autouse=True)
def _one_session_access_at_a_time(monkeypatch):
    """The page loads its panels at once, and every request reads and saves the session
    (SESSION_SAVE_EVERY_REQUEST). The test database is SQLite in memory with a shared cache, where a
    second connection touching a table being written fails at once ("database table is locked")
    instead of waiting as it does on a SQLite file or on PostgreSQL. Here, in the test only, the live
    server's threads take turns on the session table; the page and the views are unchanged."""
    from django.contrib.sessions.backends.db import SessionStore

    lock = threading.RLock()
    for name in ("load", "save", "exists", "delete"):
        original = getattr(SessionStore, name)

        def locked(self, *args, _original=original, **kwargs):
            with lock:
                return _original(self, *args, **kwargs)

        monkeypatch.setattr(SessionStore, name, locked)


def test_an_analyst_filters_the_dashboard(live_server, page: Page):
    a = AgencyFactory(code="HN-MRC", province_id="01")
    b = AgencyFactory(code="HCM-MRC", province_id="79")
    consult(a, dt.date(2026, 10, 3), "phone", "female", "18-24", "01", ["fees_debts"], 12)
    consult(a, dt.date(2026, 10, 20), "on_site", "male", "25-34", "15", ["contracts"], 3)
    consult(b, dt.date(2026, 10, 31), "online", "female", "unknown", "79", [], 20)
    UserFactory(username="phantich", agency=AgencyFactory(code="IOM-VN"), roles=[Role.ANALYST])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # htmx injects one <style> element for its indicators, which the CSP refuses on every page (harmless:
    # safepath.css has the same rules); an inline style *attribute* refused would break our charts.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and ("style-src" not in m.text or "style attributes" in m.text)
            else None
        ),
    )
    page.context.add_cookies([{"name": "safepath_language", "value": "en", "url": live_server.url}])
    login(page, live_server.url, "phantich")

    page.goto(f"{live_server.url}/reports/dashboard/?period=10/2026&map=MRC-01")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme statistics")
    consultations = page.locator("#panel-consultations")
    expect(consultations.locator("table").first).to_be_visible()
    expect(page.locator(".sp-panel-loading")).to_have_count(0, timeout=60_000)
    # the chart is drawn, the table beside it shows the hidden cells as x
    expect(consultations.locator("canvas[data-drawn]").first).to_be_visible()
    row = consultations.locator("table", has_text="Consultations by channel").locator("tr", has_text="At the centre")
    expect(row.locator("td")).to_have_text("x")
    # no inline style was needed for the chart (the CSP refuses them); no script error
    assert not errors, errors

    # the tile of Hồ Chí Minh City filters the whole page by it
    tile = page.locator('#province-tiles a[data-province="79"]')
    expect(tile).to_be_visible(timeout=60_000)
    expect(tile).to_contain_text("20")
    tile.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "province=79" in page.url
    expect(page.locator("#period-current")).to_contain_text("Ho Chi Minh City")
    expect(page.locator(".sp-panel-loading")).to_have_count(0, timeout=60_000)
    by_channel = page.locator("#panel-consultations table", has_text="Consultations by channel")
    expect(by_channel.locator("tfoot")).to_contain_text("20")
    expect(page.locator('#province-tiles a[data-province="79"]')).to_have_attribute("aria-current", "true")

    # a bad period: the message, no figures (the browser logs the 400 itself)
    page.locator("#f-period").fill("13/2026")
    page.locator("#filter-submit").click()
    expect(page.locator("#filter-errors")).to_contain_text("is not a period")
    expect(page.locator("#no-figures")).to_be_visible()
    errors[:] = [e for e in errors if "status of 400" not in e]

    # at phone width the tile grid fits the screen
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/dashboard/?period=10/2026")
    expect(page.locator(".sp-panel-loading")).to_have_count(0, timeout=60_000)
    grid = page.locator("#province-tiles")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-390.png"), full_page=True)
    assert not errors, errors


def test_an_analyst_filters_the_dashboard_then_downloads_the_monthly_report(live_server, page: Page, tmp_path):
    """The issue's journey: filter a dashboard, then ask for the month's report and download it."""
    import openpyxl

    a = AgencyFactory(code="HN-MRC", province_id="01")
    b = AgencyFactory(code="HCM-MRC", province_id="79")
    consult(a, dt.date(2026, 10, 3), "phone", "female", "18-24", "01", ["fees_debts"], 12)
    consult(b, dt.date(2026, 10, 31), "online", "female", "unknown", "79", [], 20)
    UserFactory(username="phantich", agency=AgencyFactory(code="IOM-VN"), roles=[Role.ANALYST])
    page.context.add_cookies([{"name": "safepath_language", "value": "en", "url": live_server.url}])
    login(page, live_server.url, "phantich")

    page.goto(f"{live_server.url}/reports/dashboard/?period=10/2026")
    expect(page.locator(".sp-panel-loading")).to_have_count(0, timeout=60_000)
    page.locator('#province-tiles a[data-province="01"]').click()
    page.wait_for_load_state("networkidle")
    assert "province=01" in page.url
    expect(page.locator(".sp-panel-loading")).to_have_count(0, timeout=60_000)

    page.get_by_role("link", name="New report").click()
    page.locator("#f-kind").select_option("monthly")
    page.locator("#f-period").fill("10/2026")
    page.locator("#f-language").select_option("en")
    for box in page.locator("input[name=formats]").all():
        box.set_checked(box.get_attribute("value") == "xlsx")
    page.locator("#report-submit").click()
    download_link = page.locator("#download-xlsx")
    expect(download_link).to_be_visible(timeout=120_000)
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.endswith(".xlsx")

    wb = openpyxl.load_workbook(target)
    summary = wb["Summary"]
    header = [c.value for c in summary[1]]
    first = {header[i]: c.value for i, c in enumerate(summary[2])}
    assert first["Code"] == "MRC-01"
    assert first["Month 10/2026"] == 32  # 12 + 20 consultations, every agency, all provinces

    # The list of reports fits a phone: its table scrolls inside itself, the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/programme/")
    expect(page.locator("#report-table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
