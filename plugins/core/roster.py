"""The approval chain without git: its stages, who may approve into each, and with which key.

The approval workflow (issue 8) runs on git branches: a submission is approved by signed merges
into ordered stage branches, the last being `main`. The questions it asks of every merge do not
need git, so they are answered here, as pure functions of two configuration files:

- `content/_config/workflow.yaml`: the ordered stages, which roles approve into each, how many
  working days each may take, which stage only sensitive items pass; who approves changes to
  the configuration; who may publish or take down urgently.
- `content/_config/roster.yaml`: each person's roles, SSH signing keys with validity dates,
  delegations (the record names both people) and revoked keys. Names, units and e-mails stay
  in agency.yaml, so the roster refers to people by id and is checked against it.

The git side reads both from trusted state (the target branch before a push, never the pushed
commits) and fails closed: a file that does not parse stops everything, an expired or revoked
key maps to nobody, a submission whose categories a board member does not all cover is not
theirs to approve. Refusals carry an English message id, translated when shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.agency import Agency, load_agency
from plugins.core.config_schemas import (
    FINGERPRINT,
    SENSITIVE,
    PublicKey,
    parse_public_key,
    roster_agency_problems,
)
from plugins.core.configfiles import config_lines, load_config
from plugins.core.configschema import Invalid, located_error
from plugins.core.i18n import N_, _

WORKFLOW_FILE = "workflow.yaml"
ROSTER_FILE = "roster.yaml"
SIGNING_NAMESPACE = "git"  # what `git commit -S` signs with gpg.format=ssh
SIGNERS_HEADER = "# Generated from content/_config/roster.yaml: edit the roster, not this file."
REVOKED_HEADER = "# Revoked keys, generated from content/_config/roster.yaml."

NOT_IN_ROSTER = N_("the person is not in the roster")
NO_ROLE = N_("the person holds none of the roles that approve into this stage")
OTHER_UNIT = N_("a unit head approves only the submissions of their own unit")
OUTSIDE_CATEGORIES = N_("a board member approves only submissions whose every category they "
                        "cover")
DELEGATION_NOT_IN_FORCE = N_("the delegation is not in force on that date")


# -- workflow.yaml -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """One stage: approving a submission is merging it into `branch`."""

    branch: str
    title: str | dict[str, str]
    approvers: tuple[str, ...]  # roles, in the order they are tried
    review_days: int | None  # working days the approvers have; None: no limit
    sensitive_only: bool  # only `sensitive: true` items pass this stage
    clause: str | None  # where the stage or its limit comes from


@dataclass(frozen=True)
class Workflow:
    path: Path
    stages: tuple[Stage, ...]
    config_approvers: tuple[str, ...]  # roles that approve changes to content/_config/
    urgent: tuple[str, ...]  # roles that may publish or take down urgently (000 Đ19.4)
    urgent_reviewers: tuple[str, ...] = ()  # roles that review an urgent decision afterwards
    urgent_review_days: int = 2  # working days they have

    def stages_for(self, sensitive: bool) -> list[Stage]:
        """The stages a submission passes, in order: a stage for sensitive items only is
        skipped by the others, so their chain is shorter but still ends at `main`."""
        return [stage for stage in self.stages if sensitive or not stage.sensitive_only]


def _stage(data: dict[str, Any]) -> Stage:
    return Stage(branch=data["branch"], title=data["title"], approvers=tuple(data["approvers"]),
                 review_days=data.get("review_days"),
                 sensitive_only=data.get("only_if") == SENSITIVE, clause=data.get("clause"))


def _workflow(path: Path, data: dict[str, Any]) -> Workflow:
    return Workflow(path=path, stages=tuple(_stage(stage) for stage in data["stages"]),
                    config_approvers=tuple(data["config_approvers"]),
                    urgent=tuple(data["urgent"]),
                    urgent_reviewers=tuple(data["urgent_review"]["approvers"]),
                    urgent_review_days=data["urgent_review"]["review_days"])


def load_workflow(content_dir: Path) -> Workflow:
    """The stages of `content/_config/workflow.yaml`, checked against its schema."""
    return load_config(content_dir, WORKFLOW_FILE, _workflow)


# -- roster.yaml ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    key: PublicKey
    valid_from: dt.date
    valid_until: dt.date  # the last day it is valid

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class Person:
    id: str
    email: str | None  # from agency.yaml: the principal of the person's keys
    unit: str | None  # from agency.yaml: the unit a unit_head approves for
    roles: frozenset[str]
    categories: frozenset[str]  # what a board_member covers
    keys: tuple[SigningKey, ...]


@dataclass(frozen=True)
class Delegation:
    """`giver` lets `holder` act in `role` from `valid_from` to `valid_until`, both included
    (003 Đ12.2: the deputy acts for the chief when absent or delegated)."""

    giver: str
    holder: str
    role: str
    valid_from: dt.date
    valid_until: dt.date
    reason: str

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class Eligibility:
    """Whether `person` may act, in which `role`, and for whom (`acting_for`, through a
    delegation); when not, `reason` is the message id of the refusal."""

    person: str
    role: str | None = None
    acting_for: str | None = None
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.reason is None

    def message(self) -> str:
        """The refusal in the reader's language ('' when allowed)."""
        return _(self.reason) if self.reason else ""


