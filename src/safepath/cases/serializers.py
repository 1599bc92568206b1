"""What the case API reads and writes: explicit fields, codes from the code lists, never model internals.

Inputs only shape and type-check the request (400 with field errors); the services still check
every code, reference, date and permission. Outputs name people as {id, display_name}.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepath.cases import workflow
from safepath.cases.choices import (
    AgeBand,
    CaseStatus,
    CaseType,
    ClosureReason,
    ConsultationChannel,
    ConsultationOutcome,
    ExploitationType,
    IntakeChannel,
    IntakeCloseReason,
    IntakeStatus,
    LegalStatus,
    MeansOfControl,
    MigrationStage,
    RecruiterRelationship,
    RecruitmentApp,
    RecruitmentMethod,
    RiskLevel,
    TaskKind,
    TaskStatus,
    Topic,
    Urgency,
)
from safepath.cases.models import Case, Consultation
from safepath.cases.services import CaseInput, ConsultationInput, IntakeInput
from safepath.core.validate import MAX_SHORT, MAX_TEXT
from safepath.people.models import Sex

MAX_ID = 2_147_483_647  # user ids: larger numbers are refused before they reach the database
MAX_NOTE = 2000


class CodeField(serializers.ChoiceField):
    """A code of one code list, documented once as its own enum (CaseStatusEnum, TopicEnum...).

    The same field name carries different lists (`channel` of an intake item and of a
    consultation, `status` of a case and of a task); one named enum per list keeps the schema
    unambiguous without per-field naming rules.
    """

    def __init__(self, codes: type[models.TextChoices], **kwargs: Any) -> None:
        self.codes = codes
        super().__init__(choices=codes.choices, **kwargs)


class CodeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = CodeField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        codes = self.target.codes
        name = f"{codes.__name__}Enum"
        enum = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema={
                "type": "string",
                "enum": list(codes.values),
                "description": "\n".join(f"* `{value}` - {label}" for value, label in codes.choices),
            },
        )
        auto_schema.registry.register_on_missing(enum)
        if not self.target.allow_blank:
            return enum.ref
        # The same component drf-spectacular makes for a blank choice elsewhere.
        blank = ResolvedComponent(
            name="BlankEnum", type=ResolvedComponent.SCHEMA, object="BlankEnum", schema={"enum": [""]}
        )
        auto_schema.registry.register_on_missing(blank)
        return {"oneOf": [enum.ref, blank.ref]}


def _text(limit: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="", **kwargs)


def _code_ref(limit: int) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_null=True, default=None)


def _codes(codes: type[models.TextChoices]) -> serializers.ListField:
    return serializers.ListField(child=CodeField(codes), required=False, max_length=len(codes.values), default=list)


# --- references ------------------------------------------------------------------------------------
class UserRef(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class PersonRef(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField(source="full_name")


class CaseRef(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()


def _visible_person(serializer: serializers.Serializer, person: Any) -> dict[str, Any] | None:
    """The person as {id, display_name} when the requesting user may see them, else null."""
    user = serializer.context["user"]
    if person is None or not user.has_perm("people.view_person", person):
        return None
    return dict(PersonRef(person).data)


# --- intake ----------------------------------------------------------------------------------------
class IntakeOutput(serializers.Serializer):
    id = serializers.UUIDField()
    channel = CodeField(IntakeChannel)
    status = CodeField(IntakeStatus)
    urgency = CodeField(Urgency)
    received_at = serializers.DateTimeField()
    subject = serializers.CharField()
    body = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    consent_to_contact = serializers.BooleanField()
    province = serializers.CharField(source="province_id", allow_null=True)
    destination_country = serializers.CharField(source="destination_country_id", allow_null=True)
    referred_by = serializers.CharField()
    assigned_to = UserRef(allow_null=True)
    person = serializers.UUIDField(
        source="person_id",
        allow_null=True,
        help_text="The person the item was taken up for (open it under /api/persons/)",
    )
    close_reason = CodeField(IntakeCloseReason, allow_blank=True)
    handled_at = serializers.DateTimeField(allow_null=True)
    handled_by = UserRef(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class IntakeListQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("open", "New or being reviewed"), ("all", "Every status"), *IntakeStatus.choices],
        required=False,
        default="open",
    )
    channel = CodeField(IntakeChannel, required=False, allow_blank=True, default="")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1_000_000)


class IntakeInputSerializer(serializers.Serializer):
    channel = CodeField(IntakeChannel)
    urgency = CodeField(Urgency, required=False, default=Urgency.NORMAL)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    subject = _text(MAX_SHORT)
    body = _text(MAX_TEXT, help_text="What the person said or wrote; subject or body is required")
    contact_name = _text(MAX_SHORT)
    contact_phone = _text(30)
    contact_email = _text(254)
    consent_to_contact = serializers.BooleanField(required=False, default=False)
    province = _code_ref(4)
    destination_country = _code_ref(2)
    referred_by = _text(200)

    def to_input(self) -> IntakeInput:
        d = dict(self.validated_data)
        d["province_id"] = d.pop("province")
        d["destination_country_id"] = d.pop("destination_country")
        return IntakeInput(**d)


class IntakeCloseInput(serializers.Serializer):
    reason = CodeField(IntakeCloseReason)


# --- consultations ---------------------------------------------------------------------------------
class ConsultationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    held_on = serializers.DateField()
    channel = CodeField(ConsultationChannel)
    duration_minutes = serializers.IntegerField(allow_null=True, min_value=1, max_value=1440)
    migration_stage = CodeField(MigrationStage)
    destination_country = serializers.CharField(source="destination_country_id", allow_null=True)
    topics = serializers.ListField(child=CodeField(Topic))
    outcome = CodeField(ConsultationOutcome)
    follow_up_on = serializers.DateField(allow_null=True)
    person = serializers.SerializerMethodField(help_text="Null when anonymous (or not visible to you)")
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_band = CodeField(AgeBand)
    province = serializers.CharField(source="province_id", allow_null=True)
    summary = serializers.CharField()
    counsellor = UserRef(allow_null=True)
    intake = serializers.UUIDField(source="intake_id", allow_null=True)
    case = serializers.SerializerMethodField(help_text="The case it led to, when you may open it")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(PersonRef(allow_null=True))
    def get_person(self, obj: Consultation) -> dict[str, Any] | None:
        return _visible_person(self, obj.person)

    @extend_schema_field(CaseRef(allow_null=True))
    def get_case(self, obj: Consultation) -> dict[str, Any] | None:
        if obj.case is None or not self.context["user"].has_perm("cases.view_case", obj.case):
            return None
        return dict(CaseRef(obj.case).data)


class ConsultationListQuery(serializers.Serializer):
    held_from = serializers.DateField(required=False, allow_null=True, default=None)
    held_to = serializers.DateField(required=False, allow_null=True, default=None)
    channel = CodeField(ConsultationChannel, required=False, allow_blank=True, default="")
    topic = CodeField(Topic, required=False, allow_blank=True, default="")
    migration_stage = CodeField(MigrationStage, required=False, allow_blank=True, default="")
    mine = serializers.BooleanField(required=False, default=False, help_text="Only the sessions you held")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1_000_000)


class ConsultationFieldsSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today when left out")
    channel = CodeField(ConsultationChannel)
    duration_minutes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=24 * 60
    )
    migration_stage = CodeField(MigrationStage)
    destination_country = _code_ref(2)
    topics = serializers.ListField(child=CodeField(Topic), allow_empty=False, max_length=len(Topic.values))
    outcome = CodeField(ConsultationOutcome)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(
        choices=Sex.choices, required=False, default=Sex.UNKNOWN, help_text="Taken from the person when one is given"
    )
    age_band = CodeField(AgeBand, required=False, default=AgeBand.UNKNOWN)
    province = _code_ref(4)
    summary = _text(MAX_TEXT)

    def to_input(self) -> ConsultationInput:
        d = {k: v for k, v in self.validated_data.items() if k not in ("person", "intake")}
        d["province_id"] = d.pop("province")
        d["destination_country_id"] = d.pop("destination_country")
        return ConsultationInput(**d)

    @staticmethod
    def fields_of(c: Consultation) -> dict[str, Any]:
        """The stored values under the API's names: the base a partial update is merged onto."""
        return {
            "held_on": c.held_on,
            "channel": c.channel,
            "duration_minutes": c.duration_minutes,
            "migration_stage": c.migration_stage,
            "destination_country": c.destination_country_id,
            "topics": list(c.topics or []),
            "outcome": c.outcome,
            "follow_up_on": c.follow_up_on,
            "sex": c.sex,
            "age_band": c.age_band,
            "province": c.province_id,
            "summary": c.summary,
        }


