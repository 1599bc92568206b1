from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator

from safepath.notifications.models import Notification


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user: Any, unread_only: bool = False, page: Any = 1) -> Page[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return Paginator(qs, 30).get_page(page)
