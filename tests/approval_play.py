"""Playing the approval workflow for tests: a bare "server" holding the demo configuration (its
roster's keys replaced by keys generated here, so the tests can sign), the stage branches of
workflow.yaml, and one clone per person with their agency.yaml name and e-mail and their SSH
signing key. Every commit is dated by a clock the test sets, so date rules are played exactly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plugins.core.agency import load_agency
from plugins.core.config_schemas import parse_public_key
from plugins.core.roster import load_workflow
from tests.helpers import ROOT, make_repo, write_item
from workflow.approval.people import (
    RULES,
    Submission,
    approval_trailers,
    judge_people,
    stand_in,
    submission_of,
    trusted_configuration,
)
from workflow.approval.structure import Violation, first_parent_chain
from workflow.gitcmd import Git

CONFIG = Path("content/_config")
STAGES = [stage.branch for stage in load_workflow(ROOT / "content").stages]
HEAD, BOARD, DIRECTOR, MAIN = STAGES
PROPOSAL = "refs/heads/de-xuat/kiem-tra"
VN = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 6, 15, 9, 0, tzinfo=VN)
PEOPLE = load_agency(ROOT / "content").people
KEY_LINE = re.compile(r"^(?P<indent>\s*- key: )(?P<key>ssh-ed25519 \S+) (?P<person>\S+)\n$")
NEWS = "news/2026/hop-tac-bien-gioi.vi.md"
NEWS_FRONT = """
    title: Hợp tác biên giới
    date: 2026-06-15 09:00
    category: doi-ngoai-trong-tinh
    unit: hop-tac-quoc-te
    author: ha-minh-duc
    summary: Lãnh đạo Sở tiếp đoàn công tác của tỉnh bạn.
"""

# The demo chain for a news item of the International Cooperation Division
AUTHOR, UNIT_HEAD, BOARD_MEMBER, CHIEF = (
    "ha-minh-duc", "chu-van-tuan", "ly-quoc-hung", "hoang-van-minh")
DEPUTY, DIRECTOR_PERSON, OTHER_HEAD = "vi-thi-hoa", "nong-thi-lan", "be-thi-thu"


def _env(**extra: str) -> dict[str, str]:
    """The test's own git calls run with no GIT_* variable a caller may have left behind."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**clean, **extra}


def run_git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd,
                            capture_output=True, text=True, encoding="utf-8", check=False,
                            env=env or _env())
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def keygen(folder: Path, name: str) -> tuple[Path, str]:
    """A fresh ed25519 key pair: the private key's path and the public key line."""
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                    str(private)], check=True)
    return private, private.with_suffix(".pub").read_text(encoding="utf-8").strip()


def fingerprint(public: str) -> str:
    return parse_public_key(public).fingerprint


@dataclass
class Keyring:
    """One generated key per key of the demo roster, and the roster that lists them."""

    folder: Path
    roster: str
    private: dict[str, Path]  # person → the key they sign with (their last one listed)
    public: dict[str, str]

    def new(self, name: str) -> tuple[Path, str]:
        return keygen(self.folder, name)


def make_keyring(folder: Path) -> Keyring:
    """The demo roster with its keys replaced; the revoked demo key's successor is revoked
    too, so Lý Quốc Hưng signs with his second key as in the demo."""
    lines, renamed, private, public = [], {}, {}, {}
    count: Counter[str] = Counter()
    for line in (ROOT / CONFIG / "roster.yaml").read_text(encoding="utf-8").splitlines(True):
        match = KEY_LINE.match(line)
        if match is None:
            lines.append(line)
            continue
        person = match["person"]
        count[person] += 1
        private[person], public[person] = keygen(folder, f"{person}-{count[person]}")
        renamed[fingerprint(match["key"])] = fingerprint(public[person])
        lines.append(f"{match['indent']}{public[person]}\n")
    text = "".join(lines)
    for old, new in renamed.items():
        text = text.replace(old, new)
    return Keyring(folder, text, private, public)



def timeless(roster: str) -> str:
    """`roster` with every key valid from 2000 to 2199: a server's hooks judge with the real
    clock, and no test may depend on today's date."""
    roster = re.sub(r"valid_from: \d{4}-\d\d-\d\d", "valid_from: 2000-01-01", roster)
    return re.sub(r"valid_until: \d{4}-\d\d-\d\d", "valid_until: 2199-12-31", roster)


