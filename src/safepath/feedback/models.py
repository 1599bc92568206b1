"""Survivors' voice: short feedback on the services a person received, anonymous by default.

Anonymity is built into the tables, not promised on top of them:

* a feedback row holds the day it was given (`given_on`), never a time: no created_at, no
  updated_at, and no change-log registration (django-auditlog would stamp actor and time);
* its key is a random UUID, so ids and row order tell nothing about when or by whom;
* the case is recorded only when the person chose to give their name (`anonymous=False`), and the
  database refuses an anonymous row that names a case;
* a feedback link (`FeedbackRequest`) does not name the case it was made from, and once used it
  forgets the provider and service it was about (the feedback row keeps them).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedTextField
from safepath.plans.choices import ServiceType

# The five questions, in the order the form asks them: (key, model field).
RATINGS = ("respect", "needs_met", "safe", "information", "recommend")


class FilledBy(models.TextChoices):
    PERSON = "person", _("The person, alone")
    PERSON_WITH_WORKER = "person_with_worker", _("The person, with a worker")


class FeedbackRequest(models.Model):
    """A one-time link (and short code) a worker gives the person to answer on their own phone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # HMAC of the code (safepath.core.crypto.blind_index): the code itself is shown once and never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    provider = models.ForeignKey(
        "directory.ServiceProvider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service provider"),
    )
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices, blank=True)
    created_on = models.DateField(_("created on"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")
        indexes = [models.Index(fields=["agency", "created_on"], name="feedbackreq_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.created_on}"


class Feedback(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The agency where it was given (the case's, or the link's).
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    provider = models.ForeignKey(
        "directory.ServiceProvider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("service provider"),
    )
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices, blank=True)
    filled_by = models.CharField(_("filled in by"), max_length=20, choices=FilledBy.choices, default=FilledBy.PERSON)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
        help_text=_("Only when the person chose to give their name."),
    )
    # 1 (not at all) to 5 (completely); empty: "prefer not to say".
    rating_respect = models.PositiveSmallIntegerField(_("treated with respect"), null=True, blank=True)
    rating_needs_met = models.PositiveSmallIntegerField(_("got what was needed"), null=True, blank=True)
    rating_safe = models.PositiveSmallIntegerField(_("felt safe"), null=True, blank=True)
    rating_information = models.PositiveSmallIntegerField(_("information was clear"), null=True, blank=True)
    rating_recommend = models.PositiveSmallIntegerField(_("would recommend"), null=True, blank=True)
    comment = EncryptedTextField(_("comment"))
    # The day only: a time of day could tell who answered.
    given_on = models.DateField(_("given on"))

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["given_on"], name="feedback_given_on"),
            models.Index(fields=["provider", "service_type"], name="feedback_provider_service"),
            models.Index(fields=["agency", "given_on"], name="feedback_agency_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(case__isnull=True), name="feedback_anonymous_has_no_case"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"rating_{key}__isnull": True}) | Q(**{f"rating_{key}__range": (1, 5)}),
                    name=f"feedback_rating_{key}_1_to_5",
                )
                for key in RATINGS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.given_on} {self.service_type}"

    def ratings(self) -> dict[str, int | None]:
        return {key: getattr(self, f"rating_{key}") for key in RATINGS}
