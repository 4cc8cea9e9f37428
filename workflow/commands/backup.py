"""`portal backup` and `portal restore`: every ref, the approval notes and the private Q&A
store, weekly and kept a year (000 Đ13.2; workflow/backups.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from plugins.core.dates import now
from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backup", help=_("back up the repository (every ref and note) and the private store"))
    parser.add_argument("--to", dest="destination", type=Path, required=True,
                        metavar=_("FOLDER"), help=_("the folder that holds the backups"))
    parser.add_argument("--keep", type=int, default=52,
                        help=_("how many backups to keep (default: 52, a year of weeks)"))
    add_message_language(parser)
    parser.set_defaults(handler=_backup)


def register_restore(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "restore", help=_("rebuild a repository and its private store from a backup"))
    parser.add_argument("backup", type=Path, metavar=_("BACKUP"),
                        help=_("one backup folder, as 'portal backup' wrote it"))
    parser.add_argument("--to", dest="target", type=Path, required=True, metavar=_("FOLDER"),
                        help=_("a new, empty folder for the restored repository"))
    add_message_language(parser)
    parser.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> int:
    from workflow.backups import backup  # noqa: PLC0415

    done = backup(args.repo.resolve(), args.destination.resolve(), moment=now(),
                  keep=args.keep)
    print(_("backed up {refs} refs and {rows} rows of the private store into {path}").format(
        refs=len(done.refs), rows=sum(done.rows.values()), path=done.path))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from workflow.backups import restore  # noqa: PLC0415

    done = restore(args.backup.resolve(), args.target.resolve())
    print(_("restored {refs} refs and {rows} rows of the private store into {path}; both "
            "match the backup").format(refs=len(done.refs), rows=sum(done.rows.values()),
                                       path=done.path))
    return 0
