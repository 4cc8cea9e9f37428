"""The demo site in real Chromium: small screens, keyboard, no JavaScript, contrast."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import serve

pytestmark = pytest.mark.slow

PAGES = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/lang-son-hoi-dam-khu-tu-tri-quang-tay/",
    "/gioi-thieu/lanh-dao/",
    "/van-ban/qd-25-2026-ubnd-quy-che-quan-ly-doi-ngoai/",
    "/thu-tuc-hanh-chinh/cho-phep-to-chuc-hoi-nghi-hoi-thao-quoc-te/",
    "/english/",
    "/english/questions/ket-hon-voi-cong-dan-trung-quoc-khu-vuc-bien-gioi/",
    "/chinese/news/",
]

# Contrast ratio (WCAG 2.x) of every element that holds text, against the first opaque
# background behind it. Returns the failures: [text, ratio].
CONTRAST_SCRIPT = """
() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || color[3] === 1) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const element of document.querySelectorAll('body *')) {
    const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(element);
    if (!own || style.visibility === 'hidden' || style.display === 'none') continue;
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    const fg = luminance(rgb(style.color)), bg = luminance(background(element));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) failures.push([element.textContent.trim().slice(0, 40), ratio.toFixed(2)]);
  }
  return failures;
}
"""


@pytest.fixture(scope="module")
def site_url(demo_output: Path) -> Iterator[str]:
    with serve(demo_output) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_fits_a_320px_screen(browser, site_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert overflow <= 320, f"{path} scrolls sideways at 320 px ({overflow} px wide)"


@pytest.mark.parametrize("path", PAGES)
def test_text_contrast_is_at_least_4_5(browser, site_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + path)
    failures = page.evaluate(CONTRAST_SCRIPT)
    page.close()
    assert failures == []


def test_skip_link_comes_first_and_shows_focus(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {href: el.getAttribute('href'), top: box.top, height: box.height,
                ring: style.boxShadow !== 'none' || style.outlineStyle !== 'none'};
    }""")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after_skip = page.evaluate("document.activeElement.closest('main') !== null")
    page.close()
    assert focused["href"] == "#main"
    assert focused["top"] >= 0 and focused["height"] > 0 and focused["ring"]
    assert after_skip, "after the skip link, Tab lands inside the main content"


def test_menu_and_language_switcher_work_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320,
                                                                        "height": 640})
    page = context.new_page()
    page.goto(site_url + "/")
    menu = page.get_by_role("navigation", name="Danh mục chính")
    assert not menu.get_by_role("link", name="Hỏi - Đáp").is_visible(), "closed on a phone"
    menu.get_by_text("Danh mục", exact=True).click()
    menu.get_by_role("link", name="Hỏi - Đáp").click()
    assert page.url.endswith("/hoi-dap/")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/english/questions/")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
