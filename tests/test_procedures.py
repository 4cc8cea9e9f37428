"""Public services a citizen can complete: a procedure's page from what is needed to what one
gets, the catalogue by field and level, the forms catalogue, schema.org GovernmentService data
(plugins/portal_site/procedures.py), and the content rules that keep a procedure followable
(plugins/core/checks/rules/procedures.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.checks.engine import Checker
from plugins.core.index import build_index
from plugins.core.schema import schema_for
from plugins.core.urls import item_path, section_path
from plugins.portal_site.procedures import ProcedureHelpers, forms_page_path
from tests.helpers import ROOT, make_repo, serve, write_item
from tests.test_browser import CONTRAST_SCRIPT
from workflow.build import BuildReport, build_site

AS_OF = dt.date(2026, 11, 30)
AGENCY = load_agency(ROOT / "content")
INDEX = build_index(ROOT / "content", AGENCY)
SCHEMA = schema_for("procedures")
SECTION_IDS = ("proc-need", "proc-where", "proc-time", "proc-steps", "proc-result")


def _procedures() -> list[tuple[str, str, dict[str, Any]]]:
    """(stem, lang, converted front matter) of every published procedure of the demo."""
    found = []
    for (section, stem), versions in sorted(INDEX.items.items()):
        if section != "procedures":
            continue
        for lang, name in versions.items():
            meta = frontmatter.read(ROOT / "content" / name.path).meta
            if meta.get("status", "published") != "draft":
                found.append((stem, lang, SCHEMA.convert_values(meta)))
    return found


PROCEDURES = _procedures()


class Page(HTMLParser):
    """What these tests look at in a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str, str]] = []  # (level, id, text)
        self.links: list[tuple[str, str, dict[str, str]]] = []  # (href, text, attributes)
        self.tables: list[dict[str, Any]] = []
        self.regions: list[dict[str, str]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self.styles: list[str] = []  # inline style attributes and <style> elements
        self.text_parts: list[str] = []
        self._heading: tuple[int, str] | None = None
        self._link: tuple[str, dict[str, str]] | None = None
        self._caption = False
        self._script: str | None = None
        self._buffer: list[str] = []
        self._link_buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if "style" in attributes or tag == "style":
            self.styles.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._buffer = (int(tag[1]), attributes.get("id", "")), []
        elif tag == "a" and attributes.get("href"):
            self._link, self._link_buffer = (attributes["href"], attributes), []
        elif tag == "table":
            self.tables.append({"caption": "", "headers": []})
        elif tag == "caption":
            self._caption, self._buffer = True, []
        elif tag == "th" and self.tables:
            self.tables[-1]["headers"].append(attributes.get("scope"))
        elif tag == "div" and "proc-scroll" in attributes.get("class", ""):
            self.regions.append(attributes)
        elif tag == "script":
            self._script, self._buffer = attributes.get("type", ""), []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.headings.append((*self._heading, _squash(self._buffer)))
            self._heading = None
        elif tag == "a" and self._link:
            self.links.append((self._link[0], _squash(self._link_buffer), self._link[1]))
            self._link = None
        elif tag == "caption":
            self.tables[-1]["caption"] = _squash(self._buffer)
            self._caption = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._heading or self._caption or self._script is not None:
            self._buffer.append(data)
        if self._link:
            self._link_buffer.append(data)
        if self._script is None:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return _squash(self.text_parts)

    def structured_data(self) -> list[dict[str, Any]]:
        return [json.loads(text) for kind, text in self.scripts if kind == "application/ld+json"]


def _squash(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def read(output: Path, url_path: str) -> Page:
    page = Page()
    page.feed((output / url_path / "index.html").read_text(encoding="utf-8"))
    return page


# -- the demo built once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    repo = make_repo(tmp_path_factory.mktemp("procedures"), with_demo_content=True)
    return build_site(repo, as_of=AS_OF)


@pytest.fixture(scope="module")
def output(site: BuildReport) -> Path:
    return site.output


def test_the_demo_has_enough_real_procedures() -> None:
    vietnamese = [meta for _stem, lang, meta in PROCEDURES if lang == "vi"]
    assert len(vietnamese) >= 6
    assert {"toan-trinh", "mot-phan"} <= {meta["level"] for meta in vietnamese}
    every_basis = {number for meta in vietnamese for number in meta.get("legal_basis", [])}
    assert {"09/2023/QĐ-TTg", "06/2020/QĐ-TTg", "111/2011/NĐ-CP", "313/2025/NĐ-CP"} <= every_basis
    assert not {"45/2006/QĐ-TTg", "54/2015/QĐ-TTg", "80/2020/NĐ-CP"} & every_basis, \
        "replaced documents are no legal basis on 2026-11-30"
    assert all(meta.get("dossier") for meta in vietnamese)
    assert sum(1 for meta in vietnamese for document in meta["dossier"] if "form" in document) >= 6


@pytest.mark.slow
def test_the_build_is_clean(site: BuildReport) -> None:
    assert site.errors == []
    assert [warning for warning in site.warnings if "procedure" in warning.lower()] == []


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang", "meta"), PROCEDURES,
                         ids=[f"{stem}.{lang}" for stem, lang, _meta in PROCEDURES])
def test_a_procedure_page_can_be_followed_to_the_end(output: Path, stem: str, lang: str,
                                                     meta: dict[str, Any]) -> None:
    page = read(output, item_path(AGENCY, "procedures", stem, lang))
    ids = [heading_id for _level, heading_id, _text in page.headings]
    expected = [*SECTION_IDS, *(["proc-legal"] if meta.get("legal_basis") else [])]
    assert [heading_id for heading_id in ids if heading_id in expected] == expected, \
        "the sections come in the order a citizen follows them"
    text = page.text
    for key in ("code", "field", "competent_agency", "implementing_agency", "subjects",
                "conditions", "result", "announced_by"):
        if meta.get(key):
            assert " ".join(str(meta[key]).split()) in text, key
    for channel in meta["channels"]:
        assert channel["fee"] in text
        for key in ("address", "hours"):
            if channel.get(key):
                assert channel[key] in text, key
        if channel["kind"] == "online":
            assert channel["url"] in [href for href, _text, _attrs in page.links]
    for step in meta["steps"]:
        assert step["what"] in text
        if step.get("unit"):
            assert AGENCY.unit_name(step["unit"], lang) in text
        if step.get("person"):
            person = AGENCY.people[step["person"]]
            assert f"{person['name']}, {AGENCY.text(person['position'], lang)}" in text
    for document in meta.get("dossier", []):
        assert document["name"] in text
    for number in meta.get("legal_basis", []):
        assert number in text
    reviewed = meta["last_reviewed"].date().isoformat()
    assert f'<time datetime="{reviewed}">' in (
        output / item_path(AGENCY, "procedures", stem, lang) / "index.html").read_text(
            encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang", "meta"), PROCEDURES,
                         ids=[f"{stem}.{lang}" for stem, lang, _meta in PROCEDURES])
def test_a_procedure_page_is_accessible(output: Path, stem: str, lang: str,
                                        meta: dict[str, Any]) -> None:
    page = read(output, item_path(AGENCY, "procedures", stem, lang))
    levels = [level for level, _id, _text in page.headings]
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), \
        "no heading level is skipped"
    assert page.tables
    for table in page.tables:
        assert table["caption"]
        assert table["headers"] and all(scope in ("col", "row") for scope in table["headers"])
    assert page.regions and all(region.get("tabindex") == "0" and region.get("aria-label")
                                for region in page.regions)
    assert page.styles == []
    assert {kind for kind, text in page.scripts if text.strip()} == {"application/ld+json"}, \
        "no inline script but the structured data"


