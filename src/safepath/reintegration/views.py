"""Reintegration pages: the plan on a case, its support and follow-up visits, the visit form and result,
a person's trend chart, the indicator set, and the agency's self-help groups.

Views only read the request and call selectors (reads, audited) and services (writes, checked). A
refused form comes back with its errors and what was typed (status 400); nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.cases.selectors import access_case_by_id
from safepath.core.forms import service_errors
from safepath.places.models import Province
from safepath.reintegration import indicators, scoring, selectors, services
from safepath.reintegration.choices import (
    MONEY_KINDS,
    GroupTopic,
    ReintegrationStatus,
    SupportKind,
    SupportStatus,
    VisitMethod,
)
from safepath.reintegration.models import ReintegrationPlan

Errors = dict[str, list[str]]


def _months_text(months: list[int]) -> str:
    return ", ".join(str(m) for m in months)


def _providers() -> list[Any]:
    from safepath.directory.models import ServiceProvider

    return list(ServiceProvider.objects.filter(is_active=True).only("id", "name_vi", "name_en").order_by("name_vi"))


# --- plans ------------------------------------------------------------------------------------------
@login_required
def plan_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case_by_id(user=request.user, case_id=case_id, purpose="reintegration")
    if not request.user.has_perm("reintegration.add_plan", case):
        raise PermissionDenied
    form = {
        "focus": "",
        "summary": "",
        "start": "",
        "started_on": "",
        "followup_months": _months_text(services.default_followup_months()),
    }
    errors: Errors = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            plan = services.plan_create(
                actor=request.user,
                case=case,
                focus=form["focus"],
                summary=form["summary"],
                start=bool(form["start"]),
                started_on=form["started_on"] or None,
                followup_months=form["followup_months"],
            )
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, _("The reintegration plan was created."))
            return redirect("reintegration:plan", pk=plan.pk)
    return render(
        request,
        "reintegration/plan_new.html",
        {"case": case, "form": form, "errors": errors, "iset": indicators.current()},
        status=400 if errors else 200,
    )


def _visit_rows(plan: ReintegrationPlan) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"v": x, "overdue": x.done_on is None and x.due_on < today and plan.status == ReintegrationStatus.ACTIVE}
        for x in plan.visits.all()
    ]


def _plan_page(
    request: HttpRequest, plan: ReintegrationPlan, *, errors: Errors | None = None, failed: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    can_change = user.has_perm("reintegration.change_plan", plan)
    series = selectors.plan_series(plan)
    posted = request.POST if failed else {}
    return render(
        request,
        "reintegration/plan_detail.html",
        {
            "plan": plan,
            "case": plan.case,
            "iset": indicators.get(plan.indicator_version),
            "sets": selectors.series_sets(series, plan.indicator_version),
            "series": series,
            "visits": _visit_rows(plan),
            "supports": list(plan.supports.all()),
            "can_change": can_change and plan.is_open,
            "can_record": can_change and plan.status in (ReintegrationStatus.ACTIVE, ReintegrationStatus.COMPLETED),
            "providers": _providers() if can_change and plan.is_open else [],
            "support_kinds": SupportKind.choices,
            "money_kinds": sorted(MONEY_KINDS),
            "support_statuses": SupportStatus.choices,
            "default_months": _months_text(services.default_followup_months()),
            "errors": errors or {},
            "failed": failed,
            "failed_support": failed.removeprefix("support-") if failed.startswith("support-") else "",
            "posted": posted,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def plan_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _plan_page(request, selectors.access_plan(user=request.user, plan_id=pk))


Actions = dict[str, tuple[Callable[[], Any], str]]


def _run(
    request: HttpRequest,
    actions: Actions,
    action: str,
    on_error: Callable[[Errors], HttpResponse],
    then: Callable[[], HttpResponse],
) -> HttpResponse:
    """Run the named action (an unknown one is a 404): the page again with the errors, or `then()` when done."""
    if action not in actions:
        raise Http404
    act, done = actions[action]
    try:
        act()
    except ValidationError as exc:
        return on_error(service_errors(exc))
    except PermissionDenied:
        messages.error(request, _("You may not do this."))
    else:
        messages.success(request, done)
    return then()


def _support_values(p: Any) -> dict[str, Any]:
    keys = ["kind", "provider", "provider_name", "amount_vnd", "status", "start_on", "end_on", "description", "outcome"]
    return {k: p.get(k, "") for k in keys if k in p}


@login_required
@require_POST
def plan_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    """The plan's own actions: edit, start, end, add support, add an extra visit."""
    plan = selectors.access_plan(user=request.user, plan_id=pk, purpose="change")
    p, u = request.POST, request.user
    actions: Actions = {
        "update": (
            lambda: services.plan_update(actor=u, plan=plan, focus=p.get("focus", ""), summary=p.get("summary", "")),
            _("The plan was saved."),
        ),
        "start": (
            lambda: services.plan_start(
                actor=u, plan=plan, started_on=p.get("started_on") or None, followup_months=p.get("followup_months")
            ),
            _("The plan has started: its follow-up visits are scheduled."),
        ),
        "end": (
            lambda: services.plan_end(
                actor=u,
                plan=plan,
                status=p.get("status", ""),
                note=p.get("note", ""),
                ended_on=p.get("ended_on") or None,
            ),
            _("The plan has ended."),
        ),
        "support": (
            lambda: services.support_add(actor=u, plan=plan, **_support_values(p)),
            _("The support was added to the plan."),
        ),
        "visit": (
            lambda: services.visit_add(actor=u, plan=plan, month_offset=p.get("month_offset", "")),
            _("The visit was scheduled."),
        ),
    }

    def failed(errors: Errors) -> HttpResponse:
        fresh = selectors.access_plan(user=u, plan_id=plan.pk, purpose="change")
        return _plan_page(request, fresh, errors=errors, failed=action, status=400)

    return _run(request, actions, action, failed, lambda: redirect("reintegration:plan", pk=plan.pk))


