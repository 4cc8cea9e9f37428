"""A preview build of hostile content, opened page by page in Debian's Chromium: no script an
editor smuggled in runs, whatever the trick. A dialog listener catches any `alert()`; every link
and frame left on a page is one a browser treats as harmless."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import GOOD_NEWS, make_repo, serve, write_item
from workflow.build import build_site

pytestmark = pytest.mark.slow

BODIES = {
    "the-script": "<script>alert('script')</script>",
    "su-kien": '<img src="/x.png" alt="x" onerror="alert(\'onerror\')">',
    "lien-ket-js": "[bấm](javascript:alert('md-link'))",
    "lien-ket-js-tab": '<a href="jav&#x09;ascript:alert(\'tab\')">bấm</a>',
    "lien-ket-js-thuc-the": '<a href="javascript&#58;alert(\'entity\')">bấm</a>',
    "tu-dong-js": "<javascript:alert('autolink')>",
    "khung-gach-cheo": '<iframe src="http://127.0.0.1\\@www.youtube.com/" title="v"></iframe>',
    "khung-js": '<iframe src="javascript:alert(\'iframe\')" title="v"></iframe>',
    "svg-noi": "<svg onload=\"alert('svg')\"><circle r=\"4\"/></svg>",
    "doi-tuong": '<object data="javascript:alert(\'object\')"></object>',
    "du-lieu": "[bấm](data:text/html,<script>alert('data')</script>)",
    "kieu": "<style>body{background:url(javascript:alert('style'))}</style>",
    "ma-hoa": "&lt;script&gt;alert('escaped')&lt;/script&gt; chỉ là chữ.",
    "anh-svg": "![ảnh](/media/2026/co-script.svg)",
}
FRONT_MATTER_ATTACKS = {
    "tieu-de": ("title", "\"</title><script>alert('title')</script>\""),
    "tom-tat": ("summary", "\"\\\"><script>alert('summary')</script>\""),
    "chu-thich-anh": ("image_alt", "'\" onerror=\"alert(1)'"),
    "noi-dung-an": ("_content", "\"<script>alert('_content')</script>\""),
    "tu-khoa": ("tags", "[\"<script>alert('tag')</script>\"]"),
}
SVG_WITH_SCRIPT = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" '
                   "onload=\"alert('svg-file')\"><script>alert('svg-script')</script>"
                   '<rect width="8" height="8"/></svg>')
SAFE_PROTOCOLS = ("http:", "https:", "mailto:", "tel:")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = make_repo(tmp_path_factory.mktemp("hostile") / "repo")
    media = repo / "content" / "media" / "2026"
    media.mkdir(parents=True)
    (media / "co-script.svg").write_text(SVG_WITH_SCRIPT, encoding="utf-8")
    for stem, body in BODIES.items():
        write_item(repo, f"news/2026/{stem}.vi.md", GOOD_NEWS, body)
    for stem, (key, value) in FRONT_MATTER_ATTACKS.items():
        front = GOOD_NEWS
        if key in ("title", "summary"):
            front = "\n".join(line for line in front.split("\n")
                              if not line.strip().startswith(f"{key}:"))
        extra = "    image: media/2026/co-script.svg\n" if key == "image_alt" else ""
        write_item(repo, f"news/2026/{stem}.vi.md", front + extra + f"    {key}: {value}\n")
    output = build_site(repo).output
    with serve(output) as url:
        yield url


def _pages(root: Path) -> list[str]:
    return sorted("/" + path.relative_to(root).as_posix().removesuffix("index.html")
                  for path in root.rglob("*.html"))


def test_no_smuggled_script_runs_on_any_page(browser, hostile_site: str,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    root = Path(str(tmp_path_factory.getbasetemp())).glob("hostile*/repo/output")
    pages = _pages(next(iter(root)))
    assert len(pages) > len(BODIES)
    dialogs: list[str] = []
    unsafe: list[str] = []
    without_policy: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"),
                                      dialog.dismiss()))
    for path in [*pages, "/media/2026/co-script.svg"]:
        page.goto(hostile_site + path, wait_until="load")
        page.wait_for_timeout(50)
        if path.endswith("/") and not page.evaluate(
                "!!document.querySelector('meta[http-equiv=Content-Security-Policy]')"):
            without_policy.append(path)
        unsafe += page.evaluate(
            """(safe) => [...document.querySelectorAll('a[href], iframe[src], object, embed')]
                .filter((el) => el.tagName === 'OBJECT' || el.tagName === 'EMBED'
                    || !safe.includes(new URL(el.href || el.src, location.href).protocol))
                .map((el) => location.pathname + ': ' + el.outerHTML.slice(0, 120))""",
            list(SAFE_PROTOCOLS))
    context.close()
    assert dialogs == []
    assert unsafe == []
    assert without_policy == [], "every page carries the Content-Security-Policy"


def test_iframes_left_on_pages_go_only_to_allowed_hosts(browser, hostile_site: str) -> None:
    page = browser.new_page()
    page.goto(hostile_site + "/tin-tuc/khung-gach-cheo/")
    hosts = page.evaluate("[...document.querySelectorAll('iframe[src]')].map((f) => "
                          "new URL(f.src, location.href).host)")
    page.close()
    assert all(host in ("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com")
               for host in hosts)
