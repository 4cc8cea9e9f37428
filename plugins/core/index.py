"""The map of all items and their translations, built from file names alone.

Each per-language build sees only its own files, yet must link every page to its other-language
versions and refuse translations without a Vietnamese original. Listing names is cheap, so every
build and every check builds this index first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core import frontmatter
from plugins.core.agency import Agency
from plugins.core.contenttree import confined_file
from plugins.core.dates import parse_local
from plugins.core.errors import PortalError
from plugins.core.fingerprints import digest
from plugins.core.i18n import _
from plugins.core.sources import SourceName, classify, original_path, scan_sources


@dataclass(frozen=True)
class VersionState:
    """What one file says about its own publication: the rest of its front matter is the
    reader's business."""

    draft: bool
    publish_at: dt.datetime | None = None
    withdrawn: dt.datetime | None = None


UNREADABLE = VersionState(draft=True)


@dataclass
class ContentIndex:
    """Items keyed by (section, stem), each with the file of every language it exists in."""

    items: dict[tuple[str, str], dict[str, SourceName]] = field(default_factory=dict)
    problems: list[PortalError] = field(default_factory=list)
    scanned: list[Path] = field(default_factory=list)  # every Markdown file found, sorted
    content_dir: Path | None = None
    source_language: str = ""
    _states: dict[Path, VersionState] = field(default_factory=dict, repr=False)
    _documents: dict[Path, frontmatter.Document | PortalError] = field(default_factory=dict,
                                                                        repr=False)
    _digests: dict[Path, str] = field(default_factory=dict, repr=False)

    def __reduce__(self) -> tuple[type[ContentIndex], tuple[()]]:
        """Pickled as an empty index. Pelican's content cache pickles the run's settings, which
        hold the index, through the category, tags and author of every cached item; the items
        read in a fork, or left from an earlier build, each bring their own copy, so the cache
        held a copy of the whole index per build and per fork, growing at every build (17
        copies, 51,000 file names, 0.75 s to load after a few dozen builds of 2,000 items).
        Every build makes its index from the files; none is ever read back from a pickle."""
        return ContentIndex, ()

    def languages_of(self, section: str, stem: str) -> list[str]:
        return list(self.items.get((section, stem), {}))

    def is_published(self, section: str, stem: str, lang: str) -> bool:
        """Whether this version of the item appears on the public site: it exists, it is not a
        draft, and (for a translation) neither is its original. A link or a language switch
        to anything else would lead to a draft's address or to no page at all.

        The schedule (`publish_at`) is not considered: the checks must not depend on the time
        they run at; the build asks `is_live` instead."""
        states = self._states_of(section, stem, lang)
        return bool(states) and not any(state.draft for state in states)

    def is_live(self, section: str, stem: str, lang: str, moment: dt.datetime) -> bool:
        """Published, and public at `moment`: a build at that moment writes this version at
        its address and links to it."""
        scheduled = self.scheduled_for(section, stem, lang)
        return self.is_published(section, stem, lang) and (scheduled is None
                                                            or scheduled <= moment)

    def scheduled_for(self, section: str, stem: str, lang: str) -> dt.datetime | None:
        """When this version goes public: its own `publish_at` or its original's, whichever
        is later, since a translation is never public before its original."""
        moments = [state.publish_at for state in self._states_of(section, stem, lang)
                   if state.publish_at is not None]
        return max(moments, default=None)

    def withdrawn_on(self, section: str, stem: str, lang: str) -> dt.datetime | None:
        """The day this version was withdrawn: its own `withdrawn`, else its original's (the
        withdrawal of the original withdraws the item in every language)."""
        return next((state.withdrawn for state in self._states_of(section, stem, lang)
                     if state.withdrawn is not None), None)

    def _states_of(self, section: str, stem: str, lang: str) -> list[VersionState]:
        """This version's state, then its original's; empty when the version does not exist."""
        versions = self.items.get((section, stem), {})
        if lang not in versions:
            return []
        return [self._state(versions[code].path)
                for code in dict.fromkeys((lang, self.source_language)) if code in versions]

    def read_documents(self, files: Mapping[Path, bytes]) -> None:
        """Parse every version's front matter from `files`, bytes the caller has read already
        (the build reads every file of content/ for its key), instead of opening each again;
        a version missing from `files` is read when asked for. Each version's digest is kept
        too (`source_digest`)."""
        for versions in self.items.values():
            for name in versions.values():
                data = files.get(name.path)
                if data is not None:
                    self._digests.setdefault(name.path, digest(data))
                if data is not None and name.path not in self._documents:
                    path = (self.content_dir or Path()) / name.path
                    try:
                        self._documents[name.path] = frontmatter.parse(
                            frontmatter.decode_text(data, path), path)
                    except PortalError as error:
                        self._documents[name.path] = error

    def source_digest(self, relpath: Path, *, as_read: bool = True) -> str:
        """The digest of a version's bytes. `as_read`: as the build read them for its key when
        it did (`read_documents`), so that the language runs, which inherit this index, key a
        page or a file's findings without reading every file again; otherwise read now, and
        kept. Without `as_read`: as the file is now, read again and not kept. Raises OSError
        or PortalError for a file that cannot be read."""
        known = self._digests.get(relpath) if as_read else None
        if known is None:
            known = digest(confined_file(self.content_dir or Path(), relpath).read_bytes())
            if as_read:
                self._digests[relpath] = known
        return known

    def document(self, relpath: Path) -> frontmatter.Document:
        """A file's front matter and body, read once for the index and whoever asks after it
        (the deadline table); raises PortalError for a file that cannot be read."""
        if relpath not in self._documents:
            try:
                self._documents[relpath] = frontmatter.read(
                    confined_file(self.content_dir or Path(), relpath))
            except PortalError as error:
                self._documents[relpath] = error
        document = self._documents[relpath]
        if isinstance(document, PortalError):
            raise document
        return document

    def _state(self, relpath: Path) -> VersionState:
        """Read once, lazily: most builds ask about few items. Unreadable counts as a draft."""
        if relpath not in self._states:
            try:
                self._states[relpath] = _version_state(self.document(relpath).meta)
            except (PortalError, ValueError):
                self._states[relpath] = UNREADABLE
        return self._states[relpath]


