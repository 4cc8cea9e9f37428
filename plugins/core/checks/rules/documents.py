"""The documents register holds together: every relation names a document of the register, and
a document never relates to itself."""

from __future__ import annotations

from collections.abc import Iterator

from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.registry import file_rule
from plugins.core.i18n import _
from plugins.core.schema.documents import RELATIONS

SECTION = "documents"


@file_rule
def document_relations(ctx: FileContext) -> Iterator[Finding]:
    if ctx.section != SECTION or ctx.name is None:
        return
    stems = {stem for section, stem in ctx.index.items if section == SECTION}
    for relation in RELATIONS:
        targets = ctx.values.get(relation) or []
        line = ctx.document.line_of(relation)
        for target in targets:
            if target == ctx.name.stem:
                yield ctx.finding("document-relation", line, _(
                    "'{relation}' names this document itself").format(relation=relation))
            elif target not in stems:
                yield ctx.finding("document-relation", line, _(
                    "'{relation}' names '{target}', which is not a document of the register: "
                    "write the file name (stem) of a file in content/documents/").format(
                        relation=relation, target=target))


@file_rule
def document_or_draft(ctx: FileContext) -> Iterator[Finding]:
    """An issued document has its number and date of issue; a draft for comment has neither
    yet, and its comment period closes after it opens."""
    if ctx.section != SECTION:
        return
    values = ctx.values
    opens, closes = values.get("consultation_opens"), values.get("consultation_closes")
    if opens is None and closes is None:
        for key in ("number", "issued"):
            if values.get(key) in (None, ""):
                yield ctx.finding("required-field", 1, _(
                    "'{key}' is required for an issued document; a draft for comment has "
                    "'consultation_opens' and 'consultation_closes' instead").format(key=key))
        return
    if opens is None or closes is None:
        yield ctx.finding("document-draft", ctx.document.line_of(
            "consultation_closes" if opens is None else "consultation_opens"), _(
            "a draft for comment needs both 'consultation_opens' and 'consultation_closes'"))
    elif closes <= opens:
        yield ctx.finding("date-order", ctx.document.line_of("consultation_closes"), _(
            "'consultation_closes' must come after 'consultation_opens'"))
