"""`portal deadlines`: the deadline table in the terminal (colour on a TTY) or as JSON for CI."""

from __future__ import annotations

import argparse

from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "deadlines", help=_("legal deadlines of every item, most urgent first"),
        description=_("Every tracked deadline (content/_config/deadlines.yaml) and every stale "
                      "translation, in working days, most urgent first."))
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("compute statuses for this date (default: today)"))
    parser.add_argument("--unit", default=None, help=_("only this unit (an id of agency.yaml)"))
    parser.add_argument("--section", default=None, help=_("only this section"))
    parser.add_argument("--profile", default=None,
                        help=_("another rule profile of deadlines.yaml"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("text (default) or json for CI"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # the working-day calendar and its holiday tables, for this command only
    from workflow.deadlineview import run as show  # noqa: PLC0415

    return show(args)
