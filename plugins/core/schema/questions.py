"""Questions and answers (hỏi - đáp): de-identified question, answer in the body."""

from plugins.core.i18n import N_
from plugins.core.schema import SectionSchema
from plugins.core.schema.common import common_fields
from plugins.core.schema.fields import Field, Kind

SCHEMA = SectionSchema("questions", (
    *common_fields(),
    Field("question", Kind.TEXT, required=True, translated=True,
          help=N_("The question, de-identified."), example=N_("Write the question here"),
          placeholder=True),
    Field("asker", Kind.TEXT, translated=True,
          help=N_("Who asked, de-identified: never a name, phone, e-mail or address."),
          example="Một công dân ở xã Tân Thanh"),
    Field("received", Kind.DATETIME, required=True, help=N_("When the question was received."),
          example="2026-11-20 09:00"),
    Field("answered", Kind.DATETIME, help=N_("When it was answered; absent while open.")),
    Field("coordination", Kind.BOOL,
          help=N_("true when several agencies must coordinate the answer (longer limit).")),
    Field("special_case", Kind.BOOL, help=N_("true for a special case (longest limit).")),
))
