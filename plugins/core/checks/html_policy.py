"""The raw-HTML allow-list, used twice: to name offending markup in checks, and to sanitize
the rendered page with nh3 in the build (so a preview never runs a pasted script either).

Addresses are read the way browsers read them (the WHATWG URL standard, through `ada_url`), not
with `urllib.parse`, which disagrees with browsers about backslashes, tabs, control characters
and credentials: `http://host\\@www.youtube.com/` is a page on `host` to a browser. One
function, `url_problem`, decides for the checks and for the sanitizer alike, so the two can
never disagree about an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from ada_url import URL

from plugins.core.checks.config import CheckConfig
from plugins.core.i18n import _

TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
                 r"(?P<rest>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
# Markdown autolinks: <https://chinhphu.vn/>, <mailto:x@y.vn>, <someone@example.com>.
AUTOLINK = re.compile(r"<(?:(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)"
                      r"|(?P<mail>[^\s<>@!\"'=]+@[^\s<>@]+))>")
COMMENT = re.compile(r"<!--")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "data",
                            "srcset", "xlink:href"})
# Relative addresses stay on the site, which is served over https. The host is a reserved name
# (RFC 2606) that no allow-list holds, so a relative <iframe> never passes as a video host.
RELATIVE_BASE = "https://relative.invalid/"


@dataclass(frozen=True)
class Violation:
    offset: int  # character offset of the markup in the text checked
    markup: str
    message: str


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = [(name.lower(), value or "") for name, value in attrs]


def tag_attributes(markup: str) -> list[tuple[str, str]]:
    parser = _Attributes()
    parser.feed(markup)
    parser.close()
    return parser.attributes


def parse_url(url: str) -> URL | None:
    """`url` as a browser resolves it on a page of the site, or None if a browser cannot read
    it (and so would not follow it)."""
    try:
        return URL(url, RELATIVE_BASE)
    except ValueError:
        return None


def url_problem(url: str, config: CheckConfig, *, frame: bool = False) -> str | None:
    """Why a page may not carry the address `url` (None when it may); `frame` for an
    <iframe src>, which must be https on one of `iframe_hosts`. `url` is what the browser
    gets: the attribute value after character references are decoded."""
    parsed = parse_url(url)
    if parsed is None:
        return _("'{url}' is not an address a browser can read").format(url=url[:80])
    scheme = parsed.protocol.removesuffix(":")
    if scheme not in config.url_schemes:
        return _("the address uses '{scheme}:', which is not allowed").format(scheme=scheme)
    if parsed.username or parsed.password:
        return _("the address hides a user name or password before '@', which disguises where "
                 "it leads; remove them")
    if frame and (scheme != "https" or parsed.port or
                  parsed.hostname not in {host.lower() for host in config.iframe_hosts}):
        return _("only videos from {hosts} may be embedded, over https").format(
            hosts=", ".join(sorted(config.iframe_hosts)))
    return None


def _autolink_problem(markup: str, config: CheckConfig) -> tuple[bool, str | None]:
    """(is `markup` a Markdown autolink, its problem): an autolink is an address, not a tag."""
    autolink = AUTOLINK.fullmatch(markup)
    if autolink is None:
        return False, None
    url = autolink["url"] or f"mailto:{autolink['mail']}"
    return True, url_problem(url, config)


def violations(text: str, config: CheckConfig) -> Iterator[Violation]:
    """Markup in Markdown text that the allow-list refuses, each with its reason."""
    if "<" not in text:
        return
    for match in COMMENT.finditer(text):
        yield Violation(match.start(), "<!--", _("HTML comments are not published; "
                                                  "remove the comment"))
    for match in TAG.finditer(text):
        if match["close"]:
            continue  # the opening tag is the one to name
        markup = match.group()
        autolink, problem = _autolink_problem(markup, config)
        if autolink:
            if problem:
                yield Violation(match.start(), markup, problem)
            continue
        for message in _tag_problems(match["name"].lower(), markup, config):
            yield Violation(match.start(), markup, message)


def _tag_problems(name: str, markup: str, config: CheckConfig) -> Iterator[str]:
    """What the allow-list refuses in one opening tag: the tag, an attribute or an address."""
    if name not in config.html_tags:
        yield _("the tag <{tag}> is not allowed in content").format(tag=name)
        return
    allowed = config.allowed_attributes(name)
    for attribute, value in tag_attributes(markup):
        if attribute.startswith("on"):
            yield _("the event handler '{attribute}' runs a script; remove it").format(
                attribute=attribute)
        elif attribute not in allowed:
            yield _("the attribute '{attribute}' is not allowed on <{tag}>").format(
                attribute=attribute, tag=name)
        elif attribute in URL_ATTRIBUTES:
            problem = url_problem(value, config, frame=name == "iframe" and attribute == "src")
            if problem:
                yield problem


def sanitize(html: str, config: CheckConfig) -> str:
    """The rendered HTML with everything outside the allow-list removed (nh3/ammonia); every
    address goes through `url_problem`, the function the checks use."""

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in URL_ATTRIBUTES and url_problem(
                value, config, frame=tag == "iframe" and attribute == "src"):
            return None
        return value

    attributes = {tag: set(names) for tag, names in config.html_attributes.items()}
    return nh3.clean(
        html,
        tags=set(config.html_tags),
        attributes=attributes,
        url_schemes=set(config.url_schemes),
        attribute_filter=keep_attribute,
        link_rel=None,
        strip_comments=True,
    )
