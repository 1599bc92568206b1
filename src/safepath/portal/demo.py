"""Demo data for portal (called by safepath.demo.services after the casework).

Published profiles, in Vietnamese and English, for Japan, Korea, Taiwan, Malaysia, Saudi Arabia, the
UAE, Germany, Romania and Poland, and a warning page for the scam compounds of Cambodia, Myanmar and Laos (text in
demo_content.py). Japan has an earlier version in its history; Germany has a new draft waiting for
review (written by the outreach officer, for the supervisor to publish). Visit counts for the last
30 days fill the statistics page.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from django.utils import timezone

from safepath.places.models import Country
from safepath.portal.demo_content import PROFILES, WARNING
from safepath.portal.models import (
    CountryProfile,
    PageView,
    PortalState,
    ProfileKind,
    ProfileVersion,
    VersionStatus,
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _publish(
    profile: CountryProfile, content: dict[str, Any], *, number: int, author: Any, reviewer: Any, day: dt.date
) -> ProfileVersion:
    version = ProfileVersion.objects.create(
        profile=profile,
        number=number,
        status=VersionStatus.PUBLISHED,
        content=content,
        author=author,
        edited_by=[author.pk] if author else [],
        reviewer=reviewer,
        submitted_at=_at(day, 9),
        published_at=_at(day, 15),
    )
    profile.published = version
    profile.save(update_fields=["published"])
    return version


def load_demo(*, agencies: dict[str, Any], users: dict[str, Any], today: dt.date, rng: random.Random) -> dict[str, int]:
    if CountryProfile.objects.exists():
        return {}
    author = users.get("outreach")
    reviewer = users.get("supervisor")
    versions = 0
    for i, spec in enumerate(PROFILES):
        country = Country.objects.filter(pk=spec["country"]).first()
        if country is None:
            continue
        profile = CountryProfile.objects.create(
            kind=ProfileKind.COUNTRY,
            slug=spec["country"].lower(),
            country=country,
            sort_order=spec["sort"],
            created_by=author,
        )
        day = today - dt.timedelta(days=40 - i)
        if spec["country"] == "JP":
            # An earlier version, replaced: the history shows both, and it can be restored.
            first = copy.deepcopy(spec["content"])
            first["summary"] = {
                "vi": "Thông tin cơ bản cho người lao động đi Nhật Bản (bản đầu tiên).",
                "en": "Basic information for workers going to Japan (first version).",
            }
            old = _publish(profile, first, number=1, author=author, reviewer=reviewer, day=day - dt.timedelta(days=60))
            old.status = VersionStatus.ARCHIVED
            old.archived_at = _at(day, 15)
            old.save(update_fields=["status", "archived_at"])
            _publish(profile, spec["content"], number=2, author=author, reviewer=reviewer, day=day)
            versions += 2
        else:
            _publish(profile, spec["content"], number=1, author=author, reviewer=reviewer, day=day)
            versions += 1
        if spec["country"] == "DE":
            draft = copy.deepcopy(spec["content"])
            draft["summary"]["vi"] += " Bản cập nhật: thêm thông tin về học nghề."
            draft["summary"]["en"] += " Update: more about apprenticeships."
            ProfileVersion.objects.create(
                profile=profile,
                number=2,
                status=VersionStatus.IN_REVIEW,
                content=draft,
                author=author,
                edited_by=[author.pk] if author else [],
                submitted_at=_at(today - dt.timedelta(days=1), 11),
                based_on=profile.published,
            )
            versions += 1
    warning = CountryProfile.objects.create(
        kind=ProfileKind.WARNING,
        slug=WARNING["slug"],
        region_countries=WARNING["regions"],
        sort_order=WARNING["sort"],
        created_by=author,
    )
    _publish(warning, WARNING["content"], number=1, author=author, reviewer=reviewer, day=today - dt.timedelta(days=20))
    versions += 1
    PortalState.objects.update_or_create(pk=1, defaults={"content_version": 2})

    # Visits: a plausible month, mostly in Vietnamese, the scam warning and Japan most read.
    pages = {
        "home": 120,
        "countries": 40,
        "country:jp": 45,
        "country:kr": 35,
        "country:tw": 25,
        "country:my": 10,
        "country:sa": 8,
        "country:ae": 8,
        "country:de": 12,
        "warning:scam-compounds": 60,
        "recruiter_check": 30,
        "fee_check": 20,
        "offer_check": 25,
        "help": 10,
        "checklist": 15,
    }
    rows = []
    for back in range(30):
        day = today - dt.timedelta(days=back)
        for page, mean in pages.items():
            count_vi = max(0, int(rng.gauss(mean, mean / 4)))
            count_en = max(0, int(rng.gauss(mean / 12, mean / 30)))
            rows.append(PageView(page=page, day=day, lang="vi", count=count_vi))
            if count_en:
                rows.append(PageView(page=page, day=day, lang="en", count=count_en))
    PageView.objects.bulk_create(rows)
    return {
        "portal_profiles": CountryProfile.objects.count(),
        "portal_versions": versions,
        "portal_view_rows": len(rows),
    }
