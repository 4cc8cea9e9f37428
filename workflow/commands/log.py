"""`portal log PATH`: an item's whole trail (submitted, approved at each stage, published),
read from git alone, as text for an inspector or JSON for a machine."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from plugins.core.i18n import _
from workflow.cli_options import add_message_language

if TYPE_CHECKING:
    from workflow.approval.trail import TrailEvent
    from workflow.gitcmd import Git


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "log", help=_("an item's trail: who submitted, rejected, approved and published it"),
        description=_("List, oldest first, every commit that changed the item, every approval "
                      "of it at each stage with its signature as git verifies it today, and its "
                      "publication, from the server's branches (run 'git fetch' first)."))
    parser.add_argument("path", metavar=_("PATH"),
                        help=_("the content file, relative to the repository or the current "
                               "folder (e.g. content/news/2026/x.vi.md)"))
    parser.add_argument("--remote", default="origin",
                        help=_("the server's remote name (default: origin)"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("text for people (default) or json for machines"))
    add_message_language(parser)
    parser.set_defaults(handler=run)


def _top(git: Git) -> Path | None:
    """The working tree's top folder (git reads paths from the folder it runs in, so the trail
    is read from there); None in a bare repository."""
    if git.run("rev-parse", "--is-bare-repository").strip() == "true":
        return None
    return Path(git.run("rev-parse", "--show-toplevel").strip()).resolve()


def repository_path(git: Git, path: str) -> str:
    """PATH as the repository names it. `content/...` is read from the repository's top; any
    other relative path from the current folder, as a shell completes it; a bare repository
    has no folder of its own, so the path is taken as given."""
    top = _top(git)
    given = Path(path)
    if top is None or (not given.is_absolute() and given.parts[:1] == ("content",)):
        return PurePosixPath(*given.parts).as_posix()
    where = (given if given.is_absolute() else Path(os.getcwd()) / given).resolve()
    if not where.is_relative_to(top):
        return PurePosixPath(*given.parts).as_posix()
    return where.relative_to(top).as_posix()


def _signature_line(event: TrailEvent) -> str:
    if event.signature == "unsigned":
        return _("    signature: none (the merge is not signed)")
    if event.signature == "good" and event.signer:
        return _("    signature: good, key {key} of {signer}").format(key=event.key,
                                                                    signer=event.signer)
    if event.signature == "good":
        return _("    signature: good, key {key}").format(key=event.key)
    return _("    signature: BAD, key {key}").format(key=event.key or "-")


def _text(event: TrailEvent) -> list[str]:
    """The lines of one event: a headline, and for an approval its delegation and signature."""
    commit = event.commit[:12]
    if event.kind in ("submitted", "changed"):
        headline = (_("{date}  submitted by {name} <{email}> (commit {commit})")
                    if event.kind == "submitted" else
                    _("{date}  changed by {name} <{email}> (commit {commit})"))
        return [headline.format(date=event.date, name=event.name, email=event.email,
                                commit=commit)]
    if event.kind == "rejected":
        return [_("{date}  rejected at {stage} by {person}: {reason} (commit {commit})").format(
            date=event.date, stage=event.stage or "-", person=event.person, reason=event.reason,
            commit=commit)]
    if event.kind == "reviewed":
        return [_("{date}  urgent decision {commit} reviewed afterwards by {name} ({person}) as "
                  "{role}").format(date=event.date, commit=commit, name=event.name,
                                   person=event.person or "-", role=event.role or "-")]
    if event.kind == "published":
        return [_("{date}  published on {stage} (merge {commit})").format(
            date=event.date, stage=event.stage, commit=commit)]
    lines = [_("{date}  approved at {stage} by {name} ({person}) as {role} (merge {commit})")
             .format(date=event.date, stage=event.stage, name=event.name,
                     person=event.person or "-", role=event.role or "-", commit=commit)]
    if event.reason:
        lines.append(_("    urgent, past the chain (000 Đ19.4): {reason}").format(
            reason=event.reason))
    if event.acting_for:
        lines.append(_("    acting for {name} ({person})").format(name=event.acting_for_name,
                                                                  person=event.acting_for))
    return [*lines, _signature_line(event)]


def render_text(path: str, events: list[TrailEvent]) -> str:
    lines = [_("Trail of {path}:").format(path=path)]
    lines += [line for event in events for line in _text(event)]
    return "\n".join(lines)


def render_json(path: str, events: list[TrailEvent]) -> str:
    """Stable English keys and values (kind, signature): a machine must not depend on the
    reader's language."""
    return json.dumps({"path": path, "events": [dataclasses.asdict(event) for event in events]},
                      ensure_ascii=False, indent=2)


def run(args: argparse.Namespace) -> int:
    from workflow.approval.trail import trail  # noqa: PLC0415 - git code only when asked
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415

    try:
        git = Git(args.repo)
        path = repository_path(git, args.path)
        events = trail(Git(_top(git) or args.repo), path, remote=args.remote)
    except GitError as error:
        print(_("error: {problem}").format(problem=error.stderr.strip() or error),
              file=sys.stderr)
        return 1
    if not events:
        print(_("error: no branch of {remote} holds a change to {path}: it was never "
                "submitted (or run 'git fetch {remote}' first)").format(remote=args.remote,
                                                                        path=path),
              file=sys.stderr)
        return 1
    print(render_json(path, events) if args.format == "json" else render_text(path, events))
    return 0
