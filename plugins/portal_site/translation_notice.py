"""A translation whose Vietnamese original changed after it was made tells its readers so, with
the day of the change and a link to the original (003 Đ9.6: foreign-language versions follow
their source). Editors see the same fact in the deadlines table; readers must not take an
out-of-date translation for the current text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plugins.core.agency import load_agency
from plugins.core.errors import PortalError
from plugins.core.translations import original_revised
from plugins.core.urls import item_path


def mark_revised_originals(generator: Any) -> None:
    """Give each published translation of this run `original_revised` (a date, or None) and
    `original_url`."""
    settings = generator.settings
    content_dir = Path(settings["PATH"])
    agency = load_agency(content_dir)
    source = agency.source_language
    if settings["PORTAL_LANG"] == source:
        return
    index = settings["PORTAL_INDEX"]
    items = [*getattr(generator, "articles", []), *getattr(generator, "pages", [])]
    for item in items:
        section = item.metadata.get("section")
        original = index.items.get((section, item.slug), {}).get(source)
        item.original_revised = None
        if original is None:
            continue
        try:
            revised = original_revised(index.document(Path(item.metadata["source_relpath"])),
                                       index.document(original.path), section)
        except PortalError:
            continue  # `portal check` reports an unreadable file; the page is built as it is
        item.original_revised = revised
        item.original_url = f"{settings['SITEURL']}/{item_path(agency, section, item.slug, source)}"
