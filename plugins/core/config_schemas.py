"""The schema of every file under content/_config/: every key, its type and its default.

docs/configuration.md explains each key to the people who edit these files; this module is
what `load_config` checks them against (plugins/core/configschema.py says how schemas work).
The code that reads a file (agency.py, checks/config.py, deadlines.py, workdays.py) gets the
validated data with defaults filled in, and trusts it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.core.configschema import (
    FIRST_YEAR,
    ID,
    LAST_YEAR,
    Bool,
    Check,
    Context,
    Date,
    FileSchema,
    Ids,
    Int,
    Invalid,
    LangText,
    ListOf,
    Map,
    Optional,
    Required,
    Scalar,
    Text,
    Time,
)
from plugins.core.i18n import N_, _
from plugins.core.yamlsafe import KeyPath

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
URL_SEGMENT = Text(SLUG, N_("a URL segment: lowercase letters a-z, digits and '-'"))
URL = Text(r"https?://[^\s/]+(?:/\S*)?", N_("an address that starts with https://"))
EMAIL = Text(r"[^@\s]+@[^@\s]+\.[^@\s]+", N_("an e-mail address"))
PHONE = Text(r"\+?[0-9][0-9 .()-]*", N_("a phone number in quotes, such as \"0205 3812 100\""))
HTML_NAME = Text(r"[a-z][a-z0-9]*", N_("an HTML tag name in lowercase, such as 'p'"))
HTML_ATTRIBUTE = Text(r"[a-z][a-z0-9_:-]*",
                      N_("an HTML attribute name in lowercase, such as 'href'"))
MAX_MIB = 1024  # media size limits are written in KiB: at most 1 GiB


class TimeZoneName(Check):
    """An IANA time zone name, such as Asia/Ho_Chi_Minh."""

    expected = N_("a time zone name such as Asia/Ho_Chi_Minh")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str:
        if not isinstance(value, str):
            raise self.refuse(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.refuse(value) from None
        return value


class SectionKey(Check):
    """A section id that has its front-matter schema, plugins/core/schema/<id>.py."""

    expected = N_("a section id: lowercase letters a-z, digits and '_'")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise self.refuse(value)
        if not _has_section_schema(value):
            raise Invalid(_("the section '{section}' has no schema: add the module "
                            "plugins/core/schema/{section}.py").format(section=value))
        return value


def _has_section_schema(section: str) -> bool:
    from plugins.core.schema import SectionSchema  # noqa: PLC0415 - only when sections change

    name = f"plugins.core.schema.{section}"
    if importlib.util.find_spec(name) is None:
        return False
    return isinstance(getattr(importlib.import_module(name), "SCHEMA", None), SectionSchema)


def _reference(ctx: Context, at: KeyPath, value: str, key: str,
               known: dict[str, Any]) -> None:
    """Report `value` at `at` unless it is one of the ids under the top-level `key`."""
    if value not in known:
        ctx.error(at, _("'{value}' is not an id under '{key}'; the ids are: {known}").format(
            value=value, key=key, known=", ".join(known)))


# -- agency.yaml ---------------------------------------------------------------------------

LANGUAGE = Map(
    Required("prefix", Text(f"(?:{SLUG})?", URL_SEGMENT.expected, empty=True)),
    Required("locale", Text(r"[a-z]{2,3}(?:_[A-Za-z0-9]+)*", N_("a locale such as vi or "
                                                                 "zh_Hans_CN"))),
    Required("html_lang", Text(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)*", N_("a language tag such as "
                                                                    "vi or zh-Hans"))),
    Required("name", Text()),
    Required("site_name", Text()),
    Required("site_tagline", Text()),
    Required("parent_portal", Text()),
)
SITE = Map(
    Required("url", URL),
    Required("parent_portal_url", URL),
    Optional("timezone", TimeZoneName(), default="Asia/Ho_Chi_Minh"),
    Optional("items_per_page", Int(1, 100), default=10),
)
SECTION = Map(
    Required("segment", LangText(URL_SEGMENT, every_language=True)),
    Required("title", LangText()),
    Optional("year_folders", Bool(), default=False),
    Optional("category", ID),
)
CATEGORY = Map(Optional("clause", Text()), Required("title", LangText()))
NAVIGATION_ENTRY = Map(
    Optional("section", ID), Optional("category", ID), Optional("page", ID),
    Optional("title", LangText()),
    exactly_one_of=("section", "category", "page"),
)
UNIT = Map(Required("name", LangText()))
PERSON = Map(
    Required("name", Text()),
    Optional("unit", ID),
    Optional("leader", Bool(), default=False),
    Optional("position", LangText()),
    Optional("duties", LangText()),
    Optional("phone", PHONE),
    Optional("email", EMAIL),
)
CONTACT = Map(
    Required("agency", LangText()),
    Required("address", LangText()),
    Required("phone", PHONE),
    Required("hotline", PHONE),
    Required("email", EMAIL),
    Required("responsible", LangText()),
    Required("licence", LangText()),
)
TAXONOMIES = Map(
    Required("category", LangText(URL_SEGMENT, every_language=True)),
    Required("tag", LangText(URL_SEGMENT, every_language=True)),
)


def _people_units(data: dict[str, Any], ctx: Context) -> None:
    for person_id, person in data["people"].items():
        if "unit" in person:
            _reference(ctx, ("people", person_id, "unit"), person["unit"], "units",
                       data["units"])


def _section_categories(data: dict[str, Any], ctx: Context) -> None:
    for section_id, section in data["sections"].items():
        if "category" in section:
            _reference(ctx, ("sections", section_id, "category"), section["category"],
                       "categories", data["categories"])


def _navigation_targets(data: dict[str, Any], ctx: Context) -> None:
    for index, entry in enumerate(data["navigation"]):
        for kind, key in (("section", "sections"), ("category", "categories")):
            if kind in entry:
                _reference(ctx, ("navigation", index, kind), entry[kind], key, data[key])
        if "page" in entry and "title" not in entry:
            ctx.error(("navigation", index), _("an entry with 'page' needs a 'title'"))


def _pages_section(data: dict[str, Any], ctx: Context) -> None:
    if "pages" not in data["sections"]:
        ctx.error(("sections",), _("the section 'pages' is required: the site's own pages "
                                   "(about, contact) live there"))


def _unique_prefixes(data: dict[str, Any], ctx: Context) -> None:
    seen: set[str] = set()
    for code, language in data["languages"].items():
        if language["prefix"] in seen:
            ctx.error(("languages", code, "prefix"), _("two languages have the prefix "
                                                        "'{prefix}'").format(
                                                            prefix=language["prefix"]))
        seen.add(language["prefix"])


AGENCY = FileSchema(
    Map(
        Required("languages", Ids(LANGUAGE, key=Text(r"[a-z]{2,3}", N_("a language code such "
                                                                          "as vi, en or zh")),
                                  name="language", nonempty=True)),
        Required("site", SITE),
        Required("sections", Ids(SECTION, key=SectionKey(), name="section", nonempty=True)),
        Required("categories", Ids(CATEGORY, name="category")),
        Required("navigation", ListOf(NAVIGATION_ENTRY, max_length=50)),
        Required("units", Ids(UNIT, name="unit")),
        Required("people", Ids(PERSON, name="person")),
        Required("contact", CONTACT),
        Required("taxonomies", TAXONOMIES),
    ),
    cross_checks=(_people_units, _section_categories, _navigation_targets, _pages_section,
                  _unique_prefixes),
    languages_key="languages",
)

# -- checks.yaml ---------------------------------------------------------------------------

WORD_LIMIT = Map(Optional("min", Int(0, 100_000)), Optional("max", Int(1, 100_000)))
MEDIA_KIND = Map(
    Required("extensions", ListOf(Text(r"[A-Za-z0-9]+", N_("a file extension without the "
                                                            "dot, such as pdf")), unique=True)),
    Required("max_kib", Int(1, MAX_MIB * 1024)),
)
HTML = Map(
    Optional("tags", ListOf(HTML_NAME, unique=True), default=[]),
    Optional("attributes", Ids(ListOf(HTML_ATTRIBUTE, unique=True),
                               key=Text(r"\*|[a-z][a-z0-9]*", N_("an HTML tag name, or '*' for "
                                                                 "every tag")),
                               name="tag"), default={}),
    Optional("url_schemes", ListOf(Text(r"[a-z][a-z0-9+.-]*", N_("an address scheme such as "
                                                                 "https")), unique=True),
             default=["http", "https"]),
    Optional("iframe_hosts", ListOf(Text(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", N_(
        "a host name such as www.youtube.com")), unique=True), default=[]),
)


def _word_limit_order(data: dict[str, Any], ctx: Context) -> None:
    for category, limits in data["word_limits"].items():
        if limits.get("min", 0) > limits.get("max", limits.get("min", 0)):
            ctx.error(("word_limits", category), _("'min' is larger than 'max'"))


CHECKS = FileSchema(
    Map(
        Optional("word_limits", Ids(WORD_LIMIT, name="category"), default={}),
        Optional("tags", Map(
            Optional("restricted", Bool(), default=False),
            Optional("allowed", ListOf(Text(max_length=100), max_length=10_000, unique=True),
                     default=[]),
        ), default={}),
        Optional("media", Ids(MEDIA_KIND, name="kind"), default={}),
        Optional("html", HTML, default={}),
        Optional("forbidden_terms", ListOf(Text(max_length=200), max_length=10_000),
                 default=[]),
        Optional("personal_data", Map(Optional("allowed_fields", ListOf(ID), default=[])),
                 default={}),
    ),
    cross_checks=(_word_limit_order,),
)

# -- deadlines.yaml ------------------------------------------------------------------------

DEADLINE_RULE = Map(
    Required("id", ID),
    Optional("title", LangText()),
    Optional("clause", Text(empty=True), default=""),
    Optional("group", ID),
    Optional("applies_to", Map(
        Optional("section", ID), Optional("category", ID), Optional("flag", ID),
        Optional("fields", Ids(Scalar(), name="key"), default={}),
    ), default={}),
    Required("start", ID),
    Optional("stop", ID, default="date"),
    Required("working_days", Int(0, 366)),
    Optional("office_hours", Bool(), default=False),
)
DEADLINE_PROFILE = Map(
    Optional("title", LangText()),
    Optional("tracked_from", Date(), default=f"{FIRST_YEAR}-01-01"),
    Optional("rules", ListOf(DEADLINE_RULE, max_length=500), default=[]),
)


def _profile_in_force(data: dict[str, Any], ctx: Context) -> None:
    _reference(ctx, ("profile",), data["profile"], "profiles", data["profiles"])


def _unique_rule_ids(data: dict[str, Any], ctx: Context) -> None:
    for name, profile in data["profiles"].items():
        seen: set[str] = set()
        for index, rule in enumerate(profile["rules"]):
            if rule["id"] in seen:
                ctx.error(("profiles", name, "rules", index, "id"), _(
                    "the rule id '{id}' is used twice in this profile").format(id=rule["id"]))
            seen.add(rule["id"])


DEADLINES = FileSchema(
    Map(
        Required("profile", ID),
        Required("profiles", Ids(DEADLINE_PROFILE, name="profile", nonempty=True)),
    ),
    cross_checks=(_profile_in_force, _unique_rule_ids),
)

# -- calendar.yaml -------------------------------------------------------------------------

CALENDAR_ENTRY = Map(Required("date", Date()), Required("name", Text()))
NOT_HOLIDAY = Map(Required("date", Date()), Optional("name", Text()))
CALENDAR_YEAR = Map(
    Optional("days_off", ListOf(CALENDAR_ENTRY), default=[]),
    Optional("working_days", ListOf(CALENDAR_ENTRY), default=[]),
    Optional("not_holidays", ListOf(NOT_HOLIDAY), default=[]),
)


def _dates_in_their_year(data: dict[str, Any], ctx: Context) -> None:
    for year, entry in data["years"].items():
        for kind, items in entry.items():
            for index, item in enumerate(items):
                if item["date"].year != year:
                    ctx.error(("years", year, kind, index, "date"), _(
                        "{date} is filed under the year {year}").format(
                            date=item["date"].isoformat(), year=year))


def _office_hours_order(data: dict[str, Any], ctx: Context) -> None:
    hours = data.get("office_hours")
    if hours is not None and hours["opens"] >= hours["closes"]:
        ctx.error(("office_hours",), _("the office must open before it closes"))


CALENDAR = FileSchema(
    Map(
        Optional("years", Ids(CALENDAR_YEAR, key=Int(FIRST_YEAR, LAST_YEAR), name="year"),
                 default={}),
        Optional("office_hours", Map(Required("opens", Time()), Required("closes", Time()))),
    ),
    cross_checks=(_dates_in_their_year, _office_hours_order),
)

SCHEMAS: dict[str, FileSchema] = {
    "agency.yaml": AGENCY,
    "checks.yaml": CHECKS,
    "deadlines.yaml": DEADLINES,
    "calendar.yaml": CALENDAR,
}
