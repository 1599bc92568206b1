"""Shelters over the API: the same selectors, services, policy and audit as the web pages.

Facilities of the user's agency, their bed board and census, admission from a case, the stay with
its extensions and discharge. Access is decided by the selectors (404 for missing and forbidden
alike) and the services (403 with their message; 400 when the stay's state does not allow it, or
when a bed was just taken by someone else).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.cases.selectors import access_case_by_id
from safepath.core.api import all_body, all_of, check, out, valid
from safepath.shelters import selectors, services
from safepath.shelters.serializers import (
    AdmitInput,
    BoardOutput,
    CensusOutput,
    DischargeInput,
    ExtensionDecisionInput,
    ExtensionInput,
    ExtensionOutput,
    FacilityOutput,
    FacilityQuery,
    FiguresOutput,
    FiguresQuery,
    StayOutput,
    StayUpdateInput,
)


def _stay_out(request: Request, stay_id: Any) -> Any:
    """The stay as stored now (unaudited: the caller has just opened or changed it)."""
    stay = selectors.stay_queryset().get(pk=stay_id)
    return out(StayOutput, request, stay)


class FacilityListApi(APIView):
    @extend_schema(
        operation_id="shelters_facilities_list",
        description="The facilities of your agency (all of them for a system administrator), with beds in use, "
        "beds taken tonight and free beds.",
        responses=all_of("FacilityList", FacilityOutput),
    )
    def get(self, request: Request) -> Response:
        if not selectors.may_list_facilities(request.user):
            raise ApiPermissionDenied
        facilities = selectors.facility_list(user=request.user, on=timezone.localdate())
        return Response(all_body(FacilityOutput, request, facilities))


class FacilityBoardApi(APIView):
    @extend_schema(
        operation_id="shelters_facilities_board",
        description="The bed board at the end of a day: rooms, beds and their state (free, occupied, near the "
        "limit, over the limit, out of use), with day X and days left of each stay. The case number and the "
        "person's name are given to staff who may view the facility, except for a highly sensitive case they "
        "are not assigned to; the read is written to the access log.",
        parameters=[FacilityQuery],
        responses=BoardOutput,
    )
    def get(self, request: Request, facility_id: str) -> Response:
        facility = selectors.access_facility(user=request.user, facility_id=facility_id, purpose="bed_board")
        q = valid(FacilityQuery, request.query_params)
        board = selectors.facility_board(user=request.user, facility=facility, on=q["on"] or timezone.localdate())
        return Response(out(BoardOutput, request, board))


class FacilityCensusApi(APIView):
    @extend_schema(
        operation_id="shelters_facilities_census",
        description="The daily census: people in a bed at the end of the day, admitted and discharged that day, "
        "each by sex; and the beds taken at the end of each of the 30 days up to it.",
        parameters=[FacilityQuery],
        responses=CensusOutput,
    )
    def get(self, request: Request, facility_id: str) -> Response:
        facility = selectors.access_facility(user=request.user, facility_id=facility_id, purpose="census")
        q = valid(FacilityQuery, request.query_params)
        return Response(
            out(CensusOutput, request, selectors.facility_census(facility=facility, on=q["on"] or timezone.localdate()))
        )


class FacilityFiguresApi(APIView):
    @extend_schema(
        operation_id="shelters_facilities_figures",
        description="Occupancy rate (bed-nights taken over bed-nights available) and length of stay (mean, median, "
        "longest, stays longer than the maximum) for a period of at most 366 days.",
        parameters=[FiguresQuery],
        responses=FiguresOutput,
    )
    def get(self, request: Request, facility_id: str) -> Response:
        facility = selectors.access_facility(user=request.user, facility_id=facility_id, purpose="figures")
        q = valid(FiguresQuery, request.query_params)
        end = q["end"] or timezone.localdate()
        start = q["start"] or end - dt.timedelta(days=29)
        if start > end:
            raise ApiValidationError({"start": ["The period must start before it ends."]})
        if (end - start).days + 1 > selectors.MAX_PERIOD_DAYS:
            raise ApiValidationError({"start": ["Choose a period of at most 366 days."]})
        body = selectors.facility_figures(facility=facility, start=start, end=end)
        body["destinations"] = [{"destination": code, "count": n} for code, _label, n in body["destinations"]]
        return Response(out(FiguresOutput, request, body))


class CaseStaysApi(APIView):
    @extend_schema(
        operation_id="cases_stays_list",
        description="The case's shelter stays that you may open, newest first.",
        responses=all_of("StayList", StayOutput),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="stays")
        stays = [
            s for s in selectors.stay_queryset().filter(case=case) if request.user.has_perm("shelters.view_stay", s)
        ]
        return Response(all_body(StayOutput, request, stays))

    @extend_schema(
        operation_id="cases_stays_create",
        description="Admit the case's person to a facility of your agency: into the bed given, or a free bed that "
        "suits them. The planned discharge is the admission date plus the facility's maximum stay. Two admissions "
        "into the last bed at once: one succeeds, the other gets 400 (`bed`: the bed was just taken).",
        request=AdmitInput,
        responses={201: StayOutput},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="admit")
        check(request, "shelters.admit", case)
        data = valid(AdmitInput, request.data)
        facilities = {f.pk: f for f in selectors.admission_facilities(user=request.user, case=case)}
        facility = facilities.get(data["facility"])
        if facility is None:
            raise ApiValidationError({"facility": ["Not found, or not one you may admit to."]})
        bed = None
        if data["bed"] is not None:
            bed = selectors.bed_of_facility(facility=facility, bed_id=data["bed"])
            if bed is None:
                raise ApiValidationError({"bed": ["Choose a bed of this facility."]})
        stay = services.stay_admit(
            actor=request.user,
            case=case,
            facility=facility,
            bed=bed,
            admitted_on=data["admitted_on"],
            note=data["note"],
        )
        return Response(_stay_out(request, stay.pk), status=status.HTTP_201_CREATED)


class StayDetailApi(APIView):
    @extend_schema(operation_id="shelters_stays_retrieve", responses=StayOutput)
    def get(self, request: Request, stay_id: str) -> Response:
        stay = selectors.access_stay(user=request.user, stay_id=stay_id)
        return Response(out(StayOutput, request, stay))

    @extend_schema(
        operation_id="shelters_stays_update",
        description="Change the admission note; after discharge, the follow-up plan; or move the person to "
        "another free bed of the same facility (`bed`). Only the fields sent change.",
        request=StayUpdateInput,
        responses=StayOutput,
    )
    def post(self, request: Request, stay_id: str) -> Response:
        stay = selectors.access_stay(user=request.user, stay_id=stay_id, purpose="change")
        data = valid(StayUpdateInput, request.data)
        with transaction.atomic():
            self._apply(request, stay, data)
        return Response(_stay_out(request, stay.pk))

    @staticmethod
    def _apply(request: Request, stay: Any, data: dict[str, Any]) -> None:
        if "bed" in data:
            bed = selectors.bed_of_facility(facility=stay.facility, bed_id=data["bed"])
            if bed is None:
                raise ApiValidationError({"bed": ["Choose a bed of this facility."]})
            services.stay_move(actor=request.user, stay=stay, bed=bed)
        if "admission_note" in data or "follow_up_plan" in data:
            services.stay_update(
                actor=request.user,
                stay=stay,
                admission_note=data.get("admission_note"),
                follow_up_plan=data.get("follow_up_plan"),
            )
        if not data:
            check(request, "shelters.change_stay", stay)


class StayExtensionsApi(APIView):
    @extend_schema(
        operation_id="shelters_stays_extensions_create",
        description="Ask to keep the person longer: a number of days (at most the facility's longest extension) "
        "and the reason. A supervisor other than you decides; one request waits at a time.",
        request=ExtensionInput,
        responses={201: ExtensionOutput},
    )
    def post(self, request: Request, stay_id: str) -> Response:
        stay = selectors.access_stay(user=request.user, stay_id=stay_id, purpose="extension")
        data = valid(ExtensionInput, request.data)
        ext = services.extension_request(actor=request.user, stay=stay, days=data["days"], reason=data["reason"])
        return Response(out(ExtensionOutput, request, ext), status=status.HTTP_201_CREATED)


class ExtensionDecisionApi(APIView):
    @extend_schema(
        operation_id="shelters_extensions_decision",
        description="A supervisor of the facility's agency, not the one who asked, approves (the planned discharge "
        "moves on by the days asked) or refuses with a note.",
        request=ExtensionDecisionInput,
        responses=ExtensionOutput,
    )
    def post(self, request: Request, extension_id: str) -> Response:
        ext = selectors.access_extension(user=request.user, extension_id=extension_id)
        data = valid(ExtensionDecisionInput, request.data)
        ext = services.extension_decide(actor=request.user, extension=ext, approve=data["approve"], note=data["note"])
        return Response(out(ExtensionOutput, request, ext))


class StayDischargeApi(APIView):
    @extend_schema(
        operation_id="shelters_stays_discharge",
        description="The person leaves: the destination (home community, longer-term shelter by referral, family, "
        "other), its province, and the follow-up plan. The bed is free from the discharge day.",
        request=DischargeInput,
        responses=StayOutput,
    )
    def post(self, request: Request, stay_id: str) -> Response:
        stay = selectors.access_stay(user=request.user, stay_id=stay_id, purpose="discharge")
        data = valid(DischargeInput, request.data)
        services.stay_discharge(
            actor=request.user,
            stay=stay,
            destination=data["destination"],
            follow_up_plan=data["follow_up_plan"],
            discharged_on=data["discharged_on"],
            destination_province_id=data["destination_province"] or None,
        )
        return Response(_stay_out(request, stay.pk))
