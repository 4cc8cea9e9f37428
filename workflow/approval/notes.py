"""The server's receive time of every approval merge, kept in git notes, and what verify reads
from them.

An SSH signature carries no time, and the committer date is whatever the signer chose
(WORKFLOW-NOTES lesson 5). The pre-receive hook bounds it by the clock at push time, but that
judgement leaves no trace a later reader could check. So the `post-receive` hook, which runs
after git left quarantine and may write refs (lesson 8), records on each approval merge a
branch gained the server's receive time (UTC) and the pusher, as a note under
`refs/notes/portal-received`. Anyone with a mirror clone then has the evidence: `portal verify`
reports a merge dated more than 5 minutes after its recorded receive time (`future-date`), and a
merge a branch gained after recording began that has no note (`unrecorded`): it landed where no
hook ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plugins.core.i18n import N_, _
from workflow.approval.structure import HEADS, Violation
from workflow.gitcmd import Commit, Git, is_zero_id

if TYPE_CHECKING:
    from workflow.approval.push import RefUpdate

NOTES_REF = "portal-received"  # git expands it to refs/notes/portal-received
SKEW = dt.timedelta(minutes=5)  # as people.py: approvers' clocks may be this far off
RECEIVED, REF, PUSHER = "Received", "Ref", "Pushed-By"
RECORDER = ("-c", "user.name=portal", "-c", "user.email=portal@localhost")

RULES: dict[str, str] = {
    "unrecorded": N_("every approval merge a branch gained since the server began recording has "
                     "a receive-time note: it came through the server's hooks"),
}


@dataclass(frozen=True)
class Received:
    """One note: when the server received the merge, on which ref, from whom."""

    at: dt.datetime
    ref: str
    pusher: str | None

    def text(self) -> str:
        lines = [f"{RECEIVED}: {self.at.isoformat()}", f"{REF}: {self.ref}"]
        if self.pusher:
            lines.append(f"{PUSHER}: {self.pusher}")
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Received | None:
        """None for a note without a readable receive time: it proves nothing."""
        fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
        try:
            at = dt.datetime.fromisoformat(fields[RECEIVED].strip())
        except (KeyError, ValueError):
            return None
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        return cls(at, fields.get(REF, "").strip(), fields.get(PUSHER, "").strip() or None)


def _noted(git: Git) -> list[str]:
    """The commits that carry a note (`git notes list` prints `note-blob commit`)."""
    listing = git.run("notes", f"--ref={NOTES_REF}", "list")
    return [line.split()[1] for line in listing.splitlines()]


def read_notes(git: Git) -> dict[str, Received]:
    """commit → its receive note, every note read in one `git log` pass."""
    ids = _noted(git)
    if not ids:
        return {}
    out = git.run("log", "--no-walk=unsorted", "--stdin", "--no-notes", f"--notes={NOTES_REF}",
                  "--format=%H%x1f%N%x1e", input="".join(f"{commit}\n" for commit in ids))
    notes = {}
    for record in out.split("\x1e"):
        commit, _sep, text = record.strip().partition("\x1f")
        received = Received.parse(text)
        if commit and received is not None:
            notes[commit] = received
    return notes


def _gained(git: Git, update: RefUpdate, stages: Sequence[str]) -> list[str]:
    """The approval merges a branch gained (its first-parent merges from old to new); a new
    branch gains what no other stage branch held."""
    if is_zero_id(update.new):
        return []
    if is_zero_id(update.old):
        exclude = [f"^{tip}" for stage in stages
                   if HEADS + stage != update.ref and (tip := git.branch_tip(stage))]
    else:
        exclude = [f"^{update.old}"]
    return git.rev_list([update.new, *exclude], "--first-parent", "--min-parents=2")


def record_received(git: Git, updates: Sequence[RefUpdate], stages: Sequence[str], *,
                    received: dt.datetime, pusher: str | None = None) -> int:
    """Note `received` on every approval merge the stage branches gained in this push, once:
    a merge already noted keeps its first receive time. Returns how many were noted."""
    noted = set(_noted(git))
    count = 0
    for update in updates:
        if update.ref not in {HEADS + stage for stage in stages}:
            continue
        note = Received(received.astimezone(dt.UTC), update.ref, pusher).text()
        for merge in reversed(_gained(git, update, stages)):
            if merge in noted:
                continue
            git.run(*RECORDER, "notes", f"--ref={NOTES_REF}", "add", "-m", note, merge)
            noted.add(merge)
            count += 1
    return count


def _short(commit_id: str) -> str:
    return commit_id[:12]


def judge_received(notes: dict[str, Received], branch: str, merges: Sequence[Commit], *,
                   reported: Collection[Violation] = ()) -> list[Violation]:
    """The receive-time rules over a branch's approval merges (newest first): a date after the
    noted receive time, and a merge without a note above the oldest noted one (merges from
    before the server began recording are not blamed). Skips what `reported` already says."""
    seen = {(violation.rule, violation.commit) for violation in reported}
    recorded = [index for index, merge in enumerate(merges) if merge.id in notes]
    if not recorded:
        return []
    found = []
    for merge in merges[:max(recorded)]:
        if merge.id not in notes:
            found.append(Violation("unrecorded", merge.id, _(
                "merge {commit} on {branch}: the server has no record of receiving it, though "
                "it records every push: it landed where the hooks did not run").format(
                    commit=_short(merge.id), branch=branch)))
    for merge in merges:
        note = notes.get(merge.id)
        when = dt.datetime.fromtimestamp(merge.committer.timestamp, dt.UTC)
        if note is not None and when > note.at + SKEW:
            found.append(Violation("future-date", merge.id, _(
                "merge {commit} on {branch}: it is dated {when}, after the server received it "
                "at {received}").format(commit=_short(merge.id), branch=branch,
                                        when=when.isoformat(), received=note.at.isoformat())))
    return [violation for violation in found if (violation.rule, violation.commit) not in seen]
