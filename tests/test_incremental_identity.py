"""Incremental builds are never wrong: after any single change, the site is byte for byte the
one a cold build of the same content makes.

A build reuses the pages of the previous build whose inputs did not change
(plugins/portal_site/incremental.py: item pages and listing pages, each keyed by what it shows)
and each shard of the previous search index whose pages are the same
(workflow/search_index.py). If the reuse key forgets one input, a reader sees a stale page (an
old title in a related list, an old phone number in a footer) and nothing says so. So for each
kind of change an editor makes, the demo site is built, changed, built again in the same
repository (the one case where pages are actually reused: the reuse checks the previous page's
inode, which a copied tree does not keep), and compared with a cold build (no `.cache/`, no
`output/`) of a copy of the changed repository: the same files, the same bytes. The changed
build writes into the folders of the tree the build before it retired (workflow/standby.py),
where nothing the change removed may remain. Every build publishes for the same fixed moment,
never today. Where a change touches one page only, the test also checks that the others were
indeed reused, as anyone can see it: a page taken from the previous build keeps its
modification time; and where a change should touch few pages (an added or deleted item, a new
title, a tag), that only its neighbours were rendered again.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.core.runsettings import run_cache
from tests.conftest import DEMO_AS_OF
from tests.helpers import NEWS_FRONT_MATTER, make_repo, snapshot, write_item
from workflow import buildkey
from workflow.build import BuildError, BuildReport, build_site
from workflow.standby import standby_of

pytestmark = pytest.mark.slow

AS_OF = DEMO_AS_OF  # every build of this module publishes for this moment
NOT_COPIED = (".cache", "output", ".output.standby")  # what a cold build starts without
INDEXED_MARK = b"data-pagefind-body"  # the mark templates put on published item pages
SHOWN_DIFFERENCES = 8
SAME_MOMENT = 12  # items published at one moment: sets order them differently per process
# The item, its translations, and the items that list it as related (neighbours in date in its
# category and keywords, plugins/portal_site/related.py): a handful, never the whole site.
NEIGHBOURHOOD = 16
DIFF_LINES = 40

NEWS = "content/news/2026"
BODY_EDITED = f"{NEWS}/tap-huan-cong-tac-lanh-su-bao-ho-cong-dan-2026.vi.md"
BODY_EDITED_PAGE = "tin-tuc/tap-huan-cong-tac-lanh-su-bao-ho-cong-dan-2026/index.html"


def _replace(repo: Path, relpath: str, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a file of the repository by `new`."""
    path = repo / relpath
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relpath} should hold {old!r} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


# The changes, each as an editor would make it in the demo content.

def edit_news_body(repo: Path) -> None:
    _replace(repo, BODY_EDITED, "Các học viên đã trao đổi nhiều tình huống phát sinh trong "
             "thực tế", "Các học viên đã trao đổi nhiều tình huống phát sinh trong công tác "
             "thực tế")


def edit_title_of_translated_item(repo: Path) -> None:
    _replace(repo, f"{NEWS}/lang-son-hoi-dam-khu-tu-tri-quang-tay.vi.md",
             "title: Lãnh đạo tỉnh Lạng Sơn hội đàm với lãnh đạo Khu tự trị",
             "title: Đoàn đại biểu tỉnh Lạng Sơn hội đàm với lãnh đạo Khu tự trị")


