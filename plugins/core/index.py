"""The map of all items and their translations, built from file names alone.

Each per-language build sees only its own files, yet must link every page to its other-language
versions and refuse translations without a Vietnamese original. Listing names is cheap, so every
build and every check builds this index first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.agency import Agency
from plugins.core.contenttree import confined_file
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.sources import SourceName, classify, original_path, scan_sources


@dataclass
class ContentIndex:
    """Items keyed by (section, stem), each with the file of every language it exists in."""

    items: dict[tuple[str, str], dict[str, SourceName]] = field(default_factory=dict)
    problems: list[PortalError] = field(default_factory=list)
    scanned: list[Path] = field(default_factory=list)  # every Markdown file found, sorted
    content_dir: Path | None = None
    source_language: str = ""
    _drafts: dict[Path, bool] = field(default_factory=dict, repr=False)

    def languages_of(self, section: str, stem: str) -> list[str]:
        return list(self.items.get((section, stem), {}))

    def is_published(self, section: str, stem: str, lang: str) -> bool:
        """Whether this version of the item appears on the public site: it exists, it is not a
        draft, and (for a translation) neither is its original. A link or a language switch
        to anything else would lead to a draft's address or to no page at all."""
        versions = self.items.get((section, stem), {})
        if lang not in versions:
            return False
        return not any(self._is_draft(versions[code].path)
                       for code in {lang, self.source_language} if code in versions)

    def _is_draft(self, relpath: Path) -> bool:
        """Read once, lazily: most builds ask about few items. Unreadable counts as a draft."""
        if relpath not in self._drafts:
            try:
                meta = frontmatter.read(confined_file(self.content_dir or Path(), relpath)).meta
                self._drafts[relpath] = meta.get("status") == "draft"
            except PortalError:
                self._drafts[relpath] = True
        return self._drafts[relpath]


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
