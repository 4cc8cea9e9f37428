"""The check rules' settings: content/_config/checks.yaml plus what agency.yaml implies."""

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
    values = [agency.contact.get(key, "") for key in ("phone", "hotline", "email")]
    for person in agency.people.values():
        values += [str(person.get("phone", "")), str(person.get("email", ""))]
    return frozenset(contact_key(value) for value in values if value)


def _forbidden_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(term.strip()) for term in terms if term.strip())
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _parse(_path: Path, data: dict[str, Any]) -> CheckConfig:
    html = data.get("html", {})
    media = data.get("media", {})
    personal = data.get("personal_data", {})
    tags = data.get("tags", {})
    return CheckConfig(
        word_limits=data.get("word_limits", {}) or {},
        tags_restricted=bool(tags.get("restricted", False)),
        allowed_tags=frozenset(tags.get("allowed", []) or []),
        media=tuple(MediaKind(name, frozenset(e.lower() for e in spec["extensions"]),
                              int(spec["max_kib"]) * 1024) for name, spec in media.items()),
        html_tags=frozenset(html.get("tags", [])),
        html_attributes={tag: frozenset(attrs) for tag, attrs in
                         (html.get("attributes", {}) or {}).items()},
        url_schemes=frozenset(html.get("url_schemes", ["http", "https"])),
        iframe_hosts=frozenset(html.get("iframe_hosts", [])),
        forbidden=_forbidden_pattern(data.get("forbidden_terms", []) or []),
        forbidden_terms=tuple(term.strip().lower() for term in
                              data.get("forbidden_terms", []) or [] if term.strip()),
        allowed_contacts=frozenset(),
        personal_data_fields=frozenset(personal.get("allowed_fields", []) or []),
    )


def load_check_config(content_dir: Path) -> CheckConfig:
    """checks.yaml, with the agency's published contacts from agency.yaml added."""
    settings = load_config(content_dir, CHECKS_FILE, _parse)
    return dataclasses.replace(settings,
                               allowed_contacts=_published_contacts(load_agency(content_dir)))
