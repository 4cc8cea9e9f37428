"""Links, pictures and attachments: every internal target exists inside its folder, every
image has alt text, and every file has an allowed type and size (and an SVG is safe).

A link must not lead out of its folder: `{static}/../x`, `/media/%2e%2e/...` or an `image`
field `media/../../x` would publish (or reveal) a file from outside the site. Paths are
resolved by name, never by following the file system, and every component is looked at with
lstat: a symbolic link anywhere on the way is refused, wherever it points.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from plugins.core.checks.config import CheckConfig
from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.html_policy import TAG, tag_attributes
from plugins.core.checks.readertext import markdown_destination
from plugins.core.checks.registry import RULES, file_rule
from plugins.core.checks.svg import svg_problems
from plugins.core.i18n import _
from plugins.core.sources import MEDIA_DIR

MARKDOWN_TARGET = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]*)>?"
                             r"(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)>?",
                                  re.MULTILINE)
PELICAN_LINK = re.compile(r"^\{(?P<kind>static|attach|filename)\}(?P<path>.*)$")
MEDIA_FIELDS = ("image", "file")
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# What a browser ignores in an address: C0 controls and spaces around it, tabs and newlines in it.
URL_NOISE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")
Parts = tuple[str, ...]


def _climb(base: Parts, path: str) -> Parts | None:
    """The components of `path` taken from `base` (both relative to content/), '.' and '..'
    applied by name; None when '..' climbs above content/. Backslashes separate like '/', as
    browsers read them."""
    parts = list(base)
    for part in path.replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return tuple(parts)


def _inside(url: str, parts: Parts | None, folder: Parts) -> tuple[Parts | None, str | None]:
    """`parts` if they lie in `folder` (components under content/), else the problem."""
    if parts is not None and parts[:len(folder)] == folder:
        return parts, None
    shown = "/".join(("content", *folder)) + "/"
    return None, _("'{url}' leads to a file outside its folder ({folder}); link only to files "
                   "inside it").format(url=url, folder=shown)


def _is_external(url: str) -> bool:
    """An address with a scheme, or a scheme-relative `//host/...` (backslashes count)."""
    return bool(URL_SCHEME.match(url)) or url[:2].replace("\\", "/") == "//"


def _resolve(ctx: FileContext, url: str) -> tuple[Parts | None, str | None]:
    """The components (under content/) of the file a link needs, or None and the problem;
    (None, None) when the link needs no file. Percent-encoding is decoded before '..' is
    looked at: `%2e%2e` is '..' to a browser and to Pelican."""
    here = ctx.relpath.parent.parts
    pelican = PELICAN_LINK.match(url)
    if pelican:
        path = unquote(urlsplit(pelican["path"]).path)
        return _inside(url, _climb(() if path.startswith("/") else here, path), ())
    cleaned = URL_NOISE.sub("", url)
    if _is_external(cleaned) or cleaned.startswith("#"):
        return None, None
    path = unquote(urlsplit(cleaned.replace("\\", "/")).path)
    if not path:
        return None, None
    if not path.startswith("/"):
        return _inside(url, _climb(here, path), ())
    if path.startswith(f"/{MEDIA_DIR}/"):
        return _inside(url, _climb((), path), (MEDIA_DIR,))
    return None, _site_address_problem(ctx, url, path)


def _site_address_problem(ctx: FileContext, url: str, path: str) -> str | None:
    """A link to a page of the site (/tin-tuc/...) must name one that exists."""
    normalized = path if path.endswith("/") else path + "/"
    if normalized in ctx.site_paths or path.startswith("/theme/"):
        return None
    return _("'{url}' is not an address of this site").format(url=url)


def _walk(content_dir: Path, parts: Parts) -> str | None:
    """'symlink' or 'missing' when `parts` do not lead, link-free, to a regular file."""
    if not parts:
        return "missing"
    current = content_dir
    mode = 0
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return "missing"
        if stat.S_ISLNK(mode):
            return "symlink"
    return None if stat.S_ISREG(mode) else "missing"


def _targets(ctx: FileContext) -> Iterator[tuple[int, str, str | None]]:
    """(line, url, alt text for images or None) for every link and picture in the body."""
    if "](" not in ctx.prose and "]:" not in ctx.prose and "<" not in ctx.prose:
        return
    for line, match in ctx.search(MARKDOWN_TARGET):
        yield line, markdown_destination(match["url"]), match["text"] if match["image"] else None
    for line, match in ctx.search(REFERENCE_DEFINITION):
        yield line, markdown_destination(match["url"]), None
    if "<" not in ctx.prose:
        return
    for line, tag in ctx.search(TAG):
        name = tag["name"].lower()
        if name in ("a", "img") and not tag["close"]:
            attributes = dict(tag_attributes(tag.group()))
            if name == "img":
                yield line, attributes.get("src", ""), attributes.get("alt", "")
            elif attributes.get("href"):
                yield line, attributes["href"], None


def _media_problems(path: Path, config: CheckConfig) -> Iterator[tuple[str, int, str]]:
    """(rule, line in the media file, message) for a file under content/media/."""
    kind = config.media_kind(path.suffix)
    if kind is None:
        allowed = sorted({ext for kind in config.media for ext in kind.extensions})
        yield "media-type", 0, _("'{name}' has a type that may not be published; allowed: "
                                 "{allowed}").format(name=path.name, allowed=", ".join(allowed))
        return
    size = path.stat().st_size
    if size > kind.max_bytes:
        yield "media-size", 0, _("'{name}' is {size} KiB; {kind} files may be at most {limit} "
                                 "KiB").format(name=path.name, size=size // 1024,
                                               kind=kind.name, limit=kind.max_bytes // 1024)
    elif path.suffix.lower() == ".svg":
        for line, message in svg_problems(path):
            yield "unsafe-svg", line, message


def _check_file(ctx: FileContext, line: int, url: str, parts: Parts) -> Iterator[Finding]:
    # A media file's findings depend on the media, which every file's cached findings are
    # keyed by; a link to an item depends on the other content files.
    root = ctx.media_parent if parts[:1] == (MEDIA_DIR,) else ctx.content_dir
    problem = _walk(root, parts)
    if problem == "symlink":
        yield ctx.finding("broken-link", line, _(
            "'{url}' passes through a symbolic link, and links are refused: put the file "
            "itself under content/").format(url=url))
        return
    if problem:
        yield ctx.finding("broken-link", line, _(
            "'{url}' points to a file that does not exist").format(url=url))
        return
    if parts[0] != MEDIA_DIR:
        return
    path = root.joinpath(*parts)
    for rule, media_line, problem in _media_problems(path, ctx.config):
        yield ctx.finding(rule, line, problem if rule != "unsafe-svg" else _(
            "'{name}', line {line}: {message}").format(name=path.name, line=media_line,
                                                       message=problem))


@file_rule
def body_links(ctx: FileContext) -> Iterator[Finding]:
    for line, url, alt in _targets(ctx):
        if alt is not None and not alt.strip():
            yield ctx.finding("missing-alt", line, _(
                "the picture '{url}' has no alt text: write what it shows, as in "
                "![Lãnh đạo Sở tiếp đoàn]({url})").format(url=url))
        parts, problem = _resolve(ctx, url)
        if problem:
            yield ctx.finding("broken-link", line, problem)
        elif parts is not None:
            yield from _check_file(ctx, line, url, parts)


def _media_field_problem(key: str, value: str) -> str | None:
    """A media field names a file as media/<year>/<file>: no address, absolute path,
    backslash or '..' (not even percent-encoded) that could lead elsewhere."""
    if "\\" in value or value.startswith("/") or URL_SCHEME.match(value):
        return _("'{key}' must be a path inside media/, written media/<year>/<file>: not an "
                 "address, an absolute path or a path with backslashes").format(key=key)
    if ".." in PurePosixPath(value).parts or ".." in PurePosixPath(unquote(value)).parts:
        return _("'{key}' leads to a file outside its folder (content/media/) with '..'; "
                 "write media/<year>/<file>").format(key=key)
    return None


@file_rule
def front_matter_media(ctx: FileContext) -> Iterator[Finding]:
    for key in MEDIA_FIELDS:
        value = ctx.document.meta.get(key)
        if not isinstance(value, str) or not value:
            continue
        line = ctx.document.line_of(key)
        problem = _media_field_problem(key, value)
        parts = PurePosixPath(value).parts
        if problem is None and parts[:1] != (MEDIA_DIR,):
            problem = _("'{key}' must point into media/, as media/<year>/<file>").format(key=key)
        if problem:
            yield ctx.finding("broken-link", line, problem)
        else:
            yield from _check_file(ctx, line, value, parts)


def media_file_findings(path: Path, display: str, config: CheckConfig) -> Iterator[Finding]:
    """Type, size and (for SVG) safety of a file under content/media/, checked on its own."""
    for rule, line, message in _media_problems(path, config):
        yield Finding(display, line, RULES[rule][0], rule, message)
