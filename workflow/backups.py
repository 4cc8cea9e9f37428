"""Backups of everything the portal keeps (000 Đ13.1-13.2: all content, weekly, a year):
`portal backup` and `portal restore`.

A backup is a folder `<when>/` holding a git bundle of every ref (branches, tags, the notes that
record approvals and receive times), a consistent copy of the private Q&A store taken with
SQLite's online backup API while the intake may be writing, and a manifest of the refs, the
store's row counts and each file's SHA-256. It is written under a temporary name and renamed
when complete and verified, so a backup folder is whole or absent; the last `keep` are kept.
`portal restore` rebuilds a repository and its store from one and checks them against the
manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.qaconfig import load_qa_config
from workflow.gitcmd import Git, GitError

BUNDLE, STORE, MANIFEST = "repo.bundle", "qa.sqlite3", "MANIFEST.json"
TABLES = ("qa_questions", "qa_comments", "qa_counters")
DEFAULT_KEEP = 52  # weekly for a year


@dataclass(frozen=True)
class Backup:
    path: Path
    refs: dict[str, str]
    rows: dict[str, int]


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _refs(git: Git) -> dict[str, str]:
    lines = git.run("for-each-ref", "--format=%(objectname) %(refname)").splitlines()
    return {name: sha for sha, name in (line.split(" ", 1) for line in lines if line)}


def _rows(store: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in TABLES if table in names}
    finally:
        connection.close()


def backup(repo: Path, destination: Path, *, moment: dt.datetime,
           keep: int = DEFAULT_KEEP) -> Backup:
    git = Git(repo)
    refs = _refs(git)
    if not refs:
        raise PortalError(_("the repository has no commits to back up"))
    destination.mkdir(parents=True, exist_ok=True)
    name = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    temporary = destination / f".{name}.partial"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(mode=0o700)
    try:
        git.run("bundle", "create", str(temporary / BUNDLE), "--all")
        git.run("bundle", "verify", str(temporary / BUNDLE))
        rows = _copy_store(repo, temporary / STORE)
        manifest = {"refs": refs, "rows": rows, "created": moment.isoformat(),
                    "files": {entry.name: _sha256(Path(entry.path))
                              for entry in os.scandir(temporary)}}
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n",
                                          encoding="utf-8")
        final = destination / name
        os.replace(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    _prune(destination, keep)
    return Backup(final, refs, rows)


def _copy_store(repo: Path, target: Path) -> dict[str, int]:
    """The SQLite store copied page by page by SQLite itself: consistent even while the intake
    writes. No store yet (or a PostgreSQL one, backed up by its server) gives no copy."""
    source = repo / load_qa_config(repo / "content").sqlite_path
    if not source.is_file() or source.is_symlink():
        return {}
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()
    if sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise PortalError(_("the copy of the private store is damaged"), target)
    return _rows(target)


def _prune(destination: Path, keep: int) -> None:
    complete = sorted(entry.name for entry in os.scandir(destination)
                      if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."))
    for name in complete[:-keep] if keep > 0 else []:
        shutil.rmtree(destination / name)


def restore(source: Path, target: Path) -> Backup:
    """A repository with every ref of the backup, and its private store, both checked."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        if name != MANIFEST and _sha256(source / name) != expected:
            raise PortalError(_("{name} does not match the backup's manifest").format(
                name=name), source)
    if target.exists() and any(target.iterdir()):
        raise PortalError(_("{target} is not empty; restore into a new folder").format(
            target=target))
    target.mkdir(parents=True, exist_ok=True)
    git = Git(target)
    try:
        git.run("init", "--quiet")
        git.run("fetch", "--quiet", str(source / BUNDLE), "+refs/*:refs/*")
        branch = "main" if "refs/heads/main" in manifest["refs"] else \
            sorted(name for name in manifest["refs"] if name.startswith("refs/heads/"))[0]
        git.run("symbolic-ref", "HEAD", branch if branch.startswith("refs/") else
                f"refs/heads/{branch}")
        git.run("reset", "--quiet", "--hard")
    except GitError as error:
        raise PortalError(_("the bundle could not be restored: {problem}").format(
            problem=error.stderr.strip())) from error
    refs = _refs(git)
    if refs != manifest["refs"]:
        raise PortalError(_("the restored refs differ from the backup's"), target)
    rows: dict[str, int] = {}
    if (source / STORE).is_file():
        store = target / load_qa_config(target / "content").sqlite_path
        store.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(source / STORE, store)
        os.chmod(store, 0o600)
        rows = _rows(store)
        if rows != manifest["rows"]:
            raise PortalError(_("the restored store's rows differ from the backup's"), store)
    return Backup(target, refs, rows)
