"""The sweep: an overdue follow-up visit tells the case's caseworker once, with no personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from safepath.notifications.models import Notification
from safepath.reintegration import alerts, services

pytestmark = pytest.mark.django_db


def test_overdue_visits_alert_the_caseworker_once(plan, caseworker, case):
    # Due 01/02, 01/04, 01/07/2026 and 01/01/2027; on 02/04/2026 the first two are overdue.
    services.visit_record(
        actor=caseworker, visit=plan.visits.get(month_offset=1), answers={"safety": "safe"}, done_on="05/02/2026"
    )
    day = dt.date(2026, 4, 2)
    assert alerts.sweep(today=day) == 1  # month 1 is done; month 3 is overdue
    assert alerts.sweep(today=day) == 0 and alerts.sweep(today=day + dt.timedelta(days=1)) == 0
    notes = list(Notification.objects.filter(kind="followup_overdue"))
    assert len(notes) == 1 and notes[0].recipient == caseworker
    assert notes[0].params == {"case": case.number, "due_on": "01/04/2026", "months": "3"}
    assert notes[0].target_url == f"/reintegration/plans/{plan.pk}/"
    assert plan.visits.get(month_offset=3).overdue_alerted_on == day
    assert alerts.sweep(today=dt.date(2026, 7, 2)) == 1  # the 6-month visit, later
    assert Notification.objects.filter(kind="followup_overdue").count() == 2


def test_no_alert_before_the_due_date_or_after_the_plan_ends(plan, caseworker):
    assert alerts.sweep(today=dt.date(2026, 2, 1)) == 0  # due today is not overdue
    services.plan_end(actor=caseworker, plan=plan, status="dropped", note="Chuyển nơi ở")
    assert alerts.sweep(today=dt.date(2026, 12, 1)) == 0
    assert not Notification.objects.exists()


def test_the_supervisor_is_told_when_no_caseworker_is_assigned(plan, case, supervisor):
    case.caseworker = None
    case.save(update_fields=["caseworker"])
    assert alerts.sweep(today=dt.date(2026, 2, 5)) == 1
    assert Notification.objects.get().recipient == supervisor
