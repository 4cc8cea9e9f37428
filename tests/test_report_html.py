"""The HTML report: every figure of the Report in a table, every chart an image with a text
alternative and a caption beside the table of its figures, statuses in words, nothing inline
that the site's Content-Security-Policy would refuse; in Chromium, no WCAG 2.1 A/AA violation
on a phone or a desktop, and charts that print whole on A4. The preview page is written in
preview builds only, and says so when the repository has no history to count."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plugins.core.agency import load_agency
from plugins.portal_site.internal import REPORT_PATH
from plugins.portal_site.report import has_main_history
from tests.helpers import GOOD_NEWS, ROOT, make_repo, read_page, serve, write_item
from workflow.build import build_site
from workflow.reports.charts import Series, grouped_bars
from workflow.reports.html import STYLESHEET, render_report, wrap_label
from workflow.reports.ledger import APPROVER, AUTHOR, UPLOADER, LedgerLine
from workflow.reports.model import (
    MonthDeadlines,
    PublishedCount,
    QuestionFigures,
    QuotaResult,
    Report,
    RuleResult,
    StageTimes,
    StaleTranslation,
    UnitTotal,
    UrgentDecision,
)

AGENCY = load_agency(ROOT / "content")
UNIT_QUOTA = "Sở tự quy định (tương tự 004 Đ11.2)"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (360, 1280)
A4_CONTENT_PX = 661  # 210 mm less the print margins of bao-cao.css, at 96 px per inch


def _quota(unit: str, items: int, *, minimum: int = 3, category: str = "",
           period: str = "2026-11", clause: str = UNIT_QUOTA) -> QuotaResult:
    name = AGENCY.unit_name(unit, "vi") if unit else "Toàn Sở"
    return QuotaResult(unit=unit, name=name, category=category, period=period,
                       minimum=minimum, items=items, met=items >= minimum, clause=clause)


def _ledger(day: int, stem: str, title: str, grade: str) -> list[LedgerLine]:
    amounts = {"A": (400_000, 80_000, 40_000), "B": (250_000, 50_000, 25_000)}[grade]
    path = f"content/news/2026/{stem}.vi.md"
    published = dt.date(2026, 11, day)
    return [LedgerLine(published, path, title, grade, AUTHOR, "ha-minh-duc", "Hà Minh Đức",
                       amounts[0]),
            LedgerLine(published, path, title, grade, APPROVER, "nong-thi-lan", "Nông Thị Lan",
                       amounts[1]),
            LedgerLine(published, path, title, grade, UPLOADER, "nguyen-thu-trang",
                       "Nguyễn Thu Trang", amounts[2])]


def november_report() -> Report:
    """November 2026 as the Department might have lived it: one unit silent, one quota
    missed, a question answered late and one overdue, an urgent takedown reviewed and an
    urgent publication still waiting, two translations behind their originals."""
    return Report(
        period="2026-11", first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30),
        as_of=dt.date(2026, 12, 1), source_language="vi",
        published=[
            PublishedCount("hop-tac-quoc-te", "chi-dao-dieu-hanh", "vi", 4),
            PublishedCount("hop-tac-quoc-te", "doi-ngoai-trong-tinh", "vi", 1),
            PublishedCount("hop-tac-quoc-te", "doi-ngoai-trong-tinh", "en", 1),
            PublishedCount("lanh-su", "tuyen-truyen", "vi", 3),
            PublishedCount("lanh-su", "tuyen-truyen", "zh", 2),
            PublishedCount("bien-gioi", "doi-ngoai-trong-tinh", "vi", 2),
            PublishedCount("trung-tam", "kien-thuc-doi-ngoai", "vi", 5),
            PublishedCount("van-phong", "chi-dao-dieu-hanh", "vi", 1)],
        updated=3, withdrawn=1,
        units=[UnitTotal(unit, AGENCY.unit_name(unit, "vi"), items) for unit, items in (
            ("van-phong", 1), ("thanh-tra", 0), ("bien-gioi", 2), ("hop-tac-quoc-te", 5),
            ("lanh-su", 3), ("trung-tam", 5))],
        silent_units=["thanh-tra"],
        quotas=[_quota("van-phong", 1), _quota("thanh-tra", 0), _quota("bien-gioi", 2),
                _quota("hop-tac-quoc-te", 5), _quota("lanh-su", 3), _quota("trung-tam", 5),
                _quota("", 5, minimum=4, category="chi-dao-dieu-hanh",
                       clause="003 Đ7.5, Đ14.5")],
        deadlines=[
            RuleResult("van-ban-co-quan-ban-hanh", "Văn bản do Sở ban hành", "003 Đ9.3",
                       met=7, late=0, open=1, overdue=0),
            RuleResult("hoi-dap", "Trả lời câu hỏi", "003 Đ9.7", met=5, late=1, open=2,
                       overdue=1)],
        deadlines_by_month=[MonthDeadlines("2026-11", met=12, late=1, open=3, overdue=1)],
        questions=QuestionFigures(received=11, answered_on_time=5, answered_late=1, noticed=1,
                                  out_of_scope=1, open=2, overdue=1),
        review_times=[
            StageTimes("duyet/truong-phong", "Trưởng phòng duyệt", 19, 1.5, 4, 2, 2),
            StageTimes("duyet/ban-bien-tap", "Ban Biên tập duyệt", 19, 1.0, 3, 3, 0),
            StageTimes("duyet/giam-doc", "Lãnh đạo Sở cho ý kiến (tin nhạy cảm)", 2, 2.0, 2,
                       None, 0),
            StageTimes("main", "Trưởng Ban Biên tập duyệt đăng", 19, 0.5, 2, 1, 1)],
        urgent=[
            UrgentDecision("5f2c9e1a7b3d4c8e9f0a1b2c3d4e5f6a7b8c9d0e", dt.date(2026, 11, 9),
                           "hoang-van-minh", "Hoàng Văn Minh",
                           "Gỡ tin có số liệu sai về lượng khách qua cửa khẩu", True,
                           ["content/news/2026/khach-qua-cua-khau.vi.md"], "nong-thi-lan",
                           dt.date(2026, 11, 11), 2),
            UrgentDecision("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", dt.date(2026, 11, 27),
                           "hoang-van-minh", "Hoàng Văn Minh",
                           "Đăng ngay thông báo tạm dừng thông quan do mưa lũ", False,
                           ["content/announcements/2026/tam-dung-thong-quan.vi.md",
                            "content/announcements/2026/tam-dung-thong-quan.en.md"],
                           "", None, None)],
        stale_translations=[
            StaleTranslation("content/news/2026/hoi-nghi-hop-tac.en.md", "en",
                             dt.date(2026, 11, 12), 13),
            StaleTranslation("content/pages/lien-he.zh.md", "zh", None, 0)],
        currency="VND",
        ledger=[*_ledger(3, "hoi-nghi-hop-tac", "Hội nghị hợp tác với Quảng Tây", "A"),
                *_ledger(17, "huong-dan-ho-chieu", "Hướng dẫn làm hộ chiếu", "B")])


@pytest.fixture(scope="module")
def rendered() -> tuple[str, dict[str, str]]:
    return render_report(november_report(), AGENCY)


class _Document(HTMLParser):
    """The tables of a document (id → rows of cell texts, each row with its section), its
    figures (image attributes, caption, the id of the table that follows) and every tag's
    attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[tuple[str, list[str]]]] = {}
        self.figures: list[dict[str, str]] = []
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._table = self._part = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.attributes.append((tag, attributes))
        if tag == "table":
            self._table = attributes.get("id") or ""
            self.tables[self._table] = []
            if self.figures and "table" not in self.figures[-1]:
                self.figures[-1]["table"] = self._table
        elif tag in ("thead", "tbody", "tfoot"):
            self._part = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "figure":
            self.figures.append({})
        elif tag == "img" and self.figures:
            self.figures[-1].update({"src": attributes.get("src") or "",
                                     "alt": attributes.get("alt") or ""})
        elif tag == "figcaption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append((self._part, self._row))
            self._row = None
        elif tag == "figcaption" and self._caption is not None:
            self.figures[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None

    def handle_data(self, data: str) -> None:
        for collector in (self._cell, self._caption):
            if collector is not None:
                collector.append(data)
        self.text.append(data)

    def rows(self, table: str, part: str = "tbody") -> list[list[str]]:
        return [cells for section, cells in self.tables[table] if section == part]


def _document(html: str) -> _Document:
    document = _Document()
    document.feed(html)
    return document


def test_every_figure_of_the_report_is_in_a_table(rendered: tuple[str, dict[str, str]]
                                                  ) -> None:
    document = _document(rendered[0])
    report = november_report()
    assert document.rows("published-table") == [
        [AGENCY.unit_name(count.unit, "vi"), AGENCY.category_title(count.category, "vi"),
         AGENCY.languages[count.language].name, str(count.count)]
        for count in report.published]
    assert document.rows("published-table", "tfoot") == [["Tổng cộng", "19"]]
    assert document.rows("units-table") == [[unit.name, str(unit.items)]
                                            for unit in report.units]
    assert document.rows("quotas-table-1") == [
        ["Văn phòng Sở", "1", "3", "Không đạt: thiếu 2 tin bài", UNIT_QUOTA],
        ["Thanh tra Sở", "0", "3", "Không đạt: thiếu 3 tin bài", UNIT_QUOTA],
        ["Phòng Quản lý biên giới", "2", "3", "Không đạt: thiếu 1 tin bài", UNIT_QUOTA],
        ["Phòng Hợp tác quốc tế", "5", "3", "Đạt", UNIT_QUOTA],
        ["Phòng Lãnh sự", "3", "3", "Đạt", UNIT_QUOTA],
        ["Trung tâm Thông tin và Dịch vụ đối ngoại", "5", "3", "Đạt", UNIT_QUOTA],
        ["Toàn Sở: Chỉ đạo, điều hành", "5", "4", "Đạt", "003 Đ7.5, Đ14.5"]]
    assert document.rows("rules-table") == [
        ["Văn bản do Sở ban hành", "003 Đ9.3", "7", "0", "1", "0", "Đạt"],
        ["Trả lời câu hỏi", "003 Đ9.7", "5", "1", "2", "1",
         "Không đạt: 1 hoàn thành chậm, 1 quá hạn"]]
    assert document.rows("months-table") == [
        ["2026-11", "12", "1", "3", "1", "Không đạt: 1 hoàn thành chậm, 1 quá hạn"]]
    assert [cells[1] for cells in document.rows("questions-table")] == \
        ["11", "5", "1", "1", "1", "2", "1"]
    assert document.rows("stages-table") == [
        ["Trưởng phòng duyệt", "19", "1,5", "4", "2", "2", "Không đạt"],
        ["Ban Biên tập duyệt", "19", "1", "3", "3", "0", "Đạt"],
        ["Lãnh đạo Sở cho ý kiến (tin nhạy cảm)", "2", "2", "2", "không có", "0",
         "Không quy định thời hạn"],
        ["Trưởng Ban Biên tập duyệt đăng", "19", "0,5", "2", "1", "1", "Không đạt"]]
    urgent = document.rows("urgent-table")
    assert [row[0] for row in urgent] == ["09/11/2026", "27/11/2026"]
    assert urgent[0][1].startswith("Gỡ khẩn cấp") and urgent[1][1].startswith("Đăng khẩn cấp")
    assert urgent[0][-1] == "Nông Thị Lan hậu kiểm ngày 11/11/2026, sau 2 ngày làm việc"
    assert urgent[1][-1] == "Đang chờ hậu kiểm"
    assert "tam-dung-thong-quan.en.md" in urgent[1][4]
    assert document.rows("stale-table") == [
        ["content/news/2026/hoi-nghi-hop-tac.en.md", "English", "12/11/2026", "13"],
        ["content/pages/lien-he.zh.md", "中文", "không rõ", "0"]]
    ledger = document.rows("ledger-table")
    assert len(ledger) == len(report.ledger)
    assert [row[-1] for row in ledger] == ["400.000", "80.000", "40.000",
                                           "250.000", "50.000", "25.000"]
    assert [row[3] for row in ledger[:3]] == ["Tác giả", "Người duyệt", "Người đăng tải"]
    assert document.rows("ledger-table", "tfoot") == [["Tổng cộng", "845.000"]]
    text = " ".join("".join(document.text).split())
    for fact in ("1 tháng 11, 2026", "30 tháng 11, 2026", "1 tháng 12, 2026",
                 "Đăng lần đầu trong kỳ: 19.", "thay đổi trong kỳ: 3.", "Gỡ bỏ trong kỳ: 1."):
        assert fact in text, fact
    assert "Thanh tra Sở" in text.split("Đơn vị không cung cấp tin bài", 1)[1]


def test_every_chart_has_a_text_alternative_a_caption_and_its_table_beside_it(
        rendered: tuple[str, dict[str, str]]) -> None:
    html, files = rendered
    document = _document(html)
    assert [figure["src"] for figure in document.figures] == [
        "chi-tieu-2026-11.svg", "han-xu-ly-theo-thang.svg"]
    assert [figure["table"] for figure in document.figures] == ["quotas-table-1",
                                                                 "months-table"]
    for figure in document.figures:
        alt = figure["alt"]
        assert alt.startswith("Biểu đồ cột") and alt.endswith(".") and alt.count(". ") == 0
        assert figure["caption"].startswith("Hình:")
        assert files[figure["src"]].lstrip().startswith("<?xml")
    assert "4 trên 7 chỉ tiêu đạt" in document.figures[0]["alt"]
    assert "Phòng Lãnh sự" in files["chi-tieu-2026-11.svg"]
    assert "hoàn thành chậm" in files["han-xu-ly-theo-thang.svg"]
    assert set(files) == {"chi-tieu-2026-11.svg", "han-xu-ly-theo-thang.svg", STYLESHEET}


def test_nothing_inline_nothing_from_elsewhere_and_vietnamese(
        rendered: tuple[str, dict[str, str]]) -> None:
    html, files = rendered
    document = _document(html)
    assert '<html lang="vi">' in html
    assert "<script" not in html and "<style" not in html
    for tag, attributes in document.attributes:
        assert "style" not in attributes, tag
        assert not any(name.startswith("on") for name in attributes), tag
        for name in ("src", "href"):
            value = attributes.get(name)
            if value is not None:
                assert value in files or value.startswith("#"), (tag, value)
    assert ('link', {"rel": "stylesheet", "href": STYLESHEET}) in document.attributes
    assert "http:" not in html and "https:" not in html
    for name, text in files.items():
        assert not re.search(r"(href|src)=\"(https?:)?//|url\(\s*['\"]?(https?:)?//", text), name


def test_the_same_report_gives_the_same_files_at_the_address_asked_for() -> None:
    first = render_report(november_report(), AGENCY, charts_url="bieu-do/")
    assert first == render_report(november_report(), AGENCY, charts_url="bieu-do/")
    sources = [figure["src"] for figure in _document(first[0]).figures]
    assert sources == ["bieu-do/chi-tieu-2026-11.svg", "bieu-do/han-xu-ly-theo-thang.svg"]
    assert f'href="bieu-do/{STYLESHEET}"' in first[0]


def test_a_quarter_has_one_quota_chart_per_month() -> None:
    quarter = replace(november_report(), period="2026-Q4", first=dt.date(2026, 10, 1),
                      last=dt.date(2026, 12, 31), quotas=[
                          _quota("lanh-su", items, period=month)
                          for month, items in (("2026-10", 4), ("2026-11", 3),
                                               ("2026-12", 1))])
    html, files = render_report(quarter, AGENCY)
    document = _document(html)
    assert [figure["src"] for figure in document.figures][:3] == [
        "chi-tieu-2026-10.svg", "chi-tieu-2026-11.svg", "chi-tieu-2026-12.svg"]
    assert [document.rows(f"quotas-table-{number}")[0][3] for number in (1, 2, 3)] == [
        "Đạt", "Đạt", "Không đạt: thiếu 2 tin bài"]
    assert "chi-tieu-2026-12.svg" in files


def test_an_empty_period_says_so_in_each_section() -> None:
    empty = replace(november_report(), published=[], updated=0, withdrawn=0, units=[],
                    silent_units=[], quotas=[], deadlines=[], deadlines_by_month=[],
                    review_times=[], urgent=[], stale_translations=[], ledger=[])
    html, files = render_report(empty, AGENCY)
    assert set(files) == {STYLESHEET}
    text = " ".join(" ".join(_document(html).text).split())
    for sentence in ("Không có tin bài nào được đăng lần đầu trong kỳ.",
                     "Không có chỉ tiêu nào của reports.yaml trong kỳ.",
                     "Mọi đơn vị đều cung cấp tin bài trong kỳ.",
                     "Không có thời hạn nào đến trong kỳ.",
                     "Không có lượt duyệt nào trong kỳ.",
                     "Không có quyết định khẩn cấp nào trong kỳ.",
                     "Mọi bản dịch đều theo kịp bản gốc.",
                     "Không có tin bài được xếp loại nào được đăng trong kỳ: không phải chi trả."):
        assert sentence in text, sentence


# -- the preview page ---------------------------------------------------------------------------

def test_a_public_build_has_no_report_and_a_preview_without_history_says_why(
        tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/cong-khai.vi.md", GOOD_NEWS)
    preview = build_site(repo).output
    page = read_page(preview / REPORT_PATH / "index.html")
    assert page.html_lang == "vi"
    assert "cần lịch sử git" in page.text
    assert not list((preview / REPORT_PATH).glob("*.svg"))
    public = build_site(repo, publish=True).output
    assert not (public / REPORT_PATH).exists()
    assert not any("bao-cao" in path.read_text(encoding="utf-8")
                   for path in public.rglob("*") if path.suffix in (".html", ".xml", ".txt"))


def test_only_the_repository_itself_with_a_main_branch_has_the_history(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    assert not has_main_history(repo)
    for command in (("init", "-q", "-b", "nhap"), ("commit", "-q", "--allow-empty", "-m", "x")):
        subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.vn",
                        "-c", "user.name=CI", *command], check=True, capture_output=True)
    assert not has_main_history(repo)
    subprocess.run(["git", "-C", str(repo), "branch", "main"], check=True)
    assert has_main_history(repo)
    assert not has_main_history(repo / "content")


# -- in Chromium ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory,
               rendered: tuple[str, dict[str, str]]) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("report")
    html, files = rendered
    (folder / "bao-cao-2026-11.html").write_text(html, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with serve(folder) as url:
        yield f"{url}/bao-cao-2026-11.html"


def _violations(page: object) -> list[tuple[str, list[object]]]:
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - browser tests only

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "rules": {"region": {"enabled": True}}})
    assert "region" in {rule["id"] for rule in
                        results.response["passes"] + results.response["inapplicable"]
                        + results.response["violations"]}, "the region rule ran"
    return [(item["id"], [node["target"] for node in item["nodes"]][:3])
            for item in results.response["violations"]]


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_no_wcag_violation_and_everything_in_a_landmark(browser, report_url: str,
                                                        width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    response = page.goto(report_url)
    assert response is not None and response.ok
    assert _violations(page) == []
    assert page.evaluate("[...document.images].every(image => image.naturalWidth > 0)")
    page.close()


@pytest.mark.slow
def test_the_preview_page_without_history_has_no_wcag_violation(browser,
                                                                 demo_output: Path) -> None:
    with serve(demo_output) as url:
        page = browser.new_page(viewport={"width": 360, "height": 900})
        response = page.goto(f"{url}/{REPORT_PATH}")
        assert response is not None and response.ok
        assert _violations(page) == []
        page.close()


@pytest.mark.slow
def test_in_print_the_charts_show_whole_and_nothing_is_cut_on_a4(browser,
                                                                 report_url: str) -> None:
    page = browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
    page.emulate_media(media="print")
    page.goto(report_url)
    figures = page.evaluate("""() => [...document.querySelectorAll('figure')].map(figure => {
        const image = figure.querySelector('img'), box = image.getBoundingClientRect();
        return {loaded: image.naturalWidth > 0, width: box.width, height: box.height,
                breaks: getComputedStyle(figure).breakInside};
    })""")
    assert len(figures) == 2
    for figure in figures:
        assert figure["loaded"] and 0 < figure["width"] <= A4_CONTENT_PX
        assert figure["height"] > 100 and figure["breaks"] == "avoid"
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_PX
    assert page.evaluate("""[...document.querySelectorAll('.report-scroll')].every(
        region => region.scrollWidth <= region.clientWidth
                  && getComputedStyle(region).breakInside === 'avoid')""")
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    page.close()


@pytest.mark.slow
def test_the_standalone_file_opened_from_disk_shows_its_charts(
        browser, tmp_path: Path, rendered: tuple[str, dict[str, str]]) -> None:
    html, files = rendered
    (tmp_path / "bao-cao.html").write_text(html, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    page = browser.new_page()
    page.goto((tmp_path / "bao-cao.html").as_uri())
    assert page.evaluate("[...document.images].every(image => image.naturalWidth > 0)")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == \
        "rgb(255, 255, 255)"
    assert page.evaluate("getComputedStyle(document.querySelector('.report-masthead'))"
                         ".backgroundColor") == "rgb(138, 28, 28)"
    page.close()


@pytest.mark.slow
def test_no_words_of_a_chart_run_into_each_other(browser, tmp_path: Path,
                                                 rendered: tuple[str, dict[str, str]]) -> None:
    """Unit names are long: drawn side by side under their bars, they ran into each other.
    In a real browser, no two texts of a chart (names, values, title, legend) overlap."""
    _html, files = rendered
    names = ["Phòng Tài nguyên và Môi trường: Tin tức sự kiện hoạt động",
             "Trung tâm Thông tin và Dịch vụ đối ngoại: Thông tin đối ngoại, hợp tác quốc tế",
             "Văn phòng Sở", *(f"Phòng số {number}: Tin tức sự kiện hoạt động của phòng"
                              for number in range(1, 6))]
    files = {**files, "ten-dai.svg": grouped_bars(
        "Số tin bài theo đơn vị", [wrap_label(name) for name in names],
        [Series("đã đăng", [3] * len(names)), Series("mức tối thiểu", [3] * len(names))],
        value_label="tin bài", across=True)}
    page = browser.new_page()
    for name in sorted(name for name in files if name.endswith(".svg")):
        (tmp_path / name).write_text(files[name], encoding="utf-8")
        page.goto((tmp_path / name).as_uri())
        boxes = page.evaluate("""() => [...document.querySelectorAll('text')]
            .filter(text => text.textContent.trim())
            .map(text => { const box = text.getBoundingClientRect();
                           return [text.textContent, box.left, box.top, box.right,
                                   box.bottom]; })""")
        assert len(boxes) > 10, name
        overlapping = [(first[0], second[0]) for number, first in enumerate(boxes)
                       for second in boxes[number + 1:]
                       if first[1] < second[3] and second[1] < first[3]
                       and first[2] < second[4] and second[2] < first[4]]
        assert overlapping == [], name
    page.close()
