from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("reintegration/_case_panel.html", takes_context=True)
def reintegration_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's reintegration plans: status, next visit, latest scores (the page has opened the case)."""
    from safepath.reintegration import selectors

    user = context["request"].user
    plans = selectors.case_plans(user=user, case=case)
    today = timezone.localdate()
    rows = []
    for plan in plans:
        visits = list(plan.visits.all())
        done = [x for x in visits if x.done_on is not None]
        pending = [x for x in visits if x.done_on is None]
        rows.append(
            {
                "plan": plan,
                "next": pending[0] if pending and plan.status == "active" else None,
                "overdue": bool(pending) and plan.status == "active" and pending[0].due_on < today,
                "latest": max(done, key=lambda x: (x.done_on, x.month_offset)) if done else None,
                "done": len(done),
                "total": len(visits),
            }
        )
    series = [p for plan in plans for p in selectors.plan_series(plan)]
    return {
        "case": case,
        "rows": rows,
        "sets": selectors.series_sets(series) if series else [],
        "can_add": user.has_perm("reintegration.add_plan", case) and selectors.open_plan(plans) is None,
    }


@register.inclusion_tag("reintegration/_trend.html")
def trend_chart(series: list[dict[str, Any]]) -> dict[str, Any]:
    """A line chart of the four scores over the visits (Chart.js, when scripts run) and the same numbers as a table."""
    keys = ("economic", "social", "psychosocial", "composite")
    rows = [{**p, "day": dt.date.fromisoformat(p["done_on"]) if p["done_on"] else None} for p in series]
    return {
        "series": rows,
        "chart": {
            "labels": [r["day"].strftime("%d/%m/%Y") if r["day"] else "" for r in rows],
            "series": {k: [p[k] for p in series] for k in keys},
        },
    }


@register.filter
def score_class(value: Any) -> str:
    """A colour for a 0..1 score: low, middle or high third."""
    if value is None:
        return "text-body-secondary"
    return "text-danger" if value < 1 / 3 else "text-warning-emphasis" if value < 2 / 3 else "text-success"
