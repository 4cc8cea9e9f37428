"""Who approved, and were they allowed to: the people rules of every approval merge.

structure.py proves that a stage branch moves only by honest two-parent merges; this module
says who made each merge and whether that person could approve what it brings. The roster and
the workflow come from trusted state, `main` as it was before the push, written out by
`trusted_configuration` (WORKFLOW-NOTES lesson 6), never from the pushed commits.

The rules (ids are stable; `RULES` holds their one-line statements):

- `unsigned`: no signature, or one git does not report as good (`%G?` other than `G`), checked
  with `gpg.format=ssh`, the roster's allowed-signers file and its revocation file, TZ=UTC, for
  all merges of a push in one `git log`. The revocation file is always written, even empty:
  git only warns when it is missing and then accepts a revoked key.
- `unknown-key`: the key maps to nobody on the merge's date (lesson 4: a good signature does
  not say who signed; the roster does). The key is git's `%GK`, or, when git names none (a
  revoked key), the key the signature itself carries: used to explain the refusal, never to
  accept anything. This rule comes before `unsigned` when both apply, as the more precise.
- `future-date`, `backdated`: SSH signatures carry no time, so the signer's committer date is
  bounded by the server's receive time (lesson 5). A date more than 5 minutes after `received`
  is `future-date`; a date more than 5 minutes before the previous step of the same branch
  (the merge's first parent), or, for a merge on no stage branch yet, more than one day before
  `received`, is `backdated`. Merges already on a stage branch were bounded when they landed
  there, so `portal verify` over history (`received` = now) does not refuse old approvals.
  The date the roster is asked about is the committer date, never later than `received`,
  taken as a UTC day (git checks key validity in UTC too).
- `not-eligible`: `Roster.eligible` refuses the signer for this stage, for every unit of the
  submission (a unit head must hold them all) and its categories. The units are the items'
  `unit`; a submission without items (configuration, media) takes its authors' units from
  agency.yaml. An item whose front matter cannot be read makes it unapprovable (fail closed).
- `missing-stage`: a sensitive submission reaches a stage after a sensitive-only stage (the
  director's) without that stage having approved this exact topic commit. Chosen as a rule of
  its own rather than `not-eligible`: the approver may be right, the chain is not. A merge of
  a non-sensitive submission into a sensitive-only stage is harmless and not refused here.
- `self-approval`: the signer's e-mail (agency.yaml) is among the authors and committers of the
  topic's own commits, or the signer is `pusher` and this push brings commits of the topic
  (lesson 3: every author, committer and pusher of a commit in the topic range). Pushing one's
  own approval merge is the normal way to approve, so `pusher` alone refuses nothing.
- `two-stages`: the signer approved this topic, or an earlier version of it (one of its own
  commits), at an earlier stage: named in that merge's `Approved-By` or owner of its key.
- `config-change`: a submission touching content/_config/, or anything else that is neither an
  item nor a media file (the code, the settings files, the theme, CI: how the site is built,
  which no editor reviews as a page), enters `main` only through someone
  who `may_act` in `config_approvers`, and at no stage through someone whose own roster entry
  (roles, categories, keys, unit or e-mail, delegations they hold, revocation of their keys)
  the change adds or alters; a proposed configuration that does not load is refused.
- `trailer-mismatch`: the trailers `approval_trailers` writes must name the signer, the role
  and stage they approved in, the submission's paths, and `Acting-For:` exactly when the
  eligibility came through a delegation.
- `grade`: a `Grade:` trailer (grades.py) names a grade of reports.yaml, on an approval of a
  submission holding items, in a role reports.yaml lets grade; once at most, and never on a
  rejection or a sync of main, which approve nothing. reports.yaml is read from the trusted
  configuration, and only when a merge carries a grade.

A merge that brings main's own first-parent history into a stage (`portal sync`) approves
nothing new: it is judged for signature, key and dates only.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import functools
import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plugins.core import frontmatter
from plugins.core.agency import Agency, load_agency
from plugins.core.configfiles import CONFIG_DIR
from plugins.core.errors import PortalError
from plugins.core.i18n import N_, _
from plugins.core.roster import Eligibility, Roster, Stage, Workflow, load_roster, load_workflow
from plugins.core.sources import MEDIA_DIR, SOURCE_SUFFIX, classify
from workflow.approval.decisions import (
    REASON,
    REJECTED_BY,
    URGENT,
    is_rejection,
    is_urgent,
    trailer_values,
)
from workflow.approval.decisions import trailer as trailer_of
from workflow.approval.grades import GRADE, Grading, grade_problems, grading_of
from workflow.approval.structure import Violation, fork_point, stage_index
from workflow.gitcmd import (
    DEFAULT_LIMIT,
    GLOBAL_OPTIONS,
    Commit,
    Git,
    GitError,
    Identity,
    RangeTooLargeError,
    parse_commit,
)

MAIN = "main"
CONTENT = "content"
CONFIG_PREFIX = f"{CONTENT}/{CONFIG_DIR}/"
SKEW = dt.timedelta(minutes=5)  # clocks of approvers' machines may be this far off
PUSH_WINDOW = dt.timedelta(days=1)  # a merge is pushed within a day of being made
LOG_FORMAT = "%H%x1f%G?%x1f%GK%x1f%GF%x1f%GS"
APPROVED_BY, ROLE, STAGE, ITEMS, ACTING_FOR = (
    "Approved-By", "Role", "Stage", "Items", "Acting-For")

RULES: dict[str, str] = {
    "unsigned": N_("an approval merge is signed, and git reports the signature as good against "
                   "the roster's keys"),
    "unknown-key": N_("the signing key belongs to a person of the roster on the merge's date, "
                      "and is not revoked"),
    "future-date": N_("an approval merge is not dated after the time the server received it"),
    "backdated": N_("an approval merge is not dated before the previous step of its branch, nor "
                    "more than a day before the server received it"),
    "not-eligible": N_("the approver holds a role that approves this submission into this stage "
                       "on that date"),
    "missing-stage": N_("a sensitive submission passes the stages for sensitive items before "
                        "the next ones"),
    "self-approval": N_("nobody approves a submission they wrote, committed or pushed"),
    "two-stages": N_("one person approves a submission at one stage only"),
    "config-change": N_("a change to content/_config/ or to the code is published only by a "
                        "configuration approver, never by someone whose roster entry it "
                        "changes"),
    "trailer-mismatch": N_("an approval merge's trailers name its signer, role, stage, items and "
                           "delegation"),
    "urgent": N_("an urgent publication or takedown gives its reason, is made by someone who "
                 "may act urgently, and never changes the configuration or the code"),
    "grade": N_("a royalty grade is recorded once, on an approval of items, in a role and with "
                "a code that reports.yaml gives"),
}


@dataclass(frozen=True)
class Submission:
    """What one approval merge approves: the topic's items, read at the topic commit."""

    topic: str  # the merged commit (second parent)
    paths: tuple[str, ...]  # files the topic changes since it left the stage or main
    units: frozenset[str]  # the items' units; with no item, the units of its authors
    categories: frozenset[str]
    sensitive: bool
    authors: frozenset[str]  # lower-case e-mails of every author and committer of `commits`
    config_changed: bool  # touches content/_config/ or anything but items and media
    commits: tuple[str, ...] = ()  # the topic's own commits: neither the stage nor main has them
    unreadable: tuple[str, ...] = ()  # items whose name or front matter could not be read

    @property
    def items(self) -> tuple[str, ...]:
        """The content items among `paths`: what a grade pays for (not configuration, not
        media)."""
        return tuple(path for path in self.paths if _is_item(path))


