"""`portal sync`: bring every stage branch up to date with what `main` published.

A stage branch that lacks main's tip makes the next submission's approval merge the published
changes in again, or conflict with them. Syncing is a signed `--no-ff` merge of main into the
stage, made in a temporary worktree as an approval is (`approve.signed_merge`) and pushed. The
server's hook lets it in: the structural rules allow main's own first-parent history into a stage,
and the people rules judge such a merge for signature, key and dates only, since it approves
nothing new. Any person of the roster with a valid key may therefore run it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import load_workflow
from workflow.approval.approve import PUBLIC_BRANCH, signed_merge
from workflow.approval.people import trusted_configuration
from workflow.gitcmd import Git

SYNC_TRAILER = "Sync: main"


@dataclass(frozen=True)
class Synced:
    """One stage branch brought up to date: the signed merge, and whether it was pushed."""

    branch: str
    merge: str
    pushed: bool


def behind(git: Git, remote: str, main_tip: str, config_dir: Path) -> list[str]:
    """The stage branches (workflow.yaml of main, main itself excluded) that exist on the
    server and do not hold main's tip; a missing one is `portal server init`'s to create."""
    stages = [stage.branch for stage in load_workflow(config_dir).stages
              if stage.branch != PUBLIC_BRANCH]
    return [branch for branch in stages
            if (tip := git.branch_tip(branch, remote)) is not None
            and not git.is_ancestor(main_tip, tip)]


def sync(git: Git, *, remote: str = "origin", push: bool = True) -> list[Synced]:
    """Merge `<remote>/main` into every stage branch that lacks it, signed, and push each."""
    git.run("fetch", "--quiet", remote)
    main_tip = git.branch_tip(PUBLIC_BRANCH, remote)
    if main_tip is None:
        raise PortalError(_("the server has no main branch yet"))
    done = []
    with tempfile.TemporaryDirectory(prefix="portal-sync-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch) / "config")
        for branch in behind(git, remote, main_tip, config_dir):
            message = f"Đồng bộ {PUBLIC_BRANCH} vào {branch}\n\n{SYNC_TRAILER}"
            merge = signed_merge(git, remote, branch, main_tip, message=message,
                                 scratch=Path(scratch))
            if push:
                git.run("push", "--quiet", remote, f"{merge}:refs/heads/{branch}")
            done.append(Synced(branch, merge, push))
    return done
