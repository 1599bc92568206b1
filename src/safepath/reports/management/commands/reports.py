"""safepath reports generate | run-due: programme reports from the command line.

``safepath reports generate --kind monthly --period 10/2026 --lang vi [--agency CODE] [--format xlsx,pdf]``
makes a report now (in this process), printing a line per indicator, and keeps it in SafePath (the
staff pages list it for system administrators); ``--output DIR`` also writes its files there.
``safepath reports run-due`` queues the report of every period that has ended for each active schedule
(the background worker makes them); ``safepath alerts --every N`` does the same on every round.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from safepath.audit.models import Channel
from safepath.core.context import RequestContext, reset_context, set_context
from safepath.reports import services
from safepath.reports.models import FORMATS, ReportKind, ReportStatus


class Command(BaseCommand):
    help = "Programme reports: `generate` one now, or `run-due` to queue the reports schedules owe."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        gen = actions.add_parser("generate", help="make a report now, printing its progress")
        gen.add_argument("--kind", choices=ReportKind.values, default="", help="default: the period's own")
        gen.add_argument("--period", required=True, help="10/2026, Q4/2026, 2026 or whole months 01/08/2026-31/10/2026")
        gen.add_argument("--lang", choices=["vi", "en"], default="vi")
        gen.add_argument("--agency", default="", help="one agency's short code (default: every agency)")
        gen.add_argument("--province", default="", help="a province code (2025)")
        gen.add_argument("--legacy-province", default="", help="a former province code (before July 2025)")
        gen.add_argument("--programme", action="append", default=[], help="a programme code (repeatable)")
        gen.add_argument("--indicator", action="append", default=[], help="only this indicator (repeatable)")
        gen.add_argument("--format", default=",".join(FORMATS), help="xlsx, pdf or xlsx,pdf")
        gen.add_argument("--output", default="", help="a folder to write the files to")
        due = actions.add_parser("run-due", help="queue the reports that active schedules owe")
        due.add_argument("--today", default="", help="as if today were DD/MM/YYYY (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_context(RequestContext(channel=Channel.CLI))
        try:
            with translation.override("en"):
                if options["action"] == "generate":
                    self._generate(options)
                else:
                    self._run_due(options)
        finally:
            reset_context(token)

    def _generate(self, options: dict[str, Any]) -> None:
        output = Path(options["output"]) if options["output"] else None
        if output is not None and not output.is_dir():
            raise CommandError(f"{output} is not a folder.")
        try:
            report = services.report_create(
                actor=None,
                kind=options["kind"],
                period=options["period"],
                language=options["lang"],
                formats=services.formats_of([options["format"]]),
                agency=options["agency"],
                province=options["province"],
                legacy_province=options["legacy_province"],
                programmes=options["programme"],
                indicators=options["indicator"],
                channel=Channel.CLI,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        except PermissionDenied as exc:  # pragma: no cover - the command line counts every agency
            raise CommandError(str(exc) or "refused") from exc
        p = report.parameters
        self.stdout.write(
            f"Report {report.pk}: {report.kind} {p['period']} ({p['period_start']} to {p['period_end']}), "
            f"{report.language}, {', '.join(report.formats)}, {len(p['indicators'])} indicators"
        )

        def progress(done: int, total: int, step: str) -> None:
            if step:
                self.stdout.write(f"  [{done + 1 if done < total else done}/{total}] {step}")

        report = services.report_generate(report, progress=progress)
        if report.status != ReportStatus.DONE:
            raise CommandError(f"The report failed: {report.error}")
        for fmt in report.formats:
            content = bytes(getattr(report, fmt) or b"")
            line = f"{fmt}: {len(content):,} bytes"
            if output is not None:
                target = output / services.file_name(report, fmt)
                target.write_bytes(content)
                line += f" -> {target}"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Done."))

    def _run_due(self, options: dict[str, Any]) -> None:
        today = None
        if options["today"]:
            try:
                day, month, year = (int(part) for part in options["today"].split("/"))
                today = dt.date(year, month, day)
            except ValueError as exc:
                raise CommandError("--today: write a date as DD/MM/YYYY.") from exc
        made = services.schedule_run_due(today=today)
        for report in made:
            state = "queued" if report.status == ReportStatus.QUEUED else report.status
            self.stdout.write(f"{report.kind} {report.parameters.get('period', '')}: report {report.pk} {state}")
        self.stdout.write(f"{len(made)} report(s) queued." if made else "No report due.")
