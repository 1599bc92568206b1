"""What the outreach API reads and writes. Every name starts with Outreach (unique in the whole schema)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from safepath.cases.serializers import CodeField
from safepath.directory.choices import Language
from safepath.outreach.choices import (
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachMaterialKind,
    OutreachSex,
    StockEntryKind,
    StockMovementKind,
)
from safepath.outreach.services import MAX_COUNT, MAX_PARTNERS, MAX_QUANTITY

SEXES = ", ".join(OutreachSex.values)
AGES = ", ".join(OutreachAgeGroup.values)


def _text(limit: int, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=limit, help_text=help_text)


class OutreachCountsField(serializers.DictField):
    """The participant grid: sex -> age group -> count."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            f"Participants by sex ({SEXES}) and age group ({AGES}): "
            '{"female": {"18_24": 12, "25_34": 8}, "male": {...}}. Missing cells are 0.',
        )
        super().__init__(
            child=serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=MAX_COUNT)), **kwargs
        )

    def to_internal_value(self, data: Any) -> dict[str, int]:
        value = super().to_internal_value(data)
        flat: dict[str, int] = {}
        errors: list[str] = []
        for sex, ages in value.items():
            if sex not in OutreachSex.values:
                errors.append(f"Unknown sex {sex!r}: use {SEXES}.")
                continue
            for age, count in ages.items():
                if age not in OutreachAgeGroup.values:
                    errors.append(f"Unknown age group {age!r}: use {AGES}.")
                    continue
                flat[f"{sex}_{age}"] = count
        if errors:
            raise serializers.ValidationError(errors[:5])
        return flat


class OutreachEventInput(serializers.Serializer):
    kind = CodeField(OutreachEventKind)
    title = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    end_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The start date when left out"
    )
    province = serializers.CharField(max_length=4, help_text="Province code (2025 units)")
    venue = _text(300)
    partners = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=MAX_PARTNERS,
        help_text="Service providers of the directory",
    )
    partners_other = _text(2000, "Partners not in the directory")
    facilitators = _text(2000)
    summary = _text(20000, "What was discussed and agreed; no participant names")
    counts_from_register = serializers.BooleanField(
        required=False, default=False, help_text="Trainings: the grid follows the register of names"
    )
    counts = OutreachCountsField(required=False, default=dict)


class OutreachProvinceOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OutreachEventOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = CodeField(OutreachEventKind)
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    province = OutreachProvinceOutput()
    venue = serializers.CharField()
    agency = serializers.CharField(help_text="The organising agency's short code")
    participant_total = serializers.IntegerField()


class OutreachPartnerOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class OutreachScoresOutput(serializers.Serializer):
    registered = serializers.IntegerField(help_text="Participants registered by name")
    tested = serializers.IntegerField(help_text="With both a pre- and a post-test score")
    average_pre = serializers.FloatField(allow_null=True)
    average_post = serializers.FloatField(allow_null=True)
    average_gain = serializers.FloatField(allow_null=True, help_text="Average of post minus pre, in points")
    improved = serializers.IntegerField(help_text="How many scored higher after")


class OutreachParticipantOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    sex = CodeField(OutreachSex)
    age_group = CodeField(OutreachAgeGroup)
    organisation = serializers.CharField()
    position = serializers.CharField()
    contact = serializers.CharField()
    pre_score = serializers.IntegerField(allow_null=True)
    post_score = serializers.IntegerField(allow_null=True)


class OutreachHandedOutOutput(serializers.Serializer):
    material = serializers.UUIDField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()


class OutreachEventDetail(OutreachEventOutput):
    partners = OutreachPartnerOutput(many=True)
    partners_other = serializers.CharField()
    facilitators = serializers.CharField()
    summary = serializers.CharField()
    counts_from_register = serializers.BooleanField()
    counts = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()), help_text="sex -> age group -> count"
    )
    scores = OutreachScoresOutput(allow_null=True, help_text="Trainings only")
    participants = OutreachParticipantOutput(
        many=True,
        allow_null=True,
        help_text="Trainings, for the agency's outreach officers and supervisors only (null otherwise); "
        "each reading is written to the access log",
    )
    materials = OutreachHandedOutOutput(many=True)


class OutreachEventListQuery(serializers.Serializer):
    kind = CodeField(OutreachEventKind, required=False, allow_blank=True, default="")
    province = serializers.CharField(required=False, allow_blank=True, default="", max_length=4)
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    page = serializers.IntegerField(required=False, min_value=1, default=1, max_value=100_000)


class OutreachParticipantInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    sex = CodeField(OutreachSex, required=False, default=OutreachSex.OTHER)
    age_group = CodeField(OutreachAgeGroup)
    organisation = _text(200)
    position = _text(200)
    contact = _text(200, "Phone or e-mail")
    pre_score = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100)
    post_score = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=100)


class OutreachHandOutLine(serializers.Serializer):
    material = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class OutreachHandOutInput(serializers.Serializer):
    items = OutreachHandOutLine(many=True, help_text="All lines are taken out of stock together, or none")


class OutreachMaterialOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = CodeField(OutreachMaterialKind)
    title_vi = serializers.CharField()
    title_en = serializers.CharField()
    languages = serializers.ListField(child=CodeField(Language))
    description = serializers.CharField()
    has_file = serializers.BooleanField()
    is_active = serializers.BooleanField()
    stock = serializers.IntegerField(help_text="Your agency's stock")
    low_threshold = serializers.IntegerField(help_text="Your agency is warned at or below this stock")
    is_low = serializers.BooleanField()


class OutreachMaterialQuery(serializers.Serializer):
    kind = CodeField(OutreachMaterialKind, required=False, allow_blank=True, default="")
    language = CodeField(Language, required=False, allow_blank=True, default="")
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class OutreachMovementInput(serializers.Serializer):
    kind = CodeField(
        StockEntryKind,
        help_text="received and handed_out take a positive quantity; correction a signed one. "
        "Materials handed out at an event are recorded on the event.",
    )
    quantity = serializers.IntegerField(min_value=-MAX_QUANTITY, max_value=MAX_QUANTITY)
    day = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today when left out")
    province = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4, help_text="Where it was handed out"
    )
    note = _text(300)


class OutreachMovementOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = CodeField(StockMovementKind)
    quantity = serializers.IntegerField(help_text="Positive: into stock; negative: out of stock")
    day = serializers.DateField()
    event = serializers.UUIDField(source="event_id", allow_null=True)
    province = serializers.CharField(source="province_id", allow_null=True)
    note = serializers.CharField()


class OutreachMovementsOutput(serializers.Serializer):
    material = serializers.UUIDField()
    stock = serializers.IntegerField()
    low_threshold = serializers.IntegerField()
    results = OutreachMovementOutput(many=True)
