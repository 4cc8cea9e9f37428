"""A build writes into the folders of the tree the build before it retired (workflow/standby.py).

That tree lies beside the live site, where whoever can write there can leave anything: a stray
page, a symbolic link or a hard link to a file elsewhere, a folder anyone may write into, a
search shard with a foreign fragment. None of it may reach the new site, and no write may leave
the tree through it; and a reader still downloading from the retired site keeps whole files.
Each build here publishes for the same fixed moment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import stat
from pathlib import Path

from plugins.core.runsettings import STANDBY_PAGES_FILE, run_cache
from tests.helpers import GOOD_NEWS, NEWS_FRONT_MATTER, make_repo, snapshot, write_item
from workflow import buildkey
from workflow.build import BuildReport, build_site
from workflow.standby import standby_of

AS_OF = dt.date(2026, 11, 20)
PAGE = Path("tin-tuc") / "tin-du-phong" / "index.html"
OTHER = Path("tin-tuc") / "tin-nam-truoc" / "index.html"  # not edited by _edit_and_build
LISTING = Path("tin-tuc") / "index.html"  # its items' summaries are in their front matter


def _repo_with_standby(tmp_path: Path) -> Path:
    """A repository built twice, so that a standby tree waits beside its site."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-du-phong.vi.md", GOOD_NEWS)
    write_item(repo, "news/2025/tin-nam-truoc.vi.md",
               NEWS_FRONT_MATTER.format(title="Tin năm trước", date="2025-06-02 09:00"))
    build_site(repo, as_of=AS_OF)
    buildkey.forget(repo / ".cache")
    build_site(repo, as_of=AS_OF)
    assert (standby_of(repo / "output") / PAGE).is_file()
    return repo


def _edit_and_build(repo: Path) -> BuildReport:
    write_item(repo, "news/2026/tin-du-phong.vi.md", GOOD_NEWS, "Nội dung mới.")
    return build_site(repo, as_of=AS_OF)


