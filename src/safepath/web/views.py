from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from safepath.accounts.selectors import user_list_visible_to
from safepath.audit.selectors import access_event_list_visible_to
from safepath.cases.selectors import worker_dashboard
from safepath.core.crypto import KeyRingError, get_keyring
from safepath.core.jobs import job_get_for, job_list_recent
from safepath.core.models import JobKind
from safepath.people.models import Sex
from safepath.people.selectors import person_counts_for_analysts, person_queryset_visible_to
from safepath.plans.selectors import plans_to_approve
from safepath.security.keys import keys_usage
from safepath.security.tasks import rotation_job_start


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page, with a panel for each of the user's roles."""
    user = request.user
    context: dict[str, Any] = {"panels": []}
    if user.has_perm("cases.view_case_list") or user.has_perm("cases.view_intake_list"):
        context["panels"].append("work")
        context["work"] = worker_dashboard(user=user)
        # Plans waiting for this supervisor: the approval task reaches them only when the case names them.
        context["plans_to_approve"] = list(plans_to_approve(user=user)[:10])
    if user.has_perm("referrals.view_inbox"):
        from safepath.referrals.selectors import counts_for_home

        context["panels"].append("referrals")
        context["referrals"] = counts_for_home(user=user)
    if user.has_perm("people.view_person_list"):
        context["panels"].append("persons")
        context["person_count"] = person_queryset_visible_to(user=user).count()
    if user.has_perm("accounts.manage_user"):
        context["panels"].append("users")
        context["user_count"] = user_list_visible_to(user=user).count()
    if user.has_perm("audit.view_accessevent"):
        context["panels"].append("audit")
        context["recent_events"] = list(access_event_list_visible_to(user=user)[:8])
    if user.has_perm("reports.view_aggregates"):
        context["panels"].append("statistics")
        stats = person_counts_for_analysts(user=user)
        stats["by_sex"] = [(Sex(k).label if k in Sex.values else k, n) for k, n in stats["by_sex"]]
        context["stats"] = stats
    if not context["panels"]:
        context["panels"].append("nothing")
    return render(request, "web/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_required
def keys(request: HttpRequest) -> HttpResponse:
    """Encryption keys: what each key encrypts, and re-encryption under a new key as a job."""

    if not request.user.has_perm("core.manage_keys"):
        raise PermissionDenied

    file_based = not settings.SAFEPATH_KEYRING
    error = ""
    if request.method == "POST":
        if not file_based:
            error = "env"
        elif request.POST.get("confirm") != "yes":
            error = "confirm"
        else:
            job = rotation_job_start(actor=request.user)
            return redirect("web:job", job_id=job.pk)
    try:
        ring = get_keyring()
        usage = keys_usage()
    except KeyRingError:
        ring, usage = None, []
    context = {
        "ring": ring,
        "usage": usage,
        "file_based": file_based,
        "error": error,
        "jobs": job_list_recent(kind=JobKind.ROTATE_KEYS),
    }
    return render(request, "web/keys.html", context, status=400 if error else 200)


@login_required
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A job's progress; htmx polls the fragment until the job is finished."""

    current = job_get_for(user=request.user, job_id=job_id)
    template = "web/_job_progress.html" if request.htmx else "web/job.html"
    return render(request, template, {"job": current})


def not_offered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Pages of django-allauth that SafePath does not offer (see config/urls.py)."""
    raise Http404
