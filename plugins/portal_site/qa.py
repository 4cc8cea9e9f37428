"""The question form and the Q&A service pages, without Pelican: paths, intake addresses, and
what `theme/templates/partials/qa_form.html` receives.

The site's "how to ask" page and the intake service (which shows the same form again with the
citizen's values and the problems found) render one partial from one set of variables, so the
form cannot differ between the two. Every field name is the one plugins/core/intake.py reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from plugins.core.agency import Agency
from plugins.core.schema.documents import COMMENT_MAX
from plugins.core.schema.questions import QUESTION_MAX, REFERENCE_PATTERN
from plugins.core.urls import section_path

QUESTIONS = "questions"
ASK, STATUS, COMMENT = "ask", "status", "comment"
# The service pages under the Q&A home, per language: /hoi-dap/dat-cau-hoi/,
# /english/questions/ask/, /chinese/questions/status/... A language not named here uses the
# English segment.
PAGE_SEGMENTS: dict[str, dict[str, str]] = {
    ASK: {"vi": "dat-cau-hoi", "en": "ask", "zh": "ask"},
    STATUS: {"vi": "tra-cuu", "en": "status", "zh": "status"},
}
# What the intake service answers under its address (content/_config/qa.yaml `intake.url`).
INTAKE_ENDPOINTS = {ASK: "ask", STATUS: "status", COMMENT: "comment"}


def page_segment(page: str, lang: str) -> str:
    segments = PAGE_SEGMENTS[page]
    return segments.get(lang) or segments["en"]


def qa_page_path(agency: Agency, page: str, lang: str) -> str:
    """`hoi-dap/dat-cau-hoi/`, `english/questions/status/`: relative to the site root."""
    return f"{section_path(agency, QUESTIONS, lang)}{page_segment(page, lang)}/"


def intake_action(intake_url: str, page: str) -> str:
    """Where a form of `page` goes: `/dich-vu/hoi-dap/` + `ask` = `/dich-vu/hoi-dap/ask`."""
    return f"{intake_url.rstrip('/')}/{INTAKE_ENDPOINTS[page]}"


@dataclass(frozen=True)
class QaForm:
    """The variables of `partials/qa_form.html` and `partials/qa_status_form.html`.

    `values` are what was submitted (shown again after a problem), `errors` the messages per
    field name, both empty on the site's own page. A mapping with the same keys works as well,
    except that the templates read `form['values']` (a dict's own `.values` method would hide
    the key when read as an attribute).
    """

    action: str
    lang: str
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, Sequence[str]] = field(default_factory=dict)
    topics: Sequence[tuple[str, str]] = ()
    places: Sequence[tuple[str, str]] = ()
    question_max: int = QUESTION_MAX
    reference_pattern: str = REFERENCE_PATTERN


@dataclass(frozen=True)
class CommentForm:
    """The variables of `partials/comment_form.html`: a comment on one draft."""

    action: str
    lang: str
    document: str
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, Sequence[str]] = field(default_factory=dict)
    comment_max: int = COMMENT_MAX


def question_form(agency: Agency, lang: str, action: str,
                  values: Mapping[str, str] | None = None,
                  errors: Mapping[str, Sequence[str]] | None = None) -> QaForm:
    """The question form in `lang`: topics and places of agency.yaml, named in that language."""
    return QaForm(
        action=action, lang=lang, values=dict(values or {}), errors=dict(errors or {}),
        topics=[(key, agency.text(topic["title"], lang)) for key, topic in agency.topics.items()],
        places=[(key, agency.text(place["name"], lang)) for key, place in agency.places.items()],
    )


def status_form(lang: str, action: str, values: Mapping[str, str] | None = None,
                errors: Mapping[str, Sequence[str]] | None = None) -> QaForm:
    """The status look-up form: one reference, sent by GET."""
    return QaForm(action=action, lang=lang, values=dict(values or {}),
                  errors=dict(errors or {}))
