"""The weekly schedules of a language run: the leaders' work schedule and the citizen reception
schedule (content/schedules/, one file per week and kind).

- a week's page (article.html with theme/templates/sections/schedules.html): one table per day;
- the schedules home, at the section's address (`/lich-cong-tac/`, `/english/schedules/`): the
  week containing the build's moment for both kinds, the weeks already published for later,
  and the archive of earlier weeks, newest first;
- the home page's compact view of this week's work schedule: today and the days after it.

"This week" is the week of the build's moment (`portal build --as-of`), never of the machine's
clock, so a build for a given moment always shows the same week. The templates receive the
`schedules` object (ScheduleHelpers). A week not translated into the page language is linked
in Vietnamese, and said to be.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_interval
from pelican.generators import Generator

from plugins.core import frontmatter
from plugins.core.agency import Agency, load_agency
from plugins.core.contenttree import confined_file
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.index import ContentIndex
from plugins.core.schema import schema_for
from plugins.core.schema.schedules import KINDS, WORK
from plugins.core.urls import item_path, save_as, section_path

SCHEDULES = "schedules"
TEMPLATE = "schedules_home"
DAYS_IN_WEEK = 7


@dataclass(frozen=True)
class Day:
    """One day of a week with its entries, earliest first: one table."""

    date: dt.date
    entries: list[dict[str, Any]]


@dataclass(frozen=True)
class Week:
    """One published schedule: a kind and a week, in the page language when it is translated,
    else in Vietnamese (`lang` says which)."""

    stem: str
    kind: str
    monday: dt.date
    title: str
    url: str
    lang: str
    entries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=DAYS_IN_WEEK - 1)


@dataclass(frozen=True)
class ArchivedWeek:
    """A week of the archive: its Monday and its schedules, in the order of KINDS."""

    monday: dt.date
    weeks: list[Week]


@dataclass(frozen=True)
class Overview:
    """What the schedules home shows: this week per kind, the weeks published ahead, and the
    earlier weeks, newest first."""

    today: dt.date
    monday: dt.date
    current: dict[str, Week | None]
    upcoming: list[ArchivedWeek]
    archive: list[ArchivedWeek]

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=DAYS_IN_WEEK - 1)


def monday_of(value: dt.date) -> dt.date:
    return value - dt.timedelta(days=value.weekday())


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(AGENCY_TIMEZONE).date()
    return value if isinstance(value, dt.date) else None


def _time_key(entry: dict[str, Any]) -> str:
    return str(entry.get("time", ""))


class ScheduleHelpers:
    """`schedules` in templates, for one language run."""

    def __init__(self, agency: Agency, index: ContentIndex, lang: str, *, siteurl: str,
                 moment: dt.datetime, content_dir: Path) -> None:
        self.agency, self.index, self.lang = agency, index, lang
        self.siteurl, self.moment, self.content_dir = siteurl, moment, content_dir
        self.locale = agency.languages[lang].locale

    # -- the build's week ------------------------------------------------------------------
    @property
    def today(self) -> dt.date:
        """The day of the build's moment, in the agency's time zone."""
        moment = self.moment if self.moment.tzinfo else \
            self.moment.replace(tzinfo=AGENCY_TIMEZONE)
        return moment.astimezone(AGENCY_TIMEZONE).date()

    def weeks(self, articles: Iterable[Any]) -> list[Week]:
        """Every public schedule, newest week first: this run's own versions (`articles`, what
        the run publishes) and, for weeks not translated into its language, the Vietnamese
        original when that is public and not withdrawn."""
        found: dict[str, Week] = {}
        for article in articles:
            if getattr(article, "section", None) != SCHEDULES:
                continue
            meta = article.metadata
            monday = _day(meta.get("week_start"))
            if monday is None:
                continue
            found[article.slug] = Week(
                article.slug, meta.get("kind") or WORK, monday_of(monday), article.title,
                f"{self.siteurl}/{article.url}", self.lang, list(meta.get("entries") or []))
        if self.lang != self.agency.source_language:
            for stem, week in self._originals.items():
                found.setdefault(stem, week)
        return sorted(found.values(), key=lambda week: (week.monday, KINDS.index(week.kind)
                                                        if week.kind in KINDS else 0,
                                                        week.stem), reverse=True)

    @functools.cached_property
    def _originals(self) -> dict[str, Week]:
        """The Vietnamese schedules public at the build's moment and not withdrawn, for the
        runs of other languages."""
        source = self.agency.source_language
        schema = schema_for(SCHEDULES)
        found: dict[str, Week] = {}
        for (section, stem), versions in sorted(self.index.items.items()):
            if section != SCHEDULES or source not in versions or \
                    not self.index.is_live(section, stem, source, self.moment) or \
                    self.index.withdrawn_on(section, stem, source) is not None:
                continue
            try:
                meta = schema.convert_values(frontmatter.read(
                    confined_file(self.content_dir, versions[source].path)).meta)
            except (PortalError, ValueError):
                continue
            monday = _day(meta.get("week_start"))
            if monday is None:
                continue
            found[stem] = Week(
                stem, meta.get("kind") or WORK, monday_of(monday), str(meta.get("title", stem)),
                f"{self.siteurl}/{item_path(self.agency, SCHEDULES, stem, source)}", source,
                list(meta.get("entries") or []))
        return found

    def overview(self, articles: Iterable[Any]) -> Overview:
        weeks = self.weeks(articles)
        monday = monday_of(self.today)
        current: dict[str, Week | None] = dict.fromkeys(KINDS)
        for week in weeks:
            if week.monday == monday and week.kind in current:
                # Prefer the page language, then the latest file of the week.
                chosen = current[week.kind]
                if chosen is None or (chosen.lang != self.lang and week.lang == self.lang):
                    current[week.kind] = week
        shown = {week.stem for week in current.values() if week is not None}
        return Overview(
            today=self.today, monday=monday, current=current,
            upcoming=list(reversed(_by_monday(
                [week for week in weeks if week.monday > monday]))),
            archive=_by_monday([week for week in weeks if week.monday < monday or (
                week.monday == monday and week.stem not in shown)]))

    def current(self, articles: Iterable[Any], kind: str = WORK) -> Week | None:
        return self.overview(articles).current.get(kind)

    # -- one week ----------------------------------------------------------------------------
    @staticmethod
    def days(entries: Iterable[dict[str, Any]]) -> list[Day]:
        """The entries of a week, one Day per date, each earliest first (in the order written
        when two start at the same time)."""
        grouped: dict[dt.date, list[dict[str, Any]]] = {}
        for entry in entries:
            day = _day(entry.get("day"))
            if day is not None:
                grouped.setdefault(day, []).append(entry)
        return [Day(day, sorted(grouped[day], key=_time_key)) for day in sorted(grouped)]

    def remaining_days(self, entries: Iterable[dict[str, Any]]) -> list[Day]:
        """Today and the days after it: what the home page shows of this week."""
        today = self.today
        return [day for day in self.days(entries) if day.date >= today]

    def person(self, person_id: str) -> dict[str, str]:
        """Name and position of a person of agency.yaml, in the page language; an unknown id
        (which the schedule-entry rule reports) is shown as written."""
        person = self.agency.people.get(person_id)
        if person is None:
            return {"name": person_id, "position": ""}
        return {"name": str(person["name"]),
                "position": self.agency.text(person.get("position"), self.lang)}

    def unit_name(self, unit: str | None) -> str:
        if not unit:
            return ""
        return self.agency.unit_name(unit, self.lang) if unit in self.agency.units else unit

    @staticmethod
    def time(value: Any) -> str:
        """'08:00–11:30' with an en dash, however the editor typed the dash."""
        return "–".join(part.strip() for part in str(value or "").replace("–", "-").split("-"))

    @staticmethod
    def monday(value: Any) -> dt.date | None:
        """The Monday of the week of a date (a `week_start`)."""
        day = _day(value)
        return monday_of(day) if day is not None else None

    @staticmethod
    def iso_week(monday: dt.date) -> int:
        return monday.isocalendar().week

    @staticmethod
    def week_datetime(monday: dt.date) -> str:
        """The week as HTML writes a week: '2026-W47'."""
        year, week, _weekday = monday.isocalendar()
        return f"{year:04d}-W{week:02d}"

    def week_range(self, monday: dt.date) -> str:
        """'16 – 22 thg 11, 2026', 'Nov 16 – 22, 2026', '2026年11月16日 – 22日'."""
        return format_interval(monday, monday + dt.timedelta(days=DAYS_IN_WEEK - 1), "yMMMd",
                               locale=self.locale)

    def html_lang(self, lang: str) -> str:
        return self.agency.languages[lang].html_lang


def _by_monday(weeks: list[Week]) -> list[ArchivedWeek]:
    """Weeks (newest first) grouped by their Monday, each group in the order of KINDS."""
    grouped: dict[dt.date, list[Week]] = {}
    for week in weeks:
        grouped.setdefault(week.monday, []).append(week)
    return [ArchivedWeek(monday, sorted(items, key=lambda week: (
        KINDS.index(week.kind) if week.kind in KINDS else len(KINDS), week.stem)))
        for monday, items in grouped.items()]


def install(env: Any, settings: dict[str, Any], agency: Agency, index: ContentIndex,
            moment: dt.datetime) -> ScheduleHelpers:
    """Give the templates `schedules`."""
    helpers = ScheduleHelpers(agency, index, settings["PORTAL_LANG"],
                              siteurl=settings["SITEURL"], moment=moment,
                              content_dir=Path(settings["PATH"]))
    env.globals.update(schedules=helpers)
    return helpers


def write_schedules_home(generator: Generator, writer: Any, items: list[Any]) -> None:
    """The schedules home of the run's language at the section's address: this week, the
    weeks ahead, the archive (plugins/portal_site/listings.py calls it in place of a plain
    listing)."""
    agency = load_agency(Path(generator.settings["PATH"]))
    lang = generator.settings["PORTAL_LANG"]
    helpers: ScheduleHelpers = generator.env.globals["schedules"]
    path = section_path(agency, SCHEDULES, lang)
    writer.write_file(save_as(path), generator.get_template(TEMPLATE), generator.context,
                      template_name=TEMPLATE, url=path, page_path=path,
                      section=SCHEDULES, overview=helpers.overview(items))
