"""Pelican plugin that makes one language run of the trilingual portal.

It builds the translation index, prepares the templates (gettext catalogs, agency data, the
language switcher), writes the section and category listings, and keeps the English and Chinese
runs from copying media and theme files that the Vietnamese run already writes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican import signals

from plugins.core.agency import load_agency
from plugins.core.checks.config import CheckConfig, load_check_config
from plugins.core.checks.findings import Severity
from plugins.core.checks.rules.links import media_file_findings
from plugins.core.contenttree import confined_file
from plugins.core.errors import PortalError
from plugins.core.index import build_index
from plugins.core.qaconfig import load_qa_config
from plugins.core.runsettings import BUILD_INDEX_SETTING
from plugins.core.sources import MEDIA_DIR
from plugins.portal_site.addresses import forget_addresses
from plugins.portal_site.compliance import compliance_generator
from plugins.portal_site.documents import install as install_document_helpers
from plugins.portal_site.incremental import reusing_writer
from plugins.portal_site.listings import ListingGenerator
from plugins.portal_site.membership import index_memberships
from plugins.portal_site.opendata import OpenDataGenerator
from plugins.portal_site.procedures import ProcedurePagesGenerator
from plugins.portal_site.procedures import install as install_procedure_helpers
from plugins.portal_site.questions import QaPagesGenerator
from plugins.portal_site.questions import install as install_qa_helpers
from plugins.portal_site.related import attach_related
from plugins.portal_site.report import report_generator
from plugins.portal_site.schedules import install as install_schedule_helpers
from plugins.portal_site.search import SearchPageGenerator
from plugins.portal_site.settings import build_moment, fix_moment, is_source_language_run
from plugins.portal_site.sitemap import SitemapGenerator
from plugins.portal_site.templating import (
    SiteHelpers,
    cache_compiled_templates,
    content_security_policy,
    international_phone,
    theme_translations,
)
from plugins.portal_site.translation_notice import mark_revised_originals

INDEX_SETTING = "PORTAL_INDEX"


def _build_index(pelican: Any) -> None:
    """The run's index: the one its build made before forking it, which has scanned the
    folder and read every version's state for the build's key (the same files the build
    decided to build), or, for a run started on its own, a new one."""
    content_dir = Path(pelican.settings["PATH"])
    handed_down = pelican.settings.pop(BUILD_INDEX_SETTING, None)  # kept out of Pelican's cache
    if handed_down is not None and handed_down.content_dir == content_dir:
        index = handed_down
    else:
        index = build_index(content_dir, load_agency(content_dir))
    pelican.settings[INDEX_SETTING] = index
    fix_moment(pelican.settings)


def _prepare_templates(generator: Any) -> None:
    settings = generator.settings
    lang = settings["PORTAL_LANG"]
    agency = load_agency(Path(settings["PATH"]))
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(theme_translations(settings["THEME"], lang), newstyle=True)
    cache_compiled_templates(env, Path(settings["CACHE_PATH"]))
    site = SiteHelpers(agency, settings[INDEX_SETTING], lang, settings["SITEURL"],
                       build_moment(settings))
    iframe_hosts = load_check_config(Path(settings["PATH"])).iframe_hosts
    intake_url = _intake_url(Path(settings["PATH"]))
    env.globals.update(site=site, agency=agency, lang=lang, language=agency.languages[lang],
                       content_security_policy=content_security_policy(iframe_hosts, intake_url),
                       search_security_policy=content_security_policy(
                           iframe_hosts, intake_url, webassembly=True))
    env.filters.update(localdate=site.date, localdatetime=site.datetime,
                       international_phone=international_phone)
    install_qa_helpers(env, settings, agency, settings[INDEX_SETTING], build_moment(settings))
    install_procedure_helpers(env, settings, agency, settings[INDEX_SETTING],
                              build_moment(settings))
    install_schedule_helpers(env, settings, agency, settings[INDEX_SETTING], build_moment(settings))
    install_document_helpers(env, settings, agency, settings[INDEX_SETTING],
                             build_moment(settings))


def _intake_url(content_dir: Path) -> str:
    """Where the question forms post; a broken qa.yaml is reported by the Q&A pages' writer."""
    try:
        return load_qa_config(content_dir).intake_url
    except PortalError:
        return "/"


def _listing_generator(_pelican: Any) -> type[ListingGenerator]:
    return ListingGenerator


def _qa_pages_generator(_pelican: Any) -> type[QaPagesGenerator]:
    return QaPagesGenerator


def _open_data_generator(_pelican: Any) -> type[OpenDataGenerator]:
    return OpenDataGenerator


def _search_page_generator(_pelican: Any) -> type[SearchPageGenerator]:
    return SearchPageGenerator


def _sitemap_generator(_pelican: Any) -> type[SitemapGenerator]:
    return SitemapGenerator


def _procedure_pages_generator(_pelican: Any) -> type[ProcedurePagesGenerator]:
    return ProcedurePagesGenerator


def _copy_static_once(generator: Any) -> None:
    """Only the run at the site root copies media; the others still resolve `{static}` links.

    Pelican would copy whatever its walk found or a `{static}` link named, following links:
    only regular files inside content/media/ that pass the media rules are copied.
    """
    if not is_source_language_run(generator.settings):
        publishable = []
    else:
        content_dir = Path(os.path.abspath(generator.settings["PATH"]))
        config = load_check_config(content_dir)
        publishable = [static for static in generator.staticfiles
                       if _publishable_media(content_dir, Path(static.source_path), config)]
    generator.staticfiles = publishable
    generator.context["staticfiles"] = list(publishable)


def _publishable_media(content_dir: Path, source: Path, config: CheckConfig) -> bool:
    relpath = Path(os.path.relpath(os.path.abspath(source), content_dir))
    if relpath.parts[:1] != (MEDIA_DIR,):
        return False
    try:
        path = confined_file(content_dir, relpath)
    except PortalError:
        return False
    return not any(finding.severity is Severity.ERROR for finding in
                   media_file_findings(path, relpath.as_posix(), config))


def register() -> None:
    signals.initialized.connect(forget_addresses)
    signals.initialized.connect(_build_index)
    signals.generator_init.connect(_prepare_templates)
    signals.get_generators.connect(_listing_generator)
    signals.get_generators.connect(_qa_pages_generator)
    signals.get_generators.connect(_procedure_pages_generator)
    signals.get_generators.connect(_open_data_generator)
    signals.get_generators.connect(_search_page_generator)
    signals.get_generators.connect(_sitemap_generator)
    signals.get_generators.connect(compliance_generator)
    signals.get_generators.connect(report_generator)
    signals.article_generator_finalized.connect(index_memberships)
    signals.article_generator_finalized.connect(attach_related)
    signals.article_generator_finalized.connect(mark_revised_originals)
    signals.page_generator_finalized.connect(mark_revised_originals)
    signals.static_generator_finalized.connect(_copy_static_once)
    signals.get_writer.connect(reusing_writer)
