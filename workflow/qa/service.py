"""The Q&A intake service: the one part of the portal that receives data (003 Đ9.7; 004 Đ12.1).

A static site cannot receive a form, so the "how to ask" page of each language posts here
(nginx passes the intake path to `portal qa serve`). The service works without JavaScript:

- `POST ask`: the form. A valid question is shown back for confirmation with a token bound to
  a cookie (CSRF); an invalid one comes back as the form with each problem beside its field; a
  complaint or denunciation is refused with where it belongs, and nothing of it is kept.
- `POST confirm`: the confirmed question is stored; the page shows its reference and due date.
- `GET status?ref=`: where a question stands and when it is due; nothing personal.

Every request is answered in the asker's language while others are served in theirs: the
message language is a context variable set per request (plugins/core/i18n.py). Requests are
limited in size and in number per client address (a keyed hash, never the address), robots
that fill the hidden field are turned away, and the log says method, path, status and time
only: no address, no form value, no name.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import logging
import os
import re
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from plugins.core.errors import PortalError
from plugins.core.i18n import _, current_language, using_language
from plugins.core.intake import DOCUMENT_KEY, Judgement, judge, judge_comment, language_of
from plugins.core.schema.questions import REFERENCE_PATTERN
from plugins.portal_site.qa import (
    ASK,
    COMMENT,
    INTAKE_ENDPOINTS,
    CommentForm,
    QaForm,
    question_form,
)
from plugins.portal_site.templating import theme_translations
from workflow.qa.consultations import open_drafts
from workflow.qa.desk import Desk, open_desk
from workflow.qa.letters import local_date, local_moment
from workflow.qa.reception import receive
from workflow.qa.store import Duplicate

LOG = logging.getLogger("portal.qa")
REPOSITORY_VARIABLE = "PORTAL_QA_REPOSITORY"
THEME = Path(__file__).resolve().parents[2] / "theme"
TOKEN_KEY, EDIT_KEY, COOKIE = "token", "edit", "qa_nonce"
FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FIELDS = 40
IPV6 = 6
REFERENCE = re.compile(REFERENCE_PATTERN)
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


class Refusal(Exception):  # noqa: N818 - an answer to the client, not a failure
    """A request answered with a refusal page: its status, title and explanation."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(title)
        self.status, self.title, self.message = status, title, message


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(THEME / "templates"),
                              autoescape=select_autoescape(("html",)),
                              extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: _theme(current_language()).gettext(message),
        lambda singular, plural, count: _theme(current_language()).ngettext(
            singular, plural, count),
        newstyle=True)
    return environment


@functools.cache
def _theme(lang: str) -> Any:
    return theme_translations(str(THEME), lang)


