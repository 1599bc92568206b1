"""Reading shelters: facility lists, the bed board, the daily census, occupancy and length-of-stay figures.

Access is the policy module's: facilities and stays of the user's agency, to the staff who work in
shelters (`facility_scope`, `stay_scope`); agency administrators keep the facility and see its beds
without the people in them. A person's name and case number appear on the board only to those who
may view the facility, never for a highly sensitive case they are not assigned to, and every board
that shows them is written to the access log with the stays, cases and persons it showed.

Occupancy is counted at the end of the day: a stay holds its bed on the nights from its admission
date up to, not including, its discharge date (so a bed freed in the morning can be taken the same day).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.core import policy
from safepath.people.models import Sex
from safepath.shelters.choices import BedState, StayDestination, StayExtensionStatus
from safepath.shelters.models import Bed, Facility, Room, Stay, StayExtension

MAX_PERIOD_DAYS = 366
SERIES_DAYS = 30
SEXES = [Sex.FEMALE, Sex.MALE, Sex.OTHER, Sex.UNKNOWN]


def _uuid_or_none(value: Any) -> Any:
    return value if policy.is_uuid(value) else None


def occupying(on: dt.date) -> Q:
    """Stays holding a bed at the end of the day `on`."""
    return Q(admitted_on__lte=on) & (Q(discharged_on__isnull=True) | Q(discharged_on__gt=on))


# --- facilities ---------------------------------------------------------------------------------------
def facility_queryset(*, user: Any) -> QuerySet[Facility]:
    """Facilities the user works in (shelter staff, case workers) or keeps (agency and system administrators)."""
    return Facility.objects.filter(policy.facility_keeper_scope(user)).select_related("agency", "province")


def may_list_facilities(user: Any) -> bool:
    return bool(user.has_perm("shelters.view_facility_list") or user.has_perm("shelters.add_facility"))


def facility_list(*, user: Any, on: dt.date) -> list[Facility]:
    """The facilities with their beds in use, and how many are taken at the end of the day."""
    facilities: list[Facility] = list(
        facility_queryset(user=user)
        .annotate(bed_count=Count("rooms__beds", filter=Q(rooms__beds__is_active=True), distinct=True))
        .order_by("-is_active", "name_vi")
    )
    taken = dict(
        Stay.objects.filter(occupying(on), facility__in=[f.pk for f in facilities])
        .values("facility")
        .annotate(n=Count("id"))
        .values_list("facility", "n")
    )
    for f in facilities:
        f.occupied = taken.get(f.pk, 0)  # type: ignore[attr-defined]
        f.free = max(f.bed_count - f.occupied, 0)  # type: ignore[attr-defined]
    return facilities


def access_facility(*, user: Any, facility_id: Any, purpose: str = "view") -> Facility:
    """The facility, if the user works in it or keeps it; 404 for missing and forbidden alike."""
    facility = Facility.objects.select_related("agency", "province").filter(pk=_uuid_or_none(facility_id)).first()
    if facility is None or not (
        user.has_perm("shelters.view_facility", facility) or user.has_perm("shelters.manage_facility", facility)
    ):
        raise Http404
    return facility


def access_room(*, user: Any, room_id: Any) -> Room:
    room = Room.objects.select_related("facility").filter(pk=_uuid_or_none(room_id)).first()
    if room is None or not user.has_perm("shelters.manage_facility", room.facility):
        raise Http404
    return room


def access_bed(*, user: Any, bed_id: Any) -> Bed:
    bed = Bed.objects.select_related("room__facility").filter(pk=_uuid_or_none(bed_id)).first()
    if bed is None or not user.has_perm("shelters.manage_facility", bed.room.facility):
        raise Http404
    return bed


def facility_rooms(*, facility: Facility) -> list[Room]:
    """Rooms and all their beds (for the facility's settings page)."""
    return list(
        facility.rooms.prefetch_related(
            Prefetch("beds", queryset=Bed.objects.annotate(stay_count=Count("stays")).order_by("label"))
        ).annotate(stay_count=Count("beds__stays"))
    )


def bed_of_facility(*, facility: Facility, bed_id: Any) -> Bed | None:
    return Bed.objects.select_related("room").filter(pk=_uuid_or_none(bed_id), room__facility=facility).first()


def free_beds(*, facility: Facility, since: dt.date) -> list[Bed]:
    """Beds in use that nobody holds from `since` until now (the admission form's choices)."""
    taken = Stay.objects.filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=since), bed__room__facility=facility
    )
    return list(
        Bed.objects.filter(room__facility=facility, is_active=True)
        .exclude(pk__in=taken.values("bed_id"))
        .select_related("room")
        .order_by("room__position", "room__name", "label")
    )


# --- who may see the person ---------------------------------------------------------------------------
def shows_person(user: Any, stay: Stay) -> bool:
    """The case number and name of the person in a bed: to those who may view the facility, except a highly
    sensitive case they are not assigned to."""
    return bool(user.has_perm("shelters.view_facility", stay.facility) and policy.case_open_to_agency(user, stay.case))


