"""Shared fixtures: real databases (SQLite and PostgreSQL) and settings pointing at them."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The web app refuses to start on a weak session secret: every app and stack a test starts
# (in this process or as a subprocess) gets a random one.
os.environ.setdefault("CANDOR_SESSION_SECRET", secrets.token_urlsafe(48))

from tests.support.databases import postgres_database, postgres_template, sqlite_database
from tests.support.prestart import POOL, plan


@pytest.fixture(scope="session")
def postgres_migrated() -> Iterator[str]:
    """One migrated PostgreSQL database per session, only ever copied from."""
    with postgres_template() as name:
        yield name


@pytest.fixture
def postgres_url(postgres_migrated: str) -> Iterator[str]:
    """A PostgreSQL database of this test's own: no reps or handoffs from earlier tests."""
    with postgres_database(template=postgres_migrated) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory) -> str:
    """Each store test runs once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return sqlite_database(str(tmp_path_factory.mktemp("db") / "candor.db"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by what it needs (the markers in pyproject.toml), so a run can select or
    leave them out: ``-m "not stack and not browser"``, ``-m postgres``.

    The end-to-end tests run last (in their usual order): the real stacks they need start in
    the background meanwhile (see tests/support/prestart.py). The cluster's module comes last of
    all: its two Rasa servers start last in the background, so they have the longest to load."""

    def order(item: pytest.Item) -> tuple[bool, bool]:
        path = item.nodeid.replace("::", "/")
        return "/e2e/" in path, path.startswith("tests/e2e/test_cluster.py/")

    items[:] = sorted(items, key=order)
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec else {}
        if "stack" in needs:
            item.add_marker(pytest.mark.stack)
        if "browser" in needs:
            item.add_marker(pytest.mark.browser)
        if "postgres_url" in needs or params.get("database_url") == "postgres":
            item.add_marker(pytest.mark.postgres)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the stacks the selected tests need, in the background (not for --collect-only)."""
    if session.config.option.collectonly or not session.items:
        return
    plan(POOL, session.items, session.config._tmp_path_factory)
    POOL.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    POOL.close()  # whatever no fixture took
