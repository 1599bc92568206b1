"""Company names as people type them, matched against the licence list.

Pure functions and an in-memory index, no database: `services` stores the derived search fields
with each enterprise, `selectors` builds one `NameIndex` per list in force and asks it.

What is forgiven, and how:

* diacritics and case: every name is folded with `safepath.core.normalize.fold` ("Công ty" -> "cong ty",
  "Đ" -> "d");
* abbreviations: the usual forms of legal form and trade words are mapped both ways onto one
  canonical token ("Công ty" / "Cty" / "Company" -> `cty`; "Cổ phần" / "CP" / "JSC" -> `cp`;
  "Trách nhiệm hữu hạn" / "TNHH" / "Co., Ltd" -> `tnhh`; "Xuất khẩu lao động" / "XKLĐ" -> `xkld`...),
  a long phrase even with one letter wrong;
* word order and missing words: a name is compared as a weighted set of tokens. The legal form
  counts for little, trade words ("nhân lực", "quốc tế") for a little more, the distinctive words
  (the brand: "Sao Mai") for most, so "Sao Mai" finds "Công ty CP Nhân lực Quốc tế Sao Mai";
* typos: one letter wrong (or two swapped) in a word of three letters or more, two in a long word;
  two words run together ("saomai");
* licence numbers: "123/LĐTBXH-GP", "123/LDTBXH-GP", "123 / lđtbxh - gp" or just "123" when asked
  as a number.

What is not forgiven: a brand word missing or added ("Hoàng Gia" is not "Hoàng Gia Phát", "Hữu Nghị
Á Châu Dũng" is not "Hữu Nghị Á Châu"): telling someone that an unlicensed company is licensed is the
one mistake the check must not make. Such near misses are kept apart (`Found.similar`), never given
as matches.

The score (0..1) is the harmonic mean of how much of the query the enterprise explains and how much
of the enterprise's name the query covers. Below `MATCH_THRESHOLD` nothing is a match: an unknown
company is "not found", never its nearest neighbour. Measured on the demo list (60 enterprises) and a
synthetic list of 500: see tests/recruiters/test_matching.py.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from safepath.core.normalize import fold, nfc

MATCH_THRESHOLD = 0.75  # a name whose score is below this is not a match
SIMILAR_THRESHOLD = 0.5  # ... but may be shown, to staff or as "similar names, not the same company"
TEXT_THRESHOLD = 0.78  # stricter inside a pasted message: many windows, more chances of a fluke
RANK_GAP = 0.25  # matches further than this below the best one are dropped
MAX_QUERY = 300

# Canonical tokens of the legal form: they say what kind of company, not which one.
LEGAL = frozenset({"cty", "tct", "cp", "tnhh", "mtv", "2tv"})
# Trade words shared by many labour-export enterprises: they help, but cannot make a match alone.
COMMON = frozenset(
    {
        "xkld", "xk", "ld", "xnk", "tm", "dv", "dt", "qt", "vn", "pt", "xd", "sx", "tapdoan", "hanoi", "hcm",
        "nhanluc", "cungung", "hoptac", "vieclam", "daotao", "nguon", "duhoc", "kythuat", "ngoainuoc",
        "chinhanh",
    }
)  # fmt: skip
# Trade phrases are single tokens, so that their syllables alone stay distinctive: "Lâm" in "Tùng Lâm"
# is a brand word; "làm" in "việc làm" is not.
LEGAL_WEIGHT = 0.1
COMMON_WEIGHT = 0.45
MIN_WEIGHT = 0.6
DISTINCTIVE_SHARE = 0.85  # of a side's score, the part the distinctive words decide
EXCLUSIVE_FORMS = frozenset({"cp", "tnhh"})
FORM_CONFLICT = 0.9
MISSING_FACTOR = 2.5  # a brand word of the name the query lacks
EXTRA_FACTOR = 3.5  # a word of the query the name lacks ("Hữu Nghị Á Châu Dũng" is another company)
SLIP_SHORT = 0.65  # one letter wrong in a syllable of 3-4 letters (Hưng / Dũng / Hùng are different names)
SLIP_LONG = 0.85  # ... in a longer word
ORDER_PENALTY = 0.97
STOPWORDS = frozenset({"va", "and", "of", "the", "&"})

# (folded phrase, canonical tokens). Longest phrases are tried first at each position.
_PHRASES: list[tuple[str, str]] = [
    # legal forms
    ("tong cong ty", "tct"),
    ("tct", "tct"),
    ("tong cty", "tct"),
    ("cong ty", "cty"),
    ("cong ti", "cty"),
    ("congty", "cty"),
    ("cty", "cty"),
    ("cti", "cty"),
    ("c ty", "cty"),
    ("company limited", "cty tnhh"),
    ("co limited", "cty tnhh"),
    ("co ltd", "cty tnhh"),
    ("coltd", "cty tnhh"),
    ("company", "cty"),
    ("corporation", "tct"),
    ("corp", "tct"),
    ("joint stock company", "cty cp"),
    ("joint stock", "cp"),
    ("jsc", "cty cp"),
    ("jsco", "cty cp"),
    ("co phan", "cp"),
    ("cophan", "cp"),
    ("cp", "cp"),
    ("trach nhiem huu han", "tnhh"),
    ("tnhh", "tnhh"),
    ("limited", "tnhh"),
    ("ltd", "tnhh"),
    ("llc", "tnhh"),
    ("mot thanh vien", "mtv"),
    ("1 thanh vien", "mtv"),
    ("one member", "mtv"),
    ("mtv", "mtv"),
    ("1tv", "mtv"),
    ("hai thanh vien tro len", "2tv"),
    ("2 thanh vien tro len", "2tv"),
    ("hai thanh vien", "2tv"),
    ("2 thanh vien", "2tv"),
    ("2tv", "2tv"),
    # trade words with a usual abbreviation
    ("xuat khau lao dong", "xkld"),
    ("xkld", "xkld"),
    ("xk ld", "xkld"),
    ("xuat nhap khau", "xnk"),
    ("xnk", "xnk"),
    ("import export", "xnk"),
    ("xuat khau", "xk"),
    ("xk", "xk"),
    ("lao dong", "ld"),
    ("ld", "ld"),
    ("thuong mai", "tm"),
    ("tm", "tm"),
    ("trading", "tm"),
    ("dich vu", "dv"),
    ("dv", "dv"),
    ("services", "dv"),
    ("service", "dv"),
    ("dau tu", "dt"),
    ("dt", "dt"),
    ("investment", "dt"),
    ("quoc te", "qt"),
    ("qt", "qt"),
    ("international", "qt"),
    ("intl", "qt"),
    ("phat trien", "pt"),
    ("development", "pt"),
    ("xay dung", "xd"),
    ("xd", "xd"),
    ("san xuat", "sx"),
    ("sx", "sx"),
    ("viet nam", "vn"),
    ("vietnam", "vn"),
    ("vn", "vn"),
    ("tap doan", "tapdoan"),
    ("ha noi", "hanoi"),
    ("thanh pho ho chi minh", "hcm"),
    ("tp ho chi minh", "hcm"),
    ("tp hcm", "hcm"),
    ("ho chi minh", "hcm"),
    ("hcm", "hcm"),
    ("group", "tapdoan"),
    ("nhan luc", "nhanluc"),
    ("manpower", "nhanluc"),
    ("human resources", "nhanluc"),
    ("human resource", "nhanluc"),
    ("nl", "nhanluc"),
    ("nnl", "nguon nhanluc"),
    ("cung ung", "cungung"),
    ("cunl", "cungung nhanluc"),
    ("hop tac", "hoptac"),
    ("htld", "hoptac ld"),
    ("viec lam", "vieclam"),
    ("dvvl", "dv vieclam"),
    ("dao tao", "daotao"),
    ("du hoc", "duhoc"),
    ("ky thuat", "kythuat"),
    ("ngoai nuoc", "ngoainuoc"),
    ("chi nhanh", "chinhanh"),
]
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {tuple(k.split()): tuple(v.split()) for k, v in _PHRASES}
MAX_PHRASE = max(len(k) for k in PHRASES)
# Long phrases are recognised with one letter wrong too ("trach nhiem huu hanh").
_FUZZY_PHRASES: dict[int, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
for _k, _v in PHRASES.items():
    if len("".join(_k)) >= 8:
        _FUZZY_PHRASES[len(_k)].append(("".join(_k), _v))
# English suffixes: "Sao Mai Manpower JSC" names the company before them.
SUFFIX_PHRASES = frozenset(
    {("jsc",), ("jsco",), ("co", "ltd"), ("coltd",), ("ltd",), ("llc",), ("company", "limited"), ("corp",),
     ("corporation",), ("joint", "stock", "company"), ("co", "limited"), ("limited",)}
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_LEAD_NUMBER = re.compile(r"^\D{0,12}?0*(\d{1,6})")
_LICENCE_WORDS = re.compile(r"\b(so|giay|phep|gp|licen[cs]e|no|number|số|giấy|phép)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped."""
    return _WORD.findall(fold(text))