@dataclass(frozen=True)
class Signature:
    """What git says of a commit's signature: its `%G?` status, and the key's fingerprint
    (`%GK`, or the key the signature carries when git names none; '' when unknown)."""

    status: str
    key: str


# -- git calls that the Git class does not make --------------------------------------------


def run_git(git: Git, args: Sequence[str], *, stdin: bytes | None = None,
         env: Mapping[str, str] | None = None, accept: Iterable[int] = (0,)) -> tuple[int, bytes]:
    """(status, stdout) of `git ARGS` in the repository. The environment is inherited whole
    (quarantine variables included), with `env` added on top."""
    environment = None if env is None else {**os.environ, **env}
    try:
        result = subprocess.run(["git", *GLOBAL_OPTIONS, *args], cwd=git.repo, input=stdin,
                                capture_output=True, env=environment, check=False)
    except OSError as error:
        raise GitError(args, error.strerror or str(error)) from error
    if result.returncode not in tuple(accept):
        raise GitError(args, result.stderr.decode("utf-8", "replace"))
    return result.returncode, result.stdout


def _read_objects(git: Git, specs: Sequence[str]) -> list[bytes | None]:
    """The raw bytes of each object (`id` or `commit:path`) from one `cat-file --batch`;
    None for a name that resolves to nothing."""
    return [found[1] if found is not None else None for found in git.read_objects(specs)]


def _config_blobs(git: Git, commit: str) -> list[tuple[str, str]]:
    """(file name, blob id) of the regular `*.yaml` files directly in content/_config/ at
    `commit`; a link or a folder there is left out, so loading it fails closed."""
    out = run_git(git, ["ls-tree", "-z", "--end-of-options", commit, "--", CONFIG_PREFIX])[1]
    blobs = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        info, _tab, path = record.partition("\t")
        fields = info.split()
        name = path.removeprefix(CONFIG_PREFIX)
        if (len(fields) == 3 and fields[0] in ("100644", "100755") and fields[1] == "blob"
                and path.startswith(CONFIG_PREFIX) and "/" not in name
                and name.endswith(".yaml")):
            blobs.append((name, fields[2]))
    return blobs


def trusted_configuration(git: Git, commit: str, into: Path) -> Path:
    """Write the `content/_config/*.yaml` files of `commit` into a fresh folder under `into`
    and return its content directory, for load_workflow and load_roster. `commit` is the
    target branch before the push, never a pushed commit: the people who may approve are
    those the published configuration names."""
    Path(into).mkdir(parents=True, exist_ok=True)
    content = Path(tempfile.mkdtemp(prefix="config-", dir=into)) / CONTENT
    folder = content / CONFIG_DIR
    folder.mkdir(parents=True)
    blobs = _config_blobs(git, commit)
    for (name, _blob), data in zip(blobs, _read_objects(git, [blob for _name, blob in blobs]),
                                   strict=True):
        if data is not None:
            (folder / name).write_bytes(data)
    return content


def _signature_key(raw: bytes | None) -> str:
    """The fingerprint of the key an SSH signature in a raw commit carries ('' when there is
    none)."""
    if raw is None:
        return ""
    headers = raw.partition(b"\n\n")[0].decode("ascii", "replace").split("\n")
    armored: list[str] = []
    for line in headers:
        if line.startswith(("gpgsig ", "gpgsig-sha256 ")) and not armored:
            armored.append(line.partition(" ")[2])
        elif line.startswith(" ") and armored:
            armored.append(line[1:])
        elif armored:
            break
    return sshsig_fingerprint(armored)


def sshsig_fingerprint(armored: Sequence[str]) -> str:
    """The fingerprint of the public key inside an armored SSH signature's lines ('' when
    they hold none): the SSHSIG blob starts with the magic, a version, then the key."""
    body = "".join(line.strip() for line in armored if not line.startswith("-----"))
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return ""
    if not blob.startswith(b"SSHSIG") or len(blob) < 14:
        return ""
    length = int.from_bytes(blob[10:14], "big")
    key = blob[14:14 + length]
    digest = hashlib.sha256(key).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


