from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safepath.core.context import RequestContext, reset_context, set_context


class Command(BaseCommand):
    help = "Raise due alerts (overdue referrals and transfers, stays near their limit, overdue follow-ups)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: run once)")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        import time

        from safepath.notifications.alerts import sweep_all
        from safepath.reports.ctdc import case_export_cleanup
        from safepath.reports.services import schedule_run_due_safely

        token = set_context(RequestContext(channel="cli"))
        try:
            while True:
                raised = sweep_all()
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in raised.items()) or "nothing to sweep")
                if queued := schedule_run_due_safely():  # the reports schedules owe (never raises)
                    self.stdout.write(f"reports queued: {queued}")
                if removed := case_export_cleanup():  # case-level export files older than a day
                    self.stdout.write(f"case-level export files removed: {removed}")
                if every <= 0:
                    break
                time.sleep(every)
        finally:
            reset_context(token)
