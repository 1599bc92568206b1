from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _live(live_server):
    """Every browser test runs against the live server (the places tables are reloaded for it by
    the suite's `_reference_data` fixture when a flush emptied them)."""
