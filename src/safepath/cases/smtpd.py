"""The SMTP receiver for e-mail intake (aiosmtpd), and its on-disk spool.

How a message travels:

1. RCPT: each recipient is looked up among the active agencies' intake addresses. Unknown
   addresses get ``550 5.1.1`` (or ``550 5.7.1`` for a domain we do not serve: no relaying).
2. DATA: oversize mail gets ``552 5.3.4``, bytes that are no e-mail get ``554 5.6.0``.
3. Before anything is answered with 250 the raw message and its envelope are written to
   ``<spool>/tmp/``, fsync'ed, and renamed into ``<spool>/new/`` (an atomic rename; the directory
   is fsync'ed too). If that fails the sender gets ``451 4.3.0`` and keeps the message.
4. Then the message is filed in the database (``safepath.cases.mail.deliver``); on success the
   spool file is removed. If the database is down the file stays and the sender still gets 250:
   the message is safe on disk, and the next drain (at start-up and every 30 s) files it.
   Delivery is idempotent (Message-ID, or a hash of the bytes), so a message filed just before a
   crash is not filed twice. A message that can never be filed (say its agency's address changed
   in between) is moved to ``<spool>/hold/`` for an operator; ``safepath smtpd --retry-held``
   puts it back.

An advisory lock (flock) on a spool file makes sure only one worker, thread or process, files
it at a time. Logs name spool ids, sizes and counts, never an address or a subject.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import fcntl
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AnyStr

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections
from django.db import Error as DBError
from django.utils import timezone

from safepath.cases.mail import MalformedMessage, Undeliverable, deliver, intake_addresses, parse_message
from safepath.core.context import RequestContext, reset_context, set_context
from safepath.core.crypto import KeyRingError
from safepath.core.normalize import normalize_email

log = logging.getLogger("safepath.mail")

MAGIC = b"SAFEPATH-SPOOL 1\n"
MAX_RECIPIENTS = 100
# Errors of the surroundings (database, key ring, disk): the message waits in new/ and is retried.
_TRANSIENT: tuple[type[BaseException], ...] = (DBError, KeyRingError, OSError)
# Any other error this many times in a row: the message is put on hold instead of retried forever.
_MAX_FAILURES = 5


class SpoolCorrupt(ValueError):
    """A spool file that does not have the spool's format."""


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # left in new/ for the next drain
    HELD = "held"  # moved to hold/
    BUSY = "busy"  # another worker is filing it
    GONE = "gone"  # already filed and removed


