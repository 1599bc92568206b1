"""Key management: create the key ring, add a key, re-encrypt everything under the active key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from safepath.core.crypto import KeyRing, KeyRingError, get_keyring, load_keyring_file, write_keyring_file
from safepath.core.fields import EncryptedTextField

Progress = Callable[[str, int, int], None]


def keyring_path() -> Path:
    if settings.SAFEPATH_KEYRING:
        raise KeyRingError(
            "The key ring comes from the SAFEPATH_KEYRING variable; change it there, not with this command."
        )
    return Path(settings.SAFEPATH_KEYRING_FILE)


def keys_init() -> tuple[Path, bool]:
    """Create a key ring file if there is none. Returns (path, created)."""
    path = keyring_path()
    if path.exists():
        load_keyring_file(path)  # fail loudly if it is malformed
        return path, False
    write_keyring_file(path, KeyRing.generate())
    return path, True


def keys_add() -> str:
    """Add a new key and make it the active one. Old keys stay, so old data still decrypts."""
    path = keyring_path()
    ring = load_keyring_file(path).with_new_active_key()
    write_keyring_file(path, ring)
    return ring.active_id


def encrypted_columns() -> Iterator[tuple[type[models.Model], list[EncryptedTextField]]]:
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


@dataclass
class KeyUsage:
    table: str
    column: str
    counts: dict[str, int]


def keys_usage() -> list[KeyUsage]:
    """How many stored values each key id encrypts, per column."""
    out = []
    qn = connection.ops.quote_name
    for model, fields in encrypted_columns():
        for f in fields:
            counts: dict[str, int] = {}
            with connection.cursor() as cur:
                cur.execute(f"SELECT {qn(f.column)} FROM {qn(model._meta.db_table)} WHERE {qn(f.column)} <> ''")  # noqa: S608 (identifiers from model metadata, quoted)
                for (raw,) in cur.fetchall():
                    kid = KeyRing.key_id_of(raw) or "?"
                    counts[kid] = counts.get(kid, 0) + 1
            out.append(KeyUsage(model._meta.db_table, f.column, counts))
    return out


def keys_retire(key_id: str) -> None:
    """Remove a key from the ring, refusing while any stored value still needs it."""
    in_use = sum(u.counts.get(key_id, 0) for u in keys_usage())
    if in_use:
        raise KeyRingError(f"Key {key_id!r} still encrypts {in_use} values: run `safepath rotate-keys` first.")
    path = keyring_path()
    write_keyring_file(path, load_keyring_file(path).without_key(key_id))


def rotate_keys(*, batch_size: int = 500, progress: Progress | None = None) -> dict[str, int]:
    """Re-encrypt every stored value that is not under the active key. Resumable: run it again."""
    ring = get_keyring()
    qn = connection.ops.quote_name
    done: dict[str, int] = {}
    for model, fields in encrypted_columns():
        table = model._meta.db_table
        pk = model._meta.pk
        assert pk is not None
        cols = ", ".join(qn(f.column) for f in fields)
        with connection.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 (identifiers from model metadata, quoted)
            total = cur.fetchone()[0]
        seen = 0
        rewritten = 0
        last = None
        while True:
            with transaction.atomic():
                with connection.cursor() as cur:
                    where = f"WHERE {qn(pk.column)} > %s " if last is not None else ""
                    cur.execute(
                        f"SELECT {qn(pk.column)}, {cols} FROM {qn(table)} {where}ORDER BY {qn(pk.column)} LIMIT %s",  # noqa: S608 (identifiers from model metadata, quoted)
                        ([last] if last is not None else []) + [batch_size],
                    )
                    rows = cur.fetchall()
                    if not rows:
                        break
                    for row in rows:
                        key, values = row[0], row[1:]
                        updates = {}
                        for f, raw in zip(fields, values, strict=True):
                            if raw and KeyRing.key_id_of(raw) != ring.active_id:
                                plain = ring.decrypt(raw, aad=f.aad)
                                updates[f.column] = ring.encrypt(plain, aad=f.aad)
                        if updates:
                            sets = ", ".join(f"{qn(c)} = %s" for c in updates)
                            cur.execute(
                                f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk.column)} = %s",  # noqa: S608 (identifiers from model metadata, quoted)
                                [*updates.values(), key],
                            )
                            rewritten += 1
                    seen += len(rows)
                    last = rows[-1][0]
            if progress:
                progress(table, seen, total)
        done[table] = rewritten
    return done
