"""Urgent decisions and their retrospective review (000 Đ19.4, rule 6 of docs/workflow.md).

The chief (or whoever acts as chief) may publish or take down at once: an approval merge into
main that skips the chain and says why in its `Urgent:` trailer (people.py judges who may).
Someone else must then review it. `main` moves only by approvals, so the review cannot be a
commit there: it is an annotated tag `hau-kiem/<merge>`, signed with the reviewer's SSH key
like any approval, naming them in a `Reviewed-By:` trailer. The pre-receive hook judges a
review tag as it arrives (made once, never moved or deleted, signed by a person of the trusted
roster who may review and did not act), `portal status` lists the decisions still waiting for
one, and `portal verify` reports those waiting longer than workflow.yaml's `review_days`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import N_, _
from plugins.core.roster import Roster, Workflow, load_roster, load_workflow
from plugins.core.workdays import load_calendar
from workflow.approval.approve import clone_person
from workflow.approval.decisions import URGENT, is_urgent, trailer
from workflow.approval.people import (
    APPROVED_BY,
    ITEMS,
    ROLE,
    SKEW,
    roster_signers,
    run_git,
    sshsig_fingerprint,
    submission_of,
    trusted_configuration,
)
from workflow.approval.structure import Violation, on_first_parent_history
from workflow.gitcmd import Commit, Git, GitError, is_zero_id, parse_identity, parse_trailers

REVIEW_PREFIX = "refs/tags/hau-kiem/"
REVIEWED_BY = "Reviewed-By"
MAIN = "main"
HISTORY_LIMIT = 200_000  # merges of main read at once: an agency's lifetime

RULES: dict[str, str] = {
    "review": N_("a retrospective review is a signed tag, made once and never moved, on an "
                 "urgent decision of main, by a reviewer of the roster who did not make it"),
    "unreviewed": N_("every urgent publication or takedown is reviewed by someone else within "
                     "the working days workflow.yaml gives"),
}


@dataclass(frozen=True)
class Review:
    """One review tag as its object records it."""

    tag: str  # object id of the tag
    name: str  # refs/tags/hau-kiem/...
    target: str
    person: str  # Reviewed-By
    role: str
    tagger_email: str
    when: dt.datetime
    signature: tuple[str, ...]  # armored lines; empty when unsigned


@dataclass(frozen=True)
class UrgentDecision:
    """An urgent merge into main, and whether a valid review cleared it."""

    merge: Commit
    person: str  # Approved-By
    reason: str
    items: tuple[str, ...]
    when: dt.datetime  # in the agency's time zone
    reviewed_by: str | None
    working_days: int  # waited so far, on the as-of date
    overdue: bool


def read_review(git: Git, name: str, tag_id: str) -> Review | None:
    """The review tag `tag_id`, or None when it is not an annotated tag of a commit."""
    return parse_review(name, tag_id, git.read_objects([tag_id])[0])


def parse_review(name: str, tag_id: str, found: tuple[str, bytes] | None) -> Review | None:
    """A review from the (type, bytes) `Git.read_objects` gives for `tag_id`; None when it is
    not an annotated tag of a commit."""
    if found is None or found[0] != "tag":
        return None
    headers, _blank, body = found[1].decode("utf-8", "replace").partition("\n\n")
    fields = dict(line.split(" ", 1) for line in headers.split("\n") if " " in line)
    if fields.get("type") != "commit" or "tagger" not in fields:
        return None
    message, marker, signature = body.partition("-----BEGIN SSH SIGNATURE-----")
    tagger = parse_identity(tag_id, "tagger", fields["tagger"])
    values = {key.lower(): " ".join(value.split()) for key, value in parse_trailers(message)}
    return Review(tag=tag_id, name=name, target=fields["object"],
                  person=values.get(REVIEWED_BY.lower(), ""), role=values.get("role", ""),
                  tagger_email=tagger.email.lower(),
                  when=dt.datetime.fromtimestamp(tagger.timestamp, dt.UTC),
                  signature=tuple((marker + signature).splitlines()) if marker else ())


def _good_signature(git: Git, review: Review, roster: Roster) -> bool:
    """git's verdict on the tag's SSH signature against the roster's allowed signers and
    revoked keys, TZ=UTC, as for approval merges."""
    with roster_signers(roster) as options:
        status, _out = run_git(git, [*options, "verify-tag", review.tag], env={"TZ": "UTC"},
                               accept=(0, 1))
    return status == 0


def _acted(merge: Commit, roster: Roster, git: Git, main_tip: str | None) -> set[str]:
    """Who made the urgent decision or wrote what it published: none of them reviews it."""
    people = {trailer(merge, APPROVED_BY)}
    authors = submission_of(git, merge, main_tip=main_tip).authors
    people |= {person.id for person in roster.people.values()
               if (person.email or "").lower() in authors}
    return people - {""}


def _urgent_target(git: Git, review: Review, main_tip: str | None) -> Commit | str:
    """The urgent decision of main the tag names, or why its commit is not one."""
    if main_tip is None or not on_first_parent_history(git, main_tip, review.target,
                                                       HISTORY_LIMIT):
        return _("it is not on a step of {main}").format(main=MAIN)
    merge = git.read_commits([review.target])[0]
    if len(merge.parents) != 2 or not is_urgent(merge):
        return _("{commit} is not an urgent decision").format(commit=review.target[:12])
    return merge


def _review_problem(git: Git, review: Review, *, workflow: Workflow, roster: Roster,
                    main_tip: str | None, received: dt.datetime) -> str | None:
    """Why the review does not clear anything, in the reader's language; None when it does."""
    merge = _urgent_target(git, review, main_tip)
    if isinstance(merge, str):
        return merge
    if review.when > received + SKEW:
        return _("it is dated {when}, after the server received it").format(
            when=review.when.isoformat())
    day = min(review.when, received).date()
    signer = roster.person_for_key(sshsig_fingerprint(review.signature), day) if (
        review.signature) else None
    if signer is None or not _good_signature(git, review, roster):
        return _("it is not signed with a key the roster gives anyone on {day}").format(day=day)
    if review.person != signer:
        return _("{key} says '{found}' instead of '{expected}'").format(
            key=REVIEWED_BY, found=review.person, expected=signer)
    if signer in _acted(merge, roster, git, main_tip):
        return _("{person} made or wrote this urgent decision and cannot review it").format(
            person=signer)
    eligibility = roster.may_act(signer, workflow.urgent_reviewers, on=day)
    return None if eligibility.allowed else eligibility.message()


