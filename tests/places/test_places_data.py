"""The reference data loaded by places/migrations/0002_load_places."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from safepath.core.normalize import fold
from safepath.places.models import Country, Ethnicity, LegacyProvince, Province, Ward
from safepath.places.selectors import country_list
from safepath.places.services import places_load, read_data_file

pytestmark = pytest.mark.django_db

# reference.md §5.4: the 2025 unit and the former units it was formed from.
MERGERS = {
    "Tuyên Quang": {"Hà Giang", "Tuyên Quang"},
    "Lào Cai": {"Yên Bái", "Lào Cai"},
    "Thái Nguyên": {"Bắc Kạn", "Thái Nguyên"},
    "Phú Thọ": {"Vĩnh Phúc", "Hòa Bình", "Phú Thọ"},
    "Bắc Ninh": {"Bắc Giang", "Bắc Ninh"},
    "Hưng Yên": {"Thái Bình", "Hưng Yên"},
    "Hải Phòng": {"Hải Dương", "Hải Phòng"},
    "Ninh Bình": {"Hà Nam", "Nam Định", "Ninh Bình"},
    "Quảng Trị": {"Quảng Bình", "Quảng Trị"},
    "Đà Nẵng": {"Quảng Nam", "Đà Nẵng"},
    "Quảng Ngãi": {"Kon Tum", "Quảng Ngãi"},
    "Gia Lai": {"Bình Định", "Gia Lai"},
    "Khánh Hòa": {"Ninh Thuận", "Khánh Hòa"},
    "Lâm Đồng": {"Đắk Nông", "Bình Thuận", "Lâm Đồng"},
    "Đắk Lắk": {"Phú Yên", "Đắk Lắk"},
    "Thành phố Hồ Chí Minh": {"Bà Rịa - Vũng Tàu", "Bình Dương", "Thành phố Hồ Chí Minh"},
    "Đồng Nai": {"Bình Phước", "Đồng Nai"},
    "Tây Ninh": {"Long An", "Tây Ninh"},
    "Cần Thơ": {"Sóc Trăng", "Hậu Giang", "Cần Thơ"},
    "Vĩnh Long": {"Bến Tre", "Trà Vinh", "Vĩnh Long"},
    "Đồng Tháp": {"Tiền Giang", "Đồng Tháp"},
    "Cà Mau": {"Bạc Liêu", "Cà Mau"},
    "An Giang": {"Kiên Giang", "An Giang"},
}
UNCHANGED = {
    "Hà Nội": "Hà Nội",
    "Huế": "Thừa Thiên Huế",
    "Lai Châu": "Lai Châu",
    "Điện Biên": "Điện Biên",
    "Sơn La": "Sơn La",
    "Lạng Sơn": "Lạng Sơn",
    "Quảng Ninh": "Quảng Ninh",
    "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An",
    "Hà Tĩnh": "Hà Tĩnh",
    "Cao Bằng": "Cao Bằng",
}
CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh"}


def test_34_provinces_of_which_6_cities() -> None:
    assert Province.objects.count() == 34
    assert set(Province.objects.filter(is_city=True).values_list("name", flat=True)) == CITIES
    hcm = Province.objects.get(code="79")
    assert (hcm.name, hcm.name_en, hcm.sort_key) == ("Thành phố Hồ Chí Minh", "Ho Chi Minh City", "ho chi minh")
    hn = Province.objects.get(code="01")
    assert (hn.name, hn.name_en) == ("Hà Nội", "Ha Noi")


def test_sort_keys_fold_vietnamese() -> None:
    assert Province.objects.get(name="Đắk Lắk").sort_key == "dak lak"
    names = [p.name for p in Province.objects.all()]  # Meta.ordering = sort_key
    assert names.index("Đà Nẵng") < names.index("Gia Lai") < names.index("Hà Nội")
    assert Ward.objects.get(code="03037").sort_key == "ta van"  # Xã Tả Van


def test_wards() -> None:
    assert Ward.objects.count() > 3000
    province_codes = set(Province.objects.values_list("code", flat=True))
    assert set(Ward.objects.values_list("province_id", flat=True)) == province_codes
    assert not Ward.objects.filter(name__contains="  ").exists()
    ta_van = Ward.objects.select_related("province").get(code="03037")
    assert (ta_van.name, ta_van.province.name) == ("Xã Tả Van", "Lào Cai")


def test_63_former_provinces_each_with_a_successor() -> None:
    assert LegacyProvince.objects.count() == 63
    codes = sorted(LegacyProvince.objects.values_list("code", flat=True))
    assert all(len(c) == 2 and c.isdigit() for c in codes)
    assert LegacyProvince.objects.filter(successor__isnull=True).count() == 0
    # Every 2025 province has at least one predecessor.
    assert LegacyProvince.objects.values("successor").distinct().count() == 34


@pytest.mark.parametrize(
    ("former", "successor"),
    [
        ("Hà Giang", "Tuyên Quang"),
        ("Yên Bái", "Lào Cai"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Hải Dương", "Hải Phòng"),
        ("Quảng Bình", "Quảng Trị"),
        ("Hậu Giang", "Cần Thơ"),
        ("Hà Nội", "Hà Nội"),
    ],
)
def test_crosswalk_spot_checks(former: str, successor: str) -> None:
    assert LegacyProvince.objects.get(name=former).successor.name == successor


def test_crosswalk_matches_reference_table() -> None:
    actual: dict[str, set[str]] = {}
    for legacy in LegacyProvince.objects.select_related("successor"):
        actual.setdefault(legacy.successor.name, set()).add(legacy.name)
    expected = {**MERGERS, **{new: {old} for new, old in UNCHANGED.items()}}
    assert actual == expected


def test_crosswalk_matches_vietnamadminunits() -> None:
    from vietnamadminunits.converter import converter_2025 as conv
    from vietnamadminunits.parser import parser_from_2025 as new_parser
    from vietnamadminunits.parser import parser_legacy as old_parser

    package = {
        old_parser.DICT_PROVINCE[old_key]["provinceCode"]: new_parser.DICT_PROVINCE[new_key]["provinceCode"]
        for new_key, old_keys in conv.DICT_PROVINCE.items()
        for old_key in old_keys
    }
    ours = dict(LegacyProvince.objects.values_list("code", "successor_id"))
    assert ours == package


def test_54_ethnicities() -> None:
    assert Ethnicity.objects.count() == 54
    assert list(Ethnicity.objects.values_list("code", flat=True)) == [f"{i:02d}" for i in range(1, 55)]
    assert Ethnicity.objects.get(code="01").name_vi == "Kinh"
    hmong = Ethnicity.objects.get(code="08")
    assert hmong.name_vi == "Mông"
    assert {"H'Mông", "Hmong", "Mèo"} <= {s.strip() for s in hmong.other_names.split(",")}
    assert Ethnicity.objects.get(code="54").name_vi == "Rơ-măm"


def test_countries() -> None:
    assert Country.objects.count() >= 249
    assert Country.objects.get(iso2="JP").name_vi == "Nhật Bản"
    assert Country.objects.get(iso2="KR").name_vi == "Hàn Quốc"
    assert Country.objects.get(iso2="TW").name_vi.startswith("Đài Loan")
    assert Country.objects.get(iso2="SA").name_vi == "Ả Rập Xê Út"
    assert Country.objects.get(iso2="AT").name_vi == "Áo"
    vn = Country.objects.get(iso2="VN")
    assert (vn.name_vi, vn.iso3, vn.is_common_destination) == ("Việt Nam", "VNM", False)
    common = set(Country.objects.filter(is_common_destination=True).values_list("iso2", flat=True))
    assert {"JP", "KR", "TW", "MY", "KH", "LA", "CN", "TH", "DE", "GB"} <= common
    assert 18 <= len(common) <= 25


def test_country_list_common_first_then_folded_alphabetical() -> None:
    countries = list(country_list())
    n_common = sum(c.is_common_destination for c in countries)
    assert all(c.is_common_destination for c in countries[:n_common])
    for part in (countries[:n_common], countries[n_common:]):
        assert [fold(c.name_vi) for c in part] == sorted(fold(c.name_vi) for c in part)
    names = [c.name_vi for c in countries[:n_common]]
    assert names.index("Đức") < names.index("Hàn Quốc") < names.index("Úc")


def test_data_files_are_documented() -> None:
    for name in ("legacy_provinces.json", "countries.json", "ethnicities.json", "province_names.json"):
        data = read_data_file(name)
        assert {"source", "effective_from", "verification"} <= set(data), name


def test_load_is_idempotent_and_repairs_rows() -> None:
    before = {
        "provinces": Province.objects.count(),
        "wards": Ward.objects.count(),
        "legacy_provinces": LegacyProvince.objects.count(),
        "countries": Country.objects.count(),
        "ethnicities": Ethnicity.objects.count(),
    }
    Country.objects.filter(iso2="JP").update(name_vi="Nhật", is_common_destination=False)
    Ward.objects.filter(code="03037").update(name="wrong")
    assert places_load() == before
    assert places_load() == before
    assert Country.objects.get(iso2="JP").name_vi == "Nhật Bản"
    assert Country.objects.get(iso2="JP").is_common_destination
    assert Ward.objects.get(code="03037").name == "Xã Tả Van"
    assert Ward.objects.count() == before["wards"]


def test_management_command_prints_counts() -> None:
    out = StringIO()
    call_command("places_load", stdout=out)
    text = out.getvalue()
    assert "provinces: 34" in text
    assert "legacy_provinces: 63" in text
    assert "ethnicities: 54" in text