@pytest.mark.slow
def test_every_form_link_leads_to_a_file_of_the_site(output: Path) -> None:
    pages = [item_path(AGENCY, "procedures", stem, lang) for stem, lang, _meta in PROCEDURES]
    pages += [forms_page_path(AGENCY, lang) for lang in AGENCY.languages]
    seen = set()
    for url_path in pages:
        for href, _text, attributes in read(output, url_path).links:
            path = unquote(urlsplit(href).path)
            if path.startswith("/media/procedures/"):
                assert "download" in attributes
                assert (output / path.lstrip("/")).is_file(), (url_path, href)
                seen.add(path)
    forms = {f"/{document['form']}" for _stem, _lang, meta in PROCEDURES
             for document in meta.get("dossier", []) if document.get("form")}
    assert seen == forms


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(AGENCY.languages))
def test_the_catalogue_lists_each_procedure_by_field_and_level(output: Path, lang: str) -> None:
    html = (output / section_path(AGENCY, "procedures", lang) / "index.html").read_text(
        encoding="utf-8")
    page = read(output, section_path(AGENCY, "procedures", lang))
    mine = {" ".join(meta["title"].split()): (stem, meta)
            for stem, code, meta in PROCEDURES if code == lang}
    assert mine, "every language has at least one procedure in the demo"
    # Where each entry stands: (field heading, index of its level heading) by title.
    placed: dict[str, tuple[str, int]] = {}
    field, level = "", -1
    for index, (heading_level, _id, text) in enumerate(page.headings):
        if heading_level == 2:
            field = text
        elif heading_level == 3:
            level = index
        elif heading_level == 4:
            placed[text] = (field, level)
    assert set(placed) == set(mine), "every procedure of the language, and only those"
    levels_under: dict[int, set[str]] = {}
    for title, (stem, meta) in mine.items():
        assert placed[title][0] == meta["field"], title
        levels_under.setdefault(placed[title][1], set()).add(meta["level"])
        link = 'href="/{}"'.format(item_path(AGENCY, "procedures", stem, lang))
        entry = html[html.index(link):]
        entry = entry[:entry.index("</li>")]
        assert meta["code"] in entry
        days = [channel["days"] for channel in meta["channels"]]
        assert str(min(days)) in entry and str(max(days)) in entry
        assert all(channel["fee"] in entry for channel in meta["channels"])
    assert all(len(levels) == 1 for levels in levels_under.values()), \
        "each level heading holds procedures of one level"
    fields = [text for level, _id, text in page.headings if level == 2 and text in {
        meta["field"] for _stem, meta in mine.values()}]
    assert len(fields) == len(set(fields)), "one group per field"


