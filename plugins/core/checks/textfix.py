"""Repairs that never change meaning: NFC, legacy-font text to Unicode, invisible characters.

The same functions tell the rules what is wrong and tell `--fix` what to write, so a finding
that says "fixable" is exactly what the fix repairs.
"""

from __future__ import annotations

import re
import unicodedata

from plugins.core.legacy import convert_legacy

# Unicode's Extended_Pictographic property (emoji-data.txt, stable since Unicode 13: future
# emoji are already reserved in it), which Python's `re` and `unicodedata` do not know.
PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328"
    "\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe"
    "\u2600-\u2605\u2607-\u2612\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716"
    "\u271d\u2721\u2728\u2733\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757"
    "\u2763-\u2767\u2795-\u2797\u27a1\u27b0\u27bf\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c"
    "\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171"
    "\U0001f17e\U0001f17f\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5"
    "\U0001f201-\U0001f20f\U0001f21a\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f"
    "\U0001f249-\U0001f3fa\U0001f400-\U0001f53d\U0001f546-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f774-\U0001f77f\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f\U0001f848-\U0001f84f"
    "\U0001f85a-\U0001f85f\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff\U0001f90c-\U0001f93a"
    "\U0001f93c-\U0001f945\U0001f947-\U0001faff\U0001fc00-\U0001fffd"
)
# What may stand between an emoji and the joiner: VS16 (emoji presentation, as in 🏳️‍🌈) or a
# skin-tone modifier (as in 🧑🏽‍💻).
EMOJI_SUFFIX = "\ufe0f\U0001f3fb-\U0001f3ff"
# A zero-width joiner that glues two emoji into one picture (👨‍👩‍👧 is man, ZWJ, woman, ZWJ,
# girl): removing it splits the picture, so it is text, not an invisible character. The
# lookbehinds are fixed-width, as Python requires: one for each shape of the emoji before it.
EMOJI_JOINER = (
    f"(?:(?<=[{PICTOGRAPHIC}]\u200d)|(?<=[{PICTOGRAPHIC}][{EMOJI_SUFFIX}]\u200d))"
    f"(?=[{PICTOGRAPHIC}])"
)
# Soft hyphen, zero-width characters (a joiner only outside emoji), word joiner, BOM inside
# text, bidi controls, and C0/C1 control characters other than tab and newline. One pattern
# for the invisible-char rule and for the fix, so the fix removes exactly what is reported.
INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u2060\ufeff\u202a-\u202e\u2066-\u2069"
    "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
    f"|\u200d(?!{EMOJI_JOINER})"
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
