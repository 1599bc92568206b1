"""What the screening API reads and writes: instruments, the stateless evaluation, assessments.

Inputs only shape and type-check the request (400 with field errors); the services and the
instrument still check every answer, code and permission. Instruments are returned as they are
defined in their files (both languages); results are the JSON the scoring stores, with the evidence
behind every finding.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from safepath.cases.choices import ExploitationType, LegalStatus, MeansOfControl, RiskLevel
from safepath.cases.serializers import CaseRef, CodeField, UserRef
from safepath.core.validate import MAX_SHORT, MAX_TEXT
from safepath.screening.models import AssessmentKind, AssessmentMode, AssessmentStatus
from safepath.screening.scoring import Dimension, Grade

MAX_ANSWERS = 1000  # more than any instrument asks; a bigger body is refused before it is checked
MAX_ITEMS = 500
CODE_LENGTH = 60
EXPLOITATION_FORMS = [
    ("labour", "Labour exploitation"),
    ("sexual", "Sexual exploitation"),
    ("both", "Not known yet: check both"),
]


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="", **kwargs)


def _codes(codes: Any) -> serializers.ListField:
    return serializers.ListField(child=CodeField(codes), required=False, max_length=len(codes.values), default=list)


def _any_object(help_text: str, **kwargs: Any) -> serializers.DictField:
    return serializers.DictField(child=serializers.JSONField(), help_text=help_text, **kwargs)


# --- instruments -----------------------------------------------------------------------------------
class BilingualText(serializers.Serializer):
    vi = serializers.CharField()
    en = serializers.CharField()


class InstrumentSource(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[("verified", "Verified"), ("secondary", "Secondary"), ("unverified", "Unverified")],
        help_text="How far the source was checked",
    )
    note = serializers.CharField()


class InstrumentSummary(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.CharField(help_text="YYYY.N: a new assessment uses the newest")
    kind = CodeField(AssessmentKind)
    title = BilingualText()
    description = BilingualText()
    published = serializers.DateField()
    digest = serializers.CharField(help_text="SHA-256 of the instrument file; a completed assessment records it")
    sources = InstrumentSource(many=True)


class InstrumentOption(serializers.Serializer):
    value = serializers.CharField()
    label = BilingualText()
    evidence = serializers.ListField(child=serializers.CharField(), help_text="Indicators this answer evidences")


class InstrumentQuestion(serializers.Serializer):
    code = serializers.CharField()
    type = serializers.ChoiceField(
        choices=[(t, t) for t in ("yes_no", "single", "multi", "text", "number", "date")],
        help_text="yes_no answers are yes, no, unknown or declined; single and multi take option values; "
        "date is YYYY-MM-DD",
    )
    text = BilingualText()
    guidance = BilingualText(allow_null=True, help_text="For the interviewer")
    options = InstrumentOption(many=True)
    evidence = serializers.ListField(child=serializers.CharField(), help_text="yes_no: the indicators a yes evidences")
    show_if = _any_object(
        "Skip logic: {question, equals | in}, {all: [...]} or {any: [...]}; asked only when it holds",
        allow_null=True,
    )
    required = serializers.BooleanField()
    min = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)


class InstrumentSection(serializers.Serializer):
    code = serializers.CharField()
    title = BilingualText()
    intro = BilingualText(allow_null=True)
    show_if = _any_object("Skip logic, as for questions", allow_null=True)
    questions = InstrumentQuestion(many=True)


class InstrumentIndicatorList(serializers.Serializer):
    child = serializers.BooleanField()
    exploitation = serializers.ChoiceField(choices=[("labour", "Labour"), ("sexual", "Sexual")])
    label = BilingualText()
    grades_status = serializers.CharField()


class InstrumentContext(serializers.Serializer):
    child = serializers.CharField(help_text="The question: under 18 when recruited")
    exploitation = serializers.CharField(help_text="The question: the form of exploitation")
    location = serializers.CharField(allow_null=True)
    current_risk = serializers.CharField(allow_null=True)


class InstrumentIndicator(serializers.Serializer):
    code = serializers.CharField()
    label = BilingualText()
    explain = BilingualText(allow_null=True)
    dimension = serializers.ChoiceField(
        choices=[(d.value, d.value) for d in Dimension], allow_null=True, help_text="Trafficking: ILO/EC dimension"
    )
    grades = serializers.DictField(
        child=serializers.ChoiceField(choices=[(g.value, g.value) for g in Grade]),
        help_text="Trafficking: the grade in each list that has the indicator",
    )
    unverified = serializers.ListField(child=serializers.CharField())
    number = serializers.IntegerField(allow_null=True, help_text="Forced labour: 1 to 11")
    level = serializers.CharField(allow_null=True, help_text="Vulnerability: the level")
    direction = serializers.CharField(allow_null=True, help_text="Vulnerability: risk or protective")
    domain = serializers.CharField(allow_null=True, help_text="Needs: the domain")
    htcds_means_of_control = serializers.ListField(child=serializers.CharField())


class InstrumentDetail(InstrumentSummary):
    disclaimer = BilingualText(allow_null=True)
    lists = serializers.DictField(
        child=InstrumentIndicatorList(), help_text="Trafficking: the ILO/EC indicator lists, by code"
    )
    context = InstrumentContext(allow_null=True, help_text="Trafficking: the questions that choose the lists")
    indicators = InstrumentIndicator(many=True)
    sections = InstrumentSection(many=True)


class InstrumentQuery(serializers.Serializer):
    version = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="An older version; the newest if left out",
    )


class InstrumentRef(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.CharField()
    digest = serializers.CharField()


# --- the stateless evaluation --------------------------------------------------------------------------
class EvaluateAnswersInput(serializers.Serializer):
    """(a) Answers to an instrument's questions, scored as a completed assessment would be."""

    instrument = serializers.CharField(max_length=CODE_LENGTH, help_text="An instrument code (any kind)")
    version = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="The newest if left out"
    )
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="Question code -> answer, checked as in an interview; skipped questions never count",
    )
    child = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Under 18 when recruited, if the answers do not say (trafficking only)",
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > MAX_ANSWERS:
            raise serializers.ValidationError(_("At most %(count)s answers.") % {"count": MAX_ANSWERS})
        return value


