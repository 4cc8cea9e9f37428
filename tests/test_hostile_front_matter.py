"""A closed front-matter contract: no key an editor writes can decide where or how a page is
written, or replace its sanitized body. Each hostile file is refused by `portal check` and by a
public build (naming file and line, output untouched), and is powerless in a preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.schema import RESERVED_NAMES, schema_for
from tests.helpers import GOOD_NEWS, make_repo, snapshot, write_item
from workflow.build import build_site
from workflow.cli import main

HOSTILE_KEYS = {
    "_content": '"<script>alert(1)</script>"',
    "save_as": "index.html",
    "url": "../../index.html",
    "template": "404",
    "override_save_as": "english/index.html",
    "slug": "index",
    "status": "hidden",
}


def _repo_with(tmp_path: Path, key: str, value: str) -> Path:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS)
    write_item(repo, "news/2026/tin-doc.vi.md", GOOD_NEWS + f"    {key}: {value}\n",
               "Nội dung bình thường.")
    return repo


@pytest.mark.parametrize("key", sorted(HOSTILE_KEYS))
def test_check_refuses_a_key_that_would_steer_pelican(tmp_path: Path, capsys, key: str) -> None:
    repo = _repo_with(tmp_path, key, HOSTILE_KEYS[key])
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    rule = "invalid-choice" if key == "status" else "unknown-field"
    assert f"content/news/2026/tin-doc.vi.md:8: error [{rule}]" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("key", ["_content", "save_as", "template", "url"])
def test_public_build_refuses_and_keeps_the_live_site(tmp_path: Path, capsys, key: str) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS)
    assert main(["--repo", str(repo), "build", "--publish"]) == 0
    live = snapshot(repo / "output")
    write_item(repo, "news/2026/tin-doc.vi.md", GOOD_NEWS + f"    {key}: {HOSTILE_KEYS[key]}\n")
    capsys.readouterr()
    assert main(["--repo", str(repo), "build", "--publish"]) == 1
    err = capsys.readouterr().err
    assert "content/news/2026/tin-doc.vi.md:8:" in err
    assert "Traceback" not in err
    assert snapshot(repo / "output") == live


def test_in_a_preview_the_keys_reach_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS)
    front = GOOD_NEWS + "".join(f"    {key}: {value}\n" for key, value in HOSTILE_KEYS.items()
                                if key != "status")
    write_item(repo, "news/2026/tin-doc.vi.md", front, "Nội dung bình thường.")
    report = build_site(repo)
    output = report.output
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in home and "Sở Ngoại vụ" in home
    assert not (output / "tin-tuc" / "tin-doc").exists(), "an unknown key leaves the file out"
    assert any("tin-doc.vi.md:8" in warning for warning in report.warnings)
    assert all("<script>alert" not in path.read_text(encoding="utf-8")
               for path in output.rglob("*.html"))


def test_near_misses_get_a_suggestion(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    front = GOOD_NEWS.replace("category:", "catgory:").replace("author: ha-minh-duc",
                                                                "author: Nguyễn Thu Trang")
    write_item(repo, "news/2026/go-nham.vi.md", front)
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert "go-nham.vi.md:4: error [unknown-field] 'catgory'" in out
    assert "'category'" in out
    assert "go-nham.vi.md:6: error [vocabulary] 'Nguyễn Thu Trang'" in out
    assert "'nguyen-thu-trang'" in out


def test_no_schema_field_is_a_name_pelican_acts_on() -> None:
    """Pelican sets every metadata key as a page attribute; the ones it means to read (title,
    date, category, tags, author, summary, status) are ours on purpose, nothing else may clash
    with what Pelican's Article and Page already carry."""
    from pelican.contents import Article, Page  # noqa: PLC0415 - only this test needs Pelican

    intended = {"title", "date", "category", "tags", "author", "summary", "status"}
    pelican_names = {name for cls in (Article, Page) for name in dir(cls)} | RESERVED_NAMES
    for section in ("news", "announcements", "documents", "procedures", "questions",
                    "schedules", "pages"):
        names = {field.name for field in schema_for(section).fields}
        assert (names & pelican_names) - intended == set(), section
