"""Weekly schedules (content/schedules/): the work schedule of the leaders and the citizen
reception schedule. The schedule-entry rule on files that break it; and real builds at fixed
moments (never today): this week on the schedules home and on the home page, the archive of
earlier weeks newest first, one captioned table per day with header scopes, translated weeks
in English and Chinese (plugins/portal_site/schedules.py)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.checks.engine import Checker
from plugins.core.checks.findings import Severity
from plugins.core.checks.registry import RULES
from plugins.core.index import build_index
from plugins.core.urls import item_path, section_path
from tests.helpers import ROOT, make_repo, read_page, serve, write_item
from workflow.build import build_site
from workflow.cli import main

SCHEDULE = """
    title: {title}
    date: {date}
    category: dich-vu-cong
    unit: van-phong
    author: hoang-thi-mai
    kind: {kind}
    week_start: {monday}
    entries:
"""
ENTRY = """      - day: {day}
        time: "{time}"
        activity: {activity}
        leaders: [{leaders}]
        location: {location}
        preparing_unit: {unit}
"""
# (stem, kind, Monday) of the weeks of the built site: three work weeks, two reception weeks.
WEEKS = (
    ("lich-cong-tac-tuan-2026-11-09", "work", "2026-11-09"),
    ("lich-cong-tac-tuan-2026-11-16", "work", "2026-11-16"),
    ("lich-cong-tac-tuan-2026-11-23", "work", "2026-11-23"),
    ("lich-tiep-cong-dan-tuan-2026-11-09", "reception", "2026-11-09"),
    ("lich-tiep-cong-dan-tuan-2026-11-16", "reception", "2026-11-16"),
)
TRANSLATED = "lich-cong-tac-tuan-2026-11-16"
ACTIVITY = {"vi": "Hoạt động {kind} ngày {day}", "en": "Activity {kind} on {day}",
            "zh": "{day}日{kind}活动"}
LOCATION = {"vi": "Phòng họp tầng 2, trụ sở Sở", "en": "Meeting room, 2nd floor",
            "zh": "厅机关二楼会议室"}
FRIDAY = dt.datetime(2026, 11, 20, 9, 0)  # inside the week of 16/11: Friday morning
NEXT_MONDAY_BUT_ONE = dt.datetime(2026, 11, 30, 9, 0)  # no work schedule for that week
AGENCY = load_agency(ROOT / "content")


def _entries(kind: str, monday: dt.date, lang: str) -> str:
    """Two entries a day, Monday to Friday, the afternoon one written first."""
    lines = []
    for offset in range(5):
        day = (monday + dt.timedelta(days=offset)).isoformat()
        for time, leaders in (("14:00", "nong-thi-lan"), ("08:00–11:30", "hoang-van-minh")):
            lines.append(ENTRY.format(
                day=day, time=time, leaders=leaders, location=LOCATION[lang], unit="van-phong",
                activity=ACTIVITY[lang].format(kind=kind, day=f"{day} {time[:5]}")))
    return "".join(lines)


def _write_week(repo: Path, stem: str, kind: str, monday: str, lang: str = "vi") -> Path:
    start = dt.date.fromisoformat(monday)
    title = {"vi": f"Lịch {kind} tuần {monday}", "en": f"Schedule {kind} week {monday}",
             "zh": f"{monday}周{kind}日程"}[lang]
    front = SCHEDULE.format(title=title, date=f"{start - dt.timedelta(days=3)} 16:00",
                            kind=kind, monday=monday) + _entries(kind, start, lang)
    body = {"vi": "Lịch có thể thay đổi.", "en": "The schedule may change.",
            "zh": "日程可能调整。"}[lang]
    return write_item(repo, f"schedules/{stem}.{lang}.md", front, body)


@pytest.fixture(scope="module")
def schedules_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("schedules") / "repo")
    for stem, kind, monday in WEEKS:
        _write_week(repo, stem, kind, monday)
    for lang in ("en", "zh"):
        path = _write_week(repo, TRANSLATED, "work", "2026-11-16", lang)
        assert main(["--repo", str(repo), "translated", str(path)]) == 0
    assert main(["--repo", str(repo), "check", str(repo / "content" / "schedules")]) == 0
    return repo


def _build(repo: Path, name: str, moment: dt.datetime) -> Path:
    report = build_site(repo, output=repo.parent / name, as_of=moment)
    assert report.errors == []
    assert report.warnings == []
    return report.output


@pytest.fixture(scope="module")
def friday(schedules_repo: Path) -> Path:
    """The site as of Friday 20/11/2026 09:00."""
    return _build(schedules_repo, "output-1120", FRIDAY)


@pytest.fixture(scope="module")
def later(schedules_repo: Path) -> Path:
    """The site as of Monday 30/11/2026 09:00: the last work week was the one before."""
    return _build(schedules_repo, "output-1130", NEXT_MONDAY_BUT_ONE)


def _html(output: Path, path: str) -> str:
    return (output / path / "index.html").read_text(encoding="utf-8")


def _between(html: str, start: str, end: str | None = None) -> str:
    """The part of a page from the element with id `start` up to the one with id `end`."""
    begin = html.index(f'id="{start}"')
    return html[begin:html.index(f'id="{end}"', begin)] if end else html[begin:]


def _week_url(stem: str, lang: str = "vi") -> str:
    return "/" + item_path(AGENCY, "schedules", stem, lang)


# -- the schedule-entry rule -------------------------------------------------------------------

def _findings(repo: Path, rule: str) -> list[tuple[int, str]]:
    return [(finding.line, finding.message) for finding in Checker(repo).run().findings
            if finding.rule == rule]


def test_an_entry_outside_its_week_and_an_unknown_leader_are_reported(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "schedules/tuan-sai.vi.md", SCHEDULE.format(
        title="Lịch công tác tuần sai", date="2026-11-13 16:00", kind="work",
        monday="2026-11-16") + """      - day: 2026-11-16
        time: "08:00"
        activity: Giao ban Lãnh đạo Sở
        leaders: [hoang-van-minh]
      - day: 2026-11-23
        time: "14:00"
        activity: Hội đàm với đoàn Quảng Tây
        leaders: [hoang-van-mihn, nong-thi-lan]
