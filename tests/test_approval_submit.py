"""`portal submit` end to end: an author's clone submits a topic branch to a real server with
the pre-receive hook installed, and the chain then approves it with `portal approve`.

The hook judges with the server's real clock, so the end-to-end test's roster has keys valid
from 2000 to 2199, as in test_approval_commands.py.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.approval_play import (
    AUTHOR,
    BOARD_MEMBER,
    CHIEF,
    HEAD,
    MAIN,
    NEWS,
    UNIT_HEAD,
    Clone,
    Portal,
    news,
    run_git,
)
from workflow.cli import main
from workflow.gitcmd import Git

pytestmark = pytest.mark.slow

TOPIC = "bai/hop-tac"
ITEM = f"content/{NEWS}"


def _portal(clone: Clone, capsys, *args: str) -> tuple[int, str]:
    code = main(["--repo", str(clone.path), *args])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "Traceback" not in said
    return code, said


def _on_server(portal: Portal, branch: str) -> bool:
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                           cwd=portal.server, capture_output=True, check=False)
    return found.returncode == 0


def test_a_submitted_topic_carries_the_form_and_goes_through_the_chain(served: Portal,
                                                                       capsys) -> None:
    author = served.clone(AUTHOR)
    written = author.topic(TOPIC, news(), push=False)
    code, said = _portal(author, capsys, "submit", "--requested", "2026-06-20",
                         "--note", "Đăng trước\nhội nghị")
    assert code == 0, said
    assert HEAD in said and UNIT_HEAD in said
    form = Git(served.server).commits(f"refs/heads/{TOPIC}^!")[0]
    assert form.parents == (written,) and form.tree == run_git(
        served.server, "rev-parse", f"{written}^{{tree}}")
    assert dict(form.trailers) == {
        "Submitted-By": AUTHOR, "Unit": "hop-tac-quoc-te", "Category": "doi-ngoai-trong-tinh",
        "Items": ITEM, "Requested-Date": "2026-06-20", "Note": "Đăng trước hội nghị"}
    for person in (UNIT_HEAD, BOARD_MEMBER, CHIEF):
        code, said = _portal(served.clone(person), capsys, "approve", f"origin/{TOPIC}")
        assert code == 0, said
    assert run_git(served.server, "merge-base", "--is-ancestor", form.id, MAIN) == ""
    assert main(["--repo", str(served.server), "verify"]) == 0


def test_the_requested_date_defaults_to_none(portal: Portal, capsys) -> None:
    author = portal.clone(AUTHOR)
    author.topic(TOPIC, news(), push=False)
    code, said = _portal(author, capsys, "submit")
    assert code == 0, said
    trailers = dict(Git(portal.server).commits(f"refs/heads/{TOPIC}^!")[0].trailers)
    assert trailers["Requested-Date"] == "none" and "Note" not in trailers


@pytest.mark.parametrize("case", [
    ("", "Quảng cáo casino trực tuyến.", "forbidden-term", 10),
    ("colour: red", "Nội dung bản tin.", "unknown-field", 8),
])
def test_a_content_error_is_refused_and_nothing_is_pushed(
        portal: Portal, capsys, case: tuple[str, str, str, int]) -> None:
    extra, body, rule, line = case  # front-matter line, body, the rule, the finding's line
    author = portal.clone(AUTHOR)
    files = {path: text.replace("Nội dung bản tin.", body)
             for path, text in news(extra=extra).items()}
    written = author.topic(TOPIC, files, push=False)
    code, said = _portal(author, capsys, "submit")
    assert code == 1
    assert re.search(rf"^{re.escape(ITEM)}:{line}: error \[{rule}\] ", said, re.MULTILINE), said
    assert not _on_server(portal, TOPIC)
    assert author.git("rev-parse", "HEAD") == written


@pytest.mark.parametrize("branch", [MAIN, HEAD])
def test_a_stage_branch_is_not_a_submission(portal: Portal, capsys, branch: str) -> None:
    author = portal.clone(AUTHOR)
    author.topic(TOPIC, news(), push=False)
    author.git("checkout", "-q", "-B", branch, TOPIC)
    code, said = _portal(author, capsys, "submit")
    assert code == 1 and f"'{branch}'" in said
    assert portal.tip(branch) == author.git("rev-parse", "origin/main")
    assert author.git("rev-parse", "HEAD") == author.git("rev-parse", TOPIC)


def test_a_branch_with_nothing_new_is_refused(portal: Portal, capsys) -> None:
    author = portal.clone(AUTHOR)
    author.git("checkout", "-q", "-b", "bai/trong", "origin/main")
    code, said = _portal(author, capsys, "submit")
    assert code == 1 and "bai/trong" in said
    assert not _on_server(portal, "bai/trong")


def test_uncommitted_content_is_refused(portal: Portal, capsys) -> None:
    author = portal.clone(AUTHOR)
    author.topic(TOPIC, news(), push=False)
    (author.path / ITEM).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    code, said = _portal(author, capsys, "submit")
    assert code == 1 and "content/" in said
    assert not _on_server(portal, TOPIC)
