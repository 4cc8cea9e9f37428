"""Rejecting a submission: the reviewer where it waits records why, and takes it back out of
every stage it had reached, keeping their history.

A stage branch only grows by merges (structure.py), so a rejection cannot be a revert commit
on it. Instead the reviewer makes a rejection commit on the topic itself, signed, whose tree is
where the topic left main: it undoes the whole submission and carries the reason
(decisions.py). That commit then goes to every stage that held the topic as an honest signed
merge, which removes exactly the topic's changes from it. The topic branch moves to the
rejection too: the author's rework starts there (`git revert` of it brings the text back to
edit), so the reworked topic merges cleanly into the stages it was taken out of, and, being a
new commit, starts again at the first stage.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import Eligibility, Roster, Stage, load_roster, load_workflow
from workflow.approval.approve import PUBLIC_BRANCH, clone_person, next_stage, signed_merge
from workflow.approval.decisions import REASON, REJECTED_BY, clean_reason, is_rejection
from workflow.approval.people import (
    ITEMS,
    ROLE,
    STAGE,
    Submission,
    stand_in,
    submission_eligibility,
    submission_of,
    trusted_configuration,
)
from workflow.approval.structure import fork_point
from workflow.gitcmd import Git, GitError


@dataclass(frozen=True)
class Rejection:
    topic: str  # the topic branch on the server
    commit: str  # the rejection commit, now the topic's tip
    waiting: Stage  # where the topic waited when it was rejected
    removed_from: tuple[str, ...]  # the stage branches it was taken out of
    pushed: bool


def topic_branch(topic_ref: str, remote: str, stages: list[Stage]) -> str:
    """The server's name of the topic branch `topic_ref` names (`origin/bai/x` → `bai/x`)."""
    name = topic_ref.removeprefix("refs/remotes/").removeprefix(f"{remote}/")
    if name in {stage.branch for stage in stages}:
        raise PortalError(_("{branch} is a stage branch, not a submission").format(branch=name))
    return name


def _reviewer(roster: Roster, person: str, chain: list[Stage], waiting: Stage, *,
              submission: Submission, on: dt.date) -> Eligibility:
    """The role in which `person` may decide on the submission where it waits, or at a later
    stage of its chain; the refusal at the waiting stage when there is none."""
    verdicts = [submission_eligibility(roster, person, stage, submission, on)
                for stage in chain[chain.index(waiting):]]
    allowed = next((verdict for verdict in verdicts if verdict.allowed), None)
    if allowed is not None:
        return allowed
    raise PortalError(_("you may not reject this submission: it waits at {stage}, and {reason}")
                      .format(stage=waiting.branch, reason=verdicts[0].message()))


def _trailers(person: str, role: str, stage: str, reason: str,
              items: tuple[str, ...] | None) -> str:
    lines = [f"{REJECTED_BY}: {person}", f"{ROLE}: {role}", f"{STAGE}: {stage}",
             f"{REASON}: {reason}"]
    if items is not None:
        lines.append(f"{ITEMS}: " + "\n ".join(items))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def reject(git: Git, topic_ref: str, *, reason: str, remote: str = "origin",
           push: bool = True, today: dt.date | None = None) -> Rejection:
    """Reject the submission `topic_ref` with `reason`, as its reviewer; raise PortalError
    with the reason when this person may not, or when it cannot be taken out cleanly."""
    reason = clean_reason(reason)
    git.run("fetch", "--quiet", remote)
    topic = git.rev_parse(f"{topic_ref}^{{commit}}")
    main_tip = git.branch_tip(PUBLIC_BRANCH, remote)
    if main_tip is None:
        raise PortalError(_("the server has no main branch yet"))
    if git.is_ancestor(topic, main_tip):
        raise PortalError(_("this submission is already published: withdraw the item with "
                            "'portal withdraw' instead"))
    if is_rejection(git.read_commits([topic])[0]):
        raise PortalError(_("this submission is already rejected; it waits for its author"))
    with tempfile.TemporaryDirectory(prefix="portal-reject-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch) / "config")
        workflow, roster = load_workflow(config_dir), load_roster(config_dir)
        branch = topic_branch(topic_ref, remote, list(workflow.stages))
        submission = submission_of(git, stand_in(main_tip, topic),
                                   agency=load_agency(config_dir), main_tip=main_tip)
        chain = workflow.stages_for(submission.sensitive)
        waiting = next_stage(git, remote, topic, chain)
        reached = chain[:chain.index(waiting)]
        person = clone_person(git, roster)
        role = _reviewer(roster, person, chain, waiting, submission=submission,
                         on=today or dt.date.today()).role
        fork = fork_point(git, main_tip, topic)
        if fork is None:
            raise PortalError(_("this topic does not start from main"))
        rejection = git.run(
            "commit-tree", "-S", f"{fork}^{{tree}}", "-p", topic, "-m",
            f"Trả lại {branch}: {reason}\n\n" + _trailers(
                person, role, waiting.branch, reason, submission.paths)).strip()
        merges = [(stage.branch, _take_out(
            git, remote, stage, rejection, scratch=Path(scratch),
            message=f"Trả lại {branch}, gỡ khỏi {stage.branch}\n\n" + _trailers(
                person, role, stage.branch, reason, None)))
            for stage in reached]
    if push:
        git.run("push", "--quiet", "--atomic", remote, f"{rejection}:refs/heads/{branch}",
                *(f"{merge}:refs/heads/{stage}" for stage, merge in merges))
    return Rejection(branch, rejection, waiting, tuple(stage for stage, _merge in merges), push)


def _take_out(git: Git, remote: str, stage: Stage, rejection: str, *, message: str,
              scratch: Path) -> str:
    """The signed merge of the rejection into `stage`, which takes the topic out of it."""
    try:
        return signed_merge(git, remote, stage.branch, rejection, message=message,
                            scratch=scratch)
    except GitError as error:
        raise PortalError(_(
            "the submission cannot be taken out of {stage} automatically: a submission "
            "approved there later changed the same files. Ask the administrator. ({problem})"
        ).format(stage=stage.branch, problem=error.stderr.strip())) from error
