"""The service directory over the API: search, read, and (for the keepers) add and change entries.

The same selectors, services and policy as the web pages: every active staff member searches and
reads; system administrators keep every entry, agency administrators their own agency's entry and
the outside organisations their agency keeps (403 otherwise). Unknown or invalid ids answer 404.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepath.core.api import check, out, page_body, page_of, valid
from safepath.directory import selectors, services
from safepath.directory.serializers import ProviderInput, ProviderOutput, ProviderPatchInput, ProviderQuery

PAGE_SIZE = 25
PROVIDER_KEYS = set(services.PROVIDER_FIELDS)


def _split(data: dict) -> tuple[dict, list[dict] | None]:  # type: ignore[type-arg]
    raw = data.pop("services", None)
    provider = {k: ("" if v is None else v) for k, v in data.items() if k in PROVIDER_KEYS}
    return provider, ([dict(s) for s in raw] if raw is not None else None)


def _fresh(request: Request, provider_id: object) -> ProviderOutput:
    return out(ProviderOutput, request, selectors.access_provider(user=request.user, provider_id=provider_id))


class ProviderListApi(APIView):
    @extend_schema(
        operation_id="directory_providers_list",
        description="Search the service directory by need (service type), province, the person's sex, age, legal "
        "status and language, and words (accents optional). With a province, providers serving it come first, "
        "then those working nationwide. Pages of 25.",
        parameters=[ProviderQuery],
        responses=page_of("ProviderPage", ProviderOutput),
    )
    def get(self, request: Request) -> Response:
        check(request, "directory.view_provider")
        q = valid(ProviderQuery, request.query_params)
        found = selectors.provider_search(
            user=request.user,
            service_type=q.get("service_type") or "",
            province_id=q.get("province") or None,
            sex=q.get("sex") or "",
            age=q.get("age"),
            legal_status=q.get("legal_status") or "",
            language=q.get("language") or "",
            q=q.get("q") or "",
            include_outside=q["include_outside"],
        )
        page = Paginator(found, PAGE_SIZE).get_page(q["page"])
        return Response(page_body(ProviderOutput, request, page))

    @extend_schema(
        operation_id="directory_providers_create",
        description="Add an entry with its services. An agency administrator adds an outside organisation their "
        "agency keeps (or their own agency's entry); a system administrator any.",
        request=ProviderInput,
        responses={201: ProviderOutput},
    )
    def post(self, request: Request) -> Response:
        check(request, "directory.add_provider")
        data, offered = _split(valid(ProviderInput, request.data))
        provider = services.provider_create(actor=request.user, data=data, services=offered or [])
        return Response(_fresh(request, provider.pk), status=status.HTTP_201_CREATED)


class ProviderDetailApi(APIView):
    @extend_schema(operation_id="directory_providers_retrieve", responses=ProviderOutput)
    def get(self, request: Request, provider_id: str) -> Response:
        return Response(_fresh(request, provider_id))

    @extend_schema(
        operation_id="directory_providers_partial_update",
        description="Change the fields sent; `services`, when sent, replaces all the entry's services.",
        request=ProviderPatchInput,
        responses=ProviderOutput,
    )
    def patch(self, request: Request, provider_id: str) -> Response:
        provider = selectors.access_provider(user=request.user, provider_id=provider_id)
        check(request, "directory.change_provider", provider)
        data, offered = _split(valid(ProviderPatchInput, request.data))
        services.provider_update(actor=request.user, provider=provider, data=data, services=offered)
        return Response(_fresh(request, provider.pk))
