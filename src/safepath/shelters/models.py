"""Shelters: facilities with rooms and beds, and the stays of the people they take in.

A stay runs from admission to discharge in one bed. Its planned discharge date is the admission
date plus the facility's maximum stay (14 days at the reception centre), moved on by approved
extensions. Two partial unique indexes make double booking impossible whatever the code does:
one open stay per bed, and one open stay per case.

Notes about the person (why they were admitted, the follow-up plan, the reasons for an extension)
are encrypted. Plain columns hold codes, dates, counts and people: what the bed board, the census,
the figures and the alerts need.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedTextField
from safepath.shelters.choices import FacilityKind, RoomSex, StayDestination, StayExtensionStatus

USER = settings.AUTH_USER_MODEL


class Facility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="facilities", verbose_name=_("agency")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=FacilityKind.choices, default=FacilityKind.RECEPTION_CENTRE
    )
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    max_stay_days = models.PositiveSmallIntegerField(_("maximum stay (days)"), default=14)
    warn_days_before = models.PositiveSmallIntegerField(_("warn this many days before the limit"), default=3)
    extension_max_days = models.PositiveSmallIntegerField(_("longest extension (days)"), default=14)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("shelter facility")
        verbose_name_plural = _("shelter facilities")
        constraints = [
            models.CheckConstraint(condition=Q(max_stay_days__gte=1), name="shelters_facility_max_stay_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language (Vietnamese when no English name is given)."""
        lang = (get_language() or "vi")[:2]
        return self.name_en if lang == "en" and self.name_en else self.name_vi


class Room(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("facility"))
    name = models.CharField(_("room"), max_length=100)
    sex = models.CharField(_("for"), max_length=10, choices=RoomSex.choices, default=RoomSex.MIXED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="shelters_room_name_unique")]

    def __str__(self) -> str:
        return self.name


class Bed(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="beds", verbose_name=_("room"))
    label = models.CharField(_("bed"), max_length=30)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="shelters_bed_label_unique")]

    def __str__(self) -> str:
        return self.label


class Stay(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="stays", verbose_name=_("case"))
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stays", verbose_name=_("facility"))
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="stays", verbose_name=_("bed"))
    admitted_on = models.DateField(_("admitted on"))
    planned_discharge_on = models.DateField(_("planned discharge"))
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    destination = models.CharField(_("destination"), max_length=30, choices=StayDestination.choices, blank=True)
    destination_province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination province"),
    )
    follow_up_plan = EncryptedTextField(_("follow-up plan"))
    admission_note = EncryptedTextField(_("admission note"))
    admitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("admitted by"))
    discharged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("discharged by")
    )
    # The planned discharge date each alert was raised for: a sweep raises each alert once, and an
    # approved extension (a new date) arms them again.
    near_limit_alerted_for = models.DateField(null=True, blank=True, editable=False)
    over_limit_alerted_for = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-admitted_on", "-created_at"]
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        constraints = [
            # No double booking, whatever races the application code loses.
            models.UniqueConstraint(
                fields=["bed"], condition=Q(discharged_on__isnull=True), name="shelters_one_open_stay_per_bed"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(discharged_on__isnull=True), name="shelters_one_open_stay_per_case"
            ),
            models.CheckConstraint(
                condition=Q(planned_discharge_on__gte=F("admitted_on")), name="shelters_stay_planned_after_admission"
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="shelters_stay_discharged_after_admission",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "discharged_on"], name="shelters_stay_fac_disch"),
            models.Index(fields=["facility", "admitted_on"], name="shelters_stay_fac_adm"),
        ]

    def __str__(self) -> str:
        return f"stay {str(self.id)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    def days_in(self, on: dt.date) -> int:
        """Nights spent by the end of `on` (0 on the day of admission)."""
        end = min(on, self.discharged_on) if self.discharged_on else on
        return max((end - self.admitted_on).days, 0)

    def day_number(self, on: dt.date) -> int:
        """Day X of the stay (the day of admission is day 1)."""
        return self.days_in(on) + 1

    def days_left(self, on: dt.date) -> int:
        """Days until the planned discharge (negative once it has passed)."""
        return (self.planned_discharge_on - on).days

    @property
    def planned_length(self) -> int:
        """Days from admission to the planned discharge: the maximum stay, plus approved extensions."""
        return (self.planned_discharge_on - self.admitted_on).days

    @property
    def length(self) -> int | None:
        """The length of a finished stay, in nights."""
        return (self.discharged_on - self.admitted_on).days if self.discharged_on else None


class StayExtension(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("stay"))
    days = models.PositiveSmallIntegerField(_("days"))
    reason = EncryptedTextField(_("reason"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by"))
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=StayExtensionStatus.choices, default=StayExtensionStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = EncryptedTextField(_("decision note"))

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("stay extension")
        verbose_name_plural = _("stay extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["stay"], condition=Q(status="requested"), name="shelters_one_pending_extension"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="shelters_extension_days_positive"),
        ]

    def __str__(self) -> str:
        return f"extension {str(self.id)[:8]}"
