"""The one YAML loader of the portal, for front matter and configuration, with limits.

YAML lets a few hundred bytes describe billions of values (aliases of aliases: "billion
laughs"), nest a thousand levels deep, or write numbers Python refuses to convert. Front matter
comes from any editor and configuration from any approver, so neither may exhaust memory or end
in a traceback. The loader composes the node graph (libyaml's composer when present: it is
fast and refuses more than 1,000 levels itself), then walks the nodes once BEFORE any Python
object is built, enforcing `Limits`. The walk counts the expanded size of shared nodes with
memoisation by node identity and never expands an alias, so a bomb is refused in milliseconds.

Every violation is a PortalError naming the line in the FILE (front matter starts on line 2
of a content file: callers pass `line_offset`). The result carries, besides the data, the line
of every key path, so that later validation can name lines too.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from plugins.core.errors import PortalError
from plugins.core.i18n import _

KeyPath = tuple[Hashable, ...]
INT_TAG = "tag:yaml.org,2002:int"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
KIB = 1024


@dataclass(frozen=True)
class Limits:
    """What one YAML text may contain. Sizes are bytes of UTF-8 or characters of one value;
    `max_nodes` counts values as if every alias were written out."""

    max_bytes: int
    max_depth: int = 20
    max_aliases: int = 100
    max_nodes: int = 100_000
    max_int_chars: int = 30
    max_scalar_chars: int = 64 * KIB


FRONT_MATTER = Limits(max_bytes=64 * KIB, max_aliases=50, max_nodes=10_000,
                      max_scalar_chars=16 * KIB)
CONFIG = Limits(max_bytes=1024 * KIB, max_aliases=200, max_nodes=200_000)


@dataclass(frozen=True)
class Loaded:
    """The data of a YAML text and the file line of each key path.

    A path is the keys and list indices leading to a value: ("html", "url_schemes", 2). The
    line of a mapping entry is the line of its key; of a list item, the line it starts on."""

    data: Any
    lines: Mapping[KeyPath, int]
    first_line: int

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one (a key that is absent,
        or a value reached through an alias, is reported where its parent is)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return self.first_line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when present); a value that cannot be built, such as the
    date 2026-02-30 or `!!timestamp x` (on which PyYAML's constructor raises AttributeError),
    becomes a YAML error at its node instead of an exception from deep inside PyYAML."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, LookupError, OverflowError) as error:
            raise ConstructorError(None, None, str(error), node.start_mark) from error


class _TextDatesLoader(_Loader):
    """Leaves timestamps as text, for front matter (see plugins/core/frontmatter.py)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class _Place:
    """Where problems are reported: the file, the line offset and the rule id."""

    path: Path | None
    line_offset: int
    rule: str

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def error(self, message: str, node: Node | None) -> PortalError:
        line = self.line(node) if node is not None else self.line_offset + 1
        return PortalError(message, self.path, line, rule=self.rule)


