"""Links, pictures and attachments: every internal target exists, every image has alt text,
and every file has an allowed type and size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from plugins.core.checks.config import CheckConfig
from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding
from plugins.core.checks.html_policy import TAG, tag_attributes
from plugins.core.checks.registry import RULES, file_rule
from plugins.core.i18n import _
from plugins.core.sources import MEDIA_DIR

MARKDOWN_TARGET = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]*)>?"
                             r"(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)>?",
                                  re.MULTILINE)
PELICAN_LINK = re.compile(r"^\{(?P<kind>static|attach|filename)\}(?P<path>.*)$")
MEDIA_FIELDS = ("image", "file")


def _resolve(ctx: FileContext, url: str) -> tuple[Path | None, str | None]:
    """The file a link needs (if any) and the problem, or (None, None) when it is fine."""
    pelican = PELICAN_LINK.match(url)
    parts = urlsplit(url)
    if pelican:
        path = unquote(urlsplit(pelican["path"]).path)
        base = ctx.content_dir if path.startswith("/") else ctx.content_dir / ctx.relpath.parent
        return (base / path.lstrip("/")).resolve(), None
    if parts.scheme or parts.netloc or url.startswith("#") or not parts.path:
        return None, None
    if parts.path.startswith("/"):
        path = unquote(parts.path)
        if path.startswith(f"/{MEDIA_DIR}/"):
            return (ctx.content_dir / path.lstrip("/")).resolve(), None
        normalized = path if path.endswith("/") else path + "/"
        if normalized in ctx.site_paths or path.startswith("/theme/"):
            return None, None
        return None, _("'{url}' is not an address of this site").format(url=url)
    return (ctx.content_dir / ctx.relpath.parent / unquote(parts.path)).resolve(), None


def _targets(ctx: FileContext) -> Iterator[tuple[int, str, str | None]]:
    """(line, url, alt text for images or None) for every link and picture in the body."""
    if "](" not in ctx.prose and "]:" not in ctx.prose and "<" not in ctx.prose:
        return
    for line, match in ctx.search(MARKDOWN_TARGET):
        yield line, match["url"], match["text"] if match["image"] else None
    for line, match in ctx.search(REFERENCE_DEFINITION):
        yield line, match["url"], None
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


def _media_problems(path: Path, config: CheckConfig) -> Iterator[tuple[str, str]]:
    kind = config.media_kind(path.suffix)
    if kind is None:
        allowed = sorted({ext for kind in config.media for ext in kind.extensions})
        yield "media-type", _("'{name}' has a type that may not be published; allowed: "
                              "{allowed}").format(name=path.name, allowed=", ".join(allowed))
        return
    size = path.stat().st_size
    if size > kind.max_bytes:
        yield "media-size", _("'{name}' is {size} KiB; {kind} files may be at most {limit} "
                              "KiB").format(name=path.name, size=size // 1024, kind=kind.name,
                                            limit=kind.max_bytes // 1024)


def _check_file(ctx: FileContext, line: int, url: str, path: Path) -> Iterator[Finding]:
    if not path.exists() or path.is_dir():
        yield ctx.finding("broken-link", line, _(
            "'{url}' points to a file that does not exist").format(url=url))
        return
    try:
        inside_media = path.relative_to((ctx.content_dir / MEDIA_DIR).resolve())
    except ValueError:
        inside_media = None
    if inside_media is not None:
        for rule, message in _media_problems(path, ctx.config):
            yield ctx.finding(rule, line, message)


@file_rule
def body_links(ctx: FileContext) -> Iterator[Finding]:
    for line, url, alt in _targets(ctx):
        if alt is not None and not alt.strip():
            yield ctx.finding("missing-alt", line, _(
                "the picture '{url}' has no alt text: write what it shows, as in "
                "![Lãnh đạo Sở tiếp đoàn]({url})").format(url=url))
        path, problem = _resolve(ctx, url)
        if problem:
            yield ctx.finding("broken-link", line, problem)
        elif path is not None:
            yield from _check_file(ctx, line, url, path)


@file_rule
def front_matter_media(ctx: FileContext) -> Iterator[Finding]:
    for key in MEDIA_FIELDS:
        value = ctx.document.meta.get(key)
        if not isinstance(value, str) or not value:
            continue
        relative = PurePosixPath(value.lstrip("/"))
        line = ctx.document.line_of(key)
        if relative.parts[:1] != (MEDIA_DIR,):
            yield ctx.finding("broken-link", line, _(
                "'{key}' must point into media/, as media/<year>/<file>").format(key=key))
            continue
        yield from _check_file(ctx, line, value, (ctx.content_dir / relative).resolve())


def media_file_findings(path: Path, display: str, config: CheckConfig) -> Iterator[Finding]:
    """Type and size of a file under content/media/, checked on its own."""
    for rule, message in _media_problems(path, config):
        yield Finding(display, 0, RULES[rule][0], rule, message)
