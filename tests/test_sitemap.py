"""A public build tells search engines and the provincial portal where everything is: a
sitemap with each page's other-language versions and x-default, robots.txt, one canonical
address per page, and Open Graph tags; a preview tells them nothing."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import make_repo
from workflow.build import build_site

pytestmark = pytest.mark.slow
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_robots_canonical_and_open_graph(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    output = build_site(repo, publish=True, as_of=dt.date(2026, 11, 30)).output
    root = ET.parse(output / "sitemap.xml").getroot()
    entries = {url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href")
                                             for link in url.findall("x:link", NS)}
               for url in root.findall("s:url", NS)}
    site = "https://songv.langson.gov.vn"
    english = f"{site}/english/questions/ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi/"
    assert english in entries
    assert entries[english]["x-default"] == \
        f"{site}/hoi-dap/ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi/"
    assert entries[english]["zh-Hans"].startswith(f"{site}/chinese/")
    assert not any("/drafts/" in loc or "/noi-bo/" in loc for loc in entries)
    for loc in list(entries)[:200]:
        path = loc.removeprefix(site + "/")
        assert (output / path / "index.html").exists() or (output / path).is_file(), loc
    assert f"Sitemap: {site}/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")
    page = (output / "hoi-dap" / "ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi" /
            "index.html").read_text(encoding="utf-8")
    assert (f'<link rel="canonical" href="{site}/hoi-dap/'
            'ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi/">') in page
    assert '<meta property="og:type" content="article">' in page
    assert 'hreflang="x-default"' in page


def test_a_preview_has_no_sitemap(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    output = build_site(repo, as_of=dt.date(2026, 11, 30)).output
    assert not (output / "sitemap.xml").exists()
    assert 'rel="canonical"' not in (output / "index.html").read_text(encoding="utf-8")
