"""The documents register as a whole: relations seen from both sides, and each document's
validity on a date.

A document names what it replaces, amends or is guided by; the register also needs the other
side (what replaced it, what amended it, what it guides) and whether it is still in force. Both
are computed from the documents' front matter, so an editor records a relation once, on the
newer document, and the older one's page changes by itself. A declared `validity` is kept when
the register cannot know (the replacing document is not in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plugins.core.schema.documents import RELATIONS

IN_FORCE, PARTLY_AMENDED, EXPIRED, REPLACED, PENDING, DRAFT = (
    "in_force", "partly_amended", "expired", "replaced", "pending", "draft")
# Relation -> the name of its other side.
INVERSE = {"replaces": "replaced_by", "amends": "amended_by", "guided_by": "guides"}


@dataclass
class Standing:
    """One document's place in the register on a date."""

    validity: str
    related: dict[str, list[str]] = field(default_factory=dict)  # relation -> stems


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def is_draft(values: Mapping[str, Any]) -> bool:
    """A draft put out for comment: not issued yet, so it has no number or date of issue (the
    register shows it apart; the compliance page does not ask it for an issued document's
    fields)."""
    return values.get("issued") is None and values.get("consultation_opens") is not None


def _in_effect(values: Mapping[str, Any], as_of: dt.date) -> bool:
    start = _day(values.get("effective")) or _day(values.get("issued"))
    return start is None or start <= as_of


def register(documents: Mapping[str, Mapping[str, Any]], as_of: dt.date
             ) -> dict[str, Standing]:
    """`documents` maps each stem to its converted front matter (schema values)."""
    standing = {stem: Standing(IN_FORCE, {name: list(dict.fromkeys(values.get(name) or []))
                                          for name in RELATIONS})
                for stem, values in documents.items()}
    for stem, values in documents.items():
        if is_draft(values):
            continue  # a draft proposes; it replaces or amends nothing until it is issued
        for relation in RELATIONS:
            for other in values.get(relation) or []:
                if other in standing and other != stem and \
                        stem not in standing[other].related.get(INVERSE[relation], []):
                    standing[other].related.setdefault(INVERSE[relation], []).append(stem)
    for stem, values in documents.items():
        standing[stem].validity = _validity(stem, values, documents, standing[stem], as_of)
    return standing


def _validity(stem: str, values: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]],
              standing: Standing, as_of: dt.date) -> str:
    """The first that holds: declared, a draft, not yet in effect, replaced, expired, amended;
    else in force. A relation counts from the day the other document takes effect."""
    del stem
    if values.get("validity"):
        return str(values["validity"])
    expiry = _day(values.get("expiry"))
    checks = (
        (is_draft(values), DRAFT),
        (not _in_effect(values, as_of), PENDING),
        (any(_in_effect(documents[other], as_of)
             for other in standing.related.get("replaced_by", [])), REPLACED),
        (expiry is not None and expiry < as_of, EXPIRED),
        (any(_in_effect(documents[other], as_of)
             for other in standing.related.get("amended_by", [])), PARTLY_AMENDED),
    )
    return next((status for holds, status in checks if holds), IN_FORCE)
