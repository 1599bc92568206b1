"""The Exports page: HXL and DHIS2 files of aggregate indicators, and the k-anonymous case-level export.

Analysts (``reports.export_aggregates``) see the two aggregate forms; supervisors and system
administrators (``reports.export_case_level``) also the case-level export, which runs as a job whose
page shows its progress (htmx) and, when finished, the anonymisation report and the download.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from safepath.core import policy
from safepath.core.downloads import attachment
from safepath.core.models import JobStatus
from safepath.reports import ctdc, exports, indicators, kanon
from safepath.reports.periods import Period

ERROR_TEXTS = {
    "too_large": gettext_lazy(
        "The file would be larger than 20 MB. Choose fewer years, or leave the province out, and start again."
    ),
}


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _agency_choices(user: Any) -> list[tuple[str, str]]:
    from safepath.accounts.models import Agency

    allowed = policy.aggregate_agencies(user)
    qs = Agency.objects.all().order_by("code")
    if allowed is not None:
        qs = qs.filter(pk__in=sorted(allowed))
    field = "name_en" if _english() else "name_vi"
    return [("", _("All agencies you may count"))] + [
        (str(a["id"]), f"{a['code']} · {a[field]}") for a in qs.values("id", "code", field)
    ]


def _province_choices(legacy: bool) -> list[tuple[str, str]]:
    from safepath.places.models import LegacyProvince, Province

    model = LegacyProvince if legacy else Province
    field = "name_en" if _english() else "name"
    rows = model.objects.order_by(field).values_list("code", field)
    return [("", _("All provinces"))] + [(code, name) for code, name in rows]


def _programme_choices() -> list[tuple[str, str]]:
    found = indicators.load()
    return [("", _("All indicators"))] + [(code, str(p.name)) for code, p in found.programmes.items()]


def _indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.code} · {i.name}") for i in indicators.load().indicators]


class AggregateExportForm(forms.Form):
    """The period, the indicators (or a programme) and the filters of an HXL or DHIS2 file."""

    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=40,
        help_text=gettext_lazy("A month (10/2026), a quarter (Q4/2026) or a year (2026)."),
    )
    programme = forms.ChoiceField(label=gettext_lazy("Programme"), required=False)
    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Indicators"),
        required=False,
        help_text=gettext_lazy("Leave empty for every indicator of the programme."),
    )
    by = forms.ChoiceField(label=gettext_lazy("Broken down by"), required=False)
    agency = forms.ChoiceField(label=gettext_lazy("Agency"), required=False)
    province = forms.ChoiceField(label=gettext_lazy("Province (since July 2025)"), required=False)
    legacy_province = forms.ChoiceField(label=gettext_lazy("Former province (before July 2025)"), required=False)

    def __init__(self, *args: Any, user: Any, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{kind}-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        self.kind = kind
        self.fields["period"].initial = Period.last_full_month(timezone.localdate()).text
        self.fields["programme"].choices = _programme_choices()  # type: ignore[attr-defined]
        self.fields["indicators"].choices = _indicator_choices()  # type: ignore[attr-defined]
        self.fields["agency"].choices = _agency_choices(user)  # type: ignore[attr-defined]
        self.fields["province"].choices = _province_choices(False)  # type: ignore[attr-defined]
        self.fields["legacy_province"].choices = _province_choices(True)  # type: ignore[attr-defined]
        if kind == "hxl":
            self.fields["by"].choices = [("", _("No breakdown: totals only")), *exports.breakdown_choices()]  # type: ignore[attr-defined]
        else:
            del self.fields["by"]

    def clean_period(self) -> Period:
        try:
            period = Period.parse(self.cleaned_data["period"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if self.kind == "dhis2" and period.kind not in ("month", "quarter", "year"):
            raise ValidationError(_("DHIS2 takes a month, a quarter or a year: choose one of those."))
        try:
            period.check_releasable()
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return period

    def chosen(self) -> list[Any]:
        data = self.cleaned_data
        return exports.choose_indicators(programme=data.get("programme") or "", codes=data.get("indicators") or [])


class CaseExportForm(forms.Form):
    year_from = forms.IntegerField(label=gettext_lazy("From the year"), min_value=ctdc.MIN_YEAR, max_value=2100)
    year_to = forms.IntegerField(label=gettext_lazy("To the year"), min_value=ctdc.MIN_YEAR, max_value=2100)
    k = forms.IntegerField(
        label=gettext_lazy("k"),
        min_value=ctdc.MIN_K,
        max_value=ctdc.MAX_K,
        initial=11,
        help_text=gettext_lazy("Every published combination is shared by at least k people. CTDC uses 11."),
    )
    with_province = forms.BooleanField(
        label=gettext_lazy("Include the province of origin (for a national release)"), required=False, initial=True
    )
    all_case_types = forms.BooleanField(
        label=gettext_lazy("All case types, not only trafficking-related cases"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "cases-%s")
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year_from"].initial = this_year - 1
        self.fields["year_to"].initial = this_year

    def options(self) -> ctdc.CaseExportOptions:
        data = self.cleaned_data
        return ctdc.CaseExportOptions(
            year_from=data["year_from"],
            year_to=data["year_to"],
            k=data["k"],
            with_province=bool(data.get("with_province")),
            all_case_types=bool(data.get("all_case_types")),
        )


def style(form: forms.Form) -> forms.Form:
    """Bootstrap classes on the widgets, ``is-invalid`` on the fields with errors (after validation)."""
    bound_errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = css + (" is-invalid" if name in bound_errors else "")
        if isinstance(widget, forms.SelectMultiple):
            widget.attrs["size"] = "6"
    return form


def _may_export(user: Any) -> bool:
    return bool(user.has_perm("reports.export_aggregates") or user.has_perm("reports.export_case_level"))


def _index(
    request: HttpRequest,
    *,
    hxl: AggregateExportForm | None = None,
    dhis2: AggregateExportForm | None = None,
    cases: CaseExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    aggregates = user.has_perm("reports.export_aggregates")
    case_level = user.has_perm("reports.export_case_level")
    context = {
        "aggregates": aggregates,
        "case_level": case_level,
        "hxl_form": style(hxl or AggregateExportForm(user=user, kind="hxl")) if aggregates else None,
        "dhis2_form": style(dhis2 or AggregateExportForm(user=user, kind="dhis2")) if aggregates else None,
        "cases_form": style(cases or CaseExportForm()) if case_level else None,
        "recent": ctdc.case_export_list(user=user) if case_level else [],
        "k_default": kanon.DEFAULT_K,
        "keep_hours": ctdc.KEEP_HOURS,
    }
    return render(request, "reports/export_index.html", context, status=status)


@login_required
@require_GET
def export_index(request: HttpRequest) -> HttpResponse:
    """The three forms, each with what its file is for."""
    if not _may_export(request.user):
        raise PermissionDenied
    return _index(request)


def _aggregate_form(request: HttpRequest, kind: str) -> tuple[AggregateExportForm, list[Any] | None]:
    if not request.user.has_perm("reports.export_aggregates"):
        raise PermissionDenied
    form = AggregateExportForm(request.GET, user=request.user, kind=kind)
    if not form.is_valid():
        return form, None
    try:
        return form, form.chosen()
    except ValueError as exc:
        form.add_error("indicators", str(exc))
        return form, None


def _aggregate_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The HXL CSV or the DHIS2 JSON of the chosen indicators; else the form again (400) saying what is wrong."""
    form, chosen = _aggregate_form(request, kind)
    if chosen is not None:
        data = form.cleaned_data
        period: Period = data["period"]
        asked: dict[str, Any] = {
            "user": request.user,
            "chosen": chosen,
            "period": period,
            "agency": data.get("agency") or "",
            "province": data.get("province") or "",
            "legacy_province": data.get("legacy_province") or "",
        }
        try:
            if kind == "hxl":
                text = exports.hxl_export(**asked, by=[data["by"]] if data.get("by") else [])
            else:
                text = exports.dhis2_export(**asked)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            content_type, ext = ("text/csv; charset=utf-8", "csv") if kind == "hxl" else ("application/json", "json")
            return attachment(text.encode("utf-8"), content_type, f"safepath-{kind}-{_slug(period)}.{ext}")
    return _index(request, status=400, **{kind: form})


