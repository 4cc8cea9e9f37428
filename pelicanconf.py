"""Pelican settings shared by every language run of the portal (local preview).

`portal build` runs Pelican once per language with the overrides of
`plugins.portal_site.settings.language_settings`; agency data comes from
`content/_config/agency.yaml`. `publishconf.py` adds what the public site needs on top.
"""

from pathlib import Path

from plugins.core.agency import load_agency
from plugins.portal_site.settings import language_settings, newest_first

ROOT = Path(__file__).resolve().parent
PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
PUBLISH = False

_agency = load_agency(ROOT / PATH)

SITEURL = ""
TIMEZONE = _agency.site["timezone"]
DEFAULT_PAGINATION = _agency.site["items_per_page"]
PAGINATED_TEMPLATES = {"section": None, "category": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

PLUGIN_PATHS: list[str] = []
PLUGINS = [
    "plugins.portal_reader", "plugins.portal_site", "plugins.portal_checks",
    "plugins.portal_deadlines",
]

ARTICLE_PATHS = ["news", "announcements", "documents", "procedures", "questions", "schedules"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["media"]
ARTICLE_EXCLUDES = ["_config", "media"]
PAGE_EXCLUDES = ["_config", "media"]
SLUGIFY_SOURCE = "basename"
# Each run reads one language (IGNORE_FILES), so Pelican's grouping of translations could only
# find every item alone, after comparing it with all the others: quadratic, 0.7 s of the
# Vietnamese run at 10,000 items. The content index links the versions instead
# (`alternates` in plugins/portal_site/templating.py).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
ARTICLE_ORDER_BY = newest_first
READERS = {"rst": None, "html": None, "htm": None}  # Markdown only: one format to check

DIRECT_TEMPLATES = ["index", "404"]
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Templates do not change during a run: no check of their files' times at every page.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "auto_reload": False}
MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.toc",
                   "markdown.extensions.sane_lists"],
    "extension_configs": {"markdown.extensions.toc": {"permalink": False}},
    "output_format": "html5",
}

# Pelican's content cache is the build's to use: `portal build` turns it on for its runs and
# loads it only when it was made under the same making key (workflow/build.py). A Pelican run
# started by hand would neither check nor stamp it, so here it is off.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
# Stored as plain pickles: compressing the readers' cache took each build about half a second
# on a 2,000-item site, for a file that never leaves the machine.
GZIP_CACHE = False

globals().update(language_settings(_agency, "vi", publish=PUBLISH))
