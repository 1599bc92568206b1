"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256), with a key ring.

Stored form of an encrypted value: ``v1.<key_id>.<nonce>.<ciphertext>`` (nonce and ciphertext
URL-safe base64). The associated data binds a value to its column (``app.model.field``), so a
ciphertext copied into another column does not decrypt. The key ring is separate from
SECRET_KEY: the active key encrypts, every key in the ring decrypts, and ``safepath rotate-keys``
re-encrypts old values under the active key. Blind indexes use their own key, so an index value
reveals nothing without it and cannot be reversed to the plaintext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32


class KeyRingError(RuntimeError):
    """The key ring is missing, malformed, or lacks a key that data needs."""


class DecryptionError(ValueError):
    """A stored value could not be decrypted: wrong column, unknown key or tampered bytes."""


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class KeyRing:
    active_id: str
    keys: dict[str, bytes]
    index_key: bytes

    def __post_init__(self) -> None:
        if self.active_id not in self.keys:
            raise KeyRingError(f"The active key {self.active_id!r} is not in the key ring.")
        for key_id, key in self.keys.items():
            if len(key) != KEY_BYTES:
                raise KeyRingError(f"Key {key_id!r} must be {KEY_BYTES} bytes.")
            if not key_id.isalnum():
                raise KeyRingError(f"Key id {key_id!r} must be letters and digits only.")
        if len(self.index_key) < KEY_BYTES:
            raise KeyRingError("The blind-index key must be at least 32 bytes.")

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        try:
            data = json.loads(text)
            keys = {str(k): base64.b64decode(v) for k, v in data["keys"].items()}
            return cls(
                active_id=str(data["active"]),
                keys=keys,
                index_key=base64.b64decode(data["index_key"]),
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise KeyRingError(f"The key ring is not valid JSON of the expected shape: {exc}") from exc

    def to_json(self) -> str:
        return json.dumps(
            {
                "active": self.active_id,
                "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()},
                "index_key": base64.b64encode(self.index_key).decode(),
            },
            indent=2,
        )

    @classmethod
    def generate(cls, key_id: str = "k1") -> KeyRing:
        return cls(
            active_id=key_id,
            keys={key_id: AESGCM.generate_key(bit_length=256)},
            index_key=secrets.token_bytes(KEY_BYTES),
        )

    def with_new_active_key(self) -> KeyRing:
        n = 1
        while f"k{n}" in self.keys:
            n += 1
        new_id = f"k{n}"
        return KeyRing(
            active_id=new_id,
            keys={**self.keys, new_id: AESGCM.generate_key(bit_length=256)},
            index_key=self.index_key,
        )

    def without_key(self, key_id: str) -> KeyRing:
        if key_id == self.active_id:
            raise KeyRingError("The active key cannot be retired.")
        return KeyRing(
            active_id=self.active_id,
            keys={k: v for k, v in self.keys.items() if k != key_id},
            index_key=self.index_key,
        )

    # --- encryption ---------------------------------------------------------------------------
    def encrypt(self, plaintext: str, *, aad: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        key = self.keys[self.active_id]
        ct = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), aad.encode("utf-8"))
        return f"{VERSION}.{self.active_id}.{_b64e(nonce)}.{_b64e(ct)}"

    def decrypt(self, token: str, *, aad: str) -> str:
        try:
            version, key_id, nonce_s, ct_s = token.split(".")
        except ValueError as exc:
            raise DecryptionError("Not an encrypted value.") from exc
        if version != VERSION:
            raise DecryptionError(f"Unknown format version {version!r}.")
        key = self.keys.get(key_id)
        if key is None:
            raise KeyRingError(f"Key {key_id!r} is needed to decrypt stored data but is not in the ring.")
        try:
            plain = AESGCM(key).decrypt(_b64d(nonce_s), _b64d(ct_s), aad.encode("utf-8"))
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise DecryptionError("The value does not decrypt under its column and key.") from exc
        return plain.decode("utf-8")

    @staticmethod
    def key_id_of(token: str) -> str | None:
        parts = token.split(".")
        return parts[1] if len(parts) == 4 and parts[0] == VERSION else None

    # --- blind index --------------------------------------------------------------------------
    def blind_index(self, normalized: str, *, purpose: str) -> str:
        """HMAC of an already normalised value, separated per purpose (person.phone, ...)."""
        msg = purpose.encode("utf-8") + b"\x00" + normalized.encode("utf-8")
        return hmac.new(self.index_key, msg, hashlib.sha256).hexdigest()


_lock = threading.Lock()
# (source, file mtime, checked at, ring). A key ring file changed by another process (a worker that
# added a key) is picked up within a second.
_cached: tuple[tuple[str, str], float, float, KeyRing] | None = None
_RECHECK_SECONDS = 1.0


def load_keyring_file(path: Path) -> KeyRing:
    if not path.exists():
        raise KeyRingError(
            f"No key ring at {path}. Create one with `safepath keys init` "
            "(or set SAFEPATH_KEYRING / SAFEPATH_KEYRING_FILE)."
        )
    return KeyRing.from_json(path.read_text())


def write_keyring_file(path: Path, ring: KeyRing) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(ring.to_json())
    os.replace(tmp, path)
    reset_keyring_cache()


def get_keyring() -> KeyRing:
    """The key ring from settings (SAFEPATH_KEYRING JSON, else SAFEPATH_KEYRING_FILE)."""
    global _cached
    from django.conf import settings

    source = (settings.SAFEPATH_KEYRING, settings.SAFEPATH_KEYRING_FILE)
    now = time.monotonic()
    cached = _cached
    if cached is not None and cached[0] == source:
        if source[0] or now - cached[2] < _RECHECK_SECONDS:
            return cached[3]
        if _mtime(Path(source[1])) == cached[1]:
            _cached = (source, cached[1], now, cached[3])
            return cached[3]
    with _lock:
        if settings.SAFEPATH_KEYRING:
            ring, mtime = KeyRing.from_json(settings.SAFEPATH_KEYRING), 0.0
        else:
            path = Path(settings.SAFEPATH_KEYRING_FILE)
            mtime = _mtime(path)
            ring = load_keyring_file(path)
        _cached = (source, mtime, now, ring)
        return ring


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns / 1e9
    except OSError:
        return -1.0


def reset_keyring_cache() -> None:
    global _cached
    _cached = None


def blind_index(value: str, *, purpose: str) -> str:
    return get_keyring().blind_index(value, purpose=purpose)
