"""The demo lists: about 60 fictional enterprises in force, dated three weeks before `today`, and an earlier
list in the history; the sample CSV the README points to is the same list."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from safepath.recruiters import selectors
from safepath.recruiters.demo import load_demo
from safepath.recruiters.models import DOLAB_SOURCE, Enterprise, LicenceImport

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 15)


def test_the_demo_lists():
    counts = load_demo(agencies={}, users={}, today=TODAY, rng=random.Random(1))
    assert counts == {"licensed_enterprises": 60, "licence_lists": 2}
    current = LicenceImport.objects.get(is_current=True)
    assert current.data_date == TODAY - dt.timedelta(days=21) and current.source == DOLAB_SOURCE
    assert (current.rows_read, current.rows_accepted, current.rows_rejected) == (63, 60, 3)
    statuses = {
        s: Enterprise.objects.filter(batch=current, status=s).count() for s in ("active", "suspended", "revoked")
    }
    assert statuses == {"active": 52, "suspended": 4, "revoked": 4}
    earlier = LicenceImport.objects.get(is_current=False)
    assert earlier.status == "done" and earlier.rows_accepted == 55 and earlier.data_date < current.data_date
    # Hưng Thịnh Phát was active on the earlier list and is suspended on the one in force.
    check = selectors.enterprise_check("Hưng Thịnh Phát")
    assert check.matches[0].status == "suspended" and check.data_date == current.data_date
    assert Enterprise.objects.get(batch=earlier, name__endswith="Hưng Thịnh Phát").status == "active"
