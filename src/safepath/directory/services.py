"""Keeping the service directory: providers and the services they offer, and the centres' stakeholder network.

Who may keep what is decided by the policy module: a system administrator keeps every entry; an
agency administrator keeps their own agency's entry and the outside organisations their agency
added (`keeper_agency`). Every change is one transaction with its access-log entry (the directory
holds organisations, not persons, so the change log keeps the values too).

`actor=None` is the system (the command line, the demo loader, agency creation): no permission
check, as for `accounts.services.agency_create`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency
from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.cases.choices import LegalStatus
from safepath.core import policy
from safepath.core import validate as v
from safepath.core.normalize import clean_text
from safepath.directory.choices import KIND_OF_AGENCY, Language
from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider, StakeholderContact
from safepath.people.models import Sex
from safepath.places.models import Province
from safepath.plans.choices import ServiceType

PROVIDER_FIELDS = (
    "name_vi",
    "name_en",
    "kind",
    "agency_id",
    "keeper_agency_id",
    "province_id",
    "address",
    "phone",
    "hotline",
    "email",
    "website",
    "contact_name",
    "hours",
    "languages",
    "notes",
    "response_days",
)
SERVICE_FIELDS = (
    "service_type",
    "description",
    "province_ids",
    "nationwide",
    "sexes",
    "min_age",
    "max_age",
    "legal_statuses",
    "languages",
    "capacity",
    "hours",
    "cost",
    "is_active",
)
CONTACT_FIELDS = ("provider_id", "role", "focal_point", "phone", "email", "agreement", "last_contact_on", "notes")
# Eligibility by sex names the sexes a service is for; "not known" is no eligibility rule.
ELIGIBLE_SEXES = [Sex.FEMALE, Sex.MALE, Sex.OTHER]
MAX_AGE = 120
MAX_RESPONSE_DAYS = 90
TRUE_WORDS = frozenset({"1", "true", "on", "yes", "y"})


# --- small checks ---------------------------------------------------------------------------------
def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in TRUE_WORDS


def _int(e: v.Errors, name: str, value: Any, *, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        e.add(name, _("Enter a whole number."))
        return None
    if not low <= number <= high:
        e.add(name, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return None
    return number


def _line(e: v.Errors, name: str, value: Any, *, limit: int, required: bool = False) -> str:
    """One line of text (a name, a phone, hours): trimmed, inner whitespace collapsed."""
    text = clean_text(str(value)) if value else ""
    return v.text(e, name, text, limit=limit, required=required)


def _email(e: v.Errors, name: str, value: Any) -> str:
    text = clean_text(str(value or "")).lower()
    if text:
        try:
            validate_email(text)
        except ValidationError:
            e.add(name, _("Enter a valid e-mail address."))
    return text[:254]


def _url(e: v.Errors, name: str, value: Any) -> str:
    text = clean_text(str(value or ""))
    if text and "://" not in text:
        text = "https://" + text
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            e.add(name, _("Enter a web address such as https://example.org."))
    return text[:200]


def _list(value: Any) -> Any:
    """A list from a form (getlist) or JSON; a single string is one value."""
    if isinstance(value, str):
        return [value] if value else []
    return value


def _agency(e: v.Errors, name: str, value: Any) -> Agency | None:
    if value in (None, ""):
        return None
    agency = Agency.objects.filter(pk=value).first() if policy.is_uuid(value) else None
    if agency is None:
        e.add(name, _("Choose one of the listed values."))
    return agency


def _province(e: v.Errors, name: str, value: Any) -> Province | None:
    if value in (None, ""):
        return None
    code = str(value)
    province = Province.objects.filter(pk=code).first() if code.isalnum() and len(code) <= 4 else None
    if province is None:
        e.add(name, _("Choose one of the listed values."))
    return province


def _may(actor: Any, perm: str, obj: Any = None) -> None:
    if actor is not None:
        v.require(actor, perm, obj)


def _audit(actor: Any, action: str, provider: ServiceProvider, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="provider",
        object_ids=[provider.pk],
        detail=detail,
        seal_change_of=provider,
    )


# --- providers -------------------------------------------------------------------------------------
def provider_values(provider: ServiceProvider) -> dict[str, Any]:
    """The stored values in the shape the services take (a form's initial values, a partial update's base)."""
    return {
        "name_vi": provider.name_vi,
        "name_en": provider.name_en,
        "kind": provider.kind,
        "agency_id": str(provider.agency_id) if provider.agency_id else "",
        "keeper_agency_id": str(provider.keeper_agency_id) if provider.keeper_agency_id else "",
        "province_id": provider.province_id or "",
        "address": provider.address,
        "phone": provider.phone,
        "hotline": provider.hotline,
        "email": provider.email,
        "website": provider.website,
        "contact_name": provider.contact_name,
        "hours": provider.hours,
        "languages": list(provider.languages or []),
        "notes": provider.notes,
        "response_days": provider.response_days,
    }


def _clean_provider(data: Mapping[str, Any]) -> tuple[dict[str, Any], v.Errors]:
    e = v.Errors()
    out: dict[str, Any] = {
        "name_vi": _line(e, "name_vi", data.get("name_vi"), limit=200, required=True),
        "name_en": _line(e, "name_en", data.get("name_en"), limit=200),
        "kind": v.choice(e, "kind", data.get("kind"), ProviderKind.values),
        "agency": _agency(e, "agency_id", data.get("agency_id")),
        "keeper_agency": _agency(e, "keeper_agency_id", data.get("keeper_agency_id")),
        "province": _province(e, "province_id", data.get("province_id")),
        "address": _line(e, "address", data.get("address"), limit=300),
        "phone": _line(e, "phone", data.get("phone"), limit=60),
        "hotline": _line(e, "hotline", data.get("hotline"), limit=60),
        "email": _email(e, "email", data.get("email")),
        "website": _url(e, "website", data.get("website")),
        "contact_name": _line(e, "contact_name", data.get("contact_name"), limit=200),
        "hours": _line(e, "hours", data.get("hours"), limit=200),
        "languages": v.choices(e, "languages", _list(data.get("languages")), Language.values),
        "notes": v.text(e, "notes", data.get("notes")),
    }
    days = _int(e, "response_days", data.get("response_days"), low=1, high=MAX_RESPONSE_DAYS)
    out["response_days"] = days if days is not None else 3
    return out, e


def _check_links(e: v.Errors, actor: Any, values: dict[str, Any], provider: ServiceProvider | None) -> None:
    """Which agency an entry belongs to, or which agency keeps it: a system administrator chooses; an
    agency administrator adds their own agency's entry or an outside organisation their agency keeps."""
    agency, keeper = values["agency"], values["keeper_agency"]
    agency_id, keeper_id = (agency.pk if agency else None), (keeper.pk if keeper else None)
    if actor is not None and not policy.is_system_admin(actor):
        if provider is None:
            if agency_id not in (None, actor.agency_id):
                e.add("agency_id", _("Only a system administrator links an entry to another agency."))
            if agency_id is None:
                values["keeper_agency"] = keeper = actor.agency
                keeper_id = actor.agency_id
        else:
            if agency_id != provider.agency_id:
                e.add("agency_id", _("Only a system administrator links an entry to another agency."))
            if keeper_id != provider.keeper_agency_id:
                e.add("keeper_agency_id", _("Only a system administrator hands an entry to another agency."))
    if agency is not None:
        taken = ServiceProvider.objects.filter(agency=agency)
        if provider is not None:
            taken = taken.exclude(pk=provider.pk)
        if taken.exists():
            e.add("agency_id", _("This agency already has its entry in the directory."))
        if keeper_id not in (None, agency_id):
            e.add("keeper_agency_id", _("A SafePath agency keeps its own entry."))


