"""Messages of the `portal` command, the rule modules and the Q&A intake, Vietnamese first.

Catalogs are `.po` files under `plugins/core/locale/`; they are compiled in memory when first
used, so no compiled `.mo` file is ever committed or goes stale. Message ids are English, which
is also what `--lang en` shows; a message without a Chinese translation shows in English.

The language is a context variable, not module state: the intake service answers each request
in its asker's language while it serves others at the same time (each request runs in its own
context), and a command sets it once for its whole run.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import io
import os
from collections.abc import Iterator
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "portal"
DEFAULT_LANGUAGE = "vi"
SUPPORTED_LANGUAGES = ("vi", "en", "zh")

STARTING_LANGUAGE = os.environ.get("PORTAL_LANG", DEFAULT_LANGUAGE)
_language: contextvars.ContextVar[str] = contextvars.ContextVar("portal_message_language",
                                                                default=STARTING_LANGUAGE)


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


def supported(lang: str | None) -> str:
    """`lang` when messages exist in it, else Vietnamese."""
    return lang if lang in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Choose the language of messages for the rest of this context (a command's run)."""
    chosen = supported(lang)
    _language.set(chosen)
    return chosen


@contextlib.contextmanager
def using_language(lang: str | None) -> Iterator[str]:
    """Messages in `lang` inside the block only (one request of the intake service)."""
    token = _language.set(supported(lang))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def current_language() -> str:
    return supported(_language.get())


def _(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message
