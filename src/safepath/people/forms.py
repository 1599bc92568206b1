from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safepath.core.forms import SafeModelChoiceField, StyledForm
from safepath.core.normalize import format_phone_vn
from safepath.people.models import LANGUAGE_CHOICES, Sex
from safepath.people.services import PersonInput
from safepath.places.models import Ethnicity, LegacyProvince, Province, Ward

# The fields whose change re-runs the duplicate check (htmx, see people/form.html).
DUPLICATE_CHECK_FIELDS = ("family_name", "middle_name", "given_name", "aliases", "birth_date", "phone", "id_number")


class PersonForm(StyledForm):
    """Edge validation for the register/edit page; the service validates again."""

    family_name = forms.CharField(label=_("Family name"), max_length=100, help_text=_("e.g. Nguyễn, Giàng"))
    middle_name = forms.CharField(
        label=_("Middle name"), max_length=100, required=False, help_text=_("e.g. Thị, Văn, A")
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, help_text=_("e.g. Hương, Pao"))
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nicknames or names used abroad, one per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=20,
        help_text=_("Day/month/year (12/05/1990), or only the year (1990) if that is all that is known."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ethnicity = SafeModelChoiceField(label=_("Ethnic group"), queryset=Ethnicity.objects.all(), required=False)
    origin_province = SafeModelChoiceField(
        label=_("Province of origin"), queryset=Province.objects.all(), required=False
    )
    origin_ward = SafeModelChoiceField(
        label=_("Commune / ward of origin"), queryset=Ward.objects.none(), required=False
    )
    origin_legacy_province = SafeModelChoiceField(
        label=_("Former province (before 1 July 2025)"),
        queryset=LegacyProvince.objects.all(),
        required=False,
        help_text=_("If the person gives the old province name, choose it here as well."),
    )
    address = forms.CharField(
        label=_("Address (house, street, village)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("e.g. 0912 345 678, or +82 10 1234 5678 for a foreign number"),
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("ID number (CCCD)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12-digit citizen ID card, or an old 9-digit ID card or a passport number"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Shown with the duplicate check's list when it finds a likely match (people/_duplicates.html).
    not_a_duplicate = forms.BooleanField(label=_("I have checked: this is a different person"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = self.data.get("origin_province") if self.is_bound else self.initial.get("origin_province")
        if province and str(province).isdigit() and len(str(province)) <= 4:
            self.fields["origin_ward"].queryset = Ward.objects.filter(province_id=province)  # type: ignore[attr-defined]
        # Choosing a province reloads the commune list (htmx); without JavaScript, the form
        # is re-shown with the communes of the chosen province after submitting.
        self.fields["origin_province"].widget.attrs.update(
            {"hx-get": reverse("places:ward_options"), "hx-target": "#id_origin_ward", "hx-trigger": "change"}
        )
        # A change in these re-runs the duplicate check on the registration page.
        for name in DUPLICATE_CHECK_FIELDS:
            attrs = self.fields[name].widget.attrs
            attrs["class"] = (attrs.get("class", "") + " js-duplicate-check").strip()

    def clean_aliases(self) -> list[str]:
        text = self.cleaned_data.get("aliases") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def to_input(self) -> PersonInput:
        values = dict(self.cleaned_data)
        for name in PersonInput.CODE_FIELDS:
            values[name] = values[name].pk if values.get(name) else None
        values["sex"] = values.get("sex") or Sex.UNKNOWN
        return PersonInput.from_fields(values)


def duplicate_probe_input(data: Mapping[str, Any]) -> PersonInput:
    """What has been typed so far, unvalidated and cut to the form's lengths: the duplicate check
    runs while the form is still incomplete, so nothing here may refuse a value."""

    def text(name: str, limit: int) -> str:
        value = data.get(name, "")
        return value[:limit] if isinstance(value, str) else ""

    sex = text("sex", 10)
    return PersonInput(
        family_name=text("family_name", 100),
        middle_name=text("middle_name", 100),
        given_name=text("given_name", 100),
        aliases=[line.strip() for line in text("aliases", 500).splitlines() if line.strip()],
        sex=sex if sex in Sex.values else Sex.UNKNOWN,
        birth_date=text("birth_date", 20),
        phone=text("phone", 30),
        id_number=text("id_number", 30),
        origin_province_id=text("origin_province", 8) or None,
        origin_ward_id=text("origin_ward", 8) or None,
        origin_legacy_province_id=text("origin_legacy_province", 8) or None,
    )


def initial_from_input(data: PersonInput) -> dict[str, Any]:
    values = data.as_fields()
    values["aliases"] = "\n".join(data.aliases)
    values["phone"] = format_phone_vn(data.phone) if data.phone else ""  # as people write it
    return values


class SearchForm(StyledForm):
    q = forms.CharField(
        label=_("Name, phone or ID number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autocomplete": "off"}),
    )
