"""Write files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` as UTF-8 (with LF line ends) to `path` atomically; see `write_bytes`."""
    write_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    With `exclusive`, an existing file is never replaced (FileExistsError instead).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
