"""`portal log PATH` on real repositories: the trail an inspector reads years later, from a
clone of the server (after `git fetch`) or from the bare server itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD,
    BOARD_MEMBER,
    CHIEF,
    DEPUTY,
    HEAD,
    MAIN,
    NEWS,
    PEOPLE,
    UNIT_HEAD,
    VN,
    Portal,
    fingerprint,
    news,
    through_board,
)
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"
ITEM = f"content/{NEWS}"


def _log(repo: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--repo", str(repo), "--lang", "en", "log", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _published(portal: Portal) -> Path:
    """A news item through unit head, board and chief, and a fresh clone that fetched it."""
    portal.clone(AUTHOR).topic(TOPIC, news())
    through_board(portal, TOPIC)
    portal.approve(CHIEF, MAIN, TOPIC, "chief")
    reader = portal.clone(BOARD_MEMBER)
    reader.git("fetch", "-q", "origin")
    return reader.path


def _events(out: str) -> list[dict[str, str]]:
    return json.loads(out)["events"]


def test_the_trail_of_a_published_news_item(portal: Portal, keyring, capsys) -> None:
    code, out, err = _log(_published(portal), capsys, ITEM)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Trail of {ITEM}:"
    headlines = [line for line in lines[1:] if not line.startswith(" ")]
    assert len(headlines) == 5
    assert f"submitted by {PEOPLE[AUTHOR]['name']} <{PEOPLE[AUTHOR]['email']}>" in headlines[0]
    for headline, stage, person, role in zip(
            headlines[1:4], (HEAD, BOARD, MAIN), (UNIT_HEAD, BOARD_MEMBER, CHIEF),
            ("unit_head", "board_member", "chief"), strict=True):
        assert f"approved at {stage} by {PEOPLE[person]['name']} ({person}) as {role}" in headline
    assert f"published on {MAIN}" in headlines[4]
    signatures = [line.strip() for line in lines if "signature:" in line]
    assert signatures == [
        f"signature: good, key {fingerprint(keyring.public[person])} of {person}"
        for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF)]
    assert "Traceback" not in out + err


def test_json_has_the_same_events_from_a_clone_and_from_the_server(portal: Portal,
                                                                    capsys) -> None:
    reader = _published(portal)
    code, out, _err = _log(reader, capsys, ITEM, "--format", "json")
    assert code == 0
    events = _events(out)
    assert [(event["kind"], event["stage"], event["person"]) for event in events] == [
        ("submitted", "", ""), ("approved", HEAD, UNIT_HEAD), ("approved", BOARD, BOARD_MEMBER),
        ("approved", MAIN, CHIEF), ("published", MAIN, CHIEF)]
    assert events[0]["email"] == PEOPLE[AUTHOR]["email"]
    assert [event["signature"] for event in events[1:4]] == ["good"] * 3
    assert [event["timestamp"] for event in events] == sorted(
        event["timestamp"] for event in events)
    assert _events(_log(portal.server, capsys, ITEM, "--format", "json")[1]) == events


def test_a_delegated_approval_says_for_whom(portal: Portal, capsys) -> None:
    portal.clock = dt.datetime(2026, 7, 25, 9, 0, tzinfo=VN)  # inside the demo delegation
    portal.clone(AUTHOR).topic(TOPIC, news())
    through_board(portal, TOPIC)
    portal.approve(DEPUTY, MAIN, TOPIC, "chief", acting_for=CHIEF)
    reader = portal.clone(BOARD_MEMBER)
    reader.git("fetch", "-q", "origin")
    last = _events(_log(reader.path, capsys, ITEM, "--format", "json")[1])[-2]
    assert (last["person"], last["role"], last["acting_for"], last["signer"]) == (
        DEPUTY, "chief", CHIEF, DEPUTY)
    text = _log(reader.path, capsys, ITEM)[1]
    assert f"acting for {PEOPLE[CHIEF]['name']} ({CHIEF})" in text


def test_a_path_relative_to_the_current_folder(portal: Portal, capsys,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    reader = _published(portal)
    folder = reader / Path(ITEM).parent
    monkeypatch.chdir(folder)
    code, out, err = _log(folder, capsys, Path(ITEM).name, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["path"] == ITEM


def test_a_file_never_submitted(portal: Portal, capsys) -> None:
    reader = _published(portal)
    code, out, err = _log(reader, capsys, "content/news/2026/khong-co.vi.md")
    assert code == 1 and out == ""
    assert "never submitted" in err and "Traceback" not in err


def test_an_unsigned_approval_on_an_unguarded_server(portal: Portal, capsys) -> None:
    portal.clone(AUTHOR).topic(TOPIC, news())
    head = portal.clone(UNIT_HEAD)
    head.approve(HEAD, TOPIC, "unit_head", sign=False)
    portal.land(head, HEAD)
    head.git("fetch", "-q", "origin")
    code, out, _err = _log(head.path, capsys, ITEM, "--format", "json")
    assert code == 0
    approvals = [event for event in _events(out) if event["kind"] == "approved"]
    assert [(event["stage"], event["person"], event["signature"], event["key"])
            for event in approvals] == [(HEAD, UNIT_HEAD, "unsigned", "")]
    text = _log(head.path, capsys, ITEM)[1]
    assert "signature: none (the merge is not signed)" in text
