"""The activity report page (`noi-bo/bao-cao/`): the report of the current period, as
`portal report --format html` makes it, with its charts and stylesheet beside it.

Written in preview builds of the source language only, like the compliance page: the report
is internal, Vietnamese, and a public build never contains it. Its figures come from git
history (workflow/reports/figures.py), so this is the one plugin that reaches into `workflow`:
only when the build's repository is a git repository with a main branch, and only in the one
run that writes the page, so that no other run pays for loading the history reader and
matplotlib. A build of bare files (a test's folder, an unpacked archive) gets a page saying
the report needs that history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from plugins.core import atomic
from plugins.core.errors import PortalError
from plugins.core.urls import save_as
from plugins.portal_site.internal import REPORT_PATH
from plugins.portal_site.questions import as_of
from plugins.portal_site.settings import is_source_language_run

TEMPLATE = "report"
MAIN = "main"
SERVER_REMOTE = "origin"


def has_main_history(repo: Path) -> bool:
    """True when `repo` itself (not a folder above it) is a git repository, or a worktree of
    one, whose main branch exists locally or as the server's remote-tracking branch."""
    from workflow.gitcmd import Git, GitError  # noqa: PLC0415 - see the module's docstring

    git = Git(repo)
    try:
        top = git.run("rev-parse", "--show-toplevel").strip()
    except GitError:
        return False
    if Path(top).resolve() != repo.resolve():
        return False
    return git.branch_tip(MAIN) is not None or git.branch_tip(MAIN, SERVER_REMOTE) is not None


class ReportGenerator(Generator):
    """Writes the report page and its files (preview builds of the source language only)."""

    def generate_context(self) -> None:
        """Nothing to read: the figures come from git history, when the page is written."""

    def generate_output(self, writer: Any) -> None:
        if self.settings.get("PUBLISH") or not is_source_language_run(self.settings):
            return
        site = self.env.globals["site"]
        repo = Path(self.settings["PATH"]).parent
        variables: dict[str, Any] = {"report": None, "view": None}
        files: dict[str, str] = {}
        if has_main_history(repo):
            from workflow.reports.figures import current_report  # noqa: PLC0415 - as above
            from workflow.reports.html import report_page  # noqa: PLC0415 - as above

            try:
                report = current_report(repo, as_of(self.settings))
            except PortalError as error:  # the history or reports.yaml says what is wrong
                variables["problem"] = str(error)
            else:
                variables, files = report_page(report, site.agency,
                                               files_url=site.url(REPORT_PATH))
        writer.write_file(save_as(REPORT_PATH), self.get_template(TEMPLATE), self.context,
                          template_name=TEMPLATE, url=REPORT_PATH, **variables)
        folder = Path(self.output_path) / REPORT_PATH
        for name, text in files.items():
            atomic.write_text(folder / name, text)


def report_generator(_pelican: Any) -> type[ReportGenerator]:
    """Connected to `get_generators` after the compliance page's, which links to it."""
    return ReportGenerator
