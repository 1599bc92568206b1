"""Reads of the public portal: published profiles for the public, profiles and versions for staff, visit
statistics, and a help request found by its reference code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.http import Http404

from safepath.audit.models import Action
from safepath.audit.services import audit_record
from safepath.core import policy
from safepath.portal import reference
from safepath.portal.models import OPEN_STATUSES, CountryProfile, PageView, ProfileKind, ProfileVersion


# --- public ---------------------------------------------------------------------------------------------
def public_profiles(*, kind: str | None = None) -> list[CountryProfile]:
    """Profiles with a published version, in display order (country names in the profile's language)."""
    qs = CountryProfile.objects.filter(published__isnull=False).select_related("published", "country")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("kind", "sort_order", "slug"))


def public_profile(*, kind: str, slug: str) -> CountryProfile | None:
    slug = str(slug or "").lower()[:40]
    return (
        CountryProfile.objects.filter(kind=kind, slug=slug, published__isnull=False)
        .select_related("published", "country")
        .first()
    )


def warnings_for_country(iso2: str) -> list[CountryProfile]:
    """Published warning pages that name this country (a country page links to them)."""
    return [p for p in public_profiles(kind=ProfileKind.WARNING) if iso2.upper() in (p.region_countries or [])]


# --- staff ------------------------------------------------------------------------------------------------
def profile_list(*, user: Any) -> list[dict[str, Any]]:
    if not user.has_perm("portal.view_profiles"):
        raise Http404
    profiles = list(CountryProfile.objects.select_related("country", "published", "published__reviewer"))
    open_versions = {
        v.profile_id: v for v in ProfileVersion.objects.filter(status__in=OPEN_STATUSES).select_related("author")
    }
    return [{"profile": p, "published": p.published, "open": open_versions.get(p.pk)} for p in profiles]


def profile_get(*, user: Any, profile_id: Any) -> CountryProfile:
    if not user.has_perm("portal.view_profiles") or not str(profile_id).isdigit():
        raise Http404
    profile = CountryProfile.objects.select_related("country", "published").filter(pk=int(profile_id)).first()
    if profile is None:
        raise Http404
    return profile


def profile_versions(*, profile: CountryProfile) -> list[ProfileVersion]:
    return list(ProfileVersion.objects.filter(profile=profile).select_related("author", "reviewer").order_by("-number"))


def version_get(*, user: Any, version_id: Any) -> ProfileVersion:
    if not user.has_perm("portal.view_profiles") or not str(version_id).isdigit():
        raise Http404
    version = (
        ProfileVersion.objects.select_related("profile", "profile__country", "author", "reviewer", "based_on")
        .filter(pk=int(version_id))
        .first()
    )
    if version is None:
        raise Http404
    return version


# --- visit statistics --------------------------------------------------------------------------------
@dataclass
class VisitSummary:
    start: dt.date
    end: dt.date
    total: int = 0
    by_lang: dict[str, int] = field(default_factory=dict)
    pages: list[dict[str, Any]] = field(default_factory=list)  # page, vi, en, total
    days: list[dict[str, Any]] = field(default_factory=list)  # day, vi, en, total (every day of the period)


def visit_summary(*, user: Any, start: dt.date, end: dt.date) -> VisitSummary:
    if not user.has_perm("portal.view_visits"):
        raise Http404
    rows = PageView.objects.filter(day__gte=start, day__lte=end)
    out = VisitSummary(start=start, end=end)
    pages: dict[str, dict[str, Any]] = {}
    for row in rows.values("page", "lang").annotate(n=Sum("count")):
        entry = pages.setdefault(row["page"], {"page": row["page"], "vi": 0, "en": 0, "total": 0})
        entry[row["lang"]] = entry.get(row["lang"], 0) + row["n"]
        entry["total"] += row["n"]
    out.pages = sorted(pages.values(), key=lambda p: (-p["total"], p["page"]))
    per_day: dict[dt.date, dict[str, int]] = {}
    for day_row in rows.values("day", "lang").annotate(n=Sum("count")):
        per_day.setdefault(day_row["day"], {})[day_row["lang"]] = day_row["n"]
    day = start
    while day <= end:
        counts = per_day.get(day, {})
        out.days.append(
            {"day": day, "vi": counts.get("vi", 0), "en": counts.get("en", 0), "total": sum(counts.values())}
        )
        day += dt.timedelta(days=1)
    out.by_lang = {"vi": sum(d["vi"] for d in out.days), "en": sum(d["en"] for d in out.days)}
    out.total = sum(out.by_lang.values())
    return out


# --- help requests by reference code ------------------------------------------------------------------
def help_requests_by_reference(*, user: Any, code: str) -> list[Any]:
    """The intake items of the user's queue with this reference code (usually one)."""
    if not user.has_perm("portal.find_help_request"):
        raise Http404
    bounds = reference.id_range(code)
    if bounds is None:
        return []
    from safepath.cases.models import IntakeItem

    items = list(
        IntakeItem.objects.filter(policy.intake_scope(user))
        .filter(Q(id__gte=bounds[0]) & Q(id__lte=bounds[1]))
        .select_related("province")
        .order_by("-received_at")[:10]
    )
    audit_record(
        actor=user,
        action=Action.SEARCH,
        object_type="intake",
        object_ids=[i.pk for i in items],
        purpose="help_reference",
        detail={"results": len(items)},
    )
    return items
