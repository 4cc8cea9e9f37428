"""Split a content file into its YAML front matter and Markdown body, remembering lines.

Line numbers matter because every message to an editor names the line to fix. Dates stay
strings here: YAML would turn `2026-11-12` into a date but leave `2026-11-12 09:30` a string,
and the schema should parse both the same way, in the agency's time zone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plugins.core.errors import PortalError
from plugins.core.i18n import _

DELIMITER = "---"
CLOSING = re.compile(r"\n---[ \t\r]*(?=\n|$)")


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when present: it is several times faster) that leaves
    timestamps as text (see the module docstring)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed content file: metadata, body and where each part starts in the file."""

    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the opening `---` when the key is absent."""
        return self.key_lines.get(key, 1)


def parse(text: str, path: Path | None = None) -> Document:
    """Parse `text`; raise PortalError naming the line when the front matter is unusable."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_newline = text.find("\n")
    if text[: first_newline if first_newline >= 0 else len(text)].rstrip() != DELIMITER:
        raise PortalError(_("the file must start with a '---' line that opens the front matter"),
                          path, 1, rule="front-matter")
    closing = CLOSING.search(text, first_newline)
    if closing is None:
        raise PortalError(_("the front matter is not closed: add a '---' line after it"),
                          path, 1, rule="front-matter")
    yaml_text = text[first_newline + 1: closing.start() + 1]
    body_line = text.count("\n", 0, closing.end()) + 1
    loader = _FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        problem = getattr(error, "problem", None) or str(error)
        raise PortalError(
            _("the front matter is not valid YAML ({problem}); check quotes and indentation")
            .format(problem=problem), path, line, rule="front-matter") from error
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PortalError(_("the front matter must be 'key: value' lines"), path, 2,
                          rule="front-matter")
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value_node in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    body = text[closing.end():].removeprefix("\n")
    return Document(meta={str(k): v for k, v in meta.items()}, body=body,
                    body_line=body_line + (1 if text[closing.end():].startswith("\n") else 0),
                    key_lines=key_lines)


def load(path: Path) -> tuple[str, Document]:
    """Text and parsed front matter of a file, parsed once per process while it is unchanged:
    in a build the checks and the deadline table both need every file."""
    stat = Path(path).stat()
    return _load(Path(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=65_536)
def _load(path: Path, mtime_ns: int, size: int) -> tuple[str, Document]:
    del mtime_ns, size  # cache key only
    text = read_text(path)
    return text, parse(text, path)


def read(path: Path) -> Document:
    """Read and parse a file; undecodable bytes are reported instead of raising."""
    return load(path)[1]


def read_text(path: Path) -> str:
    """The file as text; a file that is not UTF-8 is a PortalError naming the line."""
    return decode_text(Path(path).read_bytes(), path)


def decode_text(data: bytes, path: Path | None) -> str:
    """`data` as UTF-8 text with universal newlines, as `open()` reads it.

    Bytes that are not UTF-8 are a PortalError naming the line, whether they come from a file
    or from git's index: the pre-commit hook must refuse exactly what `portal check` refuses."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PortalError(_("the file is not UTF-8 text; save it as Unicode (UTF-8)"),
                          path, line, rule="encoding") from error
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
