"""What a document's page shows beyond its own front matter: its type and field by their full
names, its validity on the build's date, and the documents related to it both ways
(plugins/core/documents.py), each linked in the page language when it is published there."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core import frontmatter
from plugins.core.agency import Agency
from plugins.core.contenttree import confined_file
from plugins.core.documents import INVERSE, Standing, register
from plugins.core.errors import PortalError
from plugins.core.index import ContentIndex
from plugins.core.qaconfig import load_qa_config
from plugins.core.schema import schema_for
from plugins.core.schema.documents import RELATIONS
from plugins.core.urls import item_path
from plugins.portal_site.qa import COMMENT, CommentForm, intake_action

DOCUMENTS = "documents"
# The order relations are shown in: what this one did, then what was done to it.
SHOWN = (*RELATIONS, *(INVERSE[relation] for relation in RELATIONS))


@dataclass(frozen=True)
class Related:
    relation: str
    stem: str
    number: str
    title: str
    url: str | None


def normalized_number(number: str) -> str:
    """Document numbers compare in NFC, case and spacing aside: '42/2022/NĐ-CP'."""
    return "".join(unicodedata.normalize("NFC", number).split()).casefold()


def stems_by_number(agency: Agency, index: ContentIndex, content_dir: Path) -> dict[str, str]:
    """Number of every document -> its stem, from the Vietnamese originals (a translation
    carries the same number): how a Q&A citation or a procedure's legal basis finds its page."""
    numbers: dict[str, str] = {}
    source = agency.source_language
    for (section, stem), versions in sorted(index.items.items()):
        if section != DOCUMENTS or source not in versions:
            continue
        try:
            meta = frontmatter.read(confined_file(content_dir, versions[source].path)).meta
        except (PortalError, ValueError):
            continue
        number = meta.get("number")
        if isinstance(number, str | int) and str(number).strip():
            numbers.setdefault(normalized_number(str(number)), stem)
    return numbers


def document_page_url(agency: Agency, index: ContentIndex, *, stem: str, lang: str,
                      moment: dt.datetime, siteurl: str) -> str | None:
    """A document's page in `lang` when it is public there, else in Vietnamese; None when
    neither is public at `moment` (nothing links to a page the build does not write)."""
    for code in dict.fromkeys((lang, agency.source_language)):
        if index.is_live(DOCUMENTS, stem, code, moment) and \
                index.withdrawn_on(DOCUMENTS, stem, code) is None:
            return f"{siteurl}/{item_path(agency, DOCUMENTS, stem, code)}"
    return None


def public_documents(agency: Agency, index: ContentIndex, content_dir: Path,
                     moment: dt.datetime) -> dict[str, dict[str, Any]]:
    """The original of every document public at `moment` (not a draft, not scheduled later,
    not withdrawn), converted by the schema: nothing unpublished reaches another document's
    page, validity or register."""
    schema = schema_for(DOCUMENTS)
    source = agency.source_language
    found: dict[str, dict[str, Any]] = {}
    for (section, stem), versions in sorted(index.items.items()):
        if section != DOCUMENTS or source not in versions or \
                not index.is_live(DOCUMENTS, stem, source, moment) or \
                index.withdrawn_on(DOCUMENTS, stem, source) is not None:
            continue
        try:
            meta = frontmatter.read(confined_file(content_dir, versions[source].path)).meta
        except (PortalError, ValueError):
            continue
        found[stem] = schema.convert_values(meta)
    return found


def _period(values: dict[str, Any], moment: dt.datetime) -> str:
    """A draft's comment period at `moment`: upcoming, open or closed ("" for a document)."""
    opens, closes = values.get("consultation_opens"), values.get("consultation_closes")
    if not opens or not closes:
        return ""
    return "upcoming" if moment < opens else "open" if moment < closes else "closed"


