"""An answer as the unit leader gives it (004 Đ12.5, Đ12.7), checked before it is recorded.

The answer file is Markdown with a small front matter: `answered_by` (the leader, an id from
agency.yaml) and `citations` (number, date, issuer, summary of each legal document used). Each
citation's number must follow Decree 30/2020; when the documents section holds a document with
that number, the citation's date, issuer and summary must agree with it, so a reader who
follows the link finds the document the answer means.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core import frontmatter
from plugins.core.docnumbers import FORMAT_EXAMPLES, document_type
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import build_index
from plugins.core.schema import schema_for
from plugins.core.schema.fields import Field, Kind
from plugins.core.schema.validate import check_value
from workflow.qa.desk import Desk
from workflow.qa.store import Record

ANSWER_KEYS = frozenset({"answered_by", "citations"})
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    text: str
    answered_by: str
    citations: list[dict[str, Any]]


def read_answer(desk: Desk, path: Path, record: Record) -> Answer:
    """The answer in `path`; PortalError listing every problem, with its line."""
    if path.is_symlink() or not path.is_file():
        raise PortalError(_("not a regular file (links are not followed)"), path)
    if path.stat().st_size > MAX_ANSWER_BYTES:
        raise PortalError(_("the file is larger than {limit} KiB").format(
            limit=MAX_ANSWER_BYTES // 1024), path)
    document = frontmatter.parse(frontmatter.read_text(path), path)
    problems: list[tuple[int, str]] = []
    for key in document.meta:
        if key not in ANSWER_KEYS:
            problems.append((document.line_of(key), _(
                "'{key}' is not a key of an answer; an answer has: answered_by, citations")
                .format(key=key)))
    schema = schema_for("questions")
    values: dict[str, Any] = {}
    for name in sorted(ANSWER_KEYS):
        field = schema.field(name)
        raw = document.meta.get(name)
        if field is None or (raw is None and name == "citations"):
            continue
        if raw is None:
            problems.append((1, _("'{key}' is required: {help}").format(
                key=name, help=_(field.help))))
            continue
        value, found = check_value(field, raw, _vocabulary(desk, field))
        problems += [(document.line_of(name), problem.message) for problem in found]
        values[name] = value
    if not document.body.strip():
        problems.append((document.body_line, _("the answer's text is empty")))
    leader = values.get("answered_by")
    if leader and leader in desk.agency.people:
        problems += [(document.line_of("answered_by"), message)
                     for message in _leader_problems(desk, leader, record)]
    citations = values.get("citations") or []
    problems += [(document.line_of("citations"), message)
                 for message in citation_problems(desk, citations)]
    if problems:
        raise PortalError("\n".join(f"{path}:{line}: {message}" for line, message in problems))
    return Answer(document.body.strip(), str(leader), citations)


def _vocabulary(desk: Desk, field: Field) -> tuple[str, ...] | None:
    return tuple(desk.agency.people) if field.kind is Kind.PERSON else None


def _leader_problems(desk: Desk, person_id: str, record: Record) -> list[str]:
    """Answers come from the leaders of the unit the question went to (004 Đ12.7), or from
    the agency's leadership."""
    person = desk.agency.people[person_id]
    heads_unit = person.get("unit") == record.unit and "position" in person
    if heads_unit or person.get("leader"):
        return []
    return [_("'{person}' is neither a leader of the agency nor of {unit}, which the question "
              "was forwarded to").format(person=person_id, unit=record.unit)]


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def citation_problems(desk: Desk, citations: list[dict[str, Any]]) -> list[str]:
    documents = _documents_by_number(desk)
    problems = []
    for citation in citations:
        number = citation["number"]
        if document_type(number) is None:
            problems.append(_("'{number}' is not a document number: write it as {examples} "
                              "(Decree 30/2020)").format(number=number, examples=FORMAT_EXAMPLES))
            continue
        known = documents.get(number)
        if known is None:
            continue
        issued = known.get("issued")
        if issued is not None and issued.date() != citation["date"]:
            problems.append(_("{number} was issued on {expected}, not {found}").format(
                number=number, expected=issued.date().isoformat(),
                found=citation["date"].isoformat()))
        if known.get("issuer") and _folded(known["issuer"]) != _folded(citation["issuer"]):
            problems.append(_("{number} was issued by '{expected}', not '{found}'").format(
                number=number, expected=known["issuer"], found=citation["issuer"]))
        if _folded(citation["summary"]) not in _folded(known.get("title", "")):
            problems.append(_("the summary of {number} does not match the documents section: "
                              "'{expected}'").format(number=number,
                                                     expected=known.get("title", "")))
    return problems


def _documents_by_number(desk: Desk) -> dict[str, dict[str, Any]]:
    """The original of every document of the documents section, by its number."""
    index = build_index(desk.content_dir, desk.agency)
    schema = schema_for("documents")
    found: dict[str, dict[str, Any]] = {}
    for (section, _stem), versions in index.items.items():
        if section != "documents":
            continue
        try:
            document = frontmatter.read(desk.content_dir / versions[desk.agency.source_language]
                                        .path)
        except PortalError:
            continue
        values = schema.convert_values(document.meta)
        if isinstance(values.get("number"), str):
            found[values["number"]] = values
    return found
