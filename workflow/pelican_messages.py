"""Pelican's log lines, retold to an editor in the editor's language.

Pelican logs in English, names absolute paths and sometimes says nothing an editor can act on
("skipping url replacement"). The lines a portal build can meet are retold here by their format
string; any other line becomes one translated sentence that points to the build log, where the
original text is kept for a maintainer.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from plugins.core.i18n import _

BUILD_LOG = ".cache/build.log"


def _name(value: object) -> str:
    """A path as an editor knows it: from `content/` on when it is inside a repository."""
    text = str(value)
    marker = f"{os.sep}content{os.sep}"
    return "content/" + text.split(marker, 1)[1] if marker in text else text


RETOLD: dict[str, Callable[[tuple[object, ...]], str]] = {
    "Unable to find '%s', skipping url replacement.": lambda args: _(
        "a link points to '{target}', which is not a file of the site; the link was left as "
        "written").format(target=args[0]),
    "Skipping %s: could not find information about '%s'": lambda args: _(
        "{path}: not built: '{key}' is missing").format(path=_name(args[0]), key=args[1]),
    "Empty alt attribute for image %s in %s": lambda args: _(
        "{path}: the picture '{image}' has no alt text").format(path=_name(args[1]),
                                                                 image=args[0]),
    "Could not process %s": lambda args: _(
        "{path}: this file could not be built; the details are in {log}").format(
            path=_name(args[0]), log=BUILD_LOG),
    "Skipping %s: file %r would be written outside output path": lambda args: _(
        "{path}: not built: its address would lie outside the site").format(
            path=_name(args[0])),
}


def retell(record: logging.LogRecord) -> str:
    """The editor's version of one of Pelican's log records."""
    template = record.msg if isinstance(record.msg, str) else ""
    retold = RETOLD.get(template)
    args = record.args if isinstance(record.args, tuple) else ()
    if retold is not None and len(args) >= template.count("%s") + template.count("%r"):
        return retold(args)
    return _("the site generator reported a problem; the details are in {log}").format(
        log=BUILD_LOG)