@contextlib.contextmanager
def roster_signers(roster: Roster) -> Iterator[list[str]]:
    """The git options that judge SSH signatures by the roster: its allowed signers and its
    revoked keys, written to a folder that lives as long as the block. The revocation file is
    always written, even empty: git only warns when it is missing and then accepts a revoked
    key."""
    with tempfile.TemporaryDirectory(prefix="portal-signers-") as scratch:
        allowed, revoked = Path(scratch) / "allowed_signers", Path(scratch) / "revoked_keys"
        allowed.write_text(roster.allowed_signers(), encoding="utf-8")
        revoked.write_text(roster.revoked_keys_text(), encoding="utf-8")
        yield ["-c", "gpg.format=ssh", "-c", f"gpg.ssh.allowedSignersFile={allowed}",
               "-c", f"gpg.ssh.revocationFile={revoked}"]


def verify_signatures(git: Git, commits: Sequence[Commit], roster: Roster) -> dict[str, Signature]:
    """git's verdict on the signature of each commit, from one `git log --no-walk`, against
    the roster's allowed signers and revoked keys, with TZ=UTC (ssh-keygen reads key dates
    and the committer date in local time). Keyless verdicts get the key the signature
    carries, read with one `cat-file --batch`."""
    if not commits:
        return {}
    with roster_signers(roster) as options:
        args = [*options, "log", "--no-walk=unsorted", "--no-show-signature", "-z",
                f"--format={LOG_FORMAT}", "--stdin"]
        stdin = "".join(f"{commit.id}\n" for commit in commits).encode("ascii")
        out = run_git(git, args, stdin=stdin, env={"TZ": "UTC"})[1]
    verdicts = {}
    for record in out.decode("utf-8", "replace").split("\0"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) == 5:
            verdicts[fields[0]] = Signature(fields[1], fields[2] or fields[3])
    keyless = [commit.id for commit in commits if commit.signed
               and (commit.id not in verdicts or not verdicts[commit.id].key)]
    for commit_id, raw in zip(keyless, _read_objects(git, keyless), strict=True):
        status = verdicts[commit_id].status if commit_id in verdicts else "E"
        verdicts[commit_id] = Signature(status, _signature_key(raw))
    return verdicts


def _committer_times(git: Git, ids: Sequence[str]) -> dict[str, int]:
    """Committer timestamps of commits, from one `git log --no-walk`."""
    if not ids:
        return {}
    out = git.run("log", "--no-walk=unsorted", "--no-show-signature", "--format=%H %ct",
                  "--stdin", input="".join(f"{commit}\n" for commit in ids))
    return {commit: int(time) for commit, time in (line.split() for line in out.splitlines())}


def _ref_tips(git: Git) -> list[str]:
    """Every ref that points at a commit: what the repository held before a push."""
    out = git.run("for-each-ref", "--format=%(objecttype) %(objectname)")
    return [line.split()[1] for line in out.splitlines() if line.startswith("commit ")]


# -- what a merge approves -----------------------------------------------------------------


@dataclass(frozen=True)
class _OwnCommit:
    id: str
    author: str  # e-mail
    committer: str  # e-mail
    tree: str
    parents: tuple[str, ...]
    rejection: bool  # carries a Rejected-By trailer


def _own_commits(git: Git, topic: str, exclude: Sequence[str]) -> list[_OwnCommit]:
    """The commits of `topic` that none of `exclude` has, from one `git log`; more than
    DEFAULT_LIMIT is a RangeTooLargeError."""
    args = ("log", f"--max-count={DEFAULT_LIMIT + 1}", "--no-show-signature", "-z",
            f"--format=%H%x1f%ae%x1f%ce%x1f%T%x1f%P%x1f%(trailers:key={REJECTED_BY},valueonly)",
            "--stdin")
    revs = [topic, *(f"^{commit}" for commit in exclude)]
    out = git.run(*args, input="".join(f"{rev}\n" for rev in revs))
    records = [record.strip("\n").split("\x1f") for record in out.split("\0")]
    commits = [_OwnCommit(fields[0], fields[1], fields[2], fields[3], tuple(fields[4].split()),
                          bool(fields[5].strip()))
               for fields in records if len(fields) == 6]
    if len(commits) > DEFAULT_LIMIT:
        raise RangeTooLargeError(args, _(
            "{range} holds more than {limit} commits; judge it in smaller ranges").format(
                range=" ".join(revs), limit=DEFAULT_LIMIT))
    return commits


def _writes_nothing(git: Git, commit: _OwnCommit, main_tip: str | None) -> bool:
    """A rejection that only undoes its topic (its tree is where the topic left main): the
    reviewer who made it wrote no text of the rework that grows from it, so it does not make
    them one of its authors. A rejection trailer on a commit that holds anything else counts
    like any commit."""
    if not commit.rejection or len(commit.parents) != 1:
        return False
    fork = fork_point(git, main_tip, commit.parents[0])
    return fork is not None and git.rev_parse(f"{fork}^{{tree}}") == commit.tree


def _merge_base(git: Git, topic: str, bases: Sequence[str]) -> str | None:
    """The best common ancestor of `topic` and all of `bases` together."""
    status, out = run_git(git, ["merge-base", "--end-of-options", topic, *bases], accept=(0, 1))
    return out.decode("ascii").strip() if status == 0 else None


def _changes(git: Git, base: str | None, topic: str) -> list[tuple[str, bool]]:
    """(path, deleted) of every file `topic` changes since `base` (all its files when the
    histories share nothing)."""
    if base is None:
        out = git.run("ls-tree", "-r", "-z", "--name-only", "--end-of-options", topic)
        return [(path, False) for path in out.split("\0") if path]
    out = git.run("diff-tree", "-r", "-z", "--no-renames", "--name-status",
                  "--end-of-options", base, topic)
    fields = out.split("\0")
    return [(fields[index + 1], fields[index] == "D") for index in range(0, len(fields) - 1, 2)]


def _is_item(path: str) -> bool:
    """A content source, as `portal check` finds them: Markdown under content/, outside the
    configuration and media folders, in no hidden folder."""
    parts = PurePosixPath(path).parts
    return (len(parts) > 2 and parts[0] == CONTENT and parts[1] not in (CONFIG_DIR, MEDIA_DIR)
            and path.endswith(SOURCE_SUFFIX) and not any(part.startswith(".") for part in parts))


