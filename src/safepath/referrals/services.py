"""Referrals and transfers: consent first, the fewest fields, an answer in time, everything audited.

* A referral or transfer is refused, and nothing is written or shared, unless the person's consent
  for that purpose and that recipient is on record and in force.
* The receiver gets a copy of the fields the sender chose; withdrawing the consent empties every copy
  made under it and stops the referrals and transfers still open.
* Each step notifies the other side (in the app, and by e-mail after the transaction commits).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency
from safepath.accounts.selectors import agency_staff
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.choices import ConsentPurpose, Urgency
from safepath.cases.models import Case, CaseEvent, Consent
from safepath.cases.services import case_bump
from safepath.core import policy
from safepath.core.normalize import fold
from safepath.core.roles import Role
from safepath.core.validate import Errors
from safepath.core.validate import choice as _choice
from safepath.core.validate import date as _date
from safepath.core.validate import require as _require
from safepath.core.validate import text as _text
from safepath.directory.models import ServiceProvider
from safepath.notifications.services import notify
from safepath.plans.choices import ServiceType
from safepath.referrals import sharing
from safepath.referrals.choices import (
    DeclineReason,
    ReferralOutcome,
    ReferralStatus,
    TransferStatus,
)
from safepath.referrals.models import CaseTransfer, ReferenceSequence, Referral, ReferralEvent

TRANSFER_ANSWER_DAYS = 5


class ConsentMissing(ValidationError):
    """No consent in force for this purpose and recipient: the referral or transfer is refused."""


# --- consent ------------------------------------------------------------------------------------------
def _names_match(recorded: str, provider: ServiceProvider) -> bool:
    wanted = fold(recorded).strip()
    return bool(wanted) and wanted in {fold(provider.name_vi).strip(), fold(provider.name_en or "").strip()}


def consent_for(
    *, case: Case, purpose: str, to_agency: Agency | None = None, provider: ServiceProvider | None = None
) -> Consent | None:
    """The person's consent in force today for this purpose and recipient, if any.

    A SafePath recipient must be named as the consent's agency; an outside organisation by its name
    (as the directory writes it, in either language; case and accents aside). A consent recorded on
    another case of the same person does not count; one recorded on the person (no case) does.
    """
    today = timezone.localdate()
    candidates = Consent.objects.filter(person_id=case.person_id, purpose=purpose, given_on__lte=today).filter(
        Q(case=case) | Q(case__isnull=True)
    )
    for consent in candidates.order_by("-given_on", "-created_at"):
        if not consent.is_active_on(today):
            continue
        if to_agency is not None and consent.recipient_agency_id == to_agency.pk:
            return consent
        if to_agency is None and provider is not None and _names_match(consent.recipient_other, provider):
            return consent
    return None


def _refuse_without_consent(case: Case, purpose: str, recipient: str) -> None:
    raise ConsentMissing(
        {
            "consent": [
                _(
                    "%(person)s has not consented to share information with %(recipient)s for this purpose. "
                    "Record the person's consent first (purpose: %(purpose)s); nothing was shared."
                )
                % {
                    "person": _("The person"),
                    "recipient": recipient,
                    "purpose": ConsentPurpose(purpose).label,
                }
            ]
        }
    )


# --- shared parts -------------------------------------------------------------------------------------
def _next_reference(agency: Agency, prefix: str) -> str:
    """REF26-LC-RC-00012: per agency, year and kind; never reused, safe under concurrent sends.

    Shaped unlike a case number (HN-MRC-2026-000123), so the two are never confused.
    """
    year = timezone.localdate().year
    try:
        with transaction.atomic():
            ReferenceSequence.objects.get_or_create(agency=agency, year=year, prefix=prefix)
    except IntegrityError:
        pass
    ReferenceSequence.objects.filter(agency=agency, year=year, prefix=prefix).update(last=F("last") + 1)
    last = (
        ReferenceSequence.objects.filter(agency=agency, year=year, prefix=prefix).values_list("last", flat=True).get()
    )
    return f"{prefix}{year % 100:02d}-{agency.code}-{last:05d}"


def _fields(e: Errors, name: str, codes: Any) -> list[str]:
    chosen = [str(c) for c in (codes or [])]
    if bad := [c for c in chosen if c not in sharing.CODES]:
        e.add(name, _("Unknown value: %(values)s.") % {"values": ", ".join(bad[:5])})
    chosen = [c for c in sharing.CODES if c in chosen]
    if not chosen:
        e.add(name, _("Choose at least one field to share."))
    return chosen


def _sender_side(case: Case, sent_by: Any) -> list[Any]:
    return [u for u in (sent_by, case.caseworker) if u is not None]


def _event(case: Case, actor: Any, kind: str, **detail: Any) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, detail=detail)


def _locked_referral(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "provider", "to_agency", "from_agency")
        .get(pk=referral.pk)
    )


def referral_params(r: Referral) -> dict[str, Any]:
    return {
        "reference": r.reference,
        "from_agency": r.from_agency.code,
        "to_agency": r.to_agency.code if r.to_agency is not None else r.provider.name,
        "service": str(ServiceType(r.service_type).label),
        "due_on": r.answer_by.strftime("%d/%m/%Y"),
        "sent_on": r.sent_at.date().strftime("%d/%m/%Y"),
    }


def _audit(actor: Any, action: str, object_type: str, record: Any, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_ids=[record.pk],
        detail=detail,
        also={"case": [record.case_id]},
    )


# --- referrals: the sending side --------------------------------------------------------------------
def referral_create(
    *,
    actor: Any,
    case: Case,
    provider: ServiceProvider | None,
    service_type: str,
    fields: Any,
    note: str = "",
    planned_service: Any = None,
    urgency: str = Urgency.NORMAL,
    answer_by: Any = None,
) -> Referral:
    """Refer the person to a provider. Refused (and nothing shared) without the person's consent."""
    _require(actor, "referrals.add_referral", case)
    e = Errors()
    if provider is None or not provider.is_active:
        e.add("provider", _("Choose a provider from the directory."))
    values = {
        "service_type": _choice(e, "service_type", service_type, ServiceType.values),
        "urgency": _choice(e, "urgency", urgency or Urgency.NORMAL, Urgency.values),
        "fields": _fields(e, "fields", fields),
        "note": _text(e, "note", note, limit=2000),
    }
    due = _date(e, "answer_by", answer_by) if answer_by not in (None, "") else None
    if due is not None and due < timezone.localdate():
        e.add("answer_by", _("The date cannot be in the past."))
    if planned_service is not None and planned_service.goal.plan.case_id != case.pk:
        e.add("planned_service", _("This planned service belongs to another case."))
    if provider is not None and provider.agency_id == case.agency_id:
        e.add("provider", _("This is your own agency: plan the service in the care plan instead."))
    e.raise_if_any()
    assert provider is not None
    to_agency = provider.agency if provider.agency is not None and provider.agency.is_active else None
    if provider.agency_id and to_agency is None:
        raise ValidationError({"provider": [_("This agency is no longer active in SafePath.")]})
    consent = consent_for(case=case, purpose=ConsentPurpose.REFERRAL, to_agency=to_agency, provider=provider)
    if consent is None:
        _refuse_without_consent(case, ConsentPurpose.REFERRAL, provider.name)
    assert consent is not None
    if due is None:
        due = timezone.localdate() + dt.timedelta(days=provider.response_days or 3)
    with transaction.atomic():
        referral = Referral.objects.create(
            reference=_next_reference(case.agency, "REF"),
            case=case,
            from_agency=case.agency,
            provider=provider,
            to_agency=to_agency,
            planned_service=planned_service,
            consent=consent,
            shared=sharing.snapshot(case, values["fields"]),
            sent_by=actor,
            answer_by=due,
            **values,
        )
        ReferralEvent.objects.create(referral=referral, status=ReferralStatus.SENT, actor=actor)
        if planned_service is not None:
            planned_service.provider = "referral"
            planned_service.provider_name = provider.name_vi[:200]
            planned_service.save(update_fields=["provider", "provider_name"])
        _event(case, actor, CaseEvent.Kind.REFERRED, referral=str(referral.pk), reference=referral.reference)
        case_bump(case, [])
        _audit(actor, Action.CREATE, "referral", referral, fields=values["fields"], to=str(provider.pk))
        if to_agency is not None:
            notify(
                recipients=agency_staff(agency_id=to_agency.pk, roles=policy.REFERRAL_HANDLERS),
                kind="referral_received",
                target_url=reverse("referrals:detail", args=[referral.pk]),
                params=referral_params(referral),
            )
    return referral


