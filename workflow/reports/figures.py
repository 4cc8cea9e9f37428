"""The figures of a report, worked out from the repository's history and its content as main
held it on the report's day: never from a counter someone keeps by hand.

`report_for` reads the history up to the end of the `as_of` day (workflow/reports/history.py),
writes main's `content/` of that moment into a scratch folder, and computes from both:
publications per unit, category and language, quotas, silent units, deadline results (the
deadlines module over that content, as of that day), questions, review times per stage,
urgent decisions with their reviews, stale translations and the royalty ledger. The same
period and day give the same figures, whenever and wherever the report is made.

Counting conventions (docs/reports.md):
- an item counts once, in the source language, the day its first version reached main;
  updates and withdrawals are counted apart, translations per language in `published`;
- a quota counts only over its own periods that lie wholly inside the report's period;
- a deadline counts in the period its due date falls in, with its status on the `as_of` day;
- a question counts in the period it was received in;
- a review time counts in the period of the approval, from the moment the submission was
  ready for that stage, in working days;
- the ledger pays, for each graded item first published in the period, its author, each
  person who approved it at a stage before main, and who published it (the approval into
  main), at the rates of its grade.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.agency import Agency, load_agency
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.deadlines import DeadlineTable, Row, Status, deadline_table
from plugins.core.errors import PortalError
from plugins.core.reportsconfig import ReportsConfig, load_reports
from plugins.core.roster import load_workflow
from plugins.core.schema import schema_for
from plugins.core.workdays import WorkingCalendar, load_calendar
from workflow.gitcmd import Git
from workflow.reports.history import History, Published, read_history
from workflow.reports.ledger import APPROVER, AUTHOR, UPLOADER, LedgerLine
from workflow.reports.model import (
    MonthDeadlines,
    PublishedCount,
    QuestionFigures,
    QuotaResult,
    Report,
    RuleResult,
    StageTimes,
    StaleTranslation,
    UnitTotal,
    UrgentDecision,
)
from workflow.reports.period import MONTH, QUARTER, YEAR, Period, parse_period

CONTENT = "content"
QUESTIONS = "questions"
MAIN = "main"


def report_for(repo: Path, period: Period, as_of: dt.date, *,
               remote: str | None = None) -> Report:
    """The report of `period` as the repository stood at the end of the `as_of` day."""
    git = Git(repo)
    until = dt.datetime.combine(as_of, dt.time(23, 59, 59), tzinfo=AGENCY_TIMEZONE)
    history = read_history(git, remote=remote, until=until)
    with tempfile.TemporaryDirectory(prefix="report-") as scratch:
        content = _content_at(git, history.main_tip, Path(scratch))
        return build_report(history, content, period, as_of)


def current_report(repo: Path, as_of: dt.date) -> Report:
    """The report of the month of `as_of`, for the preview build's internal page; a
    PortalError says why it cannot be made (main held nothing yet, a broken reports.yaml)."""
    return report_for(repo, parse_period(f"{as_of.year}-{as_of.month:02d}"), as_of)


def build_report(history: History, content: Path, period: Period, as_of: dt.date) -> Report:
    """The figures from a history and the content tree main held at its end."""
    agency = load_agency(content)
    config = load_reports(content)
    calendar = load_calendar(content)
    table = deadline_table(content, as_of)
    source = agency.source_language
    published = [item for item in history.publications if item.moment.date() in period]
    firsts = [item for item in published if item.first and not item.withdrawn]
    originals = [item for item in firsts if item.language == source]
    per_unit = Counter(item.unit for item in originals)
    return Report(
        period=period.label, first=period.first, last=period.last, as_of=as_of,
        source_language=source,
        published=_published_counts(firsts),
        updated=sum(1 for item in published if not item.first and not item.withdrawn),
        withdrawn=sum(1 for item in published if item.withdrawn),
        units=[UnitTotal(unit=unit, name=agency.unit_name(unit, source), items=per_unit[unit])
               for unit in agency.units],
        silent_units=[unit for unit in agency.units if not per_unit[unit]],
        quotas=_quotas(config, agency, originals, period),
        deadlines=_rules(table, period),
        deadlines_by_month=_months(table, period),
        questions=_questions(content, table, period),
        review_times=_review_times(history, content, calendar, period),
        urgent=_urgent(history, agency, calendar, period),
        stale_translations=_stale(table),
        currency=config.royalties.currency if config.royalties else "",
        ledger=_ledger(history, agency, config, originals),
    )


def _content_at(git: Git, commit: str, scratch: Path) -> Path:
    """main's content/ at `commit`, written into `scratch` from `git archive`; tar's own
    filter refuses links and paths that leave the folder."""
    with tarfile.open(fileobj=io.BytesIO(git.archive(commit, CONTENT))) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / CONTENT


def _published_counts(firsts: Iterable[Published]) -> list[PublishedCount]:
    counts = Counter((item.unit, item.category, item.language) for item in firsts)
    return [PublishedCount(unit=unit, category=category, language=language, count=count)
            for (unit, category, language), count in sorted(counts.items())]


def _quota_periods(kind: str, period: Period) -> list[Period]:
    """The quota's own periods that lie wholly inside the report's period."""
    if kind == MONTH:
        return period.months()
    if kind == QUARTER and period.kind in (QUARTER, YEAR):
        quarters = [parse_period(f"{period.first.year}-Q{number}") for number in range(1, 5)]
        return [quarter for quarter in quarters
                if quarter.first >= period.first and quarter.last <= period.last]
    return [period] if kind == YEAR and period.kind == YEAR else []


def _quotas(config: ReportsConfig, agency: Agency, originals: list[Published],
            period: Period) -> list[QuotaResult]:
    results = []
    source = agency.source_language
    for quota in config.quotas:
        for part in _quota_periods(quota.period, period):
            items = sum(1 for item in originals if item.moment.date() in part
                        and (quota.unit is None or item.unit == quota.unit)
                        and (quota.category is None or item.category == quota.category))
            results.append(QuotaResult(
                unit=quota.unit or "",
                name=agency.unit_name(quota.unit, source) if quota.unit else
                agency.text(agency.contact["agency"], source),
                category=quota.category or "", period=part.label, minimum=quota.minimum,
                items=items, met=items >= quota.minimum, clause=quota.clause))
    return results


def _due_in(table: DeadlineTable, period: Period) -> list[Row]:
    """The clocks of the table whose due date falls in `period`."""
    return [row for row in table.rows if row.rule is not None and row.due is not None
            and row.due.astimezone(AGENCY_TIMEZONE).date() in period]


def _tally(rows: Iterable[Row]) -> Counter[Status]:
    return Counter(row.status for row in rows)


def _rules(table: DeadlineTable, period: Period) -> list[RuleResult]:
    rows = _due_in(table, period)
    results = []
    for rule in table.profile.rules:
        tally = _tally(row for row in rows if row.rule == rule.id)
        results.append(RuleResult(
            rule=rule.id, title=_text(rule.title, rule.id), clause=rule.clause,
            met=tally[Status.MET],
            late=tally[Status.LATE], open=tally[Status.OPEN], overdue=tally[Status.OVERDUE]))
    return results


def _months(table: DeadlineTable, period: Period) -> list[MonthDeadlines]:
    months = []
    for month in period.months():
        tally = _tally(_due_in(table, month))
        months.append(MonthDeadlines(month=month.label, met=tally[Status.MET],
                                     late=tally[Status.LATE], open=tally[Status.OPEN],
                                     overdue=tally[Status.OVERDUE]))
    return months


def _questions(content: Path, table: DeadlineTable, period: Period) -> QuestionFigures:
    """Questions received in the period: their files in content/questions/ (the intake writes
    one as soon as a question is forwarded or answered) and their answer clocks."""
    received, noticed, out_of_scope = set(), 0, 0
    for path in sorted((content / QUESTIONS).glob("*.vi.md")):
        try:
            meta = schema_for(QUESTIONS).convert_values(frontmatter.read(path).meta)
        except PortalError:
            continue  # `portal check` reports an unreadable file
        moment = meta.get("received")
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        if not isinstance(day, dt.date) or day not in period:
            continue
        received.add(f"{CONTENT}/{path.relative_to(content).as_posix()}")
        noticed += bool(meta.get("noticed"))
        out_of_scope += meta.get("handling") == "out_of_scope"
    outcome: dict[str, Row] = {}
    for row in table.rows:  # a question's outcome is its last clock: a notice's promise
        if row.section == QUESTIONS and row.rule is not None and row.path in received and (
                row.path not in outcome or _later(row, outcome[row.path])):
            outcome[row.path] = row
    tally = _tally(outcome.values())
    return QuestionFigures(received=len(received), answered_on_time=tally[Status.MET],
                           answered_late=tally[Status.LATE], noticed=noticed,
                           out_of_scope=out_of_scope, open=tally[Status.OPEN],
                           overdue=tally[Status.OVERDUE])


def _later(row: Row, other: Row) -> bool:
    started, earlier = row.started, other.started
    return started is not None and (earlier is None or started > earlier)


def _review_times(history: History, content: Path, calendar: WorkingCalendar,
                  period: Period) -> list[StageTimes]:
    workflow = load_workflow(content)
    results = []
    for stage in workflow.stages:
        waits = [approval.working_days(calendar) for approval in history.approvals
                 if approval.stage == stage.branch and not approval.urgent
                 and approval.moment.date() in period]
        results.append(StageTimes(
            stage=stage.branch, title=_text(stage.title, stage.branch), approvals=len(waits),
            median_days=float(statistics.median(waits)) if waits else None,
            worst_days=max(waits, default=None), limit_days=stage.review_days,
            over_limit=sum(1 for wait in waits
                           if stage.review_days is not None and wait > stage.review_days)))
    return results


def _text(value: Mapping[str, str] | str, fallback: str) -> str:
    """A title of the configuration in Vietnamese, the language reports are made in."""
    return value.get("vi", fallback) if isinstance(value, Mapping) else str(value)


def _name(agency: Agency, person: str) -> str:
    return str(agency.people.get(person, {}).get("name", person))


def _urgent(history: History, agency: Agency, calendar: WorkingCalendar,
            period: Period) -> list[UrgentDecision]:
    decisions = []
    for urgent in history.urgent:
        if urgent.moment.date() not in period:
            continue
        review = urgent.review
        decisions.append(UrgentDecision(
            merge=urgent.merge, day=urgent.moment.date(), person=urgent.person,
            name=_name(agency, urgent.person), reason=urgent.reason, takedown=urgent.takedown,
            items=list(urgent.paths), reviewed_by=review.person if review else "",
            reviewed_on=review.moment.date() if review else None,
            review_days=calendar.between(urgent.moment.date(), review.moment.date())
            if review else None))
    return decisions


def _stale(table: DeadlineTable) -> list[StaleTranslation]:
    return [StaleTranslation(path=row.path, language=row.lang,
                             since=row.started.date() if row.started else None,
                             working_days=row.days)
            for row in table.rows if row.status is Status.STALE]


def _ledger(history: History, agency: Agency, config: ReportsConfig,
            originals: list[Published]) -> list[LedgerLine]:
    if config.royalties is None:
        return []
    lines = []
    for item in originals:
        grade = config.royalties.grade(item.grade) if item.grade else None
        if grade is None:
            continue
        approvers = dict.fromkeys(
            approval.person for approval in history.approvals
            if approval.topic == item.topic and approval.stage != MAIN and not approval.urgent)
        payees = [(AUTHOR, item.author, grade.author)] if item.author else []
        payees += [(APPROVER, person, grade.approver) for person in approvers]
        payees.append((UPLOADER, item.publisher, grade.uploader))
        lines += [LedgerLine(published=item.moment.date(), path=item.path, title=item.title,
                             grade=grade.code, role=role, person=person,
                             name=_name(agency, person), amount=amount)
                  for role, person, amount in payees]
    return lines
