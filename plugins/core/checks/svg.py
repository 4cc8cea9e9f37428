"""SVG pictures that cannot run code or load anything: the `unsafe-svg` rule.

An SVG under content/media/ is published on the site's own origin; opened directly, it is a
document like any page, and a `<script>`, an `onload` or a link to `javascript:` in it runs with
the site's cookies and address. So an SVG is parsed (defusedxml: no DOCTYPE, hence no entity
that expands or fetches) and refused when it carries anything that can run code, embed another
document or fetch something from elsewhere. References to its own parts (`#id`) stay allowed,
and so do raster pictures written inside it as data: addresses (PNG, JPEG, WebP cannot run
code). `svg_problems` answers for the checks and for the build, which does not copy a file it
refuses.
"""

from __future__ import annotations

import functools
import io
import re
import stat
from pathlib import Path
from xml.sax import SAXException, SAXParseException, handler
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException

from plugins.core.i18n import _

SVG_MAX_BYTES = 2 * 1024 * 1024
# Elements that run code or embed another document (local names, any namespace, any case).
ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                             "listener"})
RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|webp)[;,]", re.IGNORECASE)
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
# CSS that loads or runs something: url() to anything but #id, @import, javascript:,
# expression(), image-set() (takes bare strings as addresses) and src().
CSS_DANGER = re.compile(r"\burl\s*\(\s*+(?![\"']?\s*#)|@import|javascript\s*:|expression\s*\("
                        r"|image-set\s*\(|\bsrc\s*\(", re.IGNORECASE)


def _decoded_css(css: str) -> str:
    """CSS with escapes (`u\\72l(`) decoded and comments removed, as a browser tokenizes it."""

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return CSS_COMMENT.sub("", CSS_ESCAPE.sub(unescape, css))


def _css_problem(css: str) -> str | None:
    danger = CSS_DANGER.search(_decoded_css(css))
    return danger.group().strip() if danger else None


class _Inspector(handler.ContentHandler):
    """Collects (line, message) for everything an SVG may not contain, as the parser goes."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[int, str]] = []
        self.locator: Locator | None = None
        self.depth = 0
        self.style: list[str] | None = None
        self.style_line = 0

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    @property
    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 0

    def refuse(self, message: str) -> None:
        self.problems.append((self.line, message))

    def startElementNS(self, name: tuple[str | None, str], qname: str | None,  # noqa: N802
                       attrs: AttributesNSImpl) -> None:
        tag = name[1]
        local = tag.lower()
        if self.depth == 0 and local != "svg":
            self.refuse(_("this is not an SVG picture: its root element is <{tag}>").format(
                tag=tag))
        self.depth += 1
        if local in ACTIVE_ELEMENTS:
            self.refuse(_("<{tag}> can run a script or embed another document; SVG pictures "
                          "may not contain it").format(tag=tag))
        for (_namespace, attribute), value in attrs.items():
            self._attribute(tag, attribute, value)
        if local == "style":
            self.style, self.style_line = [], self.line

    def _attribute(self, tag: str, attribute: str, value: str) -> None:
        name = attribute.lower()
        if name.startswith("on"):
            self.refuse(_("the event handler '{attribute}' on <{tag}> runs a script; remove "
                          "it").format(attribute=attribute, tag=tag))
        elif name == "href" and not _own_reference(tag, value):
            self.refuse(_("<{tag}> refers to '{href}'; an SVG picture may only refer to its own "
                          "parts (#id)").format(tag=tag, href=value.strip()[:80]))
        elif name == "attributename" and _animates_danger(value):
            self.refuse(_("<{tag}> animates '{attribute}', which can turn into a link or a "
                          "script; remove the animation").format(tag=tag, attribute=value))
        elif name == "style" or "url" in value.lower() or "(" in value:
            self._css(tag, value)

    def _css(self, tag: str, css: str, line: int | None = None) -> None:
        """CSS can fetch (url(), @import) or, in old engines, run code (expression())."""
        danger = _css_problem(css)
        if danger:
            self.problems.append((self.line if line is None else line, _(
                "the style of <{tag}> uses '{css}': SVG styles may only use url(#id), with no "
                "@import, javascript: or expression()").format(tag=tag, css=danger)))

    def characters(self, content: str) -> None:
        if self.style is not None:
            self.style.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802
        if name[1].lower() == "style" and self.style is not None:
            self._css(name[1], "".join(self.style), self.style_line)
            self.style = None

    def processingInstruction(self, target: str, data: str) -> None:  # noqa: N802
        self.refuse(_("the instruction <?{target} ...?> can load a style sheet; SVG pictures "
                      "may not contain it").format(target=target))


def _own_reference(tag: str, value: str) -> bool:
    """A reference to a part of the same picture, or a raster picture written inline."""
    value = value.strip()
    return value.startswith("#") or (tag.lower() in ("image", "feimage") and
                                     RASTER_DATA.match(value) is not None)


def _animates_danger(attribute: str) -> bool:
    """Animating a link (`href`) or an event handler (`on...`) sets it at run time."""
    name = attribute.rsplit(":", 1)[-1].strip().lower()
    return name == "href" or name.startswith("on")


def _inspect(data: bytes) -> list[tuple[int, str]]:
    # Imported here: its xml.sax.saxutils pulls in urllib.request (20 ms), which every
    # `portal check` would pay at start-up, with or without an SVG to look at.
    from defusedxml.expatreader import create_parser  # noqa: PLC0415

    inspector = _Inspector()
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(handler.feature_namespaces, True)
    parser.setContentHandler(inspector)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException:
        return [(inspector.line, _("the SVG declares a DOCTYPE or entities, which can expand or "
                                   "fetch content; remove the <!DOCTYPE ...> declaration"))]
    except SAXParseException as error:
        return [(error.getLineNumber() or 0, _(
            "the SVG is not well-formed XML ({reason}); export it again").format(
                reason=error.getMessage()))]
    except SAXException as error:
        return [(inspector.line, _(
            "the SVG is not well-formed XML ({reason}); export it again").format(
                reason=error.getMessage()))]
    return inspector.problems


@functools.lru_cache(maxsize=256)
def _problems_of(path: str, size: int, modified: int) -> tuple[tuple[int, str], ...]:
    """Parsed once per file version: many items may show the same picture."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return ((0, _("the SVG cannot be read: {reason}").format(reason=error.strerror)),)
    return tuple(_inspect(data))


def svg_problems(path: Path) -> list[tuple[int, str]]:
    """(line, message) for everything that makes the SVG at `path` unsafe to publish; empty
    when it is a plain picture. Line 0 is the whole file."""
    try:
        status = path.lstat()
    except OSError as error:
        return [(0, _("the SVG cannot be read: {reason}").format(reason=error.strerror))]
    if not stat.S_ISREG(status.st_mode):
        return [(0, _("the SVG is not a regular file (a link, folder or device)"))]
    if status.st_size > SVG_MAX_BYTES:
        return [(0, _("the SVG is larger than {limit} KiB, too large to check; simplify or "
                      "compress it").format(limit=SVG_MAX_BYTES // 1024))]
    return list(_problems_of(str(path), status.st_size, status.st_mtime_ns))
