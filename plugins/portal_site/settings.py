"""Pelican settings that differ per language run.

The site is built as one Pelican run per language (Vietnamese, English, Chinese), all writing into
the same output directory; each run's URL patterns carry its language prefix. Separate runs are
faster than pelican-i18n-subsites and can go in parallel (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from plugins.core.agency import Agency, load_agency
from plugins.core.dates import now
from plugins.core.runsettings import MOMENT_SETTING, run_cache
from plugins.core.urls import home_path, save_as

NOT_WRITTEN = ""


def build_moment(settings: dict[str, Any]) -> dt.datetime:
    """The moment the build publishes for (`portal build --as-of`): which scheduled items are
    public. `workflow/build.py` gives every language run the same one, so the three agree;
    a run started some other way fixes its own when it starts (`fix_moment`)."""
    given = settings.get(MOMENT_SETTING)
    return dt.datetime.fromisoformat(given) if given else now()


def fix_moment(settings: dict[str, Any]) -> None:
    """Decide the run's moment once, so every page of the run agrees on what is public."""
    settings[MOMENT_SETTING] = build_moment(settings).isoformat()


def newest_first(item: Any) -> tuple[float, str, str]:
    """The order of items in every listing: newest first, then by name, then by file (two
    sections may each have an item of one name and moment). Pelican's own "reversed-date"
    keeps whatever order it found items of one moment in: by name only while Pelican grouped
    translations (pelicanconf.py no longer has it do so), and by the order of a set of file
    names, which changes with each process, among items of one name."""
    return (-item.date.timestamp(), item.slug, item.source_path)


def is_source_language_run(settings: dict[str, Any]) -> bool:
    """The Vietnamese run writes what exists once for all languages (media, theme files, the
    internal dashboard)."""
    return settings["PORTAL_LANG"] == load_agency(Path(settings["PATH"])).source_language


def language_settings(agency: Agency, lang: str, *, publish: bool) -> dict[str, Any]:
    """URL and output settings of the run that builds language `lang`."""
    root = home_path(agency, lang)
    pages_segment = agency.sections["pages"].segment[lang]
    item_url = root + "{section_segment}/{slug}/"
    draft_url = root + "drafts/{section_segment}/{slug}/"
    category_url = f"{root}{agency.taxonomies['category'][lang]}/{{slug}}/"
    tag_url = f"{root}{agency.taxonomies['tag'][lang]}/{{slug}}/"
    other_languages = [code for code in agency.languages if code != lang]
    return {
        "PORTAL_LANG": lang,
        "DEFAULT_LANG": lang,
        "SITENAME": agency.languages[lang].site_name,
        "IGNORE_FILES": [".*", *[f"*.{code}.md" for code in other_languages]],
        "ARTICLE_URL": item_url,
        "ARTICLE_SAVE_AS": save_as(item_url),
        "ARTICLE_LANG_URL": item_url,
        "ARTICLE_LANG_SAVE_AS": save_as(item_url),
        "DRAFT_URL": draft_url,
        "DRAFT_SAVE_AS": NOT_WRITTEN if publish else save_as(draft_url),
        "DRAFT_LANG_URL": draft_url,
        "DRAFT_LANG_SAVE_AS": NOT_WRITTEN,
        "PAGE_URL": f"{root}{pages_segment}/{{slug}}/",
        "PAGE_SAVE_AS": save_as(f"{root}{pages_segment}/{{slug}}/"),
        "PAGE_LANG_URL": f"{root}{pages_segment}/{{slug}}/",
        "PAGE_LANG_SAVE_AS": NOT_WRITTEN,
        "DRAFT_PAGE_URL": f"{root}drafts/{pages_segment}/{{slug}}/",
        "DRAFT_PAGE_SAVE_AS": NOT_WRITTEN if publish else save_as(
            f"{root}drafts/{pages_segment}/{{slug}}/"),
        "DRAFT_PAGE_LANG_SAVE_AS": NOT_WRITTEN,
        "CATEGORY_URL": category_url,
        "CATEGORY_SAVE_AS": NOT_WRITTEN,  # every category is written by the listings generator
        "TAG_URL": tag_url,
        "TAG_SAVE_AS": save_as(tag_url),
        "INDEX_SAVE_AS": save_as(root),
        "404_SAVE_AS": f"{root}404.html",
        "THEME_STATIC_PATHS": ["static"] if not root else [],
        "CACHE_PATH": run_cache(lang),
        "FEED_ALL_ATOM": f"{root}feeds/all.atom.xml" if publish else None,
    }
