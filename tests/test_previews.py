"""An approver's preview of a stage branch: its own folder, every page marked as a preview in
its language and not indexed, drafts and the deadlines dashboard shown; a public release has
none of that."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from tests.helpers import make_repo, run_portal, write_item
from workflow.releases import publish

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.vn",
                    "-c", "user.name=CI", *args], check=True, capture_output=True)


def test_a_stage_branch_preview_and_the_public_release(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "switch", "-qc", "duyet/ban-bien-tap")
    write_item(repo, "news/2026/cho-duyet.vi.md", """
        title: Tin đang chờ duyệt
        date: 2026-11-20 09:00
        category: doi-ngoai-trong-tinh
        unit: hop-tac-quoc-te
        author: nguyen-thu-trang
        summary: Tin chờ duyệt.
        status: draft
    """)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "draft")
    git(repo, "switch", "-q", "main")
    code, output = run_portal(repo, capsys, "ci", "preview", "duyet/ban-bien-tap", "--out",
                              str(tmp_path / "previews"), "--as-of", "2026-11-20")
    assert code == 0, output
    folder = tmp_path / "previews" / "duyet-ban-bien-tap"
    for page, words in ((folder / "index.html", "Bản xem trước"),
                        (folder / "english" / "index.html", "Preview: not published"),
                        (folder / "chinese" / "index.html", "预览")):
        html = page.read_text(encoding="utf-8")
        assert words in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert (folder / "noi-bo" / "han-xu-ly" / "index.html").exists()
    drafts = list((folder / "drafts").rglob("index.html"))
    assert drafts and all("noindex" in path.read_text(encoding="utf-8") for path in drafts)
    assert not (repo / "content" / "news" / "2026" / "cho-duyet.vi.md").exists()  # untouched
    release = publish(repo, tmp_path / "deploy", moment=dt.datetime(2026, 11, 20, 9, 0,
                                                                    tzinfo=dt.UTC))
    public = (release.release.site / "index.html").read_text(encoding="utf-8")
    assert "noindex" not in public and "preview-banner" not in public
