""""Did you mean ...?": the nearest known id for a misspelt key or value.

An editor who types `catgory`, or a person's name where an id belongs (`Nguyễn Thu Trang` for
`nguyen-thu-trang`), should be told the right word, not handed the whole vocabulary.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

CLOSENESS = 0.75


def to_id(text: str) -> str:
    """The id form of a name: no accents, 'đ' as 'd', lower case, words joined by hyphens."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def nearest(value: object, known: Iterable[str],
            names: Mapping[str, str] | None = None) -> str | None:
    """The known id `value` most probably means, or None when nothing is close.

    `names` maps display names (in any language) to ids, so a name typed in full finds its id.
    """
    known = list(known)
    text = str(value)
    candidate = to_id(text)
    if candidate in known and candidate != text:
        return candidate
    for name, key in (names or {}).items():
        if to_id(name) == candidate:
            return key
    close = difflib.get_close_matches(text, known, n=1, cutoff=CLOSENESS) or \
        difflib.get_close_matches(candidate, known, n=1, cutoff=CLOSENESS)
    return close[0] if close else None
