"""The duplicate check at registration: which persons the user may see look like the one being typed.

1. The typed values are normalised and turned into blocking keys (``matching.probe_keys``), and
   each key into a blind index (HMAC, purpose ``person.match.<kind>``). Registered persons carry
   their keys in ``PersonMatchKey`` (written by ``person_register`` / ``person_update``).
2. One query finds the persons in the user's policy scope that share a key, capped at
   CANDIDATE_CAP (the persons sharing the strongest keys first, then the most recent).
3. Those candidates are decrypted and scored in memory (``matching.rank``); no plaintext ever
   reaches a query or a column.
4. What is shown is written to the access log as one search entry (ids only, never the names
   typed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core.crypto import KeyRing, get_keyring
from safepath.core.dates import PartialDateError, parse_partial_date
from safepath.core.normalize import InvalidPhoneNumber, clean_text, normalize_id_number, normalize_phone
from safepath.people import matching
from safepath.people.matching import MatchCandidate, MatchRecord
from safepath.people.models import Person, PersonMatchKey

if TYPE_CHECKING:
    from safepath.people.services import PersonInput

OBJECT_TYPE = "person"
PURPOSE = "duplicate check"
CANDIDATE_CAP = 500
# Which keys matter most when more candidates share a key than the cap allows.
_KIND_PRIORITY = {
    matching.KIND_ID_NUMBER: 100,
    matching.KIND_PHONE: 50,
    matching.KIND_GIVEN_FAMILY_YEAR: 8,
    matching.KIND_BIRTH_DATE: 4,
    matching.KIND_GIVEN_YEAR: 3,
    matching.KIND_GIVEN_FAMILY: 2,
}
# Only what the check compares is loaded (and decrypted).
_CANDIDATE_FIELDS = (
    "id",
    "family_name",
    "middle_name",
    "given_name",
    "aliases",
    "birth_date",
    "phone",
    "id_number",
    "sex",
    "birth_year",
    "origin_province",
    "origin_legacy_province",
    "registered_by_agency",
    "created_at",
)
_CODE = re.compile(r"^\d{1,8}$")


def key_purpose(kind: str) -> str:
    return f"person.match.{kind}"


def hashed_keys(pairs: Iterable[tuple[str, str]], *, ring: KeyRing | None = None) -> dict[str, str]:
    """Blind index -> kind, for (kind, plaintext key) pairs."""
    ring = ring or get_keyring()
    return {ring.blind_index(value, purpose=key_purpose(kind)): kind for kind, value in pairs}


def record_from_person(person: Any) -> MatchRecord:
    """Features of a registered person (a Person, or a historical model in a migration)."""
    return matching.make_record(
        family_name=person.family_name,
        middle_name=person.middle_name,
        given_name=person.given_name,
        aliases=list(person.aliases or []),
        sex=person.sex,
        birth_date=person.birth_date,
        phone=person.phone,
        id_number=person.id_number,
        province=person.origin_province_id or "",
        legacy_province=person.origin_legacy_province_id or "",
    )


def match_key_values(person: Any, *, ring: KeyRing | None = None) -> list[tuple[str, str]]:
    """(kind, blind index) of every match key a person should have."""
    keys = hashed_keys(matching.stored_keys(record_from_person(person)), ring=ring)
    return sorted((kind, key) for key, kind in keys.items())


def match_key_rows(person: Any, *, ring: KeyRing | None = None, model: Any = PersonMatchKey) -> list[Any]:
    """The PersonMatchKey rows a person should have (not saved)."""
    return [model(person_id=person.pk, kind=kind, key=key) for kind, key in match_key_values(person, ring=ring)]


def person_match_keys_rebuild(
    *, person_model: Any = Person, key_model: Any = PersonMatchKey, batch_size: int = 500
) -> int:
    """Re-derive every person's match keys (a backfill, or after the key derivation changed).

    Works with the current models or with historical ones inside a data migration. Returns the
    number of persons indexed.
    """
    qs = person_model.objects.order_by("pk")
    if not qs.exists():
        return 0
    ring = get_keyring()
    done = 0
    for batch in _batches(qs.iterator(chunk_size=batch_size), batch_size):
        ids = [p.pk for p in batch]
        key_model.objects.filter(person_id__in=ids).delete()
        rows = [row for p in batch for row in match_key_rows(p, ring=ring, model=key_model)]
        key_model.objects.bulk_create(rows, batch_size=2000)
        done += len(batch)
    return done


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _code(value: Any) -> str:
    text = str(value or "").strip()
    return text if _CODE.match(text) else ""


def record_from_input(data: PersonInput) -> MatchRecord:
    """Features of what has been typed so far. Lenient: a value that does not parse is left out."""
    from safepath.places.models import LegacyProvince, Ward

    birth = ""
    if (data.birth_date or "").strip():
        try:
            birth = parse_partial_date(data.birth_date).iso()
        except PartialDateError:
            birth = ""
    phone = ""
    if (data.phone or "").strip():
        try:
            phone = normalize_phone(data.phone)
        except InvalidPhoneNumber:
            phone = ""
    province = _code(data.origin_province_id)
    legacy = _code(data.origin_legacy_province_id)
    ward = _code(data.origin_ward_id)
    if not province and legacy:
        province = str(LegacyProvince.objects.filter(pk=legacy).values_list("successor_id", flat=True).first() or "")
    if not province and ward:
        province = str(Ward.objects.filter(pk=ward).values_list("province_id", flat=True).first() or "")
    return matching.make_record(
        family_name=clean_text(data.family_name or ""),
        middle_name=clean_text(data.middle_name or ""),
        given_name=clean_text(data.given_name or ""),
        aliases=[clean_text(a) for a in (data.aliases or []) if clean_text(a)],
        sex=data.sex,
        birth_date=birth,
        phone=phone,
        id_number=normalize_id_number(data.id_number or "")[:20],
        province=province,
        legacy_province=legacy,
    )


def _candidate_ids(*, user: Any, hashes: Sequence[str], kinds: dict[str, str], exclude: set[str]) -> list[Any]:
    """Persons in the user's scope sharing a key, strongest keys first, at most CANDIDATE_CAP."""
    rows = (
        Person.objects.filter(policy.person_scope(user), match_keys__key__in=hashes)
        .values_list("pk", "match_keys__key", "created_at")
        .order_by()
    )
    priority: dict[Any, list[Any]] = {}
    for pk, key, created in rows:
        if str(pk) in exclude:
            continue
        entry = priority.setdefault(pk, [0, created, set()])
        kind = kinds[key]
        if kind not in entry[2]:  # a kind counts once per person
            entry[2].add(kind)
            entry[0] += _KIND_PRIORITY[kind]
    ranked = sorted(priority.items(), key=lambda item: (item[1][0], item[1][1]), reverse=True)
    return [pk for pk, _entry in ranked[:CANDIDATE_CAP]]


