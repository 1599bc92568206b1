"""Screening over the API: instruments, a stateless evaluation, and assessments on a case.

The same selectors, services, policy and audit as the interview pages. Access to an assessment is
decided by the selectors (404 for missing and forbidden alike) and the services (403 with their
message). The stateless evaluation stores nothing and reads no case: it scores what is sent, with
the same instruments and the same ILO/EC rule as a completed assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.cases.selectors import access_case_by_id
from safepath.cases.serializers import CaseOutput
from safepath.core.api import all_body, all_of, check, out, valid
from safepath.screening import explain, instruments, selectors, services
from safepath.screening.instruments import Instrument
from safepath.screening.models import Assessment
from safepath.screening.results import evaluate, result_dict, trafficking_verdicts
from safepath.screening.scoring import RULE_VERSION, Dimension, Evidence, Grade, assess
from safepath.screening.serializers import (
    AnswersInput,
    ApplyInput,
    AssessmentDetailOutput,
    AssessmentOutput,
    AssessmentStartInput,
    EvaluateAnswersInput,
    EvaluateEvidenceInput,
    EvaluateIndicatorsInput,
    EvaluateOutput,
    InstrumentDetail,
    InstrumentQuery,
    InstrumentSummary,
    VoidInput,
)

DEFAULT_TRAFFICKING = "trafficking-screening"  # the shipped trafficking screening, the indicator form's default


def disclaimer() -> str:
    return _("Screening is an aid for the worker, not the legal identification of a victim.")


# --- instruments -----------------------------------------------------------------------------------
def _definition(instrument: Instrument) -> dict[str, Any]:
    """The instrument as defined in its file (skip-logic conditions keep the file's `in`)."""
    return instrument.model_dump(mode="json", by_alias=True)


class InstrumentListApi(APIView):
    @extend_schema(
        operation_id="instruments_list",
        description="The current (newest) version of every instrument, trafficking screening first.",
        responses=all_of("InstrumentList", InstrumentSummary),
    )
    def get(self, request: Request) -> Response:
        check(request, "screening.evaluate")
        found = [_definition(i) for i in instruments.current_all()]
        return Response(all_body(InstrumentSummary, request, found))


class InstrumentDetailApi(APIView):
    @extend_schema(
        operation_id="instruments_retrieve",
        description="The whole definition of an instrument in both languages: sections, questions with their "
        "answer types and skip logic, indicators with their grades, and sources. The newest version, or the "
        "one given in `version` (404 when the code or version is unknown).",
        parameters=[InstrumentQuery],
        responses=InstrumentDetail,
    )
    def get(self, request: Request, code: str) -> Response:
        check(request, "screening.evaluate")
        q = valid(InstrumentQuery, request.query_params)
        try:
            instrument = instruments.get(code, q["version"]) if q["version"] else instruments.current(code)
        except KeyError:
            raise Http404 from None
        return Response(out(InstrumentDetail, request, _definition(instrument)))


# --- the stateless evaluation --------------------------------------------------------------------------
FORMS: dict[str, type[serializers.Serializer]] = {
    "answers": EvaluateAnswersInput,
    "indicators": EvaluateIndicatorsInput,
    "evidence": EvaluateEvidenceInput,
}
EVALUATE_DESCRIPTION = """Score answers or indicators without storing anything (no case, no person, no audit of
records). Send **one** of three forms:

* **(a) answers** `{"instrument": "trafficking-screening", "version": "2026.1", "answers": {"q_job": "yes"},
  "child": false}`: answers to an instrument's questions (any kind of instrument), checked as in an interview and
  scored as a completed assessment would be. `version` is optional (the newest); `child` is used only when the
  answers do not say whether the person was under 18.
* **(b) indicators** `{"indicators": ["d1_job", "d4_hours"], "child": false, "exploitation": "labour",
  "instrument": "trafficking-screening"}`: indicator codes of a trafficking instrument, graded from its ILO/EC
  lists for children or adults and for the form of exploitation (`both` by default). `instrument` is optional
  (the current trafficking screening).
* **(c) evidence** `{"evidence": [{"dimension": "deceptive_recruitment", "grade": "strong"}], "child": false}`:
  dimension and grade pairs for the ILO/EC rule itself. Items without an `indicator` id count once each; items
  with the same id count once together.

The answer always has the trafficking verdict at the top level (`outcome`, `rule_version`, `child`, `elements`,
`missing`, `dimensions`, `look_closer`); with several lists, that of the deciding (most serious) list, with every
list under `by_list`. Forms (a) and (b) add the whole `result` and its `explanation` in the request's language.
Outcomes are `strong_indication` (every element the rule needs), `possible` (a positive dimension, not every
element) and `not_established`. It is a screening aid, never the legal identification of a victim.

A body that is not one of the forms, an unknown instrument, version, question, answer, indicator, dimension or
grade answers 400 naming the field."""


def _instrument(code: str, version: str) -> Instrument:
    try:
        found = instruments.current(code)
    except KeyError:
        raise ApiValidationError({"instrument": [_("Choose one of the listed instruments.")]}) from None
    if not version:
        return found
    try:
        return instruments.get(code, version)
    except KeyError:
        raise ApiValidationError({"version": [_("This instrument has no such version.")]}) from None


def _default_trafficking() -> Instrument:
    found = [i for i in instruments.current_all() if i.kind == "trafficking"]
    if not found:
        raise ApiValidationError({"instrument": [_("No trafficking screening is installed.")]})
    return next((i for i in found if i.code == DEFAULT_TRAFFICKING), found[0])


def _clean_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked as in an interview (400 naming each refused one under `answers`); blanks dropped."""
    try:
        cleaned = services.clean_answers(instrument, answers)
    except DjangoValidationError as exc:
        raise ApiValidationError({"answers": exc.message_dict}) from None
    return {code: value for code, value in cleaned.items() if value is not None}


def _verdict(result: Mapping[str, Any]) -> dict[str, Any]:
    """The deciding list's verdict of a trafficking result; an empty one when no list applied."""
    verdict = (result.get("by_list") or {}).get(result.get("deciding_list") or "")
    return dict(verdict) if verdict else result_dict(assess([], child=bool(result.get("child"))))


def _response(
    form: str, instrument: Instrument | None, result: dict[str, Any], verdict: dict[str, Any] | None
) -> dict[str, Any]:
    trafficking = verdict is not None
    return {
        "form": form,
        "kind": instrument.kind if instrument else "trafficking",
        "instrument": {"code": instrument.code, "version": instrument.version, "digest": instrument.digest}
        if instrument
        else None,
        "outcome": result["outcome"],
        "outcome_label": explain.outcome_label(result["outcome"]),
        "rule_version": result.get("rule_version", ""),
        "child": verdict["child"] if trafficking else None,
        "elements": verdict["elements"] if trafficking else None,
        "missing": verdict["missing"] if trafficking else [],
        "dimensions": verdict["dimensions"] if trafficking else {},
        "look_closer": verdict["look_closer"] if trafficking else [],
        "deciding_list": result.get("deciding_list", ""),
        "by_list": result.get("by_list") if instrument else None,
        "result": result if instrument else None,
        "explanation": explain.explain(instrument, result) if instrument else None,
        "disclaimer": disclaimer(),
    }


def _by_answers(data: dict[str, Any]) -> dict[str, Any]:
    instrument = _instrument(data["instrument"], data["version"])
    answers = _clean_answers(instrument, data["answers"])
    context = {} if data["child"] is None else {"child_default": data["child"]}
    result = evaluate(instrument, answers, **context)
    verdict = _verdict(result) if instrument.kind == "trafficking" else None
    return _response("answers", instrument, result, verdict)


def _by_indicators(data: dict[str, Any]) -> dict[str, Any]:
    if data["instrument"]:
        instrument = _instrument(data["instrument"], data["version"])
        if instrument.kind != "trafficking":
            raise ApiValidationError({"instrument": [_("Indicator codes are scored on a trafficking screening.")]})
    elif data["version"]:
        raise ApiValidationError({"version": [_("Name the instrument of this version.")]})
    else:
        instrument = _default_trafficking()
    codes = sorted(set(data["indicators"]))
    if unknown := [c for c in codes if instrument.indicator(c) is None]:
        raise ApiValidationError(
            {"indicators": [_("Not indicators of this instrument: %(codes)s.") % {"codes": ", ".join(unknown[:10])}]}
        )
    child = data["child"]
    forms = {"labour", "sexual"} if data["exploitation"] == "both" else {data["exploitation"]}
    verdicts = trafficking_verdicts(instrument, codes, child=child, forms=forms)
    if not verdicts["lists"]:
        raise ApiValidationError(
            {"exploitation": [_("The instrument has no indicator list for this age and form of exploitation.")]}
        )
    result = {
        "kind": instrument.kind,
        "instrument": instrument.code,
        "version": instrument.version,
        "evidence": {c: [] for c in codes},
        "rule_version": RULE_VERSION,
        "child": child,
        "child_basis": "given",
        **verdicts,
    }
    return _response("indicators", instrument, result, _verdict(result))


def _by_evidence(data: dict[str, Any]) -> dict[str, Any]:
    given = {item["indicator"] for item in data["evidence"] if item["indicator"]}
    items = []
    n = 0
    for item in data["evidence"]:
        indicator = item["indicator"]
        while not indicator:
            n += 1
            indicator = f"item{n}" if f"item{n}" not in given else ""
        items.append(Evidence(indicator, Dimension(item["dimension"]), Grade(item["grade"])))
    verdict = result_dict(assess(items, child=data["child"]))
    return _response("evidence", None, verdict, verdict)


class EvaluateApi(APIView):
    @extend_schema(
        operation_id="screening_evaluate",
        description=EVALUATE_DESCRIPTION,
        request=PolymorphicProxySerializer(
            component_name="EvaluateInput",
            serializers=list(FORMS.values()),
            resource_type_field_name=None,
        ),
        responses={200: EvaluateOutput, 400: OpenApiResponse(description="Not one of the forms, or a field refused")},
    )
    def post(self, request: Request) -> Response:
        check(request, "screening.evaluate")
        body = request.data
        if not isinstance(body, dict):
            raise ApiValidationError({"detail": [_("Send a JSON object.")]})
        sent = [form for form in FORMS if form in body]
        if len(sent) != 1:
            raise ApiValidationError(
                {"detail": [_("Send exactly one of: answers, indicators or evidence (see the documentation).")]}
            )
        form = sent[0]
        ser = FORMS[form]
        others = sorted((set(body) - set(ser().fields)) & {f for s in FORMS.values() for f in s().fields})
        if others:
            raise ApiValidationError({f: [_("Not used with this form: leave it out.")] for f in others})
        data = valid(ser, body)
        handler = {"answers": _by_answers, "indicators": _by_indicators, "evidence": _by_evidence}[form]
        return Response(out(EvaluateOutput, request, handler(data)))


# --- assessments ----------------------------------------------------------------------------------
def _case_for_assessments(request: Request, case_id: str, purpose: str) -> Any:
    """The case (404 when not visible); 403 when the user may read the case but not its assessments."""
    case = access_case_by_id(user=request.user, case_id=case_id, purpose=purpose)
    check(request, "screening.view_case_assessments", case)
    return case


def _detail(request: Request, assessment: Assessment) -> Any:
    try:
        instrument: Instrument | None = services.instrument_of(assessment)
    except KeyError:  # the instrument file is no longer installed: the stored answers and result still show
        instrument = None
    answers = dict(assessment.answers or {})
    result = dict(assessment.result or {})
    shown: list[str] = []
    missing: list[str] = []
    if instrument is not None:
        live = instrument.live_answers(answers)
        shown = [q.code for s in instrument.visible_sections(live) for q in instrument.visible_questions(s, live)]
        missing = services.missing_required(instrument, live)
    assessment.shown = shown  # type: ignore[attr-defined]
    assessment.required_missing = missing  # type: ignore[attr-defined]
    assessment.explanation = explain.explain(instrument, result) if instrument else {}  # type: ignore[attr-defined]
    assessment.disclaimer = disclaimer()  # type: ignore[attr-defined]
    return out(AssessmentDetailOutput, request, assessment)


class CaseAssessmentsApi(APIView):
    @extend_schema(
        operation_id="cases_assessments_list",
        description="The case's assessments, newest first, without their answers.",
        responses=all_of("AssessmentList", AssessmentOutput),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = _case_for_assessments(request, case_id, "assessments")
        found = list(selectors.case_assessments(user=request.user, case=case))
        for a in found:
            a.case = case
        return Response(all_body(AssessmentOutput, request, found))

    @extend_schema(
        operation_id="cases_assessments_create",
        description="Start an assessment on the newest version of an instrument (see /api/instruments/). "
        "Answers are then saved with PATCH /api/assessments/{id}/answers/.",
        request=AssessmentStartInput,
        responses={201: AssessmentDetailOutput},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = _case_for_assessments(request, case_id, "assess")
        data = valid(AssessmentStartInput, request.data)
        assessment = services.assessment_start(
            actor=request.user,
            case=case,
            instrument=data["instrument"],
            mode=data["mode"],
            interviewed_on=data["interviewed_on"],
        )
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment.pk, purpose="created")
        return Response(_detail(request, assessment), status=status.HTTP_201_CREATED)


class AssessmentDetailApi(APIView):
    @extend_schema(
        operation_id="assessments_retrieve",
        description="The assessment with its answers, its result and the result in plain words.",
        responses=AssessmentDetailOutput,
    )
    def get(self, request: Request, assessment_id: str) -> Response:
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment_id)
        return Response(_detail(request, assessment))


def _with_relations(fresh: Assessment, opened: Assessment) -> Assessment:
    """A service's fresh copy, with the case and people the selector already loaded."""
    fresh.case = opened.case
    fresh.started_by = opened.started_by
    return fresh


class AssessmentAnswersApi(APIView):
    @extend_schema(
        operation_id="assessments_answers",
        description="Save answers into a draft (merged with those saved before); null or an empty value clears "
        "an answer. Every answer is checked against its question and one bad answer saves none: the 400 names "
        "each refused answer under `answers` by its question code.",
        request=AnswersInput,
        responses=AssessmentDetailOutput,
    )
    def patch(self, request: Request, assessment_id: str) -> Response:
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment_id, purpose="interview")
        data = valid(AnswersInput, request.data)
        try:
            saved = services.assessment_save(
                actor=request.user, assessment=assessment, answers=data["answers"], section=data["section"]
            )
        except DjangoValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            errors = exc.message_dict
            section = errors.pop("section", None)
            raise ApiValidationError({"answers": errors} | ({"section": section} if section else {})) from None
        return Response(_detail(request, _with_relations(saved, assessment)))


