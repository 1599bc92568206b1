"""Duplicate check at registration: quality and latency on a synthetic Vietnamese population.

`python -m benchmarks.dupcheck` (also run at the end of `make bench`).

* Population: `safepath.demo.population` (Kinh family names with their real skew, H'Mông and
  other groups, middle names, partial birth dates, 2025 and former provinces, phones, CCCDs),
  plus siblings and twins (same family, middle name, province, often the same phone; twins share
  the date of birth): different persons who look alike.
* Duplicates: for DUPCHECK_PROBES registered persons, a second registration of the same person
  keyed with one or two entry variations (diacritics dropped, UPPER CASE, given name first,
  Western order, missing middle name, a typo in the given name, another H'Mông clan spelling,
  day/month swapped, year only, year off by one, former province instead of the 2025 one), and
  usually without the phone or ID number. A tenth of them already have a second record in the
  store (both count as true matches). DUPCHECK_FRESH new persons (not registered) are checked too.
* Each probe runs `person_duplicate_candidates` (key look-ups, policy scope, decryption, scoring,
  access-log entry). Precision and recall are measured on the list shown (at most 10). The
  baseline is the bare SQL look-up of the same blind-index keys within the same scope, without
  decryption or scoring.
* Persons are inserted with bulk_create through the same key-building code as the service
  (`services.person_index`, `duplicates.match_key_rows`), so 100k persons load in a minute or two.

Environment: DUPCHECK_SIZES (default "10000,100000"), DUPCHECK_PROBES (300), DUPCHECK_FRESH (100),
DUPCHECK_SEED (11). Deterministic for a given seed.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = [int(s) for s in os.environ.get("DUPCHECK_SIZES", "10000,100000").split(",") if s.strip()]
PROBES = int(os.environ.get("DUPCHECK_PROBES", "300"))
FRESH = int(os.environ.get("DUPCHECK_FRESH", "100"))
SEED = int(os.environ.get("DUPCHECK_SEED", "11"))
SIBLING_SHARE = 0.04
EXTRA_RECORD_SHARE = 0.10
BATCH = 2000
DEBUG = bool(os.environ.get("DUPCHECK_DEBUG"))


@dataclass
class Rec:
    """A person as a form would submit it (plaintext, as typed)."""

    family_name: str
    middle_name: str
    given_name: str
    sex: str
    birth_date: str  # ISO, possibly partial
    phone: str
    id_number: str
    province: str | None
    legacy_province: str | None
    ethnicity: str | None = None
    aliases: list[str] = field(default_factory=list)
    uid: int = -1  # the real person behind the record


# --------------------------------------------------------------------------- variations
def _fold_keep_case(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    )


_CLANS: dict[str, list[str]] = {}


def _clan_spellings() -> dict[str, list[str]]:
    if not _CLANS:
        import json

        from safepath.people.matching import DATA_DIR

        data = json.loads((DATA_DIR / "hmong_clans.json").read_text(encoding="utf-8"))
        for clan in data["clans"]:
            for s in clan["spellings"]:
                _CLANS[s] = [x for x in clan["spellings"] if _fold_keep_case(x).lower() != _fold_keep_case(s).lower()]
    return _CLANS


_KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "x": "zc",
    "y": "tu",
}


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word + rng.choice("hng")
    chars = list(word)
    i = rng.randrange(1, len(chars))
    kind = rng.choice(["sub", "del", "ins", "swap"])
    if kind == "sub":
        base = _fold_keep_case(chars[i]).lower()
        chars[i] = rng.choice(_KEYBOARD_NEIGHBOURS.get(base, "n"))
    elif kind == "del":
        del chars[i]
    elif kind == "ins":
        chars.insert(i, rng.choice("hngiu"))
    elif i < len(chars) - 1:
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        chars[i - 1], chars[i] = chars[i], chars[i - 1]
    return "".join(chars)


def _v_no_diacritics(rng: random.Random, r: Rec) -> Rec | None:
    return replace(
        r,
        family_name=_fold_keep_case(r.family_name),
        middle_name=_fold_keep_case(r.middle_name),
        given_name=_fold_keep_case(r.given_name),
    )


def _v_upper(rng: random.Random, r: Rec) -> Rec | None:
    f = (lambda s: _fold_keep_case(s).upper()) if rng.random() < 0.5 else str.upper
    return replace(r, family_name=f(r.family_name), middle_name=f(r.middle_name), given_name=f(r.given_name))


def _v_given_first(rng: random.Random, r: Rec) -> Rec | None:
    if not r.middle_name:
        return replace(r, family_name=r.given_name, given_name=r.family_name)
    return replace(r, family_name=r.given_name, middle_name=r.family_name, given_name=r.middle_name)


def _v_western(rng: random.Random, r: Rec) -> Rec | None:
    return replace(r, family_name=r.given_name, given_name=r.family_name)


def _v_no_middle(rng: random.Random, r: Rec) -> Rec | None:
    return replace(r, middle_name="") if r.middle_name else None


def _v_typo_given(rng: random.Random, r: Rec) -> Rec | None:
    return replace(r, given_name=_typo(rng, r.given_name))


def _v_clan(rng: random.Random, r: Rec) -> Rec | None:
    options = _clan_spellings().get(r.family_name)
    return replace(r, family_name=rng.choice(options)) if options else None


def _v_dm_swap(rng: random.Random, r: Rec) -> Rec | None:
    parts = r.birth_date.split("-")
    if len(parts) != 3 or int(parts[2]) > 12 or parts[1] == parts[2]:
        return None
    return replace(r, birth_date=f"{parts[0]}-{parts[2]}-{parts[1]}")


def _v_year_only(rng: random.Random, r: Rec) -> Rec | None:
    return replace(r, birth_date=r.birth_date[:4]) if len(r.birth_date) > 4 else None


def _v_year_off(rng: random.Random, r: Rec) -> Rec | None:
    y = int(r.birth_date[:4]) + rng.choice((-1, 1))
    if len(r.birth_date) > 4 and r.birth_date[5:] == "02-29":
        return None
    return replace(r, birth_date=f"{y:04d}{r.birth_date[4:]}")


def _v_old_province(rng: random.Random, r: Rec) -> Rec | None:
    return replace(r, province=None) if r.legacy_province else None


VARIATIONS: dict[str, Callable[[random.Random, Rec], Rec | None]] = {
    "diacritics dropped": _v_no_diacritics,
    "UPPER CASE": _v_upper,
    "given name first": _v_given_first,
    "western order": _v_western,
    "missing middle name": _v_no_middle,
    "typo in given name": _v_typo_given,
    "H'Mong clan spelling": _v_clan,
    "day/month swapped": _v_dm_swap,
    "year only": _v_year_only,
    "year off by one": _v_year_off,
    "former province": _v_old_province,
}
_WEIGHTS = {
    name: (0.4 if name == "year off by one" else 3.0 if name == "H'Mong clan spelling" else 1.0) for name in VARIATIONS
}


def make_duplicate(rng: random.Random, r: Rec) -> tuple[Rec, list[str]]:
    """A second registration of the same person, with one or two entry variations."""
    names = list(VARIATIONS)
    want = 1 if rng.random() < 0.6 else 2
    picked: list[str] = []
    for _ in range(50):
        if len(picked) >= want:
            break
        name = rng.choices(names, [_WEIGHTS[n] for n in names])[0]
        if name in picked or ({name} | set(picked)) >= {"given name first", "western order"}:
            continue
        if VARIATIONS[name](random.Random(0), r) is not None:  # noqa: S311 (does it apply to this person?)
            picked.append(name)
    # The name order changes last (a clerk types the whole name in another order).
    picked.sort(key=lambda n: n in ("given name first", "western order"))
    applied: list[str] = []
    out = r
    for name in picked:
        v = VARIATIONS[name](rng, out)
        if v is not None:
            out, applied = v, [*applied, name]
    # A second registration often lacks the phone or the ID number, and keeps other formats.
    out = replace(
        out,
        phone=out.phone if rng.random() < 0.4 else "",
        id_number=out.id_number if rng.random() < 0.3 else "",
        sex=out.sex if rng.random() < 0.9 else "unknown",
        aliases=[],
    )
    if out.province is not None and rng.random() < 0.5:
        out = replace(out, legacy_province=None)
    return out, applied or ["none"]


def make_sibling(rng: random.Random, r: Rec, donor: Rec, uid: int) -> Rec:
    """Another person of the same family: same family and often middle name, province, phone."""
    twin = rng.random() < 0.25
    if twin or len(r.birth_date) == 4:
        birth = r.birth_date if twin else str(int(r.birth_date[:4]) + rng.choice((-3, -2, 2, 3, 4)))
    else:
        birth = f"{int(r.birth_date[:4]) + rng.choice((-4, -3, -2, 2, 3, 5)):04d}{r.birth_date[4:]}".replace(
            "-02-29", "-02-28"
        )
    middle = donor.middle_name if donor.sex != r.sex else r.middle_name
    given = donor.given_name if donor.given_name != r.given_name else donor.given_name + "h"
    return Rec(
        family_name=r.family_name,
        middle_name=middle,
        given_name=given,
        sex=donor.sex,
        birth_date=birth,
        phone=r.phone if rng.random() < 0.5 else "",
        id_number="",
        province=r.province,
        legacy_province=r.legacy_province,
        ethnicity=r.ethnicity,
        uid=uid,
    )


def from_demo(p: Any, uid: int, rng: random.Random) -> Rec:
    keep_legacy = rng.random() < 0.5
    return Rec(
        family_name=p.family_name,
        middle_name=p.middle_name,
        given_name=p.given_name,
        sex=p.sex,
        birth_date=p.birth_date,
        phone=p.phone,
        id_number=p.id_number,
        province=p.origin_province_code,
        legacy_province=(p.origin_legacy_province_code or None) if keep_legacy else None,
        ethnicity=p.ethnicity_code,
        aliases=list(p.aliases),
        uid=uid,
    )


# --------------------------------------------------------------------------- loading
def bulk_insert(records: list[Rec], *, agency: Any, user: Any, successors: dict[str, str]) -> list[Any]:
    """Insert records as persons, with the service's normalisation and the same index and key code."""
    from django.db import connection, transaction

    from safepath.core.crypto import get_keyring
    from safepath.core.dates import parse_partial_date
    from safepath.core.normalize import InvalidPhoneNumber, clean_text, normalize_id_number, normalize_phone
    from safepath.people.duplicates import match_key_values
    from safepath.people.models import Person
    from safepath.people.services import person_index as _index

    ring = get_keyring()
    pk = (lambda u: u.hex) if connection.vendor == "sqlite" else (lambda u: u)
    ids = []
    for start in range(0, len(records), BATCH):
        persons: list[Any] = []
        tokens: list[tuple[Any, str, str]] = []
        keys: list[tuple[Any, str, str]] = []
        for r in records[start : start + BATCH]:
            pd = parse_partial_date(r.birth_date)
            try:
                phone = normalize_phone(r.phone) if r.phone else ""
            except InvalidPhoneNumber:
                phone = ""
            person = Person(
                family_name=clean_text(r.family_name),
                middle_name=clean_text(r.middle_name),
                given_name=clean_text(r.given_name),
                aliases=[clean_text(a) for a in r.aliases],
                sex=r.sex,
                birth_date=pd.iso(),
                birth_year=pd.year,
                birth_date_precision=pd.precision,
                phone=phone,
                id_number=normalize_id_number(r.id_number),
                origin_province_id=r.province or (successors.get(r.legacy_province or "") or None),
                origin_legacy_province_id=r.legacy_province,
                ethnicity_id=r.ethnicity,
                registered_by_agency=agency,
                created_by=user,
                updated_by=user,
            )
            tokens.extend((pk(person.pk), t.token, t.kind) for t in _index(person))
            keys.extend((pk(person.pk), kind, key) for kind, key in match_key_values(person, ring=ring))
            persons.append(person)
        # The index rows are plain (person, hash) pairs: written without building model instances.
        with transaction.atomic(), connection.cursor() as cur:
            Person.objects.bulk_create(persons)
            cur.executemany("INSERT INTO people_personnametoken (person_id, token, kind) VALUES (%s, %s, %s)", tokens)
            cur.executemany("INSERT INTO people_personmatchkey (person_id, kind, key) VALUES (%s, %s, %s)", keys)
        ids.extend(p.pk for p in persons)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # planner statistics, as autovacuum would gather them
            cur.execute("ANALYZE people_person, people_personmatchkey, people_personnametoken")
    return ids


