from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def service_errors(exc: ValidationError, *, general: str = NON_FIELD_ERRORS) -> dict[str, list[str]]:
    """A service's validation errors by field, for pages without a Django form; those about no field
    under `general` ("__all__" by default; templates that cannot read "__all__" pass another key)."""
    found = dict(exc.message_dict) if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: list(exc.messages)}
    if general != NON_FIELD_ERRORS and NON_FIELD_ERRORS in found:
        found[general] = found.pop(NON_FIELD_ERRORS)
    return found


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's validation errors on the form fields they name (others at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = field.removesuffix("_id")
            target = name if name in form.fields else NON_FIELD_ERRORS
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and the invalid state on fields with errors."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field, error) -> None:  # type: ignore[no-untyped-def]
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()


class SafeModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses values no key can have (NUL bytes, overlong strings) before
    they reach the database, where PostgreSQL would raise instead of answering "no such row"."""

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and ("\x00" in value or len(value) > 64):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a form page. Reached after a POST, the form was refused: answer 400 (what was typed
    is still in the form), so a refused submission is never mistaken for a saved one."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)
