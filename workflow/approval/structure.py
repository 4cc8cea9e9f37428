"""The structural rules of approval: what a stage branch may gain, judged from git objects alone.

An approval is a merge of a topic into the next stage branch; the last stage is `main`. These
rules need no roster and no signature: they say that a stage branch moves only by honest
two-parent merges sitting on its previous tip (WORKFLOW-NOTES lessons 1, 2 and 7), and that
what stage k merges is exactly a commit stage k-1 merged. Who may merge, and whether the
merge is signed by them, is judged elsewhere on top of these.

The same code judges one pushed ref update (`judge_update`, in a pre-receive hook, before any
ref moves) and existing history (`judge_range`, for `portal verify`). Stage tips other than the
judged ref are read from the repository as it is: before the push in a hook, now in a
verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plugins.core.i18n import N_, _
from workflow.approval.decisions import is_rejection, is_urgent
from workflow.gitcmd import DEFAULT_LIMIT, Commit, Git, GitError, is_zero_id

HEADS = "refs/heads/"

RULES: dict[str, str] = {
    "delete-protected": N_("a stage branch or main is never deleted"),
    "force-push": N_("a stage branch only grows: its previous tip stays in its history"),
    "direct-commit": N_("a stage branch moves only by merges of exactly two parents whose first "
                        "parent is the previous tip"),
    "evil-merge": N_("an approval merge holds exactly the tree git computes for its two parents"),
    "skipped-stage": N_("a stage merges only what the stage before it approved; the first stage "
                        "merges only topics that branch off main"),
    "changed-after-approval": N_("a stage merges exactly the commit the stage before it "
                                 "approved, not a later one"),
    "rejected": N_("a rejected topic goes no further; its rework is a new submission"),
    "rejection": N_("a rejection merged into a stage undoes exactly one topic that stage "
                    "holds, back to where it left main"),
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: its id (a key of RULES), the commit at fault if there is one, and a
    message in the reader's language."""

    rule: str
    commit: str | None
    message: str


def stage_index(ref: str, stages: Sequence[str]) -> int | None:
    """The position of `ref` (`refs/heads/NAME` or `NAME`) in `stages`, None for any other
    branch or ref: topics and tags are free, only stages are judged."""
    if ref.startswith("refs/"):
        if not ref.startswith(HEADS):
            return None
        ref = ref.removeprefix(HEADS)
    return list(stages).index(ref) if ref in stages else None


def judge_update(git: Git, ref: str, old: str, new: str, stages: Sequence[str], *,
                 limit: int = DEFAULT_LIMIT) -> list[Violation]:
    """The violations of one pushed update of `ref` from `old` to `new` (all-zeros ids for a
    creation or a deletion), `stages` being the stage branch names in order, `main` last."""
    judge = _judge_for(git, ref, stages, limit)
    if judge is None:
        return []
    if is_zero_id(new):
        return [Violation("delete-protected", None, _(
            "{branch} is a stage branch: it cannot be deleted").format(branch=judge.branch))]
    if is_zero_id(old):
        return judge.creation(new)
    if not git.is_ancestor(old, new):
        return [judge.force_push(old, new)]
    return judge.history(new, old)


def judge_range(git: Git, ref: str, rev_range: str, stages: Sequence[str], *,
                limit: int = DEFAULT_LIMIT) -> list[Violation]:
    """The violations in existing history: `OLD..NEW` judges what `ref` gained from OLD to
    NEW; a single revision judges its whole first-parent history (from where a stage branch
    left main; for main down to its first commit, the import that started the repository)."""
    judge = _judge_for(git, ref, stages, limit)
    if judge is None:
        return []
    old, new = _split_range(git, rev_range)
    if old is not None and not git.is_ancestor(old, new):
        return [judge.force_push(old, new)]
    return judge.history(new, old)


def _judge_for(git: Git, ref: str, stages: Sequence[str], limit: int) -> _Judge | None:
    index = stage_index(ref, stages)
    if index is None:
        return None
    return _Judge(git, stages[index], tuple(stages), index, limit)


def _split_range(git: Git, rev_range: str) -> tuple[str | None, str]:
    """(old, new) commit ids of `OLD..NEW`, or (None, new) of a single revision."""
    if "..." in rev_range:
        raise GitError(("rev-parse", rev_range), _(
            "'{range}' is not a range of the form OLD..NEW").format(range=rev_range))
    old, separator, new = rev_range.partition("..")
    if not separator:
        return None, git.rev_parse(f"{rev_range}^{{commit}}")
    return (git.rev_parse(f"{old or 'HEAD'}^{{commit}}"),
            git.rev_parse(f"{new or 'HEAD'}^{{commit}}"))


