"""The history layer of `portal report`, on a history played through the workflow commands.

Seven weeks of a server, June and July 2026, every commit dated by the test clock (the
commands' commits through GIT_AUTHOR_DATE and GIT_COMMITTER_DATE, so the server has no hooks
here, which judge with the real clock; `portal verify` accepts the result at the end):

- a cooperation news item in Vietnamese and English: submitted, approved by the division head,
  by the deputy chief at the board with a royalty grade (`--grade B`), published by the chief;
- a consular item of another division: rejected at the board, reworked, resubmitted, published;
- `portal sync`, whose merges approve nothing;
- an urgent correction published by the chief at once and reviewed the next day;
- the withdrawal of the cooperation item through the whole chain;
- an update of the introduction page of the first import, whose publication the server
  received on the Monday after the chief's Friday merge (a receive-time note).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from openpyxl import load_workbook

from plugins.core.errors import PortalError
from plugins.core.workdays import load_calendar
from tests.approval_play import (
    AUTHOR,
    BOARD,
    BOARD_MEMBER,
    CHIEF,
    DEPUTY,
    DIRECTOR_PERSON,
    HEAD,
    MAIN,
    NEWS,
    PEOPLE,
    UNIT_HEAD,
    VN,
    Keyring,
    Portal,
    news,
    run_git,
    timeless,
)
from workflow.approval.notes import NOTES_REF, Received
from workflow.cli import main
from workflow.gitcmd import Git
from workflow.reports.history import History, read_history

pytestmark = pytest.mark.slow

CONSULAR_AUTHOR, CONSULAR_HEAD, OFFICE_HEAD, CENTRE_EDITOR = (
    "tran-bao-ngoc", "be-thi-thu", "hoang-thi-mai", "nguyen-thu-trang")
COOPERATION = f"content/{NEWS}"
COOPERATION_EN = COOPERATION.replace(".vi.md", ".en.md")
CONSULAR = "content/news/2026/bao-ho-cong-dan.vi.md"
CORRECTION = "content/news/2026/cai-chinh-lich-tiep-dan.vi.md"
INTRODUCTION = "content/pages/gioi-thieu.vi.md"
REJECTION_REASON = "Thiếu nguồn trích dẫn số liệu"
URGENT_REASON = "Cải chính ngay lịch tiếp công dân bị đăng sai"


def _at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


def _portal(portal: Portal, person: str, moment: dt.datetime, *args: str) -> None:
    """`portal ARGS` typed by `person` at `moment`: every commit and tag it makes is dated
    then, as the clock of the person's machine would date it."""
    portal.clock = moment
    clone = portal.clone(person)
    dates = {"GIT_AUTHOR_DATE": moment.isoformat(), "GIT_COMMITTER_DATE": moment.isoformat()}
    said = io.StringIO()
    with mock.patch.dict(os.environ, dates), redirect_stdout(said), redirect_stderr(said):
        code = main(["--repo", str(clone.path), *args])
    assert code == 0, (person, args, said.getvalue())


def _topic(portal: Portal, person: str, moment: dt.datetime, branch: str,
           files: dict[str, str]) -> None:
    """The author's commit of `files` on `branch`, made at `moment` and not yet submitted."""
    portal.clock = moment - dt.timedelta(minutes=1)
    portal.clone(person).topic(branch, files, push=False)


def _tip(portal: Portal, branch: str) -> str:
    return run_git(portal.server, "rev-parse", f"refs/heads/{branch}")


def _item(path: str, *, author: str, unit: str, category: str, title: str) -> dict[str, str]:
    files = news(path.removeprefix("content/"), author=author, unit=unit)
    return {name: text.replace("doi-ngoai-trong-tinh", category)
            .replace("Hợp tác biên giới", title) for name, text in files.items()}


@dataclass(frozen=True)
class Played:
    portal: Portal
    merges: dict[str, str]  # what was approved where → the merge on the server
    forms: dict[str, str]  # submission → its request form commit
    rejection: str
    review_tag: str


