"""axe-core (bundled by axe-playwright-python) in Debian's Chromium finds no WCAG 2.1 A/AA
violation and no content outside a landmark (`region`) on any type of page of the demo, in
the three languages, on a phone (360 px) and on a desktop (1280 px)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import serve

pytestmark = pytest.mark.slow
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (360, 1280)
# The address segments of each language (content/_config/agency.yaml and the Q&A, register
# and search pages' own).
SEGMENTS = {
    "vi": {"root": "", "news": "tin-tuc", "announcements": "thong-bao", "documents": "van-ban",
           "procedures": "thu-tuc-hanh-chinh", "questions": "hoi-dap",
           "schedules": "lich-cong-tac", "pages": "gioi-thieu", "category": "chuyen-muc",
           "tag": "tu-khoa", "search": "tim-kiem", "forms": "bieu-mau", "filter": "loai",
           "ask": "dat-cau-hoi", "status": "tra-cuu"},
    "en": {"root": "english/", "news": "news", "announcements": "announcements",
           "documents": "documents", "procedures": "procedures", "questions": "questions",
           "schedules": "schedules", "pages": "about", "category": "category", "tag": "tag",
           "search": "search", "forms": "forms", "filter": "type", "ask": "ask",
           "status": "status"},
}
SEGMENTS["zh"] = {**SEGMENTS["en"], "root": "chinese/"}
SERVICE_FOLDERS = {"page", "bieu-mau", "forms", "loai", "type", "nam", "year", "hieu-luc",
                   "validity", "linh-vuc", "field", "co-quan-ban-hanh", "issuer",
                   "dat-cau-hoi", "ask", "tra-cuu", "status"}


def _first_item(root: Path, folder: str) -> str:
    pages = sorted(path for path in (root / folder).glob("*/index.html")
                   if path.parent.name not in SERVICE_FOLDERS)
    assert pages, folder
    return pages[0].parent.relative_to(root).as_posix() + "/"


def page_types(root: Path, lang: str) -> dict[str, str]:
    """One address of every kind of page the site has, in `lang`."""
    seg = SEGMENTS[lang]
    base = seg["root"]
    types = {"home": base, "search": f"{base}{seg['search']}/", "not found": f"{base}404.html",
             "forms": f"{base}{seg['procedures']}/{seg['forms']}/",
             "ask": f"{base}{seg['questions']}/{seg['ask']}/",
             "status": f"{base}{seg['questions']}/{seg['status']}/",
             "register filter": _first_item(root, f"{base}{seg['documents']}/{seg['filter']}"),
             "category": _first_item(root, f"{base}{seg['category']}"),
             "tag": _first_item(root, f"{base}{seg['tag']}"),
             "leaders": f"{base}{seg['pages']}/lanh-dao/",
             "contact": f"{base}{seg['pages']}/lien-he/"}
    for section in ("news", "announcements", "documents", "procedures", "questions",
                    "schedules"):
        types[f"{section} home"] = f"{base}{seg[section]}/"
        types[f"{section} item"] = _first_item(root, f"{base}{seg[section]}")
    types["page"] = _first_item(root, f"{base}{seg['pages']}")
    return {name: "/" + path for name, path in types.items()}


CASES = [(lang, name) for lang in ("vi", "en", "zh")
         for name in ("home", "search", "not found", "forms", "ask", "status", "register filter",
                      "category", "tag", "leaders", "contact", "page", "news home", "news item",
                      "announcements home", "announcements item", "documents home",
                      "documents item", "procedures home", "procedures item", "questions home",
                      "questions item", "schedules home", "schedules item")]


@pytest.fixture(scope="module")
def site_url(demo_output: Path) -> Iterator[str]:
    with serve(demo_output) as url:
        yield url


@pytest.fixture(scope="module")
def addresses(demo_output: Path) -> dict[str, dict[str, str]]:
    return {lang: page_types(demo_output, lang) for lang in SEGMENTS}


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_no_wcag_violation_and_everything_in_a_landmark(
        browser, site_url: str, addresses: dict[str, dict[str, str]], lang: str,
        name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - browser tests only

    path = addresses[lang][name]
    assert (site_url and path), name
    findings = {}
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        response = page.goto(site_url + path)
        assert response is not None and (response.ok or name == "not found"), path
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                           "rules": {"region": {"enabled": True}}})
        page.close()
        findings[width] = [(item["id"], [node["target"] for node in item["nodes"]][:3])
                           for item in results.response["violations"]]
        assert "region" in {rule["id"] for rule in
                            results.response["passes"] + results.response["inapplicable"]
                            + results.response["violations"]}, "the region rule ran"
    assert findings == {width: [] for width in WIDTHS}, f"{lang} {name}: {path}"
