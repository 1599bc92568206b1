from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.audit.models import Action, ObjectType
from safepath.core.forms import StyledForm

OBJECT_TYPES = [("", _("any")), *ObjectType.choices]


class EventFilterForm(StyledForm):
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("any")), *Action.choices])
    object_type = forms.ChoiceField(label=_("Record type"), required=False, choices=OBJECT_TYPES)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
