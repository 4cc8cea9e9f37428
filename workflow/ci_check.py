"""`portal ci check`: what every push and pull request to a stage branch or main must pass,
as one readable summary, a JSON report and JUnit XML (which every CI shows natively).

Four steps, each a test case: the content rules in strict mode on the files the push changed
(all of content/ without a base), the approval rules on the history (`portal verify`), a
preview build, and the deadlines (reported, never failing the push: an overdue answer is the
desk's to fix, not a reason to refuse an unrelated change).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core import atomic
from plugins.core.checks.engine import Checker
from plugins.core.deadlines import Status, deadline_table
from plugins.core.errors import PortalError
from workflow.build import BuildError, build_site
from workflow.gitcmd import Git, GitError


@dataclass
class Step:
    name: str
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _changed(repo: Path, base: str | None) -> list[Path] | None:
    """The content files the push changed since `base` (None: check all of content/)."""
    if base is None:
        return None
    names = Git(repo).run("diff", "--name-only", "--diff-filter=ACMR", f"{base}...HEAD",
                          "--", "content").splitlines()
    return [repo / name for name in names if name]


def _checks(repo: Path, base: str | None) -> Step:
    step = Step("check")
    paths = _changed(repo, base)
    if paths == []:
        step.notes.append("no content file changed")
        return step
    report = Checker(repo).run(paths)
    step.problems = [f"{finding.path}:{finding.line}: {finding.severity.value} [{finding.rule}] "
                     f"{finding.message}" for finding in report.findings]
    step.ok = not report.findings  # strict: a warning fails a push too
    return step


def _verify(repo: Path, as_of: dt.date, forge: bool) -> Step:
    from workflow.approval.push import verify_history  # noqa: PLC0415 - git history only here

    step = Step("verify")
    found = verify_history(Git(repo), received=dt.datetime.now(dt.UTC), as_of=as_of,
                           forge=forge)
    step.problems = [f"{name}: {violation}" for name, violation in found]
    step.ok = not found
    return step


def _build(repo: Path, as_of: dt.date) -> Step:
    step = Step("build")
    with tempfile.TemporaryDirectory(prefix="portal-ci-") as folder:
        try:
            report = build_site(repo, output=Path(folder) / "site", as_of=as_of)
        except BuildError as failure:
            step.ok, step.problems = False, list(failure.problems)
            return step
        step.notes = list(report.warnings)
    return step


def _deadlines(repo: Path, as_of: dt.date) -> Step:
    step = Step("deadlines")
    table = deadline_table(repo / "content", as_of)
    overdue = [row for row in table.rows if row.status is Status.OVERDUE]
    step.notes = [f"{row.path}: {row.what}, overdue by {row.days} working days"
                  for row in overdue]
    return step


def run_checks(repo: Path, *, base: str | None, as_of: dt.date, forge: bool) -> list[Step]:
    steps: list[tuple[str, Callable[[], Step]]] = [
        ("check", lambda: _checks(repo, base)),
        ("verify", lambda: _verify(repo, as_of, forge)),
        ("build", lambda: _build(repo, as_of)),
        ("deadlines", lambda: _deadlines(repo, as_of)),
    ]
    done = []
    for name, action in steps:
        started = time.perf_counter()
        try:
            step = action()
        except (PortalError, GitError) as error:
            step = Step(name, ok=False, problems=[str(error)])
        step.seconds = time.perf_counter() - started
        done.append(step)
    return done


def write_json(path: Path, steps: list[Step]) -> None:
    atomic.write_text(path, json.dumps({
        "ok": all(step.ok for step in steps),
        "steps": [{"name": step.name, "ok": step.ok, "problems": step.problems,
                   "notes": step.notes, "seconds": round(step.seconds, 2)} for step in steps],
    }, ensure_ascii=False, indent=1) + "\n")


def write_junit(path: Path, steps: list[Step]) -> None:
    suite = ET.Element("testsuite", name="portal ci check", tests=str(len(steps)),
                       failures=str(sum(not step.ok for step in steps)))
    for step in steps:
        case = ET.SubElement(suite, "testcase", classname="portal", name=step.name,
                             time=f"{step.seconds:.2f}")
        if not step.ok:
            failure = ET.SubElement(case, "failure", message=f"{len(step.problems)} problems")
            failure.text = "\n".join(step.problems)
        if step.notes:
            ET.SubElement(case, "system-out").text = "\n".join(step.notes)
    atomic.write_text(path, ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n")