@pytest.mark.slow
def test_the_catalogue_replaces_the_plain_listing(output: Path) -> None:
    html = (output / section_path(AGENCY, "procedures", "vi") / "index.html").read_text(
        encoding="utf-8")
    assert 'class="proc-fields"' in html
    assert forms_page_path(AGENCY, "vi") in html


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(AGENCY.languages))
def test_the_forms_page_lists_every_form_with_its_procedure(output: Path, lang: str) -> None:
    page = read(output, forms_page_path(AGENCY, lang))
    hrefs = [unquote(href) for href, _text, _attrs in page.links]
    mine = [(stem, meta) for stem, code, meta in PROCEDURES if code == lang]
    forms = 0
    for stem, meta in mine:
        for document in meta.get("dossier", []):
            if document.get("form"):
                forms += 1
                assert document["name"] in page.text
                assert f"/{document['form']}" in hrefs
                assert f"/{item_path(AGENCY, 'procedures', stem, lang)}" in hrefs
    assert forms
    assert page.tables[0]["caption"].startswith(str(forms))
    switcher = {attrs.get("hreflang"): href for href, _text, attrs in page.links
                if attrs.get("hreflang")}
    for code, language in AGENCY.languages.items():
        if code != lang:
            assert switcher[language.html_lang] == f"/{forms_page_path(AGENCY, code)}"


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "lang", "meta"), PROCEDURES,
                         ids=[f"{stem}.{lang}" for stem, lang, _meta in PROCEDURES])
def test_a_procedure_page_carries_government_service_data(output: Path, stem: str, lang: str,
                                                          meta: dict[str, Any]) -> None:
    [data] = read(output, item_path(AGENCY, "procedures", stem, lang)).structured_data()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == meta["title"]
    assert data["identifier"] == meta["code"]
    assert data["serviceType"] == meta["field"]
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["areaServed"]["@type"] == "AdministrativeArea"
    channels = data["availableChannel"]
    assert len(channels) == len(meta["channels"])
    for channel, source in zip(channels, meta["channels"], strict=True):
        assert channel["@type"] == "ServiceChannel"
        assert channel["processingTime"] == f"P{source['days']}D"
        assert channel["availableLanguage"]["alternateName"] == "vi"
        if source["kind"] == "online":
            assert channel["serviceUrl"].startswith("https://")
        elif source["kind"] == "in_person":
            assert channel["serviceLocation"]["@type"] == "Place"
            assert channel["serviceLocation"]["address"]["streetAddress"] == source["address"]


@pytest.mark.slow
def test_the_legal_basis_links_to_the_documents_register(output: Path) -> None:
    stem = "cho-phep-to-chuc-hoi-nghi-hoi-thao-quoc-te"
    for lang in ("vi", "en"):
        links = {text: href for href, text, _attrs in
                 read(output, item_path(AGENCY, "procedures", stem, lang)).links}
        for number in ("42/2022/NĐ-CP", "25/2026/QĐ-UBND"):
            assert number in links, (lang, number)
            target = urlsplit(links[number]).path
            assert target.startswith(f"/{section_path(AGENCY, 'documents', 'vi')}") or \
                target.startswith(f"/{section_path(AGENCY, 'documents', lang)}")
            assert (output / target.lstrip("/") / "index.html").is_file()


