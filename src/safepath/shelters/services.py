"""Shelters: keep facilities, rooms and beds; admit, extend, move and discharge.

Admission is the one place where two people can race: two staff admitting two people into the last
free bed at the same moment. The facility's row is locked (`select_for_update`) for the length of the
admission, so admissions to one facility queue behind each other and each sees the beds the one
before it took; behind that, a partial unique index allows one open stay per bed (and one per case),
so a lost race ends as a clear message ("This bed was just taken; choose another"), never as two
people in one bed.

The planned discharge date is the admission date plus the facility's maximum stay; an extension asked
by one member of staff and approved by a supervisor (another person) moves it on. Every change is
written to the access log in its transaction; alerts are sent after it commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency
from safepath.accounts.selectors import agency_staff
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.models import Case, CaseEvent
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.roles import Role
from safepath.people.models import Sex
from safepath.places.models import Province
from safepath.shelters.choices import FacilityKind, RoomSex, StayDestination, StayExtensionStatus
from safepath.shelters.models import Bed, Facility, Room, Stay, StayExtension

MAX_BACKDATE_DAYS = 365  # an admission keyed in late from the paper register
MAX_STAY_LIMIT = 365
MAX_BEDS_AT_ONCE = 50


def bed_taken_message() -> str:
    return _("This bed was just taken; choose another.")


# --- small helpers ---------------------------------------------------------------------------------
def _int(errors: v.Errors, name: str, value: Any, *, low: int, high: int, default: int | None = None) -> int:
    if value in (None, ""):
        if default is None:
            errors.add(name, _("This field is required."))
            return low
        return default
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.add(name, _("Enter a whole number."))
        return low
    if not low <= number <= high:
        errors.add(name, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "on", "yes"}


def _province(errors: v.Errors, name: str, code: Any) -> Province | None:
    if code in (None, ""):
        return None
    text = str(code)
    # Province codes are short and alphanumeric; anything else (a NUL byte, a long string) is not one.
    province = Province.objects.filter(code=text).first() if text.isalnum() and len(text) <= 4 else None
    if province is None:
        errors.add(name, _("Choose one of the listed values."))
    return province


def _audit_facility(actor: Any, action: str, facility: Facility, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="facility",
        object_ids=[facility.pk],
        detail=detail,
        seal_change_of=facility if action != Action.DELETE else None,
    )


def _audit_stay(actor: Any, action: str, stay: Stay, purpose: str = "", **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="stay",
        object_ids=[stay.pk],
        purpose=purpose,
        detail=detail,
        also={"case": [stay.case_id], "person": [stay.case.person_id]},
        seal_change_of=stay,
    )


def stay_url(stay: Stay) -> str:
    return reverse("shelters:stay_detail", args=[stay.pk])


def stay_event(stay: Stay, kind: str, actor: Any, at: dt.datetime | None = None, **detail: Any) -> CaseEvent:
    """A line on the case's timeline for the stay (admitted, extended, discharged), linking to it."""
    return CaseEvent.objects.create(
        case_id=stay.case_id,
        kind=kind,
        actor=actor,
        detail={"stay": str(stay.pk), **detail},
        at=at or timezone.now(),
    )


def stay_notify(
    *, recipients: Iterable[Any], kind: str, stay: Stay, params: dict[str, str | int], dedupe_key: str = ""
) -> int:
    """In-app notification and e-mail (after commit). Params hold reference numbers and dates only."""
    people = list({u.pk: u for u in recipients if u is not None and u.is_active}.values())
    if not people:
        return 0
    from safepath.notifications.services import notify

    notify(recipients=people, kind=kind, target_url=stay_url(stay), params=params, dedupe_key=dedupe_key)
    return len(people)


def room_fits(room_sex: str, person_sex: str) -> bool:
    """Women's rooms take women and men's rooms men; mixed and family rooms take anyone."""
    if room_sex == RoomSex.FEMALE:
        return person_sex == Sex.FEMALE
    if room_sex == RoomSex.MALE:
        return person_sex == Sex.MALE
    return True


def _busy(on: dt.date) -> Q:
    """Stays that hold their bed on the night after `on` or later (an open stay, or one discharged after it)."""
    return Q(discharged_on__isnull=True) | Q(discharged_on__gt=on)


