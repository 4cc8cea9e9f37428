"""The legal-documents register of each language (Decree 42/2022): one accessible table of every
published document (number, date of issue, summary, issuer, validity), newest issue first, and a
page for each value of each filter (type, issuer, year, field, validity), written in advance so
that filtering works without JavaScript; a small script adds a text filter when it runs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pelican.generators import Generator

from plugins.core.agency import load_agency
from plugins.core.folding import fold
from plugins.core.urls import save_as, section_path
from plugins.portal_site.documents import DOCUMENTS

FACETS = ("type", "issuer", "year", "field", "validity")
# The URL segment of each filter under the register, per language (others use English).
FACET_SEGMENTS: dict[str, dict[str, str]] = {
    "type": {"vi": "loai"}, "issuer": {"vi": "co-quan-ban-hanh"}, "year": {"vi": "nam"},
    "field": {"vi": "linh-vuc"}, "validity": {"vi": "hieu-luc"},
}


def facet_segment(facet: str, lang: str) -> str:
    return FACET_SEGMENTS[facet].get(lang, facet)


def slug(text: str) -> str:
    """An address segment from a name: "Ủy ban nhân dân tỉnh" -> "uy-ban-nhan-dan-tinh"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "khac"


@dataclass(frozen=True)
class Entry:
    article: Any
    facets: dict[str, str]  # facet -> value id


@dataclass(frozen=True)
class Choice:
    facet: str
    value: str
    label: str
    count: int
    url: str


def write_register(generator: Generator, writer: Any, items: list[Any]) -> None:
    """The register and its filter pages for the run's language."""
    agency = load_agency(generator.path)
    lang = generator.settings["PORTAL_LANG"]
    documents = generator.env.globals["documents"]
    base = section_path(agency, DOCUMENTS, lang)
    entries = sorted((_entry(item, documents) for item in items),
                     key=lambda entry: (_issued(entry.article), entry.article.slug),
                     reverse=True)
    labels = _labels(entries, documents)
    choices = {facet: [Choice(facet, value, labels[facet][value], count,
                              f"{base}{facet_segment(facet, lang)}/{value}/")
                       for value, count in sorted(_counts(entries, facet).items(),
                                                  key=lambda pair: _order(facet, pair))]
               for facet in FACETS}
    _write(writer, generator, base, entries, choices=choices, chosen=None)
    for facet in FACETS:
        for choice in choices[facet]:
            chosen = [entry for entry in entries if entry.facets[facet] == choice.value]
            _write(writer, generator, choice.url, chosen, choices=choices, chosen=choice)


def _entry(article: Any, documents: Any) -> Entry:
    meta = article.metadata
    return Entry(article, {
        "type": str(meta.get("doc_type", "")),
        "issuer": slug(documents.original_issuer(article.slug) or str(meta.get("issuer", ""))),
        "year": str(_issued(article).year), "field": str(meta.get("field", "")),
        "validity": documents.validity(article.slug) or "in_force"})


def _issued(article: Any) -> Any:
    """When a document was issued or, for a draft for comment, when comments opened."""
    meta = article.metadata
    return meta.get("issued") or meta.get("consultation_opens") or article.date


def _counts(entries: list[Entry], facet: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.facets[facet]] += 1
    return counts


def _order(facet: str, pair: tuple[str, int]) -> tuple[Any, ...]:
    """Years newest first; other values by how many documents they hold, then by name."""
    value, count = pair
    return (-int(value),) if facet == "year" and value.isdigit() else (-count, value)


def _labels(entries: list[Entry], documents: Any) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {facet: {} for facet in FACETS}
    for entry in entries:
        meta = entry.article.metadata
        labels["type"][entry.facets["type"]] = documents.type_title(entry.facets["type"])
        labels["issuer"][entry.facets["issuer"]] = str(meta.get("issuer", ""))
        labels["year"][entry.facets["year"]] = entry.facets["year"]
        labels["field"][entry.facets["field"]] = documents.field_title(entry.facets["field"])
        labels["validity"][entry.facets["validity"]] = entry.facets["validity"]
    return labels


def _write(writer: Any, generator: Generator, path: str, entries: list[Entry], *,
           choices: dict[str, list[Choice]], chosen: Choice | None) -> None:
    writer.write_file(save_as(path), generator.get_template("documents_register"),
                      generator.context,
                      template_name="documents_register", url=path, page_path=path,
                      section=DOCUMENTS, entries=entries, choices=choices, chosen=chosen)
