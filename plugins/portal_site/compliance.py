"""The compliance page (`noi-bo/tuan-thu/`): what the regulations require the site to publish,
item by item, present or missing, and how the deadline rules stand, for an inspector to read.

Written in preview builds of the source language only, like the deadline dashboard: the
inspector reads Vietnamese, and a public build never contains it. The verdicts are
plugins/core/compliance.py's; this generator only gathers the facts of the build (the items
Pelican read and lists, the pages written before it, the article template) and renders them.
It must run after the generators whose pages it looks for (the search page).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound, meta
from pelican.generators import Generator

from plugins.core.compliance import (
    LiveItem,
    SiteFacts,
    evaluate,
    has_print_control,
    tally_deadlines,
)
from plugins.core.i18n import using_language
from plugins.core.urls import save_as, search_path
from plugins.portal_site.internal import (
    COMPLIANCE_PATH,
    DASHBOARD_PATH,
    DEADLINE_TABLE,
    REPORT_PATH,
)
from plugins.portal_site.procedures import forms_page_path
from plugins.portal_site.settings import is_source_language_run

TEMPLATE = "compliance"
ARTICLE_TEMPLATE = "article.html"


def _live_item(content: Any) -> LiveItem:
    """An article or page Pelican read, as the checks see it."""
    return LiveItem(section=content.section, stem=content.slug, title=content.title,
                    category=content.category.name,
                    source=f"content/{content.metadata['source_relpath']}",
                    values=content.metadata)


def template_sources(env: Environment, name: str) -> Iterator[str]:
    """The source of a template and of every template it extends, includes or imports by
    name: the print control sits in a partial the article template imports."""
    seen, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
        except TemplateNotFound:
            continue  # an `ignore missing` include
        yield source
        pending.extend(ref for ref in meta.find_referenced_templates(env.parse(source)) if ref)


class ComplianceGenerator(Generator):
    """Writes the compliance page (preview builds of the source language only)."""

    def generate_context(self) -> None:
        """Nothing to read: the page is made of what the other generators read and wrote."""

    def generate_output(self, writer: Any) -> None:
        if self.settings.get("PUBLISH") or not is_source_language_run(self.settings):
            return
        site = self.env.globals["site"]
        agency, lang = site.agency, site.lang
        addresses = {"forms": forms_page_path(agency, lang)}
        search = search_path(agency, lang)
        if (Path(self.output_path) / save_as(search)).is_file():
            addresses["search"] = search
        facts = SiteFacts(
            agency=agency, index=site.index, moment=site.moment, lang=lang,
            items=[_live_item(item) for item in [*self.context["articles"],
                                                 *self.context["pages"]]],
            addresses=addresses,
            print_control=has_print_control(template_sources(self.env, ARTICLE_TEMPLATE)))
        table = self.context[DEADLINE_TABLE]
        with using_language(lang):
            groups = evaluate(facts)
            rules = tally_deadlines(table, agency, lang)
        writer.write_file(save_as(COMPLIANCE_PATH), self.get_template(TEMPLATE), self.context,
                          template_name=TEMPLATE, url=COMPLIANCE_PATH, page_path=COMPLIANCE_PATH,
                          groups=groups, rules=rules, table=table, dashboard_path=DASHBOARD_PATH,
                          report_path=REPORT_PATH)


def compliance_generator(_pelican: Any) -> type[ComplianceGenerator]:
    """Connected to `get_generators` after the generators whose pages the checks look for."""
    return ComplianceGenerator
