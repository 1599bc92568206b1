from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from safepath.cases.choices import LegalStatus
from safepath.directory.choices import Language
from safepath.people.models import Sex

register = template.Library()


def _labels(codes: Any, choices: list[tuple[str, Any]]) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(c, c)) for c in (codes or []))


@register.filter
def language_names(codes: Any) -> str:
    return _labels(codes, Language.choices)


@register.filter
def sex_names(codes: Any) -> str:
    return _labels(codes, Sex.choices)


@register.filter
def status_names(codes: Any) -> str:
    return _labels(codes, LegalStatus.choices)


@register.filter
def field_errors(errors: Any, name: str) -> list[str]:
    """The messages a service gave for one field ('' when none): `{{ errors|field_errors:'name_vi' }}`."""
    return list((errors or {}).get(name, []))


@register.filter
def has(values: Any, code: Any) -> bool:
    """Whether a submitted or stored list holds a value (checkboxes keep their ticks after an error)."""
    return str(code) in {str(v) for v in (values or [])}


@register.simple_tag
def age_range(service: Any) -> str:
    low, high = service.min_age, service.max_age
    if low is None and high is None:
        return ""
    if high is None:
        return _("from %(low)s years") % {"low": low}
    if low is None:
        return _("up to %(high)s years") % {"high": high}
    return _("%(low)s to %(high)s years") % {"low": low, "high": high}


@register.simple_tag
def service_area(service: Any) -> str:
    if service.nationwide:
        return _("Nationwide")
    return ", ".join(p.name for p in service.provinces.all())


@register.inclusion_tag("directory/_field_errors.html")
def ferr(errors: Any, name: str) -> dict[str, Any]:
    """A field's error messages under it, with the id its input names in aria-describedby."""
    return {"messages": field_errors(errors, name), "name": name}
