"""`portal ci preview BRANCH`: a stage branch built as the approvers will see it, in its own
folder: every page says "preview: not published" in its language and asks search engines not to
index it, drafts are shown under /drafts/ and the internal deadlines dashboard is there. The
branch is checked out into a temporary worktree, so the repository's own checkout is untouched.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.build import build_site
from workflow.gitcmd import Git, GitError

BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,200}")


def preview(repo: Path, branch: str, out: Path, *, as_of: dt.date | None = None) -> Path:
    """Build `branch` into `out/<branch with / as ->/` and return that folder."""
    if not BRANCH.fullmatch(branch) or ".." in branch:
        raise PortalError(_("'{branch}' is not a branch name").format(branch=branch))
    git = Git(repo)
    try:
        commit = git.run("rev-parse", "--verify", f"{branch}^{{commit}}").strip()
    except GitError as error:
        raise PortalError(_("there is no branch '{branch}'").format(branch=branch)) from error
    target = out / branch.replace("/", "-")
    with tempfile.TemporaryDirectory(prefix="portal-preview-") as folder:
        worktree = Path(folder) / "tree"
        git.run("worktree", "add", "--quiet", "--detach", str(worktree), commit)
        try:
            out.mkdir(parents=True, exist_ok=True)
            build_site(worktree, output=target, as_of=as_of)
        finally:
            git.run("worktree", "remove", "--force", str(worktree))
    return target
