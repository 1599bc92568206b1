"""HXL and DHIS2 exports of aggregate indicators (issue 7, point 5), on a hand-counted fixture.

New cases (MRC-03) opened in October of last year:

=========  =============================================  =====
agency     province (sex)                                 cases
=========  =============================================  =====
HN-MRC     01 (8 women, 4 men), 15 (3 women)              15
LC-RC      15 (6 women, 5 men), 22 (2 women)              13
QN-MRC     01 (3 men)                                     3
=========  =============================================  =====

By province: 01 = 15, 15 = 14, 22 = 2 (hidden), so 15 is hidden too (secondary); total 31.
By agency: HN-MRC 15, LC-RC 13 (hidden: secondary), QN-MRC 3 (hidden); total 31.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from safepath.accounts.roles import AgencyType, Role
from safepath.audit.models import AccessEvent
from safepath.places.models import Province
from safepath.reports import exports, indicators, interop
from safepath.reports.compute import Filters
from safepath.reports.periods import Period
from safepath.reports.suppression import TOTAL, recoverable_cells
from tests.factories import AgencyFactory, UserFactory
from tests.reports.test_ctdc import YEAR, make_case

pytestmark = pytest.mark.django_db

PERIOD = f"{YEAR}-10"
OCTOBER = dt.date(YEAR, 10, 5)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies["safepath_language"] = "en"
    return client


def build_world():
    """The hand-counted fixture (see the module docstring), with an analyst, a supervisor and a caseworker."""
    hn = AgencyFactory(code="HN-MRC", province=Province.objects.get(pk="01"), name_en="Hanoi centre")
    lc = AgencyFactory(code="LC-RC", type=AgencyType.SHELTER, province=Province.objects.get(pk="15"))
    qn = AgencyFactory(code="QN-MRC", province=Province.objects.get(pk="22"))
    for agency, province, sex, n in (
        (hn, "01", "female", 8),
        (hn, "01", "male", 4),
        (hn, "15", "female", 3),
        (lc, "15", "female", 6),
        (lc, "15", "male", 5),
        (lc, "22", "female", 2),
        (qn, "01", "male", 3),
    ):
        for _ in range(n):
            make_case(agency, opened=OCTOBER, province=province, sex=sex)
    make_case(hn, opened=dt.date(YEAR, 9, 30), province="01")  # September: not in the period
    return {
        "hn": hn,
        "lc": lc,
        "qn": qn,
        "analyst": UserFactory(
            agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST], username="phantich"
        ),
        "supervisor": UserFactory(agency=hn, roles=[Role.SUPERVISOR], username="giamsat"),
        "caseworker": UserFactory(agency=hn, roles=[Role.CASEWORKER], username="canbo"),
    }


@pytest.fixture
def world(db):
    return build_world()


def _read(text):
    rows = list(csv.reader(io.StringIO(text)))
    header, tags, body = rows[0], rows[1], rows[2:]
    return header, tags, [dict(zip(tags, row, strict=True)) for row in body]


def _mrc03(**kwargs):
    return exports.hxl_table([indicators.get("MRC-03")], period=Period.parse(PERIOD), filters=Filters(), **kwargs)


# --- HXL ----------------------------------------------------------------------------------------------
def test_hxl_second_row_is_all_hashtags(world):
    header, tags, _rows = _read(_mrc03(by=["province"]).csv())
    assert len(header) == len(tags)
    for tag in tags:
        assert tag.startswith("#") and interop.normalise_hxl_tag(tag) == tag
    assert tags[:6] == [
        "#date +period",
        "#date +start",
        "#date +end",
        "#indicator +code",
        "#indicator +name",
        "#indicator +unit",
    ]
    assert "#adm1 +code" in tags and "#indicator +value" in tags and tags[-1] == "#meta +suppressed"


def test_hxl_matches_the_hand_count_and_hides_small_cells(world):
    _, _, rows = _read(_mrc03(by=["province"]).csv())
    by_code = {r["#adm1 +code"]: r for r in rows}
    assert by_code["01"]["#indicator +value"] == "15" and by_code["01"]["#meta +suppressed"] == "0"
    assert by_code["01"]["#adm1 +name"] == "Ha Noi"
    for hidden in ("15", "22"):
        assert by_code[hidden]["#indicator +value"] == "" and by_code[hidden]["#meta +suppressed"] == "1"
    total = by_code[""]
    assert total["#adm1 +name"] == "Total" and total["#indicator +value"] == "31"
    assert {r["#date +period"] for r in rows} == {PERIOD}
    assert {r["#indicator +code"] for r in rows} == {"MRC-03"}


def _published_table(rows, code_tag):
    table = {}
    for r in rows:
        key = (r[code_tag] or TOTAL,)
        table[key] = None if r["#meta +suppressed"] == "1" else int(r["#indicator +value"])
    return table


def test_hidden_hxl_cells_cannot_be_recovered_from_the_table(world):
    for dim, tag in (("province", "#adm1 +code"), ("agency", "#org +code"), ("sex", "#sex +code")):
        _, _, rows = _read(_mrc03(by=[dim]).csv())
        table = _published_table(rows, tag)
        assert sum(v for k, v in table.items() if k != (TOTAL,) and v is not None) <= table[(TOTAL,)]
        intervals = recoverable_cells(table, [dim])
        assert not [k for k, interval in intervals.items() if interval.exact], (dim, table)
    _, _, rows = _read(_mrc03(by=["agency"]).csv())
    table = _published_table(rows, "#org +code")
    assert table == {("HN-MRC",): 15, ("LC-RC",): None, ("QN-MRC",): None, (TOTAL,): 31}


def test_hxl_of_a_whole_programme_parses(world):
    chosen = exports.choose_indicators(programme="MRC")
    text = exports.hxl_table(chosen, period=Period.parse(PERIOD), filters=Filters(), by=["sex"]).csv()
    _header, tags, rows = _read(text)
    assert "#indicator +numerator" in tags and "#indicator +denominator" in tags  # MRC has percentages
    assert {r["#indicator +code"] for r in rows} == {i.code for i in chosen}
    for r in rows:
        assert r["#meta +suppressed"] in ("0", "1")
        if r["#meta +suppressed"] == "1":
            assert r["#indicator +value"] == ""
    # An indicator without the breakdown (page views: no sex) still has its total row.
    assert [r for r in rows if r["#indicator +code"] == "MRC-18" and r["#sex +name"] == "Total"]


def test_hxl_two_way_and_month_breakdowns(world):
    _, tags, rows = _read(_mrc03(by=["province", "sex"]).csv())
    assert "#sex +code" in tags and "#adm1 +code" in tags
    # Province x sex: 01 = 8 women + 7 men, 15 = 9 + 5, 22 = 2 + 0. Every count is below 10: all hidden
    # but the zero; the total stays.
    cells = {(r["#adm1 +code"], r["#sex +code"]): (r["#indicator +value"], r["#meta +suppressed"]) for r in rows}
    assert cells == {
        ("01", "female"): ("", "1"),
        ("01", "male"): ("", "1"),
        ("15", "female"): ("", "1"),
        ("15", "male"): ("", "1"),
        ("22", "female"): ("", "1"),
        ("22", "male"): ("0", "0"),
        ("", ""): ("31", "0"),
    }
    _, tags, rows = _read(_mrc03(by=["month"]).csv())
    assert "#date +month" in tags
    with pytest.raises(ValueError):
        _mrc03(by=["sex", "province", "agency"])


def test_hxl_view_for_an_analyst(client, world):
    client.force_login(world["analyst"])
    before = AccessEvent.objects.count()
    response = client.get(reverse("reports:export_hxl"), {"period": PERIOD, "indicators": ["MRC-03"], "by": "province"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="safepath-hxl-{PERIOD}.csv"'
    _, _tags, rows = _read(response.content.decode())
    assert {r["#adm1 +code"]: r["#indicator +value"] for r in rows}["01"] == "15"
    event = AccessEvent.objects.filter(seq__gt=before).get()
    assert event.action == "export" and event.purpose == "hxl_export" and event.object_ids == []
    assert event.detail["indicators"] == ["MRC-03"] and event.detail["period"] == PERIOD


def test_a_supervisor_exports_their_agency_suppressed(client, world):
    """On screen a supervisor sees their agency exactly; a file leaving SafePath is suppressed all the same."""
    client.force_login(world["supervisor"])
    response = client.get(reverse("reports:export_hxl"), {"period": PERIOD, "indicators": ["MRC-03"], "by": "province"})
    assert response.status_code == 200
    _, _, rows = _read(response.content.decode())
    values = {r["#adm1 +code"]: (r["#indicator +value"], r["#meta +suppressed"]) for r in rows}
    assert values == {"01": ("", "1"), "15": ("", "1"), "": ("15", "0")}
    asked = {"period": PERIOD, "indicators": ["MRC-03"], "agency": str(world["lc"].pk)}
    assert client.get(reverse("reports:export_hxl"), asked).status_code in (400, 403)
    assert client.get(reverse("reports:export_dhis2"), asked).status_code in (400, 403)


def test_bad_input_is_a_400_that_says_why(client, world):
    client.force_login(world["analyst"])
    for url, params, message in (
        ("reports:export_hxl", {"period": "13/2026"}, "is not a period"),
        ("reports:export_hxl", {}, "This field is required"),
        ("reports:export_hxl", {"period": PERIOD, "programme": "NOPE"}, "Select a valid choice"),
        ("reports:export_hxl", {"period": PERIOD, "indicators": ["XX-99"]}, "Select a valid choice"),
        ("reports:export_hxl", {"period": PERIOD, "by": "shoe_size"}, "Select a valid choice"),
        ("reports:export_hxl", {"period": "\x00"}, "Null characters are not allowed"),
        ("reports:export_dhis2", {"period": f"01/10/{YEAR}-15/10/{YEAR}"}, "DHIS2 takes a month"),
        ("reports:export_dhis2", {"period": "9" * 5000}, "Ensure this value has at most"),
        ("reports:export_dhis2", {"period": PERIOD, "province": "99"}, "Select a valid choice"),
    ):
        response = client.get(reverse(url), params)
        assert response.status_code == 400, (url, params)
        assert message in response.content.decode(), (url, params)
    assert client.post(reverse("reports:export_hxl"), {"period": PERIOD}).status_code == 405


def test_the_exports_need_permission(client, world):
    client.force_login(world["caseworker"])
    for name in ("reports:export_index", "reports:export_hxl", "reports:export_dhis2", "reports:export_cases"):
        assert client.get(reverse(name), {"period": PERIOD}).status_code == 403, name
    client.logout()
    assert client.get(reverse("reports:export_index")).status_code == 302  # to the login page


def test_the_exports_page(client, world):
    client.force_login(world["supervisor"])
    text = client.get(reverse("reports:export_index")).content.decode()
    for part in ('id="hxl-form"', 'id="dhis2-form"', 'id="cases-form"', "HXL", "DHIS2", "CTDC"):
        assert part in text
    # The agency filter offers only the supervisor's own agency.
    assert "HN-MRC · Hanoi centre" in text and "LC-RC ·" not in text
    # The period is prefilled with last month as people write it (10/2026), as the help text shows.
    last_month = Period.last_full_month(timezone.localdate())
    assert f'name="period" value="{last_month.start:%m/%Y}"' in text
    client.force_login(world["analyst"])
    text = client.get(reverse("reports:export_index")).content.decode()
    assert 'id="cases-form"' not in text and "LC-RC ·" in text


# --- DHIS2 --------------------------------------------------------------------------------------------
def test_dhis2_values_match_the_hand_count_and_leave_hidden_ones_out(world):
    values = exports.dhis2_values([indicators.get("MRC-03")], period=Period.parse(PERIOD), filters=Filters())
    assert values == [
        interop.DataValue("SPmrc0003CS", f"{YEAR}10", exports.org_unit("HN-MRC"), 15),
        interop.DataValue("SPmrc0003CS", f"{YEAR}10", exports.root_org_unit(), 31),
    ]


def test_dhis2_payload_validates(client, world):
    client.force_login(world["analyst"])
    response = client.get(reverse("reports:export_dhis2"), {"period": f"Q4/{YEAR}", "programme": "MRC"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    payload = json.loads(response.content)
    assert payload["dataValues"]
    elements = {i.dhis2 for i in indicators.load().of_programme("MRC")}
    seen = set()
    for value in payload["dataValues"]:
        assert set(value) == {"dataElement", "period", "orgUnit", "value"}
        interop.validate_uid(value["dataElement"])
        interop.validate_uid(value["orgUnit"])
        assert interop.validate_period(value["period"]) == f"{YEAR}Q4"
        assert value["dataElement"] in elements
        assert isinstance(value["value"], str) and value["value"]
        key = (value["dataElement"], value["orgUnit"])
        assert key not in seen
        seen.add(key)
    mrc03 = {v["orgUnit"]: v["value"] for v in payload["dataValues"] if v["dataElement"] == "SPmrc0003CS"}
    assert mrc03 == {exports.org_unit("HN-MRC"): "15", exports.root_org_unit(): "31"}
    event = AccessEvent.objects.filter(purpose="dhis2_export").get()
    assert event.actor == world["analyst"] and event.detail["period"] == f"{YEAR}Q4"


def test_a_supervisor_sends_no_national_value(world):
    filters = Filters(agencies=frozenset({str(world["hn"].pk)}))
    values = exports.dhis2_values([indicators.get("MRC-03")], period=Period.parse(PERIOD), filters=filters)
    # 15 cases of one agency: the agency's value, and no national figure (it would not be national).
    assert values == [interop.DataValue("SPmrc0003CS", f"{YEAR}10", exports.org_unit("HN-MRC"), 15)]


def test_derived_and_configured_org_units():
    uid = exports.derived_uid("agency:HN-MRC")
    assert uid == exports.derived_uid("agency:HN-MRC") == exports.org_unit("HN-MRC")
    assert interop.validate_uid(uid) and uid != exports.org_unit("LC-RC")
    assert exports.root_org_unit() == exports.derived_uid("root")
    with override_settings(
        SAFEPATH_DHIS2_ORG_UNITS={"HN-MRC": "HnMrcOrg001"}, SAFEPATH_DHIS2_ROOT_ORG_UNIT="VietNamRoot"
    ):
        assert exports.org_unit("HN-MRC") == "HnMrcOrg001"
        assert exports.org_unit("LC-RC") == exports.derived_uid("agency:LC-RC")
        assert exports.root_org_unit() == "VietNamRoot"
    with override_settings(SAFEPATH_DHIS2_ORG_UNITS={"HN-MRC": "1-bad"}), pytest.raises(ValueError):
        exports.org_unit("HN-MRC")


def test_a_misconfigured_org_unit_is_a_clear_400(client, world):
    client.force_login(world["analyst"])
    with override_settings(SAFEPATH_DHIS2_ORG_UNITS={"HN-MRC": "not a uid"}):
        response = client.get(reverse("reports:export_dhis2"), {"period": PERIOD, "indicators": ["MRC-03"]})
    assert response.status_code == 400 and "is not a DHIS2 UID" in response.content.decode()


def test_unknown_indicators_and_programmes_are_refused():
    with pytest.raises(ValueError, match="There is no indicator"):
        exports.choose_indicators(codes=["XX-01"])
    with pytest.raises(ValueError, match="There is no programme"):
        exports.choose_indicators(programme="XX")
    assert [i.code for i in exports.choose_indicators(codes=["CT-04", "MRC-03"])] == ["CT-04", "MRC-03"]
    assert len(exports.choose_indicators()) == len(indicators.load().indicators)


def test_a_percentage_has_its_numerator_and_denominator(world):
    """CT-01: victims supported among victims identified. All 31 are victims (denominator), none supported."""
    table = exports.hxl_table([indicators.get("CT-01")], period=Period.parse(PERIOD), filters=Filters(), by=["agency"])
    _, _, rows = _read(table.csv())
    total = next(r for r in rows if r["#org +name"] == "Total")
    assert (total["#indicator +value"], total["#indicator +numerator"], total["#indicator +denominator"]) == (
        "0.0",
        "0",
        "31",
    )
    qn = next(r for r in rows if r["#org +code"] == "QN-MRC")  # 3 victims: hidden, numerator and denominator too
    assert qn["#meta +suppressed"] == "1" and qn["#indicator +numerator"] == qn["#indicator +denominator"] == ""
