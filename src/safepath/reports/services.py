"""Programme reports: requesting one, generating its files, schedules, deleting (issue 7, point 3).

* ``report_request(actor=..., ...)`` checks the request (the policy's ``reports.request_report``; an
  agency outside what the requester may count is refused through `selectors.user_filters`), keeps a
  `Report` with a snapshot of its parameters and queues its generation as a background job
  (django-tasks, after the transaction commits). ``report_create`` does the same without the job (the
  command line generates at once).
* ``report_generate(report)`` (the task's body) computes every indicator of the report's programmes
  through `selectors.figure_for_release` (small cells always suppressed), renders the Excel and/or PDF
  file in the report's language and stores them on the report, reporting progress per indicator.
* ``schedule_create`` / ``schedule_toggle`` / ``schedule_delete`` and ``schedule_run_due(today=...)``,
  which makes the report of every month (quarter, year) that has ended since a schedule last ran, once.
* ``report_delete``: the creator or a system administrator.

Reads for the pages are here too (``report_list_for``, ``report_get_for``, ``schedule_list_for``,
``schedule_get_for``): a report or schedule outside `policy.report_scope` is a 404, like a missing one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safepath.audit.models import Action, Channel
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.models import JobKind
from safepath.reports import indicators as ind
from safepath.reports import selectors
from safepath.reports.compute import Filters
from safepath.reports.models import (
    FORMATS,
    Report,
    ReportKind,
    ReportLanguage,
    ReportSchedule,
    ReportStatus,
    ScheduleKind,
)
from safepath.reports.periods import Period
from safepath.reports.suppression import default_threshold

logger = logging.getLogger(__name__)

JOB_KIND: Final = JobKind.GENERATE_REPORT
# The kind of period each kind of report covers.
PERIOD_OF: Final = {"monthly": "month", "quarterly": "quarter", "annual": "year", "custom": "days"}
KIND_OF: Final = {v_: k for k, v_ in PERIOD_OF.items()}
MAX_CATCH_UP: Final = 24  # a schedule that missed more periods than this makes only the latest ones
# The arguments of report_create that a report's parameters keep (to make it again the same way).
REQUEST_KEYS: Final = (
    "kind",
    "period",
    "language",
    "formats",
    "agency",
    "province",
    "legacy_province",
    "programmes",
    "indicators",
)

# progress(done, total, step)
Progress = Callable[[int, int, str], None]


# --- checking a request ---------------------------------------------------------------------------


def _period(e: v.Errors, kind: str, value: Any) -> Period | None:
    if isinstance(value, Period):
        period = value
    else:
        try:
            period = Period.parse(str(value or "")[:60])
        except ValueError as exc:
            e.add("period", str(exc))
            return None
    if kind and kind in PERIOD_OF and PERIOD_OF[kind] != period.kind and kind != "custom":
        examples = {
            "monthly": _("For a monthly report, write a month, e.g. 10/2026."),
            "quarterly": _("For a quarterly report, write a quarter, e.g. Q4/2026."),
            "annual": _("For an annual report, write a year, e.g. 2026."),
        }
        e.add("period", examples[kind])
        return None
    if period.start > timezone.localdate():
        e.add("period", _("This period has not started yet."))
        return None
    try:
        period.check_releasable()  # a report leaves SafePath: small cells hidden, whole months only
    except ValueError as exc:
        e.add("period", str(exc))
        return None
    return period


def _agency(e: v.Errors, value: Any) -> Any:
    """The agency named by its id or its short code; None for none."""
    from safepath.accounts.models import Agency

    text = str(value or "").strip()[:60]
    if not text:
        return None
    agency = None
    if policy.is_uuid(text):
        agency = Agency.objects.filter(pk=text).first()
    if agency is None:
        agency = Agency.objects.filter(code__iexact=text).first()
    if agency is None:
        e.add("agency", _("There is no agency %(code)s.") % {"code": text[:20]})
    return agency


def _place(e: v.Errors, name: str, value: Any, model: Any) -> str:
    code = str(value or "").strip()[:4]
    if code and not model.objects.filter(pk=code).exists():
        e.add(name, _("Choose one of the listed values."))
        return ""
    return code


@dataclass(frozen=True)
class _Common:
    """The fields a report and a schedule share, checked; errors are added to ``e``."""

    language: str
    formats: list[str]
    agency: Any
    province: str
    legacy_province: str
    programmes: list[str]

    def stored(self, programmes: list[str]) -> dict[str, Any]:
        """The model fields a report and a schedule keep of them (``programmes``: as chosen or defaulted)."""
        return {
            "language": self.language,
            "formats": self.formats,
            "province": self.province,
            "legacy_province": self.legacy_province,
            "programmes": programmes,
        }


def _common(
    e: v.Errors, *, language: Any, formats: Any, agency: Any, province: Any, legacy_province: Any, programmes: Any
) -> _Common:
    from safepath.places.models import LegacyProvince, Province

    lang = v.choice(e, "language", language or "vi", ReportLanguage.values)
    fmt_list = [f for f in FORMATS if f in set(v.choices(e, "formats", list(formats or []), FORMATS))]
    if not fmt_list and "formats" not in e.items:
        e.add("formats", _("Choose at least one format: Excel or PDF."))
    agency_obj = _agency(e, agency)
    province_code = _place(e, "province", province, Province)
    legacy_code = _place(e, "legacy_province", legacy_province, LegacyProvince)
    if province_code and legacy_code:
        e.add("legacy_province", _("Choose a province or a former province, not both."))
    known = list(ind.load().programmes)
    chosen = v.choices(e, "programmes", list(programmes or []), known)
    return _Common(lang, fmt_list, agency_obj, province_code, legacy_code, [p for p in known if p in chosen])


def _scoped_agency(actor: Any, agency: Any) -> tuple[Any, frozenset[str] | None]:
    """The agency checked against the actor's scope (403 outside it), and the agencies counted.

    A requester who counts only one agency gets that agency on the report or schedule, so that
    `policy.report_scope` lets the agency's supervisors see it.
    """
    agencies = _scope(actor, agency)
    if agency is None and agencies is not None and len(agencies) == 1:
        from safepath.accounts.models import Agency

        agency = Agency.objects.filter(pk=next(iter(agencies))).first()
    return agency, agencies


def default_programmes(period: Period) -> list[str]:
    """The programmes that run during ``period`` (a programme without dates always does)."""
    out = []
    for code, programme in ind.load().programmes.items():
        if programme.start and programme.start > period.end:
            continue
        if programme.end and programme.end < period.start:
            continue
        out.append(code)
    return out


def _indicator_codes(programmes: Sequence[str], only: Sequence[str]) -> list[str]:
    wanted = set(only)
    codes: list[str] = []
    for programme in programmes:
        for indicator in ind.load().of_programme(programme):
            if indicator.code not in codes and (not wanted or indicator.code in wanted):
                codes.append(indicator.code)
    return codes


def _scope(actor: Any, agency: Any) -> frozenset[str] | None:
    """The agencies the report counts (None: all). PermissionDenied outside the actor's scope."""
    if actor is None:  # the command line counts every agency, or the one asked for
        return frozenset({str(agency.pk)}) if agency is not None else None
    filters = selectors.user_filters(actor, agency=str(agency.pk) if agency is not None else "")
    return filters.agencies


