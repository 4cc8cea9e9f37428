"""Legal and administrative documents (văn bản): the register Decree 42/2022 requires.

Every field the register shows is declared here: number and symbol, type (a code of agency.yaml,
shown by its full name), issuer, the issuing unit when this agency issued it (the deadline rule
of 2 working days reads it, not the spelling of the issuer's name), signer, dates, the summary
(trích yếu), the field, relations to other documents, the validity when it cannot be computed,
and the attached file. Relations name other documents of the section by stem; the build shows
them both ways and computes the validity from them (plugins/core/documents.py).
"""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

VALIDITY = ("in_force", "partly_amended", "expired", "replaced")
RELATIONS = ("replaces", "amends", "guided_by")
# 5000 characters of Chinese are 45 KiB once form-encoded, within intake.max_request_kib (64).
COMMENT_MIN, COMMENT_MAX = 20, 5000
# A draft put out for public comment (003 Đ6.5): open from one moment to another; afterwards the
# number of comments received (`portal qa consultation`) and how they were taken into account.
CONSULTATION_FIELDS = (
    Field("consultation_opens", Kind.DATETIME,
          help=N_("A draft for public comment: when comments open, YYYY-MM-DD HH:MM.")),
    Field("consultation_closes", Kind.DATETIME,
          help=N_("When comments close, YYYY-MM-DD HH:MM.")),
    Field("comments_received", Kind.INTEGER, minimum=0,
          help=N_("How many comments came in: written by 'portal qa consultation' after "
                  "closing.")),
    Field("consultation_summary", Kind.TEXT, translated=True, max_length=4000,
          help=N_("How the comments were taken into account, once published.")),
)
# What a citizen writes about a draft, judged like a question's form (plugins/core/intake.py).
COMMENT = Field("comment", Kind.TEXT, required=True, min_length=COMMENT_MIN,
                max_length=COMMENT_MAX, help=N_("Your comment on the draft"))

SCHEMA = SectionSchema("documents", (
    *common_fields(summary_required=True),
    Field("number", Kind.TEXT, help=N_("Number and symbol, e.g. 62/QĐ-SNgV (a draft has none)."),
          example="01/QĐ-SNgV", placeholder=True),
    Field("doc_type", Kind.DOCTYPE, required=True,
          help=N_("Type: a code of document_types in agency.yaml (QĐ, NĐ, TT, L...)."),
          example="QĐ"),
    Field("issuer", Kind.TEXT, required=True, translated=True, help=N_("Issuing body."),
          example="Sở Ngoại vụ tỉnh Lạng Sơn"),
    Field("issuer_unit", Kind.UNIT,
          help=N_("Only for documents this agency issued: the unit that drafted it.")),
    Field("signer", Kind.TEXT, help=N_("Who signed it.")),
    Field("issued", Kind.DATE, help=N_("Date of issue (a draft has none)."),
          example="2026-11-20"),
    Field("effective", Kind.DATE, help=N_("Date it takes effect.")),
    Field("expiry", Kind.DATE, help=N_("Date it ceases to have effect, when it says so.")),
    Field("field", Kind.DOCFIELD, required=True,
          help=N_("The field of the register: an id of document_fields in agency.yaml."),
          example="doi-ngoai"),
    Field("replaces", Kind.STEMS, help=N_("Documents it replaces: their file names (stems).")),
    Field("amends", Kind.STEMS,
          help=N_("Documents it amends or supplements: their file names (stems).")),
    Field("guided_by", Kind.STEMS,
          help=N_("Documents that guide its implementation: their file names (stems).")),
    Field("validity", Kind.CHOICE, choices=VALIDITY,
          help=N_("Declared validity, only when the register cannot compute it: in_force, "
                  "partly_amended, expired, replaced.")),
    Field("file", Kind.MEDIA, required=True,
          help=N_("The downloadable document: media/<year>/<file>.pdf or .docx.")),
    *CONSULTATION_FIELDS,
))
