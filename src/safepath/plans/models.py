"""Care plans: goals for the needs found, the services planned for each, approval and reviews.

Goal texts, service notes and review notes are encrypted (they describe the person's situation).
Plain columns hold codes, dates and people: what reminders, supervisors' queues and the programme
figures need.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedTextField
from safepath.plans.choices import GoalStatus, PlanStatus, Provider, ServiceStatus, ServiceType
from safepath.screening.models import NeedDomain, NeedUrgency

USER = settings.AUTH_USER_MODEL


class CarePlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="care_plans")
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = EncryptedTextField(_("summary"))
    needs_assessment = models.ForeignKey(
        "screening.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("needs assessment"),
    )
    legal_status = models.CharField(max_length=40, blank=True)  # the case's legal status when approved
    entitlement_rules = models.CharField(max_length=60, blank=True)  # the rule set in force when approved
    review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("drawn up by"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    returned_note = EncryptedTextField(_("what to change"))
    closed_at = models.DateTimeField(null=True, blank=True)
    # The reminders on the case's task list: approval for the supervisor, the next review for the worker.
    approval_task = models.ForeignKey("cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    review_task = models.ForeignKey("cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        indexes = [models.Index(fields=["status", "review_on"])]

    def __str__(self) -> str:
        return f"care plan {str(self.id)[:8]}"

    @property
    def editable(self) -> bool:
        """Goals and services are drawn up in a draft; an approved plan changes only its progress."""
        return self.status == PlanStatus.DRAFT


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("need"), max_length=20, choices=NeedDomain.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=NeedUrgency.choices, default=NeedUrgency.MEDIUM)
    text = EncryptedTextField(_("goal"))
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")

    def __str__(self) -> str:
        return f"goal {self.domain}"


class PlannedService(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    provider = models.CharField(_("provided by"), max_length=10, choices=Provider.choices, default=Provider.INTERNAL)
    provider_name = models.CharField(_("organisation"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED)
    note = EncryptedTextField(_("progress"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")

    def __str__(self) -> str:
        return f"{self.service_type} {str(self.id)[:8]}"


class PlanReview(models.Model):
    """A review of an approved plan: how it goes, and when to look again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    note = EncryptedTextField(_("how it goes"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"review {self.reviewed_on}"
