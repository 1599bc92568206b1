"""Duplicate detection on persons: features, blocking keys and scores. Pure functions, no database.

What Vietnamese data entry does to a name, and how this module copes (measurements in
shared/domain/names.md):

* diacritics dropped, UPPER CASE, NFD input: every token is kept twice, accented (NFC, lower
  case) and folded (no diacritics, đ -> d). Folded values meet; an accent-exact agreement is worth
  a little more than a folded one, and two *different* tone marks (Hương / Hường) much less.
* given name first ("Hồng Nguyễn Thị", "Hong Thi Nguyen"): a name is read in up to three
  orders (Vietnamese, given-family-middle, Western) and only the plausible readings are kept: the
  token in the family role must be at least as common a family name as the one in the given role.
* missing middle name: middle names are compared as sets; a missing one costs nothing, and
  "Thị"/"Văn" say almost nothing when they agree.
* typos: one edit in the given name still meets through a deletion neighbourhood (SymSpell),
  and scores as a weaker agreement.
* H'Mông clan names (Vàng / Vang / Vaj ...): the family name is canonicalised with
  ``data/hmong_clans.json``.
* dates of birth with day and month swapped, year only, 1 January placeholders, a year off by
  one: compared with levels, never as one string.
* former (pre-2025) provinces: callers pass the 2025 successor as ``province`` and the former
  one as ``legacy_province``.

The score is a sum of Fellegi-Sunter-style log2 weights, log2(m/u), set by hand from the measured
rates (m: how often a true duplicate agrees, u: how often two different persons agree). The
family-name weight uses the family's frequency (``data/family_names.json``): sharing "Nguyễn"
(about 38 % of people) is weak evidence, sharing a rare family name strong. See ``compare``.

Blocking keys (``stored_keys`` / ``probe_keys``) are plaintext here; ``people.duplicates`` turns
each into an HMAC blind index before it reaches the database.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext, gettext_noop
from rapidfuzz.distance import OSA

from safepath.core.normalize import fold

__all__ = [
    "KIND_BIRTH_DATE",
    "KIND_GIVEN_FAMILY",
    "KIND_GIVEN_FAMILY_YEAR",
    "KIND_GIVEN_YEAR",
    "KIND_ID_NUMBER",
    "KIND_PHONE",
    "LIKELY",
    "POSSIBLE",
    "MatchCandidate",
    "MatchRecord",
    "compare",
    "make_record",
    "probe_keys",
    "rank",
    "stored_keys",
]

DATA_DIR = Path(__file__).with_name("data")

# Kinds of blocking key (the values of people.models.MatchKeyKind).
KIND_GIVEN_YEAR = "gy"  # given name + birth year + first letter of the family name
KIND_GIVEN_FAMILY_YEAR = "gfy"  # given name, or it less one letter + family name + birth year ("?" if unknown)
KIND_GIVEN_FAMILY = "gf"  # given name + family name, any year
KIND_BIRTH_DATE = "dob"  # full date of birth
KIND_PHONE = "phone"  # E.164
KIND_ID_NUMBER = "id"  # normalised ID number

# Score thresholds (sums of log2 weights). A shared family and middle name with the same birth year
# but another given name ("Nguyễn Thị X", 1995) scores about 0 and is never shown.
LIKELY = 12.0
POSSIBLE = 9.0
# Once a candidate is likely, much weaker ones are noise.
RELATIVE_GAP = 8.0
# Namesakes counted for the term-frequency adjustment: those within this many bits of POSSIBLE.
NAMESAKE_WINDOW = 3.0

# Middle words that say almost nothing (they mostly say the sex).
_MARKERS = frozenset({"thi", "van"})
_MARKER_SPELLINGS = frozenset({"thị", "văn"})
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`\u00b4")
_NOT_WORD = re.compile(r"[^\w\s]|[\d_]", re.UNICODE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# A Vietnamese syllable, folded: initial consonant(s), vowels, one of the final consonants.
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?([aeiouy]{1,3})(ch|ng|nh|[cmnpt])?$")


# --------------------------------------------------------------------------- reference data
@dataclass(frozen=True)
class _Tables:
    family_frequency: dict[str, float]  # canonical folded family -> share of the population
    accented_frequency: dict[str, float]  # accented spelling (NFC, lower case) -> share
    default_frequency: float
    canonical: dict[str, str]  # folded spelling -> canonical folded spelling


@cache
def _tables() -> _Tables:
    def load(name: str) -> Any:
        with (DATA_DIR / name).open(encoding="utf-8") as fh:
            return json.load(fh)

    clans = load("hmong_clans.json")
    names = load("family_names.json")
    for data, required in ((clans, "clans"), (names, "frequencies")):
        if not isinstance(data.get(required), (list, dict)) or not data.get("source") or not data.get("version"):
            raise ValueError(f"people/data: {required} file lacks {required}, source or version")
    if not all(0 < float(v) < 1 for v in [*names["frequencies"].values(), names["default_frequency"]]):
        raise ValueError("people/data/family_names.json: frequencies must be shares between 0 and 1")
    canonical: dict[str, str] = {}
    for clan in clans["clans"]:
        target = fold(clan["canonical"])
        for spelling in clan["spellings"]:
            canonical[fold(spelling)] = target
    freq: dict[str, float] = {}
    accented: dict[str, float] = {}
    for name, share in names["frequencies"].items():
        key = canonical.get(fold(name), fold(name))
        freq[key] = max(freq.get(key, 0.0), float(share))
        spelling = unicodedata.normalize("NFC", name).casefold()
        accented[spelling] = max(accented.get(spelling, 0.0), float(share))
    for clan in clans["clans"]:
        share = accented.get(unicodedata.normalize("NFC", clan["canonical"]).casefold(), 0.0)
        for spelling in clan["spellings"]:
            key = unicodedata.normalize("NFC", spelling).casefold()
            accented[key] = max(accented.get(key, 0.0), share)
    return _Tables(
        family_frequency=freq,
        accented_frequency=accented,
        default_frequency=float(names["default_frequency"]),
        canonical=canonical,
    )


def family_frequency(folded: str) -> float:
    """Share of the population with this family name (folded or canonical spelling)."""
    t = _tables()
    return t.family_frequency.get(t.canonical.get(folded, folded), t.default_frequency)


def _known_family_frequency(token: Token) -> float:
    """How common a token is as a family name, 0 if not listed (used to decide the name order).

    With diacritics, the exact spelling counts: "Trân" is a given name, although "Trần" folds to
    the same letters.
    """
    t = _tables()
    if token.has_marks:
        return t.accented_frequency.get(token.accented, 0.0)
    return t.family_frequency.get(token.canonical, 0.0)


# --------------------------------------------------------------------------- features
@dataclass(frozen=True, slots=True)
class Token:
    accented: str  # NFC, lower case, apostrophes dropped ("h'hen" -> "hhen")
    folded: str  # without diacritics ("nguyễn" -> "nguyen")
    canonical: str  # folded, H'Mông clan spellings merged ("vaj" -> "vang")

    @property
    def has_marks(self) -> bool:
        return self.accented != self.folded


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a name: which token is the family name, which the given name."""

    family: Token
    middle: tuple[str, ...]  # folded
    given: Token
    order: str  # "vn" (family middle given), "given_first" (given family middle), "western" (given middle family)
    alias: bool  # read from another name the person uses


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """What the duplicate check compares about a person (plaintext, in memory only)."""

    readings: tuple[Reading, ...]
    sex: str = ""  # "female" | "male" | "" (not known)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    phone: str = ""  # E.164
    id_number: str = ""
    province: str = ""  # 2025 province code
    legacy_province: str = ""  # former province code, when the record names one


