"""Reintegration pages: plan, visit form and result, trend chart with its table, indicators, groups, case panel."""

from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from safepath.reintegration import indicators, services
from safepath.reintegration.models import GroupMeeting, ReintegrationPlan
from tests.reintegration.conftest import MIXED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English, so the assertions read the source strings (Vietnamese is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _html(response) -> str:
    return response.content.decode()


def test_creating_and_starting_a_plan_from_the_case(client, caseworker, case):
    client.force_login(caseworker)
    url = reverse("reintegration:new", args=[case.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"focus": "Nuôi lợn", "start": "1", "followup_months": "1, 99"})
    assert bad.status_code == 400 and 'value="Nuôi lợn"' in _html(bad) and 'value="1, 99"' in _html(bad)
    assert not ReintegrationPlan.objects.exists()
    done = client.post(url, {"focus": "Nuôi lợn", "start": "1", "followup_months": "1, 3, 6, 12"})
    plan = ReintegrationPlan.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("reintegration:plan", args=[plan.pk])
    assert plan.status == "active" and plan.visits.count() == 4


def test_the_plan_page_shows_support_visits_and_the_default_weights_notice(client, caseworker, plan):
    services.visit_record(actor=caseworker, visit=plan.visits.get(month_offset=1), answers=MIXED, done_on="02/02/2026")
    client.force_login(caseworker)
    page = _html(client.get(reverse("reintegration:plan", args=[plan.pk])))
    assert "Chăn nuôi lợn" in page and 'data-weights="default"' in page
    assert 'id="visit-1"' in page and 'id="visit-12"' in page and "overdue" in page
    assert 'id="trend-table"' in page and "vendor/chartjs-4.6.1/chart.umd.min.js" in page
    # A refused support form comes back with the errors and what was typed.
    bad = client.post(
        reverse("reintegration:plan_action", args=[plan.pk, "support"]),
        {"kind": "job_placement", "amount_vnd": "5000000", "description": "Làm công nhân"},
    )
    assert bad.status_code == 400 and 'id="form-errors"' in _html(bad) and 'value="Làm công nhân"' in _html(bad)
    ok = client.post(
        reverse("reintegration:plan_action", args=[plan.pk, "support"]),
        {"kind": "loan", "amount_vnd": "40.000.000", "provider_name": "Ngân hàng Chính sách xã hội"},
    )
    assert ok.status_code == 302 and plan.supports.get().amount_vnd == 40_000_000


def test_the_visit_form_asks_one_question_per_indicator_grouped_by_dimension(client, caseworker, plan):
    visit = plan.visits.get(month_offset=1)
    client.force_login(caseworker)
    page = _html(client.get(reverse("reintegration:visit", args=[visit.pk])))
    iset = indicators.current()
    assert page.count('class="card mb-3 sp-question') == 15
    positions = [page.index(f'id="dim-{d}"') for d in indicators.DIMENSIONS]
    assert positions == sorted(positions)
    for q in iset.questions():
        assert f'id="q-{q.code}"' in page
        assert len(re.findall(rf'type="radio" class="btn-check" name="{q.code}"', page)) == len(q.options) + 1
        assert f'<label class="btn btn-outline-primary text-start" for="{q.code}-{q.options[0].value}">' in page
    assert 'data-weights="default"' in page


def test_recording_a_visit_on_the_page_shows_the_three_scores(client, caseworker, plan):
    visit = plan.visits.get(month_offset=1)
    client.force_login(caseworker)
    url = reverse("reintegration:visit", args=[visit.pk])
    bad = client.post(url, {**MIXED, "debt": "castle", "done_on": "02/02/2026", "method": "home_visit"})
    assert bad.status_code == 400
    html = _html(bad)
    assert 'value="one_regular" autocomplete="off" checked' in html  # the other answers are kept
    visit.refresh_from_db()
    assert visit.done_on is None
    ok = client.post(url, {**MIXED, "done_on": "02/02/2026", "method": "phone", "note": "Ổn"})
    assert ok.status_code == 302 and ok["Location"] == reverse("reintegration:visit_result", args=[visit.pk])
    result = _html(client.get(ok["Location"]))
    for code, value in [("economic", "0.61"), ("social", "0.71"), ("psychosocial", "0.73"), ("composite", "0.68")]:
        assert re.search(rf'id="score-{code}">{value}<', result), code
    assert 'data-weights="default"' in result and "not_applicable" not in result


def test_the_trend_chart_has_its_data_and_a_table(client, caseworker, plan, case):
    client.force_login(caseworker)
    url = reverse("reintegration:trend", args=[case.person_id])
    empty = _html(client.get(url))
    assert 'id="trend-empty"' in empty and "chart.umd.min.js" not in empty
    low = dict(MIXED) | {"income_sources": "none", "employment": "no_work"}
    services.visit_record(actor=caseworker, visit=plan.visits.get(month_offset=1), answers=low, done_on="02/02/2026")
    services.visit_record(actor=caseworker, visit=plan.visits.get(month_offset=3), answers=MIXED, done_on="03/04/2026")
    page = _html(client.get(url))
    data = json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', page).group(1))
    assert data["labels"] == ["02/02/2026", "03/04/2026"]
    assert data["series"]["economic"][0] < data["series"]["economic"][1]
    assert data["series"]["social"] == [pytest.approx(5 / 7, abs=1e-4)] * 2
    assert data["series"]["composite"][1] == pytest.approx(0.6846, abs=1e-4)
    assert '<canvas id="trend-chart" hidden' in page  # shown by trend.js; the table works without it
    assert page.count('<tr><th scope="row">') == 2
    assert page.index("chart.umd.min.js") < page.index("reintegration/trend.js")
    assert "<script>" not in page.split('id="main"')[1]  # no inline script for CSP to block


def test_other_agencies_and_analysts_get_404_and_shelter_staff_only_read(
    client, plan, outsider, analyst, shelter_staff
):
    visit = plan.visits.first()
    urls = [
        reverse("reintegration:plan", args=[plan.pk]),
        reverse("reintegration:visit", args=[visit.pk]),
        reverse("reintegration:trend", args=[plan.case.person_id]),
    ]
    for user in (outsider, analyst):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [404, 404, 404]
        assert client.post(urls[1], MIXED).status_code == 404
        assert client.post(reverse("reintegration:plan_action", args=[plan.pk, "end"])).status_code == 404
    client.force_login(shelter_staff)
    assert client.get(urls[0]).status_code == 200 and client.get(urls[1]).status_code == 403
    client.force_login(analyst)
    assert client.get(reverse("reintegration:group_list")).status_code == 403


def test_the_indicators_page_explains_the_default_weights(client, analyst):
    client.force_login(analyst)
    page = _html(client.get(reverse("reintegration:indicators")))
    assert 'data-weights="default"' in page and 'id="weights-reasoning"' in page
    assert page.count('<tr id="indicator-') == 15 and "theme unverified" in page


def test_group_pages_members_meetings_and_attendance(client, caseworker, plan, person, province):
    client.force_login(caseworker)
    bad = client.post(
        reverse("reintegration:group_list"), {"name": "", "province": province.pk, "facilitator": "Chị Hoa"}
    )
    assert bad.status_code == 400 and 'value="Chị Hoa"' in _html(bad)
    made = client.post(reverse("reintegration:group_list"), {"name": "Nhóm Sen", "province": province.pk})
    group = plan.case.agency.self_help_groups.get()
    assert made["Location"] == reverse("reintegration:group", args=[group.pk])
    page = _html(client.get(made["Location"]))
    assert person.full_name in page and 'id="member-form"' in page  # a plan's person is suggested
    client.post(
        reverse("reintegration:group_action", args=[group.pk, "member"]),
        {"person": person.pk, "joined_on": "01/01/2026"},
    )
    member = group.members.get()
    refused = client.post(
        reverse("reintegration:group_action", args=[group.pk, "meeting"]),
        {"held_on": "", "topics": ["savings", "health"], "present": [member.pk], "note": "Góp quỹ"},
    )
    assert refused.status_code == 400 and 'value="savings" id="topic-savings" checked' in _html(refused)
    client.post(
        reverse("reintegration:group_action", args=[group.pk, "meeting"]),
        {"held_on": "10/01/2026", "topics": ["savings"], "present": [member.pk]},
    )
    client.post(reverse("reintegration:group_action", args=[group.pk, "meeting"]), {"held_on": "10/02/2026"})
    assert GroupMeeting.objects.count() == 2
    page = _html(client.get(reverse("reintegration:group", args=[group.pk])))
    assert 'id="attendance-rate">50%<' in page and "Savings and credit" in page
    listing = _html(client.get(reverse("reintegration:group_list")))
    assert "Nhóm Sen" in listing and person.full_name not in listing


def test_the_case_panel(caseworker, case, plan):
    services.visit_record(actor=caseworker, visit=plan.visits.get(month_offset=1), answers=MIXED, done_on="02/02/2026")
    request = RequestFactory().get("/")
    request.user = caseworker
    with translation.override("en"):
        html = Template("{% load reintegration_tags %}{% reintegration_panel case %}").render(
            Context({"request": request, "case": case})
        )
    assert 'id="reintegration"' in html and reverse("reintegration:plan", args=[plan.pk]) in html
    assert "composite 0.68" in html and 'data-weights="default"' in html
    assert '<span class="badge text-bg-danger">overdue</span>' in html  # the next visit (month 3) is overdue
    assert 'id="new-reintegration-plan"' not in html  # one open plan at a time


def test_with_iom_weights_loaded_new_plans_no_longer_say_default(client, caseworker, case, tmp_path, monkeypatch):
    import shutil

    import yaml

    shipped = indicators.HERE / "safepath-default-2026.1.yaml"
    shutil.copy(shipped, tmp_path / shipped.name)
    data = yaml.safe_load(shipped.read_text()) | {"code": "iom-rss", "version": "2027.1", "source": "iom"}
    (tmp_path / "iom-rss-2027.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    found = indicators.load_all([tmp_path])
    monkeypatch.setattr(indicators, "registry", lambda: found)
    plan = services.plan_create(actor=caseworker, case=case, start=True)
    assert plan.indicator_version == "iom-rss-2027.1"
    services.visit_record(actor=caseworker, visit=plan.visits.first(), answers=MIXED)
    client.force_login(caseworker)
    page = _html(client.get(reverse("reintegration:plan", args=[plan.pk])))
    assert 'data-weights="iom"' in page and 'data-weights="default"' not in page
    assert 'data-weights="iom"' in _html(client.get(reverse("reintegration:indicators")))
