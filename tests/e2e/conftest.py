from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _reference_data(live_server):
    """The places tables (loaded by a data migration) must be there for the browser.

    A transactional test run earlier in the session ends with a flush; the live server's test then
    starts on empty tables whenever the serialized copy is not restored for it (seen with
    pytest-django when another serialized test ran first). Reload them in that case.
    """
    from safepath.places.models import Province
    from safepath.places.services import places_load

    if not Province.objects.exists():
        places_load()
