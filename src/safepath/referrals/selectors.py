"""Reading referrals and transfers: the sender through the case, the receiver through its inbox.

The receiving side never gets the case: only the referral's copy of the shared fields, and only
while the consent it rests on is in force.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.referrals import sharing
from safepath.referrals.choices import ReferralStatus, TransferStatus
from safepath.referrals.models import CaseTransfer, Referral

PAGE_SIZE = 25
_RELATED = ("case", "case__person", "from_agency", "to_agency", "sent_by", "answered_by", "consent")


def _get(model: Any, pk: Any, *related: str) -> Any:
    if not policy.is_uuid(pk):
        raise Http404
    obj = model.objects.select_related(*_RELATED, *related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def side_of(user: Any, record: Any) -> str:
    """ "sender" when the user reads it through the case it was sent from, else "receiver"."""
    return "sender" if policy.sent_from_viewable_case(user, record) else "receiver"


def shared_rows(record: Any) -> list[dict[str, str]]:
    """What the receiving side may see: the shared copy, while the consent is in force."""
    if not record.consent.is_active_on(timezone.localdate()):
        return []
    return sharing.rows(record.fields, record.shared or {})


def access_referral(*, user: Any, referral_id: Any, purpose: str = "view") -> Referral:
    referral: Referral = _get(Referral, referral_id, "provider")
    if not user.has_perm("referrals.view_referral", referral):
        raise Http404
    audit_record(
        actor=user,
        action=Action.EXPORT if purpose == "pdf" else Action.VIEW,
        object_type="referral",
        object_ids=[referral.pk],
        purpose=purpose,
        detail={"side": side_of(user, referral), "fields": list(referral.fields)},
        also={"person": [referral.case.person_id]},
    )
    return referral


def access_transfer(*, user: Any, transfer_id: Any) -> CaseTransfer:
    transfer: CaseTransfer = _get(CaseTransfer, transfer_id)
    if not user.has_perm("referrals.view_transfer", transfer):
        raise Http404
    audit_record(
        actor=user,
        action=Action.VIEW,
        object_type="transfer",
        object_ids=[transfer.pk],
        detail={"side": side_of(user, transfer), "fields": list(transfer.fields)},
        also={"person": [transfer.case.person_id]},
    )
    return transfer


def _page(qs: QuerySet[Any], page: Any) -> Page[Any]:
    return Paginator(qs, PAGE_SIZE).get_page(page)


def inbox(*, user: Any, status: str = "open", page: Any = 1) -> Page[Referral]:
    """Referrals addressed to the user's agency. Names shown are the shared copy, audited as a list read."""
    # The case is loaded for side_of (the receiver's rows say "receiver"), never shown.
    related = ("from_agency", "to_agency", "provider", "consent", "case")
    qs = Referral.objects.filter(policy.inbox_scope(user)).select_related(*related)
    if status == "open":
        qs = qs.filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.BOOKED])
    elif status in ReferralStatus.values:
        qs = qs.filter(status=status)
    result = _page(qs.order_by("status", "answer_by", "-sent_at"), page)
    ids = [r.pk for r in result.object_list]
    if ids:
        audit_record(actor=user, action=Action.VIEW, object_type="referral", object_ids=ids, purpose="inbox")
    return result


def sent(*, user: Any, status: str = "open", page: Any = 1) -> Page[Referral]:
    qs = Referral.objects.filter(policy.sent_scope(user)).select_related("from_agency", "provider", "to_agency", "case")
    if status == "open":
        qs = qs.filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.BOOKED])
    elif status == "overdue":
        qs = qs.filter(status=ReferralStatus.SENT, answer_by__lt=timezone.localdate())
    elif status in ReferralStatus.values:
        qs = qs.filter(status=status)
    return _page(qs.order_by("answer_by", "-sent_at"), page)


def case_referrals(*, case: Any) -> list[Referral]:
    """The referrals sent from a case already opened (and audited) by the caller."""
    qs = Referral.objects.filter(case=case).select_related("provider", "from_agency", "to_agency", "consent")
    rows = list(qs.order_by("-sent_at"))
    for r in rows:
        r.case = case  # already open: not read again for each row
    return rows


def case_transfers(*, case: Any) -> list[CaseTransfer]:
    return list(CaseTransfer.objects.filter(case=case).select_related("from_agency", "to_agency").order_by("-sent_at"))


def transfer_inbox(*, user: Any, page: Any = 1) -> Page[CaseTransfer]:
    if not (policy.is_active_staff(user) and policy.writes_cases(user)):
        qs = CaseTransfer.objects.none()
    else:
        qs = CaseTransfer.objects.filter(to_agency_id=user.agency_id).select_related("from_agency", "consent")
    return _page(qs.order_by("status", "answer_by"), page)


def transfers_out(*, user: Any) -> list[CaseTransfer]:
    """Cases the user worked on before they moved: the way back to their history."""
    if user.agency_id is None:
        return []
    qs = CaseTransfer.objects.filter(status=TransferStatus.ACCEPTED, from_agency_id=user.agency_id).filter(
        Q(from_caseworker_id=user.pk) | Q(from_supervisor_id=user.pk)
    )
    return list(qs.select_related("case", "to_agency").order_by("-answered_at")[:50])


def accepted_transfer_for(*, user: Any, case: Any) -> CaseTransfer | None:
    """The transfer that moved the case away from the user's team (the end of what they may read)."""
    return (
        CaseTransfer.objects.filter(case=case, status=TransferStatus.ACCEPTED, from_agency_id=user.agency_id)
        .filter(Q(from_caseworker_id=user.pk) | Q(from_supervisor_id=user.pk))
        .order_by("-answered_at")
        .first()
    )


def counts_for_home(*, user: Any) -> dict[str, int]:
    today = timezone.localdate()
    inbox_qs = Referral.objects.filter(policy.inbox_scope(user))
    return {
        "waiting": inbox_qs.filter(status=ReferralStatus.SENT).count(),
        "overdue_sent": Referral.objects.filter(
            policy.sent_scope(user), status=ReferralStatus.SENT, answer_by__lt=today
        ).count(),
        "transfers": CaseTransfer.objects.filter(to_agency_id=user.agency_id, status=TransferStatus.PENDING).count()
        if policy.is_supervisor(user)
        else 0,
    }
