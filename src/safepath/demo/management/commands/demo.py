from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safepath.accounts.models import User
from safepath.demo.agencies import DEMO_PASSWORD, USERS
from safepath.demo.services import DEMO_PERSONS, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = "Demo data. load: create it if the database is new (keeps existing data). logins: print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "logins"])
        parser.add_argument("--persons", type=int, default=DEMO_PERSONS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "logins":
            self._print_logins()
            return
        if demo_is_loaded():
            self.stdout.write("The database already has data; demo data not loaded again (your changes are kept).")
            return
        self.stdout.write("Loading demo data...")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  persons: {done}/{total} ({100 * done // total}%)")

        counts = demo_load(persons=options["persons"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {counts['agencies']} agencies, {counts['users']} users, {counts['persons']} persons."
            )
        )

    def _print_logins(self) -> None:
        existing = set(User.objects.filter(username__in=[u[0] for u in USERS]).values_list("username", flat=True))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'user name':<13} {'agency':<8} role")
        for username, _display, agency, roles in USERS:
            if username in existing:
                self.stdout.write(f"  {username:<13} {agency:<8} {', '.join(str(r.label) for r in roles)}")
        self.stdout.write("")
