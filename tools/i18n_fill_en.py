"""The English catalogue is the source text: copy every msgid into its msgstr (run by `make messages`)."""

from pathlib import Path

import polib

path = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(path))
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
po.save()
print(f"English catalogue: {len([e for e in po if not e.obsolete])} entries")