class EvaluateIndicatorsInput(serializers.Serializer):
    """(b) Indicator codes of a trafficking instrument, graded from its lists."""

    indicators = serializers.ListField(
        child=serializers.CharField(max_length=CODE_LENGTH), max_length=MAX_ITEMS, help_text="Indicator codes found"
    )
    child = serializers.BooleanField(help_text="Under 18 when recruited: chooses the children's lists")
    exploitation = serializers.ChoiceField(
        choices=EXPLOITATION_FORMS, required=False, default="both", help_text="Chooses the lists (default both)"
    )
    instrument = serializers.CharField(
        max_length=CODE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="A trafficking instrument code; the current trafficking screening if left out",
    )
    version = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="The newest if left out"
    )


class EvidenceItemInput(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=[(d.value, d.value) for d in Dimension])
    grade = serializers.ChoiceField(choices=[(g.value, g.value) for g in Grade])
    indicator = serializers.CharField(
        max_length=CODE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="An id; items with the same id count once. Each item counts on its own if left out",
    )


class EvaluateEvidenceInput(serializers.Serializer):
    """(c) Dimension and grade pairs, for the ILO/EC rule itself."""

    evidence = EvidenceItemInput(many=True, max_length=MAX_ITEMS)
    child = serializers.BooleanField(help_text="Under 18 when recruited: the means are then not required")


class EvidenceOutput(serializers.Serializer):
    indicator = serializers.CharField()
    grade = serializers.ChoiceField(choices=[(g.value, g.value) for g in Grade])
    unverified = serializers.BooleanField(help_text="The grade in this list is not verified against the source")


class DimensionVerdictOutput(serializers.Serializer):
    positive = serializers.BooleanField()
    because = serializers.CharField(
        help_text="The clause that decided: 2 strong, 1 strong + 1 other, 3 medium, 2 medium + 1 weak, or not enough"
    )
    evidence = EvidenceOutput(many=True)


class ElementsOutput(serializers.Serializer):
    recruitment = serializers.BooleanField()
    exploitation = serializers.BooleanField()
    means = serializers.BooleanField(help_text="Coercion or abuse of vulnerability at destination")


class VerdictOutput(serializers.Serializer):
    """The ILO/EC rule over one list (or over the evidence sent)."""

    outcome = serializers.CharField(help_text="strong_indication, possible or not_established")
    rule_version = serializers.CharField()
    child = serializers.BooleanField()
    elements = ElementsOutput()
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Elements still lacking for a strong indication"
    )
    dimensions = serializers.DictField(child=DimensionVerdictOutput(), help_text="By ILO/EC dimension")
    look_closer = serializers.ListField(
        child=serializers.CharField(),
        help_text="Strong indicators in dimensions that are not positive: they decide nothing alone, ask more",
    )


