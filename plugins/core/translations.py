"""Which version of the Vietnamese original a translation was made from (003 Đ9.6).

A translation records the fingerprint of its original's translatable text in `source_hash`;
when the original's text changes, the fingerprints differ and the translation is stale. Ids,
dates and numbers are not part of the fingerprint: correcting a date does not make a translator
re-read the whole item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata

from plugins.core import frontmatter
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.frontmatter import Document
from plugins.core.schema import schema_for

FINGERPRINT_LENGTH = 16


def fingerprint(original: Document, section: str) -> str:
    translated = {field.name: original.meta.get(field.name)
                  for field in schema_for(section).fields if field.translated}
    body = "\n".join(line.rstrip() for line in original.body.strip().split("\n"))
    payload = json.dumps([translated, body], ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(unicodedata.normalize("NFC", payload).encode("utf-8"))
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def is_stale(translation: Document, original: Document, section: str) -> bool:
    """True when the translation was made from another version of the original (or does not
    say which version it was made from)."""
    return translation.meta.get("source_hash") != fingerprint(original, section)


def with_source_hash(text: str, value: str) -> str:
    """The file text with `source_hash: value` in its front matter, everything else as it was."""
    return frontmatter.with_key(text, "source_hash", value)


def original_revised(translation: Document, original: Document, section: str) -> dt.date | None:
    """The day the original was last revised, when the translation was made from an earlier
    version: what its readers are told (003 Đ9.6), and how long the deadlines table counts
    the translation as stale. The original's `updated`, else its publication date."""
    if not is_stale(translation, original, section):
        return None
    values = schema_for(section).convert_values(original.meta)
    revised = values.get("updated") or values.get("date")
    if isinstance(revised, dt.datetime):
        return revised.astimezone(AGENCY_TIMEZONE).date()
    return revised if isinstance(revised, dt.date) else None
