"""The working-day calendar on dates people get wrong: Tết, Hùng Kings, 30/4-1/5, 2/9, swaps."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.workdays import WorkingCalendar, load_calendar
from tests.helpers import ROOT
from workflow.cli import main

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return load_calendar(ROOT / "content")


@pytest.mark.parametrize(("day", "count", "expected"), [
    ("2026-02-13", 1, "2026-02-23"),  # Tết 2026: 14-22 February off
    ("2026-02-12", 2, "2026-02-23"),
    ("2026-04-24", 1, "2026-04-28"),  # Hùng Kings 26/4 (Sunday), observed Monday 27/4
    ("2026-04-29", 1, "2026-05-04"),  # 30/4 and 1/5
    ("2026-08-28", 1, "2026-09-03"),  # 2/9 with 31/8 (swapped) and 1/9 off
    ("2026-08-21", 1, "2026-08-22"),  # Saturday 22/8/2026 is worked in exchange for 31/8
    ("2025-12-31", 1, "2026-01-05"),  # 1/1 and the swapped Friday 2/1/2026
    ("2026-01-09", 1, "2026-01-10"),  # Saturday 10/1/2026 is a make-up working day
    ("2025-01-24", 1, "2025-02-03"),  # Tết 2025
    ("2025-04-25", 1, "2025-04-26"),  # Saturday 26/4/2025 worked for Friday 2/5/2025
    ("2025-04-29", 1, "2025-05-05"),  # 30/4, 1/5, 2/5/2025
    ("2025-08-29", 1, "2025-09-03"),  # 1/9 and 2/9/2025
])
def test_adding_working_days(calendar: WorkingCalendar, day: str, count: int,
                             expected: str) -> None:
    assert calendar.add(D(day), count) == D(expected)


@pytest.mark.parametrize(("day", "reason_part"), [
    ("2026-02-16", "Tết"), ("2026-02-20", "Tết"), ("2026-04-27", "Hùng Vương"),
    ("2026-04-30", ""), ("2026-05-01", ""), ("2026-09-02", ""), ("2026-08-31", ""),
    ("2026-01-02", "hoán đổi"), ("2025-05-02", ""), ("2026-02-14", "Thứ Bảy"),
])
def test_days_off_say_why(calendar: WorkingCalendar, day: str, reason_part: str) -> None:
    reason = calendar.reason_closed(D(day))
    assert reason is not None and reason_part in reason


def test_counting_between_dates(calendar: WorkingCalendar) -> None:
    assert calendar.between(D("2026-02-13"), D("2026-02-23")) == 1
    assert calendar.between(D("2026-04-20"), D("2026-05-14")) == 15
    assert calendar.between(D("2026-05-14"), D("2026-04-20")) == -15
    assert calendar.between(D("2026-11-20"), D("2026-11-20")) == 0


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=AGENCY_TIMEZONE)


def test_friday_evening_starts_the_clock_on_monday_at_opening_time(
        calendar: WorkingCalendar) -> None:
    friday_evening = _at("2026-03-13 19:00")
    assert calendar.clock_start(friday_evening, office_hours=True) == _at("2026-03-16 07:30")
    assert calendar.due(friday_evening, 5, office_hours=True) == _at("2026-03-20 17:00")
    assert calendar.clock_start(friday_evening) == friday_evening


def test_office_hours_count_only_while_open(calendar: WorkingCalendar) -> None:
    assert calendar.clock_start(_at("2026-03-17 07:00"), office_hours=True) == _at(
        "2026-03-17 07:30")
    assert calendar.due(_at("2026-03-17 10:00"), 5, office_hours=True) == _at("2026-03-24 10:00")
    assert calendar.due(_at("2026-04-29 16:00"), 1, office_hours=True) == _at("2026-05-04 16:00")


def test_a_year_without_overrides_is_noticed(calendar: WorkingCalendar) -> None:
    fresh = load_calendar(ROOT / "content")
    fresh.add(D("2026-12-30"), 5)
    assert 2027 in fresh.years_without_overrides
    assert 2026 not in fresh.years_without_overrides


DATES = st.dates(min_value=D("2025-01-01"), max_value=D("2026-10-31"))


@settings(max_examples=300, deadline=None)
@given(day=DATES, count=st.integers(min_value=1, max_value=60))
def test_due_date_is_a_working_day_and_counting_back_gives_n(day: dt.date, count: int) -> None:
    calendar = load_calendar(ROOT / "content")
    due = calendar.add(day, count)
    assert calendar.is_working_day(due)
    assert calendar.between(day, due) == count


@settings(max_examples=200, deadline=None)
@given(day=DATES, count=st.integers(min_value=1, max_value=30),
       hour=st.integers(min_value=0, max_value=23))
def test_office_hours_due_is_within_office_hours(day: dt.date, count: int, hour: int) -> None:
    calendar = load_calendar(ROOT / "content")
    due = calendar.due(dt.datetime.combine(day, dt.time(hour), tzinfo=AGENCY_TIMEZONE), count,
                       office_hours=True)
    assert calendar.is_working_day(due.date())
    assert dt.time(7, 30) < due.timetz().replace(tzinfo=None) <= dt.time(17)


def test_calendar_command(capsys) -> None:
    assert main(["--repo", str(ROOT), "calendar", "add", "2026-02-13", "1"]) == 0
    assert capsys.readouterr().out.strip() == "2026-02-23"
    assert main(["--repo", str(ROOT), "calendar", "between", "2026-04-24", "2026-05-04"]) == 0
    assert capsys.readouterr().out.strip() == "3"
    assert main(["--repo", str(ROOT), "calendar", "check", "2026-02-17", "--format",
                 "json"]) == 0
    out = capsys.readouterr().out
    assert '"working_day": false' in out and "Tết" in out


def test_calendar_warns_about_a_year_without_overrides(capsys) -> None:
    assert main(["--repo", str(ROOT), "calendar", "check", "2027-01-04"]) == 0
    captured = capsys.readouterr()
    assert "2027" in captured.err and "calendar.yaml" in captured.err


def test_calendar_rejects_bad_dates_without_traceback(capsys) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["--repo", str(ROOT), "calendar", "add", "13/02/2026", "1"])
    assert leaving.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