def test_links_in_the_standby_are_never_written_through(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    standby = standby_of(repo / "output")
    soft, hard = tmp_path / "soft.html", tmp_path / "hard.html"
    for target in (soft, hard):
        target.write_text("không được ghi đè", encoding="utf-8")
    (standby / PAGE).unlink()
    (standby / PAGE).symlink_to(soft)
    home = standby / "index.html"
    home.unlink()
    os.link(hard, home)

    report = _edit_and_build(repo)
    assert soft.read_text(encoding="utf-8") == hard.read_text(encoding="utf-8") == (
        "không được ghi đè")
    page = report.output / PAGE
    assert not page.is_symlink() and "Nội dung mới." in page.read_text(encoding="utf-8")
    assert (report.output / "index.html").stat().st_nlink == 1


def test_what_the_build_did_not_write_never_reaches_the_site(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    standby = standby_of(repo / "output")
    (standby / "trang-la.html").write_text("<p>lạ</p>", encoding="utf-8")
    (standby / "tin-tuc" / "thu-muc-la" / "sau").mkdir(parents=True)
    (standby / "tin-tuc" / "thu-muc-la" / "sau" / "index.html").write_text(
        "<p>lạ</p>", encoding="utf-8")

    report = _edit_and_build(repo)
    assert not (report.output / "trang-la.html").exists()
    assert not (report.output / "tin-tuc" / "thu-muc-la").exists()
    assert snapshot(report.output) == snapshot(_fresh_build(repo, tmp_path))


def _fresh_build(repo: Path, tmp_path: Path) -> Path:
    """The site a first build of `repo`'s content makes, in a repository of its own."""
    fresh = make_repo(tmp_path / "fresh")
    for source in sorted((repo / "content" / "news").rglob("*.md")):
        target = fresh / source.relative_to(repo)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return build_site(fresh, as_of=AS_OF).output


def test_a_page_unchanged_for_two_builds_stays_where_the_standby_holds_it(
        tmp_path: Path) -> None:
    """Nothing to write for it, an item page or a listing: the standby's file is the live
    page's bytes and time."""
    repo = _repo_with_standby(tmp_path)
    for page in (OTHER, LISTING):
        held = os.lstat(standby_of(repo / "output") / page)
        live = repo / "output" / page
        live_bytes, live_time = live.read_bytes(), live.stat().st_mtime_ns
        buildkey.forget(repo / ".cache")

        report = _edit_and_build(repo)
        kept = report.output / page
        assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (held.st_ino, live_time), page
        assert kept.read_bytes() == live_bytes
    assert snapshot(report.output) == snapshot(_fresh_build(repo, tmp_path))


def test_a_held_page_edited_by_hand_is_written_anew(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    live_bytes = (repo / "output" / OTHER).read_bytes()
    with (standby_of(repo / "output") / OTHER).open("ab") as page:
        page.write("<p>chèn thêm</p>".encode())

    report = _edit_and_build(repo)
    assert (report.output / OTHER).read_bytes() == live_bytes
    assert snapshot(report.output) == snapshot(_fresh_build(repo, tmp_path))


def test_a_held_page_linked_from_elsewhere_is_never_kept(tmp_path: Path) -> None:
    """A hard link would let a write to one file reach the other."""
    repo = _repo_with_standby(tmp_path)
    elsewhere = tmp_path / "elsewhere.html"
    os.link(standby_of(repo / "output") / OTHER, elsewhere)
    linked = elsewhere.read_bytes()

    report = _edit_and_build(repo)
    assert (report.output / OTHER).stat().st_nlink == 1
    assert elsewhere.read_bytes() == linked and elsewhere.stat().st_nlink == 1


def test_a_held_page_whose_item_is_gone_leaves_with_it(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    (repo / "content" / "news" / "2025" / "tin-nam-truoc.vi.md").unlink()
    report = _edit_and_build(repo)
    assert not (report.output / OTHER).exists()
    assert snapshot(report.output) == snapshot(_fresh_build(repo, tmp_path))


def test_a_damaged_record_of_pages_keeps_nothing_and_stops_nothing(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    damaged = {str(OTHER): "không phải bản ghi", str(LISTING): (1, 2), 3: ("k", 1, 2, 3)}
    for record in ("pages.pickle", STANDBY_PAGES_FILE):
        (repo / run_cache("vi") / record).write_bytes(pickle.dumps(damaged))

    report = _edit_and_build(repo)
    assert report.errors == []
    assert snapshot(report.output) == snapshot(_fresh_build(repo, tmp_path))


def _nest_beyond_the_path_limit(folder: Path) -> None:
    """Folders inside `folder` nested deeper than a path may name (PATH_MAX, 4,096 bytes):
    made one level at a time, as anyone with write access to the standby could."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _level in range(24):
            os.mkdir("s" * 200, dir_fd=handle)
            inner = os.open("s" * 200, os.O_RDONLY | os.O_DIRECTORY, dir_fd=handle)
            os.close(handle)
            handle = inner
        os.close(os.open("la.html", os.O_WRONLY | os.O_CREAT, dir_fd=handle))
    finally:
        os.close(handle)


def test_a_standby_that_cannot_be_emptied_is_set_aside_and_the_site_starts_afresh(
        tmp_path: Path) -> None:
    """The build cannot remove what it cannot name: the tree is moved aside, the site is
    written into a fresh one, and the next build's clean-up removes what was set aside."""
    repo = _repo_with_standby(tmp_path)
    _nest_beyond_the_path_limit(standby_of(repo / "output") / "tin-tuc")

    report = _edit_and_build(repo)
    assert "Nội dung mới." in (report.output / PAGE).read_text(encoding="utf-8")
    assert [path.name for path in (report.output / "tin-tuc").iterdir()
            if path.name.startswith("s")] == []
    aside = list(tmp_path.glob("repo/output.building-*"))
    assert len(aside) == 1, "set aside beside the site"
    write_item(repo, "news/2026/tin-du-phong.vi.md", GOOD_NEWS, "Nội dung sửa lần nữa.")
    build_site(repo, as_of=AS_OF)
    assert list(tmp_path.glob("repo/output.building-*")) == [], "removed by the next build"


def test_a_search_shard_tampered_with_in_the_standby_is_replaced(tmp_path: Path) -> None:
    """The year the edit does not touch would be kept from the standby as it is: a link left
    inside it makes it a shard no build wrote, so the live site's is taken instead."""
    repo = _repo_with_standby(tmp_path)
    shard = standby_of(repo / "output") / "pagefind" / "vi-2025"
    foreign = tmp_path / "foreign.pf_fragment"
    foreign.write_bytes(b"not a fragment")
    fragment = next((shard / "fragment").iterdir())
    fragment.unlink()
    fragment.symlink_to(foreign)

    report = _edit_and_build(repo)
    assert report.search is not None and report.search.indexed == 1  # the edited year
    rebuilt = report.output / "pagefind" / "vi-2025"
    assert foreign.read_bytes() == b"not a fragment"
    assert not any(path.is_symlink() for path in rebuilt.rglob("*"))
    assert json.loads((rebuilt / "pagefind-entry.json").read_text(encoding="utf-8"))[
        "languages"]["vi"]["page_count"] == 1


def test_an_untouched_search_shard_is_kept_from_the_standby(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    report = _edit_and_build(repo)
    assert report.search is not None and (report.search.shards, report.search.indexed) == (2, 1)


def test_a_folder_others_may_write_into_is_not_kept(tmp_path: Path) -> None:
    repo = _repo_with_standby(tmp_path)
    news = standby_of(repo / "output") / "tin-tuc"
    news.chmod(0o777)
    (news / "cua-nguoi-khac.html").write_text("<p>lạ</p>", encoding="utf-8")

    report = _edit_and_build(repo)
    written = report.output / "tin-tuc"
    assert not stat.S_IMODE(written.stat().st_mode) & 0o022
    assert not (written / "cua-nguoi-khac.html").exists()
    assert "Nội dung mới." in (report.output / PAGE).read_text(encoding="utf-8")


def test_a_reader_of_the_retired_site_keeps_whole_files(tmp_path: Path) -> None:
    """A download that began before two builds reads the bytes it began with, although the
    second build writes into the folders of the tree it is read from."""
    repo = _repo_with_standby(tmp_path)
    with (repo / "output" / PAGE).open("rb") as download:
        before = (repo / "output" / PAGE).read_bytes()
        _edit_and_build(repo)
        write_item(repo, "news/2026/tin-du-phong.vi.md", GOOD_NEWS, "Nội dung lần ba.")
        build_site(repo, as_of=AS_OF)
        assert download.read() == before


def test_the_web_server_may_enter_the_site_folder_whichever_tree_it_was(tmp_path: Path) -> None:
    """The site's own folder is made as any folder is (0777 less the umask), not private to
    the builder: nginx runs as another user. So is a standby left private by an older build."""
    any_folder = tmp_path / "any"
    any_folder.mkdir()
    expected = stat.S_IMODE(any_folder.stat().st_mode)
    repo = _repo_with_standby(tmp_path)
    output = repo / "output"
    assert stat.S_IMODE(output.stat().st_mode) == expected, "a tree made by the second build"
    standby_of(output).chmod(0o700)
    _edit_and_build(repo)
    assert stat.S_IMODE(output.stat().st_mode) == expected, "the standby, made private"
    standby_of(output).rename(tmp_path / "retired")
    write_item(repo, "news/2026/tin-du-phong.vi.md", GOOD_NEWS, "Nội dung sửa lần nữa.")
    build_site(repo, as_of=AS_OF)
    assert stat.S_IMODE(output.stat().st_mode) == expected, "a fresh tree"
