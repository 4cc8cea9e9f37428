"""The pre-commit hook in a real git repository: a bad staged file stops the commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.cli import main


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def test_hook_blocks_bad_staged_content_and_passes_good(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "bientap@songv.local")
    _git(repo, "config", "user.name", "Biên tập viên")
    assert main(["--repo", str(repo), "install-hooks"]) == 0

    bad = write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, "**TỐI MẬT**")
    _git(repo, "add", "-A")
    refused = _git(repo, "commit", "-q", "-m", "Thêm tin")
    assert refused.returncode != 0
    assert "co-dau-mat.vi.md:10: error [state-secret]" in refused.stdout + refused.stderr

    bad.write_text(bad.read_text(encoding="utf-8").replace("**TỐI MẬT**", "Nội dung công khai."),
                   encoding="utf-8")
    _git(repo, "add", "-A")
    accepted = _git(repo, "commit", "-q", "-m", "Thêm tin")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_hook_checks_the_staged_version_not_the_working_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "bientap@songv.local")
    _git(repo, "config", "user.name", "Biên tập viên")
    main(["--repo", str(repo), "install-hooks"])
    item = write_item(repo, "news/2026/tin.vi.md", GOOD_NEWS, "casino trực tuyến")
    _git(repo, "add", "-A")
    item.write_text(item.read_text(encoding="utf-8").replace("casino trực tuyến", "Sạch."),
                    encoding="utf-8")
    assert _git(repo, "commit", "-q", "-m", "x").returncode != 0


def test_install_hooks_keeps_a_foreign_hook(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho khac\n", encoding="utf-8")
    assert main(["--repo", str(repo), "install-hooks"]) == 1
    assert "--force" in capsys.readouterr().err
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\necho khac\n"