@lru_cache(maxsize=65536)
def _token(accented: str) -> Token:
    folded = fold(accented)
    return Token(accented, folded, _tables().canonical.get(folded, folded))


def name_tokens(text: str) -> list[Token]:
    """Tokens of a name: NFC, lower case, punctuation and digits dropped."""
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_APOSTROPHES)
    text = unicodedata.normalize("NFC", _NOT_WORD.sub(" ", text))
    return [_token(t) for t in text.split()]


def _readings(tokens: Sequence[Token], *, alias: bool) -> list[Reading]:
    if len(tokens) < 2:
        return []
    written = Reading(tokens[0], tuple(t.folded for t in tokens[1:-1]), tokens[-1], "vn", alias)
    others = [Reading(tokens[-1], tuple(t.folded for t in tokens[1:-1]), tokens[0], "western", alias)]
    if len(tokens) >= 3:
        others.append(Reading(tokens[1], tuple(t.folded for t in tokens[2:]), tokens[0], "given_first", alias))
    # Another order only where it is plausible; the order as written, unless it makes Thị or Văn
    # a family or given name and another order does not.
    plausible = [
        r
        for r in others
        if _plausible(r) and (r.family.folded, r.given.folded) != (written.family.folded, written.given.folded)
    ]
    if plausible and _misplaced_marker(written):
        return plausible
    return [written, *plausible]


