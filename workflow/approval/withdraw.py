"""Withdrawing a published item: a submission like any other (rule 7 of docs/workflow.md).

The item is not deleted: its address keeps answering with a notice that gives the date and the
reason in the page's language (the build turns `withdrawn` into that notice and takes the item
out of every listing). So withdrawal is an edit of the front matter of every language file of
the item, made on a topic branch from main and submitted to the chain, or, when it cannot
wait, published by the chief with `portal approve --urgent` (000 Đ19.4). Translations get the
new `source_hash` with the same edit, so the withdrawal itself leaves no translation stale.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plugins.core import frontmatter
from plugins.core.agency import load_agency
from plugins.core.atomic import write_text
from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.sources import classify
from plugins.core.translations import fingerprint, with_source_hash
from workflow.approval.decisions import clean_reason
from workflow.approval.submit import refuse_dirty_content
from workflow.gitcmd import Git, GitError

CONTENT = "content"
BRANCH_PREFIX = "go-bo/"


@dataclass(frozen=True)
class Withdrawal:
    branch: str
    paths: tuple[str, ...]  # every language file of the item, relative to the repository
    untranslated: tuple[str, ...]  # languages whose reason is the Vietnamese one


def _published_files(git: Git, main: str, folder: str, stem: str) -> list[str]:
    """The language files of the item `stem` in `folder` as main publishes them."""
    out = git.run("ls-tree", "--name-only", "--end-of-options", main, "--", f"{folder}/")
    return sorted(path for path in out.splitlines()
                  if PurePosixPath(path).name.startswith(f"{stem}.")
                  and PurePosixPath(path).suffix == ".md")


def _main_text(git: Git, main: str, path: str) -> str:
    return git.run("show", f"{main}:{path}")


def withdraw(git: Git, path: str, *, reasons: dict[str, str], day: dt.date,
             remote: str = "origin") -> Withdrawal:
    """Start the topic branch `go-bo/<stem>` from `remote`/main with every language file of
    the item at `path` (relative to the repository) marked withdrawn on `day`; `reasons` maps
    a language to its reason, Vietnamese required. The caller submits it."""
    root = Path(git.run("rev-parse", "--show-toplevel").strip())
    agency = load_agency(root / CONTENT)
    relative = PurePosixPath(path)
    if relative.parts[:1] != (CONTENT,):
        raise PortalError(_("give the item's path under content/, e.g. "
                            "content/news/2026/x.vi.md"))
    name = classify(Path(*relative.parts[1:]), agency)
    vietnamese = clean_reason(reasons.get(agency.source_language, ""))
    git.run("fetch", "--quiet", remote)
    main = f"refs/remotes/{remote}/main"
    files = _published_files(git, main, relative.parent.as_posix(), name.stem)
    if not files:
        raise PortalError(_("{path} is not published: there is nothing to withdraw").format(
            path=path))
    branch = f"{BRANCH_PREFIX}{name.stem}"
    refuse_dirty_content(git)
    try:
        git.run("switch", "--quiet", "-c", branch, main)
    except GitError as error:
        raise PortalError(_("cannot start the branch {branch}: {problem}").format(
            branch=branch, problem=error.stderr.strip())) from error
    untranslated = []
    texts = {}
    for file in files:
        lang = classify(Path(*PurePosixPath(file).parts[1:]), agency).lang
        reason = " ".join(reasons.get(lang, "").split())
        if not reason:
            untranslated.append(lang)
        text = frontmatter.with_key(_main_text(git, main, file), "withdrawn", day.isoformat())
        texts[file] = frontmatter.with_key(text, "withdrawn_reason", json.dumps(
            reason or vietnamese, ensure_ascii=False))
    original = next((file for file in files
                     if file.endswith(f".{agency.source_language}.md")), files[0])
    value = fingerprint(frontmatter.parse(texts[original]), name.section)
    for file, text in texts.items():
        final = text if file == original else with_source_hash(text, value)
        write_text(root / file, final)
    git.run("add", "--", *files)
    git.run("commit", "--quiet", "-m", f"Gỡ bỏ {name.stem}: {vietnamese}")
    return Withdrawal(branch, tuple(files), tuple(untranslated))