@dataclass(frozen=True)
class _Scope:
    """What a scoped role is judged against: the author's unit and the items' categories."""

    author_unit: str
    categories: frozenset[str]


class Roster:
    """Who holds which role, which keys, which delegations; read-only."""

    def __init__(self, path: Path, people: dict[str, Person],
                 delegations: tuple[Delegation, ...], revoked: frozenset[str],
                 revoked_lines: frozenset[str]) -> None:
        self.path = path
        self.people = people
        self.delegations = delegations
        self.revoked_fingerprints = revoked
        self._revoked_lines = revoked_lines  # the revoked keys the roster can write out
        self._owners = {signing.key.fingerprint: (person.id, signing)
                        for person in people.values() for signing in person.keys}

    def eligible(self, person_id: str, stage: Stage, *, author_unit: str,
                 categories: set[str], on: dt.date) -> Eligibility:
        """May `person_id` approve a submission into `stage` on the date `on`?

        By their own role first, then through a delegation in force that day; a unit head
        only for their own unit, a board member only when they cover every category of the
        submission (a delegate inherits the giver's unit and categories). Refused otherwise,
        with the reason of the first way they could have acted (own roles before
        delegations), or NO_ROLE when there was none."""
        return self._judge(person_id, stage.approvers,
                           _Scope(author_unit, frozenset(categories)), on)

    def may_act(self, person_id: str, roles: Sequence[str], *, on: dt.date) -> Eligibility:
        """May `person_id` act in one of `roles` on `on` with no submission to limit it
        (workflow.yaml's `config_approvers`, `urgent`)? Unit heads and board members never
        can: their roles are limited to a unit or to categories."""
        return self._judge(person_id, roles, None, on)

    def _judge(self, person_id: str, roles: Sequence[str], scope: _Scope | None,
               on: dt.date) -> Eligibility:
        if person_id not in self.people:
            return Eligibility(person_id, reason=NOT_IN_ROSTER)
        refusals: list[str] = []
        for role, holder, delegation in self._candidates(person_id, roles):
            reason = _refusal(role, holder, delegation, scope, on)
            if reason is None:
                return Eligibility(person_id, role=role,
                                   acting_for=holder.id if delegation else None)
            refusals.append(reason)
        return Eligibility(person_id, reason=refusals[0] if refusals else NO_ROLE)

    def _candidates(self, person_id: str, roles: Sequence[str]
                    ) -> Iterator[tuple[str, Person, Delegation | None]]:
        """(role, whose scope applies, delegation) for every way the person could act."""
        person = self.people[person_id]
        for role in roles:
            if role in person.roles:
                yield role, person, None
        for delegation in self.delegations:
            if delegation.holder == person_id and delegation.role in roles:
                yield delegation.role, self.people[delegation.giver], delegation

    def person_for_email(self, email: str) -> str | None:
        """The person whose agency.yaml e-mail is `email` (case does not matter), if any."""
        wanted = email.strip().lower()
        return next((person.id for person in self.people.values()
                     if (person.email or "").lower() == wanted), None)

    def person_for_key(self, public_key_or_fingerprint: str, on: dt.date) -> str | None:
        """The person whose key signed on `on`, given the key line or its `SHA256:`
        fingerprint (git's `%GK`). Fails closed: a revoked key, a key outside its validity
        dates, an unknown key or text that is no key maps to nobody."""
        fingerprint = _fingerprint_of(public_key_or_fingerprint.strip())
        if fingerprint is None or fingerprint in self.revoked_fingerprints:
            return None
        owner = self._owners.get(fingerprint)
        if owner is None or not owner[1].valid_on(on):
            return None
        return owner[0]

    def allowed_signers(self) -> str:
        """The text of git's `gpg.ssh.allowedSignersFile`: one line per key that is not
        revoked, principal = its owner's e-mail (agency.yaml), limited to the `git`
        namespace and to the key's validity dates.

        Dates are `YYYYMMDD`, read by ssh-keygen as midnight at the start of the day, so
        `valid-before` is the day after `valid_until`; verification runs with TZ=UTC.
        Principals are patterns OpenSSH cannot escape; the roster refuses e-mails with
        pattern characters (`*?!,`), so each principal names one address only."""
        lines = [SIGNERS_HEADER]
        for person in sorted(self.people.values(), key=lambda person: person.id):
            lines += [_signer_line(person.email, signing) for signing in person.keys
                      if person.email and signing.key.fingerprint not in self.revoked_fingerprints]
        return "\n".join(lines) + "\n"

    def revoked_keys_text(self) -> str:
        """The text of git's `gpg.ssh.revocationFile`: the revoked keys as public key lines
        (those given by fingerprint are written when the roster holds the key). Git fails
        closed when this file is missing, so it is written even when empty."""
        return "\n".join([REVOKED_HEADER, *sorted(self._revoked_lines)]) + "\n"