def report_create(
    *,
    actor: Any,
    kind: Any = "",
    period: Any,
    language: Any = "vi",
    formats: Any = FORMATS,
    agency: Any = "",
    province: Any = "",
    legacy_province: Any = "",
    programmes: Any = (),
    indicators: Any = (),
    schedule: ReportSchedule | None = None,
    channel: str | None = None,
) -> Report:
    """Check a report request and keep it, waiting to be generated. Nothing is stored when it raises.

    ``actor`` is the member of staff (None: the command line, which counts every agency). ``period``
    is what a person types (``10/2026``, ``Q4/2026``, ``2026``, ``01/10/2026-15/10/2026``) or a
    `Period`; ``kind`` (monthly, quarterly, annual, custom) defaults to the period's own; ``agency``
    is an agency's id or short code. Raises ValidationError (per field) or PermissionDenied.
    """
    if actor is not None:
        v.require(actor, "reports.request_report")
    e = v.Errors()
    kind_text = str(kind or "")
    if kind_text:
        kind_text = v.choice(e, "kind", kind_text, ReportKind.values)
    chosen = _period(e, kind_text if kind_text in ReportKind.values else "", period)
    if chosen is not None and not kind_text:
        kind_text = KIND_OF[chosen.kind]
    c = _common(
        e,
        language=language,
        formats=formats,
        agency=agency,
        province=province,
        legacy_province=legacy_province,
        programmes=programmes,
    )
    only = v.choices(e, "indicators", list(indicators or []), [i.code for i in ind.load().indicators])
    e.raise_if_any()
    assert chosen is not None
    # Refused (403) when the agency is outside what the actor may count; checked after the fields.
    agency_obj, agencies = _scoped_agency(actor, c.agency)
    chosen_programmes = c.programmes or default_programmes(chosen)
    codes = _indicator_codes(chosen_programmes, only)
    if not codes:
        raise ValidationError({"programmes": [_("No indicator of these programmes is chosen.")]})
    parameters = {
        "kind": kind_text,
        "period": chosen.code,
        "period_kind": chosen.kind,
        "period_start": chosen.start.isoformat(),
        "period_end": chosen.end.isoformat(),
        "language": c.language,
        "formats": c.formats,
        "agency": str(agency_obj.pk) if agency_obj is not None else "",
        "agency_code": agency_obj.code if agency_obj is not None else "",
        "province": c.province,
        "legacy_province": c.legacy_province,
        "programmes": chosen_programmes,
        "indicators": codes,
        "agencies_counted": sorted(agencies) if agencies is not None else None,
        "indicator_version": ind.load().version,
        "threshold": default_threshold(),
        "schedule": str(schedule.pk) if schedule is not None else "",
        "requested_by": str(actor.pk) if getattr(actor, "pk", None) else "",
    }
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind_text,
            period_start=chosen.start,
            period_end=chosen.end,
            period_kind=chosen.kind,
            agency=agency_obj,
            **c.stored(chosen_programmes),
            created_by=actor if getattr(actor, "pk", None) else None,
            indicator_version=ind.load().version,
            threshold=default_threshold(),
            schedule=schedule,
            parameters=parameters,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="report",
            object_ids=[report.pk],
            channel=channel,
            detail={"kind": kind_text, "period": chosen.code, "language": c.language, "formats": c.formats},
        )
    return report


