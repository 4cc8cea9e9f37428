"""What the speed targets leave room for: `bench floors`.

`bench compare` says how far the build is from each target; this benchmark measures the work
that no build of this site can skip, so that a target below it shows as one no code can meet:

- a cold build: Hugo's (the edit target's yardstick); vanilla Pelican's three runs (the cold
  target's, which convert the same bodies with Pelican's default Markdown settings and write
  the pages any Pelican site writes) and one start-up of a run (a one-item site: templates
  compiled, theme and media copied); Python-Markdown with the reader's settings and nh3 over
  every body; Pagefind indexing every search document the build left, in one run and in the
  build's shards (the floor takes the cheaper). Pagefind is the search the site must have and
  vanilla Pelican does not build;
- an edited body and an added article: the HTML pages whose bytes change or which are new, by
  comparing the site before and after (a page removed is not counted), grouped by their first
  folder, and the documents Pagefind must index again (the shard of the item).

CPU time is what is compared: with C cores, a build can at best take its CPU time / C.
"""

from __future__ import annotations

import hashlib
import os
import re
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from pagefind.service import get_executable

from plugins.core import frontmatter
from plugins.core.checks.config import load_check_config
from plugins.core.checks.html_policy import sanitize
from plugins.core.searchpages import MIRROR_DIR, SEARCH_DIR
from workflow.benchcompare import (
    ARTICLE_PAGE,
    CHANGES,
    LANGS,
    SYSTEMS,
    Harness,
    Sites,
    cpu_of_children,
    make_sites,
)

COLD_TARGET = 0.6  # issue 14: a cold build within 0.6× vanilla Pelican's three runs
EDIT_TARGET = 0.5  # and an edit or an addition within 0.5× a cold Hugo build
MIRROR = Path(".cache") / MIRROR_DIR
START_UP_ITEMS = 1  # the site whose build is all start-up: templates, theme, media, one page
LANGUAGE_PREFIXES = ("english", "chinese")  # the first folder of the other languages' pages


def _markdown_cpu(repo: Path) -> tuple[int, float]:
    """Every body converted and sanitized as the reader does, one converter for the run:
    the count of bodies and the CPU seconds, in this process."""
    settings = runpy.run_path(str(repo / "pelicanconf.py"))
    markdown = Markdown(**settings["MARKDOWN"])
    config = load_check_config(repo / "content")
    bodies = [frontmatter.read(path).body
              for path in sorted((repo / "content" / "news").rglob("*.md"))]
    started = time.process_time()
    for body in bodies:
        sanitize(markdown.reset().convert(body), config)
    return len(bodies), time.process_time() - started


def _pagefind(folders: list[Path], output: Path) -> tuple[float, float]:
    """Wall and CPU seconds of Pagefind indexing each of `folders`, one after the other."""
    executable = get_executable()
    if executable is None:
        raise SystemExit("Pagefind is not installed: pip install -e .")
    before, started = cpu_of_children(), time.perf_counter()
    for folder in folders:
        subprocess.run([str(executable), "--site", str(folder), "--output-path",
                        str(output / folder.name), "--silent"], check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, cpu_of_children() - before


def _start_up(harness: Harness, small: Sites) -> float:
    """CPU seconds of vanilla Pelican's Vietnamese run over a one-item site: what each of its
    three runs pays besides the articles, and a build of all languages in one process pays
    once. Generous to the floor: part of it is the one item's own work."""
    harness.clean("pelican", small)
    before = cpu_of_children()
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "conf.py", "-o", "out",
                    "-q"], cwd=small.pelican / "vi", env=harness.env, check=True,
                   capture_output=True)
    return cpu_of_children() - before


def _pages(output: Path) -> dict[str, str]:
    """{page: digest of its bytes} for every HTML page of a built site but the index's."""
    pages = {}
    for folder, folders, names in os.walk(output):
        if Path(folder) == output:
            folders[:] = [name for name in folders if name != SEARCH_DIR]
        for name in names:
            if name.endswith(".html"):
                path = Path(folder, name)
                pages[path.relative_to(output).as_posix()] = hashlib.sha256(
                    path.read_bytes()).hexdigest()
    return pages


def _group(page: str) -> str:
    """An item page, or the first folder of a listing's address (its language's prefix too):
    `tin-tuc` for the section's listing, `chuyen-muc` for the categories'."""
    if ARTICLE_PAGE.search(page):
        return "item pages"
    parts = page.split("/")
    depth = 2 if parts[0] in LANGUAGE_PREFIXES else 1
    return "/".join(parts[:depth]) if len(parts) > depth else "top-level pages"


def _shard_of(repo: Path, stem: str) -> Path:
    """The folder of the search mirror holding the document of the item `stem` (Vietnamese)."""
    pattern = re.compile(rf"(?:^|/){re.escape(stem)}(?:/|\.html$)")
    for shard in sorted((repo / MIRROR).iterdir()):
        if shard.name.startswith("vi-") and any(
                pattern.search(path.relative_to(shard).as_posix())
                for path in shard.rglob("*.html")):
            return shard
    raise SystemExit(f"no search document of {stem} in {repo / MIRROR}")


