"""Indicators over the API: their definitions, and their published figures for the requesting user.

The same selectors and policy as the pages: `selectors.user_filters` narrows the figures to the
agencies the user may count (403 for an agency outside them), and `selectors.figure` hides small
cells unless the user counts only their own agency. Hidden cells come back as ``null`` with
``"hidden": true``. A bad period, breakdown, agency or province is a 400 that says what is wrong;
a user without ``reports.view_aggregates`` gets 403.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import all_body, all_of, check, out, valid
from safepath.reports import indicators, selectors
from safepath.reports.compute import MONTH
from safepath.reports.exports import MAX_BREAKDOWN
from safepath.reports.indicators import Indicator
from safepath.reports.periods import Period
from safepath.reports.publish import Figure
from safepath.reports.serializers import ReportsFigureQuery, ReportsFiguresOutput, ReportsIndicatorOutput

PERM = "reports.view_aggregates"


def _text(text: Any) -> dict[str, str] | None:
    return {"vi": text.vi, "en": text.en} if text is not None else None


def _indicator_row(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": _text(indicator.name),
        "description": _text(indicator.description),
        "unit": indicator.unit,
        "programmes": list(indicator.programmes),
        "disaggregations": list(indicator.disaggregations),
        "targets": [
            {"programme": t.programme, "value": t.value, "verified": t.verified, "source": t.source}
            for t in indicator.targets
        ],
        "dhis2": indicator.dhis2,
        "hxl": indicator.hxl,
        "suppress": indicator.suppress,
    }


def _value(figure: Figure) -> dict[str, Any]:
    return {
        "value": None if figure.hidden else figure.value,
        "numerator": None if figure.hidden else figure.numerator,
        "denominator": None if figure.hidden else figure.denominator,
        "hidden": figure.hidden,
    }


def _breakdown(indicator: Indicator, text: str) -> tuple[str, ...]:
    dims = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if len(dims) > MAX_BREAKDOWN:
        raise ApiValidationError({"by": [f"At most {MAX_BREAKDOWN} dimensions."]})
    allowed = [*indicator.disaggregations, MONTH]
    for dim in dims:
        if dim not in allowed:
            raise ApiValidationError(
                {"by": [f"{indicator.code} cannot be broken down by {dim[:40]!r}; use one of: {', '.join(allowed)}."]}
            )
    return dims


def _agency(text: str) -> tuple[str, str]:
    """(id, code) of the agency named by its short code or its id; 400 when there is none."""
    if not text:
        return "", ""
    from safepath.accounts.models import Agency
    from safepath.core import policy

    found = Agency.objects.filter(code__iexact=text).values_list("id", "code").first()
    if found is None and policy.is_uuid(text):
        found = Agency.objects.filter(pk=text).values_list("id", "code").first()
    if found is None:
        raise ApiValidationError({"agency": ["No agency has this code."]})
    return str(found[0]), found[1]


def _province(field: str, code: str) -> str:
    if not code:
        return ""
    from safepath.places.models import LegacyProvince, Province

    model = LegacyProvince if field == "legacy_province" else Province
    if not model.objects.filter(pk=code).exists():
        raise ApiValidationError({field: ["No province has this code."]})
    return code


class ReportsIndicatorListApi(APIView):
    @extend_schema(
        operation_id="reports_indicators_list",
        description="Every indicator: code, names in Vietnamese and English, unit, programmes, the dimensions "
        "it may be broken down by, and its targets.",
        responses={
            200: all_of("ReportsIndicatorList", ReportsIndicatorOutput),
            403: OpenApiResponse(description="Not an analyst, supervisor or system administrator"),
        },
    )
    def get(self, request: Request) -> Response:
        check(request, PERM)
        rows = [_indicator_row(i) for i in indicators.load().indicators]
        return Response(all_body(ReportsIndicatorOutput, request, rows))


class ReportsIndicatorDetailApi(APIView):
    @extend_schema(
        operation_id="reports_indicators_retrieve",
        description="An indicator's published figures for a period, as you may see them: every agency you "
        "may count (or the one asked for), optionally broken down by one or two dimensions. Hidden cells "
        "(small numbers, or numbers that would let one be worked out) are null with `hidden: true`.",
        parameters=[ReportsFigureQuery],
        responses={
            200: ReportsFiguresOutput,
            400: OpenApiResponse(description="A bad period, breakdown, agency or province"),
            403: OpenApiResponse(description="Not allowed to see aggregates, or an agency outside your scope"),
            404: OpenApiResponse(description="No indicator has this code"),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        check(request, PERM)
        try:
            indicator = indicators.get(code)
        except KeyError:
            raise NotFound("No indicator has this code.") from None
        q = valid(ReportsFigureQuery, request.query_params)
        try:
            period = Period.parse(q["period"]) if q["period"] else Period.last_full_month(timezone.localdate())
        except ValueError as exc:
            raise ApiValidationError({"period": [str(exc)]}) from None
        if message := selectors.period_error(request.user, period):
            raise ApiValidationError({"period": [message]})
        by = _breakdown(indicator, q["by"])
        agency_id, agency_code = _agency(q["agency"].strip())
        province = _province("province", q["province"].strip())
        legacy = _province("legacy_province", q["legacy_province"].strip())
        filters = selectors.user_filters(request.user, agency=agency_id, province=province, legacy_province=legacy)
        try:
            published = selectors.figure(request.user, indicator.code, period=period, filters=filters, by=by)
        except ValueError as exc:
            raise ApiValidationError({"by": [str(exc)]}) from None
        labels = published.labels()
        categories = [published.result.categories.get(dim, []) for dim in by]
        cells = []
        for key in itertools.product(*categories) if by else ():
            cells.append(
                {
                    "key": dict(zip(by, key, strict=True)),
                    "labels": {dim: labels.get(dim, {}).get(c, c) for dim, c in zip(by, key, strict=True)},
                    **_value(published.cell(*key)),
                }
            )
        body = {
            "code": indicator.code,
            "name": _text(indicator.name),
            "unit": indicator.unit,
            "period": {
                "code": period.code,
                "kind": period.kind,
                "start": period.start,
                "end": period.end,
                "label": period.label,
            },
            "by": list(by),
            "filters": {"agency": agency_code, "province": province, "legacy_province": legacy},
            "suppressed": published.suppressed,
            "threshold": published.threshold,
            "multi": published.result.multi,
            "not_recorded": published.result.not_recorded,
            "total": _value(published.total),
            "cells": cells,
        }
        return Response(out(ReportsFiguresOutput, request, body))
