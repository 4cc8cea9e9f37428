"""`portal new <section> <stem> [--lang vi]`: start an item from a correct skeleton."""

from __future__ import annotations

import argparse
import datetime as dt

from plugins.core.agency import load_agency
from plugins.core.atomic import write_text
from plugins.core.dates import AGENCY_TIMEZONE, parse_local
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.index import build_index
from workflow.scaffold import new_item


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new", help=_("write the skeleton of a new item or translation"),
        description=_("Write content/<section>/<stem>.<lang>.md with every key of the section."))
    parser.add_argument("section", help=_("news, announcements, documents, procedures, "
                                          "questions, schedules or pages"))
    parser.add_argument("stem", help=_("the item's name in the address: lowercase, hyphens"))
    parser.add_argument("--lang", dest="item_lang", default="vi",
                        help=_("vi (default) for an original; en or zh for a translation"))
    parser.add_argument("--date", default=None,
                        help=_("publication date to fill in, YYYY-MM-DD HH:MM (default: now)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    content_dir = args.repo / "content"
    agency = load_agency(content_dir)
    try:
        when = parse_local(args.date) if args.date else dt.datetime.now(AGENCY_TIMEZONE)
    except ValueError as error:
        raise PortalError(_("'{value}' is not a date: write YYYY-MM-DD HH:MM").format(
            value=args.date)) from error
    path, text = new_item(content_dir, agency, build_index(content_dir, agency), args.section,
                          args.stem, lang=args.item_lang, when=when)
    try:
        write_text(path, text, exclusive=True)
    except FileExistsError as error:
        raise PortalError(_("this item already exists: {path}").format(path=path)) from error
    print(_("Created {path}").format(path=path.relative_to(args.repo.resolve())
                                      if path.is_relative_to(args.repo.resolve()) else path))
    return 0
