"""The people rules of approval on real repositories: who signed each merge, and whether they
could approve what it brings.

A bare "server" holds the demo configuration (its roster's keys replaced by keys generated
here, so the tests can sign) and the stage branches of workflow.yaml; each person works in their
own clone, configured with their agency.yaml name and e-mail and their SSH signing key, and
approves with `git merge --no-ff -S`. Every commit is dated by a clock the test sets, so date
rules are played exactly. A proposed update is pushed to a scratch branch first and judged with
the roster of `main` as it was, as the pre-receive hook judges it; one test runs the rules in a
real hook, in git's quarantine.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.core.errors import PortalError
from plugins.core.roster import load_roster, load_workflow
from tests.approval_play import (
    AUTHOR,
    BOARD,
    CHIEF,
    CONFIG,
    DEPUTY,
    DIRECTOR,
    DIRECTOR_PERSON,
    HEAD,
    MAIN,
    NEWS,
    OTHER_HEAD,
    PEOPLE,
    START,
    UNIT_HEAD,
    VN,
    Keyring,
    Portal,
    _env,
    edit_entry,
    fingerprint,
    make_portal,
    news,
    revoke,
    rules,
    through_board,
)
from tests.helpers import ROOT
from workflow.approval.people import (
    approval_trailers,
    check_trailers,
    trusted_configuration,
)
from workflow.gitcmd import Git

pytestmark = pytest.mark.slow

# -- the happy paths -------------------------------------------------------------------------


def test_news_item_through_every_stage(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    portal.approve(CHIEF, MAIN, "bai/hop-tac", "chief")
    later = START + dt.timedelta(days=30)
    for stage in (HEAD, BOARD, MAIN):  # `portal verify` over history, long after
        assert portal.judge_range(stage, None, portal.tip(stage), received=later) == [], stage


def test_sensitive_item_passes_the_director(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news(extra="\nsensitive: true"))
    through_board(portal)
    portal.approve(DIRECTOR_PERSON, DIRECTOR, "bai/hop-tac", "director")
    portal.approve(CHIEF, MAIN, "bai/hop-tac", "chief")


def test_submission_reads_items_at_the_topic(portal: Portal) -> None:
    duc = portal.clone(AUTHOR)
    topic = duc.topic("bai/hop-tac", {**news(extra="\nsensitive: true"),
                                      "content/media/2026/anh.svg": "<svg/>"})
    submission = duc.submission(HEAD, "origin/bai/hop-tac")
    assert submission.topic == topic
    assert submission.paths == ("content/media/2026/anh.svg", f"content/{NEWS}")
    assert submission.units == {"hop-tac-quoc-te"}
    assert submission.categories == {"doi-ngoai-trong-tinh"}
    assert submission.sensitive and not submission.config_changed
    assert submission.authors == {"hmduc@langson.gov.vn"}
    assert submission.commits == (topic,) and submission.unreadable == ()


@pytest.mark.parametrize(("path", "how_the_site_works"), [
    ("content/media/2026/bang.csv", False), ("content/news/2026/ghi-chu.en.md", False),
    ("content/media/.an/x.js", True), ("content/news/2026/ghi-chu.txt", True),
    ("theme/templates/base.html", True), (".gitlab-ci.yml", True), (".cache/x.pickle", True),
    ("README.md", True)])
def test_what_counts_as_a_change_of_how_the_site_works(
        portal: Portal, path: str, how_the_site_works: bool) -> None:
    """Items and media are what editors review as pages; any other file, hidden or not, in
    content/ or not, is code, settings or configuration, published by a configuration
    approver only (`config-change`)."""
    duc = portal.clone(AUTHOR)
    duc.topic("bai/hop-tac", {**news(), path: "x\n"})
    assert duc.submission(HEAD, "origin/bai/hop-tac").config_changed is how_the_site_works


def test_published_items_are_not_part_of_a_later_topic(portal: Portal) -> None:
    """A topic started from a newer main than the stage holds brings published commits
    along: their files and authors are not the submission's."""
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    portal.approve(CHIEF, MAIN, "bai/hop-tac", "chief")
    ngoc = portal.clone("tran-bao-ngoc")
    ngoc.topic("bai/lanh-su", news("news/2026/lanh-su.vi.md",
                                      author="tran-bao-ngoc", unit="lanh-su"))
    submission = ngoc.submission(BOARD, "origin/bai/lanh-su")
    assert submission.paths == ("content/news/2026/lanh-su.vi.md",)
    assert submission.units == {"lanh-su"}
    assert submission.authors == {"tbngoc@langson.gov.vn"}


