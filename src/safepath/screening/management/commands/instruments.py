"""`safepath instruments [list|release]`: the instrument files SafePath loaded, and pinning released versions."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepath.screening.instruments import RELEASED, changed_after_release, registry, released_digests


class Command(BaseCommand):
    help = "List the screening instruments (validated at start-up) or pin the digests of the versions now released."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "release"], default="list")

    def handle(self, *args: Any, action: str = "list", **options: Any) -> None:
        pinned = released_digests()
        if action == "list":
            for key, i in sorted(registry().items()):
                state = "released" if key in pinned else "not released"
                if key in changed_after_release():
                    state = "CHANGED AFTER RELEASE"
                questions = sum(1 for _ in i.questions())
                self.stdout.write(
                    f"{key:36} {i.kind:14} {questions:3} questions {len(i.indicators):3} indicators  {state}"
                )
            return
        if changed := changed_after_release():
            raise CommandError(f"Released versions changed: {', '.join(changed)}. Give the changes a new version.")
        shipped = {k: i.digest for k, i in registry().items() if (RELEASED.parent / f"{k}.yaml").exists()}
        RELEASED.write_text(json.dumps({**pinned, **shipped}, indent=2, sort_keys=True) + "\n")
        self.stdout.write(f"Pinned {len(shipped)} instrument versions in {RELEASED}")