def report_request(*, actor: Any, **params: Any) -> Report:
    """A member of staff asks for a report: checked now, generated by a background job (see the job)."""
    from safepath.core.jobs import job_start
    from safepath.reports.tasks import report_generate_task

    with transaction.atomic():
        report = report_create(actor=actor, **params)
        job = job_start(kind=JOB_KIND, actor=actor, task=report_generate_task, report_id=str(report.pk))
        Report.objects.filter(pk=report.pk).update(job=job)
        report.job = job
    return report


def request_parameters(report: Report) -> dict[str, Any]:
    """The arguments of `report_create` that make ``report`` again the same way."""
    p = report.parameters or {}
    out = {k: p[k] for k in REQUEST_KEYS if k in p}
    if out.get("agency"):
        out["agency"] = str(out["agency"])
    return out


# --- generating -----------------------------------------------------------------------------------


def report_filters(report: Report) -> Filters:
    """The filters the report counts with, as decided when it was requested."""
    p = report.parameters or {}
    counted = p.get("agencies_counted")
    agencies = frozenset(str(a) for a in counted) if counted is not None else None
    return Filters(agencies=agencies, province=report.province, legacy_province=report.legacy_province)


def report_period(report: Report) -> Period:
    return Period(report.period_start, report.period_end, report.period_kind)  # type: ignore[arg-type]