def bed_is_free(bed: Bed, since: dt.date) -> bool:
    """Free from `since` until now: no open stay, and no stay discharged after that day."""
    return bed.is_active and not Stay.objects.filter(_busy(since), bed=bed).exists()


def _pick_bed(facility: Facility, person_sex: str, since: dt.date) -> Bed | None:
    """A free bed for the person: a room for their sex first, then a mixed room (family rooms are chosen by hand)."""
    taken = Stay.objects.filter(_busy(since), bed__room__facility=facility).values("bed_id")
    free = (
        Bed.objects.filter(room__facility=facility, is_active=True)
        .exclude(pk__in=taken)
        .select_related("room")
        .order_by("room__position", "room__name", "label")
    )
    preferred = [s for s in (RoomSex.FEMALE, RoomSex.MALE) if room_fits(s, person_sex)] + [RoomSex.MIXED]
    for room_sex in preferred:
        bed = free.filter(room__sex=room_sex).first()
        if bed is not None:
            return bed
    return None


# --- facilities, rooms and beds ----------------------------------------------------------------------
@dataclass
class FacilityInput:
    name_vi: str = ""
    name_en: str = ""
    kind: str = FacilityKind.RECEPTION_CENTRE
    province_id: str | None = None
    max_stay_days: Any = 14
    warn_days_before: Any = 3
    extension_max_days: Any = 14
    is_active: Any = True

    @classmethod
    def from_facility(cls, facility: Facility) -> FacilityInput:
        return cls(
            name_vi=facility.name_vi,
            name_en=facility.name_en,
            kind=facility.kind,
            province_id=facility.province_id,
            max_stay_days=facility.max_stay_days,
            warn_days_before=facility.warn_days_before,
            extension_max_days=facility.extension_max_days,
            is_active=facility.is_active,
        )


def _clean_facility(data: FacilityInput) -> dict[str, Any]:
    e = v.Errors()
    max_stay = _int(e, "max_stay_days", data.max_stay_days, low=1, high=MAX_STAY_LIMIT, default=14)
    warn = _int(e, "warn_days_before", data.warn_days_before, low=0, high=60, default=3)
    if not e.items.get("warn_days_before") and warn >= max_stay:
        e.add("warn_days_before", _("The warning must come before the end of the maximum stay."))
    clean: dict[str, Any] = {
        "name_vi": v.text(e, "name_vi", data.name_vi, limit=200, required=True),
        "name_en": v.text(e, "name_en", data.name_en, limit=200),
        "kind": v.choice(e, "kind", data.kind, FacilityKind.values),
        "province": _province(e, "province", data.province_id),
        "max_stay_days": max_stay,
        "warn_days_before": warn,
        "extension_max_days": _int(
            e, "extension_max_days", data.extension_max_days, low=1, high=MAX_STAY_LIMIT, default=14
        ),
        "is_active": _bool(data.is_active),
    }
    e.raise_if_any()
    return clean


def facility_create(*, actor: Any, data: FacilityInput, agency: Agency | None = None) -> Facility:
    """A facility of the actor's agency (a system administrator may name another agency)."""
    v.require(actor, "shelters.add_facility")
    if agency is None or not policy.is_system_admin(actor):
        agency = actor.agency
    if agency is None:
        raise PermissionDenied(_("You may not do this."))
    clean = _clean_facility(data)
    with transaction.atomic():
        facility = Facility.objects.create(agency=agency, **clean)
        _audit_facility(actor, Action.CREATE, facility)
    return facility


def facility_update(*, actor: Any, facility: Facility, data: FacilityInput) -> Facility:
    """Change a facility. A new maximum stay applies to new admissions; current stays keep their dates."""
    v.require(actor, "shelters.manage_facility", facility)
    clean = _clean_facility(data)
    with transaction.atomic():
        current = Facility.objects.select_for_update().get(pk=facility.pk)
        changed = sorted(k for k, value in clean.items() if getattr(current, k) != value)
        for k, value in clean.items():
            setattr(current, k, value)
        current.save()
        _audit_facility(actor, Action.UPDATE, current, fields=changed)
    return current


