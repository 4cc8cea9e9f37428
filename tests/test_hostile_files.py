"""Nothing outside `content/` is ever read into or written by a build: links and special files
under `content/` are refused, wherever they point, and the output goes only where it may."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from plugins.core.runsettings import run_cache
from tests.helpers import GOOD_NEWS, build_in_a_process, make_repo, snapshot, write_item
from workflow.build import PARSED_FILE, build_site
from workflow.cli import main

SECRET = "BI-MAT-CUA-MAY-DUNG"  # what must never appear in output/
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of the build machine outside the repository, as /etc would be."""
    folder = tmp_path / "ngoai"
    (folder / "sub").mkdir(parents=True)
    (folder / "shadow").write_text(SECRET + "\n", encoding="utf-8")
    (folder / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (folder / "sub" / "tin.vi.md").write_text(
        "---\n" + GOOD_NEWS.replace("    ", "") + "---\n\n" + SECRET + "\n", encoding="utf-8")
    return folder


def _repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS)
    (repo / "content" / "media" / "2026").mkdir(parents=True)
    return repo


def _link_media_file(repo: Path, outside: Path) -> str:
    (repo / "content" / "media" / "2026" / "anh.png").symlink_to(outside / "anh.png")
    return "content/media/2026/anh.png"


def _link_media_folder(repo: Path, outside: Path) -> str:
    (repo / "content" / "media" / "etc").symlink_to(outside, target_is_directory=True)
    return "content/media/etc"


def _link_markdown_file(repo: Path, outside: Path) -> str:
    (repo / "content" / "news" / "2026" / "tin-ngoai.vi.md").symlink_to(
        outside / "sub" / "tin.vi.md")
    return "content/news/2026/tin-ngoai.vi.md"


def _link_section_folder(repo: Path, outside: Path) -> str:
    (repo / "content" / "news" / "2025").symlink_to(outside / "sub", target_is_directory=True)
    return "content/news/2025"


def _fifo_in_media(repo: Path, _outside: Path) -> str:
    os.mkfifo(repo / "content" / "media" / "2026" / "ong.pdf")
    return "content/media/2026/ong.pdf"


PLANTS: dict[str, Callable[[Path, Path], str]] = {
    "media-file-link": _link_media_file,
    "media-folder-link": _link_media_folder,
    "markdown-link": _link_markdown_file,
    "section-folder-link": _link_section_folder,
    "fifo": _fifo_in_media,
}


def _everything_in(output: Path) -> bytes:
    return b"".join(path.read_bytes() for path in output.rglob("*") if path.is_file())


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_check_names_the_link_and_preview_publishes_nothing_of_it(
        tmp_path: Path, outside: Path, capsys, plant: str) -> None:
    repo = _repo(tmp_path)
    shown = PLANTS[plant](repo, outside)
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert f"{shown}: error [symlink]" in out
    assert "Traceback" not in out
    report = build_site(repo)
    assert SECRET.encode() not in _everything_in(report.output)
    assert (report.output / "tin-tuc" / "tin-tot" / "index.html").exists()


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_public_build_refuses_a_link(tmp_path: Path, outside: Path, capsys, plant: str) -> None:
    repo = _repo(tmp_path)
    assert main(["--repo", str(repo), "build", "--publish"]) == 0
    live = snapshot(repo / "output")
    shown = PLANTS[plant](repo, outside)
    capsys.readouterr()
    assert main(["--repo", str(repo), "build", "--publish"]) == 1
    err = capsys.readouterr().err
    assert shown in err and "Traceback" not in err
    assert snapshot(repo / "output") == live


def test_static_links_that_climb_out_are_not_copied(tmp_path: Path, outside: Path,
                                                    capsys) -> None:
    repo = _repo(tmp_path)
    (repo / "bi-mat.txt").write_text(SECRET, encoding="utf-8")
    write_item(repo, "news/2026/leo-ra.vi.md", GOOD_NEWS,
               "[tệp]({static}/../bi-mat.txt) và [tệp khác]({static}../../../bi-mat.txt) "
               f"và [nữa]({{static}}/../../ngoai/shadow) {outside.name}")
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert "content/news/2026/leo-ra.vi.md:10: error [broken-link]" in out
    report = build_site(repo)
    assert SECRET.encode() not in _everything_in(report.output)


def test_the_content_folder_itself_may_not_be_a_link(tmp_path: Path, capsys) -> None:
    repo = _repo(tmp_path)
    real = tmp_path / "noi-dung-that"
    (repo / "content").rename(real)
    (repo / "content").symlink_to(real, target_is_directory=True)
    assert main(["--repo", str(repo), "build"]) == 1
    err = capsys.readouterr().err
    assert "content" in err and "Traceback" not in err


