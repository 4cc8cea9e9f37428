"""Declarative schemas for the YAML files under content/_config/ (docs/configuration.md).

A typo such as `forbiden_terms:` must not silently switch a rule off, and a missing or wrongly
typed value must not end in a traceback deep inside the build. So every file is checked against
a schema before the code that uses it runs, in the spirit of pre-commit's cfgv and of MkDocs'
config options:

    ROOT = Map(
        Required("url", Text()),
        Optional("items_per_page", Int(1, 100), default=10),
        Optional("tags", ListOf(Text(), max_length=50), default=[]),
    )

`Map` lists the keys of a mapping; an unknown key is an error with "did you mean" for a near
miss. `Ids` is a mapping whose keys are free ids (units, people), `ListOf` a list, and the leaf
checks (`Text`, `Int`, `Bool`, `Date`, `Time`, `Choice`, `LangText`, `Scalar`) accept one kind
of value each. A check returns the value the program uses (defaults filled in, dates as dates)
or raises `Invalid`; the containers collect every problem with its key path, and
`FileSchema.validate` raises one PortalError that names the file, the line (from the loader's
line map) and the key path of each: `content/_config/checks.yaml:47: html.url_schemes[2]: ...`.

Checks across keys (a person's unit must be a unit id) are plain functions, `CrossCheck`s, run
once the structure is valid. A new configuration file (a roster, say) is a new `FileSchema`.
A check against another file runs where both are loaded (the file it reads may change while
this one does not) and reports through `located_error`, with the same file:line: key path.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core import dates
from plugins.core.errors import PortalError
from plugins.core.i18n import N_, _
from plugins.core.suggest import nearest
from plugins.core.yamlsafe import KeyPath, Loaded

RULE = "config"
FIRST_YEAR, LAST_YEAR = dates.FIRST_YEAR, dates.LAST_YEAR
MAX_REPORTED = 20  # problems listed in one error; the rest are counted
SHOWN_CHARS = 40
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class Invalid(Exception):  # noqa: N818 - a verdict, not a failure of the program
    """A value a check refuses; the message is translated and names no location."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # an Optional key without a default stays absent


@dataclass
class Context:
    """One validation run: where lines come from, the configured languages, the problems."""

    loaded: Loaded
    languages: tuple[str, ...] = ()
    problems: list[tuple[int, KeyPath, str]] = field(default_factory=list)

    def error(self, at: KeyPath, message: str) -> None:
        self.problems.append((self.loaded.line_of(at), at, message))

    def check(self, check: Check, value: Any, at: KeyPath) -> Any:
        """`check(value)`, or MISSING after recording the problem at `at`."""
        try:
            return check(value, at, self)
        except Invalid as problem:
            self.error(at, str(problem))
            return MISSING


class Check:
    """A check of one value. `expected` (an English msgid) says what it accepts."""

    expected = N_("a value")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return _(self.expected)

    def refuse(self, value: Any) -> Invalid:
        return Invalid(_("must be {expected}, not {found}").format(expected=self.describe(),
                                                                    found=shown(value)))

    def key_paths(self, prefix: str) -> Iterator[tuple[str, Key]]:
        """The documented key paths below this check (none for a leaf)."""
        return iter(())


def shown(value: Any) -> str:
    """A value as the reader wrote it, short: 'abc', 12, true, [...], {...}."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[...]"
    if isinstance(value, dict):
        return "{...}"
    text = str(value)
    text = text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def format_path(path: KeyPath) -> str:
    """`html.url_schemes[2]`: keys joined by dots, numbers (list indices, years) in brackets."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int) and not isinstance(key, bool):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts)


# -- leaves --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text(Check):
    """A string (never a number or true/false: an id written 2025 or a phone number 0123 must
    be quoted); not empty unless `empty`; matching `pattern` when given."""

    pattern: str | None = None
    expected: str = N_("text")
    max_length: int = 1000
    empty: bool = False

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str:
        if not isinstance(value, str) or (not value.strip() and not self.empty):
            raise self.refuse(value)
        if len(value) > self.max_length:
            raise Invalid(_("{length} characters; at most {limit} are allowed").format(
                length=len(value), limit=self.max_length))
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise self.refuse(value)
        return value


