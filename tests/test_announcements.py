"""An announcement that has expired leaves the home page and stays in the archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers import make_repo, read_page, write_item
from workflow.build import build_site

pytestmark = pytest.mark.slow

ANNOUNCEMENT = """
    title: {title}
    date: 2026-11-02 09:00
    category: chi-dao-dieu-hanh
    unit: van-phong
    author: nguyen-thu-trang
    summary: Thông báo thử.
    expires: {expires}
"""


def test_expired_announcements_leave_the_home_page(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "announcements/con-han.vi.md", ANNOUNCEMENT.format(
        title="Thông báo còn hạn", expires="2026-12-31"))
    write_item(repo, "announcements/het-han.vi.md", ANNOUNCEMENT.format(
        title="Thông báo đã hết hạn", expires="2026-11-10"))
    assert build_site(repo, as_of=dt.date(2026, 11, 20)).errors == []
    home = read_page(repo / "output" / "index.html").text
    assert "Thông báo còn hạn" in home and "Thông báo đã hết hạn" not in home
    archive = read_page(repo / "output" / "thong-bao" / "index.html").text
    assert "Thông báo còn hạn" in archive and "Thông báo đã hết hạn" in archive
