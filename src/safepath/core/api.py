from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, renderers, serializers
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django validation errors turned into a 400 instead of a 500."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class _AsciiJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, escaping instead of failing when a lone surrogate must be written.

    A client can send one as a JSON escape ("\\ud800"); the 400 that quotes it back ('"\\ud800" is
    not a valid choice.') cannot be encoded as UTF-8 and would become a 500.
    """

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)


# --- helpers the API views share ----------------------------------------------------------------
def check(request: Request, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise ApiPermissionDenied


def input_of(serializer_class: type[serializers.Serializer], data: Any) -> Any:
    ser = serializer_class(data=data)
    ser.is_valid(raise_exception=True)
    return ser


def valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    return dict(input_of(serializer_class, data).validated_data)


def merged(stored: dict[str, Any], data: Any) -> dict[str, Any]:
    """A partial update: the stored values with the sent ones on top."""
    if not isinstance(data, dict):
        raise ApiValidationError({"detail": "Send a JSON object."})
    return {**stored, **{k: data[k] for k in data}}


def out(serializer_class: type[serializers.Serializer], request: Request, obj: Any, **kwargs: Any) -> Any:
    return serializer_class(obj, context={"user": request.user}, **kwargs).data


def page_body(serializer_class: type[serializers.Serializer], request: Request, page: Any) -> dict[str, Any]:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "results": out(serializer_class, request, list(page.object_list), many=True),
    }


def all_body(serializer_class: type[serializers.Serializer], request: Request, rows: list[Any]) -> dict[str, Any]:
    """A whole, unpaged list (the shape `all_of` documents)."""
    return {"count": len(rows), "results": out(serializer_class, request, rows, many=True)}


def page_of(name: str, item: type[serializers.Serializer]) -> Any:
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "page": serializers.IntegerField(help_text="The page shown (the last one when you asked beyond it)"),
            "num_pages": serializers.IntegerField(),
            "results": item(many=True),
        },
    )


def all_of(name: str, item: type[serializers.Serializer]) -> Any:
    return inline_serializer(name, {"count": serializers.IntegerField(), "results": item(many=True)})


def reference(field: str, access: Any, **kwargs: Any) -> Any:
    """A record named in a request body, opened (and audited) through its selector: 400 when not found or not visible."""
    try:
        return access(**kwargs)
    except Http404 as exc:
        raise ApiValidationError({field: ["Not found, or not one you may see."]}) from exc
