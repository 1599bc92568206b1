"""Demo referrals and transfers: one-stop offices and resource centres refer returnees to the Lao Cai
reception centre and to outside services, each with the person's recorded consent; some answered,
one overdue; one transfer from the reception centre to a home-province social service waits.

Written with the ORM, like the rest of the demo casework: through the services every row would write
an access-log entry claiming that staff did what nobody did.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from safepath.accounts.models import Agency, User
from safepath.cases.choices import CaseStatus, ConsentMethod, ConsentPurpose
from safepath.cases.models import Case, CaseEvent, Consent
from safepath.directory.models import ServiceProvider
from safepath.referrals import sharing
from safepath.referrals.choices import ReferralOutcome, ReferralStatus, TransferStatus
from safepath.referrals.models import CaseTransfer, ReferenceSequence, Referral, ReferralEvent


def _open_cases(agency: Agency, n: int) -> list[Case]:
    qs = Case.objects.filter(agency=agency, highly_sensitive=False).exclude(status=CaseStatus.CLOSED)
    return list(qs.select_related("person", "caseworker", "agency").order_by("-opened_on")[:n])


def _consent(case: Case, purpose: str, *, agency: Agency | None, other: str, on: dt.date) -> Consent:
    return Consent.objects.create(
        person=case.person,
        case=case,
        purpose=purpose,
        recipient_agency=agency,
        recipient_other=other,
        method=ConsentMethod.WRITTEN,
        given_on=on,
        recorded_by=case.caseworker,
    )


class _Numbers:
    def __init__(self, year: int) -> None:
        self.year, self.last = year, {}  # type: ignore[var-annotated]

    def next(self, agency: Agency, prefix: str) -> str:
        key = (agency.pk, prefix)
        self.last[key] = self.last.get(key, 0) + 1
        return f"{prefix}{self.year % 100:02d}-{agency.code}-{self.last[key]:05d}"

    def save(self) -> None:
        ReferenceSequence.objects.bulk_create(
            [ReferenceSequence(agency_id=a, year=self.year, prefix=p, last=n) for (a, p), n in self.last.items()]
        )


def load_demo(
    *, agencies: dict[str, Agency], users: dict[str, User], today: dt.date, rng: random.Random
) -> dict[str, int]:
    centre = agencies.get("LC-RC")
    provider = ServiceProvider.objects.filter(agency=centre).first() if centre else None
    if centre is None or provider is None:
        return {}
    numbers = _Numbers(today.year)
    outside = list(ServiceProvider.objects.filter(agency__isnull=True, is_active=True).prefetch_related("services")[:8])
    now = timezone.now()
    made = 0
    plan = [
        (ReferralStatus.SENT, 1),
        (ReferralStatus.SENT, 6),  # overdue: no answer in time
        (ReferralStatus.ACCEPTED, 3),
        (ReferralStatus.BOOKED, 5),
        (ReferralStatus.DELIVERED, 20),
        (ReferralStatus.DECLINED, 9),
    ]
    senders = [agencies[c] for c in ("HN-OSSO", "HP-OSSO", "HN-MRC") if c in agencies]
    cases = [c for agency in senders for c in _open_cases(agency, 3)]
    for case, (status, days_ago) in zip(cases, plan, strict=False):
        sent_at = now - dt.timedelta(days=days_ago, hours=rng.randint(1, 8))
        consent = _consent(case, ConsentPurpose.REFERRAL, agency=centre, other="", on=sent_at.date())
        fields = sharing.defaults_for("shelter")
        r = Referral.objects.create(
            reference=numbers.next(case.agency, "REF"),
            case=case,
            from_agency=case.agency,
            provider=provider,
            to_agency=centre,
            service_type="shelter",
            consent=consent,
            fields=fields,
            shared=sharing.snapshot(case, fields),
            note="Người về qua cửa khẩu, cần chỗ ở tạm thời và khám sức khỏe.",
            status=status,
            sent_at=sent_at,
            sent_by=case.caseworker,
            answer_by=sent_at.date() + dt.timedelta(days=provider.response_days),
        )
        steps = [ReferralStatus.SENT]
        if status != ReferralStatus.SENT:
            r.answered_at, r.answered_by = sent_at + dt.timedelta(hours=20), users.get("caseworker2")
            steps.append(ReferralStatus.DECLINED if status == ReferralStatus.DECLINED else ReferralStatus.ACCEPTED)
        if status == ReferralStatus.DECLINED:
            r.decline_reason, r.closed_at = "no_capacity", r.answered_at
        if status in (ReferralStatus.BOOKED, ReferralStatus.DELIVERED):
            r.booked_for = sent_at.date() + dt.timedelta(days=2)
            steps.append(ReferralStatus.BOOKED)
        if status == ReferralStatus.DELIVERED:
            r.delivered_on, r.outcome = sent_at.date() + dt.timedelta(days=2), ReferralOutcome.COMPLETED
            r.closed_at = now - dt.timedelta(days=days_ago - 2)
            steps.append(ReferralStatus.DELIVERED)
        r.save()
        for i, step in enumerate(steps):
            ReferralEvent.objects.create(
                referral=r,
                status=step,
                at=sent_at + dt.timedelta(hours=20 * i),
                actor=r.sent_by if i == 0 else r.answered_by,
            )
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.REFERRED, actor=case.caseworker, at=sent_at, detail={"referral": str(r.pk)}
        )
        made += 1
    # Referrals to outside organisations (printed forms), delivered or waiting.
    for case, org in zip(_open_cases(agencies["HN-MRC"], 12)[6:], outside, strict=False):
        service = next(iter(org.services.all()), None)
        if service is None:
            continue
        sent_at = now - dt.timedelta(days=rng.randint(2, 40))
        consent = _consent(case, ConsentPurpose.REFERRAL, agency=None, other=org.name_vi, on=sent_at.date())
        fields = sharing.defaults_for(service.service_type)
        delivered = rng.random() < 0.6
        r = Referral.objects.create(
            reference=numbers.next(case.agency, "REF"),
            case=case,
            from_agency=case.agency,
            provider=org,
            service_type=service.service_type,
            consent=consent,
            fields=fields,
            shared=sharing.snapshot(case, fields),
            status=ReferralStatus.DELIVERED if delivered else ReferralStatus.ACCEPTED,
            sent_at=sent_at,
            sent_by=case.caseworker,
            answer_by=sent_at.date() + dt.timedelta(days=org.response_days),
            answered_at=sent_at + dt.timedelta(days=1),
            answered_by=case.caseworker,
            delivered_on=(sent_at + dt.timedelta(days=1)).date() if delivered else None,
            outcome=ReferralOutcome.COMPLETED if delivered else "",
        )
        ReferralEvent.objects.create(referral=r, status=ReferralStatus.SENT, at=sent_at, actor=case.caseworker)
        made += 1
    # A transfer from the reception centre to a home-province social service, waiting for acceptance.
    transfers = 0
    home = agencies.get("BG-SS")
    for case in _open_cases(centre, 1) if home else []:
        sent_at = now - dt.timedelta(days=1)
        consent = _consent(case, ConsentPurpose.TRANSFER, agency=home, other="", on=sent_at.date())
        CaseTransfer.objects.create(
            reference=numbers.next(centre, "TRF"),
            case=case,
            from_agency=centre,
            to_agency=home,
            consent=consent,
            fields=list(sharing.TRANSFER_DEFAULTS),
            shared=sharing.snapshot(case, list(sharing.TRANSFER_DEFAULTS)),
            note="Người được hỗ trợ muốn về quê; đề nghị tiếp nhận hồ sơ.",
            status=TransferStatus.PENDING,
            sent_at=sent_at,
            sent_by=case.caseworker,
            answer_by=sent_at.date() + dt.timedelta(days=5),
        )
        transfers += 1
    numbers.save()
    return {"referrals": made, "transfers": transfers}
