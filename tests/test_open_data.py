"""Open data for the provincial portal: every listing of every language validates against the
JSON Schema shipped in the theme, lists only what the public site shows, and the index names
them all."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from plugins.portal_site.opendata import LISTINGS

pytestmark = pytest.mark.slow
SCHEMAS = Path(__file__).resolve().parent.parent / "theme" / "api" / "v1"


def test_the_shipped_schemas_are_valid_json_schemas() -> None:
    for listing in LISTINGS:
        schema = json.loads((SCHEMAS / f"{listing}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_listing_validates_and_lists_only_public_items(demo_output: Path) -> None:
    api = demo_output / "api" / "v1"
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    assert {(entry["lang"], entry["listing"]) for entry in index["listings"]} == {
        (lang, listing) for lang in ("vi", "en", "zh") for listing in LISTINGS}
    for lang in ("vi", "en", "zh"):
        for listing in LISTINGS:
            data = json.loads((api / lang / f"{listing}.json").read_text(encoding="utf-8"))
            schema = json.loads((api / "schemas" / f"{listing}.schema.json").read_text(
                encoding="utf-8"))
            jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
            for item in data["items"]:
                assert (demo_output / item["url"].lstrip("/") / "index.html").exists()
                assert "author" not in item and "source_hash" not in item
    documents = json.loads((api / "vi" / "documents.json").read_text(encoding="utf-8"))
    assert documents["items"] and all(item["validity"] for item in documents["items"])
