"""Announcements (thông báo): like news, and may expire."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

SCHEMA = SectionSchema("announcements", (
    *common_fields(summary_required=True),
    Field("expires", Kind.DATE, help=N_("Date after which the notice is archived.")),
))
