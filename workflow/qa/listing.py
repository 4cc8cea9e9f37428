"""Where each question stands, from the private store and the deadline rules: `portal qa
list`. Only references, dates, units and statuses: nothing personal is printed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.deadlines import Status, evaluate
from workflow.qa.desk import Desk

OPEN_FIRST = {Status.OVERDUE: 0, Status.OPEN: 1, Status.LATE: 2, Status.MET: 3}


def question_rows(desk: Desk, as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    for record in desk.store.records():
        values = {"received": record.received, "noticed": record.noticed,
                  "reply_by": record.reply_by, "answered": record.answered,
                  "kind": record.kind, "topic": record.topic}
        deadlines = evaluate(desk.profile, desk.calendar, "questions", values, as_of)
        current = _current(deadlines)
        if current is None or record.received.date() > as_of:
            continue
        rows.append({
            "reference": record.reference,
            "received": record.received.astimezone(AGENCY_TIMEZONE).date().isoformat(),
            "handling": record.handling, "unit": record.unit,
            "due": current.due.date().isoformat(), "status": current.status.value,
            "working_days": current.days})
    rows.sort(key=lambda row: (OPEN_FIRST[Status(row["status"])], row["due"]))
    return rows


def _current(deadlines: list[Any]) -> Any:
    """The clock that decides now: a notice's own date once there is one, else the first."""
    by_start = {deadline.rule.start: deadline for deadline in deadlines}
    return by_start.get("noticed") or by_start.get("received")
