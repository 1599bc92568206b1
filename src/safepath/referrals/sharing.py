"""What a referral or transfer can share about a person, and what each service needs by default.

The sender picks the fields; only their values, copied when the referral is sent, ever reach the
receiving side (pages, API and the printed form). Each field reads one thing from the case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Shareable:
    code: str
    label: Any
    read: Callable[[Any], Any]  # case -> a JSON value (codes, not labels); "" / None / [] when unknown
    show: Callable[[Any], str] = lambda value: "" if value in (None, "") else str(value)


def _label_of(choices_path: str) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        from django.utils.module_loading import import_string

        choices = import_string(choices_path)
        values = value if isinstance(value, list) else [value]
        labels = []
        for v in values:
            try:
                labels.append(str(choices(v).label))
            except ValueError:
                labels.append(str(v or ""))
        return ", ".join(x for x in labels if x)

    return show


def _age(case: Any) -> Any:
    year = case.person.birth_year
    return timezone.localdate().year - year if year else None


def _person(attr: str) -> Callable[[Any], Any]:
    return lambda case: getattr(case.person, attr) or ""


def _name(case: Any) -> dict[str, str]:
    p = case.person
    return {"family": p.family_name or "", "middle": p.middle_name or "", "given": p.given_name or ""}


def _show_name(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(v for v in (value.get("family"), value.get("middle"), value.get("given")) if v)
    return str(value or "")


def _province(case: Any) -> str:
    return case.person.origin_province_id or ""


def _show_province(value: Any) -> str:
    from safepath.places.models import Province

    province = Province.objects.filter(pk=value).first() if value else None
    return province.name if province else ""


def _destination(case: Any) -> str:
    return case.destination_country_id or ""


def _show_country(value: Any) -> str:
    from django.utils.translation import get_language

    from safepath.places.models import Country

    country = Country.objects.filter(pk=value).first() if value else None
    if country is None:
        return ""
    return country.name_en if (get_language() or "vi").startswith("en") else country.name_vi


def _ethnicity(case: Any) -> str:
    return str(case.person.ethnicity) if case.person.ethnicity_id else ""


def _show_languages(value: Any) -> str:
    from safepath.people.models import LANGUAGE_CHOICES

    names = dict(LANGUAGE_CHOICES)
    return ", ".join(str(names.get(v, v)) for v in value or [])


FIELDS: list[Shareable] = [
    Shareable("full_name", _("Full name"), _name, _show_name),
    Shareable("sex", _("Sex"), lambda case: case.person.sex, _label_of("safepath.people.models.Sex")),
    Shareable("age", _("Age"), _age),
    Shareable("birth_date", _("Date of birth"), _person("birth_date")),
    Shareable("phone", _("Phone"), _person("phone")),
    Shareable("id_number", _("ID number (CCCD)"), _person("id_number")),
    Shareable("address", _("Address"), _person("address")),
    Shareable("home_province", _("Home province"), _province, _show_province),
    Shareable("ethnicity", _("Ethnic group"), _ethnicity),
    Shareable("languages", _("Languages"), lambda case: list(case.person.languages or []), _show_languages),
    Shareable(
        "case_type", _("Kind of case"), lambda case: case.case_type, _label_of("safepath.cases.choices.CaseType")
    ),
    Shareable(
        "legal_status",
        _("Legal status (Law 53/2024)"),
        lambda case: case.legal_status,
        _label_of("safepath.cases.choices.LegalStatus"),
    ),
    Shareable(
        "exploitation",
        _("Types of exploitation"),
        lambda case: list(case.exploitation_types or []),
        _label_of("safepath.cases.choices.ExploitationType"),
    ),
    Shareable("destination", _("Destination country"), _destination, _show_country),
    Shareable(
        "risk_level", _("Risk level"), lambda case: case.risk_level, _label_of("safepath.cases.choices.RiskLevel")
    ),
    Shareable("summary", _("Case summary"), lambda case: case.summary or ""),
]
BY_CODE = {f.code: f for f in FIELDS}
CODES = [f.code for f in FIELDS]

# The least each kind of service needs to act; the sender adds or removes fields.
_CONTACT = ["full_name", "sex", "age", "phone", "home_province", "languages"]
DEFAULTS: dict[str, list[str]] = {
    "shelter": [*_CONTACT, "legal_status", "risk_level"],
    "essential_needs": ["full_name", "sex", "age", "home_province"],
    "medical": ["full_name", "sex", "birth_date", "phone", "languages"],
    "psychological": ["full_name", "sex", "age", "phone", "languages"],
    "rehabilitation": ["full_name", "sex", "age", "phone", "languages", "exploitation"],
    "interpretation": ["full_name", "sex", "languages"],
    "legal_information": ["full_name", "sex", "age", "phone", "legal_status", "destination"],
    "legal_aid": [
        "full_name",
        "sex",
        "birth_date",
        "phone",
        "id_number",
        "legal_status",
        "exploitation",
        "destination",
    ],
    "documents": ["full_name", "sex", "birth_date", "id_number", "address", "home_province"],
    "travel": ["full_name", "sex", "age", "phone", "home_province", "address"],
    "education": ["full_name", "sex", "birth_date", "home_province", "phone"],
    "vocational_employment": [*_CONTACT],
    "hardship_allowance": ["full_name", "sex", "birth_date", "id_number", "address", "home_province", "legal_status"],
    "loan": ["full_name", "sex", "birth_date", "id_number", "address", "home_province", "phone"],
    "livelihood": [*_CONTACT, "address"],
    "family": ["full_name", "sex", "age", "home_province", "address", "phone"],
    "rights_training": ["full_name", "sex", "age", "phone"],
    "safety": ["full_name", "sex", "phone", "risk_level"],
    "other": ["full_name", "sex", "age", "phone"],
}
# A transfer hands over the whole case on acceptance; before that the receiver decides on these.
TRANSFER_DEFAULTS = ["full_name", "sex", "age", "home_province", "case_type", "legal_status", "risk_level"]


def defaults_for(service_type: str) -> list[str]:
    return list(DEFAULTS.get(service_type, DEFAULTS["other"]))


def snapshot(case: Any, codes: Sequence[str]) -> dict[str, Any]:
    """The values of the chosen fields, read now: what the receiving side will see, and nothing else."""
    return {code: BY_CODE[code].read(case) for code in CODES if code in codes}


def rows(codes: list[str], values: dict[str, Any]) -> list[dict[str, str]]:
    """Label and shown value of each shared field, in catalogue order, for the shared fields only."""
    return [
        {"code": code, "label": str(BY_CODE[code].label), "value": BY_CODE[code].show(values.get(code))}
        for code in CODES
        if code in codes
    ]
