"""Programme reports (issue 7, point 3): generated files kept with the parameters they were made from.

A `Report` is one request for the programme indicators of a period (a month, a quarter, a year or a
span of days), in one language, as Excel and/or PDF, for one agency or every agency the requester
may count, optionally one province (current or former). Its files hold aggregates only, with small
cells suppressed (`selectors.figure_for_release`), never a person. `parameters` is a snapshot of
everything the report was made from, so it can be made again the same way.

A `ReportSchedule` makes the report of each month (quarter, year) once that period has ended; the
unique constraint on (schedule, period start) keeps a run that is repeated from making it twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FORMATS = ("xlsx", "pdf")


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    ANNUAL = "annual", _("Annual report")
    CUSTOM = "custom", _("Report for chosen days")


class ScheduleKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    ANNUAL = "annual", _("Annual report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("being generated")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportLanguage(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
    DAYS = "days", _("days")


class _ReportScope(models.Model):
    """What a report (or a schedule's reports) covers and how it is written: shared by both models."""

    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices, default="vi")
    formats = models.JSONField(_("formats"), default=list)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    province = models.CharField(_("province"), max_length=4, blank=True)
    legacy_province = models.CharField(_("former province"), max_length=4, blank=True)
    programmes = models.JSONField(_("programmes"), default=list, blank=True)

    class Meta:
        abstract = True


class ReportSchedule(_ReportScope):
    """A report made automatically after every month, quarter or year ends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind of report"), max_length=10, choices=ScheduleKind.choices)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_period_start = models.DateField(_("last period generated"), null=True, blank=True)
    next_due = models.DateField(_("next due"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self) -> str:
        return f"{self.kind} {self.language} ({self.pk})"


class Report(_ReportScope):
    """One generated programme report: its parameters, its status and its files (aggregates only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    error = models.CharField(_("error"), max_length=500, blank=True)
    xlsx = models.BinaryField(_("Excel file"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF file"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    indicator_version = models.CharField(_("indicator file version"), max_length=40, blank=True)
    threshold = models.PositiveIntegerField(_("suppression threshold"), null=True, blank=True)
    schedule = models.ForeignKey(
        ReportSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "period_start"], name="report_once_per_schedule_period"),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="report_creator_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start:%Y-%m-%d} {self.language} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    def has_file(self, fmt: str) -> bool:
        """Whether the report was asked for in ``fmt`` and is ready (the list defers the files themselves)."""
        return fmt in FORMATS and fmt in (self.formats or []) and self.status == ReportStatus.DONE
