"""The schema of `content/_config/reports.yaml`: publication quotas and royalty grades (issue 13).

Kept apart from config_schemas.py because only the reports and the grading of approvals read it:
- quotas: how many items a unit, or the agency as a whole, publishes at least per month,
  quarter or year, of one category or of all (004 Đ11.2: three news items a month for the
  listed providing units; 003 Đ7.5, Đ14.5: the monthly number of direction and administration
  items; 000 Đ14.3: report the units that provide nothing);
- royalties: the grades the deputy chief of the editorial board gives an article at approval
  (003 Đ12.2), and what each grade pays its author, approvers and uploader (003 Đ4.6, Đ14.7).

Units and categories are ids of agency.yaml and graders are roles that workflow.yaml lets
approve; those files change without this one, so `reports_config_problems` checks them each
time the three are loaded together (plugins/core/reportsconfig.py), like the roster's people.
"""

from __future__ import annotations

from typing import Any

from plugins.core.configschema import (
    ID,
    Bool,
    Choice,
    Context,
    FileSchema,
    Ids,
    Int,
    LangText,
    ListOf,
    Map,
    Optional,
    Required,
    Text,
)
from plugins.core.i18n import N_, _
from plugins.core.roles import APPROVER_ROLES
from plugins.core.suggest import nearest
from plugins.core.yamlsafe import KeyPath

PERIODS = ("month", "quarter", "year")
DEFAULT_GRADERS = ["deputy_chief"]  # 003 Đ12.2: the deputy chief grades articles for royalties
MAX_AMOUNT = 1_000_000_000  # whole currency units per item and person

GRADE_CODE = Text(r"[A-Z][A-Z0-9]{0,3}", N_("a grade code of one to four capital letters or "
                                           "digits, starting with a letter, such as A or B2"),
                  max_length=4)
AMOUNT = Int(0, MAX_AMOUNT)

QUOTA = Map(
    Optional("unit", ID),
    Optional("all_units", Bool()),
    Required("period", Choice(PERIODS)),
    Required("minimum", Int(1, 100_000)),
    Optional("category", ID),
    Required("clause", Text()),
    exactly_one_of=("unit", "all_units"),
)
GRADE = Map(
    Required("title", LangText()),
    Required("author", AMOUNT),
    Required("approver", AMOUNT),
    Required("uploader", AMOUNT),
)
ROYALTIES = Map(
    Optional("currency", Text(r"[A-Z]{3}", N_("a currency code such as VND")), default="VND"),
    Optional("graders", ListOf(Choice(APPROVER_ROLES), unique=True), default=DEFAULT_GRADERS),
    Required("grades", Ids(GRADE, key=GRADE_CODE, name="grade", nonempty=True)),
)


def _all_units_is_true(data: dict[str, Any], ctx: Context) -> None:
    """`all_units: false` would count nobody: a quota names one unit, or all of them."""
    for index, quota in enumerate(data["quotas"]):
        if quota.get("all_units") is False:
            ctx.error(("quotas", index, "all_units"), _(
                "write 'all_units: true' for the agency as a whole, or name one unit with "
                "'unit:'"))


def _quotas_once(data: dict[str, Any], ctx: Context) -> None:
    """Two quotas on the same count would make the report say two things of one number."""
    seen: set[tuple[Any, ...]] = set()
    for index, quota in enumerate(data["quotas"]):
        counted = (quota.get("unit"), quota["period"], quota.get("category"))
        if counted in seen:
            ctx.error(("quotas", index), _("another quota counts the same unit, period and "
                                           "category: keep one of them"))
        seen.add(counted)


def _someone_grades(data: dict[str, Any], ctx: Context) -> None:
    royalties = data.get("royalties")
    if royalties is not None and not royalties["graders"]:
        ctx.error(("royalties", "graders"), _("list at least one role: nobody could grade "
                                              "otherwise"))


REPORTS = FileSchema(
    Map(
        Optional("quotas", ListOf(QUOTA, max_length=1000), default=[]),
        Optional("royalties", ROYALTIES),
    ),
    cross_checks=(_all_units_is_true, _quotas_once, _someone_grades),
)


def reports_config_problems(reports: dict[str, Any], agency: dict[str, Any],
                            approving_roles: set[str]) -> list[tuple[KeyPath, str]]:
    """What reports.yaml says of agency.yaml and workflow.yaml that is not so, as (key path in
    reports.yaml, message): a quota's unit or category that agency.yaml lacks, a grade title in
    a language the site does not have (or without its source language), a grader role that
    approves no stage of workflow.yaml (`approving_roles`), so never grades."""
    problems: list[tuple[KeyPath, str]] = []
    for index, quota in enumerate(reports["quotas"]):
        for key, known, kind in (("unit", agency["units"], "units"),
                                 ("category", agency["categories"], "categories")):
            if key in quota and quota[key] not in known:
                problems.append((("quotas", index, key), _unknown(quota[key], known, kind)))
    royalties = reports.get("royalties")
    if royalties is None:
        return problems
    languages = list(agency["languages"])
    for code, grade in royalties["grades"].items():
        problems += _title_problems(("royalties", "grades", code, "title"), grade["title"],
                                    languages)
    for index, role in enumerate(royalties["graders"]):
        if role not in approving_roles:
            problems.append((("royalties", "graders", index), _(
                "no stage of workflow.yaml has '{role}' among its approvers, so it never "
                "grades: add it to a stage or remove it here").format(role=role)))
    return problems


def _unknown(value: str, known: dict[str, Any], kind: str) -> str:
    close = nearest(value, known)
    if close:
        return _("'{value}' is not an id under '{kind}' in agency.yaml; did you mean "
                 "'{suggestion}'?").format(value=value, kind=kind, suggestion=close)
    return _("'{value}' is not an id under '{kind}' in agency.yaml; the ids are: {known}. "
             "Add it there first, or correct it here").format(
                 value=value, kind=kind, known=", ".join(known))


def _title_problems(at: KeyPath, title: str | dict[str, str],
                    languages: list[str]) -> list[tuple[KeyPath, str]]:
    if isinstance(title, str):
        return []
    problems: list[tuple[KeyPath, str]] = [
        ((*at, code), _("'{code}' is not a language of the site; the languages are: {codes}")
         .format(code=code, codes=", ".join(languages)))
        for code in title if code not in languages]
    if languages[0] not in title:
        problems.append((at, _("the languages {codes} are missing").format(codes=languages[0])))
    return problems
