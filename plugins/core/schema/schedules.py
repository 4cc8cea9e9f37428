"""Weekly schedules (lịch): the leaders' work schedule and the citizen reception schedule.

One file is one week of one kind. Its `entries` are the rows the week page shows, one table per
day: when, what, who (person ids of agency.yaml: the leaders who lead the activity or, for a
reception schedule, who receive citizens), where, and the unit that prepares it. The
`schedule-entry` rule (plugins/core/checks/rules/schedules.py) holds each day inside the week,
each time to its shape and each person to agency.yaml.
"""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

WORK, RECEPTION = "work", "reception"
KINDS = (WORK, RECEPTION)
MAX_ENTRIES = 80  # two weeks of a busy leadership, every half day
ACTIVITY_MAX = 500
LOCATION_MAX = 200

ENTRY = (
    Field("day", Kind.DATE, required=True, help=N_("The day, within the week: YYYY-MM-DD.")),
    Field("time", Kind.TEXT, required=True, max_length=20,
          help=N_("When: '08:00', or from and to: '08:00–11:30' (in quotes).")),
    Field("activity", Kind.TEXT, required=True, translated=True, max_length=ACTIVITY_MAX,
          help=N_("What takes place, plain text.")),
    Field("leaders", Kind.TAGS, required=True,
          help=N_("Who leads it (for a reception schedule: who receives citizens): person ids "
                  "of agency.yaml, e.g. [hoang-van-minh].")),
    Field("location", Kind.TEXT, translated=True, max_length=LOCATION_MAX,
          help=N_("Where, plain text.")),
    Field("preparing_unit", Kind.UNIT, help=N_("The unit that prepares it: an id of units.")),
)

SCHEMA = SectionSchema("schedules", (
    *common_fields(),
    Field("kind", Kind.CHOICE, required=True, choices=KINDS, example=WORK,
          help=N_("work (the leaders' work schedule) or reception (the citizen reception "
                  "schedule).")),
    Field("week_start", Kind.DATE, required=True, help=N_("The Monday of the week."),
          example="2026-11-23"),
    # `translated`: a translation follows the whole list, so a changed day or time makes it
    # stale as surely as a changed activity (plugins/core/translations.py).
    Field("entries", Kind.RECORDS, required=True, translated=True, record=ENTRY,
          max_items=MAX_ENTRIES,
          help=N_("The week's rows: day, time, activity, leaders, location, preparing_unit."),
          example=[{"day": "2026-11-23", "time": "08:00–11:30",
                    "activity": "Giao ban Lãnh đạo Sở", "leaders": ["hoang-van-minh"],
                    "location": "Phòng họp tầng 2, trụ sở Sở", "preparing_unit": "van-phong"}]),
))
