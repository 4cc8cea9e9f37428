"""The schema of every file under content/_config/: every key, its type and its default.

docs/configuration.md explains each key to the people who edit these files; this module is
what `load_config` checks them against (plugins/core/configschema.py says how schemas work).
The code that reads a file (agency.py, checks/config.py, deadlines.py, workdays.py) gets the
validated data with defaults filled in, and trusts it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.core.configschema import (
    FIRST_YEAR,
    ID,
    LAST_YEAR,
    Bool,
    Check,
    Choice,
    Context,
    Date,
    FileSchema,
    Ids,
    Int,
    Invalid,
    LangText,
    ListOf,
    Map,
    OneOrMany,
    Optional,
    Required,
    Scalar,
    Text,
    Time,
    shown,
)
from plugins.core.i18n import N_, _
from plugins.core.qa_schema import QA
from plugins.core.reports_schema import REPORTS
from plugins.core.roles import AGENCY_WIDE_ROLES, APPROVER_ROLES, ROLES
from plugins.core.suggest import nearest
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
    # A demonstration site says so on every page; a real deployment sets it to false.
    Optional("demonstration", Bool(), default=False),
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
# A related agency's site: its name per language and its https address.
RELATED_LINK = Map(Required("title", LangText()), Required("url", Text(
    r"https://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s]*)?", N_("an address that starts with https://"),
    max_length=300)))
# A type of document (its code is the key) and a field of the documents register.
DOCUMENT_TYPE = Map(Required("title", LangText()))
CATEGORY_LIKE = Map(Required("title", LangText()))
# What a question is about (Q&A home groups by it) and the unit it usually goes to.
TOPIC = Map(Required("title", LangText()), Optional("unit", ID))
# The communes and wards of the province (since 1/7/2025, no districts): the most a published
# question says about where its asker lives.
PLACE = Map(Required("name", LangText()))
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
    Required("governing_body", LangText()),
    Required("responsible", LangText()),
    Required("licence", LangText()),
)
TAXONOMIES = Map(
    Required("category", LangText(URL_SEGMENT, every_language=True)),
    Required("tag", LangText(URL_SEGMENT, every_language=True)),
)


def _people_units(data: dict[str, Any], ctx: Context) -> None:
    for kind in ("people", "topics"):
        for entry_id, entry in data[kind].items():
            if "unit" in entry:
                _reference(ctx, (kind, entry_id, "unit"), entry["unit"], "units", data["units"])


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
        Optional("topics", Ids(TOPIC, name="topic"), default={}),
        Optional("related_links", ListOf(RELATED_LINK, max_length=30), default=[]),
        Optional("document_types", Ids(DOCUMENT_TYPE, key=Text(
            r"[^\W\d_]{1,6}", N_("a type code of Decree 30/2020, such as QĐ or NĐ")),
            name="type"), default={}),
        Optional("document_fields", Ids(CATEGORY_LIKE, name="field"), default={}),
        Optional("places", Ids(PLACE, name="place"), default={}),
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
    Optional("stop", OneOrMany(ID), default="date"),
    Optional("working_days", Int(0, 366)),
    Optional("due", ID),
    Optional("office_hours", Bool(), default=False),
    exactly_one_of=("working_days", "due"),
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

# -- workflow.yaml and roster.yaml: the approval chain (plugins/core/roster.py) -------------

PUBLIC_BRANCH = "main"
SENSITIVE = "sensitive"
_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def _bad_part(name: str) -> bool:
    return any(part.startswith(".") or part.endswith(".lock") for part in name.split("/"))


_BRANCH_RULES: tuple[tuple[Callable[[str], bool], str], ...] = (
    (lambda name: name.startswith("-"),
     N_("it starts with '-', which git would read as an option")),
    (lambda name: name in ("HEAD", "@"), N_("git reserves the names 'HEAD' and '@'")),
    (lambda name: bool(_REF_FORBIDDEN.search(name)),
     N_("it contains a space, a control character or one of ~ ^ : ? * [ \\")),
    (lambda name: ".." in name or "@{" in name, N_("it contains '..' or '@{'")),
    (lambda name: name.endswith("."), N_("it ends with '.'")),
    (lambda name: "" in name.split("/"), N_("it starts or ends with '/', or contains '//'")),
    (_bad_part, N_("a part between slashes starts with '.' or ends with '.lock'")),
)


def branch_name_problem(name: str) -> str | None:
    """Why git refuses `name` as a branch name, as a message id; None when git accepts it.

    The rules of `git check-ref-format --branch`: a stage branch is created and pushed by
    the approval commands, so a name git refuses, or one that reads as an option (`-rf`) or
    as a range (`main..x`), must be refused when the file is read, not at the first merge.
    """
    return next((message for broken, message in _BRANCH_RULES if broken(name)), None)


class BranchName(Check):
    """A git branch name (`duyet/truong-phong`, `main`), by the rules of check-ref-format."""

    expected = N_("a git branch name such as duyet/truong-phong")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> str:
        if not isinstance(value, str) or not value:
            raise self.refuse(value)
        problem = branch_name_problem(value)
        if problem is not None:
            raise Invalid(_("'{name}' is not a git branch name: {problem}").format(
                name=value, problem=_(problem)))
        return value


SIGNING_KEY_TYPES = ("ssh-ed25519", "sk-ssh-ed25519@openssh.com", "ecdsa-sha2-nistp256",
                     "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                     "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-rsa")
_KEY_LINE = re.compile(r"(?P<type>\S+) (?P<blob>[A-Za-z0-9+/]+={0,2})(?: [^\x00-\x1f\x7f]*)?")
FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
ED25519_BLOB_BYTES = 51  # length-prefixed "ssh-ed25519", then the length-prefixed 32-byte key
MAX_KEY_BLOB_BYTES = 4096


@dataclass(frozen=True)
class PublicKey:
    """An SSH public key without its comment: what allowed-signers and revocation files hold."""

    type: str
    blob: str  # base64, as in the .pub file

    @property
    def line(self) -> str:
        return f"{self.type} {self.blob}"

    @property
    def fingerprint(self) -> str:
        """`SHA256:...` as `ssh-keygen -l` and git's `%GK` show it."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def _blob_type(blob: bytes) -> bytes | None:
    """The key type a public key blob names in its first length-prefixed string."""
    if len(blob) < 4:
        return None
    length = int.from_bytes(blob[:4], "big")
    return blob[4:4 + length] if 4 + length <= len(blob) else None


