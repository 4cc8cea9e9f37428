"""The settings `portal build` hands each language run, named in one place that loads no Pelican.

The build decides them before any run starts (and, when nothing changed, starts none), so it
must not pay for importing Pelican and the plugins just to spell their names; the plugins read
them from the run's settings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

AS_OF_SETTING = "PORTAL_AS_OF"  # the date deadlines are computed for, when fixed
# How the site is made (workflow/buildkey.making_key): the libraries' versions, the code, the
# settings files, the agency's configuration; part of every page's key
MAKING_SETTING = "PORTAL_MAKING"
MOMENT_SETTING = "PORTAL_MOMENT"  # ISO date and time the build publishes for
PREVIOUS_OUTPUT_SETTING = "PORTAL_PREVIOUS_OUTPUT"  # the live site, whose pages may be reused
READ_PROCESSES_SETTING = "PORTAL_READ_PROCESSES"  # 2: checks and Markdown on two processes
RENDER_PROCESSES_SETTING = "PORTAL_RENDER_PROCESSES"  # 2: item pages rendered by two processes
SEARCH_MIRROR_SETTING = "PORTAL_SEARCH_MIRROR"  # where the search documents go, if anywhere
# The build's own content index, which has scanned the folder and read every file's front
# matter before the runs fork: each run takes it instead of making its own
BUILD_INDEX_SETTING = "PORTAL_BUILD_INDEX"
# A gate (core/workers.Gate) opened once the tree the run writes into holds no file of the
# retired site (workflow/standby.py, emptied while the runs read): the run's writer waits at it
# before writing anything, and writes nothing if the tree could not be emptied
OUTPUT_READY_SETTING = "PORTAL_OUTPUT_READY"


# In a run's cache folder: the keyed pages (item and listing pages) of the tree its build
# retired (the next build's standby, workflow/standby.py) whose inputs that build found
# unchanged, name: (key, inode, size, time); the next build leaves them where they are when
# their key is again the same
STANDBY_PAGES_FILE = "standby-pages.pickle"


def run_cache(lang: str) -> str:
    """The cache folder of one language run, relative to the repository: Pelican's content
    cache (a plain pickle; `.cache/pelican/` held it gzipped, and Pelican warns about a cache
    it cannot read), and the run's own."""
    return f".cache/runs/{lang}"


class RunSettings(Mapping[str, Any]):
    """The settings of the language run in this process, by reference.

    Pelican keeps the run's settings in the category, tags and author of every item it reads,
    and its content cache pickles them with the item. Pickled whole, the cache kept a copy of
    the settings, and of all they hold, for every build and every fork that had read an item
    still cached, and never dropped one: it grew at every build. Pickled as this reference,
    an item read back, from the cache or from a fork, takes the running build's settings,
    which are also the ones it should use. One language run at a time per process.
    """

    current: ClassVar[dict[str, Any]] = {}

    @classmethod
    def install(cls, settings: dict[str, Any]) -> None:
        cls.current = settings

    def __getitem__(self, key: str) -> Any:
        return RunSettings.current[key]

    def __iter__(self) -> Iterator[str]:
        return iter(RunSettings.current)

    def __len__(self) -> int:
        return len(RunSettings.current)

    def __reduce__(self) -> tuple[type[RunSettings], tuple[()]]:
        return RunSettings, ()


RUN_SETTINGS = RunSettings()
