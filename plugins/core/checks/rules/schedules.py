"""A weekly schedule holds together: its week starts on a Monday, every entry falls within that
week at a time of the shape '08:00' or '08:00–11:30', and names people of agency.yaml. A
translation keeps the days, times, people and units of its original and translates the
activities.

Types, required keys and the units of entries are the schema's (`field-type`,
`required-field`, `vocabulary`); this rule judges what the schema cannot: how an entry relates
to its week and to agency.yaml. Each finding names the line of the entry, not only the line of
`entries`, since a week has tens of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator, Iterator
from typing import Any

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.dates import parse_local
from plugins.core.i18n import _
from plugins.core.schema import schema_for
from plugins.core.suggest import nearest

SECTION = "schedules"
RULE = "schedule-entry"
# '08:00' or '08:00–11:30' (an en dash, or a hyphen as keyboards type it).
TIME = re.compile(r"^(?P<h1>\d{2}):(?P<m1>\d{2})(?:\s*[–-]\s*(?P<h2>\d{2}):(?P<m2>\d{2}))?$")
ITEM = re.compile(r"^(?P<indent>\s*)-(?:\s|$)")
KEY = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_]+)\s*:")
TOP_LEVEL_KEY = re.compile(r"^[^\s#-]")
# What a translation copies unchanged from its original, entry by entry.
COPIED = ("day", "time", "leaders", "preparing_unit")
MINUTES_PER_HOUR = 60


def week_of(value: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week `value` falls in."""
    monday = value - dt.timedelta(days=value.weekday())
    return monday, monday + dt.timedelta(days=6)


def time_problem(value: Any) -> str | None:
    """What is wrong with the `time` of an entry, or None. YAML 1.1 reads 13:30 written without
    quotes as a number of minutes (810): the message gives back the time the editor meant."""
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, MINUTES_PER_HOUR)
        return _("is read as the number {value}: YAML takes a time without quotes for minutes; "
                 "write it in quotes: '{hours:02d}:{minutes:02d}'").format(
                     value=value, hours=hours, minutes=minutes)
    if not isinstance(value, str):
        return None  # the schema's field-type rule reports it
    match = TIME.fullmatch(value.strip())
    if match is None:
        return _("is '{value}': write '08:00', or from and to: '08:00–11:30'").format(
            value=value)
    start = (int(match["h1"]), int(match["m1"]))
    end = (int(match["h2"]), int(match["m2"])) if match["h2"] else None
    for hours, minutes in (start, end or start):
        if hours > 23 or minutes > 59:
            return _("is '{value}', which is not a time of day").format(value=value)
    if end is not None and end <= start:
        return _("is '{value}': the end is not after the start").format(value=value)
    return None


def _date(value: Any) -> dt.date | None:
    try:
        return parse_local(value).date()
    except ValueError:
        return None


def _people(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item).strip() for item in value if isinstance(item, str | int)]
    return []


def entry_lines(ctx: FileContext, count: int) -> list[tuple[int, int]]:
    """(first line, last line) in the file of each of `count` entries written as a block list;
    the line of `entries` for each when they are written another way (a flow list)."""
    key_line = ctx.document.line_of("entries")
    lines = ctx.text.split("\n")
    end = min(ctx.document.body_line - 2, len(lines))  # the closing '---' is not front matter
    starts: list[int] = []
    indent: str | None = None
    last = key_line
    for number in range(key_line + 1, end + 1):
        line = lines[number - 1]
        if TOP_LEVEL_KEY.match(line):
            break
        last = number
        item = ITEM.match(line)
        if item and (indent is None or item["indent"] == indent):
            indent = item["indent"]
            starts.append(number)
    if len(starts) != count:
        return [(key_line, key_line)] * count
    return [(start, (starts[index + 1] - 1) if index + 1 < count else last)
            for index, start in enumerate(starts)]


class _Lines:
    """The line of each key of an entry, found once per entry: `line(key)`, or the entry's
    first line when the key is not written on a line of its own."""

    def __init__(self, lines: list[str], span: tuple[int, int]) -> None:
        self.first = span[0]
        self.keys: dict[str, int] = {}
        for number in range(span[0], span[1] + 1):
            match = KEY.match(lines[number - 1])
            if match:
                self.keys.setdefault(match["key"], number)

    def line(self, key: str) -> int:
        return self.keys.get(key, self.first)


