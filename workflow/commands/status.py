"""`portal status`: every open submission of the server, its stage, who acts next, since when."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from plugins.core.dates import today
from plugins.core.i18n import _, current_language
from workflow.cli_options import add_message_language, iso_date
from workflow.tables import print_table

if TYPE_CHECKING:
    import datetime as dt

    from plugins.core.roster import Stage
    from workflow.approval.review import UrgentDecision
    from workflow.approval.status import OpenSubmission


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status", help=_("open submissions: their stage, who approves next, since when"),
        description=_("Fetch the server and list every submission not yet published: the stage "
                      "it has reached, the next stage and who may approve there, and how many "
                      "working days it has waited, overdue against the stage's limit."))
    parser.add_argument("--mine", action="store_true",
                        help=_("only submissions you wrote or may approve next (git config "
                               "user.email)"))
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("count working days and eligibility on this date (default: "
                               "today)"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("text (default) or json for CI"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _title(stage: Stage | None) -> str:
    """The stage as workflow.yaml names it in the reader's language."""
    if stage is None:
        return _("not yet reviewed")
    if isinstance(stage.title, str):
        return stage.title
    return stage.title.get(current_language()) or stage.title.get("vi") or stage.branch


def _stage_json(stage: Stage | None) -> dict[str, Any] | None:
    if stage is None:
        return None
    return {"branch": stage.branch, "title": _title(stage), "review_days": stage.review_days}


def _as_json(submissions: list[OpenSubmission], urgent: list[UrgentDecision], as_of: dt.date,
             remote: str) -> str:
    return json.dumps({
        "as_of": as_of.isoformat(), "remote": remote,
        "submissions": [{
            "topic": item.topic, "commit": item.commit, "items": list(item.items),
            "authors": list(item.authors), "reached": _stage_json(item.reached),
            "next": _stage_json(item.next),
            "approvers": [{"id": person.id, "name": person.name, "email": person.email}
                          for person in item.approvers],
            "since": item.since.isoformat(), "working_days": item.working_days,
            "overdue": item.overdue,
            "rejected": _rejected_json(item)} for item in submissions],
        "urgent_awaiting_review": [{
            "merge": decision.merge.id, "person": decision.person, "reason": decision.reason,
            "items": list(decision.items), "since": decision.when.isoformat(),
            "working_days": decision.working_days, "overdue": decision.overdue}
            for decision in urgent]}, ensure_ascii=False, indent=2)


def _rejected_json(item: OpenSubmission) -> dict[str, str] | None:
    if item.rejected is None:
        return None
    return {"by": item.rejected.by, "name": item.rejected.name, "reason": item.rejected.reason,
            "stage": item.rejected.stage, "commit": item.rejected.commit}


def _waited(item: OpenSubmission) -> str:
    if item.overdue:
        return _("{days} (overdue: limit {limit})").format(days=item.working_days,
                                                           limit=item.next.review_days)
    return str(item.working_days)


def _waits_for(item: OpenSubmission) -> str:
    if item.rejected is None:
        return _title(item.next)
    return _("its author: rejected by {name} ({reason})").format(name=item.rejected.name,
                                                                reason=item.rejected.reason)


def _who(item: OpenSubmission) -> str:
    if item.rejected is not None:
        return ", ".join(item.authors) or "-"
    return ", ".join(person.name for person in item.approvers) or _("nobody")


def _print_urgent(urgent: list[UrgentDecision]) -> None:
    """Urgent decisions waiting for their review: listed until someone else reviews them."""
    if not urgent:
        return
    headers = (_("urgent decision"), _("items"), _("made by"), _("reason"), _("since"),
               _("working days"))
    lines = [(decision.merge.id[:12], ", ".join(decision.items) or "-", decision.person,
              decision.reason, decision.when.strftime("%Y-%m-%d %H:%M"),
              str(decision.working_days)) for decision in urgent]
    print_table(_("Urgent decisions awaiting review (portal review MERGE)"), headers, lines,
                ["bold red" if decision.overdue else None for decision in urgent])


def _print_table(submissions: list[OpenSubmission], as_of: dt.date) -> None:
    """A coloured table on a terminal; tab-separated lines, never cut, when piped."""
    title = _("Open submissions on {date}").format(date=as_of.isoformat())
    if not submissions:
        print(_("No open submission on {date}.").format(date=as_of.isoformat()))
        return
    headers = (_("topic"), _("items"), _("reached"), _("waits for"), _("who may approve"),
               _("since"), _("working days"))
    lines = [(item.topic, ", ".join(item.items) or "-", _title(item.reached), _waits_for(item),
              _who(item), item.since.strftime("%Y-%m-%d %H:%M"), _waited(item))
             for item in submissions]
    print_table(title, headers, lines,
                ["bold red" if item.overdue else None for item in submissions])


def run(args: argparse.Namespace) -> int:
    from workflow.approval.status import (  # noqa: PLC0415 - git code only when asked
        awaiting_review,
        concerns,
        open_submissions,
    )
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    as_of = args.as_of or today()
    git = Git(args.repo)
    try:
        git.run("fetch", "--quiet", "--prune", args.remote)
        submissions = open_submissions(git, args.remote, as_of=as_of)
        urgent = awaiting_review(git, args.remote, as_of=as_of)
        if args.mine:
            email = git.run("config", "user.email").strip()
            submissions = [item for item in submissions if concerns(item, email)]
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    if args.format == "json":
        print(_as_json(submissions, urgent, as_of, args.remote))
    else:
        _print_table(submissions, as_of)
        _print_urgent(urgent)
    return 0
