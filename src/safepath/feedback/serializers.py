"""What the feedback API reads and writes."""

from __future__ import annotations

from rest_framework import serializers

from safepath.cases.serializers import CodeField
from safepath.feedback.models import FilledBy
from safepath.feedback.services import MAX_COMMENT
from safepath.plans.choices import ServiceType


def _rating(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=5, help_text=help_text
    )


class FeedbackInput(serializers.Serializer):
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="The link's code (no login needed): the answer is anonymous, about the link's provider and service",
    )
    case = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Or a case you work (logged in): given with a worker"
    )
    provider = serializers.UUIDField(required=False, allow_null=True, default=None, help_text="With `case` only")
    service_type = CodeField(ServiceType, required=False, allow_blank=True, default="", help_text="With `case` only")
    filled_by = CodeField(FilledBy, required=False, default=FilledBy.PERSON, help_text="With `case` only")
    anonymous = serializers.BooleanField(
        required=False, default=True, help_text="With `case` only: false keeps the answer with the case"
    )
    respect = _rating("Treated with respect; null: prefer not to say")
    needs_met = _rating("Got the help needed")
    safe = _rating("Felt safe")
    information = _rating("Information was clear")
    recommend = _rating("Would recommend")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_COMMENT)


class FeedbackCreated(serializers.Serializer):
    given_on = serializers.DateField(help_text="The day only: no time is kept")
    anonymous = serializers.BooleanField()


class SummaryQuery(serializers.Serializer):
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    agency = serializers.UUIDField(required=False, allow_null=True, default=None, help_text="Where it was given")


class CellOutput(serializers.Serializer):
    key = serializers.CharField(help_text="Provider id or service type code")
    label = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer than 5 responses, or hidden to protect such a row")
    protects = serializers.BooleanField(help_text="Hidden though not small, so that a small row cannot be worked out")
    count = serializers.IntegerField(source="shown_count", allow_null=True, help_text="null when suppressed")
    means = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Mean of each rating (1-5); null when fewer than 5 people answered it",
    )


class SummaryOutput(serializers.Serializer):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    agency_id = serializers.CharField(allow_null=True)
    min_cell = serializers.IntegerField()
    total = CellOutput()
    by_provider = CellOutput(many=True)
    by_service = CellOutput(many=True)
