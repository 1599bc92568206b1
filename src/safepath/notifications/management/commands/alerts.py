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

        token = set_context(RequestContext(channel="cli"))
        try:
            while True:
                raised = sweep_all()
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in raised.items()) or "nothing to sweep")
                if every <= 0:
                    break
                time.sleep(every)
        finally:
            reset_context(token)