ID = Text(r"[a-z0-9][a-z0-9_-]*", N_("an id: lowercase letters a-z, digits, '-' and '_'"),
          max_length=100)


@dataclass(frozen=True)
class Int(Check):
    """A whole number from `low` to `high` (true/false is not a number)."""

    low: int = 0
    high: int = 1_000_000

    def describe(self) -> str:
        return _("a whole number from {low} to {high}").format(low=self.low, high=self.high)

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or \
                not self.low <= value <= self.high:
            raise self.refuse(value)
        return value


@dataclass(frozen=True)
class Bool(Check):
    expected: str = N_("true or false")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise self.refuse(value)
        return value


@dataclass(frozen=True)
class Date(Check):
    """A date YYYY-MM-DD (written plain or in quotes) from 1900 to 2199; a dt.date."""

    def describe(self) -> str:
        return _("a date YYYY-MM-DD from {low} to {high}").format(low=FIRST_YEAR,
                                                                  high=LAST_YEAR)

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> dt.date:
        day = value
        if isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise self.refuse(value) from None
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime) or \
                not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise self.refuse(value)
        return day


@dataclass(frozen=True)
class Time(Check):
    """A time of day "HH:MM"; a dt.time. Unquoted, YAML reads 8:00 as the number 480."""

    expected: str = N_("a time of day in quotes, such as \"08:00\"")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> dt.time:
        if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value.strip()):
            raise self.refuse(value)
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            raise self.refuse(value) from None


@dataclass(frozen=True)
class Choice(Check):
    options: tuple[str, ...] = ()

    def describe(self) -> str:
        return _("one of: {choices}").format(choices=", ".join(self.options))

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str:
        if value not in self.options or not isinstance(value, str):
            raise self.refuse(value)
        return value


@dataclass(frozen=True)
class Scalar(Check):
    """Text, a whole number or true/false: a value to compare front-matter values with."""

    expected: str = N_("text, a number or true/false")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str | int | bool:
        if not isinstance(value, str | int):
            raise self.refuse(value)
        return value


@dataclass(frozen=True)
class LangText(Check):
    """Text shown to readers: one string for every language, or a mapping of language codes
    to text (`{vi: Thông báo, en: Announcements}`). When the file configures languages, the
    codes must be among them and the source (first) language must be there; with
    `every_language`, every configured language (URL segments, which each language needs)."""

    text: Text = Text()
    every_language: bool = False
    expected: str = N_("text, or a mapping of language codes to text")

    def describe(self) -> str:
        if self.every_language:
            return _("a mapping of every language code of the site to text")
        return _(self.expected)

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str | dict[str, str]:
        if isinstance(value, str) and not self.every_language:
            return self.text(value, at, ctx)
        if not isinstance(value, dict) or not value:
            raise self.refuse(value)
        result = {}
        for code, text in value.items():
            if not self._known(code, ctx):
                ctx.error((*at, code), self._unknown_code(code, ctx))
                continue
            result[code] = ctx.check(self.text, text, (*at, code))
        wanted = ctx.languages if self.every_language else ctx.languages[:1]
        missing = [code for code in wanted if code not in value]
        if missing:
            raise Invalid(_("the languages {codes} are missing").format(codes=", ".join(missing)))
        return result

    @staticmethod
    def _unknown_code(code: Any, ctx: Context) -> str:
        if ctx.languages:
            return _("'{code}' is not a language of the site; the languages are: {codes}")\
                .format(code=code, codes=", ".join(ctx.languages))
        return _("'{code}' is not a language code such as vi, en or zh").format(code=code)

    @staticmethod
    def _known(code: Any, ctx: Context) -> bool:
        if not isinstance(code, str):
            return False
        return code in ctx.languages if ctx.languages else bool(LANGUAGE_CODE.fullmatch(code))


