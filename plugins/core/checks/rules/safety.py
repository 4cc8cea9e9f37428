"""What must never reach the public: unsafe markup, state secrets, forbidden terms, and
(as warnings) personal data of private persons."""

from __future__ import annotations

import re
from collections.abc import Iterator

from plugins.core.checks.config import contact_key
from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.html_policy import url_violation, violations
from plugins.core.checks.registry import file_rule
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
CITIZEN_ID = re.compile(r"\d{12,}")
NOT_BEFORE = {PHONE: re.compile(r"[\w/.]"), CITIZEN_ID: re.compile(r"[\d/.-]")}
NOT_AFTER = {PHONE: re.compile(r"[\w/]"), CITIZEN_ID: re.compile(r"[\d/.-]")}
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
PERSONAL_DATA = ((EMAIL, N_("e-mail address")), (PHONE, N_("phone number")),
                 (CITIZEN_ID, N_("citizen ID number")))


@file_rule
def state_secrets(ctx: FileContext) -> Iterator[Finding]:
    if "mật" not in ctx.lowered:
        return
    seen: set[int] = set()
    for pattern in (STAMP_LINE, STAMP_INLINE):
        for line, match in ctx.search_all(pattern):
            if line in seen:
                continue
            seen.add(line)
            yield ctx.finding("state-secret", line, _(
                "'{marking}' is a state-secret marking: secret documents are never published "
                "(003 Đ8); remove the item and tell the editorial board").format(
                    marking=match.group().strip(" *_[]()")))


@file_rule
def forbidden_terms(ctx: FileContext) -> Iterator[Finding]:
    if ctx.config.forbidden is None or not any(term in ctx.lowered for term in
                                                ctx.config.forbidden_terms):
        return
    for line, match in ctx.search_all(ctx.config.forbidden):
        yield ctx.finding("forbidden-term", line, _(
            "'{term}' is on the list of forbidden terms (checks.yaml); this item cannot be "
            "published with it").format(term=match.group()))


@file_rule
def unsafe_markup(ctx: FileContext) -> Iterator[Finding]:
    for violation in violations(ctx.prose, ctx.config):
        yield ctx.finding("unsafe-html", ctx.body_line_at(violation.offset),
                          f"{violation.markup[:80]}: {violation.message}")
    if "](" not in ctx.prose:
        return
    for line, match in ctx.search(MARKDOWN_LINK):
        problem = url_violation(match.group(1), ctx.config)
        if problem:
            yield ctx.finding("unsafe-html", line, f"({match.group(1)[:80]}): {problem}")


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
    texts = [(line, text) for key, text, line in ctx.text_values
             if key not in ctx.config.personal_data_fields]
    for pattern, kind in PERSONAL_DATA:
        if pattern is EMAIL and "@" not in ctx.text:
            continue
        found = [(line, text, match) for line, text in texts for match in pattern.finditer(text)]
        found += [(line, ctx.prose, match) for line, match in ctx.search(pattern)]
        for line, text, match in found:
            if _standalone(pattern, text, match) and contact_key(match.group()) not in allowed:
                yield ctx.finding("personal-data", line, _(
                    "{kind} '{value}' in public content: publish it only with the person's "
                    "consent, or remove it (Law 91/2025/QH15)").format(kind=_(kind),
                                                                       value=match.group()))
