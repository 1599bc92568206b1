"""Survivors' feedback over the API: give an answer (on a link's code, or from a case), read the summary.

An answer on a code needs no login (the code is the permission, and works once); an answer from a
case needs a logged-in worker who may work the case. The summary is de-identified (small cells
suppressed) and never holds comments.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from safepath.core.api import check, out, valid
from safepath.feedback import selectors, services
from safepath.feedback.models import RATINGS
from safepath.feedback.serializers import FeedbackCreated, FeedbackInput, SummaryOutput, SummaryQuery


class FeedbackThrottle(AnonRateThrottle):
    """Codes are 50 random bits; still, nobody unauthenticated tries more than a few a minute."""

    rate = "20/min"


class FeedbackApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [FeedbackThrottle]

    @extend_schema(
        operation_id="feedback_create",
        description="Give feedback. With `token` (a link's code; no login): always anonymous, about the link's "
        "provider and service; the code then stops working (404 for a wrong, used or expired code). With `case` "
        "(logged in, a case you may work): given with a worker, anonymous unless `anonymous` is false. At least "
        "one rating (1-5) or a comment.",
        request=FeedbackInput,
        responses={201: FeedbackCreated},
    )
    def post(self, request: Request) -> Response:
        data = valid(FeedbackInput, request.data)
        ratings = {key: data[key] for key in RATINGS}
        if bool(data["token"]) == bool(data["case"]):
            raise ApiValidationError({"token": ["Send either a link's code (token) or a case."]})
        if data["token"]:
            try:
                feedback = services.feedback_submit_by_link(
                    code=data["token"], ratings=ratings, comment=data["comment"]
                )
            except PermissionDenied as exc:
                raise Http404 from exc
        else:
            if not (request.user and request.user.is_authenticated):
                raise NotAuthenticated
            try:
                case = services.check_case_for_feedback(user=request.user, case_id=data["case"])
            except PermissionDenied as exc:
                raise ApiPermissionDenied from exc
            feedback = services.feedback_record(
                actor=request.user,
                case=case,
                provider_id=data["provider"],
                service_type=data["service_type"],
                filled_by=data["filled_by"],
                anonymous=data["anonymous"],
                ratings=ratings,
                comment=data["comment"],
            )
        return Response(out(FeedbackCreated, request, feedback), status=status.HTTP_201_CREATED)


class FeedbackSummaryApi(APIView):
    @extend_schema(
        operation_id="feedback_summary",
        description="Responses and mean ratings per provider and per service type, for a period and an agency. "
        "Rows with fewer than 5 responses are suppressed (count and means null), and so is a rating fewer than 5 "
        "people answered. Never holds comments.",
        parameters=[SummaryQuery],
        responses=SummaryOutput,
    )
    def get(self, request: Request) -> Response:
        check(request, "feedback.view_summary")
        q = valid(SummaryQuery, request.query_params)
        summary = selectors.feedback_summary(
            user=request.user, date_from=q["date_from"], date_to=q["date_to"], agency_id=q["agency"]
        )
        return Response(out(SummaryOutput, request, summary))
