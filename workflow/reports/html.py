"""The report as HTML: one Jinja2 template (theme/templates/report.html) for the standalone file
`portal report --format html` writes and for the preview build's internal page
`noi-bo/bao-cao/` (plugins/portal_site/report.py), so the two cannot say different things.

The template extends the site's base.html in a preview and a bare document
(partials/report_document.html) standalone; its words come from the theme's catalogs in both,
the charts' own words (drawn into the SVG) from the command's. Each chart is an SVG file shown
as an image with a one-sentence text alternative and a caption, beside the table of the same
figures. The site's Content-Security-Policy allows no inline style or script, so the report's
look is a stylesheet file too (theme/report/bao-cao.css), written beside the charts.

Nothing here writes a file: the caller writes the document and the files it refers to.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader

from plugins.core.agency import Agency
from plugins.core.i18n import _, using_language
from plugins.portal_site.templating import theme_translations
from workflow.reports.charts import Series, grouped_bars
from workflow.reports.model import MonthDeadlines, QuotaResult, Report

THEME = Path(__file__).resolve().parents[2] / "theme"
TEMPLATE = "report.html"
STANDALONE_LAYOUT = "partials/report_document.html"
STYLESHEET = "bao-cao.css"
STYLESHEET_SOURCE = THEME / "report" / STYLESHEET
DEADLINE_CHART = "han-xu-ly-theo-thang.svg"
LABEL_WIDTH = 24  # characters per line of a unit's name beside its bars
_UNSAFE_IN_NAME = re.compile(r"[^0-9A-Za-z-]+")


@dataclass(frozen=True)
class QuotaChart:
    """The quotas of one of their own periods (a month of a quarterly report): one chart,
    one table, so that no bar stands for several months at once."""

    period: str
    results: list[QuotaResult]
    file: str

    @property
    def met(self) -> int:
        return sum(result.met for result in self.results)


class ReportView:
    """What the template needs besides the Report: names from agency.yaml, numbers and dates
    written the report language's way, and the addresses of the charts and the stylesheet
    (`files_url` + a file name, so the caller decides where the files go)."""

    def __init__(self, report: Report, agency: Agency, lang: str, files_url: str) -> None:
        self.report = report
        self.agency = agency
        self.lang = lang
        self.locale = agency.languages[lang].locale
        self.files_url = files_url
        self.quota_charts = _quota_charts(report.quotas)
        self.deadline_chart = DEADLINE_CHART if report.deadlines_by_month else ""

    @property
    def stylesheet(self) -> str:
        return self.src(STYLESHEET)

    def src(self, file: str) -> str:
        return self.files_url + file

    # -- names of agency.yaml (an id it no longer has is shown as it is) ---------------------
    def unit_name(self, unit: str) -> str:
        return self.agency.unit_name(unit, self.lang) if unit in self.agency.units else unit

    def category_title(self, category: str) -> str:
        return self.agency.category_title(category, self.lang) \
            if category in self.agency.categories else category

    def language_name(self, code: str) -> str:
        return self.agency.languages[code].name if code in self.agency.languages else code

    def language_tag(self, code: str) -> str:
        """The `lang` of a language's own name ("中文"), so a screen reader says it right."""
        return self.agency.languages[code].html_lang if code in self.agency.languages else code

    def person_name(self, person: str) -> str:
        return str(self.agency.people.get(person, {}).get("name") or person)

    def quota_label(self, result: QuotaResult) -> str:
        """A quota's name, and its category when only one counts."""
        if not result.category:
            return result.name
        return f"{result.name}: {self.category_title(result.category)}"

    # -- numbers and dates ------------------------------------------------------------------
    def number(self, value: float) -> str:
        """1.500.000 and 2,5 in Vietnamese: the grouping and decimal signs of the locale."""
        return format_decimal(value, locale=self.locale)

    def date(self, value: dt.date, fmt: str = "dd/MM/yyyy") -> str:
        """Day/month/four-digit year in tables, as administrative documents write them."""
        return format_date(value, format=fmt, locale=self.locale)

    @property
    def published_total(self) -> int:
        return sum(count.count for count in self.report.published)

    @property
    def ledger_total(self) -> int:
        return sum(line.amount for line in self.report.ledger)

    @property
    def quotas_met(self) -> int:
        return sum(result.met for result in self.report.quotas)

    @property
    def overdue(self) -> int:
        return sum(rule.overdue for rule in self.report.deadlines)

    @property
    def awaiting_review(self) -> int:
        return sum(not decision.reviewed_by for decision in self.report.urgent)

    # -- the charts -------------------------------------------------------------------------
    def charts(self) -> dict[str, str]:
        """File name → SVG of every chart, its words in the report's language."""
        with using_language(self.lang):
            files = {chart.file: self._quota_svg(chart) for chart in self.quota_charts}
            if self.deadline_chart:
                files[self.deadline_chart] = self._deadline_svg(self.report.deadlines_by_month)
        return files

    def _quota_svg(self, chart: QuotaChart) -> str:
        return grouped_bars(
            _("Items per unit against the quota, {period}").format(period=chart.period),
            [wrap_label(self.quota_label(result)) for result in chart.results],
            [Series(_("items published"), [result.items for result in chart.results]),
             Series(_("minimum of the quota"), [result.minimum for result in chart.results])],
            value_label=_("items"), across=True)

    def _deadline_svg(self, months: Sequence[MonthDeadlines]) -> str:
        return grouped_bars(
            _("Deadline results per month, {period}").format(period=self.report.period),
            [month.month for month in months],
            [Series(_("met on time"), [month.met for month in months]),
             Series(_("met late"), [month.late for month in months]),
             Series(_("open, within the limit"), [month.open for month in months]),
             Series(_("overdue"), [month.overdue for month in months])],
            value_label=_("items with a time limit"))


