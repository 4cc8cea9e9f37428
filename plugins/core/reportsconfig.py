"""`content/_config/reports.yaml` read into the quotas and royalty grades of issue 13.

The monthly, quarterly and yearly reports count published items against the quotas; `portal
approve --grade` and the server's judgement of a `Grade:` trailer ask the royalties which
grades exist and which roles give them. The file passes its schema (plugins/core/
reports_schema.py) through the same safe loading as every configuration file, then is checked
against agency.yaml and workflow.yaml on every load, since they change without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.agency import load_agency
from plugins.core.configfiles import config_lines, load_config
from plugins.core.configschema import located_error
from plugins.core.reports_schema import reports_config_problems
from plugins.core.roster import load_workflow

REPORTS_FILE = "reports.yaml"


@dataclass(frozen=True)
class Quota:
    """At least `minimum` items per `period` (month, quarter, year) from `unit`, or from every
    unit together when `unit` is None (`all_units: true`), of `category` or of any."""

    unit: str | None
    period: str
    minimum: int
    category: str | None
    clause: str


@dataclass(frozen=True)
class Grade:
    """A royalty grade and what it pays, in whole units of the currency, to the item's author,
    to each person who approved it, and to the person who uploaded it (003 Đ14.7)."""

    code: str
    title: str | dict[str, str]
    author: int
    approver: int
    uploader: int


@dataclass(frozen=True)
class Royalties:
    currency: str
    graders: tuple[str, ...]  # roles whose approval may record a grade
    grades: tuple[Grade, ...]  # in the file's order

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(grade.code for grade in self.grades)

    def grade(self, code: str) -> Grade | None:
        return next((grade for grade in self.grades if grade.code == code), None)


@dataclass(frozen=True)
class ReportsConfig:
    path: Path
    quotas: tuple[Quota, ...]
    royalties: Royalties | None  # None: the agency grades nothing through the portal


@dataclass(frozen=True, eq=False)
class _ReportsFile:
    """reports.yaml as its schema passed it; checked against the other files on every load."""

    path: Path
    data: dict[str, Any]


def _quota(data: dict[str, Any]) -> Quota:
    return Quota(unit=data.get("unit"), period=data["period"], minimum=data["minimum"],
                 category=data.get("category"), clause=data["clause"])


def _royalties(data: dict[str, Any] | None) -> Royalties | None:
    if data is None:
        return None
    return Royalties(currency=data["currency"], graders=tuple(data["graders"]),
                     grades=tuple(Grade(code=code, **grade)
                                  for code, grade in data["grades"].items()))


def load_reports(content_dir: Path) -> ReportsConfig:
    """The quotas and royalties of `content/_config/reports.yaml`, checked against its schema,
    agency.yaml (units, categories, languages) and workflow.yaml (graders that approve
    somewhere); PortalError at the file's line and key path."""
    agency, workflow = load_agency(content_dir), load_workflow(content_dir)
    checked = load_config(content_dir, REPORTS_FILE, _ReportsFile)
    approving = {role for stage in workflow.stages for role in stage.approvers}
    problems = reports_config_problems(checked.data, agency.data, approving)
    if problems:
        raise located_error(config_lines(content_dir, REPORTS_FILE, checked.path),
                            checked.path, problems)
    return ReportsConfig(path=checked.path,
                         quotas=tuple(_quota(quota) for quota in checked.data["quotas"]),
                         royalties=_royalties(checked.data.get("royalties")))
