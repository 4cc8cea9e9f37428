"""What happened on the server, read from git alone: the history layer of `portal report`.

A monthly or yearly report (003 Đ4.6, Đ14.3) must come from the record, never from a
hand-kept counter, and must give the same figures when an inspector runs it again on a mirror
years later. So everything here is read from the server's branches as they stood at a moment
`until`, and nothing is judged: whether the people were allowed to do what the merges say is
`portal verify`'s question; this module says what the merges, commits and tags record.

What it reads, with a fixed number of git processes whatever the size of the history:

- every branch of the server (`refs/heads/` in the server or a mirror, `refs/remotes/REMOTE/`
  in a clone): one `rev-list` and one `cat-file --batch` for all their commits;
- the receive times the server noted under `refs/notes/portal-received` (notes.py); a clone
  has them after `git fetch REMOTE 'refs/notes/*:refs/notes/*'`, else committer dates count;
- workflow.yaml of main as it stood at `until`: the stage branches and their order;
- the files each commit of main's history changed (a step of main against its first parent):
  one `git log`;
- the front matter of every published file in its merge's own tree: one `cat-file --batch`;
- the review tags `hau-kiem/…`: one `for-each-ref` and one `cat-file --batch`.

The contract:

- A moment is an aware datetime in the agency's time zone: the server's noted receive time
  when there is one (approval merges), else the committer date. A branch as it stood at
  `until` is its newest first-parent step whose moment is not later, and everything under it.
- An approval is a two-parent merge among a stage branch's own first-parent steps (main's, or
  a stage's above the point where it left main) that carries `Approved-By`: syncs
  (`Sync: main`) and rejection merges carry none, and a step of main without it (the first
  import) publishes nothing. `grade` is the merge's `Grade` trailer (`portal approve --grade`).
- `Approved.ready` is when the submission began waiting at that stage: the approval of the
  same topic commit at the nearest earlier stage, which is the one the submission passed (a
  non-sensitive submission has no approval at the director's stage to be found); where there
  is none (the first stage, or an urgent publication of a topic no stage approved), the
  request form of `portal submit` (`Submitted-By`), the newest on the topic's own line since
  its last rejection; without a form, the topic commit itself. `ready_commit` says which.
  The server notes no receive time on a topic's commits, so a wait that starts at a request
  form starts at the author's clock.
- A publication is one content file (Markdown under content/, outside _config/ and media/)
  that an approval merge into main adds or changes, read in that merge's tree; a deletion is
  no version and is not listed. `first` is true when main never held the path before (the
  first import counts). `committers` are the lower-case e-mails (agency.yaml maps them to
  people) of the commits that merge brought to main and that change the file; a rejection only
  undoes, so its reviewer wrote nothing. `grade` is the grade of the latest approval of the
  same topic commit that gives one.
- A file that cannot be read (its name is not `<stem>.<lang>.md`, its front matter does not
  parse or names no unit and category) is listed in `unreadable`, never counted with guesses.
- A rejection is a one-parent commit with `Rejected-By` on any branch of the server, dated by
  its committer date. A review counts when its tag's tagger date is not after `until`, as the
  tag records it (the hook judged it as it arrived; `portal verify` judges it again).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from plugins.core import frontmatter
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.dates import AGENCY_TIMEZONE
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.roster import load_workflow
from plugins.core.sources import MEDIA_DIR, NAME_PATTERN, SOURCE_SUFFIX, STEM_PATTERN
from workflow.approval.decisions import (
    REASON,
    REJECTED_BY,
    URGENT,
    is_rejection,
    is_urgent,
    trailer,
)
from workflow.approval.grades import GRADE
from workflow.approval.notes import Received, read_notes
from workflow.approval.people import (
    ACTING_FOR,
    APPROVED_BY,
    CONTENT,
    ITEMS,
    MAIN,
    ROLE,
    STAGE,
    trusted_configuration,
)
from workflow.approval.review import Review, read_reviews
from workflow.approval.structure import first_parent_chain
from workflow.approval.submit import SUBMITTED_BY
from workflow.approval.trail import HISTORY_LIMIT
from workflow.gitcmd import Commit, Git

if TYPE_CHECKING:
    from plugins.core.workdays import WorkingCalendar

DELETED = "D"


@dataclass(frozen=True)
class Approved:
    """One approval merge into a stage, and when the submission began waiting there."""

    merge: str
    stage: str  # the stage branch
    topic: str  # the approved commit: the merge's second parent
    person: str  # Approved-By
    role: str
    acting_for: str  # '' unless the role came through a delegation
    moment: dt.datetime
    paths: tuple[str, ...]  # Items: every file of the submission
    ready: dt.datetime
    ready_commit: str  # the earlier approval merge, the request form or the topic commit
    urgent: bool  # an urgent publication or takedown past the chain (main only)
    grade: str  # '' when this merge gives none

    def working_days(self, calendar: WorkingCalendar) -> int:
        """Working days from `ready` to the approval, counted as `portal status` counts a
        wait: the days after the ready day up to the approval's day, 0 on the same day."""
        return max(0, calendar.between(self.ready.date(), self.moment.date()))