class _Walker:
    """One pass over the composed nodes: limits, duplicate keys and the line of every path.

    `_sizes` holds, per node already seen, its expanded size and height (levels of nesting it
    contains); meeting it again is an alias use and costs a dictionary look-up, not a walk."""

    def __init__(self, loader: _Loader, limits: Limits, place: _Place) -> None:
        self.loader, self.limits, self.place = loader, limits, place
        self.lines: dict[KeyPath, int] = {}
        self._sizes: dict[int, tuple[int, int]] = {}
        self._open: set[int] = set()
        self._aliases = 0
        self._expanded = 0

    def visit(self, node: Node, depth: int, path: KeyPath | None) -> tuple[int, int]:
        """(expanded size, height) of `node` at nesting `depth`; lines recorded under `path`
        unless it is None (keys, and values inside keys)."""
        known = self._sizes.get(id(node))
        if known is not None or id(node) in self._open:
            return self._reuse(node, depth, known)
        self._add(node, 1)
        if isinstance(node, ScalarNode):
            self._scalar(node)
            result = (1, 0)
        else:
            if depth > self.limits.max_depth:
                raise self._too_deep(node)
            self._open.add(id(node))
            result = self._mapping(node, depth, path) if isinstance(node, MappingNode) \
                else self._sequence(node, depth, path)
            self._open.discard(id(node))
        self._sizes[id(node)] = result
        return result

    def _reuse(self, node: Node, depth: int, known: tuple[int, int] | None) -> tuple[int, int]:
        if known is None:
            raise self.place.error(_("an alias refers to the value that contains it; write "
                                     "the value out instead"), node)
        self._aliases += 1
        if self._aliases > self.limits.max_aliases:
            raise self.place.error(_("more than {limit} aliases (*name); write the values out "
                                     "instead").format(limit=self.limits.max_aliases), node)
        size, height = known
        if depth - 1 + height > self.limits.max_depth:
            raise self._too_deep(node)
        self._add(node, size)
        return known

    def _add(self, node: Node, size: int) -> None:
        self._expanded += size
        if self._expanded > self.limits.max_nodes:
            raise self.place.error(_("the aliases expand to more than {limit} values; write "
                                     "the values out instead").format(
                                         limit=self.limits.max_nodes), node)

    def _too_deep(self, node: Node) -> PortalError:
        return self.place.error(_("values are nested more than {limit} levels deep").format(
            limit=self.limits.max_depth), node)

    def _scalar(self, node: ScalarNode) -> None:
        length = len(node.value)
        if node.tag == INT_TAG and length > self.limits.max_int_chars:
            raise self.place.error(_("a number of {length} digits; at most {limit} are allowed "
                                     "(put an identifier in quotes)").format(
                                         length=length, limit=self.limits.max_int_chars), node)
        if length > self.limits.max_scalar_chars:
            raise self.place.error(_("a value of {length} characters; at most {limit} are "
                                     "allowed here").format(
                                         length=length, limit=self.limits.max_scalar_chars), node)

    def _sequence(self, node: SequenceNode, depth: int, path: KeyPath | None) -> tuple[int, int]:
        size, height = 1, 1
        for index, item in enumerate(node.value):
            child = None if path is None else (*path, index)
            if child is not None:
                self.lines[child] = self.place.line(item)
            item_size, item_height = self.visit(item, depth + 1, child)
            size, height = size + item_size, max(height, item_height + 1)
        return size, height

    def _mapping(self, node: MappingNode, depth: int, path: KeyPath | None) -> tuple[int, int]:
        size, height = 1, 1
        seen: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key_size, key_height = self.visit(key_node, depth + 1, None)
            key = self._key(key_node)
            line = self.place.line(key_node)
            if key is not None and key in seen:
                raise self.place.error(_("the key '{key}' appears twice (first on line {line})")
                                       .format(key=key, line=seen[key]), key_node)
            if key is not None:
                seen[key] = line
            child = None if path is None or key is None else (*path, key)
            if child is not None:
                self.lines[child] = line
            value_size, value_height = self.visit(value_node, depth + 1, child)
            size += key_size + value_size
            height = max(height, key_height + 1, value_height + 1)
        return size, height

    def _key(self, node: Node) -> Hashable | None:
        """The key as the data will hold it; None for keys that are not plain values (merge
        keys `<<`, lists or mappings used as keys)."""
        if node.tag == STR_TAG and isinstance(node, ScalarNode):
            return node.value
        if not isinstance(node, ScalarNode) or node.tag not in self.loader.yaml_constructors:
            return None
        key = self.loader.construct_object(node)
        return key if isinstance(key, Hashable) else None


def load(text: str, path: Path | None = None, *, limits: Limits, syntax_message: str,
         rule: str, line_offset: int = 0, timestamps: bool = True) -> Loaded:
    """Load one YAML document within `limits`; every problem is a PortalError at its line.

    `syntax_message` (already translated, with a `{problem}` field) reports text that is not
    YAML; `rule` is the check rule id the errors carry; `line_offset` is the number of file
    lines before the text; `timestamps=False` keeps dates as text."""
    place = _Place(path, line_offset, rule)
    _check_size(text, limits, place)
    loader = (_Loader if timestamps else _TextDatesLoader)(text)
    try:
        node = _compose(loader, limits, place)
        if node is None:
            return Loaded(None, {}, line_offset + 1)
        walker = _Walker(loader, limits, place)
        walker.lines[()] = place.line(node)
        walker.visit(node, 1, ())
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _syntax_error(error, text, syntax_message, place) from error
    finally:
        loader.dispose()
    return Loaded(data, walker.lines, place.line(node))


def _check_size(text: str, limits: Limits, place: _Place) -> None:
    size = len(text) if len(text) > limits.max_bytes else len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise place.error(_("{size} KiB of YAML; at most {limit} KiB are allowed here").format(
            size=-(-size // KIB), limit=limits.max_bytes // KIB), None)


def _compose(loader: _Loader, limits: Limits, place: _Place) -> Node | None:
    try:
        return loader.get_single_node()
    except RecursionError as error:  # only PyYAML's own composer recurses; libyaml refuses
        raise place.error(_("values are nested more than {limit} levels deep").format(
            limit=limits.max_depth), None) from error


def _syntax_error(error: yaml.YAMLError, text: str, message: str,
                  place: _Place) -> PortalError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line = mark.line + 1 + place.line_offset
    elif isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1 + place.line_offset
    else:
        line = place.line_offset + 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return PortalError(message.format(problem=problem), place.path, line, rule=place.rule)
