"""Outreach pages: the agency's events (list, form with the participant grid, detail with the register of a
training, its scores and the materials handed out), the materials catalogue with the agency's stock, and
the figures.

Views read the request and call selectors (reads) and services (writes, checked). A refused form comes
back with its errors and what was typed (status 400); deleting an event or removing a participant asks
for confirmation on a page of its own (works without JavaScript).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.core import validate as v
from safepath.core.forms import render_form, service_errors
from safepath.directory.choices import Language
from safepath.directory.selectors import providers_for_choice
from safepath.outreach import selectors, services
from safepath.outreach.choices import (
    CELLS,
    TRAINING_KINDS,
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachMaterialKind,
    OutreachSex,
    StockMovementKind,
    cell_key,
)
from safepath.outreach.models import Event, Material
from safepath.places.models import Province

Errors = dict[str, list[str]]
HANDOUT_LINES = 3


def _provinces() -> list[Province]:
    return list(Province.objects.all())


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _blank(value: Any) -> str:
    return "" if value is None else str(value)


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --- events -------------------------------------------------------------------------------------------
def _period(request: HttpRequest, e: v.Errors) -> tuple[dt.date | None, dt.date | None, dict[str, str]]:
    raw = {"from": request.GET.get("from", "")[:30], "to": request.GET.get("to", "")[:30]}
    start = v.date(e, "from", raw["from"])
    end = v.date(e, "to", raw["to"])
    if start and end and start > end:
        e.add("to", _("The end comes before the start."))
    return start, end, raw


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    _need(request, "outreach.view_event_list")
    e = v.Errors()
    start, end, raw = _period(request, e)
    kind = request.GET.get("kind", "")
    kind = kind if kind in OutreachEventKind.values else ""
    province = request.GET.get("province", "")
    provinces = _provinces()
    province = province if province in {p.pk for p in provinces} else ""
    qs = selectors.event_list(
        user=request.user,
        kind=kind,
        province=province,
        date_from=None if e.items else start,
        date_to=None if e.items else end,
    )
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {"kind": kind, "province": province, **raw}
    return render(
        request,
        "outreach/event_list.html",
        {
            "page": page,
            "filters": filters,
            "qs": urlencode({k: x for k, x in filters.items() if x}),
            "errors": e.items,
            "kinds": OutreachEventKind.choices,
            "provinces": provinces,
            "can_add": request.user.has_perm("outreach.add_event"),
            "can_see_figures": request.user.has_perm("outreach.view_figures"),
        },
        status=400 if e.items else 200,
    )


def _event_form_values(event: Event | None, request: HttpRequest) -> dict[str, Any]:
    if event is None:
        agency = getattr(request.user, "agency", None)
        today = timezone.localdate()
        values: dict[str, Any] = {
            "kind": request.GET.get("kind", "") if request.GET.get("kind", "") in OutreachEventKind.values else "",
            "title": "",
            "start_date": _fmt(today),
            "end_date": "",
            "province": getattr(agency, "province_id", "") or "",
            "venue": "",
            "partners": [],
            "partners_other": "",
            "facilitators": "",
            "summary": "",
            "counts_from_register": False,
        }
        grid = dict.fromkeys(CELLS, 0)
    else:
        values = {
            "kind": event.kind,
            "title": event.title,
            "start_date": _fmt(event.start_date),
            "end_date": _fmt(event.end_date),
            "province": event.province_id,
            "venue": event.venue,
            "partners": [str(p) for p in event.partners.values_list("pk", flat=True)],
            "partners_other": event.partners_other,
            "facilitators": event.facilitators,
            "summary": event.summary,
            "counts_from_register": event.counts_from_register,
        }
        grid = selectors.event_grid(event).cells
    values["counts"] = {cell_key(s, a): str(n) for (s, a), n in grid.items()}
    return values


def _event_form_posted(request: HttpRequest) -> dict[str, Any]:
    p = request.POST
    return {
        "kind": p.get("kind", ""),
        "title": p.get("title", ""),
        "start_date": p.get("start_date", ""),
        "end_date": p.get("end_date", ""),
        "province": p.get("province", ""),
        "venue": p.get("venue", ""),
        "partners": p.getlist("partners"),
        "partners_other": p.get("partners_other", ""),
        "facilitators": p.get("facilitators", ""),
        "summary": p.get("summary", ""),
        "counts_from_register": p.get("counts_from_register") == "on",
        "counts": {cell_key(s, a): p.get(f"count_{cell_key(s, a)}", "") for s, a in CELLS},
    }


def _grid_rows(values: dict[str, Any], errors: Errors) -> list[dict[str, Any]]:
    sexes = dict(OutreachSex.choices)
    return [
        {
            "age": a,
            "label": label,
            "cells": [
                {
                    "key": cell_key(s, a),
                    "sex_label": sexes[s],
                    "value": values["counts"].get(cell_key(s, a), ""),
                    "error": bool(errors.get(f"count_{cell_key(s, a)}")),
                }
                for s in OutreachSex.values
            ],
        }
        for a, label in OutreachAgeGroup.choices
    ]


def _event_form(request: HttpRequest, event: Event | None) -> HttpResponse:
    """The form of a new event (`event` None) or of a stored one; a refused one comes back with its errors."""
    errors: Errors = {}
    if request.method != "POST":
        values = _event_form_values(event, request)
    else:
        values = _event_form_posted(request)
        try:
            if event is None:
                saved = services.event_create(actor=request.user, data=values)
                done = _("The event was recorded.")
            else:
                saved = services.event_update(actor=request.user, event=event, data=values)
                done = _("The event was saved.")
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, done)
            return redirect("outreach:event", pk=saved.pk)
    return render_form(
        request,
        "outreach/event_form.html",
        {
            "event": event,
            "v": values,
            "errors": errors,
            "kinds": OutreachEventKind.choices,
            "training_kinds": sorted(TRAINING_KINDS),
            "provinces": _provinces(),
            "providers": providers_for_choice(user=request.user),
            "grid": _grid_rows(values, errors),
            "sexes": OutreachSex.choices,
        },
    )


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    _need(request, "outreach.add_event")
    return _event_form(request, None)


@login_required
def event_edit(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.change_event", event)
    return _event_form(request, event)


def _event_page(
    request: HttpRequest,
    event: Event,
    *,
    failed: str = "",
    errors: Errors | None = None,
    posted: dict[str, Any] | None = None,
) -> HttpResponse:
    """An event's page; after a refused POST (`failed` names the form) with its errors and what was typed."""
    user = request.user
    can_change = user.has_perm("outreach.change_event", event)
    can_read_names = selectors.may_read_participants(user, event)
    participants = selectors.event_participants(user=user, event=event) if can_read_names and event.is_training else []
    in_stock: list[Material] = []
    if can_change:  # what can be handed out: read only when the user may record it
        in_stock = [m for m in selectors.material_list(user=user, active_only=True) if m.stock > 0]  # type: ignore[attr-defined]
    posted = posted or {}
    errors = errors or {}
    lines = [
        {
            "i": i,
            "material": posted.get(f"material_{i}", "") if failed == "materials" else "",
            "quantity": posted.get(f"quantity_{i}", "") if failed == "materials" else "",
            "material_error": f"material_{i}" in errors,
            "quantity_error": f"quantity_{i}" in errors,
        }
        for i in range(HANDOUT_LINES)
    ]
    for p in participants:
        typed = failed == "scores"
        p.pre_value = posted.get(f"pre_{p.pk}", "") if typed else _blank(p.pre_score)  # type: ignore[attr-defined]
        p.post_value = posted.get(f"post_{p.pk}", "") if typed else _blank(p.post_score)  # type: ignore[attr-defined]
        p.pre_bad = f"pre_{p.pk}" in errors  # type: ignore[attr-defined]
        p.post_bad = f"post_{p.pk}" in errors  # type: ignore[attr-defined]
    participant_values = posted if failed == "participant" else {"sex": OutreachSex.OTHER}
    return render_form(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "partners": list(event.partners.all()),
            "grid": selectors.event_grid(event),
            "sexes": OutreachSex.choices,
            "scores": selectors.event_scores(event) if event.is_training else None,
            "can_change": can_change,
            "can_read_names": can_read_names,
            "participants": participants,
            "handed_out": selectors.event_materials(event),
            "stock_materials": in_stock,
            "lines": lines,
            "failed": failed,
            "errors": errors,
            "posted": posted,
            "participant_values": participant_values,
            "sex_choices": OutreachSex.choices,
            "age_choices": OutreachAgeGroup.choices,
        },
    )


