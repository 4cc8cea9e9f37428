"""Text compared the way a reader would recognise it: without diacritics, letter case, invisible
characters or the amount of space between words.

Vietnamese is often typed without its diacritics ("khieu nai" for "khiếu nại", "Nguyen Van An"
for "Nguyễn Văn An") and pasted with stray spaces, soft hyphens or non-breaking spaces. A word
that must be found (a complaint, the asker's own name in the question) is found in all of
these forms, and its place in the original text is kept so that it can be cut out there.
"""

from __future__ import annotations

import re
import unicodedata

MARKS = frozenset({"Mn", "Cf"})  # combining marks (the diacritics) and invisible format chars
PHONE = re.compile(r"(?<![\d/])(?:\+\d{1,3}|0)(?:[\s.()-]{0,2}\d){7,12}(?![\d/])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""
    if char in "đĐ":
        return "d"
    stripped = "".join(part for part in unicodedata.normalize("NFD", char)
                       if unicodedata.category(part) != "Mn")
    return stripped.casefold()


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index it came from in `text`."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                origin.append(index)
            continue
        for part in _fold_char(char):
            folded.append(part)
            origin.append(index)
    while folded and folded[-1] == " ":
        folded.pop()
        origin.pop()
    return "".join(folded), origin


def fold(text: str) -> str:
    """The folded text alone: the same result as fold_with_origin, without the per-character
    bookkeeping (the intake folds every question it judges)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    kept = "".join(char for char in decomposed if unicodedata.category(char) not in MARKS)
    return " ".join(kept.casefold().split())


def find_folded(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text` as whole words, folded: spans of the original text."""
    folded, origin = fold_with_origin(text)
    target = fold(needle)
    spans: list[tuple[int, int]] = []
    if not target:
        return spans
    for match in re.finditer(rf"(?<!\w){re.escape(target)}(?!\w)", folded):
        spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return spans


def contains_any_folded(text: str, needles: tuple[str, ...]) -> bool:
    """Whether any of `needles` occurs in `text` as whole words, folded."""
    folded = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(target)}(?!\w)", folded)
               for needle in needles if (target := fold(needle)))
