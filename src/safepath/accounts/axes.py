from __future__ import annotations

from typing import Any


def axes_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """The user name of a log-in attempt, however it arrives (allauth form field or API/auth call).

    django-axes must see the same name on the failed attempts and on the next try, or the
    lockout never matches.
    """
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("login")
    if not name and request is not None and getattr(request, "method", "") == "POST":
        name = request.POST.get("login") or request.POST.get("username")
    return str(name).strip().lower() if name else None
