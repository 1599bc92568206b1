"""Code lists of the outreach records: kinds of event, the participant grid (sex x age group), kinds of
material and of stock movement."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutreachEventKind(models.TextChoices):
    POLICY_DIALOGUE = "policy_dialogue", _("Policy dialogue")
    TRAINING_NGO = "training_ngo", _("Training for NGOs")
    TRAINING_FRONTLINE = "training_frontline", _("Training for frontline staff")
    COMMUNITY_SESSION = "community_session", _("Community awareness session")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")


# Trainings register their participants by name, with pre- and post-test scores.
TRAINING_KINDS = frozenset({OutreachEventKind.TRAINING_NGO, OutreachEventKind.TRAINING_FRONTLINE})


class OutreachSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not said")


class OutreachAgeGroup(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    A18_24 = "18_24", _("18–24")
    A25_34 = "25_34", _("25–34")
    A35_49 = "35_49", _("35–49")
    A50_PLUS = "50p", _("50 and over")


class OutreachMaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    BROCHURE = "brochure", _("Brochure or leaflet")
    HANDBOOK = "handbook", _("Handbook")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    FILE = "file", _("File")


class StockMovementKind(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("stock movement", "Received")
    EVENT = "event", pgettext_lazy("stock movement", "Handed out at an event")
    HANDED_OUT = "handed_out", pgettext_lazy("stock movement", "Handed out otherwise")
    CORRECTION = "correction", pgettext_lazy("stock movement", "Correction")


# Movements that count as distribution (what reached people).
DISTRIBUTION_KINDS = frozenset({StockMovementKind.EVENT, StockMovementKind.HANDED_OUT})


def cell_key(sex: str, age: str) -> str:
    """The name of one cell of the participant grid in a form or an API body: `female_18_24`."""
    return f"{sex}_{age}"


CELLS: list[tuple[str, str]] = [(s, a) for s in OutreachSex.values for a in OutreachAgeGroup.values]


class StockEntryKind(models.TextChoices):
    """The movements recorded on a material's stock directly (handing out at an event goes through the event)."""

    RECEIVED = "received", pgettext_lazy("stock movement", "Received")
    HANDED_OUT = "handed_out", pgettext_lazy("stock movement", "Handed out otherwise")
    CORRECTION = "correction", pgettext_lazy("stock movement", "Correction")
