"""Deadline rules on items with known dates: statuses, profiles, translations, dashboard."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from plugins.core.deadlines import Status, deadline_table
from tests.conftest import DEMO_AS_OF
from tests.helpers import ROOT, make_repo, read_page, write_item
from workflow.build import build_site
from workflow.cli import main

QUESTION = """
    title: Câu hỏi về thủ tục
    date: {date}
    category: hoi-dap
    unit: lanh-su
    author: be-thi-thu
    question: Thủ tục thế nào?
    received: {received}
"""
AS_OF = dt.date(2026, 11, 20)


def _question(repo: Path, stem: str, received: str, answered: str | None = None,
              extra: str = "") -> None:
    front = QUESTION.format(date=answered or received, received=received)
    if answered:
        front += f"    answered: {answered}\n"
    else:
        front += "    status: draft\n"
    write_item(repo, f"questions/{stem}.vi.md", front + extra, "Trả lời.")


def _original_news(repo: Path) -> Path:
    return write_item(repo, "news/2026/tin.vi.md", """
        title: Tin gốc
        date: 2026-11-02 09:00
        category: chi-dao-dieu-hanh
        unit: van-phong
        author: nguyen-thu-trang
        summary: Tóm tắt.
    """, "Nội dung ban đầu.")


def _statuses(repo: Path, as_of: dt.date = AS_OF, profile: str | None = None) -> dict:
    table = deadline_table(repo / "content", as_of, profile_name=profile)
    return {row.stem: (row.status, row.days, row.due.date() if row.due else None)
            for row in table.rows}


def test_question_statuses_in_working_days(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _question(repo, "dung-han", "2026-09-07 08:30", "2026-09-18 16:00")
    _question(repo, "cham", "2026-04-20 10:00", "2026-05-22 15:00")
    _question(repo, "dang-xu-ly", "2026-11-12 14:00")
    _question(repo, "qua-han", "2026-10-01 09:00")
    statuses = _statuses(repo)
    assert statuses["dung-han"] == (Status.MET, 0, dt.date(2026, 9, 28))
    assert statuses["cham"] == (Status.LATE, 6, dt.date(2026, 5, 14))
    assert statuses["dang-xu-ly"] == (Status.OPEN, 9, dt.date(2026, 12, 4))
    assert statuses["qua-han"] == (Status.OVERDUE, 21, dt.date(2026, 10, 22))


def test_documents_issued_by_the_department_have_two_days(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    document = """
        title: Văn bản thử
        date: {date}
        category: van-ban-phap-luat
        unit: van-phong
        author: hoang-thi-mai
        number: {number}
        doc_type: QĐ
        issuer: {issuer}
        issued: 2026-11-02
        summary: Văn bản thử.
        field: doi-ngoai
        file: media/2026/thu.pdf
        {extra}
    """
    own = "issuer_unit: van-phong"  # the rule reads the issuing unit, not the spelling
    write_item(repo, "documents/cua-so.vi.md", document.format(
        date="2026-11-05 09:00", number="50/QĐ-SNgV", issuer="Sở Ngoại vụ Lạng Sơn", extra=own))
    write_item(repo, "documents/cua-tinh.vi.md", document.format(
        date="2026-11-05 09:00", number="30/2026/QĐ-UBND", issuer="Sở Ngoại vụ tỉnh Lạng Sơn",
        extra=""))
    write_item(repo, "documents/chua-dang.vi.md", document.format(
        date="2026-11-03 09:00", number="51/QĐ-SNgV", issuer="Sở Ngoại vụ tỉnh Lạng Sơn",
        extra=own + "\n        status: draft"))
    statuses = _statuses(repo)
    assert statuses["cua-so"] == (Status.LATE, 1, dt.date(2026, 11, 4))
    assert statuses["cua-tinh"] == (Status.MET, 0, dt.date(2026, 11, 16))
    assert statuses["chua-dang"][0] is Status.OVERDUE  # a draft is not published yet


def test_district_profile_counts_from_eight_with_coordination(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _question(repo, "toi-thu-sau", "2026-03-13 19:00", "2026-03-20 16:00")
    _question(repo, "phoi-hop", "2026-03-13 19:00", "2026-03-25 10:00",
              "    coordination: true\n")
    _question(repo, "dac-biet", "2026-03-13 19:00", None, "    special_case: true\n")
    statuses = _statuses(repo, dt.date(2026, 3, 27), profile="district")
    assert statuses["toi-thu-sau"] == (Status.MET, 0, dt.date(2026, 3, 20))
    assert statuses["phoi-hop"] == (Status.MET, 0, dt.date(2026, 3, 25))
    assert statuses["dac-biet"] == (Status.OPEN, 0, dt.date(2026, 3, 27))  # due today


def test_translation_goes_stale_when_the_original_changes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    original = _original_news(repo)
    assert main(["--repo", str(repo), "new", "news", "tin", "--lang", "en"]) == 0
    assert "tin" not in _statuses(repo)
    original.write_text(original.read_text(encoding="utf-8").replace(
        "Nội dung ban đầu.", "Nội dung đã sửa.").replace(
        "summary: Tóm tắt.", "summary: Tóm tắt.\nupdated: 2026-11-16 10:00"), encoding="utf-8")
    assert _statuses(repo)["tin"] == (Status.STALE, 4, None)
    assert main(["--repo", str(repo), "translated",
                 str(repo / "content/news/2026/tin.en.md")]) == 0
    assert "tin" not in _statuses(repo)


def test_correcting_a_date_does_not_make_a_translation_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    original = _original_news(repo)
    main(["--repo", str(repo), "new", "news", "tin", "--lang", "zh"])
    original.write_text(original.read_text(encoding="utf-8").replace("09:00", "10:00"),
                        encoding="utf-8")
    assert "tin" not in _statuses(repo)


def test_deadlines_command_on_the_demo_shows_every_status(capsys) -> None:
    assert main(["--repo", str(ROOT), "deadlines", "--as-of", DEMO_AS_OF.isoformat(),
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    statuses = [item["status"] for item in data["items"]]
    assert {"overdue", "open", "stale", "late", "met"} <= set(statuses)
    order = ["overdue", "open", "stale", "late", "met"]
    assert statuses == sorted(statuses, key=order.index), "most urgent first"
    due_soon = [i for i in data["items"] if i["status"] == "open" and i["working_days"] <= 5]
    assert due_soon


def test_deadlines_command_filters_and_prints_text(capsys) -> None:
    assert main(["--repo", str(ROOT), "deadlines", "--as-of", "2026-11-20",
                 "--section", "documents"]) == 0
    out = capsys.readouterr().out
    assert "content/documents/" in out and "content/questions/" not in out
    assert main(["--repo", str(ROOT), "deadlines", "--as-of", "2026-11-20",
                 "--unit", "lanh-su", "--format", "json"]) == 0
    units = {item["unit"] for item in json.loads(capsys.readouterr().out)["items"]}
    assert units == {"lanh-su"}


@pytest.mark.slow
def test_dashboard_in_preview_lists_each_status(demo_output: Path) -> None:
    text = read_page(demo_output / "noi-bo" / "han-xu-ly" / "index.html").text
    for label in ("Quá hạn", "Còn 1 ngày làm việc", "Bản gốc đã thay đổi",
                  "Hoàn thành, chậm 4 ngày làm việc", "Hoàn thành đúng hạn"):
        assert label in text


@pytest.mark.slow
def test_question_page_shows_received_due_and_time_taken(demo_output: Path) -> None:
    page = demo_output / "hoi-dap" / "ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi"
    text = read_page(page / "index.html").text
    assert "Ngày nhận" in text and "Hạn trả lời 14 tháng 5, 2026" in text
    assert "trong 19 ngày làm việc" in text


@pytest.mark.slow
def test_public_build_has_no_dashboard(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(ROOT / "content", repo / "content", dirs_exist_ok=True)
    output = build_site(repo, publish=True, as_of=DEMO_AS_OF).output
    assert not (output / "noi-bo").exists()
    assert not any("han-xu-ly" in str(path) for path in output.rglob("*"))


def test_build_warns_about_a_year_without_calendar_overrides(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _question(repo, "nam-sau", "2027-01-05 09:00")
    report = build_site(repo, as_of=dt.date(2027, 1, 20))
    assert any("2027" in warning and "calendar.yaml" in warning for warning in report.warnings)
