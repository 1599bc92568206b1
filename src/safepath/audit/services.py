"""Writing and checking the access log."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from safepath.audit.models import AccessEvent, ObjectAccess
from safepath.core.context import current_context
from safepath.core.crypto import get_keyring

GENESIS = "0" * 64
# pg_advisory_xact_lock key: serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK = 7_220_001


def _canonical(event: AccessEvent) -> bytes:
    occurred = event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    payload = [
        event.seq,
        occurred,
        event.actor_id,
        event.actor_username,
        str(event.agency_id) if event.agency_id else None,
        event.action,
        event.object_type,
        list(event.object_ids),
        event.object_count,
        event.channel,
        event.purpose,
        event.ip_address,
        event.request_id,
        event.detail,
        event.prev_hash,
    ]
    return json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def _chain_key() -> bytes:
    """The chain is sealed with a key derived from the key ring, not a bare hash: someone who can
    write to the database but does not hold the keys cannot rebuild a valid chain after editing."""
    ring = get_keyring()
    return hmac.new(ring.index_key, b"safepath.audit.chain.v1", hashlib.sha256).digest()


def compute_hash(event: AccessEvent) -> str:
    return hmac.new(_chain_key(), _canonical(event), hashlib.sha256).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_ids: Iterable[Any] = (),
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
    seal_change_of: Any = None,
    also: dict[str, Iterable[Any]] | None = None,
) -> AccessEvent:
    """Append one entry to the access log, in the caller's transaction.

    `detail` must never hold personal data: field names, counts and kinds only. With
    `seal_change_of=instance`, the django-auditlog entry just written for that instance is sealed
    into the chain (its id and digest), so `audit verify` also notices an edited change log.
    """
    ctx = current_context()
    detail = dict(detail or {})
    # Other records shown by the same read (the persons named in a case list): one entry, all ids.
    related = {kind: [str(i) for i in ids] for kind, ids in (also or {}).items()}
    related = {kind: ids for kind, ids in related.items() if ids}
    if related:
        detail["also"] = related
    if seal_change_of is not None:
        entry = _latest_change_entry(seal_change_of)
        if entry is not None:
            detail["change_log"] = [entry.pk, change_entry_digest(entry)]
    ids = [str(i) for i in object_ids]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AccessEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event = AccessEvent(
            seq=seq,
            occurred_at=timezone.now(),
            actor=actor if is_user else None,
            actor_username=actor.get_username() if is_user else "",
            agency_id=getattr(actor, "agency_id", None) if is_user else None,
            action=action,
            object_type=object_type,
            object_ids=ids,
            object_count=len(ids),
            channel=channel or ctx.channel,
            purpose=purpose,
            ip_address=ctx.ip or "",
            request_id=ctx.request_id,
            detail=detail,
            prev_hash=prev_hash,
        )
        event.hash = compute_hash(event)
        event.save()
        touched = [(object_type, i) for i in ids] if object_type else []
        touched += [(kind, i) for kind, kind_ids in related.items() for i in dict.fromkeys(kind_ids)]
        if touched:
            ObjectAccess.objects.bulk_create(
                [ObjectAccess(event=event, object_type=t, object_id=i) for t, i in touched]
            )
    return event


def _latest_change_entry(instance: Any) -> Any:
    from auditlog.models import LogEntry

    return LogEntry.objects.get_for_object(instance).order_by("-pk").first()


def change_entry_digest(entry: Any) -> str:
    """A keyed digest of a django-auditlog entry's facts (what changed, on which record, when)."""
    payload = [
        entry.pk,
        entry.content_type_id,
        str(entry.object_pk),
        entry.action,
        entry.changes if entry.changes is not None else entry.changes_text,
        entry.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
    ]
    data = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str).encode()
    return hmac.new(_chain_key(), data, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    last_hash: str = ""


def _events_in_order(batch: int = 2000) -> Iterator[AccessEvent]:
    last_seq = 0
    while True:
        chunk = list(AccessEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last_seq = chunk[-1].seq


def _change_entry_intact(sealed: list[Any]) -> bool:
    from auditlog.models import LogEntry

    entry_id, digest = sealed
    entry = LogEntry.objects.filter(pk=entry_id).first()
    return entry is not None and hmac.compare_digest(change_entry_digest(entry), digest)


def audit_verify() -> ChainReport:
    """Walk the chain from the first entry; name the first entry that does not fit."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in _events_in_order():
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"entry {expected_seq} is missing (next is {event.seq})")
        if event.prev_hash != expected_prev:
            return ChainReport(False, checked, event.seq, "it does not point to the entry before it")
        if compute_hash(event) != event.hash:
            return ChainReport(False, checked, event.seq, "its content does not match its hash")
        sealed = event.detail.get("change_log") if isinstance(event.detail, dict) else None
        if sealed and not _change_entry_intact(sealed):
            return ChainReport(False, checked, event.seq, "the change-log entry it seals was altered or deleted")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(True, checked, last_hash=expected_prev if checked else "")
