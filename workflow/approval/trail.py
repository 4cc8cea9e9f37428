"""An item's whole trail from git alone: who submitted and changed it, who approved it at each
stage (with the signature git verifies today), and when it was published.

An inspector may ask years later, with nothing but a clone of the server. So everything comes
from the stage branches of the server (remote-tracking branches in a clone, local branches in a
bare or mirror repository) and from the roster and agency data of `main` as published, written
out by `trusted_configuration`: a topic branch cannot make its own approvals read as anyone
else's. Only what the workflow records today is listed: submissions and approvals.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import Roster, load_roster, load_workflow
from workflow.approval.decisions import REASON, REJECTED_BY, URGENT, is_rejection, trailer
from workflow.approval.people import (
    ACTING_FOR,
    APPROVED_BY,
    ITEMS,
    MAIN,
    ROLE,
    STAGE,
    Signature,
    trusted_configuration,
    verify_signatures,
)
from workflow.approval.review import read_reviews
from workflow.approval.structure import first_parent_chain
from workflow.gitcmd import Commit, Git, GitError

SUBMITTED, CHANGED, APPROVED, PUBLISHED = "submitted", "changed", "approved", "published"
REJECTED, REVIEWED = "rejected", "reviewed"
GOOD, BAD, UNSIGNED = "good", "bad", "unsigned"
HISTORY_LIMIT = 200_000  # commits of all stages read at once: an agency's lifetime, not a push
_ORDER = {SUBMITTED: 0, CHANGED: 0, REJECTED: 0, APPROVED: 1, PUBLISHED: 2, REVIEWED: 3}
_SUBMISSION_FORMAT = ("%H%x1f%an%x1f%ae%x1f%at%x1f%ad"
                      f"%x1f%(trailers:key={REJECTED_BY},valueonly,separator=)"
                      f"%x1f%(trailers:key={REASON},valueonly,separator=)"
                      f"%x1f%(trailers:key={STAGE},valueonly,separator=)")


@dataclass(frozen=True)
class TrailEvent:
    """One step of an item's trail. `person` is the roster id an approval names (empty for a
    submission, whose author is only the name and e-mail the commit records)."""

    kind: str  # submitted, changed, approved, published
    commit: str
    date: str  # ISO 8601 with the offset the commit records
    timestamp: int
    name: str
    email: str = ""
    person: str = ""
    stage: str = ""
    role: str = ""
    acting_for: str = ""  # the roster id of the person a delegated approver acted for
    acting_for_name: str = ""
    signature: str = ""  # good, bad, unsigned (approvals only)
    key: str = ""  # the fingerprint of the signing key, when the signature names one
    signer: str = ""  # whom the roster gives that key on the merge's day
    reason: str = ""  # of a rejection, or of an urgent approval (its Urgent: trailer)


@dataclass(frozen=True)
class _Refs:
    """Where the server's branches are read in this repository."""

    prefix: str  # refs/remotes/<remote>/ in a clone, refs/heads/ in a bare repository

    def of(self, branch: str) -> str:
        return f"{self.prefix}{branch}"


def _refs(git: Git, remote: str) -> _Refs:
    """A bare or mirror repository is the server (or a copy of it): its own branches are the
    server's; a working clone knows the server through its remote-tracking branches."""
    bare = git.run("rev-parse", "--is-bare-repository").strip() == "true"
    return _Refs("refs/heads/" if bare else f"refs/remotes/{remote}/")


def _tip(git: Git, ref: str) -> str | None:
    """The commit `ref` (a full ref name) points to, or None when there is no such branch."""
    try:
        return git.rev_parse(f"{ref}^{{commit}}")
    except GitError:
        return None


def _branch_tips(git: Git, refs: _Refs) -> list[str]:
    """Every branch of the server, topics included: a submission not yet approved is part of
    the trail too."""
    out = git.run("for-each-ref", "--format=%(objecttype) %(objectname)", refs.prefix)
    return sorted({line.split()[1] for line in out.splitlines() if line.startswith("commit ")})


def _iso(timestamp: int, offset: str) -> str:
    sign = -1 if offset.startswith("-") else 1
    zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    return dt.datetime.fromtimestamp(timestamp, zone).isoformat()


def _submissions(git: Git, tips: Sequence[str], path: str) -> list[TrailEvent]:
    """The commits that changed `path` (merges aside: they only carry a change), from one
    `git log` over every branch; full history, so no side of a merge is pruned away."""
    revs = "".join(f"{tip}\n" for tip in tips) + f"--\n{path}\n"
    out = git.run("log", "--no-merges", "--full-history", "--reverse", "--no-show-signature",
                  "--date=iso-strict", "-z", f"--format={_SUBMISSION_FORMAT}", "--stdin",
                  input=revs)
    records = [record.strip("\n").split("\x1f") for record in out.split("\0")]
    rows = [fields for fields in records if len(fields) == 8]
    events = []
    written = False  # the first commit that writes the item submits it; later ones change it
    for commit, name, email, timestamp, date, rejected_by, reason, stage in rows:
        if rejected_by.strip():
            events.append(TrailEvent(REJECTED, commit, date, int(timestamp), name, email,
                                     rejected_by.strip(), stage.strip(),
                                     reason=reason.strip()))
        else:
            kind = CHANGED if written else SUBMITTED
            written = True
            events.append(TrailEvent(kind, commit, date, int(timestamp), name, email))
    return events