@dataclass(frozen=True)
class ColdFloors:
    """Medians of a cold build's figures and of the work inside it no build can skip."""

    wall: dict[str, float]  # per system
    cpu: dict[str, float]
    start_up: float
    bodies: int
    markdown: float
    index: float  # Pagefind over every document, one run
    sharded: float  # the same documents in the build's shards
    shards: int

    def lines(self, cores: int) -> list[str]:
        pelican = self.wall["pelican"]
        index = min(self.index, self.sharded)  # the cheaper of the two ways measured
        least = self.cpu["pelican"] - (len(LANGS) - 1) * self.start_up + index
        bare = self.markdown + index
        return [
            "cold build",
            f"  project: wall {self.wall['project']:.2f} s, cpu {self.cpu['project']:.2f} s",
            f"  hugo: wall {self.wall['hugo']:.2f} s, so an edit or an addition within "
            f"{EDIT_TARGET} × that is {EDIT_TARGET * self.wall['hugo']:.2f} s",
            f"  vanilla pelican×3: wall {pelican:.2f} s, cpu {self.cpu['pelican']:.2f} s; "
            f"one run's start-up cpu {self.start_up:.2f} s",
            f"  markdown + nh3 of {self.bodies} bodies: cpu {self.markdown:.2f} s",
            f"  pagefind, every search document: cpu {self.index:.2f} s in one run, "
            f"{self.sharded:.2f} s in the build's {self.shards} shards",
            f"  the target, {COLD_TARGET} × vanilla's wall: {COLD_TARGET * pelican:.2f} s, so "
            f"at most {COLD_TARGET * pelican * cores:.2f} s of cpu on {cores} cores",
            f"  vanilla's work with one start-up, plus the cheaper index: cpu {least:.2f} s, "
            f"at best {least / cores:.2f} s = {least / cores / pelican:.2f} × vanilla",
            f"  markdown and the index alone: cpu {bare:.2f} s, at best {bare / cores:.2f} s = "
            f"{bare / cores / pelican:.2f} × vanilla"]


def measure_cold(harness: Harness, sites: Sites, small: Sites, scratch: Path,
                 repeats: int) -> ColdFloors:
    """Paired cold builds of the three systems, in an order that rotates, then the floors."""
    walls: dict[str, list[float]] = {system: [] for system in SYSTEMS}
    cpus: dict[str, list[float]] = {system: [] for system in SYSTEMS}
    for repeat in range(repeats):
        for system in SYSTEMS[repeat % 3:] + SYSTEMS[:repeat % 3]:
            harness.clean(system, sites)
            built = harness.build(system, sites)
            harness.check(system, sites, None)
            walls[system].append(built.seconds)
            cpus[system].append(built.cpu)
    converted = [_markdown_cpu(sites.repo) for _ in range(repeats)]
    mirror = sites.repo / MIRROR
    shards = sorted(folder for folder in mirror.iterdir() if folder.is_dir())
    return ColdFloors(
        wall={system: statistics.median(runs) for system, runs in walls.items()},
        cpu={system: statistics.median(runs) for system, runs in cpus.items()},
        start_up=statistics.median(_start_up(harness, small) for _ in range(repeats)),
        bodies=converted[0][0],
        markdown=statistics.median(seconds for _, seconds in converted),
        index=statistics.median(_pagefind([mirror], scratch / f"whole-{number}")[1]
                                for number in range(repeats)),
        sharded=statistics.median(_pagefind(shards, scratch / f"shards-{number}")[1]
                                  for number in range(repeats)),
        shards=len(shards))


def measure_change(harness: Harness, sites: Sites, scratch: Path, scenario: str,
                   repeats: int) -> list[str]:
    """One change built by the project after the last build: the pages it changed, by group,
    and what Pagefind takes to index its item's shard again."""
    before = _pages(sites.repo / "output")
    change = CHANGES[scenario](sites, 0)
    harness.build("project", sites)
    harness.check("project", sites, change)
    after = _pages(sites.repo / "output")
    changed = Counter(_group(page) for page, digest in after.items()
                      if before.get(page) != digest)
    listed = Counter(_group(page) for page in after)
    shard = _shard_of(sites.repo, change.stem)
    indexing = [_pagefind([shard], scratch / f"{scenario}-{number}")
                for number in range(repeats)]
    return [
        scenario,
        "  pages whose bytes changed or are new: " + ", ".join(
            f"{group} {count} of {listed[group]}" for group, count in changed.most_common()),
        f"  documents Pagefind indexes again (the shard {shard.name}): "
        f"{sum(1 for _ in shard.rglob('*.html'))}, "
        f"wall {statistics.median(wall for wall, _ in indexing):.2f} s, "
        f"cpu {statistics.median(cpu for _, cpu in indexing):.2f} s"]


def run(items: int, repeats: int) -> None:
    """Warm up on a one-item corpus, then measure and print the floors; figures are medians
    of `repeats` runs."""
    with tempfile.TemporaryDirectory(prefix="bench-floors-") as temporary:
        scratch = Path(temporary)
        harness = Harness(scratch)
        small = make_sites(scratch / "small", START_UP_ITEMS)
        for system in SYSTEMS:  # bytecode and disk caches, as `bench compare` warms up
            harness.build(system, small)
        sites = make_sites(scratch / "corpus", items)
        cores = len(os.sched_getaffinity(0))
        print(f"floors, {items} items ({sites.files} files: "
              + ", ".join(f"{lang} {sites.by_lang[lang]}" for lang in LANGS)
              + f"), {repeats} paired run{'s' if repeats != 1 else ''}, {cores} cores",
              flush=True)
        print("\n".join(measure_cold(harness, sites, small, scratch, repeats).lines(cores)),
              flush=True)
        for scenario in CHANGES:
            print("\n".join(measure_change(harness, sites, scratch, scenario, repeats)),
                  flush=True)
