"""Run every rule over a set of content files: the one rule set behind `portal check` and
the build's checks plugin."""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.checks import rules  # noqa: F401 - registers the file rules
from plugins.core.checks.cache import FindingsCache
from plugins.core.checks.config import load_check_config
from plugins.core.checks.context import FileContext
from plugins.core.checks.findings import Finding, Report
from plugins.core.checks.registry import FILE_RULES, RULES
from plugins.core.checks.rules.links import media_file_findings
from plugins.core.contenttree import SYMLINK_RULE, walk
from plugins.core.deadlines import load_profile
from plugins.core.errors import PortalError
from plugins.core.fingerprints import digest
from plugins.core.i18n import _
from plugins.core.index import ContentIndex, build_index
from plugins.core.parsecache import STORE as PARSED
from plugins.core.reportsconfig import load_reports
from plugins.core.roster import load_roster, load_workflow
from plugins.core.sources import MEDIA_DIR, NAME_PATTERN, classify, original_path
from plugins.core.urls import all_site_paths
from plugins.core.workdays import load_calendar

CONTENT_DIR = "content"
PARALLEL_THRESHOLD = 1000  # below this, starting worker processes costs more than it saves
CHUNKS_PER_WORKER = 4
_FORKED: dict[str, Checker] = {}


def _check_chunk(chunk: list[Path]) -> tuple[list[Finding], dict[Path, Any], dict[str, Any]]:
    """In a forked worker: the chunk's findings, and what the parent keeps of the work (the
    cache entries and the parsed front matter), which would otherwise die with the worker."""
    checker = _FORKED["checker"]
    findings = [finding for relpath in chunk for finding in checker.check_file(relpath)]
    entries = checker.cache.take_new() if checker.cache is not None else {}
    return findings, entries, PARSED.take_new()


def error_finding(error: PortalError, display: str) -> Finding:
    rule = error.rule or "front-matter"
    return Finding(display, error.line or 0, RULES[rule][0], rule, error.message)


def _under(relpath: Path, folders: list[Path]) -> bool:
    return any(folder == Path(".") or relpath == folder or folder in relpath.parents
               for folder in folders)


def _targets_in(content_dir: Path, targets: Iterable[Path] | None) -> list[Path] | None:
    """The targets as paths relative to `content_dir` (None: everything); a target outside
    `content_dir` selects nothing. Links are not resolved: a link is checked as a link."""
    if targets is None:
        return None
    base = os.path.abspath(content_dir)
    selected = []
    for target in targets:
        relative = os.path.relpath(os.path.abspath(target), base)
        if relative != ".." and not relative.startswith(".." + os.sep):
            selected.append(Path(relative))
    return selected


