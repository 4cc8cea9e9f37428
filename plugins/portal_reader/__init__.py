"""Pelican reader for `<stem>.<lang>.md` files with YAML front matter.

Pelican's own Markdown reader wants `Key: value` lines; editors here write YAML, and the path
states section, slug and language. This reader turns both into the metadata Pelican and the
theme use, converting each key by its section schema so templates get real dates, not strings.
The rendered HTML passes the same allow-list as `portal check` (nh3), so markup the rules
refuse never reaches a page, not even a preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.checks.config import load_check_config
from plugins.core.checks.html_policy import sanitize
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.schema import schema_for
from plugins.core.sources import classify

PELICAN_OBJECT_KEYS = ("category", "tags")


class PortalMarkdownReader(MarkdownReader):
    """Reads the portal's Markdown files (see docs/content-contract.md)."""

    file_extensions: ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        content_dir = Path(self.settings["PATH"]).resolve()
        relpath = Path(source_path).resolve().relative_to(content_dir)
        agency = load_agency(content_dir)
        name = classify(relpath, agency)
        document = frontmatter.read(Path(source_path))
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        content = sanitize(self._md.convert(document.body), load_check_config(content_dir))
        metadata = self._metadata(document, name.section, relpath)
        metadata.update(
            slug=name.stem,
            lang=name.lang,
            section=name.section,
            section_segment=agency.sections[name.section].segment[name.lang],
            source_relpath=relpath.as_posix(),
        )
        if "author" in metadata:
            metadata["author_id"] = document.meta["author"]
            metadata["author"] = self.process_metadata(
                "author", agency.people.get(metadata["author_id"], {}).get("name",
                                                                          metadata["author_id"]))
        return content, metadata

    def _metadata(self, document: frontmatter.Document, section: str,
                  relpath: Path) -> dict[str, Any]:
        schema = schema_for(section)
        metadata: dict[str, Any] = {}
        for key, raw in document.meta.items():
            field = schema.field(key)
            if field is None or raw is None:
                metadata[key] = raw
                continue
            try:
                value = field.convert(raw)
            except (TypeError, ValueError) as error:
                raise PortalError(
                    _("'{key}' has a value that is not a valid {kind}: {value}").format(
                        key=key, kind=field.kind.value, value=raw),
                    relpath, document.line_of(key)) from error
            if key in PELICAN_OBJECT_KEYS:
                value = self.process_metadata(key, value)
            metadata[key] = value
        return metadata


def _add_reader(readers: Any) -> None:
    readers.reader_classes["md"] = PortalMarkdownReader


def register() -> None:
    signals.readers_init.connect(_add_reader)
