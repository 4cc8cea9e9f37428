"""`portal install-hooks`: run `portal check --staged` before every commit of an editor."""

from __future__ import annotations

import argparse
import shlex
import stat
import sys

from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.cli_options import add_message_language

MARKER = "# installed by portal install-hooks"


def hook_script() -> str:
    python = shlex.quote(sys.executable)
    return (f"#!/bin/sh\n{MARKER}: checks the staged content before every commit.\n"
            f'exec {python} -m workflow.cli --repo "$(git rev-parse --show-toplevel)" '
            "check --staged\n")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "install-hooks", help=_("check staged content before every commit (git pre-commit)"),
        description=_("Install a git pre-commit hook that runs 'portal check --staged'."))
    parser.add_argument("--force", action="store_true",
                        help=_("replace a pre-commit hook that portal did not install"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    hooks = args.repo.resolve() / ".git" / "hooks"
    if not hooks.parent.is_dir():
        raise PortalError(_("'{path}' is not a git repository").format(path=args.repo))
    hook = hooks / "pre-commit"
    if hook.exists() and MARKER not in hook.read_text(encoding="utf-8", errors="replace") \
            and not args.force:
        raise PortalError(_("a pre-commit hook already exists; add 'portal check --staged' to "
                            "it, or run with --force to replace it"), hook)
    write_text(hook, hook_script())
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(_("Installed {path}: every commit now runs 'portal check --staged'.").format(
        path=hook))
    return 0
