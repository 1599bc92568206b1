"""The shelters' code lists."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")
    SHORT_TERM = "short_term_shelter", _("Short-term shelter")
    SOCIAL_PROTECTION = "social_protection_centre", _("Social protection centre")
    OTHER = "other", _("Other")


class RoomSex(models.TextChoices):
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")
    MIXED = "mixed", _("Mixed")
    FAMILY = "family", _("Family")


class StayDestination(models.TextChoices):
    HOME_COMMUNITY = "home_community", _("Home community")
    LONGER_TERM_SHELTER = "longer_term_shelter", _("Longer-term shelter (by referral)")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class StayExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BedState(models.TextChoices):
    """What a bed tile on the board says (in words as well as in colour)."""

    FREE = "free", _("Free")
    OCCUPIED = "occupied", _("Occupied")
    NEAR_LIMIT = "near_limit", _("Near the limit")
    OVER_LIMIT = "over_limit", _("Over the limit")
    OUT_OF_USE = "out_of_use", _("Out of use")
