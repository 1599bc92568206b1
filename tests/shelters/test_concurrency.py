"""Two staff admitting two people into the last free bed at the same moment: one stay, one clean message.

Each admission runs in its own thread with its own database connection, released together by a
barrier. Inside the admission (while it holds the facility's row lock) the bed check is slowed down,
so the second admission is certainly in flight while the first holds the bed.

Run on PostgreSQL with DATABASE_URL=postgres://... . On SQLite it runs against a test database in a
file (SQLITE_TEST_NAME=/tmp/test.sqlite3), where SQLite queues the writers; the default in-memory test
database cannot run it: its shared cache answers a second writer "database table is locked" at once
instead of making it wait, so the test is skipped there with that reason.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from safepath.accounts.models import User
from safepath.cases.models import Case
from safepath.shelters import services
from safepath.shelters.models import Bed, Facility, Stay
from tests.shelters.conftest import bed, build_facility, new_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _needs_concurrent_writers(db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "in-memory SQLite (shared cache) refuses a second writer with 'database table is locked' instead of "
            "queueing it; run with DATABASE_URL=postgres://... or SQLITE_TEST_NAME=/tmp/test.sqlite3"
        )


@pytest.fixture
def last_bed(agency_admin, shelter_staff, caseworker, supervisor):
    """A room of three beds, two of them taken: one bed left, and two people waiting for it."""
    facility = build_facility(agency_admin, name="Cơ sở một giường trống", rooms=[("A", "female", ["A1", "A2", "A3"])])
    for label in ("A1", "A2"):
        services.stay_admit(
            actor=shelter_staff, case=new_case(caseworker, supervisor), facility=facility, bed=bed(facility, label)
        )
    waiting = [new_case(caseworker, supervisor, given_name=name) for name in ("Mai", "Hoa")]
    return facility, bed(facility, "A3"), waiting


def race(monkeypatch, *, staff_id, facility_id, case_ids, bed_id):
    """Run the two admissions at once; returns [("ok", stay_id) | ("error", message_dict)]."""
    slow_check = services.bed_is_free
    slow_pick = services._pick_bed

    def slow(fn):
        def wrapper(*args, **kwargs):
            found = fn(*args, **kwargs)
            time.sleep(0.3)  # hold the facility lock a while: the other admission must wait behind it
            return found

        return wrapper

    monkeypatch.setattr(services, "bed_is_free", slow(slow_check))
    monkeypatch.setattr(services, "_pick_bed", slow(slow_pick))
    barrier = threading.Barrier(len(case_ids))
    results: list[tuple[str, object]] = []
    lock = threading.Lock()

    def admit(case_id):
        translation.activate("en")  # a thread starts in the default language
        try:
            actor = User.objects.get(pk=staff_id)
            case = Case.objects.select_related("person").get(pk=case_id)
            facility = Facility.objects.get(pk=facility_id)
            chosen = Bed.objects.select_related("room").get(pk=bed_id) if bed_id else None
            barrier.wait(timeout=10)
            stay = services.stay_admit(actor=actor, case=case, facility=facility, bed=chosen)
            outcome: tuple[str, object] = ("ok", stay.pk)
        except ValidationError as exc:
            outcome = ("error", exc.message_dict)
        except Exception as exc:
            outcome = ("crash", repr(exc))
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=admit, args=(cid,)) for cid in case_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_admissions_into_the_last_chosen_bed(monkeypatch, shelter_staff, last_bed):
    facility, free_bed, waiting = last_bed
    results = race(
        monkeypatch,
        staff_id=shelter_staff.pk,
        facility_id=facility.pk,
        case_ids=[c.pk for c in waiting],
        bed_id=free_bed.pk,
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(detail for kind, detail in results if kind == "error")
    assert error == {"bed": [services.bed_taken_message()]}
    assert Stay.objects.filter(bed=free_bed, discharged_on__isnull=True).count() == 1
    assert Stay.objects.filter(facility=facility, discharged_on__isnull=True).count() == 3


def test_two_admissions_into_any_free_bed_when_one_is_left(monkeypatch, shelter_staff, last_bed):
    facility, free_bed, waiting = last_bed
    results = race(
        monkeypatch,
        staff_id=shelter_staff.pk,
        facility_id=facility.pk,
        case_ids=[c.pk for c in waiting],
        bed_id=None,
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(detail for kind, detail in results if kind == "error")
    assert list(error) == ["bed"]
    winner = Stay.objects.get(bed=free_bed, discharged_on__isnull=True)
    assert winner.case_id in {c.pk for c in waiting}
    assert Stay.objects.filter(facility=facility, discharged_on__isnull=True).count() == 3
