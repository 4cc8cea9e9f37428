"""Pelican reader for `<stem>.<lang>.md` files with YAML front matter.

Pelican's own Markdown reader wants `Key: value` lines; editors here write YAML, and the path
states section, slug and language. This reader turns both into the metadata Pelican and the
theme use, converting each key by its section schema so templates get real dates, not strings.
The rendered HTML passes the same allow-list as `portal check` (nh3), so markup the rules
refuse never reaches a page, not even a preview.

Whether a version is public is decided after Pelican's content cache, on every build: it also
depends on the original's status and on the build's moment, which the cached reading of an
unchanged file cannot know.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown
from pelican import signals
from pelican.readers import METADATA_PROCESSORS, MarkdownReader

from plugins.core import frontmatter
from plugins.core.agency import Agency, load_agency
from plugins.core.checks.config import CheckConfig, load_check_config
from plugins.core.checks.html_policy import sanitize
from plugins.core.contenttree import confined_file
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.parsecache import STORE as PARSED
from plugins.core.parsecache import Parts
from plugins.core.runsettings import READ_PROCESSES_SETTING, RUN_SETTINGS, RunSettings
from plugins.core.schema import schema_for
from plugins.core.sources import classify
from plugins.core.workers import ForkedBatch
from plugins.portal_site import INDEX_SETTING
from plugins.portal_site.settings import build_moment

logger = logging.getLogger(__name__)
PELICAN_OBJECT_KEYS = ("category", "tags")
CONTENT_DIR = Path("content")
UNBUILDABLE_SETTING = "PORTAL_UNBUILDABLE"  # {relative path: the first error that stops it}
SCHEDULED_KEY = "scheduled_for"  # set by the build for the preview of a scheduled item
Prefetched = tuple[tuple[str, dict[str, Any]] | None, dict[str, Parts]]
PREFETCH_MINIMUM = 64  # fewer unread files are not worth a fork


class PortalMarkdownReader(MarkdownReader):
    """Reads the portal's Markdown files (see docs/content-contract.md).

    Only keys the section schema declares reach Pelican: Pelican turns every metadata key into
    a page attribute, so an undeclared `save_as`, `url`, `template` or `_content` would decide
    where a page is written or replace its sanitized body. A file the checks found unbuildable
    is refused here, with the checks' own message, so a preview builds everything else.
    """

    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        RunSettings.install(settings)

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's conversion, the objects it makes holding the run's settings by reference
        (RunSettings), not a copy for Pelican's cache to keep."""
        processor = METADATA_PROCESSORS.get(name)
        return processor(value, RUN_SETTINGS) if processor is not None else value

    @functools.cached_property
    def markdown(self) -> Markdown:
        """One converter for the run, reset before each file: building Python-Markdown's
        processors again for every file costs as much as converting a short one."""
        return Markdown(**self.settings["MARKDOWN"])

    @functools.cached_property
    def agency(self) -> Agency:
        """The configuration cannot change during a run: loaded once, not checked per file."""
        return load_agency(Path(os.path.abspath(self.settings["PATH"])))

    @functools.cached_property
    def check_config(self) -> CheckConfig:
        return load_check_config(Path(os.path.abspath(self.settings["PATH"])))

    batch: ForkedBatch[str, Prefetched] | None = None
    waiting: frozenset[str] = frozenset()

    def prefetch(self, paths: list[str]) -> None:
        """Have a forked copy of this process read `paths` meanwhile; `read` takes its
        results when Pelican comes to them (a file it could not read is read again here,
        so that its error is reported as usual)."""
        self.batch = ForkedBatch(self._read_or_none, paths)
        self.batch_paths = paths
        self.waiting = frozenset(paths)
        self.prefetched: dict[str, tuple[str, dict[str, Any]] | None] = {}

    def _read_or_none(self, source_path: str) -> Prefetched:
        """In the fork: the reading, and the front matter parsed for it (the parent's index
        asks for it next)."""
        try:
            result = self._read(source_path)
        except PortalError:
            result = None
        return result, PARSED.take_new()

    def _take_prefetched(self, source_path: str) -> tuple[str, dict[str, Any]] | None:
        if source_path not in self.waiting:
            return None
        if self.batch is not None:
            for path, (result, parsed) in zip(self.batch_paths, self.batch.results(),
                                              strict=True):
                self.prefetched[path] = result
                PARSED.merge(parsed)
            self.batch = None
        return self.prefetched.pop(source_path, None)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        try:
            return self._take_prefetched(source_path) or self._read(source_path)
        except PortalError as error:
            # Pelican logs only "Could not process <file>": say why, in the editor's words,
            # naming the file as the editor sees it from the repository root.
            relpath = Path(os.path.relpath(os.path.abspath(source_path), self.settings["PATH"]))
            if error.path in (None, relpath):
                error.path = CONTENT_DIR / relpath
            logger.error("%s", error)
            raise

    def _read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        content_dir = Path(os.path.abspath(self.settings["PATH"]))
        relpath = Path(os.path.relpath(os.path.abspath(source_path), content_dir))
        path = confined_file(content_dir, relpath)
        blocking = self.settings.get(UNBUILDABLE_SETTING, {}).get(relpath)
        if blocking is not None:
            raise PortalError(_("not built: {problem}").format(problem=blocking.message),
                              relpath, blocking.line, rule=blocking.rule)
        agency = self.agency
        name = classify(relpath, agency)
        document = frontmatter.read(path)
        self._source_path = source_path
        self._md = self.markdown.reset()
        content = sanitize(self._md.convert(document.body), self.check_config)
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
        """The declared keys only, converted by their fields."""
        metadata: dict[str, Any] = {}
        for field in schema_for(section).fields:
            raw = document.meta.get(field.name)
            if raw is None:
                continue
            try:
                value = field.convert(raw)
            except (TypeError, ValueError) as error:
                raise PortalError(
                    _("'{key}' has a value that is not a valid {kind}: {value}").format(
                        key=field.name, kind=field.kind.value, value=raw),
                    relpath, document.line_of(field.name)) from error
            if field.name in PELICAN_OBJECT_KEYS:
                value = self.process_metadata(field.name, value)
            metadata[field.name] = value
        return metadata


