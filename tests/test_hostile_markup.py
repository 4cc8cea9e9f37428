"""Content rules that an editor cannot fool by how markup is written: words hidden by
entities, emphasis, tags or line breaks; addresses that browsers read differently from
`urllib`; links and media fields that climb out of their folder or pass through a symbolic
link. Each hostile file goes through `portal check` and the real rules; each harmless one
stays clean."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugins.core.checks.config import load_check_config
from plugins.core.checks.html_policy import sanitize, url_problem
from tests.helpers import GOOD_NEWS, make_repo, write_item
from workflow.cli import main

ITEM = "news/2026/tin-doc.vi.md"
SHOWN = f"content/{ITEM}"
BODY_LINE = 10  # GOOD_NEWS: '---', six keys, '---', a blank line, then the body


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def _check(repo: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    status = main(["--repo", str(repo), "check", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return status, captured.out


def _findings(out: str) -> list[str]:
    """The finding lines of the output (the count at the end is not one)."""
    return [line for line in out.splitlines() if line.startswith("content/")]


HIDDEN_WORDS = {
    "entity-stamp": ("TUY&#7878;T M&#7852;T", 0, "error [state-secret]"),
    "split-emphasis": ("Tài liệu này **TỐI** **MẬT**, không phổ biến.", 0, "error [state-secret]"),
    "emphasis-in-word": ("Đoạn mở đầu.\n\nM**Ậ**T", 2, "error [state-secret]"),
    "inline-tag-split": ("Văn bản TUYỆT MẬ<b></b>T của Sở.", 0, "error [state-secret]"),
    "soft-line-break": ("Không tham gia cá độ\nbóng đá trên mạng.", 0, "error [forbidden-term]"),
    "link-destination": ("Quảng cáo [casino](#muc) trực tuyến.", 0, "error [forbidden-term]"),
    "soft-hyphen-entity": ("Trang casi&shy;no trực tuyến.", 0, "error [forbidden-term]"),
    "comment-split": ("Chống cá<!-- x --> độ bóng đá.", 0, "error [forbidden-term]"),
    "entity-phone": ("Liên hệ anh Nam: 0912&#32;345&#32;678.", 0, "warning [personal-data]"),
    "entity-digit": ("Liên hệ chị Lan: &#48;912345678.", 0, "warning [personal-data]"),
    "escaped-phone": ("Gọi ông Bình: 0912\\.345\\.678.", 0, "warning [personal-data]"),
    "line-broken-phone": ("Gọi anh Tâm: 0912\n345 678.", 0, "warning [personal-data]"),
    "tab-split-term": ("Quảng cáo bán\tsúng.", 0, "error [forbidden-term]"),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_WORDS))
def test_words_hidden_by_markup_are_found(repo: Path, capsys, case: str) -> None:
    body, line, expected = HIDDEN_WORDS[case]
    write_item(repo, ITEM, GOOD_NEWS, body)
    status, out = _check(repo, capsys)
    assert f"{SHOWN}:{BODY_LINE + line}: {expected}" in out
    assert status == (0 if expected.startswith("warning") else 1)


def test_a_word_seen_both_ways_is_reported_once(repo: Path, capsys) -> None:
    write_item(repo, ITEM, GOOD_NEWS, "Không **cá độ bóng đá**.\n\nKhông cá độ\nbóng đá.")
    _status, out = _check(repo, capsys)
    assert out.count("[forbidden-term]") == 2
    assert f"{SHOWN}:{BODY_LINE}: error" in out and f"{SHOWN}:{BODY_LINE + 2}: error" in out


def test_entities_in_front_matter_are_decoded(repo: Path, capsys) -> None:
    title = "Kế hoạch TUY&#7878;T M&#7852;T"
    write_item(repo, ITEM, GOOD_NEWS.replace("Bản tin đúng quy định", title))
    status, out = _check(repo, capsys)
    assert status == 1 and f"{SHOWN}:2: error [state-secret]" in out


UNSAFE_ADDRESSES = {
    "backslash-iframe-host": '<iframe src="http://evil.example\\@www.youtube.com/embed/x" '
                             'title="v"></iframe>',
    "credentials-in-iframe": '<iframe src="https://user:pass@www.youtube.com/embed/x" '
                             'title="v"></iframe>',
    "scheme-relative-iframe": '<iframe src="//evil.example/embed/x" title="v"></iframe>',
    "plain-http-iframe": '<iframe src="http://www.youtube.com/embed/x" title="v"></iframe>',
    "tab-in-scheme": '<a href="java\tscript:alert(1)">bấm</a>',
    "entity-encoded-scheme": '<a href="jav&#x61;script&colon;alert(1)">bấm</a>',
    "markdown-entity-scheme": "[bấm](&#106;avascript:alert(1))",
    "markdown-escaped-scheme": "[bấm](java\\-script:alert(1))",
    "leading-control-char": '<a href="&#1;javascript:alert(1)">bấm</a>',
    "autolink-javascript": "<javascript:alert(1)>",
    "credentials-in-link": "[bấm](https://admin:mat-khau@chinhphu.vn/)",
}


@pytest.mark.parametrize("case", sorted(UNSAFE_ADDRESSES))
def test_addresses_are_read_as_browsers_read_them(repo: Path, capsys, case: str) -> None:
    write_item(repo, ITEM, GOOD_NEWS, UNSAFE_ADDRESSES[case])
    status, out = _check(repo, capsys)
    assert status == 1 and f"{SHOWN}:{BODY_LINE}: error [unsafe-html]" in out


def test_reference_definitions_are_checked_too(repo: Path, capsys) -> None:
    write_item(repo, ITEM, GOOD_NEWS, "Xem [tại đây][r].\n\n[r]: javascript:alert(1)")
    status, out = _check(repo, capsys)
    assert status == 1 and f"{SHOWN}:{BODY_LINE + 2}: error [unsafe-html]" in out


def test_a_percent_encoded_scheme_is_a_relative_path_not_a_script(repo: Path, capsys) -> None:
    """Browsers read `%6Aavascript:` as a file name next to the page: no script, a broken link."""
    write_item(repo, ITEM, GOOD_NEWS, "[bấm](%6Aavascript:alert(1))")
    status, out = _check(repo, capsys)
    assert status == 1 and f"{SHOWN}:{BODY_LINE}: error [broken-link]" in out
    assert "[unsafe-html]" not in out


def test_the_build_sanitizer_agrees_with_the_check(repo: Path) -> None:
    config = load_check_config(repo / "content")
    hostile = '<iframe src="http://evil.example\\@www.youtube.com/embed/x"></iframe>'
    cleaned = sanitize(hostile, config)
    assert "evil.example" not in cleaned and "src=" not in cleaned
    video = '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in sanitize(video, config)
    link = '<a href="java\tscript:alert(1)">x</a><a href="https://chinhphu.vn/">y</a>'
    assert "script" not in sanitize(link, config)
    assert 'href="https://chinhphu.vn/"' in sanitize(link, config)


@pytest.mark.parametrize(("url", "frame", "allowed"), [
    ("https://www.youtube-nocookie.com/embed/abc", True, True),
    ("//www.youtube.com/embed/abc", True, True),
    ("https://WWW.YOUTUBE.COM/embed/abc", True, True),
    ("https://www.you%74ube.com/embed/abc", True, True),
    ("https://www.youtube.com:8443/embed/abc", True, False),
    ("/media/2026/video.mp4", True, False),
    ("https:\\\\evil.example\\x", True, False),
    ("\x01javascript:alert(1)", False, False),
    (" JAVASCRIPT:alert(1)", False, False),
    ("data:text/html;base64,PHNjcmlwdD4=", False, False),
    ("{static}/media/2026/anh.svg", False, True),
    ("mailto:songv@langson.gov.vn", False, True),
    ("tel:+842053896889", False, True),
])
def test_one_function_decides_every_address(repo: Path, url: str, frame: bool,
                                            allowed: bool) -> None:
    config = load_check_config(repo / "content")
    assert (url_problem(url, config, frame=frame) is None) is allowed


HARMLESS = {
    "autolink-web": "Xem <https://chinhphu.vn/> để biết thêm.",
    "autolink-mailto": "Thư gửi <mailto:songv@langson.gov.vn>.",
    "autolink-e-mail": "Hoặc <songv@langson.gov.vn>.",
    "nocookie-video": '<iframe src="https://www.youtube-nocookie.com/embed/abc" '
                      'title="Phim tư liệu"></iframe>',
    "ordinary-words": "Đổi **mật khẩu** định kỳ; bảo vệ bí mật nhà nước là trách nhiệm chung.",
    "snake-case": "Tệp cau_hinh_mau và _nhấn mạnh_ không che từ nào.",
    "code-sample": "```html\n<b>&amp;</b> TỐI_MẬT\n```",
    "footnote": "Theo Nghị định[^1].\n\n[^1]: Ghi chú của biên tập.",
}


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_no_false_alarm(repo: Path, capsys, case: str) -> None:
    write_item(repo, ITEM, GOOD_NEWS, HARMLESS[case])
    status, out = _check(repo, capsys)
    assert status == 0 and _findings(out) == []


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "ngoai"
    folder.mkdir()
    (folder / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


ESCAPING_LINKS = {
    "static-parent": "[tệp]({static}/../pelicanconf.py)",
    "filename-climb": "[tệp]({filename}../../../pelicanconf.py)",
    "media-climb": "[tệp](/media/../../etc/passwd)",
    "percent-encoded-climb": "[tệp](/media/%2e%2e/%2E%2E/etc/passwd)",
    "media-to-pages": "[tệp](/media/../news/2026/tin-doc.vi.md)",
    "backslash-climb": '<a href="/media/..\\..\\etc/passwd">tệp</a>',
}


@pytest.mark.parametrize("case", sorted(ESCAPING_LINKS))
def test_links_may_not_leave_their_folder(repo: Path, capsys, case: str) -> None:
    write_item(repo, ITEM, GOOD_NEWS, ESCAPING_LINKS[case])
    status, out = _check(repo, capsys, "--lang", "en")
    assert status == 1 and f"{SHOWN}:{BODY_LINE}: error [broken-link]" in out
    assert "outside its folder" in out


MEDIA_FIELDS = {
    "parent-climb": "media/../../../etc/passwd",
    "percent-climb": "media/%2e%2e/%2e%2e/etc/passwd",
    "absolute": "/etc/passwd",
    "address": "https://evil.example/anh.png",
    "backslashes": "media\\2026\\anh.png",
}


@pytest.mark.parametrize("case", sorted(MEDIA_FIELDS))
def test_media_fields_name_a_file_inside_media(repo: Path, capsys, case: str) -> None:
    value = MEDIA_FIELDS[case].replace("\\", "\\\\")
    write_item(repo, ITEM, GOOD_NEWS + f'    image: "{value}"\n    image_alt: Ảnh\n')
    status, out = _check(repo, capsys)
    assert status == 1 and f"{SHOWN}:8: error [broken-link]" in out


def test_a_symlinked_media_file_is_refused(repo: Path, outside: Path, capsys) -> None:
    media = repo / "content" / "media" / "2026"
    media.mkdir(parents=True)
    (media / "anh.png").symlink_to(outside / "anh.png")
    write_item(repo, ITEM, GOOD_NEWS + "    image: media/2026/anh.png\n    image_alt: Ảnh\n",
               "![Ảnh]({static}/media/2026/anh.png)")
    status, out = _check(repo, capsys, "--lang", "en")
    assert status == 1
    assert f"{SHOWN}:8: error [broken-link]" in out
    assert f"{SHOWN}:{BODY_LINE + 2}: error [broken-link]" in out
    assert "symbolic link" in out


def test_a_symlinked_media_folder_is_refused(repo: Path, outside: Path, capsys) -> None:
    (repo / "content" / "media").mkdir(parents=True)
    (repo / "content" / "media" / "ngoai").symlink_to(outside, target_is_directory=True)
    write_item(repo, ITEM, GOOD_NEWS, "![Ảnh](/media/ngoai/anh.png)")
    status, out = _check(repo, capsys, "--lang", "en")
    assert status == 1 and f"{SHOWN}:{BODY_LINE}: error [broken-link]" in out
    assert "symbolic link" in out


def test_a_link_inside_media_still_resolves(repo: Path, capsys) -> None:
    media = repo / "content" / "media" / "2026"
    media.mkdir(parents=True)
    (media / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_item(repo, ITEM, GOOD_NEWS + "    image: media/2026/anh.png\n    image_alt: Ảnh\n",
               "![Ảnh](/media/2026/./anh.png) và ![Ảnh]({static}/media/x/../2026/anh.png)")
    assert os.path.exists(media / "anh.png")
    status, out = _check(repo, capsys)
    assert status == 0 and _findings(out) == []
