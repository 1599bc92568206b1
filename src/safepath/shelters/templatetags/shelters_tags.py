from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("shelters/_case_panel.html", takes_context=True)
def shelters_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's shelter stays: the current one (facility, bed, day X of the maximum, planned
    discharge), the admit button when allowed, and the past stays (the page has opened the case)."""
    from safepath.shelters.choices import BedState
    from safepath.shelters.selectors import admission_facilities, case_stays, stay_state

    user = context["request"].user
    today = timezone.localdate()
    stays = case_stays(case=case)
    current = next((s for s in stays if s.is_open), None)
    state = stay_state(current, today) if current else ""
    return {
        "case": case,
        "current": current,
        "past": [s for s in stays if not s.is_open],
        "today": today,
        "day_number": current.day_number(today) if current else None,
        "days_left": current.days_left(today) if current else None,
        "days_over": max(-current.days_left(today), 0) if current else 0,
        "state": state,
        "state_label": str(BedState(state).label) if state else "",
        "can_open": {s.pk for s in stays if user.has_perm("shelters.view_stay", s)},
        "can_admit": current is None and bool(admission_facilities(user=user, case=case)),
    }
