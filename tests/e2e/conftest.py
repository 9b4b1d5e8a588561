"""The running stack (real Rasa, action server, web app) and a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.prestart import taken
from tests.support.stack import Stack, running_stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One stack for the whole session, on a throwaway SQLite database (started in the
    background while the other tests ran, when the run was planned: tests/support/prestart.py)."""
    with taken("stack") as running:
        if running is not None:
            yield running
            return
    workdir = tmp_path_factory.mktemp("stack")
    from tests.support.databases import sqlite_database

    database_url = sqlite_database(str(workdir / "candor.db"))
    with running_stack(database_url, workdir) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module, not per session: Playwright's sync API keeps an event
    loop running in the main thread while it is started, and every later test that runs
    asyncio (pytest-asyncio tests, asyncio.run) would fail with "cannot be called from a
    running event loop"."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
