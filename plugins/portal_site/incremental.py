"""Render an item's page only when something it shows has changed.

Rendering and writing every page is most of a build once Pelican's content cache has skipped
the Markdown (shared/DESIGN.md). An item page shows its own file, plus things every page
shares: templates, catalogs, configuration, the plugins' code, which items are public in which
language at the build's moment (the language switcher), which are withdrawn or scheduled (a
translation shows its original's withdrawal or schedule), the date deadlines are computed for,
and the site address; its related items (plugins/portal_site/related.py) and, for a
translation, the day its original was revised if it was made from an earlier version
(translation_notice.py). A question's page also shows which documents its citations link to, and
a document's page the documents related to it.
When none of these changed since the previous build, the page is copied from the live
`output/` instead of rendered. A copy, not a hard link: a link would share its inode with the
live page, and any later write to the new tree (or a build that then fails) would change the
live site. The previous file is used only if it is exactly the one this cache recorded (same
inode, size and time), so a failed or hand-edited build is never reused.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
import shutil
from pathlib import Path
from typing import Any

from pelican import __version__ as pelican_version
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from plugins.core.agency import load_agency
from plugins.core.atomic import write_bytes
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.fingerprints import digest, file_contents, load_pickle
from plugins.core.index import ContentIndex
from plugins.portal_site.documents import DocumentHelpers
from plugins.portal_site.qa import QUESTIONS
from plugins.portal_site.settings import build_moment

PREVIOUS_OUTPUT_SETTING = "PORTAL_PREVIOUS_OUTPUT"
MANIFEST_FILE = "pages.pickle"
PLUGINS_ROOT = Path(__file__).resolve().parent.parent
SHARED_SETTINGS = ("SITEURL", "PUBLISH", "PORTAL_LANG", "PORTAL_AS_OF", "DEFAULT_PAGINATION")
DOCUMENTS = "documents"
PROCEDURES = "procedures"  # its legal basis links to documents by number


def shared_key(settings: dict[str, Any], index_keys: list[str]) -> str:
    """Everything an item page depends on besides its own file."""
    theme, content = Path(settings["THEME"]), Path(settings["PATH"])
    return digest(
        pelican_version.encode(),
        *file_contents(theme / "templates", "*.html"),
        *file_contents(theme / "translations", "*.po"),
        *file_contents(content / CONFIG_DIR, "*.yaml"), *file_contents(PLUGINS_ROOT, "*.py"),
        "\n".join(index_keys).encode(),
        repr([settings.get(name) for name in SHARED_SETTINGS]).encode(),
    )


class ReusingWriter(Writer):
    """Pelican's writer, taking unchanged item pages from the previous build."""

    def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
        super().__init__(output_path, settings)
        previous = settings.get(PREVIOUS_OUTPUT_SETTING)
        self.previous = Path(previous) if previous else None
        self.manifest_path = Path(settings["CACHE_PATH"]) / MANIFEST_FILE
        self.old: dict[str, tuple[str, int, int, int]] = {}
        if self.previous is not None:
            self.old = load_pickle(self.manifest_path) or {}
        self.new: dict[str, tuple[str, int, int, int]] = {}
        content = Path(settings["PATH"])
        index = settings.get("PORTAL_INDEX")
        index_keys = _publication_keys(index, build_moment(settings)) if index else []
        self.shared = shared_key(settings, index_keys)
        self.pages_key = digest(*file_contents(content / "pages", "*.md"))
        self.content_dir = content
        signals.finalized.connect(self._save_manifest, weak=False)

    def write_file(  # noqa: PLR0917 - the signature of Pelican's Writer.write_file
        self, name: str, template: Any, context: dict[str, Any],
        relative_urls: bool = False, paginated: Any = None, template_name: str | None = None,
        override_output: bool = False, url: str | None = None, **kwargs: Any,
    ) -> Any:
        item = kwargs.get("article") or kwargs.get("page")
        source = getattr(item, "source_path", None)
        if item is None or paginated or not source:
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)
        extra = self.pages_key if "page" in kwargs else ""
        if getattr(item, "section", None) in (QUESTIONS, DOCUMENTS, PROCEDURES):
            # A question links the documents it cites by number; a document shows the others
            # related to it, both ways, and a validity that they and the moment decide.
            extra = self.documents_key
        if getattr(item, "section", None) == DOCUMENTS:
            extra += self.register_state
        # What the page shows of other items: its related list, its original's revision.
        extra += repr((getattr(item, "related_items", None),
                       getattr(item, "original_revised", None)))
        key = digest(self.shared.encode(), extra.encode(), Path(source).read_bytes())
        target = Path(sanitised_join(self.output_path, name))
        if not self._reuse(name, key, target):
            super().write_file(name, template, context, relative_urls, paginated,
                               template_name, override_output, url, **kwargs)
        stat = target.stat()
        self.new[name] = (key, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        return None

    @functools.cached_property
    def register_state(self) -> str:
        """Each document's validity, relations and comment period at this build's moment."""
        settings = self.settings
        content = Path(settings["PATH"])
        helpers = DocumentHelpers(load_agency(content), settings["PORTAL_INDEX"],
                                  settings["PORTAL_LANG"], siteurl=settings["SITEURL"],
                                  moment=build_moment(settings), content_dir=content)
        return digest(helpers.state().encode())

    @functools.cached_property
    def documents_key(self) -> str:
        """A question page links the documents it cites, found by their number."""
        return digest(*file_contents(self.content_dir / DOCUMENTS, "*.md"))

    def _reuse(self, name: str, key: str, target: Path) -> bool:
        recorded = self.old.get(name)
        if self.previous is None or recorded is None or recorded[0] != key:
            return False
        try:
            old = (self.previous / name).stat()
        except OSError:
            return False
        if (old.st_ino, old.st_size, old.st_mtime_ns) != recorded[1:]:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.previous / name, target)
        self._written_files.add(str(target))
        return True

    def _save_manifest(self, _pelican: Any) -> None:
        signals.finalized.disconnect(self._save_manifest)
        write_bytes(self.manifest_path, pickle.dumps(self.new))


def _publication_keys(index: ContentIndex, moment: dt.datetime) -> list[str]:
    """Where every version stands at the build's moment: public or not, withdrawn on which
    day, scheduled for when. The moment itself is left out, so that pages are reused until a
    scheduled item actually goes public."""
    return sorted(
        f"{section}/{stem}:{lang}:{index.is_live(section, stem, lang, moment)}:"
        f"{index.withdrawn_on(section, stem, lang)}:{index.scheduled_for(section, stem, lang)}"
        for (section, stem), versions in index.items.items() for lang in versions)


def reusing_writer(_pelican: Any) -> type[ReusingWriter]:
    return ReusingWriter
