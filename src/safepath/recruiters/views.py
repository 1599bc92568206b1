"""Staff pages of the licence list: the list in force (search, status), importing a new list (a background
job), the import history with each import's report, and its rejected rows as CSV."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.recruiters import reader, selectors, services
from safepath.recruiters.models import DOLAB_SOURCE, EnterpriseStatus, ImportStatus

MAX_QUERY = 300


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The list in force: every licensed enterprise with its status, or those a search names."""
    _require(request, "recruiters.view_enterprise")
    q = str(request.GET.get("q", ""))[:MAX_QUERY]
    status = str(request.GET.get("status", ""))
    status = status if status in EnterpriseStatus.values else ""
    batch, page = selectors.enterprise_page(user=request.user, q=q, status=status, page=request.GET.get("page"))
    shown_q = "".join(ch for ch in q if ch.isprintable())
    counts = selectors.status_counts(batch)
    context = {
        "batch": batch,
        "page": page,
        "q": shown_q,
        "status": status,
        "statuses": EnterpriseStatus.choices,
        "counts": counts,
        "total": sum(counts.values()),
        "query": urlencode({"q": shown_q, "status": status}),
        "searched": bool(shown_q.strip() or status),
        "can_import": request.user.has_perm("recruiters.import_licences"),
    }
    return render(request, "recruiters/enterprise_list.html", context)


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    """Upload a new list (CSV or Excel) with the date it was published and its source; it runs as a job."""
    _require(request, "recruiters.import_licences")
    values: dict[str, Any] = {"data_date": "", "source": DOLAB_SOURCE}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {
            "data_date": str(request.POST.get("data_date", ""))[:20],
            "source": str(request.POST.get("source", ""))[:1000],
        }
        upload = request.FILES.get("file")
        content = b""
        if upload is not None and upload.size and upload.size > reader.MAX_FILE_BYTES:
            errors["file"] = [reader.failure_text({"code": "too_big", "limit_mb": reader.MAX_FILE_BYTES // 1048576})]
        elif upload is not None:
            content = upload.read()
        if not errors:
            try:
                batch = services.licence_import_start(
                    actor=request.user,
                    file_name=getattr(upload, "name", ""),
                    content=content,
                    data_date=values["data_date"],
                    source=values["source"],
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                return redirect("recruiters:import_detail", import_id=batch.pk)
    values = {k: "".join(ch for ch in v if ch.isprintable()) for k, v in values.items()}
    return render(
        request,
        "recruiters/import_form.html",
        {"v": values, "errors": errors, "max_mb": reader.MAX_FILE_BYTES // 1048576},
        status=400 if errors else 200,
    )


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Every import of the list, newest first, with its counts and which list is in force."""
    _require(request, "recruiters.view_import")
    imports = list(selectors.licence_import_list(user=request.user)[:200])
    return render(
        request,
        "recruiters/import_list.html",
        {"imports": imports, "can_import": request.user.has_perm("recruiters.import_licences")},
    )


@login_required
def import_detail(request: HttpRequest, import_id: str) -> HttpResponse:
    """One import's report. While it runs, htmx polls the report fragment (the job's progress)."""
    batch = selectors.licence_import_get(user=request.user, import_id=import_id)
    fields = [f for f in reader.FIELDS if f in (batch.columns or {})]
    rejected = [{**r, "cells": [r["values"].get(f, "") for f in fields]} for r in selectors.rejected_rows(batch)]
    context = {
        "batch": batch,
        "job": batch.job,
        "running": batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "failure": reader.failure_text(batch.failure) if batch.failure else "",
        "rejected": rejected[:500],
        "more_rejected": max(0, len(rejected) - 500),
        "fields": [(f, (batch.columns or {}).get(f) or reader.field_label(f)) for f in fields],
        "recognised": [(reader.field_label(f), batch.columns[f]) for f in fields],
        "missing_fields": [reader.field_label(f) for f in reader.FIELDS if batch.columns and f not in batch.columns],
        "can_make_current": (
            batch.status == ImportStatus.DONE
            and not batch.is_current
            and request.user.has_perm("recruiters.import_licences", batch)
        ),
    }
    htmx = getattr(request, "htmx", False)
    template = "recruiters/_import_report.html" if htmx else "recruiters/import_detail.html"
    return render(request, template, context)


@login_required
def import_rejected_csv(request: HttpRequest, import_id: str) -> HttpResponse:
    batch = selectors.licence_import_get(user=request.user, import_id=import_id)
    body = selectors.rejected_rows_csv(user=request.user, batch=batch)
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{batch.data_date:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_make_current(request: HttpRequest, import_id: str) -> HttpResponse:
    """Put an earlier list back in force (after importing the wrong file, for instance)."""
    batch = selectors.licence_import_get(user=request.user, import_id=import_id)
    try:
        services.licence_import_make_current(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("This list is now the one in force."))
    return redirect("recruiters:import_detail", import_id=batch.pk)
