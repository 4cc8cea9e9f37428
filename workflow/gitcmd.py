"""Small typed functions over the git command line, safe to call inside a pre-receive hook.

Why the command line and not a library: during a push, git keeps the pushed objects in a
quarantine directory that only processes inheriting `GIT_OBJECT_DIRECTORY`,
`GIT_ALTERNATE_OBJECT_DIRECTORIES` and `GIT_QUARANTINE_PATH` can see. Every call here inherits
the whole environment unchanged, so the same code judges a push before it lands and a
repository's history afterwards.

Every call runs with `--no-replace-objects`: anyone who can push a `refs/replace/` ref could
otherwise make a commit read as another one, and a judge must see the objects as they are.
Revisions that come from outside (a pushed ref, a range typed by a user) reach git on standard
input (`rev-list --stdin`, `cat-file --batch`, `merge-tree --stdin`) or after
`--end-of-options`, never where git would read them as options.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plugins.core.i18n import _

DEFAULT_LIMIT = 10_000
GLOBAL_OPTIONS = ("--no-replace-objects",)
_IDENTITY = re.compile(r"^(?P<name>.*?) ?<(?P<email>[^<>]*)> (?P<time>\d+) (?P<offset>[+-]\d{4})$")
_TRAILER = re.compile(r"^(?P<key>[A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_SIGNATURE_HEADERS = frozenset({"gpgsig", "gpgsig-sha256"})


class GitError(Exception):
    """A git command that failed, or whose output cannot be trusted; carries the command and
    git's own words so the operator reading a refused push sees what went wrong."""

    def __init__(self, command: Sequence[str], stderr: str) -> None:
        self.command = tuple(command)
        self.stderr = stderr.strip()
        super().__init__(_("git {command} failed: {error}").format(
            command=" ".join(self.command), error=self.stderr))


class RangeTooLargeError(GitError):
    """More commits than a judge reads at once: refused rather than read slowly or partly."""


@dataclass(frozen=True)
class Identity:
    """An author or committer line: who, and the time they claim (seconds, +hhmm offset)."""

    name: str
    email: str
    timestamp: int
    offset: str


@dataclass(frozen=True)
class Commit:
    """One commit as its object says it, read once; `signed` only says a signature header is
    present (checking it is another module's job)."""

    id: str
    tree: str
    parents: tuple[str, ...]
    author: Identity
    committer: Identity
    signed: bool
    message: str
    trailers: tuple[tuple[str, str], ...]


def is_zero_id(object_id: str) -> bool:
    """True for git's all-zeros id, which a hook receives for a created or deleted ref."""
    return bool(object_id) and set(object_id) == {"0"}