def room_add(*, actor: Any, facility: Facility, name: str, sex: str, position: Any = None) -> Room:
    v.require(actor, "shelters.manage_facility", facility)
    e = v.Errors()
    name = v.text(e, "name", name, limit=100, required=True)
    sex = v.choice(e, "sex", sex, RoomSex.values)
    pos = _int(e, "position", position, low=0, high=999, default=facility.rooms.count())
    if name and facility.rooms.filter(name__iexact=name).exists():
        e.add("name", _("This facility already has a room with this name."))
    e.raise_if_any()
    with transaction.atomic():
        room = Room.objects.create(facility=facility, name=name, sex=sex, position=pos)
        _audit_facility(actor, Action.UPDATE, facility, room_added=str(room.pk))
    return room


def room_update(*, actor: Any, room: Room, name: str, sex: str, position: Any = None) -> Room:
    """Rename a room or change whom it is for; a change of sex must fit the people in it now."""
    facility = room.facility
    v.require(actor, "shelters.manage_facility", facility)
    e = v.Errors()
    name = v.text(e, "name", name, limit=100, required=True)
    sex = v.choice(e, "sex", sex, RoomSex.values)
    pos = _int(e, "position", position, low=0, high=999, default=room.position)
    if name and facility.rooms.filter(name__iexact=name).exclude(pk=room.pk).exists():
        e.add("name", _("This facility already has a room with this name."))
    if sex and not e.items.get("sex"):
        sexes = Stay.objects.filter(bed__room=room, discharged_on__isnull=True).values_list(
            "case__person__sex", flat=True
        )
        if any(not room_fits(sex, s) for s in sexes):
            e.add("sex", _("Someone staying in this room now does not fit this choice: move them first."))
    e.raise_if_any()
    with transaction.atomic():
        room.name, room.sex, room.position = name, sex, pos
        room.save()
        _audit_facility(actor, Action.UPDATE, facility, room=str(room.pk))
    return room


def room_remove(*, actor: Any, room: Room) -> None:
    """Remove a room that never had anyone staying in it (beds with a history are taken out of use instead)."""
    facility = room.facility
    v.require(actor, "shelters.manage_facility", facility)
    if Stay.objects.filter(bed__room=room).exists():
        raise ValidationError(_("People have stayed in this room: take its beds out of use instead."))
    with transaction.atomic():
        _audit_facility(actor, Action.UPDATE, facility, room_removed=str(room.pk))
        room.delete()


def _bed_labels(errors: v.Errors, labels: Any, count: Any, prefix: str, room: Room) -> list[str]:
    if labels:
        if isinstance(labels, str):
            labels = labels.replace(";", ",").split(",")
        names = [v.text(errors, "labels", str(label), limit=30) for label in labels]
        names = [n for n in names if n]
    else:
        n = _int(errors, "count", count, low=1, high=MAX_BEDS_AT_ONCE, default=1)
        prefix = v.text(errors, "prefix", prefix, limit=20) or room.name[:10]
        start = room.beds.count() + 1
        names = [f"{prefix}-{i}" for i in range(start, start + n)]
    if not names:
        errors.add("labels", _("This field is required."))
    if len(names) > MAX_BEDS_AT_ONCE:
        errors.add("labels", _("At most %(limit)s beds at once.") % {"limit": MAX_BEDS_AT_ONCE})
    if len({n.casefold() for n in names}) != len(names):
        errors.add("labels", _("Each bed needs its own label."))
    existing = {label.casefold() for label in room.beds.values_list("label", flat=True)}
    if clash := [n for n in names if n.casefold() in existing]:
        errors.add("labels", _("This room already has: %(labels)s.") % {"labels": ", ".join(clash[:5])})
    return names


def beds_add(*, actor: Any, room: Room, labels: Any = None, count: Any = None, prefix: str = "") -> list[Bed]:
    """Add beds to a room: by label ("A1, A2") or a number of them ("A-1", "A-2"...)."""
    facility = room.facility
    v.require(actor, "shelters.manage_facility", facility)
    e = v.Errors()
    names = _bed_labels(e, labels, count, prefix, room)
    e.raise_if_any()
    with transaction.atomic():
        beds = [Bed.objects.create(room=room, label=name) for name in names]
        _audit_facility(actor, Action.UPDATE, facility, beds_added=len(beds), room=str(room.pk))
    return beds


