from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepath.audit.models import Action, Channel
from safepath.audit.services import audit_record
from safepath.core.crypto import KeyRingError, get_keyring
from safepath.security.keys import keys_add, rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the active key. With --new-key, first add a new "
        "key to the ring file and make it active. Safe to interrupt and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="add a new active key first")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["new_key"]:
                self.stdout.write(f"New active key: {keys_add()}")
            active = get_keyring().active_id

            def progress(table: str, seen: int, total: int) -> None:
                pct = 100 * seen // total if total else 100
                self.stdout.write(f"  {table}: {seen}/{total} ({pct}%)")

            done = rotate_keys(batch_size=options["batch_size"], progress=progress)
        except KeyRingError as exc:
            raise CommandError(str(exc)) from exc
        audit_record(
            actor=None,
            action=Action.ROTATE_KEYS,
            channel=Channel.CLI,
            detail={"active_key": active, "rows": done},
        )
        total = sum(done.values())
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows under key {active}."))
