"""The Q&A intake as citizens and abusers meet it: the real service on loopback, the private
store on SQLite and on a throwaway PostgreSQL server, `portal qa receive` with JSON and e-mail.

Every refusal says what is wrong and stores nothing; nothing personal reaches the log."""

from __future__ import annotations

import concurrent.futures
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import make_repo
from tests.qa_play import (
    Browser,
    Intake,
    citizen,
    intake_service,
    organisation,
)
from workflow.qa.desk import open_desk


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    config = repo / "content" / "_config" / "qa.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "rate_limit: {requests: 10, minutes: 10}", "rate_limit: {requests: 12, minutes: 10}"),
        encoding="utf-8")
    return repo


@pytest.fixture
def intake(repo: Path, store_env: dict[str, str]) -> Iterator[Intake]:
    with intake_service(repo, store_env) as service:
        yield service


def stored(repo: Path) -> list[str]:
    return [record.reference for record in open_desk(repo).store.records()]


def test_a_question_is_received_with_reference_and_due_date(repo: Path, intake: Intake) -> None:
    answer = Browser(intake.url).ask_and_confirm(citizen())
    assert answer.status == 201
    reference = answer.text.split('class="reference">', 1)[1].split("<", 1)[0]
    assert reference.startswith("HD-2026-") or reference.startswith("HD-20")
    record = open_desk(repo).store.require(reference)
    assert record.identity["full_name"] == "Hoàng Thị Thử Nghiệm"
    assert f'datetime="{record.due.date().isoformat()}"' in answer.text
    letters = list((repo / ".private" / "outbox").glob(f"{reference}-01-acknowledgement.eml"))
    assert letters and reference in letters[0].read_text(encoding="utf-8")


def test_an_organisation_gives_its_representative_and_licence(repo: Path, intake: Intake) -> None:
    missing = Browser(intake.url).post("ask", organisation(licence="", position=""))
    assert missing.status == 422
    assert missing.text.count("aria-invalid") >= 2
    assert stored(repo) == []
    assert Browser(intake.url).ask_and_confirm(organisation()).status == 201


@pytest.mark.parametrize("field", ["full_name", "nationality", "occupation", "address",
                                   "email", "place", "topic", "question"])
def test_each_missing_identity_field_is_named_and_nothing_is_stored(
        repo: Path, intake: Intake, field: str) -> None:
    answer = Browser(intake.url).post("ask", citizen(**{field: ""}))
    assert answer.status == 422
    assert f'id="qa-{field}-error"' in answer.text  # the message beside its field
    assert f'href="#qa-{field}"' in answer.text  # and in the summary, linked to it
    assert "name=\"token\"" not in answer.text
    assert stored(repo) == []


def test_without_consent_nothing_is_stored(repo: Path, intake: Intake) -> None:
    fields = citizen()
    del fields["consent"]
    assert Browser(intake.url).post("ask", fields).status == 422
    assert stored(repo) == []


def test_a_complaint_is_redirected_and_not_stored(repo: Path, intake: Intake) -> None:
    answer = Browser(intake.url).post("ask", citizen(
        question="Tôi làm đơn khiếu nại quyết định xử phạt của cán bộ phường đối với gia đình"))
    assert answer.status == 422
    assert "Số 10 đường Hùng Vương" in answer.text  # where complaints go
    assert stored(repo) == []


def test_the_honeypot_turns_robots_away(repo: Path, intake: Intake) -> None:
    assert Browser(intake.url).post("ask", citizen(website="http://spam.example")).status == 400
    assert stored(repo) == []


def test_malformed_and_oversized_requests_are_refused(repo: Path, intake: Intake) -> None:
    browser = Browser(intake.url)
    huge = citizen(question="x" * 70_000)
    assert browser.post("ask", huge).status == 413
    assert browser.request("ask", b"kind=individual&kind=organisation").status == 400
    assert browser.request("ask", b"\xff\xfe=\x00").status == 400
    assert browser.request("ask", json.dumps(citizen()).encode(),
                           content_type="application/json").status == 415
    assert browser.request("ask", b"a" * 10, headers={"Content-Length": "99999999"}).status \
        in (400, 413)
    too_long = browser.post("ask", citizen(question="Câu hỏi " * 700))
    assert too_long.status == 422 and "4000" in too_long.text
    assert stored(repo) == []


