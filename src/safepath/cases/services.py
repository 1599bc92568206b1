"""Writes of case management. Each takes the acting user, checks the policy, and audits in the same transaction.

Nothing here trusts its caller: codes are checked against their lists, dates parsed, text cleaned,
and a refused or invalid write raises PermissionDenied or ValidationError naming the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency, User
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases import workflow
from safepath.cases.choices import (
    AgeBand,
    AttachmentKind,
    CaseStatus,
    CaseType,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    ConsultationChannel,
    ConsultationOutcome,
    ExploitationType,
    IntakeChannel,
    IntakeCloseReason,
    IntakeStatus,
    LegalStatus,
    MeansOfControl,
    MigrationStage,
    RecruiterContactKind,
    RecruiterRelationship,
    RecruitmentApp,
    RecruitmentMethod,
    RiskLevel,
    TaskKind,
    TaskStatus,
    Topic,
    Urgency,
)
from safepath.cases.errors import EditConflict
from safepath.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseSequence,
    Consent,
    Consultation,
    IntakeItem,
    Note,
    RecruiterContact,
    Task,
)
from safepath.core import policy
from safepath.core.crypto import get_keyring
from safepath.core.normalize import (
    InvalidPhoneNumber,
    clean_text,
    fold,
    normalize_email,
    normalize_phone,
)
from safepath.core.validate import MAX_SHORT
from safepath.core.validate import Errors as _Errors
from safepath.core.validate import choice as _choice
from safepath.core.validate import choices as _choices
from safepath.core.validate import date as _date
from safepath.core.validate import require as _require
from safepath.core.validate import text as _text
from safepath.people.models import Person
from safepath.places.models import Country, Province


# --- small validators ---------------------------------------------------------------------------------
def _fk(errors: _Errors, name: str, model: Any, value: Any) -> Any:
    if value in (None, ""):
        return None
    key = str(value)
    if model is Country:
        key = key.upper()
    if not model.objects.filter(pk=key).exists():
        errors.add(name, _("Unknown value: %(values)s.") % {"values": key[:20]})
        return None
    return key


def _phone(errors: _Errors, name: str, value: Any) -> str:
    text = clean_text(str(value or ""))
    if not text:
        return ""
    try:
        return normalize_phone(text)
    except InvalidPhoneNumber:
        errors.add(
            name,
            _("This is not a valid phone number. Write it as 0912 345 678, or +country code for a foreign number."),
        )
        return ""


def _email(errors: _Errors, name: str, value: Any) -> str:
    text = normalize_email(str(value or ""))
    if text and ("@" not in text or " " in text or len(text) > 254):
        errors.add(name, _("Enter a valid e-mail address."))
    return text


def _bidx(value: str, purpose: str) -> str:
    return get_keyring().blind_index(value, purpose=purpose) if value else ""


def agency_member(errors: _Errors, name: str, agency_id: Any, user_id: Any, roles: frozenset[str]) -> User | None:
    """A user named in a form: an active member of this agency holding one of these roles (or an error)."""
    if user_id in (None, ""):
        return None
    user = (
        User.objects.filter(pk=user_id, agency_id=agency_id, is_active=True).first() if str(user_id).isdigit() else None
    )
    if user is None or not (user.role_codes & roles):
        errors.add(name, _("Choose a member of this agency with the right role."))
        return None
    return user


# --- intake -------------------------------------------------------------------------------------------
@dataclass
class IntakeInput:
    channel: str = IntakeChannel.PHONE
    subject: str = ""
    body: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    consent_to_contact: bool = False
    urgency: str = Urgency.NORMAL
    province_id: str | None = None
    destination_country_id: str | None = None
    referred_by: str = ""
    received_at: dt.datetime | None = None


def _clean_intake(data: IntakeInput) -> dict[str, Any]:
    e = _Errors()
    out: dict[str, Any] = {
        "channel": _choice(e, "channel", data.channel, IntakeChannel.values),
        "subject": _text(e, "subject", data.subject, limit=MAX_SHORT),
        "body": _text(e, "body", data.body),
        "contact_name": _text(e, "contact_name", data.contact_name, limit=MAX_SHORT),
        "contact_phone": _phone(e, "contact_phone", data.contact_phone),
        "contact_email": _email(e, "contact_email", data.contact_email),
        "consent_to_contact": bool(data.consent_to_contact),
        "urgency": _choice(e, "urgency", data.urgency, Urgency.values),
        "province_id": _fk(e, "province", Province, data.province_id),
        "destination_country_id": _fk(e, "destination_country", Country, data.destination_country_id),
        "referred_by": _text(e, "referred_by", data.referred_by, limit=200),
    }
    if not out["body"] and not out["subject"]:
        e.add("body", _("Write down what the person said or asked."))
    e.raise_if_any()
    out["contact_phone_bidx"] = _bidx(out["contact_phone"], "intake.phone")
    out["contact_email_bidx"] = _bidx(out["contact_email"], "intake.email")
    if data.received_at is not None:
        out["received_at"] = data.received_at
    return out


def intake_log(*, actor: Any, data: IntakeInput) -> IntakeItem:
    """A counsellor logs a call, a walk-in, an outreach find or a handover into their agency's queue."""
    _require(actor, "cases.add_intake", message=_("You may not log intake items."))
    values = _clean_intake(data)
    with transaction.atomic():
        item = IntakeItem.objects.create(agency_id=actor.agency_id, created_by=actor, **values)
        audit_record(actor=actor, action=Action.CREATE, object_type="intake", object_ids=[item.pk])
    return item


