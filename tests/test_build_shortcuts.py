"""The shortcuts a build takes to be fast never show in what it writes or says.

A build with nothing changed keeps the live site (workflow/buildkey.py); the check cache keeps
the findings of files whose inputs did not change (plugins/core/checks/cache.py); the
source-language run reads and renders half its files in a forked process
(plugins/core/workers.py). Each is checked here against what an editor would see without it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from plugins.core.runsettings import run_cache
from tests.helpers import (
    GOOD_NEWS,
    NEWS_FRONT_MATTER,
    build_in_a_process,
    make_repo,
    run_portal,
    snapshot,
    write_item,
)
from workflow.build import MAKING_FILE, build_site

AS_OF = dt.date(2026, 11, 20)
MANY = 70  # more than a fork's minimum (plugins/portal_reader, plugins/portal_site/incremental)


def _many_news(repo: Path, count: int = MANY) -> None:
    for number in range(count):
        date = f"2026-10-{1 + number % 28:02d} 09:{number % 60:02d}"
        write_item(repo, f"news/2026/ban-tin-{number}.vi.md",
                   NEWS_FRONT_MATTER.format(title=f"Bản tin số {number}", date=date))


def test_a_build_with_nothing_changed_keeps_the_live_site_and_says_so(tmp_path: Path,
                                                                        capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/giu-nguyen.vi.md", GOOD_NEWS)
    first = build_site(repo, as_of=AS_OF)
    live = first.output.stat().st_ino
    assert not first.unchanged

    second = build_site(repo, as_of=AS_OF)
    assert second.unchanged and second.output.stat().st_ino == live

    code, out = run_portal(repo, capsys, "build", "--as-of", AS_OF.isoformat())
    assert code == 0 and "Không có gì thay đổi kể từ lần xây dựng trước" in out

    write_item(repo, "news/2026/giu-nguyen.vi.md", GOOD_NEWS, "Nội dung đã sửa.")
    third = build_site(repo, as_of=AS_OF)
    assert not third.unchanged
    assert "Nội dung đã sửa." in (third.output / "tin-tuc" / "giu-nguyen" / "index.html"
                                   ).read_text(encoding="utf-8")


def test_a_new_day_and_a_scheduled_item_going_public_build_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/hen-gio.vi.md", GOOD_NEWS + "    publish_at: 2026-11-20 14:00\n")
    morning = build_site(repo, as_of=dt.datetime(2026, 11, 20, 9, 0))
    assert not (morning.output / "tin-tuc" / "hen-gio").exists()
    assert build_site(repo, as_of=dt.datetime(2026, 11, 20, 10, 0)).unchanged
    afternoon = build_site(repo, as_of=dt.datetime(2026, 11, 20, 15, 0))
    assert not afternoon.unchanged
    assert (afternoon.output / "tin-tuc" / "hen-gio" / "index.html").exists()
    assert build_site(repo, as_of=dt.datetime(2026, 11, 20, 16, 0)).unchanged
    assert not build_site(repo, as_of=dt.date(2026, 11, 21)).unchanged  # deadlines count days


def test_a_site_changed_by_hand_is_built_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/giu-nguyen.vi.md", GOOD_NEWS)
    output = build_site(repo, as_of=AS_OF).output
    (output / "index.html").unlink()
    rebuilt = build_site(repo, as_of=AS_OF)
    assert not rebuilt.unchanged and (rebuilt.output / "index.html").exists()


def test_a_pipe_left_in_the_live_site_for_a_page_is_not_waited_on(tmp_path: Path) -> None:
    """A named pipe in place of a page would block a build reading it until someone writes
    to it: the build opens it without waiting, refuses it, and renders the page."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/giu-nguyen.vi.md", GOOD_NEWS)
    write_item(repo, "news/2026/sua-doi.vi.md", GOOD_NEWS)
    page = build_site(repo, as_of=AS_OF).output / "tin-tuc" / "giu-nguyen" / "index.html"
    page.unlink()
    os.mkfifo(page)
    write_item(repo, "news/2026/sua-doi.vi.md", GOOD_NEWS, "Nội dung đã sửa.")

    build_in_a_process(repo, AS_OF)
    assert page.is_file() and "Bản tin đúng quy định" in page.read_text(encoding="utf-8")


def test_a_pipe_left_for_the_content_cache_stamp_is_not_waited_on(tmp_path: Path) -> None:
    """The stamp saying which code made a run's content cache (workflow/build.py, MAKING_FILE)
    is read without waiting on a pipe: such a stamp vouches for nothing, the run reads every
    file again and the stamp is written anew."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/sua-doi.vi.md", GOOD_NEWS)
    build_site(repo, as_of=AS_OF)
    stamp = repo / run_cache("vi") / MAKING_FILE
    stamp.unlink()
    os.mkfifo(stamp)
    write_item(repo, "news/2026/sua-doi.vi.md", GOOD_NEWS, "Nội dung đã sửa.")

    build_in_a_process(repo, AS_OF)
    assert stamp.is_file()
    page = repo / "output" / "tin-tuc" / "sua-doi" / "index.html"
    assert "Nội dung đã sửa." in page.read_text(encoding="utf-8")


def test_a_link_to_a_draft_is_reported_until_the_draft_is_published(tmp_path: Path) -> None:
    """The linking file does not change; the finding must follow the file it links to."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/nhap.vi.md", GOOD_NEWS + "    status: draft\n")
    write_item(repo, "news/2026/tro-toi-nhap.vi.md", GOOD_NEWS,
               "Xem [bản nháp]({filename}nhap.vi.md).")
    assert any("[draft-link]" in warning for warning in build_site(repo).warnings)
    write_item(repo, "news/2026/nhap.vi.md", GOOD_NEWS)
    assert not any("[draft-link]" in warning for warning in build_site(repo).warnings)
    write_item(repo, "news/2026/nhap.vi.md", GOOD_NEWS + "    status: draft\n")
    assert any("[draft-link]" in warning for warning in build_site(repo).warnings)


