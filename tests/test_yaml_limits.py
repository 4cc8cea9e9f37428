"""Hostile YAML in front matter and configuration: `portal check` refuses it quickly, in little
memory, naming the file and the line, with exit status 1 and never a traceback.

An editor's file (or a malicious one sent for approval) must not take the server down: YAML
aliases can describe billions of values in a few hundred bytes, deep nesting exhausts the
recursion limit, Python refuses integers of more than 4,300 digits, and a date in year 9999
overflows the working-day arithmetic of the deadlines.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.cli import main

NEWS = "news/2026/tin-thu.vi.md"
CHECKS = Path("content/_config/checks.yaml")
# Nine lists of nine aliases of the previous list: 9**9 (387 million) strings once expanded.
BOMB = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n" for level in range(1, 9))
FAST_SECONDS = 2.0
SMALL_MEMORY = 32 * 1024 * 1024


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def check(repo: Path, capsys: pytest.CaptureFixture[str],
          command: str = "check") -> tuple[int, str]:
    """`portal check` (or another command) on `repo`: exit status and everything printed."""
    code = main(["--repo", str(repo), command])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return code, output


def news_with(extra: str) -> str:
    """A valid news item's front matter with `extra` lines after it (from line 8 on)."""
    return GOOD_NEWS.rstrip() + "\n    " + extra


def test_alias_bomb_in_front_matter_is_refused_fast_in_little_memory(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_item(repo, NEWS, GOOD_NEWS.rstrip() + "\n    " + BOMB.replace("\n", "\n    "))
    tracemalloc.start()
    started = time.perf_counter()
    code, output = check(repo, capsys)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 1
    assert f"content/{NEWS}:" in output and "[front-matter]" in output
    assert elapsed < FAST_SECONDS and peak < SMALL_MEMORY


def test_alias_bomb_in_checks_yaml_is_refused_fast_in_little_memory(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / CHECKS
    text = path.read_text(encoding="utf-8")
    path.write_text(text + BOMB, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    code, output = check(repo, capsys)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 1
    first_bomb_line = text.count("\n") + 1
    line = int(output.split(f"{CHECKS}:")[1].split(":")[0])
    assert first_bomb_line <= line <= first_bomb_line + 8
    assert elapsed < FAST_SECONDS and peak < SMALL_MEMORY


def test_self_referencing_anchor_is_refused(repo: Path, capsys) -> None:
    write_item(repo, NEWS, news_with("tags: &loop [a, *loop]"))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:8: error [front-matter]" in output


def test_990_deep_list_is_refused_at_its_line(repo: Path, capsys) -> None:
    write_item(repo, NEWS, news_with("tags: " + "[" * 990 + "]" * 990))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:8: error [front-matter]" in output
    assert "20" in output  # the nesting limit is named


def test_4400_digit_integer_is_refused_at_its_line(repo: Path, capsys) -> None:
    write_item(repo, NEWS, news_with("priority: " + "7" * 4400))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:8: error [front-matter]" in output
    assert "4400" in output


def test_year_9999_date_is_a_field_type_error(repo: Path, capsys) -> None:
    write_item(repo, NEWS, GOOD_NEWS.replace("2026-11-02 09:00", "9999-12-31 09:00"))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:3: error [field-type]" in output


def test_year_9999_in_the_deadline_dates_of_a_question(repo: Path, capsys) -> None:
    """The deadline clock starts at `received`: a year 9999 there used to overflow."""
    write_item(repo, "questions/hoi-nam-xa.vi.md", """
        title: Câu hỏi về thủ tục
        date: 2026-11-02 09:00
        category: hoi-dap
        unit: lanh-su
        author: be-thi-thu
        question: Thủ tục cấp thị thực mất bao lâu?
        received: 9999-12-30 10:00
    """)
    code, output = check(repo, capsys)
    assert code == 1
    assert "content/questions/hoi-nam-xa.vi.md:8: error [field-type]" in output
    assert main(["--repo", str(repo), "deadlines"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_duplicate_key_is_refused_naming_both_lines(repo: Path, capsys) -> None:
    write_item(repo, NEWS, news_with("title: Tiêu đề thứ hai"))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:8: error [front-matter]" in output and "2" in output


def test_oversized_front_matter_is_refused(repo: Path, capsys) -> None:
    write_item(repo, NEWS, news_with("source: " + "Báo Lạng Sơn. " * 6000))
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}:2: error [front-matter]" in output and "64" in output


def test_oversized_content_file_is_refused(repo: Path, capsys) -> None:
    write_item(repo, NEWS, GOOD_NEWS, "Một đoạn văn dài.\n\n" * 70_000)
    code, output = check(repo, capsys)
    assert code == 1
    assert f"content/{NEWS}: error [front-matter]" in output and "1024" in output  # whole file


def test_oversized_configuration_file_is_refused(repo: Path, capsys) -> None:
    path = repo / CHECKS
    path.write_text(path.read_text(encoding="utf-8") + "#" * (1024 * 1024) + "\n",
                    encoding="utf-8")
    code, output = check(repo, capsys)
    assert code == 1
    assert f"{CHECKS}: " in output and "1024" in output  # the whole file


def test_impossible_date_in_configuration_names_its_line(repo: Path, capsys) -> None:
    path = repo / "content/_config/calendar.yaml"
    text = path.read_text(encoding="utf-8").replace("date: 2026-01-10", "date: 2026-02-30")
    path.write_text(text, encoding="utf-8")
    code, output = check(repo, capsys, "deadlines")
    assert code == 1
    line = text.splitlines().index("      - date: 2026-02-30") + 1
    assert f"content/_config/calendar.yaml:{line}:" in output
