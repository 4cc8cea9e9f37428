"""The letters to askers: acknowledgement, out-of-scope notice, processing notice, answer.

Each letter is an e-mail (`.eml`) in the language the asker wrote in. It is written, owner-only
and atomically, into the private outbox *before* the step it reports is recorded, so that a
step is never recorded without its letter: if the letter cannot be written, nothing is
recorded; if recording fails, the letter is discarded. Only then is it delivered, through SMTP
when qa.yaml names a server; a letter SMTP refused stays in the outbox for `portal qa send`,
and a sent one moves to `outbox/sent/`. Nothing of a letter is logged: it is addressed to a
person.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from babel.dates import format_date, format_datetime

from plugins.core import atomic
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _, using_language
from workflow.qa.desk import Desk
from workflow.qa.store import Record, private_folder

BABEL_LOCALES = {"vi": "vi", "en": "en_GB", "zh": "zh_Hans_CN"}
SENT_FOLDER = "sent"
SMTP_TIMEOUT = 20
PRIVATE_MODE = 0o600
# The mail account of the intake, a secret: from the environment, never from qa.yaml.
SMTP_USER_VARIABLE, SMTP_PASSWORD_VARIABLE = "PORTAL_QA_SMTP_USER", "PORTAL_QA_SMTP_PASSWORD"


@dataclass(frozen=True)
class Letter:
    """A letter written to the outbox, not yet delivered."""

    path: Path
    message: EmailMessage


@dataclass(frozen=True)
class Posted:
    path: Path
    sent: bool
    problem: str = ""


def local_date(value: dt.date, lang: str) -> str:
    return format_date(value, "long", locale=BABEL_LOCALES.get(lang, "vi"))


def local_moment(value: dt.datetime, lang: str) -> str:
    return format_datetime(value, "short", tzinfo=AGENCY_TIMEZONE,
                           locale=BABEL_LOCALES.get(lang, "vi"))


def _addressee(record: Record) -> str:
    return record.identity.get("full_name") or record.identity.get("representative") or ""


def _signature(desk: Desk, lang: str) -> str:
    """The agency's name in the letter's language (qa.yaml's sender name in Vietnamese)."""
    language = desk.agency.languages.get(lang)
    if lang == desk.agency.source_language or language is None:
        return desk.config.sender_name or desk.agency.languages[
            desk.agency.source_language].site_name
    return language.site_name


def acknowledgement(desk: Desk, record: Record) -> Letter:
    with using_language(record.lang) as lang:
        subject = _("[{reference}] Your question has been received").format(
            reference=record.reference)
        body = _(
            "We received your question on {received}. Its reference is {reference}.\n\n"
            "The answer is due by {due}, within the time the regulation allows. You can "
            "look up where it stands with the reference on the website's questions and "
            "answers page ({site}).\n\n"
            "Your name, address and contact details are never published. If the answer is "
            "of general interest, the question and its answer may be published without "
            "them.").format(received=local_moment(record.received, lang),
                            reference=record.reference, due=local_date(record.due.date(), lang),
                            site=desk.agency.site["url"])
        return _write(desk, record, "acknowledgement", subject, body, lang=lang)


def out_of_scope(desk: Desk, record: Record, reason: str) -> Letter:
    with using_language(record.lang) as lang:
        subject = _("[{reference}] Your question cannot be answered here").format(
            reference=record.reference)
        body = _(
            "Your question {reference} of {received} is outside what the Department answers "
            "through its questions and answers section.\n\nReason: {reason}\n\n"
            "This letter closes the question.").format(
                reference=record.reference, received=local_moment(record.received, lang),
                reason=reason)
        return _write(desk, record, "out-of-scope", subject, body, lang=lang)


def processing_notice(desk: Desk, record: Record, reason: str) -> Letter:
    with using_language(record.lang) as lang:
        subject = _("[{reference}] Processing notice: the answer will come by {date}").format(
            reference=record.reference, date=local_date(record.reply_by, lang)
            if record.reply_by else "")
        body = _(
            "Your question {reference} of {received} needs more time to answer.\n\n"
            "Reason: {reason}\n\nThe answer will be sent to you by {date}.").format(
                reference=record.reference, received=local_moment(record.received, lang),
                reason=reason, date=local_date(record.reply_by, lang) if record.reply_by else "")
        return _write(desk, record, "notice", subject, body, lang=lang)


def answer(desk: Desk, record: Record, text: str, citations: list[dict[str, object]]) -> Letter:
    with using_language(record.lang) as lang:
        subject = _("[{reference}] Answer to your question").format(reference=record.reference)
        cited = "\n".join(
            f"- {item['number']} ({local_date(item['date'], lang)}), {item['issuer']}: "
            f"{item['summary']}" for item in citations if isinstance(item["date"], dt.date))
        body = "\n\n".join(part for part in (
            _("Answer to your question {reference} of {received}:").format(
                reference=record.reference, received=local_moment(record.received, lang)),
            text.strip(),
            _("Legal documents cited:") + "\n" + cited if cited else "",
            _("This answer is for reference only and is not a legal basis for deciding any "
              "matter."),
        ) if part)
        return _write(desk, record, "answer", subject, body, lang=lang)


def _write(desk: Desk, record: Record, kind: str, subject: str, body: str, *,
           lang: str) -> Letter:
    """The letter, in the outbox; PortalError when it cannot be written (the caller then
    records nothing)."""
    message = EmailMessage()
    message["From"] = email.utils.formataddr((desk.config.sender_name, desk.config.sender))
    message["To"] = email.utils.formataddr((_addressee(record), record.identity["email"]))
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = email.utils.make_msgid(domain=desk.config.sender.split("@")[1])
    greeting = _("Dear {name},").format(name=_addressee(record)) if _addressee(record) else ""
    message.set_content("\n\n".join(part for part in (greeting, body, _signature(desk, lang))
                                    if part) + "\n")
    message["Content-Language"] = lang  # after set_content, which replaces Content-* headers
    try:
        return Letter(_write_letter(desk, record.reference, kind, message.as_bytes()), message)
    except OSError as error:
        raise PortalError(_("the letter to the asker could not be written to the outbox "
                            "({problem}); nothing was recorded").format(
                                problem=error.strerror or type(error).__name__)) from error


def discard(letter: Letter) -> None:
    """Take back a letter whose step could not be recorded."""
    letter.path.unlink(missing_ok=True)


def deliver(desk: Desk, letter: Letter) -> Posted:
    return _send(desk, letter.path, letter.message)


def _write_letter(desk: Desk, reference: str, kind: str, data: bytes) -> Path:
    """`<reference>-<NN>-<kind>.eml`, NN the next number of that question's letters; written
    whole or not at all, and never over another letter, even when two steps write at once."""
    folder = private_folder(desk.root, f"{desk.config.outbox}/{SENT_FOLDER}").parent
    taken = {entry.name for entry in os.scandir(folder)} | \
        {entry.name for entry in os.scandir(folder / SENT_FOLDER)}
    number = 1
    while True:
        if not any(name.startswith(f"{reference}-{number:02d}-") for name in taken):
            path = folder / f"{reference}-{number:02d}-{kind}.eml"
            try:
                atomic.write_bytes(path, data, exclusive=True, mode=PRIVATE_MODE)
                return path
            except FileExistsError:
                pass
        number += 1


def _send(desk: Desk, path: Path, message: EmailMessage) -> Posted:
    if not desk.config.smtp_host:
        return Posted(path, sent=False)
    try:
        with smtplib.SMTP(desk.config.smtp_host, desk.config.smtp_port,
                          timeout=SMTP_TIMEOUT) as smtp:
            if desk.config.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            user = os.environ.get(SMTP_USER_VARIABLE)
            if user:
                smtp.login(user, os.environ.get(SMTP_PASSWORD_VARIABLE, ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        return Posted(path, sent=False, problem=type(error).__name__)
    sent = path.parent / SENT_FOLDER / path.name
    try:
        os.replace(path, sent)
    except OSError:
        return Posted(path, sent=True)  # sent; it stays in the outbox's top folder
    return Posted(sent, sent=True)


def send_waiting(desk: Desk) -> list[Posted]:
    """Send the letters an earlier SMTP failure left in the outbox, oldest first."""
    folder = private_folder(desk.root, f"{desk.config.outbox}/{SENT_FOLDER}").parent
    waiting = sorted(Path(entry.path) for entry in os.scandir(folder)
                     if entry.is_file(follow_symlinks=False) and entry.name.endswith(".eml"))
    posted = []
    for path in waiting:
        with path.open("rb") as stream:
            message = email.message_from_binary_file(stream, _class=EmailMessage,
                                                     policy=email.policy.default)
        posted.append(_send(desk, path, message))
    return posted