def referral_withdraw(*, actor: Any, referral: Referral, note: str = "") -> Referral:
    _require(actor, "referrals.change_referral", referral)
    e = Errors()
    note = _text(e, "note", note, limit=2000)
    e.raise_if_any()
    with transaction.atomic():
        r = _locked_referral(referral)
        if not r.is_open:
            raise ValidationError(_("This referral is no longer open."))
        r.status, r.closed_at, r.answer_note = ReferralStatus.WITHDRAWN, timezone.now(), note
        r.shared = {}
        r.version += 1
        r.save(update_fields=["status", "closed_at", "answer_note", "shared", "version", "updated_at"])
        ReferralEvent.objects.create(referral=r, status=r.status, actor=actor)
        _audit(actor, Action.UPDATE, "referral", r, fields=["status"], status=r.status)
        if r.to_agency_id:
            notify(
                recipients=agency_staff(agency_id=r.to_agency_id, roles=policy.REFERRAL_HANDLERS),
                kind="referral_withdrawn",
                target_url=reverse("referrals:inbox"),
                params={**referral_params(r), "reason": str(ReferralStatus.WITHDRAWN.label)},
            )
    return r


# --- referrals: the receiving side (or the sender, for an outside organisation) ----------------------
def _may_answer(actor: Any, referral: Referral) -> None:
    """The receiving agency answers; for an outside organisation the sender records its answer."""
    if referral.outside:
        _require(actor, "referrals.change_referral", referral)
    else:
        _require(actor, "referrals.answer_referral", referral)


