"""The reader text: what a page shows of a Markdown body, mapped back to the source. The
property test is the proof that the decoder is honest: for random inline Markdown, its words
are the words of the page Python-Markdown renders (with the portal's own extensions)."""

from __future__ import annotations

import html.entities
import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pelicanconf
from plugins.core.checks.readertext import BLOCK_TAGS, ESCAPABLE, INVISIBLE, reader_text

WORD = re.compile(r"[^\W_]+")
MARKDOWN = markdown.Markdown(**pelicanconf.MARKDOWN)


class _PageText(HTMLParser):
    """The text a browser shows: character references decoded, block tags as line ends,
    invisible characters not drawn."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _rendered_words(source: str) -> list[str]:
    MARKDOWN.reset()
    page = _PageText()
    page.feed(MARKDOWN.convert(source))
    page.close()
    shown = "".join(page.parts)
    return WORD.findall(shown.translate({ord(char): None for char in INVISIBLE}))


def _reader_words(source: str) -> list[str]:
    return WORD.findall(reader_text(source).text)


LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyMẬTỐIỆÁĐƯ0123456789"


def _encoded(char: str) -> st.SearchStrategy[str]:
    """A character as written by someone hiding it: itself or a character reference."""
    forms = [char, f"&#{ord(char)};", f"&#x{ord(char):x};", f"&#X{ord(char):X};"]
    name = html.entities.codepoint2name.get(ord(char))
    if name:
        forms.append(f"&{name};")
    return st.sampled_from(forms)


WORDS = st.lists(st.sampled_from(LETTERS).flatmap(_encoded), min_size=1, max_size=5).map(
    "".join)
ESCAPES = st.sampled_from(["\\*", "\\_", "\\\\", "\\[", "\\]", "\\#", "\\`", "\\!", "\\.",
                           "\\&", "\\<", "\\|", "\\:"])
# Inline tags and references to invisible or special characters. (A comment at the start of a
# line is an HTML block to Python-Markdown, which then splits the line's text into paragraphs
# by its own rules: comments are an `unsafe-html` error anyway, and inline ones are tested
# below.)
TAGS = st.sampled_from(["<b>", "</b>", "<i></i>", '<span class="k">', "</span>", "<br>",
                        "<sup>", "</sup>", "<br />", "&shy;", "&nbsp;", "&#8203;", "&amp;",
                        "&lt;b&gt;"])
SEPARATORS = st.sampled_from(["", "", " ", "\n"])
SPACES = st.sampled_from([" ", "\n"])


def _joined(pieces: st.SearchStrategy[list[str]],
            separators: st.SearchStrategy[str] = SEPARATORS) -> st.SearchStrategy[str]:
    """Pieces run together, or apart by a space or a line break (a soft break, same block)."""
    return st.tuples(pieces, st.lists(separators, min_size=8, max_size=8)).map(
        lambda parts: "".join(piece + separator for piece, separator in
                              zip(parts[0], parts[1], strict=False)).strip())


def _emphasis(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`*x*` or `**x**` around text that starts and ends with a word, set apart by spaces:
    emphasis as an editor writes it (where a star pairs with which is Python-Markdown's
    business, and an unpaired star between letters is read as markup, on the safe side)."""
    return st.tuples(st.sampled_from(["*", "**"]), WORDS, inner, WORDS).map(
        lambda parts: f" {parts[0]}{parts[1]} {parts[2]} {parts[3]}{parts[0]} ")


# Emphasis inside a word, the way `M**Ậ**T` hides a stamp (at the top level: nested inside
# other emphasis, Python-Markdown's pairing has quirks no reader of the source would expect).
IN_WORD = st.tuples(WORDS, st.sampled_from(["*", "**"]), WORDS, WORDS).map(
    lambda parts: f"{parts[0]}{parts[1]}{parts[2]}{parts[1]}{parts[3]}")
