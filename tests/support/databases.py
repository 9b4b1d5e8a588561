"""Real throwaway databases: a SQLite file, or a fresh PostgreSQL database per test.

Each PostgreSQL test gets its own database, copied from one migrated template made once per
session (``CREATE DATABASE ... TEMPLATE``: a file copy, far faster than migrating each time), so
no test sees the reps, conversations or handoffs another test left behind."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db import get_engine, normalise_url
from bot.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "CANDOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def _admin():
    return create_engine(normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")


def _url_of(name: str) -> str:
    url = make_url(normalise_url(POSTGRES_URL)).set(database=name)
    return url.render_as_string(hide_password=False)


def _drop(admin, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def postgres_template() -> Iterator[str]:
    """A migrated database to copy from (no connection may stay open on it); dropped after."""
    admin = _admin()
    name = f"candor_template_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = _url_of(name)
    try:
        upgrade(url)
        get_engine(url).dispose()
        yield name
    finally:
        get_engine(url).dispose()
        _drop(admin, name)
        admin.dispose()


@contextmanager
def postgres_database(template: str | None = None) -> Iterator[str]:
    """CREATE a uniquely named database next to the `test` one (a copy of ``template`` when
    given, else migrated from scratch), yield its URL, DROP it after."""
    admin = _admin()
    name = f"candor_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    url = _url_of(name)
    try:
        if not template:
            upgrade(url)
        yield url
    finally:
        get_engine(url).dispose()
        _drop(admin, name)
        admin.dispose()


def sqlite_database(path: str) -> str:
    url = f"sqlite:///{path}"
    upgrade(url)
    return url
