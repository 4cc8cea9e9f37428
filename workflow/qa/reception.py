"""Receiving one judged question: reference, due date, the private record, the acknowledgement.

The service (a web form), `portal qa receive` (a JSON file or an e-mail) and the demo loader
all end here, so every question gets its reference and due date by the same rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.intake import Submission
from workflow.qa import letters
from workflow.qa.desk import Desk, published_reference_set
from workflow.qa.store import Record


@dataclass(frozen=True)
class Receipt:
    reference: str
    received: dt.datetime
    due: dt.datetime
    lang: str
    letter: letters.Posted


def receive(desk: Desk, submission: Submission, received: dt.datetime,
            reference: str | None = None) -> Receipt:
    """Store `submission` as received at `received` (under `reference` when it was given one
    before the intake); Duplicate (a PortalError) when the same person sent the same question
    within the configured window. The acknowledgement is written before the question is
    stored and taken back if storing fails: a stored question always has its letter."""
    if reference is not None and reference in published_reference_set(desk.content_dir):
        raise PortalError(_("the reference {reference} is already used").format(
            reference=reference))
    values = {"kind": submission.kind, "topic": submission.topic}
    due = desk.due(received, values)
    written: list[letters.Letter] = []

    def acknowledge(record: Record) -> None:
        written.append(letters.acknowledgement(desk, record))

    try:
        reference = desk.store.record(
            received=received, lang=submission.lang, kind=submission.kind,
            topic=submission.topic, question=submission.question,
            identity=submission.identity, fingerprint=desk.fingerprint(submission), due=due,
            unit=desk.default_unit(submission.topic),
            duplicate_since=received - dt.timedelta(days=desk.config.duplicate_days),
            reference=reference, acknowledge=acknowledge)
    except BaseException:
        for letter in written:
            letters.discard(letter)
        raise
    return Receipt(reference, received, due, submission.lang,
                   letters.deliver(desk, written[0]))