# -- containers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListOf(Check):
    """A list of values that each pass `item`; null is an empty list."""

    item: Check
    max_length: int = 1000
    unique: bool = False

    def describe(self) -> str:
        return _("a list of: {item}").format(item=self.item.describe())

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.refuse(value)
        if len(value) > self.max_length:
            raise Invalid(_("{count} entries; at most {limit} are allowed").format(
                count=len(value), limit=self.max_length))
        result = [ctx.check(self.item, item, (*at, index)) for index, item in enumerate(value)]
        if self.unique:
            self._duplicates(value, at, ctx)
        return result

    @staticmethod
    def _duplicates(value: list[Any], at: KeyPath, ctx: Context) -> None:
        seen: set[Hashable] = set()
        for index, item in enumerate(value):
            if isinstance(item, Hashable) and item in seen:
                ctx.error((*at, index), _("{value} is listed twice").format(value=shown(item)))
            elif isinstance(item, Hashable):
                seen.add(item)

    def key_paths(self, prefix: str) -> Iterator[tuple[str, Key]]:
        return self.item.key_paths(f"{prefix}[]")


@dataclass(frozen=True)
class OneOrMany(Check):
    """One value or a list of them, each passing `item`; read as a list either way."""

    item: Check
    max_length: int = 20

    def describe(self) -> str:
        return _("{item}, or a list of them").format(item=self.item.describe())

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> list[Any]:
        if isinstance(value, list):
            return ListOf(self.item, self.max_length, unique=True)(value, at, ctx)
        return [ctx.check(self.item, value, at)]


@dataclass(frozen=True)
class Ids(Check):
    """A mapping of free keys (ids that `key` accepts) to values that pass `value`; null is an
    empty mapping (refused when `nonempty`). `name` is what the docs call a key:
    `sections.<section>.title`."""

    value: Check
    key: Check = ID
    name: str = "id"
    max_length: int = 10_000
    nonempty: bool = False
    expected: str = N_("a mapping of ids to values")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> dict[Any, Any]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.refuse(value)
        if self.nonempty and not value:
            raise Invalid(_("must list at least one entry"))
        if len(value) > self.max_length:
            raise Invalid(_("{count} entries; at most {limit} are allowed").format(
                count=len(value), limit=self.max_length))
        result = {}
        for key, item in value.items():
            if ctx.check(self.key, key, (*at, key)) is not MISSING:
                result[key] = ctx.check(self.value, item, (*at, key))
        return result

    def key_paths(self, prefix: str) -> Iterator[tuple[str, Key]]:
        return self.value.key_paths(f"{prefix}.<{self.name}>")


@dataclass(frozen=True)
class Key:
    """One key of a `Map`: its name, its check, its default (Optional only) and its help."""

    key: str
    check: Check
    required: bool
    default: Any = MISSING
    help: str = ""


def Required(key: str, check: Check, help: str = "") -> Key:  # noqa: N802 - cfgv's names
    """A key that must be present and not null."""
    return Key(key, check, required=True, help=help)


def Optional(key: str, check: Check, default: Any = MISSING,  # noqa: N802 - cfgv's names
             help: str = "") -> Key:
    """A key that may be absent (or null); then `default`, itself checked, or nothing."""
    return Key(key, check, required=False, default=default, help=help)


