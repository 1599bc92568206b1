"""Normalisation shared by search, blind indexes and duplicate checks.

Vietnamese names defeat naive matching (see shared/domain/names.md): the same name arrives in
NFC or NFD, with or without diacritics, in upper case, with Telex slips. Every comparison and
every blind index goes through these functions, so "Nguyễn", "NGUYEN" and "Nguye\u0302\u0303n"
agree.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_DIGITS = re.compile(r"\D")
_ID_CHARS = re.compile(r"[^0-9A-Z]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: how a name is stored."""
    return _SPACES.sub(" ", nfc(text)).strip()


def clean_paragraphs(text: str) -> str:
    """NFC free text with its line breaks kept: CRLF to LF, trailing spaces and runs of blank lines trimmed."""
    lines = [line.rstrip() for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def fold(text: str) -> str:
    """Lower case, Vietnamese diacritics removed (đ -> d), whitespace collapsed.

    >>> fold("  Nguyễn  Thị HỒNG ")
    'nguyen thi hong'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def name_tokens(text: str) -> list[str]:
    """Folded word tokens of a name, punctuation dropped ("H'Hen Niê" -> ["hhen", "nie"])."""
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return [t for t in _SPACES.split(_NOT_WORD.sub(" ", folded)) if t]


def normalize_name(text: str) -> str:
    """One canonical string for a whole name: folded tokens in their written order."""
    return " ".join(name_tokens(text))


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(text: str, *, region: str = "VN") -> str:
    """A phone number in E.164 (+84912345678). Raises InvalidPhoneNumber when it is not one."""
    raw = clean_text(text)
    if not raw:
        raise InvalidPhoneNumber(text)
    digits_only = _DIGITS.sub("", raw)
    if raw.startswith("00"):
        raw = "+" + digits_only[2:]
    elif digits_only.startswith("84") and not raw.startswith(("+", "0")) and len(digits_only) >= 11:
        raw = "+" + digits_only
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(text) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone_vn(e164: str) -> str:
    """How Vietnamese users write a number: 0912 345 678 for domestic, international otherwise."""
    try:
        parsed = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 84:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_id_number(text: str) -> str:
    """ID numbers compared without spaces, dots or case: '0380 9500 1234' -> '038095001234'."""
    return _ID_CHARS.sub("", nfc(text).upper())


def normalize_email(text: str) -> str:
    return clean_text(text).lower()