def test_a_file_refused_in_the_forked_reading_is_reported_as_without_it(tmp_path: Path) -> None:
    forked, alone = (make_repo(tmp_path / name) for name in ("forked", "alone"))
    for repo in (forked, alone):
        _many_news(repo)
        (repo / "content" / "news" / "2026" / "hong.vi.md").write_text(
            "---\ntitle: [không đóng\n---\n\nNội dung.\n", encoding="utf-8")
    with_fork = build_site(forked, as_of=AS_OF)
    without = build_site(alone, as_of=AS_OF, jobs=1)  # one worker: no run forks
    assert with_fork.warnings == without.warnings
    assert any("content/news/2026/hong.vi.md" in warning for warning in with_fork.warnings)
    assert snapshot(with_fork.output) == snapshot(without.output)
    assert len(list((with_fork.output / "tin-tuc").glob("ban-tin-*/index.html"))) == MANY


def test_links_left_in_the_search_mirror_are_never_written_through_nor_indexed(
        tmp_path: Path) -> None:
    """The mirror under .cache/ is the build's own; a link someone leaves there must not
    make a build write outside it, nor hand Pagefind a file from elsewhere."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-guong.vi.md", GOOD_NEWS)
    build_site(repo, as_of=AS_OF)
    mirror = repo / ".cache" / "search-pages"
    shard = mirror / "vi-2026"  # the item's language and year
    outside, secret = tmp_path / "outside", tmp_path / "secret.html"
    outside.mkdir()
    secret.write_text('<html lang="vi"><body><article data-pagefind-body>bí mật</article>'
                      "</body></html>", encoding="utf-8")
    shutil.rmtree(shard / "tin-tuc")
    (shard / "tin-tuc").symlink_to(outside)
    (shard / "bi-mat").mkdir()
    (shard / "bi-mat" / "index.html").symlink_to(secret)
    (mirror / "vi-2020").symlink_to(outside)  # a whole shard of someone else's
    (repo / run_cache("vi") / "search-pages.pickle").write_bytes(b"garbage")
    write_item(repo, "news/2026/tin-guong.vi.md", GOOD_NEWS, "Nội dung mới.")

    report = build_site(repo, as_of=AS_OF)
    assert report.search is not None and report.search.pages >= 1
    assert list(outside.iterdir()) == []
    assert not (shard / "tin-tuc").is_symlink() and (shard / "tin-tuc").is_dir()
    assert not (shard / "bi-mat" / "index.html").exists()
    assert not (mirror / "vi-2020").exists()
    assert sorted(path.name for path in (report.output / "pagefind").iterdir()) == [
        "shards.json", "vi-2026"]
    assert secret.read_text(encoding="utf-8").startswith("<html")


def test_a_search_document_lost_from_the_mirror_is_written_again(tmp_path: Path) -> None:
    """The index is made shard by shard from the mirror's documents, each written only when
    its page changed: one removed by hand would drop its page from search for good, unless
    the build notices and writes the mirror afresh."""
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2025/tin-nam-truoc.vi.md",
               NEWS_FRONT_MATTER.format(title="Tin năm trước", date="2025-06-02 09:00"))
    write_item(repo, "news/2026/tin-nam-nay.vi.md", GOOD_NEWS)
    build_site(repo, as_of=AS_OF)
    document = (repo / ".cache" / "search-pages" / "vi-2025" / "tin-tuc" / "tin-nam-truoc" /
                "index.html")
    document.unlink()
    write_item(repo, "news/2026/tin-nam-nay.vi.md", GOOD_NEWS, "Nội dung đã sửa.")  # the other

    report = build_site(repo, as_of=AS_OF)
    assert document.is_file()
    assert report.search is not None and (report.search.pages, report.search.shards) == (2, 2)
    entry = json.loads((report.output / "pagefind" / "vi-2025" / "pagefind-entry.json")
                       .read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 1


def test_an_edit_among_many_items_renders_in_one_process_what_a_cold_build_would(
        tmp_path: Path) -> None:
    """Past the fork's minimum, a cold build renders half its item pages in a fork; after an
    edit only the pages to render count, so the run writes the reused ones itself. Either
    way, the same site."""
    repo, cold = make_repo(tmp_path / "repo"), make_repo(tmp_path / "cold")
    for target in (repo, cold):
        _many_news(target)
    build_site(repo, as_of=AS_OF)
    for target in (repo, cold):
        write_item(target, "news/2026/ban-tin-7.vi.md", NEWS_FRONT_MATTER.format(
            title="Bản tin số 7", date="2026-10-08 09:07"), "Nội dung đã sửa.")
    edited = build_site(repo, as_of=AS_OF)
    assert snapshot(edited.output) == snapshot(build_site(cold, as_of=AS_OF).output)
    assert "Nội dung đã sửa." in (edited.output / "tin-tuc" / "ban-tin-7" / "index.html"
                                  ).read_text(encoding="utf-8")
