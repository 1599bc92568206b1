"""Errors the case services raise for the views to turn into clear messages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class EditConflict(ValidationError):
    """The record changed since the user opened it. Holds both versions so nothing is lost."""

    def __init__(self, message: str, *, current: Any, attempted: dict[str, Any], changed_fields: list[str]) -> None:
        super().__init__(message, code="conflict")
        self.current = current
        self.attempted = attempted
        self.changed_fields = changed_fields
