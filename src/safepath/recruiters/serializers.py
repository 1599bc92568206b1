"""What the licence-list API reads and writes."""

from __future__ import annotations

from rest_framework import serializers

from safepath.cases.serializers import CodeField
from safepath.recruiters.models import EnterpriseStatus

MAX_QUERY = 300


class RecruiterEnterpriseQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_QUERY,
        help_text="A name (accents, abbreviations, word order and small typos forgiven), a short name or a "
        "licence number. Empty: the whole list in force, by name",
    )
    status = CodeField(EnterpriseStatus, required=False, allow_blank=True, default="")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=100_000)


class RecruiterCheckQuery(serializers.Serializer):
    name = serializers.CharField(max_length=MAX_QUERY, help_text="The company's name as written, or a licence number")
    limit = serializers.IntegerField(required=False, default=5, min_value=1, max_value=20)


class RecruiterEnterpriseOutput(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField()
    licence_number = serializers.CharField()
    licence_date = serializers.DateField(allow_null=True)
    status = CodeField(EnterpriseStatus)
    status_label = serializers.CharField(help_text="The status in words, in the language asked (Accept-Language)")
    address = serializers.CharField()
    phone = serializers.CharField(help_text="The company's switchboard as published with the list")
    score = serializers.FloatField(
        allow_null=True, help_text="How surely a search names it (0-1); null when listing without a search"
    )
    matched_on = serializers.CharField(allow_null=True, help_text="name, short_name or licence_number")
    similar = serializers.BooleanField(
        help_text="A near miss: another company with a similar name, not the one searched for"
    )


class RecruiterEnterprisePageOutput(serializers.Serializer):
    data_date = serializers.DateField(allow_null=True, help_text="The date of the list in force; null: none yet")
    source = serializers.CharField()
    count = serializers.IntegerField()
    page = serializers.IntegerField(help_text="The page shown (the last one when you asked beyond it)")
    num_pages = serializers.IntegerField()
    results = RecruiterEnterpriseOutput(many=True)


class RecruiterMatchOutput(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField()
    licence_number = serializers.CharField()
    licence_date = serializers.DateField(allow_null=True)
    status = CodeField(EnterpriseStatus)
    status_label = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    score = serializers.FloatField(help_text="0-1; matches score at least 0.75")
    matched_on = serializers.CharField(help_text="name, short_name or licence_number")


class RecruiterCheckOutput(serializers.Serializer):
    query = serializers.CharField()
    found = serializers.BooleanField(help_text="Whether the list in force names this company")
    data_date = serializers.DateField(allow_null=True, help_text="The date of the list in force; null: none yet")
    source = serializers.CharField()
    matches = RecruiterMatchOutput(many=True)
    similar = RecruiterMatchOutput(many=True, help_text="Other companies with a similar name: not matches")
