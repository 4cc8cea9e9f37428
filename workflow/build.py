"""Build the trilingual site: one Pelican run per language, side by side, swapped in atomically.

The runs write into a sibling directory (`output.building-XXXX/`: the tree the last build
retired, workflow/standby.py, or a fresh one); only when all three succeed is it exchanged with
`output/` in one step, so a failed or killed build never leaves a half-written site behind. A
lock keeps two builds of one repository from meeting. The retired tree's files are removed by
one of the runs' processes while the runs read the content, before any of them writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import importlib
import io
import logging
import multiprocessing
import os
import shutil
import stat
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core.agency import load_agency
from plugins.core.atomic import regular_file_bytes, write_text
from plugins.core.contenttree import walk
from plugins.core.dates import AGENCY_TIMEZONE, now, parse_local
from plugins.core.errors import PortalError
from plugins.core.i18n import _, current_language, set_language
from plugins.core.index import ContentIndex, build_index
from plugins.core.parsecache import STORE as PARSED
from plugins.core.runsettings import (
    AS_OF_SETTING,
    BUILD_INDEX_SETTING,
    MAKING_SETTING,
    MOMENT_SETTING,
    OUTPUT_READY_SETTING,
    PREVIOUS_OUTPUT_SETTING,
    READ_PROCESSES_SETTING,
    RENDER_PROCESSES_SETTING,
    SEARCH_MIRROR_SETTING,
    STANDBY_PAGES_FILE,
    run_cache,
)
from plugins.core.searchpages import MANIFEST_FILE as SEARCH_MANIFEST
from plugins.core.searchpages import MIRROR_DIR, prepare_mirror
from plugins.core.workers import Gate, die_with_parent, frozen_heap
from workflow import buildkey
from workflow.locking import build_lock
from workflow.pelican_messages import BUILD_LOG, retell
from workflow.privatecache import remove_strays
from workflow.standby import claim, empty, kept_pages, retire, sweep
from workflow.swap import exchange

if TYPE_CHECKING:
    from workflow.search_index import SearchIndex

PREVIEW_CONF = "pelicanconf.py"
PUBLISH_CONF = "publishconf.py"
CONTENT_DIR = "content"
THEME_DIR = "theme"
CACHE_DIR = ".cache"
BUILDING = ".building-"
OUR_LOGGERS = ("plugins.",)
PELICAN_FAILED_FILE = "Could not process %s"
PARSED_FILE = "frontmatter.pickle"  # parsed front matter, beside Pelican's cache of the run
# In a run's cache folder: the making key (workflow/buildkey.making_key) of the code and
# settings that wrote Pelican's content cache beside it, which Pelican does not record
MAKING_FILE = "making.key"
WORKER: dict[str, Any] = {}  # in a language run's process: what the build handed it
FORK = multiprocessing.get_context("fork")  # the runs inherit the build's index and gate


@dataclass(frozen=True)
class RunRequest:
    """What one language run needs; plain data, so it crosses into the worker process."""

    repo: str
    conf: str
    lang: str
    publish: bool
    output: str
    as_of: str | None  # the date deadlines are computed for, when fixed
    moment: str  # the moment the build publishes for (scheduled items)
    previous: str | None  # the live site, whose unchanged pages may be reused
    message_language: str
    making: str  # how the site is made (workflow/buildkey.making_key)
    processes: int = 1  # 2: the run forks to read and render on a second core
    search_mirror: str | None = None  # where the run leaves its pages' search documents


@dataclass
class LanguageRun:
    lang: str
    seconds: float
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # for the build log, not for editors


@dataclass
class BuildReport:
    output: Path
    runs: list[LanguageRun]
    seconds: float
    search: SearchIndex | None = None  # written once every language run has succeeded
    unchanged: bool = False  # nothing the site is made from changed: the live site was kept

    @property
    def warnings(self) -> list[str]:
        """Each warning once (a problem of a shared file is seen by every language run)."""
        return list(dict.fromkeys(message for run in self.runs for message in run.warnings))

    @property
    def errors(self) -> list[str]:
        return list(dict.fromkeys(message for run in self.runs for message in run.errors))


class BuildError(Exception):
    """The site was not replaced; `problems` say why, in the editor's terms."""

    def __init__(self, problems: list[str], report: BuildReport | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.report = report


class _Collector(logging.Handler):
    """Keeps every warning and error a Pelican run logs, in the editor's language.

    Our plugins log lines already written for editors; a reader refusal carries a PortalError.
    Pelican's own lines are English and sometimes cryptic: known ones are retold
    (`pelican_messages.py`), unknown ones become one translated line while their text goes to
    the build log for a maintainer. In a preview a refused file is a warning: the rest builds.
    """

    def __init__(self, publish: bool) -> None:
        super().__init__(level=logging.WARNING)
        self.publish = publish
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.details: list[str] = []
        self.refused: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        portal_errors = [arg for arg in record.args or () if isinstance(arg, PortalError)]
        is_error = record.levelno >= logging.ERROR
        if portal_errors:
            message = str(portal_errors[0])
            self.refused.add(str(portal_errors[0].path).removeprefix(CONTENT_DIR + "/"))
            is_error = is_error and self.publish
        elif record.msg == PELICAN_FAILED_FILE and str(record.args[0]) in self.refused:
            return  # the reader has said why, in the line before
        elif record.name.startswith(OUR_LOGGERS):
            message = record.getMessage()
        else:
            message = retell(record)
            self.details.append(f"{record.name}: {record.getMessage()}")
        (self.errors if is_error else self.warnings).append(message)


def _run_language(request: RunRequest) -> LanguageRun:
    """One Pelican run, in its own process; never raises, reports instead."""
    started = time.perf_counter()
    set_language(request.message_language)
    collector = _Collector(request.publish)
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    root_logger.setLevel(logging.WARNING)
    try:
        from pelican import Pelican  # noqa: PLC0415 - loaded by _load_pelican before the fork
        from pelican.settings import read_settings  # noqa: PLC0415

        from plugins.portal_site.settings import language_settings  # noqa: PLC0415

        agency = load_agency(Path(request.repo) / CONTENT_DIR)
        cache = Path(request.repo) / run_cache(request.lang)
        override = language_settings(agency, request.lang, publish=request.publish)
        override[MAKING_SETTING] = request.making
        override["OUTPUT_PATH"] = request.output
        override[AS_OF_SETTING] = request.as_of
        override[MOMENT_SETTING] = request.moment
        override[PREVIOUS_OUTPUT_SETTING] = request.previous
        override[READ_PROCESSES_SETTING] = override[RENDER_PROCESSES_SETTING] = request.processes
        override[SEARCH_MIRROR_SETTING] = request.search_mirror
        override[BUILD_INDEX_SETTING] = WORKER.get("index")
        override[OUTPUT_READY_SETTING] = WORKER.get("ready")
        settings = read_settings(str(Path(request.repo) / request.conf), override=override)
        settings["CACHE_CONTENT"] = True
        settings["LOAD_CONTENT_CACHE"] = _made_by(cache, request.making)
        PARSED.open(cache / PARSED_FILE, request.making)
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's English "Done: ..." line
            Pelican(settings).run()
        PARSED.save()
        _stamp(cache, request.making)
    except PortalError as error:
        collector.errors.append(str(error))
    except Exception as error:
        collector.errors.append(_("the {lang} build stopped on an unexpected error ({kind}); "
                                  "the details are in {log}").format(
            lang=request.lang, kind=type(error).__name__, log=BUILD_LOG))
        collector.details.append(traceback.format_exc())
    finally:
        root_logger.removeHandler(collector)
    return LanguageRun(lang=request.lang, seconds=time.perf_counter() - started,
                       warnings=collector.warnings, errors=collector.errors,
                       details=collector.details)


def _made_by(cache: Path, making: str) -> bool:
    """Whether the content cache in the run's `cache` folder was written by the code and
    settings `making` names. When it was not, Pelican must not load it, and its stamp goes
    now: Pelican rewrites the cache before the run can fail, and a stamp left from before
    would vouch for it if the settings went back."""
    if regular_file_bytes(cache / MAKING_FILE) == making.encode():
        return True
    with contextlib.suppress(OSError):
        (cache / MAKING_FILE).unlink()
    return False


def _stamp(cache: Path, making: str) -> None:
    """Say which making key wrote the run's content cache; when that cannot be written, the
    next run reads every file again, nothing worse."""
    with contextlib.suppress(OSError):
        write_text(cache / MAKING_FILE, making, durable=False)


def _confined_output(repo: Path, output: Path | None) -> Path:
    """Where the site goes: never the repository itself, nor inside what the build reads."""
    target = (output or repo / "output").absolute()
    if target in repo.parents:
        raise BuildError([_("'{path}' cannot receive the site: choose a folder outside "
                            "content/, theme/ and .git/").format(path=target)])
    for folder in (repo, repo / CONTENT_DIR, repo / THEME_DIR, repo / ".git"):
        if target == folder or (folder in target.parents and folder != repo):
            raise BuildError([_("'{path}' cannot receive the site: choose a folder outside "
                                "content/, theme/ and .git/").format(path=target)])
    if target.is_symlink():
        raise BuildError([_("'{path}' is a symbolic link; give the real folder").format(
            path=target)])
    return target


def _check_repository(repo: Path) -> None:
    """What the build reads besides content/ is refused when it leads elsewhere: the theme
    (its templates and the static files copied into the site), the settings files (Python,
    run by Pelican), the build's own folder .cache/ when there is one (its lock, its caches).
    A commit can hold a link as easily as a file."""
    cache = repo / CACHE_DIR
    for folder in (repo / CONTENT_DIR, repo / THEME_DIR,
                   *([cache] if os.path.lexists(cache) else [])):
        if folder.is_symlink() or not folder.is_dir():
            raise BuildError([_("'{path}' must be a real folder, not a link").format(
                path=folder)])
    refused = walk(repo / THEME_DIR, base=repo).refused
    if refused:
        raise BuildError([str(refusal) for refusal in refused])
    for name in (PREVIEW_CONF, PUBLISH_CONF):
        with contextlib.suppress(FileNotFoundError):  # Pelican says so if it needs the file
            if not stat.S_ISREG(os.lstat(repo / name).st_mode):  # a link, a pipe, a folder
                raise BuildError([_("'{path}' must be a real file, not a link").format(
                    path=repo / name)])


def build_site(repo: Path, *, publish: bool = False, output: Path | None = None,
               jobs: int | None = None, as_of: dt.date | dt.datetime | None = None,
               wait: bool = True, on_wait: Callable[[], None] | None = None,
               previous: Path | None = None) -> BuildReport:
    """Build every language of the site found in `repo` into `output` (default repo/output).

    `as_of` fixes the build's moment: which scheduled items are public (a date means 00:00 of
    that day, local time), and by its date the deadline statuses (default: now, today). One
    build at a time per repository: another build waits for the lock (`on_wait` is told), or
    with `wait=False` is refused. Nothing is written into `output` until every run succeeded;
    then the new tree is exchanged with it in one step. Unchanged pages are taken from
    `previous` (default: `output` itself), the live site a new release folder replaces.
    """
    started = time.perf_counter()
    repo = Path(repo).resolve()
    _check_repository(repo)
    output = _confined_output(repo, output)
    with build_lock(repo, wait=wait, on_wait=on_wait):
        _remove_leftovers(output)
        report = _build_locked(repo, publish, output, jobs, as_of, previous=
                               previous or (output if output.is_dir() else None))
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(repo: Path, publish: bool, output: Path, jobs: int | None,
                  as_of: dt.date | dt.datetime | None, *, previous: Path | None) -> BuildReport:
    started = time.perf_counter()
    content_dir = repo / CONTENT_DIR
    agency = load_agency(content_dir)
    index = build_index(content_dir, agency)
    if publish and index.problems:
        from plugins.core.checks.engine import error_finding  # noqa: PLC0415 - rare

        raise BuildError([error_finding(problem, f"{CONTENT_DIR}/{Path(problem.path or '')}")
                          .as_line() for problem in index.problems])
    conf = PUBLISH_CONF if publish else PREVIEW_CONF
    languages = list(agency.languages)
    workers = jobs or min(len(languages), os.cpu_count() or 1)
    moment = parse_local(as_of) if as_of is not None else now()
    cache = repo / CACHE_DIR
    remove_strays(cache, pruned_elsewhere=MIRROR_DIR)
    making = buildkey.making_key(repo)
    PARSED.open(cache / PARSED_FILE, making)
    key = buildkey.inputs_key(repo, index, making=making, publish=publish, output=output,
                              deadline_date=_deadline_date(moment), moment=moment)
    PARSED.save()
    kept = buildkey.unchanged(cache, key, output) if output.is_dir() else None
    if kept is not None:
        runs = [LanguageRun(lang=lang, seconds=0.0, warnings=warnings)
                for lang, warnings in kept.warnings.items()]
        return BuildReport(output=output, runs=runs, seconds=time.perf_counter() - started,
                           unchanged=True)
    buildkey.forget(cache)
    _load_pelican()
    manifests = [repo / run_cache(lang) / SEARCH_MANIFEST for lang in languages]
    mirror = prepare_mirror(cache, manifests)
    output.parent.mkdir(parents=True, exist_ok=True)
    building, retired_files = claim(output, prefix=output.name + BUILDING)
    try:
        requests = [RunRequest(repo=str(repo), conf=conf, lang=lang, publish=publish,
                               output=str(building),
                               as_of=_deadline_date(moment) if as_of else None,
                               moment=moment.isoformat(),
                               previous=str(previous) if previous else None,
                               message_language=current_language(), making=making,
                               processes=_processes(lang, agency.source_language, workers),
                               search_mirror=str(mirror))
                    for lang in languages]
        keep = kept_pages([repo / run_cache(lang) / STANDBY_PAGES_FILE for lang in languages]
                          ) if retired_files else None
        runs = _run_languages(requests, workers, index, empty_first=keep)
        report = BuildReport(output=output, runs=runs, seconds=time.perf_counter() - started)
        _write_log(repo, report)
        if report.errors:
            raise BuildError(report.errors, report)
        sweep(building)
        from workflow.search_index import write_search_index  # noqa: PLC0415 - see _load_pelican

        report.search = write_search_index(building, cache=repo / CACHE_DIR,
                                           previous=previous, mirror=mirror,
                                           manifests=manifests)
        replacing = output.is_dir()
        exchange(building, output)
        buildkey.record(cache, key, output, {run.lang: run.warnings for run in runs})
        if replacing:
            retire(building, output)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return report


def _run_languages(requests: list[RunRequest], workers: int, index: ContentIndex, *,
                   empty_first: dict[str, tuple[int, int, int]] | None) -> list[LanguageRun]:
    """The language runs, `workers` at a time; when the tree holds the retired site's files,
    one process removes them first, but the pages `empty_first` names, while the others start
    reading (`_empty_tree`)."""
    ready = Gate(FORK)
    with frozen_heap(), ProcessPoolExecutor(max_workers=workers, mp_context=FORK,
                                            initializer=_start_worker,
                                            initargs=(os.getpid(), index, ready)) as pool:
        emptied = (None if empty_first is None else
                   pool.submit(_empty_tree, requests[0].output, empty_first))
        if emptied is None:
            ready.open(ready=True)
        runs = list(pool.map(_run_language, requests))
        if emptied is not None and (problem := emptied.result()) is not None:
            raise BuildError([problem])
    return runs


def _start_worker(parent: int, index: ContentIndex, ready: Gate) -> None:
    """A language run's process: it dies with the build, and is handed the build's index,
    which has read every version's state, and the gate its writer waits at (both passed on
    by the fork, not pickled)."""
    die_with_parent(parent)
    WORKER["index"] = index
    WORKER["ready"] = ready


def _empty_tree(tree: str, keep: dict[str, tuple[int, int, int]]) -> str | None:
    """Submitted before the runs, so the first free process takes it while the others read:
    the retired site's files removed from the build's tree, but the pages in `keep`
    (workflow/standby.py). The runs' writers are let go whatever happened, told whether they
    may write. What went wrong, if anything."""
    emptied = False
    try:
        empty(Path(tree), keep)
        emptied = True
    except OSError as error:
        return _("the folder '{path}' could not be prepared for the site ({reason}); check "
                 "that this user may write there").format(path=tree, reason=error.strerror)
    finally:
        WORKER["ready"].open(ready=emptied)
    return None


def _load_pelican() -> None:
    """Pelican, the plugins and the indexer, loaded once the build knows it has work to do,
    and before the language runs' workers fork, so that each inherits them: a build with
    nothing changed is over before this, in a fraction of a second."""
    for module in ("pelican", "pelican.settings", "plugins.portal_site", "plugins.portal_reader",
                   "plugins.portal_checks", "plugins.portal_deadlines", "workflow.search_index"):
        importlib.import_module(module)


def _processes(lang: str, source_language: str, workers: int) -> int:
    """The source-language run has every item, the others a share: on two cores or more it
    reads and renders half its files in a fork while the other runs share the second core."""
    return 2 if lang == source_language and workers >= 2 else 1


def _deadline_date(moment: dt.datetime) -> str:
    """Deadlines count whole working days: the local date of the build's moment."""
    return moment.astimezone(AGENCY_TIMEZONE).date().isoformat()


def _write_log(repo: Path, report: BuildReport) -> None:
    details = [detail for run in report.runs for detail in run.details]
    if details:
        write_text(repo / BUILD_LOG, "\n".join(details) + "\n")


def _remove_leftovers(output: Path) -> None:
    """Trees a killed build left behind; the lock says no build is using them now."""
    for leftover in output.parent.glob(glob.escape(output.name) + BUILDING + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


__all__ = ["BuildError", "BuildReport", "PortalError", "build_site"]
