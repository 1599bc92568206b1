"""Referrals between services and transfers of cases between agencies, each resting on recorded consent.

A referral carries a copy of the fields the sender chose to share (encrypted); the receiving agency
sees that copy and nothing else of the case. A transfer moves the case itself once the receiving
agency accepts; until then the receiver sees only the fields shared for the decision.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.cases.choices import Urgency
from safepath.core.fields import EncryptedJSONField, EncryptedTextField
from safepath.plans.choices import ServiceType
from safepath.referrals.choices import DeclineReason, ReferralOutcome, ReferralStatus, TransferStatus

USER = settings.AUTH_USER_MODEL


def _user(verbose_name: object = "", related_name: str = "+") -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name=related_name, verbose_name=verbose_name
    )


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "directory.ServiceProvider", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("to")
    )
    # The provider's SafePath agency (its inbox); empty for an outside organisation (printed form).
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    planned_service = models.ForeignKey(
        "plans.PlannedService", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    fields = models.JSONField(default=list)  # codes of the shared fields (referrals.sharing)
    shared = EncryptedJSONField(default=dict)  # their values when sent; emptied when consent is withdrawn
    note = EncryptedTextField(_("message to the receiver"))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = _user(_("sent by"))
    answer_by = models.DateField(_("answer expected by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = _user(_("answered by"))
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    answer_note = EncryptedTextField(_("note with the answer"))
    booked_for = models.DateField(_("booked for"), null=True, blank=True)
    booking_note = EncryptedTextField(_("booking details"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome details"))
    # The case the receiving agency opened from this referral (in its own agency).
    receiver_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals_received"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_agency", "status"], name="referral_inbox"),
            models.Index(fields=["status", "answer_by"], name="referral_due"),
            models.Index(fields=["sent_at"], name="referral_sent_at"),  # the figures of a period (make bench)
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.BOOKED)

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.answer_by < timezone.localdate()

    @property
    def outside(self) -> bool:
        return self.to_agency_id is None


class ReferralEvent(models.Model):
    """One step of a referral, for both sides: sent, answered, booked, delivered, withdrawn."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = _user()
    # Set when the sender records an outside organisation's answer on its behalf.
    on_behalf = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status}"


class CaseTransfer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("to agency")
    )
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(default=list)
    shared = EncryptedJSONField(default=dict)
    note = EncryptedTextField(_("message to the receiving agency"))
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = _user(_("sent by"))
    answer_by = models.DateField(_("answer expected by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = _user(_("answered by"))
    decline_reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    answer_note = EncryptedTextField(_("note with the answer"))
    # The team that worked on the case before it moved: they keep reading its history up to the move.
    from_caseworker = _user(_("caseworker before the transfer"))
    from_supervisor = _user(_("supervisor before the transfer"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        indexes = [models.Index(fields=["to_agency", "status"], name="transfer_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="one_pending_transfer_per_case"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_overdue(self) -> bool:
        return self.status == TransferStatus.PENDING and self.answer_by < timezone.localdate()


class ReferenceSequence(models.Model):
    """The last referral or transfer number per agency, year and prefix (REF / TRF)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "prefix"], name="one_reference_sequence")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.agency_id} {self.year}: {self.last}"