@dataclass(frozen=True, init=False)
class Map(Check):
    """A mapping with the keys listed, no others; null is an empty mapping.
    `exactly_one_of`: of these keys, one and only one is present."""

    fields: tuple[Key, ...]
    exactly_one_of: tuple[str, ...]
    expected: str = N_("a mapping of keys to values")

    def __init__(self, *fields: Key, exactly_one_of: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "exactly_one_of", exactly_one_of)

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> dict[str, Any]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.refuse(value)
        result: dict[str, Any] = {}
        for spec in self.fields:
            checked = self._field(spec, value.get(spec.key), at, ctx)
            if checked is not MISSING:
                result[spec.key] = checked
        self._unknown(value, at, ctx)
        present = [key for key in self.exactly_one_of if value.get(key) is not None]
        if self.exactly_one_of and len(present) != 1:
            raise Invalid(_("write exactly one of: {keys}").format(
                keys=", ".join(self.exactly_one_of)))
        return result

    @staticmethod
    def _field(spec: Key, raw: Any, at: KeyPath, ctx: Context) -> Any:
        if raw is None and spec.required:
            ctx.error((*at, spec.key), _("this key is required: {expected}").format(
                expected=spec.check.describe()))
            return MISSING
        if raw is None:
            if spec.default is MISSING:
                return MISSING
            raw = copy.deepcopy(spec.default)
        return ctx.check(spec.check, raw, (*at, spec.key))

    def _unknown(self, value: dict[Any, Any], at: KeyPath, ctx: Context) -> None:
        known = [spec.key for spec in self.fields]
        for key in value:
            if key in known:
                continue
            close = nearest(key, known)
            message = _("unknown key; did you mean '{suggestion}'?").format(
                suggestion=close) if close else _("unknown key; the keys here are: {keys}") \
                .format(keys=", ".join(known))
            ctx.error((*at, key), message)

    def key_paths(self, prefix: str) -> Iterator[tuple[str, Key]]:
        for spec in self.fields:
            path = f"{prefix}.{spec.key}" if prefix else spec.key
            yield path, spec
            yield from spec.check.key_paths(path)


# -- files ---------------------------------------------------------------------------------

CrossCheck = Callable[[dict[str, Any], Context], None]


@dataclass(frozen=True)
class FileSchema:
    """The schema of one configuration file: its top-level `Map`, the checks across keys,
    and, for the file that configures the site's languages, the key that lists them."""

    root: Map
    cross_checks: tuple[CrossCheck, ...] = ()
    languages_key: str | None = None

    def validate(self, loaded: Loaded, path: Path) -> dict[str, Any]:
        """The file's data with defaults filled in; PortalError listing every problem."""
        ctx = Context(loaded, languages=self._languages(loaded.data))
        data = ctx.check(self.root, loaded.data, ())
        if not ctx.problems:
            for cross_check in self.cross_checks:
                cross_check(data, ctx)
        if ctx.problems:
            raise _error(ctx.problems, path)
        return data

    def key_paths(self) -> list[tuple[str, Key]]:
        """Every key path of the file (`sections.<section>.title`), for the documentation."""
        return list(self.root.key_paths(""))

    def _languages(self, data: Any) -> tuple[str, ...]:
        if self.languages_key is None or not isinstance(data, dict):
            return ()
        languages = data.get(self.languages_key)
        if not isinstance(languages, dict):
            return ()
        return tuple(code for code in languages if isinstance(code, str))


def located_error(loaded: Loaded, path: Path,
                  problems: list[tuple[KeyPath, str]]) -> PortalError:
    """One PortalError for problems found after validation by a check that needs another
    file's data (roster.yaml's people must be people of agency.yaml), each at the line of
    its key path, like the schema's own problems."""
    return _error([(loaded.line_of(at), at, message) for at, message in problems], path)


def _error(problems: list[tuple[int, KeyPath, str]], path: Path) -> PortalError:
    """One PortalError: the first problem, then a `path:line: key: message` line for each
    further one, so that every problem names its line."""
    ordered = sorted(problems, key=lambda problem: problem[0])
    first_line, first_at, first_message = ordered[0]
    lines = [_located(first_at, first_message)]
    lines += [f"{path}:{line}: {_located(at, message)}"
              for line, at, message in ordered[1:MAX_REPORTED]]
    if len(ordered) > MAX_REPORTED:
        lines.append(_("... and {count} more problems").format(
            count=len(ordered) - MAX_REPORTED))
    return PortalError("\n".join(lines), path, first_line, rule=RULE)


def _located(at: KeyPath, message: str) -> str:
    return f"{format_path(at)}: {message}" if at else message