def _cooperation(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> None:
    files = news()
    files[COOPERATION_EN] = (
        "---\ntitle: Border cooperation\ndate: 2026-06-15 09:00\n"
        "category: doi-ngoai-trong-tinh\nunit: hop-tac-quoc-te\nauthor: ha-minh-duc\n"
        "summary: The department received a delegation.\n---\n\nThe news.\n")
    _topic(portal, AUTHOR, _at(6, 15, 9, 30), "bai/hop-tac", files)
    _portal(portal, AUTHOR, _at(6, 15, 10), "submit")
    forms["cooperation"] = _tip(portal, "bai/hop-tac")
    _portal(portal, UNIT_HEAD, _at(6, 16, 9), "approve", "origin/bai/hop-tac")
    merges["cooperation", HEAD] = _tip(portal, HEAD)
    _portal(portal, DEPUTY, _at(6, 18, 14), "approve", "origin/bai/hop-tac", "--grade", "B")
    merges["cooperation", BOARD] = _tip(portal, BOARD)
    _portal(portal, CHIEF, _at(6, 19, 9), "approve", "origin/bai/hop-tac")
    merges["cooperation", MAIN] = _tip(portal, MAIN)


def _consular(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> str:
    """Rejected at the board, reworked and published; the rejection commit."""
    topic = "bai/bao-ho"
    _topic(portal, CONSULAR_AUTHOR, _at(6, 22, 8, 30), topic, _item(
        CONSULAR, author=CONSULAR_AUTHOR, unit="lanh-su", category="kien-thuc-doi-ngoai",
        title="Bảo hộ công dân"))
    _portal(portal, CONSULAR_AUTHOR, _at(6, 22, 9), "submit")
    forms["consular, first"] = _tip(portal, topic)
    _portal(portal, CONSULAR_HEAD, _at(6, 22, 15), "approve", f"origin/{topic}")
    merges["consular, first", HEAD] = _tip(portal, HEAD)
    _portal(portal, UNIT_HEAD, _at(6, 24, 10), "reject", f"origin/{topic}",
            "--reason", REJECTION_REASON)
    rejection = _tip(portal, topic)
    author = portal.clone(CONSULAR_AUTHOR)
    author.git("fetch", "-q", "origin")
    author.git("checkout", "-q", "-B", topic, f"origin/{topic}")
    portal.clock = _at(6, 25, 7, 59)
    author.dated("revert", "--no-edit", "HEAD")
    with (author.path / CONSULAR).open("a", encoding="utf-8") as file:
        file.write("\nNguồn: Cục Lãnh sự, 20/6/2026.\n")
    author.dated("commit", "-q", "-am", "Bổ sung nguồn")
    _portal(portal, CONSULAR_AUTHOR, _at(6, 25, 9), "submit")
    forms["consular"] = _tip(portal, topic)
    for person, stage, moment in ((CONSULAR_HEAD, HEAD, _at(6, 25, 10)),
                                  (UNIT_HEAD, BOARD, _at(6, 29, 11)),
                                  (CHIEF, MAIN, _at(6, 30, 9))):
        _portal(portal, person, moment, "approve", f"origin/{topic}")
        merges["consular", stage] = _tip(portal, stage)
    return rejection


def _correction(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> str:
    """Published at once by the chief, reviewed by the deputy; the review tag."""
    _topic(portal, AUTHOR, _at(7, 1, 7, 30), "bai/cai-chinh", _item(
        CORRECTION, author=AUTHOR, unit="hop-tac-quoc-te", category="doi-ngoai-trong-tinh",
        title="Cải chính lịch tiếp công dân"))
    _portal(portal, AUTHOR, _at(7, 1, 8), "submit")
    forms["correction"] = _tip(portal, "bai/cai-chinh")
    _portal(portal, CHIEF, _at(7, 1, 8, 30), "approve", "origin/bai/cai-chinh",
            "--urgent", URGENT_REASON)
    merges["correction", MAIN] = _tip(portal, MAIN)
    _portal(portal, DEPUTY, _at(7, 2, 9), "review", merges["correction", MAIN])
    return f"refs/tags/hau-kiem/{merges['correction', MAIN][:12]}"


def _withdrawal(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> None:
    _portal(portal, AUTHOR, _at(7, 13, 9), "withdraw", COOPERATION, "--reason",
            "Thông tin đã cũ", "--reason-en", "Out of date", "--date", "2026-07-13")
    forms["withdrawal"] = _tip(portal, "go-bo/hop-tac-bien-gioi")
    for person, stage, moment in ((UNIT_HEAD, HEAD, _at(7, 13, 14)),
                                  (BOARD_MEMBER, BOARD, _at(7, 15, 9)),
                                  (CHIEF, MAIN, _at(7, 16, 10))):
        _portal(portal, person, moment, "approve", "origin/go-bo/hop-tac-bien-gioi")
        merges["withdrawal", stage] = _tip(portal, stage)


def _introduction(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> None:
    """An update of a page of the first import; the server noted receiving its publication
    on Monday 27 July, after the chief's merge of Friday 24 July."""
    _topic(portal, CENTRE_EDITOR, _at(7, 20, 8, 30), "bai/gioi-thieu", {
        INTRODUCTION: "---\ntitle: Giới thiệu Sở Ngoại vụ\ncategory: gioi-thieu\n"
                      "unit: van-phong\n---\n\nChức năng, nhiệm vụ của Sở.\n"})
    _portal(portal, CENTRE_EDITOR, _at(7, 20, 9), "submit")
    forms["introduction"] = _tip(portal, "bai/gioi-thieu")
    for person, stage, moment in ((OFFICE_HEAD, HEAD, _at(7, 21, 9)),
                                  (DEPUTY, BOARD, _at(7, 22, 9)),
                                  (CHIEF, MAIN, _at(7, 24, 9))):
        _portal(portal, person, moment, "approve", "origin/bai/gioi-thieu")
        merges["introduction", stage] = _tip(portal, stage)
    note = Received(_at(7, 27, 8).astimezone(dt.UTC), f"refs/heads/{MAIN}", CHIEF).text()
    run_git(portal.server, "notes", f"--ref={NOTES_REF}", "add", "-m", note,
            merges["introduction", MAIN])


DOCUMENT = "content/documents/kh-45-sngv-hop-tac-quang-tay.vi.md"
DOCUMENT_FILE = "content/media/2026/doc-45-kh-sngv.pdf"
QUESTIONS = {  # reference: (received, noticed and its promised date, answered)
    "HD-2026-0101": ("2026-07-01 09:00", None, "2026-08-03 10:00"),  # late
    "HD-2026-0102": ("2026-07-20 09:00", None, "2026-07-30 10:00"),  # on time
    "HD-2026-0103": ("2026-07-06 09:00", ("2026-07-24 10:00", "2026-08-07"),
                     "2026-08-05 08:00"),  # on time after a processing notice
}


def _question(reference: str) -> str:
    received, notice, answered = QUESTIONS[reference]
    noticed = f"noticed: {notice[0]}\nreply_by: {notice[1]}\n" if notice else ""
    return (f"---\ntitle: Câu hỏi {reference}\ndate: 2026-08-05 09:00\ncategory: hoi-dap\n"
            f"unit: hop-tac-quoc-te\nreference: {reference}\nkind: individual\n"
            "topic: hoi-nghi-quoc-te\nquestion: >-\n  Công ty tôi muốn tổ chức hội thảo có "
            "khách nước ngoài, cần xin phép ở đâu và trong thời hạn nào?\n"
            f"asker: Một công dân ở phường Đông Kinh\nreceived: {received}\n"
            f"handling: answered\n{noticed}answered: {answered}\n"
            "answered_by: chu-van-tuan\nsummary: Xin phép Ủy ban nhân dân tỉnh qua Sở Ngoại vụ."
            "\n---\n\nPhòng Hợp tác quốc tế trả lời: nộp hồ sơ tại Sở Ngoại vụ.\n")


def _august(portal: Portal, merges: dict[str, str], forms: dict[str, str]) -> None:
    """A document published late (issued 15 July, due in 2 working days, published 5 August)
    and three answered questions, graded A; after END, so the July figures do not see it."""
    files = {f"content/questions/{reference.lower()}.vi.md": _question(reference)
             for reference in QUESTIONS}
    files[DOCUMENT] = (
        "---\ntitle: Kế hoạch số 45/KH-SNgV về hợp tác với Quảng Tây\n"
        "date: 2026-08-05 09:00\ncategory: chi-dao-dieu-hanh\nunit: hop-tac-quoc-te\n"
        "author: ha-minh-duc\nnumber: \"45/KH-SNgV\"\ndoc_type: KH\n"
        "issuer: Sở Ngoại vụ tỉnh Lạng Sơn\nissuer_unit: hop-tac-quoc-te\n"
        "signer: \"Hoàng Văn Minh, Giám đốc Sở\"\nissued: 2026-07-15\n"
        "effective: 2026-07-15\nsummary: Kế hoạch hợp tác với Khu tự trị Quảng Tây năm 2026.\n"
        "field: doi-ngoai\nfile: media/2026/doc-45-kh-sngv.pdf\n---\n\nNội dung kế hoạch.\n")
    files[DOCUMENT_FILE] = "%PDF-1.4\n%%EOF\n"
    _topic(portal, AUTHOR, _at(8, 3, 8, 30), "bai/hoi-dap-van-ban", files)
    _portal(portal, AUTHOR, _at(8, 3, 9), "submit")
    forms["august"] = _tip(portal, "bai/hoi-dap-van-ban")
    for person, stage, moment, extra in ((UNIT_HEAD, HEAD, _at(8, 3, 14), ()),
                                         (DEPUTY, BOARD, _at(8, 4, 10), ("--grade", "A")),
                                         (CHIEF, MAIN, _at(8, 5, 9), ())):
        _portal(portal, person, moment, "approve", "origin/bai/hoi-dap-van-ban", *extra)
        merges["august", stage] = _tip(portal, stage)
    # The server has noted receive times since July (see _introduction): it notes this one.
    note = Received(_at(8, 5, 9).astimezone(dt.UTC), f"refs/heads/{MAIN}", CHIEF).text()
    run_git(portal.server, "notes", f"--ref={NOTES_REF}", "add", "-m", note,
            merges["august", MAIN])


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory, keyring: Keyring) -> Played:
    portal = Portal(tmp_path_factory.mktemp("report"), keyring, timeless(keyring.roster))
    merges: dict[str, str] = {}
    forms: dict[str, str] = {}
    _cooperation(portal, merges, forms)
    rejection = _consular(portal, merges, forms)
    _portal(portal, CHIEF, _at(7, 1, 7), "sync")
    tag = _correction(portal, merges, forms)
    _withdrawal(portal, merges, forms)
    _introduction(portal, merges, forms)
    _august(portal, merges, forms)
    return Played(portal, merges, forms, rejection, tag)


def _server(played: Played, until: dt.datetime) -> History:
    return read_history(Git(played.portal.server), remote=None, until=until)


END = _at(7, 31, 23, 59)


def _email(person: str) -> str:
    return PEOPLE[person]["email"]


def test_publications_per_file_with_who_wrote_and_who_published(played: Played) -> None:
    history = _server(played, END)
    merges = played.merges
    assert [(item.moment, item.path, item.merge, item.language, item.unit, item.category,
             item.author, item.committers, item.publisher, item.first, item.withdrawn,
             item.urgent, item.grade) for item in history.publications] == [
        (_at(6, 19, 9), COOPERATION_EN, merges["cooperation", MAIN], "en", "hop-tac-quoc-te",
         "doi-ngoai-trong-tinh", AUTHOR, (_email(AUTHOR),), CHIEF, True, False, False, "B"),
        (_at(6, 19, 9), COOPERATION, merges["cooperation", MAIN], "vi", "hop-tac-quoc-te",
         "doi-ngoai-trong-tinh", AUTHOR, (_email(AUTHOR),), CHIEF, True, False, False, "B"),
        (_at(6, 30, 9), CONSULAR, merges["consular", MAIN], "vi", "lanh-su",
         "kien-thuc-doi-ngoai", CONSULAR_AUTHOR, (_email(CONSULAR_AUTHOR),), CHIEF, True,
         False, False, ""),
        (_at(7, 1, 8, 30), CORRECTION, merges["correction", MAIN], "vi", "hop-tac-quoc-te",
         "doi-ngoai-trong-tinh", AUTHOR, (_email(AUTHOR),), CHIEF, True, False, True, ""),
        (_at(7, 16, 10), COOPERATION_EN, merges["withdrawal", MAIN], "en", "hop-tac-quoc-te",
         "doi-ngoai-trong-tinh", AUTHOR, (_email(AUTHOR),), CHIEF, False, True, False, ""),
        (_at(7, 16, 10), COOPERATION, merges["withdrawal", MAIN], "vi", "hop-tac-quoc-te",
         "doi-ngoai-trong-tinh", AUTHOR, (_email(AUTHOR),), CHIEF, False, True, False, ""),
        (_at(7, 27, 8), INTRODUCTION, merges["introduction", MAIN], "vi", "van-phong",
         "gioi-thieu", "", (_email(CENTRE_EDITOR),), CHIEF, False, False, False, "")]
    consular = history.publications[2]
    assert (consular.section, consular.stem, consular.title, consular.topic) == (
        "news", "bao-ho-cong-dan", "Bảo hộ công dân", played.forms["consular"])
    assert history.publications[3].urgent_reason == URGENT_REASON
    assert history.unreadable == ()


def test_counts_per_unit_category_and_language(played: Played) -> None:
    publications = _server(played, END).publications
    assert Counter(item.unit for item in publications) == {
        "hop-tac-quoc-te": 5, "lanh-su": 1, "van-phong": 1}
    assert Counter(item.category for item in publications) == {
        "doi-ngoai-trong-tinh": 5, "kien-thuc-doi-ngoai": 1, "gioi-thieu": 1}
    assert Counter(item.language for item in publications) == {"vi": 5, "en": 2}
    assert Counter((item.moment.month, item.first) for item in publications) == {
        (6, True): 3, (7, True): 1, (7, False): 3}


def test_approvals_with_the_moment_each_submission_became_ready(played: Played) -> None:
    history = _server(played, END)
    calendar = load_calendar(Path(__file__).resolve().parent.parent / "content")
    merges, forms = played.merges, played.forms
    assert [(approval.merge, approval.stage, approval.person, approval.role, approval.moment,
             approval.ready_commit, approval.ready, approval.working_days(calendar))
            for approval in history.approvals] == [
        (merges["cooperation", HEAD], HEAD, UNIT_HEAD, "unit_head", _at(6, 16, 9),
         forms["cooperation"], _at(6, 15, 10), 1),
        (merges["cooperation", BOARD], BOARD, DEPUTY, "deputy_chief", _at(6, 18, 14),
         merges["cooperation", HEAD], _at(6, 16, 9), 2),
        (merges["cooperation", MAIN], MAIN, CHIEF, "chief", _at(6, 19, 9),
         merges["cooperation", BOARD], _at(6, 18, 14), 1),
        (merges["consular, first", HEAD], HEAD, CONSULAR_HEAD, "unit_head", _at(6, 22, 15),
         forms["consular, first"], _at(6, 22, 9), 0),
        (merges["consular", HEAD], HEAD, CONSULAR_HEAD, "unit_head", _at(6, 25, 10),
         forms["consular"], _at(6, 25, 9), 0),
        (merges["consular", BOARD], BOARD, UNIT_HEAD, "board_member", _at(6, 29, 11),
         merges["consular", HEAD], _at(6, 25, 10), 2),
        (merges["consular", MAIN], MAIN, CHIEF, "chief", _at(6, 30, 9),
         merges["consular", BOARD], _at(6, 29, 11), 1),
        (merges["correction", MAIN], MAIN, CHIEF, "chief", _at(7, 1, 8, 30),
         forms["correction"], _at(7, 1, 8), 0),
        (merges["withdrawal", HEAD], HEAD, UNIT_HEAD, "unit_head", _at(7, 13, 14),
         forms["withdrawal"], _at(7, 13, 9), 0),
        (merges["withdrawal", BOARD], BOARD, BOARD_MEMBER, "board_member", _at(7, 15, 9),
         merges["withdrawal", HEAD], _at(7, 13, 14), 2),
        (merges["withdrawal", MAIN], MAIN, CHIEF, "chief", _at(7, 16, 10),
         merges["withdrawal", BOARD], _at(7, 15, 9), 1),
        (merges["introduction", HEAD], HEAD, OFFICE_HEAD, "unit_head", _at(7, 21, 9),
         forms["introduction"], _at(7, 20, 9), 1),
        (merges["introduction", BOARD], BOARD, DEPUTY, "deputy_chief", _at(7, 22, 9),
         merges["introduction", HEAD], _at(7, 21, 9), 1),
        (merges["introduction", MAIN], MAIN, CHIEF, "chief", _at(7, 27, 8),
         merges["introduction", BOARD], _at(7, 22, 9), 3)]
    assert [approval.merge for approval in history.approvals if approval.urgent] == [
        merges["correction", MAIN]]
    assert [approval.grade for approval in history.approvals].count("B") == 1
    assert history.approvals[0].paths == (COOPERATION_EN, COOPERATION)
    assert history.stages == (HEAD, BOARD, "duyet/giam-doc", MAIN)


def test_the_rejection_and_the_urgent_decision_with_its_review(played: Played) -> None:
    history = _server(played, END)
    [rejection] = history.rejections
    assert (rejection.commit, rejection.topic, rejection.stage, rejection.person,
            rejection.role, rejection.reason, rejection.moment, rejection.paths) == (
        played.rejection, played.forms["consular, first"], BOARD, UNIT_HEAD, "board_member",
        REJECTION_REASON, _at(6, 24, 10), (CONSULAR,))
    [urgent] = history.urgent
    assert (urgent.merge, urgent.topic, urgent.moment, urgent.person, urgent.role,
            urgent.reason, urgent.paths, urgent.takedown) == (
        played.merges["correction", MAIN], played.forms["correction"], _at(7, 1, 8, 30),
        CHIEF, "chief", URGENT_REASON, (CORRECTION,), False)
    assert urgent.review is not None
    assert (urgent.review.tag, urgent.review.person, urgent.review.role,
            urgent.review.moment) == (played.review_tag, DEPUTY, "deputy_chief", _at(7, 2, 9))


def test_a_past_period_reads_the_server_as_it_stood_then(played: Played) -> None:
    june = _server(played, _at(6, 30, 23, 59))
    assert june.main_tip == played.merges["consular", MAIN]
    assert [item.path for item in june.publications] == [COOPERATION_EN, COOPERATION, CONSULAR]
    assert len(june.approvals) == 7 and len(june.rejections) == 1 and june.urgent == ()
    first_of_july = _server(played, _at(7, 1, 12))
    assert [urgent.review for urgent in first_of_july.urgent] == [None]
    # merged on Friday, received on Monday: not yet published on Friday evening
    friday = _server(played, _at(7, 24, 18))
    assert friday.main_tip == played.merges["withdrawal", MAIN]
    assert INTRODUCTION not in {item.path for item in friday.publications}
    assert _server(played, END).main_tip == played.merges["introduction", MAIN]
    with pytest.raises(PortalError):
        _server(played, _at(6, 15, 9))


def test_a_clone_reads_the_same_history_once_it_fetched_the_notes(played: Played) -> None:
    reader = played.portal.clone(DIRECTOR_PERSON)
    reader.git("fetch", "-q", "origin")
    without_notes = read_history(Git(reader.path), remote="origin", until=END)
    assert without_notes.publications[-1].moment == _at(7, 24, 9)  # the committer date
    reader.git("fetch", "-q", "origin", "refs/notes/*:refs/notes/*")
    assert read_history(Git(reader.path), remote="origin", until=END) == _server(played, END)


def test_the_played_history_is_one_the_server_accepts(played: Played) -> None:
    code = main(["--repo", str(played.portal.server), "verify", "--as-of", "2026-07-31"])
    assert code == 0


def test_files_that_cannot_be_read_are_listed_not_guessed(portal: Portal) -> None:
    """Merged where no hook ran: a name that states no stem and a file with no front matter."""
    bad_name, no_front_matter = "content/news/2026/Sai_Ten.vi.md", "content/news/2026/tho.vi.md"
    portal.clone(AUTHOR).topic("bai/loi", {bad_name: news()[COOPERATION],
                                           no_front_matter: "Chỉ có chữ.\n"})
    for person, stage, role in ((UNIT_HEAD, HEAD, "unit_head"),
                                (BOARD_MEMBER, BOARD, "board_member"), (CHIEF, MAIN, "chief")):
        clone = portal.clone(person)
        clone.approve(stage, "bai/loi", role)
        portal.land(clone, stage)
    history = read_history(Git(portal.server), remote=None, until=portal.clock)
    assert history.publications == ()
    assert [(item.merge, item.path) for item in history.unreadable] == [
        (_tip(portal, MAIN), bad_name), (_tip(portal, MAIN), no_front_matter)]
    assert all(item.problem for item in history.unreadable)


def test_a_change_pushed_after_the_request_form_waits_since_the_form(portal: Portal) -> None:
    _topic(portal, AUTHOR, _at(6, 15, 9, 30), "bai/hop-tac", news())
    _portal(portal, AUTHOR, _at(6, 15, 10), "submit")
    form = _tip(portal, "bai/hop-tac")
    author = portal.clone(AUTHOR)
    with (author.path / COOPERATION).open("a", encoding="utf-8") as file:
        file.write("\nSửa lỗi chính tả.\n")
    portal.clock = _at(6, 16, 8)
    author.dated("commit", "-q", "-am", "Sửa lỗi chính tả")
    author.git("push", "-q", "origin", "bai/hop-tac")
    portal.clock = _at(6, 17, 9) - dt.timedelta(minutes=1)
    portal.approve(UNIT_HEAD, HEAD, "bai/hop-tac", "unit_head")
    [approval] = read_history(Git(portal.server), remote=None, until=portal.clock).approvals
    assert approval.topic != form
    assert (approval.ready_commit, approval.ready, approval.moment) == (
        form, _at(6, 15, 10), _at(6, 17, 9))


def test_the_quarter_report_of_the_played_history(played: Played,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`portal report 2026-Q3 --format json` on the server, every figure worked out by hand
    from the history above (July to September 2026, figures as of 30 September)."""
    code = main(["--repo", str(played.portal.server), "report", "2026-Q3", "--format", "json",
                 "--as-of", "2026-09-30"])
    said = capsys.readouterr()
    assert code == 0, said.err
    report = json.loads(said.out)
    assert (report["period"], report["first"], report["last"], report["as_of"]) == (
        "2026-Q3", "2026-07-01", "2026-09-30", "2026-09-30")
    # First publications: the urgent correction (July), the document and three answers
    # (August); the withdrawal of both languages and the update of the introduction apart.
    assert report["published"] == [
        {"unit": "hop-tac-quoc-te", "category": "chi-dao-dieu-hanh", "language": "vi",
         "count": 1},
        {"unit": "hop-tac-quoc-te", "category": "doi-ngoai-trong-tinh", "language": "vi",
         "count": 1},
        {"unit": "hop-tac-quoc-te", "category": "hoi-dap", "language": "vi", "count": 3}]
    assert (report["updated"], report["withdrawn"]) == (1, 2)
    units = {unit["unit"]: unit["items"] for unit in report["units"]}
    assert units["hop-tac-quoc-te"] == 5 and sum(units.values()) == 5
    assert report["silent_units"] == [unit for unit in units if unit != "hop-tac-quoc-te"]
    quotas = {(quota["unit"], quota["period"]): (quota["items"], quota["minimum"],
                                                 quota["met"]) for quota in report["quotas"]}
    assert quotas["hop-tac-quoc-te", "2026-07"] == (1, 3, False)
    assert quotas["hop-tac-quoc-te", "2026-08"] == (4, 3, True)
    assert quotas["hop-tac-quoc-te", "2026-09"] == (0, 3, False)
    assert quotas["", "2026-08"] == (1, 4, False)  # direction and administration items
    assert quotas["lanh-su", "2026-07"] == (0, 3, False)
    # Deadlines due in the quarter, as of 30 September: the document was due on 17 July
    # (issued 15 July, 2 working days) and published on 5 August; HD-2026-0101 was due on
    # 22 July and answered on 3 August; HD-2026-0102 was answered within its 15 days;
    # HD-2026-0103 was noticed within them and answered by the promised 7 August.
    rules = {rule["rule"]: (rule["met"], rule["late"], rule["open"], rule["overdue"])
             for rule in report["deadlines"]}
    assert rules["van-ban-co-quan-ban-hanh"] == (0, 1, 0, 0)
    assert rules["hoi-dap"] == (2, 1, 0, 0)
    assert rules["hoi-dap-hen-tra-loi"] == (1, 0, 0, 0)
    assert sum(sum(counts) for counts in rules.values()) == 5
    assert [(month["month"], month["met"], month["late"]) for month in
            report["deadlines_by_month"]] == [("2026-07", 1, 2), ("2026-08", 2, 0),
                                              ("2026-09", 0, 0)]
    assert report["questions"] == {"received": 3, "answered_on_time": 2, "answered_late": 1,
                                   "noticed": 1, "out_of_scope": 0, "open": 0, "overdue": 0}
    # Review times of the quarter's approvals (the urgent one apart), in working days from
    # the moment each submission was ready for the stage.
    times = {stage["stage"]: (stage["approvals"], stage["median_days"], stage["worst_days"],
                              stage["over_limit"]) for stage in report["review_times"]}
    assert times == {HEAD: (3, 0.0, 1, 0), BOARD: (3, 1.0, 2, 0),
                     "duyet/giam-doc": (0, None, None, 0), MAIN: (3, 1.0, 3, 0)}
    [urgent] = report["urgent"]
    assert (urgent["day"], urgent["person"], urgent["reason"], urgent["takedown"],
            urgent["reviewed_by"], urgent["reviewed_on"], urgent["review_days"]) == (
        "2026-07-01", CHIEF, URGENT_REASON, False, DEPUTY, "2026-07-02", 1)
    assert report["stale_translations"] == []
    # Grade A (400,000 / 80,000 / 40,000 VND): the document pays its author, both approvers
    # before main and the chief who published it; each answer has no author line.
    ledger = [(line["path"], line["role"], line["person"], line["amount"])
              for line in report["ledger"]]
    assert ledger[:4] == [(DOCUMENT, "author", AUTHOR, 400_000),
                          (DOCUMENT, "approver", UNIT_HEAD, 80_000),
                          (DOCUMENT, "approver", DEPUTY, 80_000),
                          (DOCUMENT, "uploader", CHIEF, 40_000)]
    assert len(ledger) == 4 + 3 * 3
    assert sum(amount for *_rest, amount in ledger) == 1_200_000
    assert report["currency"] == "VND"


def test_the_ledger_opens_with_csv_and_openpyxl_and_sums_to_the_amounts(
        played: Played, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = str(played.portal.server)
    assert main(["--repo", server, "report", "2026-Q3", "--format", "csv",
                 "--as-of", "2026-09-30", "--out", str(tmp_path / "ledger.csv")]) == 0
    assert main(["--repo", server, "report", "2026-Q3", "--format", "xlsx",
                 "--as-of", "2026-09-30", "--out", str(tmp_path / "ledger.xlsx")]) == 0
    capsys.readouterr()
    with (tmp_path / "ledger.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert len(rows) == 1 + 13 + 1
    assert sum(int(row[7]) for row in rows[1:-1]) == 1_200_000 == int(rows[-1][7])
    sheet = load_workbook(tmp_path / "ledger.xlsx").active
    amounts = [row[7] for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1,
                                                 values_only=True)]
    assert len(amounts) == 13 and sum(amounts) == 1_200_000
    assert sheet.cell(sheet.max_row, 8).value == 1_200_000
    assert sheet.cell(2, 2).value == DOCUMENT
    before = (tmp_path / "ledger.xlsx").read_bytes()
    assert main(["--repo", server, "report", "2026-Q3", "--format", "xlsx",
                 "--as-of", "2026-09-30", "--out", str(tmp_path / "ledger.xlsx")]) == 0
    assert (tmp_path / "ledger.xlsx").read_bytes() == before, "the same period, the same bytes"
