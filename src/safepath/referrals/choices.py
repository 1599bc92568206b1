"""Code lists for referrals and transfers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    BOOKED = "booked", _("Booked")
    DELIVERED = "delivered", _("Service delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Stopped: consent withdrawn")


OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.BOOKED)
ANSWERED = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.BOOKED, ReferralStatus.DELIVERED)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity now")
    NOT_ELIGIBLE = "not_eligible", _("Person not eligible")
    NOT_OFFERED = "not_offered", _("Service not offered")
    OUT_OF_AREA = "out_of_area", _("Outside our area")
    PERSON_DECLINED = "person_declined", _("The person declined")
    UNREACHABLE = "unreachable", _("Could not reach the person")
    OTHER = "other", _("Other")


class ReferralOutcome(models.TextChoices):
    COMPLETED = "completed", _("Service completed")
    PARTLY = "partly", _("Partly delivered")
    DROPPED_OUT = "dropped_out", _("The person stopped coming")
    REFERRED_ON = "referred_on", _("Referred on to another service")
    OTHER = "other", _("Other")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the receiving agency")
    ACCEPTED = "accepted", _("Accepted: the case moved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Stopped: consent withdrawn")
