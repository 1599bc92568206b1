from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("feedback/_case_panel.html", takes_context=True)
def feedback_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's survivors' voice: fill in with the person, or make a link for their phone (the page
    has opened the case). Only answers the person signed are counted: anonymous ones belong to no case."""
    from safepath.feedback.selectors import case_feedback_count

    user = context["request"].user
    return {
        "case": case,
        "can_add": user.has_perm("feedback.add_feedback", case),
        "named_count": case_feedback_count(case=case),
    }


@register.filter
def rating(cell: Any, key: str) -> Any:
    """A cell's mean for one rating (None when hidden)."""
    return cell.means.get(key)