@dataclass(frozen=True)
class Published:
    """One content file as an approval merge brought it into main."""

    path: str  # relative to the repository: content/<section>/[year/]<stem>.<lang>.md
    section: str
    stem: str
    language: str
    unit: str
    category: str
    author: str  # the front matter's person id; '' for sections without authors
    committers: tuple[str, ...]  # lower-case e-mails of the commits that wrote this version
    title: str
    merge: str  # the approval merge into main
    topic: str  # the submission's approved commit
    moment: dt.datetime
    publisher: str  # Approved-By of the merge into main
    urgent: bool
    urgent_reason: str
    first: bool  # main never held this path before; else an update
    withdrawn: bool  # this version carries `withdrawn`: a withdrawal, or a takedown if urgent
    grade: str  # of the latest approval of the same topic commit that gives one; else ''


@dataclass(frozen=True)
class Rejected:
    """A submission sent back: the rejection commit `portal reject` made on its topic."""

    commit: str
    topic: str  # the rejected commit
    stage: str  # where it waited
    person: str  # Rejected-By
    role: str
    reason: str
    moment: dt.datetime
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Reviewed:
    """The retrospective review of an urgent decision, as its tag records it."""

    tag: str  # refs/tags/hau-kiem/...
    person: str  # Reviewed-By
    role: str
    moment: dt.datetime


@dataclass(frozen=True)
class Urgent:
    """An urgent publication or takedown into main (000 Đ19.4) and its review, if any."""

    merge: str
    topic: str
    moment: dt.datetime
    person: str
    role: str
    acting_for: str
    reason: str
    paths: tuple[str, ...]
    takedown: bool  # a file it published is withdrawn
    review: Reviewed | None


@dataclass(frozen=True)
class Unreadable:
    """A published file the report cannot count, and why, in the reader's language."""

    merge: str
    path: str
    problem: str


@dataclass(frozen=True)
class History:
    """Everything that happened on the server up to `until`, each list oldest first."""

    until: dt.datetime
    main_tip: str  # main as it stood at `until`: its configuration gives `stages`
    stages: tuple[str, ...]  # the stage branches in order, main last
    publications: tuple[Published, ...]
    approvals: tuple[Approved, ...]
    rejections: tuple[Rejected, ...]
    urgent: tuple[Urgent, ...]
    unreadable: tuple[Unreadable, ...]


@dataclass(frozen=True)
class _Clock:
    """When each commit happened, and what `until` lets in."""

    notes: dict[str, Received]
    until: dt.datetime

    def moment(self, commit: Commit) -> dt.datetime:
        note = self.notes.get(commit.id)
        at = note.at if note is not None else dt.datetime.fromtimestamp(
            commit.committer.timestamp, dt.UTC)
        return at.astimezone(AGENCY_TIMEZONE)

    def counts(self, commit: Commit) -> bool:
        return self.moment(commit) <= self.until

    def as_of(self, steps: list[Commit]) -> list[Commit]:
        """A branch's steps (newest first) as the branch stood at `until`."""
        for index, step in enumerate(steps):
            if self.counts(step):
                return steps[index:]
        return []


@dataclass(frozen=True)
class _Graph:
    """The commits of every branch of the server, read once, and main's steps."""

    commits: dict[str, Commit]
    main_steps: frozenset[str]  # every commit main has pointed to, `until` or not

    def own_steps(self, tip: str) -> list[Commit]:
        """A stage branch's steps, newest first, down to where it left main."""
        steps, current = [], self.commits.get(tip)
        while current is not None and current.id not in self.main_steps:
            steps.append(current)
            current = self.commits.get(current.parents[0]) if current.parents else None
        return steps

    def is_approval(self, merge: Commit) -> bool:
        return (len(merge.parents) == 2 and bool(trailer(merge, APPROVED_BY))
                and not is_rejection(self.commits.get(merge.parents[1])))


