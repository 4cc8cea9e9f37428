"""The search page of each language: a form that works without JavaScript as a plain link
target, and with it queries the Pagefind index the build writes after the language runs
(workflow/search_index.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from plugins.core.agency import load_agency
from plugins.core.urls import save_as, search_path

SEARCH_TEMPLATE = "search"


class SearchPageGenerator(Generator):
    """Writes `tim-kiem/`, `english/search/`, `chinese/search/`: one per language run."""

    def generate_context(self) -> None:
        """The page comes from the theme, not from content files."""

    def generate_output(self, writer: Any) -> None:
        agency = load_agency(Path(self.settings["PATH"]))
        path = search_path(agency, self.settings["PORTAL_LANG"])
        writer.write_file(save_as(path), self.get_template(SEARCH_TEMPLATE), self.context,
                          template_name=SEARCH_TEMPLATE, url=path, page_path=path)
