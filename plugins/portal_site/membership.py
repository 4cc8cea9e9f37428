"""Constant-time `in` for the article lists Pelican keeps per tag, category and author.

Pelican's `generate_tags`, `generate_categories` and `generate_authors` make each listing's
`dates` by asking, for every article of the site, whether it is in that listing's list. Each
question scans a list, so the time grows with the square of the site: 3 s of the Vietnamese
run at 10,000 items, though the site writes no author page and writes its category pages
itself. The lists are complete when `article_generator_finalized` is sent; `index_memberships`
then swaps each for an equal list that answers `in` from a set, before Pelican asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn


class MemberList(list):
    """A list that answers `in` from the identities of its members, taken once.

    Pelican's articles define no equality of their own, so identity is what a plain list's
    `in` decides too. A change of members would leave the set stale, so it is refused;
    reordering (`sort`, `reverse`) keeps the members and is allowed.
    """

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__(items)
        self._members = frozenset(map(id, self))

    def __contains__(self, item: object) -> bool:
        return id(item) in self._members

    def __reduce__(self) -> tuple[type[MemberList], tuple[list[Any]]]:
        return type(self), (list(self),)

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError("a listing's articles are fixed once Pelican has grouped them")

    append = extend = insert = remove = pop = clear = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


def index_memberships(generator: Any) -> None:
    """Swap the article list of every tag, category and author for a `MemberList`, in the
    generator and in the template context alike (Pelican's context holds the tags as a list
    of pairs made from the generator's dict)."""
    for tag, articles in generator.tags.items():
        generator.tags[tag] = MemberList(articles)
    generator.categories[:] = [(category, MemberList(articles))
                               for category, articles in generator.categories]
    generator.authors[:] = [(author, MemberList(articles))
                            for author, articles in generator.authors]
    generator.context["tags"] = list(generator.tags.items())
