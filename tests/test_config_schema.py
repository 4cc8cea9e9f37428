"""The configuration files against their schemas, through the real `portal` command.

A misspelt key must not silently switch a rule off, a missing or wrongly typed value must not
end in a traceback deep in the build, and every message must say where to look: the file, the
line and the key path. The demo configuration must stay valid, and docs/configuration.md must
describe every key the schemas know.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plugins.core.agency import load_agency
from plugins.core.config_schemas import SCHEMAS
from plugins.core.reportsconfig import load_reports
from tests.helpers import ROOT, edit_config, make_repo, run_portal

CONFIG = Path("content/_config")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_demo_configuration_is_valid(repo: Path, capsys) -> None:
    for command in (("check",), ("deadlines",), ("calendar", "check", "2026-09-02")):
        code, output = run_portal(repo, capsys, *command)
        assert code == 0, output


def test_misspelt_key_is_an_error_with_did_you_mean(repo: Path, capsys) -> None:
    line = edit_config(repo, "checks.yaml", "forbidden_terms:", "forbiden_terms:")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/checks.yaml:{line}: forbiden_terms:" in output
    assert "'forbidden_terms'" in output


def test_missing_required_key_names_its_mapping(repo: Path, capsys) -> None:
    edit_config(repo, "agency.yaml", "  email: songv@langson.gov.vn\n", "")
    contact_line = edit_config(repo, "agency.yaml", "contact:", "contact:")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{contact_line}: contact.email:" in output


def test_wrong_type_in_agency_yaml(repo: Path, capsys) -> None:
    line = edit_config(repo, "agency.yaml", "  items_per_page: 10", "  items_per_page: mười")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: site.items_per_page:" in output
    assert "'mười'" in output


def test_unquoted_phone_number_is_not_text(repo: Path, capsys) -> None:
    """YAML reads `1022` as a number: a phone number must be written in quotes."""
    line = edit_config(repo, "agency.yaml", '  hotline: "0205 3896 889"', "  hotline: 1022")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: contact.hotline:" in output


def test_wrong_type_in_checks_yaml(repo: Path, capsys) -> None:
    line = edit_config(repo, "checks.yaml", "url_schemes: [http, https, mailto, tel]",
                "url_schemes: [http, https, 42, tel]")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/checks.yaml:{line}: html.url_schemes[2]:" in output


def test_every_problem_is_listed_with_its_line(repo: Path, capsys) -> None:
    first = edit_config(repo, "checks.yaml", "  restricted: false", "  restricted: no-thanks")
    second = edit_config(repo, "checks.yaml", "    max_kib: 2048", "    max_kib: -1")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/checks.yaml:{first}: tags.restricted:" in output
    assert f"{CONFIG}/checks.yaml:{second}: media.image.max_kib:" in output


def test_section_without_schema_module(repo: Path, capsys) -> None:
    line = edit_config(repo, "agency.yaml", "  pages:\n", "  faq:\n    segment: {vi: faq, en: faq, "
                "zh: faq}\n    title: Câu hỏi\n  pages:\n")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: sections.faq:" in output
    assert "plugins/core/schema/faq.py" in output


def test_segment_missing_a_language(repo: Path, capsys) -> None:
    line = edit_config(repo, "agency.yaml", "segment: {vi: hoi-dap, en: questions, zh: questions}",
                "segment: {vi: hoi-dap, en: questions}")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: sections.questions.segment:" in output
    assert "zh" in output


def test_person_in_an_unknown_unit(repo: Path, capsys) -> None:
    line = edit_config(repo, "agency.yaml",
                       "    unit: lanh-su\n    position: {vi: Trưởng phòng Lãnh",
                       "    unit: lanh-su-cu\n    position: {vi: Trưởng phòng Lãnh")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: people.be-thi-thu.unit:" in output
    assert "'lanh-su-cu'" in output


def test_navigation_to_an_unknown_section(repo: Path, capsys) -> None:
    line = edit_config(repo, "agency.yaml", "  - section: schedules", "  - section: schedule")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:{line}: navigation[7].section:" in output


def test_deadline_rule_without_working_days(repo: Path, capsys) -> None:
    """A rule needs a length (working days) or a date the item names (`due`); the problem is
    reported where its mapping starts: the rule's `- id:` line."""
    edit_config(repo, "deadlines.yaml", "        start: issued\n        working_days: 2\n",
         "        start: issued\n")
    line = edit_config(repo, "deadlines.yaml", "- id: van-ban-co-quan-ban-hanh",
                "- id: van-ban-co-quan-ban-hanh")
    code, output = run_portal(repo, capsys, "deadlines")
    assert code == 1
    assert f"{CONFIG}/deadlines.yaml:{line}: profiles.lang-son.rules[0]:" in output
    assert "working_days, due" in output


def test_year_9999_in_calendar_yaml(repo: Path, capsys) -> None:
    line = edit_config(repo, "calendar.yaml", "date: 2026-08-22", "date: 9999-08-22")
    code, output = run_portal(repo, capsys, "deadlines")
    assert code == 1
    assert f"{CONFIG}/calendar.yaml:{line}: years[2026].working_days[1].date:" in output


