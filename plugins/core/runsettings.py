"""The settings `portal build` hands each language run, named in one place that loads no Pelican.

The build decides them before any run starts (and, when nothing changed, starts none), so it
must not pay for importing Pelican and the plugins just to spell their names; the plugins read
them from the run's settings.
"""

from __future__ import annotations

AS_OF_SETTING = "PORTAL_AS_OF"  # the date deadlines are computed for, when fixed
MOMENT_SETTING = "PORTAL_MOMENT"  # ISO date and time the build publishes for
PREVIOUS_OUTPUT_SETTING = "PORTAL_PREVIOUS_OUTPUT"  # the live site, whose pages may be reused
READ_PROCESSES_SETTING = "PORTAL_READ_PROCESSES"  # 2: checks and Markdown on two processes
RENDER_PROCESSES_SETTING = "PORTAL_RENDER_PROCESSES"  # 2: item pages rendered by two processes
SEARCH_MIRROR_SETTING = "PORTAL_SEARCH_MIRROR"  # where the search documents go, if anywhere


def run_cache(lang: str) -> str:
    """The cache folder of one language run, relative to the repository."""
    return f".cache/pelican/{lang}"
