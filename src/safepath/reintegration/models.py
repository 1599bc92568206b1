"""Reintegration: livelihood-focused plans with their support, follow-up visits with scores, and
self-help groups with members, meetings and attendance.

What describes the person (the plan's focus and summary, support descriptions and outcomes, visit
answers and notes, a meeting's note, the facilitator's name) is encrypted. Plain columns hold codes,
dates, amounts, links and the visit scores (numbers the programme figures are made of).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedJSONField, EncryptedTextField
from safepath.reintegration.choices import (
    OPEN_PLAN,
    ReintegrationStatus,
    SupportKind,
    SupportStatus,
    VisitMethod,
)

USER = settings.AUTH_USER_MODEL


class ReintegrationPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reintegration_plans", verbose_name=_("case")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReintegrationStatus.choices, default=ReintegrationStatus.DRAFT
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    focus = EncryptedTextField(_("livelihood focus"))
    summary = EncryptedTextField(_("summary"))
    end_note = EncryptedTextField(_("how it ended"))
    # The indicator set the visits are scored on (its key), and the follow-up months scheduled at the start.
    indicator_version = models.CharField(_("indicator set"), max_length=60)
    followup_months = models.JSONField(_("follow-up months"), default=list, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("drawn up by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status__in=list(OPEN_PLAN)), name="one_open_reintegration_plan"
            )
        ]

    def __str__(self) -> str:
        return f"reintegration plan {str(self.id)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLAN


class SupportItem(models.Model):
    """One piece of livelihood support: training, a grant, in-kind support, a loan, a job, schooling."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("kind of support"), max_length=24, choices=SupportKind.choices)
    provider = models.ForeignKey(
        "directory.ServiceProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    provider_name = models.CharField(_("provider (not in the directory)"), max_length=200, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SupportStatus.choices, default=SupportStatus.PLANNED)
    start_on = models.DateField(_("starts on"), null=True, blank=True)
    end_on = models.DateField(_("ends on"), null=True, blank=True)
    description = EncryptedTextField(_("description"))
    outcome = EncryptedTextField(_("outcome"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_on", "created_at"]
        verbose_name = _("support item")
        verbose_name_plural = _("support items")
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} {str(self.id)[:8]}"

    @property
    def provider_label(self) -> str:
        if self.provider_id is not None and self.provider is not None:
            return self.provider.name
        return self.provider_name


class FollowUpVisit(models.Model):
    """A follow-up visit, scheduled when the plan starts (1, 3, 6 and 12 months by default), and its scores."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="visits")
    month_offset = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=12, choices=VisitMethod.choices, blank=True)
    answers = EncryptedJSONField(_("answers"), default=dict)
    # Plain numbers for the programme figures: 0..1, empty until the visit is recorded.
    economic_score = models.FloatField(_("economic"), null=True, blank=True)
    social_score = models.FloatField(_("social"), null=True, blank=True)
    psychosocial_score = models.FloatField(_("psychosocial"), null=True, blank=True)
    composite_score = models.FloatField(_("composite"), null=True, blank=True)
    coverage = models.FloatField(_("answered share"), null=True, blank=True)
    indicator_version = models.CharField(_("indicator set"), max_length=60, blank=True)
    note = EncryptedTextField(_("note"))
    visited_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("visited by")
    )
    overdue_alerted_on = models.DateField(null=True, blank=True, editable=False)  # the overdue alert, sent once
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "month_offset"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        constraints = [models.UniqueConstraint(fields=["plan", "month_offset"], name="one_visit_per_month_offset")]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"visit +{self.month_offset}m {str(self.id)[:8]}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def scores(self) -> dict[str, float | None]:
        return {
            "economic": self.economic_score,
            "social": self.social_score,
            "psychosocial": self.psychosocial_score,
            "composite": self.composite_score,
        }


class SelfHelpGroup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="self_help_groups", verbose_name=_("agency")
    )
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    facilitator = EncryptedTextField(_("facilitator"))
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("self-help group")
        verbose_name_plural = _("self-help groups")

    def __str__(self) -> str:
        return f"self-help group {str(self.id)[:8]}"


class GroupMember(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(SelfHelpGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_on", "created_at"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"], condition=Q(left_on__isnull=True), name="one_open_group_membership"
            )
        ]

    def __str__(self) -> str:
        return f"member {str(self.id)[:8]}"

    def active_on(self, day: object) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)  # type: ignore[operator]


class GroupMeeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(SelfHelpGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    topics = models.JSONField(_("topics"), default=list, blank=True)  # GroupTopic codes
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")

    def __str__(self) -> str:
        return f"meeting {self.held_on}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"attendance {self.meeting_id} {self.member_id}"