def report_generate(report: Report, *, progress: Progress | None = None) -> Report:
    """Compute the report's figures (suppressed) and render its files; the report ends done or failed."""
    from safepath.reports import documents

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, error="")
    try:
        with translation.override(report.language):
            data = documents.build(report, progress=progress)
            xlsx = pdf = None
            if "xlsx" in report.formats:
                if progress:
                    progress(len(data.blocks), len(data.blocks), _("Writing the Excel file"))
                from safepath.reports.xlsx import render_xlsx

                xlsx = render_xlsx(data)
            if "pdf" in report.formats:
                if progress:
                    progress(len(data.blocks), len(data.blocks), _("Writing the PDF file"))
                from safepath.reports.pdf import render_report_pdf

                pdf = render_report_pdf(data)
    except Exception as exc:
        logger.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=type(exc).__name__[:500], finished_at=timezone.now()
        )
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.DONE,
        xlsx=xlsx,
        pdf=pdf,
        indicator_version=data.indicator_version,
        threshold=data.threshold,
        finished_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


# --- reading (pages) ------------------------------------------------------------------------------


def report_list_for(*, user: Any) -> QuerySet[Report]:
    """The reports a user may open, newest first, without their files (see `report_file`)."""
    return (
        Report.objects.filter(policy.report_scope(user))
        .select_related("agency", "job", "created_by")
        .defer("xlsx", "pdf")
        .order_by("-created_at")
    )


def report_get_for(*, user: Any, report_id: Any) -> Report:
    """A report the user may open; 404 for one they may not, as for a missing one."""
    if not policy.is_uuid(str(report_id)):
        raise Http404
    report = report_list_for(user=user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def report_file(*, user: Any, report: Report, fmt: str) -> tuple[str, bytes, str]:
    """File name, content and content type of one of a report's files; audited as an export."""
    if fmt not in FORMATS or not report.has_file(fmt):
        raise Http404
    content = Report.objects.filter(pk=report.pk).values_list(fmt, flat=True).first()
    if not content:
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="report",
        object_ids=[report.pk],
        purpose="report_download",
        detail={"format": fmt},
    )
    content_type = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }[fmt]
    return file_name(report, fmt), bytes(content), content_type


NAMES: Final = {
    "vi": {"monthly": "bao-cao-thang", "quarterly": "bao-cao-quy", "annual": "bao-cao-nam", "custom": "bao-cao"},
    "en": {"monthly": "monthly-report", "quarterly": "quarterly-report", "annual": "annual-report", "custom": "report"},
}


def file_name(report: Report, fmt: str) -> str:
    """``safepath-bao-cao-thang-2026-10-vi.xlsx``: kind, period, agency (if one), language."""
    period = report_period(report)
    if period.kind == "days":
        when = f"{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}"
    else:
        when = period.code.replace("Q", "-q")
    parts = ["safepath", NAMES.get(report.language, NAMES["vi"]).get(report.kind, "report"), when]
    code = (report.parameters or {}).get("agency_code") or ""
    if code:
        parts.append("".join(ch for ch in str(code).lower() if ch.isalnum() or ch == "-"))
    for place in (report.province, report.legacy_province):
        if place:
            parts.append(f"p{place}")
    parts.append(report.language)
    return "-".join(parts) + "." + fmt


# --- deleting -------------------------------------------------------------------------------------


def report_may_delete(*, user: Any, report: Report) -> bool:
    return bool(
        policy.is_active_staff(user)
        and ((report.created_by_id is not None and report.created_by_id == user.pk) or policy.is_system_admin(user))
    )


