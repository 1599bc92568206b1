from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the staff UI needs: the navigation the user is allowed to see."""
    from safepath.core import policy

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": policy.navigation_for(user)}
