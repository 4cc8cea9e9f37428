"""`portal calendar add|between|check`: working-day arithmetic for editors and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from plugins.core.i18n import _
from workflow.cli_options import add_message_language, iso_date

if TYPE_CHECKING:
    from plugins.core.workdays import WorkingCalendar


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calendar", help=_("count Vietnamese working days"),
        description=_("Working days: Monday to Friday, minus public holidays and swapped days "
                      "off, plus make-up Saturdays (content/_config/calendar.yaml)."))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("the date N working days after DATE"))
    add.add_argument("date", type=iso_date, metavar="DATE")
    add.add_argument("count", type=int, metavar="N")
    between = actions.add_parser("between", help=_("working days from DATE1 to DATE2"))
    between.add_argument("start", type=iso_date, metavar="DATE1")
    between.add_argument("end", type=iso_date, metavar="DATE2")
    check = actions.add_parser("check", help=_("is DATE a working day, and if not, why"))
    check.add_argument("date", type=iso_date, metavar="DATE")
    for action in (add, between, check):
        action.add_argument("--format", choices=("text", "json"), default="text",
                            help=_("text (default) or json"))
        add_message_language(action)
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _answer(calendar: WorkingCalendar, args: argparse.Namespace) -> tuple[str, dict]:
    if args.action == "add":
        if args.count < 0:
            raise ValueError(args.count)
        result = calendar.add(args.date, args.count)
        return result.isoformat(), {"date": args.date.isoformat(), "working_days": args.count,
                                    "result": result.isoformat()}
    if args.action == "between":
        count = calendar.between(args.start, args.end)
        return str(count), {"start": args.start.isoformat(), "end": args.end.isoformat(),
                            "working_days": count}
    reason = calendar.reason_closed(args.date)
    text = _("{date}: working day").format(date=args.date.isoformat()) if reason is None else \
        _("{date}: not a working day ({reason})").format(date=args.date.isoformat(),
                                                         reason=reason)
    return text, {"date": args.date.isoformat(), "working_day": reason is None,
                  "reason": reason}


def run(args: argparse.Namespace) -> int:
    # the holiday tables, loaded for this command only
    from plugins.core.workdays import load_calendar, missing_year_message  # noqa: PLC0415

    calendar = load_calendar(args.repo / "content")
    try:
        text, data = _answer(calendar, args)
    except ValueError:
        print(_("error: N must be 0 or more"), file=sys.stderr)
        return 2
    print(json.dumps(data, ensure_ascii=False) if args.format == "json" else text)
    for year in sorted(calendar.years_without_overrides):
        print(_("warning: {problem}").format(problem=missing_year_message(year)),
              file=sys.stderr)
    return 0
