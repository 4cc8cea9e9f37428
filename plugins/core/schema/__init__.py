"""Per-section front-matter schemas.

Each section has one module here that defines `SCHEMA`; adding a section to the portal is adding
its module and its entry in agency.yaml. The registry finds the modules by name.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from plugins.core.schema.fields import Field, Kind


@dataclass(frozen=True)
class SectionSchema:
    section: str
    fields: tuple[Field, ...]
    body_help: str = ""

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
