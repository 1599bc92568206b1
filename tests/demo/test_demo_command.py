"""`safepath demo load` shows its progress, loads once, and `demo logins` lists every account."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepath.accounts.models import User
from safepath.cases.models import Case
from safepath.demo.agencies import STAFF, USERS

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_load_reports_progress_and_runs_once():
    first = _run("load", "--scale", "0.02")
    assert re.search(r"building cases: \d+/\d+ \(\d+%\)", first)
    assert re.search(r"saving [a-z -]+: \d+/\d+ \(\d+%\)", first)
    assert "(100%)" in first
    assert "Demo data loaded" in first
    cases = Case.objects.count()
    assert cases > 0
    again = _run("load")
    assert "already has data" in again
    assert Case.objects.count() == cases
    logins = _run("logins")
    for username, *_ in USERS + STAFF:
        assert username in logins
    assert User.objects.count() == len(USERS) + len(STAFF)


def test_scale_must_be_positive():
    with pytest.raises(CommandError):
        call_command("demo", "load", "--scale", "0", stdout=StringIO())
