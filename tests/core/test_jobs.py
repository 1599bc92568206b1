from __future__ import annotations

import pytest
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.core.crypto import KeyRing, reset_keyring_cache
from safepath.core.models import Job
from tests.factories import UserFactory
from tests.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_keyring(settings, tmp_path):
    from django.core.management import call_command

    settings.SAFEPATH_KEYRING = ""
    settings.SAFEPATH_KEYRING_FILE = str(tmp_path / "keyring.json")
    reset_keyring_cache()
    call_command("keys", "init")
    yield
    reset_keyring_cache()


def test_system_admin_rotates_keys_from_the_browser_and_follows_progress(
    client, file_keyring, django_capture_on_commit_callbacks
):
    from django.db import connection

    person = register(UserFactory())
    admin = UserFactory(roles=[Role.SYSTEM_ADMIN])
    client.force_login(admin)
    page = client.get(reverse("web:keys"))
    assert page.status_code == 200 and "k1" in page.content.decode()
    refused = client.post(reverse("web:keys"), {})
    assert refused.status_code == 400 and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:keys"), {"confirm": "yes"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:job", args=[job.pk])
    # The test settings run tasks immediately, once the request's transaction commits.
    job.refresh_from_db()
    assert job.status == "done" and job.result["active_key"] == "k2" and job.percent == 100
    fragment = client.get(reverse("web:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "k2" in fragment
    with connection.cursor() as cur:
        cur.execute(
            "SELECT given_name FROM people_person WHERE id = %s",
            [person.pk.hex if connection.vendor == "sqlite" else person.pk],
        )
        assert KeyRing.key_id_of(cur.fetchone()[0]) == "k2"


def test_a_running_job_page_polls(client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMIN])
    job = Job.objects.create(kind="rotate_keys", created_by=admin, status="running", done=5, total=10)
    client.force_login(admin)
    html = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="50"' in html


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.CASEWORKER, Role.ANALYST])
def test_others_cannot_manage_keys_or_see_jobs(client, role):
    job = Job.objects.create(kind="rotate_keys", created_by=UserFactory(roles=[Role.SYSTEM_ADMIN]))
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("web:keys")).status_code == 403
    assert client.get(reverse("web:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job", args=["nonsense"])).status_code == 404