def test_confirmation_needs_the_token_and_its_cookie(repo: Path, intake: Intake) -> None:
    browser = Browser(intake.url)
    shown = browser.post("ask", citizen())
    token = shown.text.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert Browser(intake.url).post("confirm", {**citizen(), "token": token}).status == 403
    assert browser.post("confirm", {**citizen(), "token": "1." + "0" * 64}).status == 403
    assert stored(repo) == []


def test_a_duplicate_gets_the_first_reference_back(repo: Path, intake: Intake) -> None:
    first = Browser(intake.url).ask_and_confirm(citizen())
    reference = first.text.split('class="reference">', 1)[1].split("<", 1)[0]
    again = Browser(intake.url).ask_and_confirm(citizen(question=citizen()["question"].upper()))
    assert again.status == 409 and reference in again.text
    assert stored(repo) == [reference]


def test_a_flood_from_one_address_is_slowed_down(repo: Path, intake: Intake) -> None:
    browser = Browser(intake.url)
    statuses = [browser.post("ask", citizen(full_name="")).status for _ in range(14)]
    assert statuses[:12] == [422] * 12 and statuses[12:] == [429, 429]
    assert "10" in browser.post("ask", citizen()).text  # says how long to wait


def test_each_request_is_answered_in_its_own_language(repo: Path, intake: Intake) -> None:
    """Thirty requests in three languages at once: none borrows another's language."""
    def ask(lang: str) -> tuple[str, str]:
        return lang, Browser(intake.url).post("ask", citizen(lang=lang, email="bad")).text

    expected = {"vi": "phải có dạng", "en": "must be", "zh": "必须"}
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(ask, ["vi", "en", "zh"] * 4))
    for lang, text in answers:
        assert expected[lang] in text, (lang, text[:200])
        others = [marker for other, marker in expected.items() if other != lang]
        assert not any(marker in text for marker in others)


def test_the_log_holds_no_personal_data(repo: Path, intake: Intake) -> None:
    Browser(intake.url).ask_and_confirm(citizen())
    Browser(intake.url).post("ask", citizen(email="not-an-email"))
    intake.process.terminate()
    intake.process.wait(timeout=10)
    log = intake.log.read_text(encoding="utf-8")
    assert "POST /confirm 201" in log
    for value in citizen().values():
        if len(value) > 4 and value not in ("individual", "thi-thuc", "phuong-dong-kinh"):
            assert value not in log
    assert "127.0.0.1" not in log.replace("http://127.0.0.1", "")


def test_status_lookup_shows_no_personal_data(repo: Path, intake: Intake) -> None:
    answer = Browser(intake.url).ask_and_confirm(citizen())
    reference = answer.text.split('class="reference">', 1)[1].split("<", 1)[0]
    status = Browser(intake.url).request(f"status?ref={reference.lower()}&lang=en")
    assert status.status == 200 and reference in status.text
    for value in ("Hoàng Thị Thử Nghiệm", "thu.nghiem@example.vn", "Số 7 ngõ 3"):
        assert value not in status.text
    assert Browser(intake.url).request("status?ref=HD-2026-9999").status == 404
    assert Browser(intake.url).request("status?ref=<script>").status == 400


def test_the_sqlite_store_is_private(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
    open_desk(repo)
    store = repo / ".private" / "qa.sqlite3"
    assert store.stat().st_mode & 0o777 == 0o600
    assert (repo / ".private").stat().st_mode & 0o777 == 0o700
    assert sqlite3.connect(store).execute("SELECT count(*) FROM qa_questions").fetchone() == (0,)
