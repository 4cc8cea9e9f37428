"""Withdrawn items and scheduled publication, on real builds at fixed moments (never today):
a withdrawn item keeps its addresses with a notice and leaves every listing; an item with
`publish_at` is public only from that moment, and its translations with it."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.deadlines import deadline_table
from tests.helpers import ROOT, make_repo, read_page, run_portal, write_item
from workflow.build import BuildError, build_site
from workflow.cli import main

BEFORE = dt.datetime(2026, 12, 1, 7, 59, tzinfo=AGENCY_TIMEZONE)
AT = dt.datetime(2026, 12, 1, 8, 0, tzinfo=AGENCY_TIMEZONE)
PICTURE = "media/2026/news-hoi-dam-ky-ket.svg"
ITEM = """
    title: {title}
    date: 2026-10-01 09:00
    category: chi-dao-dieu-hanh
    unit: hop-tac-quoc-te
    author: ha-minh-duc
    summary: {summary}
    tags: [{tag}]
"""
# language -> (title, summary, keyword, body, picture text, withdrawal reason)
WITHDRAWN = {
    "vi": ("Tin đã gỡ về lịch tiếp khách", "Tóm tắt tin đã gỡ.", "biên giới",
           "Lịch tiếp khách cũ không còn đúng.", "Quang cảnh buổi tiếp",
           "Lịch tiếp khách đã thay đổi."),
    "en": ("Withdrawn visit schedule", "Summary of the withdrawn item.", "border",
           "The old visit schedule is no longer right.", "The meeting room",
           "The visit schedule has changed."),
    "zh": ("已撤下的接待日程", "已撤下信息的摘要。", "边境", "旧的接待日程已不再正确。",
           "会见现场", "接待日程已变更。"),
}
LIVE = {
    "vi": ("Tin còn hiệu lực", "Tóm tắt tin còn hiệu lực.", "biên giới", "Nội dung còn đúng."),
    "en": ("Current item", "Summary of the current item.", "border", "Still right."),
    "zh": ("有效信息", "有效信息的摘要。", "边境", "内容仍然正确。"),
}
PAGE = """
    title: {title}
    category: gioi-thieu
    unit: van-phong
    order: {order}
"""
NOTICE = {"vi": "đã được gỡ bỏ ngày", "en": "This information was withdrawn on",
          "zh": "撤下"}
ROBOTS_NOINDEX = re.compile(r'<meta name="robots" content="noindex">')


def _item(repo: Path, stem: str, lang: str, texts: tuple[str, ...], extra: str = "") -> Path:
    title, summary, tag, body = texts[:4]
    front = ITEM.format(title=title, summary=summary, tag=tag) + extra
    return write_item(repo, f"news/2026/{stem}.{lang}.md", front, body)


def _withdrawn_repo(tmp_path: Path) -> Path:
    """A live and a withdrawn item, both in three languages, sharing their keywords."""
    repo = make_repo(tmp_path / "repo")
    (repo / "content" / PICTURE).parent.mkdir(parents=True)
    shutil.copy2(ROOT / "content" / PICTURE, repo / "content" / PICTURE)
    for lang, texts in WITHDRAWN.items():
        _item(repo, "con-hieu-luc", lang, LIVE[lang])
        *_texts, alt, reason = texts
        _item(repo, "da-go", lang, texts, f"""    image: {PICTURE}
    image_alt: {alt}
    withdrawn: 2026-11-15
    withdrawn_reason: {reason}
