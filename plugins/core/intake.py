"""A question as a citizen submits it, judged before anything is stored (004 Đ12.2-12.3).

The form of each language, a JSON file and an e-mail all arrive here as a mapping of field names
to values. The judgement uses the field definitions of the content schemas (the public fields
of `questions`, the private ones of `askers`) through plugins/core/schema/validate.py, so a
limit is declared once. A complaint or a denunciation is not a question: it is refused with a
redirect and nothing of it is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from plugins.core.agency import Agency
from plugins.core.folding import contains_any_folded
from plugins.core.i18n import SUPPORTED_LANGUAGES, _
from plugins.core.schema import schema_for
from plugins.core.schema.askers import COMMENTER, CONSENT, CONTACT, INDIVIDUAL, ORGANISATION
from plugins.core.schema.documents import COMMENT
from plugins.core.schema.fields import Field, Kind
from plugins.core.schema.validate import check_value

QUESTION_FIELDS = ("kind", "topic", "question")
IDENTITY_FIELDS = {"individual": INDIVIDUAL, "organisation": ORGANISATION}
PRIVATE_NAMES = tuple(field.name for group in (INDIVIDUAL, ORGANISATION, CONTACT)
                      for field in group)
# Keys a submission may carry besides the fields: its language, and the honeypot that only
# robots fill in (the form hides it from people and from assistive technology).
LANGUAGE_KEY, HONEYPOT_KEY = "lang", "website"
KNOWN_KEYS = frozenset({*QUESTION_FIELDS, *PRIVATE_NAMES, CONSENT.name, LANGUAGE_KEY,
                        HONEYPOT_KEY})
CHECKED = ("yes", "on", "true", "1")
# Control characters other than line breaks and tabs have no place in a form; line breaks and
# tabs only in the question (a name with a line break would split the header of a letter).
# U+FFFD is what undecodable bytes became: the text was not what its sender wrote.
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufffd]")
LINE_BREAK = re.compile(r"[\t\n\r]")
MULTILINE = frozenset({"question"})


@dataclass(frozen=True)
class Submission:
    """A valid question: what may be published (kind, topic, question) and who asked."""

    lang: str
    kind: str
    topic: str
    question: str
    identity: dict[str, str]


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass(frozen=True)
class Judgement:
    submission: Submission | None
    problems: tuple[FieldProblem, ...] = ()
    complaint: bool = False  # refused with the redirect; nothing is stored
    robot: bool = False  # the honeypot was filled in


def language_of(data: Mapping[str, Any]) -> str:
    lang = data.get(LANGUAGE_KEY)
    return lang if isinstance(lang, str) and lang in SUPPORTED_LANGUAGES else "vi"


def judge(data: Mapping[str, Any], agency: Agency, complaint_terms: tuple[str, ...]
          ) -> Judgement:
    """Judge one submission; messages are in the current message language."""
    if data.get(HONEYPOT_KEY):
        return Judgement(None, robot=True)
    problems = [FieldProblem(key, _("'{key}' is not a field of the question form").format(
        key=str(key)[:40])) for key in data if key not in KNOWN_KEYS]
    questions = schema_for("questions")
    vocabularies = {Kind.TOPIC: tuple(agency.topics), Kind.PLACE: tuple(agency.places)}
    fields: list[Field] = [field for name in QUESTION_FIELDS
                           if (field := questions.field(name)) is not None]
    kind = _text(data.get("kind")) or ""
    fields += [*IDENTITY_FIELDS.get(kind, ()), *CONTACT]
    values, found = _judge_fields(data, fields, vocabularies, multiline=MULTILINE,
                                  private=PRIVATE_NAMES)
    problems += found
    if (_text(data.get(CONSENT.name)) or "").lower() not in CHECKED:
        problems.append(FieldProblem(CONSENT.name, _(
            "tick the box to agree that a version without your personal details may be "
            "published")))
    if problems:
        return Judgement(None, tuple(problems))
    if is_complaint(values["question"], complaint_terms):
        return Judgement(None, complaint=True)
    identity = {name: values[name] for name in PRIVATE_NAMES if name in values}
    return Judgement(Submission(lang=language_of(data), kind=values["kind"],
                                topic=values["topic"], question=values["question"],
                                identity=identity))


def _judge_fields(data: Mapping[str, Any], fields: Collection[Field],
                  vocabularies: Mapping[Kind, Collection[str]], *,
                  multiline: Collection[str], private: Collection[str]
                  ) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Each field's value and problems, for a question or a comment alike: text only, required
    where the field says, one line unless `multiline`, no control characters, then the field's
    own judgement (plugins/core/schema/validate.py), which never repeats a `private` value."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for field in fields:
        raw = _text(data.get(field.name))
        if raw is None:
            problems.append(FieldProblem(field.name, _("this field takes text")))
            continue
        if not raw:
            if field.required:
                problems.append(FieldProblem(field.name, _("this field is required")))
            continue
        if CONTROL.search(raw) or (field.name not in multiline and LINE_BREAK.search(raw)):
            problems.append(FieldProblem(field.name, _(
                "write this field on one line, without invisible or control characters")))
            continue
        value, found = check_value(field, raw, vocabularies.get(field.kind),
                                   show_value=field.name not in private)
        problems += [FieldProblem(field.name, problem.message) for problem in found]
        values[field.name] = value
    return values, problems


def is_complaint(question: str, terms: tuple[str, ...]) -> bool:
    """Whether the question says it is a complaint or a denunciation, however it is typed:
    without diacritics, with doubled spaces or invisible characters between the words."""
    return contains_any_folded(question, terms)


def _text(value: Any) -> str | None:
    """A submitted value as NFC text without surrounding space; true/false and numbers as the
    text a form would have sent; None for what no field takes (a list, a mapping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return None
    return unicodedata.normalize("NFC", value).strip()


# A comment on a draft for public comment (003 Đ6.5): who wrote it (kept private like an
# asker's identity), which draft, and the comment itself.
COMMENT_KEYS = frozenset({"document", "full_name", "organisation", "email", "comment",
                          LANGUAGE_KEY, HONEYPOT_KEY})
DOCUMENT_KEY = "document"
COMMENT_FIELDS = (*COMMENTER, COMMENT)


@dataclass(frozen=True)
class Comment:
    lang: str
    document: str
    text: str
    identity: dict[str, str]


@dataclass(frozen=True)
class CommentJudgement:
    comment: Comment | None
    problems: tuple[FieldProblem, ...] = ()
    robot: bool = False


def judge_comment(data: Mapping[str, Any], open_drafts: Collection[str]) -> CommentJudgement:
    """Judge a comment on one of `open_drafts` (the stems whose comment period is open now)."""
    if data.get(HONEYPOT_KEY):
        return CommentJudgement(None, robot=True)
    problems = [FieldProblem(key, _("'{key}' is not a field of the comment form").format(
        key=str(key)[:40])) for key in data if key not in COMMENT_KEYS]
    document = _text(data.get(DOCUMENT_KEY)) or ""
    if document not in open_drafts:
        problems.append(FieldProblem(DOCUMENT_KEY, _(
            "this draft is not open for comments (its comment period has not begun or has "
            "ended)")))
    values, found = _judge_fields(data, COMMENT_FIELDS, {},
                                  multiline=frozenset({COMMENT.name}),
                                  private=frozenset(field.name for field in COMMENTER))
    problems += found
    if problems:
        return CommentJudgement(None, tuple(problems))
    return CommentJudgement(Comment(
        lang=language_of(data), document=document, text=values[COMMENT.name],
        identity={name: values[name] for name in ("full_name", "organisation", "email")
                  if name in values}))
