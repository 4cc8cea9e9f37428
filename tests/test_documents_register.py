"""The documents register: relations recorded once and shown both ways, validity computed on
the build's date, relations that must resolve, the 2-day rule found by unit id, and a document
page with its type's full name, its validity and schema.org Legislation."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from plugins.core.checks.engine import Checker
from plugins.core.deadlines import deadline_table
from plugins.core.documents import register
from tests.helpers import make_repo, read_page, write_item
from workflow.build import build_site

DAY = dt.date(2026, 11, 30)


def document(number: str, doc_type: str, issued: str, extra: str = "", date: str = "") -> str:
    return f"""
    title: "Văn bản số {number}"
    date: {date or issued + " 09:00"}
    category: van-ban-phap-luat
    unit: van-phong
    author: nguyen-thu-trang
    number: "{number}"
    doc_type: {doc_type}
    issuer: Chính phủ
    issued: {issued}
    summary: Trích yếu của văn bản số {number}.
    field: thong-tin-dien-tu
    file: media/2026/doc-thu.pdf
    {extra}
    """


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    media = repo / "content" / "media" / "2026"
    media.mkdir(parents=True)
    (media / "doc-thu.pdf").write_bytes(b"%PDF-1.4\n%stand-in\n")
    write_item(repo, "documents/nd-43-2011.vi.md", document("43/2011/NĐ-CP", "NĐ", "2011-06-13"))
    write_item(repo, "documents/nd-42-2022.vi.md", document(
        "42/2022/NĐ-CP", "NĐ", "2022-06-24", "replaces: [nd-43-2011]\n    effective: 2022-08-15"))
    write_item(repo, "documents/luat-47-2014.vi.md", document(
        "47/2014/QH13", "L", "2014-06-16"))
    write_item(repo, "documents/luat-51-2019.vi.md", document(
        "51/2019/QH14", "L", "2019-11-25", "amends: [luat-47-2014]"))
    return repo


def test_validity_and_relations_both_ways() -> None:
    values = {
        "old": {"issued": dt.date(2011, 6, 13)},
        "new": {"issued": dt.date(2022, 6, 24), "effective": dt.date(2022, 8, 15),
                "replaces": ["old"]},
        "base": {"issued": dt.date(2014, 6, 16)},
        "change": {"issued": dt.date(2019, 11, 25), "amends": ["base"]},
        "future": {"issued": dt.date(2026, 11, 1), "effective": dt.date(2027, 1, 1)},
        "ended": {"issued": dt.date(2020, 1, 1), "expiry": dt.date(2025, 12, 31)},
        "declared": {"issued": dt.date(2006, 1, 1), "validity": "replaced"},
    }
    standing = register(values, DAY)
    assert {stem: item.validity for stem, item in standing.items()} == {
        "old": "replaced", "new": "in_force", "base": "partly_amended", "change": "in_force",
        "future": "pending", "ended": "expired", "declared": "replaced"}
    assert standing["old"].related["replaced_by"] == ["new"]
    assert standing["base"].related["amended_by"] == ["change"]
    # Before the replacement took effect, the old decree was still in force.
    assert register(values, dt.date(2022, 8, 1))["old"].validity == "in_force"


def test_relations_must_name_documents_of_the_register(repo: Path) -> None:
    write_item(repo, "documents/sai-quan-he.vi.md", document(
        "1/2026/NĐ-CP", "NĐ", "2026-01-05", "replaces: [khong-co, sai-quan-he]"))
    findings = [(finding.rule, finding.message) for finding in Checker(repo).run().findings
                if finding.path.endswith("sai-quan-he.vi.md")]
    assert [rule for rule, _message in findings] == ["document-relation", "document-relation"]
    assert any("khong-co" in message for _rule, message in findings)


def test_the_two_day_rule_follows_the_issuing_unit_not_the_name(repo: Path) -> None:
    write_item(repo, "documents/qd-9-sngv.vi.md", document(
        "9/QĐ-SNgV", "QĐ", "2026-11-02", "issuer_unit: van-phong", date="2026-11-09 09:00"))
    rows = {row.stem: row for row in deadline_table(repo / "content", DAY).rows}
    assert rows["qd-9-sngv"].status.value == "late"
    assert rows["qd-9-sngv"].due.date() == dt.date(2026, 11, 4)


@pytest.mark.slow
def test_a_document_page_shows_type_validity_relations_and_legislation(repo: Path) -> None:
    shutil.copytree(Path(__file__).parent.parent / "content" / "_config",
                    repo / "content" / "_config", dirs_exist_ok=True)
    report = build_site(repo, as_of=DAY)
    assert report.errors == []
    old = read_page(repo / "output" / "van-ban" / "nd-43-2011" / "index.html").text
    assert "Nghị định" in old and "Đã bị thay thế" in old and "42/2022/NĐ-CP" in old
    new_html = (repo / "output" / "van-ban" / "nd-42-2022" / "index.html").read_text(
        encoding="utf-8")
    assert 'href="/van-ban/nd-43-2011/"' in new_html or "/van-ban/nd-43-2011/" in new_html
    data = json.loads(new_html.split('<script type="application/ld+json">', 1)[1]
                      .split("</script>", 1)[0])
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "42/2022/NĐ-CP"
    assert data["legislationLegalForce"] == "InForce"
    amended = read_page(repo / "output" / "van-ban" / "luat-47-2014" / "index.html").text
    assert "51/2019/QH14" in amended


@pytest.mark.slow
def test_the_register_and_its_filter_pages_list_exactly_the_matching_documents(
        repo: Path) -> None:
    shutil.copytree(Path(__file__).parent.parent / "content" / "_config",
                    repo / "content" / "_config", dirs_exist_ok=True)
    assert build_site(repo, as_of=DAY).errors == []
    register = repo / "output" / "van-ban"
    rows = read_page(register / "index.html").text
    for number in ("43/2011/NĐ-CP", "42/2022/NĐ-CP", "47/2014/QH13", "51/2019/QH14"):
        assert number in rows
    assert rows.index("51/2019/QH14") < rows.index("47/2014/QH13")  # newest issue first
    laws = read_page(register / "loai" / "L" / "index.html").text
    assert "47/2014/QH13" in laws and "51/2019/QH14" in laws and "NĐ-CP" not in laws
    replaced = read_page(register / "hieu-luc" / "replaced" / "index.html").text
    assert "43/2011/NĐ-CP" in replaced and "42/2022/NĐ-CP" not in replaced
    year = read_page(register / "nam" / "2022" / "index.html").text
    assert "42/2022/NĐ-CP" in year and "43/2011/NĐ-CP" not in year
    english = (repo / "output" / "english" / "documents" / "index.html").read_text(
        encoding="utf-8")
    assert "register.js" in english and '<th scope="col">' in english
    assert (repo / "output" / "theme" / "js" / "register.js").exists()


@pytest.mark.slow
def test_every_demo_document_page_carries_its_fields_and_links_that_resolve(
        demo_output: Path) -> None:
    from plugins.core import frontmatter  # noqa: PLC0415

    content = Path(__file__).resolve().parent.parent / "content" / "documents"
    for source in sorted(content.glob("*.vi.md")):
        meta = frontmatter.read(source).meta
        html = (demo_output / "van-ban" / source.name.removesuffix(".vi.md") / "index.html"
                ).read_text(encoding="utf-8")
        assert str(meta["summary"])[:40] in html.replace("&#34;", '"'), source.name
        assert 'class="validity validity--' in html, source.name
        assert "application/ld+json" in html, source.name
        download = html.split('class="download" href="', 1)[1].split('"', 1)[0]
        assert (demo_output / download.lstrip("/")).is_file(), source.name
        if "number" in meta:
            assert str(meta["number"]) in html, source.name
        if 'class="relations"' in html:
            section = html.split('class="relations"', 1)[1].split("</section>", 1)[0]
            for href in section.split('href="')[1:]:
                target = href.split('"', 1)[0]
                assert (demo_output / target.lstrip("/") / "index.html").exists(), target


DRAFT = """
    title: "Dự thảo quy chế thử"
    date: 2026-11-16 08:00
    category: chi-dao-dieu-hanh
    unit: van-phong
    author: nguyen-thu-trang
    doc_type: QC
    issuer: Sở Ngoại vụ tỉnh Lạng Sơn
    summary: Dự thảo quy chế thử để lấy ý kiến.
    field: doi-ngoai
    file: media/2026/doc-thu.pdf
    consultation_opens: 2026-11-16 08:00
    consultation_closes: 2026-12-16 17:00
    {extra}
