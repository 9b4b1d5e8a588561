"""The database: one object owning the engine, the session factory and the worker-thread call.

Nothing connects at import time: each process asks for the ``Database`` of its URL once (the
web app at start-up, the action server and the CLI when they first need it) and hands it to
what needs it, so tests can point the same code at SQLite and PostgreSQL side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.config import get_settings

T = TypeVar("T")


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver (``postgresql://``)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _prepare_sqlite(engine: Engine) -> None:
    """WAL and a busy timeout: the web app, action server and Rasa share one SQLite file."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL never corrupts the file; it only skips an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        _prepare_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """One database: its engine (and pool), its sessions, and how async code reaches it.

    Blocking database work runs in a worker thread (``run``) so the event loop never waits on
    a connection; each piece of work is one unit of work (``session``).
    """

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = _create_engine(self.url)
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking ``work`` (which opens its own unit of work) in a worker thread."""
        return await anyio.to_thread.run_sync(partial(work, *args, **kwargs))


@lru_cache(maxsize=8)
def database(url: str) -> Database:
    """The one ``Database`` per URL per process (its pool is shared by everything in it)."""
    return Database(url)


def default_database() -> Database:
    """This process's database (``CANDOR_DATABASE_URL``), for the CLI and the action server,
    which have no app object to hold one; the web app gets it once and hands it around."""
    return database(get_settings().database_url)


def get_engine(url: str) -> Engine:
    """The engine of ``database(url)`` (migrations and test fixtures dispose of it)."""
    return database(url).engine


def session_scope(url: str) -> AbstractContextManager[Session]:
    """A unit of work on ``database(url)``, for scripts and tests that hold only a URL."""
    return database(url).session()
