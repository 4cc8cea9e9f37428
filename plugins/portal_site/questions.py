"""The questions-and-answers pages of a language run (003 Đ9.7; 004 Đ12).

- the Q&A home: published questions grouped by topic, in the order of agency.yaml `topics`;
- a question's page: what its time limits say in plain words, the unit leader who answered,
  the cited documents linked to the documents section, and schema.org `QAPage` data;
- "how to ask" and the status look-up, written for every language: their forms post to the
  intake service (content/_config/qa.yaml `intake.url`), never to this static site.

The templates receive the `qa` object (QaHelpers) and the `jsonld` filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from plugins.core.agency import Agency, load_agency
from plugins.core.dates import AGENCY_TIMEZONE, today
from plugins.core.deadlines import Deadline, Status, load_profile
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import ContentIndex
from plugins.core.qaconfig import load_qa_config
from plugins.core.runsettings import AS_OF_SETTING
from plugins.core.urls import save_as, section_path
from plugins.core.workdays import WorkingCalendar, load_calendar
from plugins.portal_site.documents import (
    document_page_url,
    normalized_number,
    stems_by_number,
)
from plugins.portal_site.qa import (
    ASK,
    QUESTIONS,
    STATUS,
    intake_action,
    page_segment,
    qa_page_path,
    question_form,
    status_form,
)

logger = logging.getLogger(__name__)

DOCUMENTS = "documents"
ANSWER_RULE = "hoi-dap"  # the rule of deadlines.yaml whose limit the "how to ask" page states
# What a question page says about its time limit (QaHelpers.timeliness).
ON_TIME, LATE = "on_time", "late"
NOTICE_ON_TIME, NOTICE_LATE, PROMISE_LATE = "notice_on_time", "notice_late", "promise_late"
OPEN, OVERDUE, NOTICE_OPEN, NOTICE_OVERDUE = "open", "overdue", "notice_open", "notice_overdue"
UNTRACKED = ""
# Characters that would let text end a <script> element or start markup inside it.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                0x2028: "\\u2028", 0x2029: "\\u2029"}


def jsonld(value: Any) -> Markup:
    """`value` as JSON that is safe inside `<script type="application/ld+json">`: no `<`, `>`
    or `&` survives unescaped, so no text can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(text.translate(_SCRIPT_SAFE))


def as_of(settings: dict[str, Any]) -> dt.date:
    """The date deadline statuses are computed for: the one portal_deadlines uses."""
    given = settings.get(AS_OF_SETTING)
    return dt.date.fromisoformat(given) if given else today()


@dataclass(frozen=True)
class Timeliness:
    """Where a question stands against its time limits, for the sentence its page shows.

    `state` is one of the constants above; `days` the working days late or overdue (or left);
    `taken` the working days from receipt to answer; `due` when the answer (or a processing
    notice) was due; `notice` the deadline of the notice's promised date, when there is one.
    """

    state: str
    days: int = 0
    taken: int | None = None
    due: dt.datetime | None = None
    notice: Deadline | None = None


@dataclass(frozen=True)
class TopicGroup:
    id: str  # "" for questions whose topic agency.yaml does not name
    title: str
    items: list[Any]


