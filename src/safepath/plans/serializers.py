"""What the care-plan API reads and writes: plans with their goals, services and reviews; entitlements.

Inputs only shape and type-check the request (400 with field errors); the services still check
every code, date, person and permission, and the plan's workflow (draft, submitted, approved).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepath.cases.choices import LegalStatus
from safepath.cases.serializers import MAX_ID, CaseRef, CodeField, UserRef
from safepath.core.validate import MAX_SHORT, MAX_TEXT
from safepath.plans.choices import (
    HTCDS_SUPPORT_PLAN,
    LEGAL_SUPPORT,
    GoalStatus,
    PlanStatus,
    Provider,
    ServiceStatus,
    ServiceType,
)
from safepath.plans.models import PlannedService
from safepath.screening.models import NeedDomain, NeedUrgency
from safepath.screening.serializers import BilingualText, InstrumentSource


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="", **kwargs)


def _day(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


# --- entitlements ----------------------------------------------------------------------------------
class EntitlementSupport(serializers.Serializer):
    code = serializers.CharField(help_text="The support type; planned services name it in `legal_support`")
    clause = serializers.CharField(help_text="The clause of the article that grants it")
    label = serializers.CharField()
    detail = serializers.CharField()


class EntitlementsOutput(serializers.Serializer):
    legal_status = CodeField(LegalStatus)
    on = serializers.DateField(help_text="The day the rules are read for")
    rule_set = serializers.CharField(help_text="The code of the rule set in force that day; blank when none is")
    title = BilingualText(allow_null=True, help_text="The rule set's title")
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    sources = InstrumentSource(many=True)
    who = serializers.CharField(help_text="Whom the rule covers; blank when no rule covers the legal status")
    supports = EntitlementSupport(many=True, help_text="Empty when no rule covers the legal status (e.g. not assessed)")
    discretionary = serializers.BooleanField(help_text="The competent authority decides case by case")
    note = serializers.CharField()


class EntitlementsQuery(serializers.Serializer):
    on = _day("Today when left out: the rules in force on another day, e.g. when a plan was drawn up")


# --- plans -----------------------------------------------------------------------------------------
class PlannedServiceOutput(serializers.Serializer):
    id = serializers.UUIDField()
    goal = serializers.UUIDField(source="goal_id")
    service_type = CodeField(ServiceType)
    legal_support = serializers.SerializerMethodField(
        help_text="The Law 53/2024 Art. 37 support type it delivers, if any (compare `entitled_supports`)"
    )
    htcds_support_type = serializers.SerializerMethodField(help_text="HTCDS spl_Type")
    provider = CodeField(Provider)
    provider_name = serializers.CharField()
    responsible = UserRef(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    status = CodeField(ServiceStatus)
    note = serializers.CharField()
    delivered_on = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_legal_support(self, obj: PlannedService) -> str | None:
        return LEGAL_SUPPORT.get(obj.service_type)

    @extend_schema_field(serializers.CharField())
    def get_htcds_support_type(self, obj: PlannedService) -> str:
        return HTCDS_SUPPORT_PLAN.get(obj.service_type, "SocialCare")


class GoalOutput(serializers.Serializer):
    id = serializers.UUIDField()
    domain = CodeField(NeedDomain)
    urgency = CodeField(NeedUrgency)
    text = serializers.CharField()
    status = CodeField(GoalStatus)
    position = serializers.IntegerField()
    services = PlannedServiceOutput(many=True)


class PlanReviewOutput(serializers.Serializer):
    id = serializers.UUIDField()
    reviewed_on = serializers.DateField()
    note = serializers.CharField()
    next_review_on = serializers.DateField(allow_null=True)
    by = UserRef()
    created_at = serializers.DateTimeField()


class PlanOutput(serializers.Serializer):
    id = serializers.UUIDField()
    case = CaseRef()
    status = CodeField(PlanStatus)
    summary = serializers.CharField()
    needs_assessment = serializers.UUIDField(
        source="needs_assessment_id", allow_null=True, help_text="The needs assessment its goals came from"
    )
    legal_status = serializers.CharField(help_text="The case's legal status when approved; blank before")
    entitlement_rules = serializers.CharField(help_text="The entitlement rule set in force when approved")
    review_on = serializers.DateField(allow_null=True, help_text="The next review")
    created_by = UserRef()
    submitted_by = UserRef(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_by = UserRef(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    returned_note = serializers.CharField(help_text="What to change, when a supervisor sent it back")
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PlanDetailOutput(PlanOutput):
    goals = GoalOutput(many=True)
    reviews = PlanReviewOutput(many=True)
    entitled_supports = serializers.ListField(
        child=serializers.CharField(),
        help_text="The support types the case's legal status gives today (see /api/cases/{id}/entitlements/)",
    )


class PlanCreateInput(serializers.Serializer):
    summary = _text(MAX_TEXT)
    needs_assessment = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A completed needs assessment of the case: one goal per domain with a need, most urgent first",
    )


class GoalInput(serializers.Serializer):
    domain = CodeField(NeedDomain)
    urgency = CodeField(NeedUrgency, required=False, default=NeedUrgency.MEDIUM)
    text = serializers.CharField(max_length=MAX_SHORT * 4)


class PlannedServiceInput(serializers.Serializer):
    service_type = CodeField(ServiceType)
    provider = CodeField(Provider, required=False, default=Provider.INTERNAL)
    provider_name = _text(200, help_text="Required for a referral: the organisation")
    responsible = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text="User id of a member of the case's agency; you when left out",
    )
    due_on = serializers.DateField()
    note = _text(MAX_TEXT)


class PlanDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true approves; false sends the plan back")
    note = _text(MAX_TEXT, help_text="Required when sending back: what to change")
    review_on = _day("The first review; in 30 days when left out")


class ServiceProgressInput(serializers.Serializer):
    status = CodeField(ServiceStatus)
    note = _text(MAX_TEXT)
    delivered_on = _day("When delivered; today for a delivered service when left out")


class PlanReviewInput(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_TEXT, help_text="How it goes")
    next_review_on = _day("After today; no further review when left out")


class PlanCloseInput(serializers.Serializer):
    note = _text(MAX_TEXT)
