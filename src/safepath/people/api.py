"""Persons over the API: the same selectors, services, policy and audit as the web pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import check
from safepath.people.models import Person, Sex
from safepath.people.selectors import access_person_by_id, person_search
from safepath.people.services import PersonInput, person_input_from, person_register, person_update


class PersonOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    # Declared, not derived: the derived range depends on the database backend.
    birth_year = serializers.IntegerField(read_only=True, allow_null=True, min_value=1900, max_value=2100)
    aliases = serializers.ListField(child=serializers.CharField())
    registered_by_agency = serializers.CharField(source="registered_by_agency.code")
    ethnicity = serializers.CharField(source="ethnicity_id", allow_null=True)
    origin_province = serializers.CharField(source="origin_province_id", allow_null=True)
    origin_ward = serializers.CharField(source="origin_ward_id", allow_null=True)
    origin_legacy_province = serializers.CharField(source="origin_legacy_province_id", allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "family_name",
            "middle_name",
            "given_name",
            "aliases",
            "sex",
            "birth_date",
            "birth_year",
            "birth_date_precision",
            "phone",
            "email",
            "id_number",
            "address",
            "ethnicity",
            "origin_province",
            "origin_ward",
            "origin_legacy_province",
            "languages",
            "registered_by_agency",
            "created_at",
            "updated_at",
        ]


class PersonInputSerializer(serializers.Serializer):
    family_name = serializers.CharField(max_length=100)
    middle_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    given_name = serializers.CharField(max_length=100)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=20, default=list
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)
    birth_date = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="dd/mm/yyyy, mm/yyyy, yyyy or ISO yyyy-mm-dd",
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    ethnicity = serializers.CharField(max_length=2, required=False, allow_null=True, default=None)
    origin_province = serializers.CharField(max_length=4, required=False, allow_null=True, default=None)
    origin_ward = serializers.CharField(max_length=8, required=False, allow_null=True, default=None)
    origin_legacy_province = serializers.CharField(max_length=4, required=False, allow_null=True, default=None)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, max_length=20, default=list
    )

    def to_input(self) -> PersonInput:
        return PersonInput.from_fields(dict(self.validated_data))


class PersonListCreateApi(APIView):
    @extend_schema(
        operation_id="persons_list",
        parameters=[
            OpenApiParameter("q", str, description="Name (any order, accents optional), phone, e-mail or ID number"),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=inline_serializer(
            "PersonPage", {"count": serializers.IntegerField(), "results": PersonOutput(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        check(request, "people.view_person_list")
        try:
            limit = min(max(int(request.query_params.get("limit", 50)), 1), 200)
            # Capped: an offset past any real list would overflow the database's 64-bit integers.
            offset = min(max(int(request.query_params.get("offset", 0)), 0), 10**9)
        except ValueError:
            return Response({"detail": "limit and offset must be whole numbers."}, status=400)
        q = request.query_params.get("q", "")[:100]
        results, total = person_search(user=request.user, text=q, limit=limit, offset=offset)
        return Response({"count": total, "results": PersonOutput(results, many=True).data})

    @extend_schema(operation_id="persons_create", request=PersonInputSerializer, responses={201: PersonOutput})
    def post(self, request: Request) -> Response:
        check(request, "people.add_person")
        ser = PersonInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            person = person_register(actor=request.user, data=ser.to_input())
        except PermissionDenied as exc:
            raise ApiPermissionDenied from exc
        person = access_person_by_id(user=request.user, person_id=person.pk, purpose="created")
        return Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)


class PersonDetailApi(APIView):
    @extend_schema(operation_id="persons_retrieve", responses=PersonOutput)
    def get(self, request: Request, person_id: str) -> Response:
        person = access_person_by_id(user=request.user, person_id=person_id)
        return Response(PersonOutput(person).data)

    @extend_schema(operation_id="persons_partial_update", request=PersonInputSerializer, responses=PersonOutput)
    def patch(self, request: Request, person_id: str) -> Response:
        person = access_person_by_id(user=request.user, person_id=person_id, purpose="edit")
        check(request, "people.change_person", person)
        merged = person_input_from(person).as_fields()
        if not isinstance(request.data, dict):
            return Response({"detail": "Send a JSON object."}, status=400)
        merged.update(request.data)
        ser = PersonInputSerializer(data=merged)
        ser.is_valid(raise_exception=True)
        person = person_update(actor=request.user, person=person, data=ser.to_input())
        return Response(PersonOutput(person).data)
