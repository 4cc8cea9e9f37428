"""Field kinds of the front matter and how each turns editor text into a value.

A kind knows how to convert; the check rules (next to it) know how to complain. Keeping both on
the field definition means a new section is declared, not programmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from plugins.core.dates import parse_local


class Kind(Enum):
    TEXT = "text"
    DATETIME = "datetime"
    DATE = "date"
    CATEGORY = "category"
    UNIT = "unit"
    PERSON = "person"
    TAGS = "tags"
    MEDIA = "media"
    BOOL = "bool"
    INTEGER = "integer"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    """One front-matter key of a section.

    `translated` marks text a translator rewrites; every other value (ids, dates, numbers) is
    copied unchanged into translations. `placeholder` marks an example that `portal new` writes
    only to be replaced: left as it is, it is an error, never a published headline.
    """

    name: str
    kind: Kind
    required: bool = False
    help: str = ""
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    example: Any = None
    translated: bool = False
    placeholder: bool = False

    def convert(self, value: Any) -> Any:
        """The value the templates and rules use; raises ValueError or TypeError when invalid."""
        return _CONVERTERS.get(self.kind, _to_text)(value)


def _to_text(value: Any) -> str:
    if isinstance(value, dt.date | list | dict) or value is None:
        raise TypeError(value)
    return str(value).strip()


def _to_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return [str(item).strip() for item in value if str(item).strip()]
    raise TypeError(value)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(value)


def _to_integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


_CONVERTERS = {
    Kind.DATETIME: parse_local,
    Kind.DATE: parse_local,
    Kind.TAGS: _to_tags,
    Kind.BOOL: _to_bool,
    Kind.INTEGER: _to_integer,
}
