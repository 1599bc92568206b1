"""The licence list over the API (staff): the list in force and its search, and the check of one name.

The same selectors as the staff pages and the public portal. The list holds companies, not people.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import check, valid
from safepath.recruiters import selectors
from safepath.recruiters.serializers import (
    RecruiterCheckOutput,
    RecruiterCheckQuery,
    RecruiterEnterprisePageOutput,
    RecruiterEnterpriseQuery,
)

PAGE_SIZE = 50


def _row(row: selectors.EnterpriseRow, searched: bool) -> dict[str, Any]:
    e = row.enterprise
    return {
        **_match(e),
        "score": e.score if searched else None,
        "matched_on": e.matched_on if searched else None,
        "similar": row.similar,
    }


def _match(e: selectors.EnterpriseMatch) -> dict[str, Any]:
    return {
        "name": e.name,
        "short_name": e.short_name,
        "licence_number": e.licence_number,
        "licence_date": e.licence_date,
        "status": e.status,
        "status_label": e.status_label,
        "address": e.address,
        "phone": e.phone,
        "score": e.score,
        "matched_on": e.matched_on,
    }


class RecruiterEnterpriseListApi(APIView):
    @extend_schema(
        operation_id="recruiters_enterprises_list",
        description="The list of licensed labour-export enterprises in force, by name, or the enterprises a search "
        "names (best first, then near misses marked `similar`), with the date and source of the list. Pages of 50.",
        parameters=[RecruiterEnterpriseQuery],
        responses=RecruiterEnterprisePageOutput,
    )
    def get(self, request: Request) -> Response:
        check(request, "recruiters.view_enterprise")
        q = valid(RecruiterEnterpriseQuery, request.query_params)
        batch, page = selectors.enterprise_page(user=request.user, q=q["q"], status=q["status"], page=q["page"])
        searched = bool(q["q"].strip())
        body = {
            "data_date": batch.data_date if batch else None,
            "source": batch.source if batch else "",
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "results": [_row(r, searched) for r in page.object_list],
        }
        return Response(RecruiterEnterprisePageOutput(body).data)


class RecruiterCheckApi(APIView):
    @extend_schema(
        operation_id="recruiters_check",
        description="Is this company licensed? The enterprises of the list in force a name (or licence number) names, "
        "with the date and source of the list. `found` is false for a company not on the list: a similar name is "
        "never given as a match (near misses are in `similar`).",
        parameters=[RecruiterCheckQuery],
        responses=RecruiterCheckOutput,
    )
    def get(self, request: Request) -> Response:
        check(request, "recruiters.view_enterprise")
        q = valid(RecruiterCheckQuery, request.query_params)
        result = selectors.enterprise_check(q["name"], limit=q["limit"])
        body = {
            "query": result.query,
            "found": result.found,
            "data_date": result.data_date,
            "source": result.source,
            "matches": [_match(m) for m in result.matches],
            "similar": [_match(m) for m in result.similar],
        }
        return Response(RecruiterCheckOutput(body).data)
