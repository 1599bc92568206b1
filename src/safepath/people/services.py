"""Writes on persons. Each takes the acting user, checks the policy, and audits in the same transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core.crypto import get_keyring
from safepath.core.dates import PartialDate, PartialDateError, parse_partial_date
from safepath.core.normalize import (
    InvalidPhoneNumber,
    clean_text,
    name_tokens,
    normalize_email,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)
from safepath.people.duplicates import match_key_rows
from safepath.people.models import (
    LANGUAGE_CHOICES,
    DatePrecision,
    NameTokenKind,
    Person,
    PersonMatchKey,
    PersonNameToken,
    Sex,
)

OBJECT_TYPE = "person"
IDENTITY_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "aliases",
    "birth_date",
    "phone",
    "email",
    "id_number",
    "address",
)
PLAIN_FIELDS = (
    "sex",
    "ethnicity_id",
    "origin_province_id",
    "origin_ward_id",
    "origin_legacy_province_id",
    "languages",
)


@dataclass
class PersonInput:
    """What a form or API call submits about a person (plaintext, not yet normalised)."""

    family_name: str
    given_name: str
    middle_name: str = ""
    aliases: list[str] = field(default_factory=list)
    sex: str = Sex.UNKNOWN
    birth_date: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    address: str = ""
    ethnicity_id: str | None = None
    origin_province_id: str | None = None
    origin_ward_id: str | None = None
    origin_legacy_province_id: str | None = None
    languages: list[str] = field(default_factory=list)

    # Forms and the API name the place fields without the `_id` suffix.
    CODE_FIELDS = ("ethnicity", "origin_province", "origin_ward", "origin_legacy_province")

    def as_fields(self) -> dict[str, Any]:
        """The values under the names the form and the API use (``origin_province``, ...)."""
        values = asdict(self)
        for name in self.CODE_FIELDS:
            values[name] = values.pop(f"{name}_id")
        return values

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> PersonInput:
        """The inverse of :meth:`as_fields`; missing fields take their defaults."""
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in values.items() if k in known}
        for name in cls.CODE_FIELDS:
            if name in values:
                data[f"{name}_id"] = values[name]
        return cls(**data)


def person_clean(data: PersonInput, *, check_places: bool = True) -> dict[str, Any]:
    """Normalise and validate; raise ValidationError naming each bad field.

    With `check_places=False` the ethnic-group and place codes are taken as given: for a bulk loader
    that has checked all of its codes at once (the demo), instead of one look-up per row.
    """
    errors: dict[str, list[str]] = {}
    out = _normalized(data, errors)
    if check_places:
        _check_places(out, errors)
    if errors:
        raise ValidationError(errors)
    return out


def _normalized(data: PersonInput, errors: dict[str, list[str]]) -> dict[str, Any]:
    """Everything that needs no database: names, dates, phone, e-mail, ID number, languages, code ids."""
    out: dict[str, Any] = {}
    for name in ("family_name", "middle_name", "given_name", "address"):
        out[name] = clean_text(getattr(data, name) or "")
    for name in ("family_name", "given_name"):
        if not out[name]:
            errors.setdefault(name, []).append(_("This field is required."))
    for name in ("family_name", "middle_name", "given_name"):
        if len(out[name]) > 100:
            errors.setdefault(name, []).append(_("A name can have at most 100 characters."))
    out["aliases"] = [a for a in (clean_text(x) for x in (data.aliases or [])) if a]
    if data.sex not in Sex.values:
        errors.setdefault("sex", []).append(_("Choose one of the listed values."))
    out["sex"] = data.sex
    out["birth_date"], out["birth_year"], out["birth_date_precision"] = "", None, DatePrecision.UNKNOWN
    if (data.birth_date or "").strip():
        try:
            pd: PartialDate = parse_partial_date(data.birth_date)
            out["birth_date"], out["birth_year"], out["birth_date_precision"] = pd.iso(), pd.year, pd.precision
        except PartialDateError as exc:
            errors.setdefault("birth_date", []).append(str(exc))
    out["phone"] = ""
    if (data.phone or "").strip():
        try:
            out["phone"] = normalize_phone(data.phone)
        except InvalidPhoneNumber:
            errors.setdefault("phone", []).append(
                _("This is not a valid phone number. Write it as 0912 345 678, or +country code for a foreign number.")
            )
    out["email"] = normalize_email(data.email or "")
    if out["email"] and ("@" not in out["email"] or " " in out["email"]):
        errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    out["id_number"] = normalize_id_number(data.id_number or "")
    if out["id_number"] and out["id_number"].isdigit() and len(out["id_number"]) not in (9, 12):
        errors.setdefault("id_number", []).append(
            _("A citizen ID card (CCCD) number has 12 digits; an old ID card (CMND) has 9.")
        )
    if len(out["id_number"]) > 20:
        errors.setdefault("id_number", []).append(_("An ID number can have at most 20 characters."))
    for name in ("ethnicity_id", "origin_province_id", "origin_legacy_province_id", "origin_ward_id"):
        value = getattr(data, name) or None
        out[name] = str(value) if value is not None else None
    out["languages"] = sorted({str(code).strip() for code in (data.languages or []) if str(code).strip()})
    known = {code for code, _label in LANGUAGE_CHOICES}
    if unknown := [code for code in out["languages"] if code not in known]:
        errors.setdefault("languages", []).append(
            _("Unknown language code: %(codes)s. Use one of: %(known)s.")
            % {"codes": ", ".join(unknown[:5]), "known": ", ".join(sorted(known))}
        )
    return out


def _check_places(out: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """The ethnic group and places exist and agree; a former province or a commune fills in the 2025 province."""
    from safepath.places.models import Ethnicity, LegacyProvince, Province, Ward

    for name, model, label in (
        ("ethnicity_id", Ethnicity, _("Unknown ethnic group.")),
        ("origin_province_id", Province, _("Unknown province.")),
        ("origin_legacy_province_id", LegacyProvince, _("Unknown former province.")),
    ):
        if out[name] is not None and not model.objects.filter(pk=out[name]).exists():
            errors.setdefault(name.removesuffix("_id"), []).append(str(label))
    if out["origin_legacy_province_id"] and "origin_legacy_province" not in errors:
        # The former province and the 2025 province name the same place in old and new units.
        successor = (
            LegacyProvince.objects.filter(pk=out["origin_legacy_province_id"])
            .values_list("successor_id", flat=True)
            .first()
        )
        if not out["origin_province_id"] and not out["origin_ward_id"]:
            out["origin_province_id"] = successor
        elif out["origin_province_id"] and successor != out["origin_province_id"]:
            errors.setdefault("origin_legacy_province", []).append(
                _("This former province became part of %(province)s, not the province chosen above.")
                % {"province": Province.objects.filter(pk=successor).values_list("name", flat=True).first()}
            )
    if out["origin_ward_id"]:
        ward_province = Ward.objects.filter(pk=out["origin_ward_id"]).values_list("province_id", flat=True).first()
        if ward_province is None:
            errors.setdefault("origin_ward", []).append(_("Unknown commune / ward."))
        elif out["origin_province_id"] and ward_province != out["origin_province_id"]:
            errors.setdefault("origin_ward", []).append(_("This commune / ward is not in the chosen province."))
        else:
            out["origin_province_id"] = ward_province


def person_index(person: Person) -> list[PersonNameToken]:
    """Set the person's blind indexes and return the rows of their name tokens (saved by the caller)."""
    ring = get_keyring()
    person.full_name_bidx = ring.blind_index(normalize_name(person.full_name), purpose="person.name")
    person.phone_bidx = ring.blind_index(person.phone, purpose="person.phone") if person.phone else ""
    person.email_bidx = ring.blind_index(person.email, purpose="person.email") if person.email else ""
    person.id_number_bidx = ring.blind_index(person.id_number, purpose="person.id_number") if person.id_number else ""
    tokens: set[tuple[str, str]] = set()
    for tok in name_tokens(person.full_name):
        tokens.add((ring.blind_index(tok, purpose="person.name_token"), NameTokenKind.NAME))
    for alias in person.aliases or []:
        for tok in name_tokens(alias):
            tokens.add((ring.blind_index(tok, purpose="person.name_token"), NameTokenKind.ALIAS))
    return [PersonNameToken(person=person, token=t, kind=k) for t, k in sorted(tokens)]


