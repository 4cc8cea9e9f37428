"""Shared fixtures: the demo portal built once per test worker, into a temporary directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from plugins.core.i18n import set_language
from tests.approval_play import Keyring, Portal, make_keyring, timeless
from tests.helpers import make_repo
from tests.qa_play import postgres_server
from workflow.build import BuildReport, build_site
from workflow.chromium import CHROMIUM, CHROMIUM_ARGS

DEMO_AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _vietnamese_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages are Vietnamese, as an editor sees them, whatever PORTAL_LANG the machine has;
    a test that wants English asks for it."""
    monkeypatch.delenv("PORTAL_LANG", raising=False)
    set_language(None)
    yield
    set_language(None)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The demo content of the repository, built as `make site` builds it, with deadline
    statuses as of a fixed date so no test depends on today's."""
    repo = make_repo(tmp_path_factory.mktemp("demo"), with_demo_content=True)
    return build_site(repo, as_of=DEMO_AS_OF)


@pytest.fixture(scope="session")
def demo_output(demo_build: BuildReport) -> Path:
    return demo_build.output


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright (browsers that download themselves
    cannot work here)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - browser tests only

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs the Debian package chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def keyring(tmp_path_factory: pytest.TempPathFactory) -> Keyring:
    """The demo roster with keys generated here, so approval tests can sign."""
    return make_keyring(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def portal(tmp_path: Path, keyring: Keyring) -> Portal:
    """A bare server with main and the stage branches, and a clone per person on demand."""
    return Portal(tmp_path, keyring)


@pytest.fixture
def served(tmp_path: Path, keyring: Keyring) -> Portal:
    """A portal whose server enforces the rules: `portal server init` installed its hooks."""
    from workflow.cli import main  # noqa: PLC0415 - only approval tests need the command

    portal = Portal(tmp_path, keyring, timeless(keyring.roster))
    assert main(["server", "init", str(portal.server)]) == 0
    hooks = portal.server / "hooks"
    assert (hooks / "pre-receive").exists() and (hooks / "post-receive").exists()
    return portal


STORES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """A throwaway PostgreSQL server on 127.0.0.1 for this test worker (Debian's package)."""
    with postgres_server() as server:
        yield server


@pytest.fixture(params=STORES)
def store_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
              ) -> dict[str, str]:
    """The environment that chooses the store: none for SQLite, a new database otherwise."""
    if request.param == "sqlite":
        monkeypatch.delenv("PORTAL_QA_DATABASE_URL", raising=False)
        return {}
    environment = {"PORTAL_QA_DATABASE_URL": request.getfixturevalue("postgres").new_database(),
                   "PORTAL_QA_SECRET": "k" * 40}  # the key every server of the store shares
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return environment