def _is_media(path: str) -> bool:
    """A file of content/media/, in no hidden folder: published as it is, never run."""
    parts = PurePosixPath(path).parts
    return (len(parts) > 2 and parts[:2] == (CONTENT, MEDIA_DIR)
            and not any(part.startswith(".") for part in parts))


def _item_name_ok(path: str, agency: Agency | None) -> bool:
    """The item's name can be read: no blank or control character (it must travel through
    `cat-file --batch` and a trailer) and, with the agency at hand, a valid section path."""
    if any(char.isspace() or not char.isprintable() for char in path):
        return False
    if agency is None:
        return True
    try:
        classify(Path(path).relative_to(CONTENT), agency)
    except PortalError:
        return False
    return True


def _front_matter(raw: bytes | None, path: str) -> tuple[str, str, bool] | None:
    """(unit, category, sensitive) of an item's bytes; None when they cannot be read. Any
    `sensitive` other than absent or false counts as sensitive (fail closed)."""
    if raw is None:
        return None
    try:
        meta = frontmatter.parse(frontmatter.decode_text(raw, Path(path)), Path(path)).meta
    except PortalError:
        return None
    unit, category = meta.get("unit"), meta.get("category")
    if not isinstance(unit, str) or not isinstance(category, str):
        return None
    return unit, category, meta.get("sensitive") not in (None, False)


def _author_units(agency: Agency | None, authors: frozenset[str]) -> frozenset[str]:
    """The units agency.yaml gives the authors: a submission without items (configuration,
    media) belongs to the division of the people who wrote it."""
    if agency is None:
        return frozenset()
    return frozenset(person["unit"] for person in agency.people.values()
                     if str(person.get("email", "")).lower() in authors and person.get("unit"))


def submission_of(git: Git, merge: Commit, *, agency: Agency | None = None,
                  main_tip: str | None = None) -> Submission:
    """What `merge` approves, front matter read at the topic commit (at the merge base for a
    deleted item). The topic's own commits and files are measured from the stage and from
    where the topic left main (found from `main_tip`, read when not given): a topic started
    from a newer main than the stage holds must not count published items and their authors
    as its own. `agency` (trusted) checks item names and gives a submission without items its
    authors' units."""
    stage_tip, topic = merge.parents[0], merge.parents[1]
    main_tip = main_tip or git.branch_tip(MAIN)
    others = [stage_tip, *([main_tip] if main_tip else [])]
    base = _merge_base(git, topic, others)
    if base == topic and main_tip is not None:  # published since: measure from its fork
        fork = fork_point(git, main_tip, topic)
        others = [stage_tip, *([fork] if fork else [])]
        base = _merge_base(git, topic, others)
    commits = _own_commits(git, topic, others)
    authors = frozenset(email.lower() for commit in commits
                        if not _writes_nothing(git, commit, main_tip)
                        for email in (commit.author, commit.committer))
    changes = _changes(git, base, topic)
    items = [(path, deleted) for path, deleted in changes if _is_item(path)]
    readable = [(path, deleted) for path, deleted in items if _item_name_ok(path, agency)]
    raws = _read_objects(git, [f"{base if deleted else topic}:{path}"
                              for path, deleted in readable])
    found = {path: _front_matter(raw, path) for (path, _deleted), raw in
             zip(readable, raws, strict=True)}
    meta = [values for values in found.values() if values is not None]
    units = frozenset(unit for unit, _category, _sensitive in meta)
    return Submission(
        topic=topic, paths=tuple(sorted(path for path, _deleted in changes)),
        units=units or _author_units(agency, authors),
        categories=frozenset(category for _unit, category, _sensitive in meta),
        sensitive=any(sensitive for _unit, _category, sensitive in meta),
        authors=authors,
        config_changed=any(not (_is_item(path) or _is_media(path)) for path, _d in changes),
        commits=tuple(commit.id for commit in commits),
        unreadable=tuple(sorted({path for path, _deleted in items} - {
            path for path, values in found.items() if values is not None})))


# -- trailers --------------------------------------------------------------------------------


def approval_trailers(person: str, role: str, stage: str, submission: Submission,
                      acting_for: str | None, *, grade: str | None = None) -> str:
    """The trailer block of an approval merge: who, in which role, at which stage, which
    files (one per line), for whom when the role came through a delegation, and the royalty
    grade when the approver gives one (grades.py)."""
    lines = [f"{APPROVED_BY}: {person}", f"{ROLE}: {role}", f"{STAGE}: {stage}",
             f"{ITEMS}: " + "\n ".join(submission.paths)]
    if acting_for:
        lines.append(f"{ACTING_FOR}: {acting_for}")
    if grade:
        lines.append(f"{GRADE}: {grade}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _expected_trailers(eligibility: Eligibility, stage: str | None,
                       submission: Submission | None) -> dict[str, str | None]:
    """key → the value the approval must record (None: must be absent)."""
    expected: dict[str, str | None] = {APPROVED_BY: eligibility.person}
    if eligibility.allowed:
        expected[ROLE] = eligibility.role
        expected[ACTING_FOR] = eligibility.acting_for
    if stage is not None:
        expected[STAGE] = stage
    if submission is not None:
        expected[ITEMS] = " ".join(submission.paths)
    return expected


def _trailer_problem(key: str, found: list[str], expected: str | None) -> str | None:
    """What is wrong with one trailer, in the reader's language; None when it is right."""
    if expected is None:
        return _("{key} should be absent").format(key=key) if found else None
    if not found:
        return _("{key} is missing").format(key=key)
    if found != [expected]:
        return _("{key} says '{found}' instead of '{expected}'").format(
            key=key, found=", ".join(found), expected=expected)
    return None


