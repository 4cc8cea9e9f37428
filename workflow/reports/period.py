"""The period a report covers: a month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`),
as the agency reports to the provincial People's Committee office (003 Đ4.6, Đ14.3; 004 Đ15.3).

A period is a closed range of local dates; every figure of a report counts what happened on
those days, so the same period gives the same figures whenever the report is made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from plugins.core.errors import PortalError
from plugins.core.i18n import _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
_PATTERNS = (
    (MONTH, re.compile(r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])")),
    (QUARTER, re.compile(r"(?P<year>\d{4})-Q(?P<quarter>[1-4])")),
    (YEAR, re.compile(r"(?P<year>\d{4})")),
)


@dataclass(frozen=True)
class Period:
    """`label` as written on the command line; `first` and `last` day, both included."""

    label: str
    kind: str
    first: dt.date
    last: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def months(self) -> list[Period]:
        """The months of the period, in order (a month is its own only month)."""
        months, day = [], self.first
        while day <= self.last:
            months.append(parse_period(f"{day.year}-{day.month:02d}"))
            day = _month_after(day)
        return months


def parse_period(text: str) -> Period:
    """The period `text` names; a PortalError saying the three forms otherwise."""
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(text.strip())
        if match is None:
            continue
        year = int(match["year"])
        if kind == MONTH:
            first = dt.date(year, int(match["month"]), 1)
            last = _month_after(first) - dt.timedelta(days=1)
        elif kind == QUARTER:
            first = dt.date(year, 3 * int(match["quarter"]) - 2, 1)
            last = _month_after(_month_after(_month_after(first))) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return Period(label=text.strip(), kind=kind, first=first, last=last)
    raise PortalError(_("'{text}' is not a period: write a month (2026-11), a quarter "
                        "(2026-Q4) or a year (2026)").format(text=text))


def _month_after(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
