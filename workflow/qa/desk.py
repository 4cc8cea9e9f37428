"""The Q&A desk: what the service and the `portal qa` commands share for one repository.

It holds the agency data, the intake settings, the calendar and the deadline profile, the
private store and the key that turns personal values into fingerprints. A desk is built once
per command or per service process; everything in it is read-only except the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.agency import Agency, load_agency
from plugins.core.deadlines import Profile, evaluate, load_profile
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.intake import Submission
from plugins.core.qaconfig import QaConfig, load_qa_config
from plugins.core.workdays import WorkingCalendar, load_calendar
from workflow.qa.store import DATABASE_URL_VARIABLE, Store, open_store, private_file

QUESTIONS_FOLDER = "questions"
REFERENCE = re.compile(r"HD-(?P<year>\d{4})-(?P<number>\d{4,6})")
SECRET_VARIABLE = "PORTAL_QA_SECRET"
SECRET_FILE = ".private/intake.key"
SECRET_BYTES = 32


@dataclass
class Desk:
    root: Path
    content_dir: Path
    agency: Agency
    config: QaConfig
    calendar: WorkingCalendar
    profile: Profile
    store: Store
    secret: bytes

    def keyed(self, purpose: str, value: str) -> str:
        """A keyed hash: the same value gives the same text, which says nothing about it
        without the key (client addresses, duplicate fingerprints, form tokens)."""
        return hmac.new(self.secret, f"{purpose}\x00{value}".encode(), hashlib.sha256
                        ).hexdigest()

    def fingerprint(self, submission: Submission) -> str:
        """Same asker (by e-mail) and same question, whatever the spacing or letter case."""
        question = " ".join(unicodedata.normalize("NFC", submission.question).casefold().split())
        return self.keyed("duplicate", f"{submission.identity['email'].casefold()}\x00{question}")

    def due(self, received: dt.datetime, values: dict[str, object]) -> dt.datetime:
        """When the answer is due: the question rule of the profile in force (003 Đ9.7)."""
        for deadline in evaluate(self.profile, self.calendar, "questions",
                                 {"received": received, **values}, received.date()):
            if deadline.rule.start == "received":
                return deadline.due
        raise PortalError(_("deadlines.yaml has no rule for questions that starts at "
                            "'received'; the intake cannot give a due date"))

    def default_unit(self, topic: str) -> str | None:
        unit = self.agency.topics.get(topic, {}).get("unit")
        return str(unit) if unit else None


def _secret(root: Path) -> bytes:
    """The key of the intake: from PORTAL_QA_SECRET (the same on every server of a PostgreSQL
    intake), else a file in the private folder made on first use."""
    configured = os.environ.get(SECRET_VARIABLE)
    if not configured and os.environ.get(DATABASE_URL_VARIABLE):
        raise PortalError(_("{variable} is needed with a PostgreSQL store: every server of the "
                            "intake must share one key (at least {count} characters), or a "
                            "confirmation made on one would be refused by another").format(
                                variable=SECRET_VARIABLE, count=SECRET_BYTES))
    if configured:
        if len(configured) < SECRET_BYTES:
            raise PortalError(_("{variable} must be at least {count} characters long").format(
                variable=SECRET_VARIABLE, count=SECRET_BYTES))
        return configured.encode()
    path = private_file(root, SECRET_FILE)
    if not os.path.lexists(path):
        _create_key(path)
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor) as stream:
        key = stream.read().strip()
    if len(key) < SECRET_BYTES:
        raise PortalError(_("the intake key file is damaged; delete it to make a new one"), path)
    return key.encode()


def _create_key(path: Path) -> None:
    """Write a new key owner-only and link it into place: two processes starting together
    both end up reading the one key that won, never a half-written file."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "w") as stream:
            stream.write(secrets.token_hex(SECRET_BYTES))
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _references(content_dir: Path) -> dict[int, set[int]]:
    """The reference numbers of each year among the question files (read from their front
    matter, so a hand-named file counts too)."""
    found: dict[int, set[int]] = {}
    folder = content_dir / QUESTIONS_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return found
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False) or not entry.name.endswith(".md"):
            continue
        try:
            reference = frontmatter.read(Path(entry.path)).meta.get("reference")
        except PortalError:
            continue
        match = REFERENCE.fullmatch(str(reference or ""))
        if match:
            found.setdefault(int(match["year"]), set()).add(int(match["number"]))
    return found


def published_references(content_dir: Path) -> dict[int, int]:
    """The highest reference number of each year among the question files."""
    return {year: max(numbers) for year, numbers in _references(content_dir).items()}


def published_reference_set(content_dir: Path) -> set[str]:
    """Every reference a question file has: a paper reference must not repeat one."""
    return {f"HD-{year}-{number:04d}" for year, numbers in _references(content_dir).items()
            for number in numbers}


def open_desk(root: Path) -> Desk:
    content_dir = root / "content"
    config = load_qa_config(content_dir)
    store = open_store(root, config.sqlite_path)
    store.raise_counters(published_references(content_dir))
    return Desk(root=root, content_dir=content_dir, agency=load_agency(content_dir),
                config=config, calendar=load_calendar(content_dir),
                profile=load_profile(content_dir), store=store, secret=_secret(root))