# --- the bed board -------------------------------------------------------------------------------------
@dataclass
class BedTile:
    bed: Bed
    state: str
    stay: Stay | None = None
    day_number: int | None = None
    days_in: int | None = None
    days_left: int | None = None
    shown: bool = False

    @property
    def state_label(self) -> str:
        return str(BedState(self.state).label)

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class RoomCard:
    room: Room
    tiles: list[BedTile] = field(default_factory=list)

    @property
    def free(self) -> int:
        return sum(1 for t in self.tiles if t.state == BedState.FREE)

    @property
    def in_use(self) -> int:
        return sum(1 for t in self.tiles if t.state != BedState.OUT_OF_USE)


def stay_state(stay: Stay, on: dt.date) -> str:
    left = stay.days_left(on)
    if left < 0:
        return BedState.OVER_LIMIT
    if left <= stay.facility.warn_days_before:
        return BedState.NEAR_LIMIT
    return BedState.OCCUPIED


def facility_board(*, user: Any, facility: Facility, on: dt.date) -> dict[str, Any]:
    """Rooms as cards, beds as tiles (free, occupied, near the limit, over the limit), at the end of `on`.

    Audited as a list of the stays whose person it shows (with their cases and persons)."""
    stays = {
        s.bed_id: s
        for s in Stay.objects.filter(occupying(on), facility=facility).select_related("case", "case__person")
    }
    rooms = list(facility.rooms.prefetch_related(Prefetch("beds", queryset=Bed.objects.order_by("label"))))
    cards: list[RoomCard] = []
    shown: list[Stay] = []
    counts: Counter[str] = Counter()
    for room in rooms:
        card = RoomCard(room=room)
        for bed in room.beds.all():
            stay = stays.get(bed.pk)
            if stay is not None:
                stay.facility = facility
                tile = BedTile(
                    bed=bed,
                    state=stay_state(stay, on),
                    stay=stay,
                    day_number=stay.day_number(on),
                    days_in=stay.days_in(on),
                    days_left=stay.days_left(on),
                    shown=shows_person(user, stay),
                )
                if tile.shown:
                    shown.append(stay)
            else:
                tile = BedTile(bed=bed, state=BedState.FREE if bed.is_active else BedState.OUT_OF_USE)
            counts[tile.state] += 1
            card.tiles.append(tile)
        cards.append(card)
    if shown:
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type="stay",
            object_ids=[s.pk for s in shown],
            purpose="bed_board",
            detail={"facility": str(facility.pk)},
            also={"case": [s.case_id for s in shown], "person": [s.case.person_id for s in shown]},
        )
    occupied = counts[BedState.OCCUPIED] + counts[BedState.NEAR_LIMIT] + counts[BedState.OVER_LIMIT]
    return {
        "facility": facility,
        "on": on,
        "rooms": cards,
        "counts": {state: counts[state] for state in BedState.values},
        "occupied": occupied,
        "capacity": occupied + counts[BedState.FREE],
    }


# --- census and figures ---------------------------------------------------------------------------------
def _by_sex(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(r["case__person__sex"] if r["case__person__sex"] in SEXES else Sex.UNKNOWN for r in rows)
    return {s: counts[s] for s in SEXES}


def active_beds(facility: Facility) -> int:
    return Bed.objects.filter(room__facility=facility, is_active=True).count()


def occupancy_series(*, facility: Facility, end: dt.date, days: int = SERIES_DAYS) -> list[dict[str, Any]]:
    """Beds taken at the end of each of the `days` days up to `end`."""
    start = end - dt.timedelta(days=days - 1)
    spans = list(
        Stay.objects.filter(facility=facility, admitted_on__lte=end)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=start))
        .values_list("admitted_on", "discharged_on")
    )
    series = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        n = sum(1 for a, d in spans if a <= day and (d is None or d > day))
        series.append({"on": day, "occupied": n})
    return series


def facility_census(*, facility: Facility, on: dt.date) -> dict[str, Any]:
    """The day's census: beds taken at the end of the day, admitted and discharged that day, each by sex."""
    fields = ("id", "case__person__sex")
    occupied = list(Stay.objects.filter(occupying(on), facility=facility).values(*fields))
    admitted = list(Stay.objects.filter(facility=facility, admitted_on=on).values(*fields))
    discharged = list(Stay.objects.filter(facility=facility, discharged_on=on).values(*fields))
    capacity = active_beds(facility)
    series = occupancy_series(facility=facility, end=on)
    for point in series:
        point["rate"] = round(100 * point["occupied"] / capacity, 1) if capacity else None
    return {
        "facility": facility,
        "on": on,
        "capacity": capacity,
        "occupied": len(occupied),
        "free": max(capacity - len(occupied), 0),
        "admitted": len(admitted),
        "discharged": len(discharged),
        "occupied_by_sex": _by_sex(occupied),
        "admitted_by_sex": _by_sex(admitted),
        "discharged_by_sex": _by_sex(discharged),
        "series": series,
    }