def edit_entry(text: str, person: str, old: str, new: str) -> str:
    """Replace the first `old` after `person`'s entry in roster.yaml."""
    start = text.index(f"\n  {person}:\n")
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


def revoke(text: str, key: str) -> str:
    return text.replace("revoked_keys:\n", f"revoked_keys:\n  - {key}\n")


class Clone:
    """One person's working copy: their name, e-mail and signing key."""

    def __init__(self, portal: Portal, person: str, key: Path, path: Path) -> None:
        self.portal, self.person, self.path = portal, person, path
        run_git(path.parent, "clone", "-q", str(portal.server), str(path))
        for name, value in (("user.name", PEOPLE[person]["name"]),
                            ("user.email", PEOPLE[person]["email"]),
                            ("gpg.format", "ssh"), ("user.signingKey", str(key)),
                            ("commit.gpgSign", "false")):
            self.git("config", name, value)

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        return run_git(self.path, *args, env=env)

    def dated(self, *args: str, **identity: str) -> str:
        """A git command that writes a commit, dated by the portal's clock (one minute
        later at each commit)."""
        when = self.portal.tick().isoformat()
        return self.git(*args, env=_env(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when,
                                        **identity))

    def topic(self, branch: str, files: dict[str, str], *, base: str = "origin/main",
              push: bool = True, **identity: str) -> str:
        """A submission: `files` (relative to the repository, content/... or config) written
        in one commit on `branch`, pushed unless told otherwise."""
        self.git("fetch", "-q", "origin")
        self.git("checkout", "-q", "-B", branch, base)
        for relpath, text in files.items():
            target = self.path / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.dated("commit", "-q", "-m", f"Bài: {', '.join(files)}", **identity)
        if push:
            self.git("push", "-q", "-f", "origin", f"{branch}:refs/heads/{branch}")
        return self.git("rev-parse", "HEAD")

    def submission(self, stage: str, topic: str) -> Submission:
        """What the server will compute, from a stand-in merge that is never stored."""
        git = Git(self.path)
        return submission_of(git, stand_in(git.rev_parse(f"origin/{stage}^{{commit}}"),
                                           git.rev_parse(f"{topic}^{{commit}}")),
                             main_tip=git.rev_parse("origin/main"))

    def approve(self, stage: str, topic: str, role: str, *, acting_for: str | None = None,
                trailers: str | None = None, sign: bool = True, grade: str | None = None) -> str:
        """The approval merge of `topic` (a branch of the server) into `stage`, not pushed."""
        self.git("fetch", "-q", "origin")
        source = f"origin/{topic}"
        self.git("checkout", "-q", "-B", stage, f"origin/{stage}")
        if trailers is None:
            trailers = approval_trailers(self.person, role, stage,
                                         self.submission(stage, source), acting_for,
                                         grade=grade)
        self.dated("merge", "-q", "--no-ff", "-S" if sign else "--no-gpg-sign",
                   "-m", f"Duyệt {topic} vào {stage}\n\n{trailers}", source)
        return self.git("rev-parse", "HEAD")


