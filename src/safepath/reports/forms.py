"""The dashboard's filters: a GET form, so a filtered dashboard is a link to bookmark or send.

Period: a kind (month, quarter, year) and a text `Period.parse` reads ("10/2026", "Q4/2026", "2026",
or days "01/10/2026-15/10/2026"); empty, the last full month. A kind different from the text's turns
it into the month, quarter or year holding the text's start ("10/2026" as a quarter: Q4/2026).
Agency: only offered to staff who count several agencies; anyone may still name their own. Province:
a current (34) or a former (63) province, not both. Bad input is a form error, never an exception.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import Agency
from safepath.places.models import LegacyProvince, Province
from safepath.reports import dashboards
from safepath.reports.periods import Period

KIND_CHOICES = [("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))]


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class _Choice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice from a list; anything else (not a code, not a UUID) is the same clear error."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class _PlaceChoice(_Choice):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name_en if _english() else obj.name)


class _AgencyChoice(_Choice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.name_en if _english() else obj.name_vi}"


class DashboardFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period type"),
        choices=KIND_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose a month, a quarter or a year.")},
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=40,
        help_text=_("A month (10/2026), a quarter (Q4/2026) or a year (2026). Empty: the last full month."),
    )
    agency = _AgencyChoice(
        label=_("Agency"),
        queryset=Agency.objects.order_by("code"),
        required=False,
        empty_label=_("All agencies"),
        error_messages={"invalid_choice": _("Choose an agency from the list.")},
    )
    province = _PlaceChoice(
        label=_("Province (since July 2025)"),
        queryset=Province.objects.order_by("sort_key"),
        required=False,
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("Choose a province from the list.")},
    )
    former = _PlaceChoice(
        label=_("Former province (before July 2025)"),
        queryset=LegacyProvince.objects.order_by("sort_key"),
        required=False,
        empty_label=_("All former provinces"),
        error_messages={"invalid_choice": _("Choose a former province from the list.")},
    )
    map = forms.ChoiceField(
        label=_("Colour the map by"),
        required=False,
        error_messages={"invalid_choice": _("Choose an indicator from the list.")},
    )

    def __init__(self, data: Any = None, *, today: dt.date, show_agency: bool, exact: bool = False) -> None:
        super().__init__(data)
        self.today = today
        self.show_agency = show_agency
        self.exact = exact  # the user sees exact figures: any span of days will do
        cast(forms.ChoiceField, self.fields["map"]).choices = dashboards.tile_choices()
        self.period_value: Period | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors.get("period") or self.errors.get("kind"):
            return data
        kind = data.get("kind") or ""
        text = (data.get("period") or "").strip()
        try:
            if not text:
                period = Period.of_kind(kind or "month", dashboards.default_period(self.today).start)
            else:
                period = Period.parse(text)
                if kind and period.kind in dashboards.PERIOD_KINDS and period.kind != kind:
                    period = Period.of_kind(kind, period.start)
            if not self.exact:
                period.check_releasable()
        except ValueError as exc:
            self.add_error("period", str(exc))
            return data
        self.period_value = period
        if data.get("province") and data.get("former"):
            self.add_error(
                "former",
                _("Choose a province or a former province, not both: a former province lies within a new one."),
            )
        return data

    def query(self) -> dashboards.Query:
        """The checked filters (call after is_valid())."""
        assert self.period_value is not None
        data = self.cleaned_data
        return dashboards.Query(
            period=self.period_value,
            agency=str(data["agency"].pk) if data.get("agency") else "",
            province=data["province"].code if data.get("province") else "",
            legacy_province=data["former"].code if data.get("former") else "",
            tile_indicator=data.get("map") or "",
        )