@dataclass
class SpoolEntry:
    id: str
    path: Path
    mail_from: str
    rcpt_tos: list[str]
    received_at: dt.datetime
    raw: bytes = field(repr=False)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Spool:
    """A maildir-like directory: tmp/ (being written), new/ (accepted, not yet filed), hold/ (needs an operator)."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root or settings.SAFEPATH_SMTPD_SPOOL_DIR)
        self.tmp, self.new, self.hold = self.root / "tmp", self.root / "new", self.root / "hold"
        self._failures: Counter[str] = Counter()
        self._lock = threading.Lock()

    def ensure(self) -> Spool:
        for path in (self.root, self.tmp, self.new, self.hold):
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self

    # --- writing and reading --------------------------------------------------------------------
    def write(
        self, raw: bytes, *, mail_from: str, rcpt_tos: list[str], received_at: dt.datetime | None = None
    ) -> SpoolEntry:
        """Store a message durably. When this returns, the message survives a crash or a kill -9."""
        self.ensure()
        received_at = received_at or timezone.now()
        entry_id = uuid.uuid4().hex
        name = f"{received_at.astimezone(dt.UTC):%Y%m%dT%H%M%S}-{entry_id}.msg"
        envelope = {
            "id": entry_id,
            "mail_from": mail_from,
            "rcpt_tos": rcpt_tos,
            "received_at": received_at.isoformat(),
        }
        tmp = self.tmp / name
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + json.dumps(envelope).encode() + b"\n")
                f.write(raw)
                f.flush()
                os.fsync(f.fileno())
            os.rename(tmp, self.new / name)
            _fsync_dir(self.new)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return SpoolEntry(entry_id, self.new / name, mail_from, list(rcpt_tos), received_at, raw)

    @staticmethod
    def parse(path: Path, data: bytes) -> SpoolEntry:
        if not data.startswith(MAGIC):
            raise SpoolCorrupt("not a spool file")
        head, sep, raw = data[len(MAGIC) :].partition(b"\n")
        try:
            env: dict[str, Any] = json.loads(head) if sep else {}
            return SpoolEntry(
                id=str(env["id"]),
                path=path,
                mail_from=str(env.get("mail_from") or ""),
                rcpt_tos=[str(r) for r in env["rcpt_tos"]],
                received_at=dt.datetime.fromisoformat(env["received_at"]),
                raw=raw,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SpoolCorrupt("bad spool envelope") from exc

    def read(self, path: Path) -> SpoolEntry:
        return self.parse(path, path.read_bytes())

    def pending(self) -> list[Path]:
        return sorted(self.new.glob("*.msg")) if self.new.is_dir() else []

    def held(self) -> list[Path]:
        return sorted(self.hold.glob("*.msg")) if self.hold.is_dir() else []

    def release_held(self) -> int:
        """Put held messages back in new/ (after fixing what held them)."""
        moved = 0
        for path in self.held():
            os.rename(path, self.new / path.name)
            moved += 1
        if moved:
            _fsync_dir(self.new)
        return moved

    def clean_tmp(self, older_than: float = 3600) -> int:
        """Remove half-written files. They were never acknowledged, so the sender still has them."""
        removed = 0
        limit = time.time() - older_than
        for path in self.tmp.glob("*.msg") if self.tmp.is_dir() else []:
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    # --- filing -------------------------------------------------------------------------------
    def deliver_one(self, path: Path, deliver: Callable[[SpoolEntry], Any]) -> Outcome:
        """File one spooled message with `deliver`; remove it when that succeeds."""
        try:
            f = open(path, "rb")  # held open for the lock
        except FileNotFoundError:
            return Outcome.GONE
        with f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return Outcome.BUSY
            try:
                if os.stat(path).st_ino != os.fstat(f.fileno()).st_ino:
                    return Outcome.GONE
            except FileNotFoundError:
                return Outcome.GONE  # filed and removed while we waited for the lock
            key = path.name
            try:
                entry = self.parse(path, f.read())
                result = deliver(entry)
            except _TRANSIENT as exc:
                log.warning("mail %s not filed yet, will retry: %s", _spool_id(path), exc.__class__.__name__)
                return Outcome.RETRY
            except (SpoolCorrupt, ValidationError, MalformedMessage, Undeliverable) as exc:
                return self._hold(path, exc)
            except Exception as exc:  # a bug must not lose the message either
                with self._lock:
                    self._failures[key] += 1
                    failures = self._failures[key]
                if failures >= _MAX_FAILURES:
                    return self._hold(path, exc)
                log.error(
                    "mail %s not filed (attempt %d): %s at %s",
                    _spool_id(path),
                    failures,
                    exc.__class__.__name__,
                    _where(exc),
                )
                return Outcome.RETRY
            os.unlink(path)
            _fsync_dir(path.parent)
            with self._lock:
                self._failures.pop(key, None)
            ids = [str(getattr(i, "pk", i)) for i in (result or [])]
            log.info("mail %s filed: intake items %s", entry.id, ", ".join(ids) or "-")
            return Outcome.DELIVERED

    def _hold(self, path: Path, exc: BaseException) -> Outcome:
        os.rename(path, self.hold / path.name)
        _fsync_dir(self.hold)
        with self._lock:
            self._failures.pop(path.name, None)
        log.error("mail %s held for an operator: %s", _spool_id(path), exc.__class__.__name__)
        return Outcome.HELD

    def drain(self, deliver: Callable[[SpoolEntry], Any] | None = None) -> Counter[str]:
        """Try to file everything waiting in new/. Returns how many of each outcome."""
        self.ensure()
        self.clean_tmp()
        counts: Counter[str] = Counter()
        for path in self.pending():
            counts[self.deliver_one(path, deliver or deliver_entry)] += 1
        return counts


def _where(exc: BaseException) -> str:
    """Where an error was raised (file:line), for the log: a message text may hold personal data."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "?"


def _spool_id(path: Path) -> str:
    return path.stem.rpartition("-")[2] or path.stem


# --- database work ------------------------------------------------------------------------------------
def deliver_entry(entry: SpoolEntry) -> list[Any]:
    """File a spooled message (the default `deliver` of the spool and the handler)."""
    token = set_context(RequestContext(request_id=entry.id[:32], channel="email"))
    try:
        return deliver(entry.raw, entry.rcpt_tos, entry.mail_from, received_at=entry.received_at)
    finally:
        reset_context(token)


