"""The questions-and-answers pages, from real builds: the Q&A home by topic, a question's
dates and time limits said plainly, citations linked to documents, QAPage data, and the
"how to ask" and status pages with their forms (plugins/portal_site/questions.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plugins.core.qaconfig import load_qa_config
from plugins.core.schema.questions import QUESTION_MAX
from plugins.portal_site.questions import jsonld
from tests.helpers import ROOT, make_repo, read_page, write_item
from workflow.build import BuildReport, build_site

AS_OF = dt.date(2026, 11, 20)

QUESTION = """
    title: {title}
    date: {date}
    category: hoi-dap
    unit: lanh-su
    reference: {reference}
    kind: individual
    topic: {topic}
    question: {question}
    asker: {asker}
    received: {received}
    handling: answered
    answered: {answered}
    answered_by: be-thi-thu
"""
ASKER = {"vi": "Một công dân ở xã Đồng Đăng", "en": "A citizen in Dong Dang commune"}
ITEMS = {
    # stem: (topic, received, answered, extra front matter, languages)
    "tra-loi-dung-han": ("thi-thuc", "2026-09-07 08:30", "2026-09-18 16:00", """
    citations:
      - number: 25/2026/QĐ-UBND
        date: 2026-10-05
        issuer: Ủy ban nhân dân tỉnh Lạng Sơn
        summary: Quy chế quản lý thống nhất các hoạt động đối ngoại
      - number: 99/2006/QĐ-TTg
        date: 2006-02-28
        issuer: Thủ tướng Chính phủ
        summary: Quy chế cấp và quản lý thẻ ABTC
""", ("vi", "en")),
    "tra-loi-cham": ("the-apec", "2026-04-20 10:00", "2026-05-22 15:00", "", ("vi",)),
    "co-thong-bao": ("hop-phap-hoa", "2026-10-01 09:00", "2026-11-04 10:00", """
    noticed: 2026-10-15 10:00
    reply_by: 2026-11-05
""", ("vi", "en")),
    "tre-hen": ("thi-thuc", "2026-10-01 09:00", "2026-11-04 10:00", """
    noticed: 2026-10-15 10:00
    reply_by: 2026-10-30
