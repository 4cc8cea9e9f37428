"""The pre-commit hook in real git repositories: what an editor sees when committing.

Every commit runs through `git commit` as a subprocess, with the portal venv off PATH and no
GIT_* variable inherited, so the hook starts exactly as it would on an editor's machine.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.cli import main

BAD_BODY = "**TỐI MẬT**"
BAD_LINE = "co-dau-mat.vi.md:10: error [state-secret]"
FOREIGN_HOOK = "#!/bin/sh\necho 'kiem tra rieng cua nhom'\nexit {status}\n"


def _env() -> dict[str, str]:
    """The environment of an editor's terminal: no GIT_* left over from a caller's hook, and
    the venv's bin folder not on PATH (the hook must find its Python without it)."""
    venv_bin = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("GIT_") and key not in ("VIRTUAL_ENV", "PORTAL_LANG")}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep)
                                  if part and part != venv_bin)
    return env


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", "-c", "user.name=Biên tập viên",
                             "-c", "user.email=bientap@songv.local", *args],
                            cwd=cwd, capture_output=True, text=True, check=False, env=_env())
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _commit(cwd: Path, *args: str) -> tuple[int, str]:
    """(exit status, everything the editor sees) of `git commit` run in `cwd`."""
    result = _git(cwd, "commit", "-q", "-m", "Cập nhật", *args)
    return result.returncode, result.stdout + result.stderr


