"""The de-identified case-level export as a background job (django-tasks), with its progress."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from safepath.core.jobs import job_failed, job_finished, job_progress, job_running, job_update

# What the job page shows as the current step (translated when shown).
STEPS = {
    "read": gettext_noop("Reading the cases"),
    "anonymise": gettext_noop("Making the records k-anonymous"),
    "write": gettext_noop("Writing the file"),
}


@task()
def case_export_task(job_id: str) -> dict[str, Any]:
    """Build a queued case-level export; the zip and its report go into the job's result."""
    from safepath.core.models import Job
    from safepath.reports.ctdc import ExportTooLarge, case_export_run

    job_running(job_id)
    try:
        result = case_export_run(
            job_id=job_id,
            progress=lambda step, done, total: job_progress(
                job_id, done=done, total=total, step=gettext(STEPS.get(step, step))
            ),
        )
    except ExportTooLarge as exc:
        stored = Job.objects.filter(pk=job_id).values_list("result", flat=True).first() or {}
        job_update(job_id, result={**stored, "error": {"code": "too_large", "size": exc.size}})
        job_failed(job_id, error="too_large")
        return {"error": "too_large"}
    except Exception as exc:
        job_failed(job_id, error=type(exc).__name__)
        raise
    job_finished(job_id, result=result)
    return {"size": result["size"], "records": result["report"]["records_out"]}