def provider_create(
    *, actor: Any, data: Mapping[str, Any], services: list[Mapping[str, Any]] | None = None
) -> ServiceProvider:
    """A new directory entry, with the services it offers (each checked like `service_save`)."""
    _may(actor, "directory.add_provider")
    values, e = _clean_provider(data)
    _check_links(e, actor, values, None)
    cleaned_services = []
    for index, item in enumerate(services or []):
        cleaned, se = _clean_service(item)
        for field, messages in se.items.items():
            for message in messages:
                e.add(f"services.{index}.{field}", message)
        cleaned_services.append(cleaned)
    e.raise_if_any()
    with transaction.atomic():
        provider = ServiceProvider(**values, created_by=actor if getattr(actor, "pk", None) else None)
        provider.save()
        for cleaned in cleaned_services:
            _write_service(ProviderService(provider=provider), cleaned)
        _audit(actor, Action.CREATE, provider, services=len(cleaned_services))
    return provider


def provider_update(
    *,
    actor: Any,
    provider: ServiceProvider,
    data: Mapping[str, Any],
    services: list[Mapping[str, Any]] | None = None,
) -> ServiceProvider:
    """Change an entry. `data` may hold only the fields to change; `services`, when given, replaces the offer."""
    _may(actor, "directory.change_provider", provider)
    merged = {**provider_values(provider), **{k: data[k] for k in data if k in PROVIDER_FIELDS}}
    values, e = _clean_provider(merged)
    _check_links(e, actor, values, provider)
    cleaned_services = []
    for index, item in enumerate(services or []):
        cleaned, se = _clean_service(item)
        for field, messages in se.items.items():
            for message in messages:
                e.add(f"services.{index}.{field}", message)
        cleaned_services.append(cleaned)
    e.raise_if_any()
    with transaction.atomic():
        provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
        changed = [k for k, value in values.items() if getattr(provider, k) != value]
        for key, value in values.items():
            setattr(provider, key, value)
        provider.save()
        if services is not None:
            provider.services.all().delete()
            for cleaned in cleaned_services:
                _write_service(ProviderService(provider=provider), cleaned)
        _audit(actor, Action.UPDATE, provider, fields=changed, services=len(cleaned_services) if services else None)
    return provider


