"""`portal check [PATH...]`: the content rules, without building; `--fix` repairs what is safe."""

from __future__ import annotations

import argparse
from pathlib import Path

from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help=_("check content files against the rules, without building"),
        description=_("Check content files (default: all of content/). One line per finding: "
                      "path:line: error|warning [rule] message. Exit 1 when there is an error."))
    parser.add_argument("paths", nargs="*", type=Path, metavar=_("PATH"),
                        help=_("files or folders to check (default: content/)"))
    parser.add_argument("--fix", action="store_true",
                        help=_("repair what is safe to repair (NFC, legacy fonts, invisible "
                               "characters) in place, and report it"))
    parser.add_argument("--strict", action="store_true", help=_("warnings fail too"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("text (default) or json for CI"))
    parser.add_argument("--staged", action="store_true",
                        help=_("check the files staged for the next commit (git hook)"))
    parser.add_argument("--list-rules", action="store_true", help=_("list the rules and exit"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workflow.checkfiles import run as check  # noqa: PLC0415 - the rules, for this command only

    return check(args)