@login_required
@require_GET
def export_hxl(request: HttpRequest) -> HttpResponse:
    """The HXL CSV of the chosen indicators for a period (small cells hidden)."""
    return _aggregate_download(request, "hxl")


@login_required
@require_GET
def export_dhis2(request: HttpRequest) -> HttpResponse:
    """The DHIS2 dataValueSets JSON of the chosen indicators for a month, quarter or year."""
    return _aggregate_download(request, "dhis2")


def _slug(period: Period) -> str:
    return period.code.replace("/", "").replace("-", "") if period.kind == "days" else period.code


@login_required
@require_http_methods(["GET", "POST"])
def export_cases(request: HttpRequest) -> HttpResponse:
    """Start a case-level export (POST); GET shows the Exports page."""
    if not request.user.has_perm("reports.export_case_level"):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("reports:export_index")
    form = CaseExportForm(request.POST)
    if form.is_valid():
        try:
            job = ctdc.case_export_start(actor=request.user, options=form.options())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("reports:export_cases_job", job_id=job.pk)
    return _index(request, cases=form, status=400)


def _job_context(job: Any) -> dict[str, Any]:
    result = job.result or {}
    report = result.get("report")
    error = (result.get("error") or {}).get("code") or (job.error if job.status == JobStatus.FAILED else "")
    expires = result.get("expires_at")
    return {
        "job": job,
        "report_lines": ctdc.report_lines(report) if report else [],
        "report": report,
        "available": job.status == JobStatus.DONE and bool(result.get("zip_b64")) and not ctdc.expired(job),
        "removed": job.status == JobStatus.DONE and (not result.get("zip_b64") or ctdc.expired(job)),
        "expires_at": dt.datetime.fromisoformat(expires) if expires else None,
        "error_text": str(ERROR_TEXTS.get(error, _("The export failed. Nothing was published."))) if error else "",
        "size_kb": round(int(result.get("size") or 0) / 1024, 1),
        "params": result.get("params") or {},
        "years": ctdc.years_text(result.get("params") or {}),
    }


@login_required
@require_GET
def export_cases_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """The export's progress (htmx polls the fragment), then its report and the download."""
    job = ctdc.case_export_job(user=request.user, job_id=job_id)
    template = (
        "reports/export_cases_progress.html" if getattr(request, "htmx", False) else "reports/export_cases_job.html"
    )
    return render(request, template, _job_context(job))


@login_required
@require_GET
def export_cases_download(request: HttpRequest, job_id: str) -> HttpResponse:
    """The zip (CSV, README, report), for the user who started the export; logged as one export."""
    name, content = ctdc.case_export_download(user=request.user, job_id=job_id)
    return attachment(content, "application/zip", name)


urlpatterns = [
    path("exports/", export_index, name="export_index"),
    path("exports/hxl/", export_hxl, name="export_hxl"),
    path("exports/dhis2/", export_dhis2, name="export_dhis2"),
    path("exports/cases/", export_cases, name="export_cases"),
    path("exports/cases/<str:job_id>/", export_cases_job, name="export_cases_job"),
    path("exports/cases/<str:job_id>/download/", export_cases_download, name="export_cases_download"),
]
