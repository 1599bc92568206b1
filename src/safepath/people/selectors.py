"""Reads of persons. Every function here applies the policy and writes the access log."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core.crypto import get_keyring
from safepath.core.normalize import (
    InvalidPhoneNumber,
    name_tokens,
    normalize_email,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)
from safepath.people.duplicates import person_duplicate_candidates
from safepath.people.models import Person, PersonNameToken

__all__ = [
    "access_person_by_id",
    "parse_search",
    "person_change_history",
    "person_counts_for_analysts",
    "person_duplicate_candidates",
    "person_queryset_visible_to",
    "person_search",
]

OBJECT_TYPE = "person"
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def person_queryset_visible_to(*, user: Any) -> QuerySet[Person]:
    """Persons the user may see, unaudited: for callers that audit what they show."""
    return Person.objects.filter(policy.person_scope(user)).select_related(
        "origin_province", "origin_ward", "ethnicity", "registered_by_agency"
    )


def access_person_by_id(*, user: Any, person_id: Any, purpose: str = "view") -> Person:
    """The person, if the user may see them; 404 for missing and forbidden alike. Audited."""
    try:
        pk = uuid.UUID(str(person_id))
    except ValueError as exc:
        raise Http404 from exc
    person = (
        Person.objects.select_related(
            "origin_province", "origin_ward", "origin_legacy_province", "ethnicity", "registered_by_agency"
        )
        .filter(pk=pk)
        .first()
    )
    if person is None or not user.has_perm("people.view_person", person):
        raise Http404
    audit_record(actor=user, action=Action.VIEW, object_type=OBJECT_TYPE, object_ids=[person.pk], purpose=purpose)
    return person


@dataclass(frozen=True)
class SearchTerms:
    kinds: tuple[str, ...]
    name_tokens: tuple[str, ...] = ()
    phone: str = ""
    id_number: str = ""
    email: str = ""


def parse_search(text: str) -> SearchTerms:
    """Decide what a search box holds: a name, a phone number or an ID number."""
    text = (text or "").strip()
    if not text:
        return SearchTerms(kinds=())
    if "@" in text and " " not in text:
        return SearchTerms(kinds=("email",), email=normalize_email(text))
    if not _LETTERS.search(text.replace("+", "")):
        phone = ""
        try:
            phone = normalize_phone(text)
        except InvalidPhoneNumber:
            pass
        return SearchTerms(kinds=("phone", "id_number"), phone=phone, id_number=normalize_id_number(text))
    ident = normalize_id_number(text)
    if ident and any(c.isdigit() for c in ident) and " " not in text.strip() and len(ident) >= 6:
        return SearchTerms(kinds=("id_number",), id_number=ident)
    return SearchTerms(kinds=("name",), name_tokens=tuple(name_tokens(text)))


def person_search_queryset(*, user: Any, terms: SearchTerms) -> QuerySet[Person]:
    """Persons the user may see that match parsed search terms, unaudited: the caller audits what it shows."""
    ring = get_keyring()
    qs = person_queryset_visible_to(user=user)
    if not terms.kinds:
        return qs
    if "name" in terms.kinds:
        hashes = {ring.blind_index(t, purpose="person.name_token") for t in terms.name_tokens}
        if not hashes:
            return qs.none()
        matching = (
            PersonNameToken.objects.filter(token__in=hashes)
            .values("person_id")
            .annotate(n=Count("token", distinct=True))
            .filter(n=len(hashes))
            .values("person_id")
        )
        return qs.filter(pk__in=matching)
    if "email" in terms.kinds:
        return qs.filter(email_bidx=ring.blind_index(terms.email, purpose="person.email"))
    ids: set[str] = set()
    if terms.phone:
        ids.add(ring.blind_index(terms.phone, purpose="person.phone"))
    by_phone = qs.filter(phone_bidx__in=ids) if ids else qs.none()
    by_id = (
        qs.filter(id_number_bidx=ring.blind_index(terms.id_number, purpose="person.id_number"))
        if terms.id_number
        else qs.none()
    )
    return by_phone | by_id


def person_search(*, user: Any, text: str, limit: int = 50, offset: int = 0) -> tuple[list[Person], int]:
    """Search visible persons by name (any order, diacritics optional), phone or ID number.

    Audited as one search event listing the ids shown; the searched text itself is not logged.
    Exact whole-name matches come first.
    """
    terms = parse_search(text)
    qs = person_search_queryset(user=user, terms=terms).order_by("-created_at")
    total = qs.count()
    results = list(qs[offset : offset + limit])
    if terms.name_tokens:
        exact = get_keyring().blind_index(normalize_name(" ".join(terms.name_tokens)), purpose="person.name")
        results.sort(key=lambda p: p.full_name_bidx != exact)
    audit_record(
        actor=user,
        action=Action.SEARCH if terms.kinds else Action.LIST,
        object_type=OBJECT_TYPE,
        object_ids=[p.pk for p in results],
        detail={"by": list(terms.kinds), "results": total} if terms.kinds else {"results": total},
    )
    return results, total


SMALL_CELL = 5


def person_counts_for_analysts(*, user: Any) -> dict[str, Any]:
    """Aggregate counts over all persons, for roles that see statistics only.

    Cells below SMALL_CELL are shown as None ("fewer than 5") so that no small group can be
    singled out; when a table would hide a single cell, the next smallest is hidden too, so the
    hidden one cannot be recovered by subtracting the others from the total.
    """
    if not user.has_perm("reports.view_aggregates"):
        raise Http404
    by_province = list(
        Person.objects.values("origin_province__name").annotate(n=Count("pk")).order_by("-n", "origin_province__name")
    )
    by_sex = list(Person.objects.values("sex").annotate(n=Count("pk")).order_by("-n"))
    total = sum(r["n"] for r in by_sex)

    def suppress(rows: Sequence[Mapping[str, Any]], key: str) -> list[tuple[str, int | None]]:
        cells = [(r[key] or "", int(r["n"])) for r in rows]
        hidden = {i for i, (_, n) in enumerate(cells) if n < SMALL_CELL}
        if len(hidden) == 1 and len(cells) > 1:
            # Secondary suppression: one hidden cell could be recovered from the total.
            shown = sorted((n, i) for i, (_, n) in enumerate(cells) if i not in hidden)
            hidden.add(shown[0][1])
        return [(label, None if i in hidden else n) for i, (label, n) in enumerate(cells)]

    return {
        "total": total,
        "by_province": suppress(by_province, "origin_province__name"),
        "by_sex": suppress(by_sex, "sex"),
        "threshold": SMALL_CELL,
    }


def person_change_history(*, person: Person, limit: int = 20) -> list[Any]:
    """Who registered and changed this person, when, and which fields (never the values).

    Takes a person already obtained through access_person_by_id, so the view is audited there.
    """
    from safepath.audit.models import AccessEvent

    return list(
        AccessEvent.objects.filter(
            touched__object_type=OBJECT_TYPE,
            touched__object_id=str(person.pk),
            action__in=[Action.CREATE, Action.UPDATE],
        )
        .select_related("agency")
        .order_by("-seq")[:limit]
    )