@login_required
def event_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _event_page(request, selectors.access_event(user=request.user, event_id=pk))


@login_required
def event_delete(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.delete_event", event)
    if request.method == "POST":
        services.event_delete(actor=request.user, event=event)
        messages.success(request, _("The event was deleted. Materials handed out at it went back into stock."))
        return redirect("outreach:event_list")
    return render(
        request,
        "outreach/event_delete.html",
        {
            "event": event,
            "grid": selectors.event_grid(event),
            "registered": event.participants.count(),
            "handed_out": selectors.event_materials(event),
        },
    )


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.change_participants", event)
    posted = {k: request.POST.get(k, "") for k in services.PARTICIPANT_FIELDS}
    try:
        services.participant_add(actor=request.user, event=event, data=posted)
    except ValidationError as exc:
        return _event_page(request, event, failed="participant", errors=service_errors(exc), posted=posted)
    messages.success(request, _("The participant was registered."))
    return redirect(_event_url(event) + "#participants")


def _event_url(event: Event) -> str:
    return reverse("outreach:event", args=[event.pk])


@login_required
def participant_edit(request: HttpRequest, pk: str) -> HttpResponse:
    participant = selectors.access_participant(user=request.user, participant_id=pk)
    values = {k: _blank(getattr(participant, k)) for k in services.PARTICIPANT_FIELDS}
    errors: Errors = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in services.PARTICIPANT_FIELDS}
        try:
            services.participant_update(actor=request.user, participant=participant, data=values)
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, _("The participant was saved."))
            return redirect(_event_url(participant.event) + "#participants")
    return render_form(
        request,
        "outreach/participant_form.html",
        {
            "participant": participant,
            "event": participant.event,
            "v": values,
            "errors": errors,
            "sex_choices": OutreachSex.choices,
            "age_choices": OutreachAgeGroup.choices,
        },
    )


