"""What the shelter API reads and writes: facilities, the bed board, the census, stays and extensions.

Inputs only shape and type-check the request (400 with field errors); the services still check every
date, bed, code and permission. A person's name and case number are null where the bed board would
not show them (a highly sensitive case the user is not assigned to, or a reader who keeps the
facility without working in it).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepath.cases.serializers import CaseRef, CodeField, PersonRef, UserRef
from safepath.core.validate import MAX_TEXT
from safepath.people.models import Sex
from safepath.shelters.choices import BedState, FacilityKind, RoomSex, StayDestination, StayExtensionStatus
from safepath.shelters.selectors import shows_person


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="", **kwargs)


def _day(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


class AgencyRef(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()


class FacilityRef(serializers.Serializer):
    id = serializers.UUIDField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()


class FacilityOutput(serializers.Serializer):
    id = serializers.UUIDField()
    agency = AgencyRef()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    kind = CodeField(FacilityKind)
    province = serializers.CharField(source="province_id", allow_null=True, help_text="Province code")
    max_stay_days = serializers.IntegerField(help_text="Planned discharge = admission + this many days")
    warn_days_before = serializers.IntegerField(
        help_text="Staff are warned this many days before the planned discharge"
    )
    extension_max_days = serializers.IntegerField(help_text="The longest extension one request may ask for")
    is_active = serializers.BooleanField()
    bed_count = serializers.IntegerField(help_text="Beds in use")
    occupied = serializers.IntegerField(help_text="Beds taken at the end of today")
    free = serializers.IntegerField()


class FacilityQuery(serializers.Serializer):
    on = _day("The day (today when left out); the board and census count beds taken at the end of it")


class FiguresQuery(serializers.Serializer):
    start = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="First day; 29 days before `end` when left out"
    )
    end = _day("Last day (today when left out); at most 366 days after `start`")


# --- the bed board ------------------------------------------------------------------------------------
class TileStayOutput(serializers.Serializer):
    id = serializers.UUIDField(source="stay.id")
    case = serializers.SerializerMethodField(help_text="Null when not shown to you")
    person = serializers.SerializerMethodField(help_text="Null when not shown to you")
    admitted_on = serializers.DateField(source="stay.admitted_on")
    planned_discharge_on = serializers.DateField(source="stay.planned_discharge_on")
    day = serializers.IntegerField(source="day_number", help_text="Day X of the stay (admission day is day 1)")
    days_left = serializers.IntegerField(help_text="Days until the planned discharge; negative once past")

    @extend_schema_field(CaseRef(allow_null=True))
    def get_case(self, tile: Any) -> dict[str, Any] | None:
        return dict(CaseRef(tile.stay.case).data) if tile.shown else None

    @extend_schema_field(PersonRef(allow_null=True))
    def get_person(self, tile: Any) -> dict[str, Any] | None:
        return dict(PersonRef(tile.stay.case.person).data) if tile.shown else None


class BedTileOutput(serializers.Serializer):
    id = serializers.UUIDField(source="bed.id")
    label = serializers.CharField(source="bed.label")
    is_active = serializers.BooleanField(source="bed.is_active")
    state = CodeField(BedState)
    stay = serializers.SerializerMethodField(help_text="The stay holding the bed at the end of the day, if any")

    @extend_schema_field(TileStayOutput(allow_null=True))
    def get_stay(self, tile: Any) -> dict[str, Any] | None:
        return dict(TileStayOutput(tile).data) if tile.stay is not None else None


class RoomCardOutput(serializers.Serializer):
    id = serializers.UUIDField(source="room.id")
    name = serializers.CharField(source="room.name")
    sex = CodeField(RoomSex, source="room.sex")
    free = serializers.IntegerField()
    beds = BedTileOutput(many=True, source="tiles")


class BoardOutput(serializers.Serializer):
    facility = FacilityRef()
    on = serializers.DateField()
    capacity = serializers.IntegerField(help_text="Beds in use")
    occupied = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Beds per state")
    rooms = RoomCardOutput(many=True)


# --- census and figures ---------------------------------------------------------------------------------
class BySex(serializers.Serializer):
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    other = serializers.IntegerField()
    unknown = serializers.IntegerField()


class SeriesPoint(serializers.Serializer):
    on = serializers.DateField()
    occupied = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="Percent of the beds in use today")


class CensusOutput(serializers.Serializer):
    facility = FacilityRef()
    on = serializers.DateField()
    capacity = serializers.IntegerField(help_text="Beds in use")
    occupied = serializers.IntegerField(help_text="People in a bed at the end of the day")
    free = serializers.IntegerField()
    admitted = serializers.IntegerField()
    discharged = serializers.IntegerField()
    occupied_by_sex = BySex()
    admitted_by_sex = BySex()
    discharged_by_sex = BySex()
    series = SeriesPoint(many=True, help_text="Beds taken at the end of each of the 30 days up to `on`")


class DestinationCount(serializers.Serializer):
    destination = serializers.CharField()
    count = serializers.IntegerField()


class FiguresOutput(serializers.Serializer):
    facility = FacilityRef()
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField()
    capacity = serializers.IntegerField()
    bed_nights = serializers.IntegerField(help_text="Nights a bed was taken in the period")
    available_nights = serializers.IntegerField()
    occupancy_rate = serializers.FloatField(allow_null=True, help_text="Percent")
    admissions = serializers.IntegerField()
    discharges = serializers.IntegerField()
    mean_length = serializers.FloatField(allow_null=True, help_text="Nights, over the stays that ended in the period")
    median_length = serializers.FloatField(allow_null=True)
    longest = serializers.IntegerField(allow_null=True)
    over_limit = serializers.IntegerField(help_text="Stays that ended longer than the maximum stay")
    extended = serializers.IntegerField(help_text="Stays that ended with an approved extension")
    still_over_limit = serializers.IntegerField(help_text="People in at the end of the period, past planned discharge")
    destinations = DestinationCount(many=True)


# --- stays --------------------------------------------------------------------------------------------
class BedRef(serializers.Serializer):
    id = serializers.UUIDField()
    label = serializers.CharField()
    room = serializers.CharField(source="room.name")


class ExtensionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    stay = serializers.UUIDField(source="stay_id")
    days = serializers.IntegerField()
    reason = serializers.CharField()
    status = CodeField(StayExtensionStatus)
    requested_by = UserRef()
    requested_at = serializers.DateTimeField()
    decided_by = UserRef(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()

    def to_representation(self, ext: Any) -> Any:
        data = super().to_representation(ext)
        if not shows_person(self.context["user"], ext.stay):
            data["reason"] = data["decision_note"] = ""
        return data


class StayOutput(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.SerializerMethodField(help_text="Null when not shown to you (a highly sensitive case)")
    person = serializers.SerializerMethodField(help_text="Null when not shown to you")
    person_sex = CodeField(Sex, source="case.person.sex")
    facility = FacilityRef()
    bed = BedRef()
    admitted_on = serializers.DateField()
    planned_discharge_on = serializers.DateField()
    discharged_on = serializers.DateField(allow_null=True)
    destination = CodeField(StayDestination, allow_blank=True)
    destination_province = serializers.CharField(source="destination_province_id", allow_null=True)
    admission_note = serializers.CharField(help_text="Blank when the case is not shown to you")
    follow_up_plan = serializers.CharField(help_text="Blank when the case is not shown to you")
    admitted_by = UserRef()
    discharged_by = UserRef(allow_null=True)
    extensions = ExtensionOutput(many=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, stay: Any) -> Any:
        """A highly sensitive case's notes are for its own team: blank to others, like its number and name."""
        data = super().to_representation(stay)
        if not shows_person(self.context["user"], stay):
            data["admission_note"] = data["follow_up_plan"] = ""
            for ext in data["extensions"]:
                ext["reason"] = ext["decision_note"] = ""
        return data

    @extend_schema_field(CaseRef(allow_null=True))
    def get_case(self, stay: Any) -> dict[str, Any] | None:
        return dict(CaseRef(stay.case).data) if shows_person(self.context["user"], stay) else None

    @extend_schema_field(PersonRef(allow_null=True))
    def get_person(self, stay: Any) -> dict[str, Any] | None:
        return dict(PersonRef(stay.case.person).data) if shows_person(self.context["user"], stay) else None


class AdmitInput(serializers.Serializer):
    facility = serializers.UUIDField(help_text="A facility of your agency")
    bed = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A free bed; a free bed that suits the person when left out",
    )
    admitted_on = _day("Today when left out; may be earlier (never later)")
    note = _text(MAX_TEXT, help_text="Admission note")


class StayUpdateInput(serializers.Serializer):
    admission_note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    follow_up_plan = serializers.CharField(max_length=MAX_TEXT, required=False, help_text="After discharge only")
    bed = serializers.UUIDField(required=False, help_text="Move the person to this free bed of the same facility")


class ExtensionInput(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="At most the facility's longest extension")
    reason = serializers.CharField(max_length=MAX_TEXT)


class ExtensionDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true approves (the planned discharge moves on); false refuses")
    note = _text(MAX_TEXT, help_text="Required to refuse")


class DischargeInput(serializers.Serializer):
    destination = CodeField(StayDestination)
    follow_up_plan = serializers.CharField(max_length=MAX_TEXT)
    discharged_on = _day("Today when left out; not before the admission, never later than today")
    destination_province = serializers.CharField(
        max_length=4, required=False, allow_blank=True, default="", help_text="Province code"
    )
