"""Builds of small synthetic portals: translations, pagination, failures, atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.runsettings import run_cache
from tests.helpers import NEWS_FRONT_MATTER, make_repo, read_page, snapshot, write_item
from workflow.build import BuildError, build_site
from workflow.cli import main


def _news(repo: Path, stem: str, lang: str = "vi", day: int = 1, title: str | None = None) -> Path:
    return write_item(repo, f"news/2026/{stem}.{lang}.md", NEWS_FRONT_MATTER.format(
        title=title or f"Tin {stem} {lang}", date=f"2026-10-{day:02d} 09:00"))


def test_translation_without_original_is_left_out_of_a_preview_and_refused_in_public(
        tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "co-ban-goc")
    _news(repo, "mo-coi", lang="en")
    report = build_site(repo)
    assert any("content/news/2026/mo-coi.en.md" in warning and "mo-coi.vi.md" in warning
               for warning in report.warnings)
    assert (report.output / "tin-tuc" / "co-ban-goc" / "index.html").exists()
    assert not (report.output / "english" / "news" / "mo-coi").exists()

    exit_code = main(["--repo", str(repo), "build", "--publish"])
    err = capsys.readouterr().err
    assert exit_code == 1
    assert "news/2026/mo-coi.en.md" in err
    assert "Traceback" not in err


def test_vietnamese_only_items_stay_out_of_other_languages(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "chi-tieng-viet", title="Chỉ có tiếng Việt")
    _news(repo, "ba-thu-tieng", title="Có ba thứ tiếng")
    _news(repo, "ba-thu-tieng", lang="en", title="In three languages")
    output = build_site(repo).output
    english_news = read_page(output / "english" / "news" / "index.html").text
    assert "In three languages" in english_news
    assert "Chỉ có tiếng Việt" not in english_news
    assert not (output / "english" / "news" / "chi-tieng-viet").exists()
    vietnamese_news = read_page(output / "tin-tuc" / "index.html").text
    assert "Chỉ có tiếng Việt" in vietnamese_news and "Có ba thứ tiếng" in vietnamese_news


def test_pagination_uses_page_folders_without_collisions(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    for number in range(1, 24):
        _news(repo, f"ban-tin-{number}", day=number)
    output = build_site(repo).output
    assert (output / "tin-tuc" / "page" / "2" / "index.html").exists()
    assert (output / "tin-tuc" / "page" / "3" / "index.html").exists()
    assert not (output / "tin-tuc" / "page" / "4").exists()
    second = read_page(output / "tin-tuc" / "page" / "2" / "index.html")
    assert "/tin-tuc/page/3/" in [href for href, _ in second.links]
    assert "/tin-tuc/" in [href for href, _ in second.links]


def test_failed_public_build_keeps_the_previous_site_byte_for_byte(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "tin-dau")
    output = build_site(repo, publish=True).output
    before = snapshot(output)
    (repo / "content" / "news" / "2026" / "hong.vi.md").write_text(
        "---\ntitle: [không đóng\n---\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(repo, publish=True)
    assert any("content/news/2026/hong.vi.md:3: error [front-matter]" in problem
               for problem in failure.value.problems)
    assert snapshot(output) == before
    assert [path.name for path in output.parent.iterdir() if "building" in path.name] == []


def test_preview_skips_a_broken_file_and_builds_the_rest(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "tin-dau")
    (repo / "content" / "news" / "2026" / "hong.vi.md").write_text(
        "---\ntitle: [không đóng\n---\n", encoding="utf-8")
    report = build_site(repo)
    assert (report.output / "tin-tuc" / "tin-dau" / "index.html").exists()
    assert not (report.output / "tin-tuc" / "hong").exists()
    skipped = [warning for warning in report.warnings if "hong.vi.md:3" in warning]
    assert skipped and all("Skipping" not in warning for warning in report.warnings)


def test_publish_build_has_absolute_urls_feeds_and_no_drafts(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "cong-khai")
    write_item(repo, "news/2026/ban-nhap.vi.md", NEWS_FRONT_MATTER.format(
        title="Bản nháp", date="2026-10-02 09:00") + "    status: draft\n")
    report = build_site(repo, publish=True)
    assert report.warnings == []
    output = report.output
    home = read_page(output / "index.html")
    assert any(href.startswith("https://songv.langson.gov.vn/tin-tuc/cong-khai/")
               for href, _ in home.links)
    assert (output / "feeds" / "all.atom.xml").exists()
    assert (output / "english" / "feeds" / "all.atom.xml").exists()
    assert not list(output.rglob("drafts"))
    assert not (output / "tin-tuc" / "ban-nhap").exists()


def test_second_build_reuses_the_content_cache(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "bo-nho-dem")
    build_site(repo)
    caches = list((repo / run_cache("vi")).rglob("*"))
    assert any(path.is_file() for path in caches)
    assert build_site(repo).warnings == []


def test_unchanged_pages_are_copied_never_linked_changed_ones_rendered(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "giu-nguyen", title="Tin giữ nguyên")
    _news(repo, "giu-nguyen", lang="en", title="An item kept as it was")
    changed = _news(repo, "thay-doi", title="Tin trước khi sửa")
    output = build_site(repo).output
    kept, edited = (output / "tin-tuc" / stem / "index.html" for stem in ("giu-nguyen",
                                                                           "thay-doi"))
    kept_english = output / "english" / "news" / "giu-nguyen" / "index.html"
    before = {page: page.stat() for page in (kept, kept_english)}
    edited_before = edited.stat()
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "Tóm tắt ngắn của bản tin.", "Tóm tắt đã sửa của bản tin."), encoding="utf-8")
    build_site(repo)
    for page, stat_before in before.items():
        after = page.stat()
        assert after.st_mtime_ns == stat_before.st_mtime_ns, f"{page}: from the previous build"
        assert after.st_ino != stat_before.st_ino and after.st_nlink == 1, f"{page}: a copy"
    assert edited.stat().st_mtime_ns != edited_before.st_mtime_ns
    assert "Tóm tắt đã sửa của bản tin." in edited.read_text(encoding="utf-8")


def test_a_new_title_reaches_the_pages_that_list_it_as_related(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "ke-ben", title="Tin kề bên")
    changed = _news(repo, "doi-ten", title="Tin trước khi đổi tên", day=2)
    neighbour = build_site(repo).output / "tin-tuc" / "ke-ben" / "index.html"
    assert '<a href="/tin-tuc/doi-ten/">Tin trước khi đổi tên</a>' in neighbour.read_text(
        encoding="utf-8")
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "Tin trước khi đổi tên", "Tin sau khi đổi tên"), encoding="utf-8")
    build_site(repo)
    html = neighbour.read_text(encoding="utf-8")
    assert "Tin trước khi đổi tên" not in html
    assert '<a href="/tin-tuc/doi-ten/">Tin sau khi đổi tên</a>' in html


def test_a_new_translation_rerenders_the_original_page(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "song-ngu")
    output = build_site(repo).output
    page = output / "tin-tuc" / "song-ngu" / "index.html"
    assert "hreflang=\"en\" href=\"/english/news/song-ngu/\"" not in page.read_text(
        encoding="utf-8")
    _news(repo, "song-ngu", lang="en", title="Bilingual item")
    build_site(repo)
    assert read_page(page).alternates.get("en") == "/english/news/song-ngu/"


def test_a_template_change_or_a_hand_edit_is_never_reused(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _news(repo, "mau")
    output = build_site(repo).output
    page = output / "tin-tuc" / "mau" / "index.html"
    page.write_text("sửa tay", encoding="utf-8")
    build_site(repo)
    assert "sửa tay" not in page.read_text(encoding="utf-8")
    template = repo / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        '<article class="article', '<article data-mau-moi="1" class="article'), encoding="utf-8")
    build_site(repo)
    assert 'data-mau-moi="1"' in page.read_text(encoding="utf-8")