"""


@pytest.mark.slow
def test_a_page_reused_between_builds_follows_the_moment(repo: Path) -> None:
    """The comment form of a draft closes, and a replacement takes effect, between two builds
    that change no file: the reused pages must say so."""
    write_item(repo, "documents/du-thao.vi.md", DRAFT.format(extra=""))
    write_item(repo, "documents/nd-99-2026.vi.md", document(
        "99/2026/NĐ-CP", "NĐ", "2026-11-20", "replaces: [nd-42-2022]\n    effective: "
        "2026-12-20"))
    shutil.copytree(Path(__file__).parent.parent / "content" / "_config",
                    repo / "content" / "_config", dirs_exist_ok=True)
    assert build_site(repo, as_of=dt.datetime(2026, 11, 30, 9, 0)).errors == []
    page = repo / "output" / "van-ban" / "du-thao" / "index.html"
    assert 'class="comment-form"' in page.read_text(encoding="utf-8")
    replaced = repo / "output" / "van-ban" / "nd-42-2022" / "index.html"
    assert "validity--in_force" in replaced.read_text(encoding="utf-8")
    assert build_site(repo, as_of=dt.datetime(2026, 12, 21, 9, 0)).errors == []
    assert 'class="comment-form"' not in page.read_text(encoding="utf-8")
    assert "validity--replaced" in replaced.read_text(encoding="utf-8")


@pytest.mark.slow
def test_unpublished_and_draft_documents_replace_nothing(repo: Path) -> None:
    write_item(repo, "documents/bi-mat.vi.md", document(
        "98/2026/NĐ-CP", "NĐ", "2026-11-01", "replaces: [luat-47-2014]\n    status: draft")
        .replace("Văn bản số 98/2026/NĐ-CP", "Văn bản chưa công bố"))
    write_item(repo, "documents/du-thao.vi.md", DRAFT.format(extra="amends: [nd-42-2022]"))
    shutil.copytree(Path(__file__).parent.parent / "content" / "_config",
                    repo / "content" / "_config", dirs_exist_ok=True)
    assert build_site(repo, publish=True, as_of=DAY).errors == []
    law = (repo / "output" / "van-ban" / "luat-47-2014" / "index.html").read_text(
        encoding="utf-8")
    assert "chưa công bố" not in law and "98/2026" not in law
    assert "validity--partly_amended" in law  # by 51/2019, not replaced by the draft
    decree = (repo / "output" / "van-ban" / "nd-42-2022" / "index.html").read_text(
        encoding="utf-8")
    assert "validity--in_force" in decree


def test_procedure_numbers_and_links_are_checked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write_item(repo, "procedures/thu.vi.md", """
        title: Thủ tục thử
        date: 2026-11-02 09:00
        category: dich-vu-cong
        unit: lanh-su
        author: nguyen-thu-trang
        code: "1.000002.000.00.00.H01"
        field: Lãnh sự
        level: mot-phan
        competent_agency: Sở Ngoại vụ tỉnh Lạng Sơn
        implementing_agency: Sở Ngoại vụ tỉnh Lạng Sơn
        subjects: Tổ chức, cá nhân.
        steps:
          - what: Tiếp nhận hồ sơ.
            unit: lanh-su
            person: be-thi-thu
            days: -5
        channels:
          - kind: post
            address: Số 10 đường Hùng Vương
            url: "javascript:alert(1)"
            days: 0
            fee: Không thu phí
        result: Văn bản trả lời.
    """)
    rules = sorted(finding.rule for finding in Checker(repo).run().findings
                   if finding.path.endswith("thu.vi.md"))
    assert rules == ["field-type", "field-type", "procedure-channel"]
