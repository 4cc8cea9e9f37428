"""axe-core (bundled by axe-playwright-python) in Debian's Chromium finds no WCAG 2.1 A/AA
violation on the structured pages: the documents register, one of its filter pages, a
procedure page and a schedule page, at 320 px and at 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import serve

pytestmark = pytest.mark.slow
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 1280)


def _first_page(root: Path, folder: str) -> str:
    pages = sorted(path for path in (root / folder).glob("*/index.html")
                   if path.parent.name not in ("page", "bieu-mau", "loai", "nam", "hieu-luc",
                                                "linh-vuc", "co-quan-ban-hanh"))
    assert pages, folder
    return "/" + pages[0].parent.relative_to(root).as_posix() + "/"


@pytest.fixture(scope="module")
def site_url(demo_output: Path) -> Iterator[str]:
    with serve(demo_output) as url:
        yield url


@pytest.fixture(scope="module")
def pages(demo_output: Path) -> dict[str, str]:
    return {"register": "/van-ban/", "filter": "/van-ban/loai/NĐ/",
            "procedure": _first_page(demo_output, "thu-tuc-hanh-chinh"),
            "schedule": _first_page(demo_output, "lich-cong-tac")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["register", "filter", "procedure", "schedule"])
def test_no_wcag_violation(browser, site_url: str, pages: dict[str, str], name: str,
                           width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - browser tests only

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + pages[name])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    page.close()
    violations = [(item["id"], [node["target"] for node in item["nodes"]][:3])
                  for item in results.response["violations"]]
    assert violations == [], f"{name} at {width}px"