def _blob_fits(blob: bytes, key_type: str) -> bool:
    """The blob names the type its line claims; an ed25519 key is exactly 32 bytes."""
    if _blob_type(blob) != key_type.encode("ascii"):
        return False
    if key_type == "ssh-ed25519":
        return len(blob) == ED25519_BLOB_BYTES
    return len(blob) <= MAX_KEY_BLOB_BYTES


def parse_public_key(text: str) -> PublicKey:
    """The key of one public key line (`ssh-ed25519 AAAA... comment`); Invalid otherwise.

    Only the shape the allowed-signers file needs: a signing key type first (so no
    authorized_keys options such as `cert-authority` can ride along), one line, base64 that
    decodes to a key of the type it claims (a truncated paste is refused here, not at the
    first signature)."""
    match = _KEY_LINE.fullmatch(text)
    if match is None:
        raise Invalid(_("must be one line 'TYPE BASE64 [comment]' as in a .pub file, "
                        "without options, not {found}").format(found=shown(text)))
    key_type, blob_text = match["type"], match["blob"]
    if key_type not in SIGNING_KEY_TYPES:
        raise Invalid(_("{type} is not a signing key type; the types are: {types}").format(
            type=shown(key_type), types=", ".join(SIGNING_KEY_TYPES)))
    try:
        blob = base64.b64decode(blob_text, validate=True)
    except binascii.Error:
        blob = b""
    if not _blob_fits(blob, key_type):
        raise Invalid(_("the base64 part is not a whole '{type}' key: copy the line of the "
                        ".pub file again").format(type=key_type))
    return PublicKey(key_type, blob_text)


class SshPublicKey(Check):
    """An SSH public key line; the `PublicKey` without its comment."""

    expected = N_("an SSH public key line such as 'ssh-ed25519 AAAA... name'")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> PublicKey:
        if not isinstance(value, str):
            raise self.refuse(value)
        return parse_public_key(value)


class RevokedKey(Check):
    """A public key line or its `SHA256:` fingerprint: a key that must never verify again."""

    expected = N_("an SSH public key line or a fingerprint SHA256:...")

    def __call__(self, value: Any, at: KeyPath, ctx: Context) -> PublicKey | str:
        if not isinstance(value, str):
            raise self.refuse(value)
        return value if FINGERPRINT.fullmatch(value) else parse_public_key(value)


STAGE = Map(
    Required("branch", BranchName()),
    Required("title", LangText()),
    Required("approvers", ListOf(Choice(APPROVER_ROLES), unique=True)),
    Optional("review_days", Int(0, 366)),
    Optional("clause", Text()),
    Optional("only_if", Choice((SENSITIVE,))),
)


