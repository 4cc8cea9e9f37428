"""`portal server init BARE-REPO`, `portal hook pre-receive` and `portal verify`: the approval
rules enforced where pushes arrive, and checked on history by anyone with a clone.

A plain git server needs nothing but its hooks: `server init` writes a `pre-receive` hook that
runs `portal hook pre-receive` with this very Python. The hook judges every pushed update of a
stage branch before any ref moves (WORKFLOW-NOTES lesson 1); git has put the pushed objects in
quarantine, and every git call inherits the variables that show them (`gitcmd.Git`). A
`post-receive` hook then notes the receive time on each approval merge the push brought
(`approval/notes.py`), which `portal verify` reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _, ngettext
from workflow.cli_options import add_message_language, iso_date

if TYPE_CHECKING:
    from workflow.approval.structure import Violation
    from workflow.gitcmd import Git

MARKER = "# installed by portal server init"
PUSHER_VARIABLE = "PORTAL_PUSHER"  # set by the server's forced SSH command: who is pushing


HOOKS = {
    "pre-receive": "every push to a stage branch or main is judged by the approval rules.",
    "post-receive": "the receive time of every approval merge is noted.",
}


def hook_script(name: str = "pre-receive") -> str:
    python = shlex.quote(sys.executable)
    return (f"#!/bin/sh\n{MARKER}: {HOOKS[name]}\n"
            f"exec {python} -m workflow.cli hook {name}\n")


def register(subparsers: argparse._SubParsersAction) -> None:
    server = subparsers.add_parser(
        "server", help=_("set up a git server that enforces the approval rules"),
        description=_("Install the hooks that judge every push of a stage branch or main "
                      "(pre-receive) and record when it arrived (post-receive)."))
    actions = server.add_subparsers(dest="server_command", metavar=_("ACTION"))
    init = actions.add_parser("init", help=_("install the hooks in a bare repository"))
    init.add_argument("bare", type=Path, metavar=_("BARE-REPO"))
    add_message_language(init)
    init.set_defaults(handler=run_init)

    hook = subparsers.add_parser("hook", help=_("run a server hook (git calls it)"))
    hook.add_argument("name", choices=tuple(HOOKS))
    add_message_language(hook)
    hook.set_defaults(handler=run_hook)

    verify = subparsers.add_parser(
        "verify", help=_("check every approval rule on the history of the stage branches"),
        description=_("Check the whole history of every stage branch and main against the "
                      "approval rules; one line per violation, exit 1 when there is one."))
    verify.add_argument("--forge", action="store_true",
                        help=_("web merges of a forge: who merged is the merge's author "
                               "mapped to the roster; no signature rules (docs/forge.md)"))
    verify.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help=_("count the working days urgent decisions have waited for their "
                               "review on this date (default: today)"))
    add_message_language(verify)
    verify.set_defaults(handler=run_verify)


def run_init(args: argparse.Namespace) -> int:
    bare = args.bare.resolve()
    if not (bare / "HEAD").is_file() or not (bare / "objects").is_dir():
        raise PortalError(_("'{path}' is not a bare git repository").format(path=args.bare))
    hooks = {name: bare / "hooks" / name for name in HOOKS}
    for name, hook in hooks.items():
        if hook.exists() and MARKER not in hook.read_text(encoding="utf-8", errors="replace"):
            raise PortalError(_("a {name} hook that portal did not install is already there; "
                                "merge it by hand").format(name=name), hook)
    from workflow.gitcmd import Git  # noqa: PLC0415 - git code only for git commands

    for name, hook in hooks.items():
        write_text(hook, hook_script(name))
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    hook = hooks["pre-receive"]
    git = Git(bare)
    git.run("config", "receive.denyDeletes", "true")
    git.run("config", "receive.denyNonFastForwards", "true")
    print(_("Installed {path}: pushes to stage branches and main are judged by the approval "
            "rules.").format(path=hook))
    print(_("Installed {path}: the receive time of every approval merge is noted under "
            "refs/notes/portal-received.").format(path=hooks["post-receive"]))
    for branch in _create_stage_branches(git):
        print(_("Created the stage branch {branch} from main.").format(branch=branch))
    return 0


def _create_stage_branches(git: Git) -> list[str]:
    """Stage branches start at main (a later one may only be created there, by this command);
    without main there is nothing to start them from yet."""
    from workflow.approval.push import PUBLIC_BRANCH, stage_branches  # noqa: PLC0415

    main_tip = git.branch_tip(PUBLIC_BRANCH)
    if main_tip is None:
        return []
    created = []
    for branch in stage_branches(git, main_tip):
        if git.branch_tip(branch) is None:
            git.run("update-ref", f"refs/heads/{branch}", main_tip)
            created.append(branch)
    return created


def _report(found: list[tuple[str, Violation]]) -> None:
    for ref, violation in found:
        where = f" {violation.commit[:12]}" if violation.commit else ""
        print(f"{ref}{where}: [{violation.rule}] {violation.message}", file=sys.stderr)
    count = len(found)
    print(ngettext("{count} violation of the approval rules.",
                   "{count} violations of the approval rules.", count).format(count=count),
          file=sys.stderr)


def run_hook(args: argparse.Namespace) -> int:
    return run_post_receive() if args.name == "post-receive" else run_pre_receive()


def run_post_receive() -> int:
    """Runs after the refs moved, outside quarantine: it can write the notes ref. The push is
    already accepted, so a failure here is reported and changes nothing else."""
    from workflow.approval.notes import record_received  # noqa: PLC0415
    from workflow.approval.push import PUBLIC_BRANCH, RefUpdate, stage_branches  # noqa: PLC0415
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    updates = [RefUpdate.parse(line) for line in sys.stdin.read().splitlines() if line.strip()]
    git = Git(Path.cwd())
    try:
        main_tip = git.branch_tip(PUBLIC_BRANCH)
        stages = stage_branches(git, main_tip) if main_tip else [PUBLIC_BRANCH]
        record_received(git, updates, stages, received=dt.datetime.now(dt.UTC),
                        pusher=os.environ.get(PUSHER_VARIABLE))
    except (GitError, PortalError) as error:
        print(_("the receive time of this push could not be noted ({error})").format(
            error=error), file=sys.stderr)
        return 1
    return 0


def run_pre_receive() -> int:
    from workflow.approval.push import RefUpdate, judge_push  # noqa: PLC0415
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    updates = [RefUpdate.parse(line) for line in sys.stdin.read().splitlines() if line.strip()]
    try:
        found = judge_push(Git(Path.cwd()), updates, received=dt.datetime.now(dt.UTC),
                           pusher=os.environ.get(PUSHER_VARIABLE))
    except GitError as error:
        print(_("push refused: the approval rules could not be judged ({error})").format(
            error=error), file=sys.stderr)
        return 1
    if found:
        _report(found)
        return 1
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from workflow.approval.push import verify_history  # noqa: PLC0415
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        found = verify_history(Git(args.repo), received=dt.datetime.now(dt.UTC),
                               as_of=args.as_of, forge=args.forge)
    except GitError as error:
        raise PortalError(str(error)) from error
    if found:
        _report(found)
        return 1
    print(_("Every approval on the stage branches and main follows the rules."))
    return 0