BROWSER_PAGES = [
    section_path(AGENCY, "procedures", "vi"), forms_page_path(AGENCY, "vi"),
    forms_page_path(AGENCY, "en"),
    item_path(AGENCY, "procedures", "cho-phep-su-dung-the-abtc", "vi"),
    item_path(AGENCY, "procedures", "cho-phep-to-chuc-hoi-nghi-hoi-thao-quoc-te", "zh"),
]


@pytest.mark.slow
@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_the_pages_fit_320px_and_keep_their_contrast(browser, output: Path, path: str) -> None:
    with serve(output) as url:
        page = browser.new_page(viewport={"width": 320, "height": 640})
        page.goto(f"{url}/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size({"width": 1280, "height": 900})
        failures = page.evaluate(CONTRAST_SCRIPT)
        page.close()
    assert width <= 320, f"{path} scrolls sideways at 320 px ({width} px wide)"
    assert failures == []


def test_processing_time_is_an_iso_8601_duration_and_fees_are_listed_once() -> None:
    assert ProcedureHelpers.duration(5) == "P5D"
    meta = {"channels": [{"days": 5, "fee": "Không thu phí"}, {"days": 7, "fee": "Không thu phí"},
                         {"days": 5, "fee": "200.000 đồng/thẻ"}]}
    assert ProcedureHelpers.days_range(meta) == (5, 7)
    assert ProcedureHelpers.fees(meta) == ["Không thu phí", "200.000 đồng/thẻ"]
    assert ProcedureHelpers.portal("https://dichvucong.gov.vn/p/home/x.html") == "national"
    assert ProcedureHelpers.portal("https://dichvucong.langson.gov.vn/") == "provincial"
    assert ProcedureHelpers.portal("https://example.com/") == ""


# -- the content rules -------------------------------------------------------------------------

PROCEDURE = """
    title: Cho phép tổ chức hội thảo quốc tế
    date: 2026-11-20 09:00
    category: dich-vu-cong
    unit: hop-tac-quoc-te
    author: ha-minh-duc
    code: "1.003519.000.00.00.H01"
    field: Hội nghị, hội thảo quốc tế
    level: toan-trinh
    competent_agency: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn
    implementing_agency: Sở Ngoại vụ tỉnh Lạng Sơn
    subjects: Cơ quan, tổ chức tổ chức hội thảo quốc tế trên địa bàn tỉnh.
    steps:
      - what: Tiếp nhận hồ sơ.
        unit: hop-tac-quoc-te
        person: ha-minh-duc
        days: 1
    channels:
      - kind: online
        url: https://dichvucong.gov.vn/p/home/dvc-trang-chu.html
        days: 20
        fee: Không thu phí
      - kind: in_person
        address: Số 10 đường Hùng Vương, phường Lương Văn Tri
        hours: Thứ Hai đến Thứ Sáu, 7 giờ 30 – 16 giờ 30
        days: 20
        fee: Không thu phí
    dossier:
      - name: Đề án tổ chức hội thảo
        originals: 1
        copies: 0
        form: media/procedures/de-an.pdf
    result: Văn bản cho phép tổ chức hội thảo.
    legal_basis: ["06/2020/QĐ-TTg"]
    announced_by: "729/QĐ-BNG"
    last_reviewed: 2026-11-20
"""


def _repo_with(tmp_path: Path, front_matter: str, *, form: bool = True) -> Path:
    repo = make_repo(tmp_path / "repo")
    if form:
        path = repo / "content" / "media" / "procedures" / "de-an.pdf"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"%PDF-1.4\n% stand-in\n")
    write_item(repo, "procedures/hoi-thao.vi.md", front_matter, "Ghi chú về thủ tục.")
    return repo


def _findings(repo: Path) -> list[tuple[str, int, str]]:
    return [(finding.rule, finding.line, finding.message)
            for finding in Checker(repo).run().findings]