def _stages_form_a_chain(data: dict[str, Any], ctx: Context) -> None:
    stages = data["stages"]
    if not stages:
        ctx.error(("stages",), _("list at least one stage; the last one is '{branch}'").format(
            branch=PUBLIC_BRANCH))
        return
    last = len(stages) - 1
    if stages[last]["branch"] != PUBLIC_BRANCH:
        ctx.error(("stages", last, "branch"), _("the last stage must be '{branch}': approving "
                                                "into it publishes").format(branch=PUBLIC_BRANCH))
    if "only_if" in stages[last]:
        ctx.error(("stages", last, "only_if"), _("every submission passes the last stage"))
    for index, stage in enumerate(stages):
        if not stage["approvers"]:
            ctx.error(("stages", index, "approvers"), _("list at least one role"))


def _branches_can_coexist(data: dict[str, Any], ctx: Context) -> None:
    """Unique names, and none a folder of another: git cannot hold `duyet` and `duyet/x`."""
    seen: list[str] = []
    for index, stage in enumerate(data["stages"]):
        branch = stage["branch"]
        clash = next((other for other in seen if other == branch
                      or branch.startswith(other + "/") or other.startswith(branch + "/")), None)
        if clash == branch:
            ctx.error(("stages", index, "branch"), _("the branch '{branch}' is used by an "
                                                     "earlier stage").format(branch=branch))
        elif clash is not None:
            ctx.error(("stages", index, "branch"), _(
                "git cannot hold both '{branch}' and '{other}': one would be a folder of the "
                "other").format(branch=branch, other=clash))
        seen.append(branch)


def _someone_approves_configuration(data: dict[str, Any], ctx: Context) -> None:
    if not data["config_approvers"]:
        ctx.error(("config_approvers",), _("list at least one role: changes to content/_config/ "
                                           "need an approver"))


WORKFLOW = FileSchema(
    Map(
        Required("stages", ListOf(STAGE, max_length=20)),
        Required("config_approvers", ListOf(Choice(AGENCY_WIDE_ROLES), unique=True)),
        Optional("urgent", ListOf(Choice(AGENCY_WIDE_ROLES), unique=True), default=[]),
        Optional("urgent_review", Map(
            Required("approvers", ListOf(Choice(AGENCY_WIDE_ROLES), unique=True)),
            Required("review_days", Int(1, 60)),
        ), default={"approvers": [], "review_days": 2}),
    ),
    cross_checks=(_stages_form_a_chain, _branches_can_coexist, _someone_approves_configuration),
)

SIGNING_KEY = Map(
    Required("key", SshPublicKey()),
    Required("valid_from", Date()),
    Required("valid_until", Date()),
)
ROSTER_PERSON = Map(
    Required("roles", ListOf(Choice(ROLES), unique=True)),
    Optional("categories", ListOf(ID, unique=True)),
    Optional("keys", ListOf(SIGNING_KEY, max_length=50), default=[]),
)
DELEGATION = Map(
    Required("from", ID),
    Required("to", ID),
    Required("role", Choice(APPROVER_ROLES)),
    Required("valid_from", Date()),
    Required("valid_until", Date()),
    Required("reason", Text()),
)


def _roles_and_categories(data: dict[str, Any], ctx: Context) -> None:
    """A board member covers named categories; nobody else has any (a list that does nothing
    would make a reader believe it does)."""
    for person_id, person in data["people"].items():
        at = ("people", person_id)
        if not person["roles"]:
            ctx.error((*at, "roles"), _("list at least one role"))
        board = "board_member" in person["roles"]
        if board and not person.get("categories"):
            ctx.error((*at, "categories"), _("a board_member needs the categories they cover"))
        if not board and "categories" in person:
            ctx.error((*at, "categories"), _("only a board_member covers categories"))


def _dates_in_order(start: dt.date, end: dt.date, at: KeyPath, ctx: Context) -> None:
    if start > end:
        ctx.error(at, _("'valid_from' ({start}) is after 'valid_until' ({end})").format(
            start=start.isoformat(), end=end.isoformat()))


def _one_owner_per_key(data: dict[str, Any], ctx: Context) -> None:
    """A key proves who signed only if exactly one person holds it, listed once."""
    owners: dict[str, str] = {}
    for person_id, person in data["people"].items():
        listed: set[str] = set()
        for index, entry in enumerate(person["keys"]):
            at = ("people", person_id, "keys", index)
            _dates_in_order(entry["valid_from"], entry["valid_until"], at, ctx)
            blob = entry["key"].blob
            if blob in listed:
                ctx.error((*at, "key"), _("this key is listed twice for this person"))
            elif owners.setdefault(blob, person_id) != person_id:
                ctx.error((*at, "key"), _("this key is already {person}'s: one key belongs "
                                          "to one person").format(person=owners[blob]))
            listed.add(blob)