@login_required
@require_POST
def support_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    item = selectors.access_support(user=request.user, support_id=pk)
    actions: Actions = {
        "update": (
            lambda: services.support_update(actor=request.user, item=item, **_support_values(request.POST)),
            _("The support was updated."),
        )
    }

    def failed(errors: Errors) -> HttpResponse:
        fresh = selectors.access_plan(user=request.user, plan_id=item.plan_id, purpose="change")
        return _plan_page(request, fresh, errors=errors, failed=f"support-{item.pk}", status=400)

    return _run(request, actions, action, failed, lambda: redirect("reintegration:plan", pk=item.plan_id))


# --- visits -----------------------------------------------------------------------------------------
def _questionnaire(iset: indicators.IndicatorSet, chosen: dict[str, str], errors: Errors) -> list[dict[str, Any]]:
    """The visit form: the dimensions in order, each with its indicators' questions and the chosen answers."""
    return [
        {
            "dimension": iset.dimension(code),
            "indicators": [
                {
                    "indicator": i,
                    "questions": [
                        {"q": q, "chosen": chosen.get(q.code, ""), "errors": errors.get(q.code, [])}
                        for q in i.questions
                    ],
                }
                for i in iset.in_dimension(code)
            ],
        }
        for code in indicators.DIMENSIONS
    ]