def _branch_tips(git: Git, remote: str | None) -> dict[str, str]:
    """Branch name → tip of every branch of the server, as this repository knows them."""
    prefix = f"refs/remotes/{remote}/" if remote else "refs/heads/"
    out = git.run("for-each-ref", "--format=%(objecttype) %(objectname) %(refname)", prefix)
    tips = {}
    for line in out.splitlines():
        kind, tip, ref = line.split(" ", 2)
        if kind == "commit" and ref.removeprefix(prefix) != "HEAD":
            tips[ref.removeprefix(prefix)] = tip
    return tips


def _stages(git: Git, main_tip: str) -> tuple[str, ...]:
    """The stage branches workflow.yaml of `main_tip` names, in order, main last."""
    with tempfile.TemporaryDirectory(prefix="portal-report-") as scratch:
        workflow = load_workflow(trusted_configuration(git, main_tip, Path(scratch)))
    return tuple(stage.branch for stage in workflow.stages)


def _paths(commit: Commit) -> tuple[str, ...]:
    return tuple(trailer(commit, ITEMS).split())


def _request_form(graph: _Graph, topic: str, approved: frozenset[str]) -> Commit:
    """The newest request form on the topic's own line (first parents, stopping at a
    rejection, at main, or at another submission's approved commit); the topic commit when
    the line holds none."""
    step: Commit | None = graph.commits[topic]
    while step is not None:
        if step.id in graph.main_steps or (step.id != topic and step.id in approved):
            break
        if trailer(step, SUBMITTED_BY):
            return step
        if is_rejection(step) or len(step.parents) != 1:
            break
        step = graph.commits.get(step.parents[0])
    return graph.commits[topic]


def _approvals(graph: _Graph, chains: dict[str, list[Commit]], stages: Sequence[str],
               clock: _Clock) -> list[Approved]:
    """Every approval of every stage as it stood at `until`, oldest first."""
    found = [(index, merge) for index, branch in enumerate(stages)
             for merge in chains.get(branch, []) if graph.is_approval(merge)]
    by_topic: dict[str, list[tuple[int, Commit]]] = {}
    for index, merge in found:
        by_topic.setdefault(merge.parents[1], []).append((index, merge))
    approved = frozenset(by_topic)
    records = []
    for index, merge in found:
        earlier = [(stage, clock.moment(other), other) for stage, other in
                   by_topic[merge.parents[1]] if stage < index]
        ready = (min(earlier, key=lambda entry: (-entry[0], entry[1]))[2] if earlier
                 else _request_form(graph, merge.parents[1], approved))
        records.append(Approved(
            merge=merge.id, stage=stages[index], topic=merge.parents[1],
            person=trailer(merge, APPROVED_BY), role=trailer(merge, ROLE),
            acting_for=trailer(merge, ACTING_FOR), moment=clock.moment(merge),
            paths=_paths(merge), ready=clock.moment(ready), ready_commit=ready.id,
            urgent=stages[index] == MAIN and is_urgent(merge), grade=trailer(merge, GRADE)))
    order = {branch: index for index, branch in enumerate(stages)}
    return sorted(records, key=lambda record: (record.moment, order[record.stage]))


def _changes(git: Git, main_tip: str) -> dict[str, list[tuple[str, str]]]:
    """commit → (status, path) of each file it changed, for every commit of main's history
    (a merge against its first parent: what the step brought), from one `git log`."""
    out = git.run("log", "--no-show-signature", "--diff-merges=first-parent", "--root",
                  "--no-renames", "--name-status", "-z", "--format=%x1e%H",
                  "--end-of-options", main_tip)
    changes = {}
    for record in out.split("\x1e")[1:]:
        commit, _nul, rest = record.partition("\0")
        fields = rest.lstrip("\n").split("\0")[:-1]  # status, path, ...: each ends in a NUL
        changes[commit] = list(zip(fields[0::2], fields[1::2], strict=True))
    return changes