def _refusal(role: str, holder: Person, delegation: Delegation | None, scope: _Scope | None,
             on: dt.date) -> str | None:
    """Why acting in `role` with `holder`'s scope is refused on `on`; None when it is not."""
    if delegation is not None and not delegation.in_force(on):
        return DELEGATION_NOT_IN_FORCE
    if role == "unit_head" and (scope is None or holder.unit != scope.author_unit):
        return OTHER_UNIT
    if role == "board_member" and (scope is None or not scope.categories
                                   or not scope.categories <= holder.categories):
        return OUTSIDE_CATEGORIES
    return None


def _fingerprint_of(text: str) -> str | None:
    if FINGERPRINT.fullmatch(text):
        return text
    try:
        return parse_public_key(text).fingerprint
    except Invalid:
        return None


def _signer_line(email: str, signing: SigningKey) -> str:
    after = signing.valid_from.strftime("%Y%m%d")
    before = (signing.valid_until + dt.timedelta(days=1)).strftime("%Y%m%d")
    return (f'{email} namespaces="{SIGNING_NAMESPACE}",valid-after="{after}",'
            f'valid-before="{before}" {signing.key.line}')


@dataclass(frozen=True, eq=False)
class _RosterFile:
    """roster.yaml as its schema passed it; checked against agency.yaml on every load."""

    path: Path
    data: dict[str, Any]


def _person(person_id: str, data: dict[str, Any], record: dict[str, Any]) -> Person:
    return Person(id=person_id, email=record.get("email"), unit=record.get("unit"),
                  roles=frozenset(data["roles"]), categories=frozenset(data.get("categories", [])),
                  keys=tuple(SigningKey(entry["key"], entry["valid_from"], entry["valid_until"])
                             for entry in data["keys"]))


def _delegation(data: dict[str, Any]) -> Delegation:
    return Delegation(giver=data["from"], holder=data["to"], role=data["role"],
                      valid_from=data["valid_from"], valid_until=data["valid_until"],
                      reason=data["reason"])


def _roster(checked: _RosterFile, agency: Agency) -> Roster:
    people = {person_id: _person(person_id, data, agency.people[person_id])
              for person_id, data in checked.data["people"].items()}
    entries = checked.data["revoked_keys"]
    revoked = frozenset(entry.fingerprint if isinstance(entry, PublicKey) else entry
                        for entry in entries)
    lines = {entry.line for entry in entries if isinstance(entry, PublicKey)}
    lines |= {signing.key.line for person in people.values() for signing in person.keys
              if signing.key.fingerprint in revoked}
    return Roster(checked.path, people,
                  tuple(_delegation(entry) for entry in checked.data["delegations"]),
                  revoked, frozenset(lines))


def load_roster(content_dir: Path) -> Roster:
    """The roster of `content/_config/roster.yaml`, checked against its schema and against
    agency.yaml (people, units, categories, e-mails); PortalError at the file's line."""
    agency = load_agency(content_dir)
    checked = load_config(content_dir, ROSTER_FILE, _RosterFile)
    problems = roster_agency_problems(checked.data, agency.data)
    if problems:
        raise located_error(config_lines(content_dir, ROSTER_FILE, checked.path),
                            checked.path, problems)
    return _roster(checked, agency)
