"""Shared fixtures: the demo portal built once per test worker, into a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_repo
from workflow.build import BuildReport, build_site


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The demo content of the repository, built as `make site` builds it."""
    repo = make_repo(tmp_path_factory.mktemp("demo"), with_demo_content=True)
    return build_site(repo)


@pytest.fixture(scope="session")
def demo_output(demo_build: BuildReport) -> Path:
    return demo_build.output
