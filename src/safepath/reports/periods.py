"""Reporting periods: a month, a quarter, a year, or a span of days, as people write them.

``Period.parse`` reads ``2026-10`` or ``10/2026`` (a month), ``2026Q4`` or ``Q4/2026`` (a quarter),
``2026`` (a year) and ``01/10/2026-15/10/2026`` (days, Vietnamese order). Labels follow the page's
language: "Tháng 10/2026", "Quý IV/2026", "Năm 2026"; "October 2026", "Q4 2026", "2026".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from django.utils.translation import gettext as _

PeriodKind = Literal["month", "quarter", "year", "days"]
ROMAN: Final = ("I", "II", "III", "IV")
MAX_DAYS: Final = 366 * 11  # a span longer than the two programmes together is a typing mistake

_MONTH = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})[/.-](\d{4})")
_QUARTER = re.compile(r"(\d{4})\s*-?\s*[Qq]([1-4])|[Qq]([1-4])\s*[/ -]\s*(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_DAYS = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*(?:-|–|→|đến|to)\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: PeriodKind = "days"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(_("The period ends before it starts."))
        if (self.end - self.start).days > MAX_DAYS:
            raise ValueError(_("The period is too long: choose at most ten years."))

    # --- constructors -----------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return cls(dt.date(year, first, 1), dt.date(year, first + 2, last), "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    @classmethod
    def last_full_month(cls, today: dt.date) -> Period:
        first = today.replace(day=1) - dt.timedelta(days=1)
        return cls.month(first.year, first.month)

    @classmethod
    def of_kind(cls, kind: str, day: dt.date) -> Period:
        """The month, quarter or year that holds ``day``."""
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "year":
            return cls.year(day.year)
        raise ValueError(f"period kind {kind!r} is not month, quarter or year")

    @classmethod
    def parse(cls, text: str) -> Period:
        """A period from what a person types; ValueError (translated) when it cannot be read."""
        value = (text or "").strip()
        try:
            if m := _DAYS.fullmatch(value):
                d1, m1, y1, d2, m2, y2 = (int(g) for g in m.groups())
                return cls(dt.date(y1, m1, d1), dt.date(y2, m2, d2), "days")
            if m := _QUARTER.fullmatch(value):
                year, quarter = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
                return cls.quarter(_year(year), int(quarter))
            if m := _MONTH.fullmatch(value):
                year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
                if not 1 <= int(month) <= 12:
                    raise ValueError
                return cls.month(_year(year), int(month))
            if m := _YEAR.fullmatch(value):
                return cls.year(_year(m.group(1)))
        except ValueError as exc:
            if exc.args and isinstance(exc.args[0], str) and exc.args[0]:
                raise
        raise ValueError(
            _(
                "“%(value)s” is not a period. Write a month (10/2026), a quarter (Q4/2026), a year (2026) or days (01/10/2026-15/10/2026)."
            )
            % {"value": value[:40]}
        )

    # --- properties -------------------------------------------------------------------------------
    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        """A stable text form that `parse` reads back: ``2026-10``, ``2026Q4``, ``2026``, or the days."""
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year:04d}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.start.year:04d}"
        return f"{self.start:%d/%m/%Y}-{self.end:%d/%m/%Y}"

    @property
    def text(self) -> str:
        """As a user writes it in a form, which `parse` reads back: ``10/2026``, ``Q4/2026``, ``2026``."""
        if self.kind == "month":
            return f"{self.start.month:02d}/{self.start.year:04d}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year:04d}"
        return self.code

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Month %(month)s/%(year)s") % {"month": self.start.month, "year": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(q)s/%(year)s") % {"q": ROMAN[(self.start.month - 1) // 3], "year": self.start.year}
        if self.kind == "year":
            return _("Year %(year)s") % {"year": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def whole_months(self) -> bool:
        """Whether the period starts on the 1st and ends on the last day of a month."""
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1

    def check_releasable(self) -> None:
        """ValueError (translated) unless figures with small cells hidden may be given for this period.

        Hidden cells are protected against the figures of each month (`safepath.reports.publish`);
        two overlapping spans of days (1-15 and 1-16 October) could be subtracted to count one day.
        """
        if not self.whole_months:
            raise ValueError(
                _(
                    "Figures with small cells hidden are given for whole months only: two overlapping "
                    "spans of days could be subtracted to count a few people. Choose whole months, e.g. "
                    "%(example)s."
                )
                % {"example": f"01/{self.start:%m/%Y}-{_month_end(self.end):%d/%m/%Y}"}
            )

    def previous(self) -> Period:
        """The period of the same kind just before (a span of days: as many whole months, or days)."""
        if self.kind in ("month", "quarter", "year"):
            return Period.of_kind(self.kind, self.start - dt.timedelta(days=1))
        if self.whole_months:
            start = self.start
            for _i in self.months():
                start = (start - dt.timedelta(days=1)).replace(day=1)
            return Period(start, self.start - dt.timedelta(days=1), "days")
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1), "days")

    def following(self) -> Period:
        """The period of the same kind just after (a span of days: as many whole months, or days)."""
        if self.kind in ("month", "quarter", "year"):
            return Period.of_kind(self.kind, self.end + dt.timedelta(days=1))
        start = self.end + dt.timedelta(days=1)
        if self.whole_months:
            end = start
            for _i in self.months():
                end = _month_end(end) + dt.timedelta(days=1)
            return Period(start, end - dt.timedelta(days=1), "days")
        return Period(start, self.end + dt.timedelta(days=self.days), "days")

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return out

    def dhis2(self) -> str:
        """DHIS2's period for a month, quarter or year (``202610``, ``2026Q4``, ``2026``)."""
        if self.kind == "month":
            return f"{self.start.year:04d}{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year:04d}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.start.year:04d}"
        raise ValueError("DHIS2 takes monthly, quarterly or yearly figures; choose a month, a quarter or a year")


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _year(text: str) -> int:
    year = int(text)
    if not 2000 <= year <= 2100:
        raise ValueError(_("The year %(year)s is out of range.") % {"year": year})
    return year
