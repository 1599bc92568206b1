"""Two workers at once: one open plan per case, and one overdue alert per visit when two sweeps run together.

Each call runs in its own thread with its own database connection, released together by a barrier;
the first step inside is slowed down so the two are certainly in flight together. Run on PostgreSQL
(DATABASE_URL=postgres://...) or a file SQLite database (SQLITE_TEST_NAME=/tmp/test.sqlite3); the
in-memory SQLite test database cannot queue a second writer, so the tests are skipped there.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from safepath.accounts.models import User
from safepath.cases.models import Case
from safepath.notifications.models import Notification
from safepath.reintegration import alerts, indicators, services
from safepath.reintegration.models import ReintegrationPlan

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _needs_concurrent_writers(db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite refuses a second writer instead of queueing it; run on PostgreSQL")


def _together(n, work):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = ("ok", work(i))
        except ValidationError as exc:
            results[i] = ("error", exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_workers_opening_a_plan_at_once_make_one(monkeypatch, caseworker, caseworker2, case):
    slow_current = indicators.current

    def slow():
        time.sleep(0.3)  # between the "no open plan yet" check and the insert
        return slow_current()

    monkeypatch.setattr(indicators, "current", slow)
    ids = [caseworker.pk, caseworker2.pk]
    results = _together(
        2,
        lambda i: services.plan_create(actor=User.objects.get(pk=ids[i]), case=Case.objects.get(pk=case.pk)).pk,
    )
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    assert ReintegrationPlan.objects.filter(case=case).count() == 1


def test_two_sweeps_at_once_alert_once(plan):
    results = _together(2, lambda i: alerts.sweep(today=dt.date(2026, 4, 2)))
    assert [r[0] for r in results] == ["ok", "ok"] and sum(r[1] for r in results) == 2, results  # months 1 and 3
    assert Notification.objects.filter(kind="followup_overdue").count() == 2
