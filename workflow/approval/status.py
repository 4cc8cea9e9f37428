"""Every open submission of a clone's remote: where it stands, who acts next, since when.

`portal status` answers the question the paper forms answered badly: which submissions wait,
at which desk, for how many working days (003 Đ12.3 gives the editorial board 2). It reads only
what the last fetch brought: remote-tracking branches and the configuration published at the
remote's `main` (the same trusted state the approval rules use), so two people looking at the
same fetch see the same answer, and nothing here writes to the repository.

A submission is a remote branch that is neither a stage branch nor a step of one (a ref left
pointing at an approval merge is a copy of a stage, not a topic) and whose tip `main` does not
hold yet. Its stage is the furthest stage branch holding its tip; a topic changed after an
approval holds a new tip no stage has, so it waits at the first stage again, as the rules say.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import Agency, load_agency
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import Roster, Stage, Workflow, load_roster, load_workflow
from plugins.core.workdays import WorkingCalendar, load_calendar
from workflow.approval.approve import next_stage
from workflow.approval.decisions import (
    REASON,
    REJECTED_BY,
    is_rejection,
    trailer,
    trailer_values,
)
from workflow.approval.people import (
    APPROVED_BY,
    CONTENT,
    MAIN,
    STAGE,
    Submission,
    stand_in,
    submission_eligibility,
    submission_of,
    trusted_configuration,
)
from workflow.approval.review import UrgentDecision, urgent_decisions
from workflow.gitcmd import Commit, Git


@dataclass(frozen=True)
class Approver:
    """A person of the roster who may approve the submission into its next stage."""

    id: str
    name: str
    email: str


@dataclass(frozen=True)
class RejectionNote:
    """Why and by whom a submission was sent back: what its author reads."""

    by: str  # person id
    name: str
    reason: str
    stage: str  # where it waited
    commit: str  # the rejection commit


@dataclass(frozen=True)
class OpenSubmission:
    """One submission waiting for an approval."""

    topic: str  # the branch name on the remote
    commit: str  # its tip
    items: tuple[str, ...]  # the paths under content/ it changes
    authors: tuple[str, ...]  # lower-case e-mails of its authors and committers
    reached: Stage | None  # the furthest stage holding it; None: not reviewed yet
    next: Stage
    approvers: tuple[Approver, ...]
    since: dt.datetime  # when it started waiting at `next`, in the agency's time zone
    working_days: int  # working days waited on the as-of date
    overdue: bool  # `next` has review_days and the wait exceeds them
    rejected: RejectionNote | None = None  # sent back: its authors act next


@dataclass(frozen=True)
class _Config:
    """The configuration published at the remote's main, loaded once for every submission."""

    workflow: Workflow
    roster: Roster
    agency: Agency
    calendar: WorkingCalendar


def _load_config(git: Git, main_tip: str) -> _Config:
    with tempfile.TemporaryDirectory(prefix="portal-status-") as scratch:
        content = trusted_configuration(git, main_tip, Path(scratch))
        return _Config(load_workflow(content), load_roster(content), load_agency(content),
                       load_calendar(content))


def _remote_branches(git: Git, remote: str) -> dict[str, str]:
    """Branch name → tip commit of every remote-tracking branch of `remote` (not its HEAD)."""
    prefix = f"refs/remotes/{remote}/"
    out = git.run("for-each-ref", "--format=%(objecttype) %(objectname) %(refname)", prefix)
    branches = {}
    for line in out.splitlines():
        kind, tip, ref = line.split(" ", 2)
        name = ref.removeprefix(prefix)
        if kind == "commit" and name != "HEAD":
            branches[name] = tip
    return branches


def _stage_steps(git: Git, branches: dict[str, str], stages: list[str]) -> set[str]:
    """The commits the stage branches other than main have pointed to since they left main."""
    main_tip = branches[MAIN]
    steps: set[str] = set()
    for stage in stages:
        if stage != MAIN and stage in branches:
            steps.update(git.rev_list([branches[stage], f"^{main_tip}"], "--first-parent"))
    return steps


def _submission(git: Git, config: _Config, branches: dict[str, str],
                tip: str, remote: str) -> tuple[Submission, Stage]:
    """What approving `tip` at its next stage would approve, computed against that stage's
    tip as the server will; a sensitive item's chain is longer, so its next stage may differ."""
    def against(stage: Stage) -> Submission:
        base = branches.get(stage.branch, branches[MAIN])
        return submission_of(git, stand_in(base, tip), agency=config.agency,
                             main_tip=branches[MAIN])

    stage = next_stage(git, remote, tip, config.workflow.stages_for(sensitive=False))
    submission = against(stage)
    if submission.sensitive:
        sensitive_stage = next_stage(git, remote, tip, config.workflow.stages_for(True))
        if sensitive_stage != stage:
            return against(sensitive_stage), sensitive_stage
    return submission, stage


def _approval_merge(git: Git, stage_tip: str, tip: str) -> Commit:
    """The merge that brought `tip` into a stage: the oldest step of the stage's first-parent
    history that descends from it."""
    lines = git.rev_list([stage_tip, f"^{tip}"], "--first-parent", "--ancestry-path",
                         "--topo-order")
    return git.commits(f"{lines[-1]}^!")[0]


