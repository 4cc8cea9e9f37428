"""`portal review MERGE`: the retrospective review of an urgent publication or takedown."""

from __future__ import annotations

import argparse
import sys

from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help=_("review an urgent publication or takedown afterwards"),
        description=_("Sign the review tag of an urgent decision on main (000 Đ19.4). Only the "
                      "reviewers workflow.yaml names, and never the person who made the "
                      "decision. 'portal status' lists the decisions waiting for one."))
    parser.add_argument("merge", metavar=_("MERGE"),
                        help=_("the urgent merge on main, as 'portal status' shows it"))
    parser.add_argument("--note", default="", help=_("what the review found (one line)"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--no-push", action="store_true",
                        help=_("make the signed tag but do not push it"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.review import make_review  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        name = make_review(Git(args.repo), args.merge, remote=args.remote,
                           push=not args.no_push, note=args.note)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    print(_("Reviewed: {tag}.").format(tag=name))
    return 0
