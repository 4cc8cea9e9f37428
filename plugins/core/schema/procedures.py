"""Administrative procedures (thủ tục hành chính), described as the national procedures database
describes them, so that a citizen can follow one to the end from its page.

Besides code, name (`title`), field and level, a procedure says who decides (`competent_agency`)
and who handles it (`implementing_agency`), who may use it and on which conditions, its steps
(each with the unit and the person of agency.yaml responsible for it), the channels through
which it is done (in person with address and opening hours, online with the link to the public
service portal, by post), each channel with its own processing time and fee, the dossier (each
document with its number of originals and copies and the form to download), the result, the
legal basis (document numbers, linked to the documents register), the decision that announced
the procedure and the date it was last reviewed.

Steps, channels and dossier are lists of records (`Kind.RECORDS`); their texts are rewritten
by translators (`translated` on the keys of a record and on the list itself, so that the
translation's fingerprint follows them), their ids, numbers and addresses are copied.
"""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

LEVELS = ("toan-trinh", "mot-phan")
IN_PERSON, ONLINE, POST = "in_person", "online", "post"
CHANNEL_KINDS = (IN_PERSON, ONLINE, POST)
# Where a form is kept: content/media/procedures/<file>.pdf or .docx.
FORMS_FOLDER = "media/procedures/"
FORM_TYPES = (".pdf", ".docx")
TEXT_MAX = 2000
MAX_STEPS, MAX_CHANNELS, MAX_DOSSIER = 30, 6, 40

STEP = (
    Field("what", Kind.TEXT, required=True, translated=True, max_length=TEXT_MAX,
          help=N_("What is done at this step.")),
    Field("unit", Kind.UNIT,
          help=N_("The division of the Department that does it: an id from agency.yaml.")),
    Field("person", Kind.PERSON,
          help=N_("The person responsible for the step: an id of people in agency.yaml.")),
    Field("days", Kind.INTEGER, minimum=1,
          help=N_("Working days the step takes, when it has a limit.")),
)
CHANNEL = (
    Field("kind", Kind.CHOICE, required=True, choices=CHANNEL_KINDS,
          help=N_("in_person, online or post.")),
    Field("address", Kind.TEXT, translated=True, max_length=400,
          help=N_("Where to go (in person) or where to send the dossier (post).")),
    Field("hours", Kind.TEXT, translated=True, max_length=400,
          help=N_("Opening hours of the place, for in_person.")),
    Field("url", Kind.TEXT, max_length=500,
          help=N_("For online: the page of the procedure on the national public service "
                  "portal (https://dichvucong.gov.vn/...) or the provincial one "
                  "(https://dichvucong.langson.gov.vn/...).")),
    Field("days", Kind.INTEGER, required=True, minimum=1,
          help=N_("Processing time through this channel, in working days.")),
    Field("fee", Kind.TEXT, required=True, translated=True, max_length=400,
          help=N_("Fees and charges through this channel, e.g. Không thu phí.")),
)
DOSSIER = (
    Field("name", Kind.TEXT, required=True, translated=True, max_length=TEXT_MAX,
          help=N_("The document to submit.")),
    Field("originals", Kind.INTEGER, required=True, minimum=0,
          help=N_("Number of originals.")),
    Field("copies", Kind.INTEGER, required=True, minimum=0, help=N_("Number of copies.")),
    Field("form", Kind.MEDIA,
          help=N_("The form to fill in, when there is one: media/procedures/<file>.pdf or "
                  ".docx.")),
)

SCHEMA = SectionSchema("procedures", (
    *common_fields(),
    Field("code", Kind.TEXT, required=True, help=N_("National database code."),
          example="1.000000.000.00.00.H01", placeholder=True),
    Field("field", Kind.TEXT, required=True, translated=True,
          help=N_("Field of the procedure."), example=N_("Write the field here"),
          placeholder=True),
    Field("level", Kind.CHOICE, required=True, choices=LEVELS,
          help=N_("toan-trinh (fully online) or mot-phan (partly online)."), example="mot-phan"),
    Field("competent_agency", Kind.TEXT, required=True, translated=True, max_length=400,
          help=N_("Who decides: the competent authority."),
          example="Chủ tịch Ủy ban nhân dân tỉnh"),
    Field("implementing_agency", Kind.TEXT, required=True, translated=True, max_length=400,
          help=N_("Who handles the dossier: the implementing agency."),
          example="Sở Ngoại vụ tỉnh Lạng Sơn"),
    Field("subjects", Kind.TEXT, required=True, translated=True, max_length=TEXT_MAX,
          help=N_("Who may use the procedure."), example=N_("Write who may use it here"),
          placeholder=True),
    Field("conditions", Kind.TEXT, translated=True, max_length=TEXT_MAX,
          help=N_("Conditions the applicant must meet, if any.")),
    Field("steps", Kind.RECORDS, required=True, translated=True, record=STEP,
          max_items=MAX_STEPS,
          help=N_("The steps, in order: what, unit, person, days."),
          example=[{"what": "Nộp hồ sơ", "unit": "van-phong", "person": "hoang-thi-mai"}]),
    Field("channels", Kind.RECORDS, required=True, translated=True, record=CHANNEL,
          max_items=MAX_CHANNELS,
          help=N_("How to do it: kind (in_person, online, post), address, hours, url, days, "
                  "fee."),
          example=[{"kind": "online", "url": "https://dichvucong.gov.vn/", "days": 5,
                    "fee": "Không thu phí"}]),
    Field("dossier", Kind.RECORDS, translated=True, record=DOSSIER, max_items=MAX_DOSSIER,
          help=N_("The documents to submit: name, originals, copies, form.")),
    Field("result", Kind.TEXT, required=True, translated=True, max_length=TEXT_MAX,
          help=N_("What the applicant gets."), example=N_("Write the result here"),
          placeholder=True),
    # Document numbers, not keywords: a list the tags rules of checks.yaml must not restrict.
    Field("legal_basis", Kind.STEMS,
          help=N_("Numbers of the legal documents it rests on, e.g. [09/2023/QĐ-TTg].")),
    Field("announced_by", Kind.TEXT, max_length=60,
          help=N_("Number of the decision that announced the procedure.")),
    # Not `reviewed`: that key stops the editorial board's review clock (deadlines.yaml).
    Field("last_reviewed", Kind.DATE,
          help=N_("When the procedure was last reviewed: YYYY-MM-DD.")),
))