def test_bringing_a_stage_up_to_date_with_main_is_not_an_approval(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    portal.approve(CHIEF, MAIN, "bai/hop-tac", "chief")
    trang = portal.clone("nguyen-thu-trang")
    trang.git("fetch", "-q", "origin")
    trang.git("checkout", "-q", "-B", HEAD, f"origin/{HEAD}")
    trang.dated("merge", "-q", "--no-ff", "-S", "-m", "Đồng bộ với main", "origin/main")
    assert portal.judge(trang, HEAD) == []


# -- signatures and keys ---------------------------------------------------------------------


def test_unsigned_merge(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    tuan = portal.clone(UNIT_HEAD)
    merge = tuan.approve(HEAD, "bai/hop-tac", "unit_head", sign=False)
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"unsigned"}
    assert verdict[0].commit == merge


def test_key_not_in_the_roster(portal: Portal, keyring: Keyring) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    stranger, public = keyring.new("la")
    tuan = portal.clone(UNIT_HEAD, key=stranger)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"unknown-key"}
    assert fingerprint(public) in verdict[0].message


def test_key_outside_its_validity_dates(tmp_path: Path, keyring: Keyring) -> None:
    portal = make_portal(tmp_path, keyring, lambda text: edit_entry(
        text, UNIT_HEAD, "valid_until: 2027-12-31", "valid_until: 2026-03-31"))
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"unknown-key"}
    assert "2026-03-31" in verdict[0].message


def test_revoked_key(tmp_path: Path, keyring: Keyring) -> None:
    revoked = fingerprint(keyring.public[UNIT_HEAD])
    portal = make_portal(tmp_path, keyring, lambda text: revoke(text, revoked))
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"unknown-key"}
    assert revoked in verdict[0].message


def test_roster_of_the_pushed_commits_is_not_trusted(portal: Portal, keyring: Keyring) -> None:
    """A topic that adds the stranger's key to the roster does not make it sign for anyone:
    the roster is main's as it was before the push."""
    stranger, public = keyring.new("la-2")
    roster = edit_entry(keyring.roster, UNIT_HEAD, "    keys:\n",
                        f"    keys:\n      - key: {public}\n        valid_from: 2026-01-01\n"
                        "        valid_until: 2027-12-31\n")
    portal.clone(AUTHOR).topic("bai/hop-tac", {**news(), f"{CONFIG}/roster.yaml": roster})
    tuan = portal.clone(UNIT_HEAD, key=stranger)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    assert rules(portal.judge(tuan, HEAD)) == {"unknown-key"}


# -- eligibility -----------------------------------------------------------------------------


def test_head_of_another_division(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    thu = portal.clone(OTHER_HEAD)
    thu.approve(HEAD, "bai/hop-tac", "unit_head")
    verdict = portal.judge(thu, HEAD)
    assert rules(verdict) == {"not-eligible"}
    assert OTHER_HEAD in verdict[0].message


def test_unit_head_must_hold_every_unit_of_the_submission(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hai-don-vi", {
        **news(), **news("news/2026/lanh-su.vi.md", author="tran-bao-ngoc", unit="lanh-su")})
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hai-don-vi", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"not-eligible"}
    assert "lanh-su" in verdict[0].message


def test_item_whose_front_matter_cannot_be_read(portal: Portal) -> None:
    """Nobody can be shown to be the head of a unit nobody can read: fail closed."""
    portal.clone(AUTHOR).topic("bai/hong", {"content/news/2026/hong.vi.md": "Không có đầu.\n"})
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hong", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"not-eligible"}
    assert "content/news/2026/hong.vi.md" in verdict[0].message


