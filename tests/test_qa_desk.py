"""The Q&A desk's commands on a real repository: questions arriving as JSON and e-mail, routed,
noticed, answered and listed, with letters in the outbox and the public file holding nothing
personal. Times are given with --at, so nothing depends on today's date."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins.core import frontmatter
from tests.helpers import make_repo, run_portal
from tests.qa_play import citizen, free_port, organisation, write_json
from workflow.qa.desk import open_desk, published_reference_set, published_references

REFERENCE = re.compile(r"HD-\d{4}-\d{4}")


@pytest.fixture
def repo(tmp_path: Path, store_env: dict[str, str]) -> Path:
    """The demo repository, its store on SQLite and on PostgreSQL in turn."""
    del store_env  # chosen by the environment the fixture set
    return make_repo(tmp_path / "repo", with_demo_content=True)


def receive(repo: Path, capsys: pytest.CaptureFixture[str], path: Path, *options: str
            ) -> tuple[int, str]:
    return run_portal(repo, capsys, "qa", "receive", str(path), *options)


def reference_in(output: str) -> str:
    found = REFERENCE.search(output)
    assert found, output
    return found[0]


def test_json_arrival_gets_the_next_reference_after_the_published_ones(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json", {
        **citizen(), "consent": True, "received": "2026-11-20 16:45"}))
    assert code == 0, output
    # The intake never reuses a number a question file of the demo already has.
    highest = published_references(repo / "content")[2026]
    assert reference_in(output) == f"HD-2026-{highest + 1:04d}"
    # Friday 16:45; 24/11 is Vietnamese Culture Day: 15 working days end on 14/12.
    assert "2026-12-14" in output


def test_email_arrival_uses_the_sender_and_the_date(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = tmp_path / "q.eml"
    mail.write_bytes("""From: Nguyen Van Thu <vanthu@example.vn>
To: hoidap.songv@langson.gov.vn
Subject: Hoi ve the APEC
Date: Mon, 16 Nov 2026 08:05:00 +0700
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

