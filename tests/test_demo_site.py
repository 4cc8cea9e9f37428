"""The demo portal as a citizen meets it: every language, every listing, every item."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.index import build_index
from plugins.core.urls import home_path, item_path, section_path
from tests.helpers import ROOT, read_page
from workflow.build import BuildReport

pytestmark = pytest.mark.slow

AGENCY = load_agency(ROOT / "content")
INDEX = build_index(ROOT / "content", AGENCY)
LISTED_SECTIONS = [section for section in AGENCY.sections if section != "pages"]


def published_items() -> list[tuple[str, str, str]]:
    """(section, stem, lang) of every item that is not a draft."""
    result = []
    for (section, stem), versions in INDEX.items.items():
        for lang, name in versions.items():
            meta = frontmatter.read(ROOT / "content" / name.path).meta
            if meta.get("status", "published") != "draft":
                result.append((section, stem, lang))
    return result


PUBLISHED = published_items()


def built(output: Path, url_path: str) -> Path:
    return output / url_path / "index.html"


def test_build_has_no_warnings(demo_build: BuildReport) -> None:
    assert demo_build.warnings == []
    assert demo_build.errors == []


def test_demo_content_is_big_enough() -> None:
    vi_items = [key for key in INDEX.items if key[0] != "pages"]
    in_three = [key for key, versions in INDEX.items.items()
                if key[0] != "pages" and {"vi", "en", "zh"} <= set(versions)]
    assert len(vi_items) >= 25
    assert len(in_three) >= 8
    assert {"chuc-nang-nhiem-vu", "co-cau-to-chuc", "lanh-dao", "lich-su"} <= {
        stem for section, stem in INDEX.items if section == "pages"}


@pytest.mark.parametrize("lang", list(AGENCY.languages))
def test_every_language_has_home_and_listings(demo_output: Path, lang: str) -> None:
    assert (demo_output / home_path(AGENCY, lang) / "index.html").exists()
    for section in LISTED_SECTIONS:
        assert built(demo_output, section_path(AGENCY, section, lang)).exists(), section


def test_every_published_item_has_its_page(demo_output: Path) -> None:
    missing = [(s, stem, lang) for s, stem, lang in PUBLISHED
               if not built(demo_output, item_path(AGENCY, s, stem, lang)).exists()]
    assert missing == []


def test_urls_are_clean_and_localized(demo_output: Path) -> None:
    assert (demo_output / "tin-tuc" / "index.html").exists()
    assert (demo_output / "english" / "news" / "index.html").exists()
    assert (demo_output / "chinese" / "news" / "index.html").exists()
    stray = [page for page in demo_output.rglob("*.html") if page.name not in ("index.html",
                                                                                 "404.html")]
    assert stray == [], "every page is a folder's index.html, pagination included"


def test_drafts_are_not_listed(demo_output: Path) -> None:
    drafts = [(s, stem, lang) for (s, stem), versions in INDEX.items.items()
              for lang in versions if (s, stem, lang) not in PUBLISHED]
    listing_text = read_page(built(demo_output, section_path(AGENCY, "questions", "vi"))).text
    for section, stem, lang in drafts:
        title = frontmatter.read(ROOT / "content" / INDEX.items[(section, stem)][lang].path
                                 ).meta["title"]
        assert title not in listing_text


@pytest.mark.parametrize("lang", list(AGENCY.languages))
def test_html_lang_is_right_on_every_page(demo_output: Path, lang: str) -> None:
    expected = AGENCY.languages[lang].html_lang
    other_roots = [AGENCY.languages[code].root for code in AGENCY.languages if code != lang
                   and AGENCY.languages[code].root]
    root = demo_output / AGENCY.languages[lang].root
    pages = [page for page in root.rglob("*.html")
             if lang != "vi" or not any(page.relative_to(demo_output).as_posix()
                                        .startswith(prefix) for prefix in other_roots)]
    assert pages
    wrong = [page for page in pages if read_page(page).html_lang != expected]
    assert wrong == []


def test_translations_link_to_each_other(demo_output: Path) -> None:
    for (section, stem), versions in INDEX.items.items():
        present = [lang for lang in versions if (section, stem, lang) in PUBLISHED]
        for lang in present:
            page = read_page(built(demo_output, item_path(AGENCY, section, stem, lang)))
            for other in present:
                hreflang = AGENCY.languages[other].html_lang
                assert page.alternates.get(hreflang) == "/" + item_path(
                    AGENCY, section, stem, other), (section, stem, lang, other)


def test_switcher_goes_home_when_no_translation(demo_output: Path) -> None:
    only_vi = next((section, stem) for (section, stem), versions in INDEX.items.items()
                   if set(versions) == {"vi"} and (section, stem, "vi") in PUBLISHED)
    page = read_page(built(demo_output, item_path(AGENCY, *only_vi, "vi")))
    switcher = {attrs.get("hreflang"): href for href, attrs in page.links if attrs.get("hreflang")}
    assert switcher["en"] == "/english/"
    assert switcher["zh-Hans"] == "/chinese/"
    assert "en" not in page.alternates


def _catalog(lang: str) -> dict[str, str]:
    path = ROOT / "theme" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {message.id: message.string for message in read_po(handle) if message.id}


def _ui_phrases(catalog: dict[str, str]) -> list[str]:
    """Whole UI strings without placeholders, long enough not to occur by chance."""
    return [text for text in catalog if "%(" not in text and len(text) > 6]


def test_vietnamese_pages_have_no_english_ui(demo_output: Path) -> None:
    vi = _catalog("vi")
    english_phrases = [msgid for msgid in _ui_phrases(vi) if vi[msgid] != msgid]
    for page in [demo_output / "index.html",
                 built(demo_output, section_path(AGENCY, "news", "vi")),
                 built(demo_output, item_path(AGENCY, *PUBLISHED[0][:2], "vi"))]:
        text = read_page(page).text
        assert [phrase for phrase in english_phrases if phrase in text] == [], page


def test_english_pages_have_no_vietnamese_ui(demo_output: Path) -> None:
    vi = _catalog("vi")
    vietnamese_phrases = [vi[msgid] for msgid in _ui_phrases(vi) if len(vi[msgid]) > 6]
    for page in [demo_output / "english" / "index.html",
                 built(demo_output, section_path(AGENCY, "news", "en"))]:
        text = read_page(page).text
        assert [phrase for phrase in vietnamese_phrases if phrase in text] == [], page


def test_every_ui_string_is_translated() -> None:
    for lang in ("vi", "zh"):
        untranslated = [msgid for msgid, text in _catalog(lang).items() if not text]
        assert untranslated == [], lang


def test_dates_are_localized(demo_output: Path) -> None:
    section, stem = next((s, stem) for (s, stem), versions in INDEX.items.items()
                         if s == "news" and {"vi", "en", "zh"} <= set(versions))
    vi = read_page(built(demo_output, item_path(AGENCY, section, stem, "vi"))).text
    en = read_page(built(demo_output, item_path(AGENCY, section, stem, "en"))).text
    zh = read_page(built(demo_output, item_path(AGENCY, section, stem, "zh"))).text
    assert "thg" in vi or "tháng" in vi
    assert any(month in en for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"))
    assert "年" in zh and "月" in zh


def test_every_page_has_footer_contact_and_skip_link(demo_output: Path) -> None:
    for page in (demo_output / "index.html", demo_output / "english" / "index.html"):
        reader = read_page(page)
        assert AGENCY.contact["email"] in reader.text
        assert any(href == "#main" for href, _ in reader.links)


def test_leadership_page_lists_leaders_with_contacts(demo_output: Path) -> None:
    for lang in AGENCY.languages:
        if "lanh-dao" not in [stem for (s, stem) in INDEX.items if s == "pages"]:
            pytest.fail("demo content lacks the leadership page")
        page = built(demo_output, item_path(AGENCY, "pages", "lanh-dao", lang))
        text = read_page(page).text
        for leader in AGENCY.leaders():
            assert leader["name"] in text and leader["email"] in text