def judge_review_update(git: Git, ref: str, old: str, new: str, *, config_dir: Path,
                        received: dt.datetime) -> list[Violation]:
    """The violations of one pushed update of a review tag, judged with the trusted roster."""
    if is_zero_id(new) or not is_zero_id(old):
        return [Violation("review", None, _(
            "{ref} is a review: it is made once and never moved or deleted").format(ref=ref))]
    review = read_review(git, ref, new)
    if review is None:
        return [Violation("review", new, _(
            "{ref} must be an annotated, signed tag of a commit (portal review)").format(ref=ref))]
    problem = _review_problem(git, review, workflow=load_workflow(config_dir),
                              roster=load_roster(config_dir), main_tip=git.branch_tip(MAIN),
                              received=received)
    if problem is None:
        return []
    return [Violation("review", new, _("review {ref}: {problem}").format(
        ref=ref.removeprefix("refs/tags/"), problem=problem))]


def read_reviews(git: Git, prefix: str = REVIEW_PREFIX) -> list[Review]:
    """Every review tag under `prefix` that reads as one (judged or not), all read with one
    `cat-file --batch`: a history of many urgent decisions costs no process per tag."""
    out = git.run("for-each-ref", "--format=%(objecttype) %(objectname) %(refname)", prefix)
    tags = [(tag_id, name) for kind, tag_id, name in
            (line.split(" ", 2) for line in out.splitlines()) if kind == "tag"]
    objects = git.read_objects([tag_id for tag_id, _name in tags])
    return [review for (tag_id, name), found in zip(tags, objects, strict=True)
            if (review := parse_review(name, tag_id, found)) is not None]