def canonical(tokens: Sequence[str]) -> list[str]:
    """Folded words -> canonical tokens: abbreviations and their long forms made one, stop words dropped."""
    out: list[str] = []
    for _start, _end, token in canonical_spans(tokens):
        out.append(token)
    return out


def canonical_spans(tokens: Sequence[str]) -> list[tuple[int, int, str]]:
    """Like `canonical`, with the range of source words (start, end) each canonical token came from."""
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(tokens)
    while i < n:
        matched = False
        for size in range(min(MAX_PHRASE, n - i), 0, -1):
            key = tuple(tokens[i : i + size])
            repl = PHRASES.get(key)
            if repl is None and size in _FUZZY_PHRASES:
                joined = "".join(key)
                for phrase, candidate in _FUZZY_PHRASES[size]:
                    if abs(len(phrase) - len(joined)) <= 1 and OSA.distance(phrase, joined, score_cutoff=1) <= 1:
                        repl = candidate
                        break
            if repl is not None:
                out.extend((i, i + size, t) for t in repl)
                i += size
                matched = True
                break
        if not matched:
            if tokens[i] not in STOPWORDS:
                out.append((i, i + 1, tokens[i]))
            i += 1
    return out


def name_tokens(text: str) -> list[str]:
    """The canonical tokens of a company name as stored with it (`Enterprise.search_tokens`)."""
    return canonical(words(text))


