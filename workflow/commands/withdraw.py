"""`portal withdraw PATH --reason TEXT`: withdraw a published item through the chain; its page
becomes a notice with the date and the reason in each language."""

from __future__ import annotations

import argparse
import sys

from plugins.core.dates import today
from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "withdraw", help=_("withdraw a published item: a submission that turns its page into "
                           "a notice"),
        description=_("Start the branch go-bo/<item> from the published main, mark every "
                      "language file of the item withdrawn with the date and the reason, and "
                      "submit it. Once approved, the item's address shows a notice instead of "
                      "its text and the item leaves every listing. When it cannot wait, the "
                      "chief publishes it with 'portal approve --urgent'."))
    parser.add_argument("path", metavar=_("PATH"),
                        help=_("the item's file under content/ (any of its languages)"))
    parser.add_argument("--reason", required=True, help=_("why, in Vietnamese"))
    parser.add_argument("--reason-en", default="", help=_("why, in English"))
    parser.add_argument("--reason-zh", default="", help=_("why, in Chinese"))
    parser.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("the date the notice gives (default: today)"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--no-submit", action="store_true",
                        help=_("prepare the branch and commit, but do not submit it"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.withdraw import withdraw  # noqa: PLC0415 - git code when asked
    from workflow.commands.submit import submit_and_report  # noqa: PLC0415
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    git = Git(args.repo)
    reasons = {"vi": args.reason, "en": args.reason_en, "zh": args.reason_zh}
    try:
        done = withdraw(git, args.path, reasons=reasons, day=args.date or today(),
                        remote=args.remote)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    for lang in done.untranslated:
        print(_("warning: no reason given in '{lang}': its notice gives the Vietnamese reason "
                "until a translator replaces it").format(lang=lang), file=sys.stderr)
    print(_("Marked withdrawn on {branch}: {paths}").format(branch=done.branch,
                                                           paths=", ".join(done.paths)))
    return 0 if args.no_submit else submit_and_report(git, remote=args.remote)
