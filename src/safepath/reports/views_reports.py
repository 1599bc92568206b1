"""Programme report pages: the reports a user may open, asking for one, following it, downloading its
files, deleting it; and the schedules that make one after every month, quarter or year.

Thin views: input is read here and handed to `services` (which checks it and the policy). A report or
schedule outside `policy.report_scope` is a 404, like a missing one; bad input is the form again with
its errors (400), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.core import policy
from safepath.core.downloads import attachment
from safepath.reports import indicators as ind
from safepath.reports import labels as lbl
from safepath.reports import services
from safepath.reports.models import FORMATS, ReportKind, ReportLanguage, ScheduleKind
from safepath.reports.periods import Period

LIST_LIMIT = 200
FIELDS = ("kind", "period", "language", "agency", "province", "legacy_province")


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _clean(value: Any, limit: int = 60) -> str:
    return "".join(ch for ch in str(value or "")[:limit] if ch.isprintable())


def _period_suggestions(today: Any) -> list[tuple[str, str]]:
    """Recent months, quarters and years for the period field's list (it takes any text too)."""
    out: list[tuple[str, str]] = []
    month = Period.last_full_month(today)
    for _i in range(12):
        out.append((month.text, month.label))
        month = month.previous()
    quarter = Period.of_kind("quarter", today).previous()
    for _i in range(4):
        out.append((quarter.text, quarter.label))
        quarter = quarter.previous()
    for year in (Period.year(today.year - 1), Period.year(today.year - 2)):
        out.append((year.text, year.label))
    return out


def _choices(user: Any) -> dict[str, Any]:
    """What the report and schedule forms offer this user."""
    from safepath.accounts.models import Agency
    from safepath.places.models import LegacyProvince, Province

    allowed = policy.aggregate_agencies(user)
    agencies: list[Any] = []
    if allowed is None or len(allowed) > 1:
        qs = Agency.objects.filter(is_active=True).order_by("code")
        if allowed is not None:
            qs = qs.filter(pk__in=list(allowed))
        agencies = list(qs)
    english = (get_language() or "vi").startswith("en")
    return {
        "kinds": ReportKind.choices,
        "schedule_kinds": ScheduleKind.choices,
        "languages": ReportLanguage.choices,
        "formats": [("xlsx", _("Excel (.xlsx)")), ("pdf", "PDF")],
        "agencies": agencies,
        "provinces": [(p.code, p.name_en if english else p.name) for p in Province.objects.all()],
        "legacy_provinces": [(p.code, p.name_en if english else p.name) for p in LegacyProvince.objects.all()],
        "programmes": [(code, str(p.name)) for code, p in ind.load().programmes.items()],
    }


