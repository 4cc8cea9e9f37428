"""The work of `portal deadlines` (workflow/commands/deadlines.py): the deadline table in the
terminal (colour on a TTY) or as JSON for CI.

Apart from the command's parser, so that `portal` loads the working-day calendar and its
holiday tables only for this command."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from plugins.core.dates import today
from plugins.core.deadlines import DeadlineTable, Row, Status, deadline_table
from plugins.core.i18n import _, current_language
from plugins.core.workdays import missing_year_message
from workflow.tables import print_table

STYLE = {Status.OVERDUE: "bold red", Status.OPEN: "yellow", Status.STALE: "magenta",
         Status.LATE: "dim red", Status.MET: "green"}


def describe(row: Row) -> str:
    if row.status is Status.OVERDUE:
        return _("overdue by {days} working days").format(days=row.days)
    if row.status is Status.OPEN:
        return _("due today") if row.days == 0 else \
            _("open, due in {days} working days").format(days=row.days)
    if row.status is Status.STALE:
        return _("stale for {days} working days").format(days=row.days)
    if row.status is Status.LATE:
        return _("met late by {days} working days").format(days=row.days)
    return _("met on time")


def _date(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _as_json(table: DeadlineTable, rows: list[Row]) -> str:
    return json.dumps({
        "as_of": table.as_of.isoformat(), "profile": table.profile.name,
        "items": [{"path": row.path, "section": row.section, "stem": row.stem,
                   "lang": row.lang, "title": row.title, "unit": row.unit,
                   "status": row.status.value, "working_days": row.days, "rule": row.what,
                   "clause": row.clause, "started": _date(row.started), "due": _date(row.due),
                   "stopped": _date(row.stopped), "description": describe(row)}
                  for row in rows]}, ensure_ascii=False, indent=2)


def _print_table(table: DeadlineTable, rows: list[Row]) -> None:
    """A coloured table on a terminal; tab-separated lines, never cut, when piped."""
    title = _("Deadlines on {date}").format(date=table.as_of.isoformat())
    headers = (_("status"), _("due"), _("item"), _("unit"), _("time limit"))
    lines = [(describe(row), _date(row.due), row.path, row.unit, row.what) for row in rows]
    print_table(title, headers, lines, [STYLE[row.status] for row in rows])


def run(args: argparse.Namespace) -> int:
    as_of = args.as_of or today()
    table = deadline_table(args.repo / "content", as_of, profile_name=args.profile,
                           lang=current_language())
    rows = [row for row in table.rows if (args.unit is None or row.unit == args.unit)
            and (args.section is None or row.section == args.section)]
    if args.format == "json":
        print(_as_json(table, rows))
    else:
        _print_table(table, rows)
    for year in table.missing_years():
        print(_("warning: {problem}").format(problem=missing_year_message(year)),
              file=sys.stderr)
    return 0
