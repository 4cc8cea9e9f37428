"""The structural approval rules on real repositories: a bare "server" and a clone to work in.

Every step is played with the git command (`--no-ff` merges, pushes); each proposed update is
pushed to a scratch branch first, so the server holds its objects while the stage branches
are still where they were, exactly as a pre-receive hook sees a push, and then judged with
the real old and new ids. One test runs the rules as a real pre-receive hook, in quarantine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT
from workflow.approval.structure import RULES, Violation, judge_range, judge_update
from workflow.gitcmd import Git, GitError, RangeTooLargeError, parse_trailers

STAGES = ["duyet/truong-phong", "duyet/ban-bien-tap", "main"]
HEAD_STAGE, BOARD_STAGE, MAIN = STAGES
ZERO = "0" * 40
PROPOSAL = "refs/heads/de-xuat/kiem-tra"
PAGE = "content/pages/gioi-thieu.vi.md"


def _env() -> dict[str, str]:
    """The test's own git calls run with no GIT_* variable a caller may have left behind."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def git(cwd: Path, *args: str, input: str | None = None) -> str:
    """Output of `git ARGS` in `cwd` as an editor runs it; a failure fails the test."""
    result = subprocess.run(["git", "-c", "user.name=Nguyễn Văn An",
                             "-c", "user.email=an@songv.local", "-c", "commit.gpgsign=false",
                             "-c", "init.defaultBranch=main", *args], cwd=cwd, input=input,
                            capture_output=True, text=True, encoding="utf-8", check=False,
                            env=_env())
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


class Portal:
    """A bare server with main and the stage branches, and one clone where everyone works
    (who merges does not matter to these rules: the roster's rules judge that)."""

    def __init__(self, root: Path) -> None:
        self.server = root / "server.git"
        self.work = root / "work"
        git(root, "init", "-q", "--bare", str(self.server))
        git(root, "clone", "-q", str(self.server), str(self.work))
        self.write(PAGE, "# Giới thiệu\n\nSở Ngoại vụ tỉnh Lạng Sơn.\n")
        self.commit("Khởi tạo cổng thông tin")
        self.git("push", "-q", "origin", "HEAD:refs/heads/main")
        for stage in STAGES[:-1]:
            self.git("push", "-q", "origin", f"HEAD:refs/heads/{stage}")

    def git(self, *args: str) -> str:
        return git(self.work, *args)

    def write(self, path: str, text: str) -> None:
        target = self.work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def tip(self, branch: str) -> str:
        return git(self.server, "rev-parse", f"refs/heads/{branch}")

    def topic(self, name: str, path: str, text: str, base: str = "origin/main") -> str:
        """A submission: a topic branch with one commit writing `path`, pushed."""
        self.git("checkout", "-q", "-B", name, base)
        self.write(path, text)
        tip = self.commit(f"Bài mới: {path}")
        self.git("push", "-q", "-f", "origin", f"{name}:refs/heads/{name}")
        return tip

    def merge(self, stage: str, *topics: str) -> str:
        """An approval as an approver makes it: the stage as the server has it, merged."""
        self.git("fetch", "-q", "origin")
        self.git("checkout", "-q", "-B", stage, f"origin/{stage}")
        message = f"Duyệt {' '.join(topics)} vào {stage}"  # identical merges would be one
        self.git("merge", "-q", "--no-ff", "-m", message, *topics)
        return self.git("rev-parse", "HEAD")

    def judge(self, stage: str, rev: str = "HEAD",
              stages: list[str] | None = None) -> list[Violation]:
        """The verdict on updating `stage` to `rev`: the objects reach the server, the stage
        branch does not move, and the rules run there with the real ids."""
        new = self.git("rev-parse", rev)
        self.git("push", "-q", "-f", "origin", f"{new}:{PROPOSAL}")
        old = git(self.server, "for-each-ref", "--format=%(objectname)",
                  f"refs/heads/{stage}") or ZERO
        return judge_update(Git(self.server), f"refs/heads/{stage}", old, new,
                            stages or STAGES)

    def land(self, stage: str, rev: str = "HEAD") -> None:
        self.git("push", "-q", "origin", f"{rev}:refs/heads/{stage}")

    def approve(self, stage: str, topic: str) -> list[Violation]:
        """Merge, judge, and land when the judge finds nothing."""
        self.merge(stage, topic)
        verdict = self.judge(stage)
        if not verdict:
            self.land(stage)
        return verdict

    def publish(self, topic: str) -> None:
        """Take a topic through every stage, each step judged clean."""
        for stage in STAGES:
            assert self.approve(stage, topic) == [], stage