""")
    findings = _findings(repo, "schedule-entry")
    assert len(findings) == 2, findings
    (day_line, day), (leader_line, leader) = sorted(findings)
    assert day_line == 14 and "entries[2].day" in day and "2026-11-23" in day
    assert "2026-11-16" in day and "2026-11-22" in day
    assert leader_line == 17 and "'hoang-van-mihn'" in leader and "'hoang-van-minh'" in leader
    assert RULES["schedule-entry"][0] is Severity.ERROR


def test_a_week_that_does_not_start_on_monday_and_unquoted_times(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "schedules/tuan.vi.md", SCHEDULE.format(
        title="Lịch tiếp công dân", date="2026-11-13 16:00", kind="reception",
        monday="2026-11-17") + """      - day: 2026-11-17
        time: 13:30
        activity: Tiếp công dân thường xuyên
        leaders: [dinh-van-hai]
      - day: 2026-11-18
        time: "11:30–07:30"
        activity: Tiếp công dân thường xuyên
        leaders: []
""")
    messages = [message for _line, message in _findings(repo, "schedule-entry")]
    assert any("'week_start'" in message and "2026-11-16" in message for message in messages)
    assert any("810" in message and "'13:30'" in message for message in messages)
    assert any("entries[2].time" in message for message in messages)
    assert any("entries[2].leaders" in message for message in messages)
    assert len(messages) == 4, messages


def test_a_translation_keeps_days_times_and_people(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    _write_week(repo, "tuan", "work", "2026-11-16")
    path = _write_week(repo, "tuan", "work", "2026-11-16", "en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("day: 2026-11-17", "day: 2026-11-18", 1), encoding="utf-8")
    drift = _findings(repo, "translation-drift")
    assert len(drift) == 1 and "entries[3].day" in drift[0][1]
    path.write_text(text.replace(ACTIVITY["en"].format(kind="work", day="2026-11-16 14:00"),
                                 ACTIVITY["vi"].format(kind="work", day="2026-11-16 14:00")),
                    encoding="utf-8")
    untranslated = _findings(repo, "untranslated")
    assert len(untranslated) == 1 and "entries[1].activity" in untranslated[0][1]


def test_the_demo_has_a_current_week_for_both_build_dates() -> None:
    """`make site` as of 20/11 and 30/11/2026 shows a week of each kind, and the translated
    week has its English and Chinese versions."""
    index = build_index(ROOT / "content", AGENCY)
    weeks: set[tuple[str, dt.date]] = set()
    for (section, _stem), versions in index.items.items():
        if section == "schedules":
            meta = frontmatter.read(ROOT / "content" / versions["vi"].path).meta
            weeks.add((meta["kind"], dt.date.fromisoformat(str(meta["week_start"]))))
    for day in (dt.date(2026, 11, 20), dt.date(2026, 11, 30)):
        monday = day - dt.timedelta(days=day.weekday())
        assert {("work", monday), ("reception", monday)} <= weeks, day
    assert any(section == "schedules" and {"vi", "en", "zh"} <= set(versions)
               for (section, _stem), versions in index.items.items())


# -- the built pages ---------------------------------------------------------------------------

@pytest.mark.slow
def test_the_schedules_home_shows_this_week_of_both_kinds(friday: Path) -> None:
    html = _html(friday, section_path(AGENCY, "schedules", "vi"))
    this_week = _between(html, "this-week", "weeks-ahead")
    assert _week_url("lich-cong-tac-tuan-2026-11-16") in this_week
    assert _week_url("lich-tiep-cong-dan-tuan-2026-11-16") in this_week
    assert "Hoạt động work ngày 2026-11-16 08:00" in this_week
    assert "Hoạt động reception ngày 2026-11-20 14:00" in this_week
    assert 'datetime="2026-W47"' in this_week
    assert "Thứ Sáu, 20 tháng 11, 2026" in this_week  # a day's caption, in Vietnamese
    ahead = _between(html, "weeks-ahead", "archive")
    assert _week_url("lich-cong-tac-tuan-2026-11-23") in ahead
    archive = _between(html, "archive")
    assert _week_url("lich-cong-tac-tuan-2026-11-09") in archive
    assert _week_url("lich-tiep-cong-dan-tuan-2026-11-09") in archive
    assert _week_url("lich-cong-tac-tuan-2026-11-16") not in archive
    assert _week_url("lich-cong-tac-tuan-2026-11-23") not in archive


@pytest.mark.slow
def test_the_home_page_shows_today_and_the_rest_of_the_week(friday: Path) -> None:
    block = _between(_html(friday, ""), "home-schedule", "home-documents")
    assert "Hoạt động work ngày 2026-11-20 08:00" in block
    assert "Hoạt động work ngày 2026-11-20 14:00" in block
    assert "2026-11-19" not in block  # the days already past are on the full page
    assert "Hoạt động reception" not in block  # the compact view is the work schedule
    assert block.index("2026-11-20 08:00") < block.index("2026-11-20 14:00")
    assert f'href="{_week_url("lich-cong-tac-tuan-2026-11-16")}"' in block
    assert "Nông Thị Lan" in block and "Phó Giám đốc Sở" in block


@pytest.mark.slow
def test_without_a_current_week_the_home_page_says_so(later: Path) -> None:
    for lang in ("vi", "en"):
        block = _between(_html(later, AGENCY.languages[lang].root), "home-schedule",
                         "home-documents")
        assert f'href="/{section_path(AGENCY, "schedules", lang)}#archive"' in block
        assert "<table" not in block and "schedule-compact" not in block
    english = _between(_html(later, "english/"), "home-schedule", "home-documents")
    assert "No work schedule has been published for this week." in english


@pytest.mark.slow
def test_the_archive_lists_earlier_weeks_newest_first(later: Path) -> None:
    html = _html(later, section_path(AGENCY, "schedules", "vi"))
    this_week = _between(html, "this-week", "archive")
    assert "#archive" in this_week and "<table" not in this_week  # nothing this week
    archive = _between(html, "archive")
    weeks = re.findall(r'<time datetime="(2026-W\d\d)"', archive)
    assert weeks == ["2026-W48", "2026-W47", "2026-W46"]
    links = re.findall(r'href="(/lich-cong-tac/[^"]+)"', archive)
    assert links == [_week_url(stem) for stem in (
        "lich-cong-tac-tuan-2026-11-23", "lich-cong-tac-tuan-2026-11-16",
        "lich-tiep-cong-dan-tuan-2026-11-16", "lich-cong-tac-tuan-2026-11-09",
        "lich-tiep-cong-dan-tuan-2026-11-09")]


class _Tables(HTMLParser):
    """Tables, their captions, header cells and scroll regions, and any inline style or
    script."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.captions = 0
        self.headers: list[str | None] = []
        self.regions: list[dict[str, str | None]] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tables += tag == "table"
        self.captions += tag == "caption"
        if tag == "th":
            self.headers.append(attributes.get("scope"))
        if attributes.get("role") == "region":
            self.regions.append(attributes)
        if "style" in attributes or tag == "style" or any(
                name.startswith("on") for name in attributes):
            self.inline.append(tag)
        if tag == "script" and not attributes.get("src") \
                and attributes.get("type") != "application/ld+json":
            self.inline.append(tag)


