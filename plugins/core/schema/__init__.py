"""Per-section front-matter schemas.

Each section has one module here that defines `SCHEMA`; adding a section to the portal is adding
its module and its entry in agency.yaml. The registry finds the modules by name.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from plugins.core.i18n import N_
from plugins.core.schema.fields import Field, Kind

# What `portal new` writes as the body, to be replaced.
BODY_PLACEHOLDER = N_("Write the text here, in Markdown.")
# Page attributes through which Pelican decides where and how a page is written, or what its
# body is. Pelican turns every metadata key into an attribute, so no field may be named so.
RESERVED_NAMES = frozenset({
    "save_as", "url", "template", "content", "_content", "lang", "slug", "override_save_as",
    "override_url", "translations", "in_default_lang", "source_path", "relative_source_path",
    "settings", "metadata", "filename", "authors", "modified", "locale_date", "summary_max",
})


@dataclass(frozen=True)
class SectionSchema:
    section: str
    fields: tuple[Field, ...]

    def __post_init__(self) -> None:
        clashes = sorted(RESERVED_NAMES & {field.name for field in self.fields})
        if clashes:
            raise ValueError(f"{self.section}: field names reserved by Pelican: {clashes}")

    @functools.cached_property
    def _by_name(self) -> dict[str, Field]:
        return {field.name: field for field in self.fields}

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def convert_values(self, meta: dict[str, Any]) -> dict[str, Any]:
        """Front-matter values converted by their fields (real dates, lists, booleans); values
        that do not convert are left out, for the field-type check to report."""
        converted: dict[str, Any] = {}
        for key, raw in meta.items():
            field = self.field(key)
            if field is None or raw is None:
                continue
            try:
                converted[key] = field.convert(raw)
            except (TypeError, ValueError):
                continue
        return converted


@functools.cache
def schema_for(section: str) -> SectionSchema:
    """The schema of `section`; a section without a module is a configuration error."""
    module = importlib.import_module(f"plugins.core.schema.{section}")
    schema: SectionSchema = module.SCHEMA
    return schema


__all__ = ["Field", "Kind", "SectionSchema", "schema_for"]
