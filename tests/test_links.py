"""No broken internal link and no missing asset anywhere in the built demo site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.helpers import read_page

pytestmark = pytest.mark.slow


def _target(output: Path, page: Path, href: str) -> Path | None:
    """The file an internal link points at, or None for external and in-page links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = output if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_no_broken_internal_links_or_assets(demo_output: Path) -> None:
    broken = []
    pages = sorted(demo_output.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        reader = read_page(page)
        for href in [href for href, _ in reader.links] + reader.assets:
            target = _target(demo_output, page, href)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(demo_output)} -> {href}")
    assert broken == []


def test_every_image_has_alt_text(demo_output: Path) -> None:
    missing = {str(page.relative_to(demo_output)): read_page(page).images_without_alt
               for page in demo_output.rglob("*.html")}
    assert {page: srcs for page, srcs in missing.items() if srcs} == {}


def test_no_external_resources(demo_output: Path) -> None:
    external = [(str(page.relative_to(demo_output)), asset)
                for page in demo_output.rglob("*.html")
                for asset in read_page(page).assets
                if urlsplit(asset).netloc]
    assert external == []
