"""Interview pages: choose an instrument, answer one section at a time, review, see the result.

Each answer is saved as it is given (the page posts it in the background; see assessment.js), and
the whole section is saved again by the Next button, which works without JavaScript. Access is
decided in the policy module through the selectors and services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.cases.choices import ExploitationType, LegalStatus, MeansOfControl, RiskLevel
from safepath.cases.selectors import access_case_by_id
from safepath.screening import explain, instruments, selectors, services
from safepath.screening.instruments import Instrument, Question, Section, yes_no_labels
from safepath.screening.models import Assessment, AssessmentMode


def _answers_from_post(request: HttpRequest, questions: list[Question]) -> dict[str, Any]:
    """The answers a section form posted; a question left empty clears its answer."""
    out: dict[str, Any] = {}
    for q in questions:
        if q.type == "multi":
            if f"{q.code}__present" in request.POST:
                out[q.code] = request.POST.getlist(q.code)
        elif q.code in request.POST:
            out[q.code] = request.POST.get(q.code, "")
    return out


def _progress(instrument: Instrument, answers: dict[str, Any], section: Section) -> dict[str, Any]:
    visible = instrument.visible_sections(answers)
    asked = [q for s in visible for q in instrument.visible_questions(s, answers)]
    index = next((i for i, s in enumerate(visible) if s.code == section.code), 0)
    answered = sum(1 for q in asked if q.code in answers)
    return {
        "sections": visible,
        "index": index + 1,
        "count": len(visible),
        "answered": answered,
        "asked": len(asked),
        "percent": round(100 * answered / len(asked)) if asked else 100,
        "previous": visible[index - 1] if index > 0 else None,
        "next": visible[index + 1] if index + 1 < len(visible) else None,
    }


def _question_rows(instrument: Instrument, section: Section, answers: dict[str, Any]) -> list[dict[str, Any]]:
    live = instrument.live_answers(answers)
    labels = yes_no_labels()
    rows = []
    for q in section.questions:
        given = answers.get(q.code)
        rows.append(
            {
                "q": q,
                "visible": q.show_if is None or q.show_if.holds(live),
                "value": given,
                "chosen": given if isinstance(given, list) else ([given] if given is not None else []),
                "options": [(v, labels[v]) for v in q.values()]
                if q.type == "yes_no"
                else [(o.value, str(o.label)) for o in q.options],
            }
        )
    return rows


@login_required
def assessment_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case_by_id(user=request.user, case_id=case_id, purpose="assess")
    if not request.user.has_perm("screening.add_assessment", case):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            assessment = services.assessment_start(
                actor=request.user,
                case=case,
                instrument=request.POST.get("instrument", ""),
                mode=request.POST.get("mode", AssessmentMode.INTERVIEW),
                interviewed_on=request.POST.get("interviewed_on") or None,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("screening:section", pk=assessment.pk, section=assessment.section)
    return render(
        request,
        "screening/assessment_new.html",
        {
            "case": case,
            "instruments": instruments.current_all(),
            "modes": AssessmentMode.choices,
            "errors": errors,
            "chosen": request.POST.get("instrument") or request.GET.get("instrument", ""),
            "today": timezone.localdate(),
        },
        status=400 if errors else 200,
    )


def _draft_or_result(request: HttpRequest, pk: str) -> tuple[Assessment, Instrument]:
    assessment = selectors.access_assessment(user=request.user, assessment_id=pk, purpose="interview")
    return assessment, services.instrument_of(assessment)


@login_required
def assessment_section(request: HttpRequest, pk: str, section: str) -> HttpResponse:
    assessment, instrument = _draft_or_result(request, pk)
    if not assessment.is_draft:
        return redirect("screening:detail", pk=assessment.pk)
    if not request.user.has_perm("screening.change_assessment", assessment):
        raise PermissionDenied
    current = instrument.section(section)
    if current is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    answers = dict(assessment.answers)
    if request.method == "POST":
        # The questions the worker saw when pressing the button (the page keeps the list up to date).
        shown_before = set(request.POST.get("shown", "").split())
        posted = _answers_from_post(request, current.questions)
        try:
            assessment = services.assessment_save(
                actor=request.user, assessment=assessment, answers=posted, section=current.code
            )
        except ValidationError as exc:
            errors = exc.message_dict
            answers.update(posted)  # show what was typed, with the errors beside it
        else:
            answers = dict(assessment.answers)
            live = instrument.live_answers(answers)
            appeared = [q for q in instrument.visible_questions(current, live) if q.code not in shown_before]
            if appeared and request.POST.get("go") != "back":
                messages.info(request, _("Your answers opened more questions in this section."))
                return redirect("screening:section", pk=assessment.pk, section=current.code)
            progress = _progress(instrument, live, current)
            target = progress["previous"] if request.POST.get("go") == "back" else progress["next"]
            if request.POST.get("go") == "pause":
                messages.success(request, _("Saved. The interview can be resumed from the case page."))
                return redirect("cases:case_detail", case_id=assessment.case_id)
            if target is None and request.POST.get("go") != "back":
                return redirect("screening:review", pk=assessment.pk)
            return redirect("screening:section", pk=assessment.pk, section=(target or current).code)
    live = instrument.live_answers(answers)
    if current not in instrument.visible_sections(live):
        messages.info(request, _("This section does not apply given the answers so far."))
    return render(
        request,
        "screening/assessment_section.html",
        {
            "assessment": assessment,
            "instrument": instrument,
            "case": assessment.case,
            "section": current,
            "rows": _question_rows(instrument, current, answers),
            "progress": _progress(instrument, live, current),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def assessment_answer(request: HttpRequest, pk: str) -> HttpResponse:
    """Save one answer as it is given (background request from the interview page). Answers JSON."""
    assessment = selectors.access_assessment(user=request.user, assessment_id=pk, purpose="interview")
    instrument = services.instrument_of(assessment)
    code = request.POST.get("question", "")
    question = instrument.question(code)
    if question is None:
        return JsonResponse({"saved": False, "errors": [_("This question is not in the instrument.")]}, status=400)
    value: Any = request.POST.getlist("value") if question.type == "multi" else request.POST.get("value", "")
    section = next(s for s in instrument.sections if question in s.questions)
    try:
        assessment = services.assessment_save(
            actor=request.user, assessment=assessment, answers={code: value}, section=section.code
        )
    except ValidationError as exc:
        return JsonResponse({"saved": False, "errors": exc.messages}, status=400)
    except PermissionDenied:
        return JsonResponse({"saved": False, "errors": [_("You may not do this.")]}, status=403)
    live = instrument.live_answers(assessment.answers)
    progress = _progress(instrument, live, section)
    return JsonResponse(
        {
            "saved": True,
            "saves": assessment.saves,
            "at": timezone.localtime().strftime("%H:%M:%S"),
            "visible": [q.code for q in instrument.visible_questions(section, live)],
            "answered": progress["answered"],
            "asked": progress["asked"],
            "percent": progress["percent"],
        }
    )


def _answered_sections(instrument: Instrument, answers: dict[str, Any]) -> list[dict[str, Any]]:
    live = instrument.live_answers(answers)
    labels = yes_no_labels()
    out = []
    for s in instrument.visible_sections(live):
        rows = []
        for q in instrument.visible_questions(s, live):
            given = live.get(q.code)
            if given is None:
                shown = ""
            elif q.type == "yes_no":
                shown = labels.get(given, given)
            elif q.type in ("single", "multi"):
                chosen = given if isinstance(given, list) else [given]
                shown = ", ".join(str(o.label) for o in q.options if o.value in chosen)
            else:
                shown = str(given)
            rows.append({"q": q, "answer": shown, "missing": q.required and given is None})
        out.append({"section": s, "rows": rows})
    return out


@login_required
def assessment_review(request: HttpRequest, pk: str) -> HttpResponse:
    assessment, instrument = _draft_or_result(request, pk)
    if not assessment.is_draft:
        return redirect("screening:detail", pk=assessment.pk)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            assessment = services.assessment_complete(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The assessment is complete."))
            return redirect("screening:detail", pk=assessment.pk)
    return render(
        request,
        "screening/assessment_review.html",
        {
            "assessment": assessment,
            "instrument": instrument,
            "case": assessment.case,
            "sections": _answered_sections(instrument, assessment.answers),
            "missing": services.missing_required(instrument, instrument.live_answers(assessment.answers)),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _choices_with(values: list[str], choices: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    labels = dict(choices)
    return [(v, str(labels.get(v, v))) for v in values]


@login_required
def assessment_detail(request: HttpRequest, pk: str) -> HttpResponse:
    assessment, instrument = _draft_or_result(request, pk)
    if assessment.is_draft:
        return redirect(
            "screening:section", pk=assessment.pk, section=assessment.section or instrument.sections[0].code
        )
    result = assessment.result or {}
    suggest = result.get("suggest", {})
    case = assessment.case
    return render(
        request,
        "screening/assessment_detail.html",
        {
            "assessment": assessment,
            "instrument": instrument,
            "case": case,
            "explained": explain.explain(instrument, result),
            "sections": _answered_sections(instrument, assessment.answers),
            "suggest": suggest,
            "can_apply": request.user.has_perm("screening.apply_assessment", assessment)
            and assessment.status == "completed"
            and bool(suggest),
            "can_change": request.user.has_perm("screening.change_assessment", assessment),
            "legal_statuses": LegalStatus.choices,
            "risk_levels": RiskLevel.choices,
            "suggested_types": _choices_with(suggest.get("exploitation_types", []), ExploitationType.choices),
            "suggested_means": _choices_with(suggest.get("means_of_control", []), MeansOfControl.choices),
        },
    )


@login_required
@require_POST
def assessment_apply(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = selectors.access_assessment(user=request.user, assessment_id=pk, purpose="apply")
    try:
        services.assessment_apply(
            actor=request.user,
            assessment=assessment,
            legal_status=request.POST.get("legal_status", "") if request.POST.get("take_legal_status") else "",
            risk_level=request.POST.get("risk_level", "") if request.POST.get("take_risk_level") else "",
            exploitation_types=request.POST.getlist("exploitation_types"),
            means_of_control=request.POST.getlist("means_of_control"),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect("screening:detail", pk=assessment.pk)
    messages.success(request, _("The case was updated; the timeline records your decision and its evidence."))
    return redirect("cases:case_detail", case_id=assessment.case_id)


@login_required
@require_POST
def assessment_void(request: HttpRequest, pk: str) -> HttpResponse:
    assessment = selectors.access_assessment(user=request.user, assessment_id=pk, purpose="void")
    try:
        services.assessment_void(actor=request.user, assessment=assessment, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect("screening:detail", pk=assessment.pk)
    messages.success(request, _("The assessment was set aside. It stays on record."))
    return redirect("cases:case_detail", case_id=assessment.case_id)


@login_required
def instrument_print(request: HttpRequest, code: str) -> HttpResponse:
    """A blank paper form of the current version, to be keyed in later ("Keyed in from a paper form")."""
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    try:
        instrument = instruments.current(code)
    except KeyError:
        raise Http404 from None
    return render(
        request,
        "screening/instrument_print.html",
        {"instrument": instrument, "yes_no": list(yes_no_labels().values())},
    )
