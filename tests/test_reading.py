"""What a citizen does with the demo site in Chromium: search it (with or without diacritics,
in Chinese, without JavaScript), print an article, read it on a phone and on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import serve

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# Home, a listing and an article of each language: the first screen shows the page's heading.
FIRST_SCREEN_PAGES = [
    "/", "/tin-tuc/", "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/",
    "/english/", "/english/news/", "/english/news/lang-son-hoi-dam-khu-tu-tri-quang-tay/",
    "/chinese/", "/chinese/news/", "/chinese/news/lang-son-hoi-dam-khu-tu-tri-quang-tay/",
]
FIRST_HEADING = """() => {
  const visible = [...document.querySelectorAll('main h1, main h2')].find((heading) => {
    const box = heading.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  });
  const box = visible.getBoundingClientRect();
  return {text: visible.textContent.trim(), top: box.top, bottom: box.bottom};
}"""


@pytest.fixture(scope="module")
def site_url(demo_output: Path) -> Iterator[str]:
    with serve(demo_output) as url:
        yield url


def _search(browser, site_url: str, start: str, query: str) -> list[str]:
    """The addresses the search page of `start` lists for `query`, typed into its box."""
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + start)
    page.get_by_role("search").get_by_role("searchbox").fill(query)
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button").click()
    page.locator("[data-search-status]", has_text="“").wait_for()  # the count, or none
    links = page.locator("[data-search-results] a").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)")
    page.close()
    return links


@pytest.mark.parametrize(("query", "expected"), [
    ("doan dai bieu", "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/"),
    ("đoàn đại biểu", "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/"),
    ("bien gioi", "/tin-tuc/tuyen-truyen-phap-luat-bien-gioi-xa-tan-thanh/"),
    # in the shard of 2025, merged into the first one loaded, 2026's (workflow/search_index.py)
    ("chuyen doi so", "/van-ban/luat-148-2025-chuyen-doi-so/"),
])
def test_vietnamese_search_finds_words_typed_without_diacritics(
        browser, site_url: str, query: str, expected: str) -> None:
    found = _search(browser, site_url, "/", query)
    assert expected in found
    assert all(not path.startswith(("/english/", "/chinese/")) for path in found)


def test_chinese_search_finds_a_word_inside_a_sentence(browser, site_url: str) -> None:
    found = _search(browser, site_url, "/chinese/", "边境")
    assert found and all(path.startswith("/chinese/") for path in found)
    assert "/chinese/questions/ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi/" in found


def test_the_header_box_leads_to_results_and_is_a_plain_link_without_javascript(
        browser, site_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + "/tin-tuc/")
    box = page.get_by_role("search", name="Tìm kiếm trên trang")
    box.get_by_role("searchbox").fill("bien gioi")
    box.get_by_role("searchbox").press("Enter")
    page.wait_for_selector("[data-search-results] li")
    assert page.url.endswith("/tim-kiem/?q=bien+gioi")
    page.close()

    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + "/tin-tuc/")
    assert page.get_by_role("search").count() == 0
    page.get_by_role("banner").get_by_role("link", name="Tìm kiếm").click()
    assert page.url.endswith("/tim-kiem/")
    assert page.get_by_text("Tìm kiếm cần JavaScript").is_visible()
    context.close()


def test_the_print_button_prints_the_article_with_its_address_and_date(
        browser, site_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.add_init_script("window.print = () => { window.printed = true; };")
    path = "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/"
    page.goto(site_url + path)
    page.get_by_role("button", name="In hoặc lưu PDF").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Danh mục chính").is_visible()
    assert not page.get_by_role("button", name="In hoặc lưu PDF").is_visible()
    line = page.locator(".print-only")
    assert line.is_visible()
    assert site_url + path in line.inner_text()
    assert "In ngày" in line.inner_text()
    assert page.get_by_role("heading", level=1).is_visible()
    page.close()


def test_without_javascript_there_is_no_dead_print_button(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/")
    assert not page.get_by_role("button", name="In hoặc lưu PDF").is_visible()
    context.close()


@pytest.mark.parametrize("path", FIRST_SCREEN_PAGES)
def test_a_phone_shows_the_page_heading_in_the_first_screen(
        browser, site_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + path)
    heading = page.evaluate(FIRST_HEADING)
    page.close()
    assert heading["bottom"] <= PHONE["height"], heading


def test_the_menu_opens_from_the_keyboard_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "/")
    menu = page.get_by_role("navigation", name="Danh mục chính")
    assert not menu.get_by_role("link", name="Văn bản").is_visible()
    menu.get_by_role("checkbox", name="Danh mục").focus()
    page.keyboard.press("Space")
    assert menu.get_by_role("link", name="Văn bản").is_visible()
    context.close()


@pytest.mark.parametrize("home", ["/", "/english/", "/chinese/"])
def test_the_menu_is_one_row_on_a_desktop(browser, site_url: str, home: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + home)
    rows = page.locator(".mainnav__list > li").evaluate_all(
        "items => new Set(items.map(item => item.getBoundingClientRect().top)).size")
    page.close()
    assert rows == 1


def test_a_query_with_markup_is_shown_as_text(browser, site_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + "/tim-kiem/?q=%3Cimg%20src%3Dx%20onerror%3D%22window.hit%3D1%22%3E")
    status = page.locator("[data-search-status]", has_text="“")
    status.wait_for()
    assert "<img src=x" in status.inner_text()
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.hit") is None
    page.close()