def _misplaced_marker(r: Reading) -> bool:
    """Thị/Văn read as the family name, or as the given name (typed without diacritics, "van"
    may be Vân, so only the accented spellings count there)."""
    return r.family.folded in _MARKERS or r.given.accented in _MARKER_SPELLINGS


def _plausible(r: Reading) -> bool:
    """Not a misplaced Thị/Văn, and no commoner family name in the given role than in the family one."""
    return not _misplaced_marker(r) and _known_family_frequency(r.given) <= _known_family_frequency(r.family)


def _parse_birth(iso: str) -> tuple[int | None, int | None, int | None]:
    m = _ISO.match((iso or "").strip())
    if not m:
        return None, None, None
    y, mo, d = (int(g) if g else None for g in m.groups())
    return y, mo, d


def make_record(
    *,
    family_name: str,
    middle_name: str = "",
    given_name: str,
    aliases: Iterable[str] = (),
    sex: str = "",
    birth_date: str = "",
    phone: str = "",
    id_number: str = "",
    province: str = "",
    legacy_province: str = "",
) -> MatchRecord:
    """Features of a person from already normalised values (birth_date as ISO: 1990, 1990-05, 1990-05-12)."""
    readings: list[Reading] = []
    main = name_tokens(family_name) + name_tokens(middle_name) + name_tokens(given_name)
    readings.extend(_readings(main, alias=False))
    for alias in aliases:
        readings.extend(_readings(name_tokens(alias), alias=True))
    seen: set[tuple[str, tuple[str, ...], str]] = set()
    unique: list[Reading] = []
    for r in readings:
        key = (r.family.accented, r.middle, r.given.accented)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    year, month, day = _parse_birth(birth_date)
    return MatchRecord(
        readings=tuple(unique),
        sex=sex if sex in ("female", "male") else "",
        year=year,
        month=month,
        day=day,
        phone=phone or "",
        id_number=id_number or "",
        province=str(province or ""),
        legacy_province=str(legacy_province or ""),
    )


# --------------------------------------------------------------------------- blocking keys
def _deletions(word: str) -> set[str]:
    """The word and every string one deletion away (SymSpell): two words one edit apart share one."""
    out = {word}
    if len(word) >= 3:
        out.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return out


def _full_date(r: MatchRecord) -> tuple[int, int, int] | None:
    if r.year and r.month and r.day:
        return r.year, r.month, r.day
    return None


def _informative_date(r: MatchRecord) -> tuple[int, int, int] | None:
    """The full date, unless it is 1 January (often written when only the year was known)."""
    d = _full_date(r)
    return None if d is None or (d[1], d[2]) == (1, 1) else d


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def stored_keys(record: MatchRecord) -> set[tuple[str, str]]:
    """(kind, plaintext key) pairs a registered person is indexed under."""
    keys: set[tuple[str, str]] = set()
    year = str(record.year) if record.year else "?"
    for r in record.readings:
        g, f = r.given.folded, r.family.canonical
        if record.year:
            keys.add((KIND_GIVEN_YEAR, f"{g}|{year}|{f[:1]}"))
        keys.update((KIND_GIVEN_FAMILY_YEAR, f"{x}|{f}|{year}") for x in _deletions(g))
        keys.add((KIND_GIVEN_FAMILY, f"{g}|{f}"))
    if (date := _informative_date(record)) is not None:
        keys.add((KIND_BIRTH_DATE, _iso(*date)))
    if record.phone:
        keys.add((KIND_PHONE, record.phone))
    if record.id_number:
        keys.add((KIND_ID_NUMBER, record.id_number))
    return keys


