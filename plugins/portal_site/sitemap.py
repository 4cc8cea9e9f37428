"""`sitemap.xml` and `robots.txt` of a public build, for search engines and the provincial
portal: every public page in every language, each with its other-language versions
(`hreflang`, `x-default` to Vietnamese), written by the run at the site root."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pelican.generators import Generator

from plugins.core import atomic
from plugins.core.agency import load_agency
from plugins.core.urls import home_path, item_path, section_path
from plugins.portal_site.settings import build_moment, is_source_language_run

UNLISTED = ("pages",)  # pages are reached from the menu; their items are listed below


class SitemapGenerator(Generator):
    def generate_context(self) -> None:
        """The sitemap derives from the index of every language."""

    def generate_output(self, writer: Any) -> None:
        del writer
        if not self.settings.get("PUBLISH") or not is_source_language_run(self.settings):
            return
        agency = load_agency(Path(self.settings["PATH"]))
        index = self.settings["PORTAL_INDEX"]
        moment = build_moment(self.settings)
        siteurl = self.settings["SITEURL"]
        groups: list[dict[str, str]] = [
            {lang: home_path(agency, lang) for lang in agency.languages}]
        groups += [{lang: section_path(agency, section, lang) for lang in agency.languages}
                   for section in agency.sections if section not in UNLISTED]
        for (section, stem), versions in sorted(index.items.items()):
            live = {lang: item_path(agency, section, stem, lang) for lang in versions
                    if index.is_live(section, stem, lang, moment)
                    and index.withdrawn_on(section, stem, lang) is None}
            if live:
                groups.append(live)
        output = Path(self.output_path)
        atomic.write_text(output / "sitemap.xml", _sitemap(groups, siteurl, agency))
        atomic.write_text(output / "robots.txt", "User-agent: *\nAllow: /\n"
                          f"Sitemap: {siteurl}/sitemap.xml\n")


def _sitemap(groups: list[dict[str, str]], siteurl: str, agency: Any) -> str:
    source = agency.source_language
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for group in groups:
        for path in group.values():
            lines.append(f"  <url><loc>{siteurl}/{path}</loc>")
            for other, other_path in group.items():
                lines.append(f'    <xhtml:link rel="alternate" hreflang='
                             f'{quoteattr(agency.languages[other].html_lang)} '
                             f'href={quoteattr(f"{siteurl}/{other_path}")}/>')
            if source in group:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                             f'href={quoteattr(f"{siteurl}/{group[source]}")}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