def provider_set_active(*, actor: Any, provider: ServiceProvider, active: bool) -> ServiceProvider:
    """Deactivate an entry (it leaves the search; referrals already made keep it) or bring it back."""
    _may(actor, "directory.change_provider", provider)
    with transaction.atomic():
        provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
        if provider.is_active != active:
            provider.is_active = active
            provider.save(update_fields=["is_active", "updated_at"])
            _audit(actor, Action.UPDATE, provider, fields=["is_active"], active=active)
    return provider


def new_agency_entry(agency: Agency) -> ServiceProvider:
    """The entry of an agency that has none, saved, without its access-log row (the caller writes one)."""
    provider = ServiceProvider(
        agency=agency,
        name_vi=agency.name_vi,
        name_en=agency.name_en,
        kind=KIND_OF_AGENCY.get(agency.type, ProviderKind.OTHER),
        province_id=agency.province_id,
        languages=[Language.VIETNAMESE],
    )
    provider.save()
    return provider


def provider_for_agency(agency: Agency, *, actor: Any = None, refresh: bool = False) -> ServiceProvider:
    """The directory entry of a SafePath agency: created on first call (kind from the agency type), then returned.

    With `refresh=True` its names, province and status follow the agency's (after an agency is changed).
    `actor` is only recorded in the access log (the caller has checked who may do this).
    """
    with transaction.atomic():
        provider = ServiceProvider.objects.select_for_update().filter(agency=agency).first()
        if provider is None:
            provider = new_agency_entry(agency)
            _audit(actor, Action.CREATE, provider, agency=str(agency.pk))
        elif refresh:
            wanted = {
                "name_vi": agency.name_vi,
                "name_en": agency.name_en,
                "province_id": agency.province_id,
                "is_active": agency.is_active,  # a closed agency takes no referrals
            }
            changed = [k for k, x in wanted.items() if getattr(provider, k) != x]
            if changed:
                for k in changed:
                    setattr(provider, k, wanted[k])
                provider.save()
                _audit(actor, Action.UPDATE, provider, fields=changed)
    return provider


def agency_saved(agency: Agency, actor: Any) -> None:
    """An agency was created or changed: its directory entry exists and carries its names and province."""
    provider_for_agency(agency, actor=actor, refresh=True)


# --- services offered ------------------------------------------------------------------------------
def service_values(service: ProviderService) -> dict[str, Any]:
    return {
        "service_type": service.service_type,
        "description": service.description,
        "province_ids": [p.pk for p in service.provinces.all()],
        "nationwide": service.nationwide,
        "sexes": list(service.sexes or []),
        "min_age": service.min_age,
        "max_age": service.max_age,
        "legal_statuses": list(service.legal_statuses or []),
        "languages": list(service.languages or []),
        "capacity": service.capacity,
        "hours": service.hours,
        "cost": service.cost,
        "is_active": service.is_active,
    }


def _clean_service(data: Mapping[str, Any]) -> tuple[dict[str, Any], v.Errors]:
    e = v.Errors()
    codes = [str(c) for c in (_list(data.get("province_ids")) or [])]
    provinces = list(Province.objects.filter(pk__in=[c for c in codes if c.isalnum() and len(c) <= 4]))
    if len(provinces) != len(set(codes)):
        e.add("province_ids", _("Choose provinces from the list."))
    out: dict[str, Any] = {
        "service_type": v.choice(e, "service_type", data.get("service_type"), ServiceType.values),
        "description": v.text(e, "description", data.get("description"), limit=v.MAX_SHORT * 10),
        "provinces": provinces,
        "nationwide": _bool(data.get("nationwide")),
        "sexes": v.choices(e, "sexes", _list(data.get("sexes")), ELIGIBLE_SEXES),
        "min_age": _int(e, "min_age", data.get("min_age"), low=0, high=MAX_AGE),
        "max_age": _int(e, "max_age", data.get("max_age"), low=0, high=MAX_AGE),
        "legal_statuses": v.choices(e, "legal_statuses", _list(data.get("legal_statuses")), LegalStatus.values),
        "languages": v.choices(e, "languages", _list(data.get("languages")), Language.values),
        "capacity": _int(e, "capacity", data.get("capacity"), low=0, high=1_000_000),
        "hours": _line(e, "hours", data.get("hours"), limit=200),
        "cost": _line(e, "cost", data.get("cost"), limit=200),
        "is_active": _bool(data["is_active"]) if "is_active" in data else True,
    }
    if out["min_age"] is not None and out["max_age"] is not None and out["min_age"] > out["max_age"]:
        e.add("max_age", _("The upper age is below the lower age."))
    if not out["nationwide"] and not provinces and out["service_type"]:
        e.add("province_ids", _("Choose the provinces it serves, or tick nationwide."))
    return out, e


