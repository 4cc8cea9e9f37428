"""One value against its field: the same judgement for a content file and a form submission.

`portal check` reports these problems at a line of a front matter; the Q&A intake reports them
next to a form field. Both read the field definitions of `plugins/core/schema`, so a limit is
declared once and holds for what an editor writes and for what a citizen submits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from plugins.core.i18n import _
from plugins.core.schema.fields import Field, Kind

KIND_NAMES = {
    Kind.TEXT: "text", Kind.DATETIME: "YYYY-MM-DD HH:MM", Kind.DATE: "YYYY-MM-DD",
    Kind.CATEGORY: "id", Kind.UNIT: "id", Kind.PERSON: "id", Kind.TAGS: "[a, b]",
    Kind.MEDIA: "media/<year>/<file>", Kind.BOOL: "true/false", Kind.INTEGER: "number",
    Kind.CHOICE: "id", Kind.TOPIC: "id", Kind.DOCTYPE: "QĐ", Kind.DOCFIELD: "id",
    Kind.STEMS: "[stem, stem]", Kind.PLACE: "id", Kind.EMAIL: "name@example.vn",
    Kind.PHONE: "0205 3812 100", Kind.CITATIONS: "[{number, date, issuer, summary}]",
    Kind.RECORDS: "[{...}, {...}]",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: the rule id of docs/checks.md and a sentence for people."""

    rule: str
    message: str


def check_value(field: Field, raw: Any, known: Collection[str] | None = None, *,
                show_value: bool = True,
                vocabularies: Mapping[Kind, Collection[str]] | None = None
                ) -> tuple[Any, list[Problem]]:
    """The converted value and its problems. `known` is the vocabulary of an id field when the
    caller wants it checked here (the content rule words its own "did you mean");
    `vocabularies` are those of the keys inside a list of records. Without `show_value` no
    message repeats the value: a citizen's e-mail or phone never reaches the output of a
    command or a log."""
    if field.kind is Kind.RECORDS:
        problems = _record_problems(field, raw, vocabularies or {})
        return (None if problems else field.convert(raw)), problems
    try:
        value = field.convert(raw)
    except (TypeError, ValueError):
        if not show_value:
            return None, [Problem("field-type", _("'{key}' must be {kind}").format(
                key=field.name, kind=KIND_NAMES[field.kind]))]
        return None, [Problem("field-type", _("'{key}' must be {kind}, not '{value}'").format(
            key=field.name, kind=KIND_NAMES[field.kind], value=_shown(raw)))]
    problems = []
    if field.kind is Kind.CHOICE and value not in field.choices:
        problems.append(Problem("invalid-choice", _(
            "'{key}' is '{value}'; allowed: {choices}").format(
                key=field.name, value=value, choices=", ".join(field.choices))))
    if known is not None and value not in known:
        problems.append(Problem("vocabulary", _("'{key}' is '{value}'; allowed: {known}").format(
            key=field.name, value=_shown(value), known=", ".join(known))))
    if field.minimum is not None and isinstance(value, int) and value < field.minimum:
        problems.append(Problem("field-type", _("'{key}' is {value}; it must be at least "
                                                "{minimum}").format(
            key=field.name, value=value, minimum=field.minimum)))
    if isinstance(value, str):
        if field.max_length and len(value) > field.max_length:
            problems.append(Problem("length", _(
                "'{key}' has {length} characters; at most {limit} are allowed").format(
                    key=field.name, length=len(value), limit=field.max_length)))
        if field.min_length and len(value) < field.min_length:
            problems.append(Problem("length", _(
                "'{key}' has {length} characters; at least {limit} are needed").format(
                    key=field.name, length=len(value), limit=field.min_length)))
    return value, problems


def _record_problems(field: Field, raw: Any, vocabularies: Mapping[Kind, Collection[str]]
                     ) -> list[Problem]:
    """Each entry of a list of records judged like a front matter of its own, every problem
    named by its place: `steps[2].unit`."""
    if not isinstance(raw, list):
        return [Problem("field-type", _("'{key}' must be a list of entries, each a mapping of "
                                        "{keys}").format(key=field.name, keys=", ".join(
                                            sub.name for sub in field.record)))]
    if len(raw) > field.max_items:
        return [Problem("length", _("'{key}' has {count} entries; at most {limit} are "
                                    "allowed").format(key=field.name, count=len(raw),
                                                      limit=field.max_items))]
    problems: list[Problem] = []
    keys = {sub.name: sub for sub in field.record}
    for index, entry in enumerate(raw):
        place = f"{field.name}[{index + 1}]"
        if not isinstance(entry, dict):
            problems.append(Problem("field-type", _("'{key}' must be a mapping of {keys}").format(
                key=place, keys=", ".join(keys))))
            continue
        for name in entry:
            if name not in keys:
                problems.append(Problem("unknown-field", _(
                    "'{key}' has no key '{name}'; its keys are: {keys}").format(
                        key=place, name=str(name)[:40], keys=", ".join(keys))))
        for sub in field.record:
            value = entry.get(sub.name)
            if value in (None, ""):
                if sub.required:
                    problems.append(Problem("required-field", _(
                        "'{key}' needs '{name}'{help}").format(
                            key=place, name=sub.name,
                            help=f": {_(sub.help)}" if sub.help else "")))
                continue
            _value, found = check_value(dataclasses.replace(sub, name=f"{place}.{sub.name}"),
                                        value, vocabularies.get(sub.kind),
                                        vocabularies=vocabularies)
            problems += found
    return problems


def _shown(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
