"""Cases and everything that reaches a centre: intake items, consultations, cases and their content.

Free text about a person (summaries, notes, task titles, e-mail bodies, attachments, contact details
of an intake) is AES-GCM encrypted. Plain columns hold only codes, dates, counts and foreign keys:
what the workflow, the access rules and the monthly figures need.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    IntakeChannel,
    IntakeCloseReason,
    IntakeStatus,
    LegalStatus,
    MigrationStage,
    RecruiterContactKind,
    RecruiterRelationship,
    RiskLevel,
    TaskKind,
    TaskStatus,
    Urgency,
)
from safepath.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField

USER = settings.AUTH_USER_MODEL


def _user_fk(verbose_name: str | object, related_name: str = "+") -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name=related_name, verbose_name=verbose_name
    )


def _country_fk() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        "places.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination country"),
    )


class IntakeItem(models.Model):
    """Anything that arrives at an agency and waits in its triage queue."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="intake_items")
    channel = models.CharField(_("channel"), max_length=20, choices=IntakeChannel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.NEW, db_index=True
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # What was said or written, and by whom (encrypted)
    subject = EncryptedTextField(_("subject"))
    body = EncryptedTextField(_("what happened / the message"))
    contact_name = EncryptedTextField(_("name given"))
    contact_phone = EncryptedTextField(_("phone"))
    contact_email = EncryptedTextField(_("e-mail"))
    contact_phone_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    contact_email_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    # Plain facts for triage and statistics
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    destination_country = _country_fk()
    referred_by = models.CharField(_("referred or handed over by"), max_length=200, blank=True)
    # E-mail bookkeeping: the Message-ID (hashed: it may embed an address) makes delivery idempotent
    message_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Triage
    assigned_to = _user_fk(_("being handled by"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    close_reason = models.CharField(_("reason"), max_length=20, choices=IntakeCloseReason.choices, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = _user_fk(_("handled by"))
    created_by = _user_fk(_("logged by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("intake item")
        verbose_name_plural = _("intake items")
        indexes = [models.Index(fields=["agency", "status", "-received_at"], name="intake_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "message_id_hash"],
                condition=~models.Q(message_id_hash=""),
                name="unique_intake_message",
            )
        ]

    def __str__(self) -> str:
        return f"intake {str(self.id)[:8]}"


class Consultation(models.Model):
    """A counselling session. May be anonymous: then only the plain statistical facts are kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="consultations")
    held_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=ConsultationChannel.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    migration_stage = models.CharField(_("migration stage"), max_length=20, choices=MigrationStage.choices)
    destination_country = _country_fk()
    topics = models.JSONField(_("topics"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ConsultationOutcome.choices)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # For the monthly figures when the person stays anonymous (copied from the person otherwise)
    sex = models.CharField(_("sex"), max_length=10, default="unknown")
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home province"),
    )
    summary = EncryptedTextField(_("notes of the session"))
    counsellor = _user_fk(_("counsellor"))
    intake = models.ForeignKey(IntakeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["agency", "-held_on"], name="consultation_agency_day")]

    def __str__(self) -> str:
        return f"consultation {str(self.id)[:8]}"


class CaseSequence(models.Model):
    """The last case number given per agency and year (row-locked while a number is taken)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_case_sequence")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name=_("agency")
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    case_type = models.CharField(_("case type"), max_length=30, choices=CaseType.choices)
    channel = models.CharField(_("how it reached us"), max_length=20, choices=IntakeChannel.choices)
    migration_stage = models.CharField(_("migration stage"), max_length=20, choices=MigrationStage.choices)
    destination_country = _country_fk()
    transit_countries = models.ManyToManyField(
        "places.Country", blank=True, related_name="+", verbose_name=_("transit countries")
    )
    legal_status = models.CharField(
        _("legal status (Law 53/2024)"), max_length=40, choices=LegalStatus.choices, default=LegalStatus.NOT_ASSESSED
    )
    exploitation_types = models.JSONField(_("types of exploitation"), default=list, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruitment_methods = models.JSONField(_("how the person was recruited"), default=list, blank=True)
    recruitment_apps = models.JSONField(_("apps and websites used to recruit"), default=list, blank=True)
    recruiter_relationship = models.CharField(
        _("relationship to the recruiter"),
        max_length=20,
        choices=RecruiterRelationship.choices,
        blank=True,
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    highly_sensitive = models.BooleanField(
        _("highly sensitive"),
        default=False,
        help_text=_("Only the assigned caseworker and supervisor can open a highly sensitive case."),
    )
    summary = EncryptedTextField(_("summary"))
    # Workflow
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    caseworker = _user_fk(_("caseworker"), related_name="cases_as_caseworker")
    supervisor = _user_fk(_("supervisor"), related_name="cases_as_supervisor")
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True)
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = _user_fk(_("closure requested by"))
    closure_request_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_request_note = EncryptedTextField(_("note on closing"))
    intake = models.ForeignKey(IntakeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Optimistic locking: every change bumps it; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = _user_fk(_("opened by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            models.Index(fields=["caseworker", "status"], name="case_worker_status"),
            models.Index(fields=["agency", "-opened_on"], name="case_agency_opened"),
            # The figures of every agency for a period (new cases; cases closed, or open, in a period):
            # without them a month of a million cases reads the whole table (make bench).
            models.Index(fields=["opened_on"], name="case_opened_on"),
            models.Index(fields=["closed_on"], name="case_closed_on"),
            # An agency's figures about screenings, stays, visits...: its case ids without reading the cases.
            models.Index(fields=["agency", "id"], name="case_agency_pk"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and not self.is_closed


class CaseEvent(models.Model):
    """One line of a case's history: a status change, an assignment, an edit, a closure request."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assignment changed")
        UPDATED = "updated", _("Case details changed")
        CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
        CLOSURE_APPROVED = "closure_approved", _("Closure approved")
        CLOSURE_REJECTED = "closure_rejected", _("Closure sent back")
        REOPENED = "reopened", _("Case reopened")
        ASSESSED = "assessed", _("Assessment completed")
        ASSESSMENT_VOIDED = "assessment_voided", _("Assessment set aside")
        DECIDED = "decided", _("Findings taken into the case")
        PLAN_SUBMITTED = "plan_submitted", _("Care plan sent for approval")
        PLAN_APPROVED = "plan_approved", _("Care plan approved")
        PLAN_RETURNED = "plan_returned", _("Care plan sent back")
        PLAN_CLOSED = "plan_closed", _("Care plan closed")
        REFERRED = "referred", _("Referral sent")
        TRANSFER_REQUESTED = "transfer_requested", _("Transfer to another agency requested")
        TRANSFERRED = "transferred", _("Case transferred to another agency")
        TRANSFER_DECLINED = "transfer_declined", _("Transfer declined")
        ADMITTED = "admitted", _("Admitted to a shelter")
        STAY_EXTENDED = "stay_extended", _("Shelter stay extended")
        DISCHARGED = "discharged", _("Discharged from a shelter")
        REINTEGRATION_START = "reintegration_start", _("Reintegration plan started")
        REINTEGRATION_END = "reintegration_end", _("Reintegration plan ended")
        FOLLOWUP_VISIT = "followup_visit", _("Follow-up visit recorded")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    reason = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict, blank=True)  # field names, user ids: never personal data
    # What a decision set and rested on (values, indicators found): about the person, so encrypted.
    grounds = EncryptedJSONField(default=dict)
    note = EncryptedTextField(_("note"))
    actor = _user_fk(_("by"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def reason_label(self) -> str:
        return str(ClosureReason(self.reason).label) if self.reason in ClosureReason.values else self.reason


class RecruiterContact(models.Model):
    """A phone number or account a recruiter used: encrypted, with a blind index for the portal check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recruiter_contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=RecruiterContactKind.choices)
    value = EncryptedTextField(_("number or account"))
    value_bidx = models.CharField(max_length=64, db_index=True, editable=False)
    created_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"recruiter contact {str(self.id)[:8]}"


class Note(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField(_("note"))
    author = _user_fk(_("written by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"note {str(self.id)[:8]}"


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    title = EncryptedTextField(_("what to do"))
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_to = _user_fk(_("assigned to"), related_name="case_tasks")
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = _user_fk(_("done by"))
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["assigned_to", "status", "due_on"], name="task_worker_due")]

    def __str__(self) -> str:
        return f"task {str(self.id)[:8]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < timezone.localdate()


class Consent(models.Model):
    """What a person agreed to: for which purpose, shared with whom, how, when; and if withdrawn."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    recipient_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared with (agency)"),
    )
    recipient_other = models.CharField(_("shared with (other organisation)"), max_length=200, blank=True)
    method = models.CharField(_("how it was given"), max_length=12, choices=ConsentMethod.choices)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    given_by_guardian = EncryptedTextField(_("parent or guardian who gave it"))
    notes = EncryptedTextField(_("notes"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = EncryptedTextField(_("how it was withdrawn"))
    withdrawn_by = _user_fk(_("withdrawal recorded by"))
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"consent {str(self.id)[:8]}"

    def is_active_on(self, day: object = None) -> bool:
        day = day or timezone.localdate()
        if self.withdrawn_on is not None and self.withdrawn_on <= day:  # type: ignore[operator]
            return False
        return not (self.expires_on is not None and self.expires_on < day)  # type: ignore[operator]


class Attachment(models.Model):
    """A file on a case or an intake item. The content and the file name are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    intake = models.ForeignKey(IntakeItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT)
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, editable=False)
    content = EncryptedBinaryField()
    description = EncryptedTextField(_("description"))
    uploaded_by = _user_fk(_("added by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(intake__isnull=False), name="attachment_has_owner"
            )
        ]

    def __str__(self) -> str:
        return f"attachment {str(self.id)[:8]}"
