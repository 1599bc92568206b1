"""The portal's reference code on staff pages (the intake item page), without `cases` importing `portal`."""

from __future__ import annotations

from typing import Any

from django import template

from safepath.portal.reference import code_for

register = template.Library()


@register.filter
def help_code(item_id: Any) -> str:
    """The code the person was given when their help request from the portal was stored."""
    return code_for(item_id) if item_id else ""
