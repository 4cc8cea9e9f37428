"""Each item's address, computed once per run.

Pelican computes an item's `url` at every access: its URL format filled from a copy of the
metadata, with the file's path made relative to the content folder on the way (about 20 µs).
The related items, the listings' page keys and the open data each ask it of every item, so a
run of ten thousand items spent a third of a second computing addresses it already had.

Ask only once the run's items are settled (`article_generator_finalized` and after): an
address does not change from then on. The memory is emptied when a run starts, since one
worker process makes several languages' runs in turn.
"""

from __future__ import annotations

from typing import Any

# id of an item: the item, held so that the id stays its own, and its address
_KNOWN: dict[int, tuple[Any, str]] = {}


def item_url(item: Any) -> str:
    """`item.url`, computed the first time it is asked for in this run."""
    known = _KNOWN.get(id(item))
    if known is None or known[0] is not item:
        known = _KNOWN[id(item)] = (item, item.url)
    return known[1]


def forget_addresses(_pelican: Any) -> None:
    """A new run: its items, settings and addresses are its own."""
    _KNOWN.clear()