def _version_state(meta: dict[str, Any]) -> VersionState:
    """Raises ValueError for a date that does not parse: such a file is not public (the
    field-type rule names the value)."""
    return VersionState(draft=meta.get("status") == "draft",
                        publish_at=_optional_moment(meta, "publish_at"),
                        withdrawn=_optional_moment(meta, "withdrawn"))


def _optional_moment(meta: dict[str, Any], key: str) -> dt.datetime | None:
    value = meta.get(key)
    return None if value is None else parse_local(value)


def build_index(content_dir: Path, agency: Agency) -> ContentIndex:
    """Scan `content_dir`; names that break the contract become problems, not exceptions."""
    index = ContentIndex(content_dir=Path(content_dir), source_language=agency.source_language)
    seen: dict[tuple[str, str, str], SourceName] = {}
    grouped: dict[tuple[str, str], dict[str, SourceName]] = defaultdict(dict)
    sources, refused = scan_sources(content_dir)
    index.problems.extend(refused)
    for relpath in sources:
        index.scanned.append(relpath)
        try:
            name = classify(relpath, agency)
        except PortalError as error:
            error.rule = "file-name"
            index.problems.append(error)
            continue
        identity = (name.section, name.stem, name.lang)
        if identity in seen:
            index.problems.append(PortalError(
                _("the name '{stem}' is already used by {other}; every item in a section needs "
                  "its own name").format(stem=name.stem, other=seen[identity].path), relpath,
                rule="duplicate-stem"))
            continue
        seen[identity] = name
        grouped[name.key][name.lang] = name
    source = agency.source_language
    for key, versions in grouped.items():
        if source not in versions:
            for name in versions.values():
                expected = original_path(name.path, source)
                index.problems.append(PortalError(
                    _("this translation has no Vietnamese original: create {expected} first, or "
                      "check that the name matches the original's").format(expected=expected),
                    name.path, rule="orphan-translation"))
            continue
        index.items[key] = dict(sorted(versions.items(), key=lambda kv: list(agency.languages)
                                       .index(kv[0])))
    return index