def add_news_item(repo: Path) -> None:
    text = (repo / BODY_EDITED).read_text(encoding="utf-8")
    for old, new in (("title: Tập huấn nghiệp vụ lãnh sự và bảo hộ công dân cho cán bộ cơ sở",
                      "title: Hội nghị trao đổi kinh nghiệm bảo hộ công dân với cán bộ cơ sở"),
                     ("date: 2026-10-14 09:30", "date: 2026-11-06 14:00")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    (repo / NEWS / "hoi-nghi-trao-doi-kinh-nghiem-bao-ho-cong-dan.vi.md").write_text(
        text, encoding="utf-8")


def move_news_item_to_last_year(repo: Path) -> None:
    """A date corrected into another year moves the item's search document between shards of
    the index: the year it left must not keep finding it."""
    _replace(repo, BODY_EDITED, "date: 2026-10-14 09:30", "date: 2025-10-14 09:30")


def delete_news_item(repo: Path) -> None:
    """A Vietnamese-only item that no other file links to."""
    (repo / NEWS / "so-ket-quan-ly-bien-gioi-6-thang-2026.vi.md").unlink()


def delete_news_item_after_a_killed_build(repo: Path) -> None:
    """A build killed in the Vietnamese run leaves no record of the search documents it
    wrote (plugins/core/searchpages.py); the next build must not index a deleted page."""
    (repo / run_cache("vi") / "search-pages.pickle").unlink()
    delete_news_item(repo)


def change_tag(repo: Path) -> None:
    """A tag another item has too: the related lists of both items' neighbours change."""
    _replace(repo, BODY_EDITED, "tags: [bảo hộ công dân, công tác lãnh sự, tập huấn]",
             "tags: [bảo hộ công dân, công tác lãnh sự, quản lý biên giới]")


def edit_article_template(repo: Path) -> None:
    _replace(repo, "theme/templates/article.html", '<article class="article',
             '<article data-kiem-thu="1" class="article')


def edit_contact_phone(repo: Path) -> None:
    """The agency's phone number, in the footer of every page of every language."""
    _replace(repo, "content/_config/agency.yaml", 'phone: "0205 3812 100"\n  hotline:',
             'phone: "0205 3812 199"\n  hotline:')


def edit_document_body(repo: Path) -> None:
    _replace(repo, "content/documents/nd-30-2020-cong-tac-van-thu.vi.md",
             "Nghị định gồm 7 chương, 38 điều", "Nghị định gồm bảy chương, 38 điều")


def edit_document_title(repo: Path) -> None:
    """A document that replaces another: the replaced one names it on its own page."""
    _replace(repo, "content/documents/nd-30-2020-cong-tac-van-thu.vi.md",
             'title: "Nghị định số 30/2020/NĐ-CP về công tác văn thư"',
             'title: "Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư"')


def edit_question_body(repo: Path) -> None:
    _replace(repo, "content/questions/mat-ho-chieu-khi-o-trung-quoc.vi.md",
             "Người thân của ông (bà) nên trình báo", "Người thân của ông (bà) cần trình báo")


def edit_translation_body(repo: Path) -> None:
    _replace(repo, f"{NEWS}/hop-phap-hoa-lanh-su-la-gi.en.md",
             "Note that the procedure only confirms", "Note that the procedure merely confirms")


def edit_page_body(repo: Path) -> None:
    _replace(repo, "content/pages/lich-su.vi.md", "Vị trí đó khiến công tác đối ngoại",
             "Vị trí địa lý đó khiến công tác đối ngoại")


def edit_markdown_settings(repo: Path) -> None:
    """How bodies become HTML (pelicanconf.py): every item with straight quotes changes,
    though no content file did, so nothing read or rendered with the old setting may stay."""
    _replace(repo, "pelicanconf.py", '"markdown.extensions.sane_lists"],',
             '"markdown.extensions.sane_lists", "markdown.extensions.smarty"],')


def change_nothing(repo: Path) -> None:
    """The control: a build with nothing changed reuses everything and still matches."""


@dataclass(frozen=True)
class Case:
    change: Callable[[Path], None]
    publish: bool = False
    rendered: str | None = None  # the one item page the change must render again...
    reused_others: bool = False  # ...while every other item page is taken from the last build
    # shards of the search index (a language's year) made again; the others are the last
    # build's (workflow/search_index.py): None where the test does not count them
    indexed_shards: int | None = None
    unchanged: bool = False  # nothing changed: the live site is kept as it is
    at_most_rendered: int | None = None  # item pages rendered again: the item, its neighbours

    @property
    def id(self) -> str:
        return self.change.__name__ + ("-publish" if self.publish else "")


CASES = [
    Case(edit_news_body, rendered=BODY_EDITED_PAGE, reused_others=True, indexed_shards=1),
    Case(edit_news_body, publish=True, rendered=BODY_EDITED_PAGE, reused_others=True,
         indexed_shards=1),
    Case(edit_title_of_translated_item, at_most_rendered=NEIGHBOURHOOD),
    Case(add_news_item, at_most_rendered=NEIGHBOURHOOD),
    Case(move_news_item_to_last_year, indexed_shards=2),
    Case(delete_news_item, at_most_rendered=NEIGHBOURHOOD),
    Case(delete_news_item_after_a_killed_build),
    Case(change_tag, at_most_rendered=NEIGHBOURHOOD),
    Case(edit_article_template),
    Case(edit_contact_phone, indexed_shards=0),
    Case(edit_document_body),
    Case(edit_document_title),
    Case(edit_question_body),
    Case(edit_translation_body, indexed_shards=1),
    Case(edit_page_body, indexed_shards=1),
    Case(edit_markdown_settings),
    Case(change_nothing, reused_others=True, unchanged=True),
]


def _build(repo: Path, *, publish: bool) -> BuildReport:
    """A build for the fixed moment; the changes here are all valid, so nothing is warned."""
    report = build_site(repo, publish=publish, as_of=AS_OF)
    assert report.warnings == [], f"the build of {repo.name} warned: {report.warnings}"
    return report


def _copy_without_build(repo: Path, target: Path) -> Path:
    """The repository as it stands, without what a build leaves behind."""
    def leave_out(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if Path(folder) == repo and name in NOT_COPIED]

    shutil.copytree(repo, target, symlinks=True, ignore=leave_out)
    return target


def _differences(expected: Path, actual: Path,
                 names: tuple[str, str] = ("cold", "incremental")) -> str:
    """What differs between two output trees, told for a person: the paths that only one has,
    the files whose bytes differ, and a unified diff of the first of them; empty when none."""
    wanted, got = snapshot(expected), snapshot(actual)
    missing = sorted(set(wanted) - set(got))
    extra = sorted(set(got) - set(wanted))
    changed = sorted(path for path in set(wanted) & set(got)
                     if wanted[path] != got[path])
    lines = []
    for label, paths in ((f"only in the {names[0]} build", missing),
                         (f"only in the {names[1]} build", extra),
                         ("different bytes", changed)):
        if paths:
            lines.append(f"{len(paths)} file(s) {label}: " + ", ".join(
                paths[:SHOWN_DIFFERENCES]) + (", ..." if len(paths) > SHOWN_DIFFERENCES else ""))
    if changed:
        lines.append(_diff(changed[0], wanted[changed[0]], got[changed[0]], names))
    return "\n".join(lines)


def _diff(path: str, expected: bytes, actual: bytes, names: tuple[str, str]) -> str:
    try:
        before, after = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return (f"{path}: binary, {len(expected)} bytes in the {names[0]} build, "
                f"{len(actual)} in the {names[1]}")
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(),
                                f"{names[0]}/{path}", f"{names[1]}/{path}", lineterm="", n=1)
    return "\n".join(list(diff)[:DIFF_LINES])


