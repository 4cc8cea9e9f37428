"""What every page says around its content, read from real builds: the demonstration notice,
the footer an inspector looks for (003 Đ6, Decree 42/2022), an item's revision date and the
notice on a translation whose Vietnamese original changed, and which pages search indexes."""

from __future__ import annotations

import json
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.translations import fingerprint, with_source_hash
from tests.helpers import NEWS_FRONT_MATTER, edit_config, make_repo, read_page, write_item
from workflow.build import build_site

DEMO_NOTICE = "Trang minh họa — nội dung mẫu"
DEMO_NOTICES = {"vi": DEMO_NOTICE, "en": "Demonstration site: sample content",
                "zh": "演示网站——示例内容"}


def _pages(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*.html")
                  if path.relative_to(output).parts[0] != "pagefind")


def test_every_page_of_the_demo_says_it_is_a_demonstration(demo_output: Path) -> None:
    pages = _pages(demo_output)
    assert len(pages) > 100
    missing = []
    for path in pages:
        lang = read_page(path).html_lang or ""
        notice = DEMO_NOTICES["zh" if lang.startswith("zh") else lang]
        if notice not in path.read_text(encoding="utf-8"):
            missing.append(path.relative_to(demo_output).as_posix())
    assert missing == []


def test_a_real_deployment_turns_the_notice_off_with_one_setting(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    edit_config(repo, "agency.yaml", "demonstration: true", "demonstration: false")
    write_item(repo, "news/2026/tin-that.vi.md", NEWS_FRONT_MATTER.format(
        title="Tin thật", date="2026-10-01 09:00"))
    output = build_site(repo, publish=True, as_of="2026-11-01").output
    pages = _pages(output)
    assert pages
    assert not any(notice in path.read_text(encoding="utf-8") for path in pages
                   for notice in DEMO_NOTICES.values())


def test_the_footer_names_the_governing_body_the_person_responsible_and_the_source_rule(
        demo_output: Path) -> None:
    vietnamese = read_page(demo_output / "index.html").text
    assert "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạng Sơn" in vietnamese
    assert "Chịu trách nhiệm nội dung" in vietnamese
    assert "Ghi rõ nguồn" in vietnamese and "khi phát hành lại thông tin" in vietnamese
    english = read_page(demo_output / "english" / "index.html").text
    assert "Governing body: Lang Son Provincial People's Committee" in english
    assert "+84 205 3812 100" in english


def _item(repo: Path, relpath: str, title: str, *, extra: str = "", body: str) -> Path:
    return write_item(repo, relpath, NEWS_FRONT_MATTER.format(title=title,
                                                              date="2026-10-01 09:00") + extra,
                      body=body)


def test_a_revised_item_shows_when_and_a_stale_translation_tells_its_readers(
        tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    original = _item(repo, "news/2026/ban-song-ngu.vi.md", "Bản song ngữ",
                     body="Nội dung ban đầu.")
    translation = _item(repo, "news/2026/ban-song-ngu.en.md", "Bilingual item",
                        body="The first text.")
    translation.write_text(with_source_hash(translation.read_text(encoding="utf-8"),
                                            fingerprint(frontmatter.read(original), "news")),
                           encoding="utf-8")
    output = build_site(repo, as_of="2026-11-01").output
    english = output / "english" / "news" / "ban-song-ngu" / "index.html"
    assert "The Vietnamese version of this page was updated" not in english.read_text(
        encoding="utf-8")

    original.write_text(original.read_text(encoding="utf-8")
                        .replace("date: 2026-10-01 09:00",
                                 "date: 2026-10-01 09:00\nupdated: 2026-10-20 15:00")
                        .replace("Nội dung ban đầu.", "Nội dung đã sửa."), encoding="utf-8")
    build_site(repo, as_of="2026-11-01")
    english_text = read_page(english).text
    assert ("The Vietnamese version of this page was updated on October 20, 2026; this "
            "translation may not include the changes yet.") in english_text
    assert '<a href="/tin-tuc/ban-song-ngu/" lang="vi" hreflang="vi">Read the Vietnamese ' \
        'version</a>' in english.read_text(encoding="utf-8")
    vietnamese = read_page(output / "tin-tuc" / "ban-song-ngu" / "index.html").text
    assert "Cập nhật: 15:00 20 tháng 10, 2026" in vietnamese


def test_search_indexes_published_items_only(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _item(repo, "news/2026/cong-bo.vi.md", "Tin công bố", body="Nội dung công bố.")
    _item(repo, "news/2026/ban-nhap.vi.md", "Tin nháp", extra="\nstatus: draft",
          body="Nội dung nháp.")
    report = build_site(repo, as_of="2026-11-01")
    assert report.search is not None and report.search.pages == 1
    indexed = [path for path in _pages(report.output)
               if "data-pagefind-body" in path.read_text(encoding="utf-8")]
    assert [path.relative_to(report.output).as_posix() for path in indexed] == [
        "tin-tuc/cong-bo/index.html"]
    shards = json.loads((report.output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert shards == {"vi": ["vi-2026"]}  # the search page of each language merges its shards
    assert (report.output / "pagefind" / "vi-2026" / "pagefind.js").is_file()
