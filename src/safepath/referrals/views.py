"""Referral and transfer pages: send from a case, answer from the inbox, follow the status, print."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.models import Agency
from safepath.cases.choices import CaseType, ConsentPurpose, Urgency
from safepath.cases.pdf import render_pdf
from safepath.cases.selectors import access_case_by_id, agency_workers
from safepath.core import policy
from safepath.directory.models import ServiceProvider
from safepath.plans.choices import ServiceType
from safepath.referrals import selectors, services, sharing
from safepath.referrals.choices import DeclineReason, ReferralOutcome, ReferralStatus, TransferStatus


def _consent_link(case: Any, purpose: str, *, agency: Any = None, other: str = "") -> str:
    """The case page's consent form, filled in for the recipient the referral or transfer needs."""
    params = {"consent_purpose": purpose}
    if agency is not None:
        params["consent_agency"] = str(agency.pk)
    if other:
        params["consent_other"] = other
    return f"{reverse('cases:case_detail', args=[case.pk])}?{urlencode(params)}#consents"


def _planned_service(case: Any, service_id: str) -> Any:
    from safepath.plans.models import PlannedService

    if not service_id or not policy.is_uuid(service_id):
        return None
    return PlannedService.objects.select_related("goal__plan").filter(pk=service_id, goal__plan__case=case).first()


@login_required
def referral_new(request: HttpRequest, case_id: str) -> HttpResponse:
    """Step by step on one page: the service, a provider from the directory, the fields to share."""
    from safepath.directory.selectors import provider_search

    case = access_case_by_id(user=request.user, case_id=case_id, purpose="referral")
    if not request.user.has_perm("referrals.add_referral", case):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    planned = _planned_service(case, data.get("planned_service", ""))
    service_type = data.get("service_type") or (planned.service_type if planned else "")
    if service_type not in ServiceType.values:
        service_type = ""
    province = data.get("province") or case.person.origin_province_id or (case.agency.province_id or "")
    providers = (
        list(
            provider_search(
                user=request.user, service_type=service_type, province_id=province or None, include_outside=True
            ).exclude(agency_id=case.agency_id)[:30]
        )
        if service_type
        else []
    )
    chosen_fields = data.getlist("fields") if "fields" in data else sharing.defaults_for(service_type or "other")
    errors: dict[str, list[str]] = {}
    consent_needed = ""
    if request.method == "POST":
        provider = (
            ServiceProvider.objects.select_related("agency")
            .filter(pk=data.get("provider") if policy.is_uuid(data.get("provider")) else None)
            .first()
        )
        try:
            referral = services.referral_create(
                actor=request.user,
                case=case,
                provider=provider,
                service_type=service_type,
                fields=chosen_fields,
                note=data.get("note", ""),
                planned_service=planned,
                urgency=data.get("urgency", Urgency.NORMAL),
                answer_by=data.get("answer_by", ""),
            )
        except services.ConsentMissing as exc:
            errors = exc.message_dict
            assert provider is not None
            outside = provider.agency_id is None
            consent_needed = _consent_link(
                case,
                ConsentPurpose.REFERRAL,
                agency=None if outside else provider.agency,
                other=provider.name_vi if outside else "",
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            if referral.outside:
                messages.success(request, _("Referral saved. Print the referral form and give it to the organisation."))
            else:
                messages.success(request, _("Referral sent. You will be notified when it is answered."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {
            "case": case,
            "planned": planned,
            "service_type": service_type,
            "service_types": ServiceType.choices,
            "province": province,
            "providers": providers,
            "chosen_provider": data.get("provider", ""),
            "fields": [{"code": f.code, "label": f.label, "checked": f.code in chosen_fields} for f in sharing.FIELDS],
            "defaults": sharing.defaults_for(service_type or "other"),
            "urgencies": Urgency.choices,
            "urgency": data.get("urgency", Urgency.NORMAL),
            "note": data.get("note", ""),
            "answer_by": data.get("answer_by", ""),
            "errors": errors,
            "consent_needed": consent_needed,
        },
    )


@login_required
def referral_detail(request: HttpRequest, pk: str) -> HttpResponse:
    referral = selectors.access_referral(user=request.user, referral_id=pk)
    user = request.user
    side = selectors.side_of(user, referral)
    can_answer = (
        user.has_perm("referrals.change_referral", referral)
        if referral.outside
        else user.has_perm("referrals.answer_referral", referral)
    )
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "side": side,
            "shared": selectors.shared_rows(referral),
            "consent_in_force": referral.consent.is_active_on(timezone.localdate()),
            "events": list(referral.events.select_related("actor")),
            "can_answer": can_answer and referral.status != ReferralStatus.CONSENT_WITHDRAWN,
            "can_withdraw": side == "sender" and user.has_perm("referrals.change_referral", referral),
            "can_open_case": (
                side == "receiver"
                and not referral.outside
                and user.has_perm("referrals.answer_referral", referral)
                and user.has_perm("cases.add_case")
                and referral.receiver_case_id is None
                and referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.BOOKED, ReferralStatus.DELIVERED)
            ),
            "decline_reasons": DeclineReason.choices,
            "outcomes": ReferralOutcome.choices,
            "case_types": CaseType.choices,
            "today": timezone.localdate(),
        },
    )