def _item_pages(output: Path) -> dict[str, int]:
    """The published item pages of a build, each with the time it was last written."""
    return {path.relative_to(output).as_posix(): path.stat().st_mtime_ns
            for path in output.rglob("*.html") if INDEXED_MARK in path.read_bytes()}


def test_two_cold_builds_of_the_same_content_are_identical(tmp_path: Path) -> None:
    """The premise of the comparisons below: a cold build depends only on the content."""
    outputs = [_build(make_repo(tmp_path / name, with_demo_content=True), publish=False).output
               for name in ("first", "second")]
    assert not (problems := _differences(*outputs, names=("first", "second"))), problems


def test_builds_in_separate_processes_are_identical(tmp_path: Path) -> None:
    """Python orders sets differently in every process (PYTHONHASHSEED); nothing of that may
    reach a page, or a page could never be reused by the next build, which is another
    process. Items of the same moment make ties that must come out the same way."""
    outputs = []
    for seed in ("1", "2"):
        repo = make_repo(tmp_path / f"seed-{seed}", with_demo_content=True)
        for number in range(SAME_MOMENT):
            write_item(repo, f"news/2026/cung-gio-{number}.vi.md", NEWS_FRONT_MATTER.format(
                title=f"Tin cùng giờ {number}", date="2026-11-02 09:00"))
        subprocess.run([sys.executable, "-m", "workflow.cli", "--repo", str(repo), "build",
                        "--as-of", AS_OF.isoformat()], env={**os.environ, "PYTHONHASHSEED": seed},
                       check=True, capture_output=True)
        outputs.append(repo / "output")
    assert not (problems := _differences(*outputs, names=("seed 1", "seed 2"))), problems


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_build_after_a_change_is_the_cold_build_of_the_changed_content(
        tmp_path: Path, case: Case) -> None:
    repo = make_repo(tmp_path / "incremental", with_demo_content=True)
    _build(repo, publish=case.publish)
    buildkey.forget(repo / ".cache")  # built again, so the change is built into the standby
    before = _item_pages(_build(repo, publish=case.publish).output)
    assert standby_of(repo / "output").is_dir()

    case.change(repo)
    report = _build(repo, publish=case.publish)
    incremental = report.output
    cold = _build(_copy_without_build(repo, tmp_path / "cold"), publish=case.publish).output

    assert not (problems := _differences(cold, incremental)), (
        f"after {case.id}, the incremental build differs from a cold build:\n{problems}")

    after = _item_pages(incremental)
    reused = {page for page, written in after.items() if before.get(page) == written}
    if case.rendered:
        assert case.rendered in after and case.rendered not in reused
    if case.reused_others:
        assert reused == set(after) - {case.rendered}, (
            f"rendered again although unchanged: {sorted(set(after) - reused)[:10]}")
    if case.at_most_rendered is not None:
        rendered = set(after) - reused
        assert len(rendered) <= case.at_most_rendered, (
            f"{len(rendered)} of {len(after)} item pages rendered again: {sorted(rendered)}")
    if case.indexed_shards is not None:
        assert report.search is not None and report.search.indexed == case.indexed_shards, (
            f"{report.search.indexed if report.search else None} of the search index's "
            f"shards made again")
    assert report.unchanged == case.unchanged


def test_a_build_failed_under_new_settings_leaves_no_cache_the_old_settings_trust(
        tmp_path: Path) -> None:
    """Pelican rewrites its content cache before it renders a page: a build that then fails
    under a new Markdown setting must not leave the cache of that setting vouched for as the
    old one's, which a build after the setting is put back would serve."""
    repo = make_repo(tmp_path / "incremental", with_demo_content=True)
    _build(repo, publish=False)
    settings_file, template = repo / "pelicanconf.py", repo / "theme/templates/article.html"
    settings, page = settings_file.read_text(encoding="utf-8"), template.read_text(
        encoding="utf-8")
    edit_markdown_settings(repo)
    _replace(repo, "theme/templates/article.html", '<article class="article',
             '{{ no_such_helper() }}<article class="article')
    with pytest.raises(BuildError):
        build_site(repo, as_of=AS_OF)

    settings_file.write_text(settings, encoding="utf-8")
    template.write_text(page, encoding="utf-8")
    incremental = _build(repo, publish=False).output
    cold = _build(_copy_without_build(repo, tmp_path / "cold"), publish=False).output
    assert not (problems := _differences(cold, incremental)), problems