def _advance(actor: Any, referral: Referral, allowed: tuple[str, ...], to: str, **values: Any) -> Referral:
    with transaction.atomic():
        r = _locked_referral(referral)
        if r.status not in allowed:
            raise ValidationError(
                _("This referral is %(status)s; it cannot be changed this way.")
                % {"status": ReferralStatus(r.status).label.lower()}
            )
        if r.status == ReferralStatus.CONSENT_WITHDRAWN:
            raise ValidationError(_("The person withdrew consent: nothing more may be shared."))
        for name, value in values.items():
            setattr(r, name, value)
        r.status = to
        if to in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED) and r.answered_at is None:
            r.answered_at, r.answered_by = timezone.now(), actor
        if to in (ReferralStatus.DECLINED, ReferralStatus.DELIVERED):
            r.closed_at = timezone.now()
        r.version += 1
        r.save()
        ReferralEvent.objects.create(referral=r, status=to, actor=actor, on_behalf=r.outside)
        _audit(actor, Action.UPDATE, "referral", r, fields=["status", *values], status=to)
        if to == ReferralStatus.DELIVERED and r.planned_service_id:
            from safepath.plans.models import PlannedService

            PlannedService.objects.filter(pk=r.planned_service_id).update(
                status="delivered", delivered_on=r.delivered_on
            )
        if not r.outside:
            kind = {
                ReferralStatus.ACCEPTED: "referral_accepted",
                ReferralStatus.DECLINED: "referral_declined",
                ReferralStatus.BOOKED: "referral_booked",
                ReferralStatus.DELIVERED: "referral_completed",
            }[ReferralStatus(to)]
            params = referral_params(r)
            if r.booked_for:
                params["booked_for"] = r.booked_for.strftime("%d/%m/%Y")
            notify(
                recipients=_sender_side(r.case, r.sent_by),
                kind=kind,
                target_url=reverse("referrals:detail", args=[r.pk]),
                params=params,
            )
    return r


