"""The public file of a question: `content/questions/<reference>.vi.md`.

It is written by the desk's commands in the board's clone and then travels through the
approval workflow like any other item. It holds only what may be published: the reference,
when the question came, a de-identified line about who asked (a commune or ward at most), the
kind, the topic, the question with every value of the asker's identity cut out, the assigned
unit, where it stands and, later, the answer. The personal data stays in the private store.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from plugins.core import atomic, frontmatter
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.folding import EMAIL, PHONE, find_folded
from plugins.core.i18n import _, using_language
from plugins.core.schema.common import TITLE_MAX
from workflow.qa.desk import Desk
from workflow.qa.store import Record

SECTION_FOLDER = "questions"
CUT = "[…]"
VIETNAMESE = ("việt nam", "viet nam", "vietnam", "vietnamese", "vn", "越南")
TITLE_WORDS = 24
# Values that point at one person or one organisation; a position or a nationality alone
# does not, and cutting "Giám đốc" out of "Phó Giám đốc" would only garble the question.
IDENTIFYING = ("full_name", "organisation", "representative", "licence", "address", "email",
               "phone")


def record_path(desk: Desk, reference: str) -> Path:
    name = f"{reference.lower()}.{desk.agency.source_language}.md"
    return desk.content_dir / SECTION_FOLDER / name


def asker_line(desk: Desk, record: Record) -> str:
    """"Một công dân ở phường Đông Kinh": the kind of asker and the commune or ward they gave,
    nothing else (never a name, initials or a district)."""
    agency = desk.agency
    with using_language(agency.source_language) as lang:
        place = agency.text(agency.places[record.identity["place"]]["name"], lang)
        if record.kind == "organisation":
            return _("An organisation in {place}").format(place=place)
        if record.identity.get("nationality", "").strip().casefold() in VIETNAMESE:
            return _("A citizen in {place}").format(place=place)
        return _("A foreign citizen in {place}").format(place=place)


def deidentified(text: str, record: Record, *, contacts: bool = True) -> str:
    """`text` with the asker's identifying values cut out, found the way a reader would find
    them (without diacritics, whatever the spacing: plugins/core/folding.py); with `contacts`,
    every e-mail address and telephone number too, whoever's it is (a question names none;
    an answer may give the agency's own lines)."""
    spans = [span for key, value in record.identity.items()
             if key in IDENTIFYING and len(value) >= 3 for span in find_folded(text, value)]
    phone = record.identity.get("phone", "")
    if len(digits := re.sub(r"\D", "", phone)) >= 8:
        tail = digits[-9:]  # 0912 345 678 and +84 912 345 678 are one number
        spans += [(match.start(), match.end()) for match in PHONE.finditer(text)
                  if re.sub(r"\D", "", match[0]).endswith(tail)]
    if contacts:
        spans += [(match.start(), match.end()) for pattern in (EMAIL, PHONE)
                  for match in pattern.finditer(text)]
    for start, end in sorted(_merged(spans), reverse=True):
        text = text[:start] + CUT + text[end:]
    return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _title(question: str) -> str:
    words = question.split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return title[:TITLE_MAX]


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(AGENCY_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def _yaml(value: Any) -> str:
    """A value as one line of YAML, as an editor would write it: dates in local time, other
    values by the YAML dumper (which quotes what would otherwise read as something else)."""
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, default=str)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                            width=float("inf"))
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def create(desk: Desk, record: Record, *, title: str | None, at: dt.datetime) -> Path:
    """A new file for `record`; refused if one exists (the board edits it instead)."""
    path = record_path(desk, record.reference)
    question = deidentified(record.question, record)
    meta: dict[str, Any] = {
        "title": title or _title(question), "date": at, "category": "hoi-dap",
        "unit": record.unit or "van-phong", "reference": record.reference, "kind": record.kind,
        "topic": record.topic, "question": question, "asker": asker_line(desk, record),
        "received": record.received, "handling": record.handling, "status": "draft"}
    lines = ["---", *(f"{key}: {_yaml(value)}" for key, value in meta.items()), "---", ""]
    text = "\n".join(lines)
    frontmatter.parse(text, path)  # what is written must read back
    try:
        atomic.write_text(path, text, exclusive=True)
    except FileExistsError as error:
        raise PortalError(_("{path} exists already; edit it, or use the commands that update "
                            "it").format(path=path.relative_to(desk.root))) from error
    return path


def update(desk: Desk, reference: str, changes: dict[str, Any], body: str | None = None,
           remove: tuple[str, ...] = ()) -> Path:
    """Set front-matter keys of the question's file (and its body); the editor's layout and
    any de-identifying edits of the question stay as they are."""
    path = record_path(desk, reference)
    try:
        return set_keys(path, changes, body, remove)
    except FileNotFoundError as error:
        raise PortalError(_("{path} does not exist; forward the question first").format(
            path=path.relative_to(desk.root))) from error


def set_keys(path: Path, changes: dict[str, Any], body: str | None = None,
             remove: tuple[str, ...] = ()) -> Path:
    """Front-matter keys of a content file set in place, line by line (and its body), the
    rest of the file as its editor left it; what is written must read back."""
    text = frontmatter.read_text(path)
    for key in remove:
        text = re.sub(rf"^{re.escape(key)}:.*\n", "", text, count=1, flags=re.MULTILINE)
    for key, value in changes.items():
        text = frontmatter.with_key(text, key, _yaml(value))
    if body is not None:
        document = frontmatter.parse(text, path)
        head = text[: len(text) - len(document.body)] if document.body else text
        text = head.rstrip("\n") + "\n\n" + body.strip() + "\n"
    frontmatter.parse(text, path)  # what is written must read back
    atomic.write_text(path, text)
    return path
