"""Judge a whole push, or a branch's history, with every approval rule.

The server's pre-receive hook and `portal verify` ask the same question: does what these stage
branches gained consist only of honest approvals by eligible, signing people? The structural
rules (`structure.py`) need git objects only; the people rules (`people.py`) need the roster,
which is read from trusted state: `main` as it was before the push (WORKFLOW-NOTES lesson 6),
never from the pushed commits. A configuration that cannot be read fails closed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import load_workflow
from workflow.approval.notes import judge_received, read_notes
from workflow.approval.people import judge_people, trusted_configuration
from workflow.approval.review import (
    REVIEW_PREFIX,
    judge_review_update,
    overdue_violations,
    urgent_decisions,
)
from workflow.approval.structure import (
    HEADS,
    Violation,
    first_parent_chain,
    judge_range,
    judge_update,
    stage_index,
)
from workflow.gitcmd import Commit, Git, GitError, is_zero_id

PUBLIC_BRANCH = "main"


@dataclass(frozen=True)
class RefUpdate:
    """One line of what git gives a pre-receive hook: `old new ref`."""

    old: str
    new: str
    ref: str

    @classmethod
    def parse(cls, line: str) -> RefUpdate:
        old, new, ref = line.split()
        return cls(old, new, ref)


def _configuration_violation(error: Exception) -> Violation:
    return Violation("config", None, _(
        "the approval configuration of main cannot be read, so nothing can be approved until "
        "it is repaired: {problem}").format(problem=error))


def _stage_names(config_dir: Path) -> list[str]:
    return [stage.branch for stage in load_workflow(config_dir).stages]


def _chain_for(config_dir: Path, ref: str) -> list[str]:
    """The chain a branch is judged in: a stage only sensitive items pass (the director's) sits
    in the sensitive chain; every other stage in the ordinary one, whose stage before `main` is
    the board. That a sensitive item did pass the director is a people rule (`missing-stage`)."""
    workflow = load_workflow(config_dir)
    sensitive_only = {stage.branch for stage in workflow.stages if stage.sensitive_only}
    sensitive = ref.removeprefix(HEADS) in sensitive_only
    return [stage.branch for stage in workflow.stages_for(sensitive)]


def stage_branches(git: Git, trusted: str) -> list[str]:
    """The stage branches (main last) as the workflow configuration at `trusted` lists them."""
    with tempfile.TemporaryDirectory(prefix="portal-trusted-") as scratch:
        return _stage_names(trusted_configuration(git, trusted, Path(scratch)))


def _gained_merges(git: Git, old: str, new: str) -> list[Commit]:
    """The approval merges a branch gains: its first-parent chain from `new` back to `old`."""
    if is_zero_id(new):
        return []
    commits = {commit.id: commit for commit in git.commits(
        new if is_zero_id(old) else f"{old}..{new}")}
    return [commit for commit in first_parent_chain(commits, new) if len(commit.parents) == 2]


def judge_push(git: Git, updates: Sequence[RefUpdate], *, received: dt.datetime,
               pusher: str | None = None) -> list[tuple[str, Violation]]:
    """(ref, violation) for every rule the push breaks; an empty list lets it in."""
    trusted = git.branch_tip(PUBLIC_BRANCH)
    with tempfile.TemporaryDirectory(prefix="portal-trusted-") as scratch:
        try:
            config_dir = trusted_configuration(git, trusted, Path(scratch)) if trusted else None
            stages = _stage_names(config_dir) if config_dir else [PUBLIC_BRANCH]
        except (PortalError, GitError) as error:
            return [(update.ref, _configuration_violation(error)) for update in updates
                    if update.ref.startswith((HEADS, REVIEW_PREFIX))]
        found: list[tuple[str, Violation]] = []
        for update in updates:
            if update.ref.startswith(REVIEW_PREFIX):
                found += [(update.ref, violation) for violation in _review(
                    git, update, config_dir=config_dir, received=received)]
                continue
            if stage_index(update.ref, stages) is None:
                continue
            chain = _chain_for(config_dir, update.ref) if config_dir else stages
            violations = judge_update(git, update.ref, update.old, update.new, chain)
            if not violations and config_dir is not None:
                violations = _people(git, update.ref, _gained_merges(git, update.old, update.new),
                                     config_dir=config_dir, received=received, pusher=pusher)
            found += [(update.ref, violation) for violation in violations]
    return found


def _review(git: Git, update: RefUpdate, *, config_dir: Path | None,
            received: dt.datetime) -> list[Violation]:
    if config_dir is None:
        return [Violation("review", None, _("there is no main yet, so nothing to review"))]
    try:
        return judge_review_update(git, update.ref, update.old, update.new,
                                   config_dir=config_dir, received=received)
    except PortalError as error:
        return [_configuration_violation(error)]


def _people(git: Git, ref: str, merges: list[Commit], *, config_dir: Path,
            received: dt.datetime, pusher: str | None = None,
            forge: bool = False) -> list[Violation]:
    try:
        return judge_people(git, ref, merges, config_dir=config_dir, received=received,
                            pusher=pusher, forge=forge)
    except PortalError as error:
        return [_configuration_violation(error)]


def verify_history(git: Git, *, received: dt.datetime, as_of: dt.date | None = None,
                   forge: bool = False) -> list[tuple[str, Violation]]:
    """Every stage branch's whole history against every rule, with today's configuration of
    main as the trusted roster and the receive times the server noted (`portal verify`, run
    by CI on every push), and the urgent decisions still unreviewed on `as_of` (default: the
    day of `received`). With `forge`, web merges are signed by the forge, not the approver:
    who merged is read from the merge's author as the forge records it, mapped to the roster
    by e-mail, and the signature, date and trailer rules are left out (docs/forge.md)."""
    trusted = git.branch_tip(PUBLIC_BRANCH)
    if trusted is None:
        return []
    with tempfile.TemporaryDirectory(prefix="portal-trusted-") as scratch:
        try:
            config_dir = trusted_configuration(git, trusted, Path(scratch))
            stages = _stage_names(config_dir)
        except (PortalError, GitError) as error:
            return [(PUBLIC_BRANCH, _configuration_violation(error))]
        found: list[tuple[str, Violation]] = []
        notes = read_notes(git)
        for branch in stages:
            tip = git.branch_tip(branch)
            if tip is None:
                continue
            violations = judge_range(git, HEADS + branch, tip,
                                     _chain_for(config_dir, HEADS + branch))
            merges = _gained_merges(git, "0" * 40, tip)
            violations += _people(git, HEADS + branch, merges, config_dir=config_dir,
                                  received=received, forge=forge)
            if not forge:
                violations += judge_received(notes, branch, merges, reported=violations)
            found += [(branch, violation) for violation in violations]
        if not forge:
            found += [(PUBLIC_BRANCH, violation) for violation in _urgent(
                git, trusted, config_dir, received=received, as_of=as_of)]
    return found


def _urgent(git: Git, main_tip: str, config_dir: Path, *, received: dt.datetime,
            as_of: dt.date | None) -> list[Violation]:
    """Review tags that clear nothing, and urgent decisions waiting past their review time."""
    day = as_of or received.astimezone(AGENCY_TIMEZONE).date()
    decisions, bad = urgent_decisions(git, main_tip, config_dir, as_of=day, now=received)
    return bad + overdue_violations(decisions, load_workflow(config_dir).urgent_review_days)