def core(tokens: Iterable[str]) -> list[str]:
    """The tokens without the legal form."""
    return [t for t in tokens if t not in LEGAL]


def licence_key(number: str) -> str:
    """A licence number compared without case, diacritics, spaces or punctuation: '123/LĐTBXH-GP' -> '123LDTBXHGP'."""
    return _NOT_ALNUM.sub("", fold(number).upper())


def licence_lead(number: str) -> str:
    """The number a licence is usually called by: '012/LĐTBXH-GP' -> '12'; '' when none."""
    m = _LEAD_NUMBER.match(fold(number))
    return m.group(1) if m else ""


def clean_query(text: str) -> str:
    text = "".join(ch for ch in str(text or "")[:MAX_QUERY] if ch.isprintable() or ch == " ")
    return " ".join(text.split())


# --- token similarity ----------------------------------------------------------------------------
def token_similarity(a: str, b: str) -> float:
    """1 for the same token; partial credit for one slip in a word of three letters or more."""
    if a == b:
        return 1.0
    if any(c.isdigit() for c in a + b):
        return 0.0
    shortest = min(len(a), len(b))
    if shortest < 3:
        return 0.0
    d = OSA.distance(a, b, score_cutoff=2)
    if d == 1:
        return SLIP_SHORT if shortest <= 4 else SLIP_LONG
    if d == 2 and shortest >= 7:
        return 0.6
    return 0.0


