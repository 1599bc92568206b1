"""Dates as Vietnamese users write them: day first (12/05/1990), often only a year (1990)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

_SEP = r"[/\-. ]"
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$")
_MY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_Y = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDateError(ValueError):
    pass


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """12/05/1990, 05/1990 or 1990."""
        if self.day and self.month:
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        if self.month:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate | None:
        m = _ISO.match(text or "")
        if not m:
            return None
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)


def parse_partial_date(text: str, *, today: date | None = None) -> PartialDate:
    """Parse '12/05/1990', '12-5-1990', '05/1990', '1990' or ISO '1990-05-12'.

    Raises PartialDateError with a message that says what to type.
    """
    raw = (text or "").strip()
    today = today or timezone.localdate()
    m = _ISO.match(raw) if "-" in raw and raw[:4].isdigit() else None
    if m:
        y, mo, d = (int(g) if g else None for g in m.groups())
    elif m := _DMY.match(raw):
        d, mo, y = (int(g) for g in m.groups())
    elif m := _MY.match(raw):
        mo, y = (int(g) for g in m.groups())
        d = None
    elif m := _Y.match(raw):
        y, mo, d = int(m.group(1)), None, None
    else:
        raise PartialDateError(
            _("Write the date as day/month/year (12/05/1990), month/year (05/1990) or just the year (1990).")
        )
    assert y is not None
    if y < 1900 or y > today.year:
        raise PartialDateError(_("The year must be between 1900 and this year."))
    if mo is not None and not 1 <= mo <= 12:
        raise PartialDateError(_("The month must be between 1 and 12."))
    if d is not None:
        try:
            value = date(y, mo or 1, d)
        except ValueError as exc:
            raise PartialDateError(_("This day does not exist in that month.")) from exc
        if value > today:
            raise PartialDateError(_("The date of birth cannot be in the future."))
    return PartialDate(y, mo, d)
