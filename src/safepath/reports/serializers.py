"""What the reports API reads and writes. Every name starts with Reports (unique in the whole schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ReportsTextOutput(serializers.Serializer[Any]):
    vi = serializers.CharField()
    en = serializers.CharField()


class ReportsTargetOutput(serializers.Serializer[Any]):
    programme = serializers.CharField()
    value = serializers.FloatField()
    verified = serializers.BooleanField(help_text="Checked against the primary text of the programme")
    source = serializers.CharField()  # type: ignore[assignment]


class ReportsIndicatorOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = ReportsTextOutput()
    description = ReportsTextOutput(allow_null=True)
    unit = serializers.ChoiceField(choices=["count", "percent", "mean"])
    programmes = serializers.ListField(child=serializers.CharField())
    disaggregations = serializers.ListField(
        child=serializers.CharField(), help_text="The dimensions it may be broken down by, besides `month`"
    )
    targets = ReportsTargetOutput(many=True)
    dhis2 = serializers.CharField(help_text="The DHIS2 data element UID it is exported under")
    hxl = serializers.CharField(help_text="The HXL hashtag of its value column")
    suppress = serializers.BooleanField(help_text="Whether small cells are hidden (false: not about people)")


class ReportsFigureQuery(serializers.Serializer[Any]):
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="2026-10 or 10/2026 (a month), 2026Q4 or Q4/2026 (a quarter), 2026 (a year), "
        "01/08/2026-31/10/2026 (days: whole months, unless you see exact figures). The last full month "
        "when left out.",
    )
    by = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="Up to two dimensions, comma-separated, among the indicator's disaggregations and `month`",
    )
    agency = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40, help_text="An agency's short code (or id)"
    )
    province = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4, help_text="Province code (2025 units)"
    )
    legacy_province = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4, help_text="Former province code (before July 2025)"
    )


class ReportsPeriodOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=["month", "quarter", "year", "days"])
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]


class ReportsFiltersOutput(serializers.Serializer[Any]):
    agency = serializers.CharField(help_text="The agency's short code, or empty for every agency you may count")
    province = serializers.CharField()
    legacy_province = serializers.CharField()


class ReportsValueOutput(serializers.Serializer[Any]):
    value = serializers.FloatField(allow_null=True, help_text="null when hidden, or nothing to divide by")
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True, help_text="For a percentage")
    hidden = serializers.BooleanField(help_text="A small number, or one that would let a small number be worked out")


class ReportsCellOutput(ReportsValueOutput):
    key = serializers.DictField(child=serializers.CharField(), help_text="Dimension -> category code")
    labels = serializers.DictField(child=serializers.CharField(), help_text="Dimension -> category name")


class ReportsFiguresOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = ReportsTextOutput()
    unit = serializers.ChoiceField(choices=["count", "percent", "mean"])
    period = ReportsPeriodOutput()
    by = serializers.ListField(child=serializers.CharField())
    filters = ReportsFiltersOutput()
    suppressed = serializers.BooleanField(help_text="Whether small cells were hidden for you")
    threshold = serializers.IntegerField(allow_null=True, help_text="Counts below it are hidden")
    multi = serializers.CharField(help_text="A multi-valued dimension among `by`: its categories do not add up")
    not_recorded = serializers.BooleanField(help_text="A filter or breakdown this indicator's records do not hold")
    total = ReportsValueOutput()
    cells = ReportsCellOutput(many=True)
