"""What a report says, as plain data: the figures `portal report` prints as JSON, CSV, an
Excel workbook or HTML. Every field is a number, a text, a date or a list of these, so that
`dataclasses.asdict` gives the JSON as it is, and the formats cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflow.reports.ledger import LedgerLine


@dataclass(frozen=True)
class PublishedCount:
    """Items first published in the period, by unit, category and language."""

    unit: str
    category: str
    language: str
    count: int


@dataclass(frozen=True)
class UnitTotal:
    """A unit's items in the period (each item once, in its source language)."""

    unit: str
    name: str
    items: int


@dataclass(frozen=True)
class QuotaResult:
    """One quota of reports.yaml over one of its periods inside the report's period."""

    unit: str  # '' for the whole agency
    name: str
    category: str  # '' when every category counts
    period: str  # the quota's own period: 2026-11, 2026-Q4 or 2026
    minimum: int
    items: int
    met: bool
    clause: str


@dataclass(frozen=True)
class RuleResult:
    """How one deadline rule fared for the clocks due in the period, as of the report's day."""

    rule: str
    title: str
    clause: str
    met: int
    late: int
    open: int
    overdue: int


@dataclass(frozen=True)
class MonthDeadlines:
    """Every rule together, per month of the period: the deadline chart's bars."""

    month: str
    met: int
    late: int
    open: int
    overdue: int


@dataclass(frozen=True)
class QuestionFigures:
    """Questions received in the period and where they stood on the report's day."""

    received: int
    answered_on_time: int
    answered_late: int
    noticed: int
    out_of_scope: int
    open: int
    overdue: int


@dataclass(frozen=True)
class StageTimes:
    """Approvals made at a stage in the period and how long each waited, in working days."""

    stage: str
    title: str
    approvals: int
    median_days: float | None
    worst_days: int | None
    limit_days: int | None
    over_limit: int


@dataclass(frozen=True)
class UrgentDecision:
    """A publication or takedown past the chain (000 Đ19.4) and its review afterwards."""

    merge: str
    day: dt.date
    person: str
    name: str
    reason: str
    takedown: bool
    items: list[str]
    reviewed_by: str  # '' while it waits for one
    reviewed_on: dt.date | None
    review_days: int | None  # working days from the decision to its review


@dataclass(frozen=True)
class StaleTranslation:
    path: str
    language: str
    since: dt.date | None
    working_days: int


@dataclass(frozen=True)
class Report:
    period: str
    first: dt.date
    last: dt.date
    as_of: dt.date  # the day the figures stand on
    source_language: str
    published: list[PublishedCount]
    updated: int  # items published before and changed in the period
    withdrawn: int
    units: list[UnitTotal]
    silent_units: list[str]  # units that provided nothing (000 Đ14.3)
    quotas: list[QuotaResult]
    deadlines: list[RuleResult]
    deadlines_by_month: list[MonthDeadlines]
    questions: QuestionFigures
    review_times: list[StageTimes]
    urgent: list[UrgentDecision]
    stale_translations: list[StaleTranslation]
    currency: str
    ledger: list[LedgerLine]
