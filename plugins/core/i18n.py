"""Messages of the `portal` command and the rule modules, Vietnamese first.

Catalogs are `.po` files under `plugins/core/locale/`; they are compiled in memory when first
used, so no compiled `.mo` file is ever committed or goes stale. Message ids are English, which
is also what `--lang en` shows.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "portal"
DEFAULT_LANGUAGE = "vi"
SUPPORTED_LANGUAGES = ("vi", "en")

_active = {"lang": os.environ.get("PORTAL_LANG", DEFAULT_LANGUAGE)}


def compile_catalog(po_path: Path) -> Translations:
    """Read a `.po` catalog and return it ready for gettext, without writing a `.mo` file."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=po_path.stem)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    return compile_catalog(po_path)


def set_language(lang: str | None) -> str:
    """Choose the language of messages; unknown codes fall back to Vietnamese."""
    chosen = lang if lang in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    _active["lang"] = chosen
    return chosen


def current_language() -> str:
    return _active["lang"] if _active["lang"] in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def _(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message
