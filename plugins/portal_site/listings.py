"""Section and category listings for every configured section and content group.

Pelican only lists what exists; a citizen following the English menu to "Questions and answers"
must find a page even before anything is translated, so every listing is written in every
language, paginated as `.../page/N/`. Two sections are exceptions: the questions listing is the
Q&A home, every question grouped by topic on one page (plugins/portal_site/questions.py), and
the documents listing is the register with its filter pages (plugins/portal_site/register.py).
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from plugins.core.agency import load_agency
from plugins.core.urls import save_as, section_path, taxonomy_path
from plugins.portal_site.documents import DOCUMENTS
from plugins.portal_site.procedures import PROCEDURES, write_catalogue
from plugins.portal_site.questions import QUESTIONS, write_questions_home
from plugins.portal_site.register import write_register
from plugins.portal_site.schedules import SCHEDULES, write_schedules_home

UNLISTED_SECTIONS = ("pages",)
# Sections whose listing is a page of its own: the Q&A home (by topic, with the service pages),
# the documents register (a table with filters), the procedures catalogue and the schedules
# home (this week, the weeks ahead, the archive).
SECTION_HOMES = {QUESTIONS: write_questions_home, DOCUMENTS: write_register,
                 PROCEDURES: write_catalogue, SCHEDULES: write_schedules_home}


class ListingGenerator(Generator):
    """Writes `/tin-tuc/`, `/english/news/`, `/chuyen-muc/<id>/`... with pagination."""

    def generate_context(self) -> None:
        """Listings derive from the articles other generators read; nothing to read here."""

    def generate_output(self, writer: Any) -> None:
        agency = load_agency(self.path)
        lang = self.settings["PORTAL_LANG"]
        articles = self.context["articles"]
        for section in agency.sections:
            if section in UNLISTED_SECTIONS:
                continue
            items = [item for item in articles if item.section == section]
            if section in SECTION_HOMES:  # a section with a page of its own kind
                SECTION_HOMES[section](self, writer, items)
                continue
            path = section_path(agency, section, lang)
            self._write(writer, "section", path, items, section=section)
        for category in agency.categories:
            path = taxonomy_path(agency, "category", category, lang)
            self._write(writer, "category", path,
                        [item for item in articles if item.category.name == category],
                        category_id=category)

    def _write(self, writer: Any, template: str, path: str, items: list[Any],
               **context: Any) -> None:
        writer.write_file(
            save_as(path), self.get_template(template), self.context,
            paginated={"articles": items}, template_name=template, url=path,
            page_path=path, **context,
        )