# --------------------------------------------------------------------------- measuring
def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))]


def _explain(rec: Rec, variations: list[str], truth: set[Any], shown: list[Any]) -> None:
    """Print a miss or a false match, with the synthetic names (DUPCHECK_DEBUG=1)."""
    from safepath.people.duplicates import record_from_person
    from safepath.people.matching import compare, make_record
    from safepath.people.models import Person

    probe = make_record(
        family_name=rec.family_name,
        middle_name=rec.middle_name,
        given_name=rec.given_name,
        sex=rec.sex if rec.sex != "unknown" else "",
        birth_date=rec.birth_date,
    )
    print(
        f"-- probe {rec.family_name} {rec.middle_name} {rec.given_name} {rec.birth_date} {rec.sex} "
        f"phone={bool(rec.phone)} id={bool(rec.id_number)} {variations}"
    )
    for pk in truth:
        p = Person.objects.get(pk=pk)
        score, ev = compare(probe, record_from_person(p))
        mark = "FOUND" if any(c.person.pk == pk for c in shown) else "MISSED"
        print(
            f"   {mark} {p.full_name} {p.birth_date} {p.sex} score={score:.1f} {[(round(e.weight, 1), e.reason) for e in ev if e.weight]}"
        )
    for c in shown:
        if c.person.pk not in truth:
            print(f"   FALSE {c.person.full_name} {c.person.birth_date} {c.person.sex} score={c.score} {c.reasons}")