@pytest.mark.parametrize("target", ["content/dau-ra", "theme", ".", ".git/site"])
def test_output_may_not_go_where_the_build_reads(tmp_path: Path, capsys, target: str) -> None:
    repo = _repo(tmp_path)
    (repo / ".git").mkdir()
    before = snapshot(repo / "content")
    assert main(["--repo", str(repo), "build", "--output", str(repo / target)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert snapshot(repo / "content") == before


def _link_theme(repo: Path, outside: Path) -> str:
    shutil.move(repo / "theme", outside / "theme")
    (repo / "theme").symlink_to(outside / "theme", target_is_directory=True)
    return "theme"


def _link_in_theme(repo: Path, outside: Path) -> str:
    (repo / "theme" / "static" / "css" / "shadow.css").symlink_to(outside / "shadow")
    return "theme/static/css/shadow.css"


def _link_settings(repo: Path, outside: Path) -> str:
    shutil.move(repo / "pelicanconf.py", outside / "pelicanconf.py")
    (repo / "pelicanconf.py").symlink_to(outside / "pelicanconf.py")
    return "pelicanconf.py"


def _pipe_as_settings(repo: Path, _outside: Path) -> str:
    (repo / "pelicanconf.py").unlink()
    os.mkfifo(repo / "pelicanconf.py")  # Pelican would wait on it for ever
    return "pelicanconf.py"


@pytest.mark.parametrize("plant", [_link_theme, _link_in_theme, _link_settings,
                                   _pipe_as_settings],
                         ids=lambda plant: plant.__name__.lstrip("_"))
def test_a_theme_or_settings_file_leading_elsewhere_stops_the_build(
        tmp_path: Path, outside: Path, capsys, plant: Callable[[Path, Path], str]) -> None:
    """The theme's static files are copied into the site and the settings files are run: a
    link committed in their place must not make the build publish or run what it points to."""
    repo = _repo(tmp_path)
    shown = plant(repo, outside)
    assert main(["--repo", str(repo), "build"]) == 1
    err = capsys.readouterr().err
    assert shown in err and "Traceback" not in err
    assert not (repo / "output").exists()


def test_a_cache_folder_leading_elsewhere_stops_the_build(tmp_path: Path, outside: Path,
                                                          capsys) -> None:
    """The build takes its lock and keeps its caches in .cache/: a link there would have it
    write and read in another folder."""
    repo = _repo(tmp_path)
    (repo / ".cache").symlink_to(outside, target_is_directory=True)
    before = sorted(path.name for path in outside.iterdir())
    assert main(["--repo", str(repo), "build"]) == 1
    err = capsys.readouterr().err
    assert ".cache" in err and "Traceback" not in err
    assert sorted(path.name for path in outside.iterdir()) == before


def test_links_and_pipes_planted_in_the_cache_are_removed_unread(tmp_path: Path,
                                                                 outside: Path) -> None:
    """A pickle or Pelican's content cache reached through a link would be loaded from
    outside the repository, one that is a pipe waited on for ever, one that is a second name
    of an outside file written in place, and a link in place of the lock would have the lock
    taken elsewhere: the build removes them before reading anything there, builds as if they
    had never been made, and leaves what they pointed to alone."""
    repo = _repo(tmp_path)
    build_site(repo, as_of=AS_OF)
    runs = repo / run_cache("vi")
    shutil.copy(runs / "ArticlesGenerator-Readers", outside / "cache")
    cache_before = (outside / "cache").read_bytes()
    planted = {repo / ".cache" / "build.lock": outside / "shadow",
               repo / ".cache" / PARSED_FILE: outside / "anh.png", runs / "pages.pickle": None,
               runs / "ArticlesGenerator-Readers": outside / "cache"}
    for path, target in planted.items():
        path.unlink(missing_ok=True)
        if target is None:
            os.mkfifo(path)
        elif target.name == "cache":  # a second name of an outside file, written in place
            os.link(target, path)
        else:
            path.symlink_to(target)
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS, "Nội dung đã sửa.")

    build_in_a_process(repo, AS_OF)
    assert "Nội dung đã sửa." in (repo / "output" / "tin-tuc" / "tin-tot" / "index.html"
                                  ).read_text(encoding="utf-8")
    assert not any(path.is_symlink() for path in planted)
    assert (repo / ".cache" / "build.lock").is_file()
    assert (outside / "shadow").read_text(encoding="utf-8") == SECRET + "\n"
    assert (outside / "cache").read_bytes() == cache_before
    assert not any(SECRET in path.read_text(encoding="utf-8", errors="replace")
                   for path in (repo / "output").rglob("*") if path.is_file())