def _brought(graph: _Graph, steps: Sequence[Commit]) -> dict[str, list[Commit]]:
    """step → the commits main gained with it (itself and, for a merge, the topic's commits
    main lacked), for main's steps oldest first: each commit is met once."""
    seen: set[str] = set()
    brought: dict[str, list[Commit]] = {}
    for step in steps:
        own, pending = [], [step.id]
        while pending:
            commit = graph.commits.get(pending.pop())
            if commit is None or commit.id in seen:
                continue
            seen.add(commit.id)
            own.append(commit)
            pending.extend(commit.parents)
        brought[step.id] = own
    return brought


def _is_item(path: str) -> bool:
    """A content source as `portal check` finds them."""
    parts = PurePosixPath(path).parts
    return (len(parts) > 2 and parts[0] == CONTENT and parts[1] not in (CONFIG_DIR, MEDIA_DIR)
            and path.endswith(SOURCE_SUFFIX) and not any(part.startswith(".") for part in parts))


def _name(path: str) -> tuple[str, str, str] | None:
    """(section, stem, language) the path states; None when it states them in no known way
    (no blank may reach `cat-file --batch` either)."""
    parts = PurePosixPath(path).parts
    match = NAME_PATTERN.match(parts[-1])
    if match is None or any(char.isspace() for char in path):
        return None
    if not STEM_PATTERN.match(match["stem"]):
        return None
    return parts[1], match["stem"], match["lang"]


@dataclass(frozen=True)
class _Version:
    """A file a publishing merge added or changed, before its front matter is read."""

    merge: Commit
    path: str
    name: tuple[str, str, str]  # section, stem, language
    first: bool


def _versions(steps: Sequence[Commit], changes: dict[str, list[tuple[str, str]]],
              publishing: set[str]) -> tuple[list[_Version], list[Unreadable]]:
    """The content files each publishing merge wrote, oldest first, knowing whether main had
    held each path before; files whose names cannot be read go to the unreadable list."""
    held: set[str] = set()
    versions, unreadable = [], []
    for step in steps:
        written = [path for status, path in changes.get(step.id, []) if status != DELETED]
        if step.id in publishing:
            for path in filter(_is_item, written):
                name = _name(path)
                if name is None:
                    unreadable.append(Unreadable(step.id, path, _(
                        "the file name is not <stem>.<language>.md")))
                else:
                    versions.append(_Version(step, path, name, path not in held))
        held.update(written)
    return versions, unreadable


def _front_matter(found: tuple[str, bytes] | None, path: str) -> dict[str, object]:
    """The front matter of a published file; PortalError when it cannot be read or names no
    unit and category, which every item has (docs/content-contract.md)."""
    if found is None or found[0] != "blob":
        raise PortalError(_("the merge holds no file at this path"), Path(path))
    meta = frontmatter.parse(frontmatter.decode_text(found[1], Path(path)), Path(path)).meta
    if not isinstance(meta.get("unit"), str) or not isinstance(meta.get("category"), str):
        raise PortalError(_("its front matter gives no unit or category"), Path(path))
    return meta


def _committers(brought: Sequence[Commit], changes: dict[str, list[tuple[str, str]]],
                path: str) -> tuple[str, ...]:
    """The e-mails of the topic's commits that changed `path`; merges and rejections wrote
    nothing of their own."""
    return tuple(sorted({commit.committer.email.lower() for commit in brought
                         if len(commit.parents) == 1 and not is_rejection(commit)
                         and any(changed == path for _status, changed in
                                 changes.get(commit.id, []))}))


def _publications(git: Git, graph: _Graph, main_chain: list[Commit],
                  approvals: Sequence[Approved], clock: _Clock
                  ) -> tuple[list[Published], list[Unreadable]]:
    """Every content file an approval merge into main wrote, read in that merge's tree."""
    changes = _changes(git, main_chain[0].id)
    steps = main_chain[::-1]
    brought = _brought(graph, steps)
    grades = {approval.topic: approval.grade for approval in approvals if approval.grade}
    publishing = {approval.merge for approval in approvals if approval.stage == MAIN}
    versions, unreadable = _versions(steps, changes, publishing)
    objects = git.read_objects([f"{version.merge.id}:{version.path}" for version in versions])
    published = []
    for version, found in zip(versions, objects, strict=True):
        merge = version.merge
        try:
            meta = _front_matter(found, version.path)
        except PortalError as error:
            unreadable.append(Unreadable(merge.id, version.path, error.message))
            continue
        section, stem, language = version.name
        published.append(Published(
            path=version.path, section=section, stem=stem, language=language,
            unit=str(meta["unit"]), category=str(meta["category"]),
            author=str(meta.get("author") or ""),
            committers=_committers(brought[merge.id], changes, version.path),
            title=str(meta.get("title") or ""), merge=merge.id, topic=merge.parents[1],
            moment=clock.moment(merge), publisher=trailer(merge, APPROVED_BY),
            urgent=is_urgent(merge), urgent_reason=trailer(merge, URGENT), first=version.first,
            withdrawn=meta.get("withdrawn") not in (None, "", False),
            grade=grades.get(merge.parents[1], "")))
    return published, unreadable


