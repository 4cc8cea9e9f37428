"""Pelican plugin: the content rules of `portal check`, applied to every build.

Each language run checks its own files. In a public build (`PUBLISH = True`) every error is
logged as an error, so `portal build --publish` refuses to replace the site; in a local preview
the same findings are warnings, so an editor still sees the page they are working on. Files
whose errors make them unbuildable are named to the reader, which leaves them out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from plugins.core.checks.cache import FindingsCache, tree_key
from plugins.core.checks.engine import CONTENT_DIR, Checker
from plugins.core.checks.findings import Finding, Severity
from plugins.core.checks.registry import UNBUILDABLE
from plugins.core.runsettings import READ_PROCESSES_SETTING
from plugins.portal_reader import UNBUILDABLE_SETTING
from plugins.portal_site import INDEX_SETTING

logger = logging.getLogger(__name__)
CACHE_FILE = "check-findings.pickle"  # beside Pelican's own cache of this language run


def _check_language(pelican: Any) -> None:
    settings = pelican.settings
    content_dir = Path(settings["PATH"])
    lang = settings["PORTAL_LANG"]
    checker = Checker(content_dir.parent, index=settings.get(INDEX_SETTING))
    checker.cache = FindingsCache(Path(settings["CACHE_PATH"]) / CACHE_FILE,
                                  tree_key(content_dir))
    # The build runs one process per language; only the run the build gives two processes
    # (the source language, which has every item) splits its checks over forked workers.
    report = checker.run(languages=[lang],
                         parallel=settings.get(READ_PROCESSES_SETTING, 1) >= 2)
    checker.cache.save()
    publish = bool(settings.get("PUBLISH"))
    unbuildable: dict[Path, Finding] = {}
    for finding in report.findings:
        relpath = Path(finding.path).relative_to(CONTENT_DIR)
        if finding.rule in UNBUILDABLE and relpath not in unbuildable:
            unbuildable[relpath] = finding
    settings[UNBUILDABLE_SETTING] = unbuildable
    for finding in report.findings:
        if publish and finding.severity is Severity.ERROR:
            logger.error("%s", finding.as_line())
        else:
            logger.warning("%s", finding.as_line())


def register() -> None:
    signals.initialized.connect(_check_language)