def referral_answer(*, actor: Any, referral: Referral, accept: bool, reason: str = "", note: str = "") -> Referral:
    _may_answer(actor, referral)
    e = Errors()
    note = _text(e, "note", note, limit=2000)
    reason = "" if accept else _choice(e, "reason", reason, DeclineReason.values)
    e.raise_if_any()
    to = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    return _advance(actor, referral, (ReferralStatus.SENT,), to, decline_reason=reason, answer_note=note)


def referral_book(*, actor: Any, referral: Referral, booked_for: Any, note: str = "") -> Referral:
    _may_answer(actor, referral)
    e = Errors()
    day = _date(e, "booked_for", booked_for, required=True)
    note = _text(e, "note", note, limit=2000)
    e.raise_if_any()
    allowed = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.BOOKED)
    return _advance(actor, referral, allowed, ReferralStatus.BOOKED, booked_for=day, booking_note=note)


def referral_deliver(*, actor: Any, referral: Referral, delivered_on: Any, outcome: str, note: str = "") -> Referral:
    _may_answer(actor, referral)
    e = Errors()
    day = _date(e, "delivered_on", delivered_on, required=True)
    outcome = _choice(e, "outcome", outcome, ReferralOutcome.values)
    note = _text(e, "note", note, limit=2000)
    if day and day > timezone.localdate():
        e.add("delivered_on", _("The date cannot be in the future."))
    e.raise_if_any()
    allowed = (ReferralStatus.ACCEPTED, ReferralStatus.BOOKED)
    return _advance(
        actor, referral, allowed, ReferralStatus.DELIVERED, delivered_on=day, outcome=outcome, outcome_note=note
    )


def referral_open_case(*, actor: Any, referral: Referral, case_type: str, channel: str = "referral_in") -> Case:
    """The receiving agency opens its own case from an accepted referral, with the shared fields only."""
    from safepath.cases.services import CaseInput, case_open
    from safepath.people.services import PersonInput, person_register

    _require(actor, "referrals.answer_referral", referral)
    referral = Referral.objects.get(pk=referral.pk)  # the stored state, not the caller's copy
    if referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.BOOKED, ReferralStatus.DELIVERED):
        raise ValidationError(_("Accept the referral before opening a case from it."))
    if referral.receiver_case_id:
        raise ValidationError(_("A case was already opened from this referral."))
    shared = referral.shared or {}
    name = shared.get("full_name") or {}
    if not isinstance(name, dict) or not (name.get("family") or name.get("given")):
        raise ValidationError(_("The sender did not share the person's name: register the person by hand."))
    age = shared.get("age")
    birth = shared.get("birth_date") or (str(timezone.localdate().year - int(age)) if age else "")
    with transaction.atomic():
        person = person_register(
            actor=actor,
            data=PersonInput(
                family_name=name.get("family", ""),
                middle_name=name.get("middle", ""),
                given_name=name.get("given", ""),
                sex=shared.get("sex") or "unknown",
                birth_date=birth,
                phone=shared.get("phone", ""),
                id_number=shared.get("id_number", ""),
                address=shared.get("address", ""),
                origin_province_id=shared.get("home_province") or None,
            ),
        )
        case = case_open(
            actor=actor,
            person=person,
            data=CaseInput(
                case_type=case_type,
                channel=channel,
                migration_stage="returned",
                legal_status=shared.get("legal_status") or "not_assessed",
                exploitation_types=list(shared.get("exploitation") or []),
                destination_country_id=shared.get("destination") or None,
                risk_level=shared.get("risk_level") or "medium",
            ),
        )
        Referral.objects.filter(pk=referral.pk).update(receiver_case=case, version=F("version") + 1)
        _audit(actor, Action.UPDATE, "referral", referral, fields=["receiver_case"])
    return case