@login_required
def participant_remove(request: HttpRequest, pk: str) -> HttpResponse:
    participant = selectors.access_participant(user=request.user, participant_id=pk)
    event = participant.event
    if request.method == "POST":
        services.participant_remove(actor=request.user, participant=participant)
        messages.success(request, _("The participant was removed from the register."))
        return redirect(_event_url(event) + "#participants")
    return render(request, "outreach/participant_remove.html", {"participant": participant, "event": event})


@login_required
@require_POST
def scores_save(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.change_participants", event)
    ids = [x for x in request.POST.getlist("participant") if x][: services.MAX_PARTICIPANTS]
    scores = {pid: (request.POST.get(f"pre_{pid}", ""), request.POST.get(f"post_{pid}", "")) for pid in ids}
    try:
        changed = services.scores_set(actor=request.user, event=event, scores=scores)
    except ValidationError as exc:
        posted = {f"{k}_{pid}": x for pid, (pre, post) in scores.items() for k, x in (("pre", pre), ("post", post))}
        return _event_page(request, event, failed="scores", errors=service_errors(exc), posted=posted)
    messages.success(request, _("Scores saved: %(n)s participants changed.") % {"n": changed})
    return redirect(_event_url(event) + "#participants")


@login_required
@require_POST
def materials_hand_out(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.change_event", event)
    posted = {
        f"{k}_{i}": request.POST.get(f"{k}_{i}", "") for i in range(HANDOUT_LINES) for k in ("material", "quantity")
    }
    items = [{"material": posted[f"material_{i}"], "quantity": posted[f"quantity_{i}"]} for i in range(HANDOUT_LINES)]
    try:
        services.event_materials_hand_out(actor=request.user, event=event, items=items)
    except ValidationError as exc:
        return _event_page(request, event, failed="materials", errors=service_errors(exc), posted=posted)
    messages.success(request, _("The materials handed out were recorded and taken out of stock."))
    return redirect(_event_url(event) + "#materials")


@login_required
@require_POST
def material_return(request: HttpRequest, pk: str) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    _need(request, "outreach.change_event", event)
    try:
        services.event_material_return(
            actor=request.user,
            event=event,
            material_id=request.POST.get("material", ""),
            quantity=request.POST.get("quantity", ""),
        )
    except ValidationError as exc:
        posted = {"return_material": request.POST.get("material", "")}
        return _event_page(request, event, failed="return", errors=service_errors(exc), posted=posted)
    messages.success(request, _("The materials were taken back into stock."))
    return redirect(_event_url(event) + "#materials")


# --- materials ----------------------------------------------------------------------------------------
def _languages() -> list[tuple[str, str]]:
    return [(k, str(label)) for k, label in Language.choices]


@login_required
def material_list(request: HttpRequest) -> HttpResponse:
    _need(request, "outreach.view_material_list")
    kind = request.GET.get("kind", "")
    kind = kind if kind in OutreachMaterialKind.values else ""
    language = request.GET.get("language", "")
    language = language if language in Language.values else ""
    q = v.text(v.Errors(), "q", request.GET.get("q", "")[:100], limit=100).replace("\n", " ")
    materials = selectors.material_list(user=request.user, kind=kind, language=language, q=q)
    labels = dict(_languages())
    for m in materials:
        m.language_labels = [labels.get(code, code) for code in m.languages or []]  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/material_list.html",
        {
            "materials": materials,
            "low": [m for m in materials if getattr(m, "is_low", False)],
            "filters": {"kind": kind, "language": language, "q": q},
            "kinds": OutreachMaterialKind.choices,
            "languages": _languages(),
            "can_add": request.user.has_perm("outreach.add_material"),
        },
    )


def _material_values(material: Material | None) -> dict[str, Any]:
    if material is None:
        return {"kind": "", "title_vi": "", "title_en": "", "languages": ["vi"], "description": "", "is_active": True}
    return {
        "kind": material.kind,
        "title_vi": material.title_vi,
        "title_en": material.title_en,
        "languages": list(material.languages or []),
        "description": material.description,
        "is_active": material.is_active,
    }


def _material_posted(request: HttpRequest) -> dict[str, Any]:
    p = request.POST
    return {
        "kind": p.get("kind", ""),
        "title_vi": p.get("title_vi", ""),
        "title_en": p.get("title_en", ""),
        "languages": p.getlist("languages"),
        "description": p.get("description", ""),
        "is_active": p.get("is_active") == "on",
    }


def _material_form(request: HttpRequest, material: Material | None) -> HttpResponse:
    """The form of a new material (`material` None) or of a stored one; a refused one comes back with its errors."""
    errors: Errors = {}
    if request.method != "POST":
        values = _material_values(material)
    else:
        values = _material_posted(request)
        upload = request.FILES.get("file")
        try:
            if material is None:
                saved = services.material_create(actor=request.user, data=values, upload=upload)
                done = _("The material was added to the catalogue.")
            else:
                remove_file = request.POST.get("remove_file") == "on"
                saved = services.material_update(
                    actor=request.user, material=material, data=values, upload=upload, remove_file=remove_file
                )
                done = _("The material was saved.")
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, done)
            return redirect("outreach:material", pk=saved.pk)
    return render_form(
        request,
        "outreach/material_form.html",
        {
            "material": material,
            "v": values,
            "errors": errors,
            "kinds": OutreachMaterialKind.choices,
            "languages": _languages(),
            "max_mb": services.MAX_FILE_BYTES // (1024 * 1024),
            "accept": ",".join(services.FILE_TYPES),
        },
    )