def _rejections(graph: _Graph, clock: _Clock) -> list[Rejected]:
    """The rejection commits of every branch, up to `until`, oldest first."""
    found = [Rejected(commit=commit.id, topic=commit.parents[0], stage=trailer(commit, STAGE),
                      person=trailer(commit, REJECTED_BY), role=trailer(commit, ROLE),
                      reason=trailer(commit, REASON), moment=clock.moment(commit),
                      paths=_paths(commit))
             for commit in graph.commits.values()
             if len(commit.parents) == 1 and is_rejection(commit) and clock.counts(commit)]
    return sorted(found, key=lambda rejection: (rejection.moment, rejection.commit))


def _reviews(git: Git, until: dt.datetime) -> dict[str, Review]:
    """Urgent merge → the earliest review tag on it made by `until`."""
    reviews: dict[str, Review] = {}
    for review in sorted(read_reviews(git), key=lambda review: review.when):
        if review.when <= until:
            reviews.setdefault(review.target, review)
    return reviews


def _urgent(git: Git, graph: _Graph, approvals: Sequence[Approved],
            publications: Sequence[Published], until: dt.datetime) -> list[Urgent]:
    """The urgent decisions among the approvals, each with its review by `until`."""
    reviews = _reviews(git, until)
    taken_down = {publication.merge for publication in publications if publication.withdrawn}
    found = []
    for approval in (approval for approval in approvals if approval.urgent):
        review = reviews.get(approval.merge)
        found.append(Urgent(
            merge=approval.merge, topic=approval.topic, moment=approval.moment,
            person=approval.person, role=approval.role, acting_for=approval.acting_for,
            reason=trailer(graph.commits[approval.merge], URGENT), paths=approval.paths,
            takedown=approval.merge in taken_down,
            review=None if review is None else Reviewed(
                review.name, review.person, review.role,
                review.when.astimezone(AGENCY_TIMEZONE))))
    return found


def read_history(git: Git, *, remote: str | None, until: dt.datetime) -> History:
    """Everything that happened on the server's branches up to `until` (naive: the agency's
    time), read from the remote-tracking branches of `remote` in a clone, or from the
    repository's own branches (the server, a mirror) when `remote` is None. PortalError when
    main does not exist or held nothing by `until`."""
    until = until if until.tzinfo else until.replace(tzinfo=AGENCY_TIMEZONE)
    tips = _branch_tips(git, remote)
    if MAIN not in tips:
        raise PortalError(_("the server has no main branch yet"))
    commits = {commit.id: commit for commit in git.commits(sorted(set(tips.values())),
                                                           limit=HISTORY_LIMIT)}
    clock = _Clock(read_notes(git), until)
    main_history = first_parent_chain(commits, tips[MAIN])
    graph = _Graph(commits, frozenset(commit.id for commit in main_history))
    main_chain = clock.as_of(main_history)
    if not main_chain:
        raise PortalError(_("{main} held nothing yet on {moment}").format(
            main=MAIN, moment=until.isoformat()))
    stages = _stages(git, main_chain[0].id)
    chains = {branch: clock.as_of(graph.own_steps(tips[branch]))
              for branch in stages[:-1] if branch in tips}
    chains[MAIN] = main_chain
    approvals = _approvals(graph, chains, stages, clock)
    publications, unreadable = _publications(git, graph, main_chain, approvals, clock)
    return History(
        until=until, main_tip=main_chain[0].id, stages=stages,
        publications=tuple(sorted(publications, key=lambda item: (item.moment, item.path))),
        approvals=tuple(approvals), rejections=tuple(_rejections(graph, clock)),
        urgent=tuple(_urgent(git, graph, approvals, publications, until)),
        unreadable=tuple(unreadable))
