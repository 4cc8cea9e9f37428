"""Publishing `main` as releases: each public build goes into a release folder of its own and
one atomic rename of a symbolic link makes it live, so readers never see a half-built site and a
failed or killed build leaves the live site untouched (`portal ci publish`, `portal rollback`).

    <deploy>/releases/<when>-<commit>/www/   one public build, complete once RELEASE is there
    <deploy>/live -> releases/<name>/www      what the web server serves

A release is named by the commit and by which items are public at its moment: the same commit
published twice makes no new release, unless a scheduled item has gone public in between. The
last `keep` complete releases are kept for `portal rollback`; a lock keeps two publishes of one
deploy folder from interleaving.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.dates import now
from plugins.core.errors import PortalError
from plugins.core.fingerprints import digest
from plugins.core.i18n import _
from plugins.core.index import build_index
from workflow.build import build_site
from workflow.buildkey import publication_states
from workflow.gitcmd import Git
from workflow.locking import file_lock

RELEASES, LIVE, SITE, MARKER, LOCK = "releases", "live", "www", "RELEASE", ".publish.lock"
DEFAULT_KEEP = 5


@dataclass(frozen=True)
class Release:
    name: str
    path: Path
    commit: str
    key: str

    @property
    def site(self) -> Path:
        return self.path / SITE


@dataclass(frozen=True)
class Published:
    release: Release
    new: bool


def releases(deploy: Path) -> list[Release]:
    """The complete releases, oldest first (a folder without its RELEASE marker is a build
    that was killed or failed, and is never made live)."""
    found = []
    folder = deploy / RELEASES
    if not folder.is_dir():
        return found
    for entry in sorted(os.scandir(folder), key=lambda item: item.name):
        marker = Path(entry.path) / MARKER
        if entry.is_dir(follow_symlinks=False) and marker.is_file():
            data = json.loads(marker.read_text(encoding="utf-8"))
            found.append(Release(entry.name, Path(entry.path), data["commit"], data["key"]))
    return found


def live(deploy: Path) -> Release | None:
    target = deploy / LIVE
    if not target.is_symlink():
        return None
    name = Path(os.readlink(target)).parent.name
    return next((release for release in releases(deploy) if release.name == name), None)


def _key(repo: Path, commit: str, moment: dt.datetime) -> str:
    """The commit and where its versions stand at the moment (not the moment itself): the
    same states the build's own no-change key reads (workflow/buildkey.py)."""
    content = repo / "content"
    index = build_index(content, load_agency(content))
    return digest(commit.encode(), "\n".join(publication_states(index, moment)).encode())


def publish(repo: Path, deploy: Path, *, moment: dt.datetime | None = None,
            keep: int = DEFAULT_KEEP) -> Published:
    """Build `repo` as the public site into a new release and make it live."""
    moment = moment or now()
    deploy.mkdir(parents=True, exist_ok=True)
    with file_lock(deploy / LOCK, wait=True, busy=""):
        commit = Git(repo).run("rev-parse", "HEAD").strip()
        key = _key(repo, commit, moment)
        current = live(deploy)
        if current is not None and current.key == key:
            return Published(current, new=False)
        name = f"{moment.astimezone(dt.UTC):%Y%m%dT%H%M%S}-{commit[:12]}"
        folder = deploy / RELEASES / name
        if folder.exists():
            shutil.rmtree(folder)  # a build of the same name that never finished
        folder.mkdir(parents=True)
        # The live release lends the new one its unchanged pages (and search index).
        build_site(repo, publish=True, output=folder / SITE, as_of=moment,
                   previous=current.site if current is not None else None)
        marker = {"commit": commit, "key": key, "built": moment.isoformat()}
        (folder / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        release = Release(name, folder, commit, key)
        _make_live(deploy, release)
        _prune(deploy, keep)
        return Published(release, new=True)


def rollback(deploy: Path) -> Release:
    """Make the release before the live one live again."""
    with file_lock(deploy / LOCK, wait=True, busy=""):
        complete = releases(deploy)
        current = live(deploy)
        earlier = [release for release in complete
                   if current is None or release.name < current.name]
        if not earlier:
            raise PortalError(_("there is no earlier release to go back to"))
        _make_live(deploy, earlier[-1])
        return earlier[-1]


def _make_live(deploy: Path, release: Release) -> None:
    """One rename: the web server sees the old tree or the new one, never a mixture."""
    temporary = deploy / f".{LIVE}.{os.getpid()}"
    if temporary.is_symlink():
        temporary.unlink()
    os.symlink(Path(RELEASES) / release.name / SITE, temporary)
    os.replace(temporary, deploy / LIVE)


def _prune(deploy: Path, keep: int) -> None:
    """Keep the last `keep` complete releases (the live one always) and no unfinished one."""
    current = live(deploy)
    complete = releases(deploy)
    kept = {release.name for release in complete[-keep:]}
    if current is not None:
        kept.add(current.name)
    for entry in os.scandir(deploy / RELEASES):
        if entry.name not in kept and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
