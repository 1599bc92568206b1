"""The official list of licensed labour-export enterprises, as imported, list by list.

Each import of the list (a `LicenceImport`) keeps its file, its report (rows read, accepted, rejected,
and every rejected row with its reasons) and its enterprises. Exactly one successful import is the
list in force (`is_current`, enforced by a partial unique index); a new successful import takes its
place in one transaction, and the earlier lists stay as history.

Enterprises are companies: their names, addresses and switchboard numbers are public information
published by DOLAB, not personal data, and are stored plainly.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DOLAB_SOURCE = (
    "DOLAB – danh sách doanh nghiệp được cấp Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài"
)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("licence list import", "waiting to start")
    RUNNING = "running", pgettext_lazy("licence list import", "running")
    DONE = "done", pgettext_lazy("licence list import", "done")
    FAILED = "failed", pgettext_lazy("licence list import", "failed")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Licensed, active")
    SUSPENDED = "suspended", _("Licence suspended")
    REVOKED = "revoked", _("Licence revoked")


class LicenceImport(models.Model):
    """One import of the official list: the file, its report, and (when done) its enterprises."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(_("source"), max_length=500)
    data_date = models.DateField(_("date of the list"), help_text=_("The date the list was published."))
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("file format"), max_length=10)
    # The file as uploaded: the background worker reads it from here, and it stays as the record of what
    # was imported. A public list, not personal data.
    content = models.BinaryField(editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_accepted = models.PositiveIntegerField(_("rows accepted"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    # The columns recognised: {field: header as written in the file}.
    columns = models.JSONField(default=dict, blank=True)
    # [{"row": 12, "values": {field: text}, "reasons": [{"code": ..., ...params}]}]: codes, so that the
    # report reads in the language of whoever opens it.
    rejected = models.JSONField(default=list, blank=True)
    # Why the file could not be imported at all: {"code": ..., ...params}; empty when it could.
    failure = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(_("list in force"), default=False)
    made_current_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("licence list import")
        verbose_name_plural = _("licence list imports")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="recruiters_one_list_in_force"
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="done"), name="recruiters_only_done_list_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.data_date:%d/%m/%Y})"


class Enterprise(models.Model):
    """One licensed enterprise of one imported list."""

    batch = models.ForeignKey(
        LicenceImport, on_delete=models.CASCADE, related_name="enterprises", verbose_name=_("licence list import")
    )
    row_number = models.PositiveIntegerField(_("row in the file"))
    name = models.CharField(_("enterprise name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=100)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EnterpriseStatus.choices)
    address = models.CharField(_("address"), max_length=500, blank=True)
    # The company's switchboard as published with the list: not personal data.
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    # Derived for search (safepath.recruiters.matching): the folded name, and its canonical tokens with
    # the abbreviations expanded to one form; the licence number without punctuation.
    name_folded = models.CharField(max_length=500, editable=False)
    search_tokens = models.CharField(max_length=1000, editable=False)
    short_tokens = models.CharField(max_length=400, editable=False, blank=True)
    licence_key = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("licensed enterprise")
        verbose_name_plural = _("licensed enterprises")
        indexes = [
            models.Index(fields=["batch", "name_folded"], name="recruiters_ent_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "licence_key"], name="recruiters_one_licence_per_list"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"
