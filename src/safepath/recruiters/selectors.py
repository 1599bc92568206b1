"""Reading the licence list: the public check (by name, or the names in a pasted message), the staff
list and search, and the import history.

`enterprise_check`, `enterprise_mentions` and `enterprise_check_text` are public (the portal and the
job-offer check call them without a login): they read only the list in force, which holds companies, not people, and nothing
about who asked is kept. Each process keeps one search index for the list in force; a new list in force
has another id, so the index is rebuilt on the next check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.core.normalize import fold
from safepath.recruiters import matching, reader
from safepath.recruiters.models import Enterprise, EnterpriseStatus, LicenceImport

PAGE_SIZE = 50
MAX_STAFF_RESULTS = 50


@dataclass
class EnterpriseMatch:
    """An enterprise of the list in force that a name (or a message) names, and how surely (score 0..1)."""

    enterprise_id: int
    name: str
    short_name: str
    licence_number: str
    licence_date: dt.date | None
    status: str  # active / suspended / revoked
    address: str
    phone: str  # the company's switchboard as published with the list
    score: float
    matched_on: str = "name"  # "name", "short_name" or "licence_number"
    found_text: str = ""  # in a message: the words that named it

    @property
    def status_label(self) -> str:
        """The status in words, in the active language."""
        return str(EnterpriseStatus(self.status).label)

    @property
    def is_active(self) -> bool:
        return self.status == EnterpriseStatus.ACTIVE


@dataclass
class EnterpriseCheck:
    """The answer to "is this recruiter licensed?", with the date and source of the list it comes from."""

    query: str
    matches: list[EnterpriseMatch] = field(default_factory=list)
    data_date: dt.date | None = None  # the date of the list in force; None: no list imported yet
    source: str = ""
    # Other enterprises with a similar name, for staff (or to say "not found; similar names on the list
    # are other companies"): never to be shown as the company asked about.
    similar: list[EnterpriseMatch] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def has_list(self) -> bool:
        return self.data_date is not None


@dataclass
class EnterpriseMention:
    """A company named in a message: the words as written and, when it is on the list, the enterprise."""

    text: str
    match: EnterpriseMatch | None


# --- the index of the list in force ------------------------------------------------------------------
_ROW_FIELDS = (
    "pk", "name", "short_name", "licence_number", "licence_date", "status", "address", "phone",
    "search_tokens", "short_tokens", "licence_key",
)  # fmt: skip


@dataclass
class _Loaded:
    batch_id: str
    index: matching.NameIndex
    rows: dict[int, tuple[Any, ...]]  # in name order


_cache: _Loaded | None = None
_cache_lock = threading.Lock()


def current_list() -> LicenceImport | None:
    """The list in force (without its file), or None when none was imported yet."""
    return LicenceImport.objects.filter(is_current=True).defer("content", "rejected").first()


def _loaded(batch_id: Any) -> _Loaded:
    global _cache
    key = str(batch_id)
    cached = _cache
    if cached is not None and cached.batch_id == key:
        return cached
    with _cache_lock:
        if _cache is not None and _cache.batch_id == key:
            return _cache
        found = Enterprise.objects.filter(batch_id=batch_id).values_list(*_ROW_FIELDS)
        rows = {r[0]: r for r in sorted(found, key=lambda r: fold(r[1]))}  # by name, for the staff list
        entries = [
            matching.Entry(
                key=pk,
                tokens=tuple(r[8].split()),
                short_tokens=tuple(r[9].split()),
                licence_key=r[10],
                licence_lead=matching.licence_lead(r[3]),
            )
            for pk, r in rows.items()
        ]
        _cache = _Loaded(key, matching.NameIndex(entries), rows)
        return _cache


def _match(loaded: _Loaded, hit: matching.Hit, found_text: str = "") -> EnterpriseMatch:
    r = loaded.rows[hit.key]
    return EnterpriseMatch(
        enterprise_id=r[0],
        name=r[1],
        short_name=r[2],
        licence_number=r[3],
        licence_date=r[4],
        status=r[5],
        address=r[6],
        phone=r[7],
        score=hit.score,
        matched_on=hit.matched_on,
        found_text=found_text,
    )


# --- public ------------------------------------------------------------------------------------------
def enterprise_check(name: str, *, limit: int = 5, batch: LicenceImport | None = None) -> EnterpriseCheck:
    """Which enterprises of the list in force `name` names (a name as typed, a short name or a licence
    number), best first. Forgives diacritics, case, abbreviations, word order and small typos; a name
    that is not on the list gives no match (`found` is False), never its nearest neighbour.

    `batch`: the list in force as the caller already read it (`current_list()`), not to read it again."""
    query = matching.clean_query(name)
    batch = batch or current_list()
    if batch is None:
        return EnterpriseCheck(query=query)
    check = EnterpriseCheck(query=query, data_date=batch.data_date, source=batch.source)
    if not query:
        return check
    loaded = _loaded(batch.pk)
    found = loaded.index.search(query, limit=max(1, min(int(limit), MAX_STAFF_RESULTS)))
    check.matches = [_match(loaded, h) for h in found.matches]
    check.similar = [_match(loaded, h) for h in found.similar]
    return check


def enterprise_mentions(text: str, *, batch: LicenceImport | None = None) -> list[EnterpriseMention]:
    """Every company named in a pasted message, in order: those on the list in force with their
    enterprise, the others ("Công ty TNHH Hoàng Long" not on the list) with the words as written.
    `batch`: as for `enterprise_check`."""
    batch = batch or current_list()
    if batch is None or not text:
        return []
    loaded = _loaded(batch.pk)
    return [
        EnterpriseMention(text=m.text, match=_match(loaded, m.hit, m.text) if m.hit else None)
        for m in matching.mentions(loaded.index, str(text))
    ]


def enterprise_check_text(text: str) -> list[EnterpriseMatch]:
    """The enterprises of the list in force named in a pasted message ("công ty …", "cty …", "… JSC",
    short names, licence numbers), each once, in the order they first appear."""
    out: dict[int, EnterpriseMatch] = {}
    for mention in enterprise_mentions(text):
        m = mention.match
        if m is None:
            continue
        if m.enterprise_id not in out:
            out[m.enterprise_id] = m
        elif m.score > out[m.enterprise_id].score:
            m.found_text = out[m.enterprise_id].found_text
            out[m.enterprise_id] = m
    return list(out.values())


# --- staff -------------------------------------------------------------------------------------------
@dataclass
class EnterpriseRow:
    enterprise: EnterpriseMatch
    similar: bool = False  # shown to staff as a near miss, not a match


def enterprise_search(*, user: Any, q: str = "", status: str = "") -> tuple[LicenceImport | None, list[EnterpriseRow]]:
    """The list in force for staff: every enterprise (by name), or those a search names, then near misses."""
    if not user.has_perm("recruiters.view_enterprise"):
        return None, []
    batch = current_list()
    if batch is None:
        return None, []
    status = status if status in EnterpriseStatus.values else ""
    query = matching.clean_query(q)
    if query:
        check = enterprise_check(query, limit=MAX_STAFF_RESULTS, batch=batch)
        rows = [EnterpriseRow(m) for m in check.matches] + [EnterpriseRow(m, similar=True) for m in check.similar]
        return batch, [r for r in rows if not status or r.enterprise.status == status]
    loaded = _loaded(batch.pk)
    rows = [
        EnterpriseRow(_match(loaded, matching.Hit(r[0], 1.0, "name")))
        for r in loaded.rows.values()
        if not status or r[5] == status
    ]
    return batch, rows


def enterprise_page(
    *, user: Any, q: str = "", status: str = "", page: Any = 1
) -> tuple[LicenceImport | None, Page[EnterpriseRow]]:
    batch, rows = enterprise_search(user=user, q=q, status=status)
    return batch, Paginator(rows, PAGE_SIZE).get_page(page)


def status_counts(batch: LicenceImport | None) -> dict[str, int]:
    if batch is None:
        return {}
    rows = _loaded(batch.pk).rows.values()
    return {s: sum(1 for r in rows if r[5] == s) for s in EnterpriseStatus.values}


def licence_import_list(*, user: Any) -> QuerySet[LicenceImport]:
    """The imports, newest first (the file itself is not read)."""
    return (
        LicenceImport.objects.filter(policy.licence_import_scope(user))
        .select_related("imported_by")
        .defer("content", "rejected")
        .order_by("-created_at")
    )


def licence_import_get(*, user: Any, import_id: Any) -> LicenceImport:
    """One import and its report; 404 when missing or not one the user may read."""
    if not policy.is_uuid(import_id) or not user.has_perm("recruiters.view_import"):
        raise Http404
    batch = (
        LicenceImport.objects.filter(policy.licence_import_scope(user))
        .select_related("imported_by", "job")
        .defer("content")
        .filter(pk=str(import_id))
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def rejected_rows(batch: LicenceImport) -> list[dict[str, Any]]:
    """The rejected rows of an import, with their reasons in the active language."""
    return [
        {
            "row": r.get("row"),
            "values": r.get("values", {}),
            "reasons": [reader.reason_text(x) for x in r.get("reasons", [])],
        }
        for r in batch.rejected or []
    ]


def rejected_rows_csv(*, user: Any, batch: LicenceImport) -> str:
    """The rejected rows as CSV (UTF-8 with BOM, for Excel), under the file's own headers, with the reasons."""
    if not user.has_perm("recruiters.view_import", batch):
        raise Http404
    fields = [f for f in reader.FIELDS if f in (batch.columns or {})]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Row"), _("Reasons"), *[(batch.columns or {}).get(f) or reader.field_label(f) for f in fields]])
    for r in rejected_rows(batch):
        writer.writerow([r["row"], " ".join(r["reasons"]), *[_csv_safe(r["values"].get(f, "")) for f in fields]])
    audit_record(
        actor=user,
        action=Action.EXPORT,
        object_type="licence_import",
        object_ids=[batch.pk],
        purpose="rejected_rows",
        detail={"rows": len(batch.rejected or [])},
    )
    return out.getvalue()


def _csv_safe(value: Any) -> str:
    """A value as a spreadsheet cell, never a formula ("=HYPERLINK(...)" from a hostile file)."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
