"""Outreach fixtures: the Hanoi centre with an outreach officer, a counsellor, a supervisor and a caseworker;
another centre's officer; an analyst; an event, a training with a register, and a material in stock."""

from __future__ import annotations

import pytest

from safepath.accounts.roles import Role
from safepath.outreach import services
from safepath.places.models import Province
from tests.factories import AgencyFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def event_data(**overrides):
    data = {
        "kind": "community_session",
        "title": "Truyền thông cộng đồng: di cư an toàn",
        "start_date": "12/03/2025",
        "end_date": "",
        "province": "15",
        "venue": "Nhà văn hóa thôn",
        "summary": "Giới thiệu kênh đi làm việc hợp pháp.",
        "counts": {"female_18_24": 10, "female_25_34": "7", "male_18_24": 5, "other_50p": 1},
    }
    data.update(overrides)
    return data


def trainee(**overrides):
    data = {
        "name": "Sùng Thị Mỷ Xuân",
        "sex": "female",
        "age_group": "25_34",
        "organisation": "Hội Liên hiệp Phụ nữ huyện Bắc Hà",
        "position": "Cán bộ chuyên trách",
        "contact": "0987 654 321",
        "pre_score": "40",
        "post_score": "75",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the source language); pages follow the request's language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """Pages in English, so that the tests read the source messages (one test renders them in Vietnamese)."""
    client.cookies["safepath_language"] = "en"
    return client


@pytest.fixture
def province(db):
    return Province.objects.get(pk="15")


@pytest.fixture
def agency(db):
    return AgencyFactory(code="HN-MRC", province=Province.objects.get(pk="01"))


@pytest.fixture
def officer(agency):
    return UserFactory(agency=agency, roles=[Role.OUTREACH_OFFICER], username="outreach")


@pytest.fixture
def counsellor(agency):
    return UserFactory(agency=agency, roles=[Role.COUNSELLOR], username="tuvan")


@pytest.fixture
def supervisor(agency):
    return UserFactory(agency=agency, roles=[Role.SUPERVISOR], username="giamsat")


@pytest.fixture
def caseworker(agency):
    return UserFactory(agency=agency, roles=[Role.CASEWORKER], username="canbo")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LC-RC", type="shelter", province=Province.objects.get(pk="15"))


@pytest.fixture
def other_officer(other_agency):
    return UserFactory(agency=other_agency, roles=[Role.OUTREACH_OFFICER, Role.SUPERVISOR], username="lc-outreach")


@pytest.fixture
def analyst(db):
    return UserFactory(
        agency=AgencyFactory(code="IOM-VN", type="international"), roles=[Role.ANALYST], username="phantich"
    )


@pytest.fixture
def event(officer):
    return services.event_create(actor=officer, data=event_data())


@pytest.fixture
def training(officer):
    t = services.event_create(
        actor=officer,
        data=event_data(kind="training_frontline", title="Tập huấn nhận diện nạn nhân", counts_from_register=True),
    )
    services.participant_add(actor=officer, event=t, data=trainee())
    services.participant_add(
        actor=officer,
        event=t,
        data=trainee(name="Giàng A Páo", sex="male", age_group="35_49", pre_score="60", post_score="55"),
    )
    services.participant_add(
        actor=officer, event=t, data=trainee(name="Lò Văn Tám", sex="male", age_group="35_49", post_score="")
    )
    return t


@pytest.fixture
def material(officer):
    return services.material_create(
        actor=officer,
        data={
            "kind": "brochure",
            "title_vi": "Đi làm việc ở Nhật Bản",
            "title_en": "Working in Japan",
            "languages": ["vi", "ja"],
        },
    )


@pytest.fixture
def stocked(officer, material):
    services.stock_move(actor=officer, material=material, kind="received", quantity=100)
    return material


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
