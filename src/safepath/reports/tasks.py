"""A programme report generated as a background job (django-tasks), with its progress on the job."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from safepath.core.jobs import job_failed, job_finished, job_progress, job_running


@task()
def report_generate_task(job_id: str, report_id: str) -> dict[str, Any]:
    """Generate a queued report, reporting progress per indicator on its job."""
    from safepath.reports.models import Report, ReportStatus
    from safepath.reports.services import report_generate

    job_running(job_id)
    report = Report.objects.filter(pk=report_id).defer("xlsx", "pdf").first()
    if report is None:  # deleted before it ran
        job_failed(job_id, error="deleted")
        return {"status": "deleted"}

    def progress(done: int, total: int, step: str) -> None:
        job_progress(job_id, done=done, total=total, step=step)

    report = report_generate(report, progress=progress)
    result = {
        "report_id": str(report.pk),
        "url": reverse("reports:report_detail", args=[report.pk]),
        "status": report.status,
    }
    if report.status == ReportStatus.DONE:
        job_finished(job_id, result=result)
    else:
        job_failed(job_id, error=report.error or gettext("failed"))
    return result
