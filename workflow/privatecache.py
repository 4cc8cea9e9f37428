"""The build's own folder, `.cache/`: nothing in it but what a build wrote.

Builds keep there what they know between runs: pickles (parsed front matter, page records,
check findings), Pelican's content cache, compiled templates, the search documents. Builds
write only regular files and folders into it, but git can carry anything a commit holds
(`git add -f` overrides `.gitignore`), and anyone with the checkout can plant a link or a
pipe. A link would have a build read or write elsewhere, Pelican load a pickle from outside
the repository, or Pagefind index an outside file; a pipe would make a reader wait for ever.
So before a build reads any of it (but its lock, which `workflow/locking.py` takes first and
checks itself), every link and special file found there is removed: the folder is a cache,
and a missing entry only costs the work of making it again.

A regular file committed there is read like one the build wrote: a pickle is code. Such a
commit changes neither an item nor a media file, so the approval chain holds it to a
configuration approver (`config-change`, docs/workflow.md), as it holds `pelicanconf.py`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def remove_strays(cache: Path, *, pruned_elsewhere: str) -> None:
    """Remove every link, special file and file with another name elsewhere (a hard link,
    which a cache written in place would write through) under `cache`, but in its folder
    `pruned_elsewhere`: the search mirror, thousands of files that the build checks document
    by document (plugins/core/searchpages.py: `prepare_mirror`, `prune_shard`)."""
    for folder, folders, files in os.walk(cache):
        if Path(folder) == cache and pruned_elsewhere in folders:
            folders.remove(pruned_elsewhere)
        for name in [*folders, *files]:
            path = os.path.join(folder, name)
            try:
                status = os.lstat(path)
                if not (stat.S_ISDIR(status.st_mode) or (stat.S_ISREG(status.st_mode)
                        and status.st_nlink == 1)):
                    os.unlink(path)
            except FileNotFoundError:
                continue