class EvaluateOutput(serializers.Serializer):
    form = serializers.ChoiceField(
        choices=[("answers", "Answers"), ("indicators", "Indicator codes"), ("evidence", "Dimension and grade pairs")],
        help_text="Which input form was used",
    )
    kind = CodeField(AssessmentKind)
    instrument = InstrumentRef(allow_null=True, help_text="Null for the evidence form")
    outcome = serializers.CharField(
        help_text="Trafficking: strong_indication, possible or not_established. Forced labour: indicators_found or "
        "none_found. Vulnerability: risk_factors or no_risk_factors. Needs: the highest urgency"
    )
    outcome_label = serializers.CharField()
    rule_version = serializers.CharField(help_text="Trafficking only; blank for the other kinds")
    child = serializers.BooleanField(allow_null=True, help_text="The rule applied for a child; null if not trafficking")
    elements = ElementsOutput(allow_null=True, help_text="Of the deciding list; null if not trafficking")
    missing = serializers.ListField(child=serializers.CharField())
    dimensions = serializers.DictField(child=DimensionVerdictOutput())
    look_closer = serializers.ListField(child=serializers.CharField())
    deciding_list = serializers.CharField(help_text="The list whose verdict is shown above (the most serious)")
    by_list = serializers.DictField(
        child=VerdictOutput(), allow_null=True, help_text="Every list checked; null for the evidence form"
    )
    result = _any_object(
        "The whole result, as a completed assessment stores it; null for the evidence form", allow_null=True
    )
    explanation = _any_object(
        "The result in plain words, in the request's language; null for the evidence form", allow_null=True
    )
    disclaimer = serializers.CharField()


# --- assessments ----------------------------------------------------------------------------------
class AssessmentOutput(serializers.Serializer):
    id = serializers.UUIDField()
    case = CaseRef()
    kind = CodeField(AssessmentKind)
    instrument = serializers.CharField()
    instrument_version = serializers.CharField()
    instrument_digest = serializers.CharField()
    status = CodeField(AssessmentStatus)
    mode = CodeField(AssessmentMode)
    interviewed_on = serializers.DateField()
    section = serializers.CharField(help_text="Where the interview was: resume there")
    saves = serializers.IntegerField(help_text="How many times answers were saved")
    outcome = serializers.CharField(help_text="Blank until completed")
    rule_version = serializers.CharField()
    started_by = UserRef()
    completed_by = UserRef(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    applied_at = serializers.DateTimeField(allow_null=True, help_text="When findings were last taken into the case")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AssessmentDetailOutput(AssessmentOutput):
    answers = _any_object("Question code -> answer, as saved (answers to skipped questions are kept)")
    shown = serializers.ListField(
        child=serializers.CharField(), help_text="The questions the skip logic shows with the answers so far"
    )
    required_missing = serializers.ListField(
        child=serializers.CharField(), help_text="Shown required questions without an answer: complete refuses them"
    )
    result = _any_object("Empty until completed")
    explanation = _any_object("The result in plain words, in the request's language; empty until completed")
    disclaimer = serializers.CharField()


class AssessmentStartInput(serializers.Serializer):
    instrument = serializers.CharField(max_length=CODE_LENGTH, help_text="An instrument code: its newest version")
    mode = CodeField(AssessmentMode, required=False, default=AssessmentMode.INTERVIEW)
    interviewed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today if left out")


class AnswersInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        default=dict,
        help_text="Question code -> answer; null or empty clears an answer. One bad answer saves none",
    )
    section = serializers.CharField(
        max_length=CODE_LENGTH, required=False, allow_null=True, default=None, help_text="Where the interviewer is"
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(value) > MAX_ANSWERS:
            raise serializers.ValidationError(_("At most %(count)s answers.") % {"count": MAX_ANSWERS})
        return value


class ApplyInput(serializers.Serializer):
    legal_status = CodeField(LegalStatus, required=False, allow_blank=True, default="")
    risk_level = CodeField(RiskLevel, required=False, allow_blank=True, default="")
    exploitation_types = _codes(ExploitationType)
    means_of_control = _codes(MeansOfControl)
    note = _text(MAX_TEXT)


class VoidInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_SHORT)