class ConsultationCreateInput(ConsultationFieldsSerializer):
    person = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A person you can see; leave out for anonymous"
    )
    intake = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The intake item this session takes up"
    )


# --- cases -----------------------------------------------------------------------------------------
class CaseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back with an update: a stale version gives 409")
    agency = serializers.CharField(source="agency.code")
    person = serializers.SerializerMethodField()
    case_type = CodeField(CaseType)
    channel = CodeField(IntakeChannel)
    migration_stage = CodeField(MigrationStage)
    destination_country = serializers.CharField(source="destination_country_id", allow_null=True)
    transit_countries = serializers.SerializerMethodField()
    legal_status = CodeField(LegalStatus)
    exploitation_types = serializers.ListField(child=CodeField(ExploitationType))
    means_of_control = serializers.ListField(child=CodeField(MeansOfControl))
    recruitment_methods = serializers.ListField(child=CodeField(RecruitmentMethod))
    recruitment_apps = serializers.ListField(child=CodeField(RecruitmentApp))
    recruiter_relationship = CodeField(RecruiterRelationship, allow_blank=True)
    risk_level = CodeField(RiskLevel)
    highly_sensitive = serializers.BooleanField()
    summary = serializers.CharField()
    status = CodeField(CaseStatus)
    next_statuses = serializers.SerializerMethodField(
        help_text="Statuses /transition/ accepts now (closing goes through /close/)"
    )
    caseworker = UserRef(allow_null=True)
    supervisor = UserRef(allow_null=True)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = CodeField(ClosureReason, allow_blank=True)
    closure_pending = serializers.BooleanField(help_text="Closing waits for a supervisor's decision")
    closure_requested_at = serializers.DateTimeField(allow_null=True)
    closure_requested_by = UserRef(allow_null=True)
    closure_request_reason = CodeField(ClosureReason, allow_blank=True)
    closure_request_note = serializers.CharField()
    intake = serializers.UUIDField(source="intake_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(PersonRef)
    def get_person(self, obj: Case) -> dict[str, Any] | None:
        return _visible_person(self, obj.person)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transit_countries(self, obj: Case) -> list[str]:
        return sorted(c.pk for c in obj.transit_countries.all())

    @extend_schema_field(serializers.ListField(child=CodeField(CaseStatus)))
    def get_next_statuses(self, obj: Case) -> list[str]:
        return [s for s in workflow.allowed_next(obj.status) if s != CaseStatus.CLOSED]


class CaseListQuery(serializers.Serializer):
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="A case number (or its last digits), or the person's name, phone, e-mail or ID number",
    )
    status = serializers.ChoiceField(
        choices=[("open", "Not closed"), ("closure_pending", "Closing waits for approval"), *CaseStatus.choices],
        required=False,
        allow_blank=True,
        default="",
    )
    case_type = CodeField(CaseType, required=False, allow_blank=True, default="")
    risk_level = CodeField(RiskLevel, required=False, allow_blank=True, default="")
    caseworker = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID, help_text="User id"
    )
    province = serializers.CharField(
        max_length=4, required=False, allow_blank=True, default="", help_text="The person's home province code"
    )
    opened_from = serializers.DateField(required=False, allow_null=True, default=None)
    opened_to = serializers.DateField(required=False, allow_null=True, default=None)
    mine = serializers.BooleanField(
        required=False, default=False, help_text="Only cases you are caseworker or supervisor of"
    )
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1_000_000)


