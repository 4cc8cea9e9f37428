"""Announcements (thông báo): like news, may expire, and say what kind of notice they are.

Procurement and bidding notices, investment projects and statistics are announcements of their
own kind (Decree 42/2022): each carries the date its clock starts from (`approved`,
`statistics_decided`, common fields read by the deadline rules of deadlines.yaml).
"""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

KINDS = ("notice", "procurement", "project", "statistics")

SCHEMA = SectionSchema("announcements", (
    *common_fields(summary_required=True),
    Field("kind", Kind.CHOICE, choices=KINDS,
          help=N_("notice (default), procurement (bidding, public purchases), project "
                  "(investment projects) or statistics.")),
    Field("expires", Kind.DATE, help=N_("Date after which the notice is archived.")),
))
