from __future__ import annotations

from django_tasks import task

from safepath.audit.models import Action, Channel
from safepath.audit.services import audit_record
from safepath.core.crypto import KeyRingError, get_keyring
from safepath.core.jobs import job_failed, job_finished, job_progress, job_running
from safepath.core.models import Job
from safepath.security.keys import keys_add, rotate_keys


@task()
def rotate_keys_task(job_id: str, new_key: bool = True) -> dict[str, int]:
    """Add a new active key (optional) and re-encrypt every value under it, reporting progress."""
    job_running(job_id)
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        if new_key:
            keys_add()
        active = get_keyring().active_id
        done = rotate_keys(progress=lambda table, seen, total: job_progress(job_id, done=seen, total=total, step=table))
    except (KeyRingError, OSError) as exc:
        job_failed(job_id, error=str(exc))
        raise
    audit_record(
        actor=job.created_by,
        action=Action.ROTATE_KEYS,
        channel=Channel.TASK,
        detail={"active_key": active, "rows": done},
    )
    job_finished(job_id, result={"active_key": active, "rows": done})
    return done


def rotation_job_start(*, actor: object) -> Job:
    """A system administrator starts re-encryption under a new key, as a background job."""
    from django.core.exceptions import PermissionDenied

    from safepath.core.jobs import job_start
    from safepath.core.models import JobKind

    if not actor.has_perm("core.manage_keys"):  # type: ignore[attr-defined]
        raise PermissionDenied
    return job_start(kind=JobKind.ROTATE_KEYS, actor=actor, task=rotate_keys_task, new_key=True)