def close_old_connections() -> None:
    """Django's close_old_connections, but never inside a transaction (a test's, or a caller's)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def in_worker(fn: Callable[..., Any], *args: Any) -> Any:
    """Run database work in a worker thread: fresh connections before, closed after (like a request)."""
    close_old_connections()
    try:
        return fn(*args)
    finally:
        connections.close_all()


class Verdict(enum.StrEnum):
    ACCEPT = "accept"
    UNKNOWN = "unknown"  # a domain we serve, but no such intake address
    RELAY = "relay"  # a domain we do not serve


class AddressBook:
    """The intake addresses of the active agencies, read from the database at each lookup.

    The last list read is kept, so recipients are still checked while the database is down
    (their mail then waits in the spool). With live=False only `refresh()` reads the database
    and lookups use what it read.
    """

    def __init__(self, *, live: bool = True) -> None:
        self.live = live
        self._book: dict[str, tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def refresh(self) -> dict[str, tuple[str, str]]:
        """{address: (agency id, agency code)}, from the database."""
        book = {addr: (str(a.pk), a.code) for addr, a in intake_addresses().items()}
        with self._lock:
            self._book = book
        return book

    def resolve(self, address: str) -> Verdict:
        with self._lock:
            book = self._book
        if self.live or book is None:
            try:
                book = self.refresh()
            except DatabaseError:
                if book is None:
                    raise
        addr = normalize_email(address)
        if addr in book:
            return Verdict.ACCEPT
        domain = addr.rpartition("@")[2]
        if domain and any(a.rpartition("@")[2] == domain for a in book):
            return Verdict.UNKNOWN
        return Verdict.RELAY


# --- SMTP ---------------------------------------------------------------------------------------------
class IntakeHandler:
    """aiosmtpd handler. `resolve` and `deliver` are plain functions run in worker threads."""

    def __init__(
        self,
        spool: Spool,
        *,
        resolve: Callable[[str], Verdict] | None = None,
        deliver: Callable[[SpoolEntry], Any] | None = None,
        max_bytes: int | None = None,
        max_recipients: int = MAX_RECIPIENTS,
    ) -> None:
        self.spool = spool
        self.book = AddressBook()
        self.resolve = resolve or self.book.resolve
        self.deliver = deliver or deliver_entry
        self.max_bytes = max_bytes or settings.SAFEPATH_SMTPD_MAX_BYTES
        self.max_recipients = max_recipients

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= self.max_recipients:
            return "452 4.5.3 Too many recipients"
        try:
            verdict = await asyncio.to_thread(in_worker, self.resolve, address)
        except Exception as exc:
            log.warning("recipient lookup failed: %s", exc.__class__.__name__)
            return "451 4.3.0 Recipient lookup failed, try again later"
        if verdict == Verdict.ACCEPT:
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"
        log.info("recipient refused: %s", verdict)
        if verdict == Verdict.UNKNOWN:
            return "550 5.1.1 No such intake mailbox here"
        return "550 5.7.1 Relaying denied"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        if len(raw) > self.max_bytes:
            log.info("mail refused: %d bytes, over the limit", len(raw))
            return f"552 5.3.4 Message too big (at most {self.max_bytes} bytes)"
        try:
            await asyncio.to_thread(parse_message, raw)
        except MalformedMessage as exc:
            log.info("mail refused: malformed (%s), %d bytes", exc, len(raw))
            return f"554 5.6.0 Malformed message: {exc}"
        try:
            entry = await asyncio.to_thread(
                self.spool.write, raw, mail_from=envelope.mail_from or "", rcpt_tos=list(envelope.rcpt_tos)
            )
        except OSError as exc:
            log.error("mail refused: the spool could not be written (%s)", exc.__class__.__name__)
            return "451 4.3.0 Could not queue the message, try again later"
        log.info("mail %s accepted: %d bytes, %d recipient(s)", entry.id, len(raw), len(envelope.rcpt_tos))
        try:
            outcome = await asyncio.to_thread(in_worker, self.spool.deliver_one, entry.path, self.deliver)
        except Exception as exc:  # it is on disk: the drain will file it
            log.warning("mail %s waits in the spool: %s", entry.id, exc.__class__.__name__)
            outcome = Outcome.RETRY
        if outcome == Outcome.RETRY:
            log.info("mail %s waits in the spool", entry.id)
        return f"250 2.0.0 Queued as {entry.id}"

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", error.__class__.__name__)
        return "451 4.3.0 Internal error, try again later"


class IntakeSMTP(SMTP):
    """aiosmtpd's SMTP with enhanced status codes on its own size refusals."""

    async def push(self, status: AnyStr) -> None:
        if isinstance(status, str) and status.startswith("552 Error:"):
            status = f"552 5.3.4 Message too big (at most {self.data_size_limit} bytes)"
        await super().push(status)


class IntakeController(Controller):
    def __init__(self, handler: IntakeHandler, *, hostname: str | None = None, port: int | None = None) -> None:
        # aiosmtpd logs every sender and recipient address at INFO: not in our logs.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        super().__init__(
            handler,
            hostname=hostname or settings.SAFEPATH_SMTPD_HOST,
            port=port or settings.SAFEPATH_SMTPD_PORT,
            server_hostname=socket.gethostname(),
            data_size_limit=handler.max_bytes,
            enable_SMTPUTF8=True,
            ident="SafePath intake",
        )

    def factory(self) -> SMTP:
        return IntakeSMTP(self.handler, **self.SMTP_kwargs)
