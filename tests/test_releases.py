"""Publishing `main` as atomic releases: a release per change, none for the same commit, a
scheduled item live once its time has passed, rollback to the previous release, and a publish
killed at any moment leaving the live site byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import make_repo, write_item

pytestmark = pytest.mark.slow
PORTAL = str(Path(sys.executable).with_name("portal"))
NEWS = """
    title: {title}
    date: 2026-11-20 09:00
    category: doi-ngoai-trong-tinh
    unit: hop-tac-quoc-te
    author: nguyen-thu-trang
    summary: Tin thử của bản phát hành.
    {extra}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.vn",
                           "-c", "user.name=CI", *args], check=True, capture_output=True,
                          text=True).stdout


def portal(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PORTAL, "--repo", str(repo), *args], capture_output=True,
                          text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-mot.vi.md", NEWS.format(title="Tin thứ nhất", extra=""))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return repo


def tree_digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def test_one_release_per_change_and_scheduled_items_on_time(repo: Path, tmp_path: Path) -> None:
    deploy = tmp_path / "deploy"
    first = portal(repo, "ci", "publish", "--deploy", str(deploy), "--as-of", "2026-11-30T09:00")
    assert first.returncode == 0, first.stderr
    again = portal(repo, "ci", "publish", "--deploy", str(deploy), "--as-of", "2026-11-30T10:00")
    assert again.returncode == 0 and len(list((deploy / "releases").iterdir())) == 1
    write_item(repo, "news/2026/tin-hen-gio.vi.md", NEWS.format(
        title="Tin hẹn giờ", extra="publish_at: 2026-12-01 08:00"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "scheduled")
    portal(repo, "ci", "publish", "--deploy", str(deploy), "--as-of", "2026-11-30T11:00")
    assert not (deploy / "live" / "tin-tuc" / "tin-hen-gio").exists()
    later = portal(repo, "ci", "publish", "--deploy", str(deploy), "--as-of", "2026-12-01T08:05")
    assert later.returncode == 0, later.stderr
    assert (deploy / "live" / "tin-tuc" / "tin-hen-gio" / "index.html").exists()
    assert not (deploy / "live" / "noi-bo").exists()  # no dashboard in a public release
    back = portal(repo, "rollback", "--deploy", str(deploy))
    assert back.returncode == 0, back.stderr
    assert not (deploy / "live" / "tin-tuc" / "tin-hen-gio").exists()


@pytest.mark.parametrize("after", [0.3, 0.9, 1.6])
def test_a_publish_killed_midway_leaves_the_live_site_as_it_was(
        repo: Path, tmp_path: Path, after: float) -> None:
    deploy = tmp_path / "deploy"
    assert portal(repo, "ci", "publish", "--deploy", str(deploy)).returncode == 0
    before = (os.readlink(deploy / "live"), tree_digest(deploy / "live"))
    write_item(repo, "news/2026/tin-hai.vi.md", NEWS.format(title="Tin thứ hai", extra=""))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    process = subprocess.Popen([PORTAL, "--repo", str(repo), "ci", "publish", "--deploy",
                                str(deploy)], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    link = os.readlink(deploy / "live")
    if link == before[0]:  # killed before the swap: the old site, byte for byte
        assert tree_digest(deploy / "live") == before[1]
    else:  # killed after the swap: the whole new release, never a part of it
        assert (deploy / link).parent.joinpath("RELEASE").is_file()
    done = portal(repo, "ci", "publish", "--deploy", str(deploy))
    assert done.returncode == 0, done.stderr
    assert (deploy / "live" / "tin-tuc" / "tin-hai" / "index.html").exists()


def test_a_failed_build_publishes_nothing(repo: Path, tmp_path: Path) -> None:
    deploy = tmp_path / "deploy"
    assert portal(repo, "ci", "publish", "--deploy", str(deploy)).returncode == 0
    before = (os.readlink(deploy / "live"), tree_digest(deploy / "live"))
    write_item(repo, "news/2026/tin-loi.vi.md", NEWS.format(title="Tin lỗi", extra="")
               .replace("unit: hop-tac-quoc-te", "unit: khong-co-don-vi"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "broken")
    failed = portal(repo, "ci", "publish", "--deploy", str(deploy))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert (os.readlink(deploy / "live"), tree_digest(deploy / "live")) == before
    assert portal(repo, "rollback", "--deploy", str(deploy)).returncode == 1  # nothing earlier


def test_a_new_release_takes_unchanged_pages_from_the_live_one(repo: Path, tmp_path: Path) -> None:
    """The path from a chief editor's merge to the public page: a release after one edit
    renders the edited page, and takes the others (and the search index) from the live
    release, which keeps its own files."""
    deploy = tmp_path / "deploy"
    write_item(repo, "news/2026/tin-hai.vi.md", NEWS.format(title="Tin thứ hai", extra=""))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    assert portal(repo, "ci", "publish", "--deploy", str(deploy),
                  "--as-of", "2026-11-30T09:00").returncode == 0
    first = (deploy / "live").resolve()
    kept, edited = (first / "tin-tuc" / stem / "index.html" for stem in ("tin-mot", "tin-hai"))
    before = {path: path.stat() for path in (kept, edited)}
    write_item(repo, "news/2026/tin-hai.vi.md", NEWS.format(title="Tin thứ hai", extra=""),
               "Nội dung đã sửa.")
    git(repo, "commit", "-qam", "edit")
    second = portal(repo, "ci", "publish", "--deploy", str(deploy), "--as-of", "2026-11-30T10:00")
    assert second.returncode == 0, second.stderr
    now_live = (deploy / "live").resolve()
    assert now_live != first
    reused = now_live / "tin-tuc" / "tin-mot" / "index.html"
    assert reused.stat().st_mtime_ns == before[kept].st_mtime_ns
    assert reused.stat().st_ino != before[kept].st_ino, "a copy: the old release is untouched"
    assert "Nội dung đã sửa." in (now_live / "tin-tuc" / "tin-hai" / "index.html").read_text(
        encoding="utf-8")
    assert "Nội dung đã sửa." not in edited.read_text(encoding="utf-8")  # the old release
