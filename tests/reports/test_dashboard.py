"""The dashboards (issue 7, point 2): pages and panels per role, filters, small cells, hand-counted figures.

The fixture, counted by hand (consultations are anonymous, so no person is needed):

  October 2026, agency A (HN-MRC): 12 by phone (women 18-24 from Hà Nội, topic fees and debts)
                                  + 3 at the centre (men 25-34 from Lào Cai, topic contracts)   = 15
  October 2026, agency B (HCM-MRC): 20 online (women, age unknown, from Hồ Chí Minh City)        = 20
  September 2026, agency A: 4 by phone (the previous month of the headline)

Every agency, October, by channel: at the centre 3, by phone 12, online 20, total 35. With the
default threshold (10) an analyst sees "at the centre" hidden and, so that it cannot be worked out
from the total, "by phone" hidden too; the supervisor of A sees 3 and 12, total 15.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from safepath.accounts.roles import Role
from safepath.cases.models import Consultation
from safepath.places.models import LegacyProvince
from safepath.reports import dashboards
from safepath.reports.periods import Period
from safepath.reports.publish import HIDDEN_TEXT
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

OCT = "period=10/2026&kind=month"
HX = {"HTTP_HX_REQUEST": "true"}


def consult(agency, day, channel, sex, age, province, topics, n):
    Consultation.objects.bulk_create(
        Consultation(
            agency=agency,
            held_on=day,
            channel=channel,
            migration_stage="potential",
            outcome="information_given",
            sex=sex,
            age_band=age,
            province_id=province,
            topics=topics,
        )
        for _ in range(n)
    )


def build_world() -> dict:
    a = AgencyFactory(code="HN-MRC", province_id="01")
    b = AgencyFactory(code="HCM-MRC", province_id="79")
    consult(a, dt.date(2026, 10, 3), "phone", "female", "18-24", "01", ["fees_debts"], 12)
    consult(a, dt.date(2026, 10, 20), "on_site", "male", "25-34", "15", ["contracts"], 3)
    consult(b, dt.date(2026, 10, 31), "online", "female", "unknown", "79", [], 20)
    consult(a, dt.date(2026, 9, 30), "phone", "female", "18-24", "01", ["fees_debts"], 4)
    return {
        "a": a,
        "b": b,
        "analyst": UserFactory(agency=AgencyFactory(code="IOM-VN"), roles=[Role.ANALYST]),
        "admin": UserFactory(agency=AgencyFactory(code="DOLAB"), roles=[Role.SYSTEM_ADMIN]),
        "supervisor": UserFactory(agency=a, roles=[Role.SUPERVISOR]),
        "caseworker": UserFactory(agency=a, roles=[Role.CASEWORKER]),
        "counsellor": UserFactory(agency=a, roles=[Role.COUNSELLOR]),
    }


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client(client):
    client.cookies["safepath_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def page(client, user, query=OCT):
    client.force_login(user)
    return client.get(reverse("reports:dashboard") + "?" + query)


def panel(client, user, code, query=OCT, htmx=True):
    client.force_login(user)
    return client.get(reverse("reports:dashboard_panel", args=[code]) + "?" + query, **(HX if htmx else {}))


def text(response) -> str:
    return response.content.decode()


def table_rows(html: str, caption_start: str) -> dict[str, list[str]]:
    """{row label: [cell texts]} of the table whose caption starts with ``caption_start``."""
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table, flags=re.S)
        if caption and caption.group(1).strip().startswith(caption_start):
            rows = {}
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
                head = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, flags=re.S)
                if head:
                    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
                    rows[re.sub(r"<.*?>", "", head.group(1)).strip()] = [re.sub(r"<.*?>", "", c).strip() for c in cells]
            return rows
    raise AssertionError(f"no table captioned {caption_start!r}")


# --- who sees what -------------------------------------------------------------------------------


def test_the_page_is_a_shell_that_loads_each_panel_by_htmx(client, world):
    response = page(client, world["analyst"])
    assert response.status_code == 200
    html = text(response)
    for spec in dashboards.panels_for(world["analyst"]):
        url = reverse("reports:dashboard_panel", args=[spec.code])
        assert f'hx-get="{url}?kind=month&amp;period=10%2F2026"' in html
    assert html.count('hx-trigger="load"') == len(dashboards.panels_for(world["analyst"]))
    assert "Programme statistics" in html
    assert 'name="agency"' in html and "HCM-MRC" in html  # analysts may choose an agency
    assert "<table" not in html  # no figure is computed for the shell


def test_supervisors_get_the_centre_dashboard_without_an_agency_choice(client, world):
    response = page(client, world["supervisor"])
    assert response.status_code == 200
    html = text(response)
    assert "Centre statistics" in html
    assert 'id="f-agency"' not in html
    assert "portal" not in [p.code for p in dashboards.panels_for(world["supervisor"])]


@pytest.mark.parametrize("who", ["analyst", "admin", "supervisor"])
def test_every_panel_renders(client, world, who):
    user = world[who]
    for spec in dashboards.panels_for(user):
        response = panel(client, user, spec.code)
        assert response.status_code == 200, spec.code
        html = text(response)
        assert f'id="panel-body-{spec.code}"' in html
        # CSP: no inline script, only JSON data blocks
        assert all('type="application/json"' in tag for tag in re.findall(r"<script[^>]*>", html)), spec.code


def test_every_panel_renders_in_vietnamese_on_an_empty_database(client, db):
    user = UserFactory(roles=[Role.ANALYST])
    client.cookies["safepath_language"] = "vi"
    with translation.override("vi"):
        for spec in dashboards.panels_for(user):
            response = panel(client, user, spec.code)
            assert response.status_code == 200, spec.code
        assert "Thống kê của chương trình" in text(page(client, user))


def test_an_analyst_sees_small_cells_hidden(client, world):
    html = text(panel(client, world["analyst"], "consultations"))
    rows = table_rows(html, "Consultations by channel")
    assert rows["At the centre"] == ["x"]
    assert rows["By phone"] == ["x"]  # secondary suppression: 35 - 20 would give it away
    assert rows["Online (chat, Zalo, Facebook, video)"] == ["20"]
    assert rows["Total"] == ["35"]
    assert str(HIDDEN_TEXT) in html
    assert "(small: fewer than 10)" in html


def test_the_chart_leaves_hidden_cells_out(client, world):
    html = text(panel(client, world["analyst"], "consultations"))
    data = re.search(r'<script id="chart-data-consultations-2" type="application/json">(.*?)</script>', html, re.S)
    chart = json.loads(data.group(1))
    values = dict(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
    # a hidden category keeps its place, marked (x), with no value
    assert values == {"At the centre (x)": None, "By phone (x)": None, "Online (chat, Zalo, Facebook, video)": 20}
    assert "3" not in json.dumps(chart["datasets"]) and "12" not in json.dumps(chart["datasets"])
    assert 'role="img"' in html and "aria-label=" in html


def test_a_supervisor_sees_their_own_agency_exactly(client, world):
    html = text(panel(client, world["supervisor"], "consultations"))
    rows = table_rows(html, "Consultations by channel")
    assert rows == {"At the centre": ["3"], "By phone": ["12"], "Total": ["15"]}
    assert "<abbr" not in html
    assert rows == table_rows(
        text(panel(client, world["supervisor"], "consultations", OCT + f"&agency={world['a'].pk}")),
        "Consultations by channel",
    )


def test_a_supervisor_asking_for_another_agency_is_refused(client, world):
    other = f"{OCT}&agency={world['b'].pk}"
    assert page(client, world["supervisor"], other).status_code == 403
    assert panel(client, world["supervisor"], "consultations", other).status_code == 403


@pytest.mark.parametrize("who", ["caseworker", "counsellor"])
def test_case_workers_are_refused(client, world, who):
    assert page(client, world[who]).status_code == 403
    assert panel(client, world[who], "consultations").status_code == 403
    assert panel(client, world[who], "tiles").status_code == 403


def test_signed_out_users_are_sent_to_log_in(client, world):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_panel_of_another_dashboard_or_none_is_not_found(client, world):
    assert panel(client, world["supervisor"], "portal").status_code == 404
    assert panel(client, world["analyst"], "no-such-panel").status_code == 404


# --- the figures ---------------------------------------------------------------------------------


def test_figures_equal_the_hand_counts(client, world):
    analyst = text(panel(client, world["analyst"], "consultations"))
    # two categories: hiding the 3 men hides the 32 women too (35 - 32 = 3)
    assert table_rows(analyst, "Consultations by sex") == {"Female": ["x"], "Male": ["x"], "Total": ["35"]}
    by_topic = table_rows(analyst, "Consultations by topic")
    assert by_topic["Fees and debts"] == ["12"] and by_topic["Contracts"] == ["x"]
    supervisor = text(panel(client, world["supervisor"], "consultations"))
    assert table_rows(supervisor, "Consultations by sex") == {"Female": ["12"], "Male": ["3"], "Total": ["15"]}
    assert table_rows(supervisor, "Consultations by age") == {"18–24": ["12"], "25–34": ["3"], "Total": ["15"]}
    trend = table_rows(supervisor, "Consultations by month")
    assert trend["09/2026"] == ["4"] and trend["10/2026"] == ["15"] and trend["Total"] == ["19"]
    assert len(trend) == 13  # twelve months and the total
    # an agency chosen by an analyst: only that agency's records
    only_b = text(panel(client, world["analyst"], "consultations", f"{OCT}&agency={world['b'].pk}"))
    assert table_rows(only_b, "Consultations by channel") == {
        "Online (chat, Zalo, Facebook, video)": ["20"],
        "Total": ["20"],
    }


def test_the_province_filters_count_the_province(client, world):
    hanoi = text(panel(client, world["supervisor"], "consultations", OCT + "&province=01"))
    assert table_rows(hanoi, "Consultations by channel") == {"By phone": ["12"], "Total": ["12"]}
    # consultations record only the new province: a former province finds none of them
    former = LegacyProvince.objects.order_by("code").first()
    response = panel(client, world["supervisor"], "consultations", OCT + f"&former={former.code}")
    assert response.status_code == 200
    assert "No records in this period." in text(response)


def test_the_headline_compares_with_the_previous_period(client, world):
    html = text(panel(client, world["supervisor"], "headline"))
    block = re.search(r'id="headline-MRC-01">(.*?)</div></div>', html, re.S).group(1)
    assert '<p class="sp-big mb-1">15</p>' in block
    assert "+11 (+275.0%)" in block and "Month 9/2026: 4" in block
    hidden = text(panel(client, world["analyst"], "headline"))
    block = re.search(r'id="headline-MRC-01">(.*?)</div></div>', hidden, re.S).group(1)
    assert ">35<" in block and "Month 9/2026: x" in block
    assert "sp-change" not in block  # no change worked out from a hidden figure


def test_programme_targets_carry_their_verification(client, world):
    html = text(panel(client, world["analyst"], "programme"))
    assert "Counter-Trafficking Programme 2026–2030" in html
    rows = re.findall(r'<tr id="target-(CT-0\d)">(.*?)</tr>', html, re.S)
    assert [code for code, _ in rows] == ["CT-01", "CT-02", "CT-03", "CT-04", "CT-05", "CT-06"]
    marks = {code: "UNVERIFIED" in row for code, row in rows}
    assert marks["CT-01"] and marks["CT-02"]  # 2026-2030: neither checked against Decision 33 yet
    older = text(panel(client, world["analyst"], "programme", "period=2025&kind=year"))
    rows = dict(re.findall(r'<tr id="target-(CT-0\d)">(.*?)</tr>', older, re.S))
    assert "2021–2025" in older
    assert "UNVERIFIED" not in rows["CT-02"] and "UNVERIFIED" in rows["CT-01"]


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=13/2026", "is not a period"),
        ("period=banana", "“banana” is not a period"),
        ("period=1999", "out of range"),
        ("period=31/12/2026-01/01/2026", "ends before it starts"),
        ("kind=week", "Period type: Choose a month, a quarter or a year."),
        ("period=10/2026&province=01&former=01", "not both"),
        ("period=10/2026&agency=not-an-agency", "Agency: Choose an agency from the list."),
        ("period=10/2026&agency=7aaf0e7c-db6d-4825-b564-dbfc79c01e3b", "Agency: Choose an agency from the list."),
        ("period=10/2026&province=99", "Choose a province from the list."),
        ("period=10/2026&former=XX", "Choose a former province from the list."),
        ("period=10/2026&map=MRC-99", "Choose an indicator from the list."),
        # analysts see small cells hidden: only whole months, which cannot be subtracted from each other
        ("period=01/10/2026-15/10/2026", "Choose whole months, e.g. 01/10/2026-31/10/2026."),
    ],
)
def test_bad_filters_are_a_400_with_the_message(client, world, query, message):
    response = page(client, world["analyst"], query)
    assert response.status_code == 400
    assert message in text(response)
    assert "Correct the filters above to see the figures." in text(response)
    response = panel(client, world["analyst"], "consultations", query)
    assert response.status_code == 400 and message in text(response)


def test_a_supervisor_seeing_exact_figures_may_choose_any_days(client, world):
    response = page(client, world["supervisor"], "period=01/10/2026-15/10/2026")
    assert response.status_code == 200 and "whole months" not in text(response)
    response = panel(client, world["supervisor"], "consultations", "period=01/10/2026-15/10/2026")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value", ["\x00", "'; DROP TABLE cases_case; --", "<script>alert(1)</script>", "9" * 500, "%", "Q5/2026"]
)
def test_nasty_input_never_fails(client, world, value):
    client.force_login(world["analyst"])
    for name in ("period", "kind", "agency", "province", "former", "map"):
        response = client.get(reverse("reports:dashboard"), {name: value})
        assert response.status_code in (200, 400), (name, value)
        assert "<script>alert(1)" not in text(response)
        response = client.get(reverse("reports:dashboard_panel", args=["tiles"]), {name: value}, **HX)
        assert response.status_code in (200, 400), (name, value)


def test_the_period_defaults_to_the_last_full_month(client, world):
    html = text(page(client, world["analyst"], ""))
    expected = Period.last_full_month(dt.date.today())
    assert f'value="{expected.text}"' in html


def test_the_kind_turns_the_period_into_its_quarter_or_year(client, world):
    html = text(page(client, world["analyst"], "period=10/2026&kind=quarter"))
    assert 'value="Q4/2026"' in html and "Quarter IV/2026" in html
    assert "?kind=quarter&amp;period=Q3%2F2026" in html  # previous
    html = text(page(client, world["analyst"], "period=2026Q4&kind=year"))
    assert "Year 2026" in html
    html = text(page(client, world["analyst"], "period=2026-10"))
    assert "Month 10/2026" in html
    assert 'id="period-previous"' in html and "period=09%2F2026" in html
    assert 'id="period-next"' in html and "period=11%2F2026" in html


def test_no_next_link_into_the_future(client, world):
    future = Period.month(2099, 1)
    html = text(page(client, world["analyst"], f"period={future.text}"))
    assert 'id="period-next"' not in html


def test_a_panel_opened_without_htmx_is_a_whole_page(client, world):
    response = panel(client, world["supervisor"], "consultations", htmx=False)
    assert response.status_code == 200
    html = text(response)
    assert "<html" in html and "Back to the dashboard" in html and "chart.umd.min.js" in html
    assert "Vary" in response and "HX-Request" in response["Vary"]


# --- scale ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["consultations", "headline", "tiles", "programme"])
def test_the_query_count_of_a_panel_stays_flat(client, world, code):
    from django.core.cache import cache

    def count() -> int:
        cache.clear()
        client.force_login(world["analyst"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:dashboard_panel", args=[code]) + "?" + OCT, **HX).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    # many more records, in more categories, agencies and provinces
    for i, province in enumerate(["04", "08", "11", "12", "14", "19", "20", "22"]):
        agency = AgencyFactory()
        consult(agency, dt.date(2026, 10, 1 + i), "email", "male", "35-44", province, ["health", "documents"], 30)
    assert count() == before
    # and the figures are cached: the same panel again asks the database for nothing but the session
    client.force_login(world["analyst"])
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("reports:dashboard_panel", args=[code]) + "?" + OCT, **HX)
    assert len(ctx.captured_queries) < before


def test_the_dashboard_file_is_consistent():
    board = dashboards.load()
    assert set(board.dashboards) == {"centre", "programme"}
    codes = {p.code for p in board.panels}
    for name in board.dashboards:
        assert set(board.dashboards[name].panels) <= codes
    programme = board.panel("programme")
    assert [b.indicator for b in programme.blocks] == ["CT-01", "CT-02", "CT-03", "CT-04", "CT-05", "CT-06"]
    used = {b.indicator for p in board.panels for b in p.blocks} | set(board.headline)
    # the sections the issue lists
    for code in [
        "MRC-01",
        "MRC-03",
        "MRC-06",
        "MRC-07",
        "MRC-08",
        "MRC-09",
        "MRC-10",
        "MRC-11",
        "MRC-12",
        "MRC-13",
        "MRC-14",
        "MRC-16",
        "MRC-17",
        "MRC-18",
        "MRC-19",
    ]:
        assert code in used, code


def test_a_wrong_dashboard_file_is_refused(tmp_path):
    bad = tmp_path / "d.yaml"
    bad.write_text(
        "version: x\nheadline: [MRC-01]\ntile_indicators: [MRC-18]\n"
        "dashboards: {centre: {title: {vi: a, en: a}, panels: [p]}, programme: {title: {vi: a, en: a}, panels: [p]}}\n"
        "panels: [{code: p, title: {vi: a, en: a}, blocks: [{indicator: MRC-13, by: [month]}]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="cannot be broken down by month"):
        dashboards.load(str(bad))


def test_trend_and_next_periods():
    assert dashboards.trend_period(Period.month(2026, 10)) == Period(
        dt.date(2025, 11, 1), dt.date(2026, 10, 31), "days"
    )
    assert dashboards.trend_period(Period.year(2026)).start == dt.date(2026, 1, 1)
    assert Period.quarter(2026, 4).following() == Period.quarter(2027, 1)
    assert Period.parse("01/10/2026-10/10/2026").following() == Period.parse("11/10/2026-20/10/2026")
    for p in [Period.month(2026, 1), Period.quarter(2026, 2), Period.year(2026)]:
        assert Period.parse(p.text) == p
