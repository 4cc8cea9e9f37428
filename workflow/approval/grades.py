"""Royalty grades given at approval: the `Grade:` trailer (003 Đ4.6, Đ12.2, Đ14.7; issue 13).

The deputy chief of the editorial board grades each article for royalties (003 Đ12.2) and the
Information Centre pays its author, approvers and uploader by the grade (003 Đ14.7). The grade
is recorded where the approval is, as one more trailer on the signed approval merge (`portal
approve --grade B` writes `Grade: B`), so the royalty ledger reads who graded what from the same
signed record as who approved it, and no separate file can drift from the approvals.

One rule, said here once for both sides: `portal approve --grade` refuses before anything is
signed, and the server (pre-receive hook, `portal verify`, rule `grade` of people.py) refuses a
merge whose grade the trusted configuration of that merge (main before the push) does not allow:
the code is one of reports.yaml's `royalties.grades`; the role the approver approves in (their
eligibility's role, a delegated one included) is one of `royalties.graders`; the submission holds
at least one item (a change of configuration or media only earns no royalty); one grade at most.
reports.yaml is read only when a merge carries a grade: approvals without one are judged exactly
as before, even where reports.yaml is missing or broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plugins.core.errors import PortalError
from plugins.core.i18n import _
from plugins.core.reportsconfig import Royalties, load_reports
from workflow.approval.decisions import trailer_values
from workflow.gitcmd import Commit

GRADE = "Grade"


@dataclass(frozen=True)
class Grading:
    """What a configuration says of grades: its royalties, or why reports.yaml cannot be read
    (then every grade is refused; nothing else depends on it)."""

    royalties: Royalties | None
    problem: str | None = None


def grading_of(content_dir: Path) -> Grading:
    """The grading of the configuration in `content_dir` (a trusted one, on the server)."""
    try:
        return Grading(load_reports(content_dir).royalties)
    except PortalError as error:
        return Grading(None, str(error))


def _royalties(grading: Grading) -> Royalties | str:
    """The royalties, or why no grade can be recorded at all."""
    if grading.problem is not None:
        return _("no grade can be recorded while content/_config/reports.yaml cannot be read: "
                 "{problem}").format(problem=grading.problem)
    if grading.royalties is None:
        return _("content/_config/reports.yaml sets no royalties, so nothing is graded")
    return grading.royalties


def grade_refusal(code: str, *, role: str | None, has_items: bool,
                  grading: Grading) -> str | None:
    """Why an approval in `role` may not record the grade `code`, in the reader's language;
    None when it may."""
    royalties = _royalties(grading)
    if isinstance(royalties, str):
        return royalties
    if royalties.grade(code) is None:
        return _("'{code}' is not a grade of reports.yaml; the grades are: {codes}").format(
            code=code, codes=", ".join(royalties.codes))
    if role is None:
        return _("the approver may not approve this submission here, so may not grade it")
    if role not in royalties.graders:
        return _("an approval in the role '{role}' records no grade; grades are given in the "
                 "roles: {graders} (reports.yaml, royalties.graders)").format(
                     role=role, graders=", ".join(royalties.graders))
    if not has_items:
        return _("the submission holds no item, only configuration or media: it is not graded")
    return None


def grade_problems(merge: Commit, *, role: str | None, has_items: bool,
                   grading: Grading) -> list[str]:
    """What is wrong with the `Grade` trailers of an approval merge; [] when it has none or
    its one grade is allowed."""
    codes = trailer_values(merge, GRADE)
    if not codes:
        return []
    if len(codes) > 1:
        return [_("it records {count} grades ({codes}); an approval records one").format(
            count=len(codes), codes=", ".join(codes))]
    refusal = grade_refusal(codes[0], role=role, has_items=has_items, grading=grading)
    return [refusal] if refusal else []
