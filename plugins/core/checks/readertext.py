"""The text of a Markdown body as a reader sees it on the page, mapped back to the source.

Rules about words (state-secret stamps, forbidden terms, personal data) must not be fooled by
how a word is written: `TUY&#7878;T M&#7852;T`, `M**Ậ**T`, `MẬ<b></b>T`, `casi&shy;no`,
`cá độ` and `bóng đá` on two lines, `[casino](x) trực tuyến` or `0912&#32;345&#32;678` all show
a reader the same words as the plain spelling. `reader_text` undoes what Python-Markdown (with
the extensions in pelicanconf.py) and the browser do to such spellings:

- character references are decoded with `html.unescape` semantics (invisible ones vanish);
- emphasis markers, backslash escapes, inline tags, comments, link destinations and reference
  definitions are removed, code spans and fenced code keep their text verbatim;
- line breaks and tabs become spaces and runs of spaces one space, except that a block
  boundary (blank line, list item, heading, quote, block tag, `<br>`) becomes a newline, so a
  rule can still ask "is this block only a stamp?".

Every position of the result maps back to an offset in the body, so a finding names the line an
editor must change. The work is a handful of compiled regular expressions and one Python step
per piece of markup (not per character): `portal check` runs this over every file.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Characters a browser does not draw (format characters): they must not split a word.
INVISIBLE = ("\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d"
             "\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
# Python-Markdown's ESCAPED_CHARS with the `extra` extensions (tests/test_readertext.py
# compares them), so `\|` reads `|` but `\<` stays a backslash and a tag.
ESCAPABLE = r"!#()*+\-.>\[\\\]_`{|}"
ESCAPED = re.compile(rf"\\([{ESCAPABLE}])")
# Tags that end a line of text on the page (Python-Markdown's block-level list plus <br>).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "canvas", "caption", "center",
    "colgroup", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "iframe",
    "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul"})
# Every alternative starts with a literal character (its name is an empty group at its end), so
# the regex engine skips plain text at C speed; markup that shows nothing has no name. The text
# scanned is "\n" + body, so line-start markup always follows a "\n"; a line break that starts
# no block stays in the plain text, where it reads as a space.
TOKEN = re.compile(
    r"\n(?P<ticks>`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*"
    r"(?:hl_lines=(?P<q>[\"'])[^\n]*?(?P=q)[ ]*)?)(?P<block>\n(?s:.*?))(?<=\n)(?P=ticks)[ ]*"
    r"(?=\n|\Z)(?P<fence>)"
    r"|\n[ ]{0,3}\[(?!\^)[^\]\n]+\]:[^\n]*(?P<definition>)"
    r"|\n(?=[ \t]*(?:[>*+\-#\n]|\d{1,9}[.)]|\Z))"
    r"[ \t]*(?P<marks>(?:(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])|#{1,6}(?=[ \t\n]))[ \t]*)*)"
    r"(?P<newline>)"
    r"|<!--(?s:.*?)(?:-->|\Z)"
    r"|<(?P<url>(?i:https?|ftps?)://[^<>]*|(?P<mail>[^<> !]+@[^@<> ]+))>(?P<autolink>)"
    r"|</?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*>(?P<tag>)"
    r"|`(?<!``)(?P<quotes>`*+)(?P<span>(?:(?!\n[ \t]*\n)(?s:.))+?)(?<!`)`(?P=quotes)(?!`)(?P<code>)"
    rf"|\\[{ESCAPABLE}](?P<escape>)"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);(?P<entity>)"
    r"|\*\**"
    r"|__*(?P<underscores>)"
    r"|\]\((?:[^()\n]|\([^()\n]*\))*\)|\]\[[^\]\n]*\]"
    r"|!\[|\[|\]"
    "|" + "|".join(INVISIBLE))
# Spaces a browser collapses (tabs, no-break and typographic spaces) and table cell pipes.
OTHER_SPACES = ("\t\r\f\v\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                "\u2009\u200a\u202f\u205f\u3000|")
SPACES = str.maketrans({char: " " for char in OTHER_SPACES})
NEEDS_SPACES = re.compile(f"[{re.escape(OTHER_SPACES)}]")
SPACE_RUN = re.compile(r"  +")


@dataclass
class ReaderText:
    """The reader's text and, per piece of it, where that piece came from in the body."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each piece in `text`
    sources: list[int] = field(default_factory=list)  # its offset in the body
    verbatim: list[bool] = field(default_factory=list)  # copied char for char from the body?
    # No markup at all, only spaces and line breaks: every match of a pattern that spans no
    # more than one space in the body is a match here too, so searching this text suffices.
    plain: bool = True

    def source_offset(self, position: int) -> int:
        """The body offset a reader-text position comes from (decoded markup maps to the
        start of its source, such as the '&' of an entity)."""
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0:
            return 0
        if self.verbatim[index]:
            return self.sources[index] + position - self.starts[index]
        return self.sources[index]


