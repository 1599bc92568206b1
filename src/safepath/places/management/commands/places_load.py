from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from safepath.places.services import places_load


class Command(BaseCommand):
    help = (
        "Load or refresh provinces, communes, former provinces, countries and ethnic groups "
        "(idempotent; rows missing from the sources are kept, never deleted)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to load into.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = places_load(using=options["database"])
        for table, n in counts.items():
            self.stdout.write(f"{table}: {n}")
        self.stdout.write(self.style.SUCCESS(f"Loaded in {time.perf_counter() - started:.2f} s."))
