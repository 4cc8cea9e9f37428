"""Text encoding: NFC, legacy TCVN3/VNI text, invisible characters (all fixable)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.checks.textfix import INVISIBLE, invisible_name
from plugins.core.i18n import _
from plugins.core.legacy import find_legacy_spans

SAMPLE = 60


def _sample(text: str) -> str:
    """At most SAMPLE characters, cut between words."""
    if len(text) <= SAMPLE:
        return text
    return text[:SAMPLE].rsplit(" ", 1)[0] + "…"


def _raw_lines(ctx: FileContext) -> Iterator[tuple[int, str]]:
    yield from enumerate(ctx.text.split("\n"), start=1)


@file_rule
def normalization(ctx: FileContext) -> Iterator[Finding]:
    if unicodedata.is_normalized("NFC", ctx.text):
        return
    for number, line in _raw_lines(ctx):
        if not unicodedata.is_normalized("NFC", line):
            yield ctx.finding("nfc", number, _(
                "the text is not in Unicode NFC (letters and accents typed separately); "
                "run 'portal check --fix' to normalize it"))


@file_rule
def invisible_characters(ctx: FileContext) -> Iterator[Finding]:
    for match in INVISIBLE.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, match.start()) + 1
        yield ctx.finding("invisible-char", ctx.text.count("\n", 0, match.start()) + 1, _(
            "invisible character {name} at column {column}; run 'portal check --fix' to "
            "remove it").format(name=invisible_name(match.group()),
                                column=match.start() - line_start + 1))


@file_rule
def legacy_encoding(ctx: FileContext) -> Iterator[Finding]:
    for span in find_legacy_spans(ctx.text):
        yield ctx.finding("legacy-encoding", ctx.text.count("\n", 0, span.start) + 1, _(
            "'{original}' looks like text pasted from a {encoding} font; it reads "
            "'{converted}'. Run 'portal check --fix' to convert it to Unicode").format(
                original=_sample(span.original), encoding=span.encoding.upper(),
                converted=_sample(span.converted)))