def check_trailers(merge: Commit, eligibility: Eligibility, *, stage: str | None = None,
                   submission: Submission | None = None) -> list[Violation]:
    """`trailer-mismatch` when the merge's trailers do not record the approval its signature
    proves: `Approved-By` the signer; when eligible, their role and `Acting-For` exactly when
    through a delegation; with `stage` and `submission`, the stage and the files. The record
    is what `portal log` shows years later, so it must not name anyone else."""
    problems = [problem for key, expected in
                _expected_trailers(eligibility, stage, submission).items()
                if (problem := _trailer_problem(key, trailer_values(merge, key), expected))]
    if not problems:
        return []
    return [Violation("trailer-mismatch", merge.id, _(
        "the trailers of merge {commit} do not record the approval its signature proves: "
        "{problems}").format(commit=_short(merge.id), problems="; ".join(problems)))]


# -- the judge -------------------------------------------------------------------------------


def _short(commit_id: str) -> str:
    return commit_id[:12]


def _utc(moment: dt.datetime) -> dt.datetime:
    """An aware time; a naive one is taken as UTC, the zone every date here is read in."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _key_owner(roster: Roster, fingerprint: str) -> str | None:
    """Who the roster gives a key to, whatever its dates or revocation."""
    return next((person.id for person in roster.people.values() for signing in person.keys
                 if signing.key.fingerprint == fingerprint), None)


def _key_problem(roster: Roster, fingerprint: str, day: dt.date) -> str:
    """Why a key maps to nobody on `day`, in the reader's language."""
    if fingerprint in roster.revoked_fingerprints:
        return _("the key {key} is revoked").format(key=fingerprint)
    owner = _key_owner(roster, fingerprint)
    if owner is None:
        return _("the key {key} belongs to nobody in the roster").format(key=fingerprint)
    signing = next(signing for signing in roster.people[owner].keys
                   if signing.key.fingerprint == fingerprint)
    return _("the key {key} of {person} is valid from {start} to {end}, not on {day}").format(
        key=fingerprint, person=owner, start=signing.valid_from, end=signing.valid_until,
        day=day)


def _matches(pusher: str | None, person: str, email: str) -> bool:
    """The pusher, named by person id or e-mail as the server knows them, is `person`."""
    if not pusher:
        return False
    return pusher.lower() in (person.lower(), email.lower())


def _changed_entry(trusted: Roster, proposed: Roster, person: str) -> bool:
    """The proposed roster adds or alters what empowers `person`: their entry (roles,
    categories, keys, unit, e-mail), the delegations they hold, the revocation of their keys."""
    def entry(roster: Roster) -> tuple[object, ...]:
        held = roster.people.get(person)
        keys = {signing.key.fingerprint for signing in held.keys} if held else set()
        return (held, frozenset(delegation for delegation in roster.delegations
                                if delegation.holder == person),
                frozenset(keys & roster.revoked_fingerprints))
    return entry(trusted) != entry(proposed)


@dataclass(frozen=True)
class _Context:
    """What every merge of one branch update is judged against, gathered once."""

    git: Git
    workflow: Workflow
    roster: Roster
    agency: Agency
    index: int
    received: dt.datetime
    pusher: str | None
    main_tip: str | None
    tips: dict[str, str]  # stage branch → tip before the push
    config_dir: Path  # the trusted configuration
    forge: bool = False  # web merges: the forge names who merged, nothing is signed by them

    @property
    def stage(self) -> Stage:
        return self.workflow.stages[self.index]

    @property
    def last(self) -> bool:
        return self.index == len(self.workflow.stages) - 1

    @functools.cached_property
    def grading(self) -> Grading:
        """reports.yaml's royalties, read when the first merge with a grade asks."""
        return grading_of(self.config_dir)

    def violation(self, rule: str, merge: Commit, message: str, **values: object) -> Violation:
        """A violation whose message starts by naming the merge and the branch."""
        return Violation(rule, merge.id, _("merge {commit} on {branch}: {problem}").format(
            commit=_short(merge.id), branch=self.stage.branch,
            problem=_(message).format(**values)))

    def approvals_of(self, branch: str, bottoms: Iterable[str]) -> dict[str, str]:
        """merge → second parent, for the merges on `branch`'s first-parent history that
        bring one of `bottoms`."""
        wanted = set(bottoms)
        tip = self.tips.get(branch)
        if tip is None or not wanted:
            return {}
        lines = self.git.rev_list([tip, *(f"^{bottom}" for bottom in sorted(wanted))],
                                  "--first-parent", "--ancestry-path", "--parents")
        return {fields[0]: fields[2] for line in lines
                if len(fields := line.split()) == 3 and fields[2] in wanted}


@dataclass(frozen=True)
class _Push:
    """Facts about the merges of one update, each read for all of them at once."""

    signatures: dict[str, Signature]
    times: dict[str, int]  # committer timestamps of the merges and their first parents
    landed: frozenset[str]  # merges already on a stage branch: bounded when they landed
    syncs: frozenset[str]  # merges that bring main's own history into the stage
    pushed: frozenset[str]  # commits this push brings (known only when `pusher` is)


def _gather(context: _Context, merges: Sequence[Commit]) -> _Push:
    git, ids = context.git, [merge.id for merge in merges]
    times = {merge.id: merge.committer.timestamp for merge in merges}
    times.update(_committer_times(git, sorted({merge.parents[0] for merge in merges} - set(times))))
    tips = sorted(set(context.tips.values()))
    fresh = set(git.rev_list([*ids, *(f"^{tip}" for tip in tips)])) if tips else set(ids)
    pushed: set[str] = set()
    if context.pusher is not None:
        topics = sorted({merge.parents[1] for merge in merges})
        pushed = set(git.rev_list([*topics, *(f"^{tip}" for tip in _ref_tips(git))]))
    signatures = {} if context.forge else verify_signatures(git, merges, context.roster)
    return _Push(signatures, times,
                 frozenset(set(ids) - fresh), frozenset(_syncs(context, merges)),
                 frozenset(pushed))


def _syncs(context: _Context, merges: Sequence[Commit]) -> set[str]:
    """Merges into a stage whose second parent is on main's first-parent history newer than
    the branch's starting point: `portal sync` bringing what is published."""
    if context.last or context.main_tip is None:
        return set()
    ids = {merge.id for merge in merges}
    bottoms = {merge.parents[0] for merge in merges} - ids
    published = set(context.git.rev_list([context.main_tip, *(f"^{b}" for b in bottoms)],
                                         "--first-parent"))
    return {merge.id for merge in merges if merge.parents[1] in published}