@dataclass
class Entry:
    """One enterprise of the list, as the index sees it."""

    key: int
    tokens: tuple[str, ...]
    short_tokens: tuple[str, ...] = ()
    licence_key: str = ""
    licence_lead: str = ""
    joined: str = field(init=False)
    short_joined: str = field(init=False)
    pairs: dict[str, tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.joined = "".join(core(self.tokens))
        self.short_joined = "".join(core(self.short_tokens))
        self.pairs = {
            a + b: (i, i + 1) for i, (a, b) in enumerate(pairwise(self.tokens)) if _distinctive(a) or _distinctive(b)
        }


@dataclass
class Hit:
    key: int
    score: float
    matched_on: str  # "licence_number", "name" or "short_name"


@dataclass
class Found:
    matches: list[Hit] = field(default_factory=list)  # the enterprises named (score >= the threshold)
    similar: list[Hit] = field(default_factory=list)  # near misses: other companies with a similar name


class NameIndex:
    """All enterprises of one list, ready to be searched by name or licence number."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_key = {e.key: e for e in self.entries}
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.by_licence: dict[str, list[int]] = defaultdict(list)
        self.by_lead: dict[str, list[int]] = defaultdict(list)
        self.by_joined: dict[str, set[int]] = defaultdict(set)
        df: dict[str, int] = defaultdict(int)
        for pos, e in enumerate(self.entries):
            for t in set(e.tokens) | set(e.short_tokens):
                self.postings[t].add(pos)
            for t in set(e.tokens):
                df[t] += 1
            for joined in e.pairs:
                self.postings[joined].add(pos)
            if e.licence_key:
                self.by_licence[e.licence_key].append(pos)
            if e.licence_lead:
                self.by_lead[e.licence_lead].append(pos)
            for joined in (e.joined, e.short_joined):
                if len(joined) >= 3:
                    self.by_joined[joined].add(pos)
        self.size = len(self.entries)
        self.vocabulary = list(self.postings)
        self._weights: dict[str, float] = {}
        self._max_weight = math.log((self.size + 1) / 0.5) if self.size else 1.0
        for t, n in df.items():
            self._weights[t] = self._weight_of(t, n)

    # -- weights ------------------------------------------------------------------------------------
    def _weight_of(self, token: str, df: int) -> float:
        if token in LEGAL:
            return LEGAL_WEIGHT
        idf = math.log((self.size + 1) / (df + 0.5)) / self._max_weight if self.size else 1.0
        if token in COMMON:
            return COMMON_WEIGHT * max(0.5, min(1.0, 2 * idf))
        # Distinctive words: between MIN_WEIGHT and 1, rarer ones weigh more.
        return MIN_WEIGHT + (1 - MIN_WEIGHT) * max(0.0, min(1.0, idf))

    def weight(self, token: str) -> float:
        w = self._weights.get(token)
        if w is not None:
            return w
        if token in LEGAL:
            return LEGAL_WEIGHT
        if token in COMMON:
            return COMMON_WEIGHT
        return 1.0  # a word no enterprise has: it must count against the match

    # -- search -------------------------------------------------------------------------------------
    def similar(
        self, tokens: Iterable[str], memo: dict[str, dict[str, float]] | None = None
    ) -> dict[str, dict[str, float]]:
        """For each query token, the list's tokens it resembles and how much (`memo`: known answers)."""
        out: dict[str, dict[str, float]] = {}
        for t in set(tokens):
            if memo is not None and t in memo:
                out[t] = memo[t]
                continue
            sims: dict[str, float] = {}
            if t in self.postings:
                # A word some enterprise has is taken as written: "Minh" is not a slip for "Bình".
                out[t] = {t: 1.0}
                continue
            if len(t) >= 3 and not any(c.isdigit() for c in t):
                for cand, _d, _i in process.extract(
                    t, self.vocabulary, scorer=OSA.distance, score_cutoff=2, limit=None
                ):
                    s = token_similarity(t, cand)
                    if s > sims.get(cand, 0.0):
                        sims[cand] = s
            out[t] = sims
            if memo is not None:
                memo[t] = sims
        return out

    def candidates(
        self, tokens: Sequence[str], sims: dict[str, dict[str, float]], pair_terms: frozenset[str] = frozenset()
    ) -> set[int]:
        """The enterprises sharing a word (or a word like it) with the query: its distinctive words when it
        has some (a name sharing only trade words with it cannot score), else its trade words."""
        keys = [t for t in tokens if _distinctive(t)] or [t for t in tokens if t not in LEGAL]
        found: set[int] = set()
        for t in keys:
            for cand, s in sims.get(t, {}).items():
                if s == 1.0 or not pair_terms or t not in pair_terms:
                    found |= self.postings.get(cand, set())
        return found

    def score(self, tokens: Sequence[str], pos: int, sims: dict[str, dict[str, float]]) -> tuple[float, str]:
        """How well the canonical query tokens name the enterprise at `pos` (0..1), and on which name."""
        e = self.entries[pos]
        best, on = self._score_against(tokens, e.tokens, sims), "name"
        if e.short_tokens:
            short = self._score_against(tokens, e.short_tokens, sims)
            if short > best:
                best, on = short, "short_name"
        joined = "".join(core(tokens))
        if len(joined) >= 3 and joined in (e.joined, e.short_joined):
            exact = 0.98 if list(core(tokens)) == list(core(e.tokens)) else 0.95
            if exact > best:
                best, on = exact, ("name" if joined == e.joined else "short_name")
        return best, on

    def _score_against(self, query: Sequence[str], name: Sequence[str], sims: dict[str, dict[str, float]]) -> float:
        """The harmonic mean of how much of the query the name explains and how much of the name it covers."""
        if not query or not name:
            return 0.0
        explained = [0.0] * len(query)
        covered = [0.0] * len(name)
        as_common = [False] * len(query)
        # Words written the same first: a name word one of them matches cannot also excuse a slip.
        for qi, t in enumerate(query):
            for ni, u in enumerate(name):
                if t == u:
                    explained[qi] = covered[ni] = 1.0
        for qi, t in enumerate(query):
            if explained[qi] == 1.0:
                continue
            t_sims = sims.get(t, {})
            for ni, u in enumerate(name):
                s = t_sims.get(u, 0.0) if covered[ni] < 1.0 else 0.0
                if s > 0 and not _distinctive(u):
                    # A slip on a trade word counts in its phrase only ("dung ung" for "cung ung"), and as
                    # a trade word: "Đông Á Tiến Dũng" is not "... Cung ứng ... Đông Á Tiến".
                    if not _same_neighbour(query, qi, name, ni):
                        continue
                    as_common[qi] = True
                if s > 0:
                    explained[qi] = max(explained[qi], s)
                    covered[ni] = max(covered[ni], s)
        # Words run together ("saomai" for "Sao Mai", or the reverse): only where neither word matched alone.
        for qi, t in enumerate(query):
            t_sims = sims.get(t, {})
            for ni in range(len(name) - 1):
                s = t_sims.get(name[ni] + name[ni + 1], 0.0)
                if s > 0 and explained[qi] < 1.0 and covered[ni] < 1.0 and covered[ni + 1] < 1.0:
                    explained[qi] = max(explained[qi], s)
                    covered[ni], covered[ni + 1] = max(covered[ni], s), max(covered[ni + 1], s)
        for qi in range(len(query) - 1):
            if explained[qi] == 1.0 or explained[qi + 1] == 1.0:
                continue
            pair_sims = sims.get(query[qi] + query[qi + 1], {})
            for ni, u in enumerate(name):
                s = pair_sims.get(u, 0.0)
                if s > 0 and covered[ni] < 1.0:
                    covered[ni] = max(covered[ni], s)
                    explained[qi], explained[qi + 1] = max(explained[qi], s), max(explained[qi + 1], s)
        precision = self._weighted(query, explained, as_common, missing=EXTRA_FACTOR)
        recall = self._weighted(name, covered, [False] * len(name), missing=MISSING_FACTOR)
        if precision + recall == 0:
            return 0.0
        f = 2 * precision * recall / (precision + recall)
        q_forms, n_forms = set(query) & EXCLUSIVE_FORMS, set(name) & EXCLUSIVE_FORMS
        if q_forms and n_forms and not q_forms & n_forms:
            f *= FORM_CONFLICT  # asked for a joint-stock company, the list has a limited one (or the reverse)
        if _order_differs(query, name, sims):
            f *= ORDER_PENALTY
        return f

    def _weighted(
        self, tokens: Sequence[str], values: Sequence[float], as_common: Sequence[bool], *, missing: float
    ) -> float:
        """Mean of `values` weighted by the tokens' weights, the distinctive words counting most."""
        dw = dv = cw = cv = 0.0
        for t, value, common in zip(tokens, values, as_common, strict=True):
            w = COMMON_WEIGHT if common else self.weight(t)
            if _distinctive(t) and not common:
                if value == 0:
                    w *= missing  # a brand word missing says "another company" louder than a slip
                dw, dv = dw + w, dv + w * value
            else:
                cw, cv = cw + w, cv + w * value
        if not dw:
            return cv / cw if cw else 0.0
        if not cw:
            return dv / dw
        return DISTINCTIVE_SHARE * dv / dw + (1 - DISTINCTIVE_SHARE) * cv / cw

    def search_tokens(self, tokens: Sequence[str], *, limit: int = 5, threshold: float = MATCH_THRESHOLD) -> Found:
        if not tokens or not self.entries:
            return Found()
        terms = query_terms(tokens)
        sims = self.similar(terms)
        pairs = frozenset(terms[len(tokens) :]) - set(tokens)
        pool = self.candidates(terms, sims, pairs) | self.by_joined.get("".join(core(tokens)), set())
        scored: list[Hit] = []
        for pos in pool:
            s, on = self.score(tokens, pos, sims)
            if s >= SIMILAR_THRESHOLD:
                scored.append(Hit(self.entries[pos].key, round(min(s, 1.0), 3), on))
        matches = _ranked([h for h in scored if h.score >= threshold], limit)
        similar = sorted((h for h in scored if h.score < threshold), key=lambda h: (-h.score, h.key))
        return Found(matches, similar[:limit])

    def search_licence(self, text: str) -> list[Hit]:
        """Enterprises whose licence number is the one asked (exact, or its number alone)."""
        key = licence_key(text)
        if not key:
            return []
        found = [Hit(self.entries[p].key, 1.0, "licence_number") for p in self.by_licence.get(key, [])]
        if found:
            return found
        if "/" in text and len(key) >= 4 and any(c.isdigit() for c in key):
            found = [
                Hit(e.key, 0.97, "licence_number")
                for e in self.entries
                if e.licence_key.startswith(key) and len(e.licence_key) - len(key) <= 4
            ]
            if found:
                return found
        bare = _LICENCE_WORDS.sub(" ", text).strip(" .:#-")
        if bare.isdigit():
            return [Hit(self.entries[p].key, 0.95, "licence_number") for p in self.by_lead.get(bare.lstrip("0"), [])]
        return []

    def search(self, text: str, *, limit: int = 5) -> Found:
        """Enterprises named by `text`: by licence number when it is one, else by name."""
        text = clean_query(text)
        if not text:
            return Found()
        by_licence = self.search_licence(text)
        if by_licence:
            return Found(by_licence[:limit])
        return self.search_tokens(name_tokens(text), limit=limit)


def _order_differs(query: Sequence[str], name: Sequence[str], sims: dict[str, dict[str, float]]) -> bool:
    """The distinctive words both share come in another order ("Long Hải" for "Hải Long")."""
    positions: list[int] = []
    for t in query:
        if not _distinctive(t):
            continue
        t_sims = sims.get(t, {})
        for i, u in enumerate(name):
            if t_sims.get(u, 0.0) > 0:
                positions.append(i)
                break
    return any(a > b for a, b in pairwise(positions))


def _same_neighbour(query: Sequence[str], qi: int, name: Sequence[str], ni: int) -> bool:
    after = qi + 1 < len(query) and ni + 1 < len(name) and query[qi + 1] == name[ni + 1]
    before = qi > 0 and ni > 0 and query[qi - 1] == name[ni - 1]
    return after or before


def _distinctive(token: str) -> bool:
    return token not in LEGAL and token not in COMMON


def query_terms(tokens: Sequence[str]) -> list[str]:
    """The query's tokens and each two neighbours run together (the name may write them as one word),
    leaving out a legal form or trade word next to another ("ctycp")."""
    return [*tokens, *(a + b for a, b in pairwise(tokens) if _distinctive(a) or _distinctive(b))]


def _ranked(hits: list[Hit], limit: int) -> list[Hit]:
    best: dict[int, Hit] = {}
    for h in hits:
        if h.key not in best or h.score > best[h.key].score:
            best[h.key] = h
    ordered = sorted(best.values(), key=lambda h: (-h.score, h.key))
    if ordered:
        top = ordered[0].score
        ordered = [h for h in ordered if h.score >= top - RANK_GAP]
    return ordered[:limit]


# --- names inside a pasted message ---------------------------------------------------------------
MAX_TEXT = 20_000
WINDOW = 14  # words after "Công ty" (or before "JSC") that may still be the name
MAX_TRIGGERS = 100  # "công ty" looked at in one message: a real advert names a few
SOFT_GAP = frozenset(" \t-&'\u2019\u00a0")
SUFFIX_WORDS = frozenset({"ltd", "jsc", "jsco", "co", "corp", "llc", "inc", "company", "limited"})
# Words that end a name in a message ("Công ty Sao Mai | tuyển 50 lao động"), as written with their
# accents: without them many are also syllables of names ("tín" / "Tín", "mời" / "Mới", "tại" / "Tài").
NAME_ENDS = frozenset(
    {
        "tuyển", "cần", "đang", "là", "sẽ", "đã", "tại", "ở", "cho", "với", "của", "chuyên", "thông", "xin",
        "liên", "hotline", "sđt", "zalo", "facebook", "fb", "tel", "phone", "địa", "website", "email", "web",
        "mời", "người", "đi", "sang", "có", "không", "rất", "những", "thì", "mà", "nên", "hiện", "nay",
        "chúng", "tôi", "mình", "em", "anh", "bao", "đảm", "is", "are", "hiring", "recruiting", "in", "at",
        "for", "with", "bên", "nhé", "nha", "ạ", "phí", "lương", "bay", "visa", "đơn", "hs", "đt",
    }
)  # fmt: skip
# The same for a message written without accents: only the words that are not also syllables of names.
NAME_ENDS_FOLDED = frozenset(
    {
        "tuyen", "chuyen", "lien", "hotline", "sdt", "zalo", "facebook", "fb", "tel", "phone", "website",
        "email", "web", "khong", "nhung", "chung", "toi", "em", "is", "are", "hiring", "recruiting", "for",
        "with", "nhe", "phi", "luong", "visa", "don", "hs", "can", "se", "o", "cho", "voi", "cua", "thong",
        "xin", "nguoi", "di", "co", "rat", "ma", "nen", "nay", "ben",
    }
)  # fmt: skip
# Two words that end a name though the first alone may be part of one ("nhận hồ sơ", not "Nhân lực").
NAME_END_PAIRS = frozenset(
    {("nhan", "ho"), ("nhan", "hs"), ("nhan", "don"), ("nhan", "tien"), ("ho", "so"), ("uy", "tin"),
     ("dia", "chi"), ("lien", "he"), ("dien", "thoai")}
)  # fmt: skip
# "Công ty chúng tôi", "công ty bên Nhật", "công ty uy tín": not a company's name.
NOT_A_NAME = NAME_ENDS_FOLDED | frozenset(
    {"nhat", "ban", "han", "quoc", "dai", "loan", "duc", "uc", "my", "nuoc", "ngoai", "lon", "nho", "do", "kia",
     "nao", "khac", "xuat", "khau", "nhan", "luc", "mot", "nhieu", "cac", "trung", "uy", "tin", "minh", "dang",
     "la", "da", "tai", "moi", "thi", "hien", "sang", "bao", "dam", "anh", "a", "nha", "dia", "chi"}
)  # fmt: skip
_LICENCE_IN_TEXT = re.compile(
    r"\b\d{1,4}\s*/\s*(?:\d{4}\s*/\s*)?[^\W\d_][\w\u0110\u0111]*(?:\s*-\s*[^\W\d_]+)*", re.UNICODE
)
_LICENCE_BY_NUMBER = re.compile(
    r"\b(?:gi[aấ]y\s*ph[eé]p|gp|licen[cs]e)\s*(?:s[oố]|no\.?|number)?\s*[:.#]?\s*(\d{1,4})\b(?!\s*/)", re.IGNORECASE
)


@dataclass
class Mention:
    """A company named in a message: where, as written, and the enterprise of the list it is (if any)."""

    start: int
    end: int
    text: str
    hit: Hit | None = None


@dataclass
class _Word:
    raw: str
    folded: str
    start: int
    end: int
    break_before: bool

    @property
    def upper(self) -> bool:
        return len(self.raw) > 1 and self.raw.isupper()

    @property
    def capital(self) -> bool:
        return self.raw[:1].isupper()


@dataclass
class _Segment:
    """Words between two breaks (a line end, most punctuation), as canonical tokens with their sources."""

    words: list[_Word]
    spans: list[tuple[int, int, str]] = field(init=False)
    tokens: list[str] = field(init=False)
    accented: bool = field(init=False)
    capitals: bool = field(init=False)

    def __post_init__(self) -> None:
        self.spans = canonical_spans([w.folded for w in self.words])
        self.tokens = [t for _s, _e, t in self.spans]
        self.accented = any(w.raw.lower() != w.folded for w in self.words)
        self.capitals = sum(w.upper for w in self.words) * 2 > len(self.words)

    def ends_name(self, k: int) -> bool:
        """Whether the canonical token k cannot be part of a name (a verb, a particle, a number...)."""
        i = self.spans[k][0]
        word = self.words[i]
        following = self.words[i + 1].folded if i + 1 < len(self.words) else ""
        if word.folded.isdigit() or (word.folded, following) in NAME_END_PAIRS:
            return True
        return word.raw.lower() in NAME_ENDS if self.accented else word.folded in NAME_ENDS_FOLDED

    def continues(self, k: int) -> bool:
        """Whether the word of token k may go on with a name before it: capitalised in a text that is not all
        capitals ("Hoàng Long": not "Hoàng" followed by something else)."""
        return self.capitals or self.words[self.spans[k][0]].capital

    def text(self, source: str, first: int, last: int) -> tuple[int, int, str]:
        start, end = self.words[first].start, self.words[last].end
        return start, end, source[start:end]


def _segments(text: str) -> list[_Segment]:
    """The message's words, cut where punctuation or a line break says a name cannot go on."""
    words_: list[_Word] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        raw = m.group(0)
        folded = fold(raw)
        gap = text[prev_end : m.start()]
        if folded in SUFFIX_WORDS:
            gap = gap.replace(",", " ").replace(".", " ")  # "Co., Ltd"
        hard = bool(words_) and any(ch not in SOFT_GAP for ch in gap)
        words_.append(_Word(raw, folded, m.start(), m.end(), hard))
        prev_end = m.end()
    groups: list[list[_Word]] = []
    for w in words_:
        if w.break_before or not groups:
            groups.append([])
        groups[-1].append(w)
    return [_Segment(g) for g in groups]


def mentions(index: NameIndex, text: str) -> list[Mention]:
    """Companies named in a pasted message ("công ty …", "cty …", "… JSC", short names, licence numbers).

    A mention found on the list carries its hit (score >= TEXT_THRESHOLD); one that is not keeps the
    words as written, so that the caller can say "this company is not on the list".
    """
    text = nfc(str(text or "")[:MAX_TEXT])
    out: list[Mention] = []
    for m in _LICENCE_IN_TEXT.finditer(text):
        for hit in index.search_licence(m.group(0)):
            if hit.score == 1.0:
                out.append(Mention(m.start(), m.end(), m.group(0), hit))
    for m in _LICENCE_BY_NUMBER.finditer(text):
        for p in index.by_lead.get(m.group(1).lstrip("0"), []):
            out.append(Mention(m.start(), m.end(), m.group(0), Hit(index.entries[p].key, 0.95, "licence_number")))
    memo: dict[str, dict[str, float]] = {}
    triggers = 0
    for seg in _segments(text):
        found, used = _segment_mentions(index, text, seg, memo, MAX_TRIGGERS - triggers)
        out.extend(found)
        triggers += used
    return _dedupe(out)


def _segment_mentions(
    index: NameIndex, text: str, seg: _Segment, memo: dict[str, dict[str, float]], budget: int
) -> tuple[list[Mention], int]:
    out: list[Mention | None] = []
    spans = seg.spans
    used = 0
    for k, (s, e, token) in enumerate(spans):
        if token not in ("cty", "tct"):
            continue
        if used >= budget:
            break
        used += 1
        source = tuple(w.folded for w in seg.words[s:e])
        if source in SUFFIX_PHRASES or source == ("company",):
            # "… JSC", "… Co., Ltd": the name is before; the suffix's other tokens (tnhh, cp) go with it.
            end = k + 1
            while end < len(spans) and spans[end][0] < e:
                end += 1
            start = k
            while start > max(0, k - WINDOW) and not seg.ends_name(start - 1):
                start -= 1
            if start < k:
                out.append(_backward(index, text, seg, start, k, end, memo))
            continue
        stop = k + 1
        while stop < min(len(spans), k + WINDOW) and not seg.ends_name(stop):
            stop += 1
        out.append(_forward(index, text, seg, k, stop, memo))
    out.extend(_short_names(index, text, seg))
    return [m for m in out if m is not None], used


def _best(
    index: NameIndex, tokens: list[str], parts: list[tuple[int, int]], memo: dict[str, dict[str, float]]
) -> tuple[int, int, Hit] | None:
    """The best enterprise named by one of the parts (a, b) of `tokens`, scoring at least TEXT_THRESHOLD."""
    lo, hi = min(a for a, _b in parts), max(b for _a, b in parts)
    terms = query_terms(tokens[lo:hi])
    sims = index.similar(terms, memo)
    pool = index.candidates(terms, sims)
    best: tuple[float, int, int, Hit] | None = None
    for a, b in parts:
        part = tokens[a:b]
        if not any(_distinctive(t) for t in part):
            continue
        for pos in pool:
            s, on = index.score(part, pos, sims)
            if s >= TEXT_THRESHOLD and (best is None or s > best[0] + 1e-9):
                best = (s, a, b, Hit(index.entries[pos].key, round(min(s, 1.0), 3), on))
    return None if best is None else best[1:]


def _forward(
    index: NameIndex, text: str, seg: _Segment, k: int, stop: int, memo: dict[str, dict[str, float]]
) -> Mention | None:
    """ "Công ty …": the name runs from the trigger to the first word that ends it, or stops earlier before
    a word that cannot go on with it (in lower case: "Công ty Sao Mai chuyên …")."""
    ends = [b for b in range(k + 2, stop + 1) if b == stop or not seg.continues(b)]
    found = _best(index, seg.tokens, [(k, b) for b in ends], memo) if ends else None
    if found is not None:
        a, b, hit = found
        start, end, written = seg.text(text, seg.spans[a][0], seg.spans[b - 1][1] - 1)
        return Mention(start, end, written, hit)
    return _unknown(text, seg, k + 1, stop, trigger=(k, k + 1))


def _backward(
    index: NameIndex, text: str, seg: _Segment, start: int, k: int, end: int, memo: dict[str, dict[str, float]]
) -> Mention | None:
    """ "… JSC": the name runs back from the suffix to the first word that ends it, or a capitalised word
    (in a text not all in capitals) that starts it."""
    starts = [a for a in range(start, k) if a == start or seg.capitals or seg.continues(a)]
    found = _best(index, seg.tokens, [(a, end) for a in starts], memo)
    if found is not None:
        a, b, hit = found
        first, last, written = seg.text(text, seg.spans[a][0], seg.spans[b - 1][1] - 1)
        return Mention(first, last, written, hit)
    return _unknown(text, seg, start, k, trigger=(k, end))


def _unknown(text: str, seg: _Segment, a: int, b: int, *, trigger: tuple[int, int]) -> Mention | None:
    """A company's name that is not on the list, as written, when it has words of its own."""
    named = [t for t in seg.tokens[a:b] if t not in LEGAL and t not in COMMON and t not in NOT_A_NAME]
    if not named or b - a > 8:
        return None
    lo, hi = min(a, trigger[0]), max(b, trigger[1])
    start, end, written = seg.text(text, seg.spans[lo][0], seg.spans[hi - 1][1] - 1)
    return Mention(start, end, written, None)


def _short_names(index: NameIndex, text: str, seg: _Segment) -> list[Mention]:
    """Short names written alone ("SAO MAI MANPOWER", "HAIDANG VIET"): the whole short name, word for word."""
    out: list[Mention] = []
    tokens = seg.tokens
    for k, token in enumerate(tokens):
        for pos in index.postings.get(token, ()):
            e = index.entries[pos]
            short = core(e.short_tokens)
            if not short or tokens[k : k + len(short)] != short or not any(_distinctive(t) for t in short):
                continue
            first_word = seg.words[seg.spans[k][0]]
            if len(short) == 1 and (len(short[0]) < 4 or not first_word.upper):
                continue  # a lone word must look like a name: "KNPJ" in capitals, four letters or more
            if not (first_word.capital or seg.capitals):
                continue  # "sao mai hôm nay": words, not a name
            start, end, written = seg.text(text, seg.spans[k][0], seg.spans[k + len(short) - 1][1] - 1)
            out.append(Mention(start, end, written, Hit(e.key, 0.9, "short_name")))
    return out


def _dedupe(found: list[Mention]) -> list[Mention]:
    """One mention per place: a found enterprise wins over an unknown name; the better score wins."""
    found.sort(key=lambda m: (m.start, -(m.hit.score if m.hit else 0)))
    out: list[Mention] = []
    for m in found:
        clash = next((o for o in out if m.start < o.end and o.start < m.end), None)
        if clash is None:
            out.append(m)
            continue
        if m.hit and (clash.hit is None or m.hit.score > clash.hit.score):
            out[out.index(clash)] = m
    return out
