from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safepath.core.crypto import DecryptionError, KeyRing, KeyRingError

RING = KeyRing.generate("k1")


@given(st.text(min_size=1, max_size=300))
@settings(max_examples=200)
def test_round_trip_any_text(text):
    token = RING.encrypt(text, aad="people.person.given_name")
    assert RING.decrypt(token, aad="people.person.given_name") == text


@given(st.text(min_size=12, max_size=60))
def test_ciphertext_never_contains_the_plaintext(text):
    token = RING.encrypt(text, aad="people.person.family_name")
    assert text not in token
    assert token.isascii() and token.startswith("v1.k1.")


def test_same_value_encrypts_differently_each_time():
    a = RING.encrypt("Nguyễn Thị Hương", aad="x.y.z")
    b = RING.encrypt("Nguyễn Thị Hương", aad="x.y.z")
    assert a != b


def test_ciphertext_is_bound_to_its_column():
    token = RING.encrypt("0912345678", aad="people.person.phone")
    with pytest.raises(DecryptionError):
        RING.decrypt(token, aad="people.person.id_number")


def test_tampered_ciphertext_is_refused():
    token = RING.encrypt("Hà Nội", aad="a.b.c")
    head, ct = token.rsplit(".", 1)
    flipped = ("A" if ct[0] != "A" else "B") + ct[1:]
    with pytest.raises(DecryptionError):
        RING.decrypt(f"{head}.{flipped}", aad="a.b.c")


def test_rotation_keeps_old_values_readable_and_encrypts_with_the_new_key():
    old = RING.encrypt("Sùng Thị Mỷ", aad="a.b.c")
    ring2 = RING.with_new_active_key()
    assert ring2.active_id == "k2"
    assert ring2.decrypt(old, aad="a.b.c") == "Sùng Thị Mỷ"
    new = ring2.encrypt("Sùng Thị Mỷ", aad="a.b.c")
    assert KeyRing.key_id_of(new) == "k2"
    with pytest.raises(KeyRingError):
        ring2.without_key("k1").decrypt(old, aad="a.b.c")


def test_unknown_key_is_a_clear_error():
    other = KeyRing.generate("z9")
    with pytest.raises(KeyRingError, match="z9"):
        RING.decrypt(other.encrypt("x", aad="a"), aad="a")


def test_blind_index_is_keyed_and_purpose_separated():
    other = KeyRing.generate("k1")
    a = RING.blind_index("+84912345678", purpose="person.phone")
    assert a == RING.blind_index("+84912345678", purpose="person.phone")
    assert a != RING.blind_index("+84912345678", purpose="person.id_number")
    assert a != other.blind_index("+84912345678", purpose="person.phone")
    assert "912345678" not in a


def test_key_ring_json_round_trip_and_validation():
    again = KeyRing.from_json(RING.to_json())
    assert again == RING
    bad = json.loads(RING.to_json())
    bad["keys"]["k1"] = base64.b64encode(b"short").decode()
    with pytest.raises(KeyRingError):
        KeyRing.from_json(json.dumps(bad))
    with pytest.raises(KeyRingError):
        KeyRing.from_json("not json")
    with pytest.raises(KeyRingError):
        RING.without_key("k1")
