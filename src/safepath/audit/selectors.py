from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from safepath.audit.models import AccessEvent
from safepath.core import policy


@dataclass(frozen=True)
class EventFilter:
    username: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    agency_id: Any = None
    date_from: date | None = None
    date_to: date | None = None


def access_event_list_visible_to(*, user: Any, filters: EventFilter | None = None) -> QuerySet[AccessEvent]:
    """The access-log entries the user may browse (their agency's, or all for a system admin)."""
    qs = AccessEvent.objects.filter(policy.audit_scope(user)).select_related("agency")
    f = filters or EventFilter()
    if f.username:
        qs = qs.filter(actor_username__iexact=f.username.strip())
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(touched__object_id=f.object_id.strip()).distinct()
    if f.agency_id:
        qs = qs.filter(agency_id=f.agency_id)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(occurred_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(occurred_at__lte=datetime.combine(f.date_to, time.max, tzinfo=tz))
    return qs.order_by("-seq")
