from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepath.core.crypto import KeyRingError, get_keyring
from safepath.security.keys import keys_add, keys_init, keys_retire, keys_usage


class Command(BaseCommand):
    help = (
        "Manage the encryption key ring. init: create it if missing. status: keys and what they "
        "encrypt. add: a new active key (then run rotate-keys). retire KEY: drop an unused key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["init", "status", "add", "retire"])
        parser.add_argument("key_id", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "init":
                path, created = keys_init()
                self.stdout.write(f"{'Created' if created else 'Kept existing'} key ring at {path}")
            elif action == "add":
                self.stdout.write(f"New active key: {keys_add()}. Now run `safepath rotate-keys`.")
            elif action == "retire":
                if not options["key_id"]:
                    raise CommandError("Name the key to retire: safepath keys retire k1")
                keys_retire(options["key_id"])
                self.stdout.write(f"Retired key {options['key_id']}.")
            else:
                ring = get_keyring()
                self.stdout.write(f"Active key: {ring.active_id}; keys in ring: {', '.join(sorted(ring.keys))}")
                for usage in keys_usage():
                    parts = ", ".join(f"{k}: {n}" for k, n in sorted(usage.counts.items())) or "empty"
                    self.stdout.write(f"  {usage.table}.{usage.column}: {parts}")
        except KeyRingError as exc:
            raise CommandError(str(exc)) from exc