def _posted(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {name: _clean(request.POST.get(name, "")) for name in FIELDS}
    values["formats"] = services.formats_of(_clean(f, 10) for f in request.POST.getlist("formats")[:5])
    values["programmes"] = [_clean(p) for p in request.POST.getlist("programmes")[:10]]
    return values


def _scope_text(item: Any, places: dict[str, Any], legacy: dict[str, Any]) -> str:
    """Who and where a report or schedule counts, in a few words."""
    parts = [item.agency.code if item.agency_id else _("Every agency you may count")]
    if item.province:
        parts.append(places.get(item.province, item.province))
    if item.legacy_province:
        parts.append(_("former province %(name)s") % {"name": legacy.get(item.legacy_province, item.legacy_province)})
    return " · ".join(parts)


def _programme_text(codes: list[str]) -> str:
    names = ind.load().programmes
    return "; ".join(str(names[c].name) for c in codes if c in names)


def _with_scope(items: list[Any]) -> list[Any]:
    places, legacy = lbl.LISTS["province"](), lbl.LISTS["legacy_province"]()  # in the page's language
    for item in items:
        item.scope_text = _scope_text(item, places, legacy)
        item.programme_text = _programme_text(item.programmes)
    return items


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the user may open, newest first, with their parameters, status and files."""
    _require(request, "reports.view_aggregates")
    user: Any = request.user
    reports = _with_scope(list(services.report_list_for(user=user)[:LIST_LIMIT]))
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "can_request": user.has_perm("reports.request_report"),
            "can_schedule": user.has_perm("reports.schedule_report"),
        },
    )


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    """Ask for a report: kind, period, language, formats and scope. It is generated in the background."""
    _require(request, "reports.request_report")
    user: Any = request.user
    today = timezone.localdate()
    last = Period.last_full_month(today)
    values: dict[str, Any] = {
        "kind": "monthly",
        "period": f"{last.start.month:02d}/{last.start.year}",
        "language": "en" if (get_language() or "vi").startswith("en") else "vi",
        "formats": list(FORMATS),
        "programmes": [],
        "agency": "",
        "province": "",
        "legacy_province": "",
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request)
        try:
            report = services.report_request(actor=user, **values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("reports:report_detail", pk=report.pk)
    return render(
        request,
        "reports/report_form.html",
        {"v": values, "errors": errors, "suggestions": _period_suggestions(today), **_choices(user)},
        status=400 if errors else 200,
    )


def _facts(report: Any) -> list[tuple[str, str]]:
    """The report's parameters as label and text, in the page's language."""
    period = services.report_period(report)
    out = [
        (_("Period"), f"{period.label} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})"),
        (_("Language"), str(report.get_language_display())),
        (_("Formats"), ", ".join(f.upper() for f in report.formats)),
    ]
    if report.agency_id:
        out.append((_("Agency"), f"{report.agency.code} · {report.agency.name}"))
    else:
        out.append((_("Agency"), _("Every agency you may count")))
    if report.province:
        out.append((_("Province"), lbl.label("province", report.province)))
    if report.legacy_province:
        out.append((_("Former province"), lbl.label("legacy_province", report.legacy_province)))
    out.append((_("Programmes"), _programme_text(report.programmes)))
    count = len((report.parameters or {}).get("indicators") or [])
    if count:
        out.append((_("Indicators"), str(count)))
    if report.indicator_version:
        out.append((_("Indicator file version"), report.indicator_version))
    if report.threshold:
        out.append((_("Threshold for small cells"), str(report.threshold)))
    return out


@login_required
def report_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One report: its parameters, the progress while it is generated (htmx polls), then its files."""
    user: Any = request.user
    report = services.report_get_for(user=user, report_id=pk)
    context = {
        "report": report,
        "job": report.job,
        "facts": _facts(report),
        "can_delete": services.report_may_delete(user=user, report=report),
    }
    template = "reports/report_progress.html" if getattr(request, "htmx", False) else "reports/report_detail.html"
    return render(request, template, context)


@login_required
def report_download(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    """One of a report's files, as an attachment. 404 for a report out of scope or a file not made."""
    user: Any = request.user
    if fmt not in FORMATS:
        raise Http404
    report = services.report_get_for(user=user, report_id=pk)
    name, content, content_type = services.report_file(user=user, report=report, fmt=fmt)
    return attachment(content, content_type, name)


@login_required
def report_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    """Asks to confirm, then deletes the report and its files (its creator or a system administrator)."""
    user: Any = request.user
    report = services.report_get_for(user=user, report_id=pk)
    if not services.report_may_delete(user=user, report=report):
        raise PermissionDenied
    if request.method == "POST":
        services.report_delete(actor=user, report=report)
        messages.success(request, _("The report was deleted."))
        return redirect("reports:report_list")
    return render(request, "reports/report_confirm_delete.html", {"report": report, "facts": _facts(report)})


# --- schedules ------------------------------------------------------------------------------------


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    _require(request, "reports.schedule_report")
    user: Any = request.user
    schedules = _with_scope(list(services.schedule_list_for(user=user).order_by("-created_at")[:LIST_LIMIT]))
    return render(
        request,
        "reports/report_schedules.html",
        {
            "schedules": schedules,
        },
    )


@login_required
def schedule_new(request: HttpRequest) -> HttpResponse:
    _require(request, "reports.schedule_report")
    user: Any = request.user
    values: dict[str, Any] = {
        "kind": "monthly",
        "language": "en" if (get_language() or "vi").startswith("en") else "vi",
        "formats": list(FORMATS),
        "programmes": [],
        "agency": "",
        "province": "",
        "legacy_province": "",
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request)
        values.pop("period", None)
        try:
            services.schedule_create(actor=user, **values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The schedule was saved. Its first report is made when the period ends."))
            return redirect("reports:schedule_list")
    return render(
        request,
        "reports/report_schedule_form.html",
        {"v": values, "errors": errors, **_choices(user)},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def schedule_toggle(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    schedule = services.schedule_get_for(user=user, schedule_id=pk)
    services.schedule_toggle(actor=user, schedule=schedule)
    messages.success(request, _("The schedule is active.") if schedule.active else _("The schedule is paused."))
    return redirect("reports:schedule_list")


@login_required
def schedule_delete(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    schedule = services.schedule_get_for(user=user, schedule_id=pk)
    if request.method == "POST":
        services.schedule_delete(actor=user, schedule=schedule)
        messages.success(request, _("The schedule was deleted. The reports it made are kept."))
        return redirect("reports:schedule_list")
    return render(request, "reports/report_schedule_confirm_delete.html", {"schedule": schedule})


urlpatterns: list[URLPattern] = [
    path("programme/", report_list, name="report_list"),
    path("programme/new/", report_new, name="report_new"),
    path("programme/<uuid:pk>/", report_detail, name="report_detail"),
    path("programme/<uuid:pk>/download/<str:fmt>/", report_download, name="report_download"),
    path("programme/<uuid:pk>/delete/", report_delete, name="report_delete"),
    path("schedules/", schedule_list, name="schedule_list"),
    path("schedules/new/", schedule_new, name="schedule_new"),
    path("schedules/<uuid:pk>/toggle/", schedule_toggle, name="schedule_toggle"),
    path("schedules/<uuid:pk>/delete/", schedule_delete, name="schedule_delete"),
]
