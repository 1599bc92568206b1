"""Places: the 34 provinces and their communes since 1 July 2025, the 63 former provinces with
the crosswalk to the new ones, destination countries and the 54 ethnic groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province or centrally-run city as it exists since 1 July 2025 (Resolution 202/2025/QH15)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    is_city = models.BooleanField(_("centrally-run city"), default=False)
    sort_key = models.CharField(max_length=100, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    """A commune, ward or special zone (xã, phường, đặc khu) under the two-tier system of 2025."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")
    sort_key = models.CharField(max_length=120, editable=False, default="")

    class Meta:
        ordering = ["province", "sort_key"]
        verbose_name = _("commune / ward")
        verbose_name_plural = _("communes / wards")

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provinces that existed until 30 June 2025, and the 2025 province it joined."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    successor = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="legacy_provinces", verbose_name=_("merged into")
    )
    sort_key = models.CharField(max_length=100, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("former province")
        verbose_name_plural = _("former provinces")

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """An ISO 3166-1 country, with its Vietnamese name."""

    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    is_common_destination = models.BooleanField(default=False)
    # name_vi folded (Đ -> d, no diacritics): "Úc", "Đức" and "Ả Rập Xê Út" sort with U, D and A
    # on every database, not after Z as a plain ORDER BY name_vi does on SQLite.
    sort_key = models.CharField(max_length=120, editable=False, default="")

    class Meta:
        ordering = ["-is_common_destination", "sort_key"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name_vi


class Ethnicity(models.Model):
    """One of Viet Nam's 54 recognised ethnic groups (GSO code list)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")

    def __str__(self) -> str:
        return self.name_vi
