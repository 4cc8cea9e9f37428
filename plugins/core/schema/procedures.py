"""Administrative procedures (thủ tục hành chính), as in the national procedures database."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

LEVELS = ("toan-trinh", "mot-phan")

SCHEMA = SectionSchema("procedures", (
    *common_fields(),
    Field("code", Kind.TEXT, required=True, help=N_("National database code."),
          example="1.000000.000.00.00.H01", placeholder=True),
    Field("field", Kind.TEXT, translated=True, help=N_("Field of the procedure.")),
    Field("level", Kind.CHOICE, choices=LEVELS,
          help=N_("toan-trinh (fully online) or mot-phan (partly online)."), example="mot-phan"),
    Field("time_limit", Kind.INTEGER, help=N_("Processing time in working days."), example=5),
    Field("fee", Kind.TEXT, translated=True, help=N_("Fees and charges.")),
    Field("agency", Kind.UNIT, help=N_("The division that receives the dossier.")),
))