def _short(commit_id: str) -> str:
    return commit_id[:12]


def first_parent_chain(commits: dict[str, Commit], tip: str) -> list[Commit]:
    """The commits met walking first parents from `tip` while they are in `commits` (the
    range being judged), newest first: the steps by which the branch moved."""
    chain, current = [], commits.get(tip)
    while current is not None:
        chain.append(current)
        current = commits.get(current.parents[0]) if current.parents else None
    return chain


def on_first_parent_history(git: Git, tip: str, commit: str,
                            limit: int = DEFAULT_LIMIT) -> bool:
    """True when `commit` is one of the commits `tip`'s branch has pointed to: the
    first-parent steps of `tip` that descend from `commit` end on a child of it. The
    ancestry test first keeps a stranger from costing a walk."""
    if tip == commit:
        return True
    if not git.is_ancestor(commit, tip):
        return False
    lines = git.rev_list([tip, f"^{commit}"], "--first-parent", "--ancestry-path", "--parents",
                         "--topo-order", limit=limit)
    return bool(lines) and lines[-1].split()[1:2] == [commit]


def fork_point(git: Git, main_tip: str | None, topic: str,
               limit: int = DEFAULT_LIMIT) -> str | None:
    """The newest commit of main's first-parent history that `topic` contains: what was
    published when the topic left main (or last took main in). Found from main's side, so it
    stays the same once the topic itself is published."""
    if main_tip is None:
        return None
    lines = git.rev_list([main_tip, f"^{topic}"], "--first-parent", "--parents", "--topo-order",
                         limit=limit)
    if not lines:
        return main_tip
    parents = lines[-1].split()[1:]
    return parents[0] if parents else None


