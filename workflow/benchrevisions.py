"""The build at this checkout against an earlier revision, change by change: `bench revisions`.

`bench compare` measures the project against other tools, a few runs per scenario; on this
machine its medians move by about 10% from one session to the next, so a change that saves a
tenth of an edit does not show in it. This benchmark answers the narrower question "is the
build faster or lighter than at revision X?": the earlier revision is checked out in a git
worktree of its own, both copies build the same corpus, and each change (an edited body or an
added article, as in `bench compare`) is built by one and then the other, in alternating order,
so that the machine's drift falls on both. It prints the medians and their ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from workflow import buildkey
from workflow.bench import ROOT, use_code_of
from workflow.benchcompare import (
    AS_OF,
    CHANGES,
    MIB,
    BuildFailed,
    Harness,
    PeakMemory,
    Run,
    Sites,
    cpu_of_children,
    make_sites,
)

SCENARIOS = {"edit": "edit one body", "add": "add one article"}
STDERR_TAIL = 20


@dataclass(frozen=True)
class Checkout:
    """One revision of the project's code and the copy of the corpus it builds."""

    label: str
    code: Path
    sites: Sites
    pycache: Path

    def build(self) -> Run:
        """`portal build` of this revision, as its own process, like `bench compare`'s."""
        environment = {key: value for key, value in os.environ.items()
                       if key != "PYTHONDONTWRITEBYTECODE"}
        environment["PYTHONPATH"] = str(self.code)  # ahead of the installed project
        environment["PYTHONPYCACHEPREFIX"] = str(self.pycache)
        repo = self.sites.repo
        before = cpu_of_children()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "workflow.cli", "--repo", str(repo),
                                    "build", "--as-of", AS_OF], cwd=repo, env=environment,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   errors="replace")
        memory = PeakMemory(process.pid)
        memory.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - started
        peak = memory.stop()
        cpu = cpu_of_children() - before
        if process.returncode != 0:
            tail = "\n".join((stderr or stdout).splitlines()[-STDERR_TAIL:])
            raise BuildFailed(f"{self.label} failed (exit {process.returncode}):\n{tail}")
        return Run(seconds, cpu, peak)


def _worktree(revision: str, into: Path) -> str:
    """Check `revision` out at `into`; its short name."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                    str(into), revision], check=True)
    return subprocess.run(["git", "-C", str(into), "rev-parse", "--short", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def run(against: str, items: int, runs: int, change: str) -> None:
    """Lay out the corpus, build it twice with each revision, then `runs` paired changes."""
    scenario = SCENARIOS[change]
    with tempfile.TemporaryDirectory(prefix="bench-revisions-") as temporary:
        scratch = Path(temporary)
        earlier = scratch / "earlier"
        try:
            name = _worktree(against, earlier)
            corpus = make_sites(scratch / "corpus", items)
            checkouts = [Checkout(f"this checkout ({_short_head()})", ROOT,
                                  corpus.copy(scratch / "this"), scratch / "pycache-this"),
                         Checkout(name, earlier, corpus.copy(scratch / "that"),
                                  scratch / "pycache-that")]
            use_code_of(earlier, checkouts[1].sites.repo)
            for checkout in checkouts:  # a built site, then its standby, as `bench compare`
                checkout.build()
                buildkey.forget(checkout.sites.repo / ".cache")
                checkout.build()
            measured: dict[str, list[Run]] = {checkout.label: [] for checkout in checkouts}
            for number in range(runs):
                for checkout in checkouts[number % 2:] + checkouts[:number % 2]:
                    made = CHANGES[scenario](checkout.sites, number)
                    result = checkout.build()
                    Harness.check("project", checkout.sites, made)
                    measured[checkout.label].append(result)
                    print(f"  {scenario} {number + 1}/{runs}: {checkout.label} "
                          f"{result.seconds:.2f} s, {result.peak / MIB:.0f} MiB",
                          file=sys.stderr, flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(earlier)], check=False, capture_output=True)
    _report(scenario, items, runs, measured)


def _short_head() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def _report(scenario: str, items: int, runs: int, measured: dict[str, list[Run]]) -> None:
    print(f"revisions, {scenario}, {items} items, {runs} paired runs, "
          f"{len(os.sched_getaffinity(0))} cores")
    medians = {}
    for label, results in measured.items():
        medians[label] = (statistics.median(run.seconds for run in results),
                          statistics.median(run.cpu for run in results),
                          statistics.median(run.peak for run in results) / MIB)
        seconds, cpu, peak = medians[label]
        each = " ".join(f"{run.seconds:.2f}" for run in results)
        print(f"  {label}: {seconds:.2f} s (runs {each}), cpu {cpu:.2f} s, "
              f"peak memory {peak:.0f} MiB")
    this, that = medians.values()
    print(f"  this / earlier: time {this[0] / that[0]:.2f}, cpu {this[1] / that[1]:.2f}, "
          f"peak memory {this[2] / that[2]:.2f}")
