"""The bed board, the daily census and the figures, against counts made by hand.

Six beds (women's F1-F3, men's M1-M2, family G1). T is today. Five stays:

    A  woman  F1  T-20 .. T-5   15 nights, extended by 7 days (approved), home community
    B  man    M1  T-8  .. T-2    6 nights, family
    C  woman  F1  T-3  .. open
    D  woman  F2  T-16 .. open  planned T-2: over the limit
    E  man    M2  T-5  .. T-5    0 nights (left the same day), other
"""

from __future__ import annotations

import pytest

from safepath.audit.models import AccessEvent
from safepath.shelters import selectors, services
from tests.shelters.conftest import bed, days_ago, new_case, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def stays(shelter_staff, supervisor, caseworker, facility):
    def admit(label, ago, sex="female"):
        c = new_case(caseworker, supervisor, sex=sex, given_name=label)
        return services.stay_admit(
            actor=shelter_staff, case=c, facility=facility, bed=bed(facility, label), admitted_on=days_ago(ago)
        )

    def leave(stay, ago, destination):
        return services.stay_discharge(
            actor=shelter_staff,
            stay=stay,
            destination=destination,
            follow_up_plan="Theo dõi",
            discharged_on=days_ago(ago),
        )

    a = admit("F1", 20)
    ext = services.extension_request(actor=shelter_staff, stay=a, days=7, reason="Chờ giấy tờ")
    services.extension_decide(actor=supervisor, extension=ext, approve=True)
    a = leave(a, 5, "home_community")
    b = leave(admit("M1", 8, "male"), 2, "family")
    c = admit("F1", 3)
    d = admit("F2", 16)
    e = leave(admit("M2", 5, "male"), 5, "other")
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


def test_census_of_a_day(facility, stays):
    census = selectors.facility_census(facility=facility, on=days_ago(5))
    assert census["capacity"] == 6
    assert census["occupied"] == 2  # B and D; A and E left that day
    assert census["free"] == 4
    assert census["occupied_by_sex"] == {"female": 1, "male": 1, "other": 0, "unknown": 0}
    assert census["admitted"] == 1 and census["admitted_by_sex"]["male"] == 1  # E
    assert census["discharged"] == 2  # A and E
    assert census["discharged_by_sex"] == {"female": 1, "male": 1, "other": 0, "unknown": 0}


def test_thirty_days_of_occupancy(facility, stays):
    series = {p["on"]: p for p in selectors.facility_census(facility=facility, on=today())["series"]}
    assert len(series) == 30 and min(series) == days_ago(29) and max(series) == today()
    expected = {21: 0, 20: 1, 16: 2, 8: 3, 5: 2, 3: 3, 2: 2, 0: 2}
    assert {ago: series[days_ago(ago)]["occupied"] for ago in expected} == expected
    assert series[days_ago(8)]["rate"] == 50.0


def test_occupancy_and_length_of_stay_figures(facility, stays):
    f = selectors.facility_figures(facility=facility, start=days_ago(9), end=today())
    assert f["days"] == 10 and f["capacity"] == 6
    assert f["bed_nights"] == 4 + 6 + 4 + 10 + 0  # A, B, C, D, E inside the ten nights
    assert f["available_nights"] == 60 and f["occupancy_rate"] == 40.0
    assert f["admissions"] == 3  # B, C, E
    assert f["discharges"] == 3  # A, B, E
    assert (f["mean_length"], f["median_length"], f["longest"]) == (7.0, 6, 15)
    assert f["over_limit"] == 1  # A: 15 nights > 14
    assert f["extended"] == 1
    assert f["still_over_limit"] == 1  # D
    assert {code: n for code, _label, n in f["destinations"]} == {
        "home_community": 1,
        "longer_term_shelter": 0,
        "family": 1,
        "other": 1,
    }


def test_figures_of_an_empty_period(facility):
    f = selectors.facility_figures(facility=facility, start=days_ago(3), end=today())
    assert f["bed_nights"] == 0 and f["occupancy_rate"] == 0.0 and f["mean_length"] is None


def test_the_bed_board(shelter_staff, facility, stays):
    board = selectors.facility_board(user=shelter_staff, facility=facility, on=days_ago(3))
    tiles = {t.bed.label: t for card in board["rooms"] for t in card.tiles}
    assert {label: t.state for label, t in tiles.items()} == {
        "F1": "occupied",  # C, admitted that day
        "F2": "near_limit",  # D: planned T-2, one day left
        "F3": "free",
        "M1": "occupied",  # B: planned T+6
        "M2": "free",
        "G1": "free",
    }
    assert tiles["F2"].day_number == 14 and tiles["F2"].days_left == 1
    assert tiles["F1"].shown and tiles["F1"].stay.case.number == stays["C"].case.number
    assert board["occupied"] == 3 and board["capacity"] == 6
    today_board = selectors.facility_board(user=shelter_staff, facility=facility, on=today())
    d = next(t for card in today_board["rooms"] for t in card.tiles if t.bed.label == "F2")
    assert d.state == "over_limit" and d.overdue_days == 2
    event = AccessEvent.objects.filter(object_type="stay", action="list").order_by("-seq").first()
    assert sorted(event.object_ids) == sorted([str(stays["C"].pk), str(stays["D"].pk)])
    assert sorted(event.detail["also"]["person"]) == sorted(
        [str(stays["C"].case.person_id), str(stays["D"].case.person_id)]
    )


def test_the_board_hides_people_from_those_who_only_keep_the_facility(agency_admin, facility, stays):
    before = AccessEvent.objects.filter(object_type="stay", action="list").count()
    board = selectors.facility_board(user=agency_admin, facility=facility, on=today())
    assert not any(t.shown for card in board["rooms"] for t in card.tiles)
    assert board["occupied"] == 2
    assert AccessEvent.objects.filter(object_type="stay", action="list").count() == before


def test_a_highly_sensitive_case_is_not_named_on_the_board(shelter_staff, caseworker, supervisor, facility):
    from safepath.cases.services import CaseInput, case_update

    c = new_case(caseworker, supervisor)
    data = CaseInput.from_case(c)
    data.highly_sensitive = True
    c = case_update(actor=caseworker, case=c, data=data, expected_version=c.version)
    services.stay_admit(actor=caseworker, case=c, facility=facility)  # shelter staff cannot open this case
    tile = next(
        t
        for card in selectors.facility_board(user=shelter_staff, facility=facility, on=today())["rooms"]
        for t in card.tiles
        if t.stay
    )
    assert tile.stay is not None and not tile.shown
    tile = next(
        t
        for card in selectors.facility_board(user=caseworker, facility=facility, on=today())["rooms"]
        for t in card.tiles
        if t.stay
    )
    assert tile.shown  # the assigned caseworker (who works shelters) sees it


def test_facility_lists_follow_the_policy(shelter_staff, agency_admin, analyst, other_staff, facility, stays):
    assert [f.pk for f in selectors.facility_list(user=shelter_staff, on=today())] == [facility.pk]
    listed = selectors.facility_list(user=agency_admin, on=today())[0]
    assert (listed.bed_count, listed.occupied, listed.free) == (6, 2, 4)
    assert selectors.facility_list(user=analyst, on=today()) == []
    assert selectors.facility_list(user=other_staff, on=today()) == []
    assert not selectors.may_list_facilities(analyst)
