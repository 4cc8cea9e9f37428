"""Write files so that a crash or a full disk never leaves half a file behind; make and remove
folders of the build's own caches and trees without following a link someone left there."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from pathlib import Path, PurePath

NEW_FILE_MODE = 0o666  # before the umask, as open() creates files: usually -rw-r--r--


def real_folder(root: Path, relative: PurePath) -> Path:
    """The folder `relative` inside `root` (a cache's), made as needed, by two processes at
    once if need be. Whatever stands in the way and is not a real folder (a link someone left
    in the cache) is removed: no write through the folder leaves `root`."""
    current = root
    for part in relative.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            current.mkdir(exist_ok=True)
            mode = os.lstat(current).st_mode
        if not stat.S_ISDIR(mode):
            current.unlink()
            current.mkdir()
    return current


def unique_folder(parent: Path, prefix: str) -> Path:
    """A new folder in `parent` whose name starts with `prefix` and no one else has, made as
    any folder is (0777 less the umask): mkdtemp's 0700 would keep a web server running as
    another user out of a site built in it."""
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate


def file_identity(status: os.stat_result, *, single: bool = False) -> tuple[int, int, int] | None:
    """Inode, size and time of a regular file (with no other link when `single`): what a build
    records of a page it wrote, and finds again before it trusts that page; None for a link, a
    folder, a pipe or anything else, which is never trusted."""
    if not stat.S_ISREG(status.st_mode) or (single and status.st_nlink != 1):
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def regular_file_bytes(path: str | os.PathLike[str], *,
                       recorded: tuple[int, int, int] | None = None) -> bytes | None:
    """The bytes of the regular file `path` (and only while it is still the file `recorded`,
    when given: see `file_identity`); None for anything else or what cannot be read. Opened
    without following a link or waiting on a pipe, and checked on the open file, so nothing
    swapped in between a check and the read is read."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        try:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or (
                    recorded is not None and file_identity(status) != recorded):
                return None
            return stream.read()
        except OSError:
            return None


def remove_entry(path: Path) -> None:
    """Remove what `path` names: a folder with all it holds, or a file or a link (never what
    the link points to); nothing when there is nothing."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def write_text(path: Path, text: str, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write `text` as UTF-8 (with LF line ends) to `path` atomically; see `write_bytes`."""
    write_bytes(path, text.encode("utf-8"), exclusive=exclusive, durable=durable)


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the file `path` names, None when there is none."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def _open_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside `path`, created like any new file (NEW_FILE_MODE minus the
    umask) rather than mkstemp's 0600, which a rename would hand on to the final file."""
    while True:
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE), \
                candidate
        except FileExistsError:
            continue


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False,
                mode: int | None = None, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    A replaced file keeps its permission bits (an executable hook stays executable, a 0640
    file stays private); a new file gets the mode the umask gives, or `mode` when given (a
    file of personal data is 0600 from its first byte). With `exclusive`, an existing file is
    never replaced (FileExistsError instead). A file that can be made again from others (a
    cache entry) may skip `durable`, the wait for the disk, which thousands of files add up.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None and not exclusive:
        mode = _existing_mode(path)
    handle, temporary = _open_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