class DocumentHelpers:
    """`documents` in templates, for one language run."""

    def __init__(self, agency: Agency, index: ContentIndex, lang: str, *, siteurl: str,
                 moment: dt.datetime, content_dir: Path) -> None:
        self.agency, self.index, self.lang = agency, index, lang
        self.siteurl, self.moment, self.content_dir = siteurl, moment, content_dir

    @functools.cached_property
    def _values(self) -> dict[str, dict[str, Any]]:
        return public_documents(self.agency, self.index, self.content_dir, self.moment)

    @functools.cached_property
    def _standing(self) -> dict[str, Standing]:
        return register(self._values, self.moment.date())

    def state(self) -> str:
        """What every document page shows that depends on the moment and on the other
        documents: each one's validity, relations and comment period (the incremental writer
        reuses a document page only while this is unchanged)."""
        standing = self._standing
        return repr(sorted((stem, item.validity, sorted(item.related.items()),
                            _period(self._values[stem], self.moment))
                           for stem, item in standing.items()))

    def original_issuer(self, stem: str) -> str:
        """The issuer as the Vietnamese original names it: the register's issuer filter is
        keyed by it, so that two issuers whose translated names fold alike (Chinese folds to
        nothing) stay apart."""
        return str(self._values.get(stem, {}).get("issuer", ""))

    def type_title(self, code: str) -> str:
        entry = self.agency.document_types.get(code)
        return self.agency.text(entry["title"], self.lang) if entry else code

    def field_title(self, field_id: str) -> str:
        entry = self.agency.document_fields.get(field_id)
        return self.agency.text(entry["title"], self.lang) if entry else field_id

    def validity(self, stem: str) -> str:
        standing = self._standing.get(stem)
        return standing.validity if standing else ""

    def related(self, stem: str) -> list[Related]:
        standing = self._standing.get(stem)
        if standing is None:
            return []
        return [Related(relation, other, str(self._values.get(other, {}).get("number", "")),
                        str(self._values.get(other, {}).get("title", other)), self.url(other))
                for relation in SHOWN for other in standing.related.get(relation, [])]

    def url(self, stem: str) -> str | None:
        return document_page_url(self.agency, self.index, stem=stem, lang=self.lang,
                                 moment=self.moment, siteurl=self.siteurl)

    def consultation(self, article: Any) -> dict[str, Any] | None:
        """The comment period of a draft at the build's moment: upcoming, open (with the form
        that posts to the intake) or closed (with the count, once recorded); None for a
        document that is not a draft for comment."""
        meta = article.metadata
        state = _period(meta, self.moment)
        if not state:
            return None
        return {"state": state, "opens": meta["consultation_opens"],
                "closes": meta["consultation_closes"],
                "count": meta.get("comments_received"),
                "summary": meta.get("consultation_summary"),
                "form": CommentForm(action=intake_action(self._intake_url, COMMENT),
                                    lang=self.lang, document=article.slug)}

    @functools.cached_property
    def _intake_url(self) -> str:
        try:
            return load_qa_config(self.content_dir).intake_url
        except PortalError:
            return "/"

    def structured_data(self, article: Any, stem: str) -> dict[str, Any]:
        """schema.org Legislation (https://schema.org/Legislation) of a document page."""
        meta = article.metadata
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Legislation",
            "name": meta.get("title"), "legislationIdentifier": meta.get("number"),
            "legislationType": self.type_title(str(meta.get("doc_type", ""))),
            "legislationPassedBy": {"@type": "GovernmentOrganization",
                                    "name": meta.get("issuer")},
            "abstract": meta.get("summary"), "inLanguage": self.lang,
            "legislationLegalForce": {"in_force": "InForce", "partly_amended": "PartiallyInForce",
                                      "expired": "NotInForce", "replaced": "NotInForce",
                                      "pending": "NotInForce"}.get(self.validity(stem)),
        }
        for key, name in (("issued", "legislationDate"), ("effective", "dateCreated")):
            if meta.get(key):
                data[name] = meta[key].date().isoformat()
        if meta.get("file"):
            data["encoding"] = {"@type": "MediaObject",
                                "contentUrl": f"{self.siteurl}/{str(meta['file']).lstrip('/')}"}
        return {key: value for key, value in data.items() if value}


def install(env: Any, settings: dict[str, Any], agency: Agency, index: ContentIndex,
            moment: dt.datetime) -> DocumentHelpers:
    helpers = DocumentHelpers(agency, index, settings["PORTAL_LANG"], siteurl=settings["SITEURL"],
                              moment=moment, content_dir=Path(settings["PATH"]))
    env.globals.update(documents=helpers)
    return helpers
