from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safepath.audit.models import AccessEvent
from safepath.audit.services import audit_record, audit_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events(n=5):
    user = UserFactory()
    return [audit_record(actor=user, action="view", object_type="person", object_ids=[f"id-{i}"]) for i in range(n)]


def _tamper(sql, params):
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_append_only")
            cur.execute("ALTER TABLE audit_objectaccess DISABLE TRIGGER audit_objectaccess_append_only")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER audit_accessevent_append_only")
            cur.execute("ALTER TABLE audit_objectaccess ENABLE TRIGGER audit_objectaccess_append_only")


def test_chain_links_each_entry_to_the_one_before():
    events = _events()
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    report = audit_verify()
    assert report.ok and report.checked == 5


def test_an_altered_row_is_named():
    _events()
    _tamper("UPDATE audit_accessevent SET actor_username = %s WHERE seq = %s", ["someone-else", 3])
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_seq == 3


def test_a_deleted_row_is_named():
    _events()
    _tamper("DELETE FROM audit_objectaccess WHERE event_id IN (SELECT id FROM audit_accessevent WHERE seq = %s)", [2])
    _tamper("DELETE FROM audit_accessevent WHERE seq = %s", [2])
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 2


def test_rehashing_a_row_still_breaks_the_next_link():
    events = _events()
    from safepath.audit.services import compute_hash

    e = events[1]
    e.object_ids = ["forged"]
    forged = compute_hash(e)
    _tamper("UPDATE audit_accessevent SET object_ids = %s, hash = %s WHERE seq = %s", ['["forged"]', forged, 2])
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 3


def test_the_model_refuses_updates_and_deletes():
    event = _events(1)[0]
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
def test_postgres_refuses_updates_at_the_database():
    from django.db import DatabaseError, transaction

    _events(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_accessevent SET actor_username = 'x'")


def test_verify_command(capsys):
    _events(3)
    call_command("audit", "verify")
    assert "3 entries" in capsys.readouterr().out
    _tamper("UPDATE audit_accessevent SET detail = %s WHERE seq = %s", ['{"x": 1}', 1])
    with pytest.raises(CommandError, match="entry 1"):
        call_command("audit", "verify")


def test_entries_record_request_context():
    event = _events(1)[0]
    event = AccessEvent.objects.get(pk=event.pk)
    assert event.ip_address == "127.0.0.1"
    assert event.channel == "web"
    assert event.agency_id is not None


def test_a_chain_rebuilt_without_the_key_does_not_verify():
    import hashlib

    from safepath.audit.services import _canonical

    events = _events(2)
    forged = events[0]
    forged.actor_username = "someone-else"
    plain = hashlib.sha256(_canonical(forged)).hexdigest()
    _tamper("UPDATE audit_accessevent SET actor_username = %s, hash = %s WHERE seq = 1", ["someone-else", plain])
    _tamper("UPDATE audit_accessevent SET prev_hash = %s WHERE seq = 2", [plain])
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 1


def test_an_edited_change_log_entry_is_named():
    from auditlog.models import LogEntry

    from tests.helpers import register

    person = register(UserFactory())
    report = audit_verify()
    assert report.ok
    entry = LogEntry.objects.get_for_object(person).latest("pk")
    event = AccessEvent.objects.get(action="create", object_type="person")
    assert event.detail["change_log"][0] == entry.pk
    LogEntry.objects.filter(pk=entry.pk).update(changes={"sex": ["female", "male"]})
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == event.seq
    assert "change-log" in report.reason