class Portal:
    """A bare server with main and every stage branch, and a clone per person."""

    def __init__(self, root: Path, keyring: Keyring, roster: str | None = None) -> None:
        self.root, self.keyring = root, keyring
        self.server = root / "server.git"
        self.clock = START
        self.clones: dict[tuple[str, Path], Clone] = {}
        run_git(root, "init", "-q", "--bare", str(self.server))
        seed = make_repo(root / "seed")
        (seed / CONFIG / "roster.yaml").write_text(roster or keyring.roster, encoding="utf-8")
        write_item(seed, "pages/gioi-thieu.vi.md", "title: Giới thiệu\ncategory: gioi-thieu\n"
                   "unit: van-phong")
        run_git(seed, "init", "-q")
        run_git(seed, "add", "-A")
        when = self.tick().isoformat()
        run_git(seed, "-c", "user.name=Quản trị", "-c", "user.email=admin@langson.gov.vn",
                "commit", "-q", "-m", "Khởi tạo", env=_env(GIT_AUTHOR_DATE=when,
                                                           GIT_COMMITTER_DATE=when))
        for branch in STAGES:
            run_git(seed, "push", "-q", str(self.server), f"HEAD:refs/heads/{branch}")

    def tick(self) -> dt.datetime:
        self.clock += dt.timedelta(minutes=1)
        return self.clock

    def clone(self, person: str, key: Path | None = None) -> Clone:
        key = key or self.keyring.private[person]
        if (person, key) not in self.clones:
            path = self.root / "clones" / f"{person}-{len(self.clones)}"
            path.parent.mkdir(exist_ok=True)
            self.clones[person, key] = Clone(self, person, key, path)
        return self.clones[person, key]

    def judge(self, clone: Clone, stage: str, *, received: dt.datetime | None = None,
              pusher: str | None = None) -> list[Violation]:
        """The people verdict on updating `stage` to the clone's HEAD: the objects reach the
        server, the stage does not move, the roster is main's."""
        new = clone.git("rev-parse", "HEAD")
        clone.git("push", "-q", "-f", "origin", f"{new}:{PROPOSAL}")
        return self.judge_range(stage, self.tip(stage), new, received=received, pusher=pusher)

    def judge_range(self, stage: str, old: str | None, new: str, *,
                    received: dt.datetime | None = None,
                    pusher: str | None = None) -> list[Violation]:
        server = Git(self.server)
        commits = {commit.id: commit
                   for commit in server.commits(f"{old}..{new}" if old else new)}
        merges = [commit for commit in first_parent_chain(commits, new)
                  if len(commit.parents) == 2]
        config = trusted_configuration(server, self.tip(MAIN), self.root / "trusted")
        return judge_people(server, f"refs/heads/{stage}", merges, config_dir=config,
                            received=received or self.clock + dt.timedelta(minutes=1),
                            pusher=pusher)

    def tip(self, branch: str) -> str:
        return run_git(self.server, "rev-parse", f"refs/heads/{branch}")

    def land(self, clone: Clone, stage: str) -> None:
        clone.git("push", "-q", "origin", f"HEAD:refs/heads/{stage}")

    def approve(self, person: str, stage: str, topic: str, role: str, **options: str) -> None:
        """An approval that must pass, landed."""
        clone = self.clone(person)
        clone.approve(stage, topic, role, **options)
        assert self.judge(clone, stage) == [], (person, stage)
        self.land(clone, stage)


def rules(violations: list[Violation]) -> set[str]:
    assert all(violation.rule in RULES and violation.message for violation in violations)
    return {violation.rule for violation in violations}


def news(path: str = NEWS, *, author: str = AUTHOR, unit: str = "hop-tac-quoc-te",
         extra: str = "") -> dict[str, str]:
    """A news item of `author` for `unit` at content/`path`, as `topic` takes files."""
    front = NEWS_FRONT.replace("ha-minh-duc", author).replace("hop-tac-quoc-te", unit) + extra
    text = "---\n" + "\n".join(line.strip() for line in front.strip().splitlines())
    return {f"content/{path}": text + "\n---\n\nNội dung bản tin.\n"}


def make_portal(tmp_path: Path, keyring: Keyring, edit: Callable[[str], str]) -> Portal:
    return Portal(tmp_path, keyring, edit(keyring.roster))


def through_board(portal: Portal, topic: str = "bai/hop-tac") -> None:
    portal.approve(UNIT_HEAD, HEAD, topic, "unit_head")
    portal.approve(BOARD_MEMBER, BOARD, topic, "board_member")


def run_portal(clone: Clone, capsys, *args: str) -> tuple[int, str]:
    """`portal ARGS` in the clone, as its person types it: (exit status, what it printed)."""
    from workflow.cli import main  # noqa: PLC0415 - only command tests need the command

    code = main(["--repo", str(clone.path), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def push(clone: Clone, *args: str) -> subprocess.CompletedProcess[str]:
    """`git push origin ARGS` from the clone, refused or not (the hook's words in stderr)."""
    return subprocess.run(["git", "push", "origin", *args], cwd=clone.path,
                          capture_output=True, text=True, check=False)