class CaseFieldsSerializer(serializers.Serializer):
    case_type = CodeField(CaseType)
    channel = CodeField(IntakeChannel)
    migration_stage = CodeField(MigrationStage)
    destination_country = _code_ref(2)
    transit_countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, max_length=30, default=list
    )
    legal_status = CodeField(LegalStatus, required=False, default=LegalStatus.NOT_ASSESSED)
    exploitation_types = _codes(ExploitationType)
    means_of_control = _codes(MeansOfControl)
    recruitment_methods = _codes(RecruitmentMethod)
    recruitment_apps = _codes(RecruitmentApp)
    recruiter_relationship = CodeField(RecruiterRelationship, required=False, allow_blank=True, default="")
    risk_level = CodeField(RiskLevel, required=False, default=RiskLevel.MEDIUM)
    highly_sensitive = serializers.BooleanField(
        required=False, default=False, help_text="Only the assigned caseworker and supervisor can open it"
    )
    summary = _text(MAX_TEXT)

    def to_input(self) -> CaseInput:
        d = {k: v for k, v in self.validated_data.items() if k not in ("person", "intake", "version")}
        d["destination_country_id"] = d.pop("destination_country")
        d["transit_country_ids"] = d.pop("transit_countries")
        return CaseInput(**d)

    @staticmethod
    def fields_of(case: Case) -> dict[str, Any]:
        """The stored values under the API's names: the base a partial update is merged onto."""
        stored = CaseInput.from_case(case).as_dict()
        stored["destination_country"] = stored.pop("destination_country_id")
        stored["transit_countries"] = stored.pop("transit_country_ids")
        stored.pop("opened_on")
        return stored

    @staticmethod
    def api_names(values: dict[str, Any]) -> dict[str, Any]:
        """Service field names (destination_country_id, transit_country_ids) to the API's."""
        renames = {"destination_country_id": "destination_country", "transit_country_ids": "transit_countries"}
        return {renames.get(k, k): v for k, v in values.items()}


