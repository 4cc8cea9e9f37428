"""The work of `portal check` (workflow/commands/check.py): the content rules over files on
disk or staged for a commit, `--fix` first, and the findings printed as text or JSON.

Apart from the command's parser, so that `portal` loads the rules only for this command: every
other command, a build with nothing to do among them, starts without them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plugins.core.atomic import write_text
from plugins.core.checks.engine import Checker
from plugins.core.checks.findings import Finding, Report
from plugins.core.checks.registry import RULES, rule_table
from plugins.core.checks.textfix import repair
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.errors import PortalError
from plugins.core.frontmatter import decode_text
from plugins.core.i18n import _, ngettext
from plugins.core.sources import MEDIA_DIR, SOURCE_SUFFIX
from workflow.staged import SYMLINK_MODE, StagedContent, staged_content


def _fix(checker: Checker, paths: list[Path] | None) -> dict[str, list[str]]:
    """Repair the selected files in place; {path: repairs applied}."""
    report = checker.run(paths)
    fixed: dict[str, list[str]] = {}
    for display in sorted({finding.path for finding in report.findings if finding.rule in
                           ("nfc", "legacy-encoding", "invisible-char")}):
        path = checker.repo_root / display
        text = path.read_text(encoding="utf-8")
        repaired, applied = repair(text)
        if applied:
            write_text(path, repaired)
            fixed[display] = applied
    return fixed


def _print_text(report: Report, strict: bool) -> None:
    for path, repairs in report.fixed.items():
        print(_("fixed {path}: {repairs}").format(path=path, repairs=", ".join(repairs)))
    for finding in report.findings:
        print(finding.as_line())
    errors, warnings = len(report.errors), len(report.warnings)
    summary = ngettext("{count} file checked", "{count} files checked",
                       report.files).format(count=report.files)
    print(_("{summary}: {errors} errors, {warnings} warnings.").format(
        summary=summary, errors=errors, warnings=warnings),
        file=sys.stderr if errors or (strict and warnings) else sys.stdout)


def _print_json(report: Report) -> None:
    json.dump({"files": report.files, "errors": len(report.errors),
               "warnings": len(report.warnings), "fixed": report.fixed,
               "findings": [finding.as_dict() for finding in report.findings]},
              sys.stdout, ensure_ascii=False, indent=2)
    print()


def _locate(path: Path, repo: Path) -> Path:
    """A path as typed: relative to the current folder, or else to the repository."""
    for candidate in (path, Path.cwd() / path, repo / path):
        if candidate.exists():
            return candidate.resolve()
    raise PortalError(_("'{path}' does not exist").format(path=path))


def _read_as_text(relpath: Path) -> bool:
    """Whether the checker reads this content file as text: the Markdown an editor writes, not
    media (checked as files) nor configuration (loaded from disk)."""
    return (relpath.suffix == SOURCE_SUFFIX and relpath.parts[0] not in (CONFIG_DIR, MEDIA_DIR)
            and not any(part.startswith(".") for part in relpath.parts))


def _decode(files: dict[Path, bytes]) -> tuple[dict[Path, str], dict[Path, PortalError]]:
    """(texts, undecodable): staged files decoded exactly as `portal check` decodes them on
    disk, so a file that is not UTF-8 is refused with the same line, never patched over."""
    texts: dict[Path, str] = {}
    undecodable: dict[Path, PortalError] = {}
    for relpath, data in files.items():
        if not _read_as_text(relpath):
            continue
        try:
            texts[relpath] = decode_text(data, relpath)
        except PortalError as error:
            undecodable[relpath] = error
    return texts, undecodable


def _encoding_finding(display: str, error: PortalError) -> Finding:
    """The finding the checker makes of the same error when it reads the file from disk."""
    return Finding(display, error.line or 0, RULES["encoding"][0], "encoding", error.message)


def _not_a_file(display: str, mode: str) -> Finding:
    """A staged link or submodule: its target is never read, whatever it points to."""
    if mode == SYMLINK_MODE:
        message = _("this is a symbolic link; links are never followed or published: put the "
                    "file itself here (git rm the link, then add the file)")
    else:
        message = _("this is a git submodule, not a file; content/ holds only files: remove "
                    "it (git rm --cached)")
    return Finding(display, 0, RULES["symlink"][0], "symlink", message)


def _check_staged(repo: Path, staged: StagedContent) -> Report:
    """The files the next commit adds or changes under content/, as the commit records them:
    text from git's index, links and submodules refused without being followed."""
    texts, undecodable = _decode(staged.files)
    checker = Checker(repo, texts=texts)
    refused = [_encoding_finding(checker.display(relpath), error)
               for relpath, error in undecodable.items()]
    refused += [_not_a_file(checker.display(relpath), mode)
                for relpath, mode in staged.others.items()]
    paths = [checker.content_dir / relpath for relpath in staged.files
             if relpath not in undecodable]
    report = checker.run(paths) if paths else Report()
    report.files += len(refused)
    report.findings = sorted(set(report.findings) | set(refused))
    return report


def _check_files(args: argparse.Namespace) -> Report:
    """The files on disk (default: all of content/), repaired first with --fix."""
    checker = Checker(args.repo)
    paths = [_locate(path, args.repo) for path in args.paths] or None
    fixed = _fix(checker, paths) if args.fix else {}
    if fixed:
        checker = Checker(args.repo)
    report = checker.run(paths)
    report.fixed = fixed
    return report


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        for info in rule_table():
            print(f"{info.id:20} {info.severity.value:8} {_(info.summary)}")
        return 0
    if args.staged:
        staged = staged_content(args.repo)
        if not staged.files and not staged.others:
            return 0
        report = _check_staged(args.repo, staged)
    else:
        report = _check_files(args)
    if args.format == "json":
        _print_json(report)
    else:
        _print_text(report, args.strict)
    failing = report.errors or (args.strict and report.warnings)
    return 1 if failing else 0