class Intake:
    """The service's state: the desk of its repository and the templates."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.templates = _environment()

    @staticmethod
    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    # -- pages -----------------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        agency = self.desk.agency
        language = agency.languages.get(current_language()) or \
            agency.languages[agency.source_language]
        html = self.templates.get_template(f"intake/{template}").render(
            lang=language.code, html_lang=language.html_lang, site_name=language.site_name,
            home=f"{agency.site['url']}/{language.root}", **context)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def form(self, values: dict[str, str], errors: dict[str, list[str]]) -> QaForm:
        """The site's own form (one partial, one set of variables), with what was sent."""
        return question_form(self.desk.agency, current_language(), INTAKE_ENDPOINTS[ASK],
                             values, errors)

    def refusal(self, refusal: Refusal) -> HTMLResponse:
        return self.page("refused.html", refusal.status, title=refusal.title,
                         message=refusal.message, contact=self._contact())

    def _contact(self) -> dict[str, str]:
        agency, lang = self.desk.agency, current_language()
        contact = agency.contact
        return {"agency": agency.text(contact["agency"], lang),
                "address": agency.text(contact["address"], lang),
                "phone": str(contact.get("phone", "")), "email": str(contact.get("email", ""))}

    # -- the steps -------------------------------------------------------------------------

    def admit(self, request: Request) -> None:
        """Count the request against its client: the address nginx passed on (X-Forwarded-For
        is believed from 127.0.0.1 only), an IPv6 client by its /64, which one subscriber
        holds whole."""
        host = client_key(request.client.host if request.client else "unknown")
        config = self.desk.config
        if not self.desk.store.admit(self.desk.keyed("client", host), self.clock(),
                                     config.rate_requests,
                                     dt.timedelta(minutes=config.rate_minutes)):
            raise Refusal(429, _("Too many requests"), _(
                "Too many requests came from your address. Please wait {minutes} minutes and "
                "try again.").format(minutes=config.rate_minutes))

    def judged(self, fields: dict[str, str]) -> Judgement:
        return judge(fields, self.desk.agency, self.desk.config.complaint_terms)

    def ask(self, fields: dict[str, str], https: bool) -> HTMLResponse:
        if fields.pop(EDIT_KEY, None) is not None:
            fields.pop(TOKEN_KEY, None)
            return self.page("ask.html", form=self.form(fields, {}))
        judgement = self.judged(fields)
        if judgement.robot:
            raise Refusal(400, _("The form could not be accepted"), _(
                "Please fill in the form again on the website."))
        if judgement.complaint:
            return self.page("complaint.html", 422, contact=self._contact())
        if judgement.submission is None:
            errors: dict[str, list[str]] = {}
            for problem in judgement.problems:
                errors.setdefault(problem.field, []).append(problem.message)
            return self.page("ask.html", 422, form=self.form(fields, errors))
        token, nonce = self._token()
        agency = self.desk.agency
        response = self.page(
            "confirm.html", fields=fields, token=token, submission=judgement.submission,
            topic=agency.text(agency.topics[judgement.submission.topic]["title"],
                              current_language()),
            place=agency.text(agency.places[judgement.submission.identity["place"]]["name"],
                              current_language()))
        self._set_nonce(response, nonce, https)
        return response

    def confirm(self, fields: dict[str, str], nonce: str | None) -> HTMLResponse:
        token = fields.pop(TOKEN_KEY, "")
        if not self._token_valid(token, nonce):
            raise Refusal(403, _("This confirmation page has expired"), _(
                "Please fill in the form again; nothing was stored."))
        judgement = self.judged(fields)
        if judgement.submission is None:
            raise Refusal(400, _("The form could not be accepted"), _(
                "Please fill in the form again on the website."))
        received = self.clock()
        try:
            receipt = receive(self.desk, judgement.submission, received)
        except Duplicate as duplicate:
            raise Refusal(409, _("This question was already received"), str(duplicate)
                          ) from duplicate
        LOG.info("stored %s", receipt.reference)
        if receipt.letter.problem:
            LOG.warning("acknowledgement of %s not sent: %s", receipt.reference,
                        receipt.letter.problem)
        lang = current_language()
        response = self.page("receipt.html", 201, reference=receipt.reference,
                             received=local_moment(receipt.received, lang),
                             due=local_date(receipt.due.date(), lang),
                             due_iso=receipt.due.date().isoformat())
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- comments on drafts (003 Đ6.5) -----------------------------------------------------

    def comment(self, fields: dict[str, str], https: bool) -> HTMLResponse:
        drafts = open_drafts(self.desk, self.clock())
        judgement = judge_comment(fields, drafts)
        if judgement.robot:
            raise Refusal(400, _("The form could not be accepted"), _(
                "Please fill in the form again on the website."))
        if judgement.comment is None:
            errors: dict[str, list[str]] = {}
            for problem in judgement.problems:
                errors.setdefault(problem.field, []).append(problem.message)
            form = CommentForm(action=COMMENT, lang=current_language(),
                               document=fields.get(DOCUMENT_KEY, ""), values=fields,
                               errors=errors)
            return self.page("comment.html", 422, form=form,
                             title=drafts.get(fields.get(DOCUMENT_KEY, ""), ""))
        token, nonce = self._token()
        response = self.page("comment_confirm.html", fields=fields, token=token,
                             comment=judgement.comment,
                             title=drafts[judgement.comment.document])
        self._set_nonce(response, nonce, https)
        return response

    def comment_confirm(self, fields: dict[str, str], nonce: str | None) -> HTMLResponse:
        if not self._token_valid(fields.pop(TOKEN_KEY, ""), nonce):
            raise Refusal(403, _("This confirmation page has expired"), _(
                "Please fill in the form again; nothing was stored."))
        drafts = open_drafts(self.desk, self.clock())
        judgement = judge_comment(fields, drafts)
        if judgement.comment is None:
            raise Refusal(400, _("The form could not be accepted"), _(
                "Please fill in the form again on the website."))
        comment = judgement.comment
        fingerprint = self.desk.keyed("comment", "\x00".join((
            comment.document, comment.identity["email"].casefold(),
            " ".join(comment.text.casefold().split()))))
        if not self.desk.store.add_comment(document=comment.document, received=self.clock(),
                                           lang=comment.lang, comment=comment.text,
                                           identity=comment.identity, fingerprint=fingerprint):
            raise Refusal(409, _("This comment was already received"), _(
                "The same comment from the same address has already been received."))
        LOG.info("stored a comment on %s", comment.document)
        response = self.page("comment_receipt.html", 201, title=drafts[comment.document])
        response.delete_cookie(COOKIE, path="/")
        return response

    def _token(self) -> tuple[str, str]:
        nonce = secrets.token_hex(16)
        expiry = int(self.clock().timestamp()) + self.desk.config.token_minutes * 60
        return f"{expiry}.{self.desk.keyed('form', f'{nonce}|{expiry}')}", nonce

    def _set_nonce(self, response: HTMLResponse, nonce: str, https: bool) -> None:
        response.set_cookie(COOKIE, nonce, max_age=self.desk.config.token_minutes * 60,
                            httponly=True, samesite="strict", secure=https, path="/")

    def _token_valid(self, token: str, nonce: str | None) -> bool:
        expiry, _dot, mac = token.partition(".")
        if not nonce or not expiry.isdigit() or int(expiry) < self.clock().timestamp():
            return False
        return secrets.compare_digest(mac, self.desk.keyed("form", f"{nonce}|{expiry}"))

    def status(self, reference: str) -> HTMLResponse:
        reference = reference.strip().upper()
        if not REFERENCE.fullmatch(reference):
            raise Refusal(400, _("Not a reference"), _(
                "A reference looks like HD-2026-0042; it is in the letter that acknowledged "
                "your question."))
        record = self.desk.store.get(reference)
        if record is None:
            raise Refusal(404, _("No question has this reference"), _(
                "Check the reference in the letter that acknowledged your question."))
        lang = current_language()
        return self.page(
            "status.html", reference=record.reference, handling=record.handling,
            received=local_date(record.received.date(), lang),
            due=local_date(record.due.date(), lang),
            reply_by=local_date(record.reply_by, lang) if record.reply_by else None,
            answered=local_date(record.answered.date(), lang) if record.answered else None)


