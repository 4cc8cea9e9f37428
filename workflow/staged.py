"""The staged version of content files, read from git's index (what a commit will contain).

Everything goes through the `git` command rather than a library reading `.git/index`: during
`git commit -a` or `git commit PATH` the hook must read the temporary index git names in
GIT_INDEX_FILE, and in a worktree git passes GIT_DIR; the command honours both.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.gitcmd import Git, GitError

CONTENT_DIR = "content"
REGULAR_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"


@dataclass
class StagedContent:
    """Staged added or modified entries under content/, paths relative to content/.

    `files` holds the exact bytes of regular files (decoding is the checker's business, so a
    file that is not UTF-8 is refused exactly as `portal check` refuses it on disk);
    `others` maps symbolic links and submodules to their git mode: they are never read.
    """

    files: dict[Path, bytes] = field(default_factory=dict)
    others: dict[Path, str] = field(default_factory=dict)


def run_git(repo_root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """The output of `git ARGS` run in `repo_root`; a failure is a PortalError carrying git's
    own message, so the editor sees one line, not a traceback."""
    try:
        result = subprocess.run(["git", *args], cwd=repo_root, input=stdin,
                                capture_output=True, check=False)
    except OSError as error:
        raise PortalError(_("git {command} failed: {error}").format(
            command=args[0], error=error.strerror)) from error
    if result.returncode != 0:
        raise PortalError(_("git {command} failed: {error}").format(
            command=args[0], error=result.stderr.decode("utf-8", "replace").strip()))
    return result.stdout


def require_repository(repo_root: Path) -> None:
    """PortalError unless `repo_root` is in a git repository (a missing folder included)."""
    try:
        run_git(repo_root, "rev-parse", "--git-dir")
    except PortalError as error:
        raise PortalError(_("'{path}' is not a git repository").format(path=repo_root)) \
            from error


def _staged_entries(repo_root: Path) -> list[tuple[str, str, str]]:
    """(mode, blob id, path) of every entry under content/ the next commit adds or changes.

    Renames are listed as additions (--no-renames) and type changes (a file that became a
    link) are included, so nothing reaches a commit unchecked.
    """
    output = run_git(repo_root, "diff", "--cached", "--raw", "-z", "--no-abbrev",
                     "--no-renames", "--diff-filter=ACMT", "--", f"{CONTENT_DIR}/")
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    entries = []
    for status, name in zip(fields[0::2], fields[1::2], strict=False):  # a final "" is left
        _old_mode, new_mode, _old_id, new_id, _letter = status[1:].split(" ")
        entries.append((new_mode, new_id, name))
    return entries


def _read_blobs(repo_root: Path, blob_ids: list[str]) -> list[bytes]:
    """The contents of `blob_ids`, in order, read as the workflow reads every object
    (`gitcmd.Git.read_objects`: one `git cat-file --batch`, replace refs ignored)."""
    try:
        found = Git(repo_root).read_objects(blob_ids)
        blobs = []
        for blob_id, entry in zip(blob_ids, found, strict=True):
            if entry is None or entry[0] != "blob":
                raise GitError(("cat-file", "--batch"), f"{blob_id} missing")
            blobs.append(entry[1])
    except GitError as error:
        raise PortalError(str(error)) from error
    return blobs


def staged_content(repo_root: Path) -> StagedContent:
    """What the next commit will hold under content/: bytes of files, modes of the rest."""
    require_repository(repo_root)
    staged = StagedContent()
    regular = []
    for mode, blob_id, name in _staged_entries(repo_root):
        relpath = Path(name).relative_to(CONTENT_DIR)
        if mode in REGULAR_MODES:
            regular.append((relpath, blob_id))
        else:
            staged.others[relpath] = mode
    blobs = _read_blobs(repo_root, [blob_id for _relpath, blob_id in regular])
    staged.files = {relpath: blob for (relpath, _blob_id), blob in zip(regular, blobs,
                                                                        strict=True)}
    return staged
