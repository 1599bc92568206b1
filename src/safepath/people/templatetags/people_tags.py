from __future__ import annotations

from django import template

from safepath.core.dates import PartialDate
from safepath.core.normalize import format_phone_vn
from safepath.people.models import LANGUAGE_CHOICES

register = template.Library()
_LANG = dict(LANGUAGE_CHOICES)


@register.filter
def partial_date(value: str) -> str:
    pd = PartialDate.from_iso(value or "")
    return pd.display() if pd else ""


@register.filter
def phone_vn(value: str) -> str:
    return format_phone_vn(value) if value else ""


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(str(_LANG.get(c, c)) for c in codes or [])
