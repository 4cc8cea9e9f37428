"""Approving a submission: a signed merge of its topic into the next stage, made in the
approver's own clone and pushed to the server, whose hook judges it again.

The approver's clone checks first what the server will check (eligibility, self-approval, the
royalty grade the deputy chief may give with it), so a refusal comes as a sentence before
anything is signed, not as a rejected push. The merge is made in a temporary worktree, so the
approver's own checkout and uncommitted work are never touched.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import Eligibility, Roster, Stage, Workflow, load_roster, load_workflow
from workflow.approval.decisions import URGENT, clean_reason
from workflow.approval.grades import grade_refusal, grading_of
from workflow.approval.people import (
    Submission,
    approval_trailers,
    stand_in,
    submission_eligibility,
    submission_of,
    trusted_configuration,
)
from workflow.gitcmd import Git

PUBLIC_BRANCH = "main"


@dataclass(frozen=True)
class Approval:
    stage: Stage
    merge: str  # the id of the signed merge commit
    pushed: bool


def next_stage(git: Git, remote: str, topic: str, stages: list[Stage]) -> Stage:
    """The first stage whose branch does not yet hold the topic's tip."""
    for stage in stages:
        tip = git.branch_tip(stage.branch, remote)
        if tip is None or not git.is_ancestor(topic, tip):
            return stage
    raise PortalError(_("this submission is already published: every stage holds it"))


def clone_person(git: Git, roster: Roster) -> str:
    """Who works in this clone: the roster person of git's `user.email`."""
    email = git.run("config", "user.email").strip()
    person = roster.person_for_email(email)
    if person is not None:
        return person
    raise PortalError(_("your git e-mail '{email}' belongs to nobody in the roster; set "
                        "user.email to the address agency.yaml gives you").format(email=email))


def approve(git: Git, topic_ref: str, *, remote: str = "origin", push: bool = True,
            today: dt.date | None = None, urgent: str | None = None,
            grade: str | None = None) -> Approval:
    """Merge `topic_ref` into its next stage with a signed merge carrying the approval
    trailers, then push it; raise PortalError with the reason when the approver may not.
    With `urgent` (the reason), publish it straight into main past the chain (000 Đ19.4),
    which only those workflow.yaml's `urgent` names may do, to be reviewed afterwards.
    With `grade`, record that royalty grade on the merge (`Grade:`), which reports.yaml must
    list and let the approver's role give (grades.py)."""
    git.run("fetch", "--quiet", remote)
    topic = git.rev_parse(topic_ref)
    main_tip = git.branch_tip(PUBLIC_BRANCH, remote)
    if main_tip is None:
        raise PortalError(_("the server has no main branch yet"))
    on = today or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="portal-approve-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch) / "config")
        workflow, roster = load_workflow(config_dir), load_roster(config_dir)
        agency = load_agency(config_dir)

        def against(stage: Stage) -> Submission:
            """What merging the topic into `stage` approves, as the server will compute it
            from the real merge: the stage's tip first, the topic second."""
            return submission_of(git, stand_in(stage_base(git, remote, stage.branch), topic),
                                 agency=agency, main_tip=main_tip)

        first = next_stage(git, remote, topic, workflow.stages_for(sensitive=False))
        submission = against(first)
        stage = next_stage(git, remote, topic, workflow.stages_for(submission.sensitive))
        if stage != first:
            submission = against(stage)
        if urgent is not None:
            chain = workflow.stages_for(submission.sensitive)
            if any(later.sensitive_only for later in chain[chain.index(stage):]):
                raise PortalError(_("a sensitive item passes the director even when urgent: "
                                    "it waits at {stage}").format(stage=stage.branch))
            stage = workflow.stages[-1]
            submission = against(stage)
        person = clone_person(git, roster)
        if roster.people[person].email.lower() in {a.lower() for a in submission.authors}:
            raise PortalError(_("you wrote or committed part of this submission: someone else "
                                "must approve it"))
        eligibility = (_urgent_eligibility(roster, workflow, person, submission=submission,
                                           on=on, reason=urgent)
                       if urgent is not None else
                       _stage_eligibility(roster, person, stage, submission, on))
        if grade is not None:
            grade = _checked_grade(grade, config_dir, eligibility, submission)
        message = _merge_message(topic_ref, stage) + "\n\n" + approval_trailers(
            person, eligibility.role, stage.branch, submission, eligibility.acting_for,
            grade=grade)
        if urgent is not None:
            message += f"{URGENT}: {clean_reason(urgent)}\n"
        merge = signed_merge(git, remote, stage.branch, topic, message=message,
                              scratch=Path(scratch))
    if push:
        git.run("push", "--quiet", remote, f"{merge}:refs/heads/{stage.branch}")
    return Approval(stage=stage, merge=merge, pushed=push)


def _stage_eligibility(roster: Roster, person: str, stage: Stage, submission: Submission,
                       on: dt.date) -> Eligibility:
    """The role in which `person` approves the submission into `stage` for every unit."""
    eligibility = submission_eligibility(roster, person, stage, submission, on)
    if not eligibility.allowed:
        raise PortalError(eligibility.message())
    return eligibility


def _urgent_eligibility(roster: Roster, workflow: Workflow, person: str, *,
                        submission: Submission, on: dt.date, reason: str) -> Eligibility:
    """The role in which `person` may act urgently; what the server refuses, said first."""
    clean_reason(reason)
    if submission.config_changed:
        raise PortalError(_("a change to content/_config/ or to the code is never urgent: it "
                            "goes through the whole chain"))
    eligibility = roster.may_act(person, workflow.urgent, on=on)
    if not eligibility.allowed:
        raise PortalError(eligibility.message())
    return eligibility


def _checked_grade(code: str, config_dir: Path, eligibility: Eligibility,
                   submission: Submission) -> str:
    """The grade as the trailer will hold it (`b` is `B`), refused as the server would refuse
    it: a code reports.yaml lists, a grader role, a submission holding items."""
    code = code.strip().upper()
    refusal = grade_refusal(code, role=eligibility.role, has_items=bool(submission.items),
                            grading=grading_of(config_dir))
    if refusal is not None:
        raise PortalError(refusal)
    return code


def _merge_message(topic_ref: str, stage: Stage) -> str:
    return f"Duyệt {topic_ref} vào {stage.branch}"


def stage_base(git: Git, remote: str, branch: str) -> str:
    """The commit an approval into `branch` sits on: the stage's tip on the server, or main's
    while the stage branch does not exist yet."""
    return git.branch_tip(branch, remote) or git.rev_parse(
        f"refs/remotes/{remote}/{PUBLIC_BRANCH}")


def signed_merge(git: Git, remote: str, branch: str, topic: str, *, message: str,
                 scratch: Path) -> str:
    """The signed `--no-ff` merge, made in a throwaway worktree of the stage's tip."""
    worktree = scratch / "worktree"
    git.run("worktree", "add", "--quiet", "--detach", str(worktree),
            stage_base(git, remote, branch))
    try:
        Git(worktree).run("merge", "--quiet", "--no-ff", "-S", "-m", message, topic)
        return Git(worktree).rev_parse("HEAD")
    finally:
        git.run("worktree", "remove", "--force", str(worktree))
