"""A citizen's question from the site's form to the published answer, and the proof that no
personal value escapes the private store: Chromium fills the real form of the built site, the
intake service stores it, the desk answers it with the commands, the site is built again, and
every output file, content file and log line is scanned for every personal value stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from plugins.core.dates import AGENCY_TIMEZONE
from tests.helpers import make_repo, run_portal, serve
from tests.qa_play import free_port, intake_service, write_json
from workflow.build import build_site
from workflow.qa.desk import open_desk

pytestmark = pytest.mark.slow
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".css", ".md", ".yaml", ".svg"}


def _demo_with_intake(tmp_path: Path) -> tuple[Path, int]:
    """The demo repository whose forms post to an intake on a free loopback port."""
    repo = make_repo(tmp_path / "repo", with_demo_content=True)
    port = free_port()
    config = repo / "content" / "_config" / "qa.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "url: /dich-vu/hoi-dap/", f"url: http://127.0.0.1:{port}/"), encoding="utf-8")
    return repo, port


def _published_files(repo: Path) -> list[Path]:
    """Every text file of the built site and of content/: what anybody may read."""
    return [path for folder in (repo / "output", repo / "content") for path in
            folder.rglob("*") if path.is_file() and path.suffix in TEXT_SUFFIXES]


def _leaks(files: list[Path], values: Iterable[str]) -> list[tuple[str, str]]:
    values = list(values)
    return [(path.name, value) for path in files for value in values
            if value in path.read_text(encoding="utf-8", errors="ignore")]


def _fill_individual(page, lang_values: dict[str, str]) -> None:
    page.check("#qa-kind-individual")
    for name, value in lang_values.items():
        if name in ("place", "topic"):
            page.select_option(f"#qa-{name}", value)
        else:
            page.fill(f"#qa-{name}", value)
    page.check("#qa-consent")


def test_a_question_through_the_form_is_answered_and_published_without_personal_data(
        tmp_path: Path, browser, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
    repo, port = _demo_with_intake(tmp_path)
    assert build_site(repo, as_of=dt.date(2026, 11, 20)).errors == []
    person = {"full_name": "Ngô Thị Bí Mật", "nationality": "Việt Nam",
              "occupation": "Nông dân", "address": "Thôn Bí Mật, số nhà 99",
              "email": "bi.mat.99@example.vn", "phone": "0205 0000 999",
              "place": "xa-tan-thanh", "topic": "bien-gioi",
              "question": "Gia đình tôi muốn sang chợ biên giới phía Trung Quốc bán nông sản, "
                          "cần giấy tờ gì?"}
    with intake_service(repo, {}, port), serve(repo / "output") as site:
        page = browser.new_page()
        page.goto(f"{site}/english/questions/ask/")
        _fill_individual(page, {**person, "question": "What papers do I need to sell farm "
                                "produce at the border market on the Chinese side?"})
        page.click(".qa-form button[type=submit]")
        assert "Ngô Thị Bí Mật" in page.content()  # shown back for checking
        page.click("text=Confirm and send")
        reference = page.inner_text(".reference")
        due = page.get_attribute(".due", "datetime")
        page.goto(f"{site}/hoi-dap/dat-cau-hoi/")
        _fill_individual(page, person)
        page.click(".qa-form button[type=submit]")
        page.click("form[action=confirm] button")
        vietnamese = page.inner_text(".reference")
        page.close()
    desk = open_desk(repo)
    record = desk.store.require(reference)
    assert record.lang == "en" and desk.store.require(vietnamese).lang == "vi"
    assert due == desk.due(record.received, {}).date().isoformat()
    organisation = {"lang": "zh", "kind": "organisation", "organisation": "谅山测试贸易有限公司",
                    "representative": "王秘密", "position": "总经理", "licence": "4900123456",
                    "address": "友谊关口岸测试路8号", "place": "xa-dong-dang",
                    "email": "wang.mimi@example.com", "phone": "+86 771 000 8888",
                    "topic": "bien-gioi", "consent": True, "received": "2026-11-02 10:00",
                    "question": "我公司想在口岸附近举办中越边贸洽谈会，需要向哪个部门申请？"}
    code, output = run_portal(repo, capsys, "qa", "receive",
                              str(write_json(tmp_path / "mail.json", organisation)))
    assert code == 0, output
    answer = tmp_path / "answer.md"
    answer.write_text("---\nanswered_by: ly-quoc-hung\n---\n\nCông dân cư trú ở xã biên giới "
                      "được cấp giấy thông hành biên giới theo quy định hiện hành.\n",
                      encoding="utf-8")
    code, output = run_portal(repo, capsys, "qa", "forward", vietnamese, "bien-gioi",
                              "--title", "Giấy tờ để bán nông sản ở chợ biên giới")
    assert code == 0, output
    code, output = run_portal(repo, capsys, "qa", "answer", vietnamese, "--from", str(answer))
    assert code == 0, output
    code, output = run_portal(repo, capsys, "check", "--strict")
    assert code == 0, output
    assert build_site(repo, publish=True).errors == []
    published = repo / "output" / "hoi-dap" / vietnamese.lower() / "index.html"
    assert "Giấy tờ để bán nông sản" in published.read_text(encoding="utf-8")
    personal = sorted({value for record in desk.store.records()
                       for key, value in record.identity.items()
                       if key not in ("place", "nationality", "occupation", "position")})
    assert len(personal) >= 10
    scanned = [*_published_files(repo), repo / "intake.log"]
    assert _leaks(scanned, personal) == []
    assert len(scanned) > 100


def test_a_comment_on_a_draft_is_kept_private_and_only_counted(
        tmp_path: Path, browser, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
    repo, port = _demo_with_intake(tmp_path)
    draft = "du-thao-quy-che-don-tiep-khach-nuoc-ngoai"
    # The draft's comment period (16/11 to 16/12) is open now only in the page built for 20/11;
    # the service judges the period at the real moment, so the draft is opened up to now.
    path = repo / "content" / "documents" / f"{draft}.vi.md"
    opens = (dt.datetime.now(AGENCY_TIMEZONE) - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    closes = (dt.datetime.now(AGENCY_TIMEZONE) + dt.timedelta(days=30)).strftime(
        "%Y-%m-%d %H:%M")
    text = path.read_text(encoding="utf-8")
    text = text.replace("consultation_opens: 2026-11-16 08:00", f"consultation_opens: {opens}")
    path.write_text(text.replace("consultation_closes: 2026-12-16 17:00",
                                 f"consultation_closes: {closes}"), encoding="utf-8")
    assert build_site(repo).errors == []
    commenter = {"full_name": "Đỗ Thị Góp Ý", "organisation": "Hội Hữu nghị Thử nghiệm",
                 "email": "gop.y.99@example.vn"}
    with intake_service(repo, {}, port), serve(repo / "output") as site:
        page = browser.new_page()
        page.goto(f"{site}/van-ban/{draft}/")
        for name, value in commenter.items():
            page.fill(f"#comment-{name}", value)
        page.fill("#comment-comment", "Đề nghị bổ sung quy định về phiên dịch tiếng Trung "
                                      "khi đón đoàn khách từ Quảng Tây.")
        page.click(".comment-form button[type=submit]")
        page.click("form[action=comment-confirm] button")
        assert page.inner_text("h1")
        page.close()
    comments = open_desk(repo).store.comments()
    assert [(stem, who["email"]) for stem, who, _text in comments] == [
        (draft, "gop.y.99@example.vn")]
    later = (dt.datetime.now(AGENCY_TIMEZONE) + dt.timedelta(days=31)).strftime(
        "%Y-%m-%dT%H:%M")
    code, output = run_portal(repo, capsys, "qa", "consultation", draft, "--at", later)
    assert code == 0, output
    assert build_site(repo, as_of=dt.datetime.fromisoformat(later).date()).errors == []
    shown = (repo / "output" / "van-ban" / draft / "index.html").read_text(encoding="utf-8")
    assert "1 ý kiến" in shown or "1 comment" in shown
    assert _leaks(_published_files(repo), commenter.values()) == []