def _delegations_valid(data: dict[str, Any], ctx: Context) -> None:
    """A delegation names two different people of the roster, the first holding the role."""
    people = data["people"]
    for index, delegation in enumerate(data["delegations"]):
        at = ("delegations", index)
        for end in ("from", "to"):
            if delegation[end] not in people:
                _reference(ctx, (*at, end), delegation[end], "people", people)
        if delegation["from"] == delegation["to"]:
            ctx.error((*at, "to"), _("a person cannot delegate to themselves"))
        giver = people.get(delegation["from"])
        if giver is not None and delegation["role"] not in giver["roles"]:
            ctx.error((*at, "role"), _("'{person}' does not hold the role '{role}' to delegate")
                      .format(person=delegation["from"], role=delegation["role"]))
        _dates_in_order(delegation["valid_from"], delegation["valid_until"], at, ctx)


ROSTER = FileSchema(
    Map(
        Required("people", Ids(ROSTER_PERSON, name="person", nonempty=True)),
        Optional("delegations", ListOf(DELEGATION, max_length=1000), default=[]),
        Optional("revoked_keys", ListOf(RevokedKey(), max_length=10_000, unique=True),
                 default=[]),
    ),
    cross_checks=(_roles_and_categories, _one_owner_per_key, _delegations_valid),
)

SAFE_PRINCIPAL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def roster_agency_problems(roster: dict[str, Any],
                           agency: dict[str, Any]) -> list[tuple[KeyPath, str]]:
    """What roster.yaml says about agency.yaml that is not so, as (key path in roster.yaml,
    message). Names, units and e-mails live in agency.yaml only, so the roster refers to them;
    this runs each time the roster is loaded, since agency.yaml can change without it."""
    problems: list[tuple[KeyPath, str]] = []
    known = agency["people"]
    names = {person["name"]: person_id for person_id, person in known.items()}
    for person_id, person in roster["people"].items():
        at: KeyPath = ("people", person_id)
        if person_id not in known:
            problems.append((at, _unknown_person(person_id, known, names)))
            continue
        problems += _scope_problems(at, person, known[person_id], agency["categories"])
    problems += _principal_problems(roster, known)
    return problems


def _unknown_person(person_id: str, known: dict[str, Any], names: dict[str, str]) -> str:
    close = nearest(person_id, known, names)
    if close:
        return _("'{person}' is not a person of agency.yaml; did you mean '{suggestion}'?")\
            .format(person=person_id, suggestion=close)
    return _("'{person}' is not a person of agency.yaml: add them there first").format(
        person=person_id)


def _scope_problems(at: KeyPath, person: dict[str, Any], record: dict[str, Any],
                    categories: dict[str, Any]) -> list[tuple[KeyPath, str]]:
    problems: list[tuple[KeyPath, str]] = []
    if "unit_head" in person["roles"] and "unit" not in record:
        problems.append(((*at, "roles"), _("a unit_head needs a 'unit' in agency.yaml: it is "
                                           "the unit whose submissions they approve")))
    for index, category in enumerate(person.get("categories", [])):
        if category not in categories:
            problems.append(((*at, "categories", index), _(
                "'{value}' is not a category of agency.yaml; the categories are: {known}")
                .format(value=category, known=", ".join(categories))))
    return problems


def _principal_problems(roster: dict[str, Any],
                        known: dict[str, Any]) -> list[tuple[KeyPath, str]]:
    """The allowed-signers file names each key's owner by e-mail. Its principals are patterns
    OpenSSH cannot escape (`*`, `?`, `!` and `,` are always special), so an address with any
    of them could name someone else: such addresses are refused, and so are two owners
    sharing one address."""
    problems: list[tuple[KeyPath, str]] = []
    owners: dict[str, str] = {}
    for person_id, person in roster["people"].items():
        if not person["keys"] or person_id not in known:
            continue
        at: KeyPath = ("people", person_id, "keys")
        email = known[person_id].get("email")
        if email is None or not SAFE_PRINCIPAL.fullmatch(email):
            problems.append((at, _(
                "a key's owner needs an e-mail in agency.yaml of letters, digits and . _ % + - "
                "only, not {found}: it names them in the allowed-signers file").format(
                    found=shown(email))))
        elif owners.setdefault(email.lower(), person_id) != person_id:
            problems.append((at, _("'{person}' has the same e-mail in agency.yaml: a key's "
                                   "owner needs an address of their own").format(
                                       person=owners[email.lower()])))
    return problems


SCHEMAS: dict[str, FileSchema] = {
    "agency.yaml": AGENCY,
    "checks.yaml": CHECKS,
    "deadlines.yaml": DEADLINES,
    "calendar.yaml": CALENDAR,
    "workflow.yaml": WORKFLOW,
    "roster.yaml": ROSTER,
    "qa.yaml": QA,
    "reports.yaml": REPORTS,
}
