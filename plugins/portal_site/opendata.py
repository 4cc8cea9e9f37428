"""Open data for the provincial portal to aggregate (member sites, Circular 22/2023): static
JSON listings of documents, procedures, schedules and news under `/api/v1/<lang>/`, each
described by a JSON Schema shipped in the theme (`theme/api/v1/`) and copied beside it.

Only published items of the run's language are listed, with the fields a reader of the page
sees: never a draft, a scheduled item before its time, a withdrawn item, or a key that only
the workflow uses (author, fingerprints, review dates).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from plugins.core import atomic
from plugins.core.agency import load_agency
from plugins.portal_site.addresses import item_url
from plugins.portal_site.settings import is_source_language_run

API = "api/v1"
# Per listing: the section it reads and the fields it exports besides the common ones.
LISTINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "documents": ("documents", ("number", "doc_type", "issuer", "issued", "effective", "expiry",
                                "field", "replaces", "amends", "guided_by", "file",
                                "consultation_opens", "consultation_closes",
                                "comments_received")),
    "procedures": ("procedures", ("code", "field", "level", "competent_agency",
                                  "implementing_agency", "channels", "result", "legal_basis",
                                  "last_reviewed")),
    "schedules": ("schedules", ("kind", "week_start", "entries")),
    "news": ("news", ("tags", "image")),
}
COMMON = ("title", "summary", "category", "unit")


def _json_value(value: Any, siteurl: str, key: str) -> Any:
    """A front-matter value as JSON: dates in ISO 8601, files as addresses, Pelican's Tag and
    Category by their names."""
    if isinstance(value, list):
        return [_json_value(item, siteurl, key) for item in value]
    if isinstance(value, dict):
        return {name: _json_value(item, siteurl, name) for name, item in value.items()}
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    if key in ("file", "image", "form") and isinstance(value, str):
        return f"{siteurl}/{value.lstrip('/')}"
    return value if isinstance(value, str | int | float | bool) else str(value)


def item_record(article: Any, fields: tuple[str, ...], siteurl: str, documents: Any) -> dict:
    meta = article.metadata
    record: dict[str, Any] = {"id": article.slug, "lang": article.lang,
                              "url": f"{siteurl}/{item_url(article)}",
                              "date": article.date.isoformat()}
    if meta.get("updated"):
        record["updated"] = meta["updated"].isoformat()
    for key in (*COMMON, *fields):
        value = meta.get(key)
        if key == "category" and value is not None:
            value = getattr(value, "slug", None) or str(value)
        if value not in (None, "", []):
            record[key] = _json_value(value, siteurl, key)
    if article.section == "documents":
        record["validity"] = documents.validity(article.slug) or "in_force"
    return record


class OpenDataGenerator(Generator):
    """Writes `/api/v1/<lang>/<listing>.json`; the site's root run also the index and schemas."""

    def generate_context(self) -> None:
        """The listings derive from the articles other generators read."""

    def generate_output(self, writer: Any) -> None:
        del writer  # JSON files, not templates
        lang = self.settings["PORTAL_LANG"]
        siteurl = self.settings["SITEURL"]
        documents = self.env.globals["documents"]
        output = Path(self.output_path) / API
        articles = self.context["articles"]
        for listing, (section, fields) in LISTINGS.items():
            items = sorted((item for item in articles if item.section == section),
                           key=lambda item: (item.date, item.slug), reverse=True)
            self._write(output / lang / f"{listing}.json", {
                "version": 1, "listing": listing, "lang": lang,
                "schema": f"{siteurl}/{API}/schemas/{listing}.schema.json",
                "items": [item_record(item, fields, siteurl, documents) for item in items]})
        if is_source_language_run(self.settings):
            self._index_and_schemas(output, siteurl)

    def _index_and_schemas(self, output: Path, siteurl: str) -> None:
        schemas = Path(self.settings["THEME"]) / "api" / "v1"
        (output / "schemas").mkdir(parents=True, exist_ok=True)
        for schema in sorted(schemas.glob("*.schema.json")):
            shutil.copyfile(schema, output / "schemas" / schema.name)
        languages = list(load_agency(Path(self.settings["PATH"])).languages)
        self._write(output / "index.json", {
            "version": 1, "listings": [
                {"listing": listing, "lang": lang, "url": f"{siteurl}/{API}/{lang}/{listing}.json",
                 "schema": f"{siteurl}/{API}/schemas/{listing}.schema.json"}
                for lang in languages for listing in LISTINGS]})

    @staticmethod
    def _write(path: Path, data: dict[str, Any]) -> None:
        """Compact JSON, for machines: Python's encoder in C, where an indented one is
        written in Python (three times slower on a ten-thousand-item listing), and an
        eighth fewer bytes to download."""
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                          + "\n")
