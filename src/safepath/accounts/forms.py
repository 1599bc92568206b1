from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import Agency, User
from safepath.accounts.roles import AgencyType
from safepath.accounts.services import UserInput
from safepath.core import policy
from safepath.core.forms import SafeModelChoiceField, StyledForm
from safepath.places.models import Province


class UserForm(StyledForm):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use only letters, digits and . @ + - _ (no spaces).")},
    )
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family and middle name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    agency = SafeModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False, initial=True)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        help_text=_("At least 10 characters; not only digits; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), required=False
    )

    def __init__(self, *args: Any, actor: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["agency"].queryset = Agency.objects.filter(policy.assignable_agency_ids(actor))  # type: ignore[attr-defined]
        self.fields["roles"].choices = [(r.value, r.label) for r in policy.assignable_roles(actor)]  # type: ignore[attr-defined]
        if editing:
            self.fields["username"].disabled = True
            self.fields["username"].required = False
            del self.fields["password1"]
            del self.fields["password2"]
        else:
            self.fields["password1"].required = True
            self.fields["password2"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.editing and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data

    def to_input(self, *, username: str | None = None) -> UserInput:
        d = self.cleaned_data
        return UserInput(
            username=username or d["username"],
            first_name=d.get("first_name", ""),
            last_name=d.get("last_name", ""),
            email=d.get("email", ""),
            agency_id=d["agency"].pk,
            roles=list(d.get("roles") or []),
            is_active=bool(d.get("is_active")),
        )


class PasswordForm(StyledForm):
    password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class AgencyForm(StyledForm):
    code = forms.RegexField(
        label=_("Short code"),
        max_length=20,
        regex=r"^[A-Za-z0-9-]+$",
        help_text=_("Letters, digits and hyphens, e.g. HN-MRC. Used in case numbers; it cannot be changed later."),
        error_messages={"invalid": _("Use only letters, digits and hyphens.")},
    )
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=AgencyType.choices)
    province = SafeModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    intake_email = forms.EmailField(
        label=_("Intake e-mail address"),
        required=False,
        help_text=_("Mail sent to this address lands in the agency's intake queue (see `safepath smtpd`)."),
    )
    closure_needs_approval = forms.BooleanField(
        label=_("Closing a case needs a supervisor's approval"), required=False, initial=True
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