def person_register(*, actor: Any, data: PersonInput) -> Person:
    if not actor.has_perm("people.add_person"):
        raise PermissionDenied(_("You may not register persons."))
    values = person_clean(data)
    with transaction.atomic():
        person = Person(registered_by_agency_id=actor.agency_id, created_by=actor, updated_by=actor, **values)
        tokens = person_index(person)
        person.save()
        PersonNameToken.objects.bulk_create(tokens)
        PersonMatchKey.objects.bulk_create(match_key_rows(person))
        audit_record(
            actor=actor, action=Action.CREATE, object_type=OBJECT_TYPE, object_ids=[person.pk], seal_change_of=person
        )
    return person


def person_update(*, actor: Any, person: Person, data: PersonInput) -> Person:
    if not actor.has_perm("people.change_person", person):
        raise PermissionDenied(_("You may not change this person."))
    values = person_clean(data)
    changed = sorted(
        name.removesuffix("_id")
        for name, value in values.items()
        if name not in ("birth_year", "birth_date_precision") and getattr(person, name) != value
    )
    if not changed:
        return person
    with transaction.atomic():
        for name, value in values.items():
            setattr(person, name, value)
        person.updated_by = actor
        tokens = person_index(person)
        person.save()
        PersonNameToken.objects.filter(person=person).delete()
        PersonNameToken.objects.bulk_create(tokens)
        PersonMatchKey.objects.filter(person=person).delete()
        PersonMatchKey.objects.bulk_create(match_key_rows(person))
        # Field names only: never the values.
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type=OBJECT_TYPE,
            object_ids=[person.pk],
            detail={"fields": changed},
            seal_change_of=person,
        )
    return person


def person_input_from(person: Person) -> PersonInput:
    """The current values of a person, as a form would submit them."""
    pd = PartialDate.from_iso(person.birth_date)
    return PersonInput(
        family_name=person.family_name,
        middle_name=person.middle_name,
        given_name=person.given_name,
        aliases=list(person.aliases or []),
        sex=person.sex,
        birth_date=pd.display() if pd else "",
        phone=person.phone,
        email=person.email,
        id_number=person.id_number,
        address=person.address,
        ethnicity_id=person.ethnicity_id,
        origin_province_id=person.origin_province_id,
        origin_ward_id=person.origin_ward_id,
        origin_legacy_province_id=person.origin_legacy_province_id,
        languages=list(person.languages or []),
    )


__all__ = ["IDENTITY_FIELDS", "PersonInput", "person_register", "person_update"]
