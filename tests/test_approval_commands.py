"""The approval commands end to end: `portal server init` puts the rules in a real pre-receive
hook, approvers run `portal approve` in their own clones, and `portal verify` reads the history.

The hook judges with the server's real clock, so the roster's keys here are valid from 2000 to
2199: no test depends on today's date.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD_MEMBER,
    CHIEF,
    MAIN,
    UNIT_HEAD,
    Clone,
    Keyring,
    Portal,
    news,
    push,
    run_git,
    timeless,
)
from workflow.cli import main

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"


def _approve(clone: Clone, capsys) -> tuple[int, str]:
    code = main(["--repo", str(clone.path), "approve", f"origin/{TOPIC}"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err



def test_a_news_item_goes_through_every_stage_by_portal_approve(served: Portal,
                                                                capsys) -> None:
    topic = served.clone(AUTHOR).topic(TOPIC, news())
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        code, said = _approve(served.clone(person), capsys)
        assert code == 0, said
        assert "Traceback" not in said
    assert run_git(served.server, "merge-base", "--is-ancestor", topic, MAIN) == ""
    last = run_git(served.server, "log", "-1", "--format=%B", MAIN)
    assert f"Approved-By: {CHIEF}" in last and "Role: chief" in last
    assert main(["--repo", str(served.server), "verify"]) == 0


def test_the_author_cannot_approve_their_own_submission(served: Portal, capsys) -> None:
    head = served.clone(UNIT_HEAD)
    head.topic(TOPIC, news(author=UNIT_HEAD))
    code, said = _approve(head, capsys)
    assert code == 1 and "Traceback" not in said
    assert "người khác" in said  # "someone else must approve it"


def test_the_hook_refuses_a_direct_push_to_main(served: Portal) -> None:
    author = served.clone(AUTHOR)
    author.topic(TOPIC, news())
    refused = push(author, f"{TOPIC}:refs/heads/{MAIN}")
    assert refused.returncode != 0
    assert "[direct-commit]" in refused.stderr


def test_the_hook_refuses_an_unsigned_approval(served: Portal) -> None:
    served.clone(AUTHOR).topic(TOPIC, news())
    head = served.clone(UNIT_HEAD)
    head.approve("duyet/truong-phong", TOPIC, "unit_head", sign=False)
    refused = push(head, "HEAD:refs/heads/duyet/truong-phong")
    assert refused.returncode != 0
    assert "[unsigned]" in refused.stderr


def test_verify_reports_what_landed_without_the_hook(tmp_path: Path, keyring: Keyring,
                                                     capsys) -> None:
    unguarded = Portal(tmp_path, keyring, timeless(keyring.roster))
    author = unguarded.clone(AUTHOR)
    author.topic(TOPIC, news())
    assert push(author, f"{TOPIC}:refs/heads/{MAIN}").returncode == 0
    assert main(["--repo", str(unguarded.server), "verify"]) == 1
    assert "[direct-commit]" in capsys.readouterr().err


def test_forge_mode_verifies_exact_bytes_but_not_who(tmp_path: Path, keyring: Keyring,
                                                     capsys) -> None:
    """Web merges are signed by the forge, not the approver: `--forge` judges what git alone
    can prove, and still refuses what skips the chain."""
    forge = Portal(tmp_path, keyring, timeless(keyring.roster))
    forge.clone(AUTHOR).topic(TOPIC, news())
    for person, stage, role in ((UNIT_HEAD, "duyet/truong-phong", "unit_head"),
                                (BOARD_MEMBER, "duyet/ban-bien-tap", "board_member"),
                                (CHIEF, MAIN, "chief")):
        clone = forge.clone(person)
        clone.approve(stage, TOPIC, role, sign=False)
        assert push(clone, f"HEAD:refs/heads/{stage}").returncode == 0
    assert main(["--repo", str(forge.server), "verify"]) == 1
    assert "[unsigned]" in capsys.readouterr().err
    assert main(["--repo", str(forge.server), "verify", "--forge"]) == 0
    author = forge.clone(AUTHOR)
    author.topic("bai/khac", news("news/2026/khac.vi.md"))
    assert push(author, f"bai/khac:refs/heads/{MAIN}").returncode == 0  # no hook here
    capsys.readouterr()
    assert main(["--repo", str(forge.server), "verify", "--forge"]) == 1
    assert "[direct-commit]" in capsys.readouterr().err


def test_forge_mode_maps_who_merged_to_the_roster(tmp_path: Path, keyring: Keyring,
                                                  capsys) -> None:
    """The forge writes who pressed "Merge" as the merge's author: an author merging their
    own item, or a board member outside their categories, is reported by `--forge` too."""
    forge = Portal(tmp_path, keyring, timeless(keyring.roster))
    author = forge.clone(AUTHOR)
    author.topic(TOPIC, news())
    author.approve("duyet/truong-phong", TOPIC, "unit_head", sign=False)
    assert push(author, "HEAD:refs/heads/duyet/truong-phong").returncode == 0
    assert main(["--repo", str(forge.server), "verify", "--forge"]) == 1
    said = capsys.readouterr().err
    assert "[not-eligible]" in said or "[self-approval]" in said
    assert "[unsigned]" not in said and "[trailer-mismatch]" not in said