kind: individual
full_name: Nguyễn Văn Thư
nationality: Việt Nam
occupation: Doanh nhân
address: Số 3 đường Thử
place: xa-cao-loc
topic: the-apec
consent: yes
question: Doanh nghiệp tôi mới thành lập được một năm,
tôi có được xin thẻ ABTC không?
""".encode())
    code, output = receive(repo, capsys, mail, "--at", "2026-11-16T10:00")
    assert code == 0, output
    record = open_desk(repo).store.require(reference_in(output))
    assert record.identity["email"] == "vanthu@example.vn"
    assert record.question.endswith("tôi có được xin thẻ ABTC không?")
    assert record.received.date().isoformat() == "2026-11-16"


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "JSON"),
    ('["a list"]', "một đối tượng JSON"),
    ('{"question": {"nested": 1}}', "giá trị đơn"),
])
def test_malformed_json_is_refused_with_its_reason(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
        message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, output = receive(repo, capsys, path)
    assert code == 1 and message in output and "bad.json" in output
    assert open_desk(repo).store.records() == []


def test_malformed_email_and_missing_fields_are_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = tmp_path / "bad.eml"
    mail.write_bytes(b"From: x@example.vn\nSubject: hi\n\nJust saying hello, no fields.\n")
    code, output = receive(repo, capsys, mail)
    assert code == 1 and "question:" in output
    fields = citizen(consent="yes")
    del fields["occupation"]
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json", fields))
    assert code == 1 and "occupation" in output
    big = tmp_path / "big.json"
    big.write_text('{"question": "' + "x" * 70_000 + '"}', encoding="utf-8")
    code, output = receive(repo, capsys, big)
    assert code == 1 and "64 KiB" in output
    assert open_desk(repo).store.records() == []


def test_a_complaint_by_mail_is_refused_and_not_kept(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = receive(repo, capsys, write_json(tmp_path / "c.json", citizen(
        question="Tôi tố cáo cán bộ xã nhận hối lộ khi làm thủ tục cho gia đình tôi")))
    assert code == 1 and "c.json" in output
    assert open_desk(repo).store.records() == []


def _one(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict,
         received: str) -> str:
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json", {
        **fields, "received": received}))
    assert code == 0, output
    return reference_in(output)


def answer_file(tmp_path: Path, citations: str, leader: str = "be-thi-thu") -> Path:
    path = tmp_path / "answer.md"
    path.write_text(f"---\nanswered_by: {leader}\n{citations}---\n\nDoanh nghiệp gửi văn bản "
                    "đề nghị tới Cục Quản lý xuất nhập cảnh theo Luật số 47/2014/QH13.\n",
                    encoding="utf-8")
    return path


LAW_47 = ("citations:\n  - number: 47/2014/QH13\n    date: 2014-06-16\n    issuer: Quốc hội\n"
          "    summary: Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại "
          "Việt Nam\n")


def test_forward_notice_answer_write_a_public_file_without_personal_data(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fields = citizen(question="Tôi là Hoàng Thị Thử Nghiệm (0205 0000 777), xin hỏi thủ tục "
                              "mời chuyên gia nước ngoài sang làm việc ba tháng?")
    reference = _one(repo, tmp_path, capsys, fields, "2026-11-02 09:00")
    code, output = run_portal(repo, capsys, "qa", "forward", reference, "lanh-su",
                              "--at", "2026-11-02T10:00")
    assert code == 0, output
    path = repo / "content" / "questions" / f"{reference.lower()}.vi.md"
    text = path.read_text(encoding="utf-8")
    for value in ("Hoàng Thị Thử Nghiệm", "0205 0000 777", "thu.nghiem@example.vn",
                  "Số 7 ngõ 3"):
        assert value not in text
    assert "asker: Một công dân ở phường Đông Kinh" in text
    code, output = run_portal(repo, capsys, "qa", "notice", reference, "--reply-by",
                              "2026-12-01", "--reason", "Cần xin ý kiến Bộ Ngoại giao",
                              "--at", "2026-11-20T09:00")
    assert code == 0, output
    code, output = run_portal(repo, capsys, "qa", "answer", reference, "--from",
                              str(answer_file(tmp_path, LAW_47)), "--at", "2026-11-30T15:00")
    assert code == 0, output
    document = frontmatter.read(path)
    assert document.meta["handling"] == "answered" and "status" not in document.meta
    assert document.meta["citations"][0]["number"] == "47/2014/QH13"
    assert "Cục Quản lý xuất nhập cảnh" in document.body
    code, output = run_portal(repo, capsys, "check", str(path))
    assert code == 0, output
    letters = sorted(path.name for path in (repo / ".private" / "outbox").glob("*.eml"))
    assert [name.split("-", 4)[-1] for name in letters] == [
        "acknowledgement.eml", "notice.eml", "answer.eml"]
    answer = email.message_from_bytes(
        sorted((repo / ".private" / "outbox").glob("*answer.eml"))[0].read_bytes(),
        policy=email.policy.default)
    assert answer["To"].addresses[0].addr_spec == "thu.nghiem@example.vn"
    assert "không phải là căn cứ pháp lý" in answer.get_content() or \
        "not a legal basis" in answer.get_content()


def test_an_answer_citing_a_document_wrongly_is_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = _one(repo, tmp_path, capsys, citizen(), "2026-11-02 09:00")
    run_portal(repo, capsys, "qa", "forward", reference, "lanh-su", "--at", "2026-11-02T10:00")
    wrong = ("citations:\n  - number: 42/2022/NĐ-CP\n    date: 2022-06-25\n"
             "    issuer: Bộ Ngoại giao\n    summary: Một trích yếu khác\n"
             "  - number: Luật Xuất nhập cảnh\n    date: 2019-11-22\n    issuer: Quốc hội\n"
             "    summary: Luật\n")
    code, output = run_portal(repo, capsys, "qa", "answer", reference, "--from",
                              str(answer_file(tmp_path, wrong)), "--at", "2026-11-10T10:00")
    assert code == 1
    assert "2022-06-24" in output  # the documents section knows the true date
    assert "Chính phủ" in output and "Luật Xuất nhập cảnh" in output
    code, output = run_portal(repo, capsys, "qa", "answer", reference, "--from",
                              str(answer_file(tmp_path, LAW_47, leader="nguyen-thu-trang")),
                              "--at", "2026-11-10T10:00")
    assert code == 1 and "nguyen-thu-trang" in output
    assert open_desk(repo).store.require(reference).handling == "forwarded"


def test_out_of_scope_closes_at_once_and_list_shows_what_is_overdue(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    late = _one(repo, tmp_path, capsys, citizen(), "2026-10-01 09:00")
    closed = _one(repo, tmp_path, capsys, organisation(), "2026-10-02 09:00")
    code, output = run_portal(repo, capsys, "qa", "out-of-scope", closed, "--reason",
                              "Thuộc thẩm quyền của Sở Công Thương", "--at", "2026-10-02T15:00")
    assert code == 0, output
    code, output = run_portal(repo, capsys, "qa", "list", "--overdue", "--as-of", "2026-11-30")
    assert late in output and closed not in output
    code, output = run_portal(repo, capsys, "qa", "answer", closed, "--from",
                              str(answer_file(tmp_path, "")))
    assert code == 1 and closed in output


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list]]:
    from aiosmtpd.controller import Controller  # noqa: PLC0415

    received: list = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def test_letters_go_out_by_smtp_when_configured(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        smtp_server: tuple[int, list]) -> None:
    port, received = smtp_server
    config = repo / "content" / "_config" / "qa.yaml"
    config.write_text(config.read_text(encoding="utf-8") +
                      f"  smtp: {{host: 127.0.0.1, port: {port}, starttls: false}}\n",
                      encoding="utf-8")
    reference = _one(repo, tmp_path, capsys, citizen(), "2026-11-02 09:00")
    assert [envelope.rcpt_tos for envelope in received] == [["thu.nghiem@example.vn"]]
    assert reference.encode() in received[0].content
    assert list((repo / ".private" / "outbox").glob("*.eml")) == []
    assert len(list((repo / ".private" / "outbox" / "sent").glob("*.eml"))) == 1


def _block_outbox(repo: Path) -> Path:
    """The outbox made unwritable for this repository (a file where its folder should be)."""
    outbox = repo / ".private" / "outbox"
    outbox.parent.mkdir(mode=0o700, exist_ok=True)
    outbox.write_text("not a folder", encoding="utf-8")
    return outbox


def test_a_question_whose_letter_cannot_be_written_is_not_stored(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outbox = _block_outbox(repo)
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json", citizen()))
    assert code == 1 and open_desk(repo).store.records() == []
    outbox.unlink()
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json", citizen()))
    assert code == 0, output  # not a duplicate of a half-stored question


def test_a_step_whose_letter_cannot_be_written_changes_nothing_and_can_be_run_again(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = _one(repo, tmp_path, capsys, citizen(), "2026-11-02 09:00")
    run_portal(repo, capsys, "qa", "forward", reference, "lanh-su", "--at", "2026-11-02T10:00")
    path = repo / "content" / "questions" / f"{reference.lower()}.vi.md"
    before = path.read_text(encoding="utf-8")
    outbox = repo / ".private" / "outbox"
    shutil.rmtree(outbox)
    _block_outbox(repo)
    code, output = run_portal(repo, capsys, "qa", "answer", reference, "--from",
                              str(answer_file(tmp_path, LAW_47)), "--at", "2026-11-10T10:00")
    assert code == 1 and "outbox" in output
    assert path.read_text(encoding="utf-8") == before
    assert open_desk(repo).store.require(reference).handling == "forwarded"
    (repo / ".private" / "outbox").unlink()
    code, output = run_portal(repo, capsys, "qa", "answer", reference, "--from",
                              str(answer_file(tmp_path, LAW_47)), "--at", "2026-11-10T10:00")
    assert code == 0, output


@pytest.mark.parametrize(("field", "value"), [
    ("full_name", "Nguyễn Văn\r\nBcc: ai@example.vn"),
    ("email", "nguyễn.thư@example.vn"),
    ("question", "Câu hỏi có ký tự hỏng \ufffd ở giữa, gửi từ thư không khai báo mã."),
])
def test_values_a_letter_or_a_page_could_not_carry_are_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str,
        value: str) -> None:
    code, output = receive(repo, capsys, write_json(tmp_path / "q.json",
                                                    citizen(**{field: value})))
    assert code == 1 and field in output
    assert value not in output  # a refused personal value is not repeated either
    assert open_desk(repo).store.records() == []


def test_the_askers_details_are_cut_however_they_are_typed(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question = ("Tôi là Hoang Thi Thu Nghiem, nhà số 7 ngõ 3 đường Thử Nghiệm, gọi +84 205 0000 "
                "777 hoặc thư khác ban.toi@example.com; xin hỏi thủ tục mời chuyên gia?")
    reference = _one(repo, tmp_path, capsys, citizen(question=question), "2026-11-02 09:00")
    run_portal(repo, capsys, "qa", "forward", reference, "lanh-su", "--at", "2026-11-02T10:00")
    text = (repo / "content" / "questions" / f"{reference.lower()}.vi.md").read_text(
        encoding="utf-8")
    for value in ("Hoang Thi Thu Nghiem", "ngõ 3", "205 0000", "ban.toi@example.com"):
        assert value not in text
    assert "xin hỏi thủ tục mời chuyên gia?" in text


def test_a_complaint_typed_without_diacritics_is_still_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _output = receive(repo, capsys, write_json(tmp_path / "c.json", citizen(
        question="Toi muon gui don khieu  nai ve viec can bo xa lam sai quy dinh")))
    assert code == 1 and open_desk(repo).store.records() == []


def test_a_notice_must_come_within_the_limit_and_only_once(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = _one(repo, tmp_path, capsys, citizen(), "2026-10-01 09:00")  # due 2026-10-22
    code, output = run_portal(repo, capsys, "qa", "notice", reference, "--reply-by",
                              "2026-11-30", "--reason", "Cần thêm thời gian",
                              "--at", "2026-10-26T09:00")
    assert code == 1 and "2026-10-22" in output
    code, output = run_portal(repo, capsys, "qa", "notice", reference, "--reply-by",
                              "2026-11-05", "--reason", "Cần thêm thời gian",
                              "--at", "2026-10-15T09:00")
    assert code == 0, output
    code, output = run_portal(repo, capsys, "qa", "notice", reference, "--reply-by",
                              "2026-12-30", "--reason", "Cần thêm nữa",
                              "--at", "2026-11-01T09:00")
    assert code == 1 and "2026-11-05" in output


def test_dates_are_the_agencys_days_not_utcs(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = _one(repo, tmp_path, capsys, citizen(), "2026-11-23 06:30")  # 22/11 in UTC
    record = open_desk(repo).store.require(reference)
    assert record.received.date().isoformat() == "2026-11-23"
    _code, output = run_portal(repo, capsys, "qa", "list", "--as-of", "2026-11-22")
    assert reference not in output


def test_an_old_or_odd_date_header_is_not_believed(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = tmp_path / "q.eml"
    body = "\n".join(f"{key}: {value}" for key, value in citizen().items() if key != "question")
    for date in ("Fri, 31 Dec 9999 10:00:00 +0700", "Mon, 03 Nov 2025 08:00:00 +0700"):
        mail.write_bytes(f"From: x@example.vn\nDate: {date}\nContent-Type: text/plain; "
                         f"charset=utf-8\n\n{body}\nquestion: Xin hỏi thủ tục hợp pháp hóa "
                         f"lãnh sự giấy tờ của năm {date[-19:-15]}?\n".encode())
        code, output = receive(repo, capsys, mail, "--at", "2026-11-16T10:00")
        assert code == 0, output
        assert "HD-2026-" in output
    received = {record.received.date().isoformat()
                for record in open_desk(repo).store.records()}
    assert received == {"2026-11-16"}


def test_a_paper_reference_cannot_repeat_a_published_one(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    published = next(iter(published_reference_set(repo / "content")))
    code, output = receive(repo, capsys, write_json(tmp_path / "p.json", {
        **citizen(), "reference": published, "received": "2026-11-02 09:00"}))
    assert code == 1 and published in output
    assert open_desk(repo).store.records() == []


def test_a_postgresql_store_needs_the_shared_key(
        repo: Path, store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    if not store_env:
        return  # SQLite keeps its key in the private folder
    monkeypatch.delenv("PORTAL_QA_SECRET")
    code, output = run_portal(repo, capsys, "qa", "list")
    assert code == 1 and "PORTAL_QA_SECRET" in output


def test_the_drafting_unit_reads_the_comments_and_a_withdrawn_draft_takes_none(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from plugins.core.intake import judge_comment  # noqa: PLC0415
    from workflow.qa.consultations import open_drafts  # noqa: PLC0415

    desk = open_desk(repo)
    draft = "du-thao-quy-che-don-tiep-khach-nuoc-ngoai"
    moment = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert draft in open_drafts(desk, moment)
    judged = judge_comment({"document": draft, "full_name": "Người Góp Ý", "email":
                            "gop.y@example.vn", "comment": "Đề nghị làm rõ thủ tục đón đoàn."},
                           open_drafts(desk, moment))
    assert judged.comment is not None
    desk.store.add_comment(document=draft, received=moment, lang="vi",
                           comment=judged.comment.text, identity=judged.comment.identity,
                           fingerprint="f1")
    out = tmp_path / "gop-y.csv"
    code, output = run_portal(repo, capsys, "qa", "comments", draft, "--out", str(out))
    assert code == 0 and "gop.y@example.vn" not in output
    assert "gop.y@example.vn" in out.read_text(encoding="utf-8-sig")
    assert out.stat().st_mode & 0o777 == 0o600
    path = repo / "content" / "documents" / f"{draft}.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "tags:", "withdrawn: 2026-11-20\nwithdrawn_reason: Rút dự thảo để soạn lại.\ntags:"),
        encoding="utf-8")
    assert draft not in open_drafts(desk, moment)
