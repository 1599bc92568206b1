"""Service-directory pages: search by need and place, an entry with its services, keeping entries, the network."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.models import Agency
from safepath.cases.choices import LegalStatus
from safepath.core import policy
from safepath.directory import selectors, services
from safepath.directory.choices import Language
from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider
from safepath.people.models import Sex
from safepath.places.models import Province
from safepath.plans.choices import ServiceType

PAGE_SIZE = 25
LIST_FIELDS = ("languages", "province_ids", "sexes", "legal_statuses")


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _posted(request: HttpRequest, fields: tuple[str, ...]) -> dict[str, Any]:
    """The submitted values of the named fields (lists for the multi-choice ones)."""
    data: dict[str, Any] = {}
    for name in fields:
        if name in LIST_FIELDS:
            data[name] = request.POST.getlist(name)
        elif name in ("nationwide", "is_active"):
            data[name] = request.POST.get(name, "") == "on"
        else:
            data[name] = request.POST.get(name, "")
    return data


def _choices() -> dict[str, Any]:
    return {
        "service_types": ServiceType.choices,
        "provinces": list(Province.objects.values_list("code", "name")),
        "sexes": [(s, label) for s, label in Sex.choices if s in services.ELIGIBLE_SEXES],
        "legal_statuses": [(s, label) for s, label in LegalStatus.choices if s != LegalStatus.NOT_ASSESSED],
        "all_legal_statuses": LegalStatus.choices,
        "languages": Language.choices,
        "kinds": ProviderKind.choices,
    }


# --- search and read -------------------------------------------------------------------------------
@login_required
def provider_list(request: HttpRequest) -> HttpResponse:
    _need(request, "directory.view_provider")
    g = request.GET
    service_type = g.get("need", "") if g.get("need", "") in ServiceType.values else ""
    province = g.get("province", "")[:4]
    sex = g.get("sex", "") if g.get("sex", "") in Sex.values else ""
    legal_status = g.get("legal_status", "") if g.get("legal_status", "") in LegalStatus.values else ""
    language = g.get("language", "") if g.get("language", "") in Language.values else ""
    q = g.get("q", "")[:200]
    age_text = g.get("age", "").strip()
    age = int(age_text) if age_text.isdecimal() and len(age_text) <= 3 and int(age_text) <= services.MAX_AGE else None
    age_error = bool(age_text) and age is None
    outside = g.get("outside", "1") != "0"
    inactive = g.get("inactive") == "1" and request.user.has_perm("directory.add_provider")
    found = selectors.provider_search(
        user=request.user,
        service_type=service_type,
        province_id=province or None,
        sex=sex,
        age=age,
        legal_status=legal_status,
        language=language,
        q=q,
        include_outside=outside,
        include_inactive=inactive,
    )
    page = Paginator(found, PAGE_SIZE).get_page(g.get("page"))
    rows = [{"p": p, "services": selectors.provider_services_for(p, service_type)} for p in page.object_list]
    query = g.copy()
    query.pop("page", None)
    own = getattr(request.user, "agency", None)
    return render(
        request,
        "directory/provider_list.html",
        {
            **_choices(),
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "f": {
                "need": service_type,
                "province": province,
                "sex": sex,
                "age": age_text,
                "legal_status": legal_status,
                "language": language,
                "q": q,
                "outside": outside,
                "inactive": inactive,
            },
            "age_error": age_error,
            "searched": any([service_type, province, sex, age_text, legal_status, language, q]),
            "can_add": request.user.has_perm("directory.add_provider"),
            "own_missing": own is not None
            and request.user.has_perm("directory.add_provider")
            and not ServiceProvider.objects.filter(agency=own).exists(),
        },
    )


@login_required
def provider_detail(request: HttpRequest, pk: str) -> HttpResponse:
    provider = selectors.access_provider(user=request.user, provider_id=pk)
    contact = (
        selectors.stakeholder_network(user=request.user).filter(provider=provider).first()
        if request.user.agency_id
        else None
    )
    return render(
        request,
        "directory/provider_detail.html",
        {
            "provider": provider,
            "services": selectors.provider_services_for(provider, ""),
            "inactive_services": list(provider.services.filter(is_active=False)),
            "can_change": request.user.has_perm("directory.change_provider", provider),
            "contact": contact,
            "can_keep_network": selectors.may_keep_network(request.user),
        },
    )


# --- keep entries ----------------------------------------------------------------------------------
def _provider_form(
    request: HttpRequest, provider: ServiceProvider | None, values: dict[str, Any], errors: dict[str, list[str]]
) -> HttpResponse:
    is_admin = policy.is_system_admin(request.user)
    return render(
        request,
        "directory/provider_form.html",
        {
            **_choices(),
            "provider": provider,
            "v": values,
            "errors": errors,
            "is_system_admin": is_admin,
            "agencies": Agency.objects.order_by("code") if is_admin else [],
        },
        status=400 if errors else 200,
    )


@login_required
def provider_create(request: HttpRequest) -> HttpResponse:
    _need(request, "directory.add_provider")
    values: dict[str, Any] = {"languages": [Language.VIETNAMESE], "response_days": 3, "kind": ProviderKind.NGO}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request, services.PROVIDER_FIELDS)
        if not policy.is_system_admin(request.user):
            values.pop("agency_id", None)
            values.pop("keeper_agency_id", None)
        try:
            provider = services.provider_create(actor=request.user, data=values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The organisation was added. Now add the services it offers."))
            return redirect("directory:detail", pk=provider.pk)
    return _provider_form(request, None, values, errors)


@login_required
def provider_edit(request: HttpRequest, pk: str) -> HttpResponse:
    provider = selectors.access_provider(user=request.user, provider_id=pk)
    _need(request, "directory.change_provider", provider)
    values = services.provider_values(provider)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        posted = _posted(request, services.PROVIDER_FIELDS)
        if not policy.is_system_admin(request.user):
            posted.pop("agency_id", None)
            posted.pop("keeper_agency_id", None)
        values = {**values, **posted}
        try:
            services.provider_update(actor=request.user, provider=provider, data=posted)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("directory:detail", pk=provider.pk)
    return _provider_form(request, provider, values, errors)


@login_required
def provider_deactivate(request: HttpRequest, pk: str) -> HttpResponse:
    """Asks first; the entry leaves the search but stays readable, and can be brought back."""
    provider = selectors.access_provider(user=request.user, provider_id=pk)
    _need(request, "directory.change_provider", provider)
    if request.method == "POST":
        services.provider_set_active(actor=request.user, provider=provider, active=False)
        messages.success(request, _("The entry was deactivated: it no longer appears in searches."))
        return redirect("directory:detail", pk=provider.pk)
    return render(request, "directory/provider_deactivate.html", {"provider": provider})


@login_required
@require_POST
def provider_reactivate(request: HttpRequest, pk: str) -> HttpResponse:
    provider = selectors.access_provider(user=request.user, provider_id=pk)
    _need(request, "directory.change_provider", provider)
    services.provider_set_active(actor=request.user, provider=provider, active=True)
    messages.success(request, _("The entry is active again."))
    return redirect("directory:detail", pk=provider.pk)


@login_required
@require_POST
def provider_own(request: HttpRequest) -> HttpResponse:
    """An agency administrator whose agency has no entry yet creates it, then describes it."""
    _need(request, "directory.add_provider")
    if request.user.agency is None:
        raise PermissionDenied
    provider = services.provider_for_agency(request.user.agency, actor=request.user)
    return redirect("directory:edit", pk=provider.pk)


def _service_form(
    request: HttpRequest,
    provider: ServiceProvider,
    service: ProviderService | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
) -> HttpResponse:
    return render(
        request,
        "directory/service_form.html",
        {**_choices(), "provider": provider, "service": service, "v": values, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def service_create(request: HttpRequest, pk: str) -> HttpResponse:
    provider = selectors.access_provider(user=request.user, provider_id=pk)
    _need(request, "directory.change_provider", provider)
    values: dict[str, Any] = {"province_ids": [provider.province_id] if provider.province_id else [], "is_active": True}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request, services.SERVICE_FIELDS)
        values["is_active"] = True
        try:
            services.service_save(actor=request.user, provider=provider, data=values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The service was added."))
            return redirect("directory:detail", pk=provider.pk)
    return _service_form(request, provider, None, values, errors)


@login_required
def service_edit(request: HttpRequest, pk: str) -> HttpResponse:
    service = selectors.access_provider_service(user=request.user, service_id=pk)
    provider = service.provider
    _need(request, "directory.change_provider", provider)
    values = services.service_values(service)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request, services.SERVICE_FIELDS)
        try:
            services.service_save(actor=request.user, provider=provider, service=service, data=values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The service was saved."))
            return redirect("directory:detail", pk=provider.pk)
    return _service_form(request, provider, service, values, errors)


# --- the stakeholder network -----------------------------------------------------------------------
@login_required
def network(request: HttpRequest) -> HttpResponse:
    _need(request, "directory.view_provider")
    return render(
        request,
        "directory/network.html",
        {
            "rows": selectors.stakeholder_network(user=request.user),
            "agency": request.user.agency,
            "can_edit": selectors.may_keep_network(request.user),
        },
    )


def _network_form(
    request: HttpRequest, contact: Any, values: dict[str, Any], errors: dict[str, list[str]]
) -> HttpResponse:
    taken = set(selectors.stakeholder_network(user=request.user).values_list("provider_id", flat=True))
    options = [
        p
        for p in selectors.providers_for_choice(user=request.user).exclude(agency_id=request.user.agency_id)
        if p.pk not in taken or (contact is not None and p.pk == contact.provider_id)
    ]
    return render(
        request,
        "directory/network_form.html",
        {"contact": contact, "v": values, "errors": errors, "providers": options},
        status=400 if errors else 200,
    )


@login_required
def network_add(request: HttpRequest) -> HttpResponse:
    if not selectors.may_keep_network(request.user):
        raise PermissionDenied
    values: dict[str, Any] = {"provider_id": request.GET.get("provider", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request, services.CONTACT_FIELDS)
        try:
            services.stakeholder_save(actor=request.user, agency=request.user.agency, data=values)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The organisation was added to your network."))
            return redirect("directory:network")
    return _network_form(request, None, values, errors)


@login_required
def network_edit(request: HttpRequest, pk: str) -> HttpResponse:
    contact = selectors.access_stakeholder(user=request.user, contact_id=pk)
    if not selectors.may_keep_network(request.user):
        raise PermissionDenied
    values = services.contact_values(contact)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _posted(request, services.CONTACT_FIELDS)
        try:
            services.stakeholder_save(actor=request.user, agency=request.user.agency, data=values, contact=contact)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The row was saved."))
            return redirect("directory:network")
    return _network_form(request, contact, values, errors)


@login_required
def network_remove(request: HttpRequest, pk: str) -> HttpResponse:
    contact = selectors.access_stakeholder(user=request.user, contact_id=pk)
    if not selectors.may_keep_network(request.user):
        raise PermissionDenied
    if request.method == "POST":
        services.stakeholder_remove(actor=request.user, contact=contact)
        messages.success(request, _("The organisation was taken out of your network."))
        return redirect("directory:network")
    return render(request, "directory/network_remove.html", {"contact": contact})