def probe_keys(record: MatchRecord) -> set[tuple[str, str]]:
    """(kind, plaintext key) pairs to look up for a person being registered.

    The given name with the birth year and the family name's first letter (catches typos in the
    rest of the family name); the given
    name or a one-letter neighbour with the family name and the year, the year either side, or
    an unknown year; without a year, the given and family names alone. Then the full date of
    birth and its day/month swap, the phone and the ID number.
    """
    keys: set[tuple[str, str]] = set()
    for r in record.readings:
        g, f = r.given.folded, r.family.canonical
        if record.year:
            keys.add((KIND_GIVEN_YEAR, f"{g}|{record.year}|{f[:1]}"))
            for known in (str(record.year), "?"):
                keys.update((KIND_GIVEN_FAMILY_YEAR, f"{x}|{f}|{known}") for x in _deletions(g))
            for near in (record.year - 1, record.year + 1):
                keys.add((KIND_GIVEN_FAMILY_YEAR, f"{g}|{f}|{near}"))
        else:
            keys.add((KIND_GIVEN_FAMILY, f"{g}|{f}"))
    if (date := _informative_date(record)) is not None:
        year, month, day = date
        keys.add((KIND_BIRTH_DATE, _iso(year, month, day)))
        if day <= 12 and day != month:
            keys.add((KIND_BIRTH_DATE, _iso(year, day, month)))
    if record.phone:
        keys.add((KIND_PHONE, record.phone))
    if record.id_number:
        keys.add((KIND_ID_NUMBER, record.id_number))
    return keys


# --------------------------------------------------------------------------- scoring
@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison's weight and why. The message is translated only when shown (``reason``)."""

    weight: float
    message: str  # untranslated (English msgid); "" when there is nothing worth saying
    params: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """The message in the active language."""
        if not self.message:
            return ""
        text = gettext(self.message)
        return text % dict(self.params) if self.params else text


# Weights (log2 m/u). Names
W_GIVEN_EXACT = 6.5  # same given name, same diacritics
W_GIVEN_FOLDED = 6.0  # same letters, one side typed without diacritics
W_GIVEN_TONES = 3.0  # same letters, different tone marks: Hương / Hường are different names, or a Telex slip
W_GIVEN_ONE_EDIT = 2.5  # one letter apart, one of them no syllable: a typo
W_GIVEN_SIMILAR = 0.5  # one letter apart, both real syllables: mostly two names (Hương / Hùng)
W_GIVEN_DIFFERENT = -7.0
W_FAMILY_MIN, W_FAMILY_MAX = 1.0, 5.0  # agreement, by frequency: log2(0.95 / frequency)
W_FAMILY_VARIANT = -0.5  # H'Mông spelling variant (on top of the agreement weight)
W_FAMILY_TONES = -1.0
W_FAMILY_ONE_EDIT = 0.0
W_FAMILY_DIFFERENT = -4.0
W_MIDDLE_SAME_MARKER = 0.3  # both "Thị" or both "Văn"
W_MIDDLE_SAME = 1.5
W_MIDDLE_DIFFERENT = -2.0
# Date of birth
W_DOB_EXACT = 6.0
W_DOB_JAN1 = 3.0  # both 1 January of the same year: often "date not known"
W_DOB_SWAPPED = 5.0
W_DOB_ONE_DIGIT = 2.0
W_DOB_YEAR_ONLY = 2.5  # same year, one side has only the year
W_DOB_YEAR_OFF_SAME_DAY = 2.5
W_DOB_YEAR_OFF = -3.0  # partial dates a year apart: far more often two namesakes than one person
W_DOB_SAME_YEAR_OTHER_DAY = -3.0
W_DOB_OTHER = -6.0
# Other fields
W_ID_SAME = 12.0
W_ID_ONE_EDIT = 4.0
W_ID_DIFFERENT = -5.0
W_PHONE_SAME = 7.0  # shared within families, so not as strong as an ID
W_PHONE_DIFFERENT = -1.0
W_SEX_SAME = 0.5
W_SEX_DIFFERENT = -4.0
W_PROVINCE_SAME = 2.0
W_PROVINCE_DIFFERENT = -2.5


def _title(token: Token) -> str:
    return token.accented[:1].upper() + token.accented[1:]


def is_syllable(folded: str) -> bool:
    """Whether a folded word is a possible Vietnamese syllable ("huong" yes, "hunog", "huonh" no)."""
    m = _SYLLABLE.match(folded)
    if m is None:
        return False
    # -nh and -ch only follow a, ê, i, y (anh, ênh, inh, uynh, ach, êch, ich).
    return m.group(3) not in ("nh", "ch") or m.group(2)[-1] in "aeiy"