def _candidates(ids: Sequence[Any]) -> QuerySet[Person]:
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("origin_province", "origin_legacy_province")
        .only(*_CANDIDATE_FIELDS, "origin_province__name", "origin_legacy_province__name")
    )


def person_duplicate_candidates(
    *, user: Any, data: PersonInput, limit: int = 10, exclude_ids: Iterable[Any] = ()
) -> list[MatchCandidate[Person]]:
    """Persons the user may see who are likely or possibly the person described by ``data``.

    At most ``limit``, best first, each with a level and the reasons in words. Persons outside
    ``policy.person_scope(user)`` are never read. When anything is shown, one access-log entry
    lists the ids shown; the typed values are never logged.
    """
    if not user.has_perm("people.view_person_list"):
        return []
    probe = record_from_input(data)
    keys = hashed_keys(matching.probe_keys(probe))
    if not keys:
        return []
    ids = _candidate_ids(user=user, hashes=sorted(keys), kinds=keys, exclude={str(i) for i in exclude_ids})
    if not ids:
        return []
    ranked = matching.rank(probe, ((p, record_from_person(p)) for p in _candidates(ids)), limit=2 * limit)
    # The scope filter above already applied the rule; the per-object check is the second lock.
    shown = [c for c in ranked if user.has_perm("people.view_person", c.person)][:limit]
    if shown:
        audit_record(
            actor=user,
            action=Action.SEARCH,
            object_type=OBJECT_TYPE,
            object_ids=[c.person.pk for c in shown],
            purpose=PURPOSE,
            detail={"by": ["duplicate_check"], "results": len(shown)},
        )
    return shown


def needs_acknowledgement(candidates: Sequence[MatchCandidate[Any]]) -> bool:
    """Registering goes ahead only once the user has confirmed a likely match is someone else."""
    return any(c.is_likely for c in candidates)


__all__ = [
    "CANDIDATE_CAP",
    "match_key_rows",
    "match_key_values",
    "needs_acknowledgement",
    "person_duplicate_candidates",
    "person_match_keys_rebuild",
    "record_from_input",
    "record_from_person",
]