""")
    return repo


def test_withdrawn_item_keeps_its_addresses_with_a_notice_in_each_language(
        tmp_path: Path) -> None:
    output = build_site(_withdrawn_repo(tmp_path), publish=True, as_of=AT).output
    for lang, folder in (("vi", "tin-tuc"), ("en", "english/news"), ("zh", "chinese/news")):
        page = output / folder / "da-go" / "index.html"
        text = read_page(page).text
        title, _summary, _tag, body, _alt, reason = WITHDRAWN[lang]
        assert title in text and NOTICE[lang] in text and reason in text, lang
        assert body not in text, lang
        assert not any(PICTURE in asset for asset in read_page(page).assets), lang
        assert ROBOTS_NOINDEX.search(page.read_text(encoding="utf-8")), lang
    assert "15 tháng 11, 2026" in read_page(output / "tin-tuc" / "da-go" / "index.html").text
    assert "gỡ" in read_page(output / "tin-tuc" / "da-go" / "index.html").text


def test_withdrawn_item_leaves_every_listing_and_feed(tmp_path: Path) -> None:
    output = build_site(_withdrawn_repo(tmp_path), publish=True, as_of=AT).output
    listings = {
        "vi": ["index.html", "tin-tuc/index.html", "tu-khoa/bien-gioi/index.html",
               "chuyen-muc/chi-dao-dieu-hanh/index.html"],
        "en": ["english/index.html", "english/news/index.html"],
        "zh": ["chinese/index.html", "chinese/news/index.html"],
    }
    for lang, pages in listings.items():
        for listing in pages:
            text = read_page(output / listing).text
            assert LIVE[lang][0] in text, listing
            assert WITHDRAWN[lang][0] not in text, listing
    for feed in ("feeds/all.atom.xml", "english/feeds/all.atom.xml"):
        xml = (output / feed).read_text(encoding="utf-8")
        assert "/con-hieu-luc/" in xml and "/da-go/" not in xml, feed


def test_withdrawn_page_leaves_the_introduction_menu(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "pages/chuc-nang.vi.md", PAGE.format(title="Chức năng", order=1))
    write_item(repo, "pages/co-cau-cu.vi.md", PAGE.format(title="Cơ cấu cũ", order=2) +
               "    withdrawn: 2026-11-15\n    withdrawn_reason: Cơ cấu đã thay đổi.\n",
               "Cơ cấu tổ chức năm 2020.")
    output = build_site(repo, publish=True, as_of=AT).output
    assert "Cơ cấu cũ" not in read_page(output / "gioi-thieu" / "chuc-nang" / "index.html").text
    withdrawn = read_page(output / "gioi-thieu" / "co-cau-cu" / "index.html").text
    assert "Cơ cấu đã thay đổi." in withdrawn and "Cơ cấu tổ chức năm 2020." not in withdrawn


@pytest.mark.parametrize(("extra", "key"), [
    ("    withdrawn: 2026-11-15\n", "withdrawn_reason"),
    ("    withdrawn_reason: Thông tin đã thay đổi.\n", "withdrawn"),
])
def test_half_a_withdrawal_is_refused_naming_file_line_and_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, key: str) -> None:
    repo = make_repo(tmp_path / "repo")
    _item(repo, "nua-chung", "vi", LIVE["vi"], extra)
    code, output = run_portal(repo, capsys, "check")
    assert code == 1
    line = next(line for line in output.splitlines() if "[withdrawal]" in line)
    assert line.startswith("content/news/2026/nua-chung.vi.md:9: error [withdrawal]")
    assert f"'{key}'" in line
    with pytest.raises(BuildError) as refused:
        build_site(repo, publish=True, as_of=AT)
    assert any("nua-chung.vi.md:9" in problem and "[withdrawal]" in problem
               for problem in refused.value.problems)


def test_a_translation_of_a_withdrawn_original_must_say_why_in_its_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo")
    _item(repo, "da-go", "vi", WITHDRAWN["vi"],
          "    withdrawn: 2026-11-15\n    withdrawn_reason: Lịch tiếp khách đã thay đổi.\n")
    _item(repo, "da-go", "en", WITHDRAWN["en"])
    code, output = run_portal(repo, capsys, "check")
    assert code == 1
    assert any(line.startswith("content/news/2026/da-go.en.md:1: error [withdrawal]")
               and "2026-11-15" in line for line in output.splitlines())


def _scheduled_repo(tmp_path: Path) -> Path:
    """A live item, and one scheduled for AT with an English translation that follows it and
    a Chinese one whose own earlier `publish_at` cannot put it before its original."""
    repo = make_repo(tmp_path / "repo")
    _item(repo, "con-hieu-luc", "vi", LIVE["vi"])
    _item(repo, "hen-gio", "vi", ("Tin hẹn giờ đăng", "Tóm tắt tin hẹn giờ.", "biên giới",
                                  "Nội dung công bố đúng giờ."),
          "    publish_at: 2026-12-01 08:00\n")
    _item(repo, "hen-gio", "en", ("Scheduled item", "Summary of the scheduled item.", "border",
                                  "Text published on time."),
          "    publish_at: 2026-12-01 08:00\n")
    _item(repo, "hen-gio", "zh", ("定时发布的信息", "定时信息的摘要。", "边境", "按时发布的内容。"),
          "    publish_at: 2026-11-01 08:00\n")
    return repo


def _public(output: Path) -> dict[str, bool]:
    return {folder: (output / folder / "hen-gio" / "index.html").exists()
            for folder in ("tin-tuc", "english/news", "chinese/news")}


def test_scheduled_item_is_public_only_from_its_moment_with_its_translations(
        tmp_path: Path) -> None:
    repo = _scheduled_repo(tmp_path)
    before = build_site(repo, publish=True, as_of=BEFORE).output
    assert _public(before) == dict.fromkeys(("tin-tuc", "english/news", "chinese/news"), False)
    assert not list(before.rglob("drafts"))
    for listing in ("index.html", "tin-tuc/index.html", "tu-khoa/bien-gioi/index.html"):
        text = read_page(before / listing).text
        assert "Tin còn hiệu lực" in text and "Tin hẹn giờ đăng" not in text, listing
    assert "/hen-gio/" not in (before / "feeds" / "all.atom.xml").read_text(encoding="utf-8")

    after = build_site(repo, publish=True, as_of=AT).output
    assert _public(after) == dict.fromkeys(("tin-tuc", "english/news", "chinese/news"), True)
    assert "Nội dung công bố đúng giờ." in read_page(
        after / "tin-tuc" / "hen-gio" / "index.html").text
    assert "Text published on time." in read_page(
        after / "english" / "news" / "hen-gio" / "index.html").text
    assert "Tin hẹn giờ đăng" in read_page(after / "tin-tuc" / "index.html").text
    assert "/hen-gio/" in (after / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_preview_shows_a_scheduled_item_as_a_draft_saying_when(tmp_path: Path) -> None:
    output = build_site(_scheduled_repo(tmp_path), as_of=BEFORE).output
    assert _public(output) == dict.fromkeys(("tin-tuc", "english/news", "chinese/news"), False)
    vietnamese = read_page(output / "drafts" / "tin-tuc" / "hen-gio" / "index.html").text
    assert "Lên lịch đăng lúc" in vietnamese and "08:00 1 tháng 12, 2026" in vietnamese
    english = read_page(output / "english" / "drafts" / "news" / "hen-gio" / "index.html").text
    assert "Scheduled for" in english and "December 1, 2026" in english
    chinese = read_page(output / "chinese" / "drafts" / "news" / "hen-gio" / "index.html").text
    assert "定于" in chinese and "2026年12月1日" in chinese
    assert "Tin hẹn giờ đăng" not in read_page(output / "tin-tuc" / "index.html").text


def test_a_translation_follows_its_original_without_being_edited(tmp_path: Path) -> None:
    """Whether a version is public is decided on every build, not cached with its reading: an
    unchanged translation goes public with its original."""
    repo = make_repo(tmp_path / "repo")
    original = _item(repo, "theo-goc", "vi", LIVE["vi"], "    status: draft\n")
    _item(repo, "theo-goc", "en", LIVE["en"])
    output = build_site(repo, as_of=AT).output
    assert not (output / "english" / "news" / "theo-goc").exists()
    original.write_text(original.read_text(encoding="utf-8").replace("status: draft\n", ""),
                        encoding="utf-8")
    build_site(repo, as_of=AT)
    assert (output / "english" / "news" / "theo-goc" / "index.html").exists()


def test_as_of_accepts_a_local_date_and_time(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    repo = _scheduled_repo(tmp_path)
    code, _output = run_portal(repo, capsys, "build", "--publish", "--as-of", "2026-12-01T08:30")
    assert code == 0
    assert _public(repo / "output") == dict.fromkeys(("tin-tuc", "english/news", "chinese/news"),
                                                     True)


@pytest.mark.parametrize("value", ["2026-12-01T8:30", "2026-12-01 08:30", "2026-13-01",
                                   "01/12/2026"])
def test_a_malformed_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            value: str) -> None:
    repo = make_repo(tmp_path / "repo")
    with pytest.raises(SystemExit) as leaving:
        main(["--repo", str(repo), "build", "--as-of", value])
    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert "--as-of" in err and f"'{value}'" in err and "Traceback" not in err
    assert not (repo / "output").exists()


REVIEWED_NEWS = ITEM.format(title="Tin chờ thẩm định", summary="Tóm tắt.", tag="biên giới") + \
    "    review_requested: 2026-11-02 09:00\n"


def test_a_withdrawn_item_owes_no_deadline_and_no_translation(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    original = write_item(repo, "news/2026/tham-dinh.vi.md", REVIEWED_NEWS, "Nội dung.")
    write_item(repo, "news/2026/tham-dinh.en.md", ITEM.format(
        title="Item under review", summary="Summary.", tag="border") +
        "    review_requested: 2026-11-02 09:00\n    source_hash: khong-khop\n", "Text.")
    as_of = dt.date(2026, 11, 20)
    statuses = {row.path: row.status for row in deadline_table(repo / "content", as_of).rows}
    assert set(statuses.values()) == {"overdue", "stale"}
    original.write_text(original.read_text(encoding="utf-8").replace(
        "review_requested", "withdrawn: 2026-11-10\nwithdrawn_reason: Đã gỡ.\nreview_requested"),
        encoding="utf-8")
    assert deadline_table(repo / "content", as_of).rows == []
    assert deadline_table(repo / "content", dt.date(2026, 11, 9)).rows != [], \
        "before the withdrawal, the clocks ran"
