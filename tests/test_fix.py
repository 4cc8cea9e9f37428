"""`portal check --fix` changes the text it reports and nothing else: not the file's
permissions, not the joiners that make one emoji out of several."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins.core.atomic import write_bytes
from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.cli import main

ZWJ = "\u200d"
FAMILY = "👨\u200d👩\u200d👧"
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"
TECHNOLOGIST = "🧑🏽\u200d💻"  # a skin tone between the emoji and the joiner
EMOJI_LINE = f"Gia đình {FAMILY} dưới lá cờ {RAINBOW_FLAG}, cùng {TECHNOLOGIST}."
WORD_LINE = f"Hợp tác Vi{ZWJ}ệt – Trung."


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, whatever the machine running the tests uses."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _fix(repo: Path, capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str]:
    status = main(["--repo", str(repo), "--lang", "en", "check", "--fix",
                   *(str(path) for path in paths)])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return status, output


@pytest.mark.parametrize("mode", [0o755, 0o640, 0o600])
def test_fix_keeps_the_permissions_of_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int) -> None:
    repo = make_repo(tmp_path / "repo")
    item = write_item(repo, "news/2026/hop-tac.vi.md", GOOD_NEWS, WORD_LINE)
    item.chmod(mode)
    status, output = _fix(repo, capsys, item)
    assert status == 0, output
    assert "fixed content/news/2026/hop-tac.vi.md: invisible-char" in output
    assert "Hợp tác Việt – Trung." in item.read_text(encoding="utf-8")
    assert stat.S_IMODE(item.stat().st_mode) == mode
    assert not list(item.parent.glob(".*.tmp"))


def test_fix_keeps_emoji_sequences_and_removes_a_joiner_inside_a_word(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo")
    item = write_item(repo, "news/2026/bieu-tuong.vi.md", GOOD_NEWS,
                      f"{EMOJI_LINE}\n\n{WORD_LINE}")
    expected = item.read_bytes().replace(f"Vi{ZWJ}ệt".encode(), "Việt".encode())

    main(["--repo", str(repo), "--lang", "en", "check", str(item)])
    reported = [line for line in capsys.readouterr().out.splitlines() if "[invisible-char]" in line]
    assert reported == ["content/news/2026/bieu-tuong.vi.md:12: error [invisible-char] invisible "
                        "character ZERO WIDTH JOINER at column 11; run 'portal check --fix' to "
                        "remove it"]

    status, output = _fix(repo, capsys, item)
    assert status == 0, output
    assert item.read_bytes() == expected
    for sequence in (FAMILY, RAINBOW_FLAG, TECHNOLOGIST):
        assert sequence.encode() in item.read_bytes()


def test_emoji_alone_are_neither_reported_nor_rewritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo")
    item = write_item(repo, "news/2026/chi-bieu-tuong.vi.md", GOOD_NEWS, EMOJI_LINE)
    before = item.read_bytes()
    status, output = _fix(repo, capsys, item)
    assert status == 0, output
    assert "fixed" not in output and "[invisible-char]" not in output
    assert item.read_bytes() == before


@pytest.mark.parametrize("text", [f"{ZWJ}👨", f"👨{ZWJ}", f"👨{ZWJ}a", f"a{ZWJ}👩",
                                  f"👨{ZWJ}{ZWJ}👩"])
def test_a_joiner_not_between_two_emoji_is_removed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    repo = make_repo(tmp_path / "repo")
    item = write_item(repo, "news/2026/noi-sai.vi.md", GOOD_NEWS, f"Biểu tượng {text} lạc.")
    _fix(repo, capsys, item)
    assert ZWJ not in item.read_text(encoding="utf-8")


def test_new_files_get_the_umask_mode(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], umask_022: None) -> None:
    repo = make_repo(tmp_path / "repo")
    assert main(["--repo", str(repo), "new", "news", "tiep-doan", "--date",
                 "2026-11-20 09:00"]) == 0
    created = repo / "content" / "news" / "2026" / "tiep-doan.vi.md"
    assert stat.S_IMODE(created.stat().st_mode) == 0o644
    assert "Traceback" not in capsys.readouterr().err


def test_a_replaced_file_keeps_a_mode_wider_than_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "hook"
    target.write_bytes(b"old")
    target.chmod(0o775)
    previous = os.umask(0o077)
    try:
        write_bytes(target, b"new")
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o775