@login_required
def material_new(request: HttpRequest) -> HttpResponse:
    _need(request, "outreach.add_material")
    return _material_form(request, None)


@login_required
def material_edit(request: HttpRequest, pk: str) -> HttpResponse:
    material = selectors.access_material(user=request.user, material_id=pk)
    _need(request, "outreach.change_material", material)
    return _material_form(request, material)


def _material_page(
    request: HttpRequest,
    material: Material,
    *,
    failed: str = "",
    errors: Errors | None = None,
    posted: dict[str, Any] | None = None,
) -> HttpResponse:
    """A material's page; after a refused POST (`failed` names the form) with its errors and what was typed."""
    labels = dict(_languages())
    return render_form(
        request,
        "outreach/material_detail.html",
        {
            "material": material,
            "language_labels": [labels.get(code, code) for code in material.languages or []],
            "stock": selectors.agency_stock(user=request.user, material=material),
            "movements": selectors.material_movements(user=request.user, material=material),
            "can_change": request.user.has_perm("outreach.change_material", material),
            "can_move": request.user.has_perm("outreach.change_stock", material),
            "movement_kinds": [(k, label) for k, label in StockMovementKind.choices if k != StockMovementKind.EVENT],
            "provinces": _provinces(),
            "failed": failed,
            "errors": errors or {},
            "posted": posted or {"kind": StockMovementKind.RECEIVED, "day": _fmt(timezone.localdate())},
        },
    )


