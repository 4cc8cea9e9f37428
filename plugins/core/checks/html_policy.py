"""The raw-HTML allow-list, used twice: to name offending markup in checks, and to sanitize
the rendered page with nh3 in the build (so a preview never runs a pasted script either)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from plugins.core.checks.config import CheckConfig
from plugins.core.i18n import _

TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
                 r"(?P<rest>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
COMMENT = re.compile(r"<!--")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "data",
                            "srcset", "xlink:href"})


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


def url_scheme(url: str) -> str:
    compact = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    return compact.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", compact) else ""


def url_violation(url: str, config: CheckConfig) -> str | None:
    scheme = url_scheme(url)
    if scheme and scheme not in config.url_schemes:
        return _("the address uses '{scheme}:', which is not allowed").format(scheme=scheme)
    return None


def violations(text: str, config: CheckConfig) -> Iterator[Violation]:
    """Markup in Markdown text that the allow-list refuses, each with its reason."""
    if "<" not in text:
        return
    for match in COMMENT.finditer(text):
        yield Violation(match.start(), "<!--", _("HTML comments are not published; "
                                                  "remove the comment"))
    for match in TAG.finditer(text):
        name = match["name"].lower()
        markup = match.group()
        if match["close"]:
            continue  # the opening tag is the one to name
        if name not in config.html_tags:
            yield Violation(match.start(), markup, _(
                "the tag <{tag}> is not allowed in content").format(tag=name))
            continue
        allowed = config.allowed_attributes(name)
        for attribute, value in tag_attributes(markup):
            if attribute.startswith("on"):
                yield Violation(match.start(), markup, _(
                    "the event handler '{attribute}' runs a script; remove it").format(
                        attribute=attribute))
            elif attribute not in allowed:
                yield Violation(match.start(), markup, _(
                    "the attribute '{attribute}' is not allowed on <{tag}>").format(
                        attribute=attribute, tag=name))
            elif attribute in URL_ATTRIBUTES:
                problem = url_violation(value, config)
                if problem:
                    yield Violation(match.start(), markup, problem)
                elif name == "iframe" and urlsplit(value).hostname not in config.iframe_hosts:
                    yield Violation(match.start(), markup, _(
                        "only videos from {hosts} may be embedded").format(
                            hosts=", ".join(sorted(config.iframe_hosts))))


def sanitize(html: str, config: CheckConfig) -> str:
    """The rendered HTML with everything outside the allow-list removed (nh3/ammonia)."""

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src" and urlsplit(value).hostname not in \
                config.iframe_hosts:
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
