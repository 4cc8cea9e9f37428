"""A backup and its restore give back the same repository and the same private store: every
ref, tree and approval note, every row; a damaged backup is refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers import make_repo, run_portal
from tests.qa_play import citizen, write_json

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.vn",
                           "-c", "user.name=CI", *args], check=True, capture_output=True,
                          text=True).stdout


def rows(store: Path) -> list[tuple]:
    connection = sqlite3.connect(store)
    try:
        return connection.execute("SELECT reference, identity, question FROM qa_questions "
                                  "ORDER BY reference").fetchall()
    finally:
        connection.close()


def test_backup_and_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "switch", "-qc", "duyet/truong-phong")
    (repo / "content" / "news" / "2026" / "them.vi.md").write_text("---\ntitle: x\n---\n",
                                                                    encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    git(repo, "notes", "--ref", "refs/notes/received", "add", "-m", "2026-11-30T09:00", "HEAD")
    git(repo, "tag", "-a", "hau-kiem/abc", "-m", "review")
    git(repo, "switch", "-q", "main")
    for number in range(3):
        code, output = run_portal(repo, capsys, "qa", "receive", str(write_json(
            tmp_path / f"q{number}.json", citizen(email=f"nguoi{number}@example.vn"))))
        assert code == 0, output
    code, output = run_portal(repo, capsys, "backup", "--to", str(tmp_path / "backups"))
    assert code == 0, output
    [backup] = [path for path in (tmp_path / "backups").iterdir()]
    code, output = run_portal(repo, capsys, "restore", str(backup), "--to",
                              str(tmp_path / "restored"))
    assert code == 0, output
    restored = tmp_path / "restored"
    for command in (("for-each-ref", "--format=%(objectname) %(refname)"),
                    ("notes", "--ref", "refs/notes/received", "list"),
                    ("ls-tree", "-r", "duyet/truong-phong")):
        assert git(restored, *command) == git(repo, *command)
    assert rows(restored / ".private" / "qa.sqlite3") == rows(repo / ".private" / "qa.sqlite3")
    assert (restored / ".private" / "qa.sqlite3").stat().st_mode & 0o777 == 0o600
    manifest = json.loads((backup / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["qa_questions"] == 3
    (backup / "qa.sqlite3").write_bytes(b"damaged")
    code, output = run_portal(repo, capsys, "restore", str(backup), "--to",
                              str(tmp_path / "again"))
    assert code == 1 and "qa.sqlite3" in output


def test_old_backups_are_pruned(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
    repo = make_repo(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    for _round in range(3):
        code, output = run_portal(repo, capsys, "backup", "--to", str(tmp_path / "b"),
                                  "--keep", "2")
        assert code == 0, output
    assert len([path for path in (tmp_path / "b").iterdir()]) == 2
