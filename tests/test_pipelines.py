"""The GitHub and GitLab pipelines call only `portal ci ...`, and each command they call works
against a real repository with a server remote."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import make_repo, write_item

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
PORTAL = str(Path(sys.executable).with_name("portal"))


def commands(pipeline: Path) -> list[str]:
    """Every shell line of the pipeline's jobs."""
    data = yaml.safe_load(pipeline.read_text(encoding="utf-8"))
    if pipeline.suffix == ".yml" and "jobs" in data:
        return [step["run"] for job in data["jobs"].values() for step in job["steps"]
                if "run" in step]
    return [line for job in data.values() if isinstance(job, dict) and "script" in job
            for line in job["script"]]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.vn",
                    "-c", "user.name=CI", *args], check=True, capture_output=True)


@pytest.mark.parametrize("pipeline", [ROOT / ".github" / "workflows" / "portal.yml",
                                      ROOT / ".gitlab-ci.yml"])
def test_each_portal_command_of_the_pipeline_runs(pipeline: Path, tmp_path: Path) -> None:
    lines = commands(pipeline)
    portal_lines = [line for line in lines if "portal" in line]
    assert portal_lines and all(line.startswith((".venv/bin/portal ci ", "make "))
                                for line in lines)
    server = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(server))
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "remote", "add", "origin", str(server))
    git(repo, "push", "-q", "origin", "main")
    git(repo, "fetch", "-q", "origin")
    git(repo, "switch", "-qc", "tin-moi")
    write_item(repo, "news/2026/tin-moi.vi.md", """
        title: Tin mới để kiểm tra
        date: 2026-11-20 09:00
        category: doi-ngoai-trong-tinh
        unit: hop-tac-quoc-te
        author: nguyen-thu-trang
        summary: Tin mới.
    """, " ".join(["Sở Ngoại vụ tiếp đoàn công tác của tỉnh bạn tại trụ sở."] * 12))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    for line in portal_lines:
        words = shlex.split(line.replace('"$PORTAL_DEPLOY"', str(tmp_path / "deploy")))
        words = [PORTAL, "--repo", str(repo), *words[1:]]
        done = subprocess.run(words, capture_output=True, text=True, cwd=repo, check=False)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    assert (tmp_path / "deploy" / "live" / "index.html").exists()
    assert "<testsuite" in (repo / "ci-junit.xml").read_text(encoding="utf-8")
