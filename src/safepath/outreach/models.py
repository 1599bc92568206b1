"""Outreach records: events (policy dialogues, trainings, community sessions, pre-departure orientations)
with their participants counted by sex and age group, the participants of trainings registered by name
with their test scores, and the catalogue of materials with each agency's stock and its movements.

Personal data lives in one table only: `Participant` (a trainee's name, organisation, position and
contact are encrypted; sex and age group stay plain, they feed the counts). Reading a training's list
of participants is written to the access log (`selectors.event_participants`).

Stock is a ledger: every change of an agency's stock of a material is one `StockMovement` row
(positive: in, negative: out), and `MaterialStock.quantity` is their sum, kept in the same
transaction (and never below zero: a database constraint stands behind the service's check).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedTextField
from safepath.outreach.choices import (
    TRAINING_KINDS,
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachMaterialKind,
    OutreachSex,
    StockMovementKind,
)

USER = settings.AUTH_USER_MODEL


class MaterialStorage(FileSystemStorage):
    """Files of the materials catalogue: under MEDIA_ROOT when the deployment sets one, otherwise
    under the project's var/ directory (var/media/). Never served as static media: the download view
    checks the login and sends the file as an attachment."""

    @cached_property
    def base_location(self) -> Any:
        media_root = getattr(settings, "MEDIA_ROOT", "") or ""
        default = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "media"
        return self._value_or_setting(getattr(self, "_location", None), media_root or str(default))


material_storage = MaterialStorage()


def _storage() -> MaterialStorage:
    return material_storage


def material_upload_to(instance: Material, filename: str) -> str:
    """A random name: the name the file was uploaded with is kept (cleaned) in `file_name` only."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"outreach/materials/{uuid.uuid4().hex}{suffix}"


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("organising agency")
    )
    kind = models.CharField(_("kind of event"), max_length=30, choices=OutreachEventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    partners = models.ManyToManyField(
        "directory.ServiceProvider", blank=True, related_name="+", verbose_name=_("partners")
    )
    partners_other = models.TextField(_("other partners"), blank=True)
    facilitators = models.TextField(_("facilitators"), blank=True)
    summary = models.TextField(_("summary and notes"), blank=True)
    # Trainings: the grid of counts follows the register of names (recomputed on every change).
    counts_from_register = models.BooleanField(_("count the participants from the register"), default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        indexes = [
            models.Index(fields=["agency", "start_date"], name="outreach_event_agency_day"),
            models.Index(fields=["start_date"], name="outreach_event_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="outreach_event_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.start_date} {self.title}"

    @property
    def is_training(self) -> bool:
        return self.kind in TRAINING_KINDS


class ParticipantCount(models.Model):
    """One cell of an event's participant grid: how many people of one sex and age group took part."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="counts")
    sex = models.CharField(_("sex"), max_length=10, choices=OutreachSex.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=OutreachAgeGroup.choices)
    count = models.PositiveIntegerField(_("number of participants"), default=0)

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [
            models.UniqueConstraint(fields=["event", "sex", "age_group"], name="outreach_count_one_per_cell"),
            models.CheckConstraint(condition=Q(count__gte=0), name="outreach_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sex} {self.age_group}: {self.count}"


class Participant(models.Model):
    """A person registered by name at a training. Name, organisation, position and contact are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    name = EncryptedTextField(_("name"))
    sex = models.CharField(_("sex"), max_length=10, choices=OutreachSex.choices, default=OutreachSex.OTHER)
    age_group = models.CharField(_("age group"), max_length=10, choices=OutreachAgeGroup.choices)
    organisation = EncryptedTextField(_("organisation"))
    position = EncryptedTextField(pgettext_lazy("job", "position"))
    contact = EncryptedTextField(_("phone or e-mail"))
    pre_score = models.PositiveSmallIntegerField(_("pre-test score"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("post-test score"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("registered participant")
        verbose_name_plural = _("registered participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__range=(0, 100)), name="outreach_pre_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__range=(0, 100)), name="outreach_post_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"participant {str(self.id)[:8]}"

    @property
    def gain(self) -> int | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class Material(models.Model):
    """An item of the catalogue (shared by every agency); its stock is kept per agency."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind of material"), max_length=20, choices=OutreachMaterialKind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)  # directory.choices.Language codes
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), storage=_storage, upload_to=material_upload_to, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    # The agency that added it to the catalogue and keeps its description.
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("added by agency")
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title_vi"]
        verbose_name = _("outreach material")
        verbose_name_plural = _("outreach materials")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title_vi


class MaterialStock(models.Model):
    """An agency's stock of one material: the sum of its movements, and when to warn that it runs low."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="stocks")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    quantity = models.IntegerField(_("in stock"), default=0)
    low_threshold = models.PositiveIntegerField(_("warn when stock is at or below"), default=0)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stocks")
        constraints = [
            models.UniqueConstraint(fields=["material", "agency"], name="outreach_stock_one_per_agency"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="outreach_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.material_id} @ {self.agency_id}: {self.quantity}"

    @property
    def is_low(self) -> bool:
        return self.quantity <= self.low_threshold


class StockMovement(models.Model):
    """One change of an agency's stock: positive in, negative out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="movements")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of movement"), max_length=20, choices=StockMovementKind.choices)
    quantity = models.IntegerField(_("quantity"))
    day = models.DateField(_("date"))
    # Handed out at an event: the event (kept empty once the event is deleted: the rows stay, netted out).
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="movements", verbose_name=_("event")
    )
    # Where it was handed out (the event's province, or the one given): the distribution figures use it.
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(fields=["agency", "material", "day"], name="outreach_move_agency_mat_day"),
            models.Index(fields=["kind", "day"], name="outreach_move_kind_day"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(quantity=0), name="outreach_movement_not_zero")]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity}"
