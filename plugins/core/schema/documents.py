"""Legal and administrative documents (văn bản): the fields Decree 42/2022 requires."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

SCHEMA = SectionSchema("documents", (
    *common_fields(),
    Field("number", Kind.TEXT, required=True, help=N_("Number and symbol, e.g. 62/QĐ-SNgV."),
          example="01/QĐ-SNgV", placeholder=True),
    Field("doc_type", Kind.TEXT, required=True, help=N_("Type code: QĐ, NĐ, TT, KH, CV..."),
          example="QĐ"),
    Field("issuer", Kind.TEXT, required=True, translated=True, help=N_("Issuing body."),
          example="Sở Ngoại vụ tỉnh Lạng Sơn"),
    Field("issued", Kind.DATE, required=True, help=N_("Date of issue."), example="2026-11-20"),
    Field("effective", Kind.DATE, help=N_("Date it takes effect.")),
    Field("signer", Kind.TEXT, help=N_("Who signed it.")),
    Field("file", Kind.MEDIA, help=N_("The downloadable document: media/<year>/<file>.pdf.")),
))
