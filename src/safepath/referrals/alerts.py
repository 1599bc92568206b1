"""Referrals and transfers with no answer in the agreed time: tell the sender, once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from safepath.notifications.services import notify
from safepath.referrals.choices import ReferralStatus, TransferStatus
from safepath.referrals.models import CaseTransfer, Referral
from safepath.referrals.services import referral_params, transfer_params


def sweep(*, today: dt.date) -> int:
    raised = 0
    overdue = Referral.objects.filter(status=ReferralStatus.SENT, answer_by__lt=today).select_related(
        "case__caseworker", "sent_by", "from_agency", "to_agency", "provider"
    )
    for r in overdue:
        raised += len(
            notify(
                recipients=[u for u in (r.sent_by, r.case.caseworker) if u is not None],
                kind="referral_overdue",
                target_url=reverse("referrals:detail", args=[r.pk]),
                params=referral_params(r),
                dedupe_key=f"referral_overdue:{r.pk}",
            )
        )
    late = CaseTransfer.objects.filter(status=TransferStatus.PENDING, answer_by__lt=today).select_related(
        "sent_by", "from_agency", "to_agency"
    )
    for t in late:
        raised += len(
            notify(
                recipients=[t.sent_by] if t.sent_by else [],
                kind="transfer_overdue",
                target_url=reverse("referrals:transfer", args=[t.pk]),
                params=transfer_params(t),
                dedupe_key=f"transfer_overdue:{t.pk}",
            )
        )
    return raised