def _line(repo: Path, text: str) -> int:
    lines = (repo / "content" / "procedures" / "hoi-thao.vi.md").read_text(
        encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_a_followable_procedure_passes(tmp_path: Path) -> None:
    assert _findings(_repo_with(tmp_path, PROCEDURE)) == []


def test_an_online_channel_without_url_and_an_office_without_hours_are_errors(
        tmp_path: Path) -> None:
    broken = PROCEDURE.replace(
        "        url: https://dichvucong.gov.vn/p/home/dvc-trang-chu.html\n", "").replace(
        "        hours: Thứ Hai đến Thứ Sáu, 7 giờ 30 – 16 giờ 30\n", "")
    repo = _repo_with(tmp_path, broken)
    found = [(rule, line) for rule, line, _message in _findings(repo)]
    assert found == [("procedure-channel", _line(repo, "- kind: online")),
                     ("procedure-channel", _line(repo, "- kind: in_person"))]
    messages = [message for _rule, _line_number, message in _findings(repo)]
    assert "channels[1]" in messages[0] and "https://" in messages[0]
    assert "channels[2]" in messages[1] and "'hours'" in messages[1]


def test_an_online_link_must_be_https_and_an_office_needs_its_address(tmp_path: Path) -> None:
    broken = PROCEDURE.replace("url: https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
                               "url: http://dichvucong.gov.vn/").replace(
        "        address: Số 10 đường Hùng Vương, phường Lương Văn Tri\n", "")
    found = [(rule, message) for rule, _line_number, message in
             _findings(_repo_with(tmp_path, broken))]
    assert [rule for rule, _message in found] == ["procedure-channel", "procedure-channel"]
    assert "'address'" in found[1][1]


def test_a_form_that_is_not_there_or_outside_the_forms_folder_is_refused(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, PROCEDURE, form=False)
    assert [(rule, line) for rule, line, _message in _findings(repo)] == [
        ("broken-link", _line(repo, "- name: Đề án tổ chức hội thảo"))]
    elsewhere = PROCEDURE.replace("media/procedures/de-an.pdf", "media/2026/de-an.pdf")
    found = _findings(_repo_with(tmp_path / "other", elsewhere))
    assert [rule for rule, _line_number, _message in found] == ["broken-link"]
    assert "media/procedures/" in found[0][2]


def test_a_step_of_a_division_names_its_person_and_the_person_is_configured(
        tmp_path: Path) -> None:
    nameless = PROCEDURE.replace("        person: ha-minh-duc\n", "")
    repo = _repo_with(tmp_path, nameless)
    assert [(rule, line) for rule, line, _message in _findings(repo)] == [
        ("required-field", _line(repo, "- what: Tiếp nhận hồ sơ."))]
    unknown = PROCEDURE.replace("person: ha-minh-duc", "person: nguoi-la")
    found = _findings(_repo_with(tmp_path / "other", unknown))
    assert [rule for rule, _line_number, _message in found] == ["vocabulary"]
    assert "steps[1].person" in found[0][2]


def test_the_legal_basis_holds_document_numbers(tmp_path: Path) -> None:
    wrong = PROCEDURE.replace('["06/2020/QĐ-TTg"]', '["Quyết định 06 năm 2020"]')
    found = _findings(_repo_with(tmp_path, wrong))
    assert [rule for rule, _line_number, _message in found] == ["document-number"]


def test_a_translation_translates_record_texts_and_copies_the_rest(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, PROCEDURE)
    english = textwrap.dedent(PROCEDURE).replace(
        "Cho phép tổ chức hội thảo quốc tế", "Permission for an international seminar").replace(
        "Hội nghị, hội thảo quốc tế", "International conferences").replace(
        "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn", "Chairperson of the Provincial People's "
        "Committee").replace("Sở Ngoại vụ tỉnh Lạng Sơn", "Department of Foreign Affairs").replace(
        "Cơ quan, tổ chức tổ chức hội thảo quốc tế trên địa bàn tỉnh.",
        "Organisers of international seminars in the province.").replace(
        "Văn bản cho phép tổ chức hội thảo.", "A written permission.").replace(
        "Số 10 đường Hùng Vương, phường Lương Văn Tri", "10 Hung Vuong Street").replace(
        "Thứ Hai đến Thứ Sáu, 7 giờ 30 – 16 giờ 30", "Monday to Friday, 7:30 to 16:30").replace(
        "Đề án tổ chức hội thảo", "Seminar proposal")
    # Left as in the original: a step's text and the fee; changed: a channel's processing time.
    english = english.replace("days: 20\n    fee: Không thu phí\n  - kind: in_person",
                              "days: 15\n    fee: Không thu phí\n  - kind: in_person")
    write_item(repo, "procedures/hoi-thao.en.md", english, "Notes on the procedure.")
    found = sorted((rule, message.split("'")[1]) for rule, _line_number, message in
                   _findings(repo) if "hoi-thao" in message or rule in (
                       "untranslated", "translation-drift"))
    assert ("translation-drift", "channels[1].days") in found
    assert ("untranslated", "steps[1].what") in found
    assert ("untranslated", "channels[1].fee") in found
    assert ("untranslated", "channels[2].fee") in found
