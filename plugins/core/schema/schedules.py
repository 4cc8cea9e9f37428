"""Leaders' weekly work schedules (lịch công tác)."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

SCHEMA = SectionSchema("schedules", (
    *common_fields(),
    Field("week_start", Kind.DATE, required=True, help=N_("The Monday of the week."),
          example="2026-11-23"),
))
