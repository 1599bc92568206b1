"""Two officers handing out the same stock at once: the stock is locked, so the second sees what the first
took and is refused; no hand-out is lost. Runs on PostgreSQL or a file SQLite database (the in-memory
SQLite test database cannot queue a second writer)."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from safepath.accounts.models import User
from safepath.accounts.roles import Role
from safepath.outreach import services
from safepath.outreach.models import Event, MaterialStock, StockMovement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _needs_concurrent_writers(db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite refuses a second writer instead of queueing it; run on PostgreSQL")


def test_two_hand_outs_at_once_never_take_more_than_the_stock(monkeypatch, officer, event, stocked):
    second = UserFactory(agency=officer.agency, roles=[Role.SUPERVISOR])
    locked = services._locked_stock

    def slow(material_id, agency_id):
        stock = locked(material_id, agency_id)
        time.sleep(0.3)  # between reading the stock and writing it
        return stock

    monkeypatch.setattr(services, "_locked_stock", slow)
    users = [officer.pk, second.pk]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(i):
        try:
            barrier.wait()
            services.event_materials_hand_out(
                actor=User.objects.get(pk=users[i]),
                event=Event.objects.get(pk=event.pk),
                items=[{"material": str(stocked.pk), "quantity": 60}],
            )
            results[i] = "ok"
        except ValidationError:
            results[i] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok", "refused"], results
    assert MaterialStock.objects.get(material=stocked).quantity == 40
    assert StockMovement.objects.filter(material=stocked).aggregate(n=Sum("quantity"))["n"] == 40