@pytest.mark.slow
def test_tables_have_captions_header_scopes_and_keyboard_regions(friday: Path) -> None:
    for stem in ("lich-cong-tac-tuan-2026-11-16", "lich-tiep-cong-dan-tuan-2026-11-09"):
        html = _html(friday, item_path(AGENCY, "schedules", stem, "vi"))
        tables = _Tables()
        tables.feed(html)
        assert tables.tables == 5 and tables.captions == 5  # one table per working day
        assert set(tables.headers) <= {"col", "row"} and tables.headers.count("row") == 10
        assert len(tables.regions) == 5
        assert all(region.get("tabindex") == "0" and region.get("aria-label")
                   for region in tables.regions)
        assert len({region["aria-label"] for region in tables.regions}) == 5
        assert tables.inline == []
        body = read_page(friday / item_path(AGENCY, "schedules", stem, "vi") / "index.html")
        assert "Thứ Hai, 16 tháng 11, 2026" in body.text or "Thứ Hai, 9 tháng 11, 2026" in \
            body.text
    reception = _html(friday, item_path(AGENCY, "schedules",
                                        "lich-tiep-cong-dan-tuan-2026-11-09", "vi"))
    assert "Hoàng Văn Minh" in reception and "Giám đốc Sở" in reception


@pytest.mark.slow
def test_the_translated_week_has_its_english_and_chinese_pages(friday: Path) -> None:
    english = read_page(friday / item_path(AGENCY, "schedules", TRANSLATED, "en") / "index.html")
    assert english.html_lang == "en"
    assert "Activity work on 2026-11-16 08:00" in english.text
    assert "Friday, November 20, 2026" in english.text
    assert "Deputy Director" in english.text and "Office of the Department" in english.text
    chinese = read_page(friday / item_path(AGENCY, "schedules", TRANSLATED, "zh") / "index.html")
    assert chinese.html_lang == "zh-Hans"
    assert "2026-11-16 08:00日work活动" in chinese.text
    assert "2026年11月20日星期五" in chinese.text and "副厅长" in chinese.text
    # The English schedules home shows the translated week, and links the reception week,
    # which exists only in Vietnamese, saying so.
    html = _html(friday, section_path(AGENCY, "schedules", "en"))
    this_week = _between(html, "this-week", "weeks-ahead")
    assert _week_url(TRANSLATED, "en") in this_week
    assert "Activity work on 2026-11-20 14:00" in this_week
    assert "published in Vietnamese only" in this_week
    assert _week_url("lich-tiep-cong-dan-tuan-2026-11-16", "vi") in this_week
    home = _between(_html(friday, "chinese/"), "home-schedule", "home-documents")
    assert "2026-11-20 08:00日work活动" in home


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 1280])
def test_in_a_browser_at_320_and_1280_px(browser, friday: Path, width: int) -> None:
    """No page wider than the screen, no WCAG 2.1 AA violation (axe-core), and at 320 px a
    day's table scrolls sideways from the keyboard."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - browser tests only

    paths = ("/", "/" + section_path(AGENCY, "schedules", "vi"),
             _week_url("lich-cong-tac-tuan-2026-11-16"), _week_url(TRANSLATED, "zh"))
    with serve(friday) as url:
        for path in paths:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            assert [item["id"] for item in results.response["violations"]] == [], path
            region = page.locator(".schedule__scroll").first
            if width == 320 and region.count():
                region.focus()
                for _press in range(4):
                    page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    "() => document.activeElement.scrollLeft > 0", timeout=3000)
            page.close()
