"""Outreach writes: events and their participant grid, the register of a training with its test scores,
the materials catalogue, and each agency's stock of materials.

Every function checks the permission (core/policy.py, `outreach.*`), validates every value (all problems
at once, as one ValidationError), writes in one transaction and leaves an access-log entry. Stock only
changes through a movement: handing out more than an agency holds is refused with a clear message and
nothing is saved, not even the other lines of the same form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core import validate as v
from safepath.directory.choices import Language
from safepath.directory.models import ServiceProvider
from safepath.outreach import selectors
from safepath.outreach.choices import (
    CELLS,
    TRAINING_KINDS,
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachMaterialKind,
    OutreachSex,
    StockMovementKind,
    cell_key,
)
from safepath.outreach.models import (
    Event,
    Material,
    MaterialStock,
    Participant,
    ParticipantCount,
    StockMovement,
    material_storage,
)
from safepath.places.models import Province

MAX_COUNT = 100_000  # people in one cell of one event: far above any real event, catches typing slips
MAX_EVENT_DAYS = 366
MAX_PARTICIPANTS = 500  # registered by name at one training
MAX_QUANTITY = 1_000_000  # items in one movement
MAX_THRESHOLD = 1_000_000
MAX_PARTNERS = 50
MAX_HANDOUT_LINES = 20
EARLIEST = dt.date(2000, 1, 1)
PARTICIPANT_FIELDS = ("name", "sex", "age_group", "organisation", "position", "contact", "pre_score", "post_score")
MAX_FILE_BYTES: int = getattr(settings, "SAFEPATH_MATERIAL_MAX_BYTES", 20 * 1024 * 1024)

# Accepted files: the extension decides the type sent on download, and the first bytes must agree.
_ZIP = b"PK\x03\x04"
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".mp4": ("video/mp4", ()),  # checked for an ISO media "ftyp" box below
    ".m4a": ("audio/mp4", ()),
    ".mp3": ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)),
}


def _audit(actor: Any, action: str, object_type: str, pk: Any, purpose: str = "", **detail: Any) -> None:
    audit_record(actor=actor, action=action, object_type=object_type, object_ids=[pk], purpose=purpose, detail=detail)


# --- small checks -------------------------------------------------------------------------------------
def _whole(e: v.Errors, name: str, value: Any, *, low: int, high: int, message: str) -> int | None:
    """A whole number in [low, high]; blank is None. Anything else adds `message`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        e.add(name, message)
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if not (text.isascii() and text.lstrip("+-").isdigit()) or len(text) > 12:
            e.add(name, message)
            return None
        number = int(text)
    if not low <= number <= high:
        e.add(name, message)
        return None
    return number


def _line(e: v.Errors, name: str, value: Any, *, limit: int = 200, required: bool = False) -> str:
    text = v.text(e, name, value, limit=limit, required=required)
    if "\n" in text:
        e.add(name, _("One line only."))
    return text


def _province(e: v.Errors, name: str, value: Any, *, required: bool = True) -> Province | None:
    code = "" if value is None else str(value).strip()
    if not code:
        if required:
            e.add(name, _("Choose a province."))
        return None
    found = Province.objects.filter(pk=code).first() if code.isalnum() and len(code) <= 4 else None
    if found is None:
        e.add(name, _("Choose a province."))
    return found


def _day(e: v.Errors, name: str, value: Any, *, required: bool = False, future_days: int = 0) -> dt.date | None:
    day = v.date(e, name, value, required=required)
    if day is None:
        return None
    if day < EARLIEST:
        e.add(name, _("Enter a date from 2000 on."))
        return None
    if day > timezone.localdate() + dt.timedelta(days=future_days):
        e.add(name, _("The date is in the future.") if not future_days else _("The date is too far in the future."))
        return None
    return day