@file_rule
def schedule_entries(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != SECTION or ctx.name is None:
        return
    monday = yield from _week(ctx)
    entries = ctx.document.meta.get("entries")
    if not isinstance(entries, list):
        return  # required-field and field-type report it
    spans = entry_lines(ctx, len(entries))
    text_lines = ctx.text.split("\n")
    where = [_Lines(text_lines, span) for span in spans]
    example = schema_for(SECTION).field("entries")
    if example is not None and entries == example.example:
        yield ctx.finding("placeholder", spans[0][0] if spans else
                          ctx.document.line_of("entries"), _(
            "'entries' still holds the example of 'portal new': write the week's entries"))
    for index, (entry, lines) in enumerate(zip(entries, where, strict=True)):
        if isinstance(entry, dict):
            yield from _entry(ctx, f"entries[{index + 1}]", entry, lines, monday)
    if ctx.name.lang != ctx.agency.source_language:
        yield from _translation(ctx, entries, where)


def _week(ctx: FileContext) -> Generator[Finding, None, dt.date | None]:
    """The week's Monday (None when `week_start` is not a date); a `week_start` that is not a
    Monday is reported, and the entries are then held to the week it falls in."""
    week_start = ctx.values.get("week_start")
    if not isinstance(week_start, dt.datetime):
        return None
    day = week_start.date()
    monday, _sunday = week_of(day)
    if day != monday:
        yield ctx.finding(RULE, ctx.document.line_of("week_start"), _(
            "'week_start' is {day}, which is not a Monday: write the Monday of the week, "
            "{monday}").format(day=day.isoformat(), monday=monday.isoformat()))
    return monday


def _entry(ctx: FileContext, place: str, entry: dict[str, Any], lines: _Lines,
           monday: dt.date | None) -> Iterator[Finding]:
    day = _date(entry.get("day"))
    if day is not None and monday is not None and not \
            monday <= day <= monday + dt.timedelta(days=6):
        yield ctx.finding(RULE, lines.line("day"), _(
            "'{place}.day' is {day}, outside the week of this schedule ({monday} to {sunday}): "
            "move the entry to the schedule of its week, or correct the day").format(
                place=place, day=day.isoformat(), monday=monday.isoformat(),
                sunday=(monday + dt.timedelta(days=6)).isoformat()))
    problem = time_problem(entry.get("time"))
    if problem:
        yield ctx.finding(RULE, lines.line("time"), _("'{place}.time' {problem}")
                          .format(place=place, problem=problem))
    if "leaders" not in entry:
        return  # required-field reports it
    leaders = _people(entry.get("leaders"))
    line = lines.line("leaders")
    if not leaders:
        yield ctx.finding(RULE, line, _(
            "'{place}.leaders' names nobody: write the person ids of who leads it (of who "
            "receives citizens, in a reception schedule), e.g. [hoang-van-minh]").format(
                place=place))
    people = ctx.agency.people
    names = {person["name"]: key for key, person in people.items() if person.get("name")}
    for person in leaders:
        if person in people:
            continue
        guess = nearest(person, people, names)
        yield ctx.finding(RULE, line, (_(
            "'{place}.leaders' names '{person}', who is not in 'people' of agency.yaml; did "
            "you mean '{guess}'?") if guess else _(
            "'{place}.leaders' names '{person}', who is not in 'people' of agency.yaml; write "
            "a person id of agency.yaml")).format(place=place, person=person, guess=guess))


def _translation(ctx: FileContext, entries: list[Any],
                 where: list[_Lines]) -> Iterator[Finding]:
    """A translation has the entries of its original, in the same order: the same days, times,
    people and units, with the activities translated."""
    original = ctx.original()
    theirs = original.meta.get("entries") if original is not None else None
    if not isinstance(theirs, list):
        return
    if len(theirs) != len(entries):
        yield ctx.finding("translation-drift", ctx.document.line_of("entries"), _(
            "'entries' has {mine} entries here but {theirs} in the Vietnamese original; "
            "translate every entry of the original, in its order").format(
                mine=len(entries), theirs=len(theirs)))
        return
    for index, (mine, other, lines) in enumerate(zip(entries, theirs, where, strict=True)):
        if not isinstance(mine, dict) or not isinstance(other, dict):
            continue
        place = f"entries[{index + 1}]"
        for key in COPIED:
            if _normal(key, mine.get(key)) != _normal(key, other.get(key)):
                yield ctx.finding("translation-drift", lines.line(key), _(
                    "'{place}.{key}' is '{mine}' here but '{theirs}' in the Vietnamese "
                    "original; copy it unchanged").format(
                        place=place, key=key, mine=mine.get(key), theirs=other.get(key)))
        activity = mine.get("activity")
        if isinstance(activity, str) and activity.strip() and activity == other.get("activity"):
            yield ctx.finding("untranslated", lines.line("activity"), _(
                "'{place}.activity' is the same as in the Vietnamese original: translate it")
                .format(place=place))


def _normal(key: str, value: Any) -> Any:
    if key == "leaders":
        return _people(value)
    if key == "day":
        return _date(value) or value
    return value
