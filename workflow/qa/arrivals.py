"""Questions that arrive as files: a JSON object, or an e-mail (`.eml`) to the Q&A address.

Both carry the same fields as the web form and are judged by the same rules. A JSON file is
one flat object of the form's fields, plus `received` (when it arrived, local time) and, for a
question taken before the intake existed (on paper, at the desk), the `reference` it was
given. An e-mail
carries the fields as `field: value` lines in its plain-text body, the last one `question:`,
which runs to the end; the sender's address stands in for `email` and the Date header for
`received` when the body gives neither.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from plugins.core.dates import parse_local
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.intake import KNOWN_KEYS
from plugins.core.schema.questions import REFERENCE_PATTERN

MAX_JSON_BYTES = 64 * 1024
MAX_EMAIL_BYTES = 256 * 1024
RECEIVED_KEY = "received"
DATE_HEADER_TRUST = dt.timedelta(days=3)
REFERENCE_KEY = "reference"
REFERENCE = re.compile(REFERENCE_PATTERN)
FIELD_LINE = re.compile(r"^(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")
QUESTION_KEY = "question"


@dataclass(frozen=True)
class Arrival:
    fields: dict[str, Any]
    received: dt.datetime | None
    reference: str | None = None  # kept from before the intake (a question taken on paper)


def read_arrival(path: Path, now: dt.datetime) -> Arrival:
    """The fields of a `.json` or `.eml` file; PortalError naming the file when it is neither
    well-formed nor within the size limits. No symbolic link is followed. `now` is when the desk
    takes it in: an e-mail's Date header is believed only a few days before it."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".eml"):
        raise PortalError(_("give a .json or .eml file"), path)
    limit = MAX_JSON_BYTES if suffix == ".json" else MAX_EMAIL_BYTES
    if path.is_symlink() or not path.is_file():
        raise PortalError(_("not a regular file (links are not followed)"), path)
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise PortalError(_("the file is larger than {limit} KiB").format(limit=limit // 1024),
                          path)
    return _from_json(data, path) if suffix == ".json" else _from_email(data, path, now)


def _received(value: Any, path: Path) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return parse_local(value)
    except ValueError as error:
        raise PortalError(_("'received' must be YYYY-MM-DD HH:MM (local time)"), path) from error


def _from_json(data: bytes, path: Path) -> Arrival:
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise PortalError(_("not a JSON object in UTF-8: {problem}").format(
            problem=getattr(error, "msg", "encoding")), path, line) from error
    if not isinstance(loaded, dict):
        raise PortalError(_("the file must hold one JSON object of the form's fields"), path)
    nested = [key for key, value in loaded.items() if isinstance(value, dict | list)]
    if nested:
        raise PortalError(_("'{key}' must be a single value, not a list or an object").format(
            key=nested[0]), path)
    received = _received(loaded.pop(RECEIVED_KEY, None), path)
    return Arrival(loaded, received, _reference(loaded.pop(REFERENCE_KEY, None), path))


def _reference(value: Any, path: Path) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not REFERENCE.fullmatch(value):
        raise PortalError(_("'reference' must look like HD-2026-0042"), path)
    return value


def _from_email(data: bytes, path: Path, now: dt.datetime) -> Arrival:
    try:
        message = BytesParser(_class=EmailMessage, policy=email.policy.default).parsebytes(data)
        part = message.get_body(preferencelist=("plain",))
        text = part.get_content() if part is not None else None
    except (LookupError, ValueError, UnicodeError) as error:
        raise PortalError(_("not a readable e-mail: {problem}").format(
            problem=type(error).__name__), path) from error
    if message.defects and not text:
        raise PortalError(_("not a readable e-mail"), path)
    if not isinstance(text, str) or not text.strip():
        raise PortalError(_("the e-mail has no plain-text body with the question"), path)
    fields = _body_fields(text, path)
    sender = email.utils.parseaddr(str(message.get("From", "")))[1]
    if sender and "email" not in fields:
        fields["email"] = sender
    if "lang" not in fields and message.get("Content-Language"):
        fields["lang"] = str(message["Content-Language"]).split(",")[0].strip()[:2].lower()
    received = _received(fields.pop(RECEIVED_KEY, None), path)
    return Arrival(fields, received or _sent(message, now))


def _sent(message: EmailMessage, now: dt.datetime) -> dt.datetime | None:
    """The Date header, which the sender's program sets: believed only when it has a zone and
    lies in the last few days (the mail server's delay), else the question counts from when
    it is received here."""
    try:
        sent = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if sent.tzinfo is None or not now - DATE_HEADER_TRUST <= sent <= now:
        return None
    return sent


def _body_fields(text: str, path: Path) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines):
        match = FIELD_LINE.match(line.strip())
        if not match or match["key"] not in KNOWN_KEYS | {RECEIVED_KEY}:
            continue
        if match["key"] == QUESTION_KEY:
            fields[QUESTION_KEY] = "\n".join([match["value"], *lines[number + 1:]]).strip()
            break
        if match["key"] in fields:
            raise PortalError(_("'{key}' is given twice").format(key=match["key"]), path,
                              number + 1)
        fields[match["key"]] = match["value"].strip()
    if QUESTION_KEY not in fields:
        raise PortalError(_("the e-mail has no 'question:' line; write the fields as 'field: "
                            "value' lines, the question last"), path)
    return fields
