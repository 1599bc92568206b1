from __future__ import annotations

from typing import Any

from django import template

from safepath.cases import choices

register = template.Library()

_LISTS: dict[str, Any] = {
    "exploitation": choices.ExploitationType,
    "control": choices.MeansOfControl,
    "recruitment": choices.RecruitmentMethod,
    "apps": choices.RecruitmentApp,
    "topics": choices.Topic,
}
_STATUS = {
    "new": "text-bg-info",
    "screening": "text-bg-primary",
    "assessment": "text-bg-primary",
    "planning": "text-bg-primary",
    "active": "text-bg-success",
    "follow_up": "text-bg-warning",
    "closed": "text-bg-secondary",
}
_RISK = {
    "low": "text-bg-light border",
    "medium": "text-bg-warning",
    "high": "text-bg-danger",
    "critical": "text-bg-dark",
}


@register.filter
def labels(values: list[str] | None, code_list: str) -> str:
    """The display labels of a list of codes: {{ case.exploitation_types|labels:"exploitation" }}."""
    enum = _LISTS[code_list]
    out = []
    for v in values or []:
        out.append(str(enum(v).label) if v in enum.values else v)
    return ", ".join(out)


@register.filter
def status_class(status: str) -> str:
    return _STATUS.get(status, "text-bg-light")


@register.filter
def risk_class(level: str) -> str:
    return _RISK.get(level, "text-bg-light")


@register.filter
def step_state(step: str, current: str) -> str:
    from safepath.cases.workflow import ORDER

    if current not in ORDER or step not in ORDER:
        return "todo"
    i, j = ORDER.index(step), ORDER.index(current)
    return "done" if i < j else "current" if i == j else "todo"


@register.inclusion_tag("cases/_person_cases.html", takes_context=True)
def person_case_panel(context: Any, person: Any) -> dict[str, Any]:
    """The cases of a person the user may open, for the person's page (whose view is already audited)."""
    from safepath.cases.selectors import person_cases

    user = context["request"].user
    return {
        "person": person,
        "cases": person_cases(user=user, person=person) if user.has_perm("cases.view_case_list") else [],
        "can_open": user.has_perm("cases.add_case"),
        "can_consult": user.has_perm("cases.add_consultation"),
        "show": user.has_perm("cases.view_case_list"),
    }