def intake_receive(
    *,
    agency: Agency,
    data: IntakeInput,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    message_id: str = "",
) -> tuple[IntakeItem, bool]:
    """An item arriving without a logged-in user (e-mail, the public portal). Returns (item, created).

    A message delivered twice (same Message-ID to the same agency) is stored once.
    """
    values = _clean_intake(data)
    mid_hash = hashlib.sha256(message_id.strip().encode()).hexdigest() if message_id.strip() else ""
    if mid_hash:
        existing = IntakeItem.objects.filter(agency=agency, message_id_hash=mid_hash).first()
        if existing is not None:
            return existing, False
    try:
        return _intake_store(agency, values, mid_hash, attachments), True
    except IntegrityError:
        # The same message filed at the same moment by another process: keep the first.
        existing = IntakeItem.objects.filter(agency=agency, message_id_hash=mid_hash).first() if mid_hash else None
        if existing is None:
            raise
        return existing, False


def _intake_store(
    agency: Agency, values: dict[str, Any], mid_hash: str, attachments: Sequence[tuple[str, str, bytes]]
) -> IntakeItem:
    with transaction.atomic():
        item = IntakeItem.objects.create(agency=agency, message_id_hash=mid_hash, **values)
        for filename, content_type, content in attachments:
            _store_attachment(
                owner={"intake": item},
                filename=filename,
                content_type=content_type,
                content=content,
                kind=AttachmentKind.EMAIL,
                actor=None,
                check_type=False,
            )
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="intake",
            object_ids=[item.pk],
            detail={"channel": item.channel, "attachments": len(attachments)},
        )
    return item