def bed_update(*, actor: Any, bed: Bed, label: str | None = None, is_active: Any = None) -> Bed:
    """Relabel a bed, or take it out of use (only while nobody is in it) and back."""
    facility = bed.room.facility
    v.require(actor, "shelters.manage_facility", facility)
    e = v.Errors()
    if label is not None:
        label = v.text(e, "label", label, limit=30, required=True)
        if label and Bed.objects.filter(room=bed.room, label__iexact=label).exclude(pk=bed.pk).exists():
            e.add("label", _("This room already has a bed with this label."))
    active = bed.is_active if is_active is None else _bool(is_active)
    e.raise_if_any()
    with transaction.atomic():
        Facility.objects.select_for_update().get(pk=facility.pk)  # no admission into it meanwhile
        if not active and Stay.objects.filter(bed=bed, discharged_on__isnull=True).exists():
            raise ValidationError({"is_active": [_("Someone is staying in this bed: move or discharge them first.")]})
        if label is not None:
            bed.label = label
        bed.is_active = active
        bed.save()
        _audit_facility(actor, Action.UPDATE, facility, bed=str(bed.pk), active=active)
    return bed


def bed_remove(*, actor: Any, bed: Bed) -> None:
    facility = bed.room.facility
    v.require(actor, "shelters.manage_facility", facility)
    if Stay.objects.filter(bed=bed).exists():
        raise ValidationError(_("People have stayed in this bed: take it out of use instead."))
    with transaction.atomic():
        _audit_facility(actor, Action.UPDATE, facility, bed_removed=str(bed.pk))
        bed.delete()


# --- admission ---------------------------------------------------------------------------------------
def _admission_day(errors: v.Errors, value: Any, today: dt.date) -> dt.date:
    day = v.date(errors, "admitted_on", value)
    if day is None:
        return today
    if day > today:
        errors.add("admitted_on", _("The admission date cannot be in the future."))
    elif day < today - dt.timedelta(days=MAX_BACKDATE_DAYS):
        errors.add("admitted_on", _("The admission date can be at most a year back."))
    return day


def stay_admit(
    *,
    actor: Any,
    case: Case,
    facility: Facility,
    bed: Bed | None = None,
    admitted_on: Any = None,
    note: str = "",
) -> Stay:
    """Admit the case's person into a bed (a free bed that suits them when none is chosen).

    The admission may be back-dated (not into the future): the bed must then have been free since.
    """
    v.require(actor, "shelters.admit", case)
    if not actor.has_perm("shelters.view_facility", facility):
        raise PermissionDenied(_("You may not admit people to this facility."))
    today = timezone.localdate()
    e = v.Errors()
    day = _admission_day(e, admitted_on, today)
    note = v.text(e, "note", note)
    if bed is not None and bed.room.facility_id != facility.pk:
        e.add("bed", _("Choose a bed of this facility."))
    e.raise_if_any()
    person_sex = case.person.sex
    with transaction.atomic():
        # Admissions to one facility queue here: each sees the beds the one before it took.
        current = Facility.objects.select_for_update().get(pk=facility.pk)
        if not current.is_active:
            raise ValidationError({"facility": [_("This facility is not in use.")]})
        if Stay.objects.filter(_busy(day), case=case).exists():
            raise ValidationError({"case": [_("This person already has a stay at that date: discharge it first.")]})
        if bed is None:
            chosen = _pick_bed(current, person_sex, day)
            if chosen is None:
                raise ValidationError({"bed": [_("No free bed suits this person: choose one, or a family room.")]})
        else:
            chosen = Bed.objects.select_related("room").get(pk=bed.pk)
            if not chosen.is_active:
                raise ValidationError({"bed": [_("This bed is out of use.")]})
            if not room_fits(chosen.room.sex, person_sex):
                raise ValidationError({"bed": [_("This room is not for this person's sex: choose another.")]})
            if not bed_is_free(chosen, day):
                raise ValidationError({"bed": [bed_taken_message()]})
        try:
            with transaction.atomic():  # a savepoint: the race lost at the index ends as a message
                stay = Stay.objects.create(
                    case=case,
                    facility=current,
                    bed=chosen,
                    admitted_on=day,
                    planned_discharge_on=day + dt.timedelta(days=current.max_stay_days),
                    admission_note=note,
                    admitted_by=actor,
                )
        except IntegrityError as exc:
            if Stay.objects.filter(case=case, discharged_on__isnull=True).exists():
                raise ValidationError({"case": [_("This person was just admitted by someone else.")]}) from exc
            raise ValidationError({"bed": [bed_taken_message()]}) from exc
        stay.case = case
        stay_event(stay, CaseEvent.Kind.ADMITTED, actor)
        _audit_stay(actor, Action.CREATE, stay, bed=str(chosen.pk), admitted_on=day.isoformat())
    return stay


