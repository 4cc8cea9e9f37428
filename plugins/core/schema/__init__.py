"""Per-section front-matter schemas.

Each section has one module here that defines `SCHEMA`; adding a section to the portal is adding
its module and its entry in agency.yaml. The registry finds the modules by name.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass

from plugins.core.schema.fields import Field, Kind


@dataclass(frozen=True)
class SectionSchema:
    section: str
    fields: tuple[Field, ...]
    body_help: str = ""

    def field(self, name: str) -> Field | None:
        return next((field for field in self.fields if field.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def dated_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in (Kind.DATE, Kind.DATETIME))


@functools.cache
def schema_for(section: str) -> SectionSchema:
    """The schema of `section`; a section without a module is a configuration error."""
    module = importlib.import_module(f"plugins.core.schema.{section}")
    schema: SectionSchema = module.SCHEMA
    return schema


__all__ = ["Field", "Kind", "SectionSchema", "schema_for"]
