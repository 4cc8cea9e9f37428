"""Random and malformed front matter and bodies: the checker reports, it never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core.checks.engine import Checker
from plugins.core.schema import schema_for
from tests.helpers import make_repo

KEYS = sorted({field.name for section in ("news", "documents", "questions") for field in
               schema_for(section).fields} | {"lang", "x", ""})
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["2026-11-02", "2026-13-45 25:61", "van-phong",
                                           "doi-ngoai-trong-tinh", "MẬT", "0912345678"]),
)
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=6)
YAMLISH = st.text(alphabet=st.sampled_from(list("abc:-[]{}'\"#&*!|>%@`\n\t ,.ĐđMẬT0123")),
                  max_size=120)
BODY = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


def _front_matter(mapping: dict) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("prop") / "repo")


RELPATH = Path("news/2026/ngau-nhien.vi.md")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meta=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=10), body=BODY)
def test_random_front_matter_never_crashes(repo: Path, meta: dict, body: str) -> None:
    text = f"---\n{_front_matter(meta)}---\n{body}"
    findings = Checker(repo, texts={RELPATH: text}).check_file(RELPATH)
    assert all(f.rule and f.message and f.line >= 0 for f in findings)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=YAMLISH, body=BODY, opening=st.sampled_from(["---\n", "", "--- \n", "\ufeff---\n"]))
def test_malformed_files_never_crash(repo: Path, raw: str, body: str, opening: str) -> None:
    text = f"{opening}{raw}\n---\n{body}"
    findings = Checker(repo, texts={RELPATH: text}).check_file(RELPATH)
    assert all(f.rule and f.message for f in findings)
