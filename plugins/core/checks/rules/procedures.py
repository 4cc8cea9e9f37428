"""A procedure can be followed to the end (docs/content-contract.md, procedures).

- `procedure-channel`: an online channel links to a public service portal over https; an
  in-person channel says where to go and when it is open; a postal one says where to send.
- a step done by a division of the Department names the person responsible for it (003 Đ6.2:
  the name of the person responsible at each step is published);
- every form of the dossier is a PDF or DOCX file under content/media/procedures/ that exists;
- the legal basis and the announcing decision are document numbers (Decree 30/2020);
- a translation rewrites the texts of steps, channels and dossier, and keeps their ids,
  numbers, addresses of web pages and forms as the Vietnamese original has them.

Problems inside a list are named by their place, `channels[2].url`, at the line of the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.checks.rules.links import _check_file, _media_field_problem
from plugins.core.docnumbers import FORMAT_EXAMPLES, document_type
from plugins.core.i18n import _
from plugins.core.schema import Field, schema_for
from plugins.core.schema.procedures import (
    FORM_TYPES,
    FORMS_FOLDER,
    IN_PERSON,
    ONLINE,
    POST,
)

SECTION = "procedures"
RECORD_KEYS = ("steps", "channels", "dossier")
# Values a translation copies from its original, besides those the schema rule compares.
COPIED_KEYS = ("level", "legal_basis", "announced_by", "last_reviewed")
LIST_ENTRY = re.compile(r"^(\s*)-(\s|$)")


def _entries(ctx: FileContext, key: str) -> list[Any]:
    value = ctx.document.meta.get(key)
    return value if isinstance(value, list) else []


def _entry_line(ctx: FileContext, key: str, index: int) -> int:
    """The line where entry `index` (0-based) of the list `key` starts; the key's line when
    the list is written on one line."""
    start = ctx.document.line_of(key)
    lines = ctx.text.split("\n")
    indent: str | None = None
    found = -1
    for number in range(start, min(len(lines), ctx.document.body_line)):
        line = lines[number]  # line number + 1, 1-based
        if line.strip() in ("---", "..."):
            break
        if line and not line[0].isspace() and not line.startswith("-"):
            break  # the next key
        match = LIST_ENTRY.match(line)
        if match and (indent is None or match[1] == indent):
            indent = match[1]
            found += 1
            if found == index:
                return number + 1
    return start


@file_rule
def procedure_channels(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != SECTION:
        return
    for index, channel in enumerate(_entries(ctx, "channels")):
        if not isinstance(channel, dict):
            continue
        place, line = f"channels[{index + 1}]", _entry_line(ctx, "channels", index)
        kind = channel.get("kind")
        url = channel.get("url")
        secure = isinstance(url, str) and url.strip().startswith("https://") and \
            len(url.strip()) > len("https://")
        if (kind == ONLINE or url not in (None, "")) and not secure:
            yield ctx.finding("procedure-channel", line, _(
                "'{place}' needs a 'url' starting with https://: link the procedure's page on "
                "the public service portal (https://dichvucong.gov.vn/... or "
                "https://dichvucong.langson.gov.vn/...)").format(place=place))
        needed = {IN_PERSON: ("address", "hours"), POST: ("address",)}.get(str(kind), ())
        for key in needed:
            if not _text(channel.get(key)):
                yield ctx.finding("procedure-channel", line, _(
                    "'{place}' is {kind} but has no '{key}': a citizen must know {what}").format(
                        place=place, kind=kind, key=key,
                        what=_("where to go") if key == "address" and kind == IN_PERSON else
                        _("where to send the dossier") if key == "address" else
                        _("when the place is open")))


@file_rule
def procedure_steps_and_forms(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != SECTION:
        return
    for index, step in enumerate(_entries(ctx, "steps")):
        if isinstance(step, dict) and step.get("unit") and not step.get("person"):
            yield ctx.finding("required-field", _entry_line(ctx, "steps", index), _(
                "'steps[{number}]' is done by '{unit}' but names no 'person': publish the "
                "person responsible for each step (an id of people in agency.yaml)").format(
                    number=index + 1, unit=step["unit"]))
    for index, document in enumerate(_entries(ctx, "dossier")):
        form = document.get("form") if isinstance(document, dict) else None
        if not isinstance(form, str) or not form:
            continue
        place, line = f"dossier[{index + 1}].form", _entry_line(ctx, "dossier", index)
        problem = _media_field_problem(place, form)
        if problem is None and not form.startswith(FORMS_FOLDER):
            problem = _("'{place}' must be a file under {folder}: {folder}<file>.pdf").format(
                place=place, folder=FORMS_FOLDER)
        if problem:
            yield ctx.finding("broken-link", line, problem)
            continue
        if PurePosixPath(form).suffix.lower() not in FORM_TYPES:
            yield ctx.finding("media-type", line, _(
                "'{place}' must be a PDF or DOCX file, which every citizen can open").format(
                    place=place))
        yield from _check_file(ctx, line, form, PurePosixPath(form).parts)


@file_rule
def procedure_numbers(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != SECTION:
        return
    numbers = ctx.document.meta.get("legal_basis")
    shown = [str(number).strip() for number in numbers] if isinstance(numbers, list) else []
    announced = ctx.document.meta.get("announced_by")
    for key, values in (("legal_basis", shown),
                        ("announced_by", [str(announced).strip()] if announced else [])):
        for number in values:
            if number and document_type(number) is None:
                yield ctx.finding("document-number", ctx.document.line_of(key), _(
                    "'{key}' holds '{number}', which is not a document number: write it as "
                    "{examples} (Decree 30/2020)").format(key=key, number=number,
                                                         examples=FORMAT_EXAMPLES))


@file_rule
def procedure_translation(ctx: FileContext) -> Iterator[Finding]:
    """The texts of a translation's records are translated; the rest is copied."""
    if ctx.section != SECTION or ctx.name is None or \
            ctx.name.lang == ctx.agency.source_language:
        return
    original = ctx.original()
    if original is None:
        return
    schema = schema_for(SECTION)
    for key in RECORD_KEYS:
        field = schema.field(key)
        mine, theirs = ctx.document.meta.get(key), original.meta.get(key)
        if field is None or not isinstance(mine, list) or not isinstance(theirs, list):
            continue
        line = ctx.document.line_of(key)
        if len(mine) != len(theirs):
            yield ctx.finding("translation-drift", line, _(
                "'{key}' has {mine} entries here but {theirs} in the Vietnamese original; "
                "translate each of them, no more, no less").format(
                    key=key, mine=len(mine), theirs=len(theirs)))
            continue
        for index, (entry, source) in enumerate(zip(mine, theirs, strict=True)):
            if isinstance(entry, dict) and isinstance(source, dict):
                yield from _entry_translation(ctx, field, index, entry, source)
    for key in COPIED_KEYS:
        mine, theirs = ctx.document.meta.get(key), original.meta.get(key)
        if key in original.meta and mine != theirs:
            yield ctx.finding("translation-drift", ctx.document.line_of(key), _(
                "'{key}' is '{mine}' here but '{theirs}' in the Vietnamese original; copy it "
                "unchanged").format(key=key, mine=mine, theirs=theirs))


def _entry_translation(ctx: FileContext, field: Field, index: int, entry: dict[str, Any],
                       source: dict[str, Any]) -> Iterator[Finding]:
    line = _entry_line(ctx, field.name, index)
    for sub in field.record:
        place = f"{field.name}[{index + 1}].{sub.name}"
        mine, theirs = entry.get(sub.name), source.get(sub.name)
        if sub.translated:
            if _text(mine) and mine == theirs:
                yield ctx.finding("untranslated", line, _(
                    "'{place}' is the same as in the Vietnamese original: translate it").format(
                        place=place))
        elif mine != theirs:
            yield ctx.finding("translation-drift", line, _(
                "'{place}' is '{mine}' here but '{theirs}' in the Vietnamese original; copy it "
                "unchanged").format(place=place, mine=mine, theirs=theirs))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
