"""Country profiles: draft -> in review -> published by a second person; versions kept and restorable."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safepath.accounts.roles import Role
from safepath.audit.models import AccessEvent
from safepath.portal import services
from safepath.portal.models import CountryProfile, ProfileVersion, VersionStatus
from tests.factories import UserFactory
from tests.portal.conftest import JAPAN_TEXT, publish

pytestmark = pytest.mark.django_db


def _draft(writer):
    profile, draft = services.profile_create(actor=writer, kind="country", country_id="jp")
    draft = services.draft_save(actor=writer, version=draft, data=JAPAN_TEXT, revision=draft.revision)
    return profile, draft


def test_create_country_profile_starts_an_empty_draft_with_the_country_name(writer):
    profile, draft = services.profile_create(actor=writer, kind="country", country_id="jp")
    assert profile.slug == "jp" and profile.country_id == "JP"
    assert draft.status == VersionStatus.DRAFT and draft.number == 1 and draft.author == writer
    assert draft.text("title", "vi") == "Nhật Bản" and draft.text("title", "en") == "Japan"
    with pytest.raises(ValidationError) as exc:
        services.profile_create(actor=writer, kind="country", country_id="JP")
    assert "country" in exc.value.message_dict
    assert AccessEvent.objects.filter(object_type="country_profile", purpose="profile_create").count() == 1


def test_warning_profile_needs_a_slug_countries_and_a_title(writer):
    with pytest.raises(ValidationError) as exc:
        services.profile_create(actor=writer, kind="warning", slug="Bad Slug!", region_countries="KH, XX")
    assert set(exc.value.message_dict) >= {"slug", "region_countries", "title_vi"}
    profile, _draft = services.profile_create(
        actor=writer, kind="warning", slug="scam-compounds", region_countries="kh, mm;LA", title_vi="Cảnh báo"
    )
    assert profile.region_countries == ["KH", "LA", "MM"] and profile.country is None


def test_only_writers_create_and_edit(supervisor, counsellor):
    for user in (supervisor, counsellor):
        with pytest.raises(PermissionDenied):
            services.profile_create(actor=user, kind="country", country_id="KR")


def test_the_author_cannot_publish_alone(writer, supervisor):
    _profile, draft = _draft(writer)
    draft = services.draft_submit(actor=writer, version=draft)
    assert draft.status == VersionStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=writer, version=draft)
    assert not writer.has_perm("portal.publish_version", draft)
    assert supervisor.has_perm("portal.publish_version", draft)
    published = services.version_publish(actor=supervisor, version=draft)
    assert published.status == VersionStatus.PUBLISHED and published.reviewer == supervisor
    assert published.published_at is not None


def test_a_co_writer_cannot_publish_but_another_writer_can(writer, writer2, agency):
    _profile, draft = _draft(writer)
    draft = services.draft_save(actor=writer2, version=draft, data=JAPAN_TEXT, revision=draft.revision)
    draft = services.draft_submit(actor=writer2, version=draft)
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=writer2, version=draft)
    third = UserFactory(username="truyenthong3", agency=agency, roles=[Role.OUTREACH_OFFICER])
    assert services.version_publish(actor=third, version=draft).reviewer == third


def test_a_superuser_who_wrote_cannot_publish_either(writer, agency):
    boss = UserFactory(username="sep", agency=agency, roles=[Role.SYSTEM_ADMIN])
    boss.is_superuser = True
    boss.save()
    _profile, draft = services.profile_create(actor=boss, kind="country", country_id="KR")
    draft = services.draft_save(actor=boss, version=draft, data=JAPAN_TEXT, revision=draft.revision)
    draft = services.draft_submit(actor=boss, version=draft)
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=boss, version=draft)


def test_people_without_the_role_cannot_publish(writer, counsellor, agency):
    analyst = UserFactory(username="phantich", agency=agency, roles=[Role.ANALYST])
    _profile, draft = _draft(writer)
    draft = services.draft_submit(actor=writer, version=draft)
    for user in (counsellor, analyst):
        with pytest.raises(PermissionDenied):
            services.version_publish(actor=user, version=draft)


def test_only_a_version_in_review_is_published(writer, supervisor):
    _profile, draft = _draft(writer)
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=supervisor, version=draft)


def test_submit_needs_titles_and_some_text(writer):
    _profile, draft = services.profile_create(actor=writer, kind="country", country_id="KR")
    with pytest.raises(ValidationError) as exc:
        services.draft_submit(actor=writer, version=draft)
    assert "content" in exc.value.message_dict


def test_saving_over_someone_elses_save_is_refused(writer, writer2):
    _profile, draft = _draft(writer)
    stale = draft.revision
    services.draft_save(
        actor=writer2, version=draft, data={**JAPAN_TEXT, "summary_vi": "Của người thứ hai"}, revision=stale
    )
    with pytest.raises(ValidationError) as exc:
        services.draft_save(actor=writer, version=draft, data={**JAPAN_TEXT, "summary_vi": "Của tôi"}, revision=stale)
    assert "revision" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.text("summary", "vi") == "Của người thứ hai"


def test_texts_are_limited_and_cleaned(writer):
    _profile, draft = services.profile_create(actor=writer, kind="country", country_id="KR")
    with pytest.raises(ValidationError) as exc:
        services.draft_save(
            actor=writer, version=draft, data={"title_vi": "x" * 300, "channels_vi": "a\x00b"}, revision=draft.revision
        )
    assert {"title_vi", "channels_vi"} <= set(exc.value.message_dict)


def test_every_published_version_is_kept_and_an_old_one_restored(writer, supervisor):
    profile = publish(writer, supervisor)
    first = profile.published
    draft = services.draft_open(actor=writer, profile=profile)
    assert draft.number == 2 and draft.based_on == first and draft.content == first.content
    assert services.draft_open(actor=writer, profile=profile) == draft  # one open draft at a time
    draft = services.draft_save(
        actor=writer, version=draft, data={**JAPAN_TEXT, "summary_vi": "Bản thứ hai"}, revision=draft.revision
    )
    services.draft_submit(actor=writer, version=draft)
    second = services.version_publish(actor=supervisor, version=draft)
    first.refresh_from_db()
    profile.refresh_from_db()
    assert first.status == VersionStatus.ARCHIVED and first.archived_at is not None
    assert first.author == writer and first.reviewer == supervisor and first.published_at is not None
    assert profile.published == second
    restored = services.version_restore(actor=writer, version=first)
    assert restored.number == 3 and restored.status == VersionStatus.DRAFT and restored.based_on == first
    assert restored.text("summary", "vi") == JAPAN_TEXT["summary_vi"]
    with pytest.raises(ValidationError):
        services.version_restore(actor=writer, version=second)  # a draft is already open
    services.draft_discard(actor=writer, version=restored)
    assert ProfileVersion.objects.filter(profile=profile).count() == 3
    profile.refresh_from_db()
    assert profile.published == second


def test_send_back_returns_to_draft_with_a_note(writer, supervisor):
    _profile, draft = _draft(writer)
    draft = services.draft_submit(actor=writer, version=draft)
    draft = services.version_send_back(actor=supervisor, version=draft, note="Thiếu nguồn.")
    assert draft.status == VersionStatus.DRAFT and draft.review_note == "Thiếu nguồn."
    with pytest.raises(ValidationError):
        services.version_send_back(actor=supervisor, version=draft)


def test_publishing_raises_the_content_version(writer, supervisor):
    before = services.content_version()
    publish(writer, supervisor)
    assert services.content_version() == before + 1
    assert CountryProfile.objects.get(slug="jp").published.status == VersionStatus.PUBLISHED


def test_page_view_counts_are_atomic_increments():
    from safepath.portal.models import PageView

    for _ in range(3):
        services.page_view_count(page="home", lang="vi")
    services.page_view_count(page="home", lang="en")
    services.page_view_count(page="home", lang="xx")
    assert dict(PageView.objects.values_list("lang", "count")) == {"vi": 4, "en": 1}


def test_page_views_are_added_up_and_written_together(settings):
    from safepath.portal.models import PageView

    settings.SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS = 3600
    services.page_views_flush()
    for _ in range(5):
        services.page_view_count(page="country:jp", lang="vi")
    assert not PageView.objects.exists()
    services.page_views_flush()
    assert PageView.objects.get(page="country:jp").count == 5
    services.page_view_count(page="country:jp", lang="vi")
    services.page_views_flush()
    assert PageView.objects.get(page="country:jp").count == 6
