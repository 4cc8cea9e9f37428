"""`portal submit`: check the topic branch, record the request form (003 Đ7.2), push it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from plugins.core.dates import today
from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date

if TYPE_CHECKING:
    from workflow.approval.submit import Form, Submitted
    from workflow.gitcmd import Git


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "submit", help=_("submit your topic branch for approval, with its request form"),
        description=_("Check the content your topic branch changes, record the request form "
                      "(items, unit, category, requested date) as a commit on it, push it to "
                      "the server and say who may approve it first."))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--requested", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("the date you ask the items to be published (default: none)"))
    parser.add_argument("--note", default=None, metavar=_("TEXT"),
                        help=_("a note to the approvers, kept in the request form"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _report(submitted: Submitted) -> None:
    for finding in submitted.warnings:
        print(finding.as_line())
    print(_("Submitted {branch} ({commit}): it waits at {stage}.").format(
        branch=submitted.branch, commit=submitted.commit[:12], stage=submitted.stage.branch))
    if not submitted.approvers:
        print(_("Nobody in the roster may approve it there today: tell the administrator."),
              file=sys.stderr)
        return
    print(_("Who may approve it there:"))
    for person in submitted.approvers:
        print(f"  {person.name} <{person.email}> ({person.id})")


def run(args: argparse.Namespace) -> int:
    from workflow.approval.submit import Form  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git  # noqa: PLC0415

    return submit_and_report(Git(args.repo), remote=args.remote,
                             form=Form(requested=args.requested, note=args.note))


def submit_and_report(git: Git, *, remote: str, form: Form | None = None) -> int:
    """Submit the checked-out topic and say where it waits; the exit status (1 with the
    findings or git's words when refused)."""
    from workflow.approval.submit import ContentRefusedError, submit  # noqa: PLC0415
    from workflow.gitcmd import GitError  # noqa: PLC0415

    try:
        submitted = submit(git, remote=remote, form=form, today=today())
    except ContentRefusedError as refusal:
        for finding in refusal.findings:
            print(finding.as_line(), file=sys.stderr)
        print(_("error: {problem}").format(problem=refusal), file=sys.stderr)
        return 1
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    _report(submitted)
    return 0
