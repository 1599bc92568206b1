"""Every user-facing string has its Vietnamese and English translation, and the compiled catalogues
that ship (a fresh machine has no gettext tools) match the sources."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_is_complete(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    active = [e for e in po if not e.obsolete]
    assert len(active) > 100
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {lang}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compiled_catalogue_matches_the_source(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
        elif entry.msgctxt:
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, f"stale .mo for {entry.msgid!r}: run make messages"


def test_vietnamese_keeps_placeholders():
    import re

    po = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    pattern = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")
    for entry in po.translated_entries():
        source = sorted(pattern.findall(entry.msgid))
        target = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        assert sorted(pattern.findall(target)) == source, entry.msgid