class _Builder:
    """Collects pieces of reader text; whitespace is held back so that a run of spaces, line
    breaks and removed markup becomes a single space (or a newline at a block boundary)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.result = ReaderText()
        self.length = 0
        self.pending = ""
        self.pending_source = 0
        self.after_heading = False  # the next line break ends a heading's block

    def space(self, source: int, kind: str = " ") -> None:
        if not self.pending:
            self.pending_source = source
        if kind == "\n" or not self.pending:
            self.pending = kind

    def _emit(self, text: str, source: int, verbatim: bool) -> None:
        result = self.result
        if self.pending:
            if self.length:
                self.pieces.append(self.pending)
                result.starts.append(self.length)
                result.sources.append(self.pending_source)
                result.verbatim.append(False)
                self.length += 1
            self.pending = ""
        self.pieces.append(text)
        result.starts.append(self.length)
        result.sources.append(source)
        result.verbatim.append(verbatim)
        self.length += len(text)

    def token(self, text: str, source: int) -> None:
        """Decoded markup: all of `text` maps to `source`."""
        if text:
            self._emit(text, source, False)

    def code(self, text: str, source: int) -> None:
        """Text shown as written (code), mapped character for character."""
        if text:
            self._emit(text, source, True)

    def prose(self, text: str, source: int) -> None:
        """Plain text between markup: spaces normalized, mapped character for character; the
        line break that ends a heading ends its block."""
        if "\n" in text:
            if self.after_heading:
                cut = text.index("\n")
                self.after_heading = False
                self.prose(text[:cut], source)
                self.space(source + cut, "\n")
                self.prose(text[cut + 1:], source + cut + 1)
                return
            text = text.replace("\n", " ")
        if NEEDS_SPACES.search(text):
            text = text.translate(SPACES)
        core = text.strip(" ")
        if not core:
            if text:
                self.space(source)
            return
        lead = len(text) - len(text.lstrip(" "))
        if lead:
            self.space(source)
        source += lead
        if "  " in core:
            position = 0
            for run in SPACE_RUN.finditer(core):
                self._emit(core[position:run.start()], source + position, True)
                self.space(source + run.start())
                position = run.end()
            self._emit(core[position:], source + position, True)
        else:
            self._emit(core, source, True)
        if len(text) > lead + len(core):
            self.space(source + len(core))

    def finish(self) -> ReaderText:
        self.result.text = "".join(self.pieces)
        return self.result


Handler = Callable[[_Builder, re.Match[str], int], None]


def _newline(builder: _Builder, match: re.Match[str], source: int) -> None:
    """A line start: a block boundary (blank line, list item, heading, after a heading) or a
    soft line break inside a paragraph."""
    marks = match["marks"].replace(">", "").strip()
    scanned = match.string
    blank = match.end() == len(scanned) or scanned[match.end()] == "\n"
    boundary = blank or bool(marks) or builder.after_heading
    builder.after_heading = marks.startswith("#")
    builder.space(source, "\n" if boundary else " ")


def _fence(builder: _Builder, match: re.Match[str], source: int) -> None:
    """A fenced code block shows its lines as written."""
    builder.space(source, "\n")
    builder.code(match["block"][1:].rstrip("\n"), match.start("block"))
    builder.space(match.end() - 1, "\n")


def _block_break(builder: _Builder, _match: re.Match[str], source: int) -> None:
    """A reference definition is not shown; the text around it is in other blocks."""
    builder.space(source, "\n")


def _tag(builder: _Builder, match: re.Match[str], source: int) -> None:
    """A tag shows nothing; a block tag or <br> ends the line."""
    if match["name"].lower() in BLOCK_TAGS:
        builder.space(source, "\n")


def _escape(builder: _Builder, match: re.Match[str], source: int) -> None:
    """`\\*` shows a star, and the star is no longer markup."""
    builder.code(match.group()[1], source + 1)


def _underscores(builder: _Builder, match: re.Match[str], source: int) -> None:
    """`_` inside a word is a letter to Python-Markdown (snake_case); at a word edge, emphasis."""
    scanned = match.string
    before = scanned[match.start() - 1]
    after = scanned[match.end()] if match.end() < len(scanned) else " "
    if before.isalnum() and after.isalnum():
        builder.prose(match.group(), source)


def _entity(builder: _Builder, match: re.Match[str], source: int) -> None:
    """A character reference shows its character; `&shy;` and the like show nothing."""
    decoded = html.unescape(match.group())
    if decoded == match.group():
        builder.prose(decoded, source)  # not a known character name: shown as written
    elif decoded.isspace():
        builder.space(source)
    elif decoded not in INVISIBLE:
        builder.token(decoded, source)


def _code_span(builder: _Builder, match: re.Match[str], source: int) -> None:
    """Code shows its text as written, without the spaces next to the backticks."""
    span = match["span"]
    lead = len(span) - len(span.lstrip())
    builder.code(span.strip().replace("\n", " "), source + 1 + len(match["quotes"]) + lead)


def _autolink(builder: _Builder, match: re.Match[str], source: int) -> None:
    """Python-Markdown shows an address in <...> as its text, an e-mail without 'mailto:'."""
    url = match["url"]
    skip = len("mailto:") if match["mail"] and url.lower().startswith("mailto:") else 0
    builder.code(url[skip:], source + 1 + skip)


def _hidden(_builder: _Builder, _match: re.Match[str], _source: int) -> None:
    """Markup that shows nothing: comments, emphasis, brackets, destinations, invisibles."""


HANDLERS: dict[str | None, Handler] = {
    "newline": _newline, "fence": _fence, "definition": _block_break, "tag": _tag,
    "code": _code_span, "escape": _escape, "entity": _entity, "underscores": _underscores,
    "autolink": _autolink, None: _hidden,
}


def markdown_destination(url: str) -> str:
    """The address a Markdown link destination gives the browser: Python-Markdown undoes
    backslash escapes (`java\\-script:` is `java-script:`), the browser decodes references."""
    return html.unescape(ESCAPED.sub(r"\1", url))


def reader_text(body: str) -> ReaderText:
    """The words of a Markdown body as the published page shows them, with their origins."""
    scanned = "\n" + body
    builder = _Builder()
    last = 0
    for match in TOKEN.finditer(scanned):
        start = match.start()
        if start > last:
            builder.prose(scanned[last:start], last - 1)
        last = match.end()
        if match.lastgroup != "newline" or match["marks"]:
            builder.result.plain = False
        HANDLERS[match.lastgroup](builder, match, max(start - 1, 0))
    if last < len(scanned):
        builder.prose(scanned[last:], last - 1)
    return builder.finish()
