"""Start long work as a django-tasks task and follow its progress."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safepath.core.models import Job, JobStatus


def job_start(*, kind: str, actor: Any, task: Any, **kwargs: Any) -> Job:
    """Record a job and enqueue its task once the transaction commits."""
    job = Job.objects.create(kind=kind, created_by=actor if getattr(actor, "pk", None) else None)
    transaction.on_commit(lambda: task.enqueue(job_id=str(job.pk), **kwargs))
    return job


def job_update(job_id: str, **fields: Any) -> None:
    Job.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def job_running(job_id: str) -> None:
    job_update(job_id, status=JobStatus.RUNNING, started_at=timezone.now())


def job_progress(job_id: str, *, done: int, total: int, step: str = "") -> None:
    job_update(job_id, done=done, total=total, step=step[:200])


def job_finished(job_id: str, *, result: dict[str, Any]) -> None:
    job_update(job_id, status=JobStatus.DONE, result=result, finished_at=timezone.now())


def job_failed(job_id: str, *, error: str) -> None:
    job_update(job_id, status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now())


def job_get_for(*, user: Any, job_id: Any) -> Job:
    """A job the user may follow (their own, or any for a system administrator); 404 otherwise."""
    from safepath.core import policy

    job = Job.objects.filter(pk=job_id).first() if policy.is_uuid(job_id) else None
    if job is None or not user.has_perm("core.view_job", job):
        raise Http404
    return job


def job_list_recent(*, kind: str, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(kind=kind).order_by("-created_at")[:limit])
