""""Related items" under each article (Decree 42/2022 asks for links between related content):
the articles of the same language that share the most keywords with it, then those of its
category, nearest in date first.

Candidates are taken from around the article's own place in each keyword's and category's
list by date, not from the newest items: a new article then changes the related lists of the
articles published near it, not of every article with a common keyword, so an incremental
build re-renders a handful of pages (plugins/portal_site/incremental.py keys each page on its
related list).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from plugins.portal_site.addresses import item_url

RELATED_COUNT = 4
NEIGHBOURS = 6  # looked at on each side of the article in each keyword's and category's list


@dataclass(frozen=True)
class Related:
    """What the template shows of a related item; plain data, so a page's key can include it."""

    url: str
    title: str
    date: str


def attach_related(generator: Any) -> None:
    """Give every published article of this run its `related_items`."""
    articles = sorted(generator.articles, key=lambda item: (item.date, item.source_path))
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for article in articles:
        for group in _groups(article):
            groups[group].append(article)
    places = {group: {id(item): place for place, item in enumerate(members)}
              for group, members in groups.items()}
    siteurl = generator.settings.get("SITEURL", "")
    urls = {id(article): f"{siteurl}/{item_url(article)}" for article in articles}
    for article in articles:
        scores: dict[int, tuple[int, float, Any]] = {}
        for group in _groups(article):
            members, here = groups[group], places[group][id(article)]
            weight = 1 if group[0] == "category" else 2
            for other in members[max(0, here - NEIGHBOURS): here + NEIGHBOURS + 1]:
                if other is not article:
                    score = scores.get(id(other), (0,))[0] + weight
                    distance = abs((other.date - article.date).total_seconds())
                    scores[id(other)] = (score, distance, other)
        ranked = sorted(scores.values(),
                        key=lambda entry: (-entry[0], entry[1], entry[2].source_path))
        article.related_items = [
            Related(url=urls[id(item)], title=item.title, date=item.date.isoformat())
            for _score, _distance, item in ranked[:RELATED_COUNT]]


def _groups(article: Any) -> list[tuple[str, str]]:
    return [("category", article.category.slug),
            *(("tag", tag.slug) for tag in getattr(article, "tags", []))]