@pytest.mark.parametrize("command", [("check",), ("build", "--publish")])
def test_every_configuration_file_is_checked_before_a_commit_or_a_build(
        repo: Path, capsys, command: tuple[str, ...]) -> None:
    line = edit_config(repo, "calendar.yaml", "working_days:", "working_dayz:")
    code, output = run_portal(repo, capsys, *command)
    assert code == 1
    assert f"{CONFIG}/calendar.yaml:{line}:" in output and "'working_days'" in output


def test_unquoted_office_hours(repo: Path, capsys) -> None:
    line = edit_config(repo, "calendar.yaml", 'opens: "07:30"', "opens: 7:30")
    code, output = run_portal(repo, capsys, "deadlines")
    assert code == 1
    assert f"{CONFIG}/calendar.yaml:{line}: office_hours.opens:" in output
    assert "450" in output  # what YAML made of it (7 × 60 + 30)


def test_symlinked_agency_yaml_is_refused(repo: Path, tmp_path: Path, capsys) -> None:
    outside = tmp_path / "outside.yaml"
    (repo / CONFIG / "agency.yaml").rename(outside)
    (repo / CONFIG / "agency.yaml").symlink_to(outside)
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:" in output


def test_symlinked_config_folder_is_refused(repo: Path, tmp_path: Path, capsys) -> None:
    outside = tmp_path / "elsewhere"
    (repo / CONFIG).rename(outside)
    os.symlink(outside, repo / CONFIG, target_is_directory=True)
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/agency.yaml:" in output


def test_docs_describe_every_key() -> None:
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [f"{name}: {path}" for name, schema in SCHEMAS.items()
               for path, _key in schema.key_paths() if f"`{path}`" not in docs]
    assert missing == []


# -- reports.yaml: quotas and royalty grades (issue 13) -------------------------------------

DISTRICT = ROOT / "docs" / "examples" / "district"


@pytest.mark.parametrize("case", [
    ("    minimum: 4", "    minimun: 4", "quotas[6].minimun", "'minimum'"),
    ("  - unit: lanh-su\n", "  - unit: lanh-suu\n", "quotas[4].unit", "'lanh-su'"),
    ("    category: chi-dao-dieu-hanh", "    category: chi-dao", "quotas[6].category",
     "chi-dao-dieu-hanh"),
    ("  - all_units: true", "  - all_units: false", "quotas[6].all_units", "all_units: true"),
    ("    period: month\n    minimum: 4", "    period: week\n    minimum: 4",
     "quotas[6].period", "quarter"),
    ("    minimum: 4", "    minimum: 0", "quotas[6].minimum", "1"),
    ("    B:\n", "    b:\n", "royalties.grades.b", "'b'"),
    ("      author: 250000", "      author: -250000", "royalties.grades.B.author", "-250000"),
    ("  graders: [deputy_chief]", "  graders: [publisher]", "royalties.graders[0]",
     "deputy_chief"),
    ('{vi: "Loại B: tin, bài tốt", en: "Grade B: good item"}',
     '{en: "Grade B: good item", fr: "Note B"}', "royalties.grades.B.title", "vi"),
])
def test_reports_yaml_problems_name_line_and_key(repo: Path, capsys,
                                                 case: tuple[str, str, str, str]) -> None:
    """(text, its replacement, the key path reported at its line, a part of the message)."""
    old, new, key, said = case
    line = edit_config(repo, "reports.yaml", old, new)
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/reports.yaml:{line}: {key}:" in output
    assert said in output


def test_reports_yaml_duplicate_quota(repo: Path, capsys) -> None:
    line = edit_config(repo, "reports.yaml", "  - unit: thanh-tra\n", "  - unit: van-phong\n")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/reports.yaml:{line}: quotas[1]:" in output


def test_district_example_reports(repo: Path, capsys) -> None:
    """The district's quotas name its own units; a grader its chain never lets approve is
    refused there, at its line."""
    for name in ("agency.yaml", "workflow.yaml", "roster.yaml", "reports.yaml"):
        shutil.copy2(DISTRICT / name, repo / CONFIG / name)
    code, output = run_portal(repo, capsys)
    assert code == 0, output
    reports = load_reports(repo / "content")
    assert {quota.unit for quota in reports.quotas} == {
        "trung-tam-van-hoa", "giao-duc", "tai-nguyen-moi-truong", "ubnd-xa-ban-lau"}
    assert reports.royalties is not None and reports.royalties.graders == ("deputy_chief",
                                                                           "chief")
    line = edit_config(repo, "reports.yaml", "  graders: [deputy_chief, chief]",
                       "  graders: [deputy_chief, board_member]")
    code, output = run_portal(repo, capsys)
    assert code == 1
    assert f"{CONFIG}/reports.yaml:{line}: royalties.graders[1]:" in output
    assert "workflow.yaml" in output


def test_reports_yaml_of_the_demo(repo: Path) -> None:
    reports = load_reports(repo / "content")
    monthly = [quota for quota in reports.quotas if quota.unit is not None]
    assert {quota.unit for quota in monthly} == set(load_agency(repo / "content").units)
    assert all(quota.minimum == 3 and quota.period == "month" for quota in monthly)
    [agency_wide] = [quota for quota in reports.quotas if quota.unit is None]
    assert (agency_wide.category, agency_wide.minimum) == ("chi-dao-dieu-hanh", 4)
    assert reports.royalties is not None
    assert reports.royalties.currency == "VND" and reports.royalties.graders == ("deputy_chief",)
    assert reports.royalties.codes == ("A", "B", "C")
