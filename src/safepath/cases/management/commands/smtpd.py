from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from safepath.cases.smtpd import IntakeController, IntakeHandler, Spool, close_old_connections

log = logging.getLogger("safepath.mail")


class Command(BaseCommand):
    help = (
        "Receive intake e-mail over SMTP: mail to an agency's intake address becomes an item in its "
        "intake queue. Every message is written to the spool before it is acknowledged, so nothing "
        "accepted is lost; what could not be filed yet is retried at start-up and every --interval "
        "seconds. --drain files what waits in the spool once and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="address to listen on (SAFEPATH_SMTPD_HOST)")
        parser.add_argument("--port", type=int, default=None, help="port to listen on (SAFEPATH_SMTPD_PORT)")
        parser.add_argument("--spool", default=None, help="spool directory (SAFEPATH_SMTPD_SPOOL_DIR)")
        parser.add_argument("--drain", action="store_true", help="file what waits in the spool, then exit")
        parser.add_argument("--retry-held", action="store_true", help="put held messages back in the queue first")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between spool drains")

    def handle(self, *args: Any, **options: Any) -> None:
        spool = Spool(options["spool"])
        try:
            spool.ensure()
        except OSError as exc:
            raise CommandError(f"The spool directory {spool.root} cannot be used: {exc}") from exc
        if options["retry_held"]:
            self.stdout.write(f"Put {spool.release_held()} held message(s) back in the queue.")
        if options["drain"]:
            self._drain(spool, verbose=True)
            held = len(spool.held())
            if held:
                self.stdout.write(self.style.WARNING(f"{held} message(s) held in {spool.hold}: see the log."))
            return
        self._serve(spool, options)

    def _drain(self, spool: Spool, *, verbose: bool = False) -> None:
        close_old_connections()
        try:
            counts = spool.drain()
        except Exception as exc:  # the loop must go on; what is spooled stays spooled
            log.error("spool drain failed: %s", exc.__class__.__name__)
            return
        finally:
            close_old_connections()
        if verbose or counts:
            summary = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "nothing waiting"
            self.stdout.write(f"Spool {spool.new}: {summary}.")

    def _serve(self, spool: Spool, options: dict[str, Any]) -> None:
        host = options["host"] or settings.SAFEPATH_SMTPD_HOST
        port = options["port"] or settings.SAFEPATH_SMTPD_PORT
        handler = IntakeHandler(spool)
        try:
            book = handler.book.refresh()
        except DatabaseError as exc:
            book = {}
            self.stderr.write(f"The database cannot be read ({exc.__class__.__name__}): addresses are checked later.")
        self._drain(spool)
        controller = IntakeController(handler, hostname=host, port=port)
        try:
            controller.start()
        except (OSError, TimeoutError) as exc:
            raise CommandError(f"Cannot listen on {host}:{port}: {exc}") from exc
        self.stdout.write(
            f"SafePath mail intake listening on {host}:{port}; "
            f"spool {spool.root}; at most {handler.max_bytes // (1024 * 1024)} MB a message."
        )
        if book:
            for address, (_id, code) in sorted(book.items()):
                self.stdout.write(f"  accepting mail for {address} ({code})")
        else:
            self.stdout.write(self.style.WARNING("  No active agency has an intake address yet: all mail is refused."))
        stop = threading.Event()

        def _stop(signum: int, _frame: Any) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not stop.wait(options["interval"]):
                self._drain(spool)
        finally:
            for sig, handler_ in previous.items():
                signal.signal(sig, handler_)
            controller.stop()
            self.stdout.write("SafePath mail intake stopped.")
