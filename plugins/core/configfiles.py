"""Reading the YAML files of `content/_config/`, checked against their schemas, once per change.

Every command and every build reads the same few files many times (each content file's check
asks for the agency data); they are parsed once and read again only when edited. A file is
read without following symbolic links (a link could smuggle in a file from outside the
approved tree), through the limits of plugins/core/yamlsafe.py, and checked against its schema
(plugins/core/config_schemas.py) before the code that uses it runs. A broken file is reported
with its path, line and key path, never as a traceback.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from plugins.core import yamlsafe
from plugins.core.config_schemas import SCHEMAS
from plugins.core.configschema import RULE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.yamlsafe import KIB

CONFIG_DIR = "_config"
T = TypeVar("T")


def config_path(content_dir: Path, name: str) -> Path:
    return Path(content_dir) / CONFIG_DIR / name


def _display(content_dir: Path, name: str) -> Path:
    """The file as messages name it: from the repository root, like content files."""
    return Path(Path(content_dir).resolve().name) / CONFIG_DIR / name


def _open_error(error: OSError, display: Path) -> PortalError:
    if error.errno == errno.ENOENT:
        return PortalError(_("configuration file is missing"), display, rule=RULE)
    if error.errno in (errno.ELOOP, errno.ENOTDIR):
        return PortalError(_("the file or its folder is a symbolic link; configuration is "
                             "read only from real files in content/_config/"), display,
                           rule=RULE)
    return PortalError(_("cannot read the configuration file: {problem}").format(
        problem=error.strerror), display, rule=RULE)


def _read_bytes(real: Path, display: Path, limit: int) -> bytes:
    """The file's bytes, opened without following a symbolic link at the file or its folder
    (the folder is opened first, then the file relative to it: nothing can swap in a link
    between the check and the read)."""
    try:
        folder = os.open(real.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            handle = os.open(real.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                             dir_fd=folder)
        finally:
            os.close(folder)
    except OSError as error:
        raise _open_error(error, display) from error
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise PortalError(_("configuration must be a regular file"), display, rule=RULE)
        if status.st_size > limit:
            raise PortalError(_("the file is {size} KiB; at most {limit} KiB are allowed").format(
                size=-(-status.st_size // KIB), limit=limit // KIB), display, rule=RULE)
        return file.read(limit + 1)


def _decode(data: bytes, display: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PortalError(_("the file is not UTF-8 text; save it as Unicode (UTF-8)"), display,
                          data[: error.start].count(b"\n") + 1, rule=RULE) from error


def _load_yaml(real: Path, display: Path) -> yamlsafe.Loaded:
    """The file's YAML with the line of every key; PortalError for a file that is missing, a
    link, too large or not YAML."""
    limits = yamlsafe.CONFIG
    text = _decode(_read_bytes(real, display, limits.max_bytes), display)
    return yamlsafe.load(text, display, limits=limits, rule=RULE,
                         syntax_message=_("configuration is not valid YAML: {problem}"))


def read_config(real: Path, display: Path) -> dict[str, Any]:
    """The validated data of one configuration file (defaults filled in); PortalError for a
    file that is missing, a link, too large, not YAML, or not what its schema says."""
    return SCHEMAS[real.name].validate(_load_yaml(real, display), display)


def config_lines(content_dir: Path, name: str, display: Path) -> yamlsafe.Loaded:
    """`content/_config/<name>` read again, the same safe way, only to locate a problem that a
    check against another file found (the cached data holds no lines): roster.yaml's people
    that agency.yaml lacks, reports.yaml's units."""
    return _load_yaml(config_path(Path(content_dir).resolve(), name), display)


@functools.cache
def _parsed(real: Path, display: Path, stamp: tuple[int, ...],
            parse: Callable[[Path, dict[str, Any]], Any]) -> Any:
    del stamp  # part of the cache key only: an edited file is read again
    return parse(display, read_config(real, display))


def load_config(content_dir: Path, name: str,
                parse: Callable[[Path, dict[str, Any]], T]) -> T:
    """`parse(path, data)` of `content/_config/<name>` once it passed its schema, cached until
    the file changes; `path` is the file as messages name it."""
    if name not in SCHEMAS:
        raise ValueError(f"{name} has no schema in plugins/core/config_schemas.py")
    display = _display(content_dir, name)
    real = config_path(Path(content_dir).resolve(), name)
    try:
        folder, status = os.lstat(real.parent), os.lstat(real)
    except OSError as error:
        raise _open_error(error, display) from error
    if stat.S_ISLNK(folder.st_mode) or stat.S_ISLNK(status.st_mode):
        raise _open_error(OSError(errno.ELOOP, os.strerror(errno.ELOOP)), display)
    stamp = (status.st_ino, status.st_mtime_ns, status.st_size, status.st_mode)
    return _parsed(real, display, stamp, parse)
