"""Drafts open for public comment (003 Đ6.5), seen from the intake and the desk.

The intake accepts a comment only on a draft whose comment period is open at that moment, as
its Vietnamese file in content/documents/ says; after closing, `portal qa consultation` writes
the number of comments received into that file, so that the page can say it without the build
ever reading the private store.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.schema import schema_for
from workflow.qa import records
from workflow.qa.desk import Desk

DOCUMENTS = "documents"


def _drafts(desk: Desk) -> dict[str, dict[str, object]]:
    """Every draft for comment of the register: stem -> its converted front matter."""
    folder = desk.content_dir / DOCUMENTS
    found: dict[str, dict[str, object]] = {}
    if not folder.is_dir() or folder.is_symlink():
        return found
    schema = schema_for(DOCUMENTS)
    suffix = f".{desk.agency.source_language}.md"
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False) or not entry.name.endswith(suffix):
            continue
        try:
            values = schema.convert_values(frontmatter.read(Path(entry.path)).meta)
        except PortalError:
            continue
        if values.get("consultation_opens") and values.get("consultation_closes"):
            found[entry.name.removesuffix(suffix)] = values
    return found


def open_drafts(desk: Desk, now: dt.datetime) -> dict[str, str]:
    """The drafts open for comment at `now` and public then (not a draft of the site, not
    scheduled later, not withdrawn): stem -> title."""
    return {stem: str(values.get("title", stem)) for stem, values in _drafts(desk).items()
            if values["consultation_opens"] <= now < values["consultation_closes"]
            and _public(values, now)}


def _public(values: dict[str, object], now: dt.datetime) -> bool:
    publish_at, withdrawn = values.get("publish_at"), values.get("withdrawn")
    return values.get("status") != "draft" and \
        not (isinstance(publish_at, dt.datetime) and publish_at > now) and \
        not (isinstance(withdrawn, dt.datetime) and withdrawn <= now)


def record_count(desk: Desk, stem: str, now: dt.datetime) -> tuple[Path, int]:
    """Write the number of comments a closed draft received into its file."""
    values = _drafts(desk).get(stem)
    if values is None:
        raise PortalError(_("content/documents/{stem}.vi.md is not a draft for comment").format(
            stem=stem))
    if now < values["consultation_closes"]:
        raise PortalError(_("comments on {stem} are open until {closes}; count them after").format(
            stem=stem, closes=values["consultation_closes"]))
    count = desk.store.comment_count(stem)
    path = desk.content_dir / DOCUMENTS / f"{stem}.{desk.agency.source_language}.md"
    records.set_keys(path, {"comments_received": count})
    return path, count
