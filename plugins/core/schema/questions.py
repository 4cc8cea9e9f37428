"""Questions and answers (hỏi - đáp, 003 Đ9.7; 004 Đ12): the public record of one question.

Only what may be published lives here: the reference, when it came, a de-identified line about
who asked, the question and, later, the answer in the body. The asker's identity and contact
stay in the intake's private store (workflow/qa/store.py) and never reach a content file.
"""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

ASKER_KINDS = ("individual", "organisation")
# Where a question stands; `out_of_scope` questions were answered at once with a notice.
HANDLING = ("received", "forwarded", "noticed", "answered", "out_of_scope")
REFERENCE_PATTERN = r"HD-\d{4}-\d{4,6}"
QUESTION_MIN, QUESTION_MAX = 20, 4000
ASKER_LINE_MAX = 120

SCHEMA = SectionSchema("questions", (
    *common_fields(authored=False),
    Field("reference", Kind.TEXT, required=True, max_length=14,
          help=N_("The reference given to the asker: HD-<year>-<number>."),
          example="HD-2026-0042"),
    Field("kind", Kind.CHOICE, required=True, choices=ASKER_KINDS,
          help=N_("Who asked: individual or organisation."), example="individual"),
    Field("topic", Kind.TOPIC, required=True,
          help=N_("The topic of the question: an id from agency.yaml."), example="thi-thuc"),
    Field("question", Kind.TEXT, required=True, translated=True, min_length=QUESTION_MIN,
          max_length=QUESTION_MAX, help=N_("The question, de-identified."),
          example=N_("Write the question here"), placeholder=True),
    Field("asker", Kind.TEXT, required=True, translated=True, max_length=ASKER_LINE_MAX,
          help=N_("Who asked, de-identified: never a name, initials, phone, e-mail or "
                  "address; a commune or ward at most."),
          example="Một công dân ở phường Đông Kinh"),
    Field("received", Kind.DATETIME, required=True, help=N_("When the question was received."),
          example="2026-11-20 09:00"),
    Field("handling", Kind.CHOICE, required=True, choices=HANDLING,
          help=N_("Where the question stands: received, forwarded, noticed, answered, "
                  "out_of_scope."), example="received"),
    Field("noticed", Kind.DATETIME,
          help=N_("When a processing or appointment notice was sent instead of the answer.")),
    Field("reply_by", Kind.DATE,
          help=N_("The date the notice promised the answer by: its own deadline.")),
    Field("answered", Kind.DATETIME, help=N_("When it was answered; absent while open.")),
    Field("answered_by", Kind.PERSON,
          help=N_("The unit leader who answered (004 Đ12.7): an id from agency.yaml.")),
    Field("citations", Kind.CITATIONS,
          help=N_("Legal documents the answer cites: number, date, issuer, summary "
                  "(004 Đ12.5).")),
    Field("coordination", Kind.BOOL,
          help=N_("true when several agencies must coordinate the answer (longer limit).")),
    Field("special_case", Kind.BOOL, help=N_("true for a special case (longest limit).")),
))
