"""The outreach journey in a real browser on a phone-sized screen: record a training with its grid (the
totals add up as you type), register a trainee with scores, hand out materials (too many is refused,
nothing saved), and see the figures chart. No page is wider than the phone."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from safepath.accounts.roles import Role
from safepath.outreach import services
from safepath.outreach.models import Event, MaterialStock
from tests.e2e.test_journey import login, shot
from tests.factories import AgencyFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_record_a_training_register_hand_out_and_see_the_figures(live_server, page: Page):
    agency = AgencyFactory(code="HN-MRC")
    officer = UserFactory(username="outreach", agency=agency, roles=[Role.OUTREACH_OFFICER])
    material = services.material_create(
        actor=officer, data={"kind": "handbook", "title_vi": "Sổ tay nhận diện nạn nhân", "languages": ["vi"]}
    )
    services.stock_move(actor=officer, material=material, kind="received", quantity=50)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "outreach")

    page.goto(f"{base}/outreach/events/new/")
    page.select_option("#id_kind", "training_frontline")
    page.fill("#id_title", "Tập huấn nhận diện nạn nhân cho cán bộ xã")
    page.fill("#id_start_date", "12/03/2025")
    page.select_option("#id_province", "15")
    page.fill("#id_count_female_25_34", "3")
    page.fill("#id_count_male_35_49", "2")
    expect(page.locator("#grid-total")).to_have_text("5")
    _fits(page)
    shot(page, "outreach-event-form")
    page.click("#save-event")
    expect(page.locator("#participant-total")).to_have_text("5")
    event = Event.objects.get()

    page.fill("#id_p_name", "Hà Thị Ly")
    page.select_option("#id_p_age", "25_34")
    page.fill("#id_p_pre", "45")
    page.fill("#id_p_post", "80")
    page.click("#add-participant")
    expect(page.locator("#participant-table")).to_contain_text("Hà Thị Ly")
    expect(page.locator("#average-gain")).to_have_text(re.compile(r"\+35[,.]0"))

    page.locator("#materials summary").click()
    page.select_option("#id_material_0", str(material.pk))
    page.fill("#id_quantity_0", "60")
    page.click("#hand-out")
    expect(page.locator("#form-errors")).to_be_visible()
    assert MaterialStock.objects.get(material=material).quantity == 50
    page.fill("#id_quantity_0", "20")
    page.click("#hand-out")
    expect(page.locator("#handed-out")).to_contain_text("20")
    assert MaterialStock.objects.get(material=material).quantity == 30
    _fits(page)
    shot(page, "outreach-event-detail")

    page.goto(f"{base}/outreach/figures/?from=01/01/2025&to=31/12/2025")
    expect(page.locator("#outreach-chart")).to_be_visible()  # Chart.js loaded and drew
    expect(page.locator("#month-table")).to_contain_text(re.compile(r"03/2025"))
    _fits(page)
    shot(page, "outreach-figures")

    page.goto(f"{base}/outreach/materials/{material.pk}/")
    _fits(page)
    shot(page, "outreach-material")
    page.goto(f"{base}/outreach/events/{event.pk}/delete/")
    page.click("#confirm-delete")
    expect(page.locator("#event-count")).to_be_visible()
    assert not Event.objects.exists() and MaterialStock.objects.get(material=material).quantity == 50
