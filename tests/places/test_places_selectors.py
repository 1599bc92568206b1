"""places selectors, legacy-address conversion and the chained-select view."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import Client
from django.urls import include, path, reverse

from safepath.places.models import Province
from safepath.places.selectors import (
    ConvertedAddress,
    _convert,
    convert_legacy_address,
    legacy_province_list,
    legacy_province_successor,
    province_choices,
    province_list,
    ward_list,
)

pytestmark = pytest.mark.django_db

# This module doubles as the URLconf of the view tests, so they do not depend on where the
# project mounts the app (it will be /places/).
urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("places/", include("safepath.places.urls")),
]


# --- Lists ------------------------------------------------------------------------------------


def test_lists() -> None:
    assert province_list().count() == 34
    assert legacy_province_list().count() == 63
    wards = list(ward_list(province_code="15"))
    assert wards and all(w.province_id == "15" for w in wards)
    assert "Xã Tả Van" in [w.name for w in wards]
    assert not ward_list(province_code="99").exists()


def test_legacy_province_successor() -> None:
    successor = legacy_province_successor(legacy_code="02")  # Hà Giang
    assert successor is not None and successor.name == "Tuyên Quang"
    successor = legacy_province_successor(legacy_code="15")  # Yên Bái, not today's 15 (Lào Cai)
    assert successor is not None and successor.code == "15" and successor.name == "Lào Cai"
    assert legacy_province_successor(legacy_code="99") is None
    assert legacy_province_successor(legacy_code="") is None


def test_province_choices() -> None:
    new = province_choices(former=False)
    old = province_choices(former=True)
    assert len(new) == 34 and len(old) == 63
    assert ("01", "Hà Nội") in new and ("30", "Hải Dương") in old
    assert ("30", "Hải Dương") not in new


# --- Converting old addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "ward", "legacy"),
    [
        ("Xã Tả Van, Huyện Sa Pa, Tỉnh Lào Cai", "Lào Cai", "Xã Tả Van", "Lào Cai"),
        ("Hai Duong", "Hải Phòng", None, "Hải Dương"),
        ("TP HCM", "Thành phố Hồ Chí Minh", None, "Thành phố Hồ Chí Minh"),
        ("Quảng Bình", "Quảng Trị", None, "Quảng Bình"),
        ("Yên Bái", "Lào Cai", None, "Yên Bái"),
        ("hau giang", "Cần Thơ", None, "Hậu Giang"),
        ("TT Hue", "Huế", None, "Thừa Thiên Huế"),
        ("  Xa Ta Van,  huyen Sa Pa, LAO CAI ", "Lào Cai", "Xã Tả Van", "Lào Cai"),
    ],
)
def test_convert_legacy_address(text: str, province: str, ward: str | None, legacy: str) -> None:
    result = convert_legacy_address(text=text)
    assert isinstance(result, ConvertedAddress)
    assert result.province is not None and result.province.name == province
    assert (result.ward.name if result.ward else None) == ward
    assert result.legacy_province is not None and result.legacy_province.name == legacy
    if result.ward is not None:
        assert result.ward.province_id == result.province.code


def test_convert_keeps_the_text_as_written() -> None:
    result = convert_legacy_address(text="  Xã Tả Van,   Huyện Sa Pa, Tỉnh Lào Cai ")
    assert result.legacy_text == "Xã Tả Van, Huyện Sa Pa, Tỉnh Lào Cai"


@pytest.mark.parametrize("text", ["", "   ", "asdkjh qwe", ",,,,", "\x00\x01", "x" * 5000, "123456"])
def test_convert_garbage_gives_nones(text: str) -> None:
    result = convert_legacy_address(text=text)
    assert result.province is None and result.ward is None and result.legacy_province is None


def test_convert_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("parser bug")

    _convert.cache_clear()
    monkeypatch.setattr("vietnamadminunits.parse_address", broken)
    result = convert_legacy_address(text="Hai Duong")
    assert (result.province, result.ward, result.legacy_text) == (None, None, "Hai Duong")
    _convert.cache_clear()


def test_convert_never_geocodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package geocodes street addresses over the network when an old commune was split;
    a victim's address must never leave the server."""

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    from vietnamadminunits.converter import converter_2025

    monkeypatch.setattr(converter_2025, "get_geo_location", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    _convert.cache_clear()
    # Xã Hòa Liên (Hòa Vang, Đà Nẵng) was split; the package's default successor is Liên Chiểu.
    result = convert_legacy_address(text="Số 10 đường Trục Chính, Xã Hòa Liên, Huyện Hòa Vang, Thành phố Đà Nẵng")
    assert result.province is not None and result.province.name == "Đà Nẵng"
    assert result.ward is not None and result.ward.name == "Phường Liên Chiểu"


@pytest.mark.parametrize(
    "text",
    [
        "Xã Tả Van, Huyện Sa Pa, Tỉnh Lào Cai",
        "Xã Hòa Liên, Huyện Hòa Vang, Thành phố Đà Nẵng",
        "Phường Bến Nghé, Quận 1, TP HCM",
        "Hai Duong",
        "Quảng Bình",
    ],
)
def test_convert_agrees_with_vietnamadminunits(text: str) -> None:
    """Without a street part our conversion is exactly the package's convert_address."""
    from vietnamadminunits import convert_address

    expected = convert_address(text)
    ours = _convert(text)
    assert (ours.province_code, ours.ward_name) == (expected.province_code, expected.ward)


# --- Chained select view ----------------------------------------------------------------------


@pytest.fixture
def user_client(client: Client, django_user_model: Any) -> Client:
    user = django_user_model.objects.create_user(username="places-tester", password="x" * 12)
    client.force_login(user)
    return client


@pytest.mark.urls(__name__)
def test_ward_options(user_client: Client) -> None:
    response = user_client.get(reverse("places:ward_options"), {"province": "15", "selected": "03037"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<option value="">')
    assert '<option value="03037" selected>Xã Tả Van</option>' in html
    n_wards = ward_list(province_code="15").count()
    assert html.count("<option") == n_wards + 1


@pytest.mark.urls(__name__)
def test_ward_options_accepts_a_form_field_name(user_client: Client) -> None:
    response = user_client.get(reverse("places:ward_options"), {"origin_province": "01"})
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in response.content.decode()


@pytest.mark.urls(__name__)
def test_ward_options_without_province_is_just_the_placeholder(user_client: Client) -> None:
    response = user_client.get(reverse("places:ward_options"), {"province": ""})
    assert response.status_code == 200
    assert response.content.decode().count("<option") == 1


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("code", ["99", "30", "<script>", "x" * 200])
def test_ward_options_unknown_province_is_400(user_client: Client, code: str) -> None:
    response = user_client.get(reverse("places:ward_options"), {"province": code})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "<script>" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_ward_options_requires_login(client: Client) -> None:
    url = reverse("places:ward_options")
    response = client.get(url, {"province": "15"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.urls(__name__)
def test_ward_options_get_only(user_client: Client) -> None:
    assert user_client.post(reverse("places:ward_options"), {"province": "15"}).status_code == 405


def test_province_model_str() -> None:
    assert str(Province.objects.get(code="01")) == "Hà Nội"


def test_ward_options_mounted_at_places(user_client: Client) -> None:
    """Through the project's own URLconf, where the app is mounted at /places/."""
    response = user_client.get("/places/wards/", {"province": "15"})
    assert response.status_code == 200
    assert "Xã Tả Van" in response.content.decode()