class QaHelpers:
    """The `qa` object of the templates: one language's view of the Q&A pages."""

    def __init__(self, agency: Agency, index: ContentIndex, lang: str, *, siteurl: str,
                 moment: dt.datetime, content_dir: Path, when: dt.date) -> None:
        self.agency = agency
        self.index = index
        self.lang = lang
        self.siteurl = siteurl
        self.moment = moment
        self.content_dir = content_dir
        self.as_of = when

    # -- addresses ----------------------------------------------------------------------------
    def page_url(self, page: str, lang: str | None = None) -> str:
        return f"{self.siteurl}/{qa_page_path(self.agency, page, lang or self.lang)}"

    def ask_url(self, lang: str | None = None) -> str:
        return self.page_url(ASK, lang)

    def status_url(self, lang: str | None = None) -> str:
        return self.page_url(STATUS, lang)

    def item_url(self, article: Any) -> str:
        return f"{self.siteurl}/{article.url}"

    # -- agency data ----------------------------------------------------------------------------
    def topic_title(self, topic: str | None) -> str:
        if topic and topic in self.agency.topics:
            return self.agency.text(self.agency.topics[topic]["title"], self.lang)
        return topic or ""

    def person(self, person_id: str | None) -> dict[str, str] | None:
        """Name and position of a person of agency.yaml, in the page language."""
        person = self.agency.people.get(person_id or "")
        if person is None:
            return None
        return {"name": person["name"],
                "position": self.agency.text(person.get("position"), self.lang)}

    @functools.cached_property
    def answer_limit(self) -> int | None:
        """Working days of the `hoi-dap` rule of the profile in force (deadlines.yaml)."""
        profile = load_profile(self.content_dir)
        return next((rule.working_days for rule in profile.rules if rule.id == ANSWER_RULE
                     and rule.working_days is not None), None)

    # -- the Q&A home --------------------------------------------------------------------------
    def by_topic(self, articles: Iterable[Any]) -> list[TopicGroup]:
        """Questions per topic, in the order of agency.yaml, newest received first; those
        whose topic is not configured come last, under a group of their own."""
        grouped: dict[str, list[Any]] = {}
        for article in articles:
            topic = article.metadata.get("topic")
            grouped.setdefault(topic if topic in self.agency.topics else "", []).append(article)
        groups = []
        for topic in [*self.agency.topics, ""]:
            items = grouped.get(topic)
            if items:
                items.sort(key=_received, reverse=True)
                groups.append(TopicGroup(topic, self.topic_title(topic), items))
        return groups

    # -- a question's page -------------------------------------------------------------------
    @functools.cached_property
    def _calendar(self) -> WorkingCalendar:
        return load_calendar(self.content_dir)

    def timeliness(self, article: Any) -> Timeliness:
        """What the question's clocks say: on time or late by how many working days, with a
        processing notice when one was sent before the answer (its promised date becomes the
        answer's own deadline: deadlines.yaml `hoi-dap-hen-tra-loi`)."""
        meta = article.metadata
        deadlines = getattr(article, "deadlines", None) or []
        main = next((line for line in deadlines if line.rule.start == "received"), None)
        notice = next((line for line in deadlines if line.rule.start == "noticed"), None)
        received, answered, noticed = (meta.get("received"), meta.get("answered"),
                                       meta.get("noticed"))
        if answered is not None and _local_date(answered) > self.as_of:
            answered = None  # not yet, as of the build's date
        if noticed is not None and _local_date(noticed) > self.as_of:
            noticed = None
        taken = None
        if answered is not None and received is not None:
            taken = self._calendar.between(_local_date(received), _local_date(answered))
        due = main.due if main else None
        if main is None and notice is None:
            return Timeliness(UNTRACKED, taken=taken, due=due)
        notice_first = noticed is not None and (answered is None or noticed <= answered)
        if not notice_first:
            notice = None  # a notice after the answer changes nothing
        if answered is not None:
            state, days = _answered(main, notice, notice_first)
        else:
            state, days = _pending(main, notice, notice_first)
            taken = None
        return Timeliness(state, days, taken, due, notice)

    @functools.cached_property
    def _documents(self) -> dict[str, str]:
        return stems_by_number(self.agency, self.index, self.content_dir)

    def citation_url(self, number: Any) -> str | None:
        """The page of the document with this number, in the page language when it is
        published in it, else the Vietnamese page; None when no public document has it."""
        stem = self._documents.get(normalized_number(str(number or "")))
        if stem is None:
            return None
        return document_page_url(self.agency, self.index, stem=stem, lang=self.lang,
                                 moment=self.moment, siteurl=self.siteurl)

    def structured_data(self, article: Any) -> dict[str, Any]:
        """schema.org QAPage of a question page (https://schema.org/QAPage)."""
        meta = article.metadata
        unit = meta.get("unit")
        author = {"@type": "GovernmentOrganization",
                  "name": self.agency.unit_name(unit, self.lang) if unit in self.agency.units
                  else self.agency.languages[self.lang].site_name,
                  "parentOrganization": {"@type": "GovernmentOrganization",
                                         "name": self.agency.languages[self.lang].site_name}}
        question: dict[str, Any] = {
            "@type": "Question", "name": article.title, "text": meta.get("question", ""),
            "answerCount": 0,
        }
        if meta.get("received") is not None:
            question["dateCreated"] = meta["received"].isoformat()
        if meta.get("answered") is not None:
            question["answerCount"] = 1
            question["acceptedAnswer"] = {
                "@type": "Answer", "text": Markup(article.content).striptags(),
                "dateCreated": meta["answered"].isoformat(), "author": author,
                "url": self.item_url(article),
            }
        return {"@context": "https://schema.org", "@type": "QAPage",
                "inLanguage": self.agency.languages[self.lang].html_lang,
                "url": self.item_url(article), "mainEntity": question}