def _one_edit(a: Token, b: Token) -> bool:
    """One insertion, deletion, substitution or transposition apart, as folded ("huonh" / "hương")."""
    x, y = a.folded, b.folded
    return min(len(x), len(y)) >= 2 and max(len(x), len(y)) >= 3 and OSA.distance(x, y, score_cutoff=1) <= 1


def _typo(a: Token, b: Token) -> bool:
    """One edit apart, and one of them is no Vietnamese syllable ("Huonh", "Hưnog"): a typo.

    Two possible syllables one letter apart are usually two real names (Hương / Hồng, Anh /
    Mạnh), and weigh much less.
    """
    return _one_edit(a, b) and not (is_syllable(a.folded) and is_syllable(b.folded))


def _compare_given(a: Token, b: Token) -> Evidence:
    if a.accented == b.accented:
        if a.has_marks:
            return Evidence(W_GIVEN_EXACT, gettext_noop("same given name"))
        return Evidence(W_GIVEN_FOLDED, gettext_noop("same given name (typed without diacritics)"))
    if a.folded == b.folded:
        if a.has_marks and b.has_marks:
            return Evidence(W_GIVEN_TONES, gettext_noop("same given name with different tone marks"))
        return Evidence(W_GIVEN_FOLDED, gettext_noop("same given name (typed without diacritics)"))
    if _typo(a, b):
        return Evidence(W_GIVEN_ONE_EDIT, gettext_noop("given name differs by one letter"))
    if _one_edit(a, b):
        return Evidence(W_GIVEN_SIMILAR, gettext_noop("similar given name"))
    return Evidence(W_GIVEN_DIFFERENT, gettext_noop("different given name"))


def _family_agreement(token: Token) -> float:
    w = math.log2(0.95 / max(family_frequency(token.canonical), 1e-6))
    return min(max(w, W_FAMILY_MIN), W_FAMILY_MAX)


def _compare_family(a: Token, b: Token) -> list[Evidence]:
    if a.folded == b.folded:
        w = _family_agreement(a)
        out = []
        if a.has_marks and b.has_marks and a.accented != b.accented:
            out.append(Evidence(w + W_FAMILY_TONES, gettext_noop("same family name with different tone marks")))
        else:
            out.append(Evidence(w, gettext_noop("same family name")))
        if family_frequency(a.canonical) >= 0.05:
            out.append(
                Evidence(
                    0.0,
                    gettext_noop("family name %(name)s is very common"),
                    (("name", _title(a if a.has_marks else b)),),
                )
            )
        return out
    if a.canonical == b.canonical:
        w = _family_agreement(a) + W_FAMILY_VARIANT
        message = gettext_noop("family name spelled differently (%(a)s / %(b)s)")
        return [Evidence(w, message, (("a", _title(a)), ("b", _title(b))))]
    if _typo(a, b):
        # A typo ("Nguyn"); two real names one letter apart (Phạm / Phan, Hà / Hồ) are two families.
        return [Evidence(W_FAMILY_ONE_EDIT, gettext_noop("family name differs by one letter"))]
    return [Evidence(W_FAMILY_DIFFERENT, gettext_noop("different family name"))]


def _compare_middle(a: tuple[str, ...], b: tuple[str, ...]) -> Evidence:
    if not a or not b:
        if a or b:
            return Evidence(0.0, gettext_noop("middle name missing on one record"))
        return Evidence(0.0, "")
    sa, sb = set(a), set(b)
    if sa == sb:
        if sa <= _MARKERS:
            return Evidence(W_MIDDLE_SAME_MARKER, "")
        return Evidence(W_MIDDLE_SAME, gettext_noop("same middle name"))
    if sa <= sb or sb <= sa:
        return Evidence(0.0, gettext_noop("middle name partly missing on one record"))
    if sa & sb:
        return Evidence(0.0, "")
    return Evidence(W_MIDDLE_DIFFERENT, gettext_noop("different middle name"))


def _compare_readings(a: Reading, b: Reading) -> tuple[float, list[Evidence]]:
    evidence = [_compare_given(a.given, b.given), *_compare_family(a.family, b.family)]
    evidence.append(_compare_middle(a.middle, b.middle))
    if a.order != b.order:
        evidence.append(Evidence(0.0, gettext_noop("name written in a different order")))
    if a.alias or b.alias:
        evidence.append(Evidence(0.0, gettext_noop("matches another name the person uses")))
    return sum(e.weight for e in evidence), evidence


