"""Front matter against the section schema: presence, types, vocabularies, lengths, order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.docnumbers import FORMAT_EXAMPLES, document_type
from plugins.core.i18n import _
from plugins.core.schema import Kind, schema_for
from plugins.core.schema.validate import check_value
from plugins.core.suggest import nearest

# Keys the system reads besides the schema: `lang` may repeat what the file name says.
SYSTEM_KEYS = frozenset({"lang"})
VOCABULARY_OF = {Kind.CATEGORY: "categories", Kind.UNIT: "units", Kind.PERSON: "people",
                 Kind.TOPIC: "topics", Kind.PLACE: "places", Kind.DOCTYPE: "document_types",
                 Kind.DOCFIELD: "document_fields"}
# Words are what spaces separate; Chinese has no spaces, so each Han character counts too.
HAN = re.compile(r"[\u3400-\u9fff]")
URL_OR_MARKUP = re.compile(r"\(([^)]*)\)|<[^>]+>|https?://\S+")
# Values a translation must copy unchanged from its original.
DRIFT_KEYS = ("date", "category", "unit", "number", "issued", "effective", "received",
              "answered", "code", "week_start", "publish_at", "withdrawn", "reference", "kind",
              "topic", "handling", "noticed", "reply_by", "answered_by")


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and not value)


@file_rule
def required_and_unknown(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section is None:
        return
    schema = schema_for(ctx.section)
    meta = ctx.document.meta
    for field in schema.fields:
        if field.required and _is_empty(meta.get(field.name)):
            yield ctx.finding("required-field", ctx.document.line_of(field.name), _(
                "'{key}' is required in {section}: {help}").format(
                    key=field.name, section=ctx.section, help=_(field.help)))
    if meta.get("image") and _is_empty(meta.get("image_alt")):
        yield ctx.finding("required-field", ctx.document.line_of("image"), _(
            "'image_alt' is required with 'image': describe what the picture shows"))
    if ctx.section == "news" and meta.get("source") is not None and _is_empty(meta["source"]):
        yield ctx.finding("required-field", ctx.document.line_of("source"), _(
            "'source' is empty: name the publication, author and date of collected news"))
    for key in meta:
        if schema.field(key) is None and key not in SYSTEM_KEYS:
            yield ctx.finding("unknown-field", ctx.document.line_of(key), _unknown_key(
                key, ctx.section, schema.names))


def _unknown_key(key: str, section: str, names: tuple[str, ...]) -> str:
    """Front matter is a closed contract: a key the section does not declare never reaches
    the page (it could otherwise set where or how Pelican writes it)."""
    guess = nearest(key, names)
    if guess:
        return _("'{key}' is not a key of {section}; did you mean '{guess}'?").format(
            key=key, section=section, guess=guess)
    return _("'{key}' is not a key of {section}; remove it (known keys: {keys})").format(
        key=key, section=section, keys=", ".join(names))


@file_rule
def types_and_vocabularies(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section is None:
        return
    schema = schema_for(ctx.section)
    for key, raw in ctx.document.meta.items():
        field = schema.field(key)
        if field is None or raw is None:
            continue
        line = ctx.document.line_of(key)
        value, problems = check_value(field, raw, vocabularies=_vocabularies(ctx)
                                      if field.kind is Kind.RECORDS else None)
        for problem in problems:
            yield ctx.finding(problem.rule, line, problem.message)
        if value is None:
            continue
        vocabulary = VOCABULARY_OF.get(field.kind)
        if vocabulary and value not in getattr(ctx.agency, vocabulary):
            yield ctx.finding("vocabulary", line, _unknown_id(ctx, vocabulary, value))
        if field.kind is Kind.TAGS and ctx.config.tags_restricted:
            for tag in value:
                if tag not in ctx.config.allowed_tags:
                    yield ctx.finding("vocabulary", line, _(
                        "the keyword '{tag}' is not in the allowed list of checks.yaml").format(
                            tag=tag))


def _vocabularies(ctx: FileContext) -> dict[Kind, tuple[str, ...]]:
    """The ids of agency.yaml, for the keys inside a list of records."""
    return {kind: tuple(getattr(ctx.agency, name)) for kind, name in VOCABULARY_OF.items()}


def _unknown_id(ctx: FileContext, vocabulary: str, value: object) -> str:
    entries: dict[str, dict[str, Any]] = getattr(ctx.agency, vocabulary)
    names = {ctx.agency.text(entry.get(label), lang): key for key, entry in entries.items()
             for label in ("name", "title") for lang in ctx.agency.languages
             if entry.get(label)}
    guess = nearest(value, entries, names)
    if guess:
        return _("'{value}' is not in '{vocabulary}' of agency.yaml; did you mean '{guess}'?"
                 ).format(value=value, vocabulary=vocabulary, guess=guess)
    return _("'{value}' is not in '{vocabulary}' of agency.yaml; use one of: {known}").format(
        value=value, vocabulary=vocabulary, known=", ".join(entries))


@file_rule
def language_key(ctx: FileContext) -> Iterator[Finding]:
    declared = ctx.document.meta.get("lang")
    if ctx.name and declared is not None and declared != ctx.name.lang:
        yield ctx.finding("lang-mismatch", ctx.document.line_of("lang"), _(
            "'lang: {declared}' contradicts the file name, which says '{lang}'; remove the key")
            .format(declared=declared, lang=ctx.name.lang))


def body_word_count(ctx: FileContext) -> int:
    prose = URL_OR_MARKUP.sub(" ", ctx.prose) if "(" in ctx.prose or "<" in ctx.prose or \
        "http" in ctx.prose else ctx.prose
    return len(prose.split()) + len(HAN.findall(prose))


@file_rule
def word_limits(ctx: FileContext) -> Iterator[Finding]:
    category = ctx.document.meta.get("category")
    limits = ctx.config.word_limits.get(category) if isinstance(category, str) else None
    if not limits or ctx.document.meta.get("status") == "draft":
        return
    words = body_word_count(ctx)
    if "max" in limits and words > limits["max"]:
        yield ctx.finding("word-limit", ctx.first_body_line, _(
            "the text has {words} words; '{category}' items have at most {limit}").format(
                words=words, category=category, limit=limits["max"]))
    if "min" in limits and words < limits["min"]:
        yield ctx.finding("word-limit", ctx.first_body_line, _(
            "the text has {words} words; '{category}' items have at least {limit}").format(
                words=words, category=category, limit=limits["min"]))


@file_rule
def date_order(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section is None:
        return
    pairs = (("received", "answered", _("'answered' is before 'received'")),
             ("issued", "date", _("the item is dated before the document was issued")),
             ("issued", "effective", _("'effective' is before 'issued'")),
             ("date", "withdrawn", _("'withdrawn' is before the publication date 'date'")))
    for earlier, later, message in pairs:
        first, second = ctx.values.get(earlier), ctx.values.get(later)
        if isinstance(first, dt.datetime) and isinstance(second, dt.datetime) and \
                second.date() < first.date():
            yield ctx.finding("date-order", ctx.document.line_of(later), message)


@file_rule
def document_number(ctx: FileContext) -> Iterator[Finding]:
    number = ctx.document.meta.get("number")
    if ctx.section != "documents" or not isinstance(number, str):
        return
    doc_type = str(ctx.document.meta.get("doc_type", ""))
    line = ctx.document.line_of("number")
    expected = document_type(number)
    if expected is None:
        yield ctx.finding("document-number", line, _(
            "'{number}' is not a document number: write it as {examples} (Decree 30/2020)")
            .format(number=number, examples=FORMAT_EXAMPLES))
        return
    if doc_type and doc_type != expected:
        yield ctx.finding("document-number", ctx.document.line_of("doc_type"), _(
            "'doc_type: {doc_type}' does not match the number {number}, which says '{expected}'")
            .format(doc_type=doc_type, number=number, expected=expected))


@file_rule
def translation_drift(ctx: FileContext) -> Iterator[Finding]:
    if ctx.name is None or ctx.name.lang == ctx.agency.source_language:
        return
    original = ctx.original()
    if original is None:
        return
    for key in DRIFT_KEYS:
        mine, theirs = ctx.document.meta.get(key), original.meta.get(key)
        if key in original.meta and mine != theirs:
            yield ctx.finding("translation-drift", ctx.document.line_of(key), _(
                "'{key}' is '{mine}' here but '{theirs}' in the Vietnamese original; copy it "
                "unchanged").format(key=key, mine=mine, theirs=theirs))
