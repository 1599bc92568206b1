"""The periodic sweep: overdue referrals and transfers, stays near or past their limit, overdue follow-ups.

Each app keeps its own `alerts.sweep(today=...)`; this runs them all. Every sweep is idempotent (an
alert carries a dedupe key), so running it every few minutes or once a day gives the same alerts.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.utils import timezone

SWEEPS = ["safepath.referrals.alerts", "safepath.shelters.alerts", "safepath.reintegration.alerts"]


def sweep_all(*, today: dt.date | None = None) -> dict[str, int]:
    day = today or timezone.localdate()
    raised: dict[str, int] = {}
    for dotted in SWEEPS:
        try:
            module = import_module(dotted)
        except ModuleNotFoundError:
            continue
        raised[dotted.split(".")[1]] = int(module.sweep(today=day))
    return raised