def _quota_charts(quotas: Sequence[QuotaResult]) -> list[QuotaChart]:
    """The quotas grouped by their own period, in the order the report lists them."""
    periods: dict[str, list[QuotaResult]] = {}
    for result in quotas:
        periods.setdefault(result.period, []).append(result)
    return [QuotaChart(period=period, results=results,
                       file=f"chi-tieu-{_UNSAFE_IN_NAME.sub('-', period)}.svg")
            for period, results in periods.items()]


def wrap_label(label: str) -> str:
    """A long unit name on a few short lines beside its bars."""
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH))


def report_page(report: Report, agency: Agency, *, files_url: str = ""
                ) -> tuple[dict[str, Any], dict[str, str]]:
    """The template's variables (`report`, `view`) and the files the page refers to (the
    charts and the stylesheet), each to be written at `files_url` + its name."""
    view = ReportView(report, agency, agency.source_language, files_url)
    stylesheet = STYLESHEET_SOURCE.read_text(encoding="utf-8")
    return {"report": report, "view": view}, {**view.charts(), STYLESHEET: stylesheet}


def _environment(lang: str) -> Environment:
    """The theme's templates as Pelican loads them (pelicanconf.JINJA_ENVIRONMENT), with the
    theme's catalog of `lang`: the same words as on the preview page."""
    environment = Environment(loader=FileSystemLoader(THEME / "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True,
                              extensions=["jinja2.ext.i18n"])
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        theme_translations(str(THEME), lang), newstyle=True)
    return environment


def render_report(report: Report, agency: Agency, *, charts_url: str = ""
                  ) -> tuple[str, dict[str, str]]:
    """The report as a standalone HTML document in the agency's source language, and the
    files it refers to: file name → text (each chart's SVG and the stylesheet `bao-cao.css`).
    The document refers to each file as `charts_url` + its name: with the default, the files
    go in the document's own folder. No resource from elsewhere, no script, no inline style."""
    context, files = report_page(report, agency, files_url=charts_url)
    lang = agency.source_language
    html = _environment(lang).get_template(TEMPLATE).render(
        report_layout=STANDALONE_LAYOUT, language=agency.languages[lang], **context)
    return html, files
