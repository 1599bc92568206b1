"""Persons: the people SafePath serves. Everything that identifies them is encrypted.

Plain columns hold only what statistics and access rules need and what does not identify a
person on its own: sex, birth year, ethnic group, province and commune of origin, languages,
the registering agency. Names, date of birth, phone, e-mail, ID number and address are
AES-GCM encrypted; exact look-ups go through HMAC blind indexes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safepath.core.fields import EncryptedJSONField, EncryptedTextField

# Languages a person speaks (ISO 639 codes), offered on the form and checked by the service.
LANGUAGE_CHOICES = [
    ("vi", _("Vietnamese")),
    ("hmn", _("Hmong")),
    ("km", _("Khmer")),
    ("blt", _("Tai Dam (Black Tai)")),
    ("tyz", _("Tày")),
    ("nut", _("Nùng")),
    ("ium", _("Dao (Iu Mien)")),
    ("mtq", _("Mường")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("th", _("Thai")),
    ("lo", _("Lao")),
    ("ms", _("Malay")),
    ("other", _("Other")),
]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class DatePrecision(models.TextChoices):
    DAY = "day", _("full date")
    MONTH = "month", _("month and year")
    YEAR = "year", _("year only")
    UNKNOWN = "unknown", _("not known")


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Identity (encrypted)
    family_name = EncryptedTextField(_("family name"))
    middle_name = EncryptedTextField(_("middle name"))
    given_name = EncryptedTextField(_("given name"))
    aliases = EncryptedJSONField(_("other names"))
    birth_date = EncryptedTextField(_("date of birth"))  # ISO, possibly partial: 1990 / 1990-05 / 1990-05-12
    phone = EncryptedTextField(_("phone"))  # E.164
    email = EncryptedTextField(_("e-mail"))
    id_number = EncryptedTextField(_("ID number (CCCD)"))
    address = EncryptedTextField(_("address (house, street, village)"))
    # Blind indexes (HMAC of the normalised value): exact look-ups without decrypting
    full_name_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Plain attributes (not identifying on their own; needed for rules and statistics)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    ethnicity = models.ForeignKey(
        "places.Ethnicity", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ethnic group")
    )
    origin_province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of origin"),
    )
    origin_ward = models.ForeignKey(
        "places.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune / ward of origin"),
    )
    origin_legacy_province = models.ForeignKey(
        "places.LegacyProvince",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("former province of origin (before July 2025)"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Ownership and bookkeeping
    registered_by_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="persons", verbose_name=_("registered by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["registered_by_agency", "-created_at"], name="person_agency_recent")]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in change logs, error reports and admin messages.
        return f"person {str(self.id)[:8]}"

    @property
    def full_name(self) -> str:
        """Vietnamese order: family, middle, given."""
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


class NameTokenKind(models.TextChoices):
    NAME = "name", "name"
    ALIAS = "alias", "alias"


class PersonNameToken(models.Model):
    """Blind index of each folded word of a person's names, for diacritics-insensitive search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=5, choices=NameTokenKind.choices, default=NameTokenKind.NAME)

    class Meta:
        ordering = ["person", "token"]
        constraints = [models.UniqueConstraint(fields=["person", "token", "kind"], name="unique_person_token")]

    def __str__(self) -> str:
        return self.token


class MatchKeyKind(models.TextChoices):
    """Kinds of duplicate-check blocking key (see people.matching)."""

    GIVEN_YEAR = "gy", "given name + birth year + family initial"
    GIVEN_FAMILY_YEAR = "gfy", "given name (or one letter less) + family name + birth year"
    GIVEN_FAMILY = "gf", "given name + family name"
    BIRTH_DATE = "dob", "date of birth"
    PHONE = "phone", "phone"
    ID_NUMBER = "id", "ID number"


class PersonMatchKey(models.Model):
    """One blocking key of the duplicate check, as a blind index (HMAC), never plaintext.

    Keys of different kinds are HMACs under different purposes (``person.match.<kind>``), so a
    look-up by key alone cannot confuse kinds; the index on (key, person) answers the look-up and
    the join to the person without reading the table.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    kind = models.CharField(max_length=5, choices=MatchKeyKind.choices)
    key = models.CharField(max_length=64)

    class Meta:
        ordering = ["person", "kind"]
        indexes = [models.Index(fields=["key", "person"], name="person_match_key")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key[:8]}"
