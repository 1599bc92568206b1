"""Assessments: one interview on one instrument version, its answers and its result.

The answers and the result (which indicators were found and why) are encrypted: together they are
a person's account of what happened to them. Plain columns hold only what the workflow and the
monthly figures need: the instrument and its version, the status and the outcome code.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedJSONField


class AssessmentKind(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking-indicator screening")
    FORCED_LABOUR = "forced_labour", _("Forced-labour indicators")
    VULNERABILITY = "vulnerability", _("Vulnerability assessment")
    NEEDS = "needs", _("Needs assessment")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")
    VOIDED = "voided", _("Voided")


class AssessmentMode(models.TextChoices):
    INTERVIEW = "interview", _("Interview in SafePath")
    PAPER = "paper", _("Keyed in from a paper form")


class NeedDomain(models.TextChoices):
    """The domains of the needs assessment (instrument files use these codes)."""

    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL_DOCUMENTS = "legal_documents", _("Legal matters and documents")
    SHELTER = "shelter", _("Shelter")
    LIVELIHOOD = "livelihood", _("Livelihood and income")
    EDUCATION_TRAINING = "education_training", _("Education and vocational training")
    FAMILY = "family", _("Family")


class NeedUrgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate (today)")
    HIGH = "high", _("High (within a week)")
    MEDIUM = "medium", _("Medium (within a month)")
    LOW = "low", _("Low (when possible)")
    NONE = "none", _("No need")


class Assessment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    instrument = models.CharField(_("instrument"), max_length=60)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    instrument_digest = models.CharField(max_length=64, editable=False)  # SHA-256 of the file answered on
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, db_index=True
    )
    mode = models.CharField(_("how"), max_length=12, choices=AssessmentMode.choices, default=AssessmentMode.INTERVIEW)
    interviewed_on = models.DateField(_("interview date"), default=timezone.localdate)
    answers = EncryptedJSONField(default=dict)
    section = models.CharField(max_length=60, blank=True)  # where the interviewer was: resume there
    saves = models.PositiveIntegerField(default=0, editable=False)  # answers saved so far (also the edit version)
    result = EncryptedJSONField(default=dict)
    outcome = models.CharField(_("outcome"), max_length=30, blank=True, db_index=True)  # a code, for figures
    rule_version = models.CharField(max_length=40, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)  # when a worker last took findings into the case
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["kind", "status", "completed_at"]),
            models.Index(fields=["completed_at"], name="assessment_completed_at"),  # the figures of a period
        ]

    def __str__(self) -> str:
        return f"{self.instrument}@{self.instrument_version} {str(self.id)[:8]}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT
