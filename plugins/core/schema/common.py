"""The keys every section shares (the contract in docs/content-contract.md)."""

from __future__ import annotations

from plugins.core.i18n import N_
from plugins.core.schema.fields import Field, Kind

TITLE_MAX = 200
SUMMARY_MAX = 400
WITHDRAWN_REASON_MAX = 400
STATUSES = ("published", "draft")


def common_fields(*, dated: bool = True, authored: bool = True, summary_required: bool = False,
                  collected: bool = False) -> tuple[Field, ...]:
    """Common keys; sections differ in which of them are required, and only sections that
    republish collected news (`collected`) have a `source`."""
    return (
        Field("title", Kind.TEXT, required=True, max_length=TITLE_MAX, translated=True,
              help=N_("The headline, plain text."), example=N_("Write the headline here"),
              placeholder=True),
        Field("date", Kind.DATETIME, required=dated,
              help=N_("Publication date and time, local time: YYYY-MM-DD HH:MM."),
              example="2026-11-20 09:00"),
        Field("category", Kind.CATEGORY, required=True,
              help=N_("Content group of Article 6: an id from agency.yaml."),
              example="doi-ngoai-trong-tinh"),
        Field("unit", Kind.UNIT, required=True,
              help=N_("The providing division: an id from agency.yaml."), example="van-phong"),
        Field("author", Kind.PERSON, required=authored,
              help=N_("Who wrote it: an id from agency.yaml."), example="nguyen-thu-trang"),
        Field("summary", Kind.TEXT, required=summary_required, max_length=SUMMARY_MAX,
              translated=True, help=N_("One or two sentences shown in listings."),
              example=N_("Write one or two sentences that sum the item up"), placeholder=True),
        Field("tags", Kind.TAGS, translated=True, help=N_("Keywords."), example=[]),
        Field("image", Kind.MEDIA, help=N_("A picture: media/<year>/<file>.")),
        Field("image_alt", Kind.TEXT, translated=True,
              help=N_("What the picture shows, for readers who cannot see it.")),
        *((Field("source", Kind.TEXT, translated=True,
                 help=N_("Original source of collected news: publication, author, date.")),)
          if collected else ()),
        Field("status", Kind.CHOICE, choices=STATUSES,
              help=N_("published (default) or draft."), example="draft"),
        Field("sensitive", Kind.BOOL,
              help=N_("true sends the item past the agency director before publication.")),
        Field("updated", Kind.DATETIME,
              help=N_("When the text was last revised; translations are checked against it.")),
        Field("source_hash", Kind.TEXT,
              help=N_("In a translation: the version of the original it was made from.")),
        *PUBLICATION_FIELDS,
        *DEADLINE_FIELDS,
    )


# When an item goes public and when it stops being public (docs/content-contract.md): the build
# reads them, the `withdrawal` rule holds the two withdrawal keys together.
PUBLICATION_FIELDS = (
    Field("publish_at", Kind.DATETIME,
          help=N_("Not public before this moment, local time: YYYY-MM-DD HH:MM.")),
    Field("withdrawn", Kind.DATE,
          help=N_("The day the item was withdrawn: its page then shows only a notice.")),
    Field("withdrawn_reason", Kind.TEXT, max_length=WITHDRAWN_REASON_MAX, translated=True,
          help=N_("Why the item was withdrawn, in the language of this file.")),
)


# Dates that start or stop the clocks of the deadline rules (content/_config/deadlines.yaml).
DEADLINE_FIELDS = (
    Field("policy_issued", Kind.DATE,
          help=N_("Issue date of the law or policy this item explains (15 working days).")),
    Field("approved", Kind.DATE,
          help=N_("Approval date of the project, investment or procurement (10 working days).")),
    Field("statistics_decided", Kind.DATE,
          help=N_("Date the statistics were approved for publication (10 working days).")),
    Field("review_requested", Kind.DATETIME,
          help=N_("When an editorial board member was asked to review (2 working days).")),
    Field("reviewed", Kind.DATETIME, help=N_("When the board member returned the review.")),
)
