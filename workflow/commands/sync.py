"""`portal sync [--remote origin]`: bring the stage branches up to date with main."""

from __future__ import annotations

import argparse
import sys

from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync", help=_("bring every stage branch up to date with main after publication"),
        description=_("Merge main into every stage branch that lacks its tip, with your "
                      "signature and a 'Sync: main' trailer, and push each merge."))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--no-push", action="store_true",
                        help=_("make the signed merges but do not push them"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.sync import sync  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        done = sync(Git(args.repo), remote=args.remote, push=not args.no_push)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    for synced in done:
        print(_("Brought {branch} up to date with main ({merge}).").format(
            branch=synced.branch, merge=synced.merge[:12]))
    if not done:
        print(_("Every stage branch already holds main."))
    return 0