""", ("vi",)),
}
TITLES = {
    "tra-loi-dung-han": ("Thủ tục xin thị thực cho chuyên gia", "Visas for foreign experts"),
    "tra-loi-cham": ("Điều kiện sử dụng thẻ ABTC", "Using the ABTC"),
    "co-thong-bao": ("Hợp pháp hóa giấy tờ kết hôn", "Legalising marriage papers"),
    "tre-hen": ("Thị thực cho khách dự hội chợ", "Visas for fair visitors"),
}
REFERENCES = {"tra-loi-dung-han": "HD-2026-0042", "tra-loi-cham": "HD-2026-0013",
              "co-thong-bao": "HD-2026-0051", "tre-hen": "HD-2026-0052"}


def _question_files(repo: Path) -> None:
    folder = repo / "content" / "questions"
    shutil.rmtree(folder, ignore_errors=True)
    for stem, (topic, received, answered, extra, languages) in ITEMS.items():
        for lang in languages:
            title = TITLES[stem][0 if lang == "vi" else 1]
            question = ("Tôi muốn hỏi về thủ tục này, cần những giấy tờ gì và nộp ở đâu?"
                        if lang == "vi" else
                        "I would like to ask which papers this procedure needs and where to apply.")
            front = QUESTION.format(title=title, date=answered, reference=REFERENCES[stem],
                                    topic=topic, question=question, asker=ASKER[lang],
                                    received=received, answered=answered) + extra
            body = ("Sở Ngoại vụ trả lời như sau: hồ sơ nộp tại Trung tâm Phục vụ hành chính "
                    "công tỉnh. </script><b>không phải thẻ</b>" if lang == "vi" else
                    "The Department answers: apply at the provincial public service centre.")
            write_item(repo, f"questions/{stem}.{lang}.md", front, body)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    repo = make_repo(tmp_path_factory.mktemp("qa"), with_demo_content=True)
    _question_files(repo)
    return build_site(repo, as_of=AS_OF)


@pytest.fixture(scope="module")
def output(site: BuildReport) -> Path:
    return site.output


def page(output: Path, path: str) -> str:
    return (output / path / "index.html").read_text(encoding="utf-8")


class Forms(HTMLParser):
    """The forms of a page: attributes, and every control with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label: str | None = None
        self._label_text: list[str] = []

    @property
    def page_forms(self) -> list[dict]:
        """The page's own forms, without the site search every page has in its header."""
        return [form for form in self.forms if form["attrs"].get("role") != "search"]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"attrs": attributes, "controls": []})
        elif tag in ("input", "select", "textarea", "button") and self.forms:
            self.forms[-1]["controls"].append((tag, attributes))
        elif tag == "label":
            self._label, self._label_text = attributes.get("for"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label:
            self.labels[self._label] = " ".join("".join(self._label_text).split())
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label_text.append(data)


def forms_of(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


def test_build_succeeds(site: BuildReport) -> None:
    assert site.errors == []


@pytest.mark.parametrize(("path", "expected"), [
    ("hoi-dap", ["Thị thực, nhập cảnh của người nước ngoài", "Thẻ đi lại của doanh nhân APEC",
                 "Chứng nhận, hợp pháp hóa lãnh sự"]),
    ("english/questions", ["Visas and entry of foreigners",
                           "Consular certification and legalisation"]),
])
def test_home_groups_questions_by_topic_in_configured_order(output: Path, path: str,
                                                            expected: list[str]) -> None:
    html = page(output, path)
    headings = re.findall(r'<h2 id="topic-[^"]+">([^<]+)</h2>', html)
    assert headings == expected


def test_home_lists_newest_first_with_reference_and_dates(output: Path) -> None:
    html = page(output, "hoi-dap")
    section = html[html.index('id="topic-thi-thuc"'):html.index('id="topic-the-apec"')]
    assert section.index("HD-2026-0052") < section.index("HD-2026-0042")  # received later
    assert '<a href="/hoi-dap/tra-loi-dung-han/">Thủ tục xin thị thực cho chuyên gia</a>' in section
    text = read_page(output / "hoi-dap" / "index.html").text
    assert "Mã số câu hỏi HD-2026-0042" in text
    assert "7 tháng 9, 2026" in text and "18 tháng 9, 2026" in text


@pytest.mark.parametrize(("home", "ask", "status"), [
    ("hoi-dap", "/hoi-dap/dat-cau-hoi/", "/hoi-dap/tra-cuu/"),
    ("english/questions", "/english/questions/ask/", "/english/questions/status/"),
    ("chinese/questions", "/chinese/questions/ask/", "/chinese/questions/status/"),
])
def test_home_links_to_ask_and_status_pages(output: Path, home: str, ask: str,
                                            status: str) -> None:
    links = [href for href, _ in read_page(output / home / "index.html").links]
    assert ask in links and status in links
    assert (output / ask.strip("/") / "index.html").exists()
    assert (output / status.strip("/") / "index.html").exists()


def test_question_page_dates_and_time_taken(output: Path) -> None:
    text = read_page(output / "hoi-dap" / "tra-loi-dung-han" / "index.html").text
    assert "Mã số câu hỏi HD-2026-0042" in text
    assert "Ngày nhận 08:30 7 tháng 9, 2026" in text
    assert "Ngày trả lời 16:00 18 tháng 9, 2026" in text
    assert "Hạn trả lời 28 tháng 9, 2026" in text
    assert "trong 9 ngày làm việc" in text
    assert "Trả lời đúng hạn (9 ngày làm việc)." in text
    assert "Bế Thị Thu, Trưởng phòng Lãnh sự" in text
    assert "Phòng Lãnh sự" in text


def test_late_answer_says_by_how_many_working_days(output: Path) -> None:
    text = read_page(output / "hoi-dap" / "tra-loi-cham" / "index.html").text
    assert "Hạn trả lời 14 tháng 5, 2026" in text
    assert "Trả lời chậm 6 ngày làm việc." in text
    assert "đúng hạn" not in text.lower()


def test_lawful_notice_is_on_time(output: Path) -> None:
    text = read_page(output / "hoi-dap" / "co-thong-bao" / "index.html").text
    assert ("Đúng hạn: đã gửi thông báo xử lý ngày 15 tháng 10, 2026; đã trả lời trong hạn "
            "hẹn (ngày 5 tháng 11, 2026).") in text
    english = read_page(output / "english" / "questions" / "co-thong-bao" / "index.html").text
    assert ("On time: a processing notice was sent on October 15, 2026; answered by the "
            "promised date November 5, 2026.") in english
    assert "Processing notice sent" in english and "Answer promised by" in english


def test_answer_after_the_promised_date_is_late(output: Path) -> None:
    text = read_page(output / "hoi-dap" / "tre-hen" / "index.html").text
    assert "trả lời chậm 3 ngày làm việc" in text


def test_citations_link_to_the_documents_page(output: Path) -> None:
    vi = page(output, "hoi-dap/tra-loi-dung-han")
    assert '<a href="/van-ban/qd-25-2026-ubnd-quy-che-quan-ly-doi-ngoai/">25/2026/QĐ-UBND</a>' in vi
    assert ">99/2006/QĐ-TTg<" not in vi and "99/2006/QĐ-TTg" in vi  # no document: no link
    en = page(output, "english/questions/tra-loi-dung-han")
    assert ('<a href="/english/documents/qd-25-2026-ubnd-quy-che-quan-ly-doi-ngoai/">'
            "25/2026/QĐ-UBND</a>") in en


def test_disclaimer_in_page_language(output: Path) -> None:
    assert ("Nội dung trả lời chỉ có giá trị tham khảo, không phải là căn cứ pháp lý để giải "
            "quyết công việc.") in read_page(output / "hoi-dap" / "tra-loi-dung-han" /
                                             "index.html").text
    assert "not a legal basis" in read_page(
        output / "english" / "questions" / "co-thong-bao" / "index.html").text


def test_json_ld_is_a_qa_page(output: Path) -> None:
    html = page(output, "hoi-dap/tra-loi-dung-han")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == "Thủ tục xin thị thực cho chuyên gia"
    assert question["answerCount"] == 1
    assert question["dateCreated"].startswith("2026-09-07T08:30")
    answer = question["acceptedAnswer"]
    assert answer["@type"] == "Answer" and answer["dateCreated"].startswith("2026-09-18")
    assert answer["author"]["name"] == "Phòng Lãnh sự"
    assert "<" not in answer["text"] and "Trung tâm Phục vụ" in answer["text"]
    assert "<" not in blocks[0] and ">" not in blocks[0]


def test_json_filter_cannot_close_the_script() -> None:
    dumped = str(jsonld({"text": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in dumped and ">" not in dumped and "&" not in dumped
    assert json.loads(dumped) == {"text": "</script><script>alert(1)</script> & <!--"}


NAMED_FIELDS = {"lang", "kind", "full_name", "nationality", "occupation", "organisation",
                "representative", "position", "licence", "address", "place", "email", "phone",
                "topic", "question", "consent", "website"}


@pytest.mark.parametrize("path", ["hoi-dap/dat-cau-hoi", "english/questions/ask",
                                  "chinese/questions/ask"])
def test_ask_page_has_the_question_form(output: Path, path: str) -> None:
    html = page(output, path)
    forms = forms_of(html)
    (form,) = forms.page_forms
    intake = load_qa_config(ROOT / "content").intake_url
    assert form["attrs"]["action"] == intake.rstrip("/") + "/ask"
    assert form["attrs"]["method"] == "post"
    assert form["attrs"]["enctype"] == "application/x-www-form-urlencoded"
    assert form["attrs"]["accept-charset"] == "UTF-8"
    controls = {attrs.get("name"): (tag, attrs) for tag, attrs in form["controls"]
                if attrs.get("name")}
    assert set(controls) == NAMED_FIELDS
    assert controls["lang"][1]["value"] == {"hoi-dap": "vi", "english": "en",
                                            "chinese": "zh"}[path.partition("/")[0]]
    assert controls["email"][1]["type"] == "email" and controls["phone"][1]["type"] == "tel"
    assert "required" not in controls["phone"][1]
    assert "required" not in controls["full_name"][1]  # only for individuals: said in the label
    assert "required" in controls["address"][1] and "required" in controls["consent"][1]
    assert controls["consent"][1]["value"] == "yes"
    assert controls["question"][0] == "textarea"
    assert controls["question"][1]["maxlength"] == str(QUESTION_MAX)
    assert controls["topic"][0] == "select" and controls["place"][0] == "select"
    kinds = [attrs["value"] for tag, attrs in form["controls"] if attrs.get("name") == "kind"]
    assert kinds == ["individual", "organisation"]
    trap = controls["website"][1]
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert 'class="qa-form__trap" aria-hidden="true"' in html
    for tag, attrs in form["controls"]:  # every visible control has a label
        if attrs.get("type") != "hidden" and tag != "button":
            assert forms.labels.get(attrs["id"]), attrs
    assert "style=" not in html and "<script>" not in html


def test_ask_page_says_who_may_ask_and_the_limit(output: Path) -> None:
    text = read_page(output / "english" / "questions" / "ask" / "index.html").text
    assert "We answer within 15 working days" in text
    assert "Law on Complaints" in text and "Law on Denunciations" in text
    assert "Department Inspectorate" in text
    assert "nationality, occupation and address" in text
    vi = read_page(output / "hoi-dap" / "dat-cau-hoi" / "index.html")
    assert "15 ngày làm việc" in vi.text
    assert vi.alternates == {"vi": "/hoi-dap/dat-cau-hoi/", "en": "/english/questions/ask/",
                             "zh-Hans": "/chinese/questions/ask/"}


@pytest.mark.parametrize("path", ["hoi-dap/tra-cuu", "english/questions/status",
                                  "chinese/questions/status"])
def test_status_page_form(output: Path, path: str) -> None:
    html = page(output, path)
    (form,) = forms_of(html).page_forms
    intake = load_qa_config(ROOT / "content").intake_url
    assert form["attrs"]["action"] == intake.rstrip("/") + "/status"
    assert form["attrs"]["method"] == "get"
    controls = {attrs.get("name"): attrs for tag, attrs in form["controls"] if attrs.get("name")}
    assert set(controls) == {"lang", "ref"}
    assert controls["lang"]["type"] == "hidden"
    assert re.fullmatch(controls["ref"]["pattern"], "HD-2026-0042")
    assert not re.fullmatch(controls["ref"]["pattern"], "HD-26-42")
    alternates = read_page(output / path / "index.html").alternates
    assert alternates["en"] == "/english/questions/status/"
    assert alternates["vi"] == "/hoi-dap/tra-cuu/"


def test_form_partial_shows_errors_next_to_fields(tmp_path: Path) -> None:
    """The intake service renders the same partial with what was sent and what is wrong."""
    from jinja2 import Environment, FileSystemLoader  # noqa: PLC0415

    from plugins.core.agency import load_agency  # noqa: PLC0415
    from plugins.portal_site.qa import question_form  # noqa: PLC0415

    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)
    form = question_form(load_agency(ROOT / "content"), "en", "/dich-vu/hoi-dap/ask",
                         values={"kind": "individual", "email": "x@", "question": "<b>hi</b>"},
                         errors={"email": ["enter a valid e-mail address"],
                                 "kind": ["choose one"], "rate": ["too many questions"]})
    html = env.get_template("partials/qa_form.html").render(form=form)
    assert 'class="error-summary"' in html
    assert '<a href="#qa-email">enter a valid e-mail address</a>' in html
    assert '<a href="#qa-kind-individual">choose one</a>' in html
    assert "<li>too many questions</li>" in html
    email = re.search(r"<input[^>]*id=\"qa-email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email and "qa-email-error" in email
    assert 'value="x@"' in email
    assert '<p class="field__error" id="qa-email-error">' in html
    assert 'value="individual" required checked' in html
    assert "&lt;b&gt;hi&lt;/b&gt;</textarea>" in html
    plain = env.get_template("partials/qa_form.html").render(
        form={"action": "/a", "lang": "vi", "values": {}, "errors": {}, "topics": [],
              "places": [], "question_max": 10})
    assert "error-summary" not in plain and 'maxlength="10"' in plain


def _timeliness(values: dict, when: dt.date = AS_OF) -> tuple:
    """The state a question page states, from front-matter values, as of `when`."""
    from types import SimpleNamespace  # noqa: PLC0415

    from plugins.core.agency import load_agency  # noqa: PLC0415
    from plugins.core.dates import parse_local  # noqa: PLC0415
    from plugins.core.deadlines import evaluate, load_profile  # noqa: PLC0415
    from plugins.core.index import ContentIndex  # noqa: PLC0415
    from plugins.core.workdays import load_calendar  # noqa: PLC0415
    from plugins.portal_site.questions import QaHelpers  # noqa: PLC0415

    content = ROOT / "content"
    meta = {key: parse_local(value) for key, value in values.items()}
    deadlines = evaluate(load_profile(content), load_calendar(content), "questions", meta, when)
    helpers = QaHelpers(load_agency(content), ContentIndex(), "vi", siteurl="",
                        moment=dt.datetime.now(tz=dt.UTC), content_dir=content, when=when)
    timing = helpers.timeliness(SimpleNamespace(metadata=meta, deadlines=deadlines))
    return timing.state, timing.days, timing.taken


def test_timeliness_states() -> None:
    received = {"received": "2026-10-01 09:00"}
    assert _timeliness(received, dt.date(2026, 10, 20)) == ("open", 2, None)
    assert _timeliness(received, dt.date(2026, 10, 26)) == ("overdue", 2, None)
    noticed = {**received, "noticed": "2026-10-15 10:00", "reply_by": "2026-11-05"}
    assert _timeliness(noticed, dt.date(2026, 11, 2))[0] == "notice_open"
    assert _timeliness(noticed, dt.date(2026, 11, 9)) == ("notice_overdue", 2, None)
    assert _timeliness({**received, "noticed": "2026-10-15 10:00"}) == ("notice_open", 0, None)
    late_notice = {**received, "noticed": "2026-10-26 10:00", "reply_by": "2026-11-05",
                   "answered": "2026-11-04 10:00"}
    assert _timeliness(late_notice) == ("notice_late", 2, 24)
    answered_later = {**received, "answered": "2026-12-01 10:00"}
    assert _timeliness(answered_later)[0] == "overdue"  # not answered yet as of the build


def test_question_named_like_a_service_page_is_named(tmp_path: Path) -> None:
    """A question whose file name takes the address of "how to ask" is built; the service page
    is not, and the build says which file to rename (an error in a public build)."""
    repo = make_repo(tmp_path / "repo")
    front = QUESTION.format(title="Câu hỏi", date="2026-09-18 16:00", reference="HD-2026-0001",
                            topic="khac", question="Tôi muốn hỏi về thủ tục xin thị thực.",
                            asker=ASKER["vi"], received="2026-09-07 08:30",
                            answered="2026-09-18 16:00")
    write_item(repo, "questions/dat-cau-hoi.vi.md", front, "Trả lời.")
    report = build_site(repo, as_of=AS_OF)
    assert any(line.startswith("content/questions/dat-cau-hoi.vi.md: ") and "'dat-cau-hoi'" in line
               for line in report.warnings), report.warnings
    assert "qa-form" not in page(report.output, "hoi-dap/dat-cau-hoi")
    assert "qa-form" in page(report.output, "english/questions/ask")