def _compare_names(a: MatchRecord, b: MatchRecord) -> list[Evidence]:
    best: tuple[float, list[Evidence]] | None = None
    for ra in a.readings:
        for rb in b.readings:
            scored = _compare_readings(ra, rb)
            # Prefer the reading pair that scores best; on a tie, the one read as written.
            if best is None or scored[0] > best[0]:
                best = scored
    return best[1] if best is not None else []


def _one_digit_apart(x: int, y: int) -> bool:
    return OSA.distance(f"{x:02d}", f"{y:02d}", score_cutoff=1) <= 1


def _known_month(r: MatchRecord) -> int | None:
    """The month of birth, unless the date is a 1 January placeholder."""
    if r.day and r.month and (r.month, r.day) == (1, 1):
        return None
    return r.month


def _compare_birth(a: MatchRecord, b: MatchRecord) -> Evidence:
    if not a.year or not b.year:
        return Evidence(0.0, "")
    fa, fb = _full_date(a), _full_date(b)
    ia, ib = _informative_date(a), _informative_date(b)
    if fa is not None and fa == fb and ia is None:
        return Evidence(
            W_DOB_JAN1, gettext_noop("same birth date (1 January, often written when the date was not known)")
        )
    if ia is not None and ib is not None:
        (ya, ma, da), (yb, mb, db) = ia, ib
        if ia == ib:
            return Evidence(W_DOB_EXACT, gettext_noop("same date of birth"))
        if ya == yb:
            if (ma, da) == (db, mb):
                return Evidence(W_DOB_SWAPPED, gettext_noop("birth date with day and month swapped"))
            if (ma == mb and _one_digit_apart(da, db)) or (da == db and _one_digit_apart(ma, mb)):
                return Evidence(W_DOB_ONE_DIGIT, gettext_noop("birth date differs by one digit"))
            return Evidence(W_DOB_SAME_YEAR_OTHER_DAY, gettext_noop("different date of birth in the same year"))
        if abs(ya - yb) == 1:
            if (ma, da) == (mb, db):
                return Evidence(W_DOB_YEAR_OFF_SAME_DAY, gettext_noop("same day and month, birth year differs by one"))
            return Evidence(W_DOB_OTHER + 2, gettext_noop("different date of birth"))
        return Evidence(W_DOB_OTHER, gettext_noop("different date of birth"))
    # At least one side knows only the year (or the month, or wrote 1 January).
    if a.year == b.year:
        month_a, month_b = _known_month(a), _known_month(b)
        if month_a and month_b and month_a != month_b and month_a != b.day and month_b != a.day:
            return Evidence(W_DOB_SAME_YEAR_OTHER_DAY / 2, gettext_noop("same birth year, different month"))
        return Evidence(W_DOB_YEAR_ONLY, gettext_noop("same birth year (only the year is known on one record)"))
    if abs(a.year - b.year) == 1:
        return Evidence(W_DOB_YEAR_OFF, gettext_noop("birth years differ by one"))
    return Evidence(W_DOB_OTHER, gettext_noop("different birth year"))


def _compare_id(a: str, b: str) -> Evidence:
    if not a or not b:
        return Evidence(0.0, "")
    if a == b:
        return Evidence(W_ID_SAME, gettext_noop("same ID number"))
    same_kind = a.isdigit() == b.isdigit() and len(a) == len(b)
    if not same_kind:
        return Evidence(0.0, "")  # an old 9-digit card against a 12-digit CCCD, or a passport
    if OSA.distance(a, b, score_cutoff=1) <= 1:
        return Evidence(W_ID_ONE_EDIT, gettext_noop("ID number differs by one digit"))
    return Evidence(W_ID_DIFFERENT, gettext_noop("different ID number"))


def _compare_phone(a: str, b: str) -> Evidence:
    if not a or not b:
        return Evidence(0.0, "")
    if a == b:
        return Evidence(W_PHONE_SAME, gettext_noop("same phone number"))
    return Evidence(W_PHONE_DIFFERENT, "")


def _compare_sex(a: str, b: str) -> Evidence:
    if not a or not b:
        return Evidence(0.0, "")
    if a == b:
        return Evidence(W_SEX_SAME, "")
    return Evidence(W_SEX_DIFFERENT, gettext_noop("different sex"))


