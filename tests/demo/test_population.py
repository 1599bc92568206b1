"""Tests of the demo population generator (no database needed)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import fields
from datetime import date
from functools import cache

import pytest
from vietnam_provinces import Province, ProvinceCode

from safepath.demo.population import (
    ETHNIC_GROUPS,
    LANGUAGE_NAMES,
    LEGACY_PROVINCES,
    REFERENCE_DATE,
    DemoPerson,
    generate_population,
)

# Written out here, independently of the generator, so that the tests check it rather than echo it.
VALID_MOBILE_PREFIXES = {
    # Viettel
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    # Vinaphone
    "088", "091", "094", "081", "082", "083", "084", "085",
    # MobiFone
    "089", "090", "093", "070", "076", "077", "078", "079",
    # Vietnamobile
    "092", "056", "058",
    # Gmobile
    "099", "059",
}  # fmt: skip
BY_CODENAME = {p.codename: f"{int(p.code):02d}" for p in Province.iter_all()}
HMONG_PROVINCES = {BY_CODENAME[c] for c in ("lao_cai", "tuyen_quang", "dien_bien", "lai_chau", "son_la")}
MEKONG_PROVINCES = {BY_CODENAME[c] for c in ("an_giang", "can_tho", "vinh_long", "ca_mau")}
NORTHERN_UPLANDS = {
    BY_CODENAME[c]
    for c in (
        "lao_cai", "tuyen_quang", "dien_bien", "lai_chau", "son_la", "cao_bang", "lang_son", "thai_nguyen",
        "quang_ninh", "phu_tho", "bac_ninh", "ninh_binh", "thanh_hoa", "nghe_an",
    )
}  # fmt: skip
NORTH = {  # north of Thanh Hóa, where Hoàng is not spelt Huỳnh
    BY_CODENAME[c] for c in ("ha_noi", "hai_phong", "hung_yen", "bac_ninh", "ninh_binh", "phu_tho", "quang_ninh")
} | (NORTHERN_UPLANDS - {BY_CODENAME["thanh_hoa"], BY_CODENAME["nghe_an"]})
KHMER, HMONG, KINH = "05", "08", "01"


@cache
def population(count: int, seed: int = 2012) -> tuple[DemoPerson, ...]:
    return tuple(generate_population(count=count, seed=seed))


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"[\s.\-]", "", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def age_at_reference(p: DemoPerson) -> int:
    if len(p.birth_date) == 4:
        return REFERENCE_DATE.year - int(p.birth_date)
    born = date.fromisoformat(p.birth_date)
    return REFERENCE_DATE.year - born.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day))


# --------------------------------------------------------------------------- determinism and shape


def test_deterministic_for_same_count_and_seed() -> None:
    assert generate_population(count=500, seed=7) == generate_population(count=500, seed=7)
    assert generate_population(count=500) == generate_population(count=500, seed=2012)


def test_different_seed_gives_different_people() -> None:
    assert generate_population(count=50, seed=1) != generate_population(count=50, seed=2)


def test_shorter_population_is_a_prefix_of_a_longer_one() -> None:
    assert generate_population(count=100) == generate_population(count=300)[:100]


def test_module_random_state_is_untouched() -> None:
    import random

    random.seed(123)
    expected = random.random()
    random.seed(123)
    generate_population(count=50)
    assert random.random() == expected


def test_count_edge_cases() -> None:
    assert generate_population(count=0) == []
    with pytest.raises(ValueError):
        generate_population(count=-1)


def test_field_values_are_well_formed() -> None:
    for p in population(3000):
        assert p.sex in {"female", "male"}
        assert p.ethnicity_code in ETHNIC_GROUPS and re.fullmatch(r"\d\d", p.ethnicity_code)
        assert p.family_name and p.given_name
        assert p.full_name == " ".join(x for x in (p.family_name, p.middle_name, p.given_name) if x)
        assert re.fullmatch(r"\d{4}(-\d\d-\d\d)?", p.birth_date), p.birth_date
        if len(p.birth_date) > 4:
            date.fromisoformat(p.birth_date)
        assert 14 <= age_at_reference(p) <= 66
        assert p.languages and len(set(p.languages)) == len(p.languages)
        assert all(code in LANGUAGE_NAMES for code in p.languages)
        assert isinstance(p.aliases, tuple)
        assert all(a and a != p.full_name for a in p.aliases)
        for part in (p.family_name, p.middle_name, p.given_name):
            assert part == part.strip() and "  " not in part


def test_all_strings_are_nfc() -> None:
    for p in population(3000):
        for f in fields(p):
            value = getattr(p, f.name)
            for s in value if isinstance(value, tuple) else (value,):
                assert unicodedata.normalize("NFC", s) == s, (f.name, s)


def test_language_names_have_vietnamese_and_english_labels() -> None:
    for code, (name_vi, name_en) in LANGUAGE_NAMES.items():
        assert re.fullmatch(r"[a-z]{2,3}", code)
        assert name_vi and name_en
        assert unicodedata.normalize("NFC", name_vi) == name_vi


# --------------------------------------------------------------------------- names


def test_nguyen_share_among_kinh() -> None:
    kinh = [p for p in population(2000) if p.ethnicity_code == KINH]
    share = sum(p.family_name == "Nguyễn" for p in kinh) / len(kinh)
    assert 0.25 <= share <= 0.45


def test_kinh_family_names_are_skewed_like_the_real_ones() -> None:
    kinh = [p for p in population(10_000) if p.ethnicity_code == KINH]
    counts = Counter(p.family_name for p in kinh)
    top = [name for name, _ in counts.most_common(4)]
    assert top[0] == "Nguyễn"
    assert set(top[1:]) == {"Trần", "Lê", "Phạm"}
    # Hoàng/Huỳnh and Vũ/Võ are one family each, spelt by region: no Huỳnh in the north.
    assert counts["Huỳnh"] > 0 and counts["Võ"] > 0
    northern = [p for p in kinh if p.origin_province_code in NORTH]
    assert northern and not any(p.family_name == "Huỳnh" for p in northern)


def test_common_full_names_are_shared_by_several_people() -> None:
    names = Counter(p.full_name for p in population(300))
    assert sum(1 for n in names.values() if n > 1) >= 2
    big = Counter(p.full_name for p in population(10_000))
    assert big["Nguyễn Thị Hương"] >= 5


def test_middle_names_match_sex() -> None:
    for p in population(3000):
        tokens = p.middle_name.split()
        if p.sex == "female":
            assert "Văn" not in tokens and "A" not in tokens, p.full_name
        else:
            assert "Thị" not in tokens and "Mùi" not in tokens and p.family_name != "Thị", p.full_name


def test_hmong_names_look_hmong() -> None:
    hmong = [p for p in population(3000) if p.ethnicity_code == HMONG]
    clans = Counter(p.family_name for p in hmong)
    assert set(clans) <= {
        "Giàng", "Sùng", "Vàng", "Thào", "Lý", "Lầu", "Mùa", "Hầu", "Vừ", "Hờ", "Tráng", "Chảo", "Cứ", "Ly",
        "Mua", "Hạng", "Sình", "Chá", "Lồ",
    }  # fmt: skip
    men = [p for p in hmong if p.sex == "male"]
    assert sum(p.middle_name == "A" for p in men) / len(men) > 0.4


def test_alias_share() -> None:
    ps = population(5000)
    share = sum(bool(p.aliases) for p in ps) / len(ps)
    assert 0.04 <= share <= 0.13


# --------------------------------------------------------------------------- ethnicity, provinces, sex, ages


def test_province_codes_exist_in_vietnam_provinces_2025() -> None:
    valid = {int(c) for c in ProvinceCode}
    assert len(valid) == 34
    for p in population(3000):
        assert re.fullmatch(r"\d\d", p.origin_province_code)
        assert int(p.origin_province_code) in valid


def test_ethnic_shares() -> None:
    ps = population(5000)
    shares = {code: n / len(ps) for code, n in Counter(p.ethnicity_code for p in ps).items()}
    assert 0.68 <= shares[KINH] <= 0.82
    assert 0.08 <= shares[HMONG] <= 0.16
    others = 1 - shares[KINH] - shares[HMONG]
    assert 0.08 <= others <= 0.18
    assert {"02", "03", "05", "06", "07", "09"} <= set(shares)


def test_hmong_only_from_northern_mountain_provinces() -> None:
    hmong = [p for p in population(5000) if p.ethnicity_code == HMONG]
    assert hmong
    assert {p.origin_province_code for p in hmong} <= HMONG_PROVINCES


def test_khmer_only_from_mekong_and_upland_groups_only_from_the_north() -> None:
    for p in population(5000):
        if p.ethnicity_code == KHMER:
            assert p.origin_province_code in MEKONG_PROVINCES
        elif p.ethnicity_code in {"02", "03", "06", "07", "09"}:  # Tày, Thái, Mường, Nùng, Dao
            assert p.origin_province_code in NORTHERN_UPLANDS


def test_languages_match_ethnicity() -> None:
    for p in population(3000):
        if p.ethnicity_code == KINH:
            assert p.languages[0] == "vi"
        elif p.ethnicity_code == HMONG:
            assert p.languages[0] == "hmn"
        elif p.ethnicity_code == KHMER:
            assert p.languages[0] in {"km", "vi"}
        assert "hmn" not in p.languages or p.ethnicity_code == HMONG


def test_female_share() -> None:
    for count in (300, 5000):
        ps = population(count)
        share = sum(p.sex == "female" for p in ps) / len(ps)
        assert 0.55 <= share <= 0.75


def test_year_only_dates_share() -> None:
    for count in (300, 5000):
        ps = population(count)
        share = sum(len(p.birth_date) == 4 for p in ps) / len(ps)
        assert 0.15 <= share <= 0.35


def test_age_distribution() -> None:
    ps = population(5000)
    ages = [age_at_reference(p) for p in ps]
    minors = sum(a <= 17 for a in ages) / len(ages)
    working = sum(16 <= a <= 45 for a in ages) / len(ages)
    assert 0.06 <= minors <= 0.14
    assert working >= 0.8


# --------------------------------------------------------------------------- former provinces


def test_legacy_provinces_are_the_63_former_units() -> None:
    assert len(LEGACY_PROVINCES) == 63
    assert {succ for _, succ in LEGACY_PROVINCES.values()} == {f"{int(c):02d}" for c in ProvinceCode}


def test_legacy_codes_and_crosswalk_agree_with_vietnamadminunits() -> None:
    vau = pytest.importorskip("vietnamadminunits")
    for code, (name, successor) in LEGACY_PROVINCES.items():
        legacy = vau.parse_address(name, mode=vau.ParseMode.LEGACY, level=1)
        assert legacy.province_code == code, (name, legacy.province_code)
        assert vau.convert_address(name).province_code == successor, name


def test_origin_legacy_province_belongs_to_origin_province() -> None:
    for p in population(3000):
        assert LEGACY_PROVINCES[p.origin_legacy_province_code][1] == p.origin_province_code
        if p.ethnicity_code == HMONG and p.origin_province_code == BY_CODENAME["tuyen_quang"]:
            assert p.origin_legacy_province_code in {"02", "08"}  # Hà Giang or Tuyên Quang


# --------------------------------------------------------------------------- phones and CCCD


def test_phones_are_unique_valid_vietnamese_mobiles() -> None:
    ps = population(10_000)
    phones = [p.phone for p in ps if p.phone]
    normalised = [normalise_phone(x) for x in phones]
    assert len(set(normalised)) == len(normalised)
    for raw, n in zip(phones, normalised, strict=True):
        assert re.fullmatch(r"0\d{9}", n), raw
        assert n[:3] in VALID_MOBILE_PREFIXES, raw
    missing = 1 - len(phones) / len(ps)
    assert 0.10 <= missing <= 0.20


def test_phones_are_written_in_varied_ways() -> None:
    shapes = Counter(re.sub(r"\d", "9", p.phone) for p in population(2000) if p.phone)
    assert {
        "9999999999",
        "9999 999 999",
        "9999.999.999",
        "+99999999999",
        "+99 999 999 999",
        "99999999999",
    } <= set(shapes)


def test_phones_pass_libphonenumber() -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    for p in population(3000):
        if p.phone:
            number = phonenumbers.parse(p.phone, "VN")
            assert phonenumbers.is_valid_number(number), p.phone
            assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE, p.phone


def test_cccd_numbers() -> None:
    ps = population(10_000)
    with_id = [p for p in ps if p.id_number]
    assert len({p.id_number for p in with_id}) == len(with_id)
    missing = 1 - len(with_id) / len(ps)
    assert 0.2 <= missing <= 0.4
    cccd_prefixes = {"0" + code for code in LEGACY_PROVINCES}
    same_place = 0
    for p in with_id:
        n = p.id_number
        assert re.fullmatch(r"\d{12}", n), n
        assert n[:3] in cccd_prefixes, n
        year = p.birth_year
        expected = (0 if p.sex == "male" else 1) + (2 if year >= 2000 else 0)
        assert int(n[3]) == expected, (n, p.sex, p.birth_date)
        assert n[4:6] == f"{year % 100:02d}", (n, p.birth_date)
        same_place += n[1:3] == p.origin_legacy_province_code
    assert same_place / len(with_id) > 0.9
