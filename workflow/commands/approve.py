"""`portal approve TOPIC`: approve a submission into its next stage, as a signed merge."""

from __future__ import annotations

import argparse
import sys

from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "approve", help=_("approve a submission: a signed merge into its next stage"),
        description=_("Check that you may approve the topic branch at its next stage, merge it "
                      "there with your signature and the approval trailers, and push it."))
    parser.add_argument("topic", metavar=_("TOPIC"),
                        help=_("the topic branch of the submission (e.g. origin/tin-hoi-nghi)"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--urgent", metavar=_("REASON"), default=None,
                        help=_("publish or take down at once, past the chain (000 Đ19.4): only "
                               "the chief or whoever acts as chief; someone else reviews it "
                               "afterwards with 'portal review'"))
    parser.add_argument("--grade", metavar=_("CODE"), default=None,
                        help=_("record this royalty grade of reports.yaml on the approval "
                               "(003 Đ12.2): only in a role reports.yaml lets grade, usually "
                               "the deputy chief of the editorial board"))
    parser.add_argument("--no-push", action="store_true",
                        help=_("make the signed merge but do not push it"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.approve import approve  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        result = approve(Git(args.repo), args.topic, remote=args.remote, push=not args.no_push,
                         urgent=args.urgent, grade=args.grade)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    print(_("Approved into {stage} ({merge}).").format(stage=result.stage.branch,
                                                        merge=result.merge[:12]))
    return 0