def consent_withdrawn(consent: Consent, actor: Any = None) -> int:
    """Stop sharing under a withdrawn consent: empty every copy made under it, stop what is still open."""
    stopped = 0
    now = timezone.now()
    for r in (
        Referral.objects.select_for_update(of=("self",))
        .filter(consent=consent)
        .select_related("from_agency", "provider")
    ):
        fields_ = ["shared", "version", "updated_at"]
        r.shared = {}
        r.version += 1
        if r.is_open:
            r.status, r.closed_at = ReferralStatus.CONSENT_WITHDRAWN, now
            fields_ += ["status", "closed_at"]
            ReferralEvent.objects.create(referral=r, status=r.status, actor=actor)
            stopped += 1
            if r.to_agency_id:
                notify(
                    recipients=agency_staff(agency_id=r.to_agency_id, roles=policy.REFERRAL_HANDLERS),
                    kind="referral_withdrawn",
                    target_url=reverse("referrals:inbox"),
                    params={**referral_params(r), "reason": str(ReferralStatus.CONSENT_WITHDRAWN.label)},
                )
        r.save(update_fields=fields_)
        _audit(actor, Action.UPDATE, "referral", r, fields=["shared"], consent_withdrawn=True)
    for t in CaseTransfer.objects.select_for_update().filter(consent=consent, status=TransferStatus.PENDING):
        t.shared, t.status, t.answered_at = {}, TransferStatus.CONSENT_WITHDRAWN, now
        t.save(update_fields=["shared", "status", "answered_at"])
        _audit(actor, Action.UPDATE, "transfer", t, fields=["status", "shared"], consent_withdrawn=True)
        stopped += 1
    return stopped