def stay_move(*, actor: Any, stay: Stay, bed: Bed) -> Stay:
    """Move a person to another free bed of the same facility."""
    v.require(actor, "shelters.change_stay", stay)
    with transaction.atomic():
        Facility.objects.select_for_update().get(pk=stay.facility_id)
        current = _locked(stay)
        _open(current)
        target = Bed.objects.select_related("room").filter(pk=bed.pk).first()
        if target is None or target.room.facility_id != current.facility_id:
            raise ValidationError({"bed": [_("Choose a bed of this facility.")]})
        if target.pk == current.bed_id:
            return current
        if not target.is_active:
            raise ValidationError({"bed": [_("This bed is out of use.")]})
        if not room_fits(target.room.sex, current.case.person.sex):
            raise ValidationError({"bed": [_("This room is not for this person's sex: choose another.")]})
        if Stay.objects.filter(bed=target, discharged_on__isnull=True).exists():
            raise ValidationError({"bed": [bed_taken_message()]})
        old = current.bed_id
        current.bed = target
        current.version += 1
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError as exc:
            raise ValidationError({"bed": [bed_taken_message()]}) from exc
        _audit_stay(actor, Action.UPDATE, current, moved_from=str(old), moved_to=str(target.pk))
    return current


def _locked(stay: Stay) -> Stay:
    return (
        Stay.objects.select_for_update(of=("self",))
        .select_related("case", "case__person", "facility", "bed")
        .get(pk=stay.pk)
    )


def _open(stay: Stay) -> None:
    if not stay.is_open:
        raise ValidationError(_("This stay has ended."))


def stay_update(
    *, actor: Any, stay: Stay, admission_note: str | None = None, follow_up_plan: str | None = None
) -> Stay:
    """Correct the admission note; after discharge, keep the follow-up plan up to date."""
    v.require(actor, "shelters.change_stay", stay)
    e = v.Errors()
    note = v.text(e, "admission_note", admission_note) if admission_note is not None else None
    plan = v.text(e, "follow_up_plan", follow_up_plan, required=True) if follow_up_plan is not None else None
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(stay)
        if plan is not None and current.is_open:
            raise ValidationError({"follow_up_plan": [_("The follow-up plan is written at discharge.")]})
        fields = []
        if note is not None and note != current.admission_note:
            current.admission_note = note
            fields.append("admission_note")
        if plan is not None and plan != current.follow_up_plan:
            current.follow_up_plan = plan
            fields.append("follow_up_plan")
        if fields:
            current.version += 1
            current.save()
            _audit_stay(actor, Action.UPDATE, current, fields=fields)
    return current


# --- extensions --------------------------------------------------------------------------------------
def extension_request(*, actor: Any, stay: Stay, days: Any, reason: str) -> StayExtension:
    """Ask to keep the person longer than planned; a supervisor (another person) decides."""
    v.require(actor, "shelters.change_stay", stay)
    e = v.Errors()
    limit = stay.facility.extension_max_days
    n = _int(e, "days", days, low=1, high=limit)
    reason = v.text(e, "reason", reason, required=True)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(stay)
        _open(current)
        if current.extensions.filter(status=StayExtensionStatus.REQUESTED).exists():
            raise ValidationError(_("An extension of this stay is already waiting for a decision."))
        try:
            with transaction.atomic():
                extension = StayExtension.objects.create(stay=current, days=n, reason=reason, requested_by=actor)
        except IntegrityError as exc:
            raise ValidationError(_("An extension of this stay is already waiting for a decision.")) from exc
        _audit_stay(actor, Action.UPDATE, current, extension_requested=str(extension.pk), days=n)
        supervisors = [
            u for u in agency_staff(agency_id=current.facility.agency_id, roles=[Role.SUPERVISOR]) if u.pk != actor.pk
        ]
        stay_notify(
            recipients=supervisors,
            kind="extension_requested",
            stay=current,
            params={"case": current.case.number, "facility": current.facility.name_vi, "days": n},
        )
    return extension