@login_required
def material_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _material_page(request, selectors.access_material(user=request.user, material_id=pk))


@login_required
def material_file(request: HttpRequest, pk: str) -> HttpResponseBase:
    material = selectors.access_material(user=request.user, material_id=pk)
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.file_name or "file",
        content_type=material.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def stock_move(request: HttpRequest, pk: str) -> HttpResponse:
    material = selectors.access_material(user=request.user, material_id=pk)
    _need(request, "outreach.change_stock", material)
    posted = {k: request.POST.get(k, "") for k in ("kind", "quantity", "day", "province", "note")}
    try:
        services.stock_move(actor=request.user, material=material, **posted)
    except ValidationError as exc:
        return _material_page(request, material, failed="movement", errors=service_errors(exc), posted=posted)
    messages.success(request, _("The stock movement was recorded."))
    return redirect("outreach:material", pk=material.pk)


@login_required
@require_POST
def stock_threshold(request: HttpRequest, pk: str) -> HttpResponse:
    material = selectors.access_material(user=request.user, material_id=pk)
    _need(request, "outreach.change_stock", material)
    try:
        services.stock_threshold_set(
            actor=request.user, material=material, threshold=request.POST.get("low_threshold", "")
        )
    except ValidationError as exc:
        posted = {"low_threshold": request.POST.get("low_threshold", "")}
        return _material_page(request, material, failed="threshold", errors=service_errors(exc), posted=posted)
    messages.success(request, _("The warning level was saved."))
    return redirect("outreach:material", pk=material.pk)


# --- figures ------------------------------------------------------------------------------------------
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _need(request, "outreach.view_figures")
    today = timezone.localdate()
    twelve_months = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)  # the default period
    e = v.Errors()
    if "from" not in request.GET and "to" not in request.GET:
        start, end = twelve_months, today
        raw = {"from": _fmt(start), "to": _fmt(end)}
    else:
        start_, end_, raw = _period(request, e)
        start, end = start_ or twelve_months, end_ or today
        if not e.items and (end - start).days > 366 * 5:
            e.add("to", _("Choose a period of at most five years."))
        if e.items:
            start, end = twelve_months, today
    agencies = selectors.agencies_with_events(user=request.user)
    agency_id = request.GET.get("agency", "")
    if agency_id not in {str(a.pk) for a in agencies}:
        agency_id = ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in OutreachEventKind.values else ""
    data = selectors.outreach_figures(
        user=request.user, date_from=start, date_to=end, agency_id=agency_id or None, kind=kind
    )
    return render(
        request,
        "outreach/figures.html",
        {
            "f": data,
            "chart": data.chart(),
            "raw": raw,
            "errors": e.items,
            "agencies": agencies if len(agencies) > 1 else [],
            "agency_id": agency_id,
            "kind": kind,
            "kinds": OutreachEventKind.choices,
        },
        status=400 if e.items else 200,
    )
