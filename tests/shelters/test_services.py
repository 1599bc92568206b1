"""Shelter services: admission and bed rules, planned discharge, extensions, discharge, moving, keeping beds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.shelters import services
from safepath.shelters.models import Stay, StayExtension
from tests.factories import UserFactory
from tests.shelters.conftest import bed, build_facility, days_ago, new_case, today

pytestmark = pytest.mark.django_db


def messages_of(exc_info) -> list[str]:
    return [m for msgs in exc_info.value.message_dict.values() for m in msgs]


# --- admission ---------------------------------------------------------------------------------------
def test_admission_plans_the_discharge_from_the_facility_maximum(shelter_staff, case, facility):
    stay = services.stay_admit(
        actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12), note="Đến từ cửa khẩu"
    )
    assert stay.admitted_on == days_ago(12)
    assert stay.planned_discharge_on == days_ago(12) + dt.timedelta(days=14)
    assert stay.bed.label == "F1"  # a woman, into the first free bed of the women's room
    assert stay.day_number(today()) == 13 and stay.days_left(today()) == 2
    stored = Stay.objects.get(pk=stay.pk)
    assert stored.admission_note == "Đến từ cửa khẩu"
    event = AccessEvent.objects.filter(object_type="stay", action="create").get()
    assert event.object_ids == [str(stay.pk)] and event.detail["also"]["person"] == [str(case.person_id)]


def test_a_facility_with_another_maximum_stay(agency_admin, shelter_staff, case):
    facility = build_facility(agency_admin, name="Nhà tạm lánh", rooms=[("A", "mixed", ["A1"])], max_stay_days=30)
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(1))
    assert stay.planned_discharge_on == days_ago(1) + dt.timedelta(days=30)
    assert stay.bed.label == "A1"  # a mixed room takes anyone


def test_a_new_maximum_stay_applies_to_new_admissions_only(
    agency_admin, shelter_staff, caseworker, supervisor, case, facility
):
    first = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    data = services.FacilityInput.from_facility(facility)
    data.max_stay_days = 20
    services.facility_update(actor=agency_admin, facility=facility, data=data)
    second = services.stay_admit(actor=shelter_staff, case=new_case(caseworker, supervisor), facility=facility)
    first.refresh_from_db()
    assert first.planned_discharge_on == today() + dt.timedelta(days=14)
    assert second.planned_discharge_on == today() + dt.timedelta(days=20)


def test_beds_are_picked_by_sex_and_family_rooms_only_by_hand(shelter_staff, caseworker, supervisor, facility):
    man = new_case(caseworker, supervisor, sex="male", given_name="Nam")
    assert services.stay_admit(actor=shelter_staff, case=man, facility=facility).bed.label == "M1"
    women = [new_case(caseworker, supervisor) for _ in range(4)]
    labels = [services.stay_admit(actor=shelter_staff, case=c, facility=facility).bed.label for c in women[:3]]
    assert labels == ["F1", "F2", "F3"]
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(actor=shelter_staff, case=women[3], facility=facility)
    assert "bed" in exc.value.message_dict
    stay = services.stay_admit(actor=shelter_staff, case=women[3], facility=facility, bed=bed(facility, "G1"))
    assert stay.bed.label == "G1"


def test_a_chosen_bed_must_suit_the_person_and_be_in_use(
    agency_admin, shelter_staff, caseworker, supervisor, case, facility
):
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "M1"))
    assert exc.value.message_dict["bed"] == ["This room is not for this person's sex: choose another."]
    services.bed_update(actor=agency_admin, bed=bed(facility, "F2"), is_active=False)
    with pytest.raises(ValidationError, match="out of use"):
        services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F2"))
    other = build_facility(agency_admin, name="Cơ sở khác", rooms=[("X", "female", ["X1"])])
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(other, "X1"))
    assert "bed" in exc.value.message_dict
    assert not Stay.objects.exists()


def test_no_double_booking_of_a_bed_or_a_case(shelter_staff, caseworker, supervisor, case, facility):
    services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F1"))
    other = new_case(caseworker, supervisor)
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(actor=shelter_staff, case=other, facility=facility, bed=bed(facility, "F1"))
    assert exc.value.message_dict["bed"] == ["This bed was just taken; choose another."]
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F2"))
    assert "case" in exc.value.message_dict
    assert Stay.objects.count() == 1


def test_a_race_lost_at_the_unique_index_is_a_clean_message(
    monkeypatch, shelter_staff, caseworker, supervisor, case, facility
):
    """Even when the check before the insert is fooled, the partial unique index refuses the second stay."""
    services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F1"))
    monkeypatch.setattr(services, "bed_is_free", lambda bed, since: True)
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(
            actor=shelter_staff, case=new_case(caseworker, supervisor), facility=facility, bed=bed(facility, "F1")
        )
    assert exc.value.message_dict == {"bed": ["This bed was just taken; choose another."]}
    assert Stay.objects.filter(bed__label="F1", discharged_on__isnull=True).count() == 1


def test_admission_dates(shelter_staff, caseworker, supervisor, case, facility):
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(
            actor=shelter_staff, case=case, facility=facility, admitted_on=today() + dt.timedelta(days=1)
        )
    assert "admitted_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on="31/02/2026")
    # A bed freed five days ago cannot take someone back-dated to before that.
    stay = services.stay_admit(
        actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F1"), admitted_on=days_ago(10)
    )
    services.stay_discharge(
        actor=shelter_staff,
        stay=stay,
        destination="family",
        follow_up_plan="Gọi điện sau 1 tuần",
        discharged_on=days_ago(5),
    )
    other = new_case(caseworker, supervisor)
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(
            actor=shelter_staff, case=other, facility=facility, bed=bed(facility, "F1"), admitted_on=days_ago(7)
        )
    assert exc.value.message_dict["bed"] == ["This bed was just taken; choose another."]
    again = services.stay_admit(
        actor=shelter_staff, case=other, facility=facility, bed=bed(facility, "F1"), admitted_on=days_ago(5)
    )
    assert again.bed.label == "F1"  # freed that morning, taken the same day


def test_an_inactive_facility_takes_nobody(agency_admin, shelter_staff, case, facility):
    data = services.FacilityInput.from_facility(facility)
    data.is_active = False
    services.facility_update(actor=agency_admin, facility=facility, data=data)
    facility.refresh_from_db()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.stay_admit(actor=shelter_staff, case=case, facility=facility)


# --- permissions -------------------------------------------------------------------------------------
def test_who_may_admit(agency_admin, analyst, caseworker, counsellor, other_staff, case, facility):
    for outsider in (agency_admin, analyst, other_staff):
        with pytest.raises(PermissionDenied):
            services.stay_admit(actor=outsider, case=case, facility=facility)
    assert services.stay_admit(actor=caseworker, case=case, facility=facility).bed.label == "F1"


def test_staff_of_another_agency_cannot_touch_a_stay(
    shelter_staff, supervisor, other_staff, other_supervisor, case, facility
):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    with pytest.raises(PermissionDenied):
        services.extension_request(actor=other_staff, stay=stay, days=3, reason="x")
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=3, reason="Chờ giấy tờ")
    with pytest.raises(PermissionDenied):
        services.extension_decide(actor=other_supervisor, extension=ext, approve=True)
    with pytest.raises(PermissionDenied):
        services.stay_discharge(actor=other_staff, stay=stay, destination="family", follow_up_plan="x")
    with pytest.raises(PermissionDenied):
        services.stay_move(actor=other_staff, stay=stay, bed=bed(facility, "F2"))


def test_only_administrators_keep_facilities(agency_admin, shelter_staff, supervisor, other_staff, facility):
    for user in (shelter_staff, supervisor):
        with pytest.raises(PermissionDenied):
            services.facility_create(actor=user, data=services.FacilityInput(name_vi="X"))
        with pytest.raises(PermissionDenied):
            services.room_add(actor=user, facility=facility, name="Y", sex="mixed")
    foreign_admin = UserFactory(agency=other_staff.agency, roles=[Role.AGENCY_ADMIN])
    with pytest.raises(PermissionDenied):
        services.beds_add(actor=foreign_admin, room=facility.rooms.first(), count=1)


# --- extensions --------------------------------------------------------------------------------------
def test_an_extension_is_approved_by_another_supervisor(shelter_staff, supervisor, supervisor2, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12))
    planned = stay.planned_discharge_on
    with pytest.raises(ValidationError) as exc:
        services.extension_request(actor=shelter_staff, stay=stay, days=15, reason="Chờ gia đình")
    assert "days" in exc.value.message_dict  # at most the facility's longest extension (14)
    with pytest.raises(ValidationError) as exc:
        services.extension_request(actor=shelter_staff, stay=stay, days=7, reason="")
    assert "reason" in exc.value.message_dict
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=7, reason="Chờ gia đình đến đón")
    with pytest.raises(ValidationError, match="already waiting"):
        services.extension_request(actor=supervisor, stay=stay, days=3, reason="Khác")
    with pytest.raises(PermissionDenied):
        services.extension_decide(actor=shelter_staff, extension=ext, approve=True)  # not a supervisor
    with pytest.raises(ValidationError) as exc:
        services.extension_decide(actor=supervisor, extension=ext, approve=False, note="")
    assert "note" in exc.value.message_dict  # a refusal says why
    done = services.extension_decide(actor=supervisor, extension=ext, approve=True, note="Đồng ý")
    assert done.status == "approved" and done.decided_by == supervisor
    stay.refresh_from_db()
    assert stay.planned_discharge_on == planned + dt.timedelta(days=7)
    with pytest.raises(ValidationError, match="already been decided"):
        services.extension_decide(actor=supervisor2, extension=ext, approve=False, note="Không")
    assert StayExtension.objects.get(pk=ext.pk).decision_note == "Đồng ý"


def test_the_supervisor_who_asked_does_not_decide(supervisor, supervisor2, case, facility, shelter_staff):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    ext = services.extension_request(actor=supervisor, stay=stay, days=5, reason="Điều trị y tế")
    with pytest.raises(ValidationError, match="another supervisor"):
        services.extension_decide(actor=supervisor, extension=ext, approve=True)
    refused = services.extension_decide(actor=supervisor2, extension=ext, approve=False, note="Đủ điều kiện về nhà")
    stay.refresh_from_db()
    assert refused.status == "refused" and stay.planned_discharge_on == today() + dt.timedelta(days=14)


# --- discharge and moving ------------------------------------------------------------------------------
def test_discharge_with_destination_and_follow_up_plan(shelter_staff, supervisor, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12))
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=3, reason="Chờ xe")
    with pytest.raises(ValidationError) as exc:
        services.stay_discharge(actor=shelter_staff, stay=stay, destination="moon", follow_up_plan="")
    assert {"destination", "follow_up_plan"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.stay_discharge(
            actor=shelter_staff, stay=stay, destination="family", follow_up_plan="x", discharged_on=days_ago(13)
        )
    assert "discharged_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.stay_discharge(
            actor=shelter_staff,
            stay=stay,
            destination="family",
            follow_up_plan="x",
            discharged_on=today() + dt.timedelta(days=1),
        )
    assert "discharged_on" in exc.value.message_dict
    done = services.stay_discharge(
        actor=shelter_staff,
        stay=stay,
        destination="home_community",
        destination_province_id="15",
        follow_up_plan="Phòng LĐTBXH huyện thăm sau 1 tháng",
    )
    assert done.discharged_on == today() and done.length == 12 and done.discharged_by == shelter_staff
    assert done.destination_province_id == "15"
    assert StayExtension.objects.get(pk=ext.pk).status == "withdrawn"
    assert Stay.objects.get(pk=stay.pk).follow_up_plan == "Phòng LĐTBXH huyện thăm sau 1 tháng"
    with pytest.raises(ValidationError, match="ended"):
        services.stay_discharge(actor=shelter_staff, stay=done, destination="family", follow_up_plan="x")
    with pytest.raises(ValidationError, match="ended"):
        services.extension_request(actor=shelter_staff, stay=done, days=2, reason="x")
    # The bed is free again, and the follow-up plan can still be kept up to date.
    assert services.bed_is_free(bed(facility, done.bed.label), today())
    services.stay_update(actor=shelter_staff, stay=done, follow_up_plan="Thăm sau 2 tuần")
    assert Stay.objects.get(pk=stay.pk).follow_up_plan == "Thăm sau 2 tuần"


def test_unknown_destination_province_is_refused(shelter_staff, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility)
    with pytest.raises(ValidationError) as exc:
        services.stay_discharge(
            actor=shelter_staff, stay=stay, destination="family", follow_up_plan="x", destination_province_id="ZZ"
        )
    assert "destination_province" in exc.value.message_dict


def test_moving_to_another_bed(shelter_staff, caseworker, supervisor, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F1"))
    services.stay_admit(
        actor=shelter_staff, case=new_case(caseworker, supervisor), facility=facility, bed=bed(facility, "F2")
    )
    with pytest.raises(ValidationError, match="just taken"):
        services.stay_move(actor=shelter_staff, stay=stay, bed=bed(facility, "F2"))
    with pytest.raises(ValidationError, match="not for this person"):
        services.stay_move(actor=shelter_staff, stay=stay, bed=bed(facility, "M1"))
    moved = services.stay_move(actor=shelter_staff, stay=stay, bed=bed(facility, "G1"))
    assert moved.bed.label == "G1" and services.bed_is_free(bed(facility, "F1"), today())


# --- keeping facilities --------------------------------------------------------------------------------
def test_facility_settings_are_checked(agency_admin):
    with pytest.raises(ValidationError) as exc:
        services.facility_create(
            actor=agency_admin,
            data=services.FacilityInput(name_vi="", kind="castle", max_stay_days="0", warn_days_before="x"),
        )
    assert {"name_vi", "kind", "max_stay_days", "warn_days_before"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.facility_create(
            actor=agency_admin, data=services.FacilityInput(name_vi="A", max_stay_days=5, warn_days_before=5)
        )
    assert "warn_days_before" in exc.value.message_dict
    f = services.facility_create(actor=agency_admin, data=services.FacilityInput(name_vi="A", province_id="15"))
    assert (f.max_stay_days, f.warn_days_before, f.extension_max_days) == (14, 3, 14)
    assert f.agency == agency_admin.agency


def test_rooms_and_beds_with_a_history_are_kept(agency_admin, shelter_staff, case, facility):
    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, bed=bed(facility, "F1"))
    room = bed(facility, "F1").room
    with pytest.raises(ValidationError):
        services.room_remove(actor=agency_admin, room=room)
    with pytest.raises(ValidationError):
        services.bed_remove(actor=agency_admin, bed=bed(facility, "F1"))
    with pytest.raises(ValidationError) as exc:
        services.bed_update(actor=agency_admin, bed=bed(facility, "F1"), is_active=False)
    assert "is_active" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.room_update(actor=agency_admin, room=room, name=room.name, sex="male")
    assert "sex" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.beds_add(actor=agency_admin, room=room, labels="F4, f4")
    assert "labels" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.beds_add(actor=agency_admin, room=room, labels="F1")
    added = services.beds_add(actor=agency_admin, room=room, count=2, prefix="N")
    assert [b.label for b in added] == ["N-4", "N-5"]
    services.bed_remove(actor=agency_admin, bed=added[0])
    services.stay_discharge(actor=shelter_staff, stay=stay, destination="family", follow_up_plan="x")
    assert services.bed_update(actor=agency_admin, bed=bed(facility, "F1"), is_active=False).is_active is False
    family_room = bed(facility, "G1").room
    with pytest.raises(ValidationError):
        services.room_add(actor=agency_admin, facility=facility, name="phòng nữ", sex="female")
    services.bed_remove(actor=agency_admin, bed=bed(facility, "G1"))
    services.room_remove(actor=agency_admin, room=family_room)
    assert not facility.rooms.filter(pk=family_room.pk).exists()


def test_the_stay_is_written_on_the_case_timeline(client, shelter_staff, supervisor, caseworker, case, facility):
    from django.urls import reverse

    from safepath.cases.models import CaseEvent

    stay = services.stay_admit(actor=shelter_staff, case=case, facility=facility, admitted_on=days_ago(12))
    ext = services.extension_request(actor=shelter_staff, stay=stay, days=3, reason="Chờ gia đình đến đón")
    services.extension_decide(actor=supervisor, extension=ext, approve=True, note="Đồng ý")
    services.stay_discharge(actor=shelter_staff, stay=stay, destination="family", follow_up_plan="Gọi điện sau 1 tuần")
    lines = list(CaseEvent.objects.filter(case=case, detail__stay=str(stay.pk)).order_by("at", "id"))
    assert [e.kind for e in lines] == [
        CaseEvent.Kind.ADMITTED,
        CaseEvent.Kind.STAY_EXTENDED,
        CaseEvent.Kind.DISCHARGED,
    ]
    assert [e.actor for e in lines] == [shelter_staff, supervisor, shelter_staff]
    assert lines[1].detail["days"] == 3 and lines[2].detail["destination"] == "family"
    client.force_login(caseworker)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert page.count(reverse("shelters:stay_detail", args=[stay.pk])) >= 3
    assert "Được tiếp nhận vào nhà tạm lánh" in page  # the line's label, in Vietnamese
