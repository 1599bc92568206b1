from __future__ import annotations

import pytest

from safepath.accounts.roles import Role
from safepath.portal import services
from tests.factories import AgencyFactory, UserFactory

JAPAN_TEXT = {
    "title_vi": "Nhật Bản",
    "title_en": "Japan",
    "summary_vi": "Thông tin cho người lao động đi Nhật Bản.",
    "summary_en": "Information for workers going to Japan.",
    "channels_vi": "- Thực tập sinh kỹ năng\n- Lao động kỹ năng đặc định",
    "channels_en": "- Technical intern training\n- Specified skilled worker",
    "fees_vi": "Tiền dịch vụ tối đa 1 tháng lương cho mỗi 12 tháng [UNVERIFIED].",
    "fees_en": "Service fee at most 1 month of salary per 12 months [UNVERIFIED].",
    "checklist_vi": "- Hộ chiếu\n- Hợp đồng",
    "checklist_en": "- Passport\n- Contract",
}


@pytest.fixture
def agency(db):
    return AgencyFactory(code="HN-MRC", name_vi="Trung tâm Hỗ trợ thông tin di cư Hà Nội", name_en="MRC Hanoi")


@pytest.fixture
def writer(agency):
    return UserFactory(username="truyenthong", agency=agency, roles=[Role.OUTREACH_OFFICER])


@pytest.fixture
def writer2(agency):
    return UserFactory(username="truyenthong2", agency=agency, roles=[Role.OUTREACH_OFFICER])


@pytest.fixture
def supervisor(agency):
    return UserFactory(username="giamsat", agency=agency, roles=[Role.SUPERVISOR])


@pytest.fixture
def counsellor(agency):
    return UserFactory(username="tuvan", agency=agency, roles=[Role.COUNSELLOR])


def publish(writer, reviewer, *, country="JP", text=None, kind="country", slug="", regions=None, title_vi=""):
    profile, draft = services.profile_create(
        actor=writer, kind=kind, country_id=country, slug=slug, region_countries=regions, title_vi=title_vi
    )
    data = dict(text or JAPAN_TEXT)
    draft = services.draft_save(actor=writer, version=draft, data=data, revision=draft.revision)
    draft = services.draft_submit(actor=writer, version=draft)
    services.version_publish(actor=reviewer, version=draft)
    profile.refresh_from_db()
    return profile


@pytest.fixture
def japan(writer, supervisor):
    return publish(writer, supervisor)


@pytest.fixture(autouse=True)
def _visits_written_at_once(settings):
    """Visit counts are buffered for a few seconds in production; the tests read them at once."""
    settings.SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS = 0
    from safepath.portal import services

    services._views.clear()
    yield
    services._views.clear()