def test_board_member_outside_their_categories(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    portal.approve(UNIT_HEAD, HEAD, "bai/hop-tac", "unit_head")
    thu = portal.clone(OTHER_HEAD)
    thu.approve(BOARD, "bai/hop-tac", "board_member")
    assert rules(portal.judge(thu, BOARD)) == {"not-eligible"}


def test_sensitive_item_to_main_without_the_director(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news(extra="\nsensitive: true"))
    through_board(portal)
    minh = portal.clone(CHIEF)
    minh.approve(MAIN, "bai/hop-tac", "chief")
    verdict = portal.judge(minh, MAIN)
    assert rules(verdict) == {"missing-stage"}
    assert DIRECTOR in verdict[0].message


def test_deputy_acts_as_chief_inside_the_delegation(portal: Portal) -> None:
    portal.clock = dt.datetime(2026, 7, 25, 9, 0, tzinfo=VN)
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    portal.approve(DEPUTY, MAIN, "bai/hop-tac", "chief", acting_for=CHIEF)


def test_delegated_approval_must_say_for_whom(portal: Portal) -> None:
    portal.clock = dt.datetime(2026, 7, 25, 9, 0, tzinfo=VN)
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    hoa = portal.clone(DEPUTY)
    hoa.approve(MAIN, "bai/hop-tac", "chief")
    verdict = portal.judge(hoa, MAIN)
    assert rules(verdict) == {"trailer-mismatch"}
    assert "Acting-For" in verdict[0].message


def test_delegation_expired(portal: Portal) -> None:
    portal.clock = dt.datetime(2026, 8, 10, 9, 0, tzinfo=VN)
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    hoa = portal.clone(DEPUTY)
    hoa.approve(MAIN, "bai/hop-tac", "chief", acting_for=CHIEF)
    assert rules(portal.judge(hoa, MAIN)) == {"not-eligible"}


def test_backdated_into_an_expired_delegation(portal: Portal) -> None:
    """The deputy dates her merge inside the window that ended; the server received it
    after: the date is refused, and with it the delegation it would have used."""
    portal.clock = dt.datetime(2026, 7, 25, 9, 0, tzinfo=VN)
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    through_board(portal)
    hoa = portal.clone(DEPUTY)
    hoa.approve(MAIN, "bai/hop-tac", "chief", acting_for=CHIEF)
    received = dt.datetime(2026, 8, 10, 9, 0, tzinfo=VN)
    verdict = portal.judge(hoa, MAIN, received=received)
    assert rules(verdict) == {"backdated"}


def test_dated_before_the_previous_step(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    portal.approve(UNIT_HEAD, HEAD, "bai/hop-tac", "unit_head")
    portal.clone(AUTHOR).topic("bai/khac", news("news/2026/khac.vi.md"))
    portal.clock -= dt.timedelta(hours=2)
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/khac", "unit_head")
    verdict = portal.judge(tuan, HEAD, received=portal.clock + dt.timedelta(hours=2))
    assert rules(verdict) == {"backdated"}


def test_dated_in_the_future(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    verdict = portal.judge(tuan, HEAD, received=portal.clock - dt.timedelta(hours=1))
    assert rules(verdict) == {"future-date"}


# -- self-approval and two stages ------------------------------------------------------------


def test_self_approval_as_author(portal: Portal) -> None:
    portal.clone(UNIT_HEAD).topic("bai/hop-tac", news(author=UNIT_HEAD))
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    assert rules(portal.judge(tuan, HEAD)) == {"self-approval"}


def test_self_approval_as_committer(portal: Portal) -> None:
    """Tuấn commits Đức's text (as a rebase or an `--author` commit does), then approves."""
    tuan = portal.clone(UNIT_HEAD)
    tuan.topic("bai/hop-tac", news(), GIT_AUTHOR_NAME=PEOPLE[AUTHOR]["name"],
               GIT_AUTHOR_EMAIL=PEOPLE[AUTHOR]["email"])
    assert tuan.submission(HEAD, "origin/bai/hop-tac").authors == {
        "hmduc@langson.gov.vn", "cvtuan@langson.gov.vn"}
    tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    assert rules(portal.judge(tuan, HEAD)) == {"self-approval"}


@pytest.mark.parametrize("version", ["same", "earlier"])
def test_one_person_two_stages(portal: Portal, version: str) -> None:
    """The unit head, also on the board for this category, approves at both; or approved an
    earlier version of the topic at the first stage."""
    duc = portal.clone(AUTHOR)
    duc.topic("bai/hop-tac", news())
    portal.approve(UNIT_HEAD, HEAD, "bai/hop-tac", "unit_head")
    if version == "earlier":
        duc.topic("bai/hop-tac", news("news/2026/them.vi.md"),
                  base="bai/hop-tac")
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(BOARD, "bai/hop-tac", "board_member")
    verdict = portal.judge(tuan, BOARD)
    assert rules(verdict) == {"two-stages"}
    assert HEAD in verdict[0].message


HOOK = """\
#!{python}
import datetime, os, sys, tempfile
from pathlib import Path

sys.path.insert(0, {root!r})
from workflow.approval.people import judge_people, trusted_configuration
from workflow.approval.structure import first_parent_chain
from workflow.gitcmd import Git

git = Git(".")
print("quarantine:", "yes" if os.environ.get("GIT_QUARANTINE_PATH") else "no", file=sys.stderr)
received = datetime.datetime.fromisoformat(os.environ["PORTAL_TEST_RECEIVED"])
refused = False
for line in sys.stdin:
    old, new, ref = line.split()
    commits = {{commit.id: commit for commit in git.commits(old + ".." + new)}}
    merges = [commit for commit in first_parent_chain(commits, new) if len(commit.parents) == 2]
    with tempfile.TemporaryDirectory() as scratch:
        config = trusted_configuration(git, git.branch_tip("main"), Path(scratch))
        for violation in judge_people(git, ref, merges, config_dir=config, received=received,
                                      pusher=os.environ.get("PORTAL_TEST_PUSHER")):
            print(f"[{{violation.rule}}] {{violation.message}}", file=sys.stderr)
            refused = True
sys.exit(1 if refused else 0)
"""


def test_self_approval_as_pusher_in_a_real_hook(portal: Portal) -> None:
    """In quarantine: the unit head who pushes an approval of a topic already on the server
    is let in; one who pushes commits of the topic with the approval is refused, even when
    those commits name someone else as author and committer."""
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    hook = portal.server / "hooks" / "pre-receive"
    hook.write_text(HOOK.format(python=sys.executable, root=str(ROOT)), encoding="utf-8")
    hook.chmod(0o755)
    tuan = portal.clone(UNIT_HEAD)

    def push() -> subprocess.CompletedProcess[str]:
        received = (portal.clock + dt.timedelta(minutes=1)).isoformat()
        return subprocess.run(["git", "push", "origin", f"HEAD:refs/heads/{HEAD}"],
                              cwd=tuan.path, capture_output=True, text=True, check=False,
                              env=_env(PORTAL_TEST_RECEIVED=received,
                                       PORTAL_TEST_PUSHER=UNIT_HEAD))

    approval = tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    landed = push()
    assert landed.returncode == 0, landed.stderr
    assert "quarantine: yes" in landed.stderr and portal.tip(HEAD) == approval
    duc = {"GIT_AUTHOR_NAME": PEOPLE[AUTHOR]["name"], "GIT_AUTHOR_EMAIL": PEOPLE[AUTHOR]["email"],
           "GIT_COMMITTER_NAME": PEOPLE[AUTHOR]["name"],
           "GIT_COMMITTER_EMAIL": PEOPLE[AUTHOR]["email"]}
    tuan.topic("bai/them", news("news/2026/them.vi.md"),
               push=False, **duc)
    tuan.git("fetch", "-q", "origin")
    tuan.git("checkout", "-q", "-B", HEAD, f"origin/{HEAD}")
    submission = tuan.submission(HEAD, "bai/them")
    tuan.dated("merge", "-q", "--no-ff", "-S", "-m", "Duyệt bai/them\n\n" + approval_trailers(
        UNIT_HEAD, "unit_head", HEAD, submission, None), "bai/them")
    refused = push()
    assert refused.returncode != 0
    assert "[self-approval]" in refused.stderr
    assert portal.tip(HEAD) == approval


# -- configuration changes -------------------------------------------------------------------


def _config_topic(portal: Portal, roster: str) -> None:
    """Đức proposes a roster; his division head and the deputy (the board for a submission
    without categories) let it through to the chief's stage."""
    portal.clone(AUTHOR).topic("bai/roster", {f"{CONFIG}/roster.yaml": roster})
    portal.approve(UNIT_HEAD, HEAD, "bai/roster", "unit_head")
    portal.approve(DEPUTY, BOARD, "bai/roster", "deputy_chief")


def test_author_adds_themselves_as_chief(portal: Portal, keyring: Keyring) -> None:
    _config_topic(portal, edit_entry(keyring.roster, AUTHOR, "roles: [author]",
                                     "roles: [author, chief]"))
    duc = portal.clone(AUTHOR)
    duc.approve(MAIN, "bai/roster", "chief")
    verdict = portal.judge(duc, MAIN)
    assert {"config-change", "not-eligible", "self-approval"} <= rules(verdict)
    assert len([v for v in verdict if v.rule == "config-change"]) == 2  # approver, and empowered


@pytest.mark.parametrize(("person", "allowed"), [(CHIEF, False), ("tran-bao-ngoc", True)])
def test_roster_change_is_never_approved_by_whom_it_empowers(
        portal: Portal, keyring: Keyring, person: str, allowed: bool) -> None:
    _private, public = keyring.new(f"{person}-moi")
    _config_topic(portal, edit_entry(
        keyring.roster, person, "    keys:\n",
        f"    keys:\n      - key: {public}\n        valid_from: 2026-01-01\n"
        "        valid_until: 2027-12-31\n"))
    minh = portal.clone(CHIEF)
    minh.approve(MAIN, "bai/roster", "chief")
    assert rules(portal.judge(minh, MAIN)) == (set() if allowed else {"config-change"})


def test_proposed_roster_that_does_not_load(portal: Portal, keyring: Keyring) -> None:
    """Refused from the first stage on: nobody can tell whom a broken roster empowers."""
    broken = keyring.roster.replace("people:", "people: [", 1)
    portal.clone(AUTHOR).topic("bai/roster", {f"{CONFIG}/roster.yaml": broken})
    tuan = portal.clone(UNIT_HEAD)
    tuan.approve(HEAD, "bai/roster", "unit_head")
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"config-change"}
    assert "roster.yaml" in verdict[0].message


# -- trailers and trusted configuration ------------------------------------------------------


def test_trailer_naming_another_person(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", news())
    tuan = portal.clone(UNIT_HEAD)
    submission = tuan.submission(HEAD, "origin/bai/hop-tac")
    tuan.approve(HEAD, "bai/hop-tac", "unit_head", trailers=approval_trailers(
        OTHER_HEAD, "unit_head", HEAD, submission, None))
    verdict = portal.judge(tuan, HEAD)
    assert rules(verdict) == {"trailer-mismatch"}
    assert OTHER_HEAD in verdict[0].message and UNIT_HEAD in verdict[0].message


def test_trailers_round_trip(portal: Portal) -> None:
    portal.clone(AUTHOR).topic("bai/hop-tac", {**news(), "content/media/2026/a.svg": "<svg/>"})
    tuan = portal.clone(UNIT_HEAD)
    merge_id = tuan.approve(HEAD, "bai/hop-tac", "unit_head")
    merge = Git(tuan.path).commits(f"{merge_id}^!")[0]
    config = trusted_configuration(Git(portal.server), portal.tip(MAIN), portal.root / "t")
    roster, workflow = load_roster(config), load_workflow(config)
    eligibility = roster.eligible(UNIT_HEAD, workflow.stages[0], author_unit="hop-tac-quoc-te",
                                  categories={"doi-ngoai-trong-tinh"}, on=START.date())
    submission = tuan.submission(HEAD, "origin/bai/hop-tac")
    assert dict(merge.trailers)["Items"] == " ".join(submission.paths)
    assert check_trailers(merge, eligibility, stage=HEAD, submission=submission) == []
    assert check_trailers(merge, eligibility, stage=BOARD, submission=submission) != []


def test_trusted_configuration_leaves_out_links(portal: Portal) -> None:
    """A roster that is a symbolic link is not written out: loading fails closed."""
    duc = portal.clone(AUTHOR)
    duc.git("checkout", "-q", "-B", "lien-ket", "origin/main")
    (duc.path / CONFIG / "roster.yaml").unlink()
    (duc.path / CONFIG / "roster.yaml").symlink_to("/etc/passwd")
    duc.git("add", "-A")
    duc.dated("commit", "-q", "-m", "Liên kết")
    config = trusted_configuration(Git(duc.path), "HEAD", portal.root / "links")
    assert (config / "_config" / "workflow.yaml").is_file()
    assert not (config / "_config" / "roster.yaml").exists()
    with pytest.raises(PortalError):
        load_roster(config)
