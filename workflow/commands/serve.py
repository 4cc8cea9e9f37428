"""`portal serve`: preview the built site on http://localhost:8000."""

from __future__ import annotations

import argparse
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.cli_options import add_message_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help=_("preview the built site in a browser"),
        description=_("Serve output/ on http://localhost:PORT until you press Ctrl+C."))
    parser.add_argument("--port", type=int, default=8000, help=_("port (default 8000)"))
    parser.add_argument("--bind", default="127.0.0.1", help=_("address (default 127.0.0.1)"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = (args.repo / "output").resolve()
    if not (output / "index.html").exists():
        raise PortalError(_("there is no built site yet: run 'portal build' first"), output)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(output))
    with ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(_("Preview at http://localhost:{port}/ (Ctrl+C to stop)").format(port=args.port))
        server.serve_forever()
    return 0
