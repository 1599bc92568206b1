from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safepath.core.context import RequestContext, reset_context, set_context


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind N trusted reverse proxies (SAFEPATH_TRUSTED_PROXIES=N), the
    N-th address from the right of X-Forwarded-For; otherwise REMOTE_ADDR. Addresses further left
    are written by the client and cannot be trusted."""
    from django.conf import settings

    proxies = settings.SAFEPATH_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Give every request an id, and record its client address and channel for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        ctx = RequestContext(
            ip=client_ip(request),
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


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose otherwise (the language cookie set by the switch).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: many
    staff phones and computers are set to English, and SafePath is Vietnamese first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        supported = {code for code, _ in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
