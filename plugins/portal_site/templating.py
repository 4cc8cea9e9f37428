"""What the theme's templates can call: agency data, localized dates, links between languages.

Every UI string goes through gettext (`jinja2.ext.i18n`) with the theme's Babel catalogs, compiled
in memory at build time; agency data comes from agency.yaml, never from template text.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date, format_time, get_datetime_format
from babel.support import NullTranslations
from jinja2 import Environment, FileSystemBytecodeCache

from plugins.core.agency import Agency
from plugins.core.atomic import real_folder
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.fingerprints import digest
from plugins.core.i18n import compile_catalog
from plugins.core.index import ContentIndex
from plugins.core.urls import home_path, item_path, search_path, section_path, taxonomy_path
from plugins.portal_site.qa import qa_page_path

THEME_DOMAIN = "messages"
COMPILED_TEMPLATES_DIR = "templates"  # in the run's cache


def cache_compiled_templates(env: Environment, cache_path: Path) -> None:
    """Keep the templates' compiled code between builds (Jinja's bytecode cache): compiling
    the theme costs each language run a few tenths of a second, on every build. Jinja checks
    each entry against its template's source; the code also depends on the environment's
    options, which it does not check, so they name the entries."""
    options = repr((sorted((key, repr(value)) for key, value in vars(env).items()
                           if isinstance(value, (bool, str, int, tuple)) or value is None),
                    sorted(env.extensions)))
    cache_path.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(
        str(real_folder(cache_path, PurePath(COMPILED_TEMPLATES_DIR))),
        pattern=f"{digest(options.encode())[:16]}-%s.cache")


def content_security_policy(iframe_hosts: frozenset[str], intake_url: str = "/", *,
                            webassembly: bool = False) -> str:
    """The page's Content-Security-Policy: a second wall behind the sanitizer. Scripts only
    from the site itself, WebAssembly only where asked (the search page: Pagefind's index
    reader); frames only from the video hosts of checks.yaml; forms go to the site itself or
    to the Q&A intake when qa.yaml puts it on a host of its own."""
    frames = " ".join(f"https://{host}" for host in sorted(iframe_hosts)) or "'none'"
    intake = urlsplit(intake_url)
    forms = "'self'" + (f" {intake.scheme}://{intake.netloc}" if intake.netloc else "")
    scripts = "'self' 'wasm-unsafe-eval'" if webassembly else "'self'"
    return (f"default-src 'self'; script-src {scripts}; style-src 'self'; "
            "img-src 'self' https: data:; media-src 'self' https:; "
            f"frame-src {frames}; object-src 'none'; base-uri 'self'; form-action {forms}")


@functools.cache
def theme_translations(theme_dir: str, lang: str) -> NullTranslations:
    po_path = Path(theme_dir) / "translations" / lang / "LC_MESSAGES" / f"{THEME_DOMAIN}.po"
    return compile_catalog(po_path) if po_path.exists() else NullTranslations()


class SiteHelpers:
    """The `site` object templates receive: one language's view of the agency and its content."""

    def __init__(self, agency: Agency, index: ContentIndex, lang: str, siteurl: str,
                 moment: dt.datetime) -> None:
        self.agency = agency
        self.index = index
        self.moment = moment  # what is public: links go only to pages this build writes
        self.lang = lang
        self.language = agency.languages[lang]
        self.siteurl = siteurl
        self.locale = self.language.locale

    # -- addresses ------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.siteurl}/{path}"

    def home_url(self, lang: str | None = None) -> str:
        return self.url(home_path(self.agency, lang or self.lang))

    def section_url(self, section: str, lang: str | None = None) -> str:
        return self.url(section_path(self.agency, section, lang or self.lang))

    def category_url(self, category: str, lang: str | None = None) -> str:
        return self.url(taxonomy_path(self.agency, "category", category, lang or self.lang))

    def search_url(self, lang: str | None = None) -> str:
        return self.url(search_path(self.agency, lang or self.lang))

    def item_url(self, section: str, stem: str, lang: str | None = None) -> str:
        """This language's version when it exists, else the Vietnamese original."""
        lang = lang or self.lang
        if not self.index.is_live(section, stem, lang, self.moment):
            lang = self.agency.source_language
        return self.url(item_path(self.agency, section, stem, lang))

    def media_url(self, path: str) -> str:
        return self.url(path.lstrip("/"))

    # -- the language switcher --------------------------------------------------------------
    def alternates(self, kind: str, key: str = "") -> list[dict[str, Any]]:
        """The other-language versions of the current page, for the switcher and hreflang.

        `kind` is 'home', 'search', 'section', 'category', 'item:<section>', 'qa-page' (a
        Q&A service page, `key` 'ask' or 'status', written in every language) or 'other'.
        Where a version does not exist or is not published, the link goes to that language's
        home page (`exists` is False).
        """
        result = []
        for code, language in self.agency.languages.items():
            exists, url = True, self.home_url(code)
            if kind == "section":
                url = self.section_url(key, code)
            elif kind == "category":
                url = self.category_url(key, code)
            elif kind == "search":
                url = self.search_url(code)
            elif kind == "qa-page":
                url = self.url(qa_page_path(self.agency, key, code))
            elif kind.startswith("item:"):
                section = kind.split(":", 1)[1]
                exists = self.index.is_live(section, key, code, self.moment)
                if exists:
                    url = self.url(item_path(self.agency, section, key, code))
            elif kind != "home":
                exists = False
            result.append({"code": code, "name": language.name, "hreflang": language.html_lang,
                           "url": url, "exists": exists, "current": code == self.lang})
        return result

    # -- agency data ------------------------------------------------------------------------
    def text(self, value: Any) -> str:
        return self.agency.text(value, self.lang)

    def section_title(self, section: str) -> str:
        return self.text(self.agency.sections[section].title)

    def category_title(self, category: str) -> str:
        return self.agency.category_title(category, self.lang) if category in \
            self.agency.categories else category

    def unit_name(self, unit: str) -> str:
        return self.agency.unit_name(unit, self.lang) if unit in self.agency.units else unit

    @functools.cached_property
    def navigation(self) -> list[dict[str, str]]:
        """The main menu: the mandated content groups, in configured order (same on every page)."""
        entries = []
        for entry in self.agency.navigation:
            if "section" in entry:
                key, url = f"section:{entry['section']}", self.section_url(entry["section"])
                title = entry.get("title") or self.agency.sections[entry["section"]].title
            elif "category" in entry:
                key, url = f"category:{entry['category']}", self.category_url(entry["category"])
                title = entry.get("title") or self.agency.categories[entry["category"]]["title"]
            else:
                key, url = f"item:pages:{entry['page']}", self.item_url("pages", entry["page"])
                title = entry["title"]
            entries.append({"key": key, "url": url, "title": self.text(title)})
        return entries

    # -- formatting ---------------------------------------------------------------------------
    def date(self, value: dt.date | None, fmt: str = "long") -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = value.astimezone(AGENCY_TIMEZONE).date()
        return _format_date(value, fmt, self.locale)

    def datetime(self, value: dt.datetime | None) -> str:
        """Long date and short time (no seconds), combined in the locale's own order."""
        if value is None:
            return ""
        return _format_datetime(value.astimezone(AGENCY_TIMEZONE), self.locale)

    def latest(self, items: list[Any], section: str, count: int) -> list[Any]:
        """The newest items of a section that have not expired: an announcement whose
        `expires` date has passed leaves the home page and stays in its archive."""
        today = self.moment.date()
        return [item for item in items if getattr(item, "section", None) == section
                and not _expired(item, today)][:count]


def international_phone(number: str) -> str:
    """A Vietnamese number as a reader abroad dials it: "0205 3812 100" -> "+84 205 3812 100";
    already international numbers stay as they are."""
    text = str(number).strip()
    return f"+84 {text[1:]}" if text.startswith("0") else text


def _expired(item: Any, today: dt.date) -> bool:
    expires = item.metadata.get("expires")
    return isinstance(expires, dt.datetime) and expires.date() < today


# A site has a few hundred distinct dates shown tens of thousands of times; Babel's formatting
# is the costly part of rendering a listing, so each date is formatted once per language.
@functools.lru_cache(maxsize=8192)
def _format_date(value: dt.date, fmt: str, locale: str) -> str:
    return format_date(value, format=fmt, locale=locale)


@functools.lru_cache(maxsize=8192)
def _format_datetime(local: dt.datetime, locale: str) -> str:
    pattern = get_datetime_format("long", locale=locale)
    return pattern.replace("{1}", format_date(local.date(), "long", locale=locale)) \
        .replace("{0}", format_time(local.time(), "short", locale=locale))