def _dates(context: _Context, push: _Push, merge: Commit) -> list[Violation]:
    """An SSH signature holds no time and git checks key dates against the committer date
    the signer chose: the server's receive time and the branch's previous step bound it."""
    when = dt.datetime.fromtimestamp(merge.committer.timestamp, dt.UTC)
    if when > context.received + SKEW:
        return [context.violation("future-date", merge, N_(
            "it is dated {when}, after the server received it at {received}"),
            when=when.isoformat(), received=context.received.isoformat())]
    previous = push.times.get(merge.parents[0])
    if previous is not None and merge.committer.timestamp < previous - SKEW.total_seconds():
        return [context.violation("backdated", merge, N_(
            "it is dated {when}, before the previous step of the branch ({previous})"),
            when=when.isoformat(),
            previous=dt.datetime.fromtimestamp(previous, dt.UTC).isoformat())]
    if merge.id not in push.landed and when < context.received - PUSH_WINDOW:
        return [context.violation("backdated", merge, N_(
            "it is dated {when}, more than a day before the server received it at {received}; "
            "make the merge again"), when=when.isoformat(),
            received=context.received.isoformat())]
    return []


def _signer(context: _Context, push: _Push, merge: Commit,
            day: dt.date) -> tuple[str | None, Violation | None]:
    """The person whose key made a good signature on the merge, or the reason there is none."""
    signature = push.signatures.get(merge.id, Signature("N", ""))
    if signature.status == "N" or not merge.signed:
        return None, context.violation("unsigned", merge, N_(
            "it is not signed; an approval is a signed merge (git merge -S)"))
    person = context.roster.person_for_key(signature.key, day) if signature.key else None
    if signature.key and person is None:
        return None, context.violation("unknown-key", merge, N_(
            "it is signed with a key that approves nothing on {day}: {problem}"),
            day=day, problem=_key_problem(context.roster, signature.key, day))
    if signature.status != "G" or person is None:
        return None, context.violation("unsigned", merge, N_(
            "git does not report its signature as good (status {status})"),
            status=signature.status)
    return person, None


def _merged_by(context: _Context, merge: Commit) -> tuple[str | None, Violation | None]:
    """In forge mode, who the forge says merged: the merge's author (GitHub, GitLab and Gitea
    write the person who pressed "Merge" there), mapped to the roster by e-mail. A claim of
    the forge, not a proof (docs/forge.md)."""
    person = context.roster.person_for_email(merge.author.email)
    if person is not None:
        return person, None
    return None, context.violation("not-eligible", merge, N_(
        "the forge records {email} as who merged it, and nobody in the roster has that "
        "e-mail"), email=merge.author.email)


def submission_eligibility(roster: Roster, person: str, stage: Stage, submission: Submission,
                           on: dt.date) -> Eligibility:
    """The verdict on `person` approving the submission into `stage` on `on`, for every unit
    of the submission (a unit head must hold them all) and all its categories: a refusal for
    any one of them wins. The hook, `portal approve`, `reject` and `status` all ask this."""
    verdicts = [roster.eligible(person, stage, author_unit=unit,
                                categories=set(submission.categories), on=on)
                for unit in sorted(submission.units) or [""]]
    return next((verdict for verdict in verdicts if not verdict.allowed), verdicts[0])


def _eligibility(context: _Context, person: str, submission: Submission,
                 day: dt.date, stage: Stage | None = None) -> Eligibility:
    """The verdict at `stage`, the merge's own by default."""
    return submission_eligibility(context.roster, person, stage or context.stage, submission,
                                  day)


def _not_eligible(context: _Context, merge: Commit, submission: Submission,
                  eligibility: Eligibility) -> list[Violation]:
    """An item whose unit or category cannot be read could be anyone's: fail closed."""
    if submission.unreadable:
        return [context.violation("not-eligible", merge, N_(
            "the unit and category of {paths} cannot be read, so nobody can be shown eligible "
            "to approve them"), paths=", ".join(submission.unreadable))]
    if eligibility.allowed:
        return []
    return [context.violation("not-eligible", merge, N_(
        "{person} may not approve this submission (units: {units}; categories: {categories}): "
        "{reason}"), person=eligibility.person, units=", ".join(sorted(submission.units)) or "-",
        categories=", ".join(sorted(submission.categories)) or "-",
        reason=eligibility.message())]


def _missing_stages(context: _Context, merge: Commit, submission: Submission) -> list[Violation]:
    """A sensitive topic passes every sensitive-only stage before this one: the structural
    rules may be given the shorter chain of ordinary items, so this one keeps the director."""
    if not submission.sensitive:
        return []
    return [context.violation("missing-stage", merge, N_(
        "{topic} holds a sensitive item and {stage} has not approved it"),
        topic=_short(submission.topic), stage=stage.branch)
        for stage in context.workflow.stages[:context.index]
        if stage.sensitive_only and not context.approvals_of(stage.branch, [submission.topic])]


def _self_approval(context: _Context, push: _Push, merge: Commit, person: str,
                   submission: Submission) -> list[Violation]:
    """The signer wrote or committed the topic's text, or pushes it in with the approval
    (then its recorded authors may be anyone's names)."""
    email = (context.roster.people[person].email or "").lower()
    if email and email in submission.authors:
        return [context.violation("self-approval", merge, N_(
            "{person} wrote or committed part of {topic} and cannot approve it"),
            person=person, topic=_short(submission.topic))]
    if _matches(context.pusher, person, email) and push.pushed & set(submission.commits):
        return [context.violation("self-approval", merge, N_(
            "{person} pushes commits of {topic} together with their own approval of it"),
            person=person, topic=_short(submission.topic))]
    return []