def _approvals(git: Git, workflow: Workflow, branches: dict[str, str],
               tip: str) -> list[tuple[Stage, Commit]]:
    """(stage, approval merge) of every stage holding `tip`, in the order of the chain."""
    return [(stage, _approval_merge(git, branches[stage.branch], tip))
            for stage in workflow.stages
            if stage.branch != MAIN and stage.branch in branches
            and git.is_ancestor(tip, branches[stage.branch])]


def eligible_approvers(roster: Roster, agency: Agency, stage: Stage, submission: Submission,
                       *, excluded: set[str], on: dt.date) -> tuple[Approver, ...]:
    """Everyone eligible for `stage` for every unit of the submission on `on`, except its
    authors and those who approved it before: the server refuses both (self-approval,
    two-stages), so naming them would send the submission to the wrong desk."""
    found = []
    for person in roster.people.values():
        email = (person.email or "").lower()
        if person.id in excluded or email in submission.authors:
            continue
        if submission_eligibility(roster, person.id, stage, submission, on).allowed:
            name = str(agency.people.get(person.id, {}).get("name", person.id))
            found.append(Approver(person.id, name, email))
    return tuple(sorted(found, key=lambda approver: approver.id))


def _rejected_submission(git: Git, config: _Config, branches: dict[str, str], *,
                         topic: str, rejection: Commit, as_of: dt.date) -> OpenSubmission:
    """A topic whose tip is a rejection waits for its authors: their rework starts again at
    the first stage."""
    submission = submission_of(git, stand_in(branches[MAIN], rejection.parents[0]),
                               agency=config.agency, main_tip=branches[MAIN])
    since = dt.datetime.fromtimestamp(rejection.committer.timestamp, AGENCY_TIMEZONE)
    person = trailer(rejection, REJECTED_BY)
    return OpenSubmission(
        topic=topic, commit=rejection.id,
        items=tuple(path for path in submission.paths if path.startswith(f"{CONTENT}/")),
        authors=tuple(sorted(submission.authors)), reached=None,
        next=config.workflow.stages_for(submission.sensitive)[0], approvers=(), since=since,
        working_days=max(0, config.calendar.between(since.date(), as_of)), overdue=False,
        rejected=RejectionNote(person, str(config.agency.people.get(person, {}).get(
            "name", person)), trailer(rejection, REASON), trailer(rejection, STAGE),
            rejection.id))


def _open_submission(git: Git, config: _Config, branches: dict[str, str], remote: str, *,
                     topic: str, as_of: dt.date) -> OpenSubmission:
    tip = branches[topic]
    tip_commit = git.read_commits([tip])[0]
    if is_rejection(tip_commit) and len(tip_commit.parents) == 1:
        return _rejected_submission(git, config, branches, topic=topic, rejection=tip_commit,
                                    as_of=as_of)
    submission, stage = _submission(git, config, branches, tip, remote)
    approvals = _approvals(git, config.workflow, branches, tip)
    moment = approvals[-1][1].committer.timestamp if approvals else git.commits(
        f"{tip}^!")[0].committer.timestamp
    since = dt.datetime.fromtimestamp(moment, AGENCY_TIMEZONE)
    waited = max(0, config.calendar.between(since.date(), as_of))
    earlier = {person for _stage, merge in approvals
               for person in trailer_values(merge, APPROVED_BY)}
    return OpenSubmission(
        topic=topic, commit=tip,
        items=tuple(path for path in submission.paths if path.startswith(f"{CONTENT}/")),
        authors=tuple(sorted(submission.authors)),
        reached=approvals[-1][0] if approvals else None, next=stage,
        approvers=eligible_approvers(config.roster, config.agency, stage, submission,
                                     excluded=earlier, on=as_of),
        since=since, working_days=waited,
        overdue=stage.review_days is not None and waited > stage.review_days)


def open_submissions(git: Git, remote: str, *, as_of: dt.date) -> list[OpenSubmission]:
    """Every open submission among the remote-tracking branches of `remote` as last fetched,
    judged on `as_of` with the configuration of `remote`/main; oldest wait first."""
    branches = _remote_branches(git, remote)
    if MAIN not in branches:
        raise PortalError(_("the server has no main branch yet"))
    config = _load_config(git, branches[MAIN])
    stages = [stage.branch for stage in config.workflow.stages]
    steps = _stage_steps(git, branches, stages)
    topics = [name for name, tip in sorted(branches.items())
              if name not in stages and tip not in steps
              and not git.is_ancestor(tip, branches[MAIN])]
    found = [_open_submission(git, config, branches, remote, topic=topic, as_of=as_of)
             for topic in topics]
    return sorted(found, key=lambda submission: (submission.since, submission.topic))


def awaiting_review(git: Git, remote: str, *, as_of: dt.date) -> list[UrgentDecision]:
    """The urgent decisions on `remote`/main that no valid review tag has cleared yet."""
    main_tip = git.branch_tip(MAIN, remote)
    if main_tip is None:
        return []
    with tempfile.TemporaryDirectory(prefix="portal-status-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch))
        decisions, _bad = urgent_decisions(git, main_tip, config_dir, as_of=as_of,
                                           now=dt.datetime.now(dt.UTC))
    return [decision for decision in decisions if decision.reviewed_by is None]


def concerns(submission: OpenSubmission, email: str) -> bool:
    """True when the person of `email` wrote the submission or may approve it next: what
    `portal status --mine` keeps."""
    mine = email.strip().lower()
    return bool(mine) and (mine in submission.authors
                           or any(person.email == mine for person in submission.approvers))
