"""The user's own notifications over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import page_body, page_of, valid
from safepath.notifications import selectors, services


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    params = serializers.DictField(child=serializers.CharField())
    target_url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationQuery(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(required=False, min_value=1, default=1)


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),  # a database id
        max_length=1000,
        required=False,
        allow_null=True,
        default=None,
    )


class NotificationListApi(APIView):
    @extend_schema(
        operation_id="notifications_list",
        description="Your notifications, newest first (referrals received, answered and overdue; stays near "
        "their limit; overdue follow-ups). They never hold personal data: open the record they point to.",
        parameters=[NotificationQuery],
        responses=page_of("NotificationPage", NotificationOutput),
    )
    def get(self, request: Request) -> Response:
        q = valid(NotificationQuery, request.query_params)
        page = selectors.notification_list(user=request.user, unread_only=q["unread"], page=q["page"])
        return Response(page_body(NotificationOutput, request, page))


class NotificationReadApi(APIView):
    @extend_schema(
        operation_id="notifications_mark_read",
        description="Mark your notifications as read: those listed in `ids`, or all of them.",
        request=MarkReadInput,
        responses=inline_serializer("MarkReadOutput", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        data = valid(MarkReadInput, request.data)
        return Response({"marked": services.mark_read(user=request.user, ids=data["ids"])})
