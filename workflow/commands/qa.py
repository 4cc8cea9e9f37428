"""`portal qa`: the Q&A desk. The intake service, questions that arrive as files, routing,
notices, answers and the list of what is open (003 Đ9.7; 004 Đ12)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from plugins.core.dates import AGENCY_TIMEZONE, now, today
from plugins.core.errors import PortalError
from plugins.core.i18n import _, ngettext
from workflow.cli_options import add_message_language, iso_date, iso_moment

DEFAULT_PORT = 8765
STATUS_STYLE = {"overdue": "bold red", "open": "yellow", "late": "dim red", "met": "green"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "qa", help=_("the Q&A desk: intake service, routing, notices, answers"),
        description=_("Receive questions from citizens and answer them within the legal time. "
                      "Personal data stays in the private store; the public question file in "
                      "content/questions/ holds only what may be published."))
    add_message_language(parser)
    commands = parser.add_subparsers(dest="qa_command", metavar=_("COMMAND"),
                                     title=_("commands"), parser_class=type(parser))
    parser.set_defaults(handler=lambda args: _usage(parser))

    serve = commands.add_parser("serve", help=_("run the intake service the forms post to"))
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default: 127.0.0.1, behind nginx)"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=_("port (default: {port})").format(port=DEFAULT_PORT))
    serve.add_argument("--workers", type=int, default=1,
                       help=_("worker processes (default: 1; one per core under load)"))
    serve.set_defaults(handler=_serve)

    receive = commands.add_parser(
        "receive", help=_("receive questions that came as a JSON file or an e-mail (.eml)"))
    receive.add_argument("files", nargs="+", type=Path, metavar=_("FILE"))
    _add_moment(receive, _("when it arrived, if the file does not say (default: now)"))
    receive.set_defaults(handler=_receive)

    forward = commands.add_parser(
        "forward", help=_("forward a question to the competent unit and write its public file"))
    forward.add_argument("reference", metavar="REF")
    forward.add_argument("unit", metavar=_("UNIT"))
    forward.add_argument("--title", help=_("the headline of the public file"))
    forward.add_argument("--topic", help=_("correct the topic the asker chose"))
    _add_moment(forward, _("when it was forwarded (default: now)"))
    forward.set_defaults(handler=_forward)

    scope = commands.add_parser(
        "out-of-scope", help=_("answer at once that the question is outside the section"))
    scope.add_argument("reference", metavar="REF")
    scope.add_argument("--reason", required=True, help=_("why, in the asker's language"))
    _add_moment(scope, _("when the notice was sent (default: now)"))
    scope.set_defaults(handler=_out_of_scope)

    notice = commands.add_parser(
        "notice", help=_("send a processing notice with the date the answer will come by"))
    notice.add_argument("reference", metavar="REF")
    notice.add_argument("--reply-by", type=iso_date, required=True, metavar="YYYY-MM-DD",
                        help=_("the date the answer is promised by: its new deadline"))
    notice.add_argument("--reason", required=True, help=_("why more time is needed"))
    _add_moment(notice, _("when the notice was sent (default: now)"))
    notice.set_defaults(handler=_notice)

    answer = commands.add_parser("answer", help=_("record the unit leader's answer"))
    answer.add_argument("reference", metavar="REF")
    answer.add_argument("--from", dest="source", type=Path, required=True, metavar=_("FILE"),
                        help=_("Markdown answer with answered_by and citations in its front "
                               "matter"))
    answer.add_argument("--no-publish", action="store_true",
                        help=_("answer the asker only; keep the public file a draft"))
    _add_moment(answer, _("when the answer was sent (default: now)"))
    answer.set_defaults(handler=_answer)

    listing = commands.add_parser("list", help=_("questions and where they stand"))
    listing.add_argument("--overdue", action="store_true", help=_("only overdue questions"))
    listing.add_argument("--unit", help=_("only questions forwarded to this unit"))
    listing.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                         help=_("the day to judge deadlines on (default: today)"))
    listing.add_argument("--format", choices=("text", "json"), default="text",
                         help=_("text (default) or json"))
    listing.set_defaults(handler=_list)

    _register_drafts(commands)

    send = commands.add_parser("send", help=_("send the letters still waiting in the outbox"))
    send.set_defaults(handler=_send)


def _register_drafts(commands: argparse._SubParsersAction) -> None:
    """The commands about comments on drafts for public comment (003 Đ6.5)."""
    consultation = commands.add_parser(
        "consultation", help=_("after a draft's comment period: record how many comments came"))
    consultation.add_argument("stem", metavar=_("DRAFT"),
                              help=_("the draft's file name in content/documents/, without "
                                     ".vi.md"))
    _add_moment(consultation, _("the moment to judge the comment period at (default: now)"))
    consultation.set_defaults(handler=_consultation)

    comments = commands.add_parser(
        "comments", help=_("the comments on a draft, with who wrote them, for the drafting "
                           "unit (personal data: keep the file private)"))
    comments.add_argument("stem", metavar=_("DRAFT"),
                          help=_("the draft's file name in content/documents/, without "
                                 ".vi.md"))
    comments.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                          help=_("a CSV file to write them to, owner-only (0600)"))
    comments.set_defaults(handler=_comments)


def _add_moment(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--at", type=iso_moment, metavar="YYYY-MM-DDTHH:MM", help=help_text)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _desk(args: argparse.Namespace) -> Any:
    from workflow.qa.desk import open_desk  # noqa: PLC0415 - the store only when asked

    return open_desk(args.repo.resolve())


def _moment(args: argparse.Namespace) -> dt.datetime:
    return args.at or now()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - the server only when asked

    from workflow.qa.service import REPOSITORY_VARIABLE  # noqa: PLC0415

    _desk(args)  # configuration and store are checked before the server starts
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    print(_("Q&A intake on http://{host}:{port}/ (Ctrl+C stops it)").format(
        host=args.host, port=args.port), file=sys.stderr)
    os.environ[REPOSITORY_VARIABLE] = str(args.repo.resolve())
    uvicorn.run("workflow.qa.service:app_from_environment", factory=True, host=args.host,
                port=args.port, workers=args.workers, access_log=False,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                server_header=False, log_level="warning")
    return 0


def _receive(args: argparse.Namespace) -> int:
    from plugins.core.i18n import using_language  # noqa: PLC0415
    from plugins.core.intake import judge, language_of  # noqa: PLC0415
    from workflow.qa.arrivals import read_arrival  # noqa: PLC0415
    from workflow.qa.reception import receive  # noqa: PLC0415

    desk = _desk(args)
    refused = 0
    for path in args.files:
        try:
            arrival = read_arrival(path, _moment(args))
        except PortalError as error:
            print(_("error: {problem}").format(problem=error), file=sys.stderr)
            refused += 1
            continue
        judgement = judge(arrival.fields, desk.agency, desk.config.complaint_terms)
        if judgement.complaint:
            print(_("{path}: refused: a complaint or denunciation is not a question; nothing "
                    "was stored. Send the writer the address of the citizen reception.")
                  .format(path=path), file=sys.stderr)
            refused += 1
            continue
        if judgement.submission is None:
            for problem in judgement.problems:
                print(f"{path}: {problem.field}: {problem.message}", file=sys.stderr)
            if judgement.robot:
                print(_("{path}: refused: the hidden field 'website' is filled in").format(
                    path=path), file=sys.stderr)
            refused += 1
            continue
        received = arrival.received or _moment(args)
        try:
            with using_language(language_of(arrival.fields)):
                receipt = receive(desk, judgement.submission, received, arrival.reference)
        except PortalError as error:
            print(f"{path}: {error}", file=sys.stderr)
            refused += 1
            continue
        print(_("{path}: received as {reference}, answer due by {due}").format(
            path=path, reference=receipt.reference,
            due=receipt.due.astimezone(AGENCY_TIMEZONE).date().isoformat()))
        _report_letter(receipt.letter)
    return 1 if refused else 0


def _report_letter(posted: Any) -> None:
    if posted.sent:
        print(_("letter sent: {path}").format(path=posted.path.name))
    elif posted.problem:
        print(_("warning: the letter {path} stays in the outbox: SMTP refused it ({problem}); "
                "'portal qa send' tries again").format(path=posted.path.name,
                                                       problem=posted.problem), file=sys.stderr)
    else:
        print(_("letter written to the outbox: {path}").format(path=posted.path.name))


def _forward(args: argparse.Namespace) -> int:
    from workflow.qa import steps  # noqa: PLC0415

    desk = _desk(args)
    done = steps.forward(desk, args.reference, args.unit, topic=args.topic, title=args.title,
                         at=_moment(args))
    print(_("{reference} forwarded to {unit}; public file: {path}").format(
        reference=done.record.reference, unit=args.unit, path=done.path.relative_to(desk.root)))
    return 0


def _out_of_scope(args: argparse.Namespace) -> int:
    from workflow.qa import steps  # noqa: PLC0415

    done = steps.out_of_scope(_desk(args), args.reference, args.reason, at=_moment(args))
    _report_letter(done.posted)
    print(_("{reference}: out-of-scope notice sent; the question is closed").format(
        reference=done.record.reference))
    return 0


def _notice(args: argparse.Namespace) -> int:
    from workflow.qa import steps  # noqa: PLC0415

    done = steps.notice(_desk(args), args.reference, args.reply_by, args.reason,
                        at=_moment(args))
    _report_letter(done.posted)
    print(_("{reference}: processing notice sent; the answer is now due by {date}").format(
        reference=done.record.reference, date=args.reply_by.isoformat()))
    return 0


def _answer(args: argparse.Namespace) -> int:
    from workflow.qa import steps  # noqa: PLC0415

    desk = _desk(args)
    done = steps.answer(desk, args.reference, args.source, publish=not args.no_publish,
                        at=_moment(args))
    _report_letter(done.posted)
    print(_("{reference}: answer recorded and sent; submit {path} for approval to publish it")
          .format(reference=done.record.reference, path=done.path.relative_to(desk.root)))
    return 0


def _list(args: argparse.Namespace) -> int:
    from workflow.qa.listing import question_rows  # noqa: PLC0415

    desk = _desk(args)
    rows = [row for row in question_rows(desk, args.as_of or today())
            if (not args.overdue or row["status"] == "overdue")
            and (args.unit is None or row["unit"] == args.unit)]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from workflow.tables import print_table  # noqa: PLC0415

    print_table(_("Questions on {date}").format(date=(args.as_of or today()).isoformat()),
                (_("reference"), _("received"), _("handling"), _("unit"), _("due"),
                 _("status")),
                [(row["reference"], row["received"], row["handling"], row["unit"] or "",
                  row["due"], row["status"]) for row in rows],
                [STATUS_STYLE.get(row["status"], "") for row in rows])
    return 0


def _consultation(args: argparse.Namespace) -> int:
    from workflow.qa.consultations import record_count  # noqa: PLC0415

    desk = _desk(args)
    path, count = record_count(desk, args.stem, _moment(args))
    print(ngettext("{count} comment recorded in {path}; submit it with the summary of how the "
                   "comments were taken into account",
                   "{count} comments recorded in {path}; submit it with the summary of how the "
                   "comments were taken into account", count).format(
                       count=count, path=path.relative_to(desk.root)))
    return 0


def _comments(args: argparse.Namespace) -> int:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from plugins.core import atomic  # noqa: PLC0415

    desk = _desk(args)
    rows = [(who.get("full_name", ""), who.get("organisation", ""), who.get("email", ""), text)
            for stem, who, text in desk.store.comments() if stem == args.stem]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((_("full name"), _("organisation"), _("e-mail"), _("comment")))
    writer.writerows(rows)
    atomic.write_bytes(args.out, buffer.getvalue().encode("utf-8-sig"), mode=0o600)
    print(ngettext("{count} comment on {stem} written to {path}",
                   "{count} comments on {stem} written to {path}", len(rows)).format(
                       count=len(rows), stem=args.stem, path=args.out))
    return 0


def _send(args: argparse.Namespace) -> int:
    from workflow.qa import letters  # noqa: PLC0415

    desk = _desk(args)
    if not desk.config.smtp_host:
        raise PortalError(_("qa.yaml names no SMTP server; letters stay in the outbox"))
    posted = letters.send_waiting(desk)
    for item in posted:
        _report_letter(item)
    return 1 if any(not item.sent for item in posted) else 0
