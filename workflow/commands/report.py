"""`portal report PERIOD`: the month's, quarter's or year's report from the repository's own
history (003 Đ4.6, Đ14.3; 004 Đ15.3): JSON for machines, the royalty ledger as CSV or as an
Excel workbook for the accountant, or the HTML report with its charts."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.atomic import write_bytes, write_text
from plugins.core.dates import today
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date
from workflow.reports.model import Report
from workflow.reports.period import parse_period

FORMATS = ("json", "csv", "xlsx", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help=_("the report of a month, quarter or year, from the git history"),
        description=_("Items published per unit, category and language, quotas, deadlines, "
                      "questions, review times, urgent decisions, stale translations and the "
                      "royalty ledger of a period, worked out from the repository's history "
                      "and its content as main held it."))
    parser.add_argument("period", help=_("2026-11, 2026-Q4 or 2026"))
    parser.add_argument("--format", choices=FORMATS, default="json",
                        help=_("json (default), csv or xlsx (the royalty ledger), html"))
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("the day the figures stand on (default: today)"))
    parser.add_argument("--remote", default=None,
                        help=_("read this remote's branches, as last fetched (default: the "
                               "repository's own branches, as on the server)"))
    parser.add_argument("--out", type=Path, default=None,
                        help=_("the file to write (a folder for html); json and csv are "
                               "printed when it is not given"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _json(report: Report) -> str:
    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2,
                      default=lambda value: value.isoformat()) + "\n"


def _made(report: Report) -> dt.datetime:
    """The moment the files say they were made: the report's day, so that they repeat."""
    return dt.datetime.combine(report.as_of, dt.time())


def run(args: argparse.Namespace) -> int:
    period = parse_period(args.period)
    if args.format in ("xlsx", "html") and args.out is None:
        raise PortalError(_("--format {format} writes files: name them with --out").format(
            format=args.format))
    # The figures and the workbook load here, not at start-up: every `portal` command (the
    # pre-commit hook's check among them) would pay for openpyxl otherwise.
    from workflow.reports.figures import report_for  # noqa: PLC0415
    from workflow.reports.ledger import ledger_csv, ledger_workbook  # noqa: PLC0415

    report = report_for(args.repo, period, args.as_of or today(), remote=args.remote)
    if args.format == "json":
        _emit(args.out, _json(report))
    elif args.format == "csv":
        _emit_bytes(args.out, ledger_csv(report.ledger, report.currency))
    elif args.format == "xlsx":
        write_bytes(args.out, ledger_workbook(
            report.ledger, report.currency, made=_made(report),
            title=_("Royalties {period}").format(period=report.period)))
    else:
        from workflow.reports.html import render_report  # noqa: PLC0415 - html only

        page, files = render_report(report, load_agency(args.repo / "content"))
        args.out.mkdir(parents=True, exist_ok=True)
        write_text(args.out / "index.html", page)
        for name, text in files.items():
            write_text(args.out / name, text)
    if args.out is not None:
        print(_("Report {period} written to {path}").format(period=report.period,
                                                            path=args.out))
    return 0


def _emit(out: Path | None, text: str) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        write_text(out, text)


def _emit_bytes(out: Path | None, data: bytes) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        write_bytes(out, data)
