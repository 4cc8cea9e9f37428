"""Pelican plugin: legal deadlines on every item, and the editors' dashboard.

Each article gets `deadlines` (start, due date, when met, status) for its template: a Q&A page
shows when the question came, when the answer was due and how many working days it took. The
Vietnamese preview build also writes an internal dashboard of overdue items, items due in the
next working days and stale translations; the public build never contains it. The table is
computed once and shared with the compliance page (plugins/portal_site/compliance.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from plugins.core.dates import today
from plugins.core.deadlines import Status, deadline_table, evaluate, load_profile
from plugins.core.runsettings import AS_OF_SETTING
from plugins.core.workdays import load_calendar, missing_year_message
from plugins.portal_site import INDEX_SETTING
from plugins.portal_site.internal import DASHBOARD_PATH, DEADLINE_TABLE
from plugins.portal_site.settings import is_source_language_run

logger = logging.getLogger(__name__)

DUE_SOON_WORKING_DAYS = 5


def as_of(settings: dict[str, Any]) -> dt.date:
    """The date statuses are computed for: a fixed one when given (tests, reports), else today."""
    given = settings.get(AS_OF_SETTING)
    return dt.date.fromisoformat(given) if given else today()


def _attach(generator: Any) -> None:
    settings = generator.settings
    content_dir = Path(settings["PATH"])
    profile, calendar = load_profile(content_dir), load_calendar(content_dir)
    when = as_of(settings)
    for article in [*generator.articles, *generator.drafts]:
        article.deadlines = evaluate(profile, calendar, article.section, article.metadata, when)


class DashboardGenerator(Generator):
    """Writes the internal deadline dashboard (preview builds of the source language only)."""

    def generate_context(self) -> None:
        """The table, from the content tree, in the context before any page is written: the
        compliance page counts its rows too. Every build warns about missing calendar years."""
        if not is_source_language_run(self.settings):
            return
        table = deadline_table(Path(self.settings["PATH"]), as_of(self.settings),
                               index=self.settings.get(INDEX_SETTING))
        for year in table.missing_years():
            logger.warning("%s", missing_year_message(year))
        self.context[DEADLINE_TABLE] = table

    def generate_output(self, writer: Any) -> None:
        if self.settings.get("PUBLISH") or not is_source_language_run(self.settings):
            return
        table = self.context[DEADLINE_TABLE]
        rows = table.rows
        writer.write_file(
            f"{DASHBOARD_PATH}index.html", self.get_template("dashboard"), self.context,
            table=table,
            overdue=[row for row in rows if row.status is Status.OVERDUE],
            due_soon=[row for row in rows if row.status is Status.OPEN
                      and row.days <= DUE_SOON_WORKING_DAYS],
            stale=[row for row in rows if row.status is Status.STALE],
            rows=rows)


def _dashboard_generator(_pelican: Any) -> type[DashboardGenerator]:
    return DashboardGenerator


def register() -> None:
    signals.article_generator_finalized.connect(_attach)
    signals.get_generators.connect(_dashboard_generator)