def _dispatch(
    request: HttpRequest, actions: dict[str, Callable[[], Any]], done: dict[str, str], back: str
) -> HttpResponse:
    action = request.resolver_match.kwargs.get("action", "") if request.resolver_match else ""
    if action not in actions:
        raise Http404
    try:
        result = actions[action]()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        messages.success(request, done[action])
        if action == "open_case":
            return redirect("cases:case_detail", case_id=result.pk)
    return redirect(back)


@login_required
@require_POST
def referral_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    referral = selectors.access_referral(user=request.user, referral_id=pk, purpose=action)
    p, u = request.POST, request.user
    actions: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.referral_answer(actor=u, referral=referral, accept=True, note=p.get("note", "")),
        "decline": lambda: services.referral_answer(
            actor=u, referral=referral, accept=False, reason=p.get("reason", ""), note=p.get("note", "")
        ),
        "book": lambda: services.referral_book(
            actor=u, referral=referral, booked_for=p.get("booked_for", ""), note=p.get("note", "")
        ),
        "deliver": lambda: services.referral_deliver(
            actor=u,
            referral=referral,
            delivered_on=p.get("delivered_on", ""),
            outcome=p.get("outcome", ""),
            note=p.get("note", ""),
        ),
        "withdraw": lambda: services.referral_withdraw(actor=u, referral=referral, note=p.get("note", "")),
        "open_case": lambda: services.referral_open_case(actor=u, referral=referral, case_type=p.get("case_type", "")),
    }
    done = {
        "accept": _("Referral accepted. The sender has been told."),
        "decline": _("Referral declined. The sender has been told."),
        "book": _("Booking recorded."),
        "deliver": _("Service recorded as delivered."),
        "withdraw": _("Referral withdrawn; the receiver no longer sees the shared details."),
        "open_case": _("A case was opened in your agency from the shared details."),
    }
    return _dispatch(request, actions, done, reverse("referrals:detail", args=[referral.pk]))


@login_required
def referral_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    """The referral form for an organisation outside SafePath: the shared fields and nothing else."""
    referral = selectors.access_referral(user=request.user, referral_id=pk, purpose="pdf")
    context = {
        "referral": referral,
        "shared": selectors.shared_rows(referral),
        "printed_at": timezone.localtime(),
    }
    pdf = render_pdf("referrals/pdf/referral.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{referral.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("referrals.view_inbox"):
        raise PermissionDenied
    status = request.GET.get("status", "open")
    page = selectors.inbox(user=request.user, status=status, page=request.GET.get("page"))
    rows = [{"r": r, "name": sharing.BY_CODE["full_name"].show(r.shared.get("full_name"))} for r in page.object_list]
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": ReferralStatus.choices,
            "transfers": selectors.transfer_inbox(user=request.user).object_list
            if policy.writes_cases(request.user)
            else [],
            "today": timezone.localdate(),
        },
    )


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    if not policy.writes_cases(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "open")
    page = selectors.sent(user=request.user, status=status, page=request.GET.get("page"))
    return render(
        request,
        "referrals/sent.html",
        {
            "page": page,
            "status": status,
            "statuses": ReferralStatus.choices,
            "today": timezone.localdate(),
            "moved": selectors.transfers_out(user=request.user),
        },
    )


