"""Numbers and symbols of legal and administrative documents (Decree 30/2020, Annex I).

One reading of "62/QĐ-SNgV", "42/2022/NĐ-CP", "91/2025/QH15" or "12/UBND-VP" for every place
that meets one: the documents section checks its `number` against its `doc_type`, and a Q&A
answer's citations are checked before the answer is recorded (004 Đ12.5).
"""

from __future__ import annotations

import re

DOCUMENT_TYPES = ("NQ", "QĐ", "CT", "QC", "QyĐ", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
                  "BB", "TTr", "HĐ", "CĐ", "GN", "GM", "NĐ", "TT", "TTLT", "TTg", "CV", "L")
LAW_NUMBER = re.compile(r"^\d+/\d{4}/QH\d{2}$")
TYPED_NUMBER = re.compile(r"^\d+/(?:\d{4}/)?(?P<type>[^\W\d_]+)-[^\W_]+(?:-[^\W_]+)*$")
LETTER_NUMBER = re.compile(r"^\d+/[^\W\d_]+(?:-[^\W_]+)*$")
FORMAT_EXAMPLES = "62/QĐ-SNgV, 43/2011/NĐ-CP, 91/2025/QH15, 12/UBND-VP"


def document_type(number: str) -> str | None:
    """The type code a number declares ("L" for a law, "CV" for an official letter), or None
    when it is not a document number at all."""
    typed = TYPED_NUMBER.match(number)
    if LAW_NUMBER.match(number):
        return "L"
    if typed and typed["type"] in DOCUMENT_TYPES:
        return typed["type"]
    if LETTER_NUMBER.match(number):
        return "CV"
    return None
