"""Introduction pages (giới thiệu): undated, ordered in the introduction menu."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

LAYOUTS = ("leadership",)

SCHEMA = SectionSchema("pages", (
    *common_fields(dated=False, authored=False),
    Field("order", Kind.INTEGER, help=N_("Position in the introduction menu."), example=1),
    Field("layout", Kind.CHOICE, choices=LAYOUTS,
          help=N_("'leadership' lists the leaders and their contacts from agency.yaml.")),
))
