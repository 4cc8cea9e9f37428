"""Submitting a topic branch: the request form of 003 Đ7.2 ("phiếu đề nghị đăng tin") as an
empty commit with trailers, pushed to the server where it waits at the first stage.

The content rules run here, in the author's clone, before anything leaves it: a submission the
board would send back for a rule the machine knows (003 Đ7.4) is refused at the author's desk.
The form is an empty commit, so the approval rules see exactly the items the author wrote; its
trailers record who asks, for which units and categories, which items and for when.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import Agency, load_agency
from plugins.core.checks.engine import Checker
from plugins.core.checks.findings import Finding, Severity
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import Stage, load_roster, load_workflow
from workflow.approval.approve import clone_person
from workflow.approval.people import CONTENT, MAIN, Submission, submission_of, trusted_configuration
from workflow.approval.status import Approver, eligible_approvers
from workflow.gitcmd import Commit, Git, GitError, Identity

SUBMITTED_BY, UNIT, CATEGORY, ITEMS, REQUESTED_DATE, NOTE = (
    "Submitted-By", "Unit", "Category", "Items", "Requested-Date", "Note")
NO_DATE = "none"
_NOBODY = Identity("", "", 0, "+0000")


@dataclass(frozen=True)
class Form:
    """What the author asks for, beyond what the commits already say."""

    requested: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Submitted:
    """A submission on the server: the form commit, where it waits and who may approve it."""

    branch: str
    commit: str
    stage: Stage
    approvers: tuple[Approver, ...]
    warnings: tuple[Finding, ...]  # what the author may still want to improve


class ContentRefusedError(PortalError):
    """The topic breaks content rules: the author fixes the findings and submits again."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(_("the submission breaks content rules; fix these and submit again"))
        self.findings = findings


def current_branch(git: Git) -> str:
    """The branch checked out: a detached HEAD has no name the server could hold."""
    try:
        return git.run("symbolic-ref", "--quiet", "--short", "HEAD").strip()
    except GitError as error:
        raise PortalError(_("you are not on a branch: switch to your topic branch "
                            "(git switch -c bai/<name> origin/main)")) from error


def _refuse_stage_branch(branch: str, stages: Iterable[Stage]) -> None:
    """A stage branch or main moves only by approvals; a submission is a topic branch."""
    if branch == MAIN or branch in {stage.branch for stage in stages}:
        raise PortalError(_("'{branch}' is a stage branch: submit from a topic branch made "
                            "from main (git switch -c bai/<name> origin/main)").format(
                                branch=branch))


def _remote_main(git: Git, remote: str) -> str:
    tip = git.branch_tip(MAIN, remote)
    if tip is None:
        raise PortalError(_("the server has no main branch yet"))
    return tip


def refuse_dirty_content(git: Git) -> None:
    """The check reads content/ from disk; it must be what the commits hold."""
    if git.run("status", "--porcelain", "--untracked-files=all", "--", CONTENT).strip():
        raise PortalError(_("content/ has changes that are not committed: commit them (or "
                            "remove them) before submitting"))


def _submission(git: Git, remote: str, stage: Stage, main_tip: str,
                agency: Agency) -> Submission:
    """What approving HEAD at `stage` will approve, from a merge that exists only in memory
    (the stage's tip, or main when the server lacks the stage, as first parent)."""
    base = git.branch_tip(stage.branch, remote) or main_tip
    head = git.rev_parse("HEAD")
    stand_in = Commit(id="0" * 40, tree="", parents=(base, head), author=_NOBODY,
                      committer=_NOBODY, signed=False, message="", trailers=())
    return submission_of(git, stand_in, agency=agency, main_tip=main_tip)


def check_content(repo: Path, paths: Iterable[str]) -> list[Finding]:
    """Every finding of the content files the topic changes (deleted ones are not read)."""
    present = [repo / path for path in paths
               if path.startswith(f"{CONTENT}/") and (repo / path).is_file()]
    if not present:
        return []
    return Checker(repo).run(present).findings


def form_message(branch: str, person: str, submission: Submission, form: Form) -> str:
    """The request form: a subject, then trailers (one item per continuation line)."""
    items = [path for path in submission.paths if path.startswith(f"{CONTENT}/")]
    lines = [f"{SUBMITTED_BY}: {person}", f"{UNIT}: {', '.join(sorted(submission.units))}",
             f"{CATEGORY}: {', '.join(sorted(submission.categories))}",
             f"{ITEMS}: " + "\n ".join(items),
             f"{REQUESTED_DATE}: {form.requested.isoformat() if form.requested else NO_DATE}"]
    if form.note and form.note.strip():
        lines.append(f"{NOTE}: {' '.join(form.note.split())}")
    trailers = "\n".join(line.rstrip() for line in lines)
    return f"Phiếu đề nghị đăng tin: {branch}\n\n{trailers}\n"


def _record_and_push(git: Git, remote: str, branch: str, message: str) -> str:
    """Commit the form and push; when the push fails, the branch goes back to where it was,
    so a second attempt does not stack a second form."""
    before = git.rev_parse("HEAD")
    git.run("commit", "--quiet", "--allow-empty", "-F", "-", input=message)
    form = git.rev_parse("HEAD")
    try:
        git.run("push", "--quiet", remote, f"HEAD:refs/heads/{branch}")
    except GitError:
        git.run("update-ref", f"refs/heads/{branch}", before, form)
        raise
    return form


def submit(git: Git, *, remote: str = "origin", form: Form | None = None,
           today: dt.date) -> Submitted:
    """Check the topic checked out in `git`, record the request form and push it; raise
    PortalError (ContentRefusedError with the findings) when it cannot be submitted."""
    branch = current_branch(git)
    _refuse_stage_branch(branch, ())
    git.run("fetch", "--quiet", remote)
    main_tip = _remote_main(git, remote)
    with tempfile.TemporaryDirectory(prefix="portal-submit-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch))
        workflow, roster = load_workflow(config_dir), load_roster(config_dir)
        agency = load_agency(config_dir)
    _refuse_stage_branch(branch, workflow.stages)
    if not git.rev_list(["HEAD", f"^{main_tip}"]):
        raise PortalError(_("'{branch}' holds nothing that {remote}/main lacks: commit your "
                            "items on it first").format(branch=branch, remote=remote))
    refuse_dirty_content(git)
    person = clone_person(git, roster)
    first = workflow.stages_for(sensitive=False)[0]
    submission = _submission(git, remote, first, main_tip, agency)
    stage = workflow.stages_for(submission.sensitive)[0]
    root = Path(git.run("rev-parse", "--show-toplevel").strip())
    findings = check_content(root, submission.paths)
    if any(finding.severity is Severity.ERROR for finding in findings):
        raise ContentRefusedError(findings)
    commit = _record_and_push(git, remote, branch, form_message(branch, person, submission,
                                                                form or Form()))
    approvers = eligible_approvers(roster, agency, stage, submission, excluded=set(),
                                   on=today)
    return Submitted(branch=branch, commit=commit, stage=stage, approvers=approvers,
                     warnings=tuple(findings))