@login_required
def visit_form(request: HttpRequest, pk: str) -> HttpResponse:
    """One question per indicator, grouped by dimension; radio buttons big enough for a thumb."""
    visit = selectors.access_visit(user=request.user, visit_id=pk, purpose="visit_form")
    plan = visit.plan
    if not request.user.has_perm("reintegration.change_plan", plan):
        raise PermissionDenied
    iset = indicators.get(plan.indicator_version)
    chosen: dict[str, str] = dict(visit.answers or {})
    form = {
        "done_on": (visit.done_on or timezone.localdate()).strftime("%d/%m/%Y"),
        "method": visit.method or VisitMethod.HOME_VISIT,
        "note": visit.note,
    }
    errors: Errors = {}
    if request.method == "POST":
        codes = [q.code for q in iset.questions()]
        chosen = {c: request.POST.get(c, "") for c in codes if request.POST.get(c, "")}
        form = {k: request.POST.get(k, "") for k in form}
        try:
            services.visit_record(
                actor=request.user,
                visit=visit,
                answers=chosen,
                done_on=form["done_on"] or None,
                method=form["method"],
                note=form["note"],
            )
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect("reintegration:visit_result", pk=visit.pk)
    return render(
        request,
        "reintegration/visit_form.html",
        {
            "visit": visit,
            "plan": plan,
            "case": plan.case,
            "iset": iset,
            "sets": [iset],
            "dimensions": _questionnaire(iset, chosen, errors),
            "form": form,
            "methods": VisitMethod.choices,
            "errors": errors,
            "general_errors": {k: m for k, m in errors.items() if iset.question(k) is None},
        },
        status=400 if errors else 200,
    )


@login_required
def visit_result(request: HttpRequest, pk: str) -> HttpResponse:
    visit = selectors.access_visit(user=request.user, visit_id=pk, purpose="visit_result")
    if visit.done_on is None:
        return redirect("reintegration:visit", pk=visit.pk)
    iset = indicators.get(visit.indicator_version or visit.plan.indicator_version)
    card = scoring.score(iset, visit.answers or {})
    by_code = {s.code: s for s in card.indicators}
    rows = [
        {
            "dimension": iset.dimension(code),
            "score": card.dimensions[code],
            "indicators": [
                {
                    "indicator": i,
                    "score": by_code[i.code].score,
                    "answers": [
                        (q, q.option(visit.answers.get(q.code, "")) if visit.answers.get(q.code) else None)
                        for q in i.questions
                    ],
                }
                for i in iset.in_dimension(code)
            ],
        }
        for code in indicators.DIMENSIONS
    ]
    return render(
        request,
        "reintegration/visit_result.html",
        {
            "visit": visit,
            "plan": visit.plan,
            "case": visit.plan.case,
            "iset": iset,
            "sets": [iset],
            "card": card,
            "rows": rows,
            "can_change": request.user.has_perm("reintegration.change_plan", visit.plan),
        },
    )


@login_required
def trend(request: HttpRequest, person_id: str) -> HttpResponse:
    """A person's reintegration scores over all their visits: a line chart and the same numbers in a table."""
    data = selectors.person_trend(user=request.user, person_id=person_id)
    return render(
        request,
        "reintegration/trend.html",
        {
            "person": data.person,
            "plans": data.plans,
            "series": data.series,
            "sets": selectors.series_sets(data.series, data.plans[-1].indicator_version),
        },
    )


@login_required
def indicator_set(request: HttpRequest) -> HttpResponse:
    """The indicators, questions, points and weights, and why the weights are what they are."""
    key = request.GET.get("set", "")
    registry = indicators.registry()
    iset = registry.get(key) or indicators.current()
    dims = [
        {
            "dimension": iset.dimension(code),
            "indicators": [
                {"indicator": i, "share": i.weight / sum(x.weight for x in iset.in_dimension(code))}
                for i in iset.in_dimension(code)
            ],
        }
        for code in indicators.DIMENSIONS
    ]
    total = sum(d.weight for d in iset.dimensions)
    return render(
        request,
        "reintegration/indicators.html",
        {
            "iset": iset,
            "sets": [iset],
            "dims": dims,
            "dimension_shares": {d.code: d.weight / total for d in iset.dimensions},
            "min_pct": round(iset.min_coverage * 100),
            "all_sets": sorted(registry.values(), key=lambda s: indicators.version_tuple(s.version), reverse=True),
            "current": indicators.current(),
        },
    )