def extension_decide(*, actor: Any, extension: StayExtension, approve: bool, note: str = "") -> StayExtension:
    """Approve (the planned discharge moves on by the days asked) or refuse with a reason."""
    stay = extension.stay
    v.require(actor, "shelters.approve_extension", stay)
    e = v.Errors()
    note = v.text(e, "note", note, required=not approve)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(stay)
        ext = StayExtension.objects.select_for_update().get(pk=extension.pk)
        if ext.status != StayExtensionStatus.REQUESTED:
            raise ValidationError(_("This extension has already been decided."))
        if ext.requested_by_id == actor.pk:
            raise ValidationError(_("You asked for this extension: another supervisor decides it."))
        _open(current)
        ext.status = StayExtensionStatus.APPROVED if approve else StayExtensionStatus.REFUSED
        ext.decided_by = actor
        ext.decided_at = timezone.now()
        ext.decision_note = note
        ext.save()
        if approve:
            current.planned_discharge_on += dt.timedelta(days=ext.days)
            current.version += 1
            current.save()
            stay_event(current, CaseEvent.Kind.STAY_EXTENDED, actor, days=ext.days)
        _audit_stay(
            actor,
            Action.UPDATE,
            current,
            extension=str(ext.pk),
            status=ext.status,
            planned_discharge_on=current.planned_discharge_on.isoformat(),
        )
        if ext.requested_by_id != actor.pk:
            stay_notify(
                recipients=[ext.requested_by],
                kind=f"extension_{ext.status}",  # extension_approved / extension_refused
                stay=current,
                params={
                    "case": current.case.number,
                    "facility": current.facility.name_vi,
                    "planned_discharge_on": current.planned_discharge_on.strftime("%d/%m/%Y"),
                },
            )
    ext.stay = current
    return ext


# --- discharge ---------------------------------------------------------------------------------------
def stay_discharge(
    *,
    actor: Any,
    stay: Stay,
    destination: str,
    follow_up_plan: str,
    discharged_on: Any = None,
    destination_province_id: Any = None,
) -> Stay:
    """The person leaves: where to (home community, a longer-term shelter by referral, family, other), and the
    follow-up plan. The bed is free from that day; an extension still waiting is withdrawn."""
    v.require(actor, "shelters.change_stay", stay)
    today = timezone.localdate()
    e = v.Errors()
    destination = v.choice(e, "destination", destination, StayDestination.values)
    plan = v.text(e, "follow_up_plan", follow_up_plan, required=True)
    province = _province(e, "destination_province", destination_province_id)
    day = v.date(e, "discharged_on", discharged_on) or today
    if day > today:
        e.add("discharged_on", _("The discharge date cannot be in the future."))
    elif day < stay.admitted_on:
        e.add("discharged_on", _("The discharge date cannot be before the admission."))
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(stay)
        _open(current)
        current.discharged_on = day
        current.destination = destination
        current.destination_province = province
        current.follow_up_plan = plan
        current.discharged_by = actor
        current.version += 1
        current.save()
        withdrawn = current.extensions.filter(status=StayExtensionStatus.REQUESTED).update(
            status=StayExtensionStatus.WITHDRAWN, decided_at=timezone.now()
        )
        stay_event(current, CaseEvent.Kind.DISCHARGED, actor, destination=destination)
        _audit_stay(
            actor,
            Action.UPDATE,
            current,
            discharged_on=day.isoformat(),
            destination=destination,
            nights=current.length,
            extensions_withdrawn=withdrawn,
        )
    return current
