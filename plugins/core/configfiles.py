"""Reading the YAML files of `content/_config/`, once per change.

Every command and every build reads the same few files many times (each content file's check
asks for the agency data); they are parsed once and read again only when edited. A broken file
is reported with its path and line, never as a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from plugins.core.errors import PortalError
from plugins.core.i18n import _

CONFIG_DIR = "_config"
T = TypeVar("T")


def config_path(content_dir: Path, name: str) -> Path:
    return Path(content_dir) / CONFIG_DIR / name


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError as error:
        raise PortalError(_("configuration file is missing"), path) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PortalError(_("configuration is not valid YAML: {problem}").format(
            problem=getattr(error, "problem", error)), path, line) from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PortalError(_("configuration must be a mapping of keys to values"), path)
    return data


@functools.cache
def _parsed(path: Path, mtime_ns: int, parse: Callable[[Path, dict[str, Any]], Any]) -> Any:
    del mtime_ns  # part of the cache key only: an edited file is read again
    return parse(path, _read_yaml(path))


def load_config(content_dir: Path, name: str,
                parse: Callable[[Path, dict[str, Any]], T]) -> T:
    """`parse(path, data)` of `content/_config/<name>`, cached until the file changes."""
    path = config_path(content_dir, name).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError as error:
        raise PortalError(_("configuration file is missing"), path) from error
    return _parsed(path, mtime, parse)