def _earlier_approvers(context: _Context,
                       submissions: Iterable[Submission]) -> dict[str, dict[str, str]]:
    """version → {person: earlier stage} for every version (topic or own commit) of the
    submissions that a merge on an earlier stage brought: the person its `Approved-By` names
    and the owner of the key its signature carries. One walk per earlier stage for a push."""
    versions = {version for submission in submissions
                for version in (submission.topic, *submission.commits)}
    found = {merge: (stage.branch, version) for stage in context.workflow.stages[:context.index]
             for merge, version in context.approvals_of(stage.branch, versions).items()}
    approvers: dict[str, dict[str, str]] = {}
    for (merge_id, (branch, version)), raw in zip(
            found.items(), _read_objects(context.git, list(found)), strict=True):
        if raw is None:
            continue
        merge = parse_commit(merge_id, raw)
        if is_rejection(merge):  # a rejection approves nothing: its signer may review the rework
            continue
        named = trailer_values(merge, APPROVED_BY)
        owner = (context.roster.person_for_email(merge.author.email) if context.forge
                 else _key_owner(context.roster, _signature_key(raw)))
        for approver in [*named, *([owner] if owner else [])]:
            approvers.setdefault(version, {}).setdefault(approver, branch)
    return approvers


def _two_stages(context: _Context, merge: Commit, person: str, submission: Submission,
                earlier: dict[str, dict[str, str]]) -> list[Violation]:
    """The signer approved this topic, or a version it grew from, at an earlier stage."""
    stages = [earlier[version][person] for version in (submission.topic, *submission.commits)
              if person in earlier.get(version, {})]
    if not stages:
        return []
    return [context.violation("two-stages", merge, N_(
        "{person} already approved {topic} at {stage}; another person approves this stage"),
        person=person, topic=_short(submission.topic), stage=stages[0])]


def _config_change(context: _Context, merge: Commit, person: str, submission: Submission,
                   day: dt.date) -> list[Violation]:
    """The roster decides who approves everything else, so a change to it is published by a
    configuration approver only, and approved by nobody it empowers (read from the proposed
    roster itself, which the trusted one is compared with)."""
    if not submission.config_changed:
        return []
    found = []
    if context.last and not context.roster.may_act(
            person, context.workflow.config_approvers, on=day).allowed:
        found.append(context.violation("config-change", merge, N_(
            "{person} is not among the configuration approvers ({roles}), who alone publish a "
            "change to content/_config/ or to the code"), person=person,
            roles=", ".join(context.workflow.config_approvers)))
    with tempfile.TemporaryDirectory(prefix="portal-proposed-") as scratch:
        try:
            proposed = load_roster(trusted_configuration(context.git, submission.topic,
                                                         Path(scratch)))
        except (PortalError, GitError) as error:
            return [*found, context.violation("config-change", merge, N_(
                "the configuration it proposes cannot be read: {problem}"), problem=error)]
    if _changed_entry(context.roster, proposed, person):
        found.append(context.violation("config-change", merge, N_(
            "the change adds or alters the roster entry of {person}, who therefore cannot "
            "approve it"), person=person))
    return found


@dataclass(frozen=True)
class _Signed:
    """A merge a person of the roster signed, with what it approves and the day it counts; for
    a rejection merge, the rejection it brings, and the submission is the rejected topic's."""

    merge: Commit
    person: str
    day: dt.date
    submission: Submission
    rejection: Commit | None = None


def stand_in(first: str, second: str) -> Commit:
    """A merge of `second` into `first` that exists only in memory, for submission_of, which
    reads nothing but its parents."""
    nobody = Identity("", "", 0, "+0000")
    return Commit(id="0" * 40, tree="", parents=(first, second), author=nobody,
                  committer=nobody, signed=False, message="", trailers=())


def _what_it_approves(context: _Context, merge: Commit, rejection: Commit | None) -> Submission:
    """The submission a merge approves; for a rejection merge, the rejected topic measured
    from where it left main (measured from the stage it is taken out of, or from a main that
    later published its rework, the topic would own nothing)."""
    if rejection is None:
        return submission_of(context.git, merge, agency=context.agency,
                             main_tip=context.main_tip)
    topic = rejection.parents[0]
    base = fork_point(context.git, context.main_tip, topic) or merge.parents[0]
    return submission_of(context.git, stand_in(base, topic),
                         agency=context.agency, main_tip=context.main_tip)


def _signed(context: _Context, push: _Push, approvals: Sequence[Commit],
            brought: Mapping[str, Commit]) -> tuple[list[Violation], list[_Signed]]:
    """The date and signature rules for every merge, and the approvals left to judge for
    the person who signed them (a sync approves nothing, so it stops here). `brought` holds
    the second parents, which tell a rejection merge from an approval."""
    found: list[Violation] = []
    signed: list[_Signed] = []
    for merge in approvals:
        rejection = brought.get(merge.parents[1])
        rejection = rejection if is_rejection(rejection) else None
        moment = min(merge.committer.timestamp, context.received.timestamp())
        day = dt.datetime.fromtimestamp(moment, dt.UTC).date()
        if context.forge:
            person, unsigned = _merged_by(context, merge)
        else:
            found += _dates(context, push, merge)
            person, unsigned = _signer(context, push, merge, day)
        if unsigned is not None:
            found.append(unsigned)
        elif person is not None and merge.id in push.syncs:
            found += _stray_grade(context, merge, _("a sync of main approves nothing, so it "
                                                    "grades nothing"))
        elif person is not None:
            signed.append(_Signed(merge, person, day,
                                  _what_it_approves(context, merge, rejection), rejection))
    return found, signed