def _portal(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return status, output


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A portal repository under git with one commit (the configuration), no hook yet."""
    root = make_repo(tmp_path / "repo")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    assert _git(root, "commit", "-q", "-m", "Cấu hình").returncode == 0
    return root


def _hooks(repo: Path) -> Path:
    return repo / ".git" / "hooks"


def _foreign_hook(repo: Path, status: int = 0) -> Path:
    hook = _hooks(repo) / "pre-commit"
    hook.write_text(FOREIGN_HOOK.format(status=status), encoding="utf-8")
    hook.chmod(0o755)
    return hook


def test_hook_blocks_bad_content_from_a_subfolder_and_passes_good(repo: Path) -> None:
    assert main(["--repo", str(repo), "install-hooks"]) == 0
    bad = write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(repo, "add", "-A")
    status, output = _commit(bad.parent)
    assert status != 0
    assert BAD_LINE in output

    bad.write_text(bad.read_text(encoding="utf-8").replace(BAD_BODY, "Nội dung công khai."),
                   encoding="utf-8")
    _git(repo, "add", "-A")
    status, output = _commit(bad.parent)
    assert status == 0, output


def test_hook_checks_the_staged_version_not_the_working_file(repo: Path) -> None:
    main(["--repo", str(repo), "install-hooks"])
    item = write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(repo, "add", "-A")
    item.write_text(item.read_text(encoding="utf-8").replace(BAD_BODY, "Sạch."),
                    encoding="utf-8")
    status, output = _commit(repo)
    assert status != 0
    assert BAD_LINE in output


def test_commit_all_checks_what_git_commit_a_stages(repo: Path) -> None:
    item = write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, "Nội dung công khai.")
    _git(repo, "add", "-A")
    assert _commit(repo)[0] == 0
    main(["--repo", str(repo), "install-hooks"])
    item.write_text(item.read_text(encoding="utf-8").replace("Nội dung công khai.", BAD_BODY),
                    encoding="utf-8")
    status, output = _commit(repo, "-a")
    assert status != 0
    assert BAD_LINE in output


def test_hook_works_in_a_worktree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    worktree = repo.parent / "nhanh-bien-tap"
    assert _git(repo, "worktree", "add", "-q", "-b", "bien-tap", str(worktree)).returncode == 0
    assert (worktree / ".git").is_file()
    status, output = _portal(capsys, "--repo", str(worktree), "--lang", "en", "install-hooks")
    assert status == 0
    assert f"Installed {_hooks(repo) / 'pre-commit'}" in output

    write_item(worktree, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(worktree, "add", "-A")
    status, output = _commit(worktree / "content")
    assert status != 0
    assert BAD_LINE in output


def test_hook_follows_core_hooks_path(repo: Path) -> None:
    _git(repo, "config", "core.hooksPath", ".githooks")
    assert main(["--repo", str(repo), "install-hooks"]) == 0
    assert (repo / ".githooks" / "pre-commit").is_file()
    assert not (_hooks(repo) / "pre-commit").exists()

    write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(repo, "add", "content")
    status, output = _commit(repo / "content" / "news")
    assert status != 0
    assert BAD_LINE in output


def test_foreign_hook_is_kept_as_legacy_and_runs_first(repo: Path) -> None:
    _foreign_hook(repo)
    assert main(["--repo", str(repo), "install-hooks"]) == 0
    assert (_hooks(repo) / "pre-commit.legacy").read_text(encoding="utf-8") == \
        FOREIGN_HOOK.format(status=0)

    write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(repo, "add", "-A")
    status, output = _commit(repo)
    assert status != 0
    assert output.index("kiem tra rieng cua nhom") < output.index(BAD_LINE)


def test_failing_legacy_hook_stops_a_clean_commit(repo: Path) -> None:
    _foreign_hook(repo, status=3)
    main(["--repo", str(repo), "install-hooks"])
    write_item(repo, "news/2026/tin-sach.vi.md", GOOD_NEWS, "Nội dung công khai.")
    _git(repo, "add", "-A")
    status, output = _commit(repo)
    assert status != 0
    assert "kiem tra rieng cua nhom" in output
    assert "error [" not in output


def test_reinstall_is_idempotent(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _foreign_hook(repo)
    hook, legacy = _hooks(repo) / "pre-commit", _hooks(repo) / "pre-commit.legacy"
    _portal(capsys, "--repo", str(repo), "install-hooks")
    installed = hook.read_text(encoding="utf-8")
    status, output = _portal(capsys, "--repo", str(repo), "--lang", "en", "install-hooks")
    assert status == 0
    assert f"The previous hook {legacy} runs first" in output
    assert hook.read_text(encoding="utf-8") == installed
    assert legacy.read_text(encoding="utf-8") == FOREIGN_HOOK.format(status=0)
    assert stat.S_IMODE(hook.stat().st_mode) & 0o111 == 0o111


def test_hook_of_an_older_portal_is_replaced_not_kept_as_legacy(repo: Path) -> None:
    hook = _hooks(repo) / "pre-commit"
    hook.write_text("#!/bin/sh\n# installed by portal install-hooks: checks the staged content "
                    "before every commit.\nexec portal check --staged\n", encoding="utf-8")
    hook.chmod(0o755)
    assert main(["--repo", str(repo), "install-hooks"]) == 0
    assert not (_hooks(repo) / "pre-commit.legacy").exists()
    assert "--repo \"$top\" check --staged" in hook.read_text(encoding="utf-8")


def test_uninstall_restores_the_legacy_hook(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hook = _foreign_hook(repo)
    main(["--repo", str(repo), "install-hooks"])
    status, output = _portal(capsys, "--repo", str(repo), "--lang", "en", "uninstall-hooks")
    assert status == 0
    assert f"Put the previous hook back: {hook}" in output
    assert hook.read_text(encoding="utf-8") == FOREIGN_HOOK.format(status=0)
    assert not (_hooks(repo) / "pre-commit.legacy").exists()

    write_item(repo, "news/2026/co-dau-mat.vi.md", GOOD_NEWS, BAD_BODY)
    _git(repo, "add", "-A")
    status, output = _commit(repo)
    assert status == 0, output
    assert "kiem tra rieng cua nhom" in output


def test_uninstall_refuses_a_hook_portal_did_not_install(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hook = _foreign_hook(repo)
    status, output = _portal(capsys, "--repo", str(repo), "--lang", "en", "uninstall-hooks")
    assert status == 1
    assert f"error: {hook}: this pre-commit hook was not installed by 'portal " \
        "install-hooks'; it is left as it is" in output
    assert hook.read_text(encoding="utf-8") == FOREIGN_HOOK.format(status=0)


def test_install_never_overwrites_a_legacy_hook(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy = _hooks(repo) / "pre-commit.legacy"
    legacy.write_text("#!/bin/sh\necho cu\n", encoding="utf-8")
    hook = _foreign_hook(repo)
    status, output = _portal(capsys, "--repo", str(repo), "--lang", "en", "install-hooks")
    assert status == 1
    assert f"error: {hook}: this pre-commit hook was not installed by portal" in output
    assert legacy.read_text(encoding="utf-8") == "#!/bin/sh\necho cu\n"

    status, output = _portal(capsys, "--repo", str(repo), "--lang", "en", "install-hooks",
                             "--force")
    assert status == 0
    assert not legacy.exists()
    assert "portal install-hooks" in hook.read_text(encoding="utf-8")


def test_not_a_git_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_repo(tmp_path / "khong-git")
    for command in ("install-hooks", "uninstall-hooks"):
        status, output = _portal(capsys, "--repo", str(folder), "--lang", "en", command)
        assert status == 1
        assert output == f"error: '{folder}' is not a git repository\n"
    status, output = _portal(capsys, "--repo", str(folder), "--lang", "en", "check", "--staged")
    assert status == 1
    assert output == f"error: '{folder}' is not a git repository\n"


def test_staged_file_that_is_not_utf8_is_refused_like_on_disk(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--repo", str(repo), "install-hooks"])
    item = write_item(repo, "news/2026/ban-cu.vi.md", GOOD_NEWS, "Nội dung công khai.")
    item.write_bytes(item.read_bytes().replace("công khai".encode(), "c\xf4ng khai".encode(
        "latin-1")))
    _status, on_disk = _portal(capsys, "--repo", str(repo), "check", str(item))
    expected = next(line for line in on_disk.splitlines() if "[encoding]" in line)
    assert expected.startswith("content/news/2026/ban-cu.vi.md:10: error [encoding] ")

    _git(repo, "add", "-A")
    write_item(repo, "news/2026/ban-cu.vi.md", GOOD_NEWS, "Nội dung công khai.")
    status, output = _commit(repo)
    assert status != 0
    assert expected in output.splitlines()


def test_staged_symlink_is_refused(repo: Path) -> None:
    main(["--repo", str(repo), "install-hooks"])
    link = repo / "content" / "news" / "2026" / "lien-ket.vi.md"
    link.parent.mkdir(parents=True)
    link.symlink_to("/etc/hostname")
    _git(repo, "add", "-A")
    status, output = _commit(repo)
    assert status != 0
    assert "content/news/2026/lien-ket.vi.md: error [symlink] " in output