def _write_service(service: ProviderService, cleaned: dict[str, Any]) -> ProviderService:
    provinces = cleaned["provinces"]
    for key, value in cleaned.items():
        if key != "provinces":
            setattr(service, key, value)
    service.save()
    service.provinces.set([] if service.nationwide else provinces)
    return service


def service_save(
    *, actor: Any, provider: ServiceProvider, data: Mapping[str, Any], service: ProviderService | None = None
) -> ProviderService:
    """Add a service to an entry, or change one of its services (a partial `data` keeps the rest)."""
    _may(actor, "directory.change_provider", provider)
    if service is not None and service.provider_id != provider.pk:
        raise PermissionDenied
    base = service_values(service) if service is not None else {}
    cleaned, e = _clean_service({**base, **{k: data[k] for k in data if k in SERVICE_FIELDS}})
    e.raise_if_any()
    with transaction.atomic():
        saved = _write_service(service or ProviderService(provider=provider), cleaned)
        provider.save(update_fields=["updated_at"])
        _audit(
            actor,
            Action.UPDATE,
            provider,
            **{"service_added" if service is None else "service_changed": str(saved.pk)},
        )
    return saved


# --- the stakeholder network -----------------------------------------------------------------------
def _keeps_network(actor: Any, record: Any) -> None:
    """The agency's administrators keep its stakeholder network (policy: directory.change_network)."""
    if actor is None:
        return
    if not actor.has_perm("directory.change_network", record):
        raise PermissionDenied(_("You may not do this."))


def contact_values(contact: StakeholderContact) -> dict[str, Any]:
    return {
        "provider_id": str(contact.provider_id),
        "role": contact.role,
        "focal_point": contact.focal_point,
        "phone": contact.phone,
        "email": contact.email,
        "agreement": contact.agreement,
        "last_contact_on": contact.last_contact_on,
        "notes": contact.notes,
    }


def stakeholder_save(
    *, actor: Any, agency: Agency, data: Mapping[str, Any], contact: StakeholderContact | None = None
) -> StakeholderContact:
    """Add an organisation to the agency's stakeholder network, or change its row."""
    _keeps_network(actor, agency)
    if contact is not None and contact.agency_id != agency.pk:
        raise PermissionDenied
    merged = {**(contact_values(contact) if contact else {}), **{k: data[k] for k in data if k in CONTACT_FIELDS}}
    e = v.Errors()
    provider_id = merged.get("provider_id")
    provider = (
        ServiceProvider.objects.filter(pk=str(provider_id)).exclude(agency=agency).first()
        if policy.is_uuid(provider_id)
        else None
    )
    if provider is None:
        e.add("provider_id", _("Choose an organisation from the directory."))
    values = {
        "role": _line(e, "role", merged.get("role"), limit=200),
        "focal_point": _line(e, "focal_point", merged.get("focal_point"), limit=200),
        "phone": _line(e, "phone", merged.get("phone"), limit=60),
        "email": _email(e, "email", merged.get("email")),
        "agreement": _line(e, "agreement", merged.get("agreement"), limit=300),
        "last_contact_on": v.date(e, "last_contact_on", merged.get("last_contact_on")),
        "notes": v.text(e, "notes", merged.get("notes")),
    }
    if provider is not None:
        twin = StakeholderContact.objects.filter(agency=agency, provider=provider)
        if contact is not None:
            twin = twin.exclude(pk=contact.pk)
        if twin.exists():
            e.add("provider_id", _("This organisation is already in your network."))
    e.raise_if_any()
    with transaction.atomic():
        row = contact or StakeholderContact(agency=agency)
        row.provider = provider  # type: ignore[assignment]
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        audit_record(
            actor=actor,
            action=Action.CREATE if contact is None else Action.UPDATE,
            object_type="provider",
            object_ids=[row.provider_id],
            purpose="stakeholder_network",
            detail={"contact": str(row.pk)},
        )
    return row


def stakeholder_remove(*, actor: Any, contact: StakeholderContact) -> None:
    _keeps_network(actor, contact)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.DELETE,
            object_type="provider",
            object_ids=[contact.provider_id],
            purpose="stakeholder_network",
            detail={"contact": str(contact.pk)},
        )
        contact.delete()
