"""The records a decision leaves in a commit message, other than an ordinary approval.

An approval merge says who approved (`people.approval_trailers`). Two other decisions travel
the same branches and must be told apart by every rule that reads them:

- A rejection (`portal reject`) is a commit on the topic, made and signed by the reviewer,
  whose tree is the topic's starting point (main when the topic left it): it undoes the whole
  submission. Its trailers say who rejected it, at which stage, and why. Merged into every
  stage the topic had reached, it takes the topic out of them while keeping their history;
  the author's rework then starts from it, so the next approval merges cleanly.
- An urgent publication or takedown (000 Đ19.4) is an approval merge into main that skipped
  the chain; its `Urgent:` trailer carries the reason, and a signed review tag by someone
  else clears it afterwards (`review.py`).

Keys are matched without regard to case; values with their blanks collapsed, as git folds
continuation lines.
"""

from __future__ import annotations

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from workflow.gitcmd import Commit

REJECTED_BY, REASON, URGENT = "Rejected-By", "Reason", "Urgent"
REASON_MAX = 1000


def trailer_values(commit: Commit, key: str) -> list[str]:
    """Every value of `key` in the commit's trailer block, blanks collapsed."""
    return [" ".join(value.split()) for name, value in commit.trailers
            if name.lower() == key.lower()]


def trailer(commit: Commit, key: str) -> str:
    """The first value of `key`, or '' when the commit has none."""
    values = trailer_values(commit, key)
    return values[0] if values else ""


def is_rejection(commit: Commit | None) -> bool:
    """A rejection commit: one parent (the rejected topic) and a `Rejected-By` trailer."""
    return commit is not None and bool(trailer_values(commit, REJECTED_BY))


def is_urgent(merge: Commit) -> bool:
    """A merge that claims the urgent path: the `Urgent` key is present, even with no reason
    (which the people rules then refuse by name)."""
    return any(name.lower() == URGENT.lower() for name, _value in merge.trailers)


def clean_reason(reason: str) -> str:
    """One line of text, as a trailer holds it; refused when empty or too long."""
    text = " ".join(reason.split())
    if not text:
        raise PortalError(_("give the reason with --reason: the author reads it to rework "
                            "the submission"))
    if len(text) > REASON_MAX:
        raise PortalError(_("the reason is longer than {limit} characters").format(
            limit=REASON_MAX))
    return text
