"""Outreach over the API: the same selectors, services, policy and audit as the pages.

Events belong to the organising agency: its outreach officers, counsellors and supervisors list, read,
create and change them (others get 404 for an event, 403 for the list). The register of a training
(names) is in an event's detail only for the agency's outreach officers and supervisors, and each
reading is written to the access log. Stock is the caller's agency's.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import all_body, all_of, check, out, page_body, page_of, valid
from safepath.outreach import selectors, services
from safepath.outreach.models import Event
from safepath.outreach.serializers import (
    OutreachEventDetail,
    OutreachEventInput,
    OutreachEventListQuery,
    OutreachEventOutput,
    OutreachHandOutInput,
    OutreachMaterialOutput,
    OutreachMaterialQuery,
    OutreachMovementInput,
    OutreachMovementOutput,
    OutreachMovementsOutput,
    OutreachParticipantInput,
)


def _event_row(event: Event, participant_total: int) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "province": {"code": event.province_id, "name": event.province.name},
        "venue": event.venue,
        "agency": event.agency.code,
        "participant_total": participant_total,
    }


def _event_detail(request: Request, event: Event, purpose: str = "api") -> dict[str, Any]:
    user = request.user
    participants = None
    if event.is_training and selectors.may_read_participants(user, event):
        participants = [
            {
                "id": p.pk,
                "name": p.name,
                "sex": p.sex,
                "age_group": p.age_group,
                "organisation": p.organisation,
                "position": p.position,
                "contact": p.contact,
                "pre_score": p.pre_score,
                "post_score": p.post_score,
            }
            for p in selectors.event_participants(user=user, event=event, purpose=purpose)
        ]
    grid = selectors.event_grid(event)
    body = {
        **_event_row(event, grid.total),
        "partners": [{"id": p.pk, "name": p.name} for p in event.partners.all()],
        "partners_other": event.partners_other,
        "facilitators": event.facilitators,
        "summary": event.summary,
        "counts_from_register": event.counts_from_register,
        "counts": grid.as_dict(),
        "scores": selectors.event_scores(event).__dict__ if event.is_training else None,
        "participants": participants,
        "materials": [
            {"material": h.material.pk, "title": h.material.title, "quantity": h.quantity}
            for h in selectors.event_materials(event)
        ],
    }
    return out(OutreachEventDetail, request, body)


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "partners": [str(p) for p in data.get("partners", [])]}


class OutreachEventListApi(APIView):
    @extend_schema(
        operation_id="outreach_events_list",
        description="Your agency's events, newest first, 50 a page; an event counts in a period it overlaps.",
        parameters=[OutreachEventListQuery],
        responses=page_of("OutreachEventPage", OutreachEventOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "outreach.view_event_list")
        q = valid(OutreachEventListQuery, request.query_params)
        qs = selectors.event_list(
            user=request.user,
            kind=q["kind"],
            province=q["province"],
            date_from=q["date_from"],
            date_to=q["date_to"],
        ).select_related("agency")
        page = Paginator(qs, selectors.PAGE_SIZE).get_page(q["page"])
        page.object_list = cast(Any, [_event_row(e, e.participant_total) for e in page.object_list])  # type: ignore[attr-defined]
        return Response(page_body(OutreachEventOutput, request, page))

    @extend_schema(
        operation_id="outreach_events_create",
        description="Record an event of your agency, with its participant grid.",
        request=OutreachEventInput,
        responses={201: OutreachEventDetail},
    )
    def post(self, request: Request) -> Response:
        check(request, "outreach.add_event")
        data = valid(OutreachEventInput, request.data)
        event = services.event_create(actor=request.user, data=_event_data(data))
        event = selectors.access_event(user=request.user, event_id=event.pk)
        return Response(_event_detail(request, event, "created"), status=status.HTTP_201_CREATED)


class OutreachEventDetailApi(APIView):
    @extend_schema(
        operation_id="outreach_events_retrieve",
        description="An event with its grid, the scores of a training, the materials handed out and (for the "
        "agency's outreach officers and supervisors) the register of names.",
        responses=OutreachEventDetail,
    )
    def get(self, request: Request, event_id: str) -> Response:
        event = selectors.access_event(user=request.user, event_id=event_id)
        return Response(_event_detail(request, event))

    @extend_schema(
        operation_id="outreach_events_partial_update",
        description="Change an event: the fields sent replace the stored ones (`counts` replaces the grid).",
        request=OutreachEventInput(partial=True),
        responses=OutreachEventDetail,
    )
    def patch(self, request: Request, event_id: str) -> Response:
        event = selectors.access_event(user=request.user, event_id=event_id)
        check(request, "outreach.change_event", event)
        ser = OutreachEventInput(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        sent = {k: ser.validated_data[k] for k in ser.validated_data if k in (request.data or {})}
        services.event_update(actor=request.user, event=event, data=_event_data(sent) if "partners" in sent else sent)
        event = selectors.access_event(user=request.user, event_id=event.pk)
        return Response(_event_detail(request, event, "changed"))


class OutreachEventParticipantsApi(APIView):
    @extend_schema(
        operation_id="outreach_events_participants_create",
        description="Register a participant of a training by name (outreach officers and supervisors).",
        request=OutreachParticipantInput,
        responses={201: OutreachEventDetail},
    )
    def post(self, request: Request, event_id: str) -> Response:
        event = selectors.access_event(user=request.user, event_id=event_id)
        check(request, "outreach.change_participants", event)
        data = valid(OutreachParticipantInput, request.data)
        services.participant_add(actor=request.user, event=event, data=data)
        return Response(_event_detail(request, event, "added"), status=status.HTTP_201_CREATED)


class OutreachEventMaterialsApi(APIView):
    @extend_schema(
        operation_id="outreach_events_materials_create",
        description="Materials handed out at the event, taken out of the agency's stock in one transaction: "
        "when one line asks more than the stock holds, nothing is recorded (400).",
        request=OutreachHandOutInput,
        responses={201: OutreachEventDetail},
    )
    def post(self, request: Request, event_id: str) -> Response:
        event = selectors.access_event(user=request.user, event_id=event_id)
        check(request, "outreach.change_event", event)
        data = valid(OutreachHandOutInput, request.data)
        items = [{"material": str(line["material"]), "quantity": line["quantity"]} for line in data["items"]]
        services.event_materials_hand_out(actor=request.user, event=event, items=items)
        return Response(_event_detail(request, event, "materials"), status=status.HTTP_201_CREATED)


def _material_row(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "title_vi": m.title_vi,
        "title_en": m.title_en,
        "languages": list(m.languages or []),
        "description": m.description,
        "has_file": bool(m.file),
        "is_active": m.is_active,
        "stock": m.stock,
        "low_threshold": m.low_threshold,
        "is_low": m.is_low,
    }


class OutreachMaterialListApi(APIView):
    @extend_schema(
        operation_id="outreach_materials_list",
        description="The materials catalogue (shared by every agency) with your agency's stock of each.",
        parameters=[OutreachMaterialQuery],
        responses=all_of("OutreachMaterialList", OutreachMaterialOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "outreach.view_material_list")
        q = valid(OutreachMaterialQuery, request.query_params)
        rows = [
            _material_row(m)
            for m in selectors.material_list(user=request.user, kind=q["kind"], language=q["language"], q=q["q"])
        ]
        return Response(all_body(OutreachMaterialOutput, request, rows))


class OutreachMaterialMovementsApi(APIView):
    def _body(self, request: Request, material: Any) -> dict[str, Any]:
        stock = selectors.agency_stock(user=request.user, material=material)
        return out(
            OutreachMovementsOutput,
            request,
            {
                "material": material.pk,
                "stock": stock.quantity,
                "low_threshold": stock.low_threshold,
                "results": selectors.material_movements(user=request.user, material=material),
            },
        )

    @extend_schema(
        operation_id="outreach_materials_movements_list",
        description="Your agency's stock of a material and its latest 200 movements.",
        responses=OutreachMovementsOutput,
    )
    def get(self, request: Request, material_id: str) -> Response:
        material = selectors.access_material(user=request.user, material_id=material_id)
        return Response(self._body(request, material))

    @extend_schema(
        operation_id="outreach_materials_movements_create",
        description="Record a movement of your agency's stock: received, handed out (not at an event) or a "
        "signed correction. The stock never goes below zero (400).",
        request=OutreachMovementInput,
        responses={201: OutreachMovementOutput},
    )
    def post(self, request: Request, material_id: str) -> Response:
        material = selectors.access_material(user=request.user, material_id=material_id)
        check(request, "outreach.change_stock", material)
        data = valid(OutreachMovementInput, request.data)
        movement = services.stock_move(actor=request.user, material=material, **data)
        return Response(out(OutreachMovementOutput, request, movement), status=status.HTTP_201_CREATED)
