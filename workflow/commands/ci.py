"""`portal ci publish` and `portal rollback`: the public site as atomic releases
(workflow/releases.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.core.dates import today
from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date, iso_moment


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ci", help=_("what continuous integration runs"),
                                   description=_("Commands the pipelines call."))
    add_message_language(parser)
    commands = parser.add_subparsers(dest="ci_command", metavar=_("COMMAND"),
                                     title=_("commands"), parser_class=type(parser))
    parser.set_defaults(handler=lambda args: _usage(parser))
    publish = commands.add_parser(
        "publish", help=_("build main as the public site into a new release and make it live"))
    _add_deploy(publish)
    publish.add_argument("--as-of", type=iso_moment, metavar="YYYY-MM-DDTHH:MM",
                         help=_("the moment to publish for (default: now): scheduled items "
                                "go public once it has passed"))
    publish.add_argument("--keep", type=int, default=5,
                         help=_("how many releases to keep for rollback (default: 5)"))
    publish.set_defaults(handler=_publish)

    preview = commands.add_parser(
        "preview", help=_("build a stage branch as approvers will see it, in its own folder"))
    preview.add_argument("branch", metavar=_("BRANCH"))
    preview.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"),
                         help=_("where previews go: <FOLDER>/<branch>/"))
    preview.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                         help=_("the day for deadlines and scheduled items (default: today)"))
    preview.set_defaults(handler=_preview)

    check = commands.add_parser(
        "check", help=_("what every push and pull request must pass: content rules, approval "
                        "rules, a build, the deadlines"))
    check.add_argument("--base", metavar="REF",
                       help=_("check only the content files changed since this ref"))
    check.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help=_("the day for deadlines and scheduled items (default: today)"))
    check.add_argument("--forge", action="store_true",
                       help=_("approvals are the forge's web merges (docs/forge.md)"))
    check.add_argument("--report", type=Path, metavar=_("FILE"),
                       help=_("write a JSON report here"))
    check.add_argument("--junit", type=Path, metavar=_("FILE"),
                       help=_("write JUnit XML here, for the CI's test view"))
    check.set_defaults(handler=_check)


def register_rollback(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rollback", help=_("make the previous release of the public site live again"))
    _add_deploy(parser)
    add_message_language(parser)
    parser.set_defaults(handler=_rollback)


def _add_deploy(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--deploy", type=Path, required=True, metavar=_("FOLDER"),
                        help=_("the deploy folder: releases/ and the 'live' link the web "
                               "server serves"))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _publish(args: argparse.Namespace) -> int:
    from workflow.build import BuildError  # noqa: PLC0415 - the build only when asked
    from workflow.releases import publish  # noqa: PLC0415

    try:
        done = publish(args.repo.resolve(), args.deploy.resolve(), moment=args.as_of,
                       keep=args.keep)
    except BuildError as failure:
        for problem in failure.problems:
            print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        print(_("Nothing was published; the live site is unchanged."), file=sys.stderr)
        return 1
    if done.new:
        print(_("published release {name} (commit {commit})").format(
            name=done.release.name, commit=done.release.commit[:12]))
    else:
        print(_("release {name} is live already: nothing has changed").format(
            name=done.release.name))
    return 0


def _preview(args: argparse.Namespace) -> int:
    from workflow.build import BuildError  # noqa: PLC0415
    from workflow.previews import preview  # noqa: PLC0415

    try:
        folder = preview(args.repo.resolve(), args.branch, args.out.resolve(), as_of=args.as_of)
    except BuildError as failure:
        for problem in failure.problems:
            print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        return 1
    print(_("preview of {branch} in {folder}").format(branch=args.branch, folder=folder))
    return 0


def _check(args: argparse.Namespace) -> int:
    from workflow.ci_check import run_checks, write_json, write_junit  # noqa: PLC0415

    steps = run_checks(args.repo.resolve(), base=args.base, as_of=args.as_of or today(),
                       forge=args.forge)
    for step in steps:
        print(f"{'ok  ' if step.ok else 'FAIL'} {step.name} ({step.seconds:.1f} s)")
        for line in [*step.problems, *step.notes][:50]:
            print(f"     {line}")
    if args.report:
        write_json(args.report, steps)
    if args.junit:
        write_junit(args.junit, steps)
    return 0 if all(step.ok for step in steps) else 1


def _rollback(args: argparse.Namespace) -> int:
    from workflow.releases import rollback  # noqa: PLC0415

    release = rollback(args.deploy.resolve())
    print(_("release {name} (commit {commit}) is live again").format(
        name=release.name, commit=release.commit[:12]))
    return 0