def measure(label: str, probes: list[tuple[Rec, list[str], set[Any]]], *, user: Any, agency: Any) -> dict[str, Any]:
    from django.db import connection

    from safepath.people import matching
    from safepath.people.duplicates import _candidate_ids, hashed_keys, person_duplicate_candidates, record_from_input
    from safepath.people.models import Person
    from safepath.people.services import PersonInput

    def as_input(r: Rec) -> PersonInput:
        return PersonInput(
            family_name=r.family_name,
            middle_name=r.middle_name,
            given_name=r.given_name,
            sex=r.sex,
            birth_date=r.birth_date,
            phone=r.phone,
            id_number=r.id_number,
            origin_province_id=r.province,
            origin_legacy_province_id=r.legacy_province,
        )

    ours: list[float] = []
    base: list[float] = []
    shown_total = shown_true = likely_total = likely_true = 0
    dup_probes = found = found_likely = top1 = 0
    true_pairs = true_pairs_found = 0
    fresh_flooded = 0
    cand_counts: list[int] = []
    shown_counts: list[int] = []
    by_var: dict[str, list[int]] = {}
    agency_pk = agency.pk.hex if connection.vendor == "sqlite" else agency.pk
    for rec, variations, truth in probes:
        data = as_input(rec)
        t0 = time.perf_counter()
        shown = person_duplicate_candidates(user=user, data=data)
        ours.append(time.perf_counter() - t0)
        # Baseline: the same blind-index keys, looked up in SQL within the same scope; nothing else.
        keys = hashed_keys(matching.probe_keys(record_from_input(data)))
        marks = ",".join(["%s"] * len(keys))
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT DISTINCT p.id FROM people_person p JOIN people_personmatchkey k ON k.person_id = p.id "  # noqa: S608
                f"WHERE k.key IN ({marks}) AND p.registered_by_agency_id = %s",
                [*keys, agency_pk],
            )
            cur.fetchall()
        base.append(time.perf_counter() - t0)
        cand_counts.append(len(_candidate_ids(user=user, hashes=sorted(keys), kinds=keys, exclude=set())))
        ids = [c.person.pk for c in shown]
        shown_counts.append(len(ids))
        shown_total += len(ids)
        shown_true += sum(1 for i in ids if i in truth)
        likely = [c.person.pk for c in shown if c.is_likely]
        likely_total += len(likely)
        likely_true += sum(1 for i in likely if i in truth)
        if DEBUG and (any(i not in truth for i in ids) or (truth and not any(i in truth for i in ids))):
            _explain(rec, variations, truth, shown)
        if truth:
            dup_probes += 1
            hit = any(i in truth for i in ids)
            found += hit
            found_likely += any(i in truth for i in likely)
            top1 += bool(ids) and ids[0] in truth
            true_pairs += len(truth)
            true_pairs_found += sum(1 for i in ids if i in truth)
            for v in variations:
                by_var.setdefault(v, []).append(int(hit))
        elif ids:
            fresh_flooded += 1
    n_fresh = len(probes) - dup_probes
    ms = 1000.0
    print(
        f"\n== duplicate check at {label} persons ({connection.vendor}; {dup_probes} duplicate probes, {n_fresh} new persons)"
    )
    print(
        f"  shown per check: mean {statistics.mean(shown_counts):.2f}, max {max(shown_counts)}; "
        f"candidates decrypted and scored: mean {statistics.mean(cand_counts):.0f}, p95 {pct(cand_counts, 0.95):.0f}"
    )
    print(
        f"  recall (person found in the list shown)   {found / max(dup_probes, 1):.3f}   "
        f"(all true records found: {true_pairs_found / max(true_pairs, 1):.3f}; top-1 correct: {top1 / max(dup_probes, 1):.3f})"
    )
    print(
        f"  precision (shown entries that are the person) {shown_true / max(shown_total, 1):.3f}   "
        f"({shown_true} of {shown_total}; new persons with anything shown: {fresh_flooded}/{n_fresh})"
    )
    print(
        f"  'likely' level: recall {found_likely / max(dup_probes, 1):.3f}, precision {likely_true / max(likely_total, 1):.3f} "
        f"({likely_true} of {likely_total})"
    )
    print(
        "  recall by variation: "
        + ", ".join(f"{k} {sum(v) / len(v):.2f} (n={len(v)})" for k, v in sorted(by_var.items()))
    )
    p50, p95 = statistics.median(ours) * ms, pct(ours, 0.95) * ms
    b50, b95 = statistics.median(base) * ms, pct(base, 0.95) * ms
    print(
        f"  one check (keys, scope, decrypt, score, audit): p50 {p50:7.2f} ms  p95 {p95:7.2f} ms | "
        f"baseline raw SQL key look-up: p50 {b50:6.2f} ms  p95 {b95:6.2f} ms -> x{p50 / b50 if b50 else float('inf'):.1f}"
    )
    print(f"  persons in store: {Person.objects.filter(registered_by_agency=agency).count()}")
    return {"recall": found / max(dup_probes, 1), "precision": shown_true / max(shown_total, 1), "p50": p50, "p95": p95}