def client_key(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == IPV6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused beyond `limit` bytes whatever Content-Length claims."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
        raise Refusal(415, _("The form could not be accepted"), _(
            "Please send the form from the website."))
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refusal(413, _("The text is too long"), _(
            "The form is larger than {limit} KiB; shorten the text.").format(
                limit=limit // 1024))
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise Refusal(413, _("The text is too long"), _(
                "The form is larger than {limit} KiB; shorten the text.").format(
                    limit=limit // 1024))
    return bytes(received)


def _fields(body: bytes) -> dict[str, str]:
    """The form's fields; a field sent twice, bytes that are not UTF-8 or too many fields are a
    malformed request, not a question."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                          max_num_fields=MAX_FIELDS, strict_parsing=bool(body),
                          errors="strict")
    except (UnicodeDecodeError, ValueError) as error:
        raise Refusal(400, _("The form could not be accepted"), _(
            "Please send the form from the website.")) from error
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Refusal(400, _("The form could not be accepted"), _(
            "Please send the form from the website."))
    return fields


def app_from_environment() -> Starlette:
    """The application of each worker process `portal qa serve --workers N` starts: uvicorn
    imports it by name in every worker, which opens its own desk (and store connections)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    return create_app(open_desk(Path(os.environ[REPOSITORY_VARIABLE])))


def _where(error: BaseException) -> str:
    """Where an error happened (file and line), without the values a traceback would print:
    a form's values are personal data and never reach the log."""
    trace = traceback.extract_tb(error.__traceback__)
    return f"{Path(trace[-1].filename).name}:{trace[-1].lineno}" if trace else "?"


def create_app(desk: Desk) -> Starlette:
    intake = Intake(desk)

    def answered(handler: Callable[[Request], Awaitable[Response]]
                 ) -> Callable[[Request], Awaitable[Response]]:
        """Each request in its language, refusals as pages, no personal data in the log."""

        async def endpoint(request: Request) -> Response:
            started = time.perf_counter()
            lang = request.query_params.get("lang") or "vi"
            try:
                with using_language(lang):
                    response = await handler(request)
            except Refusal as refusal:
                with using_language(lang):
                    response = intake.refusal(refusal)
            except PortalError as error:
                LOG.error("%s %s unavailable: %s", request.method, request.url.path,
                          error.rule or type(error).__name__)
                with using_language(lang):
                    response = intake.refusal(Refusal(503, _("The service is unavailable"), _(
                        "What you sent could not be received just now; nothing was stored. "
                        "Please try again later.")))
            except Exception as error:
                LOG.error("%s %s failed: %s at %s", request.method, request.url.path,
                          type(error).__name__, _where(error))
                response = PlainTextResponse("500", status_code=500, headers=HEADERS)
            LOG.info("%s %s %d %.0fms", request.method, request.url.path, response.status_code,
                     (time.perf_counter() - started) * 1000)
            return response

        return endpoint

    async def form_step(request: Request, step: Callable[..., HTMLResponse], *args: Any
                        ) -> Response:
        await run_in_threadpool(intake.admit, request)
        fields = _fields(await _body(request, desk.config.max_request_bytes))
        lang = language_of(fields)

        def run() -> HTMLResponse:
            with using_language(lang):
                try:
                    return step(fields, *args)
                except Refusal as refusal:
                    return intake.refusal(refusal)

        return await run_in_threadpool(run)

    async def ask(request: Request) -> Response:
        return await form_step(request, intake.ask, request.url.scheme == "https")

    async def confirm(request: Request) -> Response:
        return await form_step(request, intake.confirm, request.cookies.get(COOKIE))

    async def comment(request: Request) -> Response:
        return await form_step(request, intake.comment, request.url.scheme == "https")

    async def comment_confirm(request: Request) -> Response:
        return await form_step(request, intake.comment_confirm, request.cookies.get(COOKIE))

    async def status(request: Request) -> Response:
        await run_in_threadpool(intake.admit, request)
        lang = request.query_params.get("lang") or "vi"

        def run() -> HTMLResponse:
            with using_language(lang):
                return intake.status(request.query_params.get("ref", ""))

        return await run_in_threadpool(run)

    async def stylesheet(request: Request) -> Response:
        name = "site.css" if request.url.path.endswith("/site.css") else "intake.css"
        return FileResponse(THEME / "static" / "css" / name, headers={
            "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})

    async def health(request: Request) -> Response:
        del request
        return PlainTextResponse("ok", headers=HEADERS)

    return Starlette(routes=[
        Route("/ask", answered(ask), methods=["POST"]),
        Route("/confirm", answered(confirm), methods=["POST"]),
        Route("/status", answered(status), methods=["GET"]),
        Route("/comment", answered(comment), methods=["POST"]),
        Route("/comment-confirm", answered(comment_confirm), methods=["POST"]),
        Route("/site.css", stylesheet, methods=["GET"]),
        Route("/intake.css", stylesheet, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ])
