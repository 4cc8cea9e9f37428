"""The parts of a report that do not need a history: periods, the royalty ledger as CSV and
Excel workbook, and the charts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from plugins.core.errors import PortalError
from tests.helpers import make_repo, run_portal
from workflow.reports.charts import Series, grouped_bars
from workflow.reports.ledger import (
    APPROVER,
    AUTHOR,
    UPLOADER,
    LedgerLine,
    ledger_csv,
    ledger_workbook,
)
from workflow.reports.period import parse_period

MADE = dt.datetime(2026, 12, 1, 8, 0)
LINES = [
    LedgerLine(dt.date(2026, 11, 3), "content/news/2026/a.vi.md", "Tin A", "A", AUTHOR,
               "ha-minh-duc", "Hà Minh Đức", 400_000),
    LedgerLine(dt.date(2026, 11, 3), "content/news/2026/a.vi.md", "Tin A", "A", APPROVER,
               "chu-van-tuan", "Chu Văn Tuấn", 60_000),
    LedgerLine(dt.date(2026, 11, 9), "content/news/2026/b.vi.md", "Tin B", "C", UPLOADER,
               "vi-thi-hoa", "Vi Thị Hoa", 20_000),
]


@pytest.mark.parametrize(("text", "first", "last", "months"), [
    ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), 1),
    ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), 1),
    ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), 3),
    ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 12),
])
def test_a_period_is_a_month_a_quarter_or_a_year(text: str, first: dt.date, last: dt.date,
                                                 months: int) -> None:
    period = parse_period(text)
    assert (period.first, period.last, len(period.months())) == (first, last, months)
    assert first in period and last in period
    assert last + dt.timedelta(days=1) not in period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26", "tháng 11", "2026-11-01"])
def test_anything_else_is_refused_with_the_three_forms(text: str) -> None:
    with pytest.raises(PortalError, match="2026-Q4"):
        parse_period(text)


def test_the_csv_ledger_opens_with_the_csv_module_and_sums_to_the_amounts() -> None:
    data = ledger_csv(LINES, "VND")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[5] for row in rows[1:-1]] == ["ha-minh-duc", "chu-van-tuan", "vi-thi-hoa"]
    assert sum(int(row[7]) for row in rows[1:-1]) == 480_000 == int(rows[-1][7])
    assert rows[1][6] == "Hà Minh Đức"


def test_the_workbook_opens_with_openpyxl_and_is_the_same_bytes_each_time() -> None:
    data = ledger_workbook(LINES, "VND", title="Nhuận bút 2026-11", made=MADE)
    time.sleep(1.1)  # openpyxl dates the members of the zip with the clock's second
    assert data == ledger_workbook(LINES, "VND", title="Nhuận bút 2026-11", made=MADE)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Nhuận bút 2026-11"
    amounts = [row[7] for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1,
                                                 values_only=True)]
    assert amounts == [400_000, 60_000, 20_000]
    assert sheet.cell(sheet.max_row, 8).value == 480_000
    assert sheet.cell(2, 1).value.date() == dt.date(2026, 11, 3)


def test_a_chart_is_reproducible_svg_with_its_title_and_no_script() -> None:
    def draw() -> str:
        return grouped_bars("Tin bài theo đơn vị, tháng 11/2026",
                            ["Văn phòng Sở", "Phòng Hợp tác quốc tế"],
                            [Series("Đã đăng", [3, 5]), Series("Chỉ tiêu", [3, 3])],
                            value_label="tin bài")

    svg = draw()
    assert svg == draw()
    assert "Tin bài theo đơn vị, tháng 11/2026" in svg and "Phòng Hợp tác quốc tế" in svg
    assert "<script" not in svg and "<image" not in svg


@pytest.mark.parametrize(("args", "expected"), [
    (("report", "2026-13"), "2026-Q4"),
    (("report", "2026-11", "--format", "xlsx"), "--out"),
    (("report", "2026-11"), "main"),
])
def test_a_report_that_cannot_be_made_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               args: tuple[str, ...], expected: str) -> None:
    repo = make_repo(tmp_path / "repo")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    code, said = run_portal(repo, capsys, *args)
    assert code != 0 and expected in said
