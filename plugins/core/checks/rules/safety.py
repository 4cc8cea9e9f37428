"""What must never reach the public: unsafe markup, state secrets, forbidden terms, and
(as warnings) personal data of private persons.

The word rules look at the file as written and at the text as a reader sees it
(readertext.py), so `M&#7852;T`, `**TỐI** **MẬT**` or a term split by a line break are found
too; a problem seen both ways is reported once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plugins.core.checks.config import contact_key
from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.html_policy import url_problem, violations
from plugins.core.checks.readertext import markdown_destination
from plugins.core.checks.registry import file_rule
from plugins.core.checks.rules.links import REFERENCE_DEFINITION
from plugins.core.i18n import N_, _

# A stamp: a line that is only the marking (with emphasis, brackets or a label "Độ mật:").
STAMP_LINE = re.compile(r"^(?:[^\w\n]|_)*(?:độ[ \t]+mật[ \t]*:[ \t]*)?"
                        r"(tuyệt[ \t]+mật|tối[ \t]+mật|mật)(?:[^\w\n]|_)*$",
                        re.IGNORECASE | re.MULTILINE)
# Anywhere: the upper-case markings of the higher levels, and a "Độ mật:" label.
STAMP_INLINE = re.compile(r"(?<!\w)(?:TUYỆT MẬT|TỐI MẬT)(?!\w)|(?i:(?<!\w)độ\s+mật\s*:)")
# Patterns start with a literal character class so the regex engine can skip ahead quickly;
# the boundaries they need are checked on the few candidates (see `_standalone`).
PHONE = re.compile(r"(?:\+84|0)(?:[ .\-]?\d){8,10}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CITIZEN_ID = re.compile(r"\d\d{11,}")
NOT_BEFORE = {PHONE: re.compile(r"[\w/.]"), CITIZEN_ID: re.compile(r"[\d/.-]")}
NOT_AFTER = {PHONE: re.compile(r"[\w/]"), CITIZEN_ID: re.compile(r"[\d/.-]")}
# A destination as Python-Markdown reads it; the browser decodes its entities.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]+)")
PERSONAL_DATA = ((EMAIL, N_("e-mail address")), (PHONE, N_("phone number")),
                 (CITIZEN_ID, N_("citizen ID number")))


def _everywhere(ctx: FileContext, pattern: re.Pattern[str], *,
                skip_keys: frozenset[str] = frozenset(),
                single_spaced: bool = False) -> Iterator[tuple[int, re.Match[str]]]:
    """Matches in the file as written, then in what a reader sees. A `single_spaced` pattern
    (no line of its own, at most one space in a row) finds in the text as read all it would
    find in a body without markup (`ReaderText.plain`), so such a body is searched once: the
    personal-data patterns run on every file."""
    body = not (single_spaced and ctx.reader.plain)
    yield from ctx.search_all(pattern, skip_keys=skip_keys, body=body)
    yield from ctx.search_reader(pattern, skip_keys=skip_keys)


def _seen_key(line: int, match: re.Match[str]) -> tuple[int, str]:
    """One report per line and text, however the text was written."""
    return line, " ".join(match.group().split()).casefold()


def _mentions(ctx: FileContext, words: tuple[str, ...]) -> bool:
    """A C-speed test that the file (as written or as read) may contain one of `words`."""
    return any(word in ctx.lowered for word in words) or any(
        word in ctx.reader_lowered for word in words)


@file_rule
def state_secrets(ctx: FileContext) -> Iterator[Finding]:
    if not _mentions(ctx, ("mật",)):
        return
    seen: set[int] = set()
    for pattern in (STAMP_LINE, STAMP_INLINE):
        for line, match in _everywhere(ctx, pattern):
            if line in seen:
                continue
            seen.add(line)
            yield ctx.finding("state-secret", line, _(
                "'{marking}' is a state-secret marking: secret documents are never published "
                "(003 Đ8); remove the item and tell the editorial board").format(
                    marking=match.group().strip(" *_[]()")))


@file_rule
def forbidden_terms(ctx: FileContext) -> Iterator[Finding]:
    if ctx.config.forbidden is None or not _mentions(ctx, ctx.config.forbidden_terms):
        return
    seen: set[tuple[int, str]] = set()
    for line, match in _everywhere(ctx, ctx.config.forbidden):
        if _seen_key(line, match) in seen:
            continue
        seen.add(_seen_key(line, match))
        yield ctx.finding("forbidden-term", line, _(
            "'{term}' is on the list of forbidden terms (checks.yaml); this item cannot be "
            "published with it").format(term=match.group()))


@file_rule
def unsafe_markup(ctx: FileContext) -> Iterator[Finding]:
    for violation in violations(ctx.prose, ctx.config):
        yield ctx.finding("unsafe-html", ctx.body_line_at(violation.offset),
                          f"{violation.markup[:80]}: {violation.message}")
    if "](" not in ctx.prose and "]:" not in ctx.prose:
        return
    for pattern in (MARKDOWN_LINK, REFERENCE_DEFINITION):
        for line, match in ctx.search(pattern):
            destination = match.group("url")
            problem = url_problem(markdown_destination(destination), ctx.config)
            if problem:
                yield ctx.finding("unsafe-html", line, f"({destination[:80]}): {problem}")


def _standalone(pattern: re.Pattern[str], text: str, match: re.Match[str]) -> bool:
    """A number stands alone: not the tail of a longer number, code or address."""
    before = NOT_BEFORE.get(pattern)
    if before is None:
        return True
    if pattern is CITIZEN_ID and len(match.group()) != 12:
        return False
    start, end = match.start(), match.end()
    return not (start and before.match(text, start - 1)) and not (
        end < len(text) and NOT_AFTER[pattern].match(text, end))


@file_rule
def personal_data(ctx: FileContext) -> Iterator[Finding]:
    allowed = ctx.config.allowed_contacts
    skip = ctx.config.personal_data_fields
    seen: set[tuple[int, str]] = set()
    for pattern, kind in PERSONAL_DATA:
        if pattern is EMAIL and "@" not in ctx.text and "@" not in ctx.reader_lowered:
            continue
        for line, match in _everywhere(ctx, pattern, skip_keys=skip, single_spaced=True):
            if _seen_key(line, match) in seen or not _standalone(pattern, match.string, match) \
                    or contact_key(match.group()) in allowed:
                continue
            seen.add(_seen_key(line, match))
            yield ctx.finding("personal-data", line, _(
                "{kind} '{value}' in public content: publish it only with the person's "
                "consent, or remove it (Law 91/2025/QH15)").format(kind=_(kind),
                                                                   value=match.group()))
