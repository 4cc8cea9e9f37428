"""The approval chain's configuration and model: workflow.yaml, roster.yaml, plugins/core/roster.py.

The git side of the approval workflow trusts these answers for every merge, so they are tested
on their own: the demo chain and the district example validate; eligibility follows the
regulation (own unit, covered categories, the deputy, delegations with dates, the director for
sensitive items); keys map to people only inside their dates and never once revoked; the
allowed-signers text is accepted by the real `ssh-keygen -Y verify`; and a hostile or mistaken
configuration stops `portal check` at its line, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.core import roster as model
from plugins.core.agency import load_agency
from plugins.core.config_schemas import branch_name_problem, parse_public_key
from plugins.core.errors import PortalError
from plugins.core.i18n import set_language
from plugins.core.roster import Roster, Workflow, load_roster, load_workflow
from tests.approval_play import keygen
from tests.helpers import ROOT, edit_config, make_repo, run_portal

CONFIG = Path("content/_config")
DISTRICT = ROOT / "docs" / "examples" / "district"
DAY = dt.date(2026, 6, 15)
SSH_KEYGEN = shutil.which("ssh-keygen") or "ssh-keygen"  # `make test` installs openssh-client


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PORTAL_LANG", "en")
    set_language("en")
    yield
    set_language(None)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture(scope="module")
def demo() -> tuple[Workflow, Roster]:
    return load_workflow(ROOT / "content"), load_roster(ROOT / "content")


def fingerprint(private: Path) -> str:
    listed = subprocess.run([SSH_KEYGEN, "-l", "-f", str(private.with_suffix(".pub"))],
                            check=True, capture_output=True, text=True).stdout
    return listed.split()[1]


def write_roster(repo: Path, key: str, *, valid_from: str = "2026-01-01",
                 valid_until: str = "2026-12-31", revoked: tuple[str, ...] = ()) -> Path:
    """A roster in which Hà Minh Đức (hmduc@langson.gov.vn) holds one key."""
    (repo / CONFIG / "roster.yaml").write_text(
        "people:\n"
        "  ha-minh-duc:\n"
        "    roles: [author]\n"
        "    keys:\n"
        f"      - key: {key}\n"
        f"        valid_from: {valid_from}\n"
        f"        valid_until: {valid_until}\n"
        f"revoked_keys: {json.dumps(list(revoked))}\n", encoding="utf-8")
    return repo / "content"


# -- the shipped configurations ------------------------------------------------------------


def test_demo_configuration_passes_portal_check(repo: Path, capsys) -> None:
    code, output = run_portal(repo, capsys)
    assert code == 0, output


def test_demo_chain(demo: tuple[Workflow, Roster]) -> None:
    workflow, _roster = demo
    branches = [stage.branch for stage in workflow.stages]
    assert branches == ["duyet/truong-phong", "duyet/ban-bien-tap", "duyet/giam-doc", "main"]
    assert [stage.branch for stage in workflow.stages_for(False)] == [
        "duyet/truong-phong", "duyet/ban-bien-tap", "main"]
    assert [stage.branch for stage in workflow.stages_for(True)] == branches
    board = workflow.stages[1]
    assert board.approvers == ("board_member", "deputy_chief") and board.review_days == 2
    assert workflow.config_approvers == ("chief",) and workflow.urgent == ("chief",)


def test_demo_roster_covers_everyone_of_agency_yaml(demo: tuple[Workflow, Roster]) -> None:
    """Every person has roles and a key, every unit with people a head, every category a
    board member: nothing in the demo waits for an approver who does not exist."""
    _workflow, roster = demo
    people = roster.people.values()
    assert set(roster.people) == set(load_agency(ROOT / "content").people)
    assert all(person.roles and person.keys for person in people)
    heads = {person.unit for person in people if "unit_head" in person.roles}
    # The Director and the Deputy Directors lead the whole Department: they have no unit.
    assert heads == {person.unit for person in people if person.unit is not None}
    covered = set().union(*(person.categories for person in people))
    assert covered == {"gioi-thieu", "dich-vu-cong", "van-ban-phap-luat", "tuyen-truyen",
                       "chi-dao-dieu-hanh", "doi-ngoai-trong-tinh", "kien-thuc-doi-ngoai",
                       "hoi-dap"}


def test_district_example_adopts_the_system_by_configuration_only(repo: Path, capsys) -> None:
    for name in ("agency.yaml", "workflow.yaml", "roster.yaml", "reports.yaml"):
        shutil.copy2(DISTRICT / name, repo / CONFIG / name)
    code, output = run_portal(repo, capsys)
    assert code == 0, output
    workflow, roster = load_workflow(repo / "content"), load_roster(repo / "content")
    assert [stage.branch for stage in workflow.stages] == ["duyet/thu-truong-don-vi", "main"]
    final = workflow.stages[-1]
    deputy = roster.eligible("tran-thi-hanh", final, author_unit="giao-duc",
                             categories={"kinh-te-xa-hoi"}, on=DAY)
    assert deputy.allowed and deputy.role == "deputy_chief"
    assert not roster.eligible("sung-van-lenh", final, author_unit="giao-duc",
                               categories={"kinh-te-xa-hoi"}, on=DAY).allowed


def test_roster_model_imports_neither_pelican_nor_git() -> None:
    code = ("import sys, plugins.core.roster; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pelican', 'git'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


# -- eligibility ---------------------------------------------------------------------------


def _stage(workflow: Workflow, branch: str) -> model.Stage:
    return next(stage for stage in workflow.stages if stage.branch == branch)


def test_unit_head_approves_only_their_own_unit(demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    first = _stage(workflow, "duyet/truong-phong")
    own = roster.eligible("be-thi-thu", first, author_unit="lanh-su", categories={"hoi-dap"},
                          on=DAY)
    assert own.allowed and own.role == "unit_head" and own.acting_for is None
    other = roster.eligible("chu-van-tuan", first, author_unit="lanh-su",
                            categories={"hoi-dap"}, on=DAY)
    assert not other.allowed and other.reason == model.OTHER_UNIT
    assert other.message()


def test_board_member_approves_only_categories_they_cover(
        demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    board = _stage(workflow, "duyet/ban-bien-tap")

    def judge(categories: set[str]) -> model.Eligibility:
        return roster.eligible("be-thi-thu", board, author_unit="lanh-su",
                               categories=categories, on=DAY)

    assert judge({"dich-vu-cong", "hoi-dap"}).role == "board_member"
    assert judge({"tuyen-truyen"}).reason == model.OUTSIDE_CATEGORIES
    assert judge({"dich-vu-cong", "tuyen-truyen"}).reason == model.OUTSIDE_CATEGORIES
    assert judge(set()).reason == model.OUTSIDE_CATEGORIES


def test_deputy_reviews_for_the_board_in_any_category(demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    verdict = roster.eligible("vi-thi-hoa", _stage(workflow, "duyet/ban-bien-tap"),
                              author_unit="bien-gioi", categories={"tuyen-truyen"}, on=DAY)
    assert verdict.allowed and verdict.role == "deputy_chief" and verdict.acting_for is None


def test_chief_approves_publication(demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    main_stage = _stage(workflow, "main")
    chief = roster.eligible("hoang-van-minh", main_stage, author_unit="lanh-su",
                            categories={"hoi-dap"}, on=DAY)
    assert chief.allowed and chief.role == "chief"
    author = roster.eligible("ha-minh-duc", main_stage, author_unit="hop-tac-quoc-te",
                             categories={"hoi-dap"}, on=DAY)
    assert author.reason == model.NO_ROLE
    stranger = roster.eligible("nobody", main_stage, author_unit="lanh-su",
                               categories={"hoi-dap"}, on=DAY)
    assert stranger.reason == model.NOT_IN_ROSTER


@pytest.mark.parametrize(("day", "allowed"), [
    (dt.date(2026, 7, 19), False),
    (dt.date(2026, 7, 20), True),
    (dt.date(2026, 7, 31), True),
    (dt.date(2026, 8, 1), False),
])
def test_deputy_acts_as_chief_only_inside_the_delegation(
        demo: tuple[Workflow, Roster], day: dt.date, allowed: bool) -> None:
    workflow, roster = demo
    verdict = roster.eligible("vi-thi-hoa", _stage(workflow, "main"), author_unit="lanh-su",
                              categories={"hoi-dap"}, on=day)
    if allowed:
        assert verdict.role == "chief" and verdict.acting_for == "hoang-van-minh"
    else:
        assert verdict.reason == model.DELEGATION_NOT_IN_FORCE
    urgent = roster.may_act("vi-thi-hoa", workflow.urgent, on=day)
    assert urgent.allowed is allowed


def test_director_stage_is_for_sensitive_items_and_directors(
        demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    director = _stage(workflow, "duyet/giam-doc")
    assert director.sensitive_only
    assert director not in workflow.stages_for(False)
    assert director in workflow.stages_for(True)
    verdict = roster.eligible("nong-thi-lan", director, author_unit="lanh-su",
                              categories={"hoi-dap"}, on=DAY)
    assert verdict.role == "director"
    deputy = roster.eligible("vi-thi-hoa", director, author_unit="lanh-su",
                             categories={"hoi-dap"}, on=DAY)
    assert deputy.reason == model.NO_ROLE


def test_configuration_approvers_are_agency_wide(demo: tuple[Workflow, Roster]) -> None:
    workflow, roster = demo
    assert roster.may_act("hoang-van-minh", workflow.config_approvers, on=DAY).role == "chief"
    assert not roster.may_act("chu-van-tuan", ("unit_head",), on=DAY).allowed
    assert not roster.may_act("nguyen-thu-trang", workflow.config_approvers, on=DAY).allowed


# -- keys ----------------------------------------------------------------------------------


def test_key_maps_to_its_owner_inside_its_dates(repo: Path, tmp_path: Path) -> None:
    private, line = keygen(tmp_path / "keys", "duc")
    roster = load_roster(write_roster(repo, line))
    printed = fingerprint(private)
    assert roster.person_for_key(line, DAY) == "ha-minh-duc"
    assert roster.person_for_key(line.rsplit(" ", 1)[0], DAY) == "ha-minh-duc"
    assert roster.person_for_key(printed, dt.date(2026, 1, 1)) == "ha-minh-duc"
    assert roster.person_for_key(printed, dt.date(2026, 12, 31)) == "ha-minh-duc"
    assert roster.person_for_key(printed, dt.date(2025, 12, 31)) is None
    assert roster.person_for_key(printed, dt.date(2027, 1, 1)) is None
    assert roster.person_for_key("ssh-ed25519 AAAA-not-a-key", DAY) is None
    assert roster.person_for_key(keygen(tmp_path / "keys", "other")[1], DAY) is None


@pytest.mark.parametrize("by", ["line", "fingerprint"])
def test_revoked_key_maps_to_nobody(repo: Path, tmp_path: Path, by: str) -> None:
    private, line = keygen(tmp_path / "keys", "duc")
    entry = line if by == "line" else fingerprint(private)
    roster = load_roster(write_roster(repo, line, revoked=(entry,)))
    assert roster.person_for_key(line, DAY) is None
    assert roster.person_for_key(fingerprint(private), DAY) is None
    assert line.rsplit(" ", 1)[0] in roster.revoked_keys_text().splitlines()
    assert line.rsplit(" ", 1)[0] not in roster.allowed_signers()


def test_demo_revoked_key_is_out_and_its_successor_in(demo: tuple[Workflow, Roster]) -> None:
    _workflow, roster = demo
    old, new = roster.people["ly-quoc-hung"].keys
    assert roster.person_for_key(old.key.line, DAY) is None
    assert roster.person_for_key(new.key.fingerprint, DAY) == "ly-quoc-hung"
    assert roster.revoked_keys_text().splitlines()[1:] == [old.key.line]


def test_fingerprint_is_the_one_ssh_keygen_shows(tmp_path: Path) -> None:
    private, line = keygen(tmp_path, "k")
    assert parse_public_key(line).fingerprint == fingerprint(private)


# -- allowed signers, checked by ssh-keygen itself -----------------------------------------


def _verify(folder: Path, roster: Roster, signature: Path, principal: str,
            day: str) -> subprocess.CompletedProcess[str]:
    allowed, revoked = folder / "allowed_signers", folder / "revoked"
    allowed.write_text(roster.allowed_signers(), encoding="utf-8")
    revoked.write_text(roster.revoked_keys_text(), encoding="utf-8")
    return subprocess.run(
        [SSH_KEYGEN, "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", "git",
         "-s", str(signature), "-r", str(revoked), f"-Overify-time={day}"],
        input="the approved bytes\n", capture_output=True, text=True,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"}, check=False)


def _sign(private: Path, folder: Path) -> Path:
    message = folder / "message"
    message.write_text("the approved bytes\n", encoding="utf-8")
    subprocess.run([SSH_KEYGEN, "-q", "-Y", "sign", "-f", str(private), "-n", "git",
                    str(message)], check=True, capture_output=True)
    return message.with_name("message.sig")


def test_allowed_signers_verifies_with_ssh_keygen(repo: Path, tmp_path: Path) -> None:
    private, line = keygen(tmp_path / "keys", "duc")
    roster = load_roster(write_roster(repo, line))
    signature = _sign(private, tmp_path)
    good = _verify(tmp_path, roster, signature, "hmduc@langson.gov.vn", "20260615")
    assert good.returncode == 0, good.stderr
    assert "hmduc@langson.gov.vn" in good.stdout
    for principal, day in (("ntlan@langson.gov.vn", "20260615"),  # someone else
                           ("hmduc@langson.gov.vn", "20251231"),  # before valid_from
                           ("hmduc@langson.gov.vn", "20270102")):  # after valid_until
        assert _verify(tmp_path, roster, signature, principal, day).returncode != 0
    assert _verify(tmp_path, roster, signature, "hmduc@langson.gov.vn",
                   "20261231").returncode == 0  # valid_until is included
    find = subprocess.run([SSH_KEYGEN, "-Y", "find-principals", "-f",
                           str(tmp_path / "allowed_signers"), "-s", str(signature)],
                          capture_output=True, text=True, check=True)
    assert find.stdout.split() == ["hmduc@langson.gov.vn"]


def test_revoked_key_fails_ssh_keygen_verification(repo: Path, tmp_path: Path) -> None:
    private, line = keygen(tmp_path / "keys", "duc")
    roster = load_roster(write_roster(repo, line, revoked=(fingerprint(private),)))
    signature = _sign(private, tmp_path)
    assert _verify(tmp_path, roster, signature, "hmduc@langson.gov.vn",
                   "20260615").returncode != 0
    # Even a stale allowed-signers file that still lists the key is refused by revocation.
    stale = load_roster(write_roster(repo, line)).allowed_signers()
    (tmp_path / "allowed_signers").write_text(stale, encoding="utf-8")
    refused = subprocess.run(
        [SSH_KEYGEN, "-Y", "verify", "-f", str(tmp_path / "allowed_signers"), "-I",
         "hmduc@langson.gov.vn", "-n", "git", "-s", str(signature), "-r",
         str(tmp_path / "revoked")], input="the approved bytes\n", capture_output=True,
        text=True, check=False)
    assert refused.returncode != 0


# -- hostile and mistaken configurations ---------------------------------------------------


def test_unknown_key_in_roster_with_did_you_mean(repo: Path, capsys) -> None:
    line = edit_config(repo, "roster.yaml", "revoked_keys:", "revoked_key:")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: revoked_key: " in output
    assert "'revoked_keys'" in output


def test_unknown_key_in_workflow_with_did_you_mean(repo: Path, capsys) -> None:
    line = edit_config(repo, "workflow.yaml", "    review_days: 2", "    review_day: 2")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/workflow.yaml:{line}: stages[1].review_day: " in output
    assert "'review_days'" in output


def test_key_shared_by_two_people(repo: Path, capsys) -> None:
    text = (repo / CONFIG / "roster.yaml").read_text(encoding="utf-8")
    tuan_key = text.split("chu-van-tuan:", 1)[1].split("- key: ", 1)[1].split("\n", 1)[0]
    thu_key = text.split("be-thi-thu:", 1)[1].split("- key: ", 1)[1].split("\n", 1)[0]
    line = edit_config(repo, "roster.yaml", f"- key: {thu_key}", f"- key: {tuan_key}")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: people.be-thi-thu.keys[0].key: " in output
    assert "chu-van-tuan" in output


def test_key_listed_twice_for_one_person(repo: Path, capsys) -> None:
    lines = (repo / CONFIG / "roster.yaml").read_text(encoding="utf-8").splitlines(True)
    start = lines.index("  tran-bao-ngoc:\n") + 3  # roles, keys:, then the entry
    entry = "".join(lines[start: start + 3])
    line = edit_config(repo, "roster.yaml", entry, entry + entry) + 3
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: people.tran-bao-ngoc.keys[1].key: " in output


def test_person_not_in_agency_yaml(repo: Path, capsys) -> None:
    line = edit_config(repo, "roster.yaml", "  tran-bao-ngoc:", "  tran-bao-ngok:")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: people.tran-bao-ngok: " in output
    assert "'tran-bao-ngoc'" in output  # did you mean


def test_category_not_in_agency_yaml(repo: Path, capsys) -> None:
    line = edit_config(repo, "roster.yaml", "categories: [dich-vu-cong, hoi-dap,",
                "categories: [dich-vu-cong, hoi-dap-cu,")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: people.be-thi-thu.categories[1]: " in output


def test_wildcard_email_cannot_become_a_principal(repo: Path, capsys) -> None:
    """`*@langson.gov.vn` in allowed-signers would let the key sign as anyone there."""
    edit_config(repo, "agency.yaml", "email: hmduc@langson.gov.vn", "email: \"*@langson.gov.vn\"")
    text = (repo / CONFIG / "roster.yaml").read_text(encoding="utf-8")
    keys_line = text[: text.index("  ha-minh-duc:")].count("\n") + 3
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{keys_line}: people.ha-minh-duc.keys: " in output


def test_roster_is_checked_again_when_only_agency_yaml_changes(repo: Path) -> None:
    """The roster's schema result is cached with roster.yaml; its references into agency.yaml
    must not be: a person removed there loses their place in the chain at once."""
    assert "ha-minh-duc" in load_roster(repo / "content").people
    edit_config(repo, "agency.yaml", "  ha-minh-duc:\n", "  ha-minh-duc-cu:\n")
    with pytest.raises(PortalError, match=r"roster\.yaml:\d+: people\.ha-minh-duc: "):
        load_roster(repo / "content")


@pytest.mark.parametrize("branch", ["main..x", "-rf", "duyet//x", "duyet/.an", "x.lock",
                                    "a b", "a:b", "HEAD"])
def test_stage_branch_git_refuses(repo: Path, capsys, branch: str) -> None:
    line = edit_config(repo, "workflow.yaml", "- branch: duyet/ban-bien-tap",
                f"- branch: {json.dumps(branch)}")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/workflow.yaml:{line}: stages[1].branch: " in output


def test_last_stage_must_be_main(repo: Path, capsys) -> None:
    line = edit_config(repo, "workflow.yaml", "- branch: main", "- branch: xuat-ban")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/workflow.yaml:{line}: stages[3].branch: " in output
    assert "'main'" in output


def test_stage_branches_unique_and_not_nested(repo: Path, capsys) -> None:
    same = edit_config(repo, "workflow.yaml", "- branch: duyet/ban-bien-tap",
                "- branch: duyet/truong-phong")
    nested = edit_config(repo, "workflow.yaml", "- branch: duyet/giam-doc",
                  "- branch: duyet/truong-phong/giam-doc")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/workflow.yaml:{same}: stages[1].branch: " in output
    assert f"{CONFIG}/workflow.yaml:{nested}: stages[2].branch: " in output


def test_delegation_dates_and_holder(repo: Path, capsys) -> None:
    start = edit_config(repo, "roster.yaml", "  - from: hoang-van-minh\n    to: vi-thi-hoa\n",
                 "  - from: vi-thi-hoa\n    to: vi-thi-hoa\n")
    edit_config(repo, "roster.yaml", "    valid_from: 2026-07-20", "    valid_from: 2026-08-20")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{start}: delegations[0]: " in output  # dates reversed
    assert f"{CONFIG}/roster.yaml:{start + 1}: delegations[0].to: " in output  # herself
    assert f"{CONFIG}/roster.yaml:{start + 2}: delegations[0].role: " in output  # not hers


BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAIHmFGWDN3M+DYWbuiJGuT54/d3O1fzqti66uxn37IKtf"


@pytest.mark.parametrize("key", [
    f"cert-authority ssh-ed25519 {BLOB}",  # an option before the key
    f'namespaces="file" ssh-ed25519 {BLOB}',
    f"ssh-ed25519 {BLOB[:-8]}",  # truncated
    f"ssh-ed25519 {BLOB}AAAA",  # longer than an ed25519 key
    "ssh-dss AAAAB3NzaC1kc3MAAACBAP",  # not a signing key type
    f"ssh-rsa {BLOB}",  # the type does not match the blob
    f"ssh-ed25519 {BLOB}\nssh-ed25519 {BLOB}",  # two lines
    f"ssh-ed25519 {BLOB} name\x1b[2J",  # a control character in the comment
])
def test_malformed_public_key(repo: Path, capsys, key: str) -> None:
    text = (repo / CONFIG / "roster.yaml").read_text(encoding="utf-8")
    entry = text.split("  ha-minh-duc:\n", 1)[1].split("- key: ", 1)[1].split("\n", 1)[0]
    line = edit_config(repo, "roster.yaml", f"- key: {entry}", f"- key: {json.dumps(key)}")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/roster.yaml:{line}: people.ha-minh-duc.keys[0].key: " in output


def test_broken_roster_fails_closed_for_the_git_side(repo: Path) -> None:
    edit_config(repo, "roster.yaml", "people:", "people: [")
    with pytest.raises(PortalError):
        load_roster(repo / "content")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("name", [
    "main", "duyet/truong-phong", "a.b/c_d-e", "đ/ý", "-x", "HEAD", "@", "a..b", "a/", "/a",
    "a//b", "a.", ".a", "a/.b", "a.lock", "a/b.lock/c", "a@{b", "a b", "a~b", "a^b", "a:b",
    "a?b", "a*b", "a[b", "a\\b", "a\x01b", "a\x7fb", "@{x}", "a@b", "x/@/y",
])
def test_branch_names_refused_exactly_where_git_refuses(name: str) -> None:
    """Our validator may be stricter than git (it refuses '@'), never more lenient."""
    git = subprocess.run(["git", "check-ref-format", "--branch", name], capture_output=True,
                         check=False)
    ours = branch_name_problem(name)
    if git.returncode != 0:
        assert ours is not None
    elif name != "@":
        assert ours is None
