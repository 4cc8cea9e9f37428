"""What may not go public yet: untouched skeletons, untranslated translations, translations of
drafts, links to drafts and sensitive items. A preview shows them (with the finding); a public
build refuses or leaves them out, and never publishes a draft's address."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GOOD_NEWS, make_repo, read_page, snapshot, write_item
from workflow.build import BuildError, build_site
from workflow.cli import main

ENGLISH_NEWS = GOOD_NEWS.replace("Bản tin đúng quy định", "A bulletin").replace(
    "Tóm tắt ngắn của bản tin.", "A short summary.")


def _new(repo: Path, *args: str) -> Path:
    assert main(["--repo", str(repo), "new", *args, "--date", "2026-11-20 09:00"]) == 0
    return next(path for path in (repo / "content").rglob("*.md")
                if path.name.startswith(args[1]) and path.name.endswith(
                    f".{args[args.index('--lang') + 1] if '--lang' in args else 'vi'}.md"))


def test_an_untouched_skeleton_is_refused(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    path = _new(repo, "news", "chua-viet")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    lines = path.read_text(encoding="utf-8").split("\n")
    title_line = next(n for n, line in enumerate(lines, 1) if line.startswith("title:"))
    body_line = len(lines) - 1
    assert f"chua-viet.vi.md:{title_line}: error [placeholder]" in out
    assert f"chua-viet.vi.md:{body_line}: error [placeholder]" in out


def test_a_procedure_skeleton_has_only_procedure_keys(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    text = _new(repo, "procedures", "thu-tuc-moi").read_text(encoding="utf-8")
    assert "source:" not in text, "collected-news source is a news key"
    assert "code: 1.000000.000.00.00.H01" in text
    capsys.readouterr()
    assert main(["--repo", str(repo), "check"]) == 1
    assert "error [placeholder] 'code'" in capsys.readouterr().out


def test_an_untranslated_translation_is_refused_until_translated(tmp_path: Path,
                                                                 capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/hop-tac.vi.md", GOOD_NEWS, "Nội dung tiếng Việt.")
    path = _new(repo, "news", "hop-tac", "--lang", "en")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check"]) == 1
    out = capsys.readouterr().out
    assert "hop-tac.en.md:2: error [untranslated]" in out, out
    assert "# dịch" in path.read_text(encoding="utf-8"), "the editor's messages stay Vietnamese"
    translated = path.read_text(encoding="utf-8").replace("  # dịch", "").replace(
        "Bản tin đúng quy định", "A bulletin").replace("Tóm tắt ngắn của bản tin.",
                                                       "A short summary.").replace(
        "Nội dung tiếng Việt.", "The English text.")
    path.write_text(translated, encoding="utf-8")
    assert main(["--repo", str(repo), "check"]) == 0, capsys.readouterr().out


def test_translations_of_a_draft_are_not_published(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/cong-khai.vi.md", GOOD_NEWS)
    write_item(repo, "news/2026/nhap.vi.md", GOOD_NEWS + "    status: draft\n")
    write_item(repo, "news/2026/nhap.en.md", ENGLISH_NEWS, "English text.")
    output = build_site(repo, publish=True).output
    assert not (output / "english" / "news" / "nhap").exists()
    assert "/drafts/" not in "".join(p.read_text(encoding="utf-8")
                                     for p in output.rglob("*.html"))


def test_a_published_page_never_switches_to_a_draft_translation(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/song-ngu.vi.md", GOOD_NEWS)
    write_item(repo, "news/2026/song-ngu.en.md", ENGLISH_NEWS + "    status: draft\n",
               "English text.")
    output = build_site(repo, publish=True).output
    page = read_page(output / "tin-tuc" / "song-ngu" / "index.html")
    assert "en" not in page.alternates
    assert not any("/english/news/song-ngu/" in href for href, _ in page.links)


def test_a_link_to_a_draft_blocks_the_public_build(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/cong-khai.vi.md", GOOD_NEWS)
    build_site(repo, publish=True)
    live = snapshot(repo / "output")
    write_item(repo, "news/2026/nhap.vi.md", GOOD_NEWS + "    status: draft\n")
    write_item(repo, "news/2026/tro-toi-nhap.vi.md", GOOD_NEWS,
               "Xem [bản nháp]({filename}nhap.vi.md).")
    capsys.readouterr()
    assert main(["--repo", str(repo), "build", "--publish"]) == 1
    assert "tro-toi-nhap.vi.md:10: error [draft-link]" in capsys.readouterr().err
    assert snapshot(repo / "output") == live
    preview = build_site(repo)
    assert (preview.output / "tin-tuc" / "tro-toi-nhap" / "index.html").exists()


def test_a_sensitive_item_holds_the_public_build_but_shows_in_a_preview(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/nhay-cam.vi.md", GOOD_NEWS + "    sensitive: true\n")
    with pytest.raises(BuildError) as refused:
        build_site(repo, publish=True)
    assert any("nhay-cam.vi.md:8: error [sensitive]" in line for line in refused.value.problems)
    preview = build_site(repo)
    assert (preview.output / "tin-tuc" / "nhay-cam" / "index.html").exists()
    assert any("[sensitive]" in warning for warning in preview.warnings)


def test_a_preview_of_broken_files_speaks_the_editors_language(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tot.vi.md", GOOD_NEWS,
               "Xem [tệp thiếu]({filename}khong-co.vi.md) và ![ảnh]({static}/media/khong.png)")
    write_item(repo, "news/2026/thieu-tieu-de.vi.md", GOOD_NEWS.replace("title:", "tieu_de:"))
    (repo / "content" / "news" / "2026" / "hong.vi.md").write_text("không có phần đầu",
                                                                   encoding="utf-8")
    report = build_site(repo)
    said = "\n".join(report.warnings)
    for english in ("Skipping", "Could not process", "Unable to find", "Traceback"):
        assert english not in said
    assert "content/news/2026/thieu-tieu-de.vi.md:" in said
    assert "content/news/2026/hong.vi.md:1" in said
    assert (report.output / "tin-tuc" / "tot" / "index.html").exists()
