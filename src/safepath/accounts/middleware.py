from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# The public portal's pages are the same for everyone, signed in or not: never a two-factor detour.
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/api/", "/portal/vi/", "/portal/en/")


class RequireMfaMiddleware:
    """Send users whose role requires two-factor authentication to set up TOTP first.

    Which roles need it is the deployment's choice: SAFEPATH_MFA_REQUIRED_ROLES.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            from safepath.accounts.selectors import user_needs_mfa_setup

            if user_needs_mfa_setup(user=user, required_roles=settings.SAFEPATH_MFA_REQUIRED_ROLES):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
