"""Checking input at the edge of a service: collect every problem, then raise one ValidationError.

Services take plain values (from a form, the API or an import) and call these helpers, which add a
message per field to an `Errors` collector instead of stopping at the first problem, so a form shows
everything that needs fixing at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from safepath.core.normalize import clean_paragraphs

MAX_TEXT = 20_000
MAX_SHORT = 300


class Errors:
    def __init__(self) -> None:
        self.items: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.items.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


def choice(errors: Errors, name: str, value: Any, choices: Iterable[str], *, required: bool = True) -> str:
    value = "" if value is None else str(value)
    if not value:
        if required:
            errors.add(name, _("This field is required."))
        return ""
    if value not in set(choices):
        errors.add(name, _("Choose one of the listed values."))
    return value


def choices(errors: Errors, name: str, values: Any, choices: Iterable[str]) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        errors.add(name, _("Give a list of values."))
        return []
    allowed = set(choices)
    out = sorted({str(v) for v in values if str(v)})
    if bad := [v for v in out if v not in allowed]:
        errors.add(name, _("Unknown value: %(values)s.") % {"values": ", ".join(bad[:5])})
    return out


def text(errors: Errors, name: str, value: Any, *, limit: int = MAX_TEXT, required: bool = False) -> str:
    text = clean_paragraphs(str(value)) if value else ""
    if "\x00" in text:
        errors.add(name, _("The text holds characters that cannot be stored."))
        return ""
    if required and not text:
        errors.add(name, _("This field is required."))
    if len(text) > limit:
        errors.add(name, _("At most %(limit)s characters.") % {"limit": f"{limit:,}".replace(",", ".")})
    return text


def date(errors: Errors, name: str, value: Any, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(name, _("This field is required."))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    errors.add(name, _("Enter a date as dd/mm/yyyy."))
    return None


def require(actor: Any, perm: str, obj: Any = None, message: str | None = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You may not do this."))
