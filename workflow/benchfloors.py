"""What the speed targets leave room for: `bench floors`.

`bench compare` says how far the build is from each target; this benchmark measures the work
that no build of this site can skip, so that a target below it shows as one no code can meet:

- a cold build: Hugo's (the edit target's yardstick); vanilla Pelican's three runs (the cold
  target's, which convert the same Markdown and write the pages any Pelican site writes) and
  one start-up of it (an empty site); Python-Markdown with the reader's settings and nh3 over
  every body; Pagefind indexing every search document the build left, in one run and in the
  build's shards. Pagefind is the search the site must have and vanilla Pelican does not build;
- an edited body and an added article: the pages whose bytes change, by comparing the site
  before and after, and the documents Pagefind must index again (the shard of the item).

CPU time is what is compared: with C cores, a build can at best take its CPU time / C.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown import Markdown
from pagefind.service import get_executable

from plugins.core.checks.config import load_check_config
from plugins.core.checks.html_policy import sanitize
from plugins.core.searchpages import SEARCH_DIR
from workflow.benchcompare import (
    ARTICLE_PAGE,
    CHANGES,
    LANGS,
    PELICAN_CONF,
    SYSTEMS,
    Harness,
    make_sites,
)

COLD_TARGET = 0.6  # issue 14: a cold build within 0.6× vanilla Pelican's three runs
EDIT_TARGET = 0.5  # and an edit or an addition within 0.5× a cold Hugo build
MIRROR = Path(".cache") / "search-pages"


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _markdown_cpu(repo: Path) -> tuple[int, float]:
    """Every body converted and sanitized as the reader does, one converter for the run:
    the count of bodies and the CPU seconds, in this process."""
    settings = runpy.run_path(str(repo / "pelicanconf.py"))
    markdown = Markdown(**settings["MARKDOWN"])
    config = load_check_config(repo / "content")
    bodies = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
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
    before, started = _cpu_of_children(), time.perf_counter()
    for folder in folders:
        subprocess.run([str(executable), "--site", str(folder), "--output-path",
                        str(output / folder.name), "--silent"], check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, _cpu_of_children() - before


def _vanilla_start_up(harness: Harness, root: Path) -> float:
    """CPU seconds of one vanilla Pelican run over an empty site: what each of its three runs
    pays before the first article, and a build of all languages in one process pays once."""
    (root / "content").mkdir(parents=True)
    (root / "conf.py").write_text(PELICAN_CONF.format(lang="vi"), encoding="utf-8")
    before = _cpu_of_children()
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "conf.py", "-o", "out",
                    "-q"], cwd=root, env=harness.env, check=True, capture_output=True)
    return _cpu_of_children() - before


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


def _changed(before: dict[str, str], after: dict[str, str]) -> tuple[int, int, int]:
    """Item pages changed or new, other pages changed or new, other pages in all."""
    changed = [page for page, digest in after.items() if before.get(page) != digest]
    items = sum(1 for page in changed if ARTICLE_PAGE.search(page))
    others = sum(1 for page in after if not ARTICLE_PAGE.search(page))
    return items, len(changed) - items, others


def _shard_of(repo: Path, stem: str) -> Path:
    """The folder of the search mirror holding the document of the item `stem` (Vietnamese)."""
    pattern = re.compile(rf"{re.escape(stem)}(?!\d)")
    for shard in sorted((repo / MIRROR).iterdir()):
        if shard.name.startswith("vi-") and any(pattern.search(path.as_posix())
                                                for path in shard.rglob("*.html")):
            return shard
    raise SystemExit(f"no search document of {stem} in {repo / MIRROR}")


def _median(values: list[float]) -> float:
    return statistics.median(values)


def run(items: int, repeats: int) -> None:
    """Measure and print the floors; figures are medians of `repeats` runs."""
    with tempfile.TemporaryDirectory(prefix="bench-floors-") as temporary:
        scratch = Path(temporary)
        harness = Harness(scratch)
        sites = make_sites(scratch / "corpus", items)
        cores = len(os.sched_getaffinity(0))
        print(f"floors, {items} items ({sites.files} files: "
              + ", ".join(f"{lang} {sites.by_lang[lang]}" for lang in LANGS)
              + f"), {repeats} paired run{'s' if repeats != 1 else ''}, {cores} cores", flush=True)
        walls: dict[str, list[float]] = {system: [] for system in SYSTEMS}
        cpus: dict[str, list[float]] = {system: [] for system in SYSTEMS}
        for _ in range(repeats):
            for system in SYSTEMS:
                harness.clean(system, sites)
                built = harness.build(system, sites)
                harness.check(system, sites, None)
                walls[system].append(built.seconds)
                cpus[system].append(built.cpu)
        start_up = _median([_vanilla_start_up(harness, scratch / f"empty-{number}")
                            for number in range(repeats)])
        bodies, markdown = 0, []
        for _ in range(repeats):
            bodies, seconds = _markdown_cpu(sites.repo)
            markdown.append(seconds)
        mirror = sites.repo / MIRROR
        shards = sorted(folder for folder in mirror.iterdir() if folder.is_dir())
        whole = _median([_pagefind([mirror], scratch / f"whole-{number}")[1]
                         for number in range(repeats)])
        sharded = _median([_pagefind(shards, scratch / f"shards-{number}")[1]
                           for number in range(repeats)])
        pelican_wall, pelican_cpu = _median(walls["pelican"]), _median(cpus["pelican"])
        budget = COLD_TARGET * pelican_wall * cores
        least = pelican_cpu - (len(LANGS) - 1) * start_up + whole
        bare = _median(markdown) + whole
        print("cold build")
        print(f"  project: wall {_median(walls['project']):.2f} s, "
              f"cpu {_median(cpus['project']):.2f} s")
        print(f"  hugo: wall {_median(walls['hugo']):.2f} s, so an edit or an addition within "
              f"{EDIT_TARGET} × that is {EDIT_TARGET * _median(walls['hugo']):.2f} s")
        print(f"  vanilla pelican×3: wall {pelican_wall:.2f} s, cpu {pelican_cpu:.2f} s; "
              f"one run's start-up cpu {start_up:.2f} s")
        print(f"  markdown + nh3 of {bodies} bodies (vanilla converts them too): "
              f"cpu {_median(markdown):.2f} s")
        print(f"  pagefind, every search document: cpu {whole:.2f} s in one run, "
              f"{sharded:.2f} s in the build's {len(shards)} shards")
        print(f"  the target, {COLD_TARGET} × vanilla's wall: {COLD_TARGET * pelican_wall:.2f} s,"
              f" so at most {budget:.2f} s of cpu on {cores} cores")
        print(f"  vanilla's work with one start-up, plus the index: cpu {least:.2f} s, at best "
              f"{least / cores:.2f} s = {least / cores / pelican_wall:.2f} × vanilla")
        print(f"  markdown and the index alone: cpu {bare:.2f} s, at best {bare / cores:.2f} s"
              f" = {bare / cores / pelican_wall:.2f} × vanilla", flush=True)
        for label, scenario in (("an edited body", "edit one body"),
                                ("an added article, the newest", "add one article")):
            before = _pages(sites.repo / "output")
            change = CHANGES[scenario](sites, 0)
            harness.build("project", sites)
            harness.check("project", sites, change)
            items_changed, others_changed, others = _changed(before, _pages(sites.repo /
                                                                              "output"))
            shard = _shard_of(sites.repo, change.stem)
            documents = sum(1 for _ in shard.rglob("*.html"))
            indexing = [_pagefind([shard], scratch / f"{scenario}-{number}")
                        for number in range(repeats)]
            print(label)
            print(f"  pages whose bytes changed or are new: item pages {items_changed}; "
                  f"other pages (listings, keywords, home) {others_changed} of {others}")
            print(f"  documents Pagefind indexes again (the shard {shard.name}): {documents}, "
                  f"wall {_median([wall for wall, _ in indexing]):.2f} s, "
                  f"cpu {_median([cpu for _, cpu in indexing]):.2f} s", flush=True)