def _judge_rejection(context: _Context, approval: _Signed, rejection: Commit) -> list[Violation]:
    """A rejection is decided where the topic waits: its signer may approve the topic at a
    stage after this one (the one who would approve it next, or later in the chain), and the
    records on the merge and on the rejection both name the signer and give a reason."""
    merge, person, submission = approval.merge, approval.person, approval.submission
    chain = context.workflow.stages_for(submission.sensitive)
    branches = [stage.branch for stage in chain]
    later = chain[branches.index(context.stage.branch) + 1:] if (
        context.stage.branch in branches) else []
    verdicts = [_eligibility(context, person, submission, approval.day, stage)
                for stage in later]
    found = []
    if not any(verdict.allowed for verdict in verdicts):
        found.append(context.violation("not-eligible", merge, N_(
            "{person} rejects {topic} but may approve it at no stage after {stage}; the "
            "reviewer where it waits decides"), person=person,
            topic=_short(submission.topic), stage=context.stage.branch))
    problems = [problem for key, found_values, expected in (
        (REJECTED_BY, trailer_values(merge, REJECTED_BY), person),
        (STAGE, trailer_values(merge, STAGE), context.stage.branch),
        (REJECTED_BY, trailer_values(rejection, REJECTED_BY), person))
        if (problem := _trailer_problem(key, found_values, expected))]
    if not trailer_of(merge, REASON) or not trailer_of(rejection, REASON):
        problems.append(_("{key} is missing").format(key=REASON))
    if problems:
        found.append(Violation("trailer-mismatch", merge.id, _(
            "the trailers of merge {commit} do not record the rejection its signature proves: "
            "{problems}").format(commit=_short(merge.id), problems="; ".join(problems))))
    return [*found, *_stray_grade(context, merge, _("a rejection approves nothing, so it "
                                                    "grades nothing"))]


def _grade_violation(context: _Context, merge: Commit, problem: str) -> Violation:
    return Violation("grade", merge.id, _("merge {commit} on {branch}: {problem}").format(
        commit=_short(merge.id), branch=context.stage.branch, problem=problem))


def _stray_grade(context: _Context, merge: Commit, why: str) -> list[Violation]:
    """A grade on a merge that approves nothing would pay for nothing."""
    if not trailer_values(merge, GRADE):
        return []
    return [_grade_violation(context, merge, why)]


def _grade(context: _Context, merge: Commit, eligibility: Eligibility,
           submission: Submission) -> list[Violation]:
    """The approval's grade, if it has one, as the trusted reports.yaml allows it: graded in
    the role the approver is eligible in, on a submission holding items."""
    if not trailer_values(merge, GRADE):  # reports.yaml is read only when a grade asks
        return []
    role = eligibility.role if eligibility.allowed else None
    return [_grade_violation(context, merge, problem) for problem in grade_problems(
        merge, role=role, has_items=bool(submission.items), grading=context.grading)]


def _judge_urgent(context: _Context, push: _Push, approval: _Signed) -> list[Violation]:
    """An urgent publication or takedown into main (000 Đ19.4): made by someone who may act
    urgently on that day, with a reason, never a configuration change; authorship and the
    director's stage for sensitive items still hold."""
    merge, person, day, submission = (approval.merge, approval.person, approval.day,
                                      approval.submission)
    eligibility = context.roster.may_act(person, context.workflow.urgent, on=day)
    found = []
    if not eligibility.allowed:
        found.append(context.violation("not-eligible", merge, N_(
            "{person} may not publish or take down urgently: {reason}"), person=person,
            reason=eligibility.message()))
    if not trailer_of(merge, URGENT):
        found.append(context.violation("urgent", merge, N_(
            "it skips the approval chain as urgent but gives no reason (Urgent: <reason>)")))
    if submission.config_changed:
        found.append(context.violation("urgent", merge, N_(
            "a change to content/_config/ or to the code is never urgent: it goes through the "
            "whole chain")))
    return [*found, *_missing_stages(context, merge, submission),
            *_self_approval(context, push, merge, person, submission),
            *check_trailers(merge, eligibility, stage=context.stage.branch,
                            submission=submission),
            *_grade(context, merge, eligibility, submission)]


def _judge_person(context: _Context, push: _Push, approval: _Signed,
                  earlier: dict[str, dict[str, str]]) -> list[Violation]:
    """Every rule about who approved one merge."""
    if approval.rejection is not None:
        return _judge_rejection(context, approval, approval.rejection)
    if context.last and is_urgent(approval.merge):
        return _judge_urgent(context, push, approval)
    merge, person, day, submission = (approval.merge, approval.person, approval.day,
                                      approval.submission)
    eligibility = _eligibility(context, person, submission, day)
    return [*_not_eligible(context, merge, submission, eligibility),
            *_missing_stages(context, merge, submission),
            *_self_approval(context, push, merge, person, submission),
            *_two_stages(context, merge, person, submission, earlier),
            *_config_change(context, merge, person, submission, day),
            *([] if context.forge else check_trailers(merge, eligibility,
                                                      stage=context.stage.branch,
                                                      submission=submission)),
            *_grade(context, merge, eligibility, submission)]


def judge_people(git: Git, ref: str, merges: Sequence[Commit], *, config_dir: Path,
                 received: dt.datetime, pusher: str | None = None,
                 forge: bool = False) -> list[Violation]:
    """The people rules over `merges`, the approval merges `ref` gains (as structure.py's
    first-parent chain gives them), with the trusted configuration in `config_dir`.
    `received` is when the server received the push (naive: UTC); `pusher` the person id or
    e-mail of whoever pushes, when the server knows it. A configuration that does not load
    raises PortalError: the caller refuses everything then."""
    workflow, roster = load_workflow(config_dir), load_roster(config_dir)
    index = stage_index(ref, [stage.branch for stage in workflow.stages])
    approvals = [merge for merge in merges if len(merge.parents) == 2]
    if index is None or not approvals:
        return []
    tips = {stage.branch: tip for stage in workflow.stages
            if (tip := git.branch_tip(stage.branch)) is not None}
    context = _Context(git, workflow, roster, load_agency(config_dir), index, _utc(received),
                       pusher, tips.get(MAIN), tips, config_dir, forge)
    push = _gather(context, approvals)
    brought = {commit.id: commit for commit in git.read_commits(
        sorted({merge.parents[1] for merge in approvals}))}
    found, signed = _signed(context, push, approvals, brought)
    earlier = _earlier_approvers(context, [approval.submission for approval in signed])
    return found + [violation for approval in signed
                    for violation in _judge_person(context, push, approval, earlier)]
