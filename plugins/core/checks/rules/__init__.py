"""The rule modules; importing this package registers every file rule."""

from plugins.core.checks.rules import (
    documents,
    links,
    procedures,
    publication,
    questions,
    safety,
    schedules,
    schema,
    text,
)

__all__ = ["documents", "links", "procedures", "publication", "questions", "safety",
           "schedules", "schema", "text"]