def rules(violations: list[Violation]) -> set[str]:
    assert all(violation.rule in RULES and violation.message for violation in violations)
    return {violation.rule for violation in violations}


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    return Portal(tmp_path)


def test_happy_path_topic_through_every_stage(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    portal.publish("bai/hop-tac")
    assert portal.tip(MAIN) != portal.tip(HEAD_STAGE)
    server = Git(portal.server)
    for stage in STAGES:
        assert judge_range(server, stage, f"refs/heads/{stage}", STAGES) == []


def test_trilingual_topics_and_a_second_submission_pass(portal: Portal) -> None:
    portal.topic("bai/mot", "content/news/mot.vi.md", "# Một\n")
    portal.topic("bai/hai", "content/news/hai.vi.md", "# Hai\n")
    assert portal.approve(HEAD_STAGE, "bai/mot") == []
    assert portal.approve(HEAD_STAGE, "bai/hai") == []
    assert portal.approve(BOARD_STAGE, "bai/hai") == []
    assert portal.approve(MAIN, "bai/hai") == []
    assert portal.approve(BOARD_STAGE, "bai/mot") == []
    assert portal.approve(MAIN, "bai/mot") == []


@pytest.mark.parametrize("stage", STAGES)
def test_direct_commit_is_refused(portal: Portal, stage: str) -> None:
    portal.git("checkout", "-q", "-B", stage, f"origin/{stage}")
    portal.write(PAGE, "# Giới thiệu\n\nSửa thẳng trên nhánh duyệt.\n")
    commit = portal.commit("Sửa thẳng")
    verdict = portal.judge(stage)
    assert rules(verdict) == {"direct-commit"}
    assert [violation.commit for violation in verdict] == [commit]


@pytest.mark.parametrize("stage", [HEAD_STAGE, MAIN])
def test_force_push_is_refused(portal: Portal, stage: str) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    portal.publish("bai/hop-tac")
    assert rules(portal.judge(stage, f"origin/{stage}~1")) == {"force-push"}


@pytest.mark.parametrize("stage", STAGES)
def test_deleting_a_stage_is_refused(portal: Portal, stage: str) -> None:
    verdict = judge_update(Git(portal.server), f"refs/heads/{stage}", portal.tip(stage), ZERO,
                           STAGES)
    assert rules(verdict) == {"delete-protected"}


def test_octopus_merge_is_refused(portal: Portal) -> None:
    portal.topic("bai/mot", "content/news/mot.vi.md", "# Một\n")
    portal.topic("bai/hai", "content/news/hai.vi.md", "# Hai\n")
    octopus = portal.merge(HEAD_STAGE, "bai/mot", "bai/hai")
    verdict = portal.judge(HEAD_STAGE)
    assert rules(verdict) == {"direct-commit"}
    assert [violation.commit for violation in verdict] == [octopus]
    assert "octopus" in verdict[0].message


def test_merge_whose_first_parent_is_not_the_old_tip_is_refused(portal: Portal) -> None:
    """The topic's author merges the stage into the topic and pushes that onto the stage:
    the branch fast-forwards, but its first-parent line is the topic's, not the stage's."""
    topic = portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    portal.topic("bai/khac", "content/news/khac.vi.md", "# Khác\n")
    assert portal.approve(HEAD_STAGE, "bai/khac") == []
    portal.git("checkout", "-q", "bai/hop-tac")
    portal.git("merge", "-q", "--no-ff", "-m", "Gộp ngược", f"origin/{HEAD_STAGE}")
    verdict = portal.judge(HEAD_STAGE)
    assert "direct-commit" in rules(verdict)
    assert topic in {violation.commit for violation in verdict if violation.rule ==
                     "direct-commit"}
    assert any(portal.tip(HEAD_STAGE)[:12] in violation.message for violation in verdict)


def test_evil_merge_is_refused(portal: Portal) -> None:
    """A merge made with commit-tree whose tree adds a file neither parent has."""
    topic = portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    stage_tip = portal.tip(HEAD_STAGE)
    honest = portal.git("merge-tree", "--write-tree", stage_tip, topic)
    blob = git(portal.work, "hash-object", "-w", "--stdin", input="tuồn thêm\n")
    listing = portal.git("ls-tree", honest) + f"\n100644 blob {blob}\tthem.md\n"
    evil_tree = git(portal.work, "mktree", input=listing)
    evil = git(portal.work, "commit-tree", evil_tree, "-p", stage_tip, "-p", topic,
               "-m", "Duyệt bai/hop-tac")
    verdict = portal.judge(HEAD_STAGE, evil)
    assert rules(verdict) == {"evil-merge"}
    assert verdict[0].commit == evil


def test_conflict_resolved_by_hand_is_refused(portal: Portal) -> None:
    portal.topic("bai/mot", PAGE, "# Giới thiệu\n\nPhiên bản một.\n")
    portal.topic("bai/hai", PAGE, "# Giới thiệu\n\nPhiên bản hai.\n")
    assert portal.approve(HEAD_STAGE, "bai/mot") == []
    portal.git("fetch", "-q", "origin")
    portal.git("checkout", "-q", "-B", HEAD_STAGE, f"origin/{HEAD_STAGE}")
    merged = subprocess.run(["git", "merge", "--no-ff", "bai/hai"], cwd=portal.work,
                            capture_output=True, check=False, env=_env())
    assert merged.returncode != 0
    portal.write(PAGE, "# Giới thiệu\n\nBản sửa tay.\n")
    portal.commit("Duyệt bai/hai")
    assert rules(portal.judge(HEAD_STAGE)) == {"evil-merge"}


def test_skipping_a_stage_is_refused(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    assert portal.approve(HEAD_STAGE, "bai/hop-tac") == []
    merge = portal.merge(MAIN, "bai/hop-tac")
    verdict = portal.judge(MAIN)
    assert rules(verdict) == {"skipped-stage"}
    assert verdict[0].commit == merge
    assert BOARD_STAGE in verdict[0].message


def test_topic_changed_after_approval_is_refused(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    assert portal.approve(HEAD_STAGE, "bai/hop-tac") == []
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác (sửa)\n",
                 base="bai/hop-tac")
    assert rules(portal.approve(BOARD_STAGE, "bai/hop-tac")) == {"changed-after-approval"}


def test_changed_topic_goes_back_to_the_first_stage(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    assert portal.approve(HEAD_STAGE, "bai/hop-tac") == []
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác (sửa)\n",
                 base="bai/hop-tac")
    portal.publish("bai/hop-tac")


def test_topic_from_a_stage_branch_is_refused(portal: Portal) -> None:
    """A topic started from the first stage carries another submission's pending approval."""
    portal.topic("bai/mot", "content/news/mot.vi.md", "# Một\n")
    assert portal.approve(HEAD_STAGE, "bai/mot") == []
    portal.topic("bai/hai", "content/news/hai.vi.md", "# Hai\n", base=f"origin/{HEAD_STAGE}")
    assert rules(portal.approve(HEAD_STAGE, "bai/hai")) == {"skipped-stage"}


def test_topic_brought_up_to_date_with_main_passes(portal: Portal) -> None:
    """An author may merge main into a topic: that merge is not a step of a stage branch."""
    portal.topic("bai/mot", "content/news/mot.vi.md", "# Một\n")
    portal.topic("bai/hai", "content/news/hai.vi.md", "# Hai\n")
    portal.publish("bai/mot")
    portal.git("checkout", "-q", "bai/hai")
    portal.git("merge", "-q", "--no-ff", "-m", "Cập nhật từ main", "origin/main")
    portal.git("push", "-q", "origin", "bai/hai")
    portal.publish("bai/hai")


def test_topic_with_unrelated_history_is_refused(portal: Portal) -> None:
    portal.git("checkout", "-q", "--orphan", "bai/la")
    portal.git("rm", "-q", "-r", "--cached", ".")
    shutil.rmtree(portal.work / "content")
    portal.write("content/news/la.vi.md", "# Lạ\n")
    portal.commit("Lịch sử khác")
    portal.git("fetch", "-q", "origin")
    portal.git("checkout", "-q", "-B", HEAD_STAGE, f"origin/{HEAD_STAGE}")
    portal.git("merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", "Duyệt", "bai/la")
    assert rules(portal.judge(HEAD_STAGE)) == {"skipped-stage"}


def test_topics_and_other_refs_are_not_judged(portal: Portal) -> None:
    first = portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    rewritten = portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Viết lại\n")
    server = Git(portal.server)
    assert judge_update(server, "refs/heads/bai/hop-tac", first, rewritten, STAGES) == []
    assert judge_update(server, "refs/tags/main", portal.tip(MAIN), ZERO, STAGES) == []


def test_bringing_a_stage_up_to_date_with_main_passes(portal: Portal) -> None:
    portal.topic("bai/mot", "content/news/mot.vi.md", "# Một\n")
    portal.publish("bai/mot")
    portal.topic("bai/hai", "content/news/hai.vi.md", "# Hai\n")
    assert portal.approve(HEAD_STAGE, "bai/hai") == []
    for stage in STAGES[:-1]:
        assert portal.approve(stage, "origin/main") == [], stage


def test_creating_a_stage_branch(portal: Portal) -> None:
    stages = ["duyet/moi", *STAGES]
    topic = portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    assert portal.judge("duyet/moi", "origin/main", stages) == []
    assert rules(portal.judge("duyet/moi", topic, stages)) == {"direct-commit"}


def test_verify_finds_what_landed_without_approval(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    portal.publish("bai/hop-tac")
    published = portal.tip(MAIN)
    portal.git("checkout", "-q", "-B", MAIN, "origin/main")
    portal.write(PAGE, "# Giới thiệu\n\nSửa thẳng.\n")
    direct = portal.commit("Sửa thẳng")
    portal.land(MAIN)
    server = Git(portal.server)
    for rev_range in (f"{published}..main", "main"):
        verdict = judge_range(server, "main", rev_range, STAGES)
        assert [(v.rule, v.commit) for v in verdict] == [("direct-commit", direct)]


HOOK = """\
#!{python}
import os
import sys

sys.path.insert(0, {root!r})
from workflow.approval.structure import judge_update
from workflow.gitcmd import Git

quarantined = bool(os.environ.get("GIT_QUARANTINE_PATH"))
print("quarantine:", "yes" if quarantined else "no", file=sys.stderr)
refused = False
for line in sys.stdin:
    old, new, ref = line.split()
    for violation in judge_update(Git("."), ref, old, new, {stages!r}):
        print(f"[{{violation.rule}}] {{violation.message}}", file=sys.stderr)
        refused = True
sys.exit(1 if refused else 0)
"""


def test_rules_run_as_a_pre_receive_hook_in_quarantine(portal: Portal) -> None:
    """Pushed objects are visible to the judge only through the quarantine variables: the
    honest approval lands, the direct commit is refused and its objects are gone."""
    hook = portal.server / "hooks" / "pre-receive"
    hook.write_text(HOOK.format(python=sys.executable, root=str(ROOT), stages=STAGES),
                    encoding="utf-8")
    hook.chmod(0o755)
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    approval = portal.merge(HEAD_STAGE, "bai/hop-tac")
    landed = portal.git("push", "origin", f"HEAD:refs/heads/{HEAD_STAGE}")
    assert portal.tip(HEAD_STAGE) == approval, landed
    portal.write(PAGE, "# Giới thiệu\n\nSửa thẳng.\n")
    direct = portal.commit("Sửa thẳng")
    pushed = subprocess.run(["git", "push", "origin", f"HEAD:refs/heads/{HEAD_STAGE}"],
                            cwd=portal.work, capture_output=True, text=True, check=False,
                            env=_env())
    assert pushed.returncode != 0
    assert "quarantine: yes" in pushed.stderr
    assert "[direct-commit]" in pushed.stderr
    assert portal.tip(HEAD_STAGE) == approval
    missing = subprocess.run(["git", "cat-file", "-e", direct], cwd=portal.server,
                             capture_output=True, check=False, env=_env())
    assert missing.returncode != 0


def test_commits_reads_headers_signature_and_trailers(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", str(repo))
    tree = git(repo, "mktree", input="")
    raw = textwrap.dedent(f"""\
        tree {tree}
        author Trần Thị Bình <binh@songv.local> 1790000000 +0700
        committer Lê Văn Cường <cuong@songv.local> 1790000100 +0000
        gpgsig -----BEGIN SSH SIGNATURE-----
         U1NIU0lHAAAAAQ==
         -----END SSH SIGNATURE-----

        Duyệt bai/hop-tac

        Nội dung đã xem: đủ.

        Portal-Stage: duyet/truong-phong
        Portal-Items: news/hop-tac
          news/hop-tac.en
        """)
    commit_id = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", input=raw)
    plain = git(repo, "commit-tree", tree, "-p", commit_id, "-m", "Không chữ ký")
    plain_commit, signed = Git(repo).commits(plain)
    assert plain_commit.parents == (commit_id,) and not plain_commit.signed
    assert plain_commit.trailers == ()
    assert signed.id == commit_id and signed.tree == tree and signed.parents == ()
    assert signed.signed
    assert (signed.author.name, signed.author.email) == ("Trần Thị Bình", "binh@songv.local")
    assert (signed.author.timestamp, signed.author.offset) == (1790000000, "+0700")
    assert (signed.committer.name, signed.committer.timestamp) == ("Lê Văn Cường", 1790000100)
    assert signed.message.startswith("Duyệt bai/hop-tac\n")
    assert signed.trailers == (("Portal-Stage", "duyet/truong-phong"),
                               ("Portal-Items", "news/hop-tac news/hop-tac.en"))


def test_prose_with_a_colon_is_not_a_trailer() -> None:
    assert parse_trailers("Tiêu đề\n\nGhi chú: xem lại đoạn hai\nvà đoạn ba.\n") == ()
    assert parse_trailers("Portal-Stage: main\n") == ()


def test_range_cap_and_git_errors_are_clear(portal: Portal) -> None:
    portal.topic("bai/hop-tac", "content/news/hop-tac.vi.md", "# Hợp tác\n")
    portal.publish("bai/hop-tac")
    server = Git(portal.server)
    with pytest.raises(RangeTooLargeError, match="2"):
        server.commits("main", limit=2)
    assert len(server.commits("main", limit=3)) == 3
    with pytest.raises(GitError) as raised:
        server.run("rev-parse", "--verify", "khong-co-nhanh-nay")
    assert raised.value.command == ("rev-parse", "--verify", "khong-co-nhanh-nay")
    assert raised.value.stderr
    with pytest.raises(GitError):
        server.commits(["main", "--all"])


def test_merge_tree_reports_conflicts(portal: Portal) -> None:
    one = portal.topic("bai/mot", PAGE, "# Giới thiệu\n\nPhiên bản một.\n")
    two = portal.topic("bai/hai", PAGE, "# Giới thiệu\n\nPhiên bản hai.\n")
    other = portal.topic("bai/ba", "content/news/ba.vi.md", "# Ba\n")
    server = Git(portal.work)
    assert server.merge_tree(one, two)[1] is False
    assert server.merge_trees([(one, other), (one, two), (two, other)]) == [
        (portal.git("merge-tree", "--write-tree", one, other), True),
        (server.merge_tree(one, two)[0], False),
        (portal.git("merge-tree", "--write-tree", two, other), True)]


def _bench_history(portal: Portal, merges: int) -> str:
    """`merges` honest approvals on the first stage, each of a one-commit topic from main:
    2 x merges new commits, written by one `git fast-import`."""
    main_tip, stage_tip = portal.tip(MAIN), portal.tip(HEAD_STAGE)
    stream = []
    for number in range(1, merges + 1):
        path = f"content/news/bench-{number}.vi.md"
        body = f"# Bài {number}\n".encode()
        file_command = f"M 100644 inline {path}\ndata {len(body)}\n{body.decode()}\n"
        who = f"committer An <an@songv.local> {1790000000 + number} +0700\n"
        stream.append(f"commit refs/heads/bench/topic-{number}\nmark :{2 * number - 1}\n{who}"
                      f"data 4\nbai\nfrom {main_tip}\n{file_command}")
        first = stage_tip if number == 1 else f":{2 * number - 2}"
        stream.append(f"commit refs/heads/bench/stage\nmark :{2 * number}\n{who}"
                      f"data 5\nduyet\nfrom {first}\nmerge :{2 * number - 1}\n{file_command}")
    git(portal.work, "fast-import", "--quiet", input="".join(stream))
    return portal.git("rev-parse", "bench/stage")


def test_five_hundred_commits_in_one_push(portal: Portal) -> None:
    tip = _bench_history(portal, 250)
    portal.git("push", "-q", "-f", "origin", f"{tip}:{PROPOSAL}")
    old = portal.tip(HEAD_STAGE)
    assert len(portal.git("rev-list", f"{old}..{tip}").split()) == 500
    started = time.perf_counter()
    verdict = judge_update(Git(portal.server), f"refs/heads/{HEAD_STAGE}", old, tip, STAGES)
    elapsed = time.perf_counter() - started
    print(f"\njudge_update, 500 commits (250 approvals) in one push: {elapsed:.3f} s")
    assert verdict == []


def test_commits_starts_one_rev_list_and_one_cat_file(portal: Portal) -> None:
    """Counted by strace on a separate Python: exactly two git programs are executed."""
    strace = shutil.which("strace")
    assert strace is not None, "strace is missing: `make test` installs the Debian package"
    tip = _bench_history(portal, 20)
    code = (f"from workflow.gitcmd import Git; "
            f"print(len(Git({str(portal.work)!r}).commits('{portal.tip(MAIN)}..{tip}')))")
    traced = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-e", "signal=none",
                             sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False, env=_env())
    if traced.returncode != 0 and "ptrace" in traced.stderr:
        pytest.skip("strace cannot trace here")
    assert traced.stdout.strip() == "40"
    runs = [line for line in traced.stderr.splitlines()
            if re.search(r'execve\("[^"]*/git", ', line) and line.rstrip().endswith("= 0")]
    assert len(runs) == 2, runs
    assert '"rev-list"' in runs[0] and '"cat-file", "--batch"' in runs[1]
