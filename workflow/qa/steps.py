"""The desk's steps on one question: forward, out of scope, notice, answer.

Every step with a letter runs in the same order, so that it is recorded whole or not at all:
the letter is written to the outbox first (if it cannot be, nothing changes), then the public
file, then the private store; if the file or the store fails, the letter is taken back, and a
second run of the step starts from where the store says the question stands. The letter is
delivered last, once the step is recorded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.qa import letters, records
from workflow.qa.answers import read_answer
from workflow.qa.desk import Desk
from workflow.qa.store import Record

CLOSED = ("answered", "out_of_scope")


@dataclass(frozen=True)
class Done:
    record: Record
    path: Path  # the public file
    posted: letters.Posted | None


def open_record(desk: Desk, reference: str) -> Record:
    """The question, refused when it is closed: nothing more is sent about it."""
    record = desk.store.require(reference.strip().upper())
    if record.handling in CLOSED:
        raise PortalError(_("{reference} is closed ({handling}); nothing more is sent").format(
            reference=record.reference, handling=record.handling))
    return record


def _recorded(desk: Desk, record: Record, changes: dict[str, Any], *, at: dt.datetime,
              public: dict[str, Any], letter: Callable[[Record], letters.Letter] | None = None,
              body: str | None = None, remove: tuple[str, ...] = ()) -> Done:
    updated = dataclasses.replace(record, **changes)
    written = letter(updated) if letter else None
    try:
        if not records.record_path(desk, record.reference).exists():
            records.create(desk, updated, title=None, at=at)
        path = records.update(desk, record.reference, public, body=body, remove=remove)
        desk.store.update(record.reference, **changes)
    except BaseException:
        if written:
            letters.discard(written)
        raise
    return Done(updated, path, letters.deliver(desk, written) if written else None)


def forward(desk: Desk, reference: str, unit: str, *, topic: str | None, title: str | None,
            at: dt.datetime) -> Done:
    record = open_record(desk, reference)
    if unit not in desk.agency.units:
        raise PortalError(_("'{unit}' is not a unit of agency.yaml: {units}").format(
            unit=unit, units=", ".join(desk.agency.units)))
    if topic and topic not in desk.agency.topics:
        raise PortalError(_("'{topic}' is not a topic of agency.yaml: {topics}").format(
            topic=topic, topics=", ".join(desk.agency.topics)))
    handling = record.handling if record.handling == "noticed" else "forwarded"
    changes = {"unit": unit, "handling": handling, "topic": topic or record.topic}
    path = records.record_path(desk, record.reference)
    if not path.exists():
        records.create(desk, dataclasses.replace(record, **changes), title=title, at=at)
    return _recorded(desk, record, changes, at=at, public=changes)


def out_of_scope(desk: Desk, reference: str, reason: str, *, at: dt.datetime) -> Done:
    record = open_record(desk, reference)
    reason = " ".join(reason.split())
    changes = {"handling": "out_of_scope", "noticed": at, "reason": reason}
    return _recorded(desk, record, changes, at=at,
                     public={"handling": "out_of_scope", "noticed": at},
                     letter=lambda updated: letters.out_of_scope(desk, updated, reason))


def notice(desk: Desk, reference: str, reply_by: dt.date, reason: str, *,
           at: dt.datetime) -> Done:
    """The processing notice (003 Đ9.7; the appointment of 004 Đ12.6c): one per question, sent
    within the time limit, promising a later date that becomes the answer's deadline."""
    record = open_record(desk, reference)
    day = at.astimezone(AGENCY_TIMEZONE).date()
    if record.noticed is not None:
        raise PortalError(_("a notice was already sent on {date}; answer by the date it "
                            "promised, {reply_by}").format(
                                date=record.noticed.date().isoformat(),
                                reply_by=record.reply_by.isoformat() if record.reply_by else ""))
    if at > record.due:
        raise PortalError(_("the time limit ended on {due}: a notice can no longer meet it; "
                            "answer the question").format(due=record.due.date().isoformat()))
    if reply_by <= day:
        raise PortalError(_("the promised date {date} must be after the day of the notice")
                          .format(date=reply_by.isoformat()))
    reason = " ".join(reason.split())
    changes = {"handling": "noticed", "noticed": at, "reply_by": reply_by, "reason": reason}
    return _recorded(desk, record, changes, at=at,
                     public={"handling": "noticed", "noticed": at, "reply_by": reply_by},
                     letter=lambda updated: letters.processing_notice(desk, updated, reason))


def answer(desk: Desk, reference: str, source: Path, *, publish: bool,
           at: dt.datetime) -> Done:
    record = open_record(desk, reference)
    if record.unit is None:
        raise PortalError(_("{reference} has not been forwarded to a unit yet").format(
            reference=record.reference))
    given = read_answer(desk, source, record)
    public: dict[str, Any] = {"handling": "answered", "answered": at,
                              "answered_by": given.answered_by}
    if given.citations:
        public["citations"] = given.citations
    if publish:
        public["date"] = at
    body = records.deidentified(given.text, record, contacts=False)
    return _recorded(desk, record, {"handling": "answered", "answered": at}, at=at,
                     public=public, body=body, remove=("status",) if publish else (),
                     letter=lambda updated: letters.answer(desk, updated, given.text,
                                                           given.citations))
