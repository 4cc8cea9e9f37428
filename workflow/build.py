"""Build the trilingual site: one Pelican run per language, side by side, swapped in atomically.

The runs write into a fresh sibling directory (`output.building/`); only when all three succeed
does it replace `output/`, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from plugins.core.agency import load_agency
from plugins.core.errors import PortalError
from plugins.core.index import build_index
from plugins.portal_deadlines import AS_OF_SETTING
from plugins.portal_site.incremental import PREVIOUS_OUTPUT_SETTING
from plugins.portal_site.settings import language_settings

PREVIEW_CONF = "pelicanconf.py"
PUBLISH_CONF = "publishconf.py"
CONTENT_DIR = "content"


@dataclass(frozen=True)
class RunRequest:
    """What one language run needs; plain data, so it crosses into the worker process."""

    repo: str
    conf: str
    lang: str
    publish: bool
    output: str
    as_of: str | None
    previous: str | None  # the live site, whose unchanged pages may be reused


@dataclass
class LanguageRun:
    lang: str
    seconds: float
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    output: Path
    runs: list[LanguageRun]
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [message for run in self.runs for message in run.warnings]

    @property
    def errors(self) -> list[str]:
        return [message for run in self.runs for message in run.errors]


class BuildError(Exception):
    """The site was not replaced; `problems` say why, in the editor's terms."""

    def __init__(self, problems: list[str], report: BuildReport | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.report = report


class _Collector(logging.Handler):
    """Keeps every warning and error a Pelican run logs, so the caller can judge the build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        portal_errors = [arg for arg in record.args or () if isinstance(arg, PortalError)]
        message = str(portal_errors[0]) if portal_errors else record.getMessage()
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


def _run_language(request: RunRequest) -> LanguageRun:
    """One Pelican run, in its own process; never raises, reports instead."""
    started = time.perf_counter()
    collector = _Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    root_logger.setLevel(logging.WARNING)
    try:
        agency = load_agency(Path(request.repo) / CONTENT_DIR)
        override = language_settings(agency, request.lang, publish=request.publish)
        override["OUTPUT_PATH"] = request.output
        override[AS_OF_SETTING] = request.as_of
        override[PREVIOUS_OUTPUT_SETTING] = request.previous
        settings = read_settings(str(Path(request.repo) / request.conf), override=override)
        Pelican(settings).run()
    except Exception as error:
        collector.errors.append(f"{type(error).__name__}: {error}")
    finally:
        root_logger.removeHandler(collector)
    return LanguageRun(lang=request.lang, seconds=time.perf_counter() - started,
                       warnings=collector.warnings, errors=collector.errors)


def _swap_in(built: Path, output: Path) -> None:
    """Replace `output` by `built` with renames, so readers see the old or the new site."""
    retired = output.with_name(output.name + ".old")
    if retired.exists():
        shutil.rmtree(retired)
    if output.exists():
        output.rename(retired)
    built.rename(output)
    if retired.exists():
        shutil.rmtree(retired)


def build_site(repo: Path, *, publish: bool = False, output: Path | None = None,
               jobs: int | None = None, as_of: dt.date | None = None) -> BuildReport:
    """Build every language of the site found in `repo` into `output` (default repo/output).

    `as_of` fixes the date deadline statuses are computed for (default: today).
    """
    started = time.perf_counter()
    repo = Path(repo).resolve()
    output = (output or repo / "output").resolve()
    content_dir = repo / CONTENT_DIR
    agency = load_agency(content_dir)
    index = build_index(content_dir, agency)
    if index.problems:
        raise BuildError([str(problem) for problem in index.problems])
    building = output.with_name(output.name + ".building")
    if building.exists():
        shutil.rmtree(building)
    building.mkdir(parents=True)
    conf = PUBLISH_CONF if publish else PREVIEW_CONF
    languages = list(agency.languages)
    workers = jobs or min(len(languages), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        requests = [RunRequest(repo=str(repo), conf=conf, lang=lang, publish=publish,
                               output=str(building), as_of=as_of.isoformat() if as_of else None,
                               previous=str(output) if output.exists() else None)
                    for lang in languages]
        futures = [pool.submit(_run_language, request) for request in requests]
        runs = [future.result() for future in futures]
    report = BuildReport(output=output, runs=runs, seconds=time.perf_counter() - started)
    if report.errors:
        shutil.rmtree(building, ignore_errors=True)
        raise BuildError(report.errors, report)
    _swap_in(building, output)
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["BuildError", "BuildReport", "PortalError", "build_site"]
