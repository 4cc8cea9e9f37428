"""`portal`: help in Vietnamese or English, `portal new` skeletons, clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core import frontmatter
from tests.helpers import NEWS_FRONT_MATTER, make_repo, write_item
from workflow.cli import main


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as leaving:
        main([*args, "--help"])
    assert leaving.value.code == 0
    return capsys.readouterr().out


def test_help_is_vietnamese_by_default(capsys) -> None:
    text = _help(capsys)
    assert "Cách dùng" in text and "xây dựng" in text
    assert "show this help" not in text


def test_help_in_english_on_request(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "usage:" in _help(capsys, "--lang", "en")
    monkeypatch.setenv("PORTAL_LANG", "en")
    text = _help(capsys)
    assert "build the whole site" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_command_help_names_the_usage_once(capsys, lang: str) -> None:
    text = _help(capsys, "--lang", lang, "check")
    first_line = text.splitlines()[0]
    assert first_line.count("usage") + first_line.count("Cách dùng") == 1
    assert "portal check" in first_line


def test_new_writes_a_skeleton_with_every_key(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    code = main(["--repo", str(repo), "new", "news", "tiep-doan-quang-tay",
                 "--date", "2026-11-20 09:00"])
    assert code == 0
    path = repo / "content" / "news" / "2026" / "tiep-doan-quang-tay.vi.md"
    document = frontmatter.read(path)
    assert document.meta["date"] == "2026-11-20 09:00"
    assert {"title", "category", "unit", "author", "summary"} <= set(document.meta)
    assert "image_alt" in path.read_text(encoding="utf-8")
    assert main(["--repo", str(repo), "new", "news", "tiep-doan-quang-tay"]) == 1
    assert "tiep-doan-quang-tay.vi.md" in capsys.readouterr().err


def test_new_translation_copies_the_original(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/hop-tac.vi.md",
               NEWS_FRONT_MATTER.format(title="Hợp tác", date="2026-11-02 08:00"), "Thân bài.")
    assert main(["--repo", str(repo), "new", "news", "hop-tac", "--lang", "en"]) == 0
    translation = frontmatter.read(repo / "content" / "news" / "2026" / "hop-tac.en.md")
    assert translation.meta["date"] == "2026-11-02 08:00"
    assert translation.meta["unit"] == "hop-tac-quoc-te"
    assert "Thân bài." in translation.body


def test_new_translation_needs_an_original(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    assert main(["--repo", str(repo), "new", "news", "khong-co", "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert "portal new news khong-co" in err
    assert not list((repo / "content").rglob("khong-co*"))


@pytest.mark.parametrize("args", [["new", "tin", "x"], ["new", "news", "Tiếng-Việt"]])
def test_new_rejects_bad_input_without_traceback(tmp_path: Path, capsys, args) -> None:
    repo = make_repo(tmp_path / "repo")
    assert main(["--repo", str(repo), *args]) == 1
    assert "Traceback" not in capsys.readouterr().err