def intake_take(*, actor: Any, item: IntakeItem) -> IntakeItem:
    """Claim an item: it shows as being handled by this user."""
    _require(actor, "cases.change_intake", item)
    if item.status in (IntakeStatus.CONVERTED, IntakeStatus.CLOSED):
        raise ValidationError(_("This item has already been dealt with."))
    with transaction.atomic():
        item.assigned_to = actor
        item.status = IntakeStatus.IN_REVIEW
        item.save(update_fields=["assigned_to", "status", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="intake",
            object_ids=[item.pk],
            detail={"fields": ["assigned_to", "status"]},
        )
    return item


def intake_close(*, actor: Any, item: IntakeItem, reason: str) -> IntakeItem:
    _require(actor, "cases.change_intake", item)
    e = _Errors()
    reason = _choice(e, "reason", reason, IntakeCloseReason.values)
    e.raise_if_any()
    if item.status in (IntakeStatus.CONVERTED, IntakeStatus.CLOSED):
        raise ValidationError(_("This item has already been dealt with."))
    with transaction.atomic():
        item.status, item.close_reason = IntakeStatus.CLOSED, reason
        item.handled_at, item.handled_by = timezone.now(), actor
        item.save(update_fields=["status", "close_reason", "handled_at", "handled_by", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="intake",
            object_ids=[item.pk],
            detail={"fields": ["status"], "reason": reason},
        )
    return item


def intake_reopen(*, actor: Any, item: IntakeItem) -> IntakeItem:
    """Undo a close: the item goes back to the queue."""
    _require(actor, "cases.change_intake", item)
    if item.status != IntakeStatus.CLOSED:
        raise ValidationError(_("Only a closed item can be put back in the queue."))
    with transaction.atomic():
        item.status, item.close_reason, item.handled_at, item.handled_by = IntakeStatus.NEW, "", None, None
        item.save(update_fields=["status", "close_reason", "handled_at", "handled_by", "updated_at"])
        audit_record(
            actor=actor, action=Action.UPDATE, object_type="intake", object_ids=[item.pk], detail={"fields": ["status"]}
        )
    return item


def intake_link_person(*, actor: Any, item: IntakeItem, person: Person) -> IntakeItem:
    """Say who an item is about: an existing person the actor may see, or one just registered."""
    _require(actor, "cases.change_intake", item)
    _require(actor, "people.view_person", person)
    with transaction.atomic():
        item.person = person
        if item.status == IntakeStatus.NEW:
            item.status, item.assigned_to = IntakeStatus.IN_REVIEW, actor
        item.save(update_fields=["person", "status", "assigned_to", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="intake",
            object_ids=[item.pk],
            detail={"fields": ["person"]},
            also={"person": [person.pk]},
        )
    return item


def intake_register_person(*, actor: Any, item: IntakeItem, data: Any) -> Person:
    """Register the person an item is about and link them to it, in one transaction."""
    from safepath.people.services import person_register

    _require(actor, "cases.change_intake", item)
    with transaction.atomic():
        person = person_register(actor=actor, data=data)
        intake_link_person(actor=actor, item=item, person=person)
    return person


def _mark_converted(*, actor: Any, item: IntakeItem, person: Person | None) -> None:
    item.status = IntakeStatus.CONVERTED
    item.handled_at, item.handled_by = timezone.now(), actor
    if person is not None:
        item.person = person
    item.save(update_fields=["status", "handled_at", "handled_by", "person", "updated_at"])


# --- consultations ------------------------------------------------------------------------------------
@dataclass
class ConsultationInput:
    held_on: Any = None
    channel: str = ""
    duration_minutes: Any = None
    migration_stage: str = ""
    destination_country_id: str | None = None
    topics: list[str] = field(default_factory=list)
    outcome: str = ""
    follow_up_on: Any = None
    sex: str = "unknown"
    age_band: str = AgeBand.UNKNOWN
    province_id: str | None = None
    summary: str = ""


def age_band(birth_year: int | None, on: dt.date) -> str:
    """The statistics' age group of someone born in `birth_year`, on the day `on`."""
    if not birth_year:
        return AgeBand.UNKNOWN
    age = on.year - birth_year
    for limit, band in ((17, "0-17"), (24, "18-24"), (34, "25-34"), (44, "35-44"), (59, "45-59")):
        if age <= limit:
            return band
    return "60+"


def _clean_consultation(data: ConsultationInput, person: Person | None) -> dict[str, Any]:
    from safepath.people.models import Sex

    e = _Errors()
    out: dict[str, Any] = {
        "held_on": _date(e, "held_on", data.held_on) or timezone.localdate(),
        "channel": _choice(e, "channel", data.channel, ConsultationChannel.values),
        "migration_stage": _choice(e, "migration_stage", data.migration_stage, MigrationStage.values),
        "destination_country_id": _fk(e, "destination_country", Country, data.destination_country_id),
        "topics": _choices(e, "topics", data.topics, Topic.values),
        "outcome": _choice(e, "outcome", data.outcome, ConsultationOutcome.values),
        "follow_up_on": _date(e, "follow_up_on", data.follow_up_on),
        "summary": _text(e, "summary", data.summary),
        "sex": _choice(e, "sex", data.sex or "unknown", Sex.values),
        "age_band": _choice(e, "age_band", data.age_band or AgeBand.UNKNOWN, AgeBand.values),
        "province_id": _fk(e, "province", Province, data.province_id),
    }
    if out["held_on"] > timezone.localdate():
        e.add("held_on", _("The date cannot be in the future."))
    if not out["topics"]:
        e.add("topics", _("Choose at least one topic."))
    minutes = data.duration_minutes
    if minutes in (None, ""):
        out["duration_minutes"] = None
    else:
        try:
            out["duration_minutes"] = int(str(minutes))
            if not 0 < out["duration_minutes"] <= 24 * 60:
                raise ValueError
        except ValueError:
            e.add("duration_minutes", _("Give the duration in whole minutes, between 1 and 1440."))
    if out["follow_up_on"] and out["follow_up_on"] < out["held_on"]:
        e.add("follow_up_on", _("The follow-up date cannot be before the session."))
    e.raise_if_any()
    if person is not None:  # the statistics come from the person record, not retyped
        out["sex"] = person.sex
        out["age_band"] = age_band(person.birth_year, out["held_on"])
        out["province_id"] = out["province_id"] or person.origin_province_id
    return out


def consultation_record(
    *,
    actor: Any,
    data: ConsultationInput,
    person: Person | None = None,
    intake: IntakeItem | None = None,
) -> Consultation:
    """Record a counselling session; anonymous when no person is given."""
    _require(actor, "cases.add_consultation", message=_("You may not record consultations."))
    if person is not None:
        _require(actor, "people.view_person", person)
    if intake is not None:
        _require(actor, "cases.change_intake", intake)
    values = _clean_consultation(data, person)
    with transaction.atomic():
        c = Consultation.objects.create(
            agency_id=actor.agency_id, person=person, intake=intake, counsellor=actor, **values
        )
        if intake is not None:
            _mark_converted(actor=actor, item=intake, person=person)
        audit_record(actor=actor, action=Action.CREATE, object_type="consultation", object_ids=[c.pk])
    return c


def consultation_update(*, actor: Any, consultation: Consultation, data: ConsultationInput) -> Consultation:
    _require(actor, "cases.change_consultation", consultation)
    values = _clean_consultation(data, consultation.person)
    changed = sorted(k.removesuffix("_id") for k, v in values.items() if getattr(consultation, k) != v)
    if not changed:
        return consultation
    with transaction.atomic():
        for k, v in values.items():
            setattr(consultation, k, v)
        consultation.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="consultation",
            object_ids=[consultation.pk],
            detail={"fields": changed},
        )
    return consultation


# --- cases --------------------------------------------------------------------------------------------
CASE_EDIT_FIELDS = (
    "case_type",
    "channel",
    "migration_stage",
    "destination_country_id",
    "legal_status",
    "exploitation_types",
    "means_of_control",
    "recruitment_methods",
    "recruitment_apps",
    "recruiter_relationship",
    "risk_level",
    "highly_sensitive",
    "summary",
)


@dataclass
class CaseInput:
    case_type: str = ""
    channel: str = ""
    migration_stage: str = ""
    destination_country_id: str | None = None
    transit_country_ids: list[str] = field(default_factory=list)
    legal_status: str = LegalStatus.NOT_ASSESSED
    exploitation_types: list[str] = field(default_factory=list)
    means_of_control: list[str] = field(default_factory=list)
    recruitment_methods: list[str] = field(default_factory=list)
    recruitment_apps: list[str] = field(default_factory=list)
    recruiter_relationship: str = ""
    risk_level: str = RiskLevel.MEDIUM
    highly_sensitive: bool = False
    summary: str = ""
    opened_on: Any = None

    @classmethod
    def from_case(cls, case: Case) -> CaseInput:
        return cls(
            **{k: getattr(case, k) for k in CASE_EDIT_FIELDS},
            transit_country_ids=sorted(case.transit_countries.values_list("pk", flat=True)),
            opened_on=case.opened_on,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean_case(data: CaseInput) -> dict[str, Any]:
    e = _Errors()
    out: dict[str, Any] = {
        "case_type": _choice(e, "case_type", data.case_type, CaseType.values),
        "channel": _choice(e, "channel", data.channel, IntakeChannel.values),
        "migration_stage": _choice(e, "migration_stage", data.migration_stage, MigrationStage.values),
        "destination_country_id": _fk(e, "destination_country", Country, data.destination_country_id),
        "legal_status": _choice(e, "legal_status", data.legal_status or LegalStatus.NOT_ASSESSED, LegalStatus.values),
        "exploitation_types": _choices(e, "exploitation_types", data.exploitation_types, ExploitationType.values),
        "means_of_control": _choices(e, "means_of_control", data.means_of_control, MeansOfControl.values),
        "recruitment_methods": _choices(e, "recruitment_methods", data.recruitment_methods, RecruitmentMethod.values),
        "recruitment_apps": _choices(e, "recruitment_apps", data.recruitment_apps, RecruitmentApp.values),
        "recruiter_relationship": _choice(
            e, "recruiter_relationship", data.recruiter_relationship, RecruiterRelationship.values, required=False
        ),
        "risk_level": _choice(e, "risk_level", data.risk_level or RiskLevel.MEDIUM, RiskLevel.values),
        "highly_sensitive": bool(data.highly_sensitive),
        "summary": _text(e, "summary", data.summary),
    }
    transit = sorted({str(c).upper() for c in (data.transit_country_ids or []) if str(c)})
    if transit:
        known = set(Country.objects.filter(pk__in=transit).values_list("pk", flat=True))
        if bad := [c for c in transit if c not in known]:
            e.add("transit_countries", _("Unknown value: %(values)s.") % {"values": ", ".join(bad[:5])})
    opened_on = _date(e, "opened_on", data.opened_on) if data.opened_on not in (None, "") else None
    if opened_on and opened_on > timezone.localdate():
        e.add("opened_on", _("The date cannot be in the future."))
    e.raise_if_any()
    out["_transit"] = transit
    out["_opened_on"] = opened_on
    return out


def _next_case_number(agency: Agency, year: int) -> str:
    """HN-MRC-2026-000123: per agency and year, never reused, safe under concurrent openings.

    The counter row is bumped with an UPDATE (a row lock on PostgreSQL, the write lock on SQLite)
    before it is read, inside the caller's transaction, so two openings never get the same number.
    """
    if not CaseSequence.objects.filter(agency=agency, year=year).exists():
        try:
            with transaction.atomic():
                CaseSequence.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:
            pass  # another opening created it first
    CaseSequence.objects.filter(agency=agency, year=year).update(last=F("last") + 1)
    last = CaseSequence.objects.filter(agency=agency, year=year).values_list("last", flat=True).get()
    return f"{agency.code}-{year}-{last:06d}"


def case_open(
    *,
    actor: Any,
    person: Person,
    data: CaseInput,
    intake: IntakeItem | None = None,
    consultation: Consultation | None = None,
) -> Case:
    """Open a case for a person the actor may see. The opener becomes its caseworker if they are one."""
    from safepath.core.roles import Role

    _require(actor, "cases.add_case", message=_("You may not open cases."))
    _require(actor, "people.view_person", person)
    if intake is not None:
        _require(actor, "cases.change_intake", intake)
    values = _clean_case(data)
    transit, opened_on = values.pop("_transit"), values.pop("_opened_on")
    if values["highly_sensitive"] and not (actor.role_codes & {Role.CASEWORKER, Role.SUPERVISOR}):
        # Nobody else could open it: the case would be lost to everyone.
        raise ValidationError(
            {
                "highly_sensitive": [
                    _("Only a caseworker or supervisor can open a highly sensitive case; ask a supervisor to mark it.")
                ]
            }
        )
    agency = actor.agency
    with transaction.atomic():
        number = _next_case_number(agency, (opened_on or timezone.localdate()).year)
        case = Case.objects.create(
            number=number,
            agency=agency,
            person=person,
            intake=intake,
            created_by=actor,
            caseworker=actor if Role.CASEWORKER in actor.role_codes else None,
            supervisor=actor if Role.SUPERVISOR in actor.role_codes else None,
            opened_on=opened_on or timezone.localdate(),
            **values,
        )
        if transit:
            case.transit_countries.set(transit)
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED, to_status=case.status, actor=actor)
        if intake is not None:
            _mark_converted(actor=actor, item=intake, person=person)
            Attachment.objects.filter(intake=intake).update(case=case)
        if consultation is not None and consultation.agency_id == actor.agency_id:
            consultation.case = case
            consultation.save(update_fields=["case", "updated_at"])
        audit_record(actor=actor, action=Action.CREATE, object_type="case", object_ids=[case.pk], seal_change_of=case)
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("agency").get(pk=case.pk)


def case_bump(case: Case, fields_: Sequence[str]) -> None:
    """Save these fields of a locked case and count the edit (the version that detects edit conflicts)."""
    case.version = case.version + 1
    case.save(update_fields=[*fields_, "version", "updated_at"])


def case_update(*, actor: Any, case: Case, data: CaseInput, expected_version: int) -> Case:
    """Save the case details. If someone saved in between, refuse with both versions (EditConflict).

    A save based on an older version goes through only when it changes nothing the other save
    changed: the fields where the user's values differ from what is stored now are the conflict.
    """
    _require(actor, "cases.change_case", case)
    values = _clean_case(data)
    transit = values.pop("_transit")
    values.pop("_opened_on")
    with transaction.atomic():
        current = _locked(case)
        current_transit = sorted(current.transit_countries.values_list("pk", flat=True))
        changed = sorted(k.removesuffix("_id") for k, v in values.items() if getattr(current, k) != v)
        if transit != current_transit:
            changed.append("transit_countries")
        if not changed:
            return current
        if current.version != expected_version:
            raise EditConflict(
                _("Someone else saved this case while you were editing it. Nothing was overwritten."),
                current=current,
                attempted={**values, "transit_country_ids": transit},
                changed_fields=changed,
            )
        if values["highly_sensitive"] and not (policy.on_case_team(actor, current) or policy.is_supervisor(actor)):
            raise ValidationError(
                {
                    "highly_sensitive": [
                        _("Only the assigned caseworker or a supervisor can mark a case highly sensitive.")
                    ]
                }
            )
        for k, v in values.items():
            setattr(current, k, v)
        case_bump(current, list(values))
        if "transit_countries" in changed:
            current.transit_countries.set(transit)
        CaseEvent.objects.create(case=current, kind=CaseEvent.Kind.UPDATED, actor=actor, detail={"fields": changed})
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="case",
            object_ids=[current.pk],
            detail={"fields": changed},
            seal_change_of=current,
        )
    return current


def _event(case: Case, actor: Any, kind: str, *, note: str = "", **kwargs: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=actor, kind=kind, note=note, **kwargs)


def _audit_case(actor: Any, case: Case, **detail: Any) -> None:
    audit_record(
        actor=actor, action=Action.UPDATE, object_type="case", object_ids=[case.pk], detail=detail, seal_change_of=case
    )


def case_transition(*, actor: Any, case: Case, to_status: str, note: str = "") -> Case:
    """Move an open case to another open status (closing has its own functions)."""
    _require(actor, "cases.change_case", case)
    e = _Errors()
    to_status = _choice(e, "status", to_status, CaseStatus.values)
    note = _text(e, "note", note, limit=2000)
    e.raise_if_any()
    if to_status == CaseStatus.CLOSED:
        raise ValidationError(_("Use 'Close the case' to close it, with a reason."))
    with transaction.atomic():
        current = _locked(case)
        if not workflow.is_allowed(current.status, to_status):
            raise ValidationError(
                _("A case in %(from)s cannot move to %(to)s.")
                % {"from": CaseStatus(current.status).label, "to": CaseStatus(to_status).label}
            )
        before = current.status
        current.status = to_status
        case_bump(current, ["status"])
        _event(current, actor, CaseEvent.Kind.STATUS, from_status=before, to_status=to_status, note=note)
        _audit_case(actor, current, fields=["status"], transition=[before, to_status])
    return current


CLOSURE_REQUEST_FIELDS = [
    "closure_requested_at",
    "closure_requested_by",
    "closure_request_reason",
    "closure_request_note",
]


def _set_closure_request(case: Case, at: Any = None, by: Any = None, reason: str = "", note: str = "") -> list[str]:
    """Record (or, with no arguments, clear) a request to close; returns the fields to save."""
    case.closure_requested_at, case.closure_requested_by = at, by
    case.closure_request_reason, case.closure_request_note = reason, note
    return CLOSURE_REQUEST_FIELDS


def _close(current: Case, actor: Any, reason: str, note: str, kind: str) -> None:
    before = current.status
    current.status, current.closure_reason, current.closed_on = CaseStatus.CLOSED, reason, timezone.localdate()
    case_bump(current, ["status", "closure_reason", "closed_on", *_set_closure_request(current)])
    Task.objects.filter(case=current, status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
    _event(current, actor, kind, from_status=before, to_status=CaseStatus.CLOSED, reason=reason, note=note)
    _audit_case(actor, current, fields=["status"], transition=[before, CaseStatus.CLOSED], reason=reason)


def case_request_closure(*, actor: Any, case: Case, reason: str, note: str = "") -> Case:
    """Close the case, or ask for approval first when the agency requires it and the actor is no supervisor."""
    _require(actor, "cases.change_case", case)
    e = _Errors()
    reason = _choice(e, "reason", reason, ClosureReason.values)
    note = _text(e, "note", note, limit=2000)
    if reason == ClosureReason.OTHER and not note:
        e.add("note", _("Say why the case is closed."))
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(case)
        if current.status == CaseStatus.CLOSED:
            raise ValidationError(_("This case is already closed."))
        if current.closure_pending:
            raise ValidationError(_("Closing this case is already waiting for approval."))
        if not current.agency.closure_needs_approval or actor.has_perm("cases.approve_closure", current):
            _close(current, actor, reason, note, CaseEvent.Kind.STATUS)
            return current
        case_bump(current, _set_closure_request(current, timezone.now(), actor, reason, note))
        _event(current, actor, CaseEvent.Kind.CLOSURE_REQUESTED, reason=reason, note=note)
        _audit_case(actor, current, fields=["closure_requested_at"], reason=reason)
    return current


def case_decide_closure(*, actor: Any, case: Case, approve: bool, note: str = "") -> Case:
    """A supervisor approves a pending closure (the case closes) or sends it back with a note."""
    _require(actor, "cases.approve_closure", case, _("Only the case's supervisor can approve closing it."))
    e = _Errors()
    note = _text(e, "note", note, limit=2000)
    if not approve and not note:
        e.add("note", _("Say what is still needed before the case can close."))
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(case)
        if not current.closure_pending:
            raise ValidationError(_("No closure is waiting for approval on this case."))
        if approve:
            _close(current, actor, current.closure_request_reason, note, CaseEvent.Kind.CLOSURE_APPROVED)
        else:
            case_bump(current, _set_closure_request(current))
            _event(current, actor, CaseEvent.Kind.CLOSURE_REJECTED, note=note)
            _audit_case(actor, current, fields=["closure_requested_at"])
    return current


def case_reopen(*, actor: Any, case: Case, note: str) -> Case:
    _require(actor, "cases.reopen_case", case, _("Only a supervisor can reopen a closed case."))
    e = _Errors()
    note = _text(e, "note", note, limit=2000, required=True)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(case)
        if current.status != CaseStatus.CLOSED:
            raise ValidationError(_("Only a closed case can be reopened."))
        current.status, current.closed_on, current.closure_reason = workflow.REOPEN_TO, None, ""
        case_bump(current, ["status", "closed_on", "closure_reason"])
        _event(
            current, actor, CaseEvent.Kind.REOPENED, from_status=CaseStatus.CLOSED, to_status=current.status, note=note
        )
        _audit_case(actor, current, fields=["status"], transition=[CaseStatus.CLOSED, current.status])
    return current


def case_assign(*, actor: Any, case: Case, caseworker_id: Any, supervisor_id: Any, note: str = "") -> Case:
    """Assign or reassign the caseworker and supervisor (a supervisor's decision)."""
    from safepath.core.roles import Role

    _require(actor, "cases.assign_case", case, _("Only a supervisor can assign cases."))
    e = _Errors()
    worker = agency_member(
        e, "caseworker", case.agency_id, caseworker_id, frozenset({Role.CASEWORKER, Role.SUPERVISOR})
    )
    supervisor = agency_member(e, "supervisor", case.agency_id, supervisor_id, frozenset({Role.SUPERVISOR}))
    note = _text(e, "note", note, limit=2000)
    e.raise_if_any()
    with transaction.atomic():
        current = _locked(case)
        before = {"caseworker": current.caseworker_id, "supervisor": current.supervisor_id}
        after = {"caseworker": worker.pk if worker else None, "supervisor": supervisor.pk if supervisor else None}
        if before == after:
            return current
        current.caseworker, current.supervisor = worker, supervisor
        case_bump(current, ["caseworker", "supervisor"])
        _event(current, actor, CaseEvent.Kind.ASSIGNED, note=note, detail={"before": before, "after": after})
        _audit_case(actor, current, fields=[k for k in before if before[k] != after[k]])
    return current


# --- case content ---------------------------------------------------------------------------------------
def note_add(*, actor: Any, case: Case, body: str) -> Note:
    _require(actor, "cases.change_case", case)
    e = _Errors()
    body = _text(e, "body", body, required=True)
    e.raise_if_any()
    with transaction.atomic():
        note = Note.objects.create(case=case, body=body, author=actor)
        audit_record(
            actor=actor, action=Action.CREATE, object_type="note", object_ids=[note.pk], detail={"case": str(case.pk)}
        )
    return note


def task_add(
    *, actor: Any, case: Case, title: str, due_on: Any, assigned_to_id: Any = None, kind: str = TaskKind.TASK
) -> Task:
    from safepath.core.roles import Role

    _require(actor, "cases.change_case", case)
    e = _Errors()
    title = _text(e, "title", title, limit=MAX_SHORT, required=True)
    due = _date(e, "due_on", due_on, required=True)
    kind = _choice(e, "kind", kind or TaskKind.TASK, TaskKind.values)
    assignee = agency_member(
        e, "assigned_to", case.agency_id, assigned_to_id, frozenset(policy.CASE_WRITERS | {Role.SHELTER_STAFF})
    )
    e.raise_if_any()
    assert due is not None  # required: _date added an error otherwise
    with transaction.atomic():
        task = Task.objects.create(
            case=case, title=title, due_on=due, kind=kind, assigned_to=assignee or actor, created_by=actor
        )
        audit_record(
            actor=actor, action=Action.CREATE, object_type="task", object_ids=[task.pk], detail={"case": str(case.pk)}
        )
    return task


def task_set_status(*, actor: Any, task: Task, status: str) -> Task:
    """Mark a task done, cancel it, or open it again (undo)."""
    _require(actor, "cases.change_case", task.case)
    e = _Errors()
    status = _choice(e, "status", status, TaskStatus.values)
    e.raise_if_any()
    if task.status == status:
        return task
    with transaction.atomic():
        task.status = status
        task.completed_at, task.completed_by = (timezone.now(), actor) if status == TaskStatus.DONE else (None, None)
        task.save(update_fields=["status", "completed_at", "completed_by"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="task",
            object_ids=[task.pk],
            detail={"fields": ["status"], "status": status},
        )
    return task


@dataclass
class ConsentInput:
    purpose: str = ""
    method: str = ""
    given_on: Any = None
    expires_on: Any = None
    recipient_agency_id: Any = None
    recipient_other: str = ""
    given_by_guardian: str = ""
    notes: str = ""


def consent_record(*, actor: Any, person: Person, case: Case | None, data: ConsentInput) -> Consent:
    """Record what the person agreed to. Silence is not consent: purpose, method and date are required."""
    if case is not None:
        _require(actor, "cases.change_case", case)
        if case.person_id != person.pk:
            raise ValidationError(_("This consent must be about the person of the case."))
    else:
        _require(actor, "people.change_person", person)
    e = _Errors()
    values: dict[str, Any] = {
        "purpose": _choice(e, "purpose", data.purpose, ConsentPurpose.values),
        "method": _choice(e, "method", data.method, ConsentMethod.values),
        "given_on": _date(e, "given_on", data.given_on, required=True),
        "expires_on": _date(e, "expires_on", data.expires_on),
        "recipient_agency_id": _fk(e, "recipient_agency", Agency, data.recipient_agency_id),
        "recipient_other": _text(e, "recipient_other", data.recipient_other, limit=200),
        "given_by_guardian": _text(e, "given_by_guardian", data.given_by_guardian, limit=200),
        "notes": _text(e, "notes", data.notes, limit=2000),
    }
    if values["given_on"] and values["given_on"] > timezone.localdate():
        e.add("given_on", _("The date cannot be in the future."))
    if values["given_on"] and values["expires_on"] and values["expires_on"] < values["given_on"]:
        e.add("expires_on", _("The end date cannot be before the date consent was given."))
    if values["method"] == ConsentMethod.GUARDIAN and not values["given_by_guardian"]:
        e.add("given_by_guardian", _("Name the parent or guardian who gave consent."))
    needs_recipient = values["purpose"] in (ConsentPurpose.REFERRAL, ConsentPurpose.TRANSFER)
    if needs_recipient and not (values["recipient_agency_id"] or values["recipient_other"]):
        e.add("recipient_agency", _("Say with whom the information may be shared."))
    e.raise_if_any()
    with transaction.atomic():
        consent = Consent.objects.create(person=person, case=case, recorded_by=actor, **values)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="consent",
            object_ids=[consent.pk],
            detail={"person": str(person.pk), "purpose": values["purpose"]},
        )
    return consent


# Apps that shared data under a consent register here (in their AppConfig.ready) to stop sharing
# when it is withdrawn; each hook runs inside the withdrawal's transaction.
CONSENT_WITHDRAWAL_HOOKS: list[Any] = []


def consent_withdraw(*, actor: Any, consent: Consent, withdrawn_on: Any = None, note: str = "") -> Consent:
    if consent.case is not None:
        _require(actor, "cases.view_case", consent.case)
        if not policy.writes_cases(actor):
            raise PermissionDenied(_("You may not do this."))
    else:
        _require(actor, "people.change_person", consent.person)
    e = _Errors()
    day = _date(e, "withdrawn_on", withdrawn_on) or timezone.localdate()
    note = _text(e, "note", note, limit=2000)
    if day > timezone.localdate():
        e.add("withdrawn_on", _("The date cannot be in the future."))
    if day < consent.given_on:
        e.add("withdrawn_on", _("Consent cannot be withdrawn before it was given."))
    e.raise_if_any()
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        consent.withdrawn_on, consent.withdrawal_note, consent.withdrawn_by = day, note, actor
        consent.save(update_fields=["withdrawn_on", "withdrawal_note", "withdrawn_by"])
        if day <= timezone.localdate():
            for hook in CONSENT_WITHDRAWAL_HOOKS:
                hook(consent, actor)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="consent",
            object_ids=[consent.pk],
            detail={"fields": ["withdrawn_on"]},
        )
    return consent


def recruiter_contact_add(*, actor: Any, case: Case, kind: str, value: str) -> RecruiterContact:
    """A phone number or account the recruiter used; the portal's job-offer check looks it up blind."""
    _require(actor, "cases.change_case", case)
    e = _Errors()
    kind = _choice(e, "kind", kind, RecruiterContactKind.values)
    value = _text(e, "value", value, limit=200, required=True)
    e.raise_if_any()
    normalized = recruiter_contact_key(kind, value)
    if not normalized:
        raise ValidationError(
            {
                "value": [
                    _(
                        "This is not a valid phone number. Write it as 0912 345 678, or +country code for a foreign number."
                    )
                ]
            }
        )
    with transaction.atomic():
        contact = RecruiterContact.objects.create(
            case=case,
            kind=kind,
            value=value,
            value_bidx=_bidx(normalized, RECRUITER_CONTACT_PURPOSE),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="case",
            object_ids=[case.pk],
            detail={"fields": ["recruiter_contacts"]},
        )
    return contact


# The blind-index purpose of recruiter contacts: the portal's job-offer check looks them up under it.
RECRUITER_CONTACT_PURPOSE = "recruiter.contact"


def recruiter_contact_key(kind: str, value: str) -> str:
    """The normalised form a recruiter contact is indexed under: E.164 for phones, a folded handle otherwise."""
    if kind == RecruiterContactKind.PHONE:
        try:
            return normalize_phone(value)
        except InvalidPhoneNumber:
            return ""
    handle = fold(value).strip().lstrip("@").rstrip("/")
    for prefix in ("https://", "http://", "www.", "m.", "facebook.com/", "fb.com/", "t.me/", "zalo.me/"):
        handle = handle.removeprefix(prefix)
    return handle


# --- attachments ----------------------------------------------------------------------------------------
# Content sniffing: the first bytes of each accepted type. The browser's content type is not trusted.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),  # docx, xlsx, odt are zip containers
    (b"\xd0\xcf\x11\xe0", "application/msword"),  # legacy .doc / .xls
)
_EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/zip": {".docx", ".xlsx", ".odt", ".ods", ".pptx"},
    "application/msword": {".doc", ".xls"},
    "text/plain": {".txt", ".csv", ".eml"},
}


