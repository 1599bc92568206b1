"""The shelters' daily alerts (run by `safepath alerts`).

* `stay_near_limit`: a stay reaches the facility's warning days before its planned discharge; the
  shelter staff of the facility's agency and the case's caseworker are told once.
* `stay_over_limit`: a stay is past its planned discharge; the supervisors of the facility's agency
  (and the case's supervisor) are told once.

Each stay remembers the planned discharge date each alert was raised for, so running the sweep
twice the same day (or every day) raises each alert once; an approved extension gives a new date,
and the alerts come again when the new date nears and passes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from safepath.accounts.selectors import agency_staff
from safepath.core.roles import Role
from safepath.shelters.models import Stay
from safepath.shelters.services import stay_notify


def _params(stay: Stay, today: dt.date) -> dict[str, str | int]:
    left = stay.days_left(today)
    return {
        "case": stay.case.number,
        "facility": stay.facility.name_vi,
        "planned_discharge_on": stay.planned_discharge_on.strftime("%d/%m/%Y"),
        "days_left": max(left, 0),
        "days_over": max(-left, 0),
        "day": stay.day_number(today),
        "max_stay": stay.facility.max_stay_days,
    }


def _near(stay: Stay, today: dt.date) -> bool:
    return 0 <= stay.days_left(today) <= stay.facility.warn_days_before


def sweep(*, today: dt.date) -> int:
    """Raise the alerts due today; returns how many alerts were raised (one per stay and kind)."""
    raised = 0
    candidates = list(
        Stay.objects.filter(discharged_on__isnull=True, admitted_on__lte=today).values_list(
            "pk", "planned_discharge_on", "near_limit_alerted_for", "over_limit_alerted_for"
        )
    )
    for pk, planned, near_for, over_for in candidates:
        left = (planned - today).days
        if left < 0 and over_for == planned:
            continue
        if left >= 0 and near_for == planned:
            continue
        with transaction.atomic():
            stay = (
                Stay.objects.select_for_update(of=("self",))
                .select_related("case", "case__caseworker", "case__supervisor", "facility")
                .filter(pk=pk, discharged_on__isnull=True)
                .first()
            )
            if stay is None:
                continue
            agency_id = stay.facility.agency_id
            if stay.days_left(today) < 0:
                if stay.over_limit_alerted_for == stay.planned_discharge_on:
                    continue
                recipients = agency_staff(agency_id=agency_id, roles=[Role.SUPERVISOR])
                if stay.case.supervisor is not None and stay.case.supervisor.agency_id == agency_id:
                    recipients.append(stay.case.supervisor)
                stay_notify(
                    recipients=recipients,
                    kind="stay_over_limit",
                    stay=stay,
                    params=_params(stay, today),
                    dedupe_key=f"stay_over_limit:{stay.pk}:{stay.planned_discharge_on.isoformat()}",
                )
                stay.over_limit_alerted_for = stay.planned_discharge_on
                stay.save(update_fields=["over_limit_alerted_for"])
                raised += 1
            elif _near(stay, today):
                if stay.near_limit_alerted_for == stay.planned_discharge_on:
                    continue
                recipients = agency_staff(agency_id=agency_id, roles=[Role.SHELTER_STAFF])
                if stay.case.caseworker is not None:
                    recipients.append(stay.case.caseworker)
                stay_notify(
                    recipients=recipients,
                    kind="stay_near_limit",
                    stay=stay,
                    params=_params(stay, today),
                    dedupe_key=f"stay_near_limit:{stay.pk}:{stay.planned_discharge_on.isoformat()}",
                )
                stay.near_limit_alerted_for = stay.planned_discharge_on
                stay.save(update_fields=["near_limit_alerted_for"])
                raised += 1
    return raised
