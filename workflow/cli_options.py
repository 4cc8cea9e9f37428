"""Options several subcommands share."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from collections.abc import Sequence

from plugins.core.dates import parse_local
from plugins.core.i18n import _

ITEM_LANGUAGE_COMMANDS = ("new",)
GLOBAL_OPTIONS_WITH_VALUE = ("--repo", "--lang")  # their values are not the command name
MOMENT_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?$")


def add_message_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", dest="message_lang", choices=("vi", "en"), default=None,
                        help=_("language of messages: vi (default) or en; also PORTAL_LANG"))


def iso_date(text: str) -> dt.date:
    """An ISO date argument (YYYY-MM-DD); argparse turns the ValueError into a usage error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date: write YYYY-MM-DD").format(value=text)) from error


def iso_moment(text: str) -> dt.datetime:
    """A date (YYYY-MM-DD, meaning 00:00) or a date and time (YYYY-MM-DDTHH:MM), local time in
    Asia/Ho_Chi_Minh; argparse turns the error into a usage error (exit 2, no traceback)."""
    try:
        if not MOMENT_SHAPE.match(text):
            raise ValueError(text)
        return parse_local(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date or a date and time: write YYYY-MM-DD or "
              "YYYY-MM-DDTHH:MM (local time)").format(value=text)) from error


def message_language(argv: Sequence[str]) -> str | None:
    """The message language asked for, read before the parser exists so help obeys it too.

    `portal new` uses `--lang` for the language of the item it writes; there only a `--lang`
    before the command name chooses the messages.
    """
    values_of = {position + 1 for position, arg in enumerate(argv)
                 if arg in GLOBAL_OPTIONS_WITH_VALUE}
    positionals = [arg for position, arg in enumerate(argv)
                   if not arg.startswith("-") and position not in values_of]
    command = positionals[0] if positionals else None
    scan = list(argv)
    if command in ITEM_LANGUAGE_COMMANDS:
        scan = scan[: scan.index(command)]
    for position, arg in enumerate(scan):
        if arg == "--lang" and position + 1 < len(scan):
            return scan[position + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("PORTAL_LANG")