def run() -> list[dict[str, Any]]:
    """Build the populations and measure; expects Django set up with a migrated database."""
    from safepath.accounts.models import Agency, User, UserRole
    from safepath.core.context import RequestContext, set_context
    from safepath.demo.population import generate_population
    from safepath.places.models import LegacyProvince

    set_context(RequestContext(channel="cli"))
    successors = dict(LegacyProvince.objects.values_list("code", "successor_id"))
    agency = Agency.objects.create(code="DUPBENCH", name_vi="Dupcheck bench", name_en="Dupcheck bench", type="mrc")
    user = User.objects.create(username="dupbench", agency=agency)
    UserRole.objects.create(user=user, role="caseworker")
    rng = random.Random(SEED)  # noqa: S311 (a reproducible benchmark, not security)
    sizes = sorted(SIZES)
    people = generate_population(count=sizes[-1], seed=SEED)
    records = [from_demo(p, i, rng) for i, p in enumerate(people)]
    # Siblings and twins: different persons who look alike (appended to the store, never probes).
    next_uid = len(records)
    siblings: dict[int, list[Rec]] = {}
    for r in records:
        if rng.random() < SIBLING_SHARE:
            donor = records[rng.randrange(len(records))]
            siblings.setdefault(r.uid, []).append(make_sibling(rng, r, donor, next_uid))
            next_uid += 1
    # Probes: duplicates of persons among the first (smallest) store; some have an extra record.
    chosen = rng.sample(range(sizes[0]), min(PROBES, sizes[0]))
    extra: list[Rec] = []
    probes_raw: list[tuple[Rec, list[str]]] = []
    for i in chosen:
        dup, applied = make_duplicate(rng, records[i])
        probes_raw.append((dup, applied))
        if rng.random() < EXTRA_RECORD_SHARE:
            extra.append(make_duplicate(rng, records[i])[0])
    fresh = [from_demo(p, -1, rng) for p in generate_population(count=FRESH, seed=SEED + 1000)]

    uid_to_ids: dict[int, set[Any]] = {}
    inserted = 0
    results = []
    for size in sizes:
        t0 = time.perf_counter()
        batch: list[Rec] = []
        for r in records[inserted:size]:
            batch.append(r)
            batch.extend(siblings.get(r.uid, []))
        if inserted == 0:
            batch.extend(extra)
        ids = bulk_insert(batch, agency=agency, user=user, successors=successors)
        for r, pk in zip(batch, ids, strict=True):
            uid_to_ids.setdefault(r.uid, set()).add(pk)
        inserted = size
        print(
            f"\nloaded {len(batch)} records (persons, siblings{', extra duplicates' if extra and size == sizes[0] else ''}) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        probes = [(r, applied, uid_to_ids.get(r.uid, set())) for r, applied in probes_raw]
        probes += [(r, [], set()) for r in fresh]
        results.append(measure(f"{size:,}", probes, user=user, agency=agency))
    return results


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-dup-", dir=ROOT / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepath.config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["SAFEPATH_VAR_DIR"] = str(tmp)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import translation

    translation.activate("en")
    old = setup_databases(verbosity=0, interactive=False) if "postgres" in os.environ["DATABASE_URL"] else None
    if old is None:
        call_command("migrate", verbosity=0)
    try:
        t0 = time.perf_counter()
        run()
        print(f"\nduplicate-check benchmark took {time.perf_counter() - t0:.0f} s")
    finally:
        if old is not None:
            teardown_databases(old, verbosity=0)
        connection.close()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
