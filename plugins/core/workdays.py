"""Vietnamese working days, the unit of every time limit in the regulation (003 Đ9).

Monday to Friday, minus public holidays (the `holidays` package), minus the official swapped days
off, plus the make-up working Saturdays, the last two from `content/_config/calendar.yaml`,
which an editor extends each year. Counting across Tết, Hùng Kings day, 30/4-1/5 and 2/9 by hand
is where people get deadlines wrong; everything that counts days goes through this module.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import holidays

from plugins.core.configfiles import load_config
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.i18n import _, current_language

CALENDAR_FILE = "calendar.yaml"
SATURDAY = 5


@dataclass(frozen=True)
class OfficeHours:
    opens: dt.time
    closes: dt.time

    @property
    def day(self) -> dt.timedelta:
        return dt.datetime.combine(dt.date.min, self.closes) - dt.datetime.combine(
            dt.date.min, self.opens)


@dataclass
class WorkingCalendar:
    """Which days are working days, and arithmetic in working days."""

    days_off: dict[dt.date, str] = field(default_factory=dict)
    working_days: dict[dt.date, str] = field(default_factory=dict)
    not_holidays: frozenset[dt.date] = frozenset()
    known_years: frozenset[int] = frozenset()
    office_hours: OfficeHours | None = None
    years_without_overrides: set[int] = field(default_factory=set)
    _counts: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def _public(self) -> holidays.HolidayBase:
        language = "vi" if current_language() == "vi" else "en_US"
        return holidays.country_holidays("VN", language=language)

    def _note_year(self, day: dt.date) -> None:
        if day.year not in self.known_years:
            self.years_without_overrides.add(day.year)

    def reason_closed(self, day: dt.date) -> str | None:
        """Why `day` is not a working day (holiday name, swap, weekend), or None if it is one."""
        self._note_year(day)
        if day in self.working_days:
            return None
        if day in self.days_off:
            return self.days_off[day]
        holiday = self._public.get(day) if day not in self.not_holidays else None
        if holiday:
            return str(holiday)
        if day.weekday() >= SATURDAY:
            return _("Saturday") if day.weekday() == SATURDAY else _("Sunday")
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.reason_closed(day) is None

    def add(self, day: dt.date, count: int) -> dt.date:
        """The date `count` working days after `day` (`day` itself does not count); with a
        count of 0, `day` if it is a working day, else the next one."""
        if count < 0:
            raise ValueError(count)
        current = day
        if count == 0:
            while not self.is_working_day(current):
                current += dt.timedelta(days=1)
            return current
        while count:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count -= 1
        return current

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is
        earlier. `between(d, add(d, n)) == n` for every n >= 1.

        Uses cumulative counts per year, so it takes the same time for dates years apart, and
        looks only at the years from `start` to `end`.
        """
        if end < start:
            return -self.between(end, start)
        if start.year == end.year:
            return self._count_to(end) - self._count_to(start)
        whole_years = sum(self._year_counts(year)[-1] for year in range(start.year + 1,
                                                                          end.year))
        return (self._year_counts(start.year)[-1] - self._count_to(start)) + whole_years + \
            self._count_to(end)

    def _count_to(self, day: dt.date) -> int:
        """Working days from 1 January of `day`'s year up to and including `day`."""
        return self._year_counts(day.year)[day.timetuple().tm_yday - 1]

    def _year_counts(self, year: int) -> list[int]:
        """Cumulative working days of each day of `year` (index 0 is 1 January)."""
        if year not in self._counts:
            counts, total, day = [], 0, dt.date(year, 1, 1)
            while day.year == year:
                total += self.is_working_day(day)
                counts.append(total)
                day += dt.timedelta(days=1)
            self._counts[year] = counts
        return self._counts[year]

    def clock_start(self, moment: dt.datetime, *, office_hours: bool = False) -> dt.datetime:
        """When the clock starts for something that arrived at `moment`: under an office-hours
        rule, at opening time of the next working day if it arrived outside office hours."""
        local = moment.astimezone(AGENCY_TIMEZONE)
        hours = self.office_hours if office_hours else None
        if hours is None:
            return local
        day = local.date()
        if self.is_working_day(day) and local.time() < hours.opens:
            return _at(day, hours.opens)
        if self.is_working_day(day) and local.time() < hours.closes:
            return local
        return _at(self.add(day, 1), hours.opens)

    def due(self, moment: dt.datetime, count: int, *, office_hours: bool = False) -> dt.datetime:
        """The end of a period of `count` working days that starts at `moment`.

        Without office hours, the end of the `count`-th working day after the day it started.
        Under an office-hours rule the clock runs only while the office is open, so something
        that arrives on Friday evening with 5 days to go is due at closing time next Friday.
        """
        start = self.clock_start(moment, office_hours=office_hours)
        hours = self.office_hours if office_hours else None
        if hours is None:
            return _at(self.add(start.date(), count), dt.time(23, 59, 59))
        remaining = hours.day * count
        current = start
        while True:
            closing = _at(current.date(), hours.closes)
            available = closing - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = _at(self.add(current.date(), 1), hours.opens)


def missing_year_message(year: int) -> str:
    """What to tell an editor when counting reached a year the override file does not cover."""
    return _("content/_config/calendar.yaml has no entry for {year}: add its official swapped "
             "days off and make-up Saturdays (or '{year}: {{}}' if there are none)").format(
                 year=year)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=AGENCY_TIMEZONE)


def _entries(items: list[dict[str, Any]]) -> dict[dt.date, str]:
    return {item["date"]: item.get("name", "") for item in items}


def _parse(_path: Path, data: dict[str, Any]) -> WorkingCalendar:
    """`data` passed the schema of calendar.yaml (plugins/core/config_schemas.py): dates are
    dates, office hours are times, every year has its three lists."""
    years = data["years"]
    calendar = WorkingCalendar(known_years=frozenset(years))
    for overrides in years.values():
        calendar.days_off.update(_entries(overrides["days_off"]))
        calendar.working_days.update(_entries(overrides["working_days"]))
        calendar.not_holidays |= frozenset(_entries(overrides["not_holidays"]))
    hours = data.get("office_hours")
    if hours is not None:
        calendar.office_hours = OfficeHours(hours["opens"], hours["closes"])
    return calendar


def load_calendar(content_dir: Path) -> WorkingCalendar:
    """The calendar of `content_dir`; a fresh object each call so warnings are per run."""
    cached = load_config(content_dir, CALENDAR_FILE, _parse)
    return WorkingCalendar(days_off=cached.days_off, working_days=cached.working_days,
                           not_holidays=cached.not_holidays, known_years=cached.known_years,
                           office_hours=cached.office_hours)
