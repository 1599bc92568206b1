from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the staff UI needs: the navigation the user is allowed to see."""
    from safepath.core import policy

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    from safepath.notifications.selectors import unread_count

    return {"nav": policy.navigation_for(user), "unread_notifications": unread_count(user=user)}
