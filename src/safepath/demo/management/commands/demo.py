from __future__ import annotations

import time
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepath.accounts.models import User
from safepath.demo.agencies import DEMO_PASSWORD, STAFF, USERS
from safepath.demo.services import demo_is_loaded, demo_load


class Command(BaseCommand):
    help = (
        "Demo data. load: create it if the database is new (keeps existing data): the agencies, their staff and "
        "two years of cases, consultations and intake. logins: print the demo accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "logins"])
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply the number of cases, consultations and intake items (default 1.0: about 5,800 cases)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "logins":
            self._print_logins()
            return
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive.")
        if demo_is_loaded():
            self.stdout.write("The database already has data; demo data not loaded again (your changes are kept).")
            return
        self.stdout.write("Loading demo data (two years of casework; about a minute)...")
        started = time.monotonic()

        def progress(step: str, done: int, total: int) -> None:
            pct = 100 * done // total if total else 100
            self.stdout.write(f"  {step}: {done}/{total} ({pct}%)")

        counts = demo_load(scale=options["scale"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.0f} s: {counts['agencies']} agencies, "
                f"{counts['users']} staff accounts, {counts['persons']} persons, {counts['cases']} cases, "
                f"{counts['consultations']} consultations, {counts['intake_items']} intake items "
                f"({counts['intake_waiting']} waiting in the queues)."
            )
        )

    def _print_logins(self) -> None:
        existing = set(
            User.objects.filter(username__in=[u[0] for u in USERS + STAFF]).values_list("username", flat=True)
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'user name':<13} {'agency':<8} role")
        for username, _display, agency, roles in USERS:
            if username in existing:
                self.stdout.write(f"  {username:<13} {agency:<8} {', '.join(str(r.label) for r in roles)}")
        staff = [row for row in STAFF if row[0] in existing]
        if staff:
            self.stdout.write("More staff, same password:")
            for agency, rows in groupby(staff, key=lambda row: row[2]):
                self.stdout.write(f"  {agency:<8} {', '.join(row[0] for row in rows)}")
        self.stdout.write("")