def facility_figures(*, facility: Facility, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Occupancy and length of stay for a period (both days included).

    Occupancy rate: bed-nights taken over bed-nights available (beds in use today, times the days).
    Length of stay: nights from admission to discharge, over the stays that ended in the period.
    Over the limit: those stays longer than the facility's maximum stay (extended or not), and the
    people still in at the end of the period past their planned discharge.
    """
    days = (end - start).days + 1
    capacity = active_beds(facility)
    spans = list(
        Stay.objects.filter(facility=facility, admitted_on__lte=end)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=start))
        .values_list("admitted_on", "discharged_on")
    )
    bed_nights = 0
    for admitted, discharged in spans:
        first = max(admitted, start)
        last = min(discharged - dt.timedelta(days=1), end) if discharged else end
        bed_nights += max((last - first).days + 1, 0)
    ended = list(
        Stay.objects.filter(facility=facility, discharged_on__gte=start, discharged_on__lte=end)
        .annotate(approved_extensions=Count("extensions", filter=Q(extensions__status=StayExtensionStatus.APPROVED)))
        .values("admitted_on", "discharged_on", "destination", "approved_extensions")
    )
    lengths: list[int] = [(s["discharged_on"] - s["admitted_on"]).days for s in ended if s["discharged_on"]]
    destinations = Counter(s["destination"] for s in ended)
    still_over = Stay.objects.filter(occupying(end), facility=facility, planned_discharge_on__lt=end).count()
    return {
        "facility": facility,
        "start": start,
        "end": end,
        "days": days,
        "capacity": capacity,
        "bed_nights": bed_nights,
        "available_nights": capacity * days,
        "occupancy_rate": round(100 * bed_nights / (capacity * days), 1) if capacity else None,
        "admissions": Stay.objects.filter(facility=facility, admitted_on__gte=start, admitted_on__lte=end).count(),
        "discharges": len(ended),
        "mean_length": round(statistics.fmean(lengths), 1) if lengths else None,
        "median_length": statistics.median(lengths) if lengths else None,
        "longest": max(lengths) if lengths else None,
        "over_limit": sum(1 for n in lengths if n > facility.max_stay_days),
        "extended": sum(1 for s in ended if s["approved_extensions"]),
        "still_over_limit": still_over,
        "destinations": [(code, label, destinations[code]) for code, label in StayDestination.choices],
    }


# --- stays ---------------------------------------------------------------------------------------------
def stay_queryset() -> QuerySet[Stay]:
    return Stay.objects.select_related(
        "case",
        "case__person",
        "facility",
        "facility__agency",
        "bed",
        "bed__room",
        "destination_province",
        "admitted_by",
        "discharged_by",
    ).prefetch_related(
        Prefetch("extensions", queryset=StayExtension.objects.select_related("requested_by", "decided_by"))
    )


def access_stay(*, user: Any, stay_id: Any, purpose: str = "view") -> Stay:
    """The stay if the user may read it; 404 for missing and forbidden alike. Audited with its case and person."""
    stay = stay_queryset().filter(pk=_uuid_or_none(stay_id)).first()
    if stay is None or not user.has_perm("shelters.view_stay", stay):
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="stay",
        object_ids=[stay.pk],
        purpose=purpose,
        also={"case": [stay.case_id], "person": [stay.case.person_id]},
    )
    return stay


def access_extension(*, user: Any, extension_id: Any) -> StayExtension:
    ext = (
        StayExtension.objects.select_related("stay", "stay__case", "stay__case__person", "stay__facility")
        .filter(pk=_uuid_or_none(extension_id))
        .first()
    )
    if ext is None or not user.has_perm("shelters.view_stay", ext.stay):
        raise Http404
    return ext


def case_stays(*, case: Case) -> list[Stay]:
    """A case's stays, newest first, for its page (the caller opened the case): facility, bed and dates."""
    return list(Stay.objects.filter(case=case).select_related("facility", "bed", "bed__room", "destination_province"))


def admission_facilities(*, user: Any, case: Case) -> list[Facility]:
    """Facilities the user may admit this case's person into (active, of the user's agency)."""
    if not user.has_perm("shelters.admit", case):
        return []
    return list(Facility.objects.filter(policy.facility_scope(user), is_active=True).order_by("name_vi"))


def extensions_to_decide(*, user: Any) -> QuerySet[StayExtension]:
    """Extensions waiting for this supervisor (not those they asked for themselves)."""
    if not policy.is_supervisor(user):
        return StayExtension.objects.none()
    return (
        StayExtension.objects.filter(status=StayExtensionStatus.REQUESTED)
        .filter(stay__in=Stay.objects.filter(policy.stay_scope(user), discharged_on__isnull=True))
        .exclude(requested_by=user)
        .select_related("stay", "stay__case", "stay__facility", "requested_by")
        .order_by("requested_at")
    )
