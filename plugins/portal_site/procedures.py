"""The public-service pages of a language run (003 Đ6.2; Decree 42/2022): procedures a citizen
can follow to the end.

- a procedure's page (theme/templates/sections/procedures.html and procedures_end.html): what
  is needed, where to go or submit online, how long and how much per channel, the steps with
  the unit and the person responsible (agency.yaml), the result, the legal basis linked to the
  documents register, the announcing decision, the last review, and schema.org
  `GovernmentService` data;
- the catalogue, which takes the place of the plain listing of the section
  (`/thu-tuc-hanh-chinh/`, `/english/procedures/`, `/chinese/procedures/`): every published
  procedure grouped by field, then by level, with code, level, time and fee;
- the forms catalogue (`/thu-tuc-hanh-chinh/bieu-mau/`, `/english/procedures/forms/`...): every
  form of every procedure, with its procedure and a download link.

The templates receive the `procedures` object (ProcedureHelpers).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from pelican.generators import Generator

from plugins.core.agency import Agency, load_agency
from plugins.core.contenttree import confined_file
from plugins.core.docnumbers import document_type
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import ContentIndex
from plugins.core.schema.procedures import IN_PERSON, LEVELS, ONLINE, POST
from plugins.core.urls import save_as, section_path
from plugins.portal_site.documents import (
    document_page_url,
    normalized_number,
    stems_by_number,
)

logger = logging.getLogger(__name__)

PROCEDURES = "procedures"
DOCUMENTS = "documents"
FORMS = "forms"
# The forms catalogue under the section, per language; a language not named uses English.
FORMS_SEGMENTS = {"vi": "bieu-mau", "en": "forms", "zh": "forms"}
CATALOGUE_TEMPLATE, FORMS_TEMPLATE = "procedures_catalogue", "procedures_forms"
# The public service portals an online channel may link to: the national and the provincial.
PORTALS = {"dichvucong.gov.vn": "national", "dichvucong.langson.gov.vn": "provincial"}
# The place of agency.yaml `places` that the province's services are for (schema.org
# areaServed); left out of the data when the configuration has no such place.
AREA_PLACE = "tinh-lang-son"
SWITCH_KIND = "procedure-forms"


def forms_page_path(agency: Agency, lang: str) -> str:
    """`thu-tuc-hanh-chinh/bieu-mau/`, `english/procedures/forms/`: from the site root."""
    segment = FORMS_SEGMENTS.get(lang) or FORMS_SEGMENTS["en"]
    return f"{section_path(agency, PROCEDURES, lang)}{segment}/"


@dataclass(frozen=True)
class LevelGroup:
    level: str
    items: list[Any]


@dataclass(frozen=True)
class FieldGroup:
    id: str  # an anchor of the catalogue page: field-1, field-2...
    title: str
    levels: list[LevelGroup]
    count: int


@dataclass(frozen=True)
class FormEntry:
    name: str
    path: str  # media/procedures/<file>
    url: str
    kind: str  # PDF, DOCX
    size_kib: int | None
    procedure: Any  # the article


class ProcedureHelpers:
    """`procedures` in templates, for one language run."""

    def __init__(self, agency: Agency, index: ContentIndex, lang: str, *, siteurl: str,
                 moment: dt.datetime, content_dir: Path) -> None:
        self.agency, self.index, self.lang = agency, index, lang
        self.siteurl, self.moment, self.content_dir = siteurl, moment, content_dir

    # -- addresses ----------------------------------------------------------------------------
    def forms_url(self, lang: str | None = None) -> str:
        return f"{self.siteurl}/{forms_page_path(self.agency, lang or self.lang)}"

    def item_url(self, article: Any) -> str:
        return f"{self.siteurl}/{article.url}"

    def media_url(self, path: str) -> str:
        return f"{self.siteurl}/{path.lstrip('/')}"

    @staticmethod
    def portal(url: str | None) -> str:
        """'national' or 'provincial' for a link to a public service portal, else ''."""
        host = (urlsplit(url or "").hostname or "").lower()
        return PORTALS.get(host, "")

    @staticmethod
    def host(url: str | None) -> str:
        return urlsplit(url or "").hostname or ""

    # -- agency data ----------------------------------------------------------------------------
    def person(self, person_id: str | None) -> dict[str, str] | None:
        """Name, position and unit of a person of agency.yaml, in the page language."""
        person = self.agency.people.get(person_id or "")
        if person is None:
            return None
        unit = person.get("unit")
        return {"name": person["name"],
                "position": self.agency.text(person.get("position"), self.lang),
                "unit": self.agency.unit_name(unit, self.lang) if unit in self.agency.units
                else ""}

    def unit_name(self, unit: str | None) -> str:
        return self.agency.unit_name(unit, self.lang) if unit in self.agency.units else ""

    # -- documents register ---------------------------------------------------------------
    @functools.cached_property
    def _documents(self) -> dict[str, str]:
        return stems_by_number(self.agency, self.index, self.content_dir)

    def document_url(self, number: Any) -> str | None:
        """The register page of the document with this number, in the page language when it is
        public in it, else in Vietnamese; None when no public document has the number."""
        stem = self._documents.get(normalized_number(str(number or "")))
        if stem is None:
            return None
        return document_page_url(self.agency, self.index, stem=stem, lang=self.lang,
                                 moment=self.moment, siteurl=self.siteurl)

    def documents(self, numbers: Iterable[Any] | None) -> list[dict[str, str | None]]:
        """Each number with the name of its type in the page language ('Decision') when the
        number says it, and its register page when there is one."""
        types: dict[str, dict[str, Any]] = getattr(self.agency, "document_types", {}) or {}
        shown = []
        for number in numbers or []:
            code = document_type(str(number))
            entry = types.get(code or "")
            shown.append({"number": str(number),
                          "type": self.agency.text(entry["title"], self.lang) if entry else "",
                          "url": self.document_url(number)})
        return shown

    # -- time and money ----------------------------------------------------------------------
    @staticmethod
    def days_range(meta: dict[str, Any]) -> tuple[int, int] | None:
        """The shortest and longest processing time over the channels, in working days."""
        days = [channel["days"] for channel in meta.get("channels") or []
                if isinstance(channel.get("days"), int)]
        return (min(days), max(days)) if days else None

    @staticmethod
    def fees(meta: dict[str, Any]) -> list[str]:
        """The fees of the channels, each once, in the order of the channels."""
        return list(dict.fromkeys(str(channel["fee"]) for channel in meta.get("channels") or []
                                  if channel.get("fee")))

    @staticmethod
    def duration(days: int) -> str:
        """ISO 8601 duration of schema.org processingTime: 5 → P5D."""
        return f"P{int(days)}D"

    def form_file(self, path: str) -> tuple[str, int | None]:
        """('PDF', size in KiB) of a form under content/; the size is None when the file is not
        there (the checks report it)."""
        kind = PurePosixPath(path).suffix.lstrip(".").upper()
        try:
            size = confined_file(self.content_dir, path).stat().st_size
        except (PortalError, OSError):
            return kind, None
        return kind, max(1, round(size / 1024))

    # -- catalogues --------------------------------------------------------------------------
    def only_in_source(self) -> int:
        """How many procedures are public in Vietnamese but not in the page language."""
        source = self.agency.source_language
        return sum(1 for (section, stem) in self.index.items if section == PROCEDURES
                   and self.index.is_live(section, stem, source, self.moment)
                   and not self.index.is_live(section, stem, self.lang, self.moment))

    def catalogue(self, articles: Iterable[Any]) -> list[FieldGroup]:
        """Procedures by field (alphabetical in the page language), then by level (fully
        online first), then by name."""
        fields: dict[str, list[Any]] = {}
        for article in articles:
            fields.setdefault(str(article.metadata.get("field") or ""), []).append(article)
        groups = []
        for number, title in enumerate(sorted(fields, key=_collation_key), start=1):
            items = fields[title]
            levels = []
            for level in (*LEVELS, ""):
                chosen = sorted((item for item in items if (item.metadata.get("level") or "")
                                 == level or (level == "" and item.metadata.get("level")
                                              not in LEVELS)),
                                key=lambda item: _collation_key(item.title))
                if chosen:
                    levels.append(LevelGroup(level, chosen))
            groups.append(FieldGroup(f"field-{number}", title, levels, len(items)))
        return groups

    def forms(self, articles: Iterable[Any]) -> list[FormEntry]:
        """Every form of every procedure, by procedure name, in dossier order."""
        entries = []
        for article in sorted(articles, key=lambda item: _collation_key(item.title)):
            for document in article.metadata.get("dossier") or []:
                form = document.get("form")
                if not form:
                    continue
                kind, size = self.form_file(form)
                entries.append(FormEntry(str(document.get("name", "")), form,
                                         self.media_url(form), kind, size, article))
        return entries

    # -- schema.org ------------------------------------------------------------------------
    def structured_data(self, article: Any) -> dict[str, Any]:
        """schema.org GovernmentService (https://schema.org/GovernmentService) of a procedure
        page: one ServiceChannel per channel, processing time as an ISO 8601 duration."""
        meta = article.metadata
        source = self.agency.languages[self.agency.source_language]
        language = {"@type": "Language", "name": source.name, "alternateName": source.html_lang}
        channels = []
        for channel in meta.get("channels") or []:
            data: dict[str, Any] = {"@type": "ServiceChannel", "availableLanguage": language}
            if isinstance(channel.get("days"), int):
                data["processingTime"] = self.duration(channel["days"])
            if channel.get("fee"):
                data["description"] = channel["fee"]
            address = {"@type": "PostalAddress", "streetAddress": channel.get("address")}
            if channel.get("kind") == ONLINE and channel.get("url"):
                data["serviceUrl"] = channel["url"]
            elif channel.get("kind") == IN_PERSON and channel.get("address"):
                data["serviceLocation"] = {"@type": "Place", "address": address}
                if channel.get("hours"):
                    data["serviceLocation"]["description"] = channel["hours"]
            elif channel.get("kind") == POST and channel.get("address"):
                data["servicePostalAddress"] = address
            channels.append(data)
        provider = {"@type": "GovernmentOrganization",
                    "name": meta.get("implementing_agency")
                    or self.agency.languages[self.lang].site_name}
        result: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "GovernmentService",
            "name": article.title, "identifier": meta.get("code"),
            "serviceType": meta.get("field"), "url": self.item_url(article),
            "provider": provider, "availableChannel": channels,
        }
        if meta.get("subjects"):
            result["audience"] = {"@type": "Audience", "audienceType": meta["subjects"]}
        place = self.agency.places.get(AREA_PLACE)
        if place:
            result["areaServed"] = {"@type": "AdministrativeArea",
                                    "name": self.agency.text(place["name"], self.lang)}
        return {key: value for key, value in result.items() if value}


def _collation_key(text: str) -> tuple[str, str]:
    """Sorts Vietnamese and Chinese text well enough for a catalogue: letters before their
    accented forms, case aside; 'Đ' after 'D'."""
    folded = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d\uffff")
    base = "".join(char for char in folded if not unicodedata.combining(char))
    return base, folded


class FormsPageSite:
    """The `site` helper of the forms catalogue: the same as every page's, except that the
    language switcher leads to the forms catalogue of each language."""

    def __init__(self, site: Any, helpers: ProcedureHelpers) -> None:
        self._site, self._helpers = site, helpers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._site, name)

    def alternates(self, kind: str, key: str = "") -> list[dict[str, Any]]:
        result = self._site.alternates("section", PROCEDURES)
        if kind != SWITCH_KIND:
            return result
        return [{**entry, "url": self._helpers.forms_url(entry["code"]), "exists": True}
                for entry in result]


def install(env: Any, settings: dict[str, Any], agency: Agency, index: ContentIndex,
            moment: dt.datetime) -> ProcedureHelpers:
    """Give the templates `procedures`."""
    helpers = ProcedureHelpers(agency, index, settings["PORTAL_LANG"],
                               siteurl=settings["SITEURL"], moment=moment,
                               content_dir=Path(settings["PATH"]))
    env.globals.update(procedures=helpers)
    return helpers


def write_catalogue(generator: Generator, writer: Any, items: list[Any]) -> None:
    """The procedures listing of the run's language: the catalogue, by field and level
    (plugins/portal_site/listings.py calls it in place of a plain listing)."""
    agency = load_agency(generator.path)
    path = section_path(agency, PROCEDURES, generator.settings["PORTAL_LANG"])
    writer.write_file(save_as(path), generator.get_template(CATALOGUE_TEMPLATE),
                      generator.context, template_name=CATALOGUE_TEMPLATE, url=path,
                      page_path=path, section=PROCEDURES, procedures_list=items)


class ProcedurePagesGenerator(Generator):
    """Writes the forms catalogue of the run's language."""

    def generate_context(self) -> None:
        """These pages derive from the procedures other generators read."""

    def generate_output(self, writer: Any) -> None:
        agency = load_agency(self.path)
        lang = self.settings["PORTAL_LANG"]
        if PROCEDURES not in agency.sections:
            return
        items = [article for article in self.context.get("articles", [])
                 if getattr(article, "section", None) == PROCEDURES]
        segment = FORMS_SEGMENTS.get(lang) or FORMS_SEGMENTS["en"]
        taken = {article.slug: article for article in [
            *self.context.get("articles", []), *self.context.get("hidden_articles", [])]
            if getattr(article, "section", None) == PROCEDURES}
        if segment in taken:
            logger.error("%s", PortalError(
                _("the name '{stem}' is the address of the forms catalogue; rename the file")
                .format(stem=segment),
                Path("content") / taken[segment].metadata.get("source_relpath", segment),
                rule="duplicate-stem"))
            return
        helpers = self.env.globals["procedures"]
        forms_path = forms_page_path(agency, lang)
        writer.write_file(save_as(forms_path), self.get_template(FORMS_TEMPLATE), self.context,
                          template_name=FORMS_TEMPLATE, url=forms_path, page_path=forms_path,
                          section=PROCEDURES, procedures_list=items,
                          site=FormsPageSite(self.env.globals["site"], helpers))
