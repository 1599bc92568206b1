"""The export journey in a real browser on a phone-sized screen: a supervisor starts the k-anonymous
case-level export, follows its progress, reads what the anonymisation did and downloads the zip; an
analyst downloads an HXL file and sees no case-level form. No page is wider than the phone."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from safepath.reports import ctdc, kanon
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory
from tests.reports.test_ctdc import YEAR, make_case

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_a_supervisor_exports_cases_and_an_analyst_an_hxl_file(live_server, page: Page):
    agency = AgencyFactory(code="HN-MRC")
    UserFactory(username="giamsat", agency=agency, roles=[Role.SUPERVISOR])
    UserFactory(username="phantich", agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST])
    for i in range(30):
        make_case(agency, sex="female" if i % 2 else "male", birth_year=YEAR - 22, country="JP", opened=None)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    login(page, base, "giamsat")
    page.goto(f"{base}/reports/exports/")
    expect(page.locator("#cases-form")).to_be_visible()
    _fits(page)
    shot(page, "reports-exports")
    page.fill("#cases-year_from", str(YEAR))
    page.fill("#cases-year_to", str(YEAR))
    page.fill("#cases-k", "11")
    page.click("#cases-submit")
    expect(page.locator("#export-download")).to_be_visible()
    expect(page.locator("#export-report")).to_contain_text("11")
    _fits(page)
    shot(page, "reports-export-cases-job")
    with page.expect_download() as info:
        page.click("#export-download")
    path = info.value.path()
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(ctdc.CSV_NAME).decode())))
    assert (
        len(rows) == 30
        and kanon.min_class_size(rows, ctdc.CaseExportOptions(year_from=YEAR, year_to=YEAR).quasi_identifiers) >= 11
    )

    page.context.clear_cookies()
    login(page, base, "phantich")
    page.goto(f"{base}/reports/exports/")
    expect(page.locator("#hxl-form")).to_be_visible()
    expect(page.locator("#cases-form")).to_have_count(0)
    page.fill("#hxl-period", str(YEAR))
    page.select_option("#hxl-indicators", ["MRC-03"])
    page.select_option("#hxl-by", "sex")
    with page.expect_download() as info:
        page.click("#hxl-submit")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[1].startswith("#date +period") and "MRC-03" in lines[2]
    page.fill("#hxl-period", "không phải kỳ")
    page.click("#hxl-submit")
    expect(page.locator("#hxl-period")).to_have_class(r"form-control form-control-sm is-invalid")
    _fits(page)
