"""Dates as editors write them, read in the agency's time zone.

Editors write local time (`2026-11-12 09:30`); the regulation's clocks run on Vietnamese
working days. Every date in the system goes through here so a date means the same thing in the
build, in `portal check` and in the deadline rules.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

AGENCY_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# What editors may write: a date, optionally with a time (seconds optional).
ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
# The years a date may fall in: a typo such as 9999 would otherwise overflow the working-day
# arithmetic (a deadline 15 working days after 31/12/9999 is past the last date Python has).
FIRST_YEAR, LAST_YEAR = 1900, 2199


def parse_local(value: object) -> dt.datetime:
    """Return an aware datetime; raise ValueError when `value` is not a date we accept (the
    field-type rule reports it), including a year outside FIRST_YEAR..LAST_YEAR."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        if not ISO_SHAPE.match(text):
            raise ValueError(text)
        moment = dt.datetime.fromisoformat(text)
    else:
        raise ValueError(repr(value))
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AGENCY_TIMEZONE)
    return moment


def today() -> dt.date:
    """Today in the agency's time zone (the server may keep UTC)."""
    return dt.datetime.now(AGENCY_TIMEZONE).date()


def now() -> dt.datetime:
    """This moment in the agency's time zone: the default moment of a build."""
    return dt.datetime.now(AGENCY_TIMEZONE)
