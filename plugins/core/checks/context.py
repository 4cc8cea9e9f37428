"""One content file as the rules see it: its text, front matter, lines and neighbours."""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core.agency import Agency
from plugins.core.checks.config import CheckConfig
from plugins.core.checks.findings import Finding
from plugins.core.checks.readertext import ReaderText, reader_text
from plugins.core.checks.registry import RULES
from plugins.core.frontmatter import Document
from plugins.core.index import ContentIndex
from plugins.core.schema import schema_for
from plugins.core.sources import SourceName

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"`[^`\n]*`")
NEWLINE = re.compile(r"\n")


@dataclass
class FileContext:
    """What the rules may read about one file. The rest of the tree (other files, their
    publication, the site's addresses) is reached only through `index`, `site_paths` and
    `content_dir`, which note that they were used: the findings of a file that never looked
    stay valid when other files change (plugins/core/checks/cache.py)."""

    display: str  # the path as printed in findings
    relpath: Path  # relative to the content directory
    tree_root: Path
    text: str
    document: Document
    name: SourceName | None
    agency: Agency
    config: CheckConfig
    tree_index: ContentIndex
    tree_paths: frozenset[str] = frozenset()
    original: Callable[[], Document | None] = field(default=lambda: None)
    consulted_tree: bool = False

    @property
    def content_dir(self) -> Path:
        self.consulted_tree = True
        return self.tree_root

    @property
    def media_parent(self) -> Path:
        """The content folder, for paths under media/ only: the media are part of every
        file's cache key already (plugins/core/checks/cache.py), so this is not noted."""
        return self.tree_root

    @property
    def index(self) -> ContentIndex:
        self.consulted_tree = True
        return self.tree_index

    @property
    def site_paths(self) -> frozenset[str]:
        self.consulted_tree = True
        return self.tree_paths

    @functools.cached_property
    def prose(self) -> str:
        """The body with fenced and inline code blanked out, same lines and columns: rules about
        prose and markup skip code, because code samples legitimately show markup."""
        return "\n".join(line for _number, line in self.body_lines(skip_code=True))

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [match.end() for match in NEWLINE.finditer(self.document.body)]

    def body_line_at(self, offset: int) -> int:
        """The file line of a character offset in the body (or in `prose`)."""
        return self.document.body_line + bisect.bisect_right(self._line_starts, offset) - 1

    def search(self, pattern: re.Pattern[str], *, code: bool = False) -> Iterator[
            tuple[int, re.Match[str]]]:
        """(line, match) for every match in the body, one pass over the whole text."""
        text = self.document.body if code else self.prose
        for match in pattern.finditer(text):
            yield self.body_line_at(match.start()), match

    def finding(self, rule: str, line: int, message: str) -> Finding:
        return Finding(self.display, line, RULES[rule][0], rule, message)

    @property
    def section(self) -> str | None:
        return self.name.section if self.name else None

    def body_lines(self, *, skip_code: bool = False) -> Iterator[tuple[int, str]]:
        """(line number in the file, line) for the body; code can be blanked for rules about
        prose and markup, because code samples legitimately show markup."""
        fence: str | None = None
        for offset, line in enumerate(self.document.body.split("\n")):
            number = self.document.body_line + offset
            if skip_code:
                opening = FENCE.match(line)
                if fence is None and opening:
                    fence = opening.group(2)[0]
                    continue
                if fence is not None:
                    if opening and opening.group(2)[0] == fence:
                        fence = None
                    continue
                yield number, INLINE_CODE.sub(lambda match: " " * len(match.group()), line)
                continue
            yield number, line

    @property
    def first_body_line(self) -> int:
        """Where the text starts, for findings about the body as a whole."""
        for number, line in self.body_lines():
            if line.strip():
                return number
        return self.document.body_line

    @functools.cached_property
    def text_values(self) -> list[tuple[str, str, int]]:
        """(key, text, line) for every text in the front matter, list items included."""
        return [(key, item, self.document.line_of(key))
                for key, value in self.document.meta.items() for item in _strings(value)]

    @functools.cached_property
    def values(self) -> dict[str, Any]:
        """Front-matter values converted by the section schema; invalid ones are left out
        (the field-type rule reports them), so rules compare real dates and numbers."""
        return schema_for(self.section).convert_values(self.document.meta) if self.section \
            else {}

    @functools.cached_property
    def lowered(self) -> str:
        """The whole file in lower case: a C-speed substring test tells most rules that they
        have nothing to look for, before any regular expression runs."""
        return self.text.lower()

    @functools.cached_property
    def reader(self) -> ReaderText:
        """The body as a reader sees it (readertext.py): rules about words look here too, so
        entities, emphasis, tags or line breaks cannot hide a word from them."""
        return reader_text(self.document.body)

    @functools.cached_property
    def decoded_values(self) -> list[tuple[str, str, int]]:
        """(key, text, line) for front-matter texts that character references change: a page
        shows `M&#7852;T` in a title as MẬT."""
        return [(key, decoded, line) for key, text, line in self.text_values
                if "&" in text and (decoded := html.unescape(text)) != text]

    @functools.cached_property
    def reader_lowered(self) -> str:
        """What a reader sees (body and decoded front matter) in lower case, for the same
        cheap substring tests as `lowered`."""
        return "\n".join([self.reader.text, *(text for _key, text, _line in
                                               self.decoded_values)]).lower()

    def search_reader(self, pattern: re.Pattern[str], *, skip_keys: frozenset[str] = frozenset(),
                      ) -> Iterator[tuple[int, re.Match[str]]]:
        """(line, match) in the text as a reader sees it: decoded front-matter values (except
        `skip_keys`), then the body; the line is where the match starts in the source."""
        for key, text, line in self.decoded_values:
            if key not in skip_keys:
                for match in pattern.finditer(text):
                    yield line, match
        reader = self.reader
        for match in pattern.finditer(reader.text):
            found = match.group()
            position = match.start() + len(found) - len(found.lstrip())
            yield self.body_line_at(reader.source_offset(position)), match

    def search_all(self, pattern: re.Pattern[str], *, skip_keys: frozenset[str] = frozenset(),
                   body: bool = True) -> Iterator[tuple[int, re.Match[str]]]:
        """Matches in every text a reader may see, as written: front-matter values (except
        `skip_keys`), then (unless not `body`) the body with its code."""
        for key, text, line in self.text_values:
            if key not in skip_keys:
                for match in pattern.finditer(text):
                    yield line, match
        if body:
            yield from self.search(pattern, code=True)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
