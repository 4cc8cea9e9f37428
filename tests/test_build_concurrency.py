"""Builds that meet or die: two at once, one refused, and builds killed at random moments.

Whatever happens, the live `output/` is the previous site or the next one, whole; the next
build succeeds; and no worker process outlives the build that started it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import NEWS_FRONT_MATTER, make_repo, snapshot, write_item
from workflow.locking import build_lock
from workflow.standby import standby_of

pytestmark = pytest.mark.slow

AS_OF = "2026-11-20"
KILLS = 6


def _item(repo: Path, number: int) -> None:
    write_item(repo, f"news/2026/ban-tin-{number}.vi.md", NEWS_FRONT_MATTER.format(
        title=f"Bản tin số {number}", date=f"2026-10-{number % 28 + 1:02d} 09:00"))


def _portal(repo: Path, marker: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PORTAL_TEST_RUN": marker}
    return subprocess.Popen(
        [sys.executable, "-m", "workflow.cli", "--repo", str(repo), "build", "--as-of", AS_OF,
         *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _processes_marked(marker: str) -> list[int]:
    """Processes whose environment carries `marker`: the build and every worker it forked."""
    needle = f"PORTAL_TEST_RUN={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_until_gone(marker: str, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _processes_marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _building_trees_left(repo: Path) -> list[str]:
    """Trees of builds beside the site (the standby the last build retired, which the next
    one writes into, has a name of its own: workflow/standby.py)."""
    assert not standby_of(repo / "output").name.startswith("output.")
    return [path.name for path in repo.iterdir() if path.name.startswith("output.")]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    for number in range(1, 31):
        _item(repo, number)
    return repo


def test_two_builds_at_once_both_finish_whole(repo: Path) -> None:
    marker = uuid.uuid4().hex
    first, second = _portal(repo, marker), _portal(repo, marker)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert any("đang chạy" in err or "waiting" in err for _out, err in results)
    output = repo / "output"
    assert all((output / "tin-tuc" / f"ban-tin-{n}" / "index.html").exists() for n in (1, 30))
    assert _building_trees_left(repo) == []
    assert _wait_until_gone(marker) == []


def test_a_build_that_must_not_wait_is_refused_with_a_message(repo: Path) -> None:
    marker = uuid.uuid4().hex
    with build_lock(repo, wait=False):
        refused = _portal(repo, marker, "--no-wait")
        _out, err = refused.communicate(timeout=60)
    assert refused.returncode == 1
    assert "đang chạy" in err and "Traceback" not in err
    assert not (repo / "output").exists()


def test_builds_killed_at_random_moments_leave_a_whole_site(repo: Path) -> None:
    marker = uuid.uuid4().hex
    assert _portal(repo, marker).wait(timeout=300) == 0
    before = snapshot(repo / "output")
    _item(repo, 99)
    chance = random.Random(20261129)
    seen = []
    for _kill in range(KILLS):
        build = _portal(repo, marker)
        time.sleep(chance.uniform(0.05, 2.5))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        seen.append(snapshot(repo / "output"))
    finished = _portal(repo, marker)
    _out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    after = snapshot(repo / "output")
    assert before != after
    assert all(state in (before, after) for state in seen), "a killed build left a mixed site"
    assert _wait_until_gone(marker) == [], "a worker outlived its build"
    assert _building_trees_left(repo) == []
