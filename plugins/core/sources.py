"""Where content files live and what their names mean.

The path carries three facts the editor never repeats in the front matter: the section (first
folder), the stem (slug and translation key) and the language (`<stem>.<lang>.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import Agency
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.contenttree import walk
from plugins.core.errors import PortalError
from plugins.core.i18n import _

MEDIA_DIR = "media"
SOURCE_SUFFIX = ".md"
STEM_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_PATTERN = re.compile(r"^(?P<stem>[^.]+)\.(?P<lang>[a-z]{2})\.md$")
YEAR_FOLDER = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class SourceName:
    """The facts a content file's path states: section, stem, language."""

    path: Path  # relative to the content directory, POSIX separators
    section: str
    stem: str
    lang: str

    @property
    def key(self) -> tuple[str, str]:
        """What ties the translations of one item together."""
        return (self.section, self.stem)


def classify(relpath: Path, agency: Agency) -> SourceName:
    """Read section, stem and language from a path, or say exactly what is wrong with it."""
    parts = relpath.parts
    section = parts[0] if len(parts) > 1 else ""
    if section not in agency.sections:
        raise PortalError(
            _("'{folder}' is not a section; put the file in one of: {sections}").format(
                folder=section or relpath.name, sections=", ".join(agency.sections)),
            relpath)
    if len(parts) > 3 or (len(parts) == 3 and not YEAR_FOLDER.match(parts[1])):
        raise PortalError(
            _("only year folders (such as {example}) may sit inside a section").format(
                example=f"{section}/2026/"), relpath)
    match = NAME_PATTERN.match(relpath.name)
    if not match or match["lang"] not in agency.languages:
        raise PortalError(
            _("the file name must be <stem>.<language>.md with language one of: {langs}").format(
                langs=", ".join(agency.languages)), relpath)
    stem = match["stem"]
    if not STEM_PATTERN.match(stem):
        raise PortalError(
            _("the name '{stem}' must use lowercase letters a-z without accents, digits and "
              "single hyphens, for example 'hoi-nghi-bien-gioi'").format(stem=stem), relpath)
    return SourceName(path=relpath, section=section, stem=stem, lang=match["lang"])


def original_path(path: Path, source_language: str) -> Path | None:
    """The file of the same item in the source language, beside `path` (which may be relative
    or absolute); None when the name is not `<stem>.<lang>.md`."""
    match = NAME_PATTERN.match(path.name)
    return path.with_name(f"{match['stem']}.{source_language}.md") if match else None


def scan_sources(content_dir: Path) -> tuple[list[Path], list[PortalError]]:
    """Every Markdown file an editor wrote, relative to `content_dir`, in a stable order, and
    the links and special files found anywhere under `content_dir` (never followed)."""
    tree = walk(Path(content_dir))
    sources = sorted(relpath for relpath in tree.files
                     if relpath.suffix == SOURCE_SUFFIX
                     and relpath.parts[0] not in (CONFIG_DIR, MEDIA_DIR)
                     and not any(part.startswith(".") for part in relpath.parts))
    return sources, tree.refused
