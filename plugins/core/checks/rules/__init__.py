"""The rule modules; importing this package registers every file rule."""

from plugins.core.checks.rules import links, publication, questions, safety, schema, text

__all__ = ["links", "publication", "questions", "safety", "schema", "text"]
