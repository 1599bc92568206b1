from __future__ import annotations

import os
import shutil

import pytest

from safepath.core.context import RequestContext, reset_context, set_context

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# CI runs the property tests with a fixed seed, so a run is repeatable; locally they explore anew.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()  # throttling counters must not leak from one test into the next
    # Transactional tests flush and recreate content types under new ids; django-auditlog looks
    # them up through Django's in-process cache, which must not keep the old ids.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The places tables (provinces, communes, countries, ethnic groups) come from a data migration.

    A transactional test ends with a flush. pytest-django restores the serialized copy for the next
    `serialized_rollback` test only in some fixture orders (pytest-django issue #1117: with
    Playwright's fixtures, or after a live-server test, it is skipped), and the next test then starts
    on empty reference tables. Reload them in that case, for every transactional test.
    """
    if _is_transactional(request):
        request.getfixturevalue("_django_db_helper")
        from safepath.places.models import Country, Province
        from safepath.places.services import places_load

        if not (Province.objects.exists() and Country.objects.exists()):
            places_load()
    yield


@pytest.fixture(autouse=True)
def _request_context():
    token = set_context(RequestContext(ip="127.0.0.1", channel="web"))
    yield
    reset_context(token)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("SAFEPATH_REQUIRE_BROWSER"):
            pytest.fail("Debian chromium is not installed: apt-get install chromium")
        pytest.skip("Debian chromium is not installed (apt-get install chromium); browser tests skipped")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
        ],
    }
