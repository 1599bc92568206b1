"""Edge validation for the case pages. The services validate again; these give the user field errors early."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepath.accounts.models import Agency
from safepath.cases.choices import (
    AgeBand,
    AttachmentKind,
    CaseStatus,
    CaseType,
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    ConsultationChannel,
    ConsultationOutcome,
    ExploitationType,
    IntakeChannel,
    IntakeCloseReason,
    IntakeStatus,
    LegalStatus,
    MeansOfControl,
    MigrationStage,
    RecruiterContactKind,
    RecruiterRelationship,
    RecruitmentApp,
    RecruitmentMethod,
    RiskLevel,
    TaskKind,
    Topic,
    Urgency,
)
from safepath.cases.services import CaseInput, ConsentInput, ConsultationInput, IntakeInput
from safepath.core.forms import SafeModelChoiceField, StyledForm
from safepath.people.models import Sex
from safepath.places.models import Country, LegacyProvince, Province

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_HELP = _("dd/mm/yyyy, e.g. 05/09/2026")


def _date_field(label: Any, *, required: bool = False, help_text: Any = DATE_HELP) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "dd/mm/yyyy"}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def _blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _country_field(label: Any, required: bool = False) -> SafeModelChoiceField:
    return SafeModelChoiceField(
        label=label, queryset=Country.objects.order_by("-is_common_destination", "sort_key"), required=required
    )


def _multi(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def _pk(obj: Any) -> Any:
    return obj.pk if obj is not None else None


# --- intake -------------------------------------------------------------------------------------------
class IntakeLogForm(StyledForm):
    channel = forms.ChoiceField(
        label=_("How did it reach you?"),
        choices=[c for c in IntakeChannel.choices if c[0] not in (IntakeChannel.EMAIL, IntakeChannel.WEB)],
        initial=IntakeChannel.PHONE,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    body = forms.CharField(
        label=_("What happened / what was asked"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(label=_("Name given"), max_length=300, required=False)
    contact_phone = forms.CharField(
        label=_("Phone to call back"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    contact_email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    consent_to_contact = forms.BooleanField(label=_("The person agrees to be contacted"), required=False)
    province = SafeModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)
    destination_country = _country_field(_("Destination country"))
    referred_by = forms.CharField(
        label=_("Referred or handed over by"),
        max_length=200,
        required=False,
        help_text=_("For referrals and border-guard handovers: the organisation or post."),
    )

    def to_input(self) -> IntakeInput:
        d = self.cleaned_data
        return IntakeInput(
            channel=d["channel"],
            urgency=d["urgency"],
            body=d["body"],
            contact_name=d.get("contact_name", ""),
            contact_phone=d.get("contact_phone", ""),
            contact_email=d.get("contact_email", ""),
            consent_to_contact=bool(d.get("consent_to_contact")),
            province_id=_pk(d.get("province")),
            destination_country_id=_pk(d.get("destination_country")),
            referred_by=d.get("referred_by", ""),
        )


class IntakeCloseForm(StyledForm):
    reason = forms.ChoiceField(label=_("Why is no follow-up needed?"), choices=IntakeCloseReason.choices)


class IntakeFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("open", _("Waiting")), *IntakeStatus.choices, ("all", _("All"))]
    )
    channel = forms.ChoiceField(required=False, choices=_blank(IntakeChannel.choices, _("All channels")))


# --- consultations -------------------------------------------------------------------------------------
class ConsultationForm(StyledForm):
    held_on = _date_field(_("Date"), required=True)
    channel = forms.ChoiceField(label=_("Channel"), choices=ConsultationChannel.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=1440,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    migration_stage = forms.ChoiceField(label=_("Migration stage"), choices=_blank(MigrationStage.choices))
    destination_country = _country_field(_("Destination country"))
    topics = _multi(_("Topics"), Topic.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_blank(ConsultationOutcome.choices))
    follow_up_on = _date_field(_("Follow up on"))
    summary = forms.CharField(
        label=_("Notes of the session"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN, required=False)
    province = SafeModelChoiceField(label=_("Home province"), queryset=Province.objects.all(), required=False)

    def __init__(self, *args: Any, anonymous: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        if not anonymous:  # sex and age come from the person record
            del self.fields["sex"]
            del self.fields["age_band"]

    def clean_topics(self) -> list[str]:
        topics = self.cleaned_data.get("topics") or []
        if not topics:
            raise forms.ValidationError(_("Choose at least one topic."))
        return list(topics)

    def to_input(self) -> ConsultationInput:
        d = self.cleaned_data
        return ConsultationInput(
            held_on=d["held_on"],
            channel=d["channel"],
            duration_minutes=d.get("duration_minutes"),
            migration_stage=d["migration_stage"],
            destination_country_id=_pk(d.get("destination_country")),
            topics=d["topics"],
            outcome=d["outcome"],
            follow_up_on=d.get("follow_up_on"),
            sex=d.get("sex") or "unknown",
            age_band=d.get("age_band") or AgeBand.UNKNOWN,
            province_id=_pk(d.get("province")),
            summary=d.get("summary", ""),
        )


class ConsultationFilterForm(forms.Form):
    held_from = _date_field(_("From"))
    held_to = _date_field(_("To"))
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_blank(ConsultationChannel.choices, _("All"))
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=_blank(Topic.choices, _("All")))
    mine = forms.BooleanField(label=_("Only mine"), required=False)


# --- cases ---------------------------------------------------------------------------------------------
class CaseForm(StyledForm):
    case_type = forms.ChoiceField(label=_("Case type"), choices=_blank(CaseType.choices))
    channel = forms.ChoiceField(label=_("How it reached us"), choices=IntakeChannel.choices)
    migration_stage = forms.ChoiceField(label=_("Migration stage"), choices=_blank(MigrationStage.choices))
    destination_country = _country_field(_("Destination country"))
    transit_countries = forms.ModelMultipleChoiceField(
        label=_("Transit countries"),
        queryset=Country.objects.order_by("-is_common_destination", "sort_key"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    legal_status = forms.ChoiceField(
        label=_("Legal status (Law 53/2024)"), choices=LegalStatus.choices, initial=LegalStatus.NOT_ASSESSED
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, initial=RiskLevel.MEDIUM)
    highly_sensitive = forms.BooleanField(
        label=_("Highly sensitive: only the assigned caseworker and supervisor may open it"), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    exploitation_types = _multi(_("Types of exploitation"), ExploitationType.choices)
    means_of_control = _multi(_("Means of control"), MeansOfControl.choices)
    recruitment_methods = _multi(_("How the person was recruited"), RecruitmentMethod.choices)
    recruitment_apps = _multi(_("Apps and websites used to recruit"), RecruitmentApp.choices)
    recruiter_relationship = forms.ChoiceField(
        label=_("Relationship to the recruiter"), choices=_blank(RecruiterRelationship.choices), required=False
    )
    opened_on = _date_field(_("Opened on"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TRAFFICKING_FIELDS = (
        "exploitation_types",
        "means_of_control",
        "recruitment_methods",
        "recruitment_apps",
        "recruiter_relationship",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["opened_on"]
        else:
            del self.fields["version"]

    def to_input(self) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            case_type=d["case_type"],
            channel=d["channel"],
            migration_stage=d["migration_stage"],
            destination_country_id=_pk(d.get("destination_country")),
            transit_country_ids=[c.pk for c in d.get("transit_countries") or []],
            legal_status=d["legal_status"],
            exploitation_types=list(d.get("exploitation_types") or []),
            means_of_control=list(d.get("means_of_control") or []),
            recruitment_methods=list(d.get("recruitment_methods") or []),
            recruitment_apps=list(d.get("recruitment_apps") or []),
            recruiter_relationship=d.get("recruiter_relationship") or "",
            risk_level=d["risk_level"],
            highly_sensitive=bool(d.get("highly_sensitive")),
            summary=d.get("summary", ""),
            opened_on=d.get("opened_on"),
        )

    @staticmethod
    def initial_from(data: CaseInput, version: int | None = None) -> dict[str, Any]:
        return {
            "case_type": data.case_type,
            "channel": data.channel,
            "migration_stage": data.migration_stage,
            "destination_country": data.destination_country_id,
            "transit_countries": list(data.transit_country_ids),
            "legal_status": data.legal_status,
            "exploitation_types": data.exploitation_types,
            "means_of_control": data.means_of_control,
            "recruitment_methods": data.recruitment_methods,
            "recruitment_apps": data.recruitment_apps,
            "recruiter_relationship": data.recruiter_relationship,
            "risk_level": data.risk_level,
            "highly_sensitive": data.highly_sensitive,
            "summary": data.summary,
            "version": version,
        }


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Case number, name, phone or ID number"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "class": "form-control"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Open (not closed)")),
            ("closure_pending", _("Closure waiting for approval")),
            *CaseStatus.choices,
        ],
    )
    case_type = forms.ChoiceField(label=_("Case type"), required=False, choices=_blank(CaseType.choices, _("All")))
    risk_level = forms.ChoiceField(label=_("Risk level"), required=False, choices=_blank(RiskLevel.choices, _("All")))
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None)
    province = SafeModelChoiceField(
        label=_("Province of origin"), queryset=Province.objects.all(), required=False, empty_label=_("All")
    )
    legacy_province = SafeModelChoiceField(
        label=_("Former province (before 2025)"),
        queryset=LegacyProvince.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    opened_from = _date_field(_("Opened from"), help_text="")
    opened_to = _date_field(_("Opened until"), help_text="")
    mine = forms.BooleanField(label=_("Only my cases"), required=False)

    def __init__(self, *args: Any, workers: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", _("All")), *[(w.pk, w.display_name) for w in workers]]  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if name == "mine":
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            else:
                field.widget.attrs.setdefault("class", "form-control")


class TransitionForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def __init__(self, *args: Any, allowed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, CaseStatus(s).label) for s in allowed if s != CaseStatus.CLOSED]  # type: ignore[attr-defined]


class CloseForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=_blank(ClosureReason.choices))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ClosureDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve closing")), ("reject", _("Send back"))]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you send it back: say what is still needed."),
    )


class ReopenForm(StyledForm):
    note = forms.CharField(label=_("Why reopen it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(StyledForm):
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None)
    supervisor = forms.TypedChoiceField(label=_("Supervisor"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def __init__(self, *args: Any, caseworkers: list[Any] = (), supervisors: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = [("", _("Not assigned")), *[(u.pk, u.display_name) for u in caseworkers]]  # type: ignore[attr-defined]
        self.fields["supervisor"].choices = [("", _("Not assigned")), *[(u.pk, u.display_name) for u in supervisors]]  # type: ignore[attr-defined]


class NoteForm(StyledForm):
    body = forms.CharField(label=_("New note"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(StyledForm):
    title = forms.CharField(label=_("What to do"), max_length=300)
    due_on = _date_field(_("Due on"), required=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.TASK)
    assigned_to = forms.TypedChoiceField(label=_("Assigned to"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, workers: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [("", _("Me")), *[(u.pk, u.display_name) for u in workers]]  # type: ignore[attr-defined]


class ConsentForm(StyledForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=_blank(ConsentPurpose.choices))
    method = forms.ChoiceField(label=_("How it was given"), choices=_blank(ConsentMethod.choices))
    given_on = _date_field(_("Given on"), required=True)
    expires_on = _date_field(_("Valid until (optional)"))
    recipient_agency = SafeModelChoiceField(
        label=_("Shared with (agency in SafePath)"),
        queryset=Agency.objects.filter(is_active=True).order_by("code"),
        required=False,
    )
    recipient_other = forms.CharField(label=_("Shared with (other organisation)"), max_length=200, required=False)
    given_by_guardian = forms.CharField(label=_("Parent or guardian who gave it"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def to_input(self) -> ConsentInput:
        return self.to_input_from(self.cleaned_data)

    @staticmethod
    def to_input_from(d: dict[str, Any]) -> ConsentInput:
        return ConsentInput(
            purpose=d["purpose"],
            method=d["method"],
            given_on=d["given_on"],
            expires_on=d.get("expires_on"),
            recipient_agency_id=_pk(d.get("recipient_agency")),
            recipient_other=d.get("recipient_other", ""),
            given_by_guardian=d.get("given_by_guardian", ""),
            notes=d.get("notes", ""),
        )


class WithdrawConsentForm(StyledForm):
    withdrawn_on = _date_field(_("Withdrawn on"), required=True)
    note = forms.CharField(label=_("How it was withdrawn"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class AttachmentForm(StyledForm):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, images, Word, Excel, OpenDocument or text; at most 10 MB.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.DOCUMENT)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class RecruiterContactForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecruiterContactKind.choices)
    value = forms.CharField(
        label=_("Number or account"), max_length=200, help_text=_("e.g. 0912 345 678, a Zalo number, a Facebook page")
    )


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("done", "done"), ("open", "open"), ("cancelled", "cancelled")])