def sniff_content_type(filename: str, content: bytes) -> str | None:
    """The type of a file judged by its bytes and its extension; None when it is not accepted."""
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = next((t for sig, t in _SIGNATURES if content.startswith(sig)), None)
    if kind is None and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        kind = "image/webp"
    if kind is None:
        try:
            content[:4096].decode("utf-8")
            kind = "text/plain" if b"\x00" not in content[:4096] else None
        except UnicodeDecodeError:
            kind = None
    if kind is None or ext not in _EXTENSIONS[kind]:
        return None
    if kind == "application/zip":
        return {
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".odt": "application/vnd.oasis.opendocument.text",
            ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        }[ext]
    return kind


def _store_attachment(
    *,
    owner: dict[str, Any],
    filename: str,
    content_type: str,
    content: bytes,
    kind: str,
    actor: Any,
    description: str = "",
    check_type: bool = True,
) -> Attachment:
    limit = settings.SAFEPATH_ATTACHMENT_MAX_BYTES
    filename = (clean_text(filename) or "file").replace("/", "_").replace("\\", "_")[:200]
    if len(content) > limit:
        raise ValidationError(
            {"file": [_("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]}
        )
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    sniffed = sniff_content_type(filename, content)
    if check_type and sniffed is None:
        raise ValidationError(
            {
                "file": [
                    _(
                        "This kind of file is not accepted. Use PDF, JPEG, PNG, GIF, WebP, Word, Excel, OpenDocument or plain text."
                    )
                ]
            }
        )
    return Attachment.objects.create(
        filename=filename,
        content_type=sniffed or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,  # type: ignore[misc]  # EncryptedBinaryField takes bytes
        kind=kind,
        description=description,
        uploaded_by=actor,
        **owner,
    )


def attachment_add(
    *, actor: Any, case: Case, filename: str, content: bytes, kind: str = AttachmentKind.DOCUMENT, description: str = ""
) -> Attachment:
    _require(actor, "cases.change_case", case)
    e = _Errors()
    kind = _choice(e, "kind", kind, AttachmentKind.values)
    description = _text(e, "description", description, limit=MAX_SHORT)
    e.raise_if_any()
    with transaction.atomic():
        att = _store_attachment(
            owner={"case": case},
            filename=filename,
            content_type="",
            content=content,
            kind=kind,
            actor=actor,
            description=description,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="attachment",
            object_ids=[att.pk],
            detail={"case": str(case.pk)},
        )
    return att
