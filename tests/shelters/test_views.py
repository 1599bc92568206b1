"""Shelter pages: facility list and settings, the bed board, census and figures, admitting from a case,
the stay page with its extension and discharge forms, and the case-page panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from safepath.audit.models import AccessEvent
from safepath.shelters import services
from safepath.shelters.models import Facility, Room, Stay
from tests.factories import UserFactory
from tests.shelters.conftest import bed, days_ago, today

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_the_administrator_sets_up_a_facility(client, agency_admin):
    client.force_login(agency_admin)
    assert client.get(reverse("shelters:facility_list")).status_code == 200
    bad = client.post(reverse("shelters:facility_new"), {"name_vi": "", "name_en": "Shelter", "max_stay_days": "0"})
    assert bad.status_code == 400 and 'value="Shelter"' in html(bad) and "is-invalid" in html(bad)
    made = client.post(
        reverse("shelters:facility_new"),
        {
            "name_vi": "Nhà tạm lánh",
            "name_en": "Shelter",
            "kind": "short_term_shelter",
            "province": "15",
            "max_stay_days": "21",
            "warn_days_before": "3",
            "extension_max_days": "14",
            "is_active": "on",
        },
    )
    facility = Facility.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("shelters:facility_settings", args=[facility.pk])
    assert facility.max_stay_days == 21 and facility.agency == agency_admin.agency
    url = reverse("shelters:facility_settings", args=[facility.pk])
    assert client.post(url, {"action": "room_add", "name": "Phòng nữ 1", "sex": "female"}).status_code == 302
    room = Room.objects.get()
    assert client.post(url, {"action": "beds_add", "room": room.pk, "labels": "A1, A2"}).status_code == 302
    assert sorted(room.beds.values_list("label", flat=True)) == ["A1", "A2"]
    clash = client.post(url, {"action": "beds_add", "room": room.pk, "labels": "A1"})
    assert clash.status_code == 400 and 'id="form-errors"' in html(clash)
    assert client.post(url, {"action": "explode"}).status_code == 403
    page = html(client.get(url))
    assert "Phòng nữ 1" in page and "A2" in page
    board = client.get(reverse("shelters:board", args=[facility.pk]))
    assert board.status_code == 200 and "A1" in html(board)


def test_the_board_names_people_only_to_shelter_workers(client, shelter_staff, agency_admin, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12))
    client.force_login(shelter_staff)
    page = html(client.get(reverse("shelters:board", args=[facility.pk])))
    assert case.number in page and case.person.full_name in page
    assert 'data-day="13" data-days-left="2"' in page
    assert 'data-state="near_limit"' in page and reverse("shelters:stay_detail", args=[stay.pk]) in page
    assert AccessEvent.objects.filter(object_type="stay", action="list", purpose="bed_board").count() == 1
    client.force_login(agency_admin)
    page = html(client.get(reverse("shelters:board", args=[facility.pk])))
    assert 'data-state="near_limit"' in page and case.number not in page and case.person.full_name not in page


def test_pages_refuse_outsiders(client, analyst, other_staff, shelter_staff, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    client.force_login(analyst)
    assert client.get(reverse("shelters:facility_list")).status_code == 403
    assert client.get(reverse("shelters:board", args=[facility.pk])).status_code == 404
    client.force_login(other_staff)
    for name in ("board", "census", "figures", "facility_settings"):
        assert client.get(reverse(f"shelters:{name}", args=[facility.pk])).status_code == 404
    assert client.get(reverse("shelters:stay_detail", args=[stay.pk])).status_code == 404
    assert client.get(reverse("shelters:admit", args=[case.pk])).status_code == 404
    client.force_login(shelter_staff)
    assert client.get(reverse("shelters:facility_settings", args=[facility.pk])).status_code == 403


def test_census_and_figures_pages(client, shelter_staff, case, facility):
    services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(3))
    client.force_login(shelter_staff)
    page = html(client.get(reverse("shelters:census", args=[facility.pk]), {"on": days_ago(1).strftime("%d/%m/%Y")}))
    assert 'id="occupancy-data"' in page and 'id="occupancy-table"' in page
    assert "chart.umd.min.js" in page and "shelters/census.js" in page
    assert '<td class="text-end fw-semibold">1</td>' in page  # one woman in a bed that night
    for nasty in ("31/02/2026", "x" * 50, "\x00", "01/01/1900"):
        assert client.get(reverse("shelters:census", args=[facility.pk]), {"on": nasty}).status_code == 200
        assert client.get(reverse("shelters:board", args=[facility.pk]), {"on": nasty}).status_code == 200
    figures = client.get(
        reverse("shelters:figures", args=[facility.pk]),
        {"from": days_ago(9).strftime("%d/%m/%Y"), "to": today().strftime("%d/%m/%Y")},
    )
    assert figures.status_code == 200 and 'id="fig-bed-nights">4<' in html(figures)
    backwards = client.get(reverse("shelters:figures", args=[facility.pk]), {"from": "01/02/2026", "to": "01/01/2026"})
    assert backwards.status_code == 200 and "is-invalid" in html(backwards)


def test_admitting_from_a_case_keeps_the_input_on_errors(client, shelter_staff, case, facility):
    client.force_login(shelter_staff)
    url = reverse("shelters:admit", args=[case.pk])
    form = html(client.get(url))
    assert 'id="admit-form"' in form and ">F1<" in form and " disabled>M1 (" in form  # men's beds not offered
    future = client.post(url, {"facility": facility.pk, "admitted_on": "01/01/2099", "note": "Ghi chú tiếp nhận"})
    assert future.status_code == 400 and "Ghi chú tiếp nhận" in html(future) and not Stay.objects.exists()
    done = client.post(
        url,
        {
            "facility": facility.pk,
            "bed": bed(facility, "F2").pk,
            "admitted_on": days_ago(12).strftime("%d/%m/%Y"),
            "note": "Ghi chú tiếp nhận",
        },
    )
    stay = Stay.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("shelters:stay_detail", args=[stay.pk])
    assert stay.bed.label == "F2" and stay.admitted_on == days_ago(12)
    again = html(client.get(url))
    assert reverse("shelters:stay_detail", args=[stay.pk]) in again and 'id="admit-form"' not in again


def test_the_stay_page_extension_and_discharge(client, shelter_staff, supervisor, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12))
    url = reverse("shelters:stay_detail", args=[stay.pk])
    client.force_login(shelter_staff)
    page = html(client.get(url))
    assert case.person.full_name in page and 'id="discharge"' in page and 'id="ask-extension"' in page
    bad = client.post(url, {"action": "extend", "days": "99", "reason": "Chờ gia đình đến đón"})
    assert bad.status_code == 400 and "Chờ gia đình đến đón" in html(bad)
    assert client.post(url, {"action": "extend", "days": "5", "reason": "Chờ gia đình"}).status_code == 302
    ext = stay.extensions.get()
    assert 'id="approve-extension"' not in html(client.get(url))
    client.force_login(supervisor)
    assert 'id="approve-extension"' in html(client.get(url))
    assert client.post(url, {"action": "approve", "extension": ext.pk, "decision_note": ""}).status_code == 302
    stay.refresh_from_db()
    assert stay.planned_discharge_on == days_ago(12) + dt.timedelta(days=19)
    client.force_login(shelter_staff)
    missing = client.post(url, {"action": "discharge", "destination": "home_community", "follow_up_plan": ""})
    assert missing.status_code == 400 and 'id="discharge-errors"' in html(missing)
    assert 'value="home_community" selected' in html(missing)
    left = client.post(
        url,
        {
            "action": "discharge",
            "destination": "home_community",
            "destination_province": "15",
            "follow_up_plan": "Phòng Bảo trợ xã hội tỉnh thăm sau 1 tháng",
            "discharged_on": today().strftime("%d/%m/%Y"),
        },
    )
    assert left.status_code == 302
    page = html(client.get(url))
    assert 'id="stay-ended"' in page and "Phòng Bảo trợ xã hội tỉnh thăm sau 1 tháng" in page
    assert client.post(url, {"action": "nonsense"}).status_code == 403


def test_the_case_page_panel(shelter_staff, caseworker, supervisor, case, facility):
    template = Template("{% load shelters_tags %}{% shelters_panel case %}")

    def render(user, c):
        request = RequestFactory().get("/")
        request.user = user
        return template.render(RequestContext(request, {"case": c}))

    assert 'id="admit-to-shelter"' in render(shelter_staff, case)
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(2))
    panel = render(shelter_staff, case)
    assert 'id="current-stay"' in panel and 'id="admit-to-shelter"' not in panel
    assert stay.planned_discharge_on.strftime("%d/%m/%Y") in panel and "F1" in panel
    services.stay_discharge(actor=shelter_staff, stay=stay, destination="family", follow_up_plan="Gọi điện")
    panel = render(caseworker, case)
    assert 'id="past-stays"' in panel
    assert 'id="admit-to-shelter"' in panel


NASTY = ["\x00", "a\x00b", "'; DROP TABLE shelters_stay; --", "9" * 5000, "-1", "NaN", "../../etc/passwd", "\u202e"]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_form_input_never_causes_a_server_error(
    client, value, agency_admin, shelter_staff, supervisor, case, facility
):
    client.force_login(shelter_staff)
    admit_url = reverse("shelters:admit", args=[case.pk])
    for body in ({"facility": value}, {"facility": facility.pk, "bed": value, "admitted_on": value, "note": value}):
        assert client.post(admit_url, body).status_code < 500
        assert client.get(admit_url, body).status_code < 500
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    url = reverse("shelters:stay_detail", args=[stay.pk])
    fields = [
        "days",
        "reason",
        "extension",
        "decision_note",
        "destination",
        "follow_up_plan",
        "discharged_on",
        "destination_province",
        "bed",
        "admission_note",
    ]
    for action in ("extend", "move", "note", "follow_up", "discharge"):
        assert client.post(url, {**dict.fromkeys(fields, value), "action": action}).status_code < 500, action
    client.force_login(supervisor)
    for action in ("approve", "refuse"):
        assert client.post(url, {**dict.fromkeys(fields, value), "action": action}).status_code < 500, action
    client.force_login(agency_admin)
    settings_url = reverse("shelters:facility_settings", args=[facility.pk])
    room = facility.rooms.first()
    for action in ("facility", "room_add", "room_update", "room_remove", "beds_add", "bed_update", "bed_remove"):
        body = dict.fromkeys(
            [
                "name_vi",
                "kind",
                "province",
                "max_stay_days",
                "warn_days_before",
                "name",
                "sex",
                "position",
                "labels",
                "count",
                "prefix",
                "label",
                "is_active",
            ],
            value,
        )
        for ref in ("room", "bed"):
            assert client.post(settings_url, {**body, "action": action, ref: value}).status_code < 500, action
        assert client.post(settings_url, {**body, "action": action, "room": room.pk}).status_code < 500, action
    assert client.post(reverse("shelters:facility_new"), {"name_vi": value, "max_stay_days": value}).status_code < 500
    for name, params in (("board", ["on"]), ("census", ["on"]), ("figures", ["from", "to"])):
        assert (
            client.get(reverse(f"shelters:{name}", args=[facility.pk]), dict.fromkeys(params, value)).status_code == 200
        )


def test_a_system_administrator_creates_a_facility_for_an_agency(client, other_agency):
    from safepath.accounts.roles import Role
    from tests.factories import AgencyFactory, UserFactory

    root = UserFactory(agency=AgencyFactory(code="DOLAB"), roles=[Role.SYSTEM_ADMIN])
    client.force_login(root)
    body = {
        "name_vi": "Trung tâm",
        "kind": "reception_centre",
        "max_stay_days": "14",
        "warn_days_before": "3",
        "extension_max_days": "14",
        "is_active": "on",
    }
    missing = client.post(reverse("shelters:facility_new"), body)
    assert missing.status_code == 400 and not Facility.objects.exists()
    assert client.post(reverse("shelters:facility_new"), {**body, "agency": other_agency.pk}).status_code == 302
    assert Facility.objects.get().agency == other_agency
    assert client.get(reverse("shelters:facility_list")).status_code == 200


def test_a_highly_sensitive_case_stays_closed_on_the_stay_page_and_api(client, shelter_staff, caseworker, supervisor):
    from rest_framework.test import APIClient

    from safepath.cases.services import CaseInput, case_update
    from tests.shelters.conftest import build_facility, new_case

    facility = build_facility(
        UserFactory(agency=caseworker.agency, roles=["agency_admin"]), rooms=[("A", "mixed", ["A1"])]
    )
    c = new_case(caseworker, supervisor, given_name="Bímật")
    data = CaseInput.from_case(c)
    data.highly_sensitive = True
    c = case_update(actor=caseworker, case=c, data=data, expected_version=c.version)
    stay = services.stay_admit(actor=caseworker, case=c, facility=facility, note="Ghi chú rất nhạy cảm")
    client.force_login(shelter_staff)
    page = html(client.get(reverse("shelters:stay_detail", args=[stay.pk])))
    assert 'id="confidential"' in page and "Bímật" not in page and c.number not in page
    assert "Ghi chú rất nhạy cảm" not in page and 'id="discharge"' in page  # the bed is still theirs to run
    api = APIClient()
    api.force_authenticate(shelter_staff)
    body = api.get(f"/api/shelters/stays/{stay.pk}/").json()
    assert body["case"] is None and body["person"] is None and body["admission_note"] == ""
    client.force_login(caseworker)
    page = html(client.get(reverse("shelters:stay_detail", args=[stay.pk])))
    assert "Bímật" in page and "Ghi chú rất nhạy cảm" in page


def test_the_shelters_menu_is_for_agencies_that_take_people_in(client, agency_admin, caseworker, other_staff):
    from safepath.core.policy import navigation_for

    def menu(user):
        return [item["name"] for item in navigation_for(user)]

    # An MRC without a facility: its case workers have no shelters menu; its administrator can set one up.
    assert "shelters:facility_list" not in menu(caseworker)
    assert "shelters:facility_list" in menu(agency_admin)
    client.force_login(caseworker)
    assert client.get(reverse("shelters:facility_list")).status_code == 403
    assert "shelters:facility_list" in menu(other_staff)  # a reception centre, before it has any facility
    services.facility_create(actor=agency_admin, data=services.FacilityInput(name_vi="Nhà tạm lánh Hà Nội"))
    next_request = type(caseworker).objects.get(pk=caseworker.pk)  # the agency now runs a shelter
    assert "shelters:facility_list" in menu(next_request)
    assert "Nhà tạm lánh Hà Nội" in html(client.get(reverse("shelters:facility_list")))
