"""safepath import-licences FILE --data-date DD/MM/YYYY [--source TEXT]: import the licence list from
the command line, printing the progress and the report (the rejected rows with their reasons)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepath.audit.models import Channel
from safepath.core.context import RequestContext, reset_context, set_context
from safepath.recruiters import reader, selectors, services
from safepath.recruiters.models import DOLAB_SOURCE, ImportStatus

SHOWN_REJECTIONS = 50
STEP_NAMES = {"read": "reading the file", "check": "checking the rows", "save": "saving the enterprises"}


class Command(BaseCommand):
    help = (
        "Import the official list of licensed labour-export enterprises from a CSV (UTF-8) or Excel .xlsx "
        "file. When at least one row is accepted, the new list replaces the one in force (earlier lists are "
        "kept). Prints the rejected rows with their reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the list as CSV (UTF-8, comma or semicolon) or Excel .xlsx")
        parser.add_argument("--data-date", required=True, help="the date the list was published, DD/MM/YYYY")
        parser.add_argument("--source", default=DOLAB_SOURCE, help="who published it (default: DOLAB)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        token = set_context(RequestContext(channel=Channel.CLI))
        try:
            try:
                batch = services.licence_import_create(
                    actor=None,
                    file_name=path.name,
                    content=content,
                    data_date=options["data_date"],
                    source=options["source"],
                    channel=Channel.CLI,
                )
            except ValidationError as exc:
                raise CommandError(" ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
            self.stdout.write(f"Importing {path.name} (list of {batch.data_date:%d/%m/%Y}) ...")
            last: dict[str, int] = {}

            def progress(step: str, done: int, total: int) -> None:
                pct = 100 * done // total if total else 100
                if step == "read" or last.get(step) == pct:
                    return
                last[step] = pct
                self.stdout.write(f"  {STEP_NAMES.get(step, step)}: {done}/{total} ({pct}%)")

            batch = services.licence_import_run(import_id=batch.pk, progress=progress, channel=Channel.CLI)
        finally:
            reset_context(token)
        self._report(batch)
        if batch.status != ImportStatus.DONE:
            raise CommandError(reader.failure_text(batch.failure) + " The list in force was not changed.")

    def _report(self, batch: Any) -> None:
        self.stdout.write(
            f"Rows read: {batch.rows_read}; accepted: {batch.rows_accepted}; rejected: {batch.rows_rejected}."
        )
        rejected = selectors.rejected_rows(batch)
        for r in rejected[:SHOWN_REJECTIONS]:
            self.stdout.write(f"  row {r['row']}: {' '.join(r['reasons'])}")
        if len(rejected) > SHOWN_REJECTIONS:
            self.stdout.write(f"  ... and {len(rejected) - SHOWN_REJECTIONS} more (see the report in SafePath).")
        if batch.status == ImportStatus.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The list of {batch.data_date:%d/%m/%Y} is now in force: {batch.rows_accepted} enterprises."
                )
            )
