"""The staged version of content files, read from git's index (what a commit will contain)."""

from __future__ import annotations

from pathlib import Path

import git

from plugins.core.errors import PortalError
from plugins.core.i18n import _

CONTENT_DIR = "content"


def staged_content(repo_root: Path) -> dict[Path, str]:
    """Staged added or modified files under content/, as {path relative to content/: text}.

    Undecodable files are passed on as text with replacement characters; the encoding rule
    then reports them like any other file.
    """
    try:
        repo = git.Repo(repo_root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as error:
        raise PortalError(_("'{path}' is not a git repository").format(path=repo_root)) \
            from error
    names = repo.git.diff("--cached", "--name-only", "--diff-filter=ACMR", "-z").split("\0")
    staged: dict[Path, str] = {}
    for name in filter(None, names):
        path = Path(name)
        if path.parts[0] != CONTENT_DIR:
            continue
        blob = repo.index.entries[(name, 0)].to_blob(repo)
        data = blob.data_stream.read()
        staged[path.relative_to(CONTENT_DIR)] = data.decode("utf-8", errors="replace")
    return staged
