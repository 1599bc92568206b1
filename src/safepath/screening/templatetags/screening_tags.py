from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def describe(condition: Any, instrument: Any) -> str:
    """A skip condition in words, for the paper form."""
    return str(condition.describe(instrument))


@register.filter
def qnumber(instrument: Any, code: str) -> str:
    return str(instrument.number(code))


@register.inclusion_tag("screening/_case_panel.html", takes_context=True)
def assessment_panel(context: Any, case: Any) -> dict[str, Any]:
    """The case page's list of assessments (the case is already opened and audited by the page)."""
    from safepath.screening import explain
    from safepath.screening.selectors import case_assessments

    user = context["request"].user
    rows = [
        {"a": a, "outcome": explain.outcome_label(a.outcome) if a.outcome else ""}
        for a in case_assessments(user=user, case=case)
    ]
    return {
        "case": case,
        "rows": rows,
        "can_read": user.has_perm("screening.view_case_assessments", case),
        "can_add": user.has_perm("screening.add_assessment", case),
    }
