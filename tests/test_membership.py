"""The article lists of tags, categories and authors answer `in` as a plain list does.

Pelican asks, for every article of the site, whether it is in each listing's list
(plugins/portal_site/membership.py swaps those lists for ones that answer from a set)."""

from __future__ import annotations

import copy
import pickle

import pytest

from plugins.portal_site.membership import MemberList


class Item:
    """An article as Pelican makes it: no equality of its own, so identity decides `in`."""


def test_in_answers_as_a_plain_list_does_in_the_same_order() -> None:
    items = [Item() for _ in range(5)]
    listed = MemberList(items[1:4])
    assert [item in listed for item in items] == [item in items[1:4] for item in items]
    assert list(listed) == items[1:4] and listed == items[1:4]


def test_reordering_is_allowed_and_a_change_of_members_refused() -> None:
    items = [Item() for _ in range(3)]
    listed = MemberList(items)
    listed.reverse()
    listed.sort(key=items.index)
    assert list(listed) == items
    for change in (lambda: listed.append(Item()), lambda: listed.extend([Item()]),
                   lambda: listed.insert(0, Item()), lambda: listed.remove(items[0]),
                   listed.pop, listed.clear, lambda: listed.__setitem__(0, Item()),
                   lambda: listed.__delitem__(0)):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(TypeError):
        listed += [Item()]
    assert list(listed) == items


def test_a_copy_or_a_pickle_keeps_the_members_and_their_lookup() -> None:
    listed = MemberList([Item(), Item()])
    for other in (copy.copy(listed), copy.deepcopy(listed), pickle.loads(pickle.dumps(listed))):
        assert isinstance(other, MemberList) and len(other) == 2
        assert all(item in other for item in other)
