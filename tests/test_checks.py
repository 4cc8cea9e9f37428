"""`portal check` and the checks plugin: each rule on a file that breaks it, the demo clean,
the output an editor and CI read, `--fix`, and the build refusing to publish errors."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from plugins.core.agency import load_agency
from plugins.core.checks.cache import FindingsCache, tree_key
from plugins.core.checks.engine import Checker
from plugins.core.checks.registry import RULES
from plugins.core.index import build_index
from tests.helpers import GOOD_NEWS, ROOT, make_repo, write_item
from workflow.build import BuildError, build_site
from workflow.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "bad_content"
LINE = re.compile(r"^(?P<path>[^:]+)(?::(?P<line>\d+))?: (?P<severity>error|warning) "
                  r"\[(?P<rule>[a-z-]+)\] .+$")


@pytest.fixture
def bad_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(FIXTURES, repo / "content", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("expectations.yaml"))
    return repo


def _expectations() -> dict[str, list[list]]:
    return yaml.safe_load((FIXTURES / "expectations.yaml").read_text(encoding="utf-8"))


def test_every_rule_has_a_bad_file() -> None:
    covered = {rule for found in _expectations().values() for rule, _line in found}
    # Made on the fly elsewhere: 2 MiB is too big to ship, git fixtures hold no symbolic links
    # (tests/test_hostile_files.py), and configuration errors have their own module.
    assert set(RULES) - covered == {"media-size", "symlink", "config"}


def test_each_bad_file_yields_exactly_its_rule_and_line(bad_repo: Path) -> None:
    report = Checker(bad_repo).run()
    found: dict[str, list[list]] = {}
    for finding in report.findings:
        found.setdefault(finding.path.removeprefix("content/"), []).append(
            [finding.rule, finding.line])
    expected = {path: rules for path, rules in _expectations().items() if rules}
    assert found == expected


def test_media_over_the_size_limit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    big = repo / "content" / "media" / "2026" / "anh-qua-lon.png"
    big.parent.mkdir(parents=True)
    big.write_bytes(b"\x89PNG" + b"\0" * (2048 * 1024 + 1))
    write_item(repo, "news/2026/anh-lon.vi.md",
               GOOD_NEWS + "    image: media/2026/anh-qua-lon.png\n    image_alt: Ảnh quá lớn\n")
    rules = [(f.path, f.rule, f.line) for f in Checker(repo).run().findings]
    assert ("content/news/2026/anh-lon.vi.md", "media-size", 8) in rules
    assert ("content/media/2026/anh-qua-lon.png", "media-size", 0) in rules


def test_demo_content_passes_clean() -> None:
    report = Checker(ROOT).run()
    assert [finding.as_line() for finding in report.findings] == []
    assert report.files > 50


def test_output_lines_summary_and_exit_code(bad_repo: Path, capsys) -> None:
    assert main(["--repo", str(bad_repo), "check"]) == 1
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    assert "content/news/2026/dau-mat.vi.md:10: error [state-secret]" in out
    assert "lỗi" in err and "cảnh báo" in err


def test_messages_in_english_on_request(bad_repo: Path, capsys) -> None:
    main(["--repo", str(bad_repo), "check", "content/news/2026/thieu-don-vi.vi.md"])
    vietnamese = capsys.readouterr().out
    main(["--repo", str(bad_repo), "check", "--lang", "en",
          str(bad_repo / "content/news/2026/thieu-don-vi.vi.md")])
    english = capsys.readouterr().out
    assert "bắt buộc" in vietnamese
    assert "'unit' is required in news" in english


def test_json_for_ci(bad_repo: Path, capsys) -> None:
    assert main(["--repo", str(bad_repo), "check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == sum(1 for f in data["findings"] if f["severity"] == "error")
    assert {"path", "line", "severity", "rule", "message"} <= set(data["findings"][0])


def test_warnings_pass_unless_strict(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/canh-bao.vi.md", GOOD_NEWS, "Gọi anh Nam số 0912 345 678.")
    assert main(["--repo", str(repo), "check"]) == 0
    assert "[personal-data]" in capsys.readouterr().out
    assert main(["--repo", str(repo), "check", "--strict"]) == 1


def test_paths_limit_the_check(bad_repo: Path, capsys) -> None:
    target = bad_repo / "content" / "news" / "2026" / "tu-cam.vi.md"
    assert main(["--repo", str(bad_repo), "check", str(target)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "[forbidden-term]" in out


def test_fix_repairs_text_in_place_and_reports_it(tmp_path: Path, capsys) -> None:
    repo = make_repo(tmp_path / "repo")
    decomposed = unicodedata.normalize("NFD", "Hội") + "\u00ad" + unicodedata.normalize("NFD",
                                                                                   "nghị")
    broken = write_item(repo, "news/2026/sua-duoc.vi.md", GOOD_NEWS,
                        f"{decomposed}. Së Ngo¹i vô tØnh L¹ng S¬n ban hµnh quy chÕ.")
    untouched = write_item(repo, "news/2026/khong-sua.vi.md", GOOD_NEWS, "Quảng cáo casino "
                           "trực tuyến.")
    before_untouched = untouched.read_bytes()
    assert main(["--repo", str(repo), "check", "--fix"]) == 1  # the forbidden term remains
    out = capsys.readouterr().out
    assert "content/news/2026/sua-duoc.vi.md" in out and "nfc" in out
    text = broken.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text) and "\u00ad" not in text
    assert "Hộinghị." in text
    assert "Sở Ngoại vụ tỉnh Lạng Sơn ban hành quy chế" in text
    assert untouched.read_bytes() == before_untouched
    assert not list(broken.parent.glob(".*.tmp"))
    assert [f.rule for f in Checker(repo).run().findings] == ["forbidden-term"]


def test_publish_build_refuses_errors_preview_warns(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/tin-tot.vi.md", GOOD_NEWS)
    write_item(repo, "news/2026/co-script.vi.md", GOOD_NEWS,
               "Đoạn đầu.\n\n<script>alert('x')</script>\n\nĐoạn cuối.")
    with pytest.raises(BuildError) as failure:
        build_site(repo, publish=True)
    assert any("co-script.vi.md:12: error [unsafe-html]" in p for p in failure.value.problems)
    report = build_site(repo)
    assert any("[unsafe-html]" in warning for warning in report.warnings)
    page = (report.output / "tin-tuc" / "co-script" / "index.html").read_text(encoding="utf-8")
    assert "alert('x')" not in page and "<script>" not in page
    assert "Đoạn cuối." in page


@pytest.mark.parametrize("markup", [
    "<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">",
    "<a href=\"javascript:alert(1)\">bấm</a>",
    "[bấm](javascript:alert(1))",
    "<iframe src=\"https://evil.example/video\" title=\"v\"></iframe>",
    "<form action=\"/gui\"><input name=\"x\"></form>",
    "<img src=\"data:image/png;base64,AAAA\" alt=\"x\">",
    "<div style=\"position:fixed\">x</div>",
])
def test_unsafe_markup_is_named(tmp_path: Path, markup: str) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/html.vi.md", GOOD_NEWS, markup)
    findings = [f for f in Checker(repo).run().findings if f.rule == "unsafe-html"]
    assert findings and findings[0].line == 10
    assert markup.split(maxsplit=1)[0].strip("[") in findings[0].message or "javascript" in \
        findings[0].message


def test_allowed_markup_and_video_pass(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/video.vi.md", GOOD_NEWS,
               "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Phim tư liệu\">"
               "</iframe>\n\n<p class=\"ghi-chu\">Ghi <strong>chú</strong></p>\n\n"
               "```html\n<script>ví dụ trong khối mã</script>\n```")
    assert Checker(repo).run().findings == []


@pytest.mark.parametrize(("line", "flagged"), [
    ("Bảo vệ bí mật nhà nước là trách nhiệm của mọi công dân.", False),
    ("Mật độ dân cư vùng biên giới thấp.", False),
    ("MẬT", True),
    ("[TỐI MẬT]", True),
    ("Văn bản này thuộc loại TUYỆT MẬT.", True),
    ("Độ mật: Mật", True),
])
def test_state_secret_stamps(tmp_path: Path, line: str, flagged: bool) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/mat.vi.md", GOOD_NEWS, line)
    rules = [f.rule for f in Checker(repo).run().findings]
    assert ("state-secret" in rules) is flagged


def test_agency_contacts_are_not_personal_data(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/lien-he.vi.md", GOOD_NEWS,
               "Đường dây nóng 0205 3896 889, thư điện tử songv@langson.gov.vn. Số CCCD "
               "001203004567 của ông A.")
    findings = [f for f in Checker(repo).run().findings if f.rule == "personal-data"]
    assert len(findings) == 1 and "001203004567" in findings[0].message


def test_build_cache_never_hides_a_change(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    item = write_item(repo, "news/2026/tin.vi.md", GOOD_NEWS, "Nội dung sạch.")
    assert build_site(repo).warnings == []
    item.write_text(item.read_text(encoding="utf-8").replace("Nội dung sạch.",
                                                             "Quảng cáo casino trực tuyến."),
                    encoding="utf-8")
    assert any("[forbidden-term]" in warning for warning in build_site(repo).warnings)
    checks = repo / "content" / "_config" / "checks.yaml"
    checks.write_text(checks.read_text(encoding="utf-8").replace("  - casino trực tuyến\n", ""),
                      encoding="utf-8")
    assert build_site(repo).warnings == []
    write_item(repo, "news/2026/lien-ket.vi.md", GOOD_NEWS,
               "[Xem tin]({filename}/news/2026/khac.vi.md)")
    assert any("[broken-link]" in warning for warning in build_site(repo).warnings)
    write_item(repo, "news/2026/khac.vi.md", GOOD_NEWS)
    assert build_site(repo).warnings == []


def test_findings_are_filed_under_the_bytes_checked(tmp_path: Path) -> None:
    """A build finds a file's cached findings by the bytes it read for its key. A file changed
    after that read is checked as it is then, and its findings are filed under the bytes
    checked, never under those read before: once the file is back as it was, its own
    findings are found again, not the ones of the text it had meanwhile."""
    repo = make_repo(tmp_path / "repo")
    content, relpath = repo / "content", Path("news/2026/tin.vi.md")
    item = write_item(repo, relpath.as_posix(), GOOD_NEWS, "Quảng cáo casino trực tuyến.")
    advertising = item.read_bytes()

    def check(read_for_the_key: bytes) -> list[str]:
        index = build_index(content, load_agency(content))
        index.read_documents({relpath: read_for_the_key})
        checker = Checker(repo, index=index)
        checker.cache = FindingsCache(tmp_path / "findings.pickle", tree_key(content))
        rules = [finding.rule for finding in checker.check_file(relpath)]
        checker.cache.save()
        return rules

    write_item(repo, relpath.as_posix(), GOOD_NEWS, "Nội dung sạch.")
    assert "forbidden-term" not in check(read_for_the_key=advertising)
    item.write_bytes(advertising)
    assert "forbidden-term" in check(read_for_the_key=advertising)
