"""The map of all items and their translations, built from file names alone.

Each per-language build sees only its own files, yet must link every page to its other-language
versions and refuse translations without a Vietnamese original. Listing names is cheap, so every
build and every check builds this index first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core.agency import Agency
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.sources import SourceName, classify, original_path, scan_sources


@dataclass
class ContentIndex:
    """Items keyed by (section, stem), each with the file of every language it exists in."""

    items: dict[tuple[str, str], dict[str, SourceName]] = field(default_factory=dict)
    problems: list[PortalError] = field(default_factory=list)
    scanned: list[Path] = field(default_factory=list)  # every Markdown file found, sorted

    def languages_of(self, section: str, stem: str) -> list[str]:
        return list(self.items.get((section, stem), {}))


def build_index(content_dir: Path, agency: Agency) -> ContentIndex:
    """Scan `content_dir`; names that break the contract become problems, not exceptions."""
    index = ContentIndex()
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
