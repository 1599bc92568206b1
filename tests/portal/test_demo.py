"""The portal demo: published profiles in both languages for nine countries and the scam-compound warning."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from safepath.portal.demo import load_demo
from safepath.portal.demo_content import PROFILES, WARNING
from safepath.portal.models import CountryProfile, PageView, VersionStatus, sections_for

pytestmark = pytest.mark.django_db


def test_demo_publishes_the_profiles_and_the_warning(client, writer, supervisor):
    counts = load_demo(
        agencies={},
        users={"outreach": writer, "supervisor": supervisor},
        today=dt.date(2026, 11, 1),
        rng=random.Random(3),
    )
    assert counts["portal_profiles"] == 10 and PageView.objects.exists()
    published = {p.slug for p in CountryProfile.objects.filter(published__isnull=False)}
    assert published == {"jp", "kr", "tw", "my", "sa", "ae", "de", "ro", "pl", "scam-compounds"}
    warning = CountryProfile.objects.get(slug="scam-compounds")
    assert warning.region_countries == ["KH", "MM", "LA"]
    # Japan has an earlier version in its history; Germany a draft waiting for review.
    assert CountryProfile.objects.get(slug="jp").versions.filter(status=VersionStatus.ARCHIVED).count() == 1
    de = CountryProfile.objects.get(slug="de").versions.get(status=VersionStatus.IN_REVIEW)
    assert supervisor.has_perm("portal.publish_version", de) and not writer.has_perm("portal.publish_version", de)
    for lang in ("vi", "en"):
        for slug in ("jp", "kr", "tw", "my", "sa", "ae", "de", "ro", "pl"):
            html = client.get(f"/portal/{lang}/countries/{slug}/").content.decode()
            assert 'class="unverified"' in html, (lang, slug)
        html = client.get(f"/portal/{lang}/warnings/scam-compounds/").content.decode()
        assert "Sihanoukville" in html
    assert load_demo(agencies={}, users={}, today=dt.date(2026, 11, 1), rng=random.Random(3)) == {}


def test_demo_text_is_complete_careful_and_invents_no_phone_number():
    import re

    for spec in [*PROFILES, {"content": WARNING["content"], "kind": "warning"}]:
        kind = spec.get("kind", "country")
        content = spec["content"]
        for key in ["title", "summary", *[k for k, _l in sections_for(kind)]]:
            for lang in ("vi", "en"):
                assert content[key][lang].strip(), (spec.get("country"), key, lang)
        text = " ".join(v for section in content.values() for v in section.values())
        # Embassy contacts point to the consular portal; the only numbers are the marked hotlines.
        assert "lanhsuvietnam.gov.vn" in text
        phones = set(re.findall(r"(?<![\d/.])(?:\+?\d[\d .]{6,}\d)(?![\d/])", text))
        assert not phones, phones
    health = {p["country"]: p["content"]["health"]["vi"] for p in PROFILES}
    assert "Sổ tay sức khỏe" in health["JP"] and "Sổ tay sức khỏe" in health["KR"]
