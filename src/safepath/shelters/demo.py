"""Demo shelter: the Lao Cai reception centre with 16 beds, the people staying there now (one of them near
the 14-day limit, one past it, one with an approved extension) and the stays of the last three months.

Written with the ORM, like the rest of the demo casework: through the services every row would write
an access-log entry claiming that staff did what nobody did.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from safepath.accounts.models import Agency, User
from safepath.cases.choices import CaseStatus
from safepath.cases.models import Case, CaseEvent
from safepath.people.models import Sex
from safepath.shelters.choices import FacilityKind, RoomSex, StayDestination, StayExtensionStatus
from safepath.shelters.models import Bed, Facility, Room, Stay, StayExtension
from safepath.shelters.services import stay_event

ROOMS = [
    ("Phòng nữ 1", RoomSex.FEMALE, ["N1-1", "N1-2", "N1-3", "N1-4", "N1-5"]),
    ("Phòng nữ 2", RoomSex.FEMALE, ["N2-1", "N2-2", "N2-3", "N2-4"]),
    ("Phòng nam", RoomSex.MALE, ["NAM-1", "NAM-2", "NAM-3", "NAM-4"]),
    ("Phòng gia đình", RoomSex.FAMILY, ["GD-1", "GD-2", "GD-3"]),
]
# Days since admission of the people staying now: 12 is two days from the limit, 15 is one day past it,
# 17 had seven more days approved.
CURRENT = [12, 15, 17, 8, 5, 3, 1]
PAST = 12
ADMISSION_NOTES = [
    "Bàn giao từ Đồn Biên phòng cửa khẩu quốc tế Lào Cai, có biên bản tiếp nhận.",
    "Tự tìm đến trung tâm sau khi trốn khỏi nơi bị giữ; sức khỏe yếu, cần khám.",
    "Được Công an tỉnh chuyển đến sau khi giải cứu; cần hỗ trợ tâm lý.",
    "Chuyển đến từ Văn phòng Dịch vụ một cửa, đã có đồng ý của người được hỗ trợ.",
]
FOLLOW_UP = {
    StayDestination.HOME_COMMUNITY: "Phòng Bảo trợ xã hội tỉnh nhà thăm sau 1 tháng; kết nối nhóm tự lực địa phương.",
    StayDestination.LONGER_TERM_SHELTER: "Chuyển tuyến đến cơ sở bảo trợ dài hạn; cán bộ ca gọi điện sau 2 tuần.",
    StayDestination.FAMILY: "Gia đình đến đón; cán bộ ca gọi điện sau 1 tuần và thăm sau 3 tháng.",
    StayDestination.OTHER: "Làm việc tại Hà Nội; giữ liên lạc qua điện thoại hằng tháng.",
}
DESTINATIONS = [
    StayDestination.HOME_COMMUNITY,
    StayDestination.HOME_COMMUNITY,
    StayDestination.HOME_COMMUNITY,
    StayDestination.FAMILY,
    StayDestination.LONGER_TERM_SHELTER,
    StayDestination.OTHER,
]


def _fits(room_sex: str, sex: str) -> bool:
    if room_sex == RoomSex.FEMALE:
        return sex == Sex.FEMALE
    if room_sex == RoomSex.MALE:
        return sex == Sex.MALE
    return True


class _Beds:
    """Which bed is free from which day (beds are handed out without overlaps)."""

    def __init__(self, beds: list[Bed]) -> None:
        self.beds = beds
        self.free_from: dict[object, dt.date] = {b.pk: dt.date.min for b in beds}
        self.open: set[object] = set()

    def take(self, sex: str, on: dt.date, until: dt.date | None) -> Bed | None:
        rooms_first = [RoomSex.FEMALE, RoomSex.MALE, RoomSex.FAMILY]
        for room_sex in rooms_first:
            for bed in self.beds:
                if bed.room.sex != room_sex or not _fits(room_sex, sex) or bed.pk in self.open:
                    continue
                if self.free_from[bed.pk] <= on:
                    if until is None:
                        self.open.add(bed.pk)
                    else:
                        self.free_from[bed.pk] = until
                    return bed
        return None


def load_demo(
    *, agencies: dict[str, Agency], users: dict[str, User], today: dt.date, rng: random.Random
) -> dict[str, int]:
    centre = agencies.get("LC-RC")
    staff = users.get("shelter") or users.get("caseworker2")
    supervisor = users.get("lc-rc.supervisor")
    if centre is None or staff is None:
        return {}
    today = min(today, timezone.localdate())
    facility = Facility.objects.create(
        agency=centre,
        name_vi="Trung tâm Tiếp nhận nạn nhân bị mua bán Lào Cai",
        name_en="Lao Cai Reception Centre",
        kind=FacilityKind.RECEPTION_CENTRE,
        province=centre.province,
        max_stay_days=14,
        warn_days_before=3,
        extension_max_days=14,
    )
    beds: list[Bed] = []
    for position, (name, sex, labels) in enumerate(ROOMS):
        room = Room.objects.create(facility=facility, name=name, sex=sex, position=position)
        beds += [Bed.objects.create(room=room, label=label) for label in labels]
    cases = list(
        Case.objects.filter(agency=centre, highly_sensitive=False)
        .select_related("person")
        .order_by("opened_on", "number")
    )
    rng.shuffle(cases)
    open_cases = [c for c in cases if c.status != CaseStatus.CLOSED]
    current_cases = []
    for days_in in CURRENT:  # a case opened by the day of admission when there is one
        admitted = today - dt.timedelta(days=days_in)
        case = next((c for c in open_cases if c.opened_on <= admitted), open_cases[0] if open_cases else None)
        if case is not None:
            open_cases.remove(case)
            current_cases.append((days_in, case))
    pool = [c for c in cases if c not in {case for _, case in current_cases}]
    ledger = _Beds(beds)
    stays = extensions = 0

    # The last three months: admitted 90 to 20 days ago, 4 to 16 nights each, from cases open at the time.
    past_starts = sorted(rng.sample(range(20, 91), k=PAST), reverse=True)
    past_cases = []
    for start_ago in past_starts:
        admitted = today - dt.timedelta(days=start_ago)
        case = next(
            (c for c in pool if c.opened_on <= admitted and (c.closed_on is None or c.closed_on > admitted)), None
        )
        if case is not None:
            pool.remove(case)
            past_cases.append((start_ago, case))
    for start_ago, case in past_cases:
        admitted = today - dt.timedelta(days=start_ago)
        nights = rng.choice([4, 6, 7, 9, 10, 12, 13, 14, 14, 16])
        discharged = min(admitted + dt.timedelta(days=nights), today - dt.timedelta(days=1))
        bed = ledger.take(case.person.sex, admitted, discharged)
        if bed is None:
            continue
        destination = rng.choice(DESTINATIONS)
        planned = admitted + dt.timedelta(days=facility.max_stay_days)
        stay = Stay.objects.create(
            case=case,
            facility=facility,
            bed=bed,
            admitted_on=admitted,
            planned_discharge_on=planned,
            discharged_on=discharged,
            destination=destination,
            destination_province=case.person.origin_province,
            follow_up_plan=FOLLOW_UP[destination],
            admission_note=rng.choice(ADMISSION_NOTES),
            admitted_by=staff,
            discharged_by=staff,
        )
        stay_event(stay, CaseEvent.Kind.ADMITTED, staff, at=_at(admitted, 10))
        stay_event(stay, CaseEvent.Kind.DISCHARGED, staff, at=_at(discharged, 9), destination=destination)
        stays += 1
        if discharged > planned and supervisor is not None:
            extra = (discharged - planned).days + 1
            _extension(stay, extra, StayExtensionStatus.APPROVED, staff, supervisor, planned - dt.timedelta(days=2))
            Stay.objects.filter(pk=stay.pk).update(planned_discharge_on=planned + dt.timedelta(days=extra))
            extensions += 1

    # The people staying now.
    for days_in, case in current_cases:
        admitted = today - dt.timedelta(days=days_in)
        bed = ledger.take(case.person.sex, admitted, None)
        if bed is None:
            continue
        planned = admitted + dt.timedelta(days=facility.max_stay_days)
        stay = Stay.objects.create(
            case=case,
            facility=facility,
            bed=bed,
            admitted_on=admitted,
            planned_discharge_on=planned,
            admission_note=rng.choice(ADMISSION_NOTES),
            admitted_by=staff,
        )
        stay_event(stay, CaseEvent.Kind.ADMITTED, staff, at=_at(admitted, 10))
        stays += 1
        if days_in == 17 and supervisor is not None:
            _extension(stay, 7, StayExtensionStatus.APPROVED, staff, supervisor, planned - dt.timedelta(days=3))
            Stay.objects.filter(pk=stay.pk).update(planned_discharge_on=planned + dt.timedelta(days=7))
            extensions += 1
    return {"shelter_facilities": 1, "shelter_beds": len(beds), "shelter_stays": stays, "stay_extensions": extensions}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _extension(stay: Stay, days: int, status: str, asked_by: User, decided_by: User, on: dt.date) -> StayExtension:
    at = _at(on, 9) + dt.timedelta(minutes=30)
    ext = StayExtension.objects.create(
        stay=stay,
        days=days,
        reason="Chờ gia đình và chính quyền địa phương xác nhận nơi tiếp nhận.",
        requested_by=asked_by,
        status=status,
        decided_by=decided_by,
        decided_at=at + dt.timedelta(hours=5),
        decision_note="Đồng ý gia hạn để bảo đảm an toàn khi hồi hương.",
    )
    StayExtension.objects.filter(pk=ext.pk).update(requested_at=at)
    if status == StayExtensionStatus.APPROVED:
        stay_event(stay, CaseEvent.Kind.STAY_EXTENDED, decided_by, at=at + dt.timedelta(hours=5), days=days)
    return ext
