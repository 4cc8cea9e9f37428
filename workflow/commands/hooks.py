"""`portal install-hooks` / `portal uninstall-hooks`: `portal check --staged` before every
commit of an editor, as a git pre-commit hook.

Done the way the pre-commit framework does it, so the two behave alike for a maintainer: the
hooks folder is whatever `git rev-parse --git-path hooks` says (a worktree shares its main
repository's hooks, `core.hooksPath` moves them), a hook that was there before is kept as
`pre-commit.legacy` and run first, our hook is recognised by its marker line, and uninstalling
puts the previous hook back.
"""

from __future__ import annotations

import argparse
import os
import shlex
import stat
import sys
from pathlib import Path

from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.cli_options import add_message_language
from workflow.staged import require_repository, run_git

MARKER = "# installed by portal install-hooks"
HOOK_NAME = "pre-commit"
LEGACY_NAME = f"{HOOK_NAME}.legacy"
EXECUTABLE = stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


def hook_script() -> str:
    """The hook: the previous hook first, then the check, with this very Python (the venv need
    not be on PATH) and the checkout's top folder (git may run it from any worktree).

    Both always run, so the editor sees every problem at once; either failing stops the commit.
    """
    python = shlex.quote(sys.executable)
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Runs the hook that was here before (pre-commit.legacy), then 'portal check --staged'.\n"
        "# 'portal uninstall-hooks' removes this hook and puts the previous one back.\n"
        "status=0\n"
        f'legacy="$(dirname "$0")/{LEGACY_NAME}"\n'
        'if [ -x "$legacy" ]; then\n'
        '    "$legacy" "$@" || status=$?\n'
        "fi\n"
        'top="$(git rev-parse --show-toplevel)" || exit 1\n'
        f'{python} -m workflow.cli --repo "$top" check --staged || status=$?\n'
        'exit "$status"\n'
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "install-hooks", help=_("check staged content before every commit (git pre-commit)"),
        description=_("Install a git pre-commit hook that runs 'portal check --staged'. A "
                      "pre-commit hook already there is kept as pre-commit.legacy and runs "
                      "first."))
    parser.add_argument("--force", action="store_true",
                        help=_("delete the pre-commit hook that was there before (and "
                               "pre-commit.legacy) instead of keeping it"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def register_uninstall(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "uninstall-hooks", help=_("remove the pre-commit hook of 'portal install-hooks'"),
        description=_("Remove the git pre-commit hook that 'portal install-hooks' installed "
                      "and put back the hook it kept as pre-commit.legacy."))
    add_message_language(parser)
    parser.set_defaults(handler=run_uninstall)


def hooks_folder(repo: Path) -> Path:
    """Where git looks for this checkout's hooks (worktrees and core.hooksPath included)."""
    require_repository(repo)
    output = run_git(repo, "rev-parse", "--git-path", "hooks")
    return Path(repo).resolve() / os.fsdecode(output.rstrip(b"\n"))


def is_ours(hook: Path) -> bool:
    """Whether `hook` carries our marker line (hooks of older portal versions included)."""
    try:
        lines = hook.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    return any(line.startswith(MARKER) for line in lines)


def _set_aside(hook: Path, legacy: Path, force: bool) -> None:
    """Make room for our hook where a foreign one is: keep it as the legacy hook, or delete it
    with --force; never overwrite a legacy hook without --force."""
    if force:
        hook.unlink()
        print(_("Removed the previous hook {path} (--force).").format(path=hook))
    elif os.path.lexists(legacy):
        raise PortalError(_("this pre-commit hook was not installed by portal, and {legacy} "
                            "exists too: merge the two into {legacy} and run again, or run "
                            "with --force to replace both").format(legacy=legacy), hook)
    else:
        os.replace(hook, legacy)
        print(_("Kept the previous hook as {path}.").format(path=legacy))


def run(args: argparse.Namespace) -> int:
    folder = hooks_folder(args.repo)
    folder.mkdir(parents=True, exist_ok=True)
    hook, legacy = folder / HOOK_NAME, folder / LEGACY_NAME
    if os.path.lexists(hook) and not is_ours(hook):
        _set_aside(hook, legacy, args.force)
    if args.force and os.path.lexists(legacy):
        legacy.unlink()
        print(_("Removed the previous hook {path} (--force).").format(path=legacy))
    write_text(hook, hook_script())
    hook.chmod(hook.stat().st_mode | EXECUTABLE)
    print(_("Installed {path}: every commit now runs 'portal check --staged'.").format(
        path=hook))
    if os.path.lexists(legacy):
        print(_("The previous hook {path} runs first; its failure stops the commit too.").format(
            path=legacy))
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    folder = hooks_folder(args.repo)
    hook, legacy = folder / HOOK_NAME, folder / LEGACY_NAME
    if os.path.lexists(hook):
        if not is_ours(hook):
            raise PortalError(_("this pre-commit hook was not installed by 'portal "
                                "install-hooks'; it is left as it is"), hook)
        hook.unlink()
        print(_("Removed {path}: commits are no longer checked by portal.").format(path=hook))
    elif not os.path.lexists(legacy):
        print(_("There is no pre-commit hook in {path}: nothing to remove.").format(
            path=folder))
        return 0
    if os.path.lexists(legacy):
        os.replace(legacy, hook)
        print(_("Put the previous hook back: {path}.").format(path=hook))
    return 0
