"""The agency's own data: languages, sections, categories, units, people, contact block.

It lives in `content/_config/agency.yaml` so that a second agency adopts the system by editing
configuration, and so that a change to it goes through the same approval chain as content. The
file is checked against its schema (plugins/core/config_schemas.py, docs/configuration.md)
before it gets here: every key is present or has its default, and every id it refers to exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.configfiles import load_config

AGENCY_FILE = "agency.yaml"


@dataclass(frozen=True)
class Language:
    code: str
    prefix: str
    locale: str
    html_lang: str
    name: str
    site_name: str
    site_tagline: str
    parent_portal: str

    @property
    def root(self) -> str:
        """The path of this language's home page relative to the site root: '' or 'english/'."""
        return f"{self.prefix}/" if self.prefix else ""


@dataclass(frozen=True)
class Section:
    key: str
    segment: dict[str, str]
    title: dict[str, str]
    year_folders: bool
    category: str | None  # the category `portal new` writes for a new item of the section


class Agency:
    """Read-only view of agency.yaml with the look-ups templates and rules need."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.path = path
        self.data = data
        self.languages: dict[str, Language] = {
            code: Language(code=code, **values) for code, values in data["languages"].items()
        }
        self.source_language = next(iter(self.languages))
        self.sections: dict[str, Section] = {
            key: Section(
                key=key,
                segment=values["segment"],
                title=values["title"],
                year_folders=values["year_folders"],
                category=values.get("category"),
            )
            for key, values in data["sections"].items()
        }
        self.site: dict[str, Any] = data["site"]
        self.categories: dict[str, dict[str, Any]] = data["categories"]
        self.units: dict[str, dict[str, Any]] = data["units"]
        self.people: dict[str, dict[str, Any]] = data["people"]
        self.topics: dict[str, dict[str, Any]] = data["topics"]
        self.document_types: dict[str, dict[str, Any]] = data["document_types"]
        self.related_links: list[dict[str, Any]] = data["related_links"]
        self.document_fields: dict[str, dict[str, Any]] = data["document_fields"]
        self.places: dict[str, dict[str, Any]] = data["places"]
        self.navigation: list[dict[str, Any]] = data["navigation"]
        self.contact: dict[str, Any] = data["contact"]
        self.taxonomies: dict[str, dict[str, str]] = data["taxonomies"]

    def text(self, value: Any, lang: str) -> str:
        """A configured value in `lang`: per-language mappings fall back to the source language."""
        if isinstance(value, dict):
            return str(value.get(lang) or value[self.source_language])
        return "" if value is None else str(value)

    def category_title(self, category: str, lang: str) -> str:
        return self.text(self.categories[category]["title"], lang)

    def unit_name(self, unit: str, lang: str) -> str:
        return self.text(self.units[unit]["name"], lang)

    def leaders(self) -> list[dict[str, Any]]:
        return [dict(person, id=key) for key, person in self.people.items() if person["leader"]]


def _parse(path: Path, data: dict[str, Any]) -> Agency:
    return Agency(data, path)


def load_agency(content_dir: Path) -> Agency:
    return load_config(content_dir, AGENCY_FILE, _parse)
