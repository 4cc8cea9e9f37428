"""Repairs that never change meaning: NFC, legacy-font text to Unicode, invisible characters.

The same functions tell the rules what is wrong and tell `--fix` what to write, so a finding
that says "fixable" is exactly what the fix repairs.
"""

from __future__ import annotations

import re
import unicodedata

from plugins.core.legacy import convert_legacy

# Soft hyphen, zero-width characters, word joiner, BOM inside text, bidi controls, and C0/C1
# control characters other than tab and newline.
INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"
    "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
)
INVISIBLE_NAMES = {
    "\u00ad": "SOFT HYPHEN", "\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}


def invisible_name(character: str) -> str:
    return INVISIBLE_NAMES.get(character) or unicodedata.name(
        character, f"U+{ord(character):04X}")


def remove_invisible(text: str) -> str:
    return INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def repair(text: str) -> tuple[str, list[str]]:
    """The repaired text and the names of the repairs that changed something."""
    applied = []
    # Legacy text first: in TCVN3 the soft hyphen is the letter "ư" and some control
    # characters are capitals, so removing invisible characters first would corrupt it.
    for name, repair_step in (("legacy-encoding", convert_legacy),
                              ("invisible-char", remove_invisible), ("nfc", to_nfc)):
        repaired = repair_step(text)
        if repaired != text:
            applied.append(name)
            text = repaired
    return text, applied
