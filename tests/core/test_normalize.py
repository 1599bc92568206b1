from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safepath.core.normalize import (
    InvalidPhoneNumber,
    fold,
    format_phone_vn,
    name_tokens,
    normalize_id_number,
    normalize_phone,
)


@pytest.mark.parametrize(
    "variant",
    [
        "Nguyễn Thị Hồng",
        "NGUYỄN THỊ HỒNG",
        "nguyen thi hong",
        "  Nguyễn   Thị Hồng ",
        unicodedata.normalize("NFD", "Nguyễn Thị Hồng"),
    ],
)
def test_fold_makes_spellings_agree(variant):
    assert fold(variant) == "nguyen thi hong"


def test_fold_handles_d_with_stroke():
    assert fold("Đặng Đỗ") == "dang do"


def test_name_tokens_drop_punctuation():
    assert name_tokens("H'Hen Niê") == ["hhen", "nie"]
    assert name_tokens("Giàng A Pao") == ["giang", "a", "pao"]


@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "raw",
    ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "+84 912 345 678", "84912345678", "0084912345678"],
)
def test_vietnamese_mobiles_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+84912345678"


def test_foreign_numbers_keep_their_country():
    assert normalize_phone("+82 10-1234-5678") == "+821012345678"


@pytest.mark.parametrize("raw", ["", "12345", "abc", "0000000000"])
def test_invalid_phones_are_refused(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)


def test_phone_display_is_national_for_vietnam():
    assert format_phone_vn("+84912345678") == "0912 345 678"


def test_id_numbers_compare_without_separators():
    assert normalize_id_number(" 0380 9500.1234 ") == "038095001234"
    assert normalize_id_number("c1234567") == "C1234567"
