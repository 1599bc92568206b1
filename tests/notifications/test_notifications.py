"""In-app notifications: the recipient's own, no personal data, mail after commit, each alert once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from safepath.accounts.roles import Role
from safepath.notifications.models import Notification
from safepath.notifications.services import mark_read, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_records_renders_and_mails_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(roles=[Role.CASEWORKER], email="canbo@example.org")
    params = {"reference": "REF26-HN-MRC-00001", "to_agency": "LC-RC"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user, user], kind="referral_accepted", target_url="/referrals/", params=params)
    assert Notification.objects.filter(recipient=user).count() == 1  # once per recipient
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and "REF26-HN-MRC-00001" in mail.outbox[0].subject
    assert Notification.objects.get().emailed_at is not None


def test_a_dedupe_key_raises_an_alert_once():
    user = UserFactory(roles=[Role.CASEWORKER])
    for _ in range(2):
        notify(
            recipients=[user], kind="followup_overdue", params={"case": "X", "due_on": "01/01/2026"}, dedupe_key="k1"
        )
    assert Notification.objects.count() == 1


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        notify(recipients=[], kind="no_such_kind")


def test_users_see_and_open_only_their_own(client):
    me, other = UserFactory(roles=[Role.CASEWORKER]), UserFactory(roles=[Role.CASEWORKER])
    mine = notify(
        recipients=[me], kind="referral_accepted", target_url="/cases/", params={"reference": "REF26-MINE-00001"}
    )[0]
    theirs = notify(recipients=[other], kind="referral_accepted", params={"reference": "REF26-THEIRS-00002"})[0]
    client.force_login(me)
    page = client.get(reverse("notifications:list")).content.decode()
    # References that no random token in the page (the CSRF token) can contain by chance.
    assert "REF26-MINE-00001" in page and "REF26-THEIRS-00002" not in page
    assert 'id="unread-count"' in client.get(reverse("web:home")).content.decode()
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/cases/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    api = client.get(reverse("api-notifications")).json()
    assert [n["params"]["reference"] for n in api["results"]] == ["REF26-MINE-00001"]
    assert mark_read(user=other) == 1


def test_marking_read_refuses_ids_no_database_holds(client):
    me = UserFactory(roles=[Role.CASEWORKER])
    mine = notify(recipients=[me], kind="referral_accepted", params={"reference": "REF26-MINE-00001"})[0]
    client.force_login(me)
    url = reverse("api-notifications-read")
    # Found by the API fuzzer: an id past 64 bits reached the database and failed there (a 500).
    for ids in ([2**70], [-1], [0]):
        response = client.post(url, {"ids": ids}, content_type="application/json")
        assert response.status_code == 400, ids
        assert list(response.json()["ids"]) == ["0"]  # the first id is named as the wrong one
    response = client.post(url, {"ids": [mine.pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"marked": 1}
