"""Building blocks for tests: throwaway portal repositories and a reader of built pages."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPO_FILES = ("pelicanconf.py", "publishconf.py")
REPO_DIRS = ("theme",)
PIPE_TIMEOUT_SECONDS = 120  # a build that waits on a pipe fails here instead of hanging


def make_repo(target: Path, *, with_demo_content: bool = False) -> Path:
    """A portal repository in `target`: our theme and settings, agency config, and content."""
    target.mkdir(parents=True, exist_ok=True)
    for name in REPO_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in REPO_DIRS:
        shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)
    if with_demo_content:
        shutil.copytree(ROOT / "content", target / "content", dirs_exist_ok=True)
    else:
        shutil.copytree(ROOT / "content" / "_config", target / "content" / "_config",
                        dirs_exist_ok=True)
    return target


def run_portal(repo: Path, capsys: pytest.CaptureFixture[str], *command: str) -> tuple[int, str]:
    """`portal COMMAND` on `repo` (default `check`): exit status and everything printed, which
    never holds a traceback."""
    from workflow.cli import main  # noqa: PLC0415 - the command only where a test runs it

    code = main(["--repo", str(repo), *(command or ("check",))])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


def build_in_a_process(repo: Path, as_of: dt.date) -> None:
    """`portal build` as its own process, which fails the test, instead of hanging it, when
    the build waits on a pipe planted where it reads."""
    subprocess.run([sys.executable, "-m", "workflow.cli", "--repo", str(repo), "build",
                    "--as-of", as_of.isoformat()], check=True, capture_output=True,
                   timeout=PIPE_TIMEOUT_SECONDS)


def edit_config(repo: Path, name: str, old: str, new: str) -> int:
    """Replace `old` by `new` in a file of content/_config/; the line where `new` starts."""
    path = repo / "content" / "_config" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: two equal snapshots are byte-identical trees."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def write_item(repo: Path, relpath: str, front_matter: str, body: str = "Nội dung.") -> Path:
    """Write content/<relpath> with the given YAML front matter (dedented) and body."""
    path = repo / "content" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n\n{body}\n",
                    encoding="utf-8")
    return path


NEWS_FRONT_MATTER = """
    title: {title}
    date: {date}
    category: chi-dao-dieu-hanh
    unit: hop-tac-quoc-te
    author: ha-minh-duc
    summary: Tóm tắt ngắn của bản tin.
"""
GOOD_NEWS = NEWS_FRONT_MATTER.format(title="Bản tin đúng quy định", date="2026-11-02 09:00")


class PageReader(HTMLParser):
    """Collects what tests look at in a built page: lang, links, assets, visible text."""

    SKIP_TEXT = ("script", "style", "title")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.assets: list[str] = []
        self.alternates: dict[str, str] = {}
        self.text_parts: list[str] = []
        self.images_without_alt: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag in self.SKIP_TEXT:
            self._skip_depth += 1
        if tag == "a" and attributes.get("href"):
            self.links.append((attributes["href"] or "", attributes))
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"] or ""] = attributes.get("href") or ""
        if tag == "link" and attributes.get("href"):
            self.assets.append(attributes["href"] or "")
        if tag in ("img", "script", "source") and attributes.get("src"):
            self.assets.append(attributes["src"] or "")
        if tag == "img" and attributes.get("alt") is None:
            self.images_without_alt.append(attributes.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP_TEXT:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Chromium drops connections for images it no longer needs when a page closes: not
        a failure. Anything else is still reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served on 127.0.0.1 at a free port, for as long as the block runs."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
