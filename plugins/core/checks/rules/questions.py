"""A question file as the public record of a question (003 Đ9.7; 004 Đ12).

The reference has the intake's shape; where the question stands agrees with its dates (an
answer has its date and its leader, a notice its promised date); only an answered question is
published; and the line about the asker identifies nobody: no initials, no digits of a house
number or a phone, no e-mail, no district (districts were abolished on 1/7/2025)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.folding import EMAIL, PHONE
from plugins.core.i18n import _
from plugins.core.schema.questions import REFERENCE_PATTERN

REFERENCE = re.compile(REFERENCE_PATTERN)
# Initials such as "N.V.A" or "Anh T." and the levels of government that no longer exist.
INITIALS = re.compile(r"\b[A-ZĐ]\.\s?(?:[A-ZĐ]\.?)?")
DISTRICT = re.compile(r"\b(?:huyện|quận|thị xã|thị trấn)\b", re.IGNORECASE)
# What each stage of handling needs: (handling, key that must be present).
NEEDS = (("answered", "answered"), ("answered", "answered_by"), ("noticed", "noticed"),
         ("noticed", "reply_by"), ("out_of_scope", "noticed"))


@file_rule
def question_record(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != "questions":
        return
    meta = ctx.document.meta
    reference = meta.get("reference")
    if isinstance(reference, str) and not REFERENCE.fullmatch(reference):
        yield ctx.finding("question-record", ctx.document.line_of("reference"), _(
            "'{reference}' is not a reference: write it as HD-2026-0042").format(
                reference=reference))
    handling = meta.get("handling")
    for stage, key in NEEDS:
        if handling == stage and meta.get(key) in (None, ""):
            yield ctx.finding("question-record", ctx.document.line_of("handling"), _(
                "'handling: {handling}' needs '{key}'").format(handling=handling, key=key))
    if handling not in (None, "answered") and meta.get("status", "published") != "draft":
        yield ctx.finding("question-record", ctx.document.line_of("handling"), _(
            "only an answered question is published: add 'status: draft' until it is "
            "answered"))


@file_rule
def asker_identity(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != "questions":
        return
    for key in ("title", "question"):
        value = ctx.document.meta.get(key)
        if isinstance(value, str) and (EMAIL.search(value) or PHONE.search(value)):
            yield ctx.finding("asker-identity", ctx.document.line_of(key), _(
                "'{key}' gives an e-mail address or a telephone number: a published question "
                "names none; replace it with […]").format(key=key))
    asker = ctx.document.meta.get("asker")
    if not isinstance(asker, str):
        return
    line = ctx.document.line_of("asker")
    if "@" in asker or any(char.isdigit() for char in asker) or INITIALS.search(asker):
        yield ctx.finding("asker-identity", line, _(
            "the asker line must identify nobody: no name or initials, no number, no e-mail; "
            "write e.g. 'Một công dân ở phường Đông Kinh'"))
    if DISTRICT.search(asker):
        yield ctx.finding("asker-identity", line, _(
            "districts and townships were abolished on 1/7/2025: name the commune or ward "
            "(xã, phường) instead"))