@dataclass(frozen=True)
class _Judge:
    """The rules for one stage branch: `index` is its position in `stages`."""

    git: Git
    branch: str
    stages: tuple[str, ...]
    index: int
    limit: int

    @property
    def main(self) -> str:
        return self.stages[-1]

    def force_push(self, old: str, new: str) -> Violation:
        return Violation("force-push", new, _(
            "{branch} was rewritten: its previous tip {old} is not in the history of {new}").format(
                branch=self.branch, old=_short(old), new=_short(new)))

    def creation(self, new: str) -> list[Violation]:
        """A new main is the first import of an empty repository; a new stage branch starts
        at a commit main has pointed to, so it carries nothing unapproved."""
        if self.index == len(self.stages) - 1:
            return []
        main_tip = self.git.branch_tip(self.main)
        if main_tip is not None and self.on_first_parent_history(main_tip, new):
            return []
        return [Violation("direct-commit", new, _(
            "{branch} must be created at a commit of {main}'s history, not at {commit}").format(
                branch=self.branch, main=self.main, commit=_short(new)))]

    def history(self, new: str, old: str | None) -> list[Violation]:
        """Every rule over what the branch gained from `old` (None: its whole history) to
        `new`, reading the range's commits once."""
        if old is not None:
            exclude = [f"^{old}"]
        elif self.index < len(self.stages) - 1:
            exclude = [f"^{self._tip(self.main)}"]
        else:
            exclude = []
        commits = {commit.id: commit for commit in self.git.commits([new, *exclude], self.limit)}
        chain = first_parent_chain(commits, new)
        merges = [commit for commit in chain if len(commit.parents) == 2]
        brought = {commit.id: commit for commit in self.git.read_commits(
            sorted({merge.parents[1] for merge in merges}))}
        rejections = [merge for merge in merges if is_rejection(brought[merge.parents[1]])]
        rejected_ids = {merge.id for merge in rejections}
        urgent = [merge for merge in merges
                  if self.index == len(self.stages) - 1 and is_urgent(merge)
                  and merge.id not in rejected_ids]
        special = rejected_ids | {merge.id for merge in urgent}
        approvals = [merge for merge in merges if merge.id not in special]
        chain_ids = {commit.id for commit in chain}
        return [*self.shape(chain, old), *self.evil_merges(merges),
                *self.topics(approvals, chain_ids),
                *(self.branching_off_main(urgent, chain_ids) if urgent else []),
                *(violation for merge in rejections
                  if (violation := self.rejection(merge, brought[merge.parents[1]])))]

    def shape(self, chain: list[Commit], old: str | None) -> list[Violation]:
        """Each step of the branch is a two-parent merge, and the oldest sits on `old`."""
        violations = []
        for commit in chain:
            if len(commit.parents) == 1:
                violations.append(Violation("direct-commit", commit.id, _(
                    "{commit} on {branch} is not a merge: a stage branch moves only by "
                    "approval merges").format(commit=_short(commit.id), branch=self.branch)))
            elif len(commit.parents) > 2:
                violations.append(Violation("direct-commit", commit.id, _(
                    "{commit} on {branch} is an octopus merge of {count} parents: an approval "
                    "merges exactly one topic").format(commit=_short(commit.id),
                                                       branch=self.branch,
                                                       count=len(commit.parents))))
        if old is not None and chain and chain[-1].parents[:1] != (old,):
            violations.append(Violation("direct-commit", chain[-1].id, _(
                "{commit} on {branch} does not sit on the previous tip {old}: an approval "
                "merge's first parent is the branch as it was").format(
                    commit=_short(chain[-1].id), branch=self.branch, old=_short(old))))
        return violations

    def evil_merges(self, merges: list[Commit]) -> list[Violation]:
        """A merge's tree must be the one git computes for its parents: a signature proves
        who merged, this proves what the merge holds (lesson 2)."""
        computed = self.git.merge_trees([(merge.parents[0], merge.parents[1])
                                         for merge in merges])
        violations = []
        for merge, (tree, clean) in zip(merges, computed, strict=True):
            if not clean:
                violations.append(Violation("evil-merge", merge.id, _(
                    "merge {commit} on {branch} joins parents that conflict: a merge whose "
                    "conflicts were resolved by hand cannot be an approval").format(
                        commit=_short(merge.id), branch=self.branch)))
            elif tree != merge.tree:
                violations.append(Violation("evil-merge", merge.id, _(
                    "merge {commit} on {branch} holds a tree other than the merge of its two "
                    "parents: it adds or removes changes of its own").format(
                        commit=_short(merge.id), branch=self.branch)))
        return violations

    def topics(self, merges: list[Commit], chain_ids: set[str]) -> list[Violation]:
        """What each merge brings (its second parent) comes from the right place."""
        if not merges:
            return []
        if self.index == 0:
            return self.branching_off_main(merges, chain_ids)
        return self.approved_before(merges)

    def branching_off_main(self, merges: list[Commit], chain_ids: set[str]) -> list[Violation]:
        """The first stage merges topics that branch off main: their own commits (those main
        lacks) share history with main and include no step of a stage branch, which would
        carry other submissions' unpublished approvals along."""
        main_tip = self._tip(self.main)
        stage_tips = [tip for stage in self.stages[:-1]
                      if (tip := self.git.branch_tip(stage)) is not None]
        topics = [merge.parents[1] for merge in merges]
        if not self._foreign(topics, main_tip, chain_ids, stage_tips):
            return []
        return [Violation("skipped-stage", merge.id, _(
            "merge {commit} on {branch} brings {topic}, which does not branch off {main}: "
            "a submission starts from the published site").format(
                commit=_short(merge.id), branch=self.branch, topic=_short(merge.parents[1]),
                main=self.main))
            for merge in merges
            if self._foreign([merge.parents[1]], main_tip, chain_ids, stage_tips)]

    def _foreign(self, topics: list[str], main_tip: str, chain_ids: set[str],
                 stage_tips: list[str]) -> bool:
        """True when the topics' own commits hold a root (history unrelated to main) or a
        step of a stage branch: one of this update's, or a merge on a stage's first-parent
        history (steps are merges; the rest of a topic's commits need no look-up)."""
        for line in self.git.rev_list([*topics, f"^{main_tip}"], "--parents", limit=self.limit):
            commit, *parents = line.split()
            if not parents or commit in chain_ids:
                return True
            if len(parents) > 1 and any(self.on_first_parent_history(tip, commit)
                                        for tip in stage_tips):
                return True
        return False

    def rejection(self, merge: Commit, rejection: Commit) -> Violation | None:
        """A rejection merge takes out of the stage a topic the stage holds, and nothing else:
        the rejection's tree is where the topic left main, so the honest merge of it (the
        evil-merge rule) undoes exactly the topic's changes."""
        values = {"commit": _short(merge.id), "branch": self.branch,
                  "rejection": _short(rejection.id)}
        if self.index == len(self.stages) - 1:
            return Violation("rejection", merge.id, _(
                "merge {commit} on {branch} brings the rejection {rejection}: what is published "
                "is withdrawn by a submission, not rejected").format(**values))
        if len(rejection.parents) != 1:
            return Violation("rejection", merge.id, _(
                "merge {commit} on {branch} brings the rejection {rejection}, which does not "
                "sit on exactly one topic commit").format(**values))
        topic = rejection.parents[0]
        approved, _rejected = self.approved_on(merge.parents[0], [topic])
        if topic not in approved:
            return Violation("rejection", merge.id, _(
                "merge {commit} on {branch} brings the rejection {rejection} of {topic}, which "
                "{branch} does not hold").format(topic=_short(topic), **values))
        fork = fork_point(self.git, self.git.branch_tip(self.main), topic, self.limit)
        if fork is None or self.git.rev_parse(f"{fork}^{{tree}}") != rejection.tree:
            return Violation("rejection", merge.id, _(
                "merge {commit} on {branch} brings the rejection {rejection}, whose files are "
                "not those of {main} where the topic {topic} left it: a rejection undoes the "
                "whole topic and nothing else").format(topic=_short(topic), main=self.main,
                                                       **values))
        return None

    def approved_on(self, tip: str | None, bottoms: list[str]) -> tuple[set[str], set[str]]:
        """(approved, rejected): the commits `tip`'s stage approved among those descending
        from `bottoms`, less those it later rejected; and the rejected ones."""
        seconds = self.approvals(tip, bottoms)
        rejected = {commit.parents[0] for commit in self.git.read_commits(sorted(seconds))
                    if is_rejection(commit) and commit.parents}
        return seconds - rejected, rejected

    def approved_before(self, merges: list[Commit]) -> list[Violation]:
        """Stage k merges only commits stage k-1 approved, that is second parents of merges
        on stage k-1's first-parent history; or main's own history (bringing a stage up to
        date with what is already published)."""
        previous = self.stages[self.index - 1]
        previous_tip = self.git.branch_tip(previous)
        topics = list(dict.fromkeys(merge.parents[1] for merge in merges))
        approved, _rejected = self.approved_on(previous_tip, topics)
        violations = []
        for merge in merges:
            if merge.parents[1] not in approved:
                violation = self.unapproved(merge, previous, previous_tip)
                if violation is not None:
                    violations.append(violation)
        return violations

    def approvals(self, tip: str | None, bottoms: list[str]) -> set[str]:
        """Second parents of the two-parent merges on `tip`'s first-parent history that
        descend from one of `bottoms`: an approval of a commit comes after it, so the answer
        grows with the approvals made since, not with the branch's age."""
        if tip is None or not bottoms:
            return set()
        lines = self.git.rev_list([tip, *(f"^{bottom}" for bottom in bottoms)],
                                  "--first-parent", "--ancestry-path", "--parents",
                                  limit=self.limit)
        return {fields[2] for line in lines if len(fields := line.split()) == 3}

    def unapproved(self, merge: Commit, previous: str,
                   previous_tip: str | None) -> Violation | None:
        """The verdict on a topic the batched look-up did not find approved (a topic holding
        another's approval hides it there): main's first-parent history excuses it, a look-up
        of its own may find it approved; else an approval of one of its own older commits
        means it changed after approval, and nothing means it skipped the stage."""
        topic = merge.parents[1]
        main_tip = self.git.branch_tip(self.main)
        if main_tip is not None and self.on_first_parent_history(main_tip, topic):
            return None
        exclude = [f"^{main_tip}"] if main_tip is not None else []
        own = set(self.git.rev_list([topic, *exclude], limit=self.limit))
        approved, rejected = self.approved_on(previous_tip, sorted(own | {topic}))
        if topic in approved:
            return None
        values = {"commit": _short(merge.id), "branch": self.branch, "topic": _short(topic),
                  "previous": previous}
        if topic in rejected:
            return Violation("rejected", merge.id, _(
                "merge {commit} on {branch} brings {topic}, which was rejected at {previous}: "
                "the author reworks it and submits it again").format(**values))
        if own & approved:
            return Violation("changed-after-approval", merge.id, _(
                "merge {commit} on {branch} brings {topic}, which changed after {previous} "
                "approved it: the changed topic goes back to the first stage").format(**values))
        return Violation("skipped-stage", merge.id, _(
            "merge {commit} on {branch} brings {topic}, which {previous} never approved").format(
                **values))

    def on_first_parent_history(self, tip: str, commit: str) -> bool:
        return on_first_parent_history(self.git, tip, commit, self.limit)

    def _tip(self, branch: str) -> str:
        tip = self.git.branch_tip(branch)
        if tip is None:
            raise GitError(("rev-parse", f"{HEADS}{branch}"), _(
                "the branch {branch} does not exist").format(branch=branch))
        return tip
