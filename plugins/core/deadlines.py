"""The legal time limits of each item, in working days (003 Đ9; other agencies' profiles).

Rules are configuration (`content/_config/deadlines.yaml`): which items a rule applies to, the
front-matter date that starts the clock, the one that stops it, and how many working days lie
between. This module evaluates them for one item (the build shows them on pages and in the
dashboard) or for the whole tree (`portal deadlines`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from plugins.core.agency import Agency, load_agency
from plugins.core.configfiles import load_config
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import ContentIndex, build_index
from plugins.core.schema import schema_for
from plugins.core.translations import original_revised
from plugins.core.workdays import WorkingCalendar, load_calendar

DEADLINES_FILE = "deadlines.yaml"
PUBLICATION = "date"
WITHDRAWAL = "withdrawn"


class Status(StrEnum):
    OVERDUE = "overdue"
    OPEN = "open"
    STALE = "stale"
    LATE = "late"
    MET = "met"


URGENCY = {Status.OVERDUE: 0, Status.OPEN: 1, Status.STALE: 2, Status.LATE: 3, Status.MET: 4}


@dataclass(frozen=True)
class Rule:
    id: str
    title: Mapping[str, str] | str
    clause: str
    group: str
    start: str
    stops: tuple[str, ...]  # the first of these dates to be present stops the clock
    working_days: int | None
    due_field: str | None  # a date the item itself sets as due (a notice's promised date)
    office_hours: bool
    section: str | None
    category: str | None
    flag: str | None
    fields: Mapping[str, Any]

    def applies(self, section: str, values: Mapping[str, Any]) -> bool:
        if self.section and section != self.section:
            return False
        if self.category and values.get("category") != self.category:
            return False
        if self.flag and values.get(self.flag) in (None, False, ""):
            return False
        return all(values.get(key) == value for key, value in self.fields.items())


@dataclass(frozen=True)
class Profile:
    name: str
    title: Mapping[str, str] | str
    tracked_from: dt.date
    rules: tuple[Rule, ...]

    def rules_for(self, section: str, values: Mapping[str, Any]) -> list[Rule]:
        """Every rule that applies; in a group, only the first one."""
        chosen, groups = [], set()
        for rule in self.rules:
            if rule.group not in groups and rule.applies(section, values):
                chosen.append(rule)
                groups.add(rule.group)
        return chosen


@dataclass(frozen=True)
class Deadline:
    """One clock of one item: when it started, when it is due, and where it stands."""

    rule: Rule
    started: dt.datetime
    due: dt.datetime
    stopped: dt.datetime | None
    status: Status
    days: int  # late by, due in, or overdue by that many working days (0 when met on time)
    taken: int | None  # working days from start to stop, once stopped


def _rule(data: Mapping[str, Any]) -> Rule:
    applies = data["applies_to"]
    return Rule(
        id=data["id"], title=data.get("title", {"vi": data["id"]}), clause=data["clause"],
        group=data.get("group", data["id"]), start=data["start"], stops=tuple(data["stop"]),
        working_days=data.get("working_days"), due_field=data.get("due"),
        office_hours=data["office_hours"],
        section=applies.get("section"), category=applies.get("category"),
        flag=applies.get("flag"), fields=applies["fields"])


@dataclass(frozen=True)
class _Profiles:
    path: Path
    data: dict[str, Any]


def load_profile(content_dir: Path, name: str | None = None) -> Profile:
    """The named profile of deadlines.yaml, or the one it says is in force."""
    profiles = load_config(content_dir, DEADLINES_FILE, _Profiles)
    return _profile(profiles.path, profiles.data, name)


def _profile(path: Path, data: dict[str, Any], name: str | None) -> Profile:
    """`data` passed the schema of deadlines.yaml (plugins/core/config_schemas.py): only a name
    asked for on the command line can be unknown."""
    name = name or data["profile"]
    profiles = data["profiles"]
    if name not in profiles:
        raise PortalError(_("there is no deadline profile '{name}'; profiles: {names}").format(
            name=name, names=", ".join(profiles)), path)
    profile = profiles[name]
    return Profile(name=name, title=profile.get("title", {"vi": name}),
                   tracked_from=profile["tracked_from"],
                   rules=tuple(_rule(rule) for rule in profile["rules"]))


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(AGENCY_TIMEZONE)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=AGENCY_TIMEZONE)
    return None


def is_withdrawn(values: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether the item was withdrawn by `as_of`: nothing more is owed on it then, neither a
    publication nor an answer nor an updated translation."""
    withdrawn = _moment(values.get(WITHDRAWAL))
    return withdrawn is not None and withdrawn.date() <= as_of


