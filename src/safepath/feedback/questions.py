"""The five questions in plain language, each with its 1-5 answers spelled out (no faces, no emoji)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

AGREE = [
    (1, _("Not at all")),
    (2, _("A little")),
    (3, _("Partly")),
    (4, _("Mostly")),
    (5, _("Completely")),
]
RECOMMEND = [
    (1, _("Certainly not")),
    (2, _("Probably not")),
    (3, _("Not sure")),
    (4, _("Probably yes")),
    (5, _("Certainly yes")),
]

# (key, question, answers), in the order the form asks them.
QUESTIONS: list[tuple[str, Any, list[tuple[int, Any]]]] = [
    ("respect", _("Did the staff treat you with respect?"), AGREE),
    ("needs_met", _("Did you get the help you needed?"), AGREE),
    ("safe", _("Did you feel safe there?"), AGREE),
    ("information", _("Was what they told you clear?"), AGREE),
    ("recommend", _("Would you tell a friend in your situation to go there?"), RECOMMEND),
]
# Short names for tables.
SHORT = {
    "respect": _("Respect"),
    "needs_met": _("Got what was needed"),
    "safe": _("Felt safe"),
    "information": _("Clear information"),
    "recommend": _("Would recommend"),
}
