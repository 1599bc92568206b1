from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safepath.audit.models import AccessEvent
from safepath.core.crypto import KeyRing, reset_keyring_cache
from safepath.people.models import Person
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_keyring(settings, tmp_path):
    settings.SAFEPATH_KEYRING = ""
    settings.SAFEPATH_KEYRING_FILE = str(tmp_path / "keyring.json")
    reset_keyring_cache()
    call_command("keys", "init")
    yield tmp_path / "keyring.json"
    reset_keyring_cache()


def _stored_key_ids():
    with connection.cursor() as cur:
        cur.execute("SELECT family_name, given_name, phone, id_number FROM people_person")
        return {KeyRing.key_id_of(v) for row in cur.fetchall() for v in row if v}


def test_rotate_keys_re_encrypts_everything_under_the_new_key(file_keyring, capsys):
    user = UserFactory()
    people = [
        register(user, given_name=name, phone=phone, id_number="")
        for name, phone in [("Hương", "0912345678"), ("Mỷ", "0987654321"), ("Pao", "")]
    ]
    assert _stored_key_ids() == {"k1"}
    call_command("rotate-keys", "--new-key", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "people_person: 3/3 (100%)" in out and "k2" in out
    assert _stored_key_ids() == {"k2"}
    for p in people:
        again = Person.objects.get(pk=p.pk)
        assert again.given_name == p.given_name and again.phone == p.phone
    assert AccessEvent.objects.filter(action="rotate_keys").exists()
    # The old key can go now, and data still reads.
    call_command("keys", "retire", "k1")
    reset_keyring_cache()
    assert Person.objects.get(pk=people[0].pk).given_name == "Hương"


def test_a_key_still_in_use_cannot_be_retired(file_keyring):
    register(UserFactory())
    call_command("keys", "add")
    with pytest.raises(CommandError, match="still encrypts"):
        call_command("keys", "retire", "k1")


def test_search_still_works_after_rotation(file_keyring):
    from safepath.people.selectors import person_search

    user = UserFactory()
    register(user)
    call_command("rotate-keys", "--new-key")
    results, _ = person_search(user=user, text="nguyen thi huong")
    assert len(results) == 1


def test_missing_key_ring_is_a_clear_error(settings, tmp_path):
    settings.SAFEPATH_KEYRING = ""
    settings.SAFEPATH_KEYRING_FILE = str(tmp_path / "none.json")
    reset_keyring_cache()
    with pytest.raises(CommandError, match="keys init"):
        call_command("keys", "status")
    reset_keyring_cache()
