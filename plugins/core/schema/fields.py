"""Field kinds of the front matter and how each turns editor text into a value.

A kind knows how to convert; the check rules (next to it) know how to complain. Keeping both on
the field definition means a new section is declared, not programmed.
"""

from __future__ import annotations

import datetime as dt
import re
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
    TOPIC = "topic"
    DOCTYPE = "doctype"
    DOCFIELD = "docfield"
    STEMS = "stems"  # other items of the same section, by file name
    PLACE = "place"
    EMAIL = "email"
    PHONE = "phone"
    CITATIONS = "citations"
    RECORDS = "records"  # a list of small mappings, each with the keys of `Field.record`


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
    min_length: int | None = None
    choices: tuple[str, ...] = ()
    example: Any = None
    translated: bool = False
    placeholder: bool = False
    minimum: int | None = None  # the least an INTEGER may be (a time in days is at least 1)
    record: tuple[Field, ...] = ()  # the keys of each entry of a RECORDS field
    max_items: int = 100

    def convert(self, value: Any) -> Any:
        """The value the templates and rules use; raises ValueError or TypeError when invalid."""
        if self.kind is Kind.RECORDS:
            return self._records(value)
        return _CONVERTERS.get(self.kind, _to_text)(value)

    def _records(self, value: Any) -> list[dict[str, Any]]:
        """Each entry with only the declared keys, every required one present, each value
        converted by its own field: a list of steps or channels is as closed as a front
        matter."""
        if not isinstance(value, list) or len(value) > self.max_items:
            raise TypeError(value)
        keys = {field.name: field for field in self.record}
        entries = []
        for entry in value:
            if not isinstance(entry, dict) or not set(entry) <= set(keys) or any(
                    field.required and entry.get(field.name) in (None, "")
                    for field in self.record):
                raise TypeError(entry)
            entries.append({name: keys[name].convert(raw) for name, raw in entry.items()
                            if raw is not None})
        return entries


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


# ASCII only: a letter goes out to it, and an address with accents cannot be sent without
# SMTPUTF8, which few servers of the province's mail offer.
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
                   r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}$")
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
PHONE_DIGITS = range(8, 16)
CITATION_KEYS = ("number", "date", "issuer", "summary")
MAX_CITATIONS = 30


def _to_email(value: Any) -> str:
    text = _to_text(value)
    if not EMAIL.match(text):
        raise ValueError(value)
    return text


def _to_phone(value: Any) -> str:
    text = _to_text(value)
    if not PHONE_CHARACTERS.match(text) or sum(char.isdigit() for char in text) \
            not in PHONE_DIGITS:
        raise ValueError(value)
    return text


def _to_citations(value: Any) -> list[dict[str, Any]]:
    """Legal documents an answer cites (004 Đ12.5): each names its number, date of issue,
    issuer and summary; nothing else, so a citation cannot smuggle other metadata."""
    if not isinstance(value, list) or len(value) > MAX_CITATIONS:
        raise TypeError(value)
    citations = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != set(CITATION_KEYS):
            raise TypeError(entry)
        citations.append({"number": _to_text(entry["number"]),
                          "date": parse_local(entry["date"]).date(),
                          "issuer": _to_text(entry["issuer"]),
                          "summary": _to_text(entry["summary"])})
    return citations


_CONVERTERS = {
    Kind.DATETIME: parse_local,
    Kind.DATE: parse_local,
    Kind.TAGS: _to_tags,
    Kind.STEMS: _to_tags,
    Kind.BOOL: _to_bool,
    Kind.INTEGER: _to_integer,
    Kind.EMAIL: _to_email,
    Kind.PHONE: _to_phone,
    Kind.CITATIONS: _to_citations,
}
