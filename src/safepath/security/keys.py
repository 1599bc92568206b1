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


def _audit_key_event(event: str, **detail: str) -> None:
    from safepath.audit.models import Action, Channel
    from safepath.audit.services import audit_record

    audit_record(actor=None, action=Action.KEYS, channel=Channel.CLI, detail={"event": event, **detail})


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
    _audit_key_event("added", key=ring.active_id)
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
                while rows := cur.fetchmany(2000):  # a large table is streamed, not held in memory
                    for (raw,) in rows:
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
    _audit_key_event("retired", key=key_id)


def rotate_keys(*, batch_size: int = 500, progress: Progress | None = None, max_passes: int = 5) -> dict[str, int]:
    """Re-encrypt every stored value that is not under the active key. Resumable: run it again.

    Each row is rewritten only if it still holds the value that was read (compare and swap), so
    an edit saved meanwhile is never overwritten; such rows are picked up by the next pass.
    """
    done: dict[str, int] = {}
    for _ in range(max_passes):
        rewritten, skipped = _rotation_pass(batch_size=batch_size, progress=progress)
        for table, n in rewritten.items():
            done[table] = done.get(table, 0) + n
        if not skipped:
            return done
    raise KeyRingError("Rows kept changing during re-encryption; run `safepath rotate-keys` again.")


def _rotation_pass(*, batch_size: int, progress: Progress | None) -> tuple[dict[str, int], int]:
    ring = get_keyring()
    qn = connection.ops.quote_name
    done: dict[str, int] = {}
    skipped = 0
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
            with transaction.atomic(), connection.cursor() as cur:
                where = f"WHERE {qn(pk.column)} > %s " if last is not None else ""
                cur.execute(
                    f"SELECT {qn(pk.column)}, {cols} FROM {qn(table)} {where}"  # noqa: S608 (identifiers from model metadata, quoted)
                    f"ORDER BY {qn(pk.column)} LIMIT %s",
                    ([last] if last is not None else []) + [batch_size],
                )
                rows = cur.fetchall()
                if not rows:
                    break
                for row in rows:
                    key, values = row[0], row[1:]
                    updates: dict[str, tuple[str, str]] = {}
                    for f, raw in zip(fields, values, strict=True):
                        if raw and KeyRing.key_id_of(raw) != ring.active_id:
                            updates[f.column] = (raw, ring.encrypt(ring.decrypt(raw, aad=f.aad), aad=f.aad))
                    if updates:
                        sets = ", ".join(f"{qn(c)} = %s" for c in updates)
                        same = " AND ".join(f"{qn(c)} = %s" for c in updates)
                        cur.execute(
                            f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk.column)} = %s AND {same}",  # noqa: S608 (identifiers from model metadata, quoted)
                            [*(new for _, new in updates.values()), key, *(old for old, _ in updates.values())],
                        )
                        if cur.rowcount == 1:
                            rewritten += 1
                        else:
                            skipped += 1
                seen += len(rows)
                last = rows[-1][0]
            if progress:
                progress(table, seen, total)
        done[table] = rewritten
    return done, skipped
