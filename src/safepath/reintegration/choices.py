"""Code lists for reintegration: plan and support statuses, kinds of livelihood support, visit methods,
and the topics a self-help group talks about.

The class names carry the app's name: the API documents each code list once, by its class name.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReintegrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


OPEN_PLAN = (ReintegrationStatus.DRAFT, ReintegrationStatus.ACTIVE)


class SupportKind(models.TextChoices):
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    STARTUP_GRANT = "startup_grant", _("Start-up grant")
    IN_KIND = "in_kind", _("In-kind support")
    LOAN = "loan", _("Loan")
    JOB_PLACEMENT = "job_placement", _("Job placement")
    SCHOOLING = "schooling", _("Schooling")
    OTHER = "other", _("Other")


# Kinds whose value in đồng is worth recording.
MONEY_KINDS = frozenset({SupportKind.STARTUP_GRANT, SupportKind.IN_KIND, SupportKind.LOAN})


class SupportStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class VisitMethod(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    OFFICE = "office", _("At the office")


class GroupTopic(models.TextChoices):
    LIVELIHOOD = "livelihood", _("Livelihoods and small business")
    SAVINGS = "savings", _("Savings and credit")
    VOCATIONAL = "vocational", _("Vocational skills")
    SAFE_MIGRATION = "safe_migration", _("Safe migration and recruitment scams")
    LEGAL_RIGHTS = "legal_rights", _("Legal rights and support under the law")
    HEALTH = "health", _("Health and health insurance")
    PSYCHOSOCIAL = "psychosocial", _("Emotional support and coping")
    FAMILY = "family", _("Family relations")
    CHILDREN = "children", _("Children's schooling and care")
    COMMUNITY = "community", _("Community life and stigma")
    OTHER = "other", _("Other")


DEFAULT_FOLLOWUP_MONTHS = (1, 3, 6, 12)
MAX_FOLLOWUP_MONTH = 60


class ReintegrationDimension(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class PlanEnding(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class WeightsSource(models.TextChoices):
    SAFEPATH = "safepath", _("SafePath default weights")
    IOM = "iom", _("IOM's published weights")