def evaluate(profile: Profile, calendar: WorkingCalendar, section: str,
             values: Mapping[str, Any], as_of: dt.date) -> list[Deadline]:
    """The deadlines of one item, from its converted front-matter values, as of a date.

    A clock still running when the item was withdrawn is dropped, not shown as overdue: what
    it waited for will never come. Clocks that stopped before stay, as the item's record."""
    deadlines = []
    withdrawn = is_withdrawn(values, as_of)
    for rule in profile.rules_for(section, values):
        started = _moment(values.get(rule.start))
        if started is None or started.date() < profile.tracked_from:
            continue
        due = _due(rule, calendar, started, values)
        if due is None:
            continue
        stopped = _stopped(rule, values)
        if stopped is not None and stopped.date() > as_of:
            stopped = None  # not yet, as of that date
        if stopped is None and withdrawn:
            continue
        if stopped is None:
            status = Status.OVERDUE if as_of > due.date() else Status.OPEN
            days = calendar.between(due.date(), as_of) if status is Status.OVERDUE else \
                calendar.between(as_of, due.date())
            taken = None
        else:
            status = Status.MET if stopped <= due else Status.LATE
            days = calendar.between(due.date(), stopped.date()) if status is Status.LATE else 0
            taken = calendar.between(started.date(), stopped.date())
        deadlines.append(Deadline(rule, started, due, stopped, status, days, taken))
    return deadlines


def _due(rule: Rule, calendar: WorkingCalendar, started: dt.datetime,
         values: Mapping[str, Any]) -> dt.datetime | None:
    """When the clock runs out: working days after the start, or the end of the day the item
    names (a processing notice promises an answer by a date; 003 Đ9.7, 004 Đ12.6c)."""
    if rule.working_days is not None:
        return calendar.due(started, rule.working_days, office_hours=rule.office_hours)
    named = _moment(values.get(rule.due_field or ""))
    return None if named is None else named.replace(hour=23, minute=59, second=59)


def _stopped(rule: Rule, values: Mapping[str, Any]) -> dt.datetime | None:
    """The earliest of the stop dates present; publication counts only once published."""
    moments = []
    for stop in rule.stops:
        moment = _moment(values.get(stop))
        if stop == PUBLICATION and values.get("status") == "draft":
            moment = None
        if moment is not None:
            moments.append(moment)
    return min(moments, default=None)


@dataclass(frozen=True)
class Row:
    """One line of the deadline table: a clock of an item, or a stale translation."""

    path: str
    section: str
    stem: str
    lang: str
    title: str
    unit: str
    status: Status
    days: int
    what: str  # the rule's title, or "translation"
    rule: str | None  # the rule's id (the compliance page counts by it); None for a translation
    clause: str
    started: dt.datetime | None
    due: dt.datetime | None
    stopped: dt.datetime | None

    @property
    def urgency(self) -> tuple[int, int]:
        """Overdue first (most overdue first), then open (soonest first), stale, late, met."""
        order = URGENCY[self.status]
        return (order, -self.days if self.status in (Status.OVERDUE, Status.STALE) else
                self.days)


@dataclass
class DeadlineTable:
    rows: list[Row]
    calendar: WorkingCalendar
    profile: Profile
    as_of: dt.date

    def missing_years(self) -> list[int]:
        """Years the computation touched that have no calendar overrides yet."""
        return sorted(year for year in self.calendar.years_without_overrides
                      if year >= self.profile.tracked_from.year)


def deadline_table(content_dir: Path, as_of: dt.date, *, profile_name: str | None = None,
                   lang: str = "vi", index: ContentIndex | None = None) -> DeadlineTable:
    """Every tracked clock and every stale translation of the content tree, most urgent first.

    Front matter comes from `index`, which a build has already read for its language switcher
    and publication states: the table reads no file a second time."""
    agency: Agency = load_agency(content_dir)
    profile = load_profile(content_dir, profile_name)
    calendar = load_calendar(content_dir)
    index = index or build_index(content_dir, agency)
    rows: list[Row] = []
    for (section, stem), versions in index.items.items():
        source_name = versions[agency.source_language]
        try:
            original = index.document(source_name.path)
        except PortalError:
            continue  # `portal check` reports unreadable files
        values = schema_for(section).convert_values(original.meta)
        common = {"section": section, "stem": stem, "unit": str(values.get("unit", ""))}
        for deadline in evaluate(profile, calendar, section, values, as_of):
            rows.append(Row(path=f"content/{source_name.path.as_posix()}", lang=source_name.lang,
                            title=str(values.get("title", stem)), status=deadline.status,
                            days=deadline.days, what=agency.text(deadline.rule.title, lang),
                            rule=deadline.rule.id, clause=deadline.rule.clause,
                            started=deadline.started, due=deadline.due, stopped=deadline.stopped,
                            **common))
        if is_withdrawn(values, as_of):
            continue  # a withdrawn item's translations are not brought up to date either
        for translation_lang, name in versions.items():
            if translation_lang == agency.source_language:
                continue
            try:
                translation = index.document(name.path)
            except PortalError:
                continue
            revised = original_revised(translation, original, section)
            if revised is None:
                continue
            since = _moment(revised)
            days = calendar.between(revised, as_of)
            rows.append(Row(path=f"content/{name.path.as_posix()}", lang=translation_lang,
                            title=str(translation.meta.get("title", stem)), status=Status.STALE,
                            days=max(days, 0), what=_("translation"), rule=None,
                            clause="003 Đ9.6", started=since, due=None, stopped=None, **common))
    rows.sort(key=lambda row: (*row.urgency, row.path))
    return DeadlineTable(rows=rows, calendar=calendar, profile=profile, as_of=as_of)
