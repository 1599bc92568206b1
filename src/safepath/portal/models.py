"""The public portal's own tables: destination-country profiles with their versions, and visit counts.

Nothing here is about a person. A profile is public content written by staff; its versions keep the
whole history (draft, in review, published, archived) with who wrote and who published each one. A
visit count is a number per page, day and language: no address, no cookie, no browser string.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    COUNTRY = "country", _("Destination country")
    WARNING = "warning", _("Warning (region)")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Published earlier")
    DISCARDED = "discarded", _("Discarded")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)

# The sections of a page, in the order they are shown: (key, heading).
COUNTRY_SECTIONS: list[tuple[str, Any]] = [
    ("channels", _("Legal channels and programmes")),
    ("fees", _("Fees and legal caps")),
    ("contract", _("Contract basics")),
    ("rights", _("Workers' rights")),
    ("health", _("Health")),
    ("contacts", _("Embassy and hotline contacts")),
    ("checklist", _("Before you leave: checklist")),
]
WARNING_SECTIONS: list[tuple[str, Any]] = [
    ("situation", _("What is happening")),
    ("tactics", _("How people are lured")),
    ("signs", _("Warning signs")),
    ("help", _("If you or someone you know is there")),
    ("contacts", _("Who to contact")),
]
LANGS = ("vi", "en")


def sections_for(kind: str) -> list[tuple[str, Any]]:
    return WARNING_SECTIONS if kind == ProfileKind.WARNING else COUNTRY_SECTIONS


class CountryProfile(models.Model):
    """A destination country's page, or a warning page for a region (several countries)."""

    kind = models.CharField(_("kind of page"), max_length=10, choices=ProfileKind.choices, default=ProfileKind.COUNTRY)
    # The address of the page: the ISO code in lower case for a country ("jp"), a short name for a warning.
    slug = models.SlugField(_("page address"), max_length=40, unique=True)
    country = models.OneToOneField(
        "places.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_profile",
        verbose_name=_("country"),
    )
    # A warning names the countries it is about (ISO codes), e.g. ["KH", "MM", "LA"].
    region_countries = models.JSONField(_("countries"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    published = models.OneToOneField(
        "portal.ProfileVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "sort_order", "slug"]
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="warning") | Q(country__isnull=False), name="portal_country_profile_has_country"
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def default_title(self, lang: str) -> str:
        if self.country_id and self.country is not None:
            return self.country.name_en if lang == "en" else self.country.name_vi
        return self.slug


class ProfileVersion(models.Model):
    """One version of a profile's text, in both languages. Published versions are never changed again."""

    profile = models.ForeignKey(CountryProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    # {"title": {"vi": ..., "en": ...}, "summary": {...}, "<section key>": {"vi": ..., "en": ...}}
    content = models.JSONField(default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Everyone who wrote in this version: none of them may publish it.
    edited_by = models.JSONField(default=list, blank=True)
    revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("restored from")
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["profile", "-number"]
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="portal_version_number_unique"),
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(status__in=["draft", "in_review"]),
                name="portal_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["profile"], condition=Q(status="published"), name="portal_one_published_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} v{self.number} {self.status}"

    def text(self, key: str, lang: str | None = None) -> str:
        lang = lang or ("en" if (get_language() or "vi").startswith("en") else "vi")
        value = (self.content or {}).get(key) or {}
        return str(value.get(lang, "")) if isinstance(value, dict) else ""

    def title(self, lang: str | None = None) -> str:
        return self.text("title", lang) or self.profile.default_title(lang or "vi")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PortalState(models.Model):
    """One row: the version of the published content, raised at every publication (the page caches' key)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    content_version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("portal state")
        verbose_name_plural = _("portal state")

    def __str__(self) -> str:
        return f"content v{self.content_version}"


class PageView(models.Model):
    """How many times a public page was shown on a day, in a language. Nothing else about the visit."""

    page = models.CharField(_("page"), max_length=80)
    day = models.DateField(_("day"))
    lang = models.CharField(_("language"), max_length=2)
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-day", "page", "lang"]
        verbose_name = _("page view count")
        verbose_name_plural = _("page view counts")
        constraints = [models.UniqueConstraint(fields=["page", "day", "lang"], name="portal_pageview_unique")]
        indexes = [models.Index(fields=["day"], name="portal_pageview_day")]

    def __str__(self) -> str:
        return f"{self.page} {self.day} {self.lang}: {self.count}"
