"""The URL scheme, in one place: clean addresses with localized segments.

`/tin-tuc/<slug>/`, `/english/news/<slug>/`, `/chinese/news/<slug>/`; listings paginate as
`.../page/N/`. Templates, the Pelican settings and the link between translations all derive
their addresses from these functions, so they cannot disagree.
"""

from __future__ import annotations

from plugins.core.agency import Agency
from plugins.core.index import ContentIndex

PAGE_SEGMENT = "page"
# The search page of each language: /tim-kiem/, /english/search/, /chinese/search/. A language
# not named here uses the English segment.
SEARCH_SEGMENTS = {"vi": "tim-kiem", "en": "search"}


def home_path(agency: Agency, lang: str) -> str:
    return agency.languages[lang].root


def section_path(agency: Agency, section: str, lang: str) -> str:
    return f"{home_path(agency, lang)}{agency.sections[section].segment[lang]}/"


def item_path(agency: Agency, section: str, stem: str, lang: str) -> str:
    return f"{section_path(agency, section, lang)}{stem}/"


def taxonomy_path(agency: Agency, taxonomy: str, slug: str, lang: str) -> str:
    return f"{home_path(agency, lang)}{agency.taxonomies[taxonomy][lang]}/{slug}/"


def save_as(path: str) -> str:
    """The output file behind a clean URL."""
    return f"{path}index.html"


def search_path(agency: Agency, lang: str) -> str:
    return f"{home_path(agency, lang)}{SEARCH_SEGMENTS.get(lang, SEARCH_SEGMENTS['en'])}/"


def all_site_paths(agency: Agency, index: ContentIndex) -> frozenset[str]:
    """Every address the built site has (homes, search, listings, items), as `/path/`: lets a check
    tell a good internal link from a broken one without building."""
    paths = set()
    for lang in agency.languages:
        paths.add("/" + home_path(agency, lang))
        paths.add("/" + search_path(agency, lang))
        paths.update("/" + section_path(agency, section, lang) for section in agency.sections)
        paths.update("/" + taxonomy_path(agency, "category", category, lang)
                     for category in agency.categories)
    for (section, stem), versions in index.items.items():
        paths.update("/" + item_path(agency, section, stem, lang) for lang in versions)
    return frozenset(paths)
