"""`portal build`: the whole site, all languages, into `output/`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.core.i18n import _, ngettext
from workflow.cli_options import add_message_language, iso_moment


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build", help=_("build the whole site (vi, en, zh) into output/"),
        description=_("Build the Vietnamese, English and Chinese site into output/."))
    parser.add_argument("--publish", action="store_true",
                        help=_("public build: absolute addresses, feeds, no drafts"))
    parser.add_argument("--output", type=Path, default=None,
                        help=_("where to write the site (default: output/ in the repository)"))
    parser.add_argument("--strict", action="store_true",
                        help=_("fail when the build logs any warning"))
    parser.add_argument("--as-of", type=iso_moment, default=None,
                        metavar="YYYY-MM-DD[THH:MM]",
                        help=_("build for this moment, local time: which scheduled items are "
                               "public, and the deadline statuses of its date (default: now)"))
    parser.add_argument("--no-wait", action="store_true",
                        help=_("refuse at once when another build of the repository is running "
                               "(default: wait for it)"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _say_waiting() -> None:
    print(_("Another build of this repository is running; waiting for it to finish..."),
          file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    # Pelican loads here, not at start-up: `portal check` runs on every commit and must not
    # pay for it.
    from workflow.build import BuildError, build_site  # noqa: PLC0415

    try:
        report = build_site(args.repo, publish=args.publish, output=args.output,
                            as_of=args.as_of, wait=not args.no_wait, on_wait=_say_waiting)
    except BuildError as failure:
        for problem in failure.problems:
            print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        print(_("The site was not built; output/ is unchanged."), file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(_("warning: {problem}").format(problem=warning), file=sys.stderr)
    timings = ", ".join(f"{run.lang} {run.seconds:.1f} s" for run in report.runs)
    if report.unchanged:
        print(_("Nothing the site is made from has changed since the last build: {output} is "
                "up to date ({seconds:.1f} s).").format(output=report.output,
                                                        seconds=report.seconds))
    else:
        print(_("Site built in {output} ({seconds:.1f} s: {timings}).").format(
            output=report.output, seconds=report.seconds, timings=timings))
    if report.warnings:
        count = len(report.warnings)
        print(ngettext("{count} warning.", "{count} warnings.", count).format(count=count))
        if args.strict:
            return 1
    return 0