def _answered(main: Deadline | None, notice: Deadline | None,
              notice_first: bool) -> tuple[str, int]:
    """An answered question: late by the promised date's clock, else by the answer's own."""
    late = main is not None and main.status is Status.LATE
    if notice_first:
        if notice is not None and notice.status is Status.LATE:
            return PROMISE_LATE, notice.days
        return (NOTICE_LATE, main.days) if late and main else (NOTICE_ON_TIME, 0)
    return (LATE, main.days) if late and main else (ON_TIME, 0)


def _pending(main: Deadline | None, notice: Deadline | None,
             notice_first: bool) -> tuple[str, int]:
    """A question not answered yet: open or overdue, against the promised date once a
    processing notice has set one."""
    if notice is not None:
        return (NOTICE_OVERDUE if notice.status is Status.OVERDUE else NOTICE_OPEN), notice.days
    if notice_first:
        return NOTICE_OPEN, 0  # a notice without a promised date: nothing more is due
    if main is None:
        return UNTRACKED, 0
    return (OVERDUE if main.status is Status.OVERDUE else OPEN), main.days


def _local_date(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(AGENCY_TIMEZONE).date()
    return value


def _received(article: Any) -> dt.datetime:
    value = article.metadata.get("received") or article.date
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=AGENCY_TIMEZONE)
    return dt.datetime.combine(value, dt.time(), tzinfo=AGENCY_TIMEZONE)


def install(env: Any, settings: dict[str, Any], agency: Agency, index: ContentIndex,
            moment: dt.datetime) -> QaHelpers:
    """Give the templates `qa` and the `jsonld` filter."""
    helpers = QaHelpers(agency, index, settings["PORTAL_LANG"], siteurl=settings["SITEURL"],
                        moment=moment, content_dir=Path(settings["PATH"]),
                        when=as_of(settings))
    env.globals.update(qa=helpers)
    env.filters.update(jsonld=jsonld)
    return helpers


def write_questions_home(generator: Generator, writer: Any, items: list[Any]) -> None:
    """The Q&A home of the run's language: every published question, grouped by topic."""
    agency = load_agency(generator.path)
    lang = generator.settings["PORTAL_LANG"]
    path = section_path(agency, QUESTIONS, lang)
    writer.write_file(save_as(path), generator.get_template("questions_home"),
                      generator.context, template_name="questions_home", url=path,
                      page_path=path, section=QUESTIONS, questions=items)


class QaPagesGenerator(Generator):
    """Writes "how to ask" and the status look-up of the run's language."""

    def generate_context(self) -> None:
        """These pages come from configuration, not from content files."""

    def generate_output(self, writer: Any) -> None:
        content_dir = Path(self.settings["PATH"])
        agency = load_agency(content_dir)
        lang = self.settings["PORTAL_LANG"]
        try:
            intake_url = load_qa_config(content_dir).intake_url
        except PortalError as error:
            logger.error("%s", error)
            return
        # An item page at the same address would be overwritten: say which file to rename.
        taken = {article.slug: article for article in [
            *self.context.get("articles", []), *self.context.get("hidden_articles", [])]
            if getattr(article, "section", None) == QUESTIONS}
        forms = {
            ASK: question_form(agency, lang, intake_action(intake_url, ASK)),
            STATUS: status_form(lang, intake_action(intake_url, STATUS)),
        }
        for page, form in forms.items():
            segment = page_segment(page, lang)
            if segment in taken:
                logger.error("%s", PortalError(
                    _("the name '{stem}' is the address of a Q&A service page; rename the "
                      "file").format(stem=segment),
                    Path("content") / taken[segment].metadata.get("source_relpath", segment),
                    rule="duplicate-stem"))
                continue
            path = qa_page_path(agency, page, lang)
            template = f"questions_{page}"
            writer.write_file(save_as(path), self.get_template(template), self.context,
                              template_name=template, url=path, page_path=path,
                              qa_page=page, form=form)
