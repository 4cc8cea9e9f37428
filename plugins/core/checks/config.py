"""The check rules' settings: content/_config/checks.yaml plus what agency.yaml implies.

checks.yaml is validated against its schema (plugins/core/config_schemas.py) before `_parse`
sees it, so a misspelt key is an error instead of a rule silently switched off, and every
optional key arrives with its default.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.agency import Agency, load_agency
from plugins.core.configfiles import load_config

CHECKS_FILE = "checks.yaml"


@dataclass(frozen=True)
class MediaKind:
    name: str
    extensions: frozenset[str]
    max_bytes: int


@dataclass(frozen=True)
class CheckConfig:
    word_limits: dict[str, dict[str, int]]
    tags_restricted: bool
    allowed_tags: frozenset[str]
    media: tuple[MediaKind, ...]
    html_tags: frozenset[str]
    html_attributes: dict[str, frozenset[str]]
    url_schemes: frozenset[str]
    iframe_hosts: frozenset[str]
    forbidden: re.Pattern[str] | None
    forbidden_terms: tuple[str, ...]
    allowed_contacts: frozenset[str]
    personal_data_fields: frozenset[str]

    def media_kind(self, extension: str) -> MediaKind | None:
        extension = extension.lower().lstrip(".")
        return next((kind for kind in self.media if extension in kind.extensions), None)

    def allowed_attributes(self, tag: str) -> frozenset[str]:
        return self.html_attributes.get("*", frozenset()) | self.html_attributes.get(tag,
                                                                                    frozenset())


def contact_key(value: str) -> str:
    """Phone numbers compare by digits, e-mail addresses by lowercase text."""
    value = value.strip().lower()
    return value if "@" in value else re.sub(r"\D", "", value)


def _published_contacts(agency: Agency) -> frozenset[str]:
    """The agency's own contacts, published on purpose (contact block, leaders' office lines)."""
    values = [agency.contact[key] for key in ("phone", "hotline", "email")]
    for person in agency.people.values():
        values += [person.get("phone", ""), person.get("email", "")]
    return frozenset(contact_key(value) for value in values if value)


def _forbidden_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _parse(_path: Path, data: dict[str, Any]) -> CheckConfig:
    html, tags = data["html"], data["tags"]
    terms = [term.strip() for term in data["forbidden_terms"]]
    return CheckConfig(
        word_limits=data["word_limits"],
        tags_restricted=tags["restricted"],
        allowed_tags=frozenset(tags["allowed"]),
        media=tuple(MediaKind(name, frozenset(e.lower() for e in spec["extensions"]),
                              spec["max_kib"] * 1024) for name, spec in data["media"].items()),
        html_tags=frozenset(html["tags"]),
        html_attributes={tag: frozenset(attrs) for tag, attrs in html["attributes"].items()},
        url_schemes=frozenset(html["url_schemes"]),
        iframe_hosts=frozenset(html["iframe_hosts"]),
        forbidden=_forbidden_pattern(terms),
        forbidden_terms=tuple(term.lower() for term in terms),
        allowed_contacts=frozenset(),
        personal_data_fields=frozenset(data["personal_data"]["allowed_fields"]),
    )


def load_check_config(content_dir: Path) -> CheckConfig:
    """checks.yaml, with the agency's published contacts from agency.yaml added."""
    settings = load_config(content_dir, CHECKS_FILE, _parse)
    return dataclasses.replace(settings,
                               allowed_contacts=_published_contacts(load_agency(content_dir)))