# --- self-help groups --------------------------------------------------------------------------------
def _provinces() -> list[Province]:
    return list(Province.objects.all())


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("reintegration.view_group_list"):
        raise PermissionDenied
    agency = getattr(user, "agency", None)
    form = {
        "name": "",
        "province": getattr(agency, "province_id", "") or "",
        "facilitator": "",
        "founded_on": "",
    }
    errors: Errors = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            group = services.group_create(actor=user, **form)
        except ValidationError as exc:
            errors = service_errors(exc)
        else:
            messages.success(request, _("The group was created. Add its members."))
            return redirect("reintegration:group", pk=group.pk)
    return render(
        request,
        "reintegration/group_list.html",
        {
            "groups": selectors.group_list(user=user),
            "can_add": user.has_perm("reintegration.add_group"),
            "provinces": _provinces(),
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _group_page(
    request: HttpRequest, group_id: Any, *, errors: Errors | None = None, failed: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    view = selectors.access_group(user=user, group_id=group_id)
    can_change = user.has_perm("reintegration.change_group", view.group)
    today = timezone.localdate()
    active = [m for m in view.members if m.left_on is None]
    labels = dict(GroupTopic.choices)
    for m in view.members:
        m.stats = view.by_member.get(m.pk)  # type: ignore[attr-defined]
    for mt in view.meetings:
        mt.stats = view.by_meeting.get(mt.pk)  # type: ignore[attr-defined]
        mt.topic_labels = [str(labels.get(t, t)) for t in mt.topics]  # type: ignore[attr-defined]
    return render(
        request,
        "reintegration/group_detail.html",
        {
            "view": view,
            "group": view.group,
            "members": view.members,
            "active_members": active,
            "can_change": can_change,
            "candidates": selectors.group_candidates(user=user, group=view.group)
            if can_change and view.group.is_active
            else [],
            "topics": GroupTopic.choices,
            "provinces": _provinces() if can_change else [],
            "errors": errors or {},
            "failed": failed,
            "posted": request.POST if failed else {},
            "posted_present": request.POST.getlist("present") if failed else [str(m.pk) for m in active],
            "posted_topics": request.POST.getlist("topics") if failed else [],
            "today": today,
        },
        status=status,
    )


@login_required
def group_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _group_page(request, pk)


@login_required
@require_POST
def group_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    """The group's actions: edit, close or reopen, add a member, record a meeting."""
    view = selectors.access_group(user=request.user, group_id=pk, purpose="change")
    group, p, u = view.group, request.POST, request.user
    actions: Actions = {
        "update": (
            lambda: services.group_update(
                actor=u,
                group=group,
                name=p.get("name", ""),
                province=p.get("province", ""),
                facilitator=p.get("facilitator", ""),
                founded_on=p.get("founded_on") or None,
            ),
            _("The group was saved."),
        ),
        "close": (lambda: services.group_update(actor=u, group=group, is_active=False), _("The group was closed.")),
        "reopen": (
            lambda: services.group_update(actor=u, group=group, is_active=True),
            _("The group is active again."),
        ),
        "member": (
            lambda: services.member_add(
                actor=u, group=group, person_id=p.get("person", ""), joined_on=p.get("joined_on") or None
            ),
            _("The member was added."),
        ),
        "meeting": (
            lambda: services.meeting_record(
                actor=u,
                group=group,
                held_on=p.get("held_on", ""),
                topics=p.getlist("topics"),
                present=p.getlist("present"),
                note=p.get("note", ""),
            ),
            _("The meeting was recorded."),
        ),
    }

    def failed(errors: Errors) -> HttpResponse:
        return _group_page(request, group.pk, errors=errors, failed=action, status=400)

    return _run(request, actions, action, failed, lambda: redirect("reintegration:group", pk=group.pk))


@login_required
@require_POST
def member_leave(request: HttpRequest, pk: str) -> HttpResponse:
    member = selectors.access_member(user=request.user, member_id=pk)

    def failed(errors: Errors) -> HttpResponse:
        return _group_page(request, member.group_id, errors=errors, failed=f"leave-{member.pk}", status=400)

    actions: Actions = {
        "leave": (
            lambda: services.member_leave(
                actor=request.user, member=member, left_on=request.POST.get("left_on") or None
            ),
            _("The member has left the group."),
        )
    }
    return _run(request, actions, "leave", failed, lambda: redirect("reintegration:group", pk=member.group_id))
