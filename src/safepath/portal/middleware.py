"""Belt and braces for "no cookie on the public portal": drops every cookie a response to a public
portal address would set, whichever middleware set it.

The public views already set none and detach the session (safepath.portal.public), but a middleware
that answers before the view runs (e.g. the two-factor set-up redirect for a logged-in member of staff)
leaves the session middleware free to renew its cookie. Put this class in settings.MIDDLEWARE before
(outside) SessionMiddleware:

    "safepath.portal.middleware.PublicPortalNoCookiesMiddleware",
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PUBLIC_PATH = re.compile(r"^/portal/(?!staff/)")


class PublicPortalNoCookiesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if PUBLIC_PATH.match(request.path_info) or request.path_info == "/portal":
            response.cookies.clear()
        return response