def _selected(content_dir: Path, index: ContentIndex,
              folders: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """(Markdown files, media files) to check, relative to `content_dir`."""
    sources = list(index.scanned)
    media = [MEDIA_DIR / relpath for relpath in walk(content_dir / MEDIA_DIR).files]
    if folders is None:
        return sources, media
    return ([p for p in sources if _under(p, folders)],
            [p for p in media if _under(p, folders)])


class Checker:
    """Checks files of one repository, sharing the index and configuration between files."""

    def __init__(self, repo_root: Path, texts: dict[Path, str] | None = None,
                 cache: FindingsCache | None = None, index: ContentIndex | None = None) -> None:
        self.repo_root = Path(repo_root).resolve()
        self.content_dir = self.repo_root / CONTENT_DIR
        if self.content_dir.is_symlink():
            raise PortalError(_("'{path}' must be a real folder, not a link").format(
                path=self.content_dir))
        self.agency = load_agency(self.content_dir)
        load_profile(self.content_dir)  # every configuration file is checked, not only the
        load_calendar(self.content_dir)  # two the rules read: a commit may change any of them
        load_workflow(self.content_dir)
        load_roster(self.content_dir)
        load_reports(self.content_dir)
        self.config = load_check_config(self.content_dir)
        self.index: ContentIndex = index or build_index(self.content_dir, self.agency)
        self.site_paths = all_site_paths(self.agency, self.index)
        self.texts = texts or {}
        self.cache = cache

    def display(self, relpath: Path) -> str:
        """The path as an editor sees it from the repository root."""
        return f"{CONTENT_DIR}/{relpath.as_posix()}"

    def _parse(self, relpath: Path) -> tuple[str, frontmatter.Document]:
        """Text and front matter of a file: staged text when given, else the file on disk."""
        if relpath in self.texts:
            text = self.texts[relpath]
            return text, frontmatter.parse(text, relpath)
        return frontmatter.load(self.content_dir / relpath)

    def _original(self, relpath: Path) -> frontmatter.Document | None:
        original = original_path(relpath, self.agency.source_language)
        if original is None:
            return None
        try:
            return self._parse(original)[1]
        except (OSError, PortalError):
            return None

    def check_file(self, relpath: Path) -> list[Finding]:
        """Every finding of one file (from the cache when neither it nor its original, the
        configuration or the rules have changed, nor, if its rules looked at other files, the
        set of files and which of them are published). A check of staged texts is never
        cached: the cache keys files as they are on disk."""
        if self.cache is None or self.texts:
            return self._check_file(relpath)[0]
        try:
            key = self._content_key(relpath)
        except (OSError, PortalError):
            return self._check_file(relpath)[0]
        findings = self.cache.get(relpath, key, lambda: self.tree_state)
        if findings is None:
            findings, consulted_tree = self._check_file(relpath)
            try:  # filed under the bytes just checked, not those the build read before
                key = self._content_key(relpath, as_read=False)
            except (OSError, PortalError):
                return findings
            self.cache.put(relpath, key, findings, self.tree_state if consulted_tree else None)
        return findings

    @functools.cached_property
    def tree_state(self) -> str:
        """What the rest of the tree can tell a file's rules: which files exist, and which
        versions are published (a link to a draft)."""
        index = self.index
        return digest(
            "\n".join(path.as_posix() for path in index.scanned).encode(),
            repr(sorted((section, stem, lang, index.is_published(section, stem, lang))
                        for (section, stem), versions in index.items.items()
                        for lang in versions)).encode())

    def _content_key(self, relpath: Path, *, as_read: bool = True) -> str:
        """What a file's findings depend on of the files themselves: its bytes, and its
        original's if it has one. `as_read`: each by the digest the index kept when the build
        read every file for its key, so that a language run does not read them all again to
        find its cached findings; otherwise as the file is now, read again, to file findings
        just made under the bytes they were made from, had the file changed since."""
        paths = [relpath]
        original = original_path(relpath, self.agency.source_language)
        if original not in (None, relpath) and (self.content_dir / original).exists():
            paths.append(original)
        return FindingsCache.content_key([self.index.source_digest(path, as_read=as_read)
                                          for path in paths])

    def _check_file(self, relpath: Path) -> tuple[list[Finding], bool]:
        """The findings, and whether the rules looked at other files to reach them."""
        display = self.display(relpath)
        try:
            text, document = self._parse(relpath)
        except PortalError as error:
            return [error_finding(error, display)], False
        except OSError as error:
            return [Finding(display, 0, RULES["encoding"][0], "encoding", str(error))], False
        try:
            name = classify(relpath, self.agency)
        except PortalError:
            name = None  # reported once, from the index
        context = FileContext(
            display=display, relpath=relpath, tree_root=self.content_dir, text=text,
            document=document, name=name, agency=self.agency, config=self.config,
            tree_index=self.index, tree_paths=self.site_paths,
            original=lambda: self._original(relpath))
        findings = [finding for rule in FILE_RULES for finding in rule(context)]
        return findings, context.consulted_tree

    def _check_all(self, sources: list[Path], parallel: bool) -> list[Finding]:
        """Check `sources`; many files to check are split over the CPU cores (forked workers
        inherit this checker, its index and configuration, so nothing is loaded twice). Files
        whose findings the cache holds are taken from it first: after an edit, a fork of
        workers for two thousand answers already known cost a process per core."""
        workers = os.cpu_count() or 1
        if not parallel or workers < 2 or len(sources) < PARALLEL_THRESHOLD:
            return [finding for relpath in sources for finding in self.check_file(relpath)]
        known, sources = self._cached(sources)
        if len(sources) < PARALLEL_THRESHOLD:
            return known + [finding for relpath in sources
                            for finding in self.check_file(relpath)]
        size = -(-len(sources) // (workers * CHUNKS_PER_WORKER))
        chunks = [sources[start:start + size] for start in range(0, len(sources), size)]
        if self.cache is not None:
            _ = self.tree_state  # once, before the fork, rather than once in every worker
        _FORKED["checker"] = self
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_check_chunk, chunks)
        finally:
            _FORKED.clear()
        for _findings, entries, parsed in results:
            if self.cache is not None:
                self.cache.merge(entries)
            PARSED.merge(parsed)
        return known + [finding for findings, _entries, _parsed in results
                        for finding in findings]

    def _cached(self, sources: list[Path]) -> tuple[list[Finding], list[Path]]:
        """The findings the cache holds for `sources`, and the files it holds none for."""
        if self.cache is None or self.texts:
            return [], sources
        known: list[Finding] = []
        unknown = []
        for relpath in sources:
            try:
                key = self._content_key(relpath)
            except (OSError, PortalError):
                unknown.append(relpath)
                continue
            findings = self.cache.get(relpath, key, lambda: self.tree_state)
            if findings is None:
                unknown.append(relpath)
            else:
                known.extend(findings)
        return known, unknown

    def run(self, targets: Iterable[Path] | None = None,
            languages: Iterable[str] | None = None, *, parallel: bool = True) -> Report:
        folders = _targets_in(self.content_dir, targets)
        sources, media = _selected(self.content_dir, self.index, folders)
        if languages is not None:
            wanted = set(languages)
            sources = [p for p in sources if (m := NAME_PATTERN.match(p.name)) and
                       m["lang"] in wanted]
        report = Report(files=len(sources) + len(media))
        chosen = set(sources)
        for problem in self.index.problems:
            if problem.path in chosen or (problem.rule == SYMLINK_RULE and (
                    folders is None or _under(Path(problem.path or ""), folders))):
                report.findings.append(error_finding(problem, self.display(problem.path)))
        report.findings.extend(self._check_all(sources, parallel))
        for relpath in media:
            report.findings.extend(media_file_findings(self.content_dir / relpath,
                                                       self.display(relpath), self.config))
        report.findings = report.sorted()
        return report

