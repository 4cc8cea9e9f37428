"""`portal reject TOPIC --reason TEXT`: send a submission back to its author, taking it out of
every stage it had reached."""

from __future__ import annotations

import argparse
import sys

from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reject", help=_("reject a submission with a reason; it goes back to its author"),
        description=_("As the reviewer where the submission waits, record why it is rejected "
                      "(a signed commit on the topic) and take it out of every stage it had "
                      "reached, keeping their history. The author sees the reason in "
                      "'portal status'."))
    parser.add_argument("topic", metavar=_("TOPIC"),
                        help=_("the topic branch of the submission (e.g. origin/tin-hoi-nghi)"))
    parser.add_argument("--reason", required=True,
                        help=_("why it is rejected: what the author must change"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--no-push", action="store_true",
                        help=_("make the signed commits but do not push them"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.reject import reject  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        result = reject(Git(args.repo), args.topic, reason=args.reason, remote=args.remote,
                        push=not args.no_push)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    print(_("Rejected {topic} at {stage} ({commit}).").format(
        topic=result.topic, stage=result.waiting.branch, commit=result.commit[:12]))
    if result.removed_from:
        print(_("Taken out of: {stages}.").format(stages=", ".join(result.removed_from)))
    print(_("The author reworks it with: git switch {topic} && git pull && git revert --no-edit "
            "HEAD, then edits and runs portal submit.").format(topic=result.topic))
    return 0