# --- transfers ----------------------------------------------------------------------------------------
def transfer_start(
    *, actor: Any, case: Case, to_agency: Agency | None, note: str = "", fields: Any = None
) -> CaseTransfer:
    """Ask another agency to take over the case. Refused without consent to transfer to that agency."""
    _require(actor, "referrals.add_transfer", case)
    e = Errors()
    if to_agency is None or not to_agency.is_active:
        e.add("to_agency", _("Choose the agency that should take over the case."))
    elif to_agency.pk == case.agency_id:
        e.add("to_agency", _("The case is already with this agency."))
    chosen = _fields(e, "fields", fields if fields is not None else sharing.TRANSFER_DEFAULTS)
    note = _text(e, "note", note, limit=2000)
    e.raise_if_any()
    assert to_agency is not None
    consent = consent_for(case=case, purpose=ConsentPurpose.TRANSFER, to_agency=to_agency)
    if consent is None:
        _refuse_without_consent(case, ConsentPurpose.TRANSFER, to_agency.name)
    assert consent is not None
    if CaseTransfer.objects.filter(case=case, status=TransferStatus.PENDING).exists():
        raise ValidationError(_("A transfer of this case is already waiting for an answer."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                transfer = CaseTransfer.objects.create(
                    reference=_next_reference(case.agency, "TRF"),
                    case=case,
                    from_agency=case.agency,
                    to_agency=to_agency,
                    consent=consent,
                    fields=chosen,
                    shared=sharing.snapshot(case, chosen),
                    note=note,
                    sent_by=actor,
                    answer_by=timezone.localdate() + dt.timedelta(days=TRANSFER_ANSWER_DAYS),
                )
        except IntegrityError:
            raise ValidationError(_("A transfer of this case is already waiting for an answer.")) from None
        _event(case, actor, CaseEvent.Kind.TRANSFER_REQUESTED, transfer=str(transfer.pk), to=to_agency.code)
        _audit(actor, Action.CREATE, "transfer", transfer, fields=chosen, to=to_agency.code)
        notify(
            recipients=agency_staff(agency_id=to_agency.pk, roles=policy.SUPERVISORS),
            kind="transfer_received",
            target_url=reverse("referrals:transfer", args=[transfer.pk]),
            params=transfer_params(transfer),
        )
    return transfer


def transfer_params(t: CaseTransfer) -> dict[str, Any]:
    return {
        "reference": t.reference,
        "from_agency": t.from_agency.code,
        "to_agency": t.to_agency.code,
        "sent_on": t.sent_at.date().strftime("%d/%m/%Y"),
    }


def transfer_answer(
    *,
    actor: Any,
    transfer: CaseTransfer,
    accept: bool,
    caseworker_id: Any = None,
    reason: str = "",
    note: str = "",
) -> CaseTransfer:
    """The receiving agency's supervisor accepts (the case moves, they supervise it) or declines."""
    from safepath.cases.services import agency_member

    _require(actor, "referrals.answer_transfer", transfer)
    e = Errors()
    note = _text(e, "note", note, limit=2000)
    reason = "" if accept else _choice(e, "reason", reason, DeclineReason.values)
    worker = (
        agency_member(e, "caseworker", actor.agency_id, caseworker_id, frozenset({Role.CASEWORKER}))
        if accept and caseworker_id
        else None
    )
    e.raise_if_any()
    with transaction.atomic():
        t = (
            CaseTransfer.objects.select_for_update(of=("self",))
            .select_related("case", "from_agency", "to_agency")
            .get(pk=transfer.pk)
        )
        if t.status != TransferStatus.PENDING:
            raise ValidationError(_("This transfer was already answered or stopped."))
        consent = Consent.objects.get(pk=t.consent_id)
        if not consent.is_active_on(timezone.localdate()):
            raise ValidationError(_("The person withdrew consent: the case cannot be transferred."))
        t.answered_at, t.answered_by, t.answer_note, t.decline_reason = timezone.now(), actor, note, reason
        if accept:
            case = Case.objects.select_for_update().get(pk=t.case_id)
            t.status = TransferStatus.ACCEPTED
            t.from_caseworker_id, t.from_supervisor_id = case.caseworker_id, case.supervisor_id
            case.agency_id, case.caseworker, case.supervisor = t.to_agency_id, worker, actor
            case.save(update_fields=["agency", "caseworker", "supervisor", "updated_at"])
            case_bump(case, [])
            _event(
                case, actor, CaseEvent.Kind.TRANSFERRED, transfer=str(t.pk), frm=t.from_agency.code, to=t.to_agency.code
            )
        else:
            t.status = TransferStatus.DECLINED
            _event(t.case, actor, CaseEvent.Kind.TRANSFER_DECLINED, transfer=str(t.pk), reason=reason)
        t.save()
        _audit(actor, Action.UPDATE, "transfer", t, fields=["status"], status=t.status)
        notify(
            recipients=[u for u in (t.sent_by, t.from_caseworker, t.from_supervisor) if u is not None],
            kind="transfer_accepted" if accept else "transfer_declined",
            target_url=reverse("referrals:transfer", args=[t.pk]),
            params=transfer_params(t),
        )
    return t


def transfer_cancel(*, actor: Any, transfer: CaseTransfer) -> CaseTransfer:
    if not actor.has_perm("referrals.add_transfer", transfer.case):
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic():
        t = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
        if t.status != TransferStatus.PENDING:
            raise ValidationError(_("This transfer was already answered or stopped."))
        t.status, t.shared = TransferStatus.CANCELLED, {}
        t.save(update_fields=["status", "shared"])
        _audit(actor, Action.UPDATE, "transfer", t, fields=["status"], status=t.status)
    return t
