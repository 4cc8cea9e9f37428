"""Details a reader notices: keywords after their label with a space, phone numbers an
international reader can dial, the top bar's link inside a landmark, and one date for the
Director's reception day in every text that gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ROOT, read_page

pytestmark = pytest.mark.slow


def test_keywords_phones_and_landmarks(demo_output: Path) -> None:
    article = next((demo_output / "tin-tuc").glob("*/index.html"))
    text = read_page(article).text
    assert "Từ khóa:" not in text.replace("Từ khóa: ", "")
    english = (demo_output / "english" / "index.html").read_text(encoding="utf-8")
    assert "+84 205 3812 100" in english and 'href="tel:+842053812100"' in english
    vietnamese = (demo_output / "index.html").read_text(encoding="utf-8")
    assert "0205 3812 100" in vietnamese
    assert '<nav class="topbar__portal-nav"' in vietnamese


def test_the_reception_day_is_the_same_everywhere() -> None:
    texts = [(ROOT / "content" / path).read_text(encoding="utf-8") for path in (
        "pages/lien-he.vi.md", "announcements/lich-tiep-cong-dan-dinh-ky-lanh-dao-so.vi.md")]
    assert all("ngày 10 hằng tháng" in text for text in texts)
    assert not any("ngày 15 hằng tháng" in text for text in texts)