def _blobs(git: Git, specs: Sequence[str]) -> list[str | None]:
    """The object id each `commit:path` names (None when the path is absent), in one
    `cat-file --batch-check`."""
    if not specs:
        return []
    out = git.run("cat-file", "--batch-check=%(objectname) %(objecttype)",
                  input="".join(f"{spec}\n" for spec in specs))
    return [line.split()[0] if line.endswith(" blob") else None for line in out.splitlines()]


def _lists(merge: Commit, path: str) -> bool:
    return path in trailer(merge, ITEMS).split()


def _touching(git: Git, merges: Sequence[Commit], path: str) -> list[Commit]:
    """The merges that name `path` in their `Items`, or bring a version of it the stage did
    not hold (what their topic changes, as it lands)."""
    blobs = _blobs(git, [f"{spec}:{path}" for merge in merges
                         for spec in (merge.id, merge.parents[0])])
    return [merge for index, merge in enumerate(merges)
            if _lists(merge, path) or blobs[2 * index] != blobs[2 * index + 1]]


def _status(merge: Commit, signature: Signature | None) -> str:
    if not merge.signed or signature is None or signature.status == "N":
        return UNSIGNED
    return GOOD if signature.status == "G" else BAD


def _approval(merge: Commit, stage: str, signature: Signature | None, roster: Roster,
              names: dict[str, str]) -> TrailEvent:
    """An approval as its trailers record it, with what the signature proves beside it."""
    person, acting_for = trailer(merge, APPROVED_BY), trailer(merge, ACTING_FOR)
    key = signature.key if signature else ""
    day = dt.datetime.fromtimestamp(merge.committer.timestamp, dt.UTC).date()
    signer = (roster.person_for_key(key, day) or "") if key else ""
    return TrailEvent(APPROVED, merge.id, _iso(merge.committer.timestamp, merge.committer.offset),
                      merge.committer.timestamp, names.get(person, merge.committer.name),
                      merge.committer.email, person, stage, trailer(merge, ROLE),
                      acting_for, names.get(acting_for, acting_for), _status(merge, signature),
                      key, signer, trailer(merge, URGENT))


def _published(approval: TrailEvent) -> TrailEvent:
    return TrailEvent(PUBLISHED, approval.commit, approval.date, approval.timestamp,
                      approval.name, approval.email, approval.person, MAIN)


def _approvals(git: Git, tips: dict[str, str], path: str, roster: Roster,
               names: dict[str, str]) -> list[TrailEvent]:
    """Every approval merge on the first-parent chain of each stage that concerns `path`,
    all stages read in one pass and all signatures verified in one `git log`."""
    commits = {commit.id: commit for commit in git.commits(list(tips.values()),
                                                           limit=HISTORY_LIMIT)}
    found = [(stage, merge) for stage, tip in tips.items()
             for merge in _touching(git, [commit for commit in first_parent_chain(commits, tip)
                                          if len(commit.parents) == 2
                                          and not is_rejection(commit)], path)]
    signatures = verify_signatures(git, [merge for _stage, merge in found], roster)
    events = [_approval(merge, stage, signatures.get(merge.id), roster, names)
              for stage, merge in found]
    return events + [_published(event) for event in events if event.stage == MAIN]


def _reviews(git: Git, approvals: Sequence[TrailEvent], names: dict[str, str]) -> list[TrailEvent]:
    """The review tags of the item's urgent approvals, as their tags record them (the hook
    judged them as they arrived; `portal verify` judges them again)."""
    urgent = {event.commit for event in approvals if event.kind == APPROVED and event.reason}
    return [TrailEvent(REVIEWED, review.target, review.when.isoformat(),
                       int(review.when.timestamp()), names.get(review.person, review.person),
                       review.tagger_email, review.person, MAIN, review.role)
            for review in read_reviews(git) if review.target in urgent]


def trail(git: Git, path: str, *, remote: str = "origin") -> list[TrailEvent]:
    """The trail of `path` (relative to the repository), oldest first; empty when no branch of
    the server ever held a change to it. The stages and people are those `main` publishes."""
    refs = _refs(git, remote)
    main_tip = _tip(git, refs.of(MAIN))
    if main_tip is None:
        raise PortalError(_("{ref} does not exist: run 'git fetch {remote}' first").format(
            ref=refs.of(MAIN), remote=remote))
    with tempfile.TemporaryDirectory(prefix="portal-log-") as scratch:
        config_dir = trusted_configuration(git, main_tip, Path(scratch))
        workflow, roster = load_workflow(config_dir), load_roster(config_dir)
        names = {person: str(data.get("name", person))
                 for person, data in load_agency(config_dir).people.items()}
    tips = {stage.branch: tip for stage in workflow.stages
            if (tip := _tip(git, refs.of(stage.branch))) is not None}
    approvals = _approvals(git, tips, path, roster, names)
    events = [*_submissions(git, _branch_tips(git, refs), path), *approvals,
              *_reviews(git, approvals, names)]
    order = {stage.branch: index for index, stage in enumerate(workflow.stages)}
    return sorted(events, key=lambda event: (event.timestamp, _ORDER[event.kind],
                                             order.get(event.stage, 0)))