class Git:
    """One repository, reached through the `git` command with the caller's environment."""

    def __init__(self, repo: str | os.PathLike[str]) -> None:
        self.repo = os.fspath(repo)

    def _execute(self, args: Sequence[str],
                 stdin: bytes | None) -> subprocess.CompletedProcess[bytes]:
        """Run git in the repository; `env` is left unset so the environment passes through
        whole (quarantine variables included)."""
        try:
            return subprocess.run(["git", *GLOBAL_OPTIONS, *args], cwd=self.repo, input=stdin,
                                  capture_output=True, check=False)
        except OSError as error:
            raise GitError(args, error.strerror or str(error)) from error

    def _output(self, args: Sequence[str], stdin: bytes | None = None,
                accept: Iterable[int] = (0,)) -> tuple[int, bytes]:
        """(exit status, stdout) of a command whose status is one of `accept`."""
        result = self._execute(args, stdin)
        if result.returncode not in tuple(accept):
            raise GitError(args, result.stderr.decode("utf-8", "replace"))
        return result.returncode, result.stdout

    def run(self, *args: str, input: str | None = None) -> str:
        """Standard output of `git ARGS`; any non-zero exit is a GitError."""
        stdin = None if input is None else input.encode("utf-8")
        return self._output(args, stdin)[1].decode("utf-8", "replace")

    def rev_parse(self, rev: str) -> str:
        """The object id `rev` names; GitError when it names nothing."""
        return self.run("rev-parse", "--verify", "--end-of-options", rev).strip()

    def branch_tip(self, branch: str, remote: str | None = None) -> str | None:
        """The commit `refs/heads/BRANCH` (or, with `remote`, the remote-tracking
        `refs/remotes/REMOTE/BRANCH`) points to, or None when it does not exist. Always the
        full ref name: a tag called `main` must not stand in for the branch."""
        ref = f"refs/remotes/{remote}/{branch}" if remote else f"refs/heads/{branch}"
        status, out = self._output(("rev-parse", "--verify", "--quiet", "--end-of-options",
                                    f"{ref}^{{commit}}"), accept=(0, 1))
        return out.decode("ascii").strip() if status == 0 else None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when `ancestor` is in the history of `descendant` (or is it)."""
        status, _out = self._output(("merge-base", "--is-ancestor", "--end-of-options",
                                     ancestor, descendant), accept=(0, 1))
        return status == 0

    def rev_list(self, revs: Sequence[str], *options: str,
                 limit: int = DEFAULT_LIMIT) -> list[str]:
        """Output lines of `git rev-list OPTIONS` over `revs` (given on standard input), at
        most `limit` of them: a longer answer is a RangeTooLargeError, never a cut list."""
        args = ("rev-list", f"--max-count={limit + 1}", *options, "--stdin")
        stdin = "".join(f"{_one_line(rev, args)}\n" for rev in revs).encode("utf-8")
        lines = self._output(args, stdin)[1].decode("ascii").splitlines()
        if len(lines) > limit:
            raise RangeTooLargeError(args, _(
                "{range} holds more than {limit} commits; judge it in smaller ranges").format(
                    range=" ".join(revs), limit=limit))
        return lines

    def merge_trees(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, bool]]:
        """(tree, clean) of merging each pair as `git merge` would, from one
        `git merge-tree --write-tree --stdin`. Unrelated histories are merged too: whether a
        topic may come from elsewhere is a rule of its own, not a failure of this one."""
        if not pairs:
            return []
        args = ("merge-tree", "--write-tree", "--stdin", "--name-only", "--no-messages",
                "--allow-unrelated-histories")
        stdin = "".join(f"{_one_line(first, args)} {_one_line(second, args)}\n"
                        for first, second in pairs)
        return _parse_merge_trees(self._output(args, stdin.encode("utf-8"))[1], len(pairs), args)

    def merge_tree(self, first: str, second: str) -> tuple[str, bool]:
        """(tree, clean) of merging two commits; a conflicted merge still has a tree (with
        conflict markers), which no honest approval can hold."""
        return self.merge_trees([(first, second)])[0]

    def commits(self, rev_range: str | Sequence[str],
                limit: int = DEFAULT_LIMIT) -> list[Commit]:
        """Every commit of `rev_range` (newest first, as rev-list lists them), read with one
        `git rev-list` and one `git cat-file --batch`, however many there are."""
        revs = [rev_range] if isinstance(rev_range, str) else list(rev_range)
        return self.read_commits(self.rev_list(revs, limit=limit))

    def read_commits(self, ids: Sequence[str]) -> list[Commit]:
        """The commits of `ids`, in that order, from one `git cat-file --batch` (no walk)."""
        commits = []
        for commit_id, found in zip(ids, self.read_objects(ids), strict=True):
            if found is None or found[0] != "commit":
                raise GitError(("cat-file", "--batch"),
                               _("{object} is not a commit").format(object=commit_id))
            commits.append(parse_commit(commit_id, found[1]))
        return commits

    def archive(self, commit: str, path: str) -> bytes:
        """`path` of `commit` as a tar archive, read like every other object here: with
        replace refs ignored, so a pushed `refs/replace/*` cannot change what is read."""
        return self._output(("archive", "--format=tar", "--end-of-options", commit, path))[1]

    def read_objects(self, names: Sequence[str]) -> list[tuple[str, bytes] | None]:
        """(type, raw bytes) of each object `names` gives (an id, or `REV:PATH`), in that
        order, from one `git cat-file --batch`; None for a name that resolves to nothing.
        Reading a thousand files of a thousand commits costs one process, not a thousand."""
        if not names:
            return []
        args = ("cat-file", "--batch")
        stdin = "".join(f"{_one_line(name, args)}\n" for name in names).encode("utf-8")
        out = self._output(args, stdin)[1]
        found: list[tuple[str, bytes] | None] = []
        position = 0
        for _name in names:
            end = out.index(b"\n", position)
            header = out[position:end].split(b" ")
            if len(header) != 3 or not header[2].isdigit():  # "<name> missing"
                found.append(None)
                position = end + 1
                continue
            size = int(header[2])
            found.append((header[1].decode("ascii", "replace"), out[end + 1:end + 1 + size]))
            position = end + 1 + size + 1  # each object is followed by a newline
        return found


def _one_line(rev: str, command: Sequence[str]) -> str:
    """A revision that cannot smuggle a second line (or a second revision) into stdin."""
    if not rev or any(char.isspace() for char in rev):
        raise GitError(command, _("'{rev}' is not a revision").format(rev=rev))
    return rev


def _parse_merge_trees(out: bytes, count: int,
                       command: Sequence[str]) -> list[tuple[str, bool]]:
    """Read `merge-tree --stdin --name-only --no-messages` output: per merge, NUL-separated
    status (1 clean, 0 conflicted), tree, conflicted paths, and an empty field."""
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    results, position = [], 0
    try:
        for _merge in range(count):
            status, tree = fields[position], fields[position + 1]
            position += 2
            while fields[position]:
                position += 1
            position += 1
            results.append((tree, status == "1"))
    except IndexError as error:
        raise GitError(command, _("its output could not be read")) from error
    return results


def _header_fields(raw_headers: bytes) -> list[tuple[str, str]]:
    """(name, value) of each header; continuation lines (signatures) join their header."""
    fields: list[tuple[str, str]] = []
    for line in raw_headers.decode("utf-8", "replace").split("\n"):
        if line.startswith(" ") and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value}\n{line[1:]}")
        else:
            name, _space, value = line.partition(" ")
            fields.append((name, value))
    return fields


def parse_identity(commit_id: str, header: str, value: str) -> Identity:
    """An author or committer line; a malformed one is an error, not a guess."""
    match = _IDENTITY.match(value)
    if match is None:
        raise GitError(("cat-file", "--batch"), _(
            "commit {commit} has a malformed {header} line").format(commit=commit_id,
                                                                     header=header))
    return Identity(match["name"], match["email"], int(match["time"]), match["offset"])


def _decode_message(raw: bytes, encoding: str | None) -> str:
    """The message in the encoding its commit declares (UTF-8 when it declares none)."""
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        codec = "utf-8"
    return raw.decode(codec, "replace")


def parse_commit(commit_id: str, raw: bytes) -> Commit:
    """A Commit from the raw bytes of a commit object."""
    raw_headers, _blank, raw_message = raw.partition(b"\n\n")
    fields = _header_fields(raw_headers)
    values: dict[str, str] = {}
    for name, value in fields:
        values.setdefault(name, value)
    for required in ("tree", "author", "committer"):
        if required not in values:
            raise GitError(("cat-file", "--batch"), _(
                "commit {commit} has a malformed {header} line").format(commit=commit_id,
                                                                         header=required))
    message = _decode_message(raw_message, values.get("encoding"))
    return Commit(
        id=commit_id,
        tree=values["tree"],
        parents=tuple(value for name, value in fields if name == "parent"),
        author=parse_identity(commit_id, "author", values["author"]),
        committer=parse_identity(commit_id, "committer", values["committer"]),
        signed=any(name in _SIGNATURE_HEADERS for name, _value in fields),
        message=message,
        trailers=parse_trailers(message),
    )


def parse_trailers(message: str) -> tuple[tuple[str, str], ...]:
    """(key, value) pairs of the message's trailer block: its last paragraph, after the
    subject, when every line of it is `Key: value` or the continuation of one. Stricter than
    git's guess on purpose: our trailers are written by `portal`, and a paragraph of prose
    that happens to hold a colon must not read as a record."""
    paragraphs = [part for part in re.split(r"\n[ \t]*\n", message.strip()) if part.strip()]
    if len(paragraphs) < 2:
        return ()
    trailers: list[tuple[str, str]] = []
    for line in paragraphs[-1].split("\n"):
        if line[:1] in (" ", "\t") and trailers:
            key, value = trailers[-1]
            trailers[-1] = (key, f"{value} {line.strip()}")
            continue
        match = _TRAILER.match(line)
        if match is None:
            return ()
        trailers.append((match["key"], match["value"].strip()))
    return tuple(trailers)
