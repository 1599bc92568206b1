"""Importing the official list of licensed labour-export enterprises, and choosing the list in force.

An import is checked before it is accepted (the file must be readable, with a name and a licence-number
column), stored as a queued `LicenceImport`, then run: in the background from the staff pages
(`licence_import_start`, a django-tasks task followed through safepath.core.jobs), or directly from the
command line and the demo (`licence_import_create` + `licence_import_run`).

A run reads every row, rejects the bad ones with their reasons and, when at least one row is good,
stores the enterprises and makes the list the one in force, all in one transaction: a search sees the
old list or the new one, never half of one. A file that cannot be read changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.audit.models import Action, Channel
from safepath.audit.services import audit_record
from safepath.core import validate as v
from safepath.core.normalize import clean_text, fold
from safepath.recruiters import matching, reader
from safepath.recruiters.models import DOLAB_SOURCE, Enterprise, ImportStatus, LicenceImport

JOB_KIND = "import_licences"
MAX_SOURCE = 500
_SWITCH_LOCK = 0x5AFE_6001  # PostgreSQL advisory lock: one switch of the list in force at a time

# progress(step, done, total)
Progress = Callable[[str, int, int], None]


def _file_name(name: Any) -> str:
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable())
    return clean_text(base)[:255] or "upload"


def _data_date(e: v.Errors, value: Any) -> dt.date | None:
    day = v.date(e, "data_date", value, required=True)
    if day is None:
        return None
    if day > timezone.localdate():
        e.add("data_date", _("The date of the list cannot be in the future."))
    elif day.year < 2000:
        e.add("data_date", _("Enter the date the list was published."))
    return day


def licence_import_create(
    *, actor: Any, file_name: Any, content: bytes | None, data_date: Any, source: Any = "", channel: str | None = None
) -> LicenceImport:
    """Check a file of the list and keep it as a new import, waiting to run.

    `actor` is the staff member (who must be allowed to import), or None from the command line and
    the demo. Raises ValidationError (data_date, source, file: one clear reason why it cannot be read)
    or PermissionDenied. Nothing is stored when it raises.
    """
    if actor is not None:
        v.require(actor, "recruiters.import_licences")
    e = v.Errors()
    day = _data_date(e, data_date)
    text = clean_text(v.text(e, "source", source, limit=MAX_SOURCE)) or DOLAB_SOURCE
    name = _file_name(file_name)
    fmt = ""
    if not content:
        e.add("file", _("Choose the file of the list (CSV or Excel .xlsx)."))
    else:
        try:
            fmt = reader.read_table(bytes(content), name).format
        except reader.UnreadableFile as exc:
            e.add("file", reader.failure_text(exc.as_dict()))
    e.raise_if_any()
    assert day is not None
    with transaction.atomic():
        batch = LicenceImport.objects.create(
            source=text,
            data_date=day,
            file_name=name,
            file_format=fmt,
            content=bytes(content or b""),
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="licence_import",
            object_ids=[batch.pk],
            channel=channel,
            detail={"format": fmt, "bytes": len(content or b"")},
        )
    return batch


def licence_import_start(
    *, actor: Any, file_name: Any, content: bytes | None, data_date: Any, source: Any = ""
) -> LicenceImport:
    """A staff member imports a list: checked now, run as a background job (follow it on its report page)."""
    from safepath.core.jobs import job_start
    from safepath.recruiters.tasks import licence_import_task

    with transaction.atomic():
        batch = licence_import_create(
            actor=actor, file_name=file_name, content=content, data_date=data_date, source=source
        )
        job = job_start(kind=JOB_KIND, actor=actor, task=licence_import_task, import_id=str(batch.pk))
        LicenceImport.objects.filter(pk=batch.pk).update(job=job)
        batch.job = job
    return batch


def _fail(batch: LicenceImport, failure: dict[str, Any], *, channel: str, **report: Any) -> LicenceImport:
    with transaction.atomic():
        fields = {"status": ImportStatus.FAILED, "failure": failure, "finished_at": timezone.now(), **report}
        LicenceImport.objects.filter(pk=batch.pk).update(**fields)
        audit_record(
            actor=batch.imported_by,
            action=Action.UPDATE,
            object_type="licence_import",
            object_ids=[batch.pk],
            purpose="licence_import_failed",
            channel=channel,
            detail={"failure": str(failure.get("code", ""))},
        )
    batch.refresh_from_db()
    return batch


def _lock_switch() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SWITCH_LOCK])


def _put_in_force(batch: LicenceImport, **fields: Any) -> list[str]:
    """Make `batch` the list in force (inside the caller's transaction). Returns the list(s) it replaced."""
    _lock_switch()
    replaced = [
        str(pk)
        for pk in LicenceImport.objects.filter(is_current=True).exclude(pk=batch.pk).values_list("pk", flat=True)
    ]
    LicenceImport.objects.filter(is_current=True).exclude(pk=batch.pk).update(is_current=False)
    LicenceImport.objects.filter(pk=batch.pk).update(is_current=True, made_current_at=timezone.now(), **fields)
    return replaced


def licence_import_run(
    *, import_id: Any, progress: Progress | None = None, channel: str = Channel.TASK
) -> LicenceImport:
    """Read and check the rows of a queued import; store the good ones and put the list in force.

    Runs once: an import already done or failed is returned as it is. A file with no good row fails and
    the list in force stays. Returns the import with its report.
    """
    batch = LicenceImport.objects.select_related("imported_by").get(pk=import_id)
    if batch.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return batch
    LicenceImport.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)

    def step(name: str, done: int, total: int) -> None:
        if progress:
            progress(name, done, total)

    step("read", 0, 1)
    try:
        table = reader.read_table(bytes(batch.content), batch.file_name)
    except reader.UnreadableFile as exc:
        return _fail(batch, exc.as_dict(), channel=channel)
    checked = reader.check_rows(
        table, data_date=batch.data_date, progress=lambda done, total: step("check", done, total)
    )
    report = {
        "rows_read": checked.rows_read,
        "rows_accepted": len(checked.accepted),
        "rows_rejected": checked.rows_rejected,
        "rejected": checked.rejected,
        "columns": table.headers,
    }
    if not checked.accepted:
        return _fail(batch, {"code": "no_rows"}, channel=channel, **report)
    total = len(checked.accepted)
    with transaction.atomic():
        rows = [_enterprise(batch, row) for row in checked.accepted]
        for start in range(0, total, 500):
            Enterprise.objects.bulk_create(rows[start : start + 500])
            step("save", min(start + 500, total), total)
        replaced = _put_in_force(batch, status=ImportStatus.DONE, finished_at=timezone.now(), failure={}, **report)
        audit_record(
            actor=batch.imported_by,
            action=Action.UPDATE,
            object_type="licence_import",
            object_ids=[batch.pk],
            purpose="licence_list_in_force",
            channel=channel,
            detail={
                "rows_read": checked.rows_read,
                "rows_accepted": total,
                "rows_rejected": checked.rows_rejected,
                "replaced": replaced,
            },
        )
    batch.refresh_from_db()
    return batch


