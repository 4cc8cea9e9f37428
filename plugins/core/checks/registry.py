"""Every rule id, its severity and what it is about: one table for code, docs and output."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plugins.core.checks.findings import Finding, Severity
from plugins.core.i18n import N_

if TYPE_CHECKING:
    from plugins.core.checks.context import FileContext

E, W = Severity.ERROR, Severity.WARNING

# rule id -> (severity, what it checks). Fixable rules are repaired by `portal check --fix`.
RULES: dict[str, tuple[Severity, str]] = {
    "file-name": (E, N_("file name and folder follow the contract")),
    "duplicate-stem": (E, N_("a name is used once per section and language")),
    "orphan-translation": (E, N_("a translation has its Vietnamese original")),
    "encoding": (E, N_("the file is UTF-8 text")),
    "front-matter": (E, N_("the front matter is valid YAML between '---' lines")),
    "required-field": (E, N_("required keys are present and not empty")),
    "unknown-field": (E, N_("keys are ones the section knows (a closed contract)")),
    "symlink": (E, N_("no symbolic links or special files under content/")),
    "placeholder": (E, N_("no skeleton text left from 'portal new'")),
    "untranslated": (E, N_("a translation is translated: no text copied from the original, no "
                          "'# translate' marks")),
    "draft-link": (E, N_("published items do not link to drafts")),
    "sensitive": (E, N_("sensitive items wait for the director's clearance")),
    "withdrawal": (E, N_("a withdrawn item says when and why, in every language it has")),
    "field-type": (E, N_("values have the right type: text, date, number, list, true/false")),
    "invalid-choice": (E, N_("values from a fixed list (status, level, layout) are allowed")),
    "vocabulary": (E, N_("category, unit, people and tags come from configuration")),
    "lang-mismatch": (E, N_("a 'lang' key agrees with the file name")),
    "length": (E, N_("title and summary are not too long")),
    "word-limit": (W, N_("the body respects the word limits of its category")),
    "date-order": (E, N_("dates are in a possible order")),
    "document-number": (E, N_("document numbers follow Decree 30/2020 and match the type")),
    "document-relation": (E, N_("a document's relations name other documents of the register")),
    "document-draft": (E, N_("a draft for comment has its whole comment period")),
    "schedule-entry": (E, N_("a schedule's entries fall within its week, at times such as "
                             "'08:00–11:30', and name people of agency.yaml")),
    "question-record": (E, N_("a question's reference, handling and dates agree; only answered "
                              "questions are published")),
    "asker-identity": (E, N_("a question identifies nobody: no e-mail or phone in it, no "
                             "initials, numbers or district in the asker line")),
    "procedure-channel": (E, N_("a procedure's channels can be followed: online ones link to a "
                                "public service portal over https, in-person ones give the "
                                "address and opening hours, postal ones the address")),
    "translation-drift": (W, N_("a translation keeps the ids, dates and numbers of its original")),
    "nfc": (E, N_("text is Unicode NFC (fixable)")),
    "legacy-encoding": (E, N_("no text pasted from TCVN3/VNI fonts (fixable)")),
    "invisible-char": (E, N_("no soft hyphens, zero-width or control characters (fixable)")),
    "unsafe-html": (E, N_("raw HTML passes the allow-list")),
    "state-secret": (E, N_("no state-secret stamps (MẬT, TỐI MẬT, TUYỆT MẬT)")),
    "forbidden-term": (E, N_("no term from the forbidden list")),
    "personal-data": (W, N_("no phone numbers, e-mails or citizen ID numbers of people")),
    "broken-link": (E, N_("internal links and attachments resolve")),
    "missing-alt": (E, N_("every image has alt text")),
    "media-type": (E, N_("media files have an allowed type")),
    "media-size": (E, N_("media files are within the size limit")),
    "unsafe-svg": (E, N_("SVG pictures carry no script, event handler or external reference")),
    "config": (E, N_("configuration files follow their schema")),
}

FIXABLE = ("nfc", "legacy-encoding", "invisible-char")

# Errors after which a page cannot be rendered as its editor meant it (or safely at all): a
# preview build leaves such a file out, names it and builds the rest; a public build refuses.
UNBUILDABLE = frozenset({
    "file-name", "duplicate-stem", "orphan-translation", "encoding", "front-matter",
    "required-field", "unknown-field", "field-type", "invalid-choice", "vocabulary",
    "lang-mismatch", "symlink",
})

FileRule = Callable[["FileContext"], Iterable[Finding]]
FILE_RULES: list[FileRule] = []


def file_rule(check: FileRule) -> FileRule:
    """Register a rule that looks at one content file."""
    FILE_RULES.append(check)
    return check


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    summary: str


def rule_table() -> list[RuleInfo]:
    return [RuleInfo(rule_id, severity, summary)
            for rule_id, (severity, summary) in RULES.items()]
