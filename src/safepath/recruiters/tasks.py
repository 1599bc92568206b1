"""The import of the licence list as a background job (django-tasks), with its progress."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from safepath.audit.models import Channel
from safepath.core.jobs import job_failed, job_finished, job_progress, job_running, job_update

# What the job page shows as the current step (translated when shown).
STEPS = {
    "read": gettext_noop("Reading the file"),
    "check": gettext_noop("Checking the rows"),
    "save": gettext_noop("Saving the enterprises"),
}


@task()
def licence_import_task(job_id: str, import_id: str) -> dict[str, Any]:
    """Run a queued import of the licence list, reporting progress on its job."""
    from safepath.recruiters.models import ImportStatus, LicenceImport
    from safepath.recruiters.services import _fail, licence_import_run

    job_running(job_id)
    try:
        batch = licence_import_run(
            import_id=import_id,
            channel=Channel.TASK,
            progress=lambda step, done, total: job_progress(
                job_id, done=done, total=total, step=gettext(STEPS.get(step, step))
            ),
        )
    except Exception as exc:
        broken = LicenceImport.objects.filter(pk=import_id).first()
        if broken is not None and broken.status not in (ImportStatus.DONE, ImportStatus.FAILED):
            _fail(broken, {"code": "internal"}, channel=Channel.TASK)
        job_failed(job_id, error=type(exc).__name__)
        raise
    result = {
        "import_id": str(batch.pk),
        "url": reverse("recruiters:import_detail", args=[batch.pk]),
        "status": batch.status,
        "rows_read": batch.rows_read,
        "rows_accepted": batch.rows_accepted,
        "rows_rejected": batch.rows_rejected,
    }
    if batch.status == ImportStatus.DONE:
        job_finished(job_id, result=result)
    else:
        job_failed(job_id, error=str(batch.failure.get("code", "")))
        job_update(job_id, result=result)  # a failed import still has a report to link to
    return result
