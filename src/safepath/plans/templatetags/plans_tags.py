from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("plans/_case_panel.html", takes_context=True)
def plan_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's care plans and the person's entitlements (the page has opened the case)."""
    from safepath.plans.entitlements import entitlements_for
    from safepath.plans.selectors import case_plans

    user = context["request"].user
    return {
        "case": case,
        "plans": case_plans(user=user, case=case),
        "rights": entitlements_for(case.legal_status, timezone.localdate()),
        "can_add": user.has_perm("plans.add_plan", case),
    }
