"""Reading the service directory: search by need, place and eligibility; one entry; an agency's network.

The directory lists organisations, not persons: reading it is not written to the access log. Who
sees it is still the policy module's call (`provider_scope`: every active staff member).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from safepath.core import policy
from safepath.core.normalize import fold
from safepath.directory.choices import Language
from safepath.directory.models import ProviderService, ServiceProvider, StakeholderContact

# A person's sex the directory cannot filter on: a rule "for women" neither includes nor excludes them.
UNFILTERED_SEXES = frozenset({"", "unknown"})


def _json_has(field: str, code: str) -> Q:
    """A JSON list column holding `code`: the quoted code in its text, which works on SQLite and PostgreSQL
    alike (codes are plain [a-z_] words, so '"male"' never matches inside '"female"')."""
    return Q(**{f"{field}__icontains": f'"{code}"'})


def _matching_services(
    *, service_type: str, province_id: Any, sex: str, age: int | None, legal_status: str, language: str
) -> QuerySet[ProviderService]:
    """Active services that fit the need and the person; empty eligibility lists mean anyone."""
    qs = ProviderService.objects.filter(is_active=True)
    if service_type:
        qs = qs.filter(service_type=service_type)
    if province_id:
        qs = qs.filter(Q(nationwide=True) | Q(provinces=province_id))
    if sex not in UNFILTERED_SEXES:
        qs = qs.filter(Q(sexes=[]) | _json_has("sexes", sex))
    if age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age))
        qs = qs.filter(Q(max_age__isnull=True) | Q(max_age__gte=age))
    if legal_status:
        qs = qs.filter(Q(legal_statuses=[]) | _json_has("legal_statuses", legal_status))
    if language:
        # The service's own languages; when it names none, the provider's; when neither does, Vietnamese.
        spoken = _json_has("languages", language) | (Q(languages=[]) & _json_has("provider__languages", language))
        if language == Language.VIETNAMESE:
            spoken |= Q(languages=[], provider__languages=[])
        qs = qs.filter(spoken)
    return qs


def _services_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "services",
        queryset=ProviderService.objects.filter(is_active=True).prefetch_related("provinces").order_by("service_type"),
    )


def provider_search(
    *,
    user: Any,
    service_type: str = "",
    province_id: Any = None,
    sex: str = "",
    age: int | None = None,
    legal_status: str = "",
    language: str = "",
    q: str = "",
    include_outside: bool = True,
    include_inactive: bool = False,
) -> QuerySet[ServiceProvider]:
    """Providers with an active service that fits: the need (a plans ServiceType), the province, the person's
    sex, age, legal status (cases LegalStatus) and language; `q` searches names, address, notes and service
    descriptions, forgiving accents and case ("benh vien lao cai"). Each provider once, its active services
    prefetched (`provider_services_for` picks the matching ones), those serving the province itself first,
    then those serving it nationwide, each group by name. `include_outside=False` keeps SafePath agencies only.
    """
    province_id = str(province_id) if province_id else None
    if province_id and not (province_id.isalnum() and len(province_id) <= 4):
        return ServiceProvider.objects.none()
    q = (q or "").replace("\x00", "")
    qs = ServiceProvider.objects.filter(policy.provider_scope(user))
    if not include_inactive:
        qs = qs.filter(is_active=True).filter(Q(agency__isnull=True) | Q(agency__is_active=True))
    if not include_outside:
        qs = qs.filter(agency__isnull=False)
    filtered = any([service_type, province_id, sex not in UNFILTERED_SEXES, age is not None, legal_status, language])
    services = _matching_services(
        service_type=service_type,
        province_id=province_id,
        sex=sex,
        age=age,
        legal_status=legal_status,
        language=language,
    )
    if filtered:
        qs = qs.filter(pk__in=services.values("provider_id"))
    for token in fold(q or "").split()[:8]:
        in_services = ProviderService.objects.filter(is_active=True, search_text__contains=token)
        qs = qs.filter(Q(search_text__contains=token) | Q(pk__in=in_services.values("provider_id")))
    qs = qs.select_related("agency", "province", "keeper_agency").prefetch_related(_services_prefetch())
    if province_id:
        local = services.filter(provider=OuterRef("pk"), provinces=province_id)
        return qs.annotate(serves_province=Exists(local)).order_by("-serves_province", "sort_key", "name_vi").distinct()
    return qs.order_by("sort_key", "name_vi").distinct()


def provider_services_for(provider: ServiceProvider, service_type: str) -> list[ProviderService]:
    """The provider's active services of one type (all its active services for an empty type), from the
    prefetched list when `provider_search` or `access_provider` loaded it."""
    cache = getattr(provider, "_prefetched_objects_cache", {})
    rows = list(cache["services"]) if "services" in cache else list(provider.services.filter(is_active=True))
    return [s for s in rows if s.is_active and (not service_type or s.service_type == service_type)]


def access_provider(*, user: Any, provider_id: Any) -> ServiceProvider:
    """One entry with its active services and their provinces; 404 for missing and not visible alike."""
    if not policy.is_uuid(provider_id):
        raise Http404
    provider = (
        ServiceProvider.objects.filter(policy.provider_scope(user))
        .filter(pk=str(provider_id))
        .select_related("agency", "province", "keeper_agency", "created_by")
        .prefetch_related(_services_prefetch())
        .first()
    )
    if provider is None or not user.has_perm("directory.view_provider", provider):
        raise Http404
    return provider


def access_provider_service(*, user: Any, service_id: Any) -> ProviderService:
    if not policy.is_uuid(service_id):
        raise Http404
    service = ProviderService.objects.select_related("provider").filter(pk=str(service_id)).first()
    if service is None or not user.has_perm("directory.view_provider", service.provider):
        raise Http404
    return service


def providers_for_choice(*, user: Any) -> QuerySet[ServiceProvider]:
    """Active entries for a drop-down (feedback, the stakeholder network): SafePath agencies first."""
    return (
        ServiceProvider.objects.filter(policy.provider_scope(user), is_active=True)
        .select_related("agency")
        .annotate(outside=Case(When(agency__isnull=True, then=Value(1)), default=Value(0)))
        .order_by("outside", "sort_key")
    )


def stakeholder_network(*, user: Any) -> QuerySet[StakeholderContact]:
    """The user's agency's stakeholder network, by organisation name."""
    return (
        StakeholderContact.objects.filter(policy.network_scope(user))
        .select_related("provider", "provider__province", "provider__agency")
        .order_by("provider__sort_key")
    )


def access_stakeholder(*, user: Any, contact_id: Any) -> StakeholderContact:
    if not policy.is_uuid(contact_id):
        raise Http404
    contact = stakeholder_network(user=user).filter(pk=str(contact_id)).first()
    if contact is None:
        raise Http404
    return contact


def may_keep_network(user: Any) -> bool:
    """Who edits the network page: their own agency's, by directory.change_network."""
    return user.agency is not None and bool(user.has_perm("directory.change_network", user.agency))