def _settle_status(generator: Any, metadata: dict[str, Any]) -> None:
    """Draft, hidden or published, for this build, whatever an earlier build cached: a
    translation waits for its original, a scheduled item for its moment (a preview shows it as
    a draft saying when), and a withdrawn item is `hidden`, which Pelican writes at its address
    but lists nowhere. A translation of a withdrawn original is withdrawn on the original's
    day."""
    section, stem, lang = metadata.get("section"), metadata.get("slug"), metadata.get("lang")
    if section is None:
        return
    index = generator.settings[INDEX_SETTING]
    moment = build_moment(generator.settings)
    if not index.is_live(section, stem, lang, moment):
        metadata["status"] = "draft"
        if index.is_published(section, stem, lang):
            metadata[SCHEDULED_KEY] = index.scheduled_for(section, stem, lang)
    elif (withdrawn := index.withdrawn_on(section, stem, lang)) is not None:
        metadata["status"] = "hidden"
        metadata.setdefault("withdrawn", withdrawn)
    else:
        metadata["status"] = "published"


def _add_reader(readers: Any) -> None:
    readers.reader_classes["md"] = PortalMarkdownReader


def _read_on_two_cores(generator: Any) -> None:
    """The run that reads most (the Vietnamese one) converts the Markdown of half its files
    not in Pelican's cache in a forked process, on the core the other runs leave idle. Pelican
    reads in the order of `get_files`, so the fork takes the second half of that order."""
    settings = generator.settings
    reader = generator.readers.readers.get("md")
    if settings.get(READ_PROCESSES_SETTING, 1) < 2 or not isinstance(reader,
                                                                     PortalMarkdownReader):
        return
    files = [os.path.abspath(os.path.join(generator.path, name)) for name in
             generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])]
    unread = [path for path in files if generator.readers.get_cached_data(path, None) is None]
    if len(unread) >= PREFETCH_MINIMUM:
        reader.prefetch(unread[len(unread) // 2:])


def register() -> None:
    signals.readers_init.connect(_add_reader)
    signals.article_generator_init.connect(_read_on_two_cores)
    signals.article_generator_context.connect(_settle_status)
    signals.page_generator_context.connect(_settle_status)
