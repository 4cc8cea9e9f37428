"""What may not go public yet: sensitive items, links to drafts, skeleton text, translations
that were never translated, withdrawals that do not say when and why.

Each is an error, so a public build refuses while a preview still shows the page (with the
finding) for the approver to see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.errors import PortalError
from plugins.core.i18n import SUPPORTED_LANGUAGES, _, translations
from plugins.core.schema import BODY_PLACEHOLDER, Kind, schema_for
from plugins.core.schema.common import WITHDRAWN_REASON_MAX
from plugins.core.sources import classify

FILENAME_LINK = re.compile(r"\{filename\}(?P<path>[^)\s\"'>]+)")
TRANSLATE_WORD = "translate"


def _in_every_language(message: str) -> frozenset[str]:
    """A message as `portal new` may have written it, in any language of the command."""
    return frozenset(translations(lang).gettext(message).strip().casefold()
                     for lang in SUPPORTED_LANGUAGES) | {message.strip().casefold()}


def _is_published_item(ctx: FileContext) -> bool:
    return ctx.name is not None and ctx.document.meta.get("status") != "draft"


@file_rule
def sensitive_hold(ctx: FileContext) -> Iterator[Finding]:
    if ctx.document.meta.get("sensitive") is True and _is_published_item(ctx):
        yield ctx.finding("sensitive", ctx.document.line_of("sensitive"), _(
            "the item is marked sensitive: it waits for the agency director's clearance and "
            "cannot be published until the approval chain records it (003 Đ10); keep "
            "'status: draft' until then"))


@file_rule
def links_to_drafts(ctx: FileContext) -> Iterator[Finding]:
    if "{filename}" not in ctx.text or not _is_published_item(ctx):
        return
    for line, match in ctx.search(FILENAME_LINK):
        target = _linked_item(ctx, match["path"])
        if target is None or target[2] not in ctx.index.languages_of(*target[:2]):
            continue  # not an item: the link rules report what is missing
        if not ctx.index.is_published(*target):
            yield ctx.finding("draft-link", line, _(
                "'{link}' links to an item that is not published (a draft, or a translation "
                "of a draft): publish it first, or remove the link").format(link=match.group()))


@file_rule
def withdrawal(ctx: FileContext) -> Iterator[Finding]:
    """A withdrawn page shows the day and the reason in its own language: one without the
    other would be a notice that explains nothing, or a reason for a withdrawal that never
    happened."""
    if ctx.section is None:
        return
    meta = ctx.document.meta
    withdrawn, reason = not _is_blank(meta.get("withdrawn")), \
        not _is_blank(meta.get("withdrawn_reason"))
    if withdrawn and not reason:
        yield ctx.finding("withdrawal", ctx.document.line_of("withdrawn"), _(
            "'withdrawn' needs 'withdrawn_reason': write why the item was withdrawn, in the "
            "language of this file (at most {limit} characters)").format(
                limit=WITHDRAWN_REASON_MAX))
    elif reason and not withdrawn:
        yield ctx.finding("withdrawal", ctx.document.line_of("withdrawn_reason"), _(
            "'withdrawn_reason' needs 'withdrawn': add the day the item was withdrawn "
            "(withdrawn: YYYY-MM-DD), or remove the reason"))
    elif not withdrawn and ctx.name is not None and \
            ctx.name.lang != ctx.agency.source_language:
        yield from _withdrawn_original(ctx)


def _withdrawn_original(ctx: FileContext) -> Iterator[Finding]:
    """The withdrawal of the original withdraws every translation: each needs the reason in
    its own language for its notice."""
    original = ctx.original()
    if original is not None and not _is_blank(original.meta.get("withdrawn")):
        yield ctx.finding("withdrawal", ctx.document.line_of("withdrawn"), _(
            "the Vietnamese original was withdrawn on {date}: add 'withdrawn: {date}' and "
            "'withdrawn_reason' in the language of this file").format(
                date=original.meta["withdrawn"]))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _linked_item(ctx: FileContext, link: str) -> tuple[str, str, str] | None:
    """(section, stem, language) of the content file a `{filename}` link names, if any."""
    path = unquote(urlsplit(link).path)
    base = PurePosixPath() if path.startswith("/") else PurePosixPath(ctx.relpath.parent)
    parts: list[str] = []
    for part in (base / path.lstrip("/")).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    try:
        name = classify(PurePosixPath(*parts), ctx.agency) if parts else None
    except PortalError:
        return None
    return (name.section, name.stem, name.lang) if name else None


@file_rule
def skeleton_placeholders(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section is None:
        return
    for field in schema_for(ctx.section).fields:
        value = ctx.document.meta.get(field.name)
        if field.placeholder and isinstance(value, str) and isinstance(field.example, str) \
                and value.strip().casefold() in _in_every_language(field.example):
            yield ctx.finding("placeholder", ctx.document.line_of(field.name), _(
                "'{key}' still holds the example '{value}' of 'portal new': write the real "
                "text").format(key=field.name, value=value))
    body = _in_every_language(BODY_PLACEHOLDER)
    for number, line in ctx.body_lines():
        if line.strip().casefold() in body:
            yield ctx.finding("placeholder", number, _(
                "the body still holds the example text of 'portal new': write the real text"))


@file_rule
def untranslated_text(ctx: FileContext) -> Iterator[Finding]:
    if ctx.name is None or ctx.name.lang == ctx.agency.source_language:
        return
    marks = _in_every_language(TRANSLATE_WORD)
    for number, line in enumerate(ctx.text.split("\n")[:ctx.document.body_line], start=1):
        comment = line.rpartition("#")[2].strip().casefold() if "#" in line else ""
        if comment in marks:
            yield ctx.finding("untranslated", number, _(
                "the '# {mark}' note of 'portal new' is still here: translate the value, "
                "then remove the note").format(mark=line.rpartition("#")[2].strip()))
    original = ctx.original()
    if original is None:
        return
    for field in schema_for(ctx.name.section).fields:
        mine = ctx.document.meta.get(field.name)
        if field.translated and field.kind is not Kind.TAGS and isinstance(mine, str) \
                and mine.strip() and mine == original.meta.get(field.name):
            yield ctx.finding("untranslated", ctx.document.line_of(field.name), _(
                "'{key}' is the same as in the Vietnamese original: translate it").format(
                    key=field.name))
    if ctx.document.body.strip() and ctx.document.body.strip() == original.body.strip():
        yield ctx.finding("untranslated", ctx.first_body_line, _(
            "the text is the same as the Vietnamese original: translate it"))
