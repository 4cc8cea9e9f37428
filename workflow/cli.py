"""`portal`: the one command editors, approvers and CI use.

Help and messages are Vietnamese by default; `--lang en` or `PORTAL_LANG=en` switches to English.
Every problem an editor can fix is printed as `path:line: message` with a non-zero exit, never as
a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _, set_language
from workflow import commands
from workflow.cli_options import add_message_language, message_language

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _LocalizedFormatter(argparse.HelpFormatter):
    """argparse's own words ('usage:') in the chosen language."""

    def add_usage(self, usage: str | None, actions: object, groups: object,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _LocalizedFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = _("arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", help=_("show this help and exit"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: error: {message}\n").format(prog=self.prog,
                                                                      message=message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="portal",
        description=_("Publishing system of the Lạng Sơn Department of Foreign Affairs portal."),
        epilog=_("Run 'portal COMMAND --help' for the options of a command."),
    )
    add_message_language(parser)
    parser.add_argument("--repo", type=Path, default=Path.cwd(),
                        help=_("the portal repository (default: the current directory)"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"),
                                       title=_("commands"), parser_class=_Parser)
    for register in commands.REGISTRY:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(message_language(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return handler(args)
    except PortalError as error:
        print(_("error: {problem}").format(problem=error), file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) stopped listening: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