def _compare_province(a: MatchRecord, b: MatchRecord) -> Evidence:
    if a.legacy_province and b.legacy_province:
        if a.legacy_province == b.legacy_province:
            return Evidence(W_PROVINCE_SAME, gettext_noop("same province of origin"))
        return Evidence(W_PROVINCE_DIFFERENT, gettext_noop("different province of origin"))
    if not a.province or not b.province:
        return Evidence(0.0, "")
    if a.province == b.province:
        if bool(a.legacy_province) != bool(b.legacy_province):
            return Evidence(
                W_PROVINCE_SAME, gettext_noop("same province of origin (one record gives the former province)")
            )
        return Evidence(W_PROVINCE_SAME, gettext_noop("same province of origin"))
    return Evidence(W_PROVINCE_DIFFERENT, gettext_noop("different province of origin"))


def compare(probe: MatchRecord, other: MatchRecord) -> tuple[float, list[Evidence]]:
    """The score of two records (sum of log2 weights) and the evidence behind it."""
    evidence = [
        _compare_id(probe.id_number, other.id_number),
        _compare_phone(probe.phone, other.phone),
        *_compare_names(probe, other),
        _compare_birth(probe, other),
        _compare_sex(probe.sex, other.sex),
        _compare_province(probe, other),
    ]
    return sum(e.weight for e in evidence), evidence


def _reasons(evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """Reasons for the user: agreements strongest first, then notes, then disagreements."""
    shown = [e for e in evidence if e.message]
    pos = sorted((e for e in shown if e.weight > 0), key=lambda e: -e.weight)
    notes = [e for e in shown if e.weight == 0]
    neg = sorted((e for e in shown if e.weight < 0), key=lambda e: e.weight)
    out: list[str] = []
    for e in [*pos, *notes, *neg]:
        if (reason := e.reason) not in out:
            out.append(reason)
    return tuple(out)


T = TypeVar("T")


@dataclass(frozen=True)
class MatchCandidate(Generic[T]):
    person: T
    score: float
    level: str  # "likely" | "possible"
    reasons: tuple[str, ...]

    @property
    def is_likely(self) -> bool:
        return self.level == "likely"


def _same_name_and_year(probe: MatchRecord, record: MatchRecord, probe_names: set[tuple[str, str]]) -> bool:
    """Same given and family name (as folded, clan spellings merged) and no conflicting birth year."""
    if probe.year and record.year and probe.year != record.year:
        return False
    return any((r.given.folded, r.family.canonical) in probe_names for r in record.readings)


def rank(
    probe: MatchRecord, candidates: Iterable[tuple[T, MatchRecord]], *, limit: int = 10
) -> list[MatchCandidate[T]]:
    """The candidates worth showing, best first: at most ``limit``, none below POSSIBLE.

    Namesakes: when n candidates share the probe's given and family name and birth year and each
    could pass for the person, agreeing on that name says log2(n) bits less (a term-frequency
    adjustment measured on the store itself): ten "Nguyễn Thị Hương, 1995" are not ten likely
    duplicates. Once a candidate is likely, those more than RELATIVE_GAP below it are dropped.
    """
    probe_names = {(r.given.folded, r.family.canonical) for r in probe.readings}
    scored: list[list[Any]] = []  # [score, order, person, evidence, namesake]
    for i, (person, record) in enumerate(candidates):
        score, evidence = compare(probe, record)
        if probe.id_number and probe.id_number == record.id_number:
            score = max(score, POSSIBLE)  # one ID number, two different persons: worth a look either way
        if score >= POSSIBLE - NAMESAKE_WINDOW:
            scored.append([score, i, person, evidence, _same_name_and_year(probe, record, probe_names)])
    namesakes = sum(1 for s in scored if s[4])
    if namesakes > 1:
        note = Evidence(
            0.0, gettext_noop("one of %(count)s persons with this name and birth year"), (("count", str(namesakes)),)
        )
        for s in scored:
            if s[4]:
                s[0] -= math.log2(namesakes)
                s[3] = [*s[3], note]
    shown = sorted((s for s in scored if s[0] >= POSSIBLE), key=lambda s: (-s[0], s[1]))
    if shown and shown[0][0] >= LIKELY:
        floor = shown[0][0] - RELATIVE_GAP
        shown = [s for s in shown if s[0] >= floor]
    return [
        MatchCandidate(person, round(score, 2), "likely" if score >= LIKELY else "possible", _reasons(evidence))
        for score, _i, person, evidence, _namesake in shown[:limit]
    ]
