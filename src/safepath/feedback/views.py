"""Survivors' voice pages: the form a worker hands over, the link for the person's own phone, the public
no-login form behind it, and the summary for programme reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from safepath.core import validate as v
from safepath.directory.models import ServiceProvider
from safepath.directory.selectors import providers_for_choice
from safepath.feedback import selectors, services
from safepath.feedback.models import FilledBy
from safepath.feedback.questions import QUESTIONS, SHORT
from safepath.plans.choices import ServiceType

PUBLIC_LANGUAGES = ("vi", "en")


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _questions(values: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"key": key, "text": text, "answers": answers, "value": str(values.get(f"rating_{key}", "") or "")}
        for key, text, answers in QUESTIONS
    ]


def _own_entry(case: Any) -> str:
    own = ServiceProvider.objects.filter(agency_id=case.agency_id).values_list("pk", flat=True).first()
    return str(own) if own else ""


# --- with a worker, from a case ----------------------------------------------------------------------
@login_required
@never_cache
def case_form(request: HttpRequest, case_id: str) -> HttpResponse:
    """The form a worker fills in with the person, or hands to them. It shows nothing about the person."""
    case = services.check_case_for_feedback(user=request.user, case_id=case_id)
    values: dict[str, Any] = {"provider": _own_entry(case), "filled_by": FilledBy.PERSON, "anonymous": True}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        p = request.POST
        values = {**p.dict(), "anonymous": p.get("anonymous") == "on"}
        try:
            services.feedback_record(
                actor=request.user,
                case=case,
                provider_id=p.get("provider") or None,
                service_type=p.get("service_type", ""),
                filled_by=p.get("filled_by", ""),
                anonymous=values["anonymous"],
                ratings=services.ratings_from(p),
                comment=p.get("comment", ""),
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("feedback:case_thanks", case_id=case.pk)
    return render(
        request,
        "feedback/case_form.html",
        {
            "case": case,
            "v": values,
            "errors": errors,
            "questions": _questions(values),
            "providers": providers_for_choice(user=request.user),
            "service_types": ServiceType.choices,
            "filled_by": FilledBy.choices,
            "lang": translation.get_language() or "vi",
        },
        status=400 if errors else 200,
    )


@login_required
def case_thanks(request: HttpRequest, case_id: str) -> HttpResponse:
    case = services.check_case_for_feedback(user=request.user, case_id=case_id)
    return render(request, "feedback/case_thanks.html", {"case": case, "lang": translation.get_language() or "vi"})


@login_required
@never_cache
def case_link(request: HttpRequest, case_id: str) -> HttpResponse:
    """Make a one-time link for the person's own phone; the link and its short code are shown once."""
    case = services.check_case_for_feedback(user=request.user, case_id=case_id)
    values = {"provider": _own_entry(case), "service_type": ""}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {"provider": request.POST.get("provider", ""), "service_type": request.POST.get("service_type", "")}
        try:
            link, code = services.feedback_link_create(
                actor=request.user,
                case=case,
                provider_id=values["provider"] or None,
                service_type=values["service_type"],
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return _no_store(
                render(
                    request,
                    "feedback/case_link_made.html",
                    {
                        "case": case,
                        "link": link,
                        "url": request.build_absolute_uri(reverse("feedback:public", args=[code])),
                        "start_url": request.build_absolute_uri(reverse("feedback:public_start")),
                        "code": services.format_code(code),
                        "days": services.LINK_DAYS,
                    },
                )
            )
    return render(
        request,
        "feedback/case_link.html",
        {
            "case": case,
            "v": values,
            "errors": errors,
            "providers": providers_for_choice(user=request.user),
            "service_types": ServiceType.choices,
            "days": services.LINK_DAYS,
        },
        status=400 if errors else 200,
    )


# --- the person's own phone: no login ------------------------------------------------------------------
def _public_language(request: HttpRequest) -> str:
    chosen = request.POST.get("lang") or request.GET.get("lang") or ""
    return chosen if chosen in PUBLIC_LANGUAGES else "vi"


def _public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    lang = _public_language(request)
    with translation.override(lang):
        response = render(request, template, {**context, "lang": lang}, status=status)
    response["Content-Language"] = lang
    return _no_store(response)


@require_http_methods(["GET"])
def public_start(request: HttpRequest) -> HttpResponse:
    """Type the short code: goes to the form, or says the code does not work."""
    typed = request.GET.get("code", "")
    if typed:
        code = services.normalize_code(typed)
        if code and services.link_for_code(code) is not None:
            lang = _public_language(request)
            return redirect(reverse("feedback:public", args=[code]) + (f"?lang={lang}" if lang != "vi" else ""))
        return _public(request, "feedback/public_start.html", {"typed": typed[:20], "bad": True}, status=404)
    return _public(request, "feedback/public_start.html", {"typed": "", "bad": False})


# The code in the address is the secret that authorises the answer; a cross-site form cannot know it,
# and the page must work without cookies (a shared or locked-down phone), so no CSRF cookie is required.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, code: str) -> HttpResponse:
    link = services.link_for_code(code)
    if link is None:
        return _public(request, "feedback/public_gone.html", {}, status=404)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = request.POST.dict()
        try:
            services.feedback_submit_by_link(
                code=code, ratings=services.ratings_from(request.POST), comment=request.POST.get("comment", "")
            )
        except ValidationError as exc:
            errors = exc.message_dict
        except PermissionDenied:
            return _public(request, "feedback/public_gone.html", {}, status=404)
        else:
            lang = _public_language(request)
            return redirect(reverse("feedback:public_thanks") + (f"?lang={lang}" if lang != "vi" else ""))
    lang = _public_language(request)
    with translation.override(lang):
        about_provider = link.provider.name if link.provider else ""
        about_service = str(ServiceType(link.service_type).label) if link.service_type else ""
    return _public(
        request,
        "feedback/public_form.html",
        {
            "code": services.normalize_code(code),
            "about_provider": about_provider,
            "about_service": about_service,
            "questions": _questions(values),
            "v": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET"])
def public_thanks(request: HttpRequest) -> HttpResponse:
    return _public(request, "feedback/public_thanks.html", {})


# --- programme reviews --------------------------------------------------------------------------------
def _period(request: HttpRequest) -> tuple[dt.date | None, dt.date | None, dict[str, list[str]], dict[str, str]]:
    today = timezone.localdate()
    e = v.Errors()
    raw = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    if not raw["from"] and not raw["to"] and "from" not in request.GET:
        start, end = today - dt.timedelta(days=365), today
        raw = {"from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}
        return start, end, {}, raw
    start = v.date(e, "from", raw["from"])
    end = v.date(e, "to", raw["to"])
    if start and end and start > end:
        e.add("to", _("The end comes before the start."))
    return start, end, e.items, raw


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("feedback.view_summary"):
        raise PermissionDenied
    start, end, errors, raw = _period(request)
    agencies = selectors.agencies_with_feedback()
    agency_id = request.GET.get("agency", "")
    if agency_id not in {str(a.pk) for a in agencies}:
        agency_id = ""
    data = selectors.feedback_summary(
        user=request.user,
        date_from=None if errors else start,
        date_to=None if errors else end,
        agency_id=agency_id or None,
    )
    comments = None
    if selectors.may_read_comments(request.user) and request.GET.get("comments") == "1":
        comments = selectors.feedback_comments(
            user=request.user, date_from=None if errors else start, date_to=None if errors else end
        )
    return render(
        request,
        "feedback/summary.html",
        {
            "s": data,
            "raw": raw,
            "errors": errors,
            "agencies": agencies,
            "agency_id": agency_id,
            "columns": [(key, SHORT[key]) for key, _q, _a in QUESTIONS],
            "can_read_comments": selectors.may_read_comments(request.user),
            "comments": comments,
        },
        status=400 if errors else 200,
    )