# --- events -------------------------------------------------------------------------------------------
def _partners(e: v.Errors, values: Any) -> list[ServiceProvider]:
    if values in (None, ""):
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        e.add("partners", _("Give a list of values."))
        return []
    ids = list(dict.fromkeys(str(x) for x in values if str(x)))
    if len(ids) > MAX_PARTNERS:
        e.add("partners", _("At most %(n)s partners.") % {"n": MAX_PARTNERS})
        return []
    if not all(policy.is_uuid(x) for x in ids):
        e.add("partners", _("Choose one of the listed values."))
        return []
    found = list(ServiceProvider.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(ids):
        e.add("partners", _("Choose one of the listed values."))
    return found


def _counts(e: v.Errors, counts: Mapping[str, Any] | None) -> dict[tuple[str, str], int]:
    """The participant grid: every cell a whole number from 0 (blank is 0)."""
    if counts is not None and not isinstance(counts, Mapping):
        e.add("counts", _("Give the counts per sex and age group."))
        return {}
    out: dict[tuple[str, str], int] = {}
    bad = False
    for sex, age in CELLS:
        key = cell_key(sex, age)
        number = _whole(
            e,
            f"count_{key}",
            (counts or {}).get(key),
            low=0,
            high=MAX_COUNT,
            message=_("Enter a whole number from 0 to %(max)s.") % {"max": f"{MAX_COUNT:,}".replace(",", ".")},
        )
        bad = bad or f"count_{key}" in e.items
        out[(sex, age)] = number or 0
    if bad:
        e.add("counts", _("Each count of participants is a whole number of 0 or more."))
    return out


def _event_fields(e: v.Errors, data: Mapping[str, Any]) -> dict[str, Any]:
    kind = v.choice(e, "kind", data.get("kind"), OutreachEventKind.values)
    start = _day(e, "start_date", data.get("start_date"), required=True, future_days=730)
    end = _day(e, "end_date", data.get("end_date"), future_days=730 + MAX_EVENT_DAYS) if data.get("end_date") else start
    if start and end:
        if end < start:
            e.add("end_date", _("The end comes before the start."))
        elif (end - start).days >= MAX_EVENT_DAYS:
            e.add("end_date", _("An event lasts at most a year."))
    return {
        "kind": kind,
        "title": _line(e, "title", data.get("title"), required=True),
        "start_date": start,
        "end_date": end,
        "province": _province(e, "province", data.get("province")),
        "venue": _line(e, "venue", data.get("venue"), limit=300),
        "partners_other": v.text(e, "partners_other", data.get("partners_other"), limit=2000),
        "facilitators": v.text(e, "facilitators", data.get("facilitators"), limit=2000),
        "summary": v.text(e, "summary", data.get("summary")),
        "counts_from_register": bool(data.get("counts_from_register")) and kind in TRAINING_KINDS,
    }


def _set_counts(event: Event, grid: Mapping[tuple[str, str], int]) -> None:
    ParticipantCount.objects.filter(event=event).delete()
    ParticipantCount.objects.bulk_create(
        [ParticipantCount(event=event, sex=s, age_group=a, count=n) for (s, a), n in grid.items() if n]
    )


def _register_grid(event: Event) -> dict[tuple[str, str], int]:
    rows = Participant.objects.filter(event=event).values("sex", "age_group").annotate(n=Count("id")).order_by()
    grid = dict.fromkeys(CELLS, 0)
    for r in rows:
        grid[(r["sex"], r["age_group"])] = r["n"]
    return grid


def _recount(event: Event) -> None:
    if event.counts_from_register and event.kind in TRAINING_KINDS:
        _set_counts(event, _register_grid(event))


def event_create(*, actor: Any, data: Mapping[str, Any]) -> Event:
    """An event of the actor's agency, with its participant grid (`data["counts"]`: `female_18_24` -> n)."""
    v.require(actor, "outreach.add_event")
    e = v.Errors()
    fields = _event_fields(e, data)
    partners = _partners(e, data.get("partners"))
    grid = _counts(e, data.get("counts"))
    e.raise_if_any()
    with transaction.atomic():
        event = Event.objects.create(agency_id=actor.agency_id, created_by=actor, **fields)
        event.partners.set(partners)
        if not event.counts_from_register:
            _set_counts(event, grid)
        _audit(actor, Action.CREATE, "outreach_event", event.pk, participants=sum(grid.values()))
    return event


def event_update(*, actor: Any, event: Event, data: Mapping[str, Any]) -> Event:
    """Change an event. Values not sent keep what is stored; the grid is replaced when `counts` is sent."""
    v.require(actor, "outreach.change_event", event)
    stored: dict[str, Any] = {
        "kind": event.kind,
        "title": event.title,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "province": event.province_id,
        "venue": event.venue,
        "partners_other": event.partners_other,
        "facilitators": event.facilitators,
        "summary": event.summary,
        "counts_from_register": event.counts_from_register,
    }
    e = v.Errors()
    fields = _event_fields(e, {**stored, **{k: x for k, x in data.items() if k in stored}})
    partners = _partners(e, data["partners"]) if "partners" in data else None
    grid = _counts(e, data["counts"]) if "counts" in data else None
    if fields["kind"] not in TRAINING_KINDS and event.participants.exists():
        e.add(
            "kind",
            _("This event has participants registered by name, which only trainings keep. Remove them first."),
        )
    e.raise_if_any()
    with transaction.atomic():
        changed = sorted(k for k, x in fields.items() if (x.pk if isinstance(x, Province) else x) != stored[k])
        for k, x in fields.items():
            setattr(event, k, x)
        event.save()
        if partners is not None:
            event.partners.set(partners)
            changed.append("partners")
        if event.counts_from_register:
            _recount(event)
        elif grid is not None:
            _set_counts(event, grid)
            changed.append("counts")
        # Materials handed out at the event follow its date and province in the distribution figures.
        StockMovement.objects.filter(event=event, kind=StockMovementKind.EVENT).update(
            day=event.start_date, province=event.province
        )
        _audit(actor, Action.UPDATE, "outreach_event", event.pk, fields=changed)
    return event


def event_delete(*, actor: Any, event: Event) -> None:
    """Delete an event, its grid and its register. Materials handed out at it go back into stock."""
    v.require(actor, "outreach.delete_event", event)
    with transaction.atomic():
        returned = 0
        for material_id, out in selectors.handed_out_at(event).items():
            if out > 0:
                stock = _locked_stock(material_id, event.agency_id)
                _move(
                    actor=actor,
                    stock=stock,
                    kind=StockMovementKind.EVENT,
                    quantity=out,
                    day=event.start_date,
                    province=event.province,
                    event=event,
                    note=_("Event deleted: back into stock"),
                )
                returned += out
        participants = event.participants.count()
        pk = event.pk
        event.delete()
        _audit(actor, Action.DELETE, "outreach_event", pk, participants=participants, materials_returned=returned)


# --- the register of a training ------------------------------------------------------------------------
def _score(e: v.Errors, name: str, value: Any) -> int | None:
    return _whole(e, name, value, low=0, high=100, message=_("Enter a whole number from 0 to 100."))


def _participant_fields(e: v.Errors, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": _line(e, "name", data.get("name"), required=True),
        "sex": v.choice(e, "sex", data.get("sex") or OutreachSex.OTHER, OutreachSex.values),
        "age_group": v.choice(e, "age_group", data.get("age_group"), OutreachAgeGroup.values),
        "organisation": _line(e, "organisation", data.get("organisation")),
        "position": _line(e, "position", data.get("position")),
        "contact": _line(e, "contact", data.get("contact")),
        "pre_score": _score(e, "pre_score", data.get("pre_score")),
        "post_score": _score(e, "post_score", data.get("post_score")),
    }


def _training_only(event: Event) -> None:
    if event.kind not in TRAINING_KINDS:
        e = v.Errors()
        e.add("event", _("Participants are registered by name at trainings only."))
        e.raise_if_any()


def participant_add(*, actor: Any, event: Event, data: Mapping[str, Any]) -> Participant:
    v.require(actor, "outreach.change_participants", event)
    _training_only(event)
    e = v.Errors()
    fields = _participant_fields(e, data)
    e.raise_if_any()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.participants.count() >= MAX_PARTICIPANTS:
            e.add("name", _("A training registers at most %(n)s participants.") % {"n": MAX_PARTICIPANTS})
            e.raise_if_any()
        participant = Participant.objects.create(event=locked, **fields)
        _recount(locked)
        _audit(actor, Action.CREATE, "outreach_event", event.pk, purpose="participant_add")
    return participant


def participant_update(*, actor: Any, participant: Participant, data: Mapping[str, Any]) -> Participant:
    event = participant.event
    v.require(actor, "outreach.change_participants", event)
    stored = {k: getattr(participant, k) for k in PARTICIPANT_FIELDS}
    e = v.Errors()
    fields = _participant_fields(e, {**stored, **{k: x for k, x in data.items() if k in stored}})
    e.raise_if_any()
    with transaction.atomic():
        for k, x in fields.items():
            setattr(participant, k, x)
        participant.save()
        _recount(event)
        changed = sorted(k for k, x in fields.items() if x != stored[k])
        _audit(actor, Action.UPDATE, "outreach_event", event.pk, purpose="participant_change", fields=changed)
    return participant


def participant_remove(*, actor: Any, participant: Participant) -> None:
    event = participant.event
    v.require(actor, "outreach.change_participants", event)
    with transaction.atomic():
        participant.delete()
        _recount(event)
        _audit(actor, Action.DELETE, "outreach_event", event.pk, purpose="participant_remove")


def scores_set(*, actor: Any, event: Event, scores: Mapping[str, tuple[Any, Any]]) -> int:
    """Pre- and post-test scores of several registered participants at once: participant id -> (pre, post).

    Errors are named `pre_<id>` and `post_<id>`. Returns how many participants changed.
    """
    v.require(actor, "outreach.change_participants", event)
    e = v.Errors()
    parsed: dict[str, tuple[int | None, int | None]] = {}
    for pid, (pre, post) in scores.items():
        parsed[str(pid)] = (_score(e, f"pre_{pid}", pre), _score(e, f"post_{pid}", post))
    e.raise_if_any()
    changed = 0
    with transaction.atomic():
        rows = {
            str(p.pk): p
            for p in Participant.objects.filter(event=event, pk__in=[k for k in parsed if policy.is_uuid(k)])
        }
        for pid, (pre, post) in parsed.items():
            p = rows.get(pid)
            if p is None or (p.pre_score, p.post_score) == (pre, post):
                continue
            p.pre_score, p.post_score = pre, post
            p.save(update_fields=["pre_score", "post_score"])
            changed += 1
        if changed:
            _audit(actor, Action.UPDATE, "outreach_event", event.pk, purpose="participant_scores", changed=changed)
    return changed


# --- materials ----------------------------------------------------------------------------------------
@dataclass
class CheckedFile:
    upload: Any
    name: str
    content_type: str
    size: int


def _clean_filename(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/|?*\x00')
    return cleaned.strip(" .")[:200] or "file"


def _file(e: v.Errors, upload: Any) -> CheckedFile | None:
    if upload is None:
        return None
    name = _clean_filename(getattr(upload, "name", "") or "")
    suffix = Path(name).suffix.lower()
    size = int(getattr(upload, "size", 0) or 0)
    known = FILE_TYPES.get(suffix)
    if known is None:
        e.add("file", _("This kind of file is not accepted: PDF, PNG, JPEG, MP4, M4A, MP3, DOCX or PPTX."))
        return None
    if size <= 0:
        e.add("file", _("The file is empty."))
        return None
    if size > MAX_FILE_BYTES:
        e.add("file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
        return None
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, signatures = known
    if suffix in (".mp4", ".m4a"):
        ok = head[4:8] == b"ftyp"
    else:
        ok = any(head.startswith(sig) for sig in signatures)
    if not ok:
        e.add("file", _("The file's content does not match its name (%(ext)s).") % {"ext": suffix})
        return None
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size)


def _material_fields(e: v.Errors, data: Mapping[str, Any]) -> dict[str, Any]:
    languages = v.choices(e, "languages", data.get("languages"), Language.values)
    if not languages and "languages" not in e.items:
        e.add("languages", _("Choose at least one language."))
    return {
        "kind": v.choice(e, "kind", data.get("kind"), OutreachMaterialKind.values),
        "title_vi": _line(e, "title_vi", data.get("title_vi"), required=True),
        "title_en": _line(e, "title_en", data.get("title_en")),
        "languages": languages,
        "description": v.text(e, "description", data.get("description"), limit=4000),
    }


def _store_file(material: Material, checked: CheckedFile) -> str:
    """Write the file, set its facts on the material; returns the stored name (to remove on rollback)."""
    checked.upload.seek(0)
    material.file.save(checked.name, checked.upload, save=False)
    material.file_name = checked.name
    material.file_type = checked.content_type
    material.file_size = checked.size
    return str(material.file.name)


def _remove_stored(name: str) -> None:
    if name:
        material_storage.delete(name)


def material_create(*, actor: Any, data: Mapping[str, Any], upload: Any = None) -> Material:
    """A material of the catalogue, added by the actor's agency, with an optional file."""
    v.require(actor, "outreach.add_material")
    e = v.Errors()
    fields = _material_fields(e, data)
    checked = _file(e, upload)
    e.raise_if_any()
    stored = ""
    try:
        with transaction.atomic():
            material = Material(agency_id=actor.agency_id, created_by=actor, **fields)
            if checked:
                stored = _store_file(material, checked)
            material.save()
            _audit(actor, Action.CREATE, "material", material.pk, file=bool(checked))
    except BaseException:
        _remove_stored(stored)
        raise
    return material


def material_update(
    *,
    actor: Any,
    material: Material,
    data: Mapping[str, Any],
    upload: Any = None,
    remove_file: bool = False,
) -> Material:
    """Change a material (the agency that added it). A new file replaces the old one, which is removed."""
    v.require(actor, "outreach.change_material", material)
    stored_values: dict[str, Any] = {
        "kind": material.kind,
        "title_vi": material.title_vi,
        "title_en": material.title_en,
        "languages": material.languages,
        "description": material.description,
    }
    e = v.Errors()
    fields = _material_fields(e, {**stored_values, **{k: x for k, x in data.items() if k in stored_values}})
    checked = _file(e, upload)
    e.raise_if_any()
    is_active = data.get("is_active")
    old = material.file.name if (checked or remove_file) and material.file else ""
    stored = ""
    try:
        with transaction.atomic():
            for k, x in fields.items():
                setattr(material, k, x)
            if is_active is not None:
                material.is_active = bool(is_active)
            if checked:
                stored = _store_file(material, checked)
            elif remove_file:
                material.file = ""
                material.file_name, material.file_type, material.file_size = "", "", 0
            material.save()
            changed = sorted(k for k, x in fields.items() if x != stored_values[k])
            _audit(actor, Action.UPDATE, "material", material.pk, fields=changed, file=bool(checked or remove_file))
            if old:
                transaction.on_commit(lambda: _remove_stored(old))
    except BaseException:
        _remove_stored(stored)
        raise
    return material


# --- stock --------------------------------------------------------------------------------------------
def _locked_stock(material_id: Any, agency_id: Any) -> MaterialStock:
    stock, _created = MaterialStock.objects.select_for_update().get_or_create(
        material_id=material_id, agency_id=agency_id
    )
    return stock


def _move(
    *,
    actor: Any,
    stock: MaterialStock,
    kind: str,
    quantity: int,
    day: dt.date,
    province: Province | None = None,
    event: Event | None = None,
    note: str = "",
) -> StockMovement:
    """Add one movement and change the (locked) stock by it. The caller has checked the result is not negative."""
    stock.quantity += quantity
    stock.save(update_fields=["quantity"])
    return StockMovement.objects.create(
        material_id=stock.material_id,
        agency_id=stock.agency_id,
        kind=kind,
        quantity=quantity,
        day=day,
        province=province,
        event=event,
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _short_message(stock: int, asked: int, title: str) -> str:
    return _("Only %(stock)s of “%(title)s” in stock at your agency: %(asked)s cannot be handed out.") % {
        "stock": stock,
        "title": title,
        "asked": asked,
    }


def _active_material(e: v.Errors, name: str, value: Any) -> Material | None:
    material = (
        Material.objects.filter(pk=str(value), is_active=True).first() if value and policy.is_uuid(value) else None
    )
    if material is None:
        e.add(name, _("Choose a material from the catalogue."))
    return material


def stock_move(
    *,
    actor: Any,
    material: Material,
    kind: str,
    quantity: Any,
    day: Any = None,
    province: Any = None,
    note: Any = "",
) -> StockMovement:
    """Record a movement of the actor's agency's stock of a material.

    `received` and `handed_out` take a positive quantity (in, out); a `correction` takes a signed one
    (a count found 5 short is -5). Handing out at an event goes through `event_materials_hand_out`.
    """
    v.require(actor, "outreach.change_stock", material)
    e = v.Errors()
    kind = v.choice(
        e, "kind", kind, [StockMovementKind.RECEIVED, StockMovementKind.HANDED_OUT, StockMovementKind.CORRECTION]
    )
    if kind == StockMovementKind.CORRECTION:
        number = _whole(
            e,
            "quantity",
            quantity,
            low=-MAX_QUANTITY,
            high=MAX_QUANTITY,
            message=_("Enter a whole number: positive to add, negative to take away."),
        )
        if number == 0:
            e.add("quantity", _("Enter a whole number: positive to add, negative to take away."))
    else:
        number = _whole(
            e, "quantity", quantity, low=1, high=MAX_QUANTITY, message=_("Enter a whole number of 1 or more.")
        )
    if number is None and "quantity" not in e.items:
        e.add("quantity", _("This field is required."))
    day_ = _day(e, "day", day) or timezone.localdate()
    where = _province(e, "province", province, required=False)
    text = _line(e, "note", note, limit=300)
    if not material.is_active and kind != StockMovementKind.CORRECTION:
        e.add("material", _("This material is no longer in use: only corrections of its stock are possible."))
    e.raise_if_any()
    assert number is not None
    delta = -number if kind == StockMovementKind.HANDED_OUT else number
    if kind == StockMovementKind.HANDED_OUT and where is None:
        where = getattr(getattr(actor, "agency", None), "province", None)
    with transaction.atomic():
        stock = _locked_stock(material.pk, actor.agency_id)
        if stock.quantity + delta < 0:
            if kind == StockMovementKind.HANDED_OUT:
                e.add("quantity", _short_message(stock.quantity, number, material.title))
            else:
                e.add(
                    "quantity",
                    _("Only %(stock)s in stock: a correction cannot take the stock below zero.")
                    % {"stock": stock.quantity},
                )
            e.raise_if_any()
        movement = _move(
            actor=actor,
            stock=stock,
            kind=kind,
            quantity=delta,
            day=day_,
            province=where if kind == StockMovementKind.HANDED_OUT else None,
            note=text,
        )
        _audit(actor, Action.UPDATE, "material", material.pk, purpose="stock_movement", kind=kind, quantity=delta)
    return movement


def stock_threshold_set(*, actor: Any, material: Material, threshold: Any) -> MaterialStock:
    """When the actor's agency wants to be warned that its stock of a material runs low."""
    v.require(actor, "outreach.change_stock", material)
    e = v.Errors()
    number = _whole(
        e, "low_threshold", threshold, low=0, high=MAX_THRESHOLD, message=_("Enter a whole number of 0 or more.")
    )
    if number is None and "low_threshold" not in e.items:
        e.add("low_threshold", _("This field is required."))
    e.raise_if_any()
    with transaction.atomic():
        stock = _locked_stock(material.pk, actor.agency_id)
        stock.low_threshold = number or 0
        stock.save(update_fields=["low_threshold"])
        _audit(actor, Action.UPDATE, "material", material.pk, purpose="stock_threshold", threshold=number)
    return stock


def event_materials_hand_out(*, actor: Any, event: Event, items: Iterable[Mapping[str, Any]]) -> list[StockMovement]:
    """Materials handed out at an event: each line `{"material": id, "quantity": n}` takes n out of the
    organising agency's stock, all lines in one transaction. A line asking more than the stock holds
    refuses the whole form (errors `material_<i>` / `quantity_<i>`, i from 0); blank lines are skipped."""
    v.require(actor, "outreach.change_event", event)
    e = v.Errors()
    wanted: dict[Any, int] = {}
    first_line: dict[Any, int] = {}
    materials: dict[Any, Material] = {}
    lines = list(items)[: MAX_HANDOUT_LINES + 1]
    if len(lines) > MAX_HANDOUT_LINES:
        e.add("items", _("At most %(n)s lines at once.") % {"n": MAX_HANDOUT_LINES})
        e.raise_if_any()
    for i, line in enumerate(lines):
        if not isinstance(line, Mapping):
            e.add(f"material_{i}", _("Choose a material from the catalogue."))
            continue
        raw_material, raw_quantity = line.get("material"), line.get("quantity")
        if raw_material in (None, "") and raw_quantity in (None, ""):
            continue
        material = _active_material(e, f"material_{i}", raw_material)
        number = _whole(
            e, f"quantity_{i}", raw_quantity, low=1, high=MAX_QUANTITY, message=_("Enter a whole number of 1 or more.")
        )
        if number is None and f"quantity_{i}" not in e.items:
            e.add(f"quantity_{i}", _("This field is required."))
        if material is not None and number is not None:
            materials[material.pk] = material
            wanted[material.pk] = wanted.get(material.pk, 0) + number
            first_line.setdefault(material.pk, i)
    if not wanted and not e.items:
        e.add("items", _("Choose at least one material and how many were handed out."))
    e.raise_if_any()
    out: list[StockMovement] = []
    with transaction.atomic():
        # Lock in one order (by id), so two forms handing out the same materials cannot deadlock.
        stocks = {pk: _locked_stock(pk, event.agency_id) for pk in sorted(wanted, key=str)}
        for pk, number in wanted.items():
            if stocks[pk].quantity < number:
                e.add(f"quantity_{first_line[pk]}", _short_message(stocks[pk].quantity, number, materials[pk].title))
        e.raise_if_any()
        for pk, number in wanted.items():
            out.append(
                _move(
                    actor=actor,
                    stock=stocks[pk],
                    kind=StockMovementKind.EVENT,
                    quantity=-number,
                    day=event.start_date,
                    province=event.province,
                    event=event,
                )
            )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="outreach_event",
            object_ids=[event.pk],
            purpose="materials_hand_out",
            detail={"items": len(wanted), "quantity": sum(wanted.values())},
            also={"material": list(wanted)},
        )
    return out


def event_material_return(*, actor: Any, event: Event, material_id: Any, quantity: Any) -> StockMovement:
    """Take back (into stock) materials recorded as handed out at an event: a mistake, or left over."""
    v.require(actor, "outreach.change_event", event)
    e = v.Errors()
    number = _whole(e, "quantity", quantity, low=1, high=MAX_QUANTITY, message=_("Enter a whole number of 1 or more."))
    if number is None and "quantity" not in e.items:
        e.add("quantity", _("This field is required."))
    material = Material.objects.filter(pk=str(material_id)).first() if policy.is_uuid(material_id) else None
    if material is None:
        e.add("material", _("Choose a material from the catalogue."))
    e.raise_if_any()
    assert material is not None and number is not None
    with transaction.atomic():
        stock = _locked_stock(material.pk, event.agency_id)
        out = selectors.handed_out_at(event).get(material.pk, 0)
        if number > out:
            e.add("quantity", _("Only %(n)s were handed out at this event.") % {"n": out})
            e.raise_if_any()
        movement = _move(
            actor=actor,
            stock=stock,
            kind=StockMovementKind.EVENT,
            quantity=number,
            day=event.start_date,
            province=event.province,
            event=event,
            note=_("Taken back into stock"),
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="outreach_event",
            object_ids=[event.pk],
            purpose="materials_return",
            detail={"quantity": number},
            also={"material": [material.pk]},
        )
    return movement