ATOMS = st.one_of(WORDS, ESCAPES, TAGS)
NESTED = st.recursive(
    _joined(st.lists(ATOMS, min_size=1, max_size=8)),
    lambda inner: _joined(st.lists(st.one_of(ATOMS, _emphasis(inner)), min_size=1,
                                   max_size=8)),
    max_leaves=12)
INLINE = _joined(st.lists(st.one_of(NESTED, IN_WORD), min_size=1, max_size=4), SPACES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INLINE)
def test_reader_words_are_the_rendered_words(source: str) -> None:
    assert _reader_words(source) == _rendered_words(source)


@pytest.mark.parametrize("source", [
    "TUY&#7878;T M&#7852;T", "**TỐI** **MẬT**", "M**Ậ**T", "MẬ<b></b>T", "casi&shy;no",
    "cá độ\nbóng đá", "cá<!-- x --> độ bóng<!-- y -->đá", "0912&#32;345&#32;678",
    "[casino](https://x.vn/a_(b)) trực tuyến",
    "a\\*b\\*c", "snake_case và _nhấn mạnh_", "<https://chinhphu.vn/> <songv@langson.gov.vn>",
    "`mã &amp; code` và ``a`b``", "- mục một\n- mục hai\n\n> trích\n> dẫn", "# Tiêu đề\nĐoạn",
    "Xem [đây][r].\n\n[r]: https://chinhphu.vn/", "```\n&amp; <b>x</b>\n```\n\nSau", "a  \nb",
])
def test_known_spellings_read_as_the_page_shows_them(source: str) -> None:
    assert _reader_words(source) == _rendered_words(source)


def test_every_position_maps_back_to_its_source() -> None:
    source = "Mở đầu.\n\nVăn bản **TUY&#7878;T** M&#7852;<b></b>T, [xem](#a) `mã`."
    reader = reader_text(source)
    assert reader.text == "Mở đầu.\nVăn bản TUYỆT MẬT, xem mã."
    stamp = reader.text.index("TUYỆT")
    assert source[reader.source_offset(stamp):].startswith("TUY&#7878;T")
    assert source[reader.source_offset(stamp + 3):].startswith("&#7878;")
    assert source[reader.source_offset(reader.text.index("MẬT") + 1):].startswith("&#7852;")
    assert source[reader.source_offset(reader.text.index("xem")):].startswith("xem](#a)")
    assert source[reader.source_offset(reader.text.index("mã")):].startswith("mã`")
    assert all(0 <= reader.source_offset(i) < len(source) for i in range(len(reader.text)))


def test_blocks_end_lines_and_soft_breaks_do_not() -> None:
    reader = reader_text("# MẬT\nđoạn một\ntiếp\n\n- mục\n- TỐI MẬT\n\nhết<br>dòng")
    assert reader.text.split("\n") == ["MẬT", "đoạn một tiếp", "mục", "TỐI MẬT", "hết", "dòng"]


def test_the_escapable_characters_are_python_markdowns() -> None:
    assert set(re.findall(r"\\?(.)", ESCAPABLE)) == set(MARKDOWN.ESCAPED_CHARS)


def test_a_fence_without_its_closing_line_hides_nothing() -> None:
    assert "MẬT" in reader_text("```x``` M&#7852;T").text
    assert "MẬT" in reader_text("```\nM&#7852;T").text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\t*_`\\[]()!<>/&#;x:@-.|~\u00ad", max_size=80))
def test_any_text_reads_and_maps_into_the_body(source: str) -> None:
    reader = reader_text(source)
    assert all(0 <= reader.source_offset(i) <= len(source) for i in range(len(reader.text)))


def test_long_runs_of_markup_read_in_one_pass() -> None:
    """An editor's (or an attacker's) 5,000 backticks must not stall `portal check`: the code
    span pattern only opens at the start of a run of backticks."""
    assert reader_text("`" * 5000).text == "`" * 5000
    assert reader_text("*a" * 5000).text == "a" * 5000
