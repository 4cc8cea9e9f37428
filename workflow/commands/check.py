"""`portal check [PATH...]`: the content rules, without building; `--fix` repairs what is safe."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plugins.core.atomic import write_text
from plugins.core.checks.engine import Checker
from plugins.core.checks.findings import Report
from plugins.core.checks.registry import rule_table
from plugins.core.checks.textfix import repair
from plugins.core.errors import PortalError
from plugins.core.i18n import _, ngettext
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help=_("check content files against the rules, without building"),
        description=_("Check content files (default: all of content/). One line per finding: "
                      "path:line: error|warning [rule] message. Exit 1 when there is an error."))
    parser.add_argument("paths", nargs="*", type=Path, metavar=_("PATH"),
                        help=_("files or folders to check (default: content/)"))
    parser.add_argument("--fix", action="store_true",
                        help=_("repair what is safe to repair (NFC, legacy fonts, invisible "
                               "characters) in place, and report it"))
    parser.add_argument("--strict", action="store_true", help=_("warnings fail too"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("text (default) or json for CI"))
    parser.add_argument("--staged", action="store_true",
                        help=_("check the files staged for the next commit (git hook)"))
    parser.add_argument("--list-rules", action="store_true", help=_("list the rules and exit"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


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


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        for info in rule_table():
            print(f"{info.id:20} {info.severity.value:8} {_(info.summary)}")
        return 0
    texts = None
    if args.staged:
        from workflow.staged import staged_content  # noqa: PLC0415 - git only when asked

        texts = staged_content(args.repo)
    checker = Checker(args.repo, texts=texts)
    paths = [_locate(path, args.repo) for path in args.paths] or None
    if texts is not None:
        paths = [checker.content_dir / relpath for relpath in texts]
        if not paths:
            return 0
    fixed = _fix(checker, paths) if args.fix and texts is None else {}
    if fixed:
        checker = Checker(args.repo)
    report = checker.run(paths)
    report.fixed = fixed
    if args.format == "json":
        _print_json(report)
    else:
        _print_text(report, args.strict)
    failing = report.errors or (args.strict and report.warnings)
    return 1 if failing else 0
