"""Staff pages: writing, reviewing and publishing profiles through the web, and the visit statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from safepath.accounts.roles import Role
from safepath.portal.models import CountryProfile, PageView, ProfileVersion, VersionStatus
from tests.factories import UserFactory
from tests.portal.conftest import JAPAN_TEXT

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    data = dict(JAPAN_TEXT.items())
    data.update(overrides)
    return data


def test_write_submit_and_publish_through_the_pages(client, writer, supervisor):
    client.force_login(writer)
    assert client.get("/portal/staff/profiles/").status_code == 200
    response = client.post("/portal/staff/profiles/new/", {"kind": "country", "country": "JP"})
    profile = CountryProfile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/staff/profiles/{profile.pk}/edit/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'id="id_channels_vi"' in html and 'id="id_channels_en"' in html
    assert 'lang="vi"' in html and 'lang="en"' in html
    draft = profile.versions.get()
    response = client.post(
        f"/portal/staff/profiles/{profile.pk}/edit/",
        {**_fields(channels_vi="<script>alert(1)</script>"), "revision": draft.revision, "then": "submit"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW
    detail = client.get(f"/portal/staff/versions/{draft.pk}/").content.decode()
    assert 'id="second-person"' in detail and 'id="publish-version"' not in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert(1)" not in detail
    client.post(f"/portal/staff/versions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW  # refused: the author cannot publish

    client.force_login(supervisor)
    listing = client.get("/portal/staff/profiles/").content.decode()
    assert "waiting for you" in listing or "badge text-bg-warning" in listing
    detail = client.get(f"/portal/staff/versions/{draft.pk}/").content.decode()
    assert 'id="publish-version"' in detail
    assert client.post(f"/portal/staff/versions/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.reviewer == supervisor
    public = client.get("/portal/vi/countries/jp/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in public and "<script>" not in public


def test_errors_keep_what_was_typed_and_stale_saves_are_refused(client, writer):
    client.force_login(writer)
    client.post("/portal/staff/profiles/new/", {"kind": "country", "country": "KR"})
    profile = CountryProfile.objects.get()
    draft = profile.versions.get()
    response = client.post(
        f"/portal/staff/profiles/{profile.pk}/edit/",
        {**_fields(title_vi="x" * 300, summary_en="Kept text"), "revision": draft.revision},
    )
    assert response.status_code == 400 and "Kept text" in response.content.decode()
    response = client.post(
        f"/portal/staff/profiles/{profile.pk}/edit/", {**_fields(summary_en="Mine"), "revision": draft.revision - 1}
    )
    assert response.status_code == 400 and "Mine" in response.content.decode()


def test_restore_an_earlier_version_from_the_history(client, japan, writer, supervisor):
    client.force_login(writer)
    first = japan.published
    client.post(f"/portal/staff/profiles/{japan.pk}/edit/", {"start": "1"})
    draft = japan.versions.get(status=VersionStatus.DRAFT)
    client.post(
        f"/portal/staff/profiles/{japan.pk}/edit/",
        {**_fields(summary_vi="Bản mới"), "revision": draft.revision, "then": "submit"},
    )
    client.force_login(supervisor)
    client.post(f"/portal/staff/versions/{draft.pk}/publish/")
    client.force_login(writer)
    history = client.get(f"/portal/staff/profiles/{japan.pk}/").content.decode()
    assert history.count('<th scope="row"><a href="/portal/staff/versions/') == 2
    old = client.get(f"/portal/staff/versions/{first.pk}/").content.decode()
    assert JAPAN_TEXT["summary_vi"] in old and 'id="restore-version"' in old
    response = client.post(f"/portal/staff/versions/{first.pk}/restore/")
    assert response.status_code == 302
    restored = ProfileVersion.objects.get(profile=japan, status=VersionStatus.DRAFT)
    assert restored.based_on == first and restored.number == 3


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.CASEWORKER, Role.ANALYST, Role.AGENCY_ADMIN])
def test_other_roles_cannot_reach_the_editor(client, japan, agency, role):
    user = UserFactory(agency=agency, roles=[role])
    client.force_login(user)
    assert client.get("/portal/staff/profiles/").status_code == 404
    assert client.get(f"/portal/staff/profiles/{japan.pk}/").status_code == 404
    assert client.get(f"/portal/staff/versions/{japan.published_id}/").status_code == 404
    assert client.post("/portal/staff/profiles/new/", {"kind": "country", "country": "KR"}).status_code == 403
    assert client.post(f"/portal/staff/versions/{japan.published_id}/restore/").status_code == 404


def test_a_supervisor_reviews_but_does_not_write(client, japan, supervisor):
    client.force_login(supervisor)
    assert client.get("/portal/staff/profiles/").status_code == 200
    assert client.post(f"/portal/staff/profiles/{japan.pk}/edit/", {"start": "1"}).status_code == 403
    assert client.post("/portal/staff/profiles/new/", {"kind": "country", "country": "KR"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, japan):
    for url in ["/portal/staff/profiles/", "/portal/staff/visits/", "/portal/staff/help-reference/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_visit_statistics_page(client, agency):
    today = timezone.localdate()
    PageView.objects.create(page="home", day=today, lang="vi", count=7)
    PageView.objects.create(page="home", day=today, lang="en", count=2)
    PageView.objects.create(page="country:jp", day=today - dt.timedelta(days=3), lang="vi", count=4)
    PageView.objects.create(page="help", day=today - dt.timedelta(days=90), lang="vi", count=99)
    for role in (Role.ANALYST, Role.SUPERVISOR, Role.OUTREACH_OFFICER, Role.SYSTEM_ADMIN):
        client.force_login(UserFactory(agency=agency, roles=[role]))
        response = client.get("/portal/staff/visits/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="visits-chart"' in html and 'id="visits-daily"' in html and 'id="visits-data"' in html
        assert "13 " in html.split('id="visits-total">')[1][:20]  # 7 + 2 + 4, not the 99 of 90 days ago
    response = client.get("/portal/staff/visits/", {"from": "01/01/2020", "to": "bad"})
    assert response.status_code == 400
    response = client.get("/portal/staff/visits/", {"from": (today - dt.timedelta(days=100)).strftime("%d/%m/%Y")})
    assert "99" in response.content.decode()
    client.force_login(UserFactory(agency=agency, roles=[Role.COUNSELLOR]))
    assert client.get("/portal/staff/visits/").status_code == 403


def test_visits_of_a_profile_are_shown_under_its_title(client, japan, supervisor):
    from safepath.portal import services

    Client().get("/portal/vi/countries/JP/")
    services.page_views_flush()
    client.force_login(supervisor)
    html = client.get("/portal/staff/visits/").content.decode()
    assert "Nhật Bản" in html and "country:jp" not in html