# --- transfers ----------------------------------------------------------------------------------------
@login_required
def transfer_new(request: HttpRequest, case_id: str) -> HttpResponse:
    case = access_case_by_id(user=request.user, case_id=case_id, purpose="transfer")
    if not request.user.has_perm("referrals.add_transfer", case):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    agencies = Agency.objects.filter(is_active=True).exclude(pk=case.agency_id).order_by("code")
    chosen_fields = data.getlist("fields") if "fields" in data else list(sharing.TRANSFER_DEFAULTS)
    errors: dict[str, list[str]] = {}
    consent_needed = ""
    to_agency = agencies.filter(pk=data.get("to_agency")).first() if policy.is_uuid(data.get("to_agency")) else None
    if request.method == "POST":
        try:
            transfer = services.transfer_start(
                actor=request.user, case=case, to_agency=to_agency, note=data.get("note", ""), fields=chosen_fields
            )
        except services.ConsentMissing as exc:
            errors = exc.message_dict
            consent_needed = _consent_link(case, ConsentPurpose.TRANSFER, agency=to_agency)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Transfer requested. The receiving agency's supervisors have been told."))
            return redirect("referrals:transfer", pk=transfer.pk)
    return render(
        request,
        "referrals/transfer_new.html",
        {
            "case": case,
            "agencies": agencies,
            "to_agency": to_agency,
            "fields": [{"code": f.code, "label": f.label, "checked": f.code in chosen_fields} for f in sharing.FIELDS],
            "note": data.get("note", ""),
            "errors": errors,
            "consent_needed": consent_needed,
        },
    )


@login_required
def transfer_detail(request: HttpRequest, pk: str) -> HttpResponse:
    transfer = selectors.access_transfer(user=request.user, transfer_id=pk)
    user = request.user
    can_answer = user.has_perm("referrals.answer_transfer", transfer) and transfer.status == TransferStatus.PENDING
    return render(
        request,
        "referrals/transfer_detail.html",
        {
            "transfer": transfer,
            "side": selectors.side_of(user, transfer),
            "shared": selectors.shared_rows(transfer),
            "can_answer": can_answer,
            "can_cancel": transfer.status == TransferStatus.PENDING
            and user.has_perm("referrals.add_transfer", transfer.case),
            "workers": [w for w in agency_workers(user=user) if "caseworker" in w.role_codes] if can_answer else [],
            "decline_reasons": DeclineReason.choices,
        },
    )


@login_required
@require_POST
def transfer_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    transfer = selectors.access_transfer(user=request.user, transfer_id=pk)
    p, u = request.POST, request.user
    actions: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.transfer_answer(
            actor=u, transfer=transfer, accept=True, caseworker_id=p.get("caseworker") or None, note=p.get("note", "")
        ),
        "decline": lambda: services.transfer_answer(
            actor=u, transfer=transfer, accept=False, reason=p.get("reason", ""), note=p.get("note", "")
        ),
        "cancel": lambda: services.transfer_cancel(actor=u, transfer=transfer),
    }
    done = {
        "accept": _("Transfer accepted: the case is now with your agency."),
        "decline": _("Transfer declined. The sending agency has been told."),
        "cancel": _("Transfer cancelled."),
    }
    response = _dispatch(request, actions, done, reverse("referrals:transfer", args=[transfer.pk]))
    if action == "accept":
        transfer.refresh_from_db()
        if transfer.status == TransferStatus.ACCEPTED:
            return redirect("cases:case_detail", case_id=transfer.case_id)
    return response