def report_delete(*, actor: Any, report: Report) -> None:
    """Delete a report and its files: its creator or a system administrator (PermissionDenied otherwise)."""
    if not report_may_delete(user=actor, report=report):
        raise PermissionDenied(_("Only the person who asked for this report or a system administrator may delete it."))
    with transaction.atomic():
        pk = report.pk
        Report.objects.filter(pk=pk).delete()
        audit_record(
            actor=actor,
            action=Action.DELETE,
            object_type="report",
            object_ids=[pk],
            detail={"kind": report.kind, "period": report.parameters.get("period", "")},
        )


# --- schedules ------------------------------------------------------------------------------------


def next_due_after(kind: str, day: dt.date) -> dt.date:
    """The day after the period of ``kind`` holding ``day`` ends (its report is due then)."""
    return Period.of_kind(PERIOD_OF[kind], day).end + dt.timedelta(days=1)


def schedule_create(
    *,
    actor: Any,
    kind: Any,
    language: Any = "vi",
    formats: Any = FORMATS,
    agency: Any = "",
    province: Any = "",
    legacy_province: Any = "",
    programmes: Any = (),
    today: dt.date | None = None,
) -> ReportSchedule:
    """A supervisor or system administrator sets up a report made after every month (quarter, year)."""
    v.require(actor, "reports.schedule_report")
    e = v.Errors()
    kind_text = v.choice(e, "kind", kind, ScheduleKind.values)
    c = _common(
        e,
        language=language,
        formats=formats,
        agency=agency,
        province=province,
        legacy_province=legacy_province,
        programmes=programmes,
    )
    e.raise_if_any()
    agency_obj, _agencies = _scoped_agency(actor, c.agency)  # PermissionDenied outside the actor's scope
    day = today or timezone.localdate()
    with transaction.atomic():
        schedule = ReportSchedule.objects.create(
            kind=kind_text,
            agency=agency_obj,
            **c.stored(c.programmes),
            created_by=actor,
            next_due=next_due_after(kind_text, day),
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="report_schedule",
            object_ids=[schedule.pk],
            detail={"kind": kind_text, "language": c.language, "formats": c.formats},
        )
    return schedule


def schedule_list_for(*, user: Any) -> QuerySet[ReportSchedule]:
    """Schedules a user may see: the same rule as reports (their own, their agency's, all for admins)."""
    if not user.has_perm("reports.schedule_report"):
        return ReportSchedule.objects.none()
    return ReportSchedule.objects.filter(policy.report_scope(user)).select_related("agency", "created_by")


def schedule_get_for(*, user: Any, schedule_id: Any) -> ReportSchedule:
    if not policy.is_uuid(str(schedule_id)):
        raise Http404
    schedule = schedule_list_for(user=user).filter(pk=schedule_id).first()
    if schedule is None:
        raise Http404
    return schedule


def schedule_toggle(*, actor: Any, schedule: ReportSchedule, today: dt.date | None = None) -> ReportSchedule:
    """Pause or resume a schedule. Resumed, it makes the next period's report (not the missed ones)."""
    v.require(actor, "reports.schedule_report")
    with transaction.atomic():
        schedule.active = not schedule.active
        fields = ["active"]
        if schedule.active:
            schedule.next_due = max(schedule.next_due, next_due_after(schedule.kind, today or timezone.localdate()))
            fields.append("next_due")
        schedule.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="report_schedule",
            object_ids=[schedule.pk],
            detail={"active": schedule.active},
        )
    return schedule


def schedule_delete(*, actor: Any, schedule: ReportSchedule) -> None:
    """Delete a schedule; the reports it made stay."""
    v.require(actor, "reports.schedule_report")
    with transaction.atomic():
        pk = schedule.pk
        ReportSchedule.objects.filter(pk=pk).delete()
        audit_record(actor=actor, action=Action.DELETE, object_type="report_schedule", object_ids=[pk])