class AssessmentCompleteApi(APIView):
    @extend_schema(
        operation_id="assessments_complete",
        description="Complete a draft: the result is computed on the instrument version the answers were given "
        "on. A shown required question without an answer gives 400 under its code.",
        request=None,
        responses=AssessmentDetailOutput,
    )
    def post(self, request: Request, assessment_id: str) -> Response:
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment_id, purpose="complete")
        done = services.assessment_complete(actor=request.user, assessment=assessment)
        return Response(_detail(request, _with_relations(done, assessment)))


class AssessmentApplyApi(APIView):
    @extend_schema(
        operation_id="assessments_apply",
        description="Take the findings you confirmed into the case (the result's `suggest` lists what the "
        "assessment suggests; nothing reaches the case by itself). Send only what you take; at least one must "
        "change the case. The case timeline records who decided, on which assessment and evidence.",
        request=ApplyInput,
        responses=CaseOutput,
    )
    def post(self, request: Request, assessment_id: str) -> Response:
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment_id, purpose="apply")
        data = valid(ApplyInput, request.data)
        case = services.assessment_apply(actor=request.user, assessment=assessment, **data)
        return Response(out(CaseOutput, request, case))


class AssessmentVoidApi(APIView):
    @extend_schema(
        operation_id="assessments_void",
        description="Set aside an assessment started by mistake or on the wrong case, with a reason. "
        "It stays on record.",
        request=VoidInput,
        responses=AssessmentDetailOutput,
    )
    def post(self, request: Request, assessment_id: str) -> Response:
        assessment = selectors.access_assessment(user=request.user, assessment_id=assessment_id, purpose="void")
        data = valid(VoidInput, request.data)
        voided = services.assessment_void(actor=request.user, assessment=assessment, reason=data["reason"])
        return Response(_detail(request, _with_relations(voided, assessment)))