class CaseCreateInput(CaseFieldsSerializer):
    person = serializers.UUIDField(help_text="The person the case is about (one you can see)")
    intake = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The intake item this case takes up"
    )
    opened_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today when left out")


class CaseUpdateInput(CaseFieldsSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The version you read; someone else's save since gives 409"
    )


class CaseConflict(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    changed_fields = serializers.ListField(child=serializers.CharField(), help_text="The fields your save would change")
    current = CaseOutput(help_text="The case as saved now, with its current version")
    yours = CaseUpdateInput(help_text="The values you sent, with the version you read (nothing was saved)")


class CaseTransitionInput(serializers.Serializer):
    status = CodeField(CaseStatus)
    note = _text(MAX_NOTE)


class CaseCloseInput(serializers.Serializer):
    reason = CodeField(ClosureReason)
    note = _text(MAX_NOTE, help_text="Required when the reason is `other`")


class ClosureDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = _text(MAX_NOTE, help_text="Required when sending the closure back")


class CaseAssignInput(serializers.Serializer):
    caseworker = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="User id; null unassigns, left out keeps",
    )
    supervisor = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="User id; null unassigns, left out keeps",
    )
    note = _text(MAX_NOTE)


# --- notes and tasks -------------------------------------------------------------------------------
class NoteOutput(serializers.Serializer):
    id = serializers.UUIDField()
    body = serializers.CharField()
    author = UserRef(allow_null=True)
    created_at = serializers.DateTimeField()


class NoteInput(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_TEXT)


class TaskOutput(serializers.Serializer):
    id = serializers.UUIDField()
    case = CaseRef()
    kind = CodeField(TaskKind)
    title = serializers.CharField()
    due_on = serializers.DateField()
    status = CodeField(TaskStatus)
    overdue = serializers.BooleanField(source="is_overdue")
    assigned_to = UserRef(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class TaskListQuery(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[("mine", "Yours"), ("agency", "The agency's (supervisors; others get their own)")],
        required=False,
        default="mine",
    )
    overdue = serializers.BooleanField(required=False, default=False, help_text="Only tasks past their due date")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1_000_000)


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=MAX_SHORT)
    due_on = serializers.DateField()
    kind = CodeField(TaskKind, required=False, default=TaskKind.TASK)
    assigned_to = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text="User id; you when left out",
    )


class TaskStatusInput(serializers.Serializer):
    status = CodeField(TaskStatus)
