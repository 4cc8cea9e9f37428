"""What a reader downloads: `python -m workflow.bench weight`.

Builds the demo as published and opens its pages in Debian's Chromium (Playwright, installed
by `make test`), answering every request from the built tree as the site's own address would,
counting the bytes of every response: an article
without search (the target is 30 KB), and a search from the search page (Pagefind's script,
its WebAssembly, the index chunks and the fragments of the results). Also prints the size of
the whole index per language. Sizes are as served without compression, and gzipped where
nginx compresses (text types; Pagefind's own files are compressed already).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

from plugins.core.agency import load_agency
from workflow.bench import ROOT, use_code_of
from workflow.build import build_site
from workflow.chromium import CHROMIUM, CHROMIUM_ARGS
from workflow.search_index import SEARCH_DIR

ARTICLE = "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/"
SEARCHES = (("/tim-kiem/?q=doan+dai+bieu", "vi"), ("/english/search/?q=border", "en"),
            ("/chinese/search/?q=%E8%BE%B9%E5%A2%83", "zh"))
COMPRESSED_TYPES = (".html", ".css", ".js", ".svg", ".json", ".xml")


def _served_size(root: Path, path: str) -> tuple[int, int]:
    """Bytes of the file behind `path`, and as nginx's gzip would send it."""
    relative = path.split("?", maxsplit=1)[0].lstrip("/")
    file = root / relative
    if file.is_dir() or not relative:
        file = file / "index.html"
    data = file.read_bytes()
    if file.suffix in COMPRESSED_TYPES:
        return len(data), len(gzip.compress(data, compresslevel=6))
    return len(data), len(data)


def _fetched(browser: object, site: str, root: Path, address: str,
             wait_for: str | None) -> list[str]:
    """The paths a page at `address` fetches, answered from the built tree as if from the
    site's own address (the published pages name it in every link)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    paths: list[str] = []

    def answer(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if not url.startswith(site + "/"):
            route.abort()  # type: ignore[attr-defined]
            return
        path = url[len(site):].split("?")[0].split("#")[0]
        file = root / path.lstrip("/")
        target = file / "index.html" if file.is_dir() else file
        route.fulfill(path=target)  # type: ignore[attr-defined]

    context.route("**/*", answer)
    page = context.new_page()
    page.on("requestfinished", lambda request: paths.append(request.url[len(site):]))
    page.goto(site + address)
    if wait_for:
        page.locator(wait_for).first.wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    return paths


def run() -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - a test dependency

    with tempfile.TemporaryDirectory(prefix="weight-") as scratch:
        repo = Path(scratch)
        use_code_of(ROOT, repo)
        shutil.copytree(ROOT / "content", repo / "content")
        report = build_site(repo, publish=True, as_of="2026-11-30")
        root = report.output
        index = root / SEARCH_DIR
        written = [path for path in index.rglob("*") if path.is_file()]
        print(f"search index: {report.search.pages} pages, {len(written)} files, "
              f"{sum(path.stat().st_size for path in written) / 1024:.0f} KiB in all "
              "(with the unused UI bundles)")
        for lang in ("vi", "en", "zh-hans"):
            files = [path for path in index.rglob(f"*{lang}_*") if path.is_file()]
            size = sum(path.stat().st_size for path in files)
            print(f"  {lang}: {len(files)} files, {size / 1024:.0f} KiB")
        site = load_agency(repo / "content").site["url"].rstrip("/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            paths = _fetched(browser, site, root, ARTICLE, None)
            sizes = [_served_size(root, path) for path in paths]
            print(f"article {ARTICLE}: {len(paths)} requests, "
                  f"{sum(raw for raw, _ in sizes) / 1024:.1f} KB as stored, "
                  f"{sum(sent for _, sent in sizes) / 1024:.1f} KB sent gzipped")
            for path, (raw, sent) in zip(paths, sizes, strict=True):
                print(f"  {path}: {raw / 1024:.1f} KB, {sent / 1024:.1f} KB gzipped")
            for address, lang in SEARCHES:
                paths = _fetched(browser, site, root, address, "[data-search-results] li")
                searched = [path for path in paths if path.startswith(f"/{SEARCH_DIR}/")]
                sizes = [_served_size(root, path) for path in searched]
                print(f"search ({lang}) {address}: {len(searched)} index requests, "
                      f"{sum(sent for _, sent in sizes) / 1024:.1f} KB sent")
            browser.close()
