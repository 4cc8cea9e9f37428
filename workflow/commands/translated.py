"""`portal translated PATH...`: record that translations now match their Vietnamese original."""

from __future__ import annotations

import argparse
from pathlib import Path

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.sources import classify, original_path
from plugins.core.translations import fingerprint, with_source_hash
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "translated", help=_("mark translations as up to date with their original"),
        description=_("After updating a translation, record which version of the Vietnamese "
                      "original it now follows (source_hash), so it is no longer stale."))
    parser.add_argument("paths", nargs="+", type=Path, metavar=_("PATH"),
                        help=_("translation files (.en.md, .zh.md)"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    content_dir = (args.repo / "content").resolve()
    agency = load_agency(content_dir)
    for path in args.paths:
        resolved = (path if path.exists() else args.repo / path).resolve()
        try:
            name = classify(resolved.relative_to(content_dir), agency)
        except ValueError as error:
            raise PortalError(_("not a content file"), path) from error
        if name.lang == agency.source_language:
            raise PortalError(_("this is an original, not a translation"), path)
        original = original_path(resolved, agency.source_language)
        if original is None or not original.exists():
            raise PortalError(_("the Vietnamese original is missing: {path}").format(
                path=original), path)
        value = fingerprint(frontmatter.read(original), name.section)
        write_text(resolved, with_source_hash(resolved.read_text(encoding="utf-8"), value))
        print(_("{path} now follows the original version {value}").format(path=path,
                                                                           value=value))
    return 0
