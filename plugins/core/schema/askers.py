"""Who asked a question: the identity 004 Đ12.3 requires, kept only in the private store.

These fields are declared like a section's front matter so that the intake validates a
citizen's form with the same machinery as an editor's file (plugins/core/schema/validate.py),
but no section has them: a content file carrying one of these keys is refused by the closed
schema of `questions`.
"""

from plugins.core.i18n import N_
from plugins.core.schema.fields import Field, Kind

NAME_MAX, TEXT_MAX, ADDRESS_MAX = 100, 200, 300

INDIVIDUAL = (
    Field("full_name", Kind.TEXT, required=True, max_length=NAME_MAX, help=N_("Full name")),
    Field("nationality", Kind.TEXT, required=True, max_length=60, help=N_("Nationality")),
    Field("occupation", Kind.TEXT, required=True, max_length=NAME_MAX, help=N_("Occupation")),
)
ORGANISATION = (
    Field("organisation", Kind.TEXT, required=True, max_length=TEXT_MAX,
          help=N_("Name of the organisation")),
    Field("representative", Kind.TEXT, required=True, max_length=NAME_MAX,
          help=N_("Representative's full name")),
    Field("position", Kind.TEXT, required=True, max_length=NAME_MAX,
          help=N_("Representative's position")),
    Field("licence", Kind.TEXT, required=True, max_length=60,
          help=N_("Number of the founding decision or business licence")),
)
CONTACT = (
    Field("address", Kind.TEXT, required=True, max_length=ADDRESS_MAX,
          help=N_("Address (head office for an organisation)")),
    Field("place", Kind.PLACE, required=True,
          help=N_("Commune or ward: the only part of the address ever published")),
    Field("email", Kind.EMAIL, required=True, max_length=254,
          help=N_("E-mail, where the answer is sent")),
    Field("phone", Kind.PHONE, max_length=30, help=N_("Telephone (optional)")),
)
# Who comments on a draft for public comment: a name and an e-mail, an organisation if any.
COMMENTER = (
    Field("full_name", Kind.TEXT, required=True, max_length=NAME_MAX, help=N_("Full name")),
    Field("organisation", Kind.TEXT, max_length=TEXT_MAX,
          help=N_("Organisation, if you write for one (optional)")),
    Field("email", Kind.EMAIL, required=True, max_length=254,
          help=N_("E-mail, where the acknowledgement is sent")),
)
CONSENT = Field("consent", Kind.BOOL, required=True,
                help=N_("I agree that my question and its answer may be published without my "
                        "name, address or contact details"))
