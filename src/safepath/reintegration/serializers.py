"""What the reintegration API reads and writes. Inputs only shape and type-check the request (400 with
field errors); the services still check every code, date, person, answer and permission."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepath.cases.serializers import CaseRef, CodeField, UserRef
from safepath.core.validate import MAX_SHORT, MAX_TEXT
from safepath.reintegration import indicators
from safepath.reintegration.choices import (
    MAX_FOLLOWUP_MONTH,
    GroupTopic,
    PlanEnding,
    ReintegrationDimension,
    ReintegrationStatus,
    SupportKind,
    SupportStatus,
    VisitMethod,
    WeightsSource,
)
from safepath.screening.serializers import BilingualText, InstrumentSource


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="", **kwargs)


def _day(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


def weights_info(key: str) -> dict[str, Any]:
    """Which weights a score rests on, and the words the screens show about it."""
    iset = indicators.registry().get(key) or indicators.current()
    return {
        "indicator_set": iset.key,
        "source": iset.source,
        "default_weights": iset.is_default,
        "notice": _("SafePath default weights, not IOM's published weights.")
        if iset.is_default
        else _("Weights published by IOM."),
    }


class WeightsInfo(serializers.Serializer):
    indicator_set = serializers.CharField(help_text="The key of the indicator set the scores rest on")
    source = CodeField(WeightsSource)
    default_weights = serializers.BooleanField(help_text="true: SafePath's own default weights, not IOM's")
    notice = serializers.CharField(help_text="Show this wherever the scores are shown")


# --- indicators --------------------------------------------------------------------------------------
class IndicatorOption(serializers.Serializer):
    value = serializers.CharField()
    label = BilingualText()
    points = serializers.FloatField(allow_null=True, help_text="null: the answer leaves the question unanswered")


class IndicatorQuestion(serializers.Serializer):
    code = serializers.CharField(help_text="The key of the answer in a visit's `answers`")
    text = BilingualText()
    guidance = BilingualText(allow_null=True)
    weight = serializers.FloatField()
    options = IndicatorOption(many=True)


class IndicatorItem(serializers.Serializer):
    code = serializers.CharField()
    dimension = CodeField(ReintegrationDimension)
    label = BilingualText()
    theme_status = serializers.CharField(help_text="Whether the theme is verified as one of IOM's 15")
    weight = serializers.FloatField(help_text="Within its dimension (re-normalised over the answered indicators)")
    reason = BilingualText()
    questions = IndicatorQuestion(many=True)


class IndicatorDimension(serializers.Serializer):
    code = CodeField(ReintegrationDimension)
    label = BilingualText()
    weight = serializers.FloatField(help_text="In the composite")
    reason = BilingualText()


class IndicatorSetOutput(serializers.Serializer):
    key = serializers.CharField()
    code = serializers.CharField()
    version = serializers.CharField()
    source = CodeField(WeightsSource)
    is_default = serializers.BooleanField(help_text="SafePath default weights, not IOM's published weights")
    is_current = serializers.BooleanField(help_text="New plans are scored on it")
    published = serializers.DateField()
    min_coverage = serializers.FloatField(help_text="Below this answered share a score is marked incomplete")
    title = BilingualText()
    description = BilingualText()
    weights_note = BilingualText(help_text="Why the weights are what they are")
    sources = InstrumentSource(many=True)
    dimensions = IndicatorDimension(many=True)
    indicators = IndicatorItem(many=True)


class IndicatorSetQuery(serializers.Serializer):
    set = serializers.CharField(
        required=False, default="", max_length=60, help_text="A set's key; the current one when left out"
    )


# --- plans -------------------------------------------------------------------------------------------
class ProviderRef(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class SupportItemOutput(serializers.Serializer):
    id = serializers.UUIDField()
    plan = serializers.UUIDField(source="plan_id")
    kind = CodeField(SupportKind)
    provider = ProviderRef(allow_null=True, help_text="From the service directory")
    provider_name = serializers.CharField(help_text="A provider not in the directory")
    amount_vnd = serializers.IntegerField(allow_null=True)
    status = CodeField(SupportStatus)
    start_on = serializers.DateField(allow_null=True)
    end_on = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    outcome = serializers.CharField()
    created_at = serializers.DateTimeField()


class VisitScores(serializers.Serializer):
    economic = serializers.FloatField(allow_null=True)
    social = serializers.FloatField(allow_null=True)
    psychosocial = serializers.FloatField(allow_null=True)
    composite = serializers.FloatField(allow_null=True)


class FollowUpVisitOutput(serializers.Serializer):
    id = serializers.UUIDField()
    plan = serializers.UUIDField(source="plan_id")
    month_offset = serializers.IntegerField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    method = serializers.CharField(help_text="home_visit, phone or office; blank before the visit")
    scores = serializers.SerializerMethodField()
    coverage = serializers.FloatField(allow_null=True, help_text="The answered share of the weights, 0..1")
    indicator_set = serializers.CharField(source="indicator_version")
    visited_by = UserRef(allow_null=True)

    @extend_schema_field(VisitScores)
    def get_scores(self, obj: Any) -> dict[str, Any]:
        return obj.scores()


class ReintegrationPlanOutput(serializers.Serializer):
    id = serializers.UUIDField()
    case = CaseRef()
    status = CodeField(ReintegrationStatus)
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    focus = serializers.CharField(help_text="The livelihood the plan is built around")
    summary = serializers.CharField()
    end_note = serializers.CharField()
    indicator_set = serializers.CharField(source="indicator_version", help_text="The set its visits are scored on")
    followup_months = serializers.ListField(child=serializers.IntegerField())
    created_by = UserRef()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReintegrationPlanDetail(ReintegrationPlanOutput):
    supports = SupportItemOutput(many=True)
    visits = FollowUpVisitOutput(many=True)
    weights = serializers.SerializerMethodField()

    @extend_schema_field(WeightsInfo)
    def get_weights(self, obj: Any) -> dict[str, Any]:
        return weights_info(obj.indicator_version)


class ReintegrationPlanInput(serializers.Serializer):
    focus = _text(MAX_SHORT * 4)
    summary = _text(MAX_TEXT)
    start = serializers.BooleanField(required=False, default=False, help_text="Start at once (visits scheduled)")
    started_on = _day("With `start`: today when left out")
    followup_months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_FOLLOWUP_MONTH),
        required=False,
        allow_null=True,
        default=None,
        max_length=12,
        help_text="With `start`: months after the start (1, 3, 6, 12 when left out)",
    )


class ReintegrationStartInput(serializers.Serializer):
    started_on = _day("Today when left out; not in the future")
    followup_months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_FOLLOWUP_MONTH),
        required=False,
        allow_null=True,
        default=None,
        max_length=12,
        help_text="Months after the start (1, 3, 6, 12 when left out)",
    )


class ReintegrationEndInput(serializers.Serializer):
    status = CodeField(PlanEnding)
    note = _text(MAX_TEXT, help_text="Required when dropping: why")
    ended_on = _day("Today when left out")


class SupportItemInput(serializers.Serializer):
    kind = CodeField(SupportKind)
    provider = serializers.UUIDField(required=False, allow_null=True, default=None, help_text="A directory provider")
    provider_name = _text(200, help_text="A provider not in the directory")
    amount_vnd = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=10_000_000_000
    )
    status = CodeField(SupportStatus, required=False, default=SupportStatus.PLANNED)
    start_on = _day("")
    end_on = _day("")
    description = _text(MAX_TEXT)
    outcome = _text(MAX_TEXT)


class SupportItemUpdateInput(serializers.Serializer):
    """Only the fields sent change."""

    kind = CodeField(SupportKind, required=False)
    provider = serializers.UUIDField(required=False, allow_null=True)
    provider_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    amount_vnd = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10_000_000_000)
    status = CodeField(SupportStatus, required=False)
    start_on = serializers.DateField(required=False, allow_null=True)
    end_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    outcome = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


# --- visits -----------------------------------------------------------------------------------------
class DimensionResult(serializers.Serializer):
    code = CodeField(ReintegrationDimension)
    score = serializers.FloatField(allow_null=True)
    coverage = serializers.FloatField()
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()


class IndicatorResult(serializers.Serializer):
    code = serializers.CharField()
    dimension = CodeField(ReintegrationDimension)
    weight = serializers.FloatField()
    score = serializers.FloatField(allow_null=True)


class FollowUpVisitDetail(FollowUpVisitOutput):
    case = CaseRef(source="plan.case")
    answers = serializers.DictField(child=serializers.CharField(), help_text="Question code -> option value")
    note = serializers.CharField()
    dimensions = DimensionResult(many=True, help_text="Empty before the visit is recorded")
    indicators = IndicatorResult(many=True)
    weights = WeightsInfo()


class FollowUpVisitInput(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=60),
        allow_empty=False,
        help_text="Question code -> option value (see /api/reintegration/indicators/); a blank value leaves it unanswered",
    )
    done_on = _day("Today when left out; not in the future")
    method = CodeField(VisitMethod, required=False, default=VisitMethod.HOME_VISIT)
    note = _text(MAX_TEXT)


class ScorePoint(serializers.Serializer):
    visit = serializers.UUIDField()
    plan = serializers.UUIDField()
    month_offset = serializers.IntegerField()
    done_on = serializers.DateField()
    economic = serializers.FloatField(allow_null=True)
    social = serializers.FloatField(allow_null=True)
    psychosocial = serializers.FloatField(allow_null=True)
    composite = serializers.FloatField(allow_null=True)
    coverage = serializers.FloatField(allow_null=True)
    indicator_set = serializers.CharField()


class ScoreSeriesOutput(serializers.Serializer):
    plan = serializers.UUIDField()
    case = CaseRef()
    weights = WeightsInfo()
    series = ScorePoint(many=True, help_text="One point per recorded visit, oldest first")


# --- self-help groups --------------------------------------------------------------------------------
class GroupProvince(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SelfHelpGroupOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    province = GroupProvince()
    founded_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    member_count = serializers.IntegerField(help_text="Open members")
    meeting_count = serializers.IntegerField()


class GroupMemberOutput(serializers.Serializer):
    id = serializers.UUIDField()
    person = serializers.SerializerMethodField()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)
    present = serializers.IntegerField(help_text="Meetings attended")
    expected = serializers.IntegerField(help_text="Meetings held while a member")

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), help_text="{id, display_name}"))
    def get_person(self, obj: Any) -> dict[str, str]:
        return {"id": str(obj.person_id), "display_name": obj.person.full_name}


class GroupMeetingOutput(serializers.Serializer):
    id = serializers.UUIDField()
    held_on = serializers.DateField()
    topics = serializers.ListField(child=CodeField(GroupTopic))
    note = serializers.CharField()
    present = serializers.ListField(child=serializers.UUIDField(), help_text="Member ids present")
    absent = serializers.ListField(child=serializers.UUIDField(), help_text="Member ids expected but absent")


class SelfHelpGroupDetail(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    province = GroupProvince()
    facilitator = serializers.CharField()
    founded_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    attendance_rate = serializers.FloatField(allow_null=True, help_text="Present / expected over all meetings")
    members = GroupMemberOutput(many=True)
    meetings = GroupMeetingOutput(many=True)


class SelfHelpGroupInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    province = serializers.CharField(max_length=4, help_text="Province code (2025 units)")
    facilitator = _text(200)
    founded_on = _day("")


class GroupMemberInput(serializers.Serializer):
    person = serializers.UUIDField(help_text="A person of your agency's cases")
    joined_on = _day("Today when left out")


class GroupMeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    topics = serializers.ListField(child=CodeField(GroupTopic), required=False, default=list, max_length=20)
    present = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=500, help_text="Member ids present"
    )
    note = _text(MAX_TEXT)