def _enterprise(batch: LicenceImport, row: reader.GoodRow) -> Enterprise:
    return Enterprise(
        batch=batch,
        row_number=row.row,
        name=row.name,
        short_name=row.short_name,
        licence_number=row.licence_number,
        licence_date=row.licence_date,
        status=row.status,
        address=row.address,
        phone=row.phone,
        **search_fields(name=row.name, short_name=row.short_name, licence_number=row.licence_number),
    )


def search_fields(*, name: str, short_name: str, licence_number: str) -> dict[str, str]:
    """The derived search fields of an enterprise (see safepath.recruiters.matching)."""
    return {
        "name_folded": fold(name)[:500],
        "search_tokens": " ".join(matching.name_tokens(name))[:1000],
        "short_tokens": " ".join(matching.name_tokens(short_name))[:400],
        "licence_key": matching.licence_key(licence_number)[:100],
    }


def licence_import_make_current(*, actor: Any, batch: LicenceImport) -> LicenceImport:
    """Put an earlier (successful) list back in force, e.g. after importing the wrong file."""
    v.require(actor, "recruiters.import_licences", batch)
    if batch.status != ImportStatus.DONE:
        raise ValidationError({"batch": [_("Only a list that was imported in full can be put in force.")]})
    with transaction.atomic():
        replaced = _put_in_force(batch)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="licence_import",
            object_ids=[batch.pk],
            purpose="licence_list_in_force",
            detail={"replaced": replaced, "restored": True},
        )
    batch.refresh_from_db()
    return batch
