"""Demo data for jobcheck (called by safepath.demo.services after the casework)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any


def load_demo(*, agencies: dict[str, Any], users: dict[str, Any], today: dt.date, rng: random.Random) -> dict[str, int]:
    return {}