def urgent_decisions(git: Git, main_tip: str, config_dir: Path, *, as_of: dt.date,
                     now: dt.datetime, tag_prefix: str = REVIEW_PREFIX
                     ) -> tuple[list[UrgentDecision], list[Violation]]:
    """Every urgent decision of main with the review that cleared it (if any) and its wait,
    and the review tags that clear nothing, with why."""
    workflow, roster = load_workflow(config_dir), load_roster(config_dir)
    calendar = load_calendar(config_dir)
    # git's --grep only narrows the reading down; the trailer block decides (is_urgent)
    merges = [merge for merge in git.read_commits(git.rev_list(
        [main_tip], "--first-parent", "--merges", "--regexp-ignore-case",
        f"--grep=^{URGENT}[[:blank:]]*:", limit=HISTORY_LIMIT)) if is_urgent(merge)]
    verdicts = [(review, _review_problem(git, review, workflow=workflow, roster=roster,
                                         main_tip=main_tip, received=now))
                for review in read_reviews(git, tag_prefix)]
    cleared = {review.target: review.person for review, problem in verdicts if problem is None}
    decisions = []
    for merge in merges:
        when = dt.datetime.fromtimestamp(merge.committer.timestamp, AGENCY_TIMEZONE)
        waited = max(0, calendar.between(when.date(), as_of))
        decisions.append(UrgentDecision(
            merge=merge, person=trailer(merge, APPROVED_BY), reason=trailer(merge, URGENT),
            items=tuple(trailer(merge, ITEMS).split()), when=when,
            reviewed_by=cleared.get(merge.id), working_days=waited,
            overdue=merge.id not in cleared and waited > workflow.urgent_review_days))
    bad = [Violation("review", review.tag, _("review {ref}: {problem}").format(
        ref=review.name.removeprefix("refs/tags/"), problem=problem))
        for review, problem in verdicts if problem is not None]
    return decisions, bad


def overdue_violations(decisions: Sequence[UrgentDecision], review_days: int) -> list[Violation]:
    """`unreviewed` for each urgent decision still waiting past its review time."""
    return [Violation("unreviewed", decision.merge.id, _(
        "the urgent decision {commit} of {person} ({reason}) has waited {days} working days "
        "for its review; the limit is {limit}").format(
            commit=decision.merge.id[:12], person=decision.person, reason=decision.reason,
            days=decision.working_days, limit=review_days))
        for decision in decisions if decision.overdue]


def review_trailers(person: str, role: str) -> str:
    return f"{REVIEWED_BY}: {person}\n{ROLE}: {role}\n"


def make_review(git: Git, merge_ref: str, *, remote: str = "origin", push: bool = True,
                today: dt.date | None = None, note: str = "") -> str:
    """Sign the review tag of the urgent decision `merge_ref` as this clone's person and push
    it; the tag's name. Raises PortalError when this person may not review it."""
    git.run("fetch", "--quiet", remote)
    merge_id = git.rev_parse(f"{merge_ref}^{{commit}}")
    main_tip = git.branch_tip(MAIN, remote)
    if main_tip is None or not on_first_parent_history(git, main_tip, merge_id, HISTORY_LIMIT):
        raise PortalError(_("{commit} is not a step of the published main").format(
            commit=merge_ref))
    merge = git.read_commits([merge_id])[0]
    if not is_urgent(merge):
        raise PortalError(_("{commit} is not an urgent decision: it needs no review").format(
            commit=merge_id[:12]))
    with tempfile.TemporaryDirectory(prefix="portal-review-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch))
        workflow, roster = load_workflow(config_dir), load_roster(config_dir)
    person = clone_person(git, roster)
    if person in _acted(merge, roster, git, main_tip):
        raise PortalError(_("you made or wrote this urgent decision: someone else reviews it"))
    eligibility = roster.may_act(person, workflow.urgent_reviewers, on=today or dt.date.today())
    if not eligibility.allowed:
        raise PortalError(eligibility.message())
    name = f"hau-kiem/{merge_id[:12]}"
    text = " ".join(note.split()) or _("Reviewed afterwards: the urgent decision stands.")
    message = (f"Hậu kiểm {merge_id[:12]}: {text}\n\n"
               + review_trailers(person, eligibility.role))
    try:
        git.run("tag", "-s", "-m", message, name, merge_id)
    except GitError as error:
        raise PortalError(_("the review tag could not be made: {problem}").format(
            problem=error.stderr.strip())) from error
    if push:
        git.run("push", "--quiet", remote, f"refs/tags/{name}")
    return name
