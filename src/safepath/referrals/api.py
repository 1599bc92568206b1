"""Referrals and transfers over the API: the same selectors, services, consent checks and audit as the web.

The receiving side gets the shared fields of a referral and nothing else of the case, exactly as on
the page and on the printed form.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.accounts.models import Agency
from safepath.cases.choices import Urgency
from safepath.cases.selectors import access_case_by_id
from safepath.core.api import check, out, page_body, page_of, valid
from safepath.directory.models import ServiceProvider
from safepath.plans.choices import ServiceType
from safepath.referrals import selectors, services, sharing
from safepath.referrals.choices import DeclineReason, ReferralOutcome, ReferralStatus


class SharedField(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class ReferralOutput(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    side = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    provider = serializers.SerializerMethodField()
    from_agency = serializers.CharField(source="from_agency.code")
    to_agency = serializers.SerializerMethodField()
    outside = serializers.BooleanField()
    sent_at = serializers.DateTimeField()
    answer_by = serializers.DateField()
    overdue = serializers.BooleanField(source="is_overdue")
    answered_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    booked_for = serializers.DateField(allow_null=True)
    delivered_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())
    shared = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["sender", "receiver"]))
    def get_side(self, obj: Any) -> str:
        return selectors.side_of(self.context["user"], obj)

    @extend_schema_field(serializers.UUIDField(allow_null=True, help_text="The sending case (sender side only)."))
    def get_case(self, obj: Any) -> str | None:
        return str(obj.case_id) if self.get_side(obj) == "sender" else None

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_provider(self, obj: Any) -> dict[str, str]:
        return {"id": str(obj.provider_id), "name": obj.provider.name}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_to_agency(self, obj: Any) -> str | None:
        return obj.to_agency.code if obj.to_agency_id else None

    @extend_schema_field(SharedField(many=True))
    def get_shared(self, obj: Any) -> list[dict[str, str]]:
        return selectors.shared_rows(obj)


class ReferralCreateInput(serializers.Serializer):
    provider = serializers.UUIDField()
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=sharing.CODES),
        required=False,
        help_text="The fields to share; the service type's defaults when left out.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, default=Urgency.NORMAL)
    answer_by = serializers.DateField(required=False, allow_null=True, default=None)
    planned_service = serializers.UUIDField(required=False, allow_null=True, default=None)


class AnswerInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BookInput(serializers.Serializer):
    booked_for = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeliverInput(serializers.Serializer):
    delivered_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ReferralOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReferralNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InboxQuery(serializers.Serializer):
    status = serializers.CharField(required=False, default="open", help_text="open, all, or a status code")
    page = serializers.IntegerField(required=False, min_value=1, default=1)


class TransferOutput(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField()
    from_agency = serializers.CharField(source="from_agency.code")
    to_agency = serializers.CharField(source="to_agency.code")
    sent_at = serializers.DateTimeField()
    answer_by = serializers.DateField()
    overdue = serializers.BooleanField(source="is_overdue")
    answered_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    case = serializers.SerializerMethodField()
    fields = serializers.ListField(child=serializers.CharField())
    shared = serializers.SerializerMethodField()

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_case(self, obj: Any) -> str | None:
        user = self.context["user"]
        return str(obj.case_id) if user.has_perm("cases.view_case", obj.case) else None

    @extend_schema_field(SharedField(many=True))
    def get_shared(self, obj: Any) -> list[dict[str, str]]:
        return selectors.shared_rows(obj) if obj.status == "pending" else []


class TransferCreateInput(serializers.Serializer):
    to_agency = serializers.UUIDField()
    fields = serializers.ListField(child=serializers.ChoiceField(choices=sharing.CODES), required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferAnswerInput(serializers.Serializer):
    accept = serializers.BooleanField()
    caseworker = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseReferralsApi(APIView):
    @extend_schema(
        operation_id="cases_referrals_list",
        description="The referrals sent from a case.",
        responses=ReferralOutput(many=True),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="referrals")
        rows = selectors.case_referrals(case=case)
        return Response(out(ReferralOutput, request, rows, many=True))

    @extend_schema(
        operation_id="cases_referrals_create",
        description="Refer the person to a provider from the directory. Refused with 400 (`consent`) and nothing "
        "shared when the person's consent to a referral to that recipient is not on record and in force.",
        request=ReferralCreateInput,
        responses={201: ReferralOutput},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="referral")
        check(request, "referrals.add_referral", case)
        data = valid(ReferralCreateInput, request.data)
        provider = ServiceProvider.objects.select_related("agency").filter(pk=data["provider"]).first()
        planned = None
        if data["planned_service"]:
            from safepath.plans.models import PlannedService

            planned = PlannedService.objects.select_related("goal__plan").filter(pk=data["planned_service"]).first()
        referral = services.referral_create(
            actor=request.user,
            case=case,
            provider=provider,
            service_type=data["service_type"],
            fields=data.get("fields") or sharing.defaults_for(data["service_type"]),
            note=data["note"],
            planned_service=planned,
            urgency=data["urgency"],
            answer_by=data["answer_by"],
        )
        return Response(out(ReferralOutput, request, referral), status=status.HTTP_201_CREATED)


class ReferralInboxApi(APIView):
    @extend_schema(
        operation_id="referrals_inbox",
        description="Referrals addressed to your agency, with the shared fields only.",
        parameters=[InboxQuery],
        responses=page_of("ReferralPage", ReferralOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "referrals.view_inbox")
        q = valid(InboxQuery, request.query_params)
        page = selectors.inbox(user=request.user, status=q["status"], page=q["page"])
        return Response(page_body(ReferralOutput, request, page))


class ReferralDetailApi(APIView):
    @extend_schema(operation_id="referrals_retrieve", responses=ReferralOutput)
    def get(self, request: Request, referral_id: str) -> Response:
        return Response(
            out(ReferralOutput, request, selectors.access_referral(user=request.user, referral_id=referral_id))
        )


def _step(request: Request, referral_id: str, input_class: type[serializers.Serializer], act: Any) -> Response:
    """Open the referral (404 for missing and forbidden alike), validate the input, take the step."""
    referral = selectors.access_referral(user=request.user, referral_id=referral_id, purpose="answer")
    data = valid(input_class, request.data)
    return Response(out(ReferralOutput, request, act(referral, data)))


class ReferralAnswerApi(APIView):
    @extend_schema(
        operation_id="referrals_answer",
        description="Accept or decline (with a reason). The receiving agency answers; for an organisation "
        "outside SafePath, the sender records its answer.",
        request=AnswerInput,
        responses=ReferralOutput,
    )
    def post(self, request: Request, referral_id: str) -> Response:
        return _step(
            request,
            referral_id,
            AnswerInput,
            lambda r, d: services.referral_answer(
                actor=request.user, referral=r, accept=d["accept"], reason=d["reason"], note=d["note"]
            ),
        )


class ReferralBookApi(APIView):
    @extend_schema(operation_id="referrals_book", request=BookInput, responses=ReferralOutput)
    def post(self, request: Request, referral_id: str) -> Response:
        return _step(
            request,
            referral_id,
            BookInput,
            lambda r, d: services.referral_book(
                actor=request.user, referral=r, booked_for=d["booked_for"], note=d["note"]
            ),
        )


class ReferralDeliverApi(APIView):
    @extend_schema(
        operation_id="referrals_deliver",
        description="Record the service delivered and its outcome.",
        request=DeliverInput,
        responses=ReferralOutput,
    )
    def post(self, request: Request, referral_id: str) -> Response:
        return _step(
            request,
            referral_id,
            DeliverInput,
            lambda r, d: services.referral_deliver(
                actor=request.user, referral=r, delivered_on=d["delivered_on"], outcome=d["outcome"], note=d["note"]
            ),
        )


class ReferralWithdrawApi(APIView):
    @extend_schema(
        operation_id="referrals_withdraw",
        description="The sender withdraws an open referral; the receiver no longer sees the shared fields.",
        request=ReferralNoteInput,
        responses=ReferralOutput,
    )
    def post(self, request: Request, referral_id: str) -> Response:
        return _step(
            request,
            referral_id,
            ReferralNoteInput,
            lambda r, d: services.referral_withdraw(actor=request.user, referral=r, note=d["note"]),
        )


class CaseTransfersApi(APIView):
    @extend_schema(
        operation_id="cases_transfers_create",
        description="Ask another agency to take over the case. Refused with 400 (`consent`) when the person's "
        "consent to a transfer to that agency is not on record and in force.",
        request=TransferCreateInput,
        responses={201: TransferOutput},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = access_case_by_id(user=request.user, case_id=case_id, purpose="transfer")
        check(request, "referrals.add_transfer", case)
        data = valid(TransferCreateInput, request.data)
        agency = Agency.objects.filter(pk=data["to_agency"]).first()
        transfer = services.transfer_start(
            actor=request.user, case=case, to_agency=agency, note=data["note"], fields=data.get("fields")
        )
        return Response(out(TransferOutput, request, transfer), status=status.HTTP_201_CREATED)


class TransferDetailApi(APIView):
    @extend_schema(operation_id="transfers_retrieve", responses=TransferOutput)
    def get(self, request: Request, transfer_id: str) -> Response:
        transfer = selectors.access_transfer(user=request.user, transfer_id=transfer_id)
        return Response(out(TransferOutput, request, transfer))


class TransferAnswerApi(APIView):
    @extend_schema(
        operation_id="transfers_answer",
        description="A supervisor of the receiving agency accepts (the case moves to the agency; they supervise "
        "it, with the caseworker given) or declines with a reason.",
        request=TransferAnswerInput,
        responses=TransferOutput,
    )
    def post(self, request: Request, transfer_id: str) -> Response:
        transfer = selectors.access_transfer(user=request.user, transfer_id=transfer_id)
        data = valid(TransferAnswerInput, request.data)
        transfer = services.transfer_answer(
            actor=request.user,
            transfer=transfer,
            accept=data["accept"],
            caseworker_id=data["caseworker"],
            reason=data["reason"],
            note=data["note"],
        )
        return Response(out(TransferOutput, request, transfer))
