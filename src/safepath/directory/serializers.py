"""What the directory API reads and writes: providers with the services they offer.

Inputs only shape and type-check the request (400 with field errors); the services still check
every code, province, agency link and permission.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepath.cases.choices import LegalStatus
from safepath.cases.serializers import CodeField
from safepath.core.validate import MAX_TEXT
from safepath.directory.choices import Language
from safepath.directory.models import ProviderKind, ServiceProvider
from safepath.directory.services import ELIGIBLE_SEXES, MAX_AGE, MAX_RESPONSE_DAYS
from safepath.plans.choices import ServiceType


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, **kwargs)


def _codes(codes: Any, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=codes), required=False, **kwargs)


class ProvinceRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProviderServiceOutput(serializers.Serializer):
    id = serializers.UUIDField()
    service_type = CodeField(ServiceType)
    description = serializers.CharField()
    nationwide = serializers.BooleanField()
    provinces = ProvinceRef(many=True, help_text="Empty when nationwide")
    sexes = serializers.ListField(child=serializers.CharField(), help_text="Whom it is for; empty: anyone")
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    legal_statuses = serializers.ListField(
        child=serializers.CharField(), help_text="Law 53/2024 legal statuses it is for; empty: anyone"
    )
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="Empty: the provider's languages (Vietnamese when none)"
    )
    capacity = serializers.IntegerField(allow_null=True, help_text="People at a time")
    hours = serializers.CharField()
    cost = serializers.CharField()
    is_active = serializers.BooleanField()


class ProviderOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text="In the language of the request")
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    kind = CodeField(ProviderKind)
    in_safepath = serializers.BooleanField(
        help_text="true: referrals arrive in the agency's inbox; false: a referral form is printed"
    )
    agency = serializers.UUIDField(source="agency_id", allow_null=True, help_text="The SafePath agency, if any")
    keeper_agency = serializers.UUIDField(
        source="keeper_agency_id", allow_null=True, help_text="The agency that keeps an outside organisation's entry"
    )
    province = serializers.CharField(source="province_id", allow_null=True, help_text="Province code (2025)")
    address = serializers.CharField()
    phone = serializers.CharField()
    hotline = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    contact_name = serializers.CharField()
    hours = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField()
    response_days = serializers.IntegerField(help_text="Referrals unanswered after this many days raise an alert")
    is_active = serializers.BooleanField()
    services = serializers.SerializerMethodField(help_text="Its active services")
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ProviderServiceOutput(many=True))
    def get_services(self, obj: ServiceProvider) -> Any:
        from safepath.directory.selectors import provider_services_for

        return ProviderServiceOutput(provider_services_for(obj, ""), many=True).data


class ProviderQuery(serializers.Serializer):
    service_type = CodeField(ServiceType, required=False, allow_blank=True, help_text="The need")
    province = serializers.CharField(
        required=False, allow_blank=True, max_length=4, help_text="Province code: who serves it, then nationwide"
    )
    sex = serializers.ChoiceField(choices=[*ELIGIBLE_SEXES, "unknown"], required=False, allow_blank=True)
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_AGE)
    legal_status = CodeField(LegalStatus, required=False, allow_blank=True)
    language = CodeField(Language, required=False, allow_blank=True)
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Words of the name, address or services"
    )
    include_outside = serializers.BooleanField(required=False, default=True)
    page = serializers.IntegerField(required=False, min_value=1, default=1)


class ProviderServiceInput(serializers.Serializer):
    service_type = CodeField(ServiceType)
    description = _text(3000)
    province_ids = serializers.ListField(
        child=serializers.CharField(max_length=4), required=False, help_text="Province codes; or nationwide"
    )
    nationwide = serializers.BooleanField(required=False, default=False)
    sexes = _codes(ELIGIBLE_SEXES)
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_AGE)
    max_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_AGE)
    legal_statuses = _codes(LegalStatus.values)
    languages = _codes(Language.values)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    hours = _text(200)
    cost = _text(200)
    is_active = serializers.BooleanField(required=False, default=True)


class ProviderInput(serializers.Serializer):
    name_vi = serializers.CharField(max_length=200)
    name_en = _text(200)
    kind = CodeField(ProviderKind)
    agency_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="System administrators only: the SafePath agency it is"
    )
    keeper_agency_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="System administrators only; your agency for others"
    )
    province_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=4)
    address = _text(300)
    phone = _text(60)
    hotline = _text(60)
    email = _text(254)
    website = _text(200)
    contact_name = _text(200)
    hours = _text(200)
    languages = _codes(Language.values)
    notes = _text(MAX_TEXT)
    response_days = serializers.IntegerField(required=False, min_value=1, max_value=MAX_RESPONSE_DAYS)
    services = ProviderServiceInput(many=True, required=False, help_text="On update: replaces all its services")


class ProviderPatchInput(ProviderInput):
    name_vi = serializers.CharField(max_length=200, required=False)
    kind = CodeField(ProviderKind, required=False)
