"""The schema of `content/_config/qa.yaml`: how the Q&A intake runs.

Kept apart from config_schemas.py (the content configuration) because only the intake service
and the `portal qa` commands read it; the build reads one key, where the forms post to.
"""

from __future__ import annotations

from typing import Any

from plugins.core.configschema import (
    Bool,
    Context,
    FileSchema,
    Int,
    ListOf,
    Map,
    Optional,
    Required,
    Text,
)
from plugins.core.i18n import N_, _

# A path below the repository root: relative, no '..', no hidden tricks with '//' or '~'.
RELATIVE_PATH = Text(r"(?!/)(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9_./-]+",
                     N_("a path relative to the repository root, without '..'"), max_length=200)
# Where the site's forms post: a path on the site's own address (nginx passes it to the
# service) or, for a service on its own host, an https or loopback http address.
INTAKE_URL = Text(r"(?:/|https://[A-Za-z0-9.-]+(?::\d+)?/|http://127\.0\.0\.1:\d+/)"
                  r"(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*",
                  N_("a path ending in '/', or an https:// (or loopback http://127.0.0.1:) "
                     "address ending in '/'"), max_length=200)
MAIL_ADDRESS = Text(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+", N_("an e-mail address"), max_length=254)


def _private_outside_content(data: dict[str, Any], ctx: Context) -> None:
    """Personal data never lands where the approval workflow and the build read."""
    for at in (("store", "sqlite"), ("outbox",)):
        value = data[at[0]][at[1]] if len(at) == 2 else data[at[0]]
        if value.strip("./").split("/")[0] in ("content", "output", "theme", ".git"):
            ctx.error(at, _("personal data must stay outside content/, output/, theme/ and "
                            ".git/: choose a private folder such as .private/"))


QA = FileSchema(
    Map(
        Required("intake", Map(
            Required("url", INTAKE_URL),
            Optional("max_request_kib", Int(4, 256), default=64),
            Optional("rate_limit", Map(
                Optional("requests", Int(1, 100_000), default=10),
                Optional("minutes", Int(1, 1440), default=10),
            ), default={}),
            Optional("duplicate_days", Int(0, 366), default=30),
            Optional("token_minutes", Int(5, 1440), default=60),
            Optional("complaint_terms", ListOf(Text(max_length=60), max_length=200,
                                               unique=True), default=[]),
        )),
        Optional("store", Map(
            Optional("sqlite", RELATIVE_PATH, default=".private/qa.sqlite3"),
        ), default={}),
        Optional("outbox", RELATIVE_PATH, default=".private/outbox"),
        Required("mail", Map(
            Required("sender", MAIL_ADDRESS),
            Optional("sender_name", Text(max_length=200)),
            Optional("smtp", Map(
                Required("host", Text(r"[A-Za-z0-9.-]+", N_("a host name"), max_length=253)),
                Optional("port", Int(1, 65535), default=587),
                Optional("starttls", Bool(), default=True),
            )),
        )),
    ),
    cross_checks=(_private_outside_content,),
)
