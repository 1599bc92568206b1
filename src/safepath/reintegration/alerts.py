"""Periodic alerts: a follow-up visit past its due date and not recorded tells the case's caseworker, once.

Only visits of active plans count (an ended plan's remaining visits are no longer expected). The
visit is claimed with a conditional update before the notification is written, so two sweeps running
at once raise one alert; running the sweep again the same day (or any later day) raises none.
The notification carries the case number and the due date only: no personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from safepath.reintegration.choices import ReintegrationStatus
from safepath.reintegration.models import FollowUpVisit

KIND = "followup_overdue"


def _recipient(visit: FollowUpVisit) -> Any:
    """The case's caseworker; its supervisor while no caseworker is assigned."""
    case = visit.plan.case
    for user in (case.caseworker, case.supervisor):
        if user is not None and user.is_active:
            return user
    return None


def _notify(**kwargs: Any) -> Any:
    from safepath.notifications.services import notify

    return notify(**kwargs)


def sweep(*, today: dt.date) -> int:
    """Alert on every overdue follow-up visit not alerted yet; returns how many alerts were raised."""
    overdue = (
        FollowUpVisit.objects.filter(
            done_on__isnull=True,
            due_on__lt=today,
            overdue_alerted_on__isnull=True,
            plan__status=ReintegrationStatus.ACTIVE,
        )
        .select_related("plan__case__caseworker", "plan__case__supervisor")
        .order_by("due_on")
    )
    raised = 0
    for visit in overdue:
        recipient = _recipient(visit)
        if recipient is None:
            continue  # nobody to tell yet: it is alerted once someone is assigned
        with transaction.atomic():
            claimed = FollowUpVisit.objects.filter(pk=visit.pk, overdue_alerted_on__isnull=True).update(
                overdue_alerted_on=today
            )
            if not claimed:
                continue
            _notify(
                recipients=[recipient],
                kind=KIND,
                target_url=reverse("reintegration:plan", args=[visit.plan_id]),
                params={
                    "case": visit.plan.case.number,
                    "due_on": visit.due_on.strftime("%d/%m/%Y"),
                    "months": visit.month_offset,
                },
                dedupe_key=f"{KIND}:{visit.pk}",
            )
        raised += 1
    return raised
