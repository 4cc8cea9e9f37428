"""Skeleton files for `portal new`, derived from the section schema so they are always valid.

A Vietnamese skeleton lists every key of the section with an example and a comment saying what
it is for; a translation skeleton copies the original's ids and dates and its text to translate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from plugins.core import frontmatter
from plugins.core.agency import Agency
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import ContentIndex
from plugins.core.schema import BODY_PLACEHOLDER, Field, Kind, schema_for
from plugins.core.sources import STEM_PATTERN
from plugins.core.translations import fingerprint, with_source_hash

DATE_FORMAT = "%Y-%m-%d %H:%M"


def _yaml_line(key: str, value: Any) -> str:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True,
                            sort_keys=False, width=10_000).strip()
    return dumped[1:-1] if dumped.startswith("{") else dumped


def target_path(content_dir: Path, agency: Agency, section: str, stem: str, *, lang: str,
                when: dt.datetime) -> Path:
    folder = Path(content_dir) / section
    if agency.sections[section].year_folders:
        folder /= f"{when:%Y}"
    return folder / f"{stem}.{lang}.md"


def original_skeleton(section: str, when: dt.datetime, agency: Agency) -> str:
    """Front matter with every key of the section: required ones filled with examples (dates
    with `when`, ids from this agency's configuration); the examples marked as placeholders
    are errors until the editor replaces them, so an untouched skeleton is never published."""
    lines = ["---"]
    for field in schema_for(section).fields:
        comment = f"  # {_(field.help)}" if field.help else ""
        if field.required:
            lines.append(_yaml_line(field.name, _example(field, section, when, agency)) +
                         comment)
        else:
            lines.append(f"# {field.name}:{comment}")
    lines += ["---", "", _(BODY_PLACEHOLDER), ""]
    return "\n".join(lines)


def _example(field: Field, section: str, when: dt.datetime, agency: Agency) -> Any:
    if field.kind is Kind.DATETIME:
        return when.strftime(DATE_FORMAT)
    if field.kind is Kind.DATE:
        return when.date().isoformat()
    vocabulary = {Kind.CATEGORY: agency.categories, Kind.UNIT: agency.units,
                  Kind.PERSON: agency.people}.get(field.kind)
    if vocabulary is not None:
        proposed = agency.sections[section].category if field.kind is Kind.CATEGORY else None
        for candidate in (proposed, field.example):
            if candidate in vocabulary:
                return candidate
        return next(iter(vocabulary), "")
    return _(field.example) if isinstance(field.example, str) else field.example


def translation_skeleton(original: Path, section: str) -> str:
    """The original's front matter and body, with the text a translator must rewrite marked
    and the version of the original it starts from (`source_hash`)."""
    document = frontmatter.read(original)
    schema_fields = {field.name: field for field in schema_for(section).fields}
    lines = ["---"]
    for key, value in document.meta.items():
        if key == "source_hash":
            continue
        field = schema_fields.get(key)
        marker = "  # " + _("translate") if field and field.translated else ""
        lines.append(_yaml_line(key, value) + marker)
    lines += ["---", document.body.strip("\n"), ""]
    return with_source_hash("\n".join(lines), fingerprint(document, section))


def new_item(content_dir: Path, agency: Agency, index: ContentIndex, section: str, stem: str,
             *, lang: str, when: dt.datetime) -> tuple[Path, str]:
    """Where the new file goes and what it holds; raises PortalError for any impossible request."""
    if section not in agency.sections:
        raise PortalError(_("'{section}' is not a section; choose one of: {sections}").format(
            section=section, sections=", ".join(agency.sections)))
    if not STEM_PATTERN.match(stem):
        raise PortalError(
            _("the name '{stem}' must use lowercase letters a-z without accents, digits and "
              "single hyphens, for example 'hoi-nghi-bien-gioi'").format(stem=stem))
    if lang not in agency.languages:
        raise PortalError(_("'{lang}' is not a language of the site; choose one of: {langs}")
                          .format(lang=lang, langs=", ".join(agency.languages)))
    existing = index.items.get((section, stem), {})
    if lang in existing:
        raise PortalError(_("this item already exists: {path}").format(
            path=Path(content_dir) / existing[lang].path))
    if lang == agency.source_language:
        return target_path(content_dir, agency, section, stem, lang=lang, when=when), \
            original_skeleton(section, when, agency)
    source = existing.get(agency.source_language)
    if source is None:
        raise PortalError(
            _("there is no Vietnamese original '{stem}' in {section}: write it first with "
              "'portal new {section} {stem}'").format(stem=stem, section=section))
    original = Path(content_dir) / source.path
    return original.with_name(f"{stem}.{lang}.md"), translation_skeleton(original, section)
