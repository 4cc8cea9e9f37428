"""Split a content file into its YAML front matter and Markdown body, remembering lines.

Line numbers matter because every message to an editor names the line to fix. Dates stay
strings here: YAML would turn `2026-11-12` into a date but leave `2026-11-12 09:30` a string,
and the schema should parse both the same way, in the agency's time zone.

The YAML goes through plugins/core/yamlsafe.py, whose limits keep a hostile file (an alias
bomb, a thousand levels of nesting, a number of thousands of digits) from exhausting memory
or ending in a traceback; a content file larger than `MAX_FILE_BYTES` is not read at all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core import yamlsafe
from plugins.core.errors import PortalError
from plugins.core.fingerprints import digest
from plugins.core.i18n import _
from plugins.core.parsecache import STORE, Parts

DELIMITER = "---"
CLOSING = re.compile(r"\n---[ \t\r]*(?=\n|$)")
MAX_FILE_BYTES = 1024 * yamlsafe.KIB
RULE = "front-matter"


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


def _parse_parts(text: str, path: Path | None) -> Parts:
    first_newline = text.find("\n")
    if text[: first_newline if first_newline >= 0 else len(text)].rstrip() != DELIMITER:
        raise PortalError(_("the file must start with a '---' line that opens the front matter"),
                          path, 1, rule=RULE)
    closing = CLOSING.search(text, first_newline)
    if closing is None:
        raise PortalError(_("the front matter is not closed: add a '---' line after it"),
                          path, 1, rule=RULE)
    yaml_text = text[first_newline + 1: closing.start() + 1]
    body_line = text.count("\n", 0, closing.end()) + 1
    loaded = yamlsafe.load(
        yaml_text, path, limits=yamlsafe.FRONT_MATTER, rule=RULE, line_offset=1,
        timestamps=False, syntax_message=_(
            "the front matter is not valid YAML ({problem}); check quotes and indentation"))
    meta = {} if loaded.data is None else loaded.data
    if not isinstance(meta, dict):
        raise PortalError(_("the front matter must be 'key: value' lines"), path, 2, rule=RULE)
    key_lines = {str(keys[0]): line for keys, line in loaded.lines.items() if len(keys) == 1}
    body_start = closing.end() + (1 if text.startswith("\n", closing.end()) else 0)
    parts = Parts(meta={str(k): v for k, v in meta.items()}, key_lines=key_lines,
                  body_line=body_line + body_start - closing.end(), body_start=body_start)
    return parts


def parse(text: str, path: Path | None = None) -> Document:
    """Parse `text`; raise PortalError naming the line when the front matter is unusable."""
    text = text.removeprefix("\ufeff")
    key = digest(text.encode("utf-8", "surrogatepass"))
    parts = STORE.get(key)
    if parts is None:
        parts = _parse_parts(text, path)
        STORE.put(key, parts)
    return Document(meta=parts.meta, body=text[parts.body_start:], body_line=parts.body_line,
                    key_lines=parts.key_lines)


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
    """The file as text; a file that is not UTF-8, or too large, is a PortalError."""
    with Path(path).open("rb") as file:
        return decode_text(file.read(MAX_FILE_BYTES + 1), path)


def decode_text(data: bytes, path: Path | None) -> str:
    """`data` as UTF-8 text with universal newlines, as `open()` reads it.

    Bytes that are not UTF-8 are a PortalError naming the line, whether they come from a file
    or from git's index: the pre-commit hook must refuse exactly what `portal check` refuses.
    So are more than MAX_FILE_BYTES: long material belongs in an attached file."""
    if len(data) > MAX_FILE_BYTES:
        raise PortalError(_("the file is larger than {limit} KiB; put long material in a file "
                            "under content/media/ and link to it").format(
                                limit=MAX_FILE_BYTES // yamlsafe.KIB), path, rule=RULE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PortalError(_("the file is not UTF-8 text; save it as Unicode (UTF-8)"),
                          path, line, rule="encoding") from error
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def with_key(text: str, key: str, rendered: str) -> str:
    """The file text with `key: rendered` in its front matter (replacing the key's line when
    it is there), everything else as it was: editing the text, not re-dumping the YAML, keeps
    the editor's layout and comments. `rendered` is already a YAML scalar."""
    closing = text.find("\n---", 3)
    if not text.startswith("---") or closing < 0:
        raise ValueError("no front matter")
    head, tail = text[:closing], text[closing:]
    line = f"{key}: {rendered}"
    pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
    if pattern.search(head):
        return pattern.sub(lambda _match: line, head, count=1) + tail
    return f"{head}\n{line}{tail}"
