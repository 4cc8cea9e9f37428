"""What may not go public yet: sensitive items, links to drafts, skeleton text, translations
that were never translated.

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