def _schedule_report(schedule: ReportSchedule, period: Period) -> Report | None:
    """The schedule's report of ``period``, queued; None when it exists already."""
    from safepath.core.jobs import job_start
    from safepath.reports.tasks import report_generate_task

    actor = schedule.created_by
    params: dict[str, Any] = {
        "kind": schedule.kind,
        "period": period,
        "language": schedule.language,
        "formats": schedule.formats,
        "agency": str(schedule.agency_id or ""),
        "province": schedule.province,
        "legacy_province": schedule.legacy_province,
        "programmes": schedule.programmes,
    }
    if Report.objects.filter(schedule=schedule, period_start=period.start).exists():
        return None
    try:
        with transaction.atomic():
            if actor is not None and not actor.has_perm("reports.schedule_report"):
                raise PermissionDenied
            report = report_create(actor=actor, schedule=schedule, channel=Channel.TASK, **params)
            job = job_start(kind=JOB_KIND, actor=actor, task=report_generate_task, report_id=str(report.pk))
            Report.objects.filter(pk=report.pk).update(job=job)
            report.job = job
            return report
    except IntegrityError:  # made by another run at the same time
        return None
    except (PermissionDenied, ValidationError) as exc:
        # The person who set it up may no longer ask for it: keep a failed report that says so, and pause.
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=schedule.kind,
                    period_start=period.start,
                    period_end=period.end,
                    period_kind=period.kind,
                    language=schedule.language,
                    formats=schedule.formats,
                    agency=schedule.agency,
                    province=schedule.province,
                    legacy_province=schedule.legacy_province,
                    programmes=schedule.programmes,
                    created_by=actor,
                    schedule=schedule,
                    status=ReportStatus.FAILED,
                    error=("refused" if isinstance(exc, PermissionDenied) else "invalid"),
                    finished_at=timezone.now(),
                    parameters={**params, "period": period.code, "schedule": str(schedule.pk)},
                )
                ReportSchedule.objects.filter(pk=schedule.pk).update(active=False)
                schedule.active = False
                return report
        except IntegrityError:
            return None


def schedule_run_due(today: dt.date | None = None) -> list[Report]:
    """Queue the report of every period that ended for each active schedule, once per period."""
    day = today or timezone.localdate()
    made: list[Report] = []
    due = list(ReportSchedule.objects.filter(active=True, next_due__lte=day).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            schedule = (
                ReportSchedule.objects.select_for_update(of=("self",))
                .select_related("created_by", "agency")
                .filter(pk=pk)
                .first()
            )
            if schedule is None or not schedule.active or schedule.next_due > day:
                continue
            periods: list[Period] = []
            next_due = schedule.next_due
            while next_due <= day:
                periods.append(Period.of_kind(PERIOD_OF[schedule.kind], next_due - dt.timedelta(days=1)))
                next_due = next_due_after(schedule.kind, next_due)
            for period in periods[-MAX_CATCH_UP:]:
                report = _schedule_report(schedule, period)
                if report is not None:
                    made.append(report)
                if not schedule.active:
                    break
            ReportSchedule.objects.filter(pk=pk).update(last_period_start=periods[-1].start, next_due=next_due)
    return made


def schedule_run_due_safely(*, today: dt.date | None = None) -> int:
    """`schedule_run_due` for a loop that must keep going (``safepath alerts --every``): never raises."""
    try:
        return len(schedule_run_due(today=today))
    except Exception:
        logger.exception("running the due report schedules failed")
        return 0


def formats_of(values: Iterable[str]) -> list[str]:
    """Formats from a form or the command line (``xlsx,pdf``), in SafePath's order, unknown ones kept to be refused."""
    chosen: list[str] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip().lower()
            if part and part not in chosen:
                chosen.append(part)
    return chosen
