"""The service directory: who offers which service, where, to whom; and the centres' stakeholder network.

Providers are organisations, not people: their names and contacts are public-facing information and
are stored plainly. A provider is either a SafePath agency (`agency`: referrals to it arrive in its
inbox) or an outside organisation (referrals to it print a referral form).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safepath.core.normalize import fold
from safepath.plans.choices import ServiceType

USER = settings.AUTH_USER_MODEL


class ProviderKind(models.TextChoices):
    GOVERNMENT = "government", _("Government service")
    SHELTER = "shelter", _("Shelter or reception centre")
    HEALTH = "health", _("Health facility")
    LEGAL = "legal", _("Legal aid")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    MASS_ORGANISATION = "mass_org", _("Mass organisation (Women's Union, Youth Union...)")
    TRAINING = "training", _("Vocational training")
    EMPLOYER = "employer", _("Employer or job service")
    FINANCE = "finance", _("Bank or credit scheme")
    SELF_HELP = "self_help", _("Self-help group")
    OTHER = "other", _("Other")


class ServiceProvider(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A SafePath agency: referrals arrive in its inbox. Empty: an outside organisation.
    agency = models.OneToOneField(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider",
        verbose_name=_("SafePath agency"),
    )
    # The agency that keeps this entry up to date (outside organisations); empty: kept nationally.
    keeper_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kept by"),
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=ProviderKind.choices)
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of the main office"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    hotline = models.CharField(_("hotline"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)  # codes from directory.choices
    notes = models.TextField(_("notes"), blank=True)
    # Referrals not answered within this many days raise an alert to the sender.
    response_days = models.PositiveSmallIntegerField(_("answers referrals within (days)"), default=3)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived on save: the Vietnamese name folded (sorts "Đ" with "D" on every database), and the
    # folded words a search matches ("benh vien lao cai" finds "Bệnh viện Đa khoa tỉnh Lào Cai").
    sort_key = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["sort_key", "name_vi"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        indexes = [models.Index(fields=["is_active", "sort_key"], name="provider_active_sort")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = fold(self.name_vi)[:200]
        parts = [self.name_vi, self.name_en, self.address, self.contact_name, self.notes]
        self.search_text = fold(" ".join(p for p in parts if p))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key", "search_text"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi

    @property
    def in_safepath(self) -> bool:
        return self.agency_id is not None


class ProviderService(models.Model):
    """One service a provider offers, where, to whom, in which languages, and how many at a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(ServiceProvider, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    description = models.TextField(_("description"), blank=True)
    provinces = models.ManyToManyField("places.Province", blank=True, related_name="+", verbose_name=_("provinces"))
    nationwide = models.BooleanField(_("nationwide"), default=False)
    # Eligibility: empty means anyone.
    sexes = models.JSONField(_("for"), default=list, blank=True)  # people.Sex values
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    legal_statuses = models.JSONField(_("legal status"), default=list, blank=True)  # cases.LegalStatus values
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people at a time)"), null=True, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Derived on save: the folded description and the service's name in both languages.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["service_type"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        indexes = [models.Index(fields=["service_type", "is_active"])]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.service_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from django.utils.translation import override

        labels = []
        if self.service_type in ServiceType.values:
            for language in ("vi", "en"):
                with override(language):
                    labels.append(str(ServiceType(self.service_type).label))
        self.search_text = fold(" ".join([*labels, self.description or ""]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class StakeholderContact(models.Model):
    """The centres' stakeholder network: a partner's focal point and the last time the centre met them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("kept by"))
    provider = models.ForeignKey(
        ServiceProvider,
        on_delete=models.CASCADE,
        related_name="stakeholder_contacts",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role in the network"), max_length=200, blank=True)
    focal_point = models.CharField(_("focal point"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    agreement = models.CharField(_("agreement (MoU, regulation)"), max_length=300, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider__name_vi"]
        verbose_name = _("stakeholder contact")
        verbose_name_plural = _("stakeholder network")
        constraints = [models.UniqueConstraint(fields=["agency", "provider"], name="stakeholder_once_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.provider_id}"
