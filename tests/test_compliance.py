"""The compliance page: every duty of 003 Đ6 and Decree 42/2022 checked against the site a
preview build makes, the deadline rules counted as the dashboard counts them, and never a trace
of it in a public build."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from plugins.core.agency import load_agency
from plugins.core.compliance import (
    CHECKS,
    COUNTED,
    LiveItem,
    SiteFacts,
    Verdict,
    evaluate,
    has_print_control,
    tally_deadlines,
)
from plugins.core.compliance_items import DECREE_42, GROUPS, REQUIREMENTS
from plugins.core.deadlines import deadline_table
from plugins.core.i18n import using_language
from plugins.core.index import build_index
from plugins.portal_site.compliance import template_sources
from plugins.portal_site.internal import COMPLIANCE_PATH
from tests.conftest import DEMO_AS_OF
from tests.helpers import NEWS_FRONT_MATTER, ROOT, make_repo, write_item
from workflow.build import build_site

PAGE = Path(COMPLIANCE_PATH) / "index.html"
MOMENT = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
# A clause as the regulation numbers it, or Decree 42 with no clause: nothing invented.
CLAUSE = re.compile(r"^(003 Đ6\.[1-9](, Đ6\.[1-9])*(; NĐ 42/2022/NĐ-CP)?|NĐ 42/2022/NĐ-CP)$")


@dataclass
class _Row:
    attrs: dict[str, str | None]
    cells: list[tuple[dict[str, str | None], list[str]]] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        return self.attrs.get("data-status")

    @property
    def counts(self) -> dict[str, int]:
        return {attrs["data-count"] or "": int("".join(text)) for attrs, text in self.cells
                if attrs.get("data-count")}


class _Rows(HTMLParser):
    """Every table row that has an id: its attributes, and its cells' attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, _Row] = {}
        self._row: _Row | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr":
            self._row = _Row(attributes)
            self.rows[attributes.get("id") or ""] = self._row
        elif tag in ("td", "th") and self._row is not None:
            self._row.cells.append((attributes, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._row.cells:
            self._row.cells[-1][1].append(data.strip())


def _rows(page: Path) -> dict[str, _Row]:
    parser = _Rows()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


def _status(rows: dict[str, _Row], requirement_id: str) -> str | None:
    return rows[f"req-{requirement_id}"].status


def _facts(items: list[LiveItem]) -> SiteFacts:
    """The demo's agency.yaml and index, with these items only, and nothing else written."""
    content = ROOT / "content"
    agency = load_agency(content)
    return SiteFacts(agency=agency, index=build_index(content, agency), moment=MOMENT, lang="vi",
                     items=items, addresses={}, print_control=False)


def _document(stem: str, **values: object) -> LiveItem:
    fields = {"doc_type": "QĐ", "issuer": "Sở Ngoại vụ", "number": f"{stem}/QĐ-SNgV",
              "issued": dt.date(2026, 10, 1), "effective": dt.date(2026, 10, 15),
              "summary": "Trích yếu.", "file": "media/2026/a.pdf"}
    fields.update(values)
    return LiveItem("documents", stem, f"Văn bản {stem}", "van-ban-phap-luat",
                    f"content/documents/{stem}.vi.md", {k: v for k, v in fields.items()
                                                         if v is not None})


def _verdicts(facts: SiteFacts) -> dict[str, Verdict]:
    """In English, the language of the message ids, whatever the catalogs say."""
    with using_language("en"):
        groups = evaluate(facts)
    return {outcome.requirement.id: outcome.verdict
            for group in groups for outcome in group.outcomes}


def test_the_data_module_is_plain_and_every_check_exists() -> None:
    ids = [requirement.id for requirement in REQUIREMENTS]
    assert len(ids) == len(set(ids))
    groups = {group.id for group in GROUPS}
    assert {requirement.group for requirement in REQUIREMENTS} == groups
    for requirement in REQUIREMENTS:
        assert CLAUSE.match(requirement.clause), requirement.clause
        parameters = inspect.signature(CHECKS[requirement.check]).parameters
        assert set(requirement.args) <= set(parameters), requirement.id
    assert all(requirement.clause == DECREE_42 for requirement in REQUIREMENTS
               if requirement.group == "nd-42")
    assert {f"003 Đ6.{number}" for number in range(1, 10)} <= {group.clause for group in GROUPS}


def test_document_fields_count_issued_documents_only() -> None:
    draft = _document("du-thao", number=None, issued=None, effective=None,
                      consultation_opens=dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.UTC))
    items = [_document("1"), _document("2", effective=None), _document("3", effective=None),
             draft]
    verdicts = _verdicts(_facts(items))
    effective = verdicts["van-ban-effective"]
    assert not effective.present
    assert "2 of 3" in effective.reason
    assert [offender.source for offender in effective.offenders] == [
        "content/documents/2.vi.md", "content/documents/3.vi.md"]
    assert verdicts["van-ban-number"].present
    assert verdicts["gop-y-du-thao"].present


def test_an_empty_site_misses_what_needs_content_and_names_the_files() -> None:
    verdicts = _verdicts(_facts([]))
    assert not verdicts["kien-thuc-doi-ngoai"].present
    assert verdicts["kien-thuc-doi-ngoai"].path == "chuyen-muc/kien-thuc-doi-ngoai/"
    assert not verdicts["tim-kiem"].present and not verdicts["in-luu-bai-viet"].present
    assert "content/pages/co-cau-to-chuc.vi.md" in verdicts["co-cau-to-chuc"].reason
    # What agency.yaml gives is there without any content.
    assert verdicts["duong-day-nong"].present and verdicts["lien-ket-co-quan"].present


def test_steps_of_the_department_need_their_responsible_person() -> None:
    def procedure(stem: str, steps: list[dict[str, object]]) -> LiveItem:
        return LiveItem("procedures", stem, stem, "dich-vu-cong",
                        f"content/procedures/{stem}.vi.md", {"steps": steps})

    applicant = {"what": "Nộp hồ sơ"}
    items = [procedure("du", [applicant, {"what": "Thẩm định", "unit": "lanh-su",
                                          "person": "be-thi-thu"}]),
             procedure("thieu", [applicant, {"what": "Thẩm định", "unit": "lanh-su"}]),
             procedure("khong-ai", [applicant])]
    verdict = _verdicts(_facts(items))["tthc-nguoi-chiu-trach-nhiem"]
    assert not verdict.present
    assert [(offender.path, offender.detail) for offender in verdict.offenders] == [
        ("thu-tuc-hanh-chinh/thieu/", "steps without 'person': 2"),
        ("thu-tuc-hanh-chinh/khong-ai/", "no step names a 'person'")]


def test_the_print_control_is_an_attribute_not_a_word() -> None:
    assert has_print_control(['<button type="button" data-print hidden>'])
    assert not has_print_control(['<span data-print-date></span>', "print or save"])


def test_the_print_control_is_found_in_what_the_article_template_imports() -> None:
    templates = {
        "article.html": '{% extends "base.html" %}'
                        '{% from "partials/tools.html" import print_button %}'
                        '{% include "sections/" ~ section ~ ".html" ignore missing %}'
                        '{% include "gone.html" ignore missing %}',
        "base.html": "<main>{% block content %}{% endblock %}</main>",
        "partials/tools.html": '{% macro print_button() %}<button data-print>{% endmacro %}',
    }
    env = Environment(loader=DictLoader(templates))
    assert has_print_control(template_sources(env, "article.html"))
    templates["partials/tools.html"] = "{% macro print_button() %}{% endmacro %}"
    assert not has_print_control(template_sources(Environment(loader=DictLoader(templates)),
                                                   "article.html"))


def test_deadline_rules_are_counted_from_the_dashboards_rows() -> None:
    table = deadline_table(ROOT / "content", DEMO_AS_OF)
    tallies = tally_deadlines(table, load_agency(ROOT / "content"), "vi")
    assert [tally.rule.id for tally in tallies] == [rule.id for rule in table.profile.rules]
    counted = Counter(row.status for row in table.rows if row.rule is not None)
    for status in COUNTED:
        assert sum(tally.counts[status] for tally in tallies) == counted[status]


@pytest.mark.slow
def test_preview_lists_every_requirement_with_its_status(demo_output: Path) -> None:
    page = demo_output / PAGE
    html = page.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    rows = _rows(page)
    for requirement in REQUIREMENTS:
        assert _status(rows, requirement.id) in ("present", "missing"), requirement.id
        assert requirement.clause in html
    decree = [requirement.id for requirement in REQUIREMENTS if DECREE_42 in requirement.clause]
    assert len(decree) >= 15 and all(f'id="req-{item}"' in html for item in decree)
    # The checks look at what the build wrote, not at what was meant to be written.
    search = (demo_output / "tim-kiem" / "index.html").is_file()
    assert _status(rows, "tim-kiem") == ("present" if search else "missing")
    assert _status(rows, "kien-thuc-doi-ngoai") == "present"
    # What is missing is listed first, and every link leads to a page the build wrote.
    for requirement in REQUIREMENTS:
        if _status(rows, requirement.id) == "missing":
            assert f'href="#req-{requirement.id}"' in html
    for href in re.findall(r'href="(/[^"#]*)"', html):
        assert (demo_output / href.lstrip("/") / "index.html").is_file() or \
            (demo_output / href.lstrip("/")).is_file(), href


@pytest.mark.slow
def test_deadline_counts_equal_the_dashboards_statuses(demo_output: Path) -> None:
    rows = _rows(demo_output / PAGE)
    table = deadline_table(demo_output.parent / "content", DEMO_AS_OF)
    on_page = {rule.id: rows[f"rule-{rule.id}"].counts for rule in table.profile.rules}
    for rule in table.profile.rules:
        expected = Counter(row.status.value for row in table.rows if row.rule == rule.id)
        assert on_page[rule.id] == {status.value: expected[status.value]
                                    for status in COUNTED}, rule.id
    dashboard = (demo_output / "noi-bo" / "han-xu-ly" / "index.html").read_text(encoding="utf-8")
    listed = Counter(re.findall(r'class="deadline deadline--(\w+)"',
                                dashboard.split('<section id="all">', 1)[1]))
    for status in COUNTED:
        assert sum(counts[status.value] for counts in on_page.values()) == listed[status.value]
    assert sum(counts["overdue"] for counts in on_page.values()) > 0  # the demo has one


def test_an_emptied_category_is_missing_and_a_withdrawn_item_does_not_fill_it(
        tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/trong-tinh.vi.md", NEWS_FRONT_MATTER.format(
        title="Tin đối ngoại trong tỉnh", date="2026-11-02 09:00").replace(
        "chi-dao-dieu-hanh", "doi-ngoai-trong-tinh"))
    write_item(repo, "news/2026/kien-thuc-da-go.vi.md", NEWS_FRONT_MATTER.format(
        title="Kiến thức đã gỡ", date="2026-11-03 09:00").replace(
        "chi-dao-dieu-hanh", "kien-thuc-doi-ngoai")
        + "    withdrawn: 2026-11-10\n    withdrawn_reason: Nội dung đã cũ.\n")
    output = build_site(repo, as_of=DEMO_AS_OF).output
    rows = _rows(output / PAGE)
    assert _status(rows, "doi-ngoai-trong-tinh") == "present"
    assert _status(rows, "kien-thuc-doi-ngoai") == "missing"
    assert _status(rows, "tin-tuc-su-kien") == "present"
    assert _status(rows, "thu-tuc-hanh-chinh") == "missing"


def test_a_public_build_has_no_compliance_page_and_no_link_to_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "news/2026/cong-khai.vi.md", NEWS_FRONT_MATTER.format(
        title="Tin công khai", date="2026-11-02 09:00"))
    assert (build_site(repo).output / PAGE).is_file()
    output = build_site(repo, publish=True).output
    assert not (output / PAGE).exists()
    assert not any("tuan-thu" in path.read_text(encoding="utf-8")
                   for path in output.rglob("*") if path.suffix in (".html", ".xml", ".txt"))
