from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safepath.core.context import RequestContext, reset_context, set_context


class RequestContextMiddleware:
    """Give every request an id, and record its client address and channel for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        ctx = RequestContext(
            ip=request.META.get("REMOTE_ADDR"),
            channel=channel,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        )
        request.request_id = ctx.request_id  # type: ignore[attr-defined]
        token = set_context(ctx)
        try:
            response = self.get_response(request)
        finally:
            reset_context(token)
        response["X-Request-ID"] = ctx.request_id
        return response
